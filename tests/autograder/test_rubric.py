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
def test_model_answer_scores_full_marks_and_above_the_poor_sample(chapter, grade_id):
    """Full marks, so a model answer whose numbers no longer match the data is caught."""
    model = _score(chapter, grade_id, BY_ID[grade_id].model)
    _, poor = _samples(chapter, grade_id)
    assert model == BY_ID[grade_id].points
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


# -- what the issue asked for: evidence, flags first, negation, lists, repeats, paraphrases, data

SALAD = ("售中 订单备注 环节判断 客服 小A 职责 责任 负责 仓储 打包 发货前 仓库 核对 检查 复核 "
         "确认 复述 核实 格式 模板 抽查 二次确认 交接表 清单 ") * 3


def test_flags_come_first_and_each_row_shows_the_sentence_that_earned_it():
    model = BY_ID["written_bargain_reply"].model
    lines = rubric.suggest("ch04", "written_bargain_reply", model + "我们家的花是最好的。").split("\n")
    assert lines[0].startswith("参考建议：⚠") and "极限词「最好」" in lines[0]
    assert lines[1].startswith("建议得分约")
    value_row = next(line for line in lines if line.startswith("· 价值说明与替代方案"))
    assert "依据「" in value_row and "A级大花头" in value_row


def test_a_clean_answer_starts_with_the_score():
    message = rubric.suggest("ch04", "written_bargain_reply", BY_ID["written_bargain_reply"].model)
    assert message.startswith("参考建议：约 ") and "⚠" not in message


def test_a_negated_concept_counts_as_missing():
    text = ("店主您好：问题不在售中的备注环节，小A 的备注写得没有错，错在仓库。仓库同事打包时拿错了"
            "花材和贺卡，把两单装反了。建议仓库打包时两个人互相检查，每单打包后拍照上传到工作群，"
            "每天下班前清点当天的发货单，发现问题及时补发，这样就能避免再次发错。")
    result = rubric.assess("ch01", "written_case_analysis", text)
    row = next(r for r in result.rows if r.label == "环节判断")
    assert row.points == 0 and "环节判断可能有误" in result.summary()


def test_keyword_salad_is_flagged_and_capped():
    assert _score("ch01", "written_case_analysis", SALAD) <= 1
    assert "关键词罗列" in rubric.suggest("ch01", "written_case_analysis", SALAD)
    listed = "、".join(["售中", "订单备注", "客服职责", "小A", "仓储打包", "核对订单", "买家确认",
                       "备注模板", "每天抽查", "交接表"] * 4)
    assert _score("ch01", "written_case_analysis", listed) <= 1


def test_a_sentence_repeated_to_reach_the_length_counts_once():
    once = BY_ID["written_case_analysis"].model.split("建议三条措施")[0]
    padded = once + once + once
    result = rubric.assess("ch01", "written_case_analysis", padded)
    assert "与前文重复" in result.summary() and "字数按去掉重复后的约" in result.summary()
    assert result.score < _score("ch01", "written_case_analysis", once + "\n建议三条措施：" +
                                 BY_ID["written_case_analysis"].model.split("建议三条措施：")[1])


def test_a_paraphrase_in_plain_words_is_recognised():
    text = ("店长，这次出错是在买家付完钱、还没发货的时候：小A 往 B 的订单上记要求时，把另一位买家"
            "的话抄了过去，包花的同事照着单子做，两单都做错了。把买家的要求准确记到订单上本来就是"
            "接单客服该做的，小A 记完没有再对一遍；包花的同事在发出前如果对照一下，也能发现问题。"
            "以后可以这样做：一是客服记完要求后，照着聊天记录逐字对一遍再提交；二是把记下的要求"
            "原样发回给买家，请对方回复没问题再保存，并且都按同一个格式写；三是包花的同事每天"
            "发货前随机挑几单有特殊要求的看一看，觉得不对先问客服。")
    assert _score("ch01", "written_case_analysis", text) >= 2.5


def test_a_short_word_only_counts_as_a_word():
    # "拍" (邀请下单) is not in "拍照"; the reply invites no order.
    text = "亲，您好～理解您的心情！这束花是A级大花头，当天现包。有问题拍照给我就好，感谢～"
    result = rubric.assess("ch04", "written_bargain_reply", text)
    assert "邀请下单" in result.partial.get("促成与合规", []) + result.missing + [
        m for r in result.rows for m in r.missing]


