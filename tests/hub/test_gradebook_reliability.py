"""The PostgreSQL gradebook under a class's load: TAs and kefu grade at once, and killed runs.

PostgreSQL is the project's own private cluster (kefu/hub/postgres.py: Debian's server on
127.0.0.1, password logins), one database per case. ``kefu grade`` runs as the teacher runs
it (the CLI, in its own process); the TAs are processes writing through nbgrader's Gradebook
API exactly as the Formgrader's handlers do (tests/hub/gradebook_writers.py).

- Two TAs mark written answers, override a score and comment while ``kefu grade`` grades
  the same submissions again: afterwards every automatic score and comment equals a clean
  run's and every manual score and comment equals the TA's last write (nbgrader keeps them
  in separate columns, and no writer may reset the other's).
- ``kefu grade`` killed (SIGKILL, its whole process group) mid-batch, or PostgreSQL stopped
  the hard way (``pg_ctl -m immediate``, as in a crash) mid-batch, then the run repeated:
  the gradebook equals a clean run's, row for row.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.hub]

if sys.platform != "linux":
    pytest.skip("PostgreSQL 的测试只在 Linux 上运行", allow_module_level=True)

from autograder import sampleclass  # noqa: E402
from autograder.coursedir import Course  # noqa: E402
from autograder.engine.worker import sandbox_kind  # noqa: E402
from kefu.hub.postgres import LocalPostgres, bindir  # noqa: E402
from kefu.hub.settings import SettingsError, free_port  # noqa: E402

STUDENTS = 5
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def postgres():
    try:
        bindir()
    except SettingsError as exc:
        pytest.skip(str(exc))
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("以 root 运行需要系统用户 postgres")
    folder = Path(tempfile.mkdtemp(prefix="kefu-pg-test-"))
    folder.chmod(0o755)  # the cluster runs as postgres when we are root
    server = LocalPostgres(folder / "postgres", free_port())
    server.init()
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def submissions(course, tmp_path_factory):
    """The sample class's ch07 hand-ins (full, partial, wrong, blank, error), nbgrader layout."""
    folder = tmp_path_factory.mktemp("handed-in")
    sampleclass.write_class(course, folder, ["ch07"], n=STUDENTS)
    return folder


def _course(origin: Course, folder: Path, postgres: LocalPostgres, name: str) -> Course:
    """A course of ch07 whose gradebook is a fresh PostgreSQL database."""
    copy = origin.copy_to(folder, chapters=["ch07"])
    url = postgres.ensure_database(name, "kefu")
    config = copy.root / "nbgrader_config.py"
    config.write_text(config.read_text("utf-8") + f"\nc.CourseDirectory.db_url = {url!r}\n",
                      "utf-8")
    return Course.load(copy.root)


def _grade(course: Course, submissions: Path, **popen) -> subprocess.Popen:
    """``kefu grade ch07`` in its own process group, as the teacher runs it."""
    env = {**os.environ, "KEFU_COURSE": str(course.root)}
    return subprocess.Popen([sys.executable, "-m", "kefu", "grade", "ch07", "--submissions",
                             str(submissions), "--jobs", "1", "--quiet"],
                            env=env, cwd=str(REPO), start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **popen)


def _grade_to_end(course: Course, submissions: Path) -> str:
    proc = _grade(course, submissions)
    out, _ = proc.communicate(timeout=900)
    assert proc.returncode == 0, out[-3000:]
    return out


def dump(course: Course, flags: bool = True) -> list[tuple]:
    """Every row of the chapter's grades, comments and submissions, in a fixed order."""
    from nbgrader.api import Gradebook

    rows = []
    with Gradebook(course.db_url) as gradebook:
        for sub in gradebook.assignment_submissions("ch07"):
            rows.append(("submission", sub.student_id, str(sub.timestamp),
                         float(sub.late_submission_penalty or 0)))
            for notebook in sub.notebooks:
                for grade in notebook.grades:
                    rows.append(("grade", sub.student_id, grade.name, grade.auto_score,
                                 grade.manual_score, grade.extra_credit,
                                 *((grade.needs_manual_grade,) if flags else ())))
                for comment in notebook.comments:
                    rows.append(("comment", sub.student_id, comment.name, comment.auto_comment,
                                 comment.manual_comment))
    return sorted(rows, key=repr)


def _automatic(rows: list[tuple]) -> list[tuple]:
    """What the grader writes: submissions, auto scores, auto comments."""
    out = []
    for row in rows:
        if row[0] == "grade":
            out.append(row[:4])
        elif row[0] == "comment":
            out.append(row[:4])
        else:
            out.append(row)
    return out


