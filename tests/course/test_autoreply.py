"""Keyword auto-replies (chapter 3): matching, rule checking, topics and coverage."""

from __future__ import annotations

import functools
import math
import re

import pandas as pd
import pytest

from course import autoreply, datagen
from course.autoreply import Rule, RuleError, evaluate, match, parse_rules, rules_code, topic_of
from course.data import load

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def messages(*rows: tuple[str, str]) -> pd.DataFrame:
    """A tiny messages table from (sender, text) pairs."""
    return pd.DataFrame({
        "session_id": ["S000001"] * len(rows),
        "sent_at": pd.date_range("2025-06-20 10:00", periods=len(rows), freq="min"),
        "sender": [sender for sender, _ in rows],
        "text": [text for _, text in rows],
    })


# ---- match -------------------------------------------------------------------


def test_a_message_without_any_keyword_gets_no_rule():
    rules = [{"keywords": ["包邮"], "reply": "满99包邮"}]
    assert match("能写贺卡吗", rules) is None
    assert match("", rules) is None


def test_any_keyword_found_anywhere_in_the_message_matches():
    rules = [{"keywords": ["贺卡", "卡片"], "reply": "免费手写贺卡"}]
    assert match("请问能送一张卡片吗？", rules).reply == "免费手写贺卡"
    assert match("贺卡", rules).reply == "免费手写贺卡"


def test_the_highest_priority_wins_even_with_a_shorter_keyword_or_a_later_place():
    rules = [{"keywords": ["什么时候发货"], "reply": "long", "priority": 1},
             {"keywords": ["发货"], "reply": "high", "priority": 5}]
    assert match("今天下单什么时候发货", rules).reply == "high"


def test_negative_priorities_lose_to_the_default():
    rules = [{"keywords": ["包邮"], "reply": "low", "priority": -1},
             {"keywords": ["包"], "reply": "default"}]
    assert match("这款包邮吗", rules).reply == "default"


def test_equal_priority_goes_to_the_longer_matching_keyword():
    rules = [{"keywords": ["发货"], "reply": "short", "priority": 1},
             {"keywords": ["什么时候发货"], "reply": "long", "priority": 1}]
    assert match("今天下单什么时候发货", rules).reply == "long"


def test_the_longest_keyword_that_actually_matches_is_what_counts():
    # Rule 1 has a long keyword that does not occur; only its short one matches.
    rules = [{"keywords": ["什么时候能发货呢", "发"], "reply": "first", "priority": 0},
             {"keywords": ["发货"], "reply": "second", "priority": 0}]
    assert match("今天下单什么时候发货", rules).reply == "second"


def test_a_rule_competes_with_its_longest_matching_keyword():
    rules = [{"keywords": ["发货"], "reply": "first", "priority": 0},
             {"keywords": ["发", "什么时候发货"], "reply": "second", "priority": 0}]
    assert match("今天下单什么时候发货", rules).reply == "second"


def test_equal_priority_and_keyword_length_goes_to_the_earlier_rule():
    rules = [{"keywords": ["包邮"], "reply": "first"},
             {"keywords": ["优惠"], "reply": "second"},
             {"keywords": ["包邮"], "reply": "third"}]
    assert match("包邮有优惠吗", rules).reply == "first"


def test_match_returns_the_parsed_rule():
    rule = match("这款包邮吗", [{"keywords": "包邮", "reply": "包邮哦", "priority": 3,
                                "topic": "包邮"}])
    assert rule == Rule(("包邮",), "包邮哦", 3, "包邮")


# ---- parse_rules ---------------------------------------------------------------


def test_parse_rules_fills_in_defaults_and_accepts_one_string_keyword():
    (rule,) = parse_rules([{"keywords": "包邮", "reply": "满99包邮"}])
    assert rule.keywords == ("包邮",)
    assert rule.reply == "满99包邮"
    assert rule.priority == 0
    assert rule.topic == ""


def test_parse_rules_keeps_order_priority_and_topic():
    rules = parse_rules([{"keywords": ["贺卡", "卡片"], "reply": "a", "priority": 2, "topic": "贺卡"},
                         {"keywords": ["在吗"], "reply": "b", "priority": -1, "topic": "问候"}])
    assert [r.keywords for r in rules] == [("贺卡", "卡片"), ("在吗",)]
    assert [r.priority for r in rules] == [2, -1]
    assert [r.topic for r in rules] == ["贺卡", "问候"]