@pytest.mark.parametrize(("chapter", "grade_id", "text", "note"), [
    ("ch03", "written_quick_phrases", "1. 包邮：亲，满88元就包邮哦～", "包邮门槛写错"),
    ("ch03", "written_quick_phrases", "2. 发货：亲，下午6点前付款当天发货哦～", "截止时间写错"),
    ("ch04", "written_bargain_reply", "亲，理解您！我直接给您改价到159元，快拍下吧～", "规则外的改价"),
    ("ch05", "written_reminders", "订单②：订单还有 3 天才关闭，不着急哦", "关闭时间可能算错"),
    ("ch08", "written_revisit_plan", "重要挽留客户是 R 高、F 高、M 低的客户。", "RFM 特征可能有误"),
    ("ch09", "written_incentive_plan", "激励因素：七夕期间每人涨工资 500 元。", "两类因素可能分错"),
])
def test_the_mistakes_a_scoring_table_names_are_flagged(chapter, grade_id, text, note):
    assert note in rubric.suggest(chapter, grade_id, text)


def test_the_right_facts_are_not_mistakes():
    text = ("1. 包邮：亲，满99元就包邮哦～\n2. 发货：亲，下午4点前付款当天发货哦～\n"
            "3. 发货：16点前付款当天发出～")
    assert "写错" not in rubric.suggest("ch03", "written_quick_phrases", text)


def _kpis(identity=None):
    from autograder.steps.execute import identity_environment
    from course.kpi import agent_kpis

    with identity_environment(identity or {}):
        return agent_kpis(*rubric.RUBRICS["written_improvement_plan"].kpi.period)


def test_ch07_numbers_are_checked_against_the_data():
    kpis = _kpis()
    right = (f"6 月小C 的首次响应时间约 {kpis.loc['A03', 'first_response_s']:.0f} 秒，"
             "高于 15 秒的参考值。")
    invented = "6 月小C 的首次响应时间约 9 秒，低于 15 秒的参考值。"
    assert "与数据不符" not in rubric.suggest("ch07", "written_improvement_plan", right, {})
    message = rubric.suggest("ch07", "written_improvement_plan", invented, {})
    assert "数值与数据不符：「首次响应时间约 9 秒」（数据中小C约" in message
    assert "比较方向与数据相反：「首次响应时间约 9 秒」说“低于 15 秒的参考值”" in message


def test_ch07_numbers_are_checked_against_the_students_own_variant():
    identity = {"KEFU_STUDENT": "s042", "KEFU_VARIANT_KEY": "ab" * 32}
    own, public = _kpis(identity).loc["A03", "sales"], _kpis().loc["A03", "sales"]
    assert abs(own - public) > 0.05 * public  # the variant's number differs from the public one
    text = f"6 月小C 的客服销售额约 {own:.0f} 元，只有小A 的一小半。"
    assert "与数据不符" not in rubric.suggest("ch07", "written_improvement_plan", text, identity)
    assert "与数据不符" in rubric.suggest("ch07", "written_improvement_plan", text, {})


def test_ch07_without_a_known_variant_says_the_data_was_not_checked():
    message = rubric.suggest("ch07", "written_improvement_plan", "首次响应时间约 9 秒",
                             rubric.UNKNOWN)
    assert "没有核对 KPI 数值" in message and "与数据不符" not in message
    assert rubric.needs_data("written_improvement_plan")
    assert not rubric.needs_data("written_bargain_reply")


def test_every_rubric_word_is_a_valid_pattern_and_mistakes_name_real_rows():
    for table in rubric.RUBRICS.values():
        labels = {c.label for c in table.criteria}
        for mistake in table.mistakes:
            assert mistake.criterion in labels and "{}" in mistake.note
            re.compile(mistake.pattern)
        for criterion in table.criteria:
            for concept in criterion.concepts:
                for word in concept.words:
                    re.compile(word)


def test_the_questions_facts_the_checks_rely_on_are_in_the_notebooks():
    assert f"拍下 {rubric.ORDER2_AGE_HOURS} 小时" in BY_ID["written_reminders"].question
    start, end = rubric.RUBRICS["written_improvement_plan"].kpi.period
    assert f"{start} 至 {end}" in BY_ID["written_improvement_plan"].question
    assert f"{rubric.SAME_DAY_CUTOFF_HOUR}点前付款当天发货" in BY_ID["written_quick_phrases"].question
