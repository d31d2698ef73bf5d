"""The grading engine's sandbox: what student code can and cannot do, limits, clean state.

These drive a :class:`~autograder.engine.worker.Worker` directly with tiny
notebooks (lists of code cells), so they are quick.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
import time
import uuid
from pathlib import Path

import pytest

from autograder.engine.limits import SandboxLimits as Limits
from autograder.engine.worker import Worker, sandbox_kind

ROOT = Path(__file__).resolve().parents[3]

KIND = sandbox_kind()
needs_fork = pytest.mark.skipif(KIND == "none", reason="评分引擎需要 Linux")
needs_bwrap = pytest.mark.skipif(KIND != "bwrap", reason="需要 bubblewrap（apt install bubblewrap）")
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="独立 uid 只在以 root 运行时使用")
pytestmark = needs_fork


@pytest.fixture(scope="module")
def worker():
    w = Worker(7)
    w.start()
    yield w
    w.stop()


def run(worker, *sources, limits=None, **flags):
    return worker.run([{"source": s, **flags} for s in sources], limits or Limits())


def text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o["output_type"] == "stream")


def error(cell) -> str | None:
    for output in cell.outputs:
        if output["output_type"] == "error":
            return output["ename"]
    return None


# ---------------------------------------------------------------- kernel-like outputs
def test_outputs_have_the_shape_a_jupyter_kernel_gives(worker):
    result = run(worker, "print('你好')\n6 * 7", "import sys\nprint('注意', file=sys.stderr)",
                 "1 / 0", "from IPython.display import display\ndisplay({'a': 1})", "x = 1")
    first, second, third, fourth, fifth = result.cells
    assert first.outputs[0] == {"output_type": "stream", "name": "stdout", "text": "你好\n"}
    assert first.outputs[1]["output_type"] == "execute_result"
    assert first.outputs[1]["data"]["text/plain"] == "42"
    assert first.execution_count == 1 and fifth.execution_count == 5
    assert second.outputs == [{"output_type": "stream", "name": "stderr", "text": "注意\n"}]
    assert error(third) == "ZeroDivisionError" and not third.ok
    assert fourth.outputs[0]["output_type"] == "display_data"
    assert fifth.outputs == [] and fifth.ok
    assert result.problem == ""


def test_state_carries_from_cell_to_cell_but_not_between_notebooks(worker):
    first = run(worker, "secret = 41", "secret += 1\nprint(secret)",
                "import course.checks\ncourse.checks.LEFT_BEHIND = True\n"
                "open('note.txt', 'w').write('x')")
    assert text(first.cells[1]) == "42\n"
    second = run(worker, "print('secret' in dir())",
                 "import course.checks, os\nprint(hasattr(course.checks, 'LEFT_BEHIND'), "
                 "os.path.exists('note.txt'))")
    assert text(second.cells[0]) == "False\n"
    assert text(second.cells[1]) == "False False\n"


def test_matplotlib_figures_show_as_png_like_the_inline_backend(worker):
    result = run(worker, "import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.title('中文')")
    kinds = [list(o.get("data", {})) for o in result.cells[0].outputs]
    assert any("image/png" in k for k in kinds)


def test_after_the_course_setup_figures_are_text_not_pictures_while_grading(worker):
    """A chapter's setup cell makes figures cheap while graded: no layout, no PNG."""
    from course.plotting import FIGURE_PLACEHOLDER

    result = run(worker, "from course.notebook import setup\nsetup()",
                 "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.set_title('中文')\n"
                 "plt.show()",
                 "from course import charts, aftersales\ncharts.pareto(aftersales.reason_pareto())")
    for cell in result.cells[1:]:
        assert cell.ok
        data = [o.get("data", {}) for o in cell.outputs]
        assert data and all(list(d) == ["text/plain"] for d in data)
        assert FIGURE_PLACEHOLDER in data[0]["text/plain"]


def test_huge_output_is_cut_and_the_notebook_goes_on(worker):
    result = run(worker, "print('啊' * 5_000_000)", "print('后面')")
    assert len(text(result.cells[0])) < 300_000
    assert "截断" in text(result.cells[0])
    assert text(result.cells[1]) == "后面\n"