def test_parse_rules_accepts_an_empty_list_and_every_known_topic():
    assert parse_rules([]) == []
    rules = parse_rules([{"keywords": ["x"], "reply": "y", "topic": t} for t in autoreply.TOPICS])
    assert [r.topic for r in rules] == list(autoreply.TOPICS)


GOOD = {"keywords": ["包邮"], "reply": "满99包邮", "priority": 1, "topic": "包邮"}


@pytest.mark.parametrize("rules", [
    None,
    "包邮 | 1 | 包邮 | 满99包邮",
    GOOD,
    42,
], ids=["none", "string", "one-dict", "number"])
def test_parse_rules_rejects_a_rule_set_that_is_not_a_list(rules):
    with pytest.raises(RuleError) as info:
        parse_rules(rules)
    assert CHINESE.search(str(info.value))


def _without(key: str) -> dict:
    return {k: v for k, v in GOOD.items() if k != key}


@pytest.mark.parametrize("bad", [
    _without("keywords"),
    _without("reply"),
    {**GOOD, "keywords": []},
    {**GOOD, "keywords": ""},
    {**GOOD, "keywords": ["包邮", "  "]},
    {**GOOD, "keywords": ["包邮", 3]},
    {**GOOD, "reply": ""},
    {**GOOD, "reply": "   "},
    {**GOOD, "reply": None},
    {**GOOD, "priority": "2"},
    {**GOOD, "priority": 1.5},
    {**GOOD, "priority": True},
    {**GOOD, "topic": "天气"},
    {**GOOD, "answer": "多余的设置"},
    "包邮",
], ids=["no-keywords", "no-reply", "empty-keyword-list", "empty-keyword-string",
        "blank-keyword", "non-string-keyword", "empty-reply", "blank-reply", "reply-none",
        "priority-string", "priority-float", "priority-bool", "unknown-topic", "unknown-key",
        "rule-not-a-dict"])
def test_parse_rules_rejects_a_bad_rule_with_a_chinese_message(bad):
    with pytest.raises(RuleError) as info:
        parse_rules([GOOD, bad])
    assert "第 2 条" in str(info.value)
    assert CHINESE.search(str(info.value))


def test_rule_error_is_a_value_error():
    assert issubclass(RuleError, ValueError)


def test_unknown_keys_are_named_in_the_message():
    with pytest.raises(RuleError, match="answer"):
        parse_rules([{**GOOD, "answer": "x"}])


# ---- topic_of ------------------------------------------------------------------


@pytest.mark.parametrize("text", datagen.GREETINGS)
def test_greetings_are_labelled_as_greetings(text):
    assert topic_of(text) == "问候"


@pytest.mark.parametrize("text", datagen.BUYER_FOLLOW)
def test_follow_ups_are_labelled_as_closing_words(text):
    assert topic_of(text) == "结束语"


QUESTIONS = ([(q, t) for (q, _), t in zip(datagen.PRESALE_QA, autoreply.PRESALE_TOPICS,
                                           strict=True)]
             + [(q, t) for (q, _), t in zip(datagen.POSTSALE_QA, autoreply.POSTSALE_TOPICS,
                                            strict=True)])


@pytest.mark.parametrize(("question", "topic"), QUESTIONS, ids=[t for _, t in QUESTIONS])
def test_every_question_is_labelled_with_its_topic_for_every_city_and_prefix(question, topic):
    for city in datagen.CITIES:
        text = question.format(city=city)
        assert topic_of(text) == topic, text
        for extra in datagen.BUYER_EXTRA:
            assert topic_of(f"{extra}，{text}") == topic, f"{extra}，{text}"


def test_a_few_question_topics_by_hand():
    assert topic_of("这款包邮吗") == "包邮"
    assert topic_of("同城能送到吗，我在杭州") == "同城配送"
    assert topic_of("对了，能写贺卡吗") == "贺卡"
    assert topic_of("另外问一下，我要退款") == "退款"
    assert topic_of("哦对，营养液怎么用") == "养护"


@pytest.mark.parametrize("text", [
    "今天天气不错",
    "",
    "对了，",
    "对了，今天天气不错",
    "同城能送到吗，我在",
    "这款包邮吗？谢谢",
    "请问这款包邮吗",
])
def test_unknown_text_has_no_topic(text):
    assert topic_of(text) is None


