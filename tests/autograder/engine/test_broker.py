"""Root grades as the course's owner; only the sandbox broker stays root.

A class server's course root belongs to a grader account that the Formgrader runs as: anything
a TA can write there (``nbgrader_config.py``, source notebooks) must never run as root, and
student code must still get uids of its own, never the grader's (autograder/privilege.py,
autograder/engine/broker.py). These tests use a real system account and real sandboxes.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import nbformat
import pytest

from autograder.engine.worker import BASE_UID, TESTER_UID, sandbox_kind
from autograder.privilege import grader_python

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="切换到评分账号需要以 root 运行"),
    pytest.mark.skipif(sandbox_kind() == "none", reason="没有进程沙箱"),
]

GRADER = "kefutestgrader"
REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def grader() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(GRADER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
                        "--shell", "/usr/sbin/nologin", GRADER], check=True)
        return pwd.getpwnam(GRADER)


@pytest.fixture()
def owned(grader, course):
    """A course root owned by the grader account, in a folder it can reach."""
    top = Path(tempfile.mkdtemp(prefix="kefu-owned-"))
    os.chmod(top, 0o755)
    root = course.copy_to(top / "course").root
    for folder, dirs, files in os.walk(root):
        for name in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
            os.chown(name, grader.pw_uid, grader.pw_gid, follow_symlinks=False)
    yield root
    shutil.rmtree(top, ignore_errors=True)


def _as_root(script: str, **env) -> subprocess.CompletedProcess:
    """Run ``script`` as root with the interpreter the grader account can run too."""
    return subprocess.run([grader_python(), "-c", textwrap.dedent(script)], capture_output=True,
                          text=True, timeout=600, cwd="/", env={**os.environ, **env})


def test_the_grader_runs_as_the_owner_and_student_code_under_the_sandbox_uids(owned, grader):
    done = _as_root("""
        import json, os, socket
        from pathlib import Path
        from autograder.privilege import run_as_course_owner
        from autograder.engine import broker, zygote
        from autograder.engine.worker import Worker

        owner = run_as_course_owner(Path(os.environ["ROOT"]), sandbox=True)
        seen = {"owner": owner.name, "uid": os.getresuid(), "gid": os.getresgid()}
        worker = Worker(0)
        worker.start()
        seen["sandbox_uids"] = [worker.uid, worker.tester_uid]
        worker.uid = 0  # a hostile grader asks for root: the zygote ignores message uids
        worker.tester_uid = 0
        # The learner's uid as the machine sees it (inside its user namespace it is mapped).
        run = worker.run([{"source": "print(open('/proc/self/uid_map').read())"}])
        seen["learner"] = run.cells[0].outputs[0]["text"].split()[1]

        def ask(message):
            with socket.socket(socket.AF_UNIX) as sock:
                sock.connect(broker.address())
                zygote.send(sock, message)
                fds = []
                answer = zygote.recv(sock, fds)
                for fd in fds:
                    os.close(fd)
                return answer
        seen["busy"] = ask({"op": "start", "index": 0}).get("error")
        seen["too_big"] = ask({"op": "start", "index": 999}).get("error")
        seen["not_int"] = ask({"op": "start", "index": "0"}).get("error")
        seen["other_op"] = ask({"op": "exec", "argv": ["id"]}).get("error")
        try:
            os.setuid(0)
            seen["back_to_root"] = True
        except PermissionError:
            seen["back_to_root"] = False
        worker.stop()
        print(json.dumps(seen))
    """, ROOT=str(owned))
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["owner"] == GRADER and seen["uid"] == [grader.pw_uid] * 3
    assert seen["gid"] == [grader.pw_gid] * 3 and seen["back_to_root"] is False
    learner = int(seen["learner"])
    assert learner == BASE_UID and learner not in (0, grader.pw_uid)
    assert seen["sandbox_uids"] == [BASE_UID, TESTER_UID]
    assert "还在运行" in seen["busy"] and "0–63" in seen["too_big"] and "0–63" in seen["not_int"]
    assert seen["other_op"] == "不支持的请求"


def test_nobody_else_reaches_the_broker_and_it_ends_with_the_grader(owned):
    done = _as_root("""
        import os, subprocess, sys
        from pathlib import Path
        from autograder.privilege import run_as_course_owner
        from autograder.engine import broker

        run_as_course_owner(Path(os.environ["ROOT"]), sandbox=True)
        print(broker.address())
        print(broker.kind())
    """, ROOT=str(owned))
    assert done.returncode == 0, done.stderr[-3000:]
    path, kind = done.stdout.split()
    assert kind in ("bwrap", "plain")
    # The grader has exited: the broker removed its folder and left no process behind.
    for _ in range(50):
        if not Path(path).parent.exists():
            break
        subprocess.run(["sleep", "0.1"])
    assert not Path(path).parent.exists()
    left = subprocess.run(["pgrep", "-f", Path(path).parent.name], capture_output=True, text=True)
    assert left.stdout.strip() == ""


def test_another_account_cannot_connect(owned):
    grading = subprocess.Popen([grader_python(), "-c", textwrap.dedent("""
        import os, sys
        from pathlib import Path
        from autograder.privilege import run_as_course_owner
        from autograder.engine import broker

        run_as_course_owner(Path(os.environ["ROOT"]), sandbox=True)
        print(broker.address(), flush=True)
        sys.stdin.read()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd="/",
        env={**os.environ, "ROOT": str(owned)})
    try:
        path = grading.stdout.readline().strip()
        assert path.endswith("/socket")
        nobody = pwd.getpwnam("nobody")
        probe = subprocess.run(
            [grader_python(), "-c", "import sys, socket\n"
             "s = socket.socket(socket.AF_UNIX)\n"
             "try:\n    s.connect(sys.argv[1]); print('connected')\n"
             "except OSError as e:\n    print(type(e).__name__)", path],
            capture_output=True, text=True, user=nobody.pw_uid, group=nobody.pw_gid,
            extra_groups=[], cwd="/")
        assert probe.stdout.strip() == "PermissionError", probe
        assert oct(os.stat(Path(path).parent).st_mode & 0o777) == "0o700"
    finally:
        grading.communicate("", timeout=60)


