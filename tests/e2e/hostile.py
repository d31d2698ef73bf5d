"""A corpus of broken and hostile chapter-7 submissions, one defect each, with what must happen.

Each case turns the released notebook into a submission (a notebook dict or raw
bytes) and states the autograded total it must earn and, when it cannot run
normally, a word that must appear in its Chinese reason. Chapter 7 is worth 24
autograded points; the sample class's known-wrong answers earn 0, and a cheat
must earn what its honest answers would have earned without it.

``MARKERS`` are strings a case prints only if an attack succeeded; no graded
notebook may contain one.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass

CHAPTER = "ch07"
FULL = 26.0
#: The first answer (q1, which sessions to spot-check) is tested for 2 points.
FIRST_ANSWER = "answer_spot_check"
FIRST_POINTS = 2.0
LAST_ANSWER = "answer_lower_is_better"
#: Printed by an attack that got somewhere; never allowed in a graded notebook.
MARKERS = ("攻击成功-内存已打开", "攻击成功-已附加进程", "攻击成功-已发出信号")
#: The grader's environment holds this during the corpus run; no notebook may print it.
TEACHER_SECRET = "kefu-teacher-token-6d1f0c"


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
    out[grade_id] = code + "\n" + answers.get(grade_id, "")
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


def _blank(full, wrong):
    return {}


def _duplicate_test(nb):
    test = _tests(nb)[0]
    nb["cells"].insert(nb["cells"].index(test) + 1, copy.deepcopy(test))


def _duplicate_answer(nb):
    answer = _cells(nb, grade_id=FIRST_ANSWER)[0]
    twin = copy.deepcopy(answer)
    twin["id"] = "twin-answer"
    nb["cells"].insert(nb["cells"].index(answer) + 1, twin)


def _delete_answer(nb):
    nb["cells"].remove(_cells(nb, grade_id=FIRST_ANSWER)[0])


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


_NO_CHECKS = ("for _n in dir(_c):\n"
              "    if _n.startswith('expect') or _n in ('_fail', 'call_safely'):\n")

#: Attacks that in a shared process would forge a blank or wrong notebook into full marks.
FORGERIES = {
    "ast_transformer": (
        "IPython AST 变换器清空之后的单元格",
        "import ast\nclass _Empty(ast.NodeTransformer):\n    def visit_Module(self, node):\n"
        "        node.body = []\n        return node\n"
        "get_ipython().ast_transformers.append(_Empty())"),
    "input_transformer": (
        "输入变换器把之后的单元格换成 pass",
        "get_ipython().input_transformers_cleanup.append(lambda lines: ['pass\\n'])"),
    "post_run_cell": (
        "post_run_cell 回调清除报错",
        "def _forget(result):\n    result.error_in_exec = None\n    result.error_before_exec = None\n"
        "get_ipython().events.register('post_run_cell', _forget)"),
    "patched_json": (
        "改写 json 解码，把收到的单元格换成 pass",
        "import json\n_real = json.loads\n"
        "def _loads(s, *a, **k):\n    m = _real(s, *a, **k)\n"
        "    if isinstance(m, dict) and 'source' in m:\n        m['source'] = 'pass'\n"
        "    return m\njson.loads = _loads\njson.decoder.JSONDecoder.decode = "
        "lambda self, s, *a: {'op': 'cell', 'source': 'pass', 'nonce': ''}"),
    "patched_socket": (
        "改写 socket.recv 篡改评分消息",
        "import socket\n_real_recv = socket.socket.recv\n"
        "def _recv(self, n, *a):\n    data = _real_recv(self, n, *a)\n"
        "    return data.replace(b'checks.', b'pass  #')\n"
        "socket.socket.recv = _recv"),
    "audit_hook": (
        "审计钩子在测试前把 checks 换成假的",
        "import sys, types\n"
        "_fake = types.SimpleNamespace(**{n: (lambda *a, **k: None) for n in ["
        "'expect_choice', 'expect_choices', 'expect_number', 'expect_close', "
        "'expect_equal_text', 'expect_equal_set', 'expect_series', 'expect_series_close', "
        "'expect_function', 'expect_own_code', 'expect_keys']}, "
        "call_safely=lambda n, f, *a, **k: f(*a, **k))\n"
        "def _hook(event, args):\n    if event == 'exec':\n"
        "        get_ipython().user_ns['checks'] = _fake\nsys.addaudithook(_hook)"),
    "swapped_code": (
        "原地替换检查函数的 __code__",
        "import course.checks as _c\n" + _NO_CHECKS +
        "        _f = getattr(_c, _n)\n        if hasattr(_f, '__code__'):\n"
        "            _f.__code__ = (lambda *a, **k: None).__code__"),
    "background_thread": (
        "后台线程在测试时反复改写 checks",
        "import threading, time, course.checks as _c\n"
        "def _again():\n    while True:\n        for _n in dir(_c):\n"
        "            if _n.startswith('expect') or _n in ('_fail', 'call_safely'):\n"
        "                setattr(_c, _n, lambda *a, **k: None)\n        time.sleep(0.001)\n"
        "threading.Thread(target=_again, daemon=True).start()"),
    "patched_checks": (
        "改写 course.checks 的检查函数",
        "import course.checks as _c\n" + _NO_CHECKS +
        "        setattr(_c, _n, lambda *a, **k: None)"),
    "rebound_checks": (
        "把 checks 换成假对象",
        "import types\nchecks = types.SimpleNamespace(**{_n: (lambda *a, **k: None) "
        "for _n in ['expect_choice', 'expect_choices', 'expect_number', 'expect_close', "
        "'expect_equal_text', 'expect_equal_set', 'expect_series', 'expect_series_close', "
        "'expect_function', 'expect_own_code', 'expect_keys', 'call_safely']})"),
    "patched_builtins": (
        "改写 isinstance / AssertionError",
        "import builtins\nbuiltins.isinstance = lambda *a: True\n"
        "builtins.AssertionError = type('Never', (Exception,), {})"),
    "patched_shell": (
        "改写 IPython 的 run_cell 和报错显示",
        "_ip = get_ipython()\n_real = _ip.run_cell\n"
        "_ip.run_cell = lambda src, *a, **k: _real('pass', *a, **k)\n"
        "type(_ip)._showtraceback = lambda *a, **k: None"),
    "poisoned_data": (
        "清空 course.data 的内存缓存，让重新计算的期望值变成 0",
        "from course import data as _d\nfor _t in _d.TABLES:\n"
        "    _p = _d.data_dir() / f'{_t}.csv'\n"
        "    _frame = _d._cached(_t, str(_p), _p.stat().st_mtime_ns)\n"
        "    _frame.drop(_frame.index, inplace=True)\n"
        "import pandas as _pd\nq3 = _pd.Series(dtype='float64')\nq8 = _pd.Series(dtype='float64')"),
}

ALWAYS_EQUAL = ("class _Yes(str):\n    def __eq__(self, other):\n        return True\n"
                "    __hash__ = str.__hash__\n")
#: A float that asks the caller's frames for the expected value whenever it is read.
SNEAKY_FLOAT = (
    "import sys\nclass _Sneaky(float):\n"
    "    def _peek(self):\n        f = sys._getframe(1)\n        while f is not None:\n"
    "            for k, v in list(f.f_locals.items()):\n"
    "                if k in ('expected', '_want') and isinstance(v, (int, float)):\n"
    "                    return float(v)\n            f = f.f_back\n        return 0.0\n"
    "    def __float__(self):\n        return self._peek()\n"
    "    def __eq__(self, other):\n        return True\n    __hash__ = float.__hash__\n"
    "    def __sub__(self, other):\n        return 0.0\n"
    "q4 = _Sneaky(0)")
#: A function that reads the expected label from the test's own loop variable.
FRAME_PEEK = ("import sys\nf = sys._getframe(1)\nwhile f is not None:\n"
              "    if '_label' in f.f_locals:\n        return f.f_locals['_label']\n"
              "    f = f.f_back\nreturn '合格'")

#: Attacks that would copy hidden-test code into the student's own outputs (feedback).
LEAKS = {
    "reads_history": ("在最后一题打印 In / Out / _ih 历史", LAST_ANSWER,
                      "print(In)\nprint(Out)\nprint(_ih)\nprint(globals().keys())"),
    "pre_run_spy": ("pre_run_cell 回调打印之后每个单元格的代码", FIRST_ANSWER,
                    "get_ipython().events.register('pre_run_cell', "
                    "lambda info: print(info.raw_cell))"),
    "compile_spy": ("审计钩子打印每次 compile 的源码", FIRST_ANSWER,
                    "import sys\nsys.addaudithook(lambda e, a: print(a[0]) "
                    "if e == 'compile' and a and isinstance(a[0], (str, bytes)) else None)"),
    "environ_dump": ("打印评分进程的环境变量（教师的密钥）", FIRST_ANSWER,
                     "import os\nprint(dict(os.environ))\nfor _p in os.listdir('/proc'):\n"
                     "    try:\n        print(open(f'/proc/{_p}/environ', 'rb').read())\n"
                     "    except Exception:\n        pass"),
}

#: Every process outside the student's own sandbox (the zygote, the tester, the grader): in
#: /proc's view, a process of the sandbox is nested as deep as the student's own (NSpid).
OTHERS = ("import os\n"
          "def _depth(p):\n"
          "    with open(f'/proc/{p}/status') as f:\n"
          "        return len(f.read().split('NSpid:')[1].splitlines()[0].split())\n"
          "_mine = _depth('self')\n"
          "def _who(p):\n    try:\n        with open(f'/proc/{p}/status') as f:\n"
          "            lines = [x for x in f if x.startswith(('Name:', 'Uid:', 'NSpid:'))]\n"
          "        return p + ' ' + ' '.join(x.strip() for x in lines)\n"
          "    except OSError:\n        return p\n"
          "def _others():\n    for _p in os.listdir('/proc'):\n        try:\n"
          "            if _p.isdigit() and _depth(_p) < _mine:\n                yield _p\n"
          "        except (OSError, IndexError):\n            pass\n")
#: Attacks on the processes around the student's own (marker printed only on success).
ESCAPES = {
    "writes_zygote_memory": (
        "打开其他进程的 /proc/<pid>/mem 准备改写",
        OTHERS + "for _p in _others():\n    try:\n"
        "        open(f'/proc/{_p}/mem', 'r+b').close()\n"
        f"        print('{MARKERS[0]}', _who(_p))\n    except Exception:\n        pass"),
    "ptraces_zygote": (
        "用 ptrace 附加到其他进程",
        OTHERS + "import ctypes\n_libc = ctypes.CDLL(None, use_errno=True)\n"
        "for _p in _others():\n    if _libc.ptrace(16, int(_p), 0, 0) == 0:\n"
        f"        print('{MARKERS[1]}', _who(_p))"),
    "signals_by_pidfd": (
        "通过 /proc/<pid> 的 pidfd 给评分进程发信号",
        OTHERS + "import signal\nfor _p in _others():\n    try:\n"
        "        _fd = os.open(f'/proc/{_p}', os.O_RDONLY)\n"
        "        signal.pidfd_send_signal(_fd, signal.SIGCONT)\n"
        f"        print('{MARKERS[2]}', _who(_p))\n    except Exception:\n        pass"),
}


def _cases(fill) -> list[Case]:
    def cheat(code, total=0.0, base=_wrong, where=FIRST_ANSWER, reason=""):
        return _with(fill, lambda f, w: _prepend(base(f, w), where, code)), total, reason

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
        ("deleted_answer", "删掉了第一题的答题单元格（其余全对）",
         _with(fill, _full, _delete_answer), FULL - FIRST_POINTS, ""),
        ("deleted_tests", "删掉了三个测试单元格（全对）", _with(fill, _full, _delete_tests),
         FULL, ""),
        ("blanked_tests", "把测试改成 pass（全错）", _with(fill, _wrong, _blank_tests), 0.0, ""),
        ("more_points", "把分值改成 100（全对）", _with(fill, _full, _more_points), FULL, ""),
        ("renamed_grade_id", "改了测试的 grade_id（全对）", _with(fill, _full, _rename_test),
         FULL, ""),
        ("huge_output", "打印几十兆文字（全对）",
         *cheat("print('刷屏' * 20_000_000)", FULL, _full)),
        ("display_flood", "显示 12 MB 的 HTML（全对）", *cheat(
            "from IPython.display import HTML, display\nfor _ in range(3):\n"
            "    display(HTML('<p>' + 'x' * 4_000_000 + '</p>'))", FULL, _full)),
        ("infinite_loop", "第一题死循环（其余全对）",
         *cheat("while True:\n    pass", FULL - FIRST_POINTS, _full)),
        ("sleep_forever", "第一题永远等待（其余全对）",
         *cheat("import time\ntime.sleep(10**6)", FULL - FIRST_POINTS, _full)),
        ("timer_blocked", "屏蔽超时信号后死循环", *cheat(
            "import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nwhile True:\n    pass",
            0.0, _full, reason="秒")),
        ("memory_hog", "第一题不停申请内存（其余全对）", *cheat(
            "_blocks = []\nwhile True:\n    _blocks.append(bytearray(64 * 2**20))",
            FULL - FIRST_POINTS, _full)),
        ("fork_memory", "三个子进程合计占用超过上限的内存", *cheat(
            # The parent waits until every child holds its memory, then stays: only the
            # grader's memory watch ends this cell, however busy the machine is.
            "import os, time\n_r, _w = os.pipe()\nfor _ in range(3):\n    if os.fork() == 0:\n"
            "        _b = bytearray(500 * 2**20)\n        for _i in range(0, len(_b), 4096):\n"
            "            _b[_i] = 1\n        os.write(_w, b'x')\n        time.sleep(600)\n"
            "        os._exit(0)\n_got = b''\nwhile len(_got) < 3:\n"
            "    _got += os.read(_r, 3)\ntime.sleep(600)",
            0.0, _full, reason="内存")),
        ("scratch_flood", "往临时文件夹写 600 MB（其余全对）", *cheat(
            "with open('/tmp/flood.bin', 'wb') as _f:\n    for _ in range(600):\n"
            "        _f.write(b'x' * 2**20)", FULL - FIRST_POINTS, _full)),
        ("process_storm", "第一题开几百个进程（其余全对）", *cheat(
            "import subprocess\n_kids = [subprocess.Popen(['sleep', '600']) for _ in range(300)]",
            FULL - FIRST_POINTS, _full)),
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
        ("always_equal", "用 __eq__ 永远为 True 的对象作答（全错）", _with(fill, lambda f, w: {
            **w, "answer_reply_rate": ALWAYS_EQUAL + "q2 = _Yes('Z')",
            "answer_lower_is_better": ALWAYS_EQUAL + "q10 = {_Yes(练习10.letter_of('询单转化率')), "
                                                 "_Yes(练习10.letter_of('回复率'))}"}), 0.0, ""),
        ("sneaky_float", "用会偷看期望值的 float 子类作答（其余全错）",
         _with(fill, lambda f, w: {**w, "answer_silent_orders": SNEAKY_FLOAT}), 0.0, ""),
        ("frame_peek", "函数从调用者的栈帧里读出测试的期望值（其余全错）",
         _with(fill, lambda f, w: {**w, "answer_conversion_band": FRAME_PEEK}), 0.0, ""),
        ("unsupported_type", "答案是一个冒充 str 的自定义对象（其余全错）",
         _with(fill, lambda f, w: {**w, "answer_reply_rate":
                                   "class str:\n    pass\nq2 = str()"}), 0.0, ""),
        ("huge_answer", "答案是两百万行的 Series（其余全错）",
         _with(fill, lambda f, w: {**w, "answer_unanswered_sessions":
                                   "import pandas as _pd\nq3 = _pd.Series(range(2 * 10**6))"}),
         0.0, ""),
        ("reads_answer_key", "读取 source/ 里的标准答案（全错）", *cheat(
            "import glob\nprint(glob.glob('/work/**/source/ch07/*.ipynb', recursive=True))\n"
            "print(open('../../../../source/ch07/ch07.ipynb').read())")),
    ]
    for name, (what, code) in FORGERIES.items():
        cases.append((name, what + "（其余空白）", *cheat(code, 0.0, _blank)))
        cases.append((name + "_on_wrong", what + "（其余答错）", *cheat(code, 0.0, _wrong)))
    for name, (what, where, code) in LEAKS.items():
        cases.append((name, what + "（全对）", *cheat(code, FULL, _full, where)))
    for name, (what, code) in ESCAPES.items():
        cases.append((name, what + "（全对）", *cheat(code, FULL, _full)))
    made = [Case(name, what, build, total, reason) for name, what, build, total, reason in cases]
    made.append(Case("wrong_file_name", "文件名被改成「ch07 (1).ipynb」（全对）",
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
