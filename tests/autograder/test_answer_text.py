"""How the rubric helper reads an answer: words, negation, keyword lists, repeats."""

from __future__ import annotations

import pytest

from autograder.answer_text import SEGMENTER, AnswerText, chars


@pytest.fixture(autouse=True, scope="module")
def _vocabulary():
    SEGMENTER.add_words(["售中", "订单备注"])


def _at(answer: AnswerText, word: str) -> tuple[int, int]:
    start = answer.text.index(word)
    return start, start + len(word)


def test_a_short_word_inside_a_longer_one_is_not_that_word():
    answer = AnswerText("麻烦拍照发给我，我马上处理")
    assert not answer.aligned(*_at(answer, "拍"))
    assert answer.aligned(*_at(answer, "拍照"))


@pytest.mark.parametrize(("text", "word", "negated"), [
    ("问题不在售中的备注环节", "售中", True),
    ("问题不在售中的备注环节", "备注", True),
    ("小A写完没有核对订单", "核对", True),
    ("问题出在售中的备注环节", "售中", False),
    ("问题不在仓库，而在售中的备注", "售中", False),   # the contrast ends the negation
    ("没有问题，核对后再发货", "核对", False),           # a comma ends it too
    ("不仅要核对订单，还要确认", "核对", False),         # 不仅 is no negation
])
def test_negation_reaches_to_the_end_of_its_clause(text, word, negated):
    answer = AnswerText(text)
    assert answer.negated(_at(answer, word)[0]) is negated


def test_a_list_of_keywords_is_not_a_sentence():
    answer = AnswerText("措施：核对，检查，复核，确认，模板，抽查。\n"
                        "小A 写备注前先核对订单号，再请买家确认。")
    first, second = answer.sentences
    assert first.listing and not second.listing
    assert 0.3 < answer.listing_share < 0.7


def test_keywords_separated_by_spaces_are_a_list_but_spaced_numbers_are_not():
    assert AnswerText("进口 红玫瑰 新鲜 当天 醒花 保鲜 花艺师 送礼").sentences[0].listing
    assert not AnswerText("6 月 1 日 16:00 用旺旺发送，金额 128 元").sentences[0].listing


def test_a_repeated_sentence_counts_once():
    once = "问题出在售中的订单备注环节，小A 把别人的备注写进了 B 的订单。"
    answer = AnswerText(once * 3)
    assert [s.repeat for s in answer.sentences] == [False, True, True]
    assert answer.own_chars == chars(once)
    assert answer.repeat_share == pytest.approx(2 / 3)


def test_headings_are_no_evidence_and_the_same_phrase_under_two_headings_repeats():
    answer = AnswerText("1. 包邮：亲，有问题随时找我哦～\n2. 贺卡：亲，有问题随时找我哦～", headed=True)
    assert answer.in_heading(answer.text.index("包邮"))
    assert not answer.in_heading(answer.text.index("找我"))
    assert [s.repeat for s in answer.sentences] == [False, True]


def test_an_excerpt_is_the_sentence_cut_around_the_word():
    answer = AnswerText("第一句很短。" + "这是很长的一句话，" * 6 + "关键的词在这里，后面还有很多很多的字。")
    start, end = _at(answer, "关键的词")
    excerpt = answer.excerpt(start, end, width=20)
    assert "关键的词" in excerpt and excerpt.startswith("…") and len(excerpt) <= 22
    assert answer.excerpt(*_at(answer, "第一句")) == "第一句很短"
