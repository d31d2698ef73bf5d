"""Chapter 9 appraisal: KPI scores, scorecard checks, totals, grades, 绩效系数 and 提成."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from course import appraisal, kpi
from course.appraisal import DEFAULT_SCORECARD, Item
from course.rules import RULES, Appraisal

CJK = re.compile(r"[\u4e00-\u9fff]")
KPIS = ["conversion_rate", "avg_response_s", "reply_rate", "satisfaction_rate", "refund_rate"]


def agents(**rows) -> pd.DataFrame:
    """A KPI table indexed by agent id from {agent: {column: value}}."""
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "agent_id"
    return frame


def worked_agent(**changes) -> dict:
    return {"conversion_rate": 0.45, "avg_response_s": 35.0, "reply_rate": 0.97,
            "satisfaction_rate": 0.92, "refund_rate": 0.04, "sales": 25000.0, **changes}


def single(kpi_name: str = "reply_rate", floor: float = 0, target: float = 100) -> list[Item]:
    return [Item(kpi_name, 100, floor, target)]


# --- the worked example -----------------------------------------------------------------------


def test_default_scorecard_is_the_course_example():
    assert [(i.kpi, i.weight, i.floor, i.target) for i in DEFAULT_SCORECARD] == [
        ("conversion_rate", 35, 0.20, 0.60), ("avg_response_s", 25, 60.0, 20.0),
        ("reply_rate", 15, 0.90, 1.00), ("satisfaction_rate", 15, 0.80, 0.98),
        ("refund_rate", 10, 0.10, 0.02),
    ]
    assert sum(i.weight for i in DEFAULT_SCORECARD) == 100
    assert [i.lower_is_better for i in DEFAULT_SCORECARD] == [False, True, False, False, True]


def test_worked_example():
    row = appraisal.appraise(agents(A01=worked_agent()), rate=0.02).loc["A01"]
    assert row["conversion_rate_score"] == pytest.approx(62.5)
    assert row["avg_response_s_score"] == pytest.approx(62.5)
    assert row["reply_rate_score"] == pytest.approx(70)
    assert row["satisfaction_rate_score"] == pytest.approx(66.67, abs=0.005)
    assert row["refund_rate_score"] == pytest.approx(75)
    assert row["total"] == pytest.approx(65.5)
    assert row["grade"] == "D"
    assert row["coefficient"] == 0.5
    assert row["sales"] == pytest.approx(25000)
    assert row["commission"] == pytest.approx(250)


def test_result_columns():
    out = appraisal.appraise(agents(A01=worked_agent()))
    assert list(out.columns) == [f"{k}_score" for k in KPIS] + [
        "total", "grade", "coefficient", "sales", "commission"]


# --- KPI scores -----------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "score"), [
    (0.20, 0), (0.30, 25), (0.40, 50), (0.60, 100), (0.10, 0), (0.0, 0), (0.80, 100), (1.0, 100),
])
def test_higher_is_better_scores_linearly_and_is_capped(value, score):
    assert appraisal.kpi_score(value, 0.20, 0.60) == pytest.approx(score)


@pytest.mark.parametrize(("value", "score"), [
    (60, 0), (50, 25), (40, 50), (20, 100), (10, 100), (0, 100), (61, 0), (300, 0),
])
def test_lower_is_better_when_the_target_is_below_the_floor(value, score):
    assert appraisal.kpi_score(value, 60, 20) == pytest.approx(score)


def test_no_data_scores_zero():
    assert appraisal.kpi_score(float("nan"), 0.2, 0.6) == 0
    assert appraisal.kpi_score(float("nan"), 60, 20) == 0
    assert appraisal.kpi_score(None, 0.2, 0.6) == 0


def test_nan_kpi_in_the_table_scores_zero():
    table = agents(A01=worked_agent(conversion_rate=float("nan")),
                   A02=worked_agent(refund_rate=float("nan")))
    out = appraisal.appraise(table)
    assert out.loc["A01", "conversion_rate_score"] == 0
    assert out.loc["A01", "total"] == pytest.approx(65.5 - 0.35 * 62.5, abs=0.01)
    assert out.loc["A02", "refund_rate_score"] == 0
    assert out.loc["A02", "total"] == pytest.approx(65.5 - 0.10 * 75, abs=0.01)


def test_scores_stay_within_zero_and_hundred():
    best = worked_agent(conversion_rate=0.9, avg_response_s=5, reply_rate=1.0, satisfaction_rate=1.0,
                        refund_rate=0.0)
    worst = worked_agent(conversion_rate=0.0, avg_response_s=500, reply_rate=0.1, satisfaction_rate=0.1,
                         refund_rate=0.9)
    out = appraisal.appraise(agents(A01=best, A02=worst))
    assert out.loc["A01", "total"] == 100 and out.loc["A01", "grade"] == "A"
    assert out.loc["A02", "total"] == 0 and out.loc["A02", "grade"] == "D"
    scores = out[[f"{k}_score" for k in KPIS]]
    assert ((scores >= 0) & (scores <= 100)).all().all()


def test_total_is_the_weighted_average_of_the_scores():
    card = [Item("reply_rate", 60, 0.0, 1.0), Item("refund_rate", 40, 0.5, 0.0)]
    table = agents(A01={"reply_rate": 0.5, "refund_rate": 0.1, "sales": 100.0})
    row = appraisal.appraise(table, card).loc["A01"]
    assert row["reply_rate_score"] == pytest.approx(50)
    assert row["refund_rate_score"] == pytest.approx(80)
    assert row["total"] == pytest.approx((60 * 50 + 40 * 80) / 100)


def test_weights_may_be_fractions_that_add_up_to_100():
    card = [Item("reply_rate", 33.3, 0, 1), Item("refund_rate", 33.3, 1, 0),
            Item("conversion_rate", 33.4, 0, 1)]
    assert len(appraisal.check_scorecard(card)) == 3


def test_a_zero_weight_kpi_does_not_count():
    card = [Item("reply_rate", 100, 0.9, 1.0), Item("conversion_rate", 0, 0.2, 0.6)]
    table = agents(A01=worked_agent(conversion_rate=0.0))
    assert appraisal.appraise(table, card).loc["A01", "total"] == pytest.approx(70)


def test_scorecard_items_may_be_tuples_or_dicts():
    as_items = appraisal.appraise(agents(A01=worked_agent()))
    as_tuples = appraisal.appraise(agents(A01=worked_agent()),
                                   [(i.kpi, i.weight, i.floor, i.target) for i in DEFAULT_SCORECARD])
    as_dicts = appraisal.appraise(agents(A01=worked_agent()),
                                  [{"kpi": i.kpi, "weight": i.weight, "floor": i.floor,
                                    "target": i.target} for i in DEFAULT_SCORECARD])
    pd.testing.assert_frame_equal(as_items, as_tuples)
    pd.testing.assert_frame_equal(as_items, as_dicts)


# --- grades, coefficients, 提成 -----------------------------------------------------------------


@pytest.mark.parametrize(("total", "expected"), [
    (100, ("A", 1.2)), (90, ("A", 1.2)), (89.99, ("B", 1.0)), (80, ("B", 1.0)), (79.99, ("C", 0.8)),
    (70, ("C", 0.8)), (69.99, ("D", 0.5)), (0, ("D", 0.5)),
])
def test_grade_boundaries(total, expected):
    assert appraisal.grade(total) == expected


@pytest.mark.parametrize(("value", "grade", "coefficient"), [
    (90, "A", 1.2), (89.99, "B", 1.0), (80, "B", 1.0), (70, "C", 0.8), (69.99, "D", 0.5),
])
def test_grade_boundaries_through_appraise(value, grade, coefficient):
    table = agents(A01={"reply_rate": value, "sales": 10000.0})
    row = appraisal.appraise(table, single(), rate=0.03).loc["A01"]
    assert row["total"] == pytest.approx(value)
    assert (row["grade"], row["coefficient"]) == (grade, coefficient)
    assert row["commission"] == pytest.approx(10000 * 0.03 * coefficient)


def test_commission_is_sales_times_rate_times_coefficient():
    table = agents(A01={"reply_rate": 95, "sales": 12345.6}, A02={"reply_rate": 50, "sales": 20000.0})
    out = appraisal.appraise(table, single(), rate=0.05)
    assert out.loc["A01", "commission"] == pytest.approx(12345.6 * 0.05 * 1.2, abs=0.005)
    assert out.loc["A02", "commission"] == pytest.approx(20000 * 0.05 * 0.5)
    zero = appraisal.appraise(table, single(), rate=0)
    assert (zero["commission"] == 0).all()


def test_custom_grade_rules():
    rules = Appraisal(grades=((60.0, "合格", 1.0), (0.0, "不合格", 0.0)))
    table = agents(A01={"reply_rate": 60, "sales": 1000.0}, A02={"reply_rate": 59, "sales": 1000.0})
    out = appraisal.appraise(table, single(), rules=rules)
    assert out.loc["A01", "grade"] == "合格" and out.loc["A01", "commission"] == pytest.approx(20)
    assert out.loc["A02", "grade"] == "不合格" and out.loc["A02", "commission"] == 0
    assert RULES.appraisal.grades[0] == (90.0, "A", 1.2)


def test_agents_are_sorted_best_first():
    table = agents(A01={"reply_rate": 40, "sales": 1.0}, A02={"reply_rate": 95, "sales": 1.0},
                   A03={"reply_rate": 70, "sales": 1.0}, A04={"reply_rate": 70, "sales": 2.0})
    out = appraisal.appraise(table, single())
    assert list(out.index) == ["A02", "A03", "A04", "A01"]  # ties keep their order
    assert out["total"].is_monotonic_decreasing


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(("card", "needle"), [
    pytest.param([Item("reply_rate", 50, 0.9, 1.0), Item("refund_rate", 45, 0.1, 0.02)], "100",
                 id="weights-95"),
    pytest.param([Item("reply_rate", 60, 0.9, 1.0), Item("refund_rate", 45, 0.1, 0.02)], "100",
                 id="weights-105"),
    pytest.param([Item("happiness", 100, 0, 1)], "happiness", id="unknown-kpi"),
    pytest.param([Item("reply_rate", 100, 0.9, 0.9)], "回复率", id="floor-equals-target"),
    pytest.param([Item("reply_rate", 50, 0.9, 1.0), Item("reply_rate", 50, 0.8, 1.0)], "两次",
                 id="duplicate-kpi"),
    pytest.param([], "100", id="empty"),
])
def test_bad_scorecards_are_a_chinese_value_error(card, needle):
    with pytest.raises(ValueError, match=CJK) as error:
        appraisal.check_scorecard(card)
    assert needle in str(error.value)
    with pytest.raises(ValueError, match=CJK):
        appraisal.appraise(agents(A01=worked_agent()), card)


def test_the_weight_error_says_what_the_weights_add_up_to():
    card = [Item(i.kpi, i.weight - (5 if i.kpi == "conversion_rate" else 0), i.floor, i.target)
            for i in DEFAULT_SCORECARD]
    with pytest.raises(ValueError, match="95"):
        appraisal.check_scorecard(card)


@pytest.mark.parametrize("rate", [-0.01, 1.5, "0.02", True, None, float("nan")])
def test_bad_rate_is_a_chinese_value_error(rate):
    with pytest.raises(ValueError, match=CJK):
        appraisal.appraise(agents(A01=worked_agent()), rate=rate)


def test_missing_kpi_column_is_a_chinese_value_error():
    table = agents(A01=worked_agent()).drop(columns="refund_rate")
    with pytest.raises(ValueError, match="refund_rate"):
        appraisal.appraise(table)
    with pytest.raises(ValueError, match=CJK):
        appraisal.appraise(agents(A01=worked_agent()).drop(columns="sales"))


# --- smoke tests on the shop data -------------------------------------------------------------


@pytest.fixture(scope="module")
def june() -> pd.DataFrame:
    return kpi.agent_kpis("2025-06-01", "2025-06-30")


def test_shop_presale_agents_are_ranked_and_paid(june):
    out = appraisal.appraise(june.loc[["A01", "A02", "A03", "A04"]])
    assert sorted(out.index) == ["A01", "A02", "A03", "A04"]
    assert out["total"].is_monotonic_decreasing
    assert out["total"].between(0, 100).all()
    assert set(out["grade"]) <= {"A", "B", "C", "D"}
    expected = (june.loc[out.index, "sales"] * 0.02 * out["coefficient"]).round(2)
    pd.testing.assert_series_equal(out["commission"], expected, check_names=False, atol=0.01)
    for item in DEFAULT_SCORECARD:
        by_hand = appraisal.kpi_score(june.loc["A01", item.kpi], item.floor, item.target)
        assert out.loc["A01", f"{item.kpi}_score"] == pytest.approx(by_hand)


def test_shop_agents_without_inquiries_score_zero_on_conversion(june):
    out = appraisal.appraise(june)
    no_data = june.index[june["conversion_rate"].isna()]
    assert len(no_data) > 0
    assert (out.loc[no_data, "conversion_rate_score"] == 0).all()
    assert not math.isnan(out["total"].sum())


def test_the_result_for_learners_has_chinese_headers():
    june = kpi.agent_kpis("2025-06-01", "2025-06-30").loc[["A01", "A02"]]
    shown = appraisal.labelled(appraisal.appraise(june))
    assert all(CJK.search(str(c)) for c in shown.columns)
    assert "satisfaction_rate_score" in appraisal.appraise(june).columns