def test_every_buyer_message_of_the_shop_data_has_a_topic():
    buyer = load("messages").query("sender == 'buyer'")["text"]
    topics = buyer.map(topic_of)
    unknown = buyer[topics.isna()].unique().tolist()
    assert unknown == []
    assert set(topics) == set(autoreply.TOPICS)


# ---- evaluate ------------------------------------------------------------------

RULES = [
    {"keywords": ["包邮"], "reply": "满99包邮", "priority": 1, "topic": "包邮"},
    {"keywords": ["贺卡"], "reply": "有优惠券", "priority": 1, "topic": "优惠"},  # wrong topic
    {"keywords": ["好的"], "reply": "不客气"},  # no topic: never wrong
]
CHAT = messages(
    ("buyer", "在吗"),  # 问候, not answered
    ("auto", "亲，满99包邮哦"),  # not a buyer message, though it contains a keyword
    ("buyer", "这款包邮吗"),  # 包邮, answered by the 包邮 rule
    ("agent", "好的亲，贺卡可以写"),  # not a buyer message
    ("buyer", "对了，能写贺卡吗"),  # 贺卡, answered by an 优惠 rule: wrong
    ("buyer", "好的"),  # 结束语, answered by a rule without topic
)


def test_evaluate_counts_only_buyer_messages():
    result = evaluate(RULES, CHAT)
    assert result.messages == 4
    assert result.table["消息"].tolist() == ["在吗", "这款包邮吗", "对了，能写贺卡吗", "好的"]


def test_evaluate_counts_answered_and_wrong_matches():
    result = evaluate(RULES, CHAT)
    assert result.answered == 3
    assert result.wrong == 1
    assert result.coverage == pytest.approx(3 / 4)
    assert result.wrong_rate == pytest.approx(1 / 3)


def test_evaluate_table_gives_each_messages_topics_reply_and_status():
    table = evaluate(RULES, CHAT).table
    assert list(table.columns) == ["消息", "真实主题", "规则主题", "自动回复", "结果"]
    assert table["真实主题"].tolist() == ["问候", "包邮", "贺卡", "结束语"]
    assert table["规则主题"].tolist() == ["", "包邮", "优惠", ""]
    assert table["自动回复"].tolist() == ["", "满99包邮", "有优惠券", "不客气"]
    assert table["结果"].tolist() == ["未回复", "已回复", "答非所问", "已回复"]


def test_a_rule_without_topic_is_never_a_wrong_match():
    rules = [{"keywords": ["吗"], "reply": "亲，在的"}]
    result = evaluate(rules, CHAT)
    assert result.answered == 3  # 在吗, 这款包邮吗, 对了，能写贺卡吗
    assert result.wrong == 0
    assert result.wrong_rate == 0.0


def test_a_matching_topic_is_not_a_wrong_match():
    rules = [{"keywords": ["包邮", "贺卡"], "reply": "x", "topic": "包邮"}]
    result = evaluate(rules, CHAT)
    assert (result.answered, result.wrong) == (2, 1)  # the 贺卡 message is wrong


def test_repeated_messages_count_every_time():
    chat = messages(("buyer", "这款包邮吗"), ("buyer", "这款包邮吗"), ("buyer", "在吗"))
    result = evaluate([{"keywords": "包邮", "reply": "x", "topic": "贺卡"}], chat)
    assert (result.messages, result.answered, result.wrong) == (3, 2, 2)
    assert result.wrong_rate == 1.0


def test_no_rules_answer_nothing_and_the_wrong_rate_is_nan():
    result = evaluate([], CHAT)
    assert (result.messages, result.answered, result.wrong) == (4, 0, 0)
    assert result.coverage == 0.0
    assert math.isnan(result.wrong_rate)


def test_no_buyer_messages_gives_nan_for_both_rates():
    chat = messages(("agent", "包邮的亲"), ("auto", "欢迎光临"))
    result = evaluate(RULES, chat)
    assert (result.messages, result.answered, result.wrong) == (0, 0, 0)
    assert math.isnan(result.coverage)
    assert math.isnan(result.wrong_rate)
    assert len(result.table) == 0


def test_evaluate_checks_the_rules_first():
    with pytest.raises(RuleError):
        evaluate([{"keywords": [], "reply": "x"}], CHAT)


