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


def _suggested_identity(resources, monkeypatch, tmp_path, **variants_config):
    """The identity ChineseComments hands the rubric for an item that checks data."""
    from traitlets.config import Config

    from autograder import rubric

    seen = []
    monkeypatch.setattr(rubric, "needs_data", lambda grade_id: True)
    monkeypatch.setattr(rubric, "suggest",
                        lambda chapter, grade_id, text, identity=None: seen.append(identity) or "")
    monkeypatch.delenv("KEFU_COURSE_SECRET", raising=False)
    _submit(resources["nbgrader"]["db_url"], {"written_plan": None})
    nb = nbformat.from_dict(copy.deepcopy(SOURCE))
    nb.cells[3].source = "小C 的首次响应时间约 37 秒。"
    config = Config()
    config.CourseDirectory.root = str(tmp_path)
    for name, value in variants_config.items():
        setattr(config.CourseVariants, name, value)
    ChineseComments(config=config)(nb, resources)
    return seen


def test_data_checking_suggestions_get_the_students_own_variant(resources, monkeypatch, tmp_path):
    from course.variants import derive_key

    seen = _suggested_identity(resources, monkeypatch, tmp_path, secret="class-secret")
    assert seen == [{"KEFU_STUDENT": "s1", "KEFU_VARIANT_KEY": derive_key("class-secret", "s1")}]


def test_a_course_without_variants_checks_the_public_data(resources, monkeypatch, tmp_path):
    assert _suggested_identity(resources, monkeypatch, tmp_path, per_student=False) == [{}]


def test_a_missing_class_secret_leaves_the_data_unchecked(resources, monkeypatch, tmp_path):
    from autograder import rubric

    assert _suggested_identity(resources, monkeypatch, tmp_path) == [rubric.UNKNOWN]
