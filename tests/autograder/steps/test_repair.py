"""RepairCells: mangled nbgrader metadata is mended before OverwriteCells reads it."""

from __future__ import annotations

import copy

import nbformat

from autograder.steps.repair import RepairCells
from tests.autograder.steps.conftest import SOURCE


def _student_copy() -> nbformat.NotebookNode:
    return nbformat.from_dict(copy.deepcopy(SOURCE))


def _ids(nb) -> list[str | None]:
    return [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]


def test_a_stripped_test_cell_gets_its_metadata_back_by_cell_id(resources):
    nb = _student_copy()
    test = nb.cells[2]
    test.id = "test_x"
    del test.metadata["nbgrader"]
    nb, _ = RepairCells()(nb, resources)
    assert test.metadata["nbgrader"]["grade_id"] == "test_x"
    assert test.metadata["nbgrader"]["points"] == 2 and test.metadata["nbgrader"]["locked"]


def test_an_unknown_grade_id_is_dropped(resources):
    nb = _student_copy()
    nb.cells[2].metadata["nbgrader"]["grade_id"] = "my_own_test"
    nb, _ = RepairCells()(nb, resources)
    assert _ids(nb) == [None, "answer_x", None, "written_plan"]


def test_a_copied_cell_keeps_only_the_first_of_two_equal_grade_ids(resources):
    nb = _student_copy()
    nb.cells.insert(3, copy.deepcopy(nb.cells[2]))
    nb, _ = RepairCells()(nb, resources)
    assert _ids(nb) == [None, "answer_x", "test_x", None, "written_plan"]


def test_an_assignment_the_gradebook_does_not_know_is_left_alone(resources):
    nb = _student_copy()
    nb.cells[2].metadata["nbgrader"]["grade_id"] = "my_own_test"
    resources["nbgrader"]["assignment"] = "other"
    nb, _ = RepairCells()(nb, resources)
    assert _ids(nb)[2] == "my_own_test"