@pytest.fixture(scope="module")
def reference(course, tmp_path_factory, postgres, submissions):
    """A clean run, start to end, nobody else writing."""
    clean = _course(course, tmp_path_factory.mktemp("clean") / "course", postgres, "kefu_clean")
    started = time.monotonic()
    _grade_to_end(clean, submissions)
    print(f"clean run: {time.monotonic() - started:.1f} s")
    rows = dump(clean)
    assert sum(row[0] == "submission" for row in rows) == STUDENTS
    return rows


pytestmark.append(pytest.mark.skipif(sandbox_kind() == "none", reason="评分引擎需要 Linux"))


def _ta(name, course, role, go, stop, out):
    return subprocess.Popen([sys.executable, "-m", "tests.hub.gradebook_writers", name,
                             course.db_url, role, str(go), str(stop), str(out),
                             *[s.student_id for s in sampleclass.roster(STUDENTS)]],
                            cwd=str(REPO), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)


def test_two_tas_marking_while_kefu_grade_runs_lose_nothing(course, tmp_path, postgres,
                                                            submissions, reference):
    busy = _course(course, tmp_path / "course", postgres, "kefu_busy")
    _grade_to_end(busy, submissions)  # the submissions the TAs open in the Formgrader
    for attempt in range(2):
        go, stop = tmp_path / f"go{attempt}", tmp_path / f"stop{attempt}"
        outs = [tmp_path / f"ta{i}-{attempt}.json" for i in (1, 2)]
        tas = [_ta("助教甲", busy, "written", go, stop, outs[0]),
               _ta("助教乙", busy, "override", go, stop, outs[1])]
        grading = _grade(busy, submissions)
        began = time.time()
        go.touch()  # the TAs and the grader start together
        out, _ = grading.communicate(timeout=900)
        ended = time.time()
        assert grading.returncode == 0, out[-3000:]
        stop.touch()
        for ta in tas:
            text, _ = ta.communicate(timeout=300)
            assert ta.returncode == 0, text[-3000:]
        written = [json.loads(path.read_text("utf-8")) for path in outs]
        during = sum(began <= t <= ended for w in written for t in w["times"])
        print(f"round {attempt + 1}: grading {ended - began:.1f} s, "
              f"{sum(len(w['times']) for w in written)} TA writes ({during} while it ran)")
        assert during > 0  # the writers really overlapped

        rows = dump(busy, flags=False)
        # everything the grader writes is what a clean run writes …
        assert _automatic(rows) == _automatic(reference)
        # … and every TA's last word is still there
        last = {**written[0]["last"], **written[1]["last"]}
        assert len(last) >= 3 * STUDENTS
        manual_scores = {f"grade|{r[1]}|{r[2]}": r[4] for r in rows if r[0] == "grade"}
        manual_comments = {f"comment|{r[1]}|{r[2]}": r[4] for r in rows if r[0] == "comment"}
        for key, value in last.items():
            got = manual_scores[key] if key.startswith("grade|") else manual_comments[key]
            assert got == value, key
        # nobody wrote what nobody asked for
        assert {k for k, v in manual_scores.items() if v is not None} == {
            k for k in last if k.startswith("grade|")}


def _wait_for_saved(course: Course, proc: subprocess.Popen, count: int) -> None:
    deadline = time.monotonic() + 600
    while len(list(course.autograded_dir.glob("*/ch07/ch07.ipynb"))) < count:
        assert proc.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.1)


def test_kefu_grade_killed_mid_batch_and_run_again_gives_the_same_gradebook(
        course, tmp_path, postgres, submissions, reference):
    killed = _course(course, tmp_path / "course", postgres, "kefu_killed")
    proc = _grade(killed, submissions)
    _wait_for_saved(killed, proc, 2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    half = len(list(killed.autograded_dir.glob("*/ch07/ch07.ipynb")))
    assert 2 <= half < STUDENTS
    _grade_to_end(killed, submissions)
    assert dump(killed) == reference


def test_the_database_stopped_mid_grade_and_grading_run_again_gives_the_same_gradebook(
        course, tmp_path, postgres, submissions, reference):
    crashed = _course(course, tmp_path / "course", postgres, "kefu_crashed")
    proc = _grade(crashed, submissions)
    _wait_for_saved(crashed, proc, 2)
    postgres._run("pg_ctl", "stop", "-m", "immediate", "-D", str(postgres.data))  # a crash
    out, _ = proc.communicate(timeout=600)
    print(f"with the database gone: exit {proc.returncode}: {out.strip()[-400:]}")
    assert proc.returncode != 0 or "失败" in out, out[-2000:]  # it noticed, in Chinese
    assert "Traceback" not in out
    postgres.start()  # recovers from its log
    _grade_to_end(crashed, submissions)
    assert dump(crashed) == reference