def test_summary_reports_the_counts_in_chinese():
    summary = evaluate(RULES, CHAT).summary()
    assert "买家消息 4 条" in summary
    assert "覆盖率 75.0%" in summary
    assert "答非所问 1 条" in summary


def test_evaluate_defaults_to_the_shop_messages():
    rules = [{"keywords": ["包邮"], "reply": "x", "topic": "包邮"}]
    result = evaluate(rules)
    buyer = load("messages").query("sender == 'buyer'")
    assert result.messages == len(buyer)
    assert result.answered == buyer["text"].str.contains("包邮", regex=False).sum()


# ---- rules_code ----------------------------------------------------------------

TRICKY = [
    {"keywords": ["包邮", "运费"], "reply": "亲，满99元全国包邮哦～", "priority": 2, "topic": "包邮"},
    {"keywords": "贺卡", "reply": '写上"生日快乐"\\n就好\n第二行', "priority": -3},
    {"keywords": ["对了"], "reply": "it's {ok}", "topic": "结束语"},
]


def _run(code: str) -> dict:
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - the snippet is meant to be pasted and run
    return namespace


def test_rules_code_executes_back_into_the_same_rules():
    namespace = _run(rules_code(TRICKY))
    assert parse_rules(namespace["rules"]) == parse_rules(TRICKY)


def test_rules_code_uses_the_given_name():
    code = rules_code(TRICKY, name="my_rules")
    assert code.startswith("my_rules = ")
    assert "my_rules" in _run(code)


def test_rules_from_the_code_evaluate_the_same_on_messages():
    rules = [*RULES, *TRICKY]
    again = _run(rules_code(rules))["rules"]
    before, after = evaluate(rules, CHAT), evaluate(again, CHAT)
    assert (after.messages, after.answered, after.wrong) == (
        before.messages, before.answered, before.wrong)
    pd.testing.assert_frame_equal(after.table, before.table)


def test_rules_code_round_trips_on_the_shop_messages():
    rules = [{"keywords": ["包邮", "运费"], "reply": "a", "priority": 1, "topic": "包邮"},
             {"keywords": ["在吗", "你好", "您好"], "reply": "b", "topic": "问候"},
             {"keywords": ["吗"], "reply": "c", "priority": -1, "topic": "发票"}]
    again = _run(rules_code(rules))["rules"]
    before, after = evaluate(rules), evaluate(again)
    assert (after.answered, after.wrong) == (before.answered, before.wrong)
    assert before.wrong > 0


# ---- what real buyers type (the messy messages of the shop data) ---------------------


@pytest.mark.parametrize(("text", "topics"), [
    ("这个包油吗", ("包邮",)),
    ("包唔包邮㗎", ("包邮",)),
    ("byma", ("包邮",)),
    ("花打蔫了咋整", ("花材蔫了",)),
    ("会不会到手就蔫了😭", ("新鲜度",)),
    ("我在杭州，当天能送到吗", ("同城配送",)),
    ("zaima", ("问候",)),
    ("好滴", ("结束语",)),
    ("在吗，这款包邮吗", ("问候", "包邮")),
    ("亲，在吗？ 能开票吗", ("问候", "发票")),
    ("这款包邮吗？今天下单什么时候发货", ("包邮", "发货时间")),
    ("能写和卡吗 fp能开吗", ("贺卡", "发票")),
    ("对了，包不包邮啊😂", ("包邮",)),
])
def test_the_buyers_own_forms_and_two_things_in_one_line_have_their_topics(text, topics):
    assert autoreply.topics_of(text) == topics
    assert topic_of(text) == ([t for t in topics if t != "问候"] or ["问候"])[0]


@pytest.mark.parametrize("text", ["好的，这款包邮吗", "这款包邮吗，在吗", "包邮吗？谢谢", "在吗在吗"])
def test_a_line_is_split_only_into_a_greeting_or_question_and_a_question(text):
    assert autoreply.topics_of(text) == ()


def test_a_reply_to_either_question_of_a_two_question_line_is_no_wrong_match():
    chat = messages(("buyer", "这款包邮吗？今天下单什么时候发货"), ("buyer", "在吗，能开票吗"))
    rules = [{"keywords": ["包邮"], "reply": "满99包邮", "priority": 2, "topic": "包邮"},
             {"keywords": ["在吗"], "reply": "您好", "topic": "问候"},
             {"keywords": ["开票"], "reply": "可以开", "priority": -1, "topic": "发票"}]
    result = evaluate(rules, chat)
    assert (result.answered, result.wrong) == (2, 0)
    result = evaluate([{"keywords": ["发货"], "reply": "x", "topic": "物流"}], chat)
    assert (result.answered, result.wrong) == (1, 1)


