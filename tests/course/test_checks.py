"""Answer checks: they fail on wrong answers and cheats, and never reveal the answer."""

from __future__ import annotations

import pandas as pd
import pytest

from course import checks


class AlwaysEqual(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


class AlwaysEqualNumber(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


def test_choice_rejects_non_strings_and_letters_outside_the_options():
    checks.expect_choice("q1", "B", "ABCD")
    for bad in (1, "b", "E", "AB", None, ["A"]):
        with pytest.raises(checks.AnswerError):
            checks.expect_choice("q1", bad, "ABCD")


def test_an_always_equal_string_does_not_pass_a_text_check():
    with pytest.raises(checks.AnswerError):
        checks.expect_equal_text("q1", AlwaysEqual("X"), "B")


def test_an_always_equal_number_is_compared_by_value():
    with pytest.raises(checks.AnswerError):
        checks.expect_close("q3", AlwaysEqualNumber(1.0), 2.0)


def test_failure_messages_never_contain_the_expected_value():
    with pytest.raises(checks.AnswerError) as info:
        checks.expect_close("q3", 1.0, 987.65, hint="提示")
    assert "987" not in str(info.value)
    with pytest.raises(checks.AnswerError) as info:
        checks.expect_equal_text("slowest_agent", "A01", "A03")
    assert "A03" not in str(info.value)
    with pytest.raises(checks.AnswerError) as info:
        checks.expect_series_close("q7", pd.Series({"A01": 1.0}), pd.Series({"A01": 615.5}))
    assert "615" not in str(info.value)


def test_nan_bool_and_text_are_not_numbers():
    for bad in (float("nan"), True, "3", None):
        with pytest.raises(checks.AnswerError):
            checks.expect_number("q", bad)


def test_series_check_ignores_order_and_zero_rows_but_not_values():
    want = pd.Series({"A01": 2.0, "A02": 0.0, "A03": 1.0})
    checks.expect_series_close("q", pd.Series({"A03": 1, "A01": 2}), want, tol=0)
    with pytest.raises(checks.AnswerError, match="「A03」的数值不对"):
        checks.expect_series_close("q", pd.Series({"A03": 2, "A01": 2}), want, tol=0)
    with pytest.raises(checks.AnswerError, match="索引"):
        checks.expect_series_close("q", pd.Series({"A01": 2}), want, tol=0)
    with pytest.raises(checks.AnswerError, match="Series"):
        checks.expect_series_close("q", {"A01": 2}, want)


def test_set_answers_must_match_exactly():
    checks.expect_equal_set("q9", {"A", "C", "F"}, ["A", "C", "F"])
    for bad in ({"A", "C"}, {"A", "C", "F", "B"}, ["A", "A", "C", "F"]):
        with pytest.raises(checks.AnswerError):
            checks.expect_equal_set("q9", bad, ["A", "C", "F"])


def test_learner_errors_are_explained_with_the_input():
    def broken(rate):
        return 1 / 0

    with pytest.raises(checks.AnswerError, match=r"调用 f\(0.5\) 时出错：ZeroDivisionError"):
        checks.call_safely("f", broken, 0.5)


def test_calling_the_reference_implementation_is_detected():
    from course import kpi
    from course.kpi import conversion_band as band

    def direct(rate):
        return kpi.conversion_band(rate)

    def aliased(rate):
        return band(rate)

    def own(rate):
        return "差" if rate < 0.3 else "较低"

    forbidden = ["course.kpi.conversion_band"]
    assert checks.uses_course_solution(direct, forbidden)
    assert checks.uses_course_solution(aliased, forbidden)
    assert not checks.uses_course_solution(own, forbidden)
    with pytest.raises(checks.AnswerError, match="参考实现"):
        checks.expect_own_code("conversion_band", aliased, forbidden)


def test_function_check_wants_a_def_with_the_right_arity():
    checks.expect_function("f", lambda x: x, 1)
    with pytest.raises(checks.AnswerError, match="2 个参数"):
        checks.expect_function("f", lambda x: x, 2)
    with pytest.raises(checks.AnswerError, match="def"):
        checks.expect_function("f", print, 1)


def test_pasted_calculator_state_needs_its_keys():
    checks.expect_keys("s", {"agents": [], "start": "", "end": ""}, ["agents", "start", "end"])
    with pytest.raises(checks.AnswerError, match="「end」"):
        checks.expect_keys("s", {"agents": [], "start": ""}, ["agents", "start", "end"])


def test_multi_select_earns_partial_credit_by_option():
    from course.checks import score_choices

    assert score_choices("q2", {"A", "C", "D"}, "ACD", points=2) == 2
    assert score_choices("q2", {"A", "C"}, "ACD", points=2) == round(2 * 2 / 3, 2)
    assert score_choices("q2", {"A", "C", "D", "B"}, "ACD", points=2) == round(2 / 3, 2)
    assert score_choices("q2", {"A", "C", "B"}, "ACD", points=2) == 0  # 2 right, 1 wrong
    assert score_choices("q2", {"A", "B", "C", "D", "E"}, "ACD", points=2) == 0  # all ticked
    assert score_choices("q2", ["B", "E"], "ACD", points=3) == 0
    with pytest.raises(AssertionError):
        score_choices("q2", "ACD", "ACD", points=2)  # a string, not a set: no points


def test_orderings_earn_partial_credit_by_the_longest_right_order():
    from course.checks import score_order

    want = list("DCGEAHFB")
    assert score_order("q2", want, want, points=2) == 2
    one_moved = ["C", "D", *want[2:]]  # two neighbours swapped: 7 of 8 still in order
    assert score_order("q2", one_moved, want, points=2) == round(2 * 3 / 4, 2)
    assert score_order("q2", list(reversed(want)), want, points=2) == 0
    with pytest.raises(AssertionError):
        score_order("q2", want[:-1], want, points=2)  # a letter missing: no points


def test_lists_of_separate_answers_earn_their_share_each():
    from course.checks import score_each

    assert score_each("q1", ["C", "E", "A", "D"], "CEAD", points=2) == 2
    assert score_each("q1", ["C", "E", "D", "A"], "CEAD", points=2) == 1
    assert score_each("q6", (16, 21), [16, 20], points=3) == 1.5
    assert score_each("q6", (16.0, 20), [16, 20], points=3) == 3  # 16.0 is the number 16
    assert score_each("q6", ("16", True), [16, 1], points=3) == 0  # text and bool are not numbers
    with pytest.raises(AssertionError):
        score_each("q1", ["C", "E", "A"], "CEAD", points=2)  # one missing: no points
