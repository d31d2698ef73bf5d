"""The beginner's errors explained in Chinese (course/errors.py), as the walkthrough met them."""

from __future__ import annotations

import pandas as pd
import pytest

from course.errors import explain, explained


def _raise(code: str, namespace: dict) -> BaseException:
    try:
        exec(compile(code, "<cell>", "exec"), namespace)  # noqa: S102 - fixed test snippets
    except BaseException as exc:  # noqa: BLE001
        return exc
    raise AssertionError(f"{code} did not fail")


@pytest.fixture
def namespace():
    return {"pd": pd, "orders": pd.DataFrame({"paid_at": pd.to_datetime(["2025-06-05 19:00"]),
                                              "status": ["TRADE_FINISHED"]})}


@pytest.mark.parametrize("code, words", [
    ("orders[paid_at]", ['orders["paid_at"]', "列名要加引号"]),
    ("q3 + 1", ["变量 q3 还没有定义"]),
    ("x = ___", ["留给你填写的空白"]),
    ("orders.___()", ["一个方法名"]),
    ('orders["paid_at"] >= "6 月 5 日 19:59"', ["2025-06-05 19:59"]),
    ('int("三")', ["不是数字"]),
    ('orders["paid_amt"]', ["找不到「paid_amt」", "表.columns"]),
    ("q = [1，2]", ["中文标点「，」"]),
    ('q = orders[orders["status"] ___ "x"]', ["还有 ___ 没有填"]),
])
def test_a_beginner_s_error_gets_one_chinese_sentence(namespace, code, words):
    error = _raise(code, namespace)
    note = explain(error, namespace)
    assert note and all(w in note for w in words), note


def test_other_errors_are_left_alone_and_the_original_message_is_kept(namespace):
    assert explain(ZeroDivisionError("division by zero")) is None
    assert explain(TypeError("unsupported operand")) is None
    error = explained(_raise('int("三")', namespace))
    assert isinstance(error, ValueError) and "原始信息：invalid literal for int()" in str(error)
    same = ZeroDivisionError("x")
    assert explained(same) is same


def test_the_notebook_hook_shows_the_explanation(namespace):
    """The hook IPython calls (setup() registers it) shows the explained error."""
    from course.notebook import EXPLAINED, _explain_hook

    shown = []

    class Shell:
        user_ns = namespace

        def showtraceback(self, exc_tuple, tb_offset=None):
            shown.append(exc_tuple)

    error = _raise("orders[paid_at]", namespace)
    assert isinstance(error, EXPLAINED)
    _explain_hook(Shell(), type(error), error, None)
    assert 'orders["paid_at"]' in str(shown[0][1])
    other = ZeroDivisionError("x")
    _explain_hook(Shell(), ZeroDivisionError, other, None)
    assert shown[1][1] is other


def test_a_syntax_error_in_a_real_shell_is_explained_too():
    """IPython shows a SyntaxError outside the exception hook: setup() wraps that too
    (in a subprocess: the shell is a process-wide singleton)."""
    import subprocess
    import sys

    script = ("from IPython.testing.globalipapp import start_ipython\nip = start_ipython()\n"
              "ip.run_cell('from course.notebook import setup\\nsetup(\"ch07\")')\n"
              "ip.run_cell('q = [1，2]')\nip.run_cell('q = 1 ___ 2')\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    text = done.stdout + done.stderr
    assert "中文标点「，」" in text and "还有 ___ 没有填" in text, text[-2000:]