# ---------------------------------------------------------------- limits
def test_a_cell_past_its_time_limit_fails_and_later_cells_still_run(worker):
    result = run(worker, "while True:\n    pass", "print('继续')",
                 limits=Limits(cell_seconds=1, grace_seconds=30))
    assert error(result.cells[0]) == "CellTimeoutError"
    assert text(result.cells[1]) == "继续\n"


def test_a_cell_that_blocks_the_timer_is_killed_by_the_grader(worker):
    result = run(worker, "import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
                 "while True:\n    pass", "print('不会运行')",
                 limits=Limits(cell_seconds=1, grace_seconds=1))
    assert result.timed_out and "秒" in result.problem
    assert result.cells == [None, None]
    assert text(run(worker, "print('还能用')").cells[0]) == "还能用\n"


def test_memory_is_bounded(worker):
    result = run(worker, "blocks = []\nwhile True:\n    blocks.append(bytearray(50 * 2**20))",
                 "print(len('ok'))", limits=Limits(memory_bytes=512 * 2**20))
    assert error(result.cells[0]) == "MemoryError"
    assert text(result.cells[1]) == "2\n"


@pytest.mark.parametrize("crash", ["import os\nos._exit(0)",
                                   "import ctypes\nctypes.string_at(0)",
                                   "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"])
def test_a_crash_ends_the_notebook_with_a_reason_and_the_worker_lives_on(worker, crash):
    result = run(worker, "print(1)", crash, "print(2)")
    assert text(result.cells[0]) == "1\n"
    assert result.cells[1:] == [None, None]
    assert "退出" in result.problem
    assert text(run(worker, "print('还能用')").cells[0]) == "还能用\n"


def test_processes_left_running_are_killed_when_the_notebook_ends(worker):
    marker = uuid.uuid4().hex
    run(worker, "import subprocess\n"
        f"subprocess.Popen(['sh', '-c', 'sleep 300 # {marker}'], start_new_session=True)")
    time.sleep(0.5)
    alive = [p for p in os.listdir("/proc") if p.isdigit() and _cmdline(p).find(marker) >= 0]
    assert alive == []


def _cmdline(pid: str) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().decode("utf-8", "replace")
    except OSError:
        return ""


def test_process_storms_hit_the_process_limit(worker):
    if worker.uid is None:
        pytest.skip("进程数上限需要独立 uid（以 root 运行，且 Python 安装对其他用户可读）")
    result = run(worker, "import subprocess\nkids = [subprocess.Popen(['sleep', '300']) "
                 "for _ in range(500)]", "print('后面')", limits=Limits(processes=32))
    assert error(result.cells[0]) in {"BlockingIOError", "OSError", "PermissionError"}
    assert text(result.cells[1]) == "后面\n"


@needs_root
def test_student_code_runs_as_an_unprivileged_user_of_its_own(worker):
    if worker.uid is None:
        pytest.skip("Python 安装对其他用户不可读，无法切换到独立 uid")
    seen: list[int] = []

    def look():
        time.sleep(1.0)
        for pid in filter(str.isdigit, os.listdir("/proc")):
            with contextlib.suppress(OSError):
                seen.append(os.stat(f"/proc/{pid}").st_uid)

    spy = threading.Thread(target=look)
    spy.start()
    result = run(worker, "import os, time\nprint(os.getuid())\ntime.sleep(2.5)")
    spy.join()
    assert int(text(result.cells[0])) != 0  # not root, even inside its own namespace
    assert worker.uid in seen and worker.tester_uid not in (None, worker.uid)


# ---------------------------------------------------------------- isolation
@needs_bwrap
@pytest.mark.parametrize("path", [ROOT / "source" / "ch01" / "ch01.ipynb",
                                  ROOT / "autograder" / "schedule.py",
                                  ROOT / "nbgrader_config.py",
                                  ROOT / "release" / "ch01" / "ch01.ipynb"])
def test_the_answer_key_and_the_course_are_out_of_reach(worker, path):
    assert path.exists()
    result = run(worker, f"open({str(path)!r}).read()")
    assert error(result.cells[0]) in {"FileNotFoundError", "PermissionError"}


@needs_bwrap
def test_the_course_package_and_data_stay_readable(worker):
    result = run(worker, "from course import data\nprint(len(data.load('orders')) > 0)")
    assert text(result.cells[0]) == "True\n"


