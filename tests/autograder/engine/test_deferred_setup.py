"""The tester's lazy locked cells change no test's outcome in any chapter of the course.

The tester runs a locked cell that only binds names when a test needs one of them
(autograder.engine.worker._Feed._flush). That is sound only while the course's locked
cells act through the names they bind; this test grades every chapter's reference,
wrong and error-raising answers with and without deferral and compares every cell.
"""

from __future__ import annotations

import json
import random
import re

import nbformat
import pytest

from autograder import sampleclass
from autograder.coursedir import Course
from autograder.engine import worker as engine
from autograder.engine.limits import SandboxLimits
from autograder.steps.execute import cell_jobs

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sandbox():
    if engine.sandbox_kind() == "none":
        pytest.skip("no sandbox on this system")
    started = engine.Worker(5)
    started.start()
    yield started
    started.stop()


_PROMPT = re.compile(r"In\[\d+\]")


def _same_every_run(output: dict) -> dict:
    """An output without what may differ between two runs: widget ids, and the tester's
    own cell counter in a traceback's ``In[N]`` (it counts the locked cells it ran)."""
    output = json.loads(_PROMPT.sub("In[N]", json.dumps(output, ensure_ascii=False)))
    data = {mime: value for mime, value in output.get("data", {}).items()
            if mime != "application/vnd.jupyter.widget-view+json"}
    return {**output, "data": data} if "data" in output else output


def _outcome(run) -> list:
    return [None if cell is None else (cell.ok, [_same_every_run(o) for o in cell.outputs])
            for cell in run.cells]


@pytest.mark.parametrize("chapter", [f"ch0{i}" for i in range(10)])
def test_deferred_locked_cells_give_every_cell_the_same_outcome(chapter, sandbox, monkeypatch):
    course = Course.load()
    release = course.release_notebook(chapter).read_text("utf-8")
    try:
        bank = sampleclass.answer_bank(course, chapter)
        profiles = ("full", "wrong", "error")
    except ModuleNotFoundError:  # a chapter without a simulated class: its reference answers
        source = json.loads(course.source_notebook(chapter).read_text("utf-8"))
        bank = {k: (v, v, v) for k, v in sampleclass.solutions(source).items()}
        profiles = ("full",)
    compared = 0
    for profile in profiles:
        answers = sampleclass.chapter_answers(bank, profile, random.Random(profile))
        nb = nbformat.reads(nbformat.writes(nbformat.from_dict(
            sampleclass.fill(nbformat.reads(release, as_version=4), answers))), as_version=4)
        _, jobs = cell_jobs(nb)
        outcomes = {}
        for defer in (True, False):
            monkeypatch.setattr(engine, "DEFER_LOCKED_CELLS", defer)
            outcomes[defer] = _outcome(sandbox.run(jobs, SandboxLimits()))
        assert outcomes[True] == outcomes[False], profile
        compared += sum(job["kind"] == "test" for job in jobs)
    assert compared  # the chapter has tests, and they were compared
