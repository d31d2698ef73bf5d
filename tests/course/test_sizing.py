"""Unit tests for ``course.sizing`` (尺码推荐, chapter 2), written against the size-chart spec.

Chart: S 150–160 cm / 40–50 kg, M 160–168 / 50–60, L 168–176 / 60–72, XL 176–185 / 72–85.
"""

from __future__ import annotations

import math
import re

import pytest

from course.sizing import SIZE_CHART, recommend

CHINESE = re.compile(r"[\u4e00-\u9fff]")
# A weight that is S, so the height alone decides, and a height that is S for weight tests.
LIGHT = 45
SHORT = 155


def test_size_chart_matches_the_spec():
    assert SIZE_CHART.to_dict("list") == {
        "size": ["S", "M", "L", "XL"],
        "height_min": [150, 160, 168, 176], "height_max": [160, 168, 176, 185],
        "weight_min": [40, 50, 60, 72], "weight_max": [50, 60, 72, 85]}


@pytest.mark.parametrize(
    ("height", "weight", "size"),
    [(155, 45, "S"), (164, 55, "M"), (172, 66, "L"), (180, 78, "XL")],
)
def test_middle_of_each_range_gives_that_size(height, weight, size):
    result = recommend(height, weight)
    assert (result.size, result.by_height, result.by_weight) == (size, size, size)


@pytest.mark.parametrize(
    ("height", "size"),
    [(150, "S"), (159.9, "S"), (160, "M"), (167.9, "M"), (168, "L"), (175.9, "L"),
     (176, "XL"), (185, "XL")],
)
def test_height_on_a_border_takes_the_larger_size(height, size):
    assert recommend(height, LIGHT).by_height == size


@pytest.mark.parametrize(
    ("weight", "size"),
    [(40, "S"), (49.9, "S"), (50, "M"), (59.9, "M"), (60, "L"), (71.9, "L"),
     (72, "XL"), (85, "XL")],
)
def test_weight_on_a_border_takes_the_larger_size(weight, size):
    assert recommend(SHORT, weight).by_weight == size


def test_height_160_recommends_m():
    assert recommend(160, LIGHT).size == "M"


def test_larger_of_height_and_weight_size_is_recommended():
    result = recommend(155, 65)
    assert (result.by_height, result.by_weight, result.size) == ("S", "L", "L")
    assert "取较大的一码" in result.reason


def test_larger_size_wins_when_height_is_the_larger():
    result = recommend(180, 45)
    assert (result.by_height, result.by_weight, result.size) == ("XL", "S", "XL")


def test_matching_sizes_say_they_agree():
    assert "两者一致" in recommend(164, 55).reason


def test_standard_fit_is_the_default():
    assert recommend(164, 55) == recommend(164, 55, "标准")


@pytest.mark.parametrize(("height", "weight", "size"),
                         [(155, 45, "M"), (164, 55, "L"), (172, 66, "XL")])
def test_loose_fit_goes_one_size_up(height, weight, size):
    result = recommend(height, weight, "宽松")
    assert result.size == size
    assert "大一码" in result.reason


def test_loose_fit_goes_up_from_the_larger_of_the_two():
    assert recommend(155, 65, "宽松").size == "XL"


def test_loose_fit_keeps_xl_and_says_so():
    result = recommend(180, 78, "宽松")
    assert result.size == "XL"
    assert "最大码" in result.reason


def test_reason_is_chinese_and_names_both_sizes():
    reason = recommend(155, 65).reason
    assert CHINESE.search(reason)
    assert "S" in reason and "L" in reason


@pytest.mark.parametrize(("height", "weight"),
                         [(149.9, 45), (185.1, 78), (155, 39.9), (180, 85.1), (100, 200)])
def test_values_outside_the_chart_raise_a_chinese_value_error(height, weight):
    with pytest.raises(ValueError) as info:
        recommend(height, weight)
    assert CHINESE.search(str(info.value))


@pytest.mark.parametrize("fit", ["修身", "", None, "loose"])
def test_unknown_fit_raises_value_error(fit):
    with pytest.raises(ValueError):
        recommend(164, 55, fit)


@pytest.mark.parametrize("value", ["170", None, True, [170], math.nan])
def test_non_number_height_raises_value_error(value):
    with pytest.raises(ValueError):
        recommend(value, 55)


@pytest.mark.parametrize("value", ["55", None, False, (55,), math.nan])
def test_non_number_weight_raises_value_error(value):
    with pytest.raises(ValueError):
        recommend(164, value)
