"""The parallel batch: same grades whatever the number of jobs, and safe to kill and re-run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from autograder import pipeline, sampleclass
from autograder.engine.worker import sandbox_kind
from bench.grading import scores

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sandbox_kind() == "none", reason="评分引擎需要 Linux")]
CHAPTERS = ["ch01", "ch02"]
STUDENTS = 12


def _course(origin, folder):
    course = origin.copy_to(folder)
    sampleclass.write_class(course, course.submitted_dir, CHAPTERS, n=STUDENTS)
    assert pipeline.prepare_gradebook(course, CHAPTERS) == []
    return course


@pytest.fixture(scope="module")
def reference(course, tmp_path_factory):
    graded = _course(course, tmp_path_factory.mktemp("reference"))
    outcomes = pipeline.autograde_all(graded, CHAPTERS, None, progress=False, jobs=2)
    assert all(o.ok for o in outcomes)
    return scores(graded, CHAPTERS)


def test_one_job_gives_the_same_grades_as_two(course, tmp_path, reference):
    graded = _course(course, tmp_path / "one")
    pipeline.autograde_all(graded, CHAPTERS, None, progress=False, jobs=1, feedback=False)
    assert scores(graded, CHAPTERS) == reference


def test_a_batch_killed_half_way_and_run_again_ends_the_same(course, tmp_path, reference):
    graded = _course(course, tmp_path / "killed")
    code = ("from autograder import pipeline\nfrom autograder.coursedir import Course\n"
            f"pipeline.autograde_all(Course.load({str(graded.root)!r}), {CHAPTERS!r}, None,"
            " progress=False, jobs=2)\n")
    proc = subprocess.Popen([sys.executable, "-c", code], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done = graded.autograded_dir
    deadline = time.monotonic() + 300
    while len(list(done.glob("*/*/*.ipynb"))) < 6 and time.monotonic() < deadline:
        assert proc.poll() is None, "the batch ended before it could be killed"
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    half = len(list(done.glob("*/*/*.ipynb")))
    assert 6 <= half < STUDENTS * len(CHAPTERS)

    pipeline.autograde_all(graded, CHAPTERS, None, progress=False, jobs=2)
    again = scores(graded, CHAPTERS)
    assert again == reference
    assert len(again) == STUDENTS * len(CHAPTERS)
    assert list(graded.root.glob("autograder/*/*/*/.*.tmp")) == []
    assert len(list(graded.feedback_dir.glob("*/*/*.html"))) == len(again)


def test_without_a_sandbox_the_batch_falls_back_to_nbgrader_execute(course, tmp_path, reference,
                                                                    monkeypatch):
    monkeypatch.setenv("KEFU_SANDBOX", "none")
    plain = course.copy_to(tmp_path / "plain")
    sampleclass.write_class(plain, plain.submitted_dir, ["ch01"], n=4)
    assert pipeline.prepare_gradebook(plain, ["ch01"]) == []
    pipeline.autograde_all(plain, ["ch01"], None, progress=False, jobs=2, feedback=False)
    got = scores(plain, ["ch01"])
    assert len(got) == 4
    assert got == {key: value for key, value in reference.items() if key in got}


def test_a_sandbox_that_cannot_load_the_course_stops_the_batch_before_anyone_is_scored(
        course, tmp_path, monkeypatch):
    from autograder.batch import GradingError

    graded = _course(course, tmp_path / "broken")
    monkeypatch.setenv("KEFU_DATA_DIR", str(tmp_path / "no-data-here"))
    with pytest.raises(GradingError, match="没有给任何学生评分") as raised:
        pipeline.autograde_all(graded, CHAPTERS, None, progress=False, jobs=2)
    assert "数据" in str(raised.value)
    with graded.gradebook() as gradebook:
        assert [s for ch in CHAPTERS for s in gradebook.assignment_submissions(ch)] == []