@functools.cache
def _ch03_model_answer() -> str:
    """The code of ch03 练习 4's model answer (from the source notebook)."""
    import json
    from pathlib import Path

    notebook = json.loads((Path(__file__).resolve().parents[2] / "source" / "ch03" / "ch03.ipynb")
                          .read_text("utf-8"))
    cell = next(c for c in notebook["cells"]
                if c["metadata"].get("nbgrader", {}).get("grade_id") == "answer_rule_design")
    return "".join(cell["source"])


def _ch03_model_rules(topics: str) -> list[dict]:
    """The rules of ch03 练习 4's model answer for a student's topics."""
    code = _ch03_model_answer()
    namespace = {"练习4": {"topics": topics}}
    exec(code, namespace)  # noqa: S102 - the course's own model answer
    return namespace["rules"]


def _rates(rule_sets: list[list[dict]], texts: pd.Series) -> list[tuple[float, float]]:
    """(coverage, wrong rate) of each rule set on ``texts``: each distinct rule is matched
    against each distinct text once, so all of ch03 练习 4's 924 topic sets take a second."""
    import numpy as np

    counts = texts.value_counts()
    truth = [autoreply.topics_of(t) for t in counts.index]
    hits: dict[tuple, np.ndarray] = {}
    wrong_for: dict[str, np.ndarray] = {}
    out = []
    for rules in rule_sets:
        parsed = parse_rules(rules)
        keys = []
        for order, rule in enumerate(parsed):
            if rule.keywords not in hits:
                hits[rule.keywords] = np.array([max((len(k) for k in rule.keywords if k in t),
                                                    default=0) for t in counts.index])
            length = hits[rule.keywords]
            # the matching rule with the highest (priority, keyword length, -order) wins
            keys.append(np.where(length > 0, (rule.priority + 100) * 10_000 + length * 100
                                 - order, -1))
        keys = np.array(keys)
        winner, answered = keys.argmax(axis=0), keys.max(axis=0) >= 0
        for rule in parsed:
            if rule.topic not in wrong_for:
                wrong_for[rule.topic] = np.array([bool(t) and rule.topic not in t for t in truth])
        off = np.array([wrong_for[rule.topic] for rule in parsed])
        wrong = answered & off[winner, np.arange(len(truth))]
        n = counts.to_numpy()
        out.append((n[answered].sum() / n.sum(), n[wrong].sum() / n[answered].sum()))
    return out


def test_ch03_q4_plain_keywords_fall_short_and_the_model_answer_does_not():
    """On the shop's messy messages, one obvious keyword per topic stays under 练习 4's 35%
    coverage for every student's topics, while the model answer (typos, 方言 and 拼音缩写 as
    keywords) reaches it with at most 5% wrong matches."""
    from itertools import combinations

    from course.exercises.ch03 import Q4_TOPICS

    obvious = {"问候": ["在吗", "你好", "您好"], "包邮": ["包邮"], "发货时间": ["发货"],
               "指定日期": ["指定日期"], "贺卡": ["贺卡"], "新鲜度": ["新鲜"], "尺寸": ["尺寸"],
               "优惠": ["优惠"], "议价": ["便宜"], "同城配送": ["同城"], "发票": ["发票"],
               "加购花瓶": ["花瓶"], "改地址": ["改地址"]}
    texts = load("messages").query("sender == 'buyer'")["text"]
    topic_sets = ["、".join(c) for c in combinations(Q4_TOPICS, 6)]
    plain = [[{"keywords": obvious[t], "reply": "x", "priority": 0 if t == "问候" else 2, "topic": t}
              for t in ["问候", *topics.split("、")]] for topics in topic_sets]
    assert max(coverage for coverage, _ in _rates(plain, texts)) < 0.35
    model = _rates([_ch03_model_rules(topics) for topics in topic_sets], texts)
    assert min(coverage for coverage, _ in model) >= 0.35
    assert max(wrong for _, wrong in model) <= 0.05


