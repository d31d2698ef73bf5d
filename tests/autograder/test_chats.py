"""The teacher's view of a role-play chat answer: read safely, replayed, a suggested score."""

from __future__ import annotations

import pytest

from autograder import chats
from tests.course.test_roleplay import GOOD


def _cell(replies) -> str:
    return "# 从对话练习复制\n对话 = [\n" + "".join(f"    {r!r},\n" for r in replies) + "]\n"


def test_a_good_chat_gets_full_marks_and_its_replayed_transcript():
    text = chats.suggest("chat_bargain", _cell(GOOD), 3)
    assert text.startswith("参考建议：3 / 3 分") and "买家：" in text and "（对话结束：成交）" in text


def test_a_taboo_halves_and_an_unfinished_chat_loses_a_fifth():
    taboo = chats.suggest("chat_bargain", _cell(["亲，理解您，我们是全网最好的 A 级花材"]), 3)
    assert "犯了禁忌" in taboo and "投诉" in taboo
    unfinished = chats.suggest("chat_bargain", _cell([GOOD[0]]), 3)
    assert "对话没有结束" in unfinished and unfinished.startswith("参考建议：2 / 3 分")


@pytest.mark.parametrize("source", [
    "对话 = [__import__('os').system('touch /tmp/pwned')]",
    "对话 = ['亲', f'{1}']", "对话 = [1, 2]", "对话 = '亲，你好'", "这不是代码 [",
    "x = 1", "", None, 42, "对话 = [" + "'亲'," * 100_000 + "]"])
def test_the_cell_is_read_never_run_and_anything_else_gets_a_zero_suggestion(source, tmp_path):
    assert chats.replies_of(source) is None
    text = chats.suggest("chat_bargain", source, 3)
    assert "建议 0 分" in text
    assert not (tmp_path / "pwned").exists()


def test_only_sendable_replies_count_and_other_cells_get_no_chat_advice():
    assert chats.replies_of(("对话 = ('亲', '好')",)) == ["亲", "好"]
    assert "没有一句可以发送" in chats.suggest("chat_bargain", _cell(["", "😀"]), 3)
    assert chats.suggest("written_bargain_reply", _cell(GOOD), 3) is None


def test_the_chat_is_replayed_with_the_student_s_own_data():
    from autograder.steps.execute import identity_environment
    from course import roleplays
    from course.variants import derive_key

    public = roleplays.scenario_values("ch04.bargain")
    for n in range(40):  # a student whose drawn product differs from the book's
        identity = {"KEFU_STUDENT": f"20240{n:02d}", "KEFU_VARIANT_KEY": derive_key("s" * 16, f"20240{n:02d}")}
        with identity_environment(identity):
            own = roleplays.scenario_values("ch04.bargain")
        if own["product"] != public["product"]:
            break
    else:
        pytest.fail("every student drew the book's product")
    text = chats.suggest("chat_bargain", _cell(GOOD), 3, identity)
    assert f"{own['product']}要 {own['price']} 块" in text and public["product"] not in text
    # The values are remembered per identity: the public variant's chat, then this
    # student's again, each with its own product.
    shared = chats.suggest("chat_bargain", _cell(GOOD), 3, {})
    assert public["product"] in shared and own["product"] not in shared
    assert chats.suggest("chat_bargain", _cell(GOOD), 3, identity) == text
    unknown = chats.suggest("chat_bargain", _cell(GOOD), 3, object())
    assert "无法确定学生的数据版本" in unknown and public["product"] in unknown


def test_a_chat_that_ended_badly_is_suggested_less_than_one_that_closed():
    lost = chats.suggest("chat_bargain", _cell(["亲，我们家的花很好的", "不行"]), 4)
    assert "买家流失" in lost and "打八折" in lost
    assert float(lost.split("：")[1].split(" /")[0]) < 4


def _scenario_chats():
    from tests.course.test_roleplays import CHATS

    return [pytest.param(key, kinds, id=key) for key, kinds in CHATS.items()]


@pytest.mark.parametrize("key, kinds", _scenario_chats())
def test_the_teacher_s_suggestion_for_each_sales_chat(key, kinds):
    """Good: full marks; poor: less, with how it ended; taboo: halved; unfinished: a fifth off."""
    from course import roleplays

    grade_id = roleplays.SCENARIOS[key].grade_id
    points = 4

    def score(text: str) -> float:
        return float(text.split("：")[1].split(" /")[0])

    good = chats.suggest(grade_id, _cell(kinds["good"][0]), points)
    assert score(good) == points and "对话结束" in good and "✘" not in good
    for poor_chat in kinds["poor"]:
        poor = chats.suggest(grade_id, _cell(poor_chat), points)
        end = roleplays.SCENARIOS[key]
        assert score(poor) < points and "不是最好的结果" in poor and "✘" in poor, poor
        assert any(f"（对话结束：{t.result}）" in poor for t in end.endings().values())
    taboo = chats.suggest(grade_id, _cell(kinds["taboo"][0]), points)
    assert "犯了禁忌（分数减半）" in taboo and score(taboo) <= points / 2
    unfinished = chats.suggest(grade_id, _cell(kinds["good"][0][:1]), points)
    assert "对话没有结束（打八折）" in unfinished and score(unfinished) <= points * 0.8


@pytest.mark.parametrize("chapter", ["ch04", "ch05", "ch06"])
def test_a_chat_is_named_as_a_chat_in_the_grade_sheets(course, chapter):
    """练习 N labels stay the notebook's own; a chat is 对话练习：… and graded by the teacher."""
    from autograder.gradesheets import _kind
    from autograder.items import chapter_items
    from course import roleplays

    items = chapter_items(course, chapter)
    labels = [item.label for item in items]
    assert len(labels) == len(set(labels)), labels
    chat_items = [item for item in items if item.chat]
    assert {item.grade_id for item in chat_items} == {s.grade_id for s in roleplays.of_chapter(chapter)}
    for item in chat_items:
        scenario = roleplays.by_grade_id(item.grade_id)
        assert item.label == "对话练习：" + scenario.title.split("：", 1)[1] and item.title == scenario.title
        assert _kind(item) == "对话（教师批改）" and item.points in (3, 4)
    assert all(_kind(item) == "自动评分" for item in items if not item.chat and not item.written)


def test_the_self_check_counts_a_chat_as_the_teacher_s_not_as_an_automatic_item(course):
    import json

    from autograder import selfcheck

    titles = selfcheck._titles(json.loads(course.source_notebook("ch06").read_text("utf-8")))
    assert titles["chat_wilted"] == "对话练习：花到了就蔫了，买家要退款"
    result = selfcheck.CheckResult("ch06", (
        selfcheck.Item("test_partial_refund", "练习 1", 3.0, 3.0, False),
        selfcheck.Item("chat_wilted", titles["chat_wilted"], 0.0, 4.0, True),
        selfcheck.Item("written_bad_review_reply", "书面题", 0.0, 3.0, True)))
    report = result.report()
    assert result.auto_score == result.auto_max == 3
    assert "对话练习：花到了就蔫了，买家要退款  教师批改" in report
    assert "另有 7 分书面题、对话练习需要教师批改" in report
