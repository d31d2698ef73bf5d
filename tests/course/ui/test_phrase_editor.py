"""The 快捷短语 editor responds to its fields (no browser needed)."""

from __future__ import annotations

import pandas as pd
import pytest

from course import phrases
from course.ui import QuickPhraseEditor
from course.ui.phrase_editor import DEFAULT_PHRASES

RED = "color:#b00020"


@pytest.fixture
def chat() -> pd.DataFrame:
    texts = ["这款包邮吗", "这个包油吗", "能写贺卡吗", "能写和卡吗", "可以开发票吗", "在吗", "好的"]
    return pd.DataFrame({"session_id": "S000001",
                         "sent_at": pd.date_range("2025-06-20 10:00", periods=len(texts), freq="min"),
                         "sender": "buyer", "text": texts})


@pytest.fixture
def editor(chat) -> QuickPhraseEditor:
    return QuickPhraseEditor(messages=chat)


def _run(code: str) -> dict:
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - the snippet is meant to be pasted and run
    return namespace


def test_a_new_editor_starts_with_two_good_example_phrases(editor):
    assert editor.phrases == [dict(row) for row in DEFAULT_PHRASES]
    assert RED not in "".join(row.note.value for row in editor._rows)
    assert "都没有发现问题" in editor._summary.value
    assert _run(editor._code.value)["phrases"] == editor.phrases


def test_each_row_says_what_it_answers_and_how_long_it_is(editor):
    note = editor._rows[0].note.value
    assert f"/{phrases.MAX_LENGTH} 字" in note and "回答：包邮" in note


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("text", "", "短语内容是空的"),
    ("text", "亲，" + "好" * 60, "超过 50 字"),
    ("text", "亲，我们家的花全城最新鲜～", "最新鲜"),
    ("code", "", "快捷编码是空的"),
    ("code", "by", "格式不对"),
    ("code", "/fh", "和第 2 条重复"),
])
def test_a_problem_is_shown_under_its_row_in_chinese_and_the_typed_text_stays(editor, field, value, expected):
    row = editor._rows[0]
    getattr(row, field).value = value
    assert expected in row.note.value and RED in row.note.value
    assert getattr(row, field).value == value  # nothing typed is lost
    assert "1 条需要修改" in editor._summary.value or "2 条需要修改" in editor._summary.value


def test_fixing_a_row_clears_its_message(editor):
    row = editor._rows[0]
    row.code.value = "by"
    row.code.value = "/by"
    assert RED not in row.note.value


def test_a_ten_thousand_character_paste_is_kept_and_named(editor):
    row = editor._rows[1]
    row.text.value = "亲" * 10_000
    assert row.text.value == "亲" * 10_000
    assert "10000 个字" in row.note.value
    assert _run(editor._code.value)["phrases"][1]["text"] == "亲" * 10_000


def test_learner_text_is_never_rendered_as_html(editor):
    row = editor._rows[0]
    row.code.value = "<b>x</b>"
    row.text.value = "<script>alert(1)</script>包邮"
    shown = row.note.value + editor._coverage.value
    assert "<b>x</b>" not in shown and "<script>" not in shown
    assert "&lt;b&gt;x&lt;/b&gt;" in shown


def test_rows_are_added_and_removed_and_blank_rows_stay_out_of_the_code(editor):
    row = editor.add_row()
    assert len(editor._rows) == 3 and len(editor.phrases) == 2
    row.group.value, row.code.value, row.text.value = "售前", "/hk", "可以的亲，手写贺卡5元一张～"
    assert len(_run(editor._code.value)["phrases"]) == 3
    editor.remove_row(editor._rows[0])
    assert [p["code"] for p in editor.phrases] == ["/fh", "/hk"]
    editor._rows[0].delete.click()
    assert [p["code"] for p in editor.phrases] == ["/hk"]


def test_the_coverage_ranks_the_questions_of_the_data_and_names_the_answering_codes(editor):
    table = editor._coverage.value
    assert table.index("包邮") < table.index("贺卡") < table.index("发票")
    assert "/by" in table
    row = editor.add_row("售前", "/hk", "可以的亲，手写贺卡5元一张～")
    assert "/hk" in editor._coverage.value
    editor.remove_row(row)
    assert "/hk" not in editor._coverage.value


def test_with_the_brief_it_marks_the_questions_to_cover_and_lists_the_requirements(chat):
    editor = QuickPhraseEditor(top=2, most=3, messages=chat)
    assert editor._coverage.value.count("★") == 2
    assert editor.met["买家问得最多的前 2 类问题都有短语"] is False
    editor.add_row("售前", "/hk", "可以的亲，手写贺卡5元一张～")
    assert set(editor.met.values()) == {True}
    assert "✘" not in editor._summary.value and len(editor.phrases) == 3
    editor.add_row("售前", "/fp", "可以的亲，下单后把抬头和税号发给我～")
    assert editor.met["不超过 3 条"] is False and "✘ 不超过 3 条" in editor._summary.value


def test_it_goes_on_from_a_pasted_set(chat):
    pasted = [{"group": "售前", "code": "/hk", "text": "可以的亲，手写贺卡5元一张～"}, {"code": "/by", "text": "包邮"}]
    editor = QuickPhraseEditor(phrases=pasted, messages=chat)
    assert editor.phrases == [pasted[0], {"group": "", **pasted[1]}]


@pytest.mark.parametrize("pasted", ["包邮", [1, "x"], None])
def test_a_paste_that_is_not_a_set_of_phrases_is_said_and_leaves_an_empty_row(chat, pasted):
    editor = QuickPhraseEditor(phrases=pasted, messages=chat)
    if pasted is None:  # no paste: the examples
        assert len(editor.phrases) == 2
        return
    assert editor._loaded.value and RED in editor._loaded.value
    assert editor.phrases == [] and len(editor._rows) == 1


def test_the_code_box_names_the_list_as_asked(chat):
    editor = QuickPhraseEditor(messages=chat, name="my_phrases")
    assert editor._code.value.startswith("my_phrases = ")
