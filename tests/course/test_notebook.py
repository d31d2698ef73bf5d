"""The notebooks' set-up cell: Chinese plots and a Chinese explanation of an unanswered exercise."""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell

from course.notebook import name_error_message, setup


@pytest.fixture
def shell():
    shell = InteractiveShell.instance()
    yield shell
    shell.set_custom_exc((), None)


def test_an_undefined_answer_is_explained_in_chinese_in_the_kernel(shell, capsys):
    setup()
    result = shell.run_cell("checks_q1 = q1")
    shown = capsys.readouterr().out
    assert isinstance(result.error_in_exec, NameError)
    assert "变量 q1 还没有定义" in shown
    assert "Custom TB Handler failed" not in shown and "Simple custom" not in shown
    # the handler stays registered for the next cell
    shell.run_cell("print(q2)")
    assert "变量 q2 还没有定义" in capsys.readouterr().out


def test_the_message_names_the_variable():
    assert name_error_message(NameError("name 'rfm_state' is not defined")).startswith(
        "变量 rfm_state 还没有定义")
    # a message the notebook's hook already explained is kept (the grading engine shows
    # it as the hook made it; it once became "变量 ? 还没有定义")
    explained = NameError(name_error_message(NameError("name 'q1' is not defined", name="q1")),
                          name="q1")
    assert name_error_message(explained).startswith("变量 q1 还没有定义")
    assert name_error_message("已经是中文的说明") == "已经是中文的说明"
