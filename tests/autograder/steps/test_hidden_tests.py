"""HideHiddenTests: the feedback keeps visible tests and results, never hidden-test code."""

from __future__ import annotations

import nbformat

from autograder.steps.hidden_tests import NOTE, HideHiddenTests
from tests.factories import code_cell, grade_cell, notebook

TEST = ('checks.expect_number("q1", q1)\n'
        "### BEGIN HIDDEN TESTS\n"
        'checks.expect_close("q1", q1, 42.5)\n'
        "### END HIDDEN TESTS\n")


def _failed(source: str):
    cell = grade_cell("test_q1", source, points=2)
    cell.outputs = [nbformat.v4.new_output(
        "error", ename="AnswerError", evalue="q1 的数值不对。",
        traceback=['File "<cell>", line 3', 'checks.expect_close("q1", q1, 42.5)',
                   "AnswerError: q1 的数值不对。"])]
    return cell


def test_the_hidden_region_and_the_traceback_quoting_it_are_removed():
    nb, _ = HideHiddenTests()(notebook(_failed(TEST)), {})
    cell = nb.cells[0]
    assert "42.5" not in cell.source and "HIDDEN" not in cell.source
    assert cell.source.startswith('checks.expect_number("q1", q1)') and NOTE in cell.source
    assert cell.outputs[0]["traceback"] == ["AnswerError: q1 的数值不对。"]


def test_cells_without_hidden_tests_are_untouched():
    lesson = code_cell("print(42.5)")
    visible = _failed('checks.expect_number("q1", q1)')
    nb, _ = HideHiddenTests()(notebook(lesson, visible), {})
    assert nb.cells[0].source == "print(42.5)"
    assert len(nb.cells[1].outputs[0]["traceback"]) == 3