def test_requirements_name_each_unmet_part_of_the_brief():
    from course.autoreply import requirements

    good = [{"keywords": ["包邮", "运费", "包油"], "reply": "满99包邮", "priority": 2, "topic": "包邮"},
            {"keywords": ["在吗"], "reply": "在的", "priority": 0, "topic": "问候"}]
    met = requirements(good, "包邮", min_coverage=0.01)
    assert set(met.values()) == {True} and len(met) == 6
    too_wide = [*good, {"keywords": ["花"], "reply": "好的", "priority": 5, "topic": "发票"}]
    missed = requirements(too_wide, "包邮、贺卡", min_coverage=0.01)
    assert not missed["只为店长给的主题写规则"] and not missed["每个主题至少一条规则"]
    assert missed["每条规则都写了主题"] and missed["不超过 8 条"]


# ---- 首次接待 and 离线／忙碌 auto replies ---------------------------------------------------

WELCOME = "您好，欢迎来到花卉知六🌷满99元包邮，16点前付款当天发货，请问想送给谁呢？"
OFFLINE = "亲，小六暂时不在，上线后第一时间回复您，着急的话可以先看看商品详情页哦～"


def _missed(kind: str, text: str) -> list[str]:
    return autoreply.review_auto_text(kind, text).missed


def test_the_lesson_s_welcome_and_offline_replies_pass_every_check():
    assert autoreply.review_auto_text("welcome", WELCOME).ok
    assert autoreply.review_auto_text("offline", OFFLINE).ok


def test_an_offline_reply_must_say_when_a_person_answers_and_a_welcome_need_not():
    silent = "亲，客服暂时不在，有问题请留言～"
    assert _missed("offline", silent) == [
        "告诉买家什么时候有人回复（如「上线后第一时间回复」「明早 9 点回复」）"]
    assert _missed("welcome", silent) == []
    for when in ("亲，客服明早9点回复您～", "亲，我们稍后回复您", "亲，客服回来后马上联系您",
                 "您好，工作时间 9:00–23:00，看到消息会尽快回复"):
        assert autoreply.review_auto_text("offline", when).ok, when


@pytest.mark.parametrize(("text", "missed"), [
    ("欢迎光临花卉知六，请问想送给谁呢？", "问候并称呼买家（亲／您）"),
    ("亲，全网最好的花店，欢迎光临～", "没有极限词（最好、第一、绝对、100% 等）"),
    ("亲，本店首选康乃馨～", "没有极限词（最好、第一、绝对、100% 等）"),
    ("亲，好评返现5元，欢迎光临～", "没有威胁、指责或用好处换好评"),
    ("亲，" + "欢迎" * 60, f"不超过 {autoreply.AUTO_TEXT_MAX} 字"),
    ("   ", "写了内容"),
])
def test_a_welcome_reply_is_checked_with_the_reply_rubric(text, missed):
    assert missed in _missed("welcome", text)


def test_a_set_phrase_with_a_banned_word_in_it_is_no_extreme_word():
    assert autoreply.taboos("亲，上线后第一时间回复您") == []
    assert [word for word, _, _ in autoreply.taboos("亲，品质第一")] == ["第一"]


def test_taboos_name_each_word_once_with_its_kind():
    found = autoreply.taboos("全网最低价，好评返现，再不付款就投诉你")
    assert [(word, kind) for word, kind, _ in found] == [
        ("全网最低", "no_extreme"), ("投诉你", "no_threat"), ("好评返", "no_bribe")]
    assert "性价比高" in found[0][2]


def test_review_auto_text_refuses_an_unknown_kind_and_a_non_text():
    with pytest.raises(KeyError):
        autoreply.review_auto_text("busy", "亲")
    with pytest.raises(TypeError):
        autoreply.review_auto_text("welcome", None)


def test_the_simulator_checks_both_texts_as_typed_and_keeps_its_rule_api():
    from course.ui import AutoReplySimulator

    chat = messages(("buyer", "这款包邮吗"))
    sim = AutoReplySimulator(messages=chat)
    assert sim.reviews["welcome"].ok and sim.reviews["offline"].ok
    sim._texts["offline"].value = "<b>客服不在</b>"
    assert not sim.reviews["offline"].ok and sim.texts["offline"] == "<b>客服不在</b>"
    shown = sim._text_checks["offline"].value
    assert "✘ 告诉买家什么时候有人回复" in shown and "<b>客服" not in shown
    assert sim.coverage.answered == 1 and "rules = " in sim._code.value
