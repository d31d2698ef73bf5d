"""ChineseComments: 未作答 for untouched answers, the rubric suggestion beside written ones."""

from __future__ import annotations

import copy

import nbformat
from nbgrader.api import Gradebook

from autograder.steps.comments import PREFIX, UNANSWERED, ChineseComments
from tests.autograder.steps.conftest import SOURCE


def _submit(db_url: str, comments: dict[str, str]) -> None:
    with Gradebook(db_url) as gradebook:
        gradebook.add_student("s1")
        gradebook.add_submission("hw", "s1")
        for name, text in comments.items():
            gradebook.find_comment(name, "hw", "hw", "s1").auto_comment = text
        gradebook.db.commit()


def _comments(db_url: str) -> dict[str, str | None]:
    with Gradebook(db_url) as gradebook:
        notebook = gradebook.find_submission_notebook("hw", "hw", "s1")
        return {c.name: c.auto_comment for c in notebook.comments}


def test_no_response_becomes_chinese_and_written_answers_get_the_rubric_advice(resources):
    db_url = resources["nbgrader"]["db_url"]
    _submit(db_url, {"answer_x": "No response.", "written_plan": None})
    nb = nbformat.from_dict(copy.deepcopy(SOURCE))
    nb.cells[3].source = "我的计划：每天复盘。"
    ChineseComments()(nb, resources)
    comments = _comments(db_url)
    assert comments["answer_x"] == UNANSWERED
    assert comments["written_plan"].startswith(PREFIX) and "参考建议" in comments["written_plan"]


def test_a_real_comment_on_a_code_answer_is_kept(resources):
    db_url = resources["nbgrader"]["db_url"]
    _submit(db_url, {"answer_x": "老师的话"})
    ChineseComments()(nbformat.from_dict(copy.deepcopy(SOURCE)), resources)
    assert _comments(db_url)["answer_x"] == "老师的话"