def test_kefu_grade_started_by_root_never_runs_the_course_config_as_root(owned, grader):
    witness = owned / "config-ran-as.txt"
    config = owned / "nbgrader_config.py"
    os.chmod(config, 0o644)
    config.write_text(config.read_text("utf-8") + textwrap.dedent(f"""
        import os as _os
        with open({str(witness)!r}, "a") as _out:
            _out.write(f"{{_os.geteuid()}}\\n")
    """), "utf-8")
    os.chown(config, grader.pw_uid, grader.pw_gid)
    release = nbformat.read(owned / "release" / "ch01" / "ch01.ipynb", as_version=4)
    release.cells.append(nbformat.v4.new_code_cell(
        "print('learner-uid', open('/proc/self/uid_map').read())"))
    handins = owned.parent / "handins"  # as a teacher receives them, outside the course
    handins.mkdir()
    nbformat.write(release, handins / "2026001_张三_ch01.ipynb")
    for item in (handins, *handins.iterdir()):
        os.chown(item, grader.pw_uid, grader.pw_gid)
    done = subprocess.run([sys.executable, "-m", "kefu", "grade", "ch01", "--quiet", "--jobs", "1",
                           "--no-feedback", "--submissions", str(handins)], capture_output=True, text=True, timeout=900,
                          cwd="/root", env={**os.environ, "KEFU_COURSE": str(owned)})
    assert done.returncode == 0, (done.stdout[-2000:], done.stderr[-3000:])
    assert f"以课程目录的所有者 {GRADER} 的身份运行" in done.stderr
    ran_as = {int(line) for line in witness.read_text().split()}
    assert ran_as == {grader.pw_uid}  # never 0
    graded = nbformat.read(owned / "autograder" / "autograded" / "2026001" / "ch01" / "ch01.ipynb",
                           as_version=4)
    said = "".join(out.get("text", "") for out in graded.cells[-1].outputs)
    learner = int(said.split()[2])  # uid_map: inside, outside, count
    assert learner >= BASE_UID and learner not in (0, grader.pw_uid)
    # what the grader wrote belongs to it, so the Formgrader (same account) can use it
    assert (owned / "autograder" / "autograded").stat().st_uid == grader.pw_uid


def test_a_private_checkout_is_copied_for_the_grader_without_the_class_state(tmp_path):
    from autograder import privilege

    project = tmp_path / "checkout"
    (project / "course").mkdir(parents=True)
    (project / "autograder" / "submitted" / "2026001").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[project]\n", "utf-8")
    (project / "course" / "x.py").write_text("A = 1\n", "utf-8")
    (project / "autograder" / "classkey.txt").write_text("secret\n", "utf-8")
    (project / "autograder" / "gradebook.db").write_bytes(b"db")
    (project / "autograder" / "submitted" / "2026001" / "ch01.ipynb").write_text("{}", "utf-8")
    (project / "autograder" / "y.py").write_text("B = 2\n", "utf-8")
    target = tmp_path / "copy"
    privilege._sync_copy(project, target)
    assert (target / "course" / "x.py").read_text() == "A = 1\n"
    assert (target / "autograder" / "y.py").is_file() and (target / "pyproject.toml").is_file()
    for kept_out in ("classkey.txt", "gradebook.db", "submitted"):
        assert not (target / "autograder" / kept_out).exists()  # the class's state stays put
    before = privilege._tree_digest(project)
    (project / "autograder" / "gradebook.db").write_bytes(b"graded again")
    assert privilege._tree_digest(project) == before  # grading does not make a new copy
    (project / "course" / "x.py").write_text("A = 22\n", "utf-8")
    assert privilege._tree_digest(project) != before
    privilege._sync_copy(project, target)
    assert (target / "course" / "x.py").read_text() == "A = 22\n"
