"""The course's faster twins of nbgrader's steps leave exactly what nbgrader's own steps leave.

``autograder.steps.save.SaveAutoGrades`` saves one notebook in one transaction and
``autograder.steps.sources`` reads the release once per batch process; each case runs
nbgrader's step on one copy of the gradebook and the twin on another and compares the
gradebooks and the notebooks.
"""

from __future__ import annotations

import contextlib
import copy
import shutil
from datetime import datetime, timedelta

import nbformat
import pytest
from nbgrader import preprocessors as stock
from nbgrader import utils
from nbgrader.api import Gradebook

from autograder.steps import save, sources
from tests.autograder.steps.conftest import SOURCE


def _twin_url(gradebook_url: str, tmp_path, name: str) -> str:
    path = tmp_path / f"{name}.db"
    shutil.copy(gradebook_url.removeprefix("sqlite:///"), path)
    return f"sqlite:///{path}"


def _resources(db_url: str) -> dict:
    return {"nbgrader": {"db_url": db_url, "assignment": "hw", "notebook": "hw",
                         "student": "s1"}}


def _state(db_url: str) -> dict:
    with Gradebook(db_url) as gradebook:
        submitted = gradebook.find_submission_notebook("hw", "hw", "s1")
        return {"grades": sorted((g.name, g.auto_score, g.manual_score, g.needs_manual_grade)
                                 for g in submitted.grades),
                "comments": sorted((c.name, c.auto_comment) for c in submitted.comments),
                "score": submitted.score}


def _executed(answer: str, test_error: bool, written: str | None = None):
    """The released notebook after execution: the answer typed, the test passed or failed."""
    nb = nbformat.from_dict(copy.deepcopy(SOURCE))
    nb, _ = stock.ComputeChecksums()(nb, {})
    nb.cells[1].source = answer
    if test_error:
        nb.cells[2].outputs = [nbformat.v4.new_output(
            "error", ename="AssertionError", evalue="", traceback=["AssertionError"])]
    if written is not None:
        nb.cells[3].source = written
    return nb


CASES = {
    "right answer": (_executed("x = 1", False, "我的计划"), None),
    "wrong answer": (_executed("x = 2", True), None),
    "untouched answer": (_executed("x = 1", False), None),
    "regraded after a teacher's score": (_executed("x = 1", False), 1.5),
}


@pytest.mark.parametrize("case", CASES)
def test_save_auto_grades_saves_what_nbgrader_saves(case, gradebook_url, tmp_path):
    nb, manual = CASES[case]
    urls = {}
    for name, step in (("stock", stock.SaveAutoGrades), ("ours", save.SaveAutoGrades)):
        url = urls[name] = _twin_url(gradebook_url, tmp_path, name)
        with Gradebook(url) as gradebook:
            gradebook.add_student("s1")
            gradebook.add_submission("hw", "s1")
            if manual is not None:
                gradebook.find_grade("test_x", "hw", "hw", "s1").manual_score = manual
            gradebook.db.commit()
        out, _ = step()(copy.deepcopy(nb), _resources(url))
        assert out == nb  # the step only writes the gradebook
    assert _state(urls["ours"]) == _state(urls["stock"])
    assert _state(urls["ours"])["grades"]  # the comparison saw real rows


def test_save_auto_grades_inside_the_writer_shares_one_gradebook(gradebook_url):
    with Gradebook(gradebook_url) as gradebook:
        gradebook.add_student("s1")
        gradebook.add_submission("hw", "s1")
    with save.shared_gradebook(gradebook_url) as shared:
        save.SaveAutoGrades()(_executed("x = 2", True), _resources(gradebook_url))
        # Nothing is left open on the shared session: another connection can write.
        with Gradebook(gradebook_url) as other:
            other.find_grade("test_x", "hw", "hw", "s1").manual_score = 1
            other.db.commit()
        assert not shared.db.registry().in_transaction()
    grades = {g[0]: g for g in _state(gradebook_url)["grades"]}
    assert grades["test_x"][1:] == (0.0, 1.0, False)


def _tampered():
    """A submission that changed a locked test, its points, and an answer's cell type."""
    nb = nbformat.from_dict(copy.deepcopy(SOURCE))
    nb.cells[2].source = "pass  # the test, rewritten by the student"
    nb.cells[2].metadata.nbgrader["points"] = 100
    nb.cells[1].cell_type = "markdown"
    nb.cells[1].pop("outputs")
    nb.cells[1].pop("execution_count")
    nb.cells[3].metadata.nbgrader["grade_id"] = "not_in_the_release"
    nb.metadata["kernelspec"] = {"name": "evil", "display_name": "evil"}
    return nb


