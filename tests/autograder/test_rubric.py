"""Rubric suggestions for written answers: advice for the teacher that never fails."""

from __future__ import annotations

import importlib
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder import rubric
from autograder.coursedir import Course
from autograder.stubs import TEXT_STUB
from course.chapters import CHAPTERS

WRITTEN = rubric.written_answers(Course.load().source_dir)
IDS = [(w.chapter, w.grade_id) for w in WRITTEN]
BY_ID = {w.grade_id: w for w in WRITTEN}


def _samples(chapter: str, grade_id: str) -> tuple[str, str]:
    return importlib.import_module(f"autograder.sampleclass.answers.{chapter}").WRITTEN[grade_id]


def _score(chapter: str, grade_id: str, text: str) -> float:
    return rubric.assess(chapter, grade_id, text).score


def test_every_chapter_has_one_written_answer_with_its_scoring_table():
    assert [w.chapter for w in WRITTEN] == list(CHAPTERS)
    for answer in WRITTEN:
        assert "评分标准" in answer.rubric and answer.model and answer.points > 0
        assert "BEGIN SOLUTION" not in answer.model


def test_keyword_table_matches_the_notebooks():
    assert set(rubric.RUBRICS) == set(BY_ID)
    for grade_id, table in rubric.RUBRICS.items():
        answer = BY_ID[grade_id]
        assert table.chapter == answer.chapter
        assert table.max_score == answer.points
        for criterion in table.criteria:
            assert criterion.label in answer.rubric, criterion.label


@pytest.mark.parametrize(("chapter", "grade_id"), IDS)
def test_every_written_answer_gets_a_suggestion_with_a_score(chapter, grade_id):
    text = rubric.suggest(chapter, grade_id, BY_ID[grade_id].model)
    assert text.startswith("参考建议：") and re.search(r"约 \d+(\.5)?/\d+(\.5)? 分", text), text


@pytest.mark.parametrize(("chapter", "grade_id"), IDS)
def test_model_answer_scores_near_full_marks_and_above_the_poor_sample(chapter, grade_id):
    model = _score(chapter, grade_id, BY_ID[grade_id].model)
    _, poor = _samples(chapter, grade_id)
    assert model >= BY_ID[grade_id].points - 0.5
    assert model > _score(chapter, grade_id, poor)


@pytest.mark.parametrize(("chapter", "grade_id"), IDS)
def test_good_sample_scores_higher_than_the_poor_sample(chapter, grade_id):
    good, poor = _samples(chapter, grade_id)
    assert _score(chapter, grade_id, good) > _score(chapter, grade_id, poor)


@pytest.mark.parametrize("text", [None, "", "  \n\t", TEXT_STUB, f"\n{TEXT_STUB}\n\n",
                                  [TEXT_STUB, "\n"], f"> {TEXT_STUB}"])
def test_blank_or_unchanged_stub_is_reported_as_unanswered(text):
    message = rubric.suggest("ch04", "written_bargain_reply", text)
    assert "未作答" in message and "约" not in message


def test_stub_left_above_a_real_answer_is_ignored():
    model = BY_ID["written_bargain_reply"].model
    with_stub = rubric.suggest("ch04", "written_bargain_reply", f"{TEXT_STUB}\n\n{model}")
    assert with_stub == rubric.suggest("ch04", "written_bargain_reply", model)


@pytest.mark.parametrize("value", [42, 3.5, b"\xe4\xba\xb2", {"text": "亲"}, object(), ["亲", 1]])
def test_non_text_answer_gets_a_chinese_message(value):
    message = rubric.suggest("ch04", "written_bargain_reply", value)
    assert message.startswith("参考建议：") and "无法读取" in message


def test_text_given_as_lines_reads_like_the_joined_text():
    lines = ["亲，您好～理解您的心情！\n", "这束花当天现包，我再送您一张贺卡，现在下单马上安排。"]
    assert rubric.suggest("ch04", "written_bargain_reply", lines) == rubric.suggest(
        "ch04", "written_bargain_reply", "".join(lines))


@pytest.mark.parametrize(("chapter", "grade_id"), [("ch04", "no_such_answer"),
                                                   ("ch05", "written_bargain_reply"),
                                                   (None, None), (7, object())])
def test_unknown_question_gets_a_chinese_message(chapter, grade_id):
    message = rubric.suggest(chapter, grade_id, "亲，您好")
    assert message.startswith("参考建议：") and "评分标准" in message


def test_chapter_may_be_written_loosely():
    model = BY_ID["written_bargain_reply"].model
    expected = rubric.suggest("ch04", "written_bargain_reply", model)
    for chapter in ("4", "ch4", "CH04", " ch04 "):
        assert rubric.suggest(chapter, "written_bargain_reply", model) == expected


@pytest.mark.parametrize("text", ["退款" * 200_000, "别家" * 100_000, "最" * 50_000 + "好",
                                  "亲，" * 100_000, "a" * 1_000_000])
def test_huge_answers_are_handled_quickly(text):
    started = time.monotonic()
    message = rubric.suggest("ch06", "written_bad_review_reply", text)
    assert time.monotonic() - started < 5
    assert message.startswith("参考建议：") and "分（仅供参考" in message and "只分析了前" in message


