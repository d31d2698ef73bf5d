"""Unit tests for ``course.compliance`` (极限词, chapter 2), written against the spec."""

from __future__ import annotations

import pytest

from course.compliance import BANNED, Finding, check_listing, find_banned

COLUMNS = ["违规词", "位置", "建议改为"]


def test_finds_a_banned_word_with_its_position_and_suggestion():
    assert find_banned("本店玫瑰最新鲜") == [Finding("最新鲜", 4, "当天到店的新鲜花材")]


def test_finds_several_banned_words_in_text_order():
    findings = find_banned("这是最好的花，绝对新鲜")
    assert [(f.word, f.start, f.suggestion) for f in findings] == [
        ("最好", 2, "很好"), ("绝对", 7, "尽量")]


def test_finds_every_occurrence_of_the_same_word():
    findings = find_banned("最好的服务，最好的花")
    assert [(f.word, f.start) for f in findings] == [("最好", 0), ("最好", 6)]


def test_longest_banned_word_is_reported_whole():
    findings = find_banned("全网最低，快来抢")
    assert [(f.word, f.start, f.suggestion) for f in findings] == [("全网最低", 0, "性价比高")]


def test_overlapping_words_report_the_longest_from_the_left():
    # 全网最低 and 最低价 overlap in 全网最低价; the longer, earlier word wins.
    findings = find_banned("全网最低价")
    assert [(f.word, f.start) for f in findings] == [("全网最低", 0)]


def test_shorter_word_is_found_when_the_longer_one_is_absent():
    assert [(f.word, f.start) for f in find_banned("今天最低价")] == [("最低价", 2)]


def test_plain_最低_is_not_banned_by_itself():
    assert find_banned("最低温度五度") == []


@pytest.mark.parametrize("word", sorted(BANNED))
def test_every_banned_word_is_found_with_its_suggestion(word):
    assert find_banned(f"亲，{word}哦") == [Finding(word, 2, BANNED[word])]


def test_every_suggestion_is_itself_clean():
    for word, suggestion in BANNED.items():
        assert suggestion, word
        assert find_banned(suggestion) == [], (word, suggestion)


def test_symbols_and_digits_are_matched_literally():
    assert [(f.word, f.start) for f in find_banned("好评率100%")] == [("100%", 3)]
    assert find_banned("好评率100") == []


@pytest.mark.parametrize("text", ["", "亲，这束花很新鲜，欢迎选购~", "性价比高的花束"])
def test_clean_text_gives_no_findings(text):
    assert find_banned(text) == []


@pytest.mark.parametrize("text", [None, 123, b"\xe6\x9c\x80\xe5\xa5\xbd", ["最好"]])
def test_non_string_raises_type_error(text):
    with pytest.raises(TypeError):
        find_banned(text)


def test_check_listing_table_has_chinese_columns_and_one_row_per_finding():
    table = check_listing("这是最好的花，绝对新鲜")
    assert list(table.columns) == COLUMNS
    assert table.to_dict("records") == [
        {"违规词": "最好", "位置": 2, "建议改为": "很好"},
        {"违规词": "绝对", "位置": 7, "建议改为": "尽量"},
    ]


def test_check_listing_of_clean_text_is_empty_with_the_same_columns():
    table = check_listing("亲，这束花很新鲜")
    assert table.empty
    assert list(table.columns) == COLUMNS


def test_check_listing_rejects_non_strings():
    with pytest.raises(TypeError):
        check_listing(None)