@needs_bwrap
def test_nothing_can_be_written_outside_the_scratch_folder(worker):
    target = ROOT / f"written-by-student-{uuid.uuid4().hex}.txt"
    elsewhere = Path("/var/tmp") / f"written-by-student-{uuid.uuid4().hex}.txt"
    result = run(worker, f"open({str(target)!r}, 'w').write('x')",
                 f"open({str(elsewhere)!r}, 'w').write('x')",
                 "open('mine.txt', 'w').write('ok')\nprint(open('mine.txt').read())")
    refused = {"FileNotFoundError", "PermissionError", "OSError"}
    # A course cloned below /tmp sits in the learner's own /tmp, where writing is harmless.
    assert error(result.cells[0]) in refused or str(ROOT).startswith("/tmp/")
    assert error(result.cells[1]) in refused
    assert not target.exists() and not elsewhere.exists()
    assert text(result.cells[2]) == "ok\n"


@needs_bwrap
def test_there_is_no_network(worker):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    accepted = []

    def listen() -> None:
        try:
            accepted.append(server.accept())
        except OSError:  # timed out, or the server was closed: nobody connected
            pass

    server.settimeout(30)

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    result = run(worker, f"import socket\nsocket.create_connection(('127.0.0.1', {port}), 3)",
                 "import socket\nsocket.create_connection(('pypi.org', 443), 3)")
    server.close()
    assert error(result.cells[0]) in {"ConnectionRefusedError", "OSError", "TimeoutError"}
    assert error(result.cells[1]) is not None
    assert accepted == []


@needs_bwrap
def test_the_grader_cannot_be_signalled(worker):
    me = os.getpid()
    result = run(worker, f"import os, signal\nos.kill({me}, signal.SIGTERM)",
                 "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nprint('still here')")
    assert error(result.cells[0]) in {"ProcessLookupError", "PermissionError"}
    assert worker.alive()
    assert text(run(worker, "print('还能用')").cells[0]) == "还能用\n"


# ---------------------------------------------------------------- cheats before tests
PATCH_CHECKS = ("import course.checks as c\n"
                "for name in dir(c):\n"
                "    if name.startswith('expect') or name == '_fail':\n"
                "        setattr(c, name, lambda *a, **k: None)\n")


def test_monkeypatched_test_helpers_are_restored_before_test_cells(worker):
    result = worker.run([
        {"source": "from course import checks", "kind": "setup"},
        {"source": PATCH_CHECKS},
        {"source": "checks.expect_equal_text('q', '错的', '对的')", "kind": "test"},
    ])
    assert error(result.cells[2]) == "AnswerError"


def test_rebinding_the_helper_name_does_not_help(worker):
    result = worker.run([
        {"source": "from course import checks", "kind": "setup"},
        {"source": "import types\nchecks = types.SimpleNamespace("
                   "expect_equal_text=lambda *a, **k: None)"},
        {"source": "checks.expect_equal_text('q', '错的', '对的')", "kind": "test"},
    ])
    assert error(result.cells[2]) == "AnswerError"


def test_monkeypatched_builtins_are_restored_before_test_cells(worker):
    result = worker.run([
        {"source": "import builtins\nbuiltins.isinstance = lambda *a: True\n"
                   "builtins.AssertionError = type('Never', (Exception,), {})"},
        {"source": "assert isinstance(1, str), '错'", "kind": "test"},
    ])
    assert error(result.cells[1]) == "AssertionError"


def test_a_patched_shell_cannot_hide_a_failing_test(worker):
    result = worker.run([
        {"source": "ip = get_ipython()\nreal = ip.run_cell\n"
                   "ip.run_cell = lambda src, *a, **k: real('pass', *a, **k)\n"
                   "type(ip)._showtraceback = lambda *a, **k: None"},
        {"source": "assert False, '应该失败'", "kind": "test"},
    ])
    assert error(result.cells[1]) == "AssertionError"


def test_replacing_the_module_in_sys_modules_does_not_help(worker):
    result = worker.run([
        {"source": "from course import checks", "kind": "setup"},
        {"source": "import sys, types\nfake = types.ModuleType('course.checks')\n"
                   "fake.expect_equal_text = lambda *a, **k: None\n"
                   "sys.modules['course.checks'] = fake"},
        {"source": "from course import checks as c2\nimport course.checks\n"
                   "course.checks.expect_equal_text('q', '错的', '对的')", "kind": "test"},
    ])
    assert error(result.cells[2]) == "AnswerError"