@settings(max_examples=150, deadline=None)
@given(chapter=st.sampled_from([w.chapter for w in WRITTEN]), text=st.text(max_size=400))
def test_any_text_gets_a_suggestion_and_never_an_exception(chapter, text):
    grade_id = next(w.grade_id for w in WRITTEN if w.chapter == chapter)
    message = rubric.suggest(chapter, grade_id, text)
    assert message.startswith("参考建议：") and "无法生成" not in message


@pytest.mark.parametrize(("chapter", "grade_id", "extra", "word"), [
    ("ch02", "written_listing_rewrite", "全网最低价，绝对不会枯萎！", "全网最低"),
    ("ch04", "written_bargain_reply", "我们家的花是最好的。", "最好"),
    ("ch03", "written_quick_phrases", "\n6. 品质：亲，我们是全网第一的花店哦～", "第一"),
    ("ch06", "written_bad_review_reply", "我们保证 100% 新鲜。", "100%"),
])
def test_extreme_words_are_flagged_and_cost_points(chapter, grade_id, extra, word):
    model = BY_ID[grade_id].model
    message = rubric.suggest(chapter, grade_id, model + extra)
    assert "极限词" in message and f"「{word}」" in message
    assert _score(chapter, grade_id, model + extra) < _score(chapter, grade_id, model)


@pytest.mark.parametrize("text", ["亲，第一次在我们家买花吗？",
                                  "我们不使用“最好”“第一”这类词。",
                                  "第一步先核对订单，第一条短语写包邮。"])
def test_harmless_mentions_are_not_called_extreme_words(text):
    assert not rubric.violations(text, {"banned"})


def test_negated_rules_are_not_flagged():
    text = "权益只用平台内的定向券，不做好评返现，不引导加微信私下交易，会员折扣不低于 7 折。"
    assert rubric.violations(text, {"bribe", "taboo", "discount", "banned"}) == []


@pytest.mark.parametrize(("checks", "text", "label"), [
    ({"taboo"}, "亲，再不付款订单就关了", "威胁或施压"),
    ({"taboo"}, "付款不方便的话，加微信转账给我也行", "站外"),
    ({"night"}, "订单②：23:00 用旺旺发送", "夜间"),
    ({"bribe"}, "您把差评改成好评，我们返现 20 元", "换好评"),
    ({"disparage"}, "别家的花都是次品", "贬低"),
    ({"discount"}, "给重要挽留客户打 5 折", "7 折"),
])
def test_rule_breaking_wording_is_flagged_with_its_evidence(checks, text, label):
    notes = rubric.violations(text, checks)
    assert len(notes) == 1 and label in notes[0] and "「" in notes[0]


def test_trading_compensation_for_a_review_caps_the_bad_review_reply():
    model = BY_ID["written_bad_review_reply"].model
    bribed = model + "如果您愿意把差评改成好评，我们再返现 20 元。"
    assert _score("ch06", "written_bad_review_reply", bribed) <= 1


def test_blaming_the_courier_caps_the_apology_item():
    model = BY_ID["written_bad_review_reply"].model
    excuse = model + "不过这次主要是快递的原因。"
    result = rubric.assess("ch06", "written_bad_review_reply", excuse)
    assert "致歉与担责" not in result.covered
    assert "推给快递" in result.summary()


def test_reply_answers_are_also_run_through_the_reply_checker():
    _, poor = _samples("ch04", "written_bargain_reply")
    assert "回复检查器" in rubric.suggest("ch04", "written_bargain_reply", poor)


def test_too_long_quick_phrases_cost_the_rule_item():
    model = BY_ID["written_quick_phrases"].model
    long_line = "\n6. 补充：" + "亲，我们的花都是每天早上从花市挑回来的，" * 3
    result = rubric.assess("ch03", "written_quick_phrases", model + long_line)
    assert "规范" not in result.covered and "超过 50 字" in result.summary()


def test_length_outside_the_required_range_is_noted():
    message = rubric.suggest("ch01", "written_case_analysis", "问题出在售中的备注环节。")
    assert "要求 150～250 字" in message


def test_empty_phrases_are_pointed_out():
    message = rubric.suggest("ch07", "written_improvement_plan", "小C 要更加努力，提高服务意识。")
    assert "空泛表述" in message and "「更加努力」" in message


def test_missing_points_are_named_for_the_teacher():
    partial = ("问题出在售中的订单备注环节：小A 把别人的备注写进了 B 的订单，两单都发错了。"
               "客服要对备注负责，这是小A 分内的工作。")
    result = rubric.assess("ch01", "written_case_analysis", partial)
    assert result.covered == ["环节判断"] and "改进措施" in result.missing
    summary = result.summary()
    assert "· 改进措施 0/1：未见「核对订单」「与买家确认」「固定格式或抽查」" in summary
    assert "未见「仓储把关」" in summary


def test_the_suggestion_says_it_is_advice_only():
    message = rubric.suggest("ch09", "written_incentive_plan", BY_ID["written_incentive_plan"].model)
    assert "仅供参考" in message
