"""Practice self-checks: 正确 / 不正确 / 还没有完成, and a Chinese word for a blank left unfilled."""

from __future__ import annotations

import pandas as pd

from course import practice
from course.notebook import name_error_message


def test_right_wrong_and_unanswered():
    assert practice.compare(3, 3).ok is True
    assert practice.compare(0.1 + 0.2, 0.3).ok is True
    wrong = practice.compare(4, 3, hint="只数交易成功的订单")
    assert wrong.ok is False and "只数交易成功的订单" in wrong.message and "4" in wrong.message
    assert practice.compare(..., 3).ok is None
    assert "不正确" in wrong._repr_html_()


def test_tables_series_and_sets_compare_by_value():
    s = pd.Series([1, 2], index=["A01", "A02"])
    assert practice.compare(s.copy(), s).ok
    assert not practice.compare(s.rename(index={"A02": "A03"}), s).ok
    assert practice.compare({"B", "A"}, {"A", "B"}).ok
    assert not practice.compare(["A", "B"], {"A", "B"}).ok
    frame = pd.DataFrame({"x": [1.0, 2.0]})
    assert practice.compare(frame.copy(), frame).ok
    assert not practice.compare(frame * 2, frame).ok


def test_numbers_in_a_series_compare_within_the_tolerance():
    summed = pd.Series([0.1 + 0.2], index=["A01"])
    assert practice.compare(summed, pd.Series([0.3], index=["A01"])).ok
    assert not practice.compare(summed, pd.Series([0.4], index=["A01"])).ok


def test_a_numpy_number_is_shown_as_a_plain_number():
    import numpy as np

    result = practice.compare(np.float64(29906.34), 3.0)
    assert "你的结果是 29906.34。" in result.message and "np." not in result.message


def test_a_wrong_kind_of_answer_is_named():
    result = practice.compare("3", 3)
    assert result.ok is False and "整数" in result.message


def test_check_reads_the_learners_variable_by_name(monkeypatch):
    import __main__

    monkeypatch.setattr(__main__, "p1", 12, raising=False)
    assert practice.check("p1", 12).ok is True
    assert practice.check("p1", 13).ok is False
    assert practice.check("p_missing", 13).ok is None


def test_an_unfilled_blank_is_explained():
    assert "空白" in name_error_message("name '___' is not defined")
    assert "q1" in name_error_message("name 'q1' is not defined")