@pytest.mark.parametrize("chapter", ["ch04", "ch05", "ch08"])
def test_charts_drawn_in_the_sandbox_have_chinese_glyphs(worker, chapter):
    import json

    source = json.loads((ROOT / "source" / chapter / f"{chapter}.ipynb").read_text("utf-8"))
    cells = ["".join(c["source"]) for c in source["cells"] if c["cell_type"] == "code"]
    result = run(worker, *cells)
    assert result.problem == ""
    streams = "".join(text(cell) for cell in result.cells)
    assert "missing from font" not in streams


def test_a_course_under_tmp_stays_visible_in_the_sandbox():
    from autograder.engine import worker

    args = worker._command("bwrap")
    tmpfs = args.index("--tmpfs")
    assert args[tmpfs + 1] == "/tmp"
    binds = [i for i, a in enumerate(args) if a in ("--ro-bind", "--dir", "--symlink")]
    assert binds and tmpfs < min(binds)


# ---------------------------------------------------------------- the tester
def _test(source: str) -> dict:
    return {"source": source, "kind": "test"}


def test_answers_cross_to_the_tester_as_plain_data(worker):
    result = worker.run([
        {"source": "from course import checks\nimport pandas as pd", "kind": "setup"},
        {"source": "q2 = pd.Series({'A01': 2, 'A03': 1})\nq9 = {'A', 'C'}\nstate = {'end': '6-21'}"},
        _test("checks.expect_series_close('q2', q2, pd.Series({'A01': 2.0, 'A03': 1.0}), tol=0)\n"
              "checks.expect_equal_set('q9', q9, ['A', 'C'])\nassert state['end'] == '6-21'"),
        _test("checks.expect_equal_set('q9', q9, ['A', 'F'])"),
    ])
    assert result.problem == ""
    assert result.cells[2].ok and error(result.cells[2]) is None
    assert error(result.cells[3]) == "AnswerError"


def test_a_learners_function_runs_in_the_learner_process_when_the_test_calls_it(worker):
    result = worker.run([
        {"source": "from course import checks", "kind": "setup"},
        {"source": "import os\ndef band(rate):\n    return ('合格' if rate >= 0.4 else '差', "
                   "os.getpid())\ndef broken(x):\n    return 1 / 0\n"
                   "def slow(x):\n    while True:\n        pass"},
        _test("import os\nlabel, pid = band(0.45)\nassert label == '合格'\n"
              "assert pid != os.getpid()\nchecks.expect_function('band', band, 1)"),
        _test("checks.call_safely('broken', broken, 3)"),
        _test("slow(1)"),
        _test("assert band(0.1)[0] == '差'"),
    ], Limits(cell_seconds=2, grace_seconds=30))
    assert result.cells[2].ok, result.cells[2].outputs
    assert "ZeroDivisionError" in result.cells[3].outputs[0]["evalue"]
    assert "调用 broken(3) 时出错" in result.cells[3].outputs[0]["evalue"]
    assert not result.cells[4].ok and result.problem == ""
    assert result.cells[5].ok  # the learner process still answers after a slow call


def test_the_learner_process_never_receives_a_test_cell(worker):
    spy = ("seen = []\nget_ipython().events.register('pre_run_cell', "
           "lambda info: seen.append(info.raw_cell))\n"
           "import sys\nsys.addaudithook(lambda e, a: seen.append(str(a[0])) "
           "if e == 'compile' and a else None)")
    result = worker.run([
        {"source": spy},
        _test("SECRET_EXPECTED = 4242\nassert SECRET_EXPECTED == 4242"),
        {"source": "print(seen, In, _ih)"},
    ])
    assert result.cells[1].ok
    assert "SECRET_EXPECTED" not in text(result.cells[2]) and "4242" not in text(result.cells[2])


def test_values_of_unsupported_types_fail_in_chinese(worker):
    result = worker.run([
        {"source": "from course import checks", "kind": "setup"},
        {"source": "class Q:\n    pass\nq3 = Q()"},
        _test("checks.expect_number('q3', q3)"),
    ])
    assert error(result.cells[2]) == "AnswerError"
    assert "类型不支持" in result.cells[2].outputs[0]["evalue"]


def test_a_name_the_learner_never_defined_is_explained_in_chinese(worker):
    result = worker.run([_test("assert q1 == 'B'")])
    assert error(result.cells[0]) == "NameError"
    assert "变量 q1 还没有定义" in result.cells[0].outputs[0]["evalue"]


