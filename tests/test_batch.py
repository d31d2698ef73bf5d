"""The parallel batch: same grades whatever the number of jobs, and safe to kill and re-run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from autograder import grading, sampleclass
from autograder.engine.sandbox import sandbox_kind
from bench.grading import scores
from tests.conftest import make_course_copy

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sandbox_kind() == "none", reason="评分引擎需要 Linux")]
CHAPTERS = ["ch01", "ch02"]
STUDENTS = 12


def _course(folder):
    course = make_course_copy(folder)
    sampleclass.write_class(course / "autograder" / "submitted", CHAPTERS, n=STUDENTS,
                            root=course)
    assert grading.prepare_gradebook(CHAPTERS, course) == []
    return course


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    course = _course(tmp_path_factory.mktemp("reference"))
    outcomes = grading.autograde_all(CHAPTERS, None, course, progress=False, jobs=2)
    assert all(o.ok for o in outcomes)
    return scores(course, CHAPTERS)


def test_one_job_gives_the_same_grades_as_two(tmp_path, reference):
    course = _course(tmp_path / "one")
    grading.autograde_all(CHAPTERS, None, course, progress=False, jobs=1, feedback=False)
    assert scores(course, CHAPTERS) == reference


def test_a_batch_killed_half_way_and_run_again_ends_the_same(tmp_path, reference):
    course = _course(tmp_path / "killed")
    code = ("from pathlib import Path\nfrom autograder import grading\n"
            f"grading.autograde_all({CHAPTERS!r}, None, Path({str(course)!r}), progress=False,"
            " jobs=2)\n")
    proc = subprocess.Popen([sys.executable, "-c", code], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done = course / "autograder" / "autograded"
    deadline = time.monotonic() + 300
    while len(list(done.glob("*/*/*.ipynb"))) < 6 and time.monotonic() < deadline:
        assert proc.poll() is None, "the batch ended before it could be killed"
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    half = len(list(done.glob("*/*/*.ipynb")))
    assert 6 <= half < STUDENTS * len(CHAPTERS)

    grading.autograde_all(CHAPTERS, None, course, progress=False, jobs=2)
    again = scores(course, CHAPTERS)
    assert again == reference
    assert len(again) == STUDENTS * len(CHAPTERS)
    assert list(course.glob("autograder/*/*/*/.*.tmp")) == []
    assert len(list((course / "autograder" / "feedback").glob("*/*/*.html"))) == len(again)


def test_without_a_sandbox_the_batch_falls_back_to_nbgrader_execute(tmp_path, reference,
                                                                    monkeypatch):
    monkeypatch.setenv("KEFU_SANDBOX", "none")
    course = make_course_copy(tmp_path / "plain")
    sampleclass.write_class(course / "autograder" / "submitted", ["ch01"], n=4, root=course)
    assert grading.prepare_gradebook(["ch01"], course) == []
    grading.autograde_all(["ch01"], None, course, progress=False, jobs=2, feedback=False)
    got = scores(course, ["ch01"])
    assert len(got) == 4
    assert got == {key: value for key, value in reference.items() if key in got}
