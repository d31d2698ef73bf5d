"""HideRubricSuggestions: the teacher-only advice never reaches the student's feedback."""

from __future__ import annotations

from autograder.steps.comments import PREFIX
from autograder.steps.rubric_suggestions import HideRubricSuggestions
from tests.factories import notebook, written_cell


def _with_comment(text: str | None):
    cell = written_cell("written_plan", "我的回答")
    cell.metadata["nbgrader"]["comment"] = text
    return notebook(cell)


def test_the_automatic_suggestion_is_removed():
    nb, _ = HideRubricSuggestions()(_with_comment(PREFIX + "参考建议：约 2/3 分"), {})
    assert nb.cells[0].metadata["nbgrader"]["comment"] is None


def test_a_teachers_own_comment_is_shown():
    nb, _ = HideRubricSuggestions()(_with_comment("写得很具体，继续保持。"), {})
    assert nb.cells[0].metadata["nbgrader"]["comment"] == "写得很具体，继续保持。"