@needs_bwrap
def test_tmp_and_shared_memory_are_private_to_each_notebook(worker):
    first = run(worker, "open('/tmp/left.txt', 'w').write('x')\n"
                        "open('/dev/shm/left', 'w').write('x')\nimport os\nprint(os.getcwd())")
    assert text(first.cells[0]) == "/tmp\n"
    second = run(worker, "import os\nprint(os.path.exists('/tmp/left.txt'), "
                         "os.path.exists('/dev/shm/left'), 'left.txt' in os.listdir('/tmp'))")
    assert text(second.cells[0]) == "False False False\n"


@needs_bwrap
def test_the_scratch_folder_has_a_size_limit(worker):
    result = run(worker, "with open('/tmp/big', 'wb') as f:\n    for _ in range(100):\n"
                         "        f.write(b'x' * 2**20)", "print('后面')",
                 limits=Limits(scratch_bytes=16 * 2**20))
    assert error(result.cells[0]) == "OSError"
    assert text(result.cells[1]) == "后面\n"


def test_the_memory_of_the_whole_process_tree_is_bounded(worker):
    hog = ("import os, time\nfor _ in range(3):\n    if os.fork() == 0:\n"
           "        b = bytearray(300 * 2**20)\n        for i in range(0, len(b), 4096):\n"
           "            b[i] = 1\n        time.sleep(60)\n        os._exit(0)\ntime.sleep(5)")
    result = run(worker, hog, "print('不会运行')", limits=Limits(memory_bytes=512 * 2**20))
    assert "内存" in result.problem and result.cells[1] is None
    assert text(run(worker, "print('还能用')").cells[0]) == "还能用\n"


def test_the_number_of_processes_is_capped(worker):
    result = run(worker, "import subprocess\nkids = []\ntry:\n    for _ in range(60):\n"
                         "        kids.append(subprocess.Popen(['sleep', '30']))\n"
                         "except OSError as e:\n    print('停在', len(kids))",
                 limits=Limits(processes=20))
    assert text(result.cells[0]).startswith("停在")
    assert int(text(result.cells[0]).split()[1]) < 20


def test_learner_code_cannot_make_namespaces_or_mounts(worker):
    result = run(worker, "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
                         "print(libc.unshare(0x10000000), ctypes.get_errno(), "
                         "libc.mount(b'none', b'/tmp', b'tmpfs', 0, None), ctypes.get_errno())")
    assert text(result.cells[0]) == "-1 1 -1 1\n"


def test_output_beyond_the_notebook_budget_is_left_out(worker):
    result = run(worker, "from IPython.display import HTML, display\nfor _ in range(3):\n"
                         "    display(HTML('x' * 1_000_000))", "print('还在')",
                 limits=Limits(output_bytes=1_500_000))
    sizes = len(json.dumps(result.cells[0].outputs))
    assert sizes < 1_600_000 and "上限" in json.dumps(result.cells[0].outputs, ensure_ascii=False)
    assert text(result.cells[1]).startswith("\n…") or "还在" in text(result.cells[1])


def test_the_teachers_environment_never_reaches_student_code(monkeypatch):
    monkeypatch.setenv("KEFU_TEACHER_TOKEN", "top-secret-7781")
    fresh = Worker(8)
    fresh.start()
    try:
        result = run(fresh, "import os\nprint(sorted(os.environ))\n"
                            "print(os.environ.get('KEFU_TEACHER_TOKEN'))")
    finally:
        fresh.stop()
    shown = text(result.cells[0])
    assert "top-secret-7781" not in shown and "KEFU_TEACHER_TOKEN" not in shown
    assert "HOME" in shown and "PATH" in shown


# ---------------------------------------------------------------- per-student variants
def test_both_processes_run_as_the_graders_identity_and_nothing_else_crosses(worker):
    from course import variants

    key = variants.derive_key("secret", "2024002")
    identity = {"KEFU_STUDENT": "2024002", "KEFU_VARIANT_KEY": key, "KEFU_COURSE_SECRET": "x",
                "PATH": "/evil"}
    probe = ("import os\nfrom course import variants\n"
             "print(variants.current().student, variants.current().fingerprint, "
             "os.environ.get('KEFU_COURSE_SECRET'), os.environ['PATH'])")
    result = worker.run([{"source": probe, "kind": "student"},
                         {"source": probe, "kind": "test"}], Limits(), identity)
    want = f"2024002 {variants.Variant('2024002', key).fingerprint} None /usr/local/bin"
    assert all(text(cell).startswith(want) for cell in result.cells), [
        text(c) for c in result.cells]