@pytest.mark.parametrize("remember", [False, True])
def test_overwrite_steps_repair_what_nbgrader_repairs(remember, resources):
    if remember:
        sources.remember_release()
    try:
        for _ in range(2):  # the second submission is served from what the first read
            want, got = _tampered(), _tampered()
            for step in (stock.OverwriteKernelspec, stock.OverwriteCells):
                want, _ = step()(want, resources)
            for step in (sources.OverwriteKernelspec, sources.OverwriteCells):
                got, _ = step()(got, resources)
            assert got == want
            assert got.cells[2].source == SOURCE.cells[2].source
            assert got.metadata["kernelspec"]["name"] == "python3"
    finally:
        sources.forget_release()


def test_outside_a_batch_a_regenerated_release_is_read_again(resources):
    db_url = resources["nbgrader"]["db_url"]
    first, _ = sources.OverwriteCells()(_tampered(), resources)
    regenerated = nbformat.from_dict(copy.deepcopy(SOURCE.cells[2]))
    regenerated.source = "assert x == 2"
    with Gradebook(db_url) as gradebook:
        cell = gradebook.find_source_cell("test_x", "hw", "hw")
        cell.source, cell.checksum = regenerated.source, utils.compute_checksum(regenerated)
        gradebook.db.commit()
    again, _ = sources.OverwriteCells()(_tampered(), resources)
    assert first.cells[2].source == "assert x == 1"
    assert again.cells[2].source == "assert x == 2"


@pytest.mark.parametrize("hours_late", [0, 30, 80])
def test_assign_late_penalties_assigns_what_nbgrader_assigns(hours_late, gradebook_url, tmp_path):
    from datetime import datetime, timedelta

    from traitlets.config import Config

    from autograder import steps
    from autograder.steps import late

    config = Config()
    config.AssignLatePenalties.plugin_class = steps.LATE_PENALTY
    due = datetime(2026, 3, 1, 20, 0)
    penalties = {}
    for name, step in (("stock", stock.AssignLatePenalties), ("ours", late.AssignLatePenalties)):
        url = _twin_url(gradebook_url, tmp_path, name)
        with Gradebook(url) as gradebook:
            gradebook.update_or_create_assignment("hw", duedate=due)
            gradebook.add_student("s1")
            gradebook.add_submission("hw", "s1").timestamp = due + timedelta(hours=hours_late)
            gradebook.db.commit()
        save.SaveAutoGrades()(_executed("x = 1", False), _resources(url))  # a score to cut
        with save.shared_gradebook(url):  # the batch writer's way, for ours
            step(config=config)(_executed("x = 1", False), _resources(url))
        with Gradebook(url) as gradebook:
            submitted = gradebook.find_submission_notebook("hw", "hw", "s1")
            penalties[name] = (submitted.score, submitted.late_submission_penalty)
    assert penalties["ours"] == penalties["stock"]
    assert (penalties["ours"][1] or 0) > 0 if hours_late else penalties["ours"][1] is None


@pytest.mark.parametrize("case", CASES)
def test_get_grades_reads_what_nbgrader_reads(case, gradebook_url, tmp_path):
    """The feedback page's step: the same score, points and comment in every cell, the same
    total, maximum and late penalty in the resources."""
    from datetime import datetime, timedelta

    from autograder.steps import read_grades

    nb, manual = CASES[case]
    with Gradebook(gradebook_url) as gradebook:
        due = datetime(2026, 3, 1, 20, 0)
        gradebook.update_or_create_assignment("hw", duedate=due)
        gradebook.add_student("s1")
        gradebook.add_submission("hw", "s1").timestamp = due + timedelta(hours=5)
        if manual is not None:
            gradebook.find_grade("test_x", "hw", "hw", "s1").manual_score = manual
        gradebook.find_comment("written_plan", "hw", "hw", "s1").manual_comment = "写得好"
        gradebook.find_submission_notebook("hw", "hw", "s1").late_submission_penalty = 0.5
        gradebook.db.commit()
    save.SaveAutoGrades()(copy.deepcopy(nb), _resources(gradebook_url))
    outs = {}
    for name, step in (("stock", stock.GetGrades), ("ours", read_grades.GetGrades)):
        resources = _resources(gradebook_url)
        out, resources = step()(copy.deepcopy(nb), resources)
        outs[name] = (out, resources["nbgrader"])
    assert outs["ours"] == outs["stock"]
    cells = [c.metadata.get("nbgrader", {}) for c in outs["ours"][0].cells]
    assert any("score" in c for c in cells) and any(c.get("comment") == "写得好" for c in cells)
    assert outs["ours"][1]["late_penalty"] == 0.5


