"""Chapter 8 CRM: RFM values, scores and segments, repurchase, member levels, revisit list.

Exact cases use tiny hand-made order tables; a few smoke tests run on the shop data.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from course import crm
from course.data import load
from course.rules import RULES, Rfm

CJK = re.compile(r"[\u4e00-\u9fff]")
AS_OF = "2025-06-30"
DAY = pd.Timestamp(AS_OF)


def orders(*rows) -> pd.DataFrame:
    """Orders from (buyer, paid_at or None, paid_amount[, status]) tuples."""
    records = []
    for number, row in enumerate(rows, start=1):
        buyer, paid_at, amount, *status = row
        records.append({
            "order_id": f"O{number:05d}",
            "buyer_id": buyer,
            "created_at": pd.Timestamp(paid_at or "2025-01-01") - pd.Timedelta(minutes=5),
            "paid_at": pd.Timestamp(paid_at) if paid_at else pd.NaT,
            "status": status[0] if status else ("TRADE_FINISHED" if paid_at else "WAIT_BUYER_PAY"),
            "paid_amount": float(amount),
        })
    return pd.DataFrame(records)


def days_before(days: int, time: str = "12:00") -> str:
    """A paid_at ``days`` whole days before the as-of date, at ``time``."""
    return f"{(DAY - pd.Timedelta(days=days)):%Y-%m-%d} {time}"


def one_buyer(days: int = 5, amount: float = 50.0, count: int = 1, **kwargs) -> pd.Series:
    """The RFM row of a buyer with ``count`` orders of ``amount``, the last ``days`` ago."""
    rows = [("B1", days_before(days + i), amount) for i in range(count)]
    return crm.rfm(AS_OF, orders(*rows), **kwargs).loc["B1"]


# --- R, F, M values -------------------------------------------------------------------------


def test_values_of_a_buyer_with_several_orders():
    table = crm.rfm(AS_OF, orders(("B1", "2025-06-01 09:00", 120.5), ("B1", "2025-06-20 18:30", 80),
                                  ("B1", "2025-03-02 10:00", 99.5)))
    assert list(table.columns) == crm.RFM_COLUMNS
    assert table.index.name == "buyer_id"
    row = table.loc["B1"]
    assert row["R"] == 10  # 06-20 → 06-30
    assert row["F"] == 3
    assert row["M"] == pytest.approx(300.0)


def test_buyer_with_a_single_order():
    row = one_buyer(days=45, amount=150)
    assert (row["R"], row["F"], row["M"]) == (45, 1, 150.0)
    assert (row["r_score"], row["f_score"], row["m_score"]) == (4, 1, 2)


def test_r_counts_whole_days_between_dates_not_hours():
    late = crm.rfm(AS_OF, orders(("B1", "2025-06-29 23:59:59", 10))).loc["B1", "R"]
    early = crm.rfm(AS_OF, orders(("B1", "2025-06-30 00:00:01", 10))).loc["B1", "R"]
    assert (late, early) == (1, 0)


def test_as_of_with_a_time_of_day_still_uses_the_whole_day():
    frame = orders(("B1", "2025-06-30 21:00", 10), ("B1", "2025-06-28 10:00", 10))
    table = crm.rfm("2025-06-30 08:00", frame)
    assert table.loc["B1", "R"] == 0 and table.loc["B1", "F"] == 2


def test_payment_later_on_the_as_of_day_counts_and_next_day_does_not():
    frame = orders(("B1", "2025-06-10 10:00", 100), ("B1", "2025-06-30 23:59:59", 50),
                   ("B1", "2025-07-01 00:00:00", 70), ("B2", "2025-07-01 00:00:00", 30))
    table = crm.rfm(AS_OF, frame)
    assert list(table.index) == ["B1"]
    assert (table.loc["B1", "R"], table.loc["B1", "F"], table.loc["B1", "M"]) == (0, 2, 150.0)


def test_unpaid_orders_are_ignored():
    frame = orders(("B1", "2025-06-10 10:00", 100), ("B1", None, 500), ("B2", None, 80))
    table = crm.rfm(AS_OF, frame)
    assert list(table.index) == ["B1"]
    assert (table.loc["B1", "F"], table.loc["B1", "M"]) == (1, 100.0)


def test_refunded_and_closed_orders_still_count_once_paid():
    frame = orders(("B1", "2025-06-10 10:00", 100, "TRADE_FINISHED"),
                   ("B1", "2025-06-20 10:00", 60, "TRADE_CLOSED"),
                   ("B2", "2025-06-25 10:00", 40, "TRADE_CLOSED"))
    table = crm.rfm(AS_OF, frame)
    assert (table.loc["B1", "R"], table.loc["B1", "F"], table.loc["B1", "M"]) == (10, 2, 160.0)
    assert (table.loc["B2", "F"], table.loc["B2", "M"]) == (1, 40.0)


def test_orders_may_come_with_text_timestamps():
    frame = orders(("B1", "2025-06-20 10:00", 100))
    frame["paid_at"] = frame["paid_at"].dt.strftime("%Y-%m-%d %H:%M:%S")
    assert crm.rfm(AS_OF, frame).loc["B1", "R"] == 10


def test_as_of_before_any_order_gives_an_empty_frame_with_the_columns():
    table = crm.rfm("2024-01-01", orders(("B1", "2025-06-20 10:00", 100)))
    assert table.empty
    assert list(table.columns) == ["R", "F", "M", "r_score", "f_score", "m_score", "segment"]


def test_an_unreadable_as_of_date_is_a_chinese_error():
    with pytest.raises(ValueError, match=CJK):
        crm.rfm("不是日期", orders(("B1", "2025-06-20 10:00", 100)))


def test_input_orders_are_not_modified():
    frame = orders(("B1", "2025-06-20 10:00", 100), ("B2", None, 80))
    copy = frame.copy()
    crm.rfm(AS_OF, frame)
    pd.testing.assert_frame_equal(frame, copy)


# --- scores at the thresholds -----------------------------------------------------------------


@pytest.mark.parametrize(("days", "score"), [
    (0, 5), (30, 5), (31, 4), (60, 4), (61, 3), (90, 3), (91, 2), (180, 2), (181, 1), (400, 1),
])
def test_r_score_at_the_default_thresholds(days, score):
    assert one_buyer(days=days)["r_score"] == score


@pytest.mark.parametrize(("count", "score"), [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (9, 5)])
def test_f_score_by_number_of_orders(count, score):
    assert one_buyer(count=count, amount=1)["f_score"] == score


@pytest.mark.parametrize(("amount", "score"), [
    (0.01, 1), (99.99, 1), (100, 2), (199.99, 2), (200, 3), (499.99, 3), (500, 4), (999.99, 4),
    (1000, 5), (25000, 5),
])
def test_m_score_at_the_default_thresholds(amount, score):
    assert one_buyer(amount=amount)["m_score"] == score


def test_m_sums_money_without_float_noise_at_a_threshold():
    # 33.34 + 33.33 + 33.33 is exactly 100 元, so M scores 2; 3 × 33.33 = 99.99 scores 1.
    hundred = crm.rfm(AS_OF, orders(("B1", "2025-06-01 10:00", 33.34), ("B1", "2025-06-02 10:00", 33.33),
                                    ("B1", "2025-06-03 10:00", 33.33))).loc["B1"]
    assert hundred["M"] == pytest.approx(100.0) and hundred["m_score"] == 2
    below = one_buyer(amount=33.33, count=3)
    assert below["M"] == pytest.approx(99.99) and below["m_score"] == 1


def test_custom_thresholds_from_a_dict_override_only_what_is_given():
    thresholds = {"r_days": [7, 14, 21, 28]}
    assert one_buyer(days=7, thresholds=thresholds)["r_score"] == 5
    assert one_buyer(days=8, thresholds=thresholds)["r_score"] == 4
    assert one_buyer(days=28, thresholds=thresholds)["r_score"] == 2
    assert one_buyer(days=29, thresholds=thresholds)["r_score"] == 1
    # M keeps its defaults.
    assert one_buyer(amount=100, thresholds=thresholds)["m_score"] == 2


def test_custom_f_and_m_thresholds():
    thresholds = {"f_counts": [1, 3, 5, 8, 12], "m_amounts": [50, 150, 300, 600]}
    assert one_buyer(count=2, amount=1, thresholds=thresholds)["f_score"] == 1
    assert one_buyer(count=3, amount=1, thresholds=thresholds)["f_score"] == 2
    assert one_buyer(count=12, amount=1, thresholds=thresholds)["f_score"] == 5
    assert one_buyer(amount=49.99, thresholds=thresholds)["m_score"] == 1
    assert one_buyer(amount=600, thresholds=thresholds)["m_score"] == 5


def test_thresholds_may_be_an_rfm_object():
    thresholds = Rfm(r_days=(10, 20, 30, 40))
    assert one_buyer(days=11, thresholds=thresholds)["r_score"] == 4
    assert crm.check_thresholds(thresholds) is thresholds
    assert crm.check_thresholds(None) == RULES.rfm


def test_check_thresholds_fills_a_partial_dict_from_the_defaults():
    checked = crm.check_thresholds({"m_amounts": [50, 100, 200, 400], "high_score": 4})
    assert tuple(checked.m_amounts) == (50, 100, 200, 400)
    assert checked.high_score == 4
    assert tuple(checked.r_days) == tuple(RULES.rfm.r_days)
    assert tuple(checked.f_counts) == tuple(RULES.rfm.f_counts)


@pytest.mark.parametrize("bad", [
    pytest.param({"r_days": [30, 60, 90]}, id="r-three-numbers"),
    pytest.param({"f_counts": [1, 2, 3, 4, 5, 6]}, id="f-six-numbers"),
    pytest.param({"m_amounts": [100, 200, 500, 1000, 2000]}, id="m-five-numbers"),
    pytest.param({"r_days": 30}, id="r-one-bare-number"),
    pytest.param({"r_days": [30, 90, 60, 180]}, id="r-not-increasing"),
    pytest.param({"r_days": [30, 30, 90, 180]}, id="r-repeated"),
    pytest.param({"m_amounts": [1000, 500, 200, 100]}, id="m-decreasing"),
    pytest.param({"m_amounts": [0, 200, 500, 1000]}, id="m-not-positive"),
    pytest.param({"r_days": ["30", "60", "90", "180"]}, id="r-text"),
    pytest.param({"f_counts": [1, 2, "三", 4, 5]}, id="f-chinese-text"),
    pytest.param({"m_amounts": [100, True, 500, 1000]}, id="m-bool"),
    pytest.param({"r_days": [float("nan"), 60, 90, 180]}, id="r-nan"),
    pytest.param({"r_days": [30, 60, 90, 180], "weeks": 4}, id="unknown-key"),
    pytest.param({"high_score": 1}, id="high-1"),
    pytest.param({"high_score": 6}, id="high-6"),
    pytest.param({"high_score": 3.5}, id="high-3.5"),
])
def test_bad_thresholds_are_a_chinese_value_error(bad):
    with pytest.raises(ValueError, match=CJK):
        crm.check_thresholds(bad)
    with pytest.raises(ValueError, match=CJK):
        crm.rfm(AS_OF, orders(("B1", "2025-06-20 10:00", 100)), bad)


@pytest.mark.parametrize("high", [2, 3, 4, 5])
def test_every_allowed_high_score_is_accepted(high):
    assert crm.check_thresholds({"high_score": high}).high_score == high


# --- segments -------------------------------------------------------------------------------


def segment_orders() -> pd.DataFrame:
    """One buyer per segment with the defaults (高: R ≤ 90 days, F ≥ 3, M ≥ 200 元)."""
    rows = []
    for buyer, (recent, frequent, big) in {
        "HHH": (True, True, True), "HLH": (True, False, True), "LHH": (False, True, True),
        "LLH": (False, False, True), "HHL": (True, True, False), "HLL": (True, False, False),
        "LHL": (False, True, False), "LLL": (False, False, False),
    }.items():
        days = 10 if recent else 100
        count = 3 if frequent else 1
        total = 300.0 if big else 150.0
        rows += [(buyer, days_before(days + 20 * i), total / count) for i in range(count)]
    return orders(*rows)


def test_each_rfm_pattern_names_its_segment():
    table = crm.rfm(AS_OF, segment_orders())
    assert table["segment"].to_dict() == {
        "HHH": "重要价值客户", "HLH": "重要发展客户", "LHH": "重要保持客户", "LLH": "重要挽留客户",
        "HHL": "一般价值客户", "HLL": "一般发展客户", "LHL": "一般保持客户", "LLL": "一般挽留客户",
    }


def test_high_means_a_score_of_at_least_three_by_default():
    # R 90 days → 3 (高), 91 → 2 (低); F 3 → 高, 2 → 低; M 200 → 3 (高), 199.99 → 低.
    frame = orders(("B1", days_before(90), 100), ("B1", days_before(95), 50), ("B1", days_before(99), 50),
                   ("B2", days_before(91), 100), ("B2", days_before(95), 99.99))
    table = crm.rfm(AS_OF, frame)
    assert table.loc["B1", "segment"] == "重要价值客户"
    assert table.loc["B2", "segment"] == "一般挽留客户"


def test_high_score_line_is_configurable():
    frame = orders(("B1", days_before(50), 300), ("B1", days_before(60), 300), ("B1", days_before(70), 300),
                   ("B1", days_before(80), 300))
    row = crm.rfm(AS_OF, frame).loc["B1"]
    assert (row["r_score"], row["f_score"], row["m_score"]) == (4, 4, 5)
    assert row["segment"] == "重要价值客户"
    assert crm.rfm(AS_OF, frame, {"high_score": 4}).loc["B1", "segment"] == "重要价值客户"
    assert crm.rfm(AS_OF, frame, {"high_score": 5}).loc["B1", "segment"] == "重要挽留客户"
    assert crm.rfm(AS_OF, frame, {"high_score": 2}).loc["B1", "segment"] == "重要价值客户"


def test_segment_summary_lists_all_eight_segments_with_counts_and_shares():
    frame = segment_orders()
    extra = orders(("X1", days_before(3), 1000), ("X2", days_before(3), 800))
    table = crm.rfm(AS_OF, pd.concat([frame, extra], ignore_index=True))
    summary = crm.segment_summary(table)
    assert list(summary.index) == list(crm.SEGMENTS.values())
    assert set(summary.index) == set(crm.ACTIONS)
    assert summary.loc["重要发展客户", "人数"] == 3  # HLH, X1, X2
    assert summary["人数"].sum() == len(table) == 10
    assert summary["人数占比"].sum() == pytest.approx(1.0)
    assert summary["销售额占比"].sum() == pytest.approx(1.0)
    assert summary.loc["重要发展客户", "销售额"] == pytest.approx(2100.0)
    assert summary.loc["重要发展客户", "人数占比"] == pytest.approx(0.3)
    assert {"建议动作", "渠道"} <= set(summary.columns)


def test_segment_summary_keeps_empty_segments_at_zero():
    table = crm.rfm(AS_OF, orders(("B1", days_before(1), 600)))
    summary = crm.segment_summary(table)
    assert len(summary) == 8
    assert summary.loc["重要发展客户", "人数"] == 1
    assert summary["人数"].sum() == 1
    assert (summary.drop("重要发展客户")["人数"] == 0).all()
    assert summary["人数占比"].sum() == pytest.approx(1.0)


def test_segment_summary_of_an_empty_table():
    summary = crm.segment_summary(crm.rfm("2024-01-01", orders(("B1", "2025-06-20 10:00", 100))))
    assert len(summary) == 8
    assert (summary["人数"] == 0).all()


# --- repurchase rate ------------------------------------------------------------------------


def test_repurchase_rate_counts_buyers_with_two_or_more_paid_orders():
    frame = orders(("B1", "2025-06-01 10:00", 10), ("B1", "2025-06-05 10:00", 10),
                   ("B2", "2025-06-02 10:00", 10), ("B2", None, 10),
                   ("B3", "2025-06-03 10:00", 10), ("B3", "2025-06-04 10:00", 10, "TRADE_CLOSED"),
                   ("B4", "2025-06-03 10:00", 10), ("B5", None, 10), ("B5", None, 10))
    # B1 and B3 repurchased; B1–B4 paid; B5 never paid.
    assert crm.repurchase_rate(frame) == pytest.approx(2 / 4)


def test_repurchase_rate_only_looks_at_the_period():
    frame = orders(("B1", "2025-05-31 23:59", 10), ("B1", "2025-06-01 00:00", 10),
                   ("B2", "2025-06-10 10:00", 10), ("B2", "2025-06-30 23:59", 10),
                   ("B3", "2025-06-15 10:00", 10), ("B3", "2025-07-01 00:00", 10))
    assert crm.repurchase_rate(frame, "2025-06-01", "2025-06-30") == pytest.approx(1 / 3)
    assert crm.repurchase_rate(frame) == pytest.approx(1.0)
    assert crm.repurchase_rate(frame, start="2025-06-01") == pytest.approx(2 / 3)
    assert crm.repurchase_rate(frame, end="2025-06-30") == pytest.approx(2 / 3)


def test_repurchase_rate_is_nan_without_buyers():
    frame = orders(("B1", None, 10), ("B2", "2025-06-01 10:00", 10))
    assert math.isnan(crm.repurchase_rate(frame, "2025-07-01", "2025-07-31"))
    assert math.isnan(crm.repurchase_rate(orders(("B1", None, 10))))


# --- member levels --------------------------------------------------------------------------


def spend_orders(**spend) -> pd.DataFrame:
    return orders(*[(buyer, "2025-06-01 10:00", amount) for buyer, amount in spend.items()])


LEVEL_SPEND = {"S1": 120, "S2": 299.99, "P1": 300, "P2": 799.99, "G1": 800, "G2": 1999.99,
               "V1": 2000, "V2": 4999.99, "Z1": 5000, "Z2": 12000}


def test_member_levels_by_cumulative_spend_with_the_defaults():
    table = crm.member_levels(AS_OF, spend_orders(**LEVEL_SPEND))
    assert table["level"].to_dict() == {
        "S1": "店铺客户", "S2": "店铺客户", "P1": "普通会员", "P2": "普通会员", "G1": "高级会员",
        "G2": "高级会员", "V1": "VIP会员", "V2": "VIP会员", "Z1": "至尊VIP", "Z2": "至尊VIP",
    }
    assert table["discount"].to_dict() == {
        "S1": 1.0, "S2": 1.0, "P1": 0.95, "P2": 0.95, "G1": 0.9, "G2": 0.9, "V1": 0.85, "V2": 0.85,
        "Z1": 0.8, "Z2": 0.8,
    }
    assert table.loc["Z2", "spend"] == pytest.approx(12000)


def test_spend_is_cumulative_over_orders_up_to_the_date():
    frame = orders(("B1", "2025-01-01 10:00", 200), ("B1", "2025-06-30 22:00", 150),
                   ("B1", "2025-07-01 09:00", 5000))
    table = crm.member_levels(AS_OF, frame)
    assert table.loc["B1", "spend"] == pytest.approx(350)
    assert table.loc["B1", "level"] == "普通会员"


def test_level_plan_gives_buyers_spend_and_discount_cost_per_level():
    plan = crm.level_plan(AS_OF, spend_orders(**LEVEL_SPEND))
    assert list(plan.index) == ["店铺客户", "普通会员", "高级会员", "VIP会员", "至尊VIP"]
    assert plan["人数"].to_dict() == {"店铺客户": 2, "普通会员": 2, "高级会员": 2, "VIP会员": 2,
                                    "至尊VIP": 2}
    assert plan.loc["店铺客户", "累计消费"] == pytest.approx(419.99)
    assert plan.loc["普通会员", "累计消费"] == pytest.approx(1099.99)
    assert plan.loc["至尊VIP", "累计消费"] == pytest.approx(17000)
    assert plan.loc["店铺客户", "折扣成本"] == 0
    assert plan.loc["普通会员", "折扣成本"] == pytest.approx(1099.99 * 0.05, abs=0.011)
    assert plan.loc["高级会员", "折扣成本"] == pytest.approx(2799.99 * 0.10, abs=0.011)
    assert plan.loc["VIP会员", "折扣成本"] == pytest.approx(6999.99 * 0.15, abs=0.011)
    assert plan.loc["至尊VIP", "折扣成本"] == pytest.approx(17000 * 0.20)


def test_level_plan_shows_empty_levels_as_zero():
    plan = crm.level_plan(AS_OF, spend_orders(B1=50, B2=900))
    assert plan["人数"].to_dict() == {"店铺客户": 1, "普通会员": 0, "高级会员": 1, "VIP会员": 0,
                                    "至尊VIP": 0}
    assert plan.loc["高级会员", "折扣成本"] == pytest.approx(90)
    assert plan.loc["VIP会员", "累计消费"] == 0


def test_custom_levels_are_sorted_by_threshold():
    levels = [("金卡", 1000, 0.85), ("银卡", 200, 0.95)]
    plan = crm.level_plan(AS_OF, spend_orders(B1=150, B2=200, B3=999, B4=1000), levels)
    assert list(plan.index) == ["店铺客户", "银卡", "金卡"]
    assert plan["人数"].to_list() == [1, 2, 1]
    assert plan.loc["金卡", "折扣成本"] == pytest.approx(150)
    assert plan.loc["银卡", "折扣成本"] == pytest.approx((200 + 999) * 0.05)


def test_discounts_of_exactly_seven_tenths_and_one_are_allowed():
    levels = crm.check_levels([crm.Level("普通", 100, 1.0), crm.Level("高级", 500, 0.7)])
    assert [lv.discount for lv in levels] == [1.0, 0.7]


@pytest.mark.parametrize("levels", [
    [("普通会员", 300, 0.95), ("至尊VIP", 5000, 0.69)],  # below 7折
    [("普通会员", 300, 1.05), ("至尊VIP", 5000, 0.8)],  # above 1
    [("普通会员", 300, 0.95), ("高级会员", 300, 0.9)],  # equal thresholds
    [("普通会员", 300, 0.85), ("高级会员", 800, 0.9)],  # higher level, smaller discount
    [("高级会员", 800, 0.95), ("普通会员", 300, 0.9)],  # same, given out of order
])
def test_bad_levels_are_a_chinese_value_error(levels):
    with pytest.raises(ValueError, match=CJK):
        crm.check_levels(levels)
    with pytest.raises(ValueError, match=CJK):
        crm.level_plan(AS_OF, spend_orders(B1=100), levels)


def test_a_discount_below_seven_tenths_names_the_limit():
    with pytest.raises(ValueError, match="7 折"):
        crm.check_levels([("普通会员", 300, 0.65)])


# --- revisit list ---------------------------------------------------------------------------


def customers(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["buyer_id", "nick", "blacklisted"])


def test_revisit_list_skips_blacklisted_customers_and_explains_why_and_how():
    frame = orders(("B1", days_before(5), 600), ("B1", days_before(20), 400), ("B1", days_before(40), 100),
                   ("B2", days_before(10), 800),  # 重要发展客户
                   ("B3", days_before(120), 900),  # 重要挽留客户
                   ("B4", days_before(3), 2000),  # 重要发展客户 but blacklisted
                   ("B5", days_before(3), 50))  # 一般发展客户: not in the default segments
    table = crm.rfm(AS_OF, frame)
    people = customers(("B1", "小花", 0), ("B2", "小草", 0), ("B3", "小树", 0), ("B4", "黑名单", 1),
                       ("B5", "小苗", 0))
    revisit = crm.revisit_list(table, people)
    assert list(revisit.index) == ["B1", "B3", "B2"]  # most valuable first
    assert list(revisit.columns) == ["nick", "segment", "reason", "action", "channel"]
    assert "B4" not in revisit.index and "B5" not in revisit.index
    b3 = revisit.loc["B3"]
    assert b3["nick"] == "小树" and b3["segment"] == "重要挽留客户"
    assert "120 天" in b3["reason"] and "1 单" in b3["reason"] and "900.00" in b3["reason"]
    assert (b3["action"], b3["channel"]) == crm.ACTIONS["重要挽留客户"]
    assert revisit.loc["B1", "channel"] == crm.ACTIONS["重要价值客户"][1]


def test_revisit_list_segments_can_be_chosen():
    frame = orders(("B1", days_before(3), 50), ("B2", days_before(3), 600))
    table = crm.rfm(AS_OF, frame)
    people = customers(("B1", "新客", 0), ("B2", "大客", 0))
    revisit = crm.revisit_list(table, people, segments=("一般发展客户",))
    assert list(revisit.index) == ["B1"]
    assert "首单" in revisit.loc["B1", "action"]


# --- smoke tests on the shop data -------------------------------------------------------------


@pytest.fixture(scope="module")
def shop_rfm() -> pd.DataFrame:
    return crm.rfm(AS_OF)


def test_shop_rfm_covers_every_buyer_who_paid_by_the_date(shop_rfm):
    data = load("orders")
    paid = data.loc[data["paid_at"].notna() & (data["paid_at"] < DAY + pd.Timedelta(days=1))]
    assert list(shop_rfm.columns) == crm.RFM_COLUMNS
    assert set(shop_rfm.index) == set(paid["buyer_id"])
    assert shop_rfm["F"].sum() == len(paid)
    assert shop_rfm["M"].sum() == pytest.approx(paid["paid_amount"].sum(), abs=0.01 * len(shop_rfm))
    assert (shop_rfm["R"] >= 0).all() and (shop_rfm["F"] >= 1).all()
    for column in ("r_score", "f_score", "m_score"):
        assert shop_rfm[column].between(1, 5).all()
    assert set(shop_rfm["segment"]) <= set(crm.SEGMENTS.values())


def test_shop_rfm_agrees_with_the_orders_passed_in(shop_rfm):
    pd.testing.assert_frame_equal(crm.rfm(AS_OF, load("orders")), shop_rfm)


def test_shop_segment_summary_adds_up(shop_rfm):
    summary = crm.segment_summary(shop_rfm)
    assert len(summary) == 8
    assert summary["人数"].sum() == len(shop_rfm)
    assert summary["人数占比"].sum() == pytest.approx(1.0)
    assert summary["销售额占比"].sum() == pytest.approx(1.0)
    assert summary.loc["重要价值客户", "人数"] > 0


def test_shop_level_plan_and_revisit_list(shop_rfm):
    plan = crm.level_plan(AS_OF)
    assert plan["人数"].sum() == len(shop_rfm)
    assert plan.loc["店铺客户", "折扣成本"] == 0
    assert (plan["折扣成本"] >= 0).all()
    revisit = crm.revisit_list(shop_rfm)
    people = load("customers").set_index("buyer_id")
    blacklisted = set(people.index[people["blacklisted"] == 1])
    assert blacklisted and not blacklisted & set(revisit.index)
    assert set(revisit["segment"]) <= {"重要价值客户", "重要保持客户", "重要挽留客户", "重要发展客户"}
    assert revisit["reason"].str.contains("天前").all()
    assert revisit["channel"].notna().all()


def test_shop_repurchase_rate_is_a_share():
    rate = crm.repurchase_rate(start="2024-07-01", end=AS_OF)
    assert 0 < rate < 1


def test_tables_for_learners_have_chinese_headers():
    table = crm.rfm(AS_OF)
    for shown in (crm.labelled(table), crm.labelled(crm.revisit_list(table)),
                  crm.labelled(crm.member_levels(AS_OF))):
        assert all(CJK.search(str(c)) for c in [*shown.columns, shown.index.name])
    assert list(table.columns) == crm.RFM_COLUMNS  # code keeps the English names