def test_a_notebook_cannot_change_whose_variant_the_tests_compute(worker):
    from course import variants

    key = variants.derive_key("secret", "2024002")
    forge = ("import os\nos.environ['KEFU_STUDENT'] = '2024001'\n"
             "os.environ['KEFU_VARIANT_KEY'] = '0' * 64\n"
             "from course import variants\nmine = variants.current().student")
    check = "from course import variants\nprint(mine, variants.current().student)"
    result = worker.run([{"source": forge, "kind": "student"},
                         {"source": check, "kind": "test"}], Limits(),
                        {"KEFU_STUDENT": "2024002", "KEFU_VARIANT_KEY": key})
    assert text(result.cells[1]).strip() == "2024001 2024002"


def test_without_an_identity_a_notebook_runs_the_public_variant(worker):
    result = run(worker, "from course import variants\nprint(variants.current().public)")
    assert text(result.cells[0]).strip() == "True"


def test_a_locked_cells_comprehension_variable_does_not_hide_the_learners_answer(worker):
    """A name a locked cell uses only inside a comprehension is still the learner's to give."""
    from autograder.engine.worker import _bound_names

    assert _bound_names("x = [plan for plan in range(3)]\ndef f(a):\n    inner = 1\n"
                        "z = [(w := 1) for _ in range(2)]") == {"x", "f", "z", "w"}
    result = worker.run([
        {"source": "shown = [plan for plan in ('A', 'B')]", "kind": "setup"},
        {"source": "plan = {'coupon': 20}", "kind": "student"},
        {"source": "assert plan == {'coupon': 20}, plan", "kind": "test"},
    ], Limits())
    assert error(result.cells[2]) is None


def test_the_students_variant_is_built_once_before_the_fork_and_inherited(worker):
    from course import variants

    key = variants.derive_key("secret", "2024003")
    probe = ("from course import data\nbefore = data._variant_tables.cache_info()\n"
             "data.load('orders')\nafter = data._variant_tables.cache_info()\n"
             "print(before.currsize, after.misses - before.misses)")
    result = worker.run([{"source": probe, "kind": "student"}, {"source": probe, "kind": "test"}],
                        Limits(), {"KEFU_STUDENT": "2024003", "KEFU_VARIANT_KEY": key})
    assert [text(c).strip() for c in result.cells] == ["1 0", "1 0"]


def test_a_lean_zygote_prepares_its_one_learners_chapter_and_keeps_no_key_in_sight():
    """kefu check's sandbox computes the chapter's student parameters and the learner's
    tables while it warms up; the notebook then finds them built, and never sees the key
    in an environment variable. Its figures show as text as in kefu grade, also the first
    one made after the course's setup (pyplot's inline set-up would add a picture)."""
    from autograder.engine.worker import Warm
    from course import variants
    from course.plotting import FIGURE_PLACEHOLDER

    key = variants.derive_key("secret", "2024004")
    probe = ("import os\nfrom course import data, variants\n"
             "before = data._variant_tables.cache_info()\ndata.load('orders')\n"
             "after = data._variant_tables.cache_info()\n"
             "print(after.misses - before.misses, len(variants._CHOICES) > 0,"
             " [k for k in os.environ if k.startswith('KEFU_WARM')])")
    identity = {"KEFU_STUDENT": "2024004", "KEFU_VARIANT_KEY": key}
    seen = {}
    for warm in (Warm("ch02", key), None):
        lean = Worker(9, lean=True, warm=warm)
        lean.start()
        try:
            cells = lean.run([{"source": probe, "kind": "student"},
                              {"source": "from course.notebook import setup\nsetup('ch07')",
                               "kind": "student"},
                              {"source": "import matplotlib.pyplot as plt\n"
                                         "fig, ax = plt.subplots()\nax.plot([1, 2])",
                               "kind": "student"}], Limits(), identity).cells
            seen[warm is not None] = (lean.info.get("warmed"), text(cells[0]).strip())
            shown = [o for o in cells[2].outputs if o["output_type"] == "display_data"]
            assert [sorted(o["data"]) for o in shown] == [["text/plain"]], cells[2].outputs
            assert FIGURE_PLACEHOLDER in shown[0]["data"]["text/plain"]
        finally:
            lean.stop()
    assert seen[True] == (["ch02"], "0 True []")
    assert seen[False] == ([], "0 False []")  # built by run_notebook, after the ready


