"""Unit tests for ``course.typingspeed`` (打字测试, chapter 1), written against the spec.

Correct characters are the total size of difflib's matching blocks (whitespace
ignored), speed is correct ÷ seconds × 60 and accuracy correct ÷ reference length;
an attempt passes at ≥ 60 字/分钟 and ≥ 95 %.
"""

from __future__ import annotations

import difflib
import math
import re

import pytest

from course.typingspeed import MIN_ACCURACY, MIN_SPEED, PASSAGES, typing_result

CHINESE = re.compile(r"[\u4e00-\u9fff]")
REF = "亲您好欢迎光临"  # 7 characters
REF20 = "亲您好欢迎光临花卉知六我是客服小A今天下"  # 20 characters


def counts(result) -> tuple[int, int, int]:
    return result.reference_chars, result.typed_chars, result.correct_chars


def test_reference_strings_have_the_lengths_the_tests_assume():
    assert (len(REF), len(REF20)) == (7, 20)


def test_hiring_bar_is_60_per_minute_and_95_percent():
    assert (MIN_SPEED, MIN_ACCURACY) == (60, 0.95)


# --- exact numbers on tiny strings -----------------------------------------------------------


def test_perfect_copy_counts_every_character():
    result = typing_result(REF, REF, 7)
    assert counts(result) == (7, 7, 7)
    assert result.speed == 60.0
    assert result.accuracy == 1.0
    assert result.seconds == 7.0


def test_one_missing_character_costs_only_that_character():
    result = typing_result(REF, "亲您好欢迎临", 7)
    assert counts(result) == (7, 6, 6)
    assert result.speed == pytest.approx(6 / 7 * 60)
    assert result.accuracy == pytest.approx(6 / 7)


def test_one_wrong_character_costs_only_that_character():
    result = typing_result(REF, "亲您好欢迎光林", 7)
    assert counts(result) == (7, 7, 6)
    assert result.accuracy == pytest.approx(6 / 7)


def test_extra_characters_do_not_reduce_correct_count_or_accuracy():
    result = typing_result(REF, "亲您好啊欢迎光临了", 7)
    assert counts(result) == (7, 9, 7)
    assert result.accuracy == 1.0
    assert result.speed == 60.0


def test_swapped_characters_count_one_as_correct():
    # Matching blocks of 亲您好欢迎光临 / 您亲好欢迎光临: 好欢迎光临 (5) and one of 亲/您 (1).
    assert typing_result(REF, "您亲好欢迎光临", 7).correct_chars == 6


def test_whitespace_in_typed_text_is_ignored():
    result = typing_result(REF, " 亲您\t好\n欢迎\u3000光临 ", 7)
    assert counts(result) == (7, 7, 7)


def test_whitespace_in_reference_is_ignored():
    result = typing_result("亲 您好，\n欢迎光临", "亲您好，欢迎光临", 8)
    assert counts(result) == (8, 8, 8)
    assert result.accuracy == 1.0


def test_empty_typing_has_no_correct_characters():
    result = typing_result(REF, "", 30)
    assert counts(result) == (7, 0, 0)
    assert (result.speed, result.accuracy, result.passed) == (0.0, 0.0, False)


def test_speed_is_correct_characters_per_minute():
    assert typing_result(REF20, REF20, 10).speed == 120.0
    assert typing_result(REF20, REF20, 40).speed == 30.0
    assert typing_result(REF20, REF20, 2.5).speed == 480.0


def test_correct_count_is_the_total_of_difflib_matching_blocks():
    reference = PASSAGES[0]
    typed = reference.replace("花卉知六", "花会知6").replace("同城", "").replace("。", "。。")
    matcher = difflib.SequenceMatcher(None, reference, typed, autojunk=False)
    expected = sum(block.size for block in matcher.get_matching_blocks())
    result = typing_result(reference, typed, 60)
    assert result.correct_chars == expected
    assert result.reference_chars == len(reference)
    assert result.accuracy == pytest.approx(expected / len(reference))


# --- passing the bar -------------------------------------------------------------------------


def test_exactly_60_per_minute_and_full_accuracy_passes():
    assert typing_result(REF, REF, 7).passed


def test_just_under_60_per_minute_fails():
    result = typing_result(REF, REF, 7.5)
    assert result.speed == 56.0
    assert not result.passed


def test_exactly_95_percent_accuracy_passes():
    result = typing_result(REF20, REF20[:-1], 19)
    assert result.accuracy == 0.95
    assert result.speed == 60.0
    assert result.passed


def test_90_percent_accuracy_fails_even_when_fast():
    result = typing_result(REF20, REF20[:-2], 1)
    assert result.accuracy == 0.9
    assert result.speed > MIN_SPEED
    assert not result.passed


def test_summary_is_chinese_and_states_the_verdict():
    good = typing_result(REF, REF, 7).summary()
    bad = typing_result(REF, "", 7).summary()
    assert CHINESE.search(good) and "未达到" not in good and "达到" in good
    assert "未达到" in bad


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize("seconds", [0, 0.0, -1, -0.5])
def test_non_positive_seconds_raise_value_error(seconds):
    with pytest.raises(ValueError):
        typing_result(REF, REF, seconds)


@pytest.mark.parametrize("seconds", ["60", None, True, [60], math.nan])
def test_non_number_seconds_raise_value_error(seconds):
    with pytest.raises(ValueError):
        typing_result(REF, REF, seconds)


@pytest.mark.parametrize(("reference", "typed"),
                         [(None, REF), (REF, None), (123, REF), (REF, ["亲"]), (b"abc", "abc")])
def test_non_string_texts_raise_type_error(reference, typed):
    with pytest.raises(TypeError):
        typing_result(reference, typed, 60)
