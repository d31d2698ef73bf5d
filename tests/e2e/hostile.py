"""A corpus of broken and hostile chapter-1 submissions, one defect each, with what must happen.

Each case turns the released notebook into a submission (a notebook dict or raw
bytes) and states the autograded total it must earn and, when it cannot run
normally, a word that must appear in its Chinese reason. Chapter 1 is worth 21
autograded points; known-wrong answers earn 0.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass

CHAPTER = "ch01"
FULL = 21.0

#: Test cell → its points, in notebook order (see source/ch01/ch01.ipynb).
FIRST_ANSWER = "answer_june_core"  # its test is worth 3 points
LAST_ANSWER = "answer_typing_verdict"  # its test is worth 3 points


@dataclass(frozen=True)
class Case:
    name: str
    what: str
    build: Callable[[dict, dict, dict], dict | bytes]
    total: float
    reason: str = ""
    #: The file name the submission is saved under (students rename files).
    filename: str = f"{CHAPTER}.ipynb"


def _cells(nb: dict, **meta) -> list[dict]:
    return [c for c in nb["cells"]
            if all(c["metadata"].get("nbgrader", {}).get(k) == v for k, v in meta.items())]


def _tests(nb: dict) -> list[dict]:
    return [c for c in _cells(nb, grade=True, solution=False) if c["cell_type"] == "code"]


def _prepend(answers: dict, grade_id: str, code: str) -> dict:
    out = dict(answers)
    out[grade_id] = code + "\n" + answers[grade_id]
    return out


def _with(fill, answers, edit=None):
    def build(release, full, wrong):
        nb = fill(release, answers(full, wrong))
        if edit:
            edit(nb)
        return nb
    return build


def _full(full, wrong):
    return full


def _wrong(full, wrong):
    return wrong


def _duplicate_test(nb):
    test = _tests(nb)[0]
    nb["cells"].insert(nb["cells"].index(test) + 1, copy.deepcopy(test))


def _duplicate_answer(nb):
    answer = _cells(nb, grade_id=FIRST_ANSWER)[0]
    twin = copy.deepcopy(answer)
    twin["id"] = "twin-answer"
    nb["cells"].insert(nb["cells"].index(answer) + 1, twin)


def _delete_tests(nb):
    for test in _tests(nb)[:3]:
        nb["cells"].remove(test)


def _blank_tests(nb):
    for test in _tests(nb):
        test["source"] = "pass"


def _more_points(nb):
    for test in _tests(nb):
        test["metadata"]["nbgrader"]["points"] = 100


def _rename_test(nb):
    _tests(nb)[0]["metadata"]["nbgrader"]["grade_id"] = "my_own_test"


def _drop_metadata(nb):
    for cell in nb["cells"]:
        cell["metadata"].pop("nbgrader", None)


def _cases(fill) -> list[Case]:
    def cheat(code, total=0.0, base=_wrong, where=FIRST_ANSWER, reason=""):
        return _with(fill, lambda f, w: _prepend(base(f, w), where, code)), total, reason

    always_equal = ("class _Yes(str):\n    def __eq__(self, other):\n        return True\n"
                    "    __hash__ = str.__hash__\n")
    cases = [
        ("invalid_json", "不是 JSON 的文件", lambda r, f, w: b'{"cells": [', 0.0, "损坏"),
        ("empty_file", "0 字节的文件", lambda r, f, w: b"", 0.0, "空"),
        ("not_a_notebook", "JSON 但不是笔记本", lambda r, f, w: b'{"hello": 1}', 0.0, "笔记本"),
        ("no_metadata", "删掉了全部 nbgrader 元数据（全对）", _with(fill, _full, _drop_metadata),
         FULL, ""),
        ("duplicated_test", "复制了一个测试单元格（全对）", _with(fill, _full, _duplicate_test),
         FULL, ""),
        ("duplicated_answer", "复制了一个答题单元格（全对）", _with(fill, _full, _duplicate_answer),
         FULL, ""),
        ("deleted_tests", "删掉了三个测试单元格（全对）", _with(fill, _full, _delete_tests),
         FULL, ""),
        ("blanked_tests", "把测试改成 pass（全错）", _with(fill, _wrong, _blank_tests), 0.0, ""),
        ("more_points", "把分值改成 100（全对）", _with(fill, _full, _more_points), FULL, ""),
        ("renamed_grade_id", "改了测试的 grade_id（全对）", _with(fill, _full, _rename_test),
         FULL, ""),
        ("huge_output", "打印几十兆文字（全对）",
         *cheat("print('刷屏' * 20_000_000)", FULL, _full)),
        ("infinite_loop", "第一题死循环（其余全对）",
         *cheat("while True:\n    pass", FULL - 3, _full)),
        ("sleep_forever", "第一题永远等待（其余全对）",
         *cheat("import time\ntime.sleep(10**6)", FULL - 3, _full)),
        ("timer_blocked", "屏蔽超时信号后死循环", *cheat(
            "import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nwhile True:\n    pass",
            0.0, _full, reason="秒")),
        ("memory_hog", "第一题不停申请内存（其余全对）", *cheat(
            "_blocks = []\nwhile True:\n    _blocks.append(bytearray(64 * 2**20))", FULL - 3,
            _full)),
        ("process_storm", "第一题开几百个进程（其余全对）", *cheat(
            "import subprocess\n_kids = [subprocess.Popen(['sleep', '600']) for _ in range(300)]",
            FULL - 3, _full)),
        ("os_exit", "第一题调用 os._exit", *cheat("import os\nos._exit(0)", 0.0, _full,
                                                  reason="退出")),
        ("segfault", "第一题让进程段错误", *cheat("import ctypes\nctypes.string_at(0)", 0.0,
                                                   _full, reason="退出")),
        ("kill_everything", "向能找到的每个进程发 SIGKILL", *cheat(
            "import os, signal\nfor _pid in range(2, 70000):\n"
            "    if _pid != os.getpid():\n        try:\n"
            "            os.kill(_pid, signal.SIGKILL)\n        except Exception:\n"
            "            pass\nos.kill(os.getpid(), signal.SIGKILL)", 0.0, _full,
            reason="退出")),
        ("patched_checks", "改写 course.checks 的检查函数（全错）", *cheat(
            "import course.checks as _c\nfor _n in dir(_c):\n"
            "    if _n.startswith('expect') or _n == '_fail':\n"
            "        setattr(_c, _n, lambda *a, **k: None)")),
        ("rebound_checks", "把 checks 换成假对象（全错）", *cheat(
            "import types\nchecks = types.SimpleNamespace(**{_n: (lambda *a, **k: None) "
            "for _n in ['expect_choice', 'expect_choices', 'expect_number', 'expect_close', "
            "'expect_equal_text', 'expect_equal_set', 'expect_series', 'expect_series_close', "
            "'expect_function', 'expect_own_code', 'expect_keys', 'call_safely']})")),
        ("patched_builtins", "改写 isinstance / AssertionError（全错）", *cheat(
            "import builtins\nbuiltins.isinstance = lambda *a: True\n"
            "builtins.AssertionError = type('Never', (Exception,), {})")),
        ("patched_shell", "改写 IPython 的 run_cell 和报错显示（全错）", *cheat(
            "_ip = get_ipython()\n_real = _ip.run_cell\n"
            "_ip.run_cell = lambda src, *a, **k: _real('pass', *a, **k)\n"
            "type(_ip)._showtraceback = lambda *a, **k: None")),
        ("always_equal", "用 __eq__ 永远为 True 的对象作答（全错）", _with(fill, lambda f, w: {
            **w, "answer_case_step": always_equal + "q7 = _Yes('Z')",
            "answer_standards": always_equal + "q8 = {_Yes('A'), _Yes('C')}"}), 0.0, ""),
        ("reads_answer_key", "读取 source/ 里的标准答案（全错）", *cheat(
            "import glob\nprint(glob.glob('/work/**/source/ch01/*.ipynb', recursive=True))\n"
            "print(open('../../../../source/ch01/ch01.ipynb').read())")),
    ]
    made = [Case(name, what, build, total, reason) for name, what, build, total, reason in cases]
    made.append(Case("wrong_file_name", "文件名被改成「ch01 (1).ipynb」（全对）",
                     _with(fill, _full), 0.0, "没有找到", filename=f"{CHAPTER} (1).ipynb"))
    return made


def build_all(release: dict, full: dict, wrong: dict, fill) -> dict[str, tuple[Case, bytes]]:
    """Case name → (case, the submission's bytes)."""
    out = {}
    for case in _cases(fill):
        made = case.build(release, full, wrong)
        if isinstance(made, dict):
            made = json.dumps(made, ensure_ascii=False).encode("utf-8")
        out[case.name] = (case, made)
    return out