def test_a_stale_log_of_another_user_with_our_name_never_stops_a_worker(tmp_path, monkeypatch):
    """Worker logs used to be named by pid; an old file of another user with that name
    (a reused pid) made the worker fail to start. Each start now gets its own file."""
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    stale = tmp_path / f"kefu-worker-{os.getpid()}-3.log"
    stale.write_text("root's old log")
    stale.chmod(0o000)
    w = Worker(3)
    w.start()
    try:
        assert w.log_path != stale and w.log_path.parent == tmp_path
        result = run(w, "print(1 + 1)")
        assert text(result.cells[0]).strip() == "2"
    finally:
        w.stop()
    assert not w.log_path.exists()  # an empty log is removed


# ---------------------------------------------------------------- the tester's locked cells
def _cells(*pairs):
    return [{"source": source, "kind": kind} for kind, source in pairs]


def test_a_test_sees_the_locked_cells_values_as_if_each_ran_in_its_place(worker):
    """The tester runs a name-binding locked cell only when a test needs it; the values a
    test reads are still those of the notebook's order (rebindings, inputs, later tests)."""
    result = worker.run(_cells(
        ("setup", "a = 1"),
        ("setup", "b = a + 1"),  # reads the first a
        ("setup", "a = 10"),  # rebinds a after b was made
        ("setup", "unused = [1, 2]"),  # needed by no test
        ("test", "assert (a, b) == (10, 2), (a, b)"),
        ("setup", "d = 3"),
        ("setup", "c = d * 2"),
        ("test", "d = 100"),  # a test rebinds what a pending locked cell reads…
        ("test", "assert c == 6, c"),  # …which still saw the value of its place
        ("setup", "import math\nroot = math.sqrt(16)\nroot"),
        ("test", "assert root == 4.0 and math.pi > 3"),
    ), Limits())
    for cell in result.cells:
        assert cell.ok, cell.outputs
    # the learner's outputs of a locked cell are kept (a bare name shows its value)
    assert result.cells[9].outputs[0]["data"]["text/plain"] == "4.0"


def test_a_locked_cell_that_acts_beyond_binding_names_runs_in_its_place(worker):
    result = worker.run(_cells(
        ("setup", "import course.checks as checks\nchecks.FLAG_FOR_TEST = 1"),  # not deferrable
        ("setup", "flag = 2"),
        ("test", "import course.checks\nassert course.checks.FLAG_FOR_TEST == 1"),
    ), Limits())
    assert all(cell.ok for cell in result.cells), [c.outputs for c in result.cells]


@pytest.mark.parametrize(("source", "earlier", "deferrable"), [
    ("x = 1", set(), True),
    ("import pandas as pd\nframe = pd.DataFrame()\nframe", set(), True),
    ("y = x + 1", {"x"}, True),
    ("y = x + 1", set(), False),  # x may be a student's: run in place
    ("setup('ch07')", {"setup"}, False),
    ("from course.checks import *", set(), False),
    ("x = 1\nprint(x)", set(), False),
    ("import course.checks as checks\nchecks.FLAG = 1", set(), False),
    ("a, (b, c) = 1, (2, 3)", set(), True),
    ("names[0] = 1", {"names"}, False),
    ("for i in range(3):\n    x = i", set(), False),
    ("x = (", set(), False),
])
def test_which_locked_cells_the_tester_may_run_later(source, earlier, deferrable):
    from autograder.engine.worker import _bound_names, _deferrable, _free_names

    assert _deferrable(source, set(_free_names(source)), _bound_names(source),
                       earlier) is deferrable


def test_a_cell_with_top_level_await_runs_as_in_a_kernel_and_others_as_before(worker):
    result = run(worker, "import asyncio\n\nasync def f():\n    return 41\n\n"
                         "x = await f()\nprint(x + 1)")
    assert text(result.cells[0]).strip() == "42"
    result = run(worker, "waiting = 'await'\nprint(sum(range(4)), waiting)")
    assert text(result.cells[0]).strip() == "6 await"