def _late_submission(url: str, hours_late: int) -> None:
    from datetime import datetime, timedelta

    with Gradebook(url) as gradebook:
        due = datetime(2026, 3, 1, 20, 0)
        gradebook.update_or_create_assignment("hw", duedate=due)
        gradebook.add_student("s1")
        gradebook.add_submission("hw", "s1").timestamp = due + timedelta(hours=hours_late)
        gradebook.db.commit()


def test_the_writers_one_transaction_saves_what_the_steps_save_one_by_one(gradebook_url,
                                                                           tmp_path):
    """The batch writer runs a submission's saving steps as one transaction: the late
    penalty is cut from the scores saved in that same transaction (not from the ones the
    submission had before), as when each step commits on its own."""
    from traitlets.config import Config

    from autograder import steps
    from autograder.steps import late

    config = Config()
    config.AssignLatePenalties.plugin_class = steps.LATE_PENALTY
    seen = {}
    for name in ("one by one", "together"):
        url = _twin_url(gradebook_url, tmp_path, name.replace(" ", "-"))
        _late_submission(url, 30)
        save.SaveAutoGrades()(_executed("x = 2", True), _resources(url))  # graded before: 0
        with save.shared_gradebook(url):
            together = save.one_transaction(url) if name == "together" else contextlib.nullcontext()
            with together:
                save.SaveAutoGrades()(_executed("x = 1", False, "计划"), _resources(url))
                late.AssignLatePenalties(config=config)(_executed("x = 1", False), _resources(url))
        with Gradebook(url) as gradebook:
            submitted = gradebook.find_submission_notebook("hw", "hw", "s1")
            seen[name] = (_state(url), submitted.late_submission_penalty)
    assert seen["together"] == seen["one by one"]
    assert seen["together"][0]["score"] == 2 and seen["together"][1] > 0


def test_a_step_that_fails_leaves_nothing_of_the_submissions_transaction(gradebook_url):
    url = gradebook_url
    _late_submission(url, 0)
    before = _state(url)

    class Broken(Exception):
        pass

    with save.shared_gradebook(url), pytest.raises(Broken), save.one_transaction(url):
        save.SaveAutoGrades()(_executed("x = 1", False, "我的计划"), _resources(url))
        raise Broken
    assert _state(url) == before
    save.SaveAutoGrades()(_executed("x = 1", False, "我的计划"), _resources(url))
    assert _state(url) != before  # the same save, committed, does change it


def test_opening_submissions_in_one_transaction_makes_what_nbgrader_makes(gradebook_url,
                                                                          tmp_path):
    """The writer opens a batch's submissions in one transaction that keeps what it loaded
    between nbgrader's calls: the same submissions, grades and comments as nbgrader's own
    calls committed one by one, a student handed in twice included."""
    stamp = datetime(2024, 3, 1, 8)
    seen = {}
    for name in ("one by one", "together"):
        url = _twin_url(gradebook_url, tmp_path, name.replace(" ", "-"))
        _late_submission(url, 0)
        save.SaveAutoGrades()(_executed("x = 2", True), _resources(url))  # s1 graded before
        with save.shared_gradebook(url) as shared:
            together = (save.one_transaction(url, forget=False) if name == "together"
                        else contextlib.nullcontext(shared))
            with together as gradebook:
                for n, student in enumerate(["s1", "s2", "s3", "s2"]):
                    gradebook.update_or_create_student(student)
                    gradebook.update_or_create_submission("hw", student).timestamp = (
                        stamp + timedelta(hours=n))
                    gradebook.db.commit()
        with Gradebook(url) as gradebook:
            seen[name] = {student: (
                gradebook.find_submission("hw", student).timestamp,
                sorted((g.name, g.auto_score, g.manual_score, g.needs_manual_grade)
                       for g in gradebook.find_submission_notebook("hw", "hw", student).grades),
                sorted((c.name, c.auto_comment)
                       for c in gradebook.find_submission_notebook("hw", "hw", student).comments),
                gradebook.find_submission("hw", student).score) for student in ("s1", "s2", "s3")}
    assert seen["together"] == seen["one by one"]
    assert seen["together"]["s2"][0] == stamp + timedelta(hours=3)
    assert seen["together"]["s3"][1] and seen["together"]["s1"][3] == 0
