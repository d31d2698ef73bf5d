"""Unit tests for ``course.aftersales`` (退款流程, 部分退款, 退款原因帕累托), per the
chapter-6 spec.

Refunds in these tests are applied on 2025-06-01 10:00 unless a test says otherwise.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd
import pytest

from course import aftersales
from course.aftersales import FlowError, advance, simulate, step

START = "2025-06-01 10:00"
CHINESE = r"[\u4e00-\u9fff]"
T = pd.Timestamp
LABEL = aftersales.STATUS_LABELS


# --- deadlines and timeouts ------------------------------------------------------------------


def test_unshipped_order_seller_silent_48_hours_refunds_automatically():
    for kind in aftersales.TYPES:
        s = step(kind, False, "WAIT_SELLER_AGREE", START)
        assert s.deadline == T("2025-06-03 10:00")
        assert s.on_timeout == "SUCCESS"
        assert s.actor == "卖家"


def test_shipped_refund_only_seller_silent_5_days_counts_as_agreed_and_succeeds():
    s = step("仅退款", True, "WAIT_SELLER_AGREE", START)
    assert s.deadline == T("2025-06-06 10:00")
    assert s.on_timeout == "SUCCESS"


@pytest.mark.parametrize("kind", ["退货退款", "换货"])
def test_shipped_return_seller_silent_5_days_waits_for_the_goods(kind):
    s = step(kind, True, "WAIT_SELLER_AGREE", START)
    assert s.deadline == T("2025-06-06 10:00")
    assert s.on_timeout == "WAIT_BUYER_RETURN_GOODS"


def test_buyer_not_returning_within_7_days_closes_the_refund():
    s = step("退货退款", True, "WAIT_BUYER_RETURN_GOODS", START)
    assert s.deadline == T("2025-06-08 10:00")
    assert s.on_timeout == "CLOSED"
    assert s.actor == "买家"


def test_seller_not_confirming_returned_goods_within_10_days_refunds():
    s = step("退货退款", True, "WAIT_SELLER_CONFIRM_GOODS", START)
    assert s.deadline == T("2025-06-11 10:00")
    assert s.on_timeout == "SUCCESS"
    assert s.actor == "卖家"


@pytest.mark.parametrize("state", ["SELLER_REFUSE_BUYER", "SUCCESS", "CLOSED"])
def test_states_without_a_deadline(state):
    s = step("退货退款", True, state, START)
    assert s.deadline is None
    assert s.on_timeout is None
    assert s.label == LABEL[state]
    assert re.search(CHINESE, s.explanation)


@pytest.mark.parametrize(("kind", "shipped", "state", "after"), [
    ("仅退款", False, "WAIT_SELLER_AGREE", "SUCCESS"),
    ("退货退款", False, "WAIT_SELLER_AGREE", "SUCCESS"),
    ("仅退款", True, "WAIT_SELLER_AGREE", "SUCCESS"),
    ("退货退款", True, "WAIT_SELLER_AGREE", "WAIT_BUYER_RETURN_GOODS"),
    ("换货", True, "WAIT_SELLER_AGREE", "WAIT_BUYER_RETURN_GOODS"),
    ("退货退款", True, "WAIT_BUYER_RETURN_GOODS", "CLOSED"),
    ("退货退款", True, "WAIT_SELLER_CONFIRM_GOODS", "SUCCESS"),
])
def test_timeout_event_leads_where_the_deadline_says(kind, shipped, state, after):
    assert advance(kind, shipped, state, "timeout") == after


# --- events ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "state", "event", "after"), [
    ("仅退款", "WAIT_SELLER_AGREE", "seller_agree", "SUCCESS"),
    ("退货退款", "WAIT_SELLER_AGREE", "seller_agree", "WAIT_BUYER_RETURN_GOODS"),
    ("换货", "WAIT_SELLER_AGREE", "seller_agree", "WAIT_BUYER_RETURN_GOODS"),
    ("仅退款", "WAIT_SELLER_AGREE", "seller_refuse", "SELLER_REFUSE_BUYER"),
    ("退货退款", "WAIT_SELLER_AGREE", "seller_refuse", "SELLER_REFUSE_BUYER"),
    ("仅退款", "SELLER_REFUSE_BUYER", "buyer_modify", "WAIT_SELLER_AGREE"),
    ("仅退款", "SELLER_REFUSE_BUYER", "buyer_cancel", "CLOSED"),
    ("退货退款", "WAIT_BUYER_RETURN_GOODS", "buyer_return", "WAIT_SELLER_CONFIRM_GOODS"),
    ("换货", "WAIT_BUYER_RETURN_GOODS", "buyer_return", "WAIT_SELLER_CONFIRM_GOODS"),
    ("退货退款", "WAIT_SELLER_CONFIRM_GOODS", "seller_confirm", "SUCCESS"),
])
def test_event_moves_the_refund_to_the_next_state(kind, state, event, after):
    assert advance(kind, True, state, event) == after


@pytest.mark.parametrize("state", ["SUCCESS", "CLOSED"])
@pytest.mark.parametrize("event", list(aftersales.EVENTS))
def test_final_states_accept_no_event(state, event):
    with pytest.raises(FlowError, match=CHINESE):
        advance("退货退款", True, state, event)


@pytest.mark.parametrize(("state", "event"), [
    ("WAIT_SELLER_AGREE", "buyer_return"),
    ("WAIT_SELLER_AGREE", "seller_confirm"),
    ("WAIT_SELLER_AGREE", "buyer_modify"),
    ("WAIT_BUYER_RETURN_GOODS", "seller_agree"),
    ("WAIT_BUYER_RETURN_GOODS", "seller_confirm"),
    ("WAIT_SELLER_CONFIRM_GOODS", "buyer_return"),
    ("WAIT_SELLER_CONFIRM_GOODS", "seller_refuse"),
    ("SELLER_REFUSE_BUYER", "seller_agree"),
    ("SELLER_REFUSE_BUYER", "timeout"),
])
def test_impossible_events_are_refused_in_chinese(state, event):
    with pytest.raises(FlowError, match=CHINESE):
        advance("退货退款", True, state, event)


def test_unknown_event_kind_and_state_are_refused():
    with pytest.raises(FlowError, match=CHINESE):
        advance("仅退款", True, "WAIT_SELLER_AGREE", "seller_dance")
    with pytest.raises(FlowError, match=CHINESE):
        advance("退一半", True, "WAIT_SELLER_AGREE", "seller_agree")
    with pytest.raises(FlowError, match=CHINESE):
        advance("仅退款", True, "WAIT_NOBODY", "seller_agree")


def test_flow_error_is_a_value_error():
    assert issubclass(FlowError, ValueError)


# --- simulate --------------------------------------------------------------------------------


def test_simulate_a_full_return_that_the_seller_never_confirms():
    table = simulate("退货退款", True, START, [("seller_agree", "2025-06-02 09:00"),
                                             ("buyer_return", "2025-06-08 09:00"),
                                             ("timeout", None)])
    assert list(table.columns) == ["时间", "事件", "状态"]
    assert list(table["时间"]) == [T(START), T("2025-06-02 09:00"), T("2025-06-08 09:00"),
                                  T("2025-06-18 09:00")]
    assert list(table["状态"]) == [LABEL["WAIT_SELLER_AGREE"], LABEL["WAIT_BUYER_RETURN_GOODS"],
                                  LABEL["WAIT_SELLER_CONFIRM_GOODS"], LABEL["SUCCESS"]]
    assert list(table["事件"])[1:] == [aftersales.EVENTS[e] for e in
                                      ("seller_agree", "buyer_return", "timeout")]


def test_simulate_unshipped_timeout_refunds_at_48_hours():
    table = simulate("仅退款", False, START, [("timeout", None)])
    assert table["时间"].iloc[-1] == T("2025-06-03 10:00")
    assert table["状态"].iloc[-1] == LABEL["SUCCESS"]


def test_simulate_shipped_return_timeouts_close_the_refund_after_5_plus_7_days():
    table = simulate("换货", True, START, [("timeout", None), ("timeout", None)])
    assert list(table["时间"])[1:] == [T("2025-06-06 10:00"), T("2025-06-13 10:00")]
    assert list(table["状态"])[1:] == [LABEL["WAIT_BUYER_RETURN_GOODS"], LABEL["CLOSED"]]


def test_simulate_accepts_an_event_exactly_at_the_deadline():
    table = simulate("仅退款", False, START, [("seller_agree", "2025-06-03 10:00")])
    assert table["状态"].iloc[-1] == LABEL["SUCCESS"]


def test_simulate_refuses_an_event_after_the_deadline():
    with pytest.raises(FlowError, match=CHINESE):
        simulate("仅退款", False, START, [("seller_refuse", "2025-06-03 10:01")])
    with pytest.raises(FlowError, match=CHINESE):
        simulate("退货退款", True, START, [("seller_agree", "2025-06-02 09:00"),
                                         ("buyer_return", "2025-06-09 09:01")])


def test_simulate_refuses_events_out_of_time_order():
    with pytest.raises(FlowError, match=CHINESE):
        simulate("退货退款", True, START, [("seller_agree", "2025-06-02 09:00"),
                                         ("buyer_return", "2025-06-02 08:00")])
    with pytest.raises(FlowError, match=CHINESE):
        simulate("仅退款", True, START, [("seller_agree", "2025-06-01 09:59")])


def test_simulate_refused_then_modified_restarts_the_seller_deadline():
    table = simulate("仅退款", False, START, [("seller_refuse", "2025-06-01 12:00"),
                                            ("buyer_modify", "2025-06-04 12:00"),
                                            ("timeout", None)])
    assert list(table["状态"])[1:] == [LABEL["SELLER_REFUSE_BUYER"], LABEL["WAIT_SELLER_AGREE"],
                                      LABEL["SUCCESS"]]
    assert table["时间"].iloc[-1] == T("2025-06-06 12:00")


def test_simulate_refused_then_cancelled_closes():
    table = simulate("退货退款", True, START, [("seller_refuse", "2025-06-02 10:00"),
                                             ("buyer_cancel", "2025-06-03 10:00")])
    assert table["状态"].iloc[-1] == LABEL["CLOSED"]


def test_simulate_timeout_without_a_deadline_is_refused():
    with pytest.raises(FlowError, match=CHINESE):
        simulate("仅退款", True, START, [("seller_refuse", "2025-06-02 10:00"),
                                        ("timeout", None)])


def test_simulate_refuses_events_after_the_refund_ended():
    with pytest.raises(FlowError, match=CHINESE):
        simulate("仅退款", True, START, [("seller_agree", "2025-06-02 10:00"),
                                        ("buyer_cancel", "2025-06-02 11:00")])


# --- partial refunds and price differences ---------------------------------------------------


@pytest.mark.parametrize(("line", "expected"), [(0, "181.92"), (1, "26.51"), (2, "4.57")])
def test_partial_refund_uses_the_apportioned_amount(line, expected):
    # 20 × 199/233 = 17.0815 → 17.08; 20 × 29/233 = 2.4893 → 2.49; last line 20 − 19.57 = 0.43
    assert aftersales.partial_refund([199, 29, 5], 20, line=line) == Decimal(expected)


def test_apportioned_lines_add_up_to_what_was_paid():
    paid = sum(aftersales.partial_refund([199, 29, 5], 20, line=i) for i in range(3))
    assert paid == Decimal("213.00")


def test_partial_refund_of_some_units_is_pro_rata_rounded_half_up():
    # line 1 paid 26.51 for 2 units: one unit is 13.255 → 13.26
    assert aftersales.partial_refund([199, 29, 5], 20, line=1, qty=1, line_qty=2) == \
        Decimal("13.26")
    # 100 and 50 with 15 off: paid 90 and 45; one of three units of line 1 is 15
    assert aftersales.partial_refund([100, 50], 15, line=1, qty=1, line_qty=3) == Decimal("15.00")


def test_partial_refund_without_reduction_is_the_line_amount():
    assert aftersales.partial_refund([88.8, 11.2], 0, line=0) == Decimal("88.80")


@pytest.mark.parametrize("line", [3, -1, 10])
def test_partial_refund_refuses_a_line_that_does_not_exist(line):
    with pytest.raises(ValueError, match=CHINESE):
        aftersales.partial_refund([199, 29, 5], 20, line=line)


@pytest.mark.parametrize("qty", [0, 3, -1])
def test_partial_refund_refuses_an_impossible_quantity(qty):
    with pytest.raises(ValueError, match=CHINESE):
        aftersales.partial_refund([199, 29, 5], 20, line=0, qty=qty, line_qty=2)


def test_price_difference_without_a_coupon_pays_back_the_drop_of_every_unit():
    assert aftersales.price_difference("299.70", 89.9, 3) == Decimal("30.00")
    assert aftersales.price_difference("26.51", "19.90") == Decimal("6.61")


def test_price_difference_applies_the_same_coupon_again_when_today_still_reaches_it():
    # 2 × 149 − 20 = 278 paid; today 2 × 129 = 258 ≥ 200, so 238: the buyer gets 40, not 20
    assert aftersales.price_difference(278, 129, 2, coupon=(200, 20)) == Decimal("40.00")


def test_price_difference_drops_a_coupon_whose_threshold_today_is_not_reached():
    # 2 × 128 − 20 = 236 paid; today 2 × 99 = 198 < 200, no coupon: 38, not 2 × 29 = 58
    assert aftersales.price_difference(236, 99, 2, coupon=(200, 20)) == Decimal("38.00")
    # exactly at the threshold the coupon still applies
    assert aftersales.price_difference(280, 100, 2, coupon=(200, 20)) == Decimal("100.00")


def test_price_difference_is_zero_when_the_price_rises_or_stays():
    assert aftersales.price_difference("269.70", 99.9, 3) == Decimal("0.00")
    assert aftersales.price_difference("179.80", 89.9, 2) == Decimal("0.00")
    assert aftersales.price_difference(278, 149, 2, coupon=(200, 20)) == Decimal("0.00")


# --- reason Pareto ---------------------------------------------------------------------------


def _refunds() -> pd.DataFrame:
    rows = [
        ("R1", "配送延误", 50.0, "2025-06-01 10:00", "SUCCESS"),
        ("R2", "配送延误", 30.0, "2025-06-02 10:00", "SUCCESS"),
        ("R3", "配送延误", 20.0, "2025-06-03 18:00", "SUCCESS"),
        ("R4", "花材枯萎", 100.0, "2025-06-02 11:00", "SUCCESS"),
        ("R5", "花材枯萎", 10.0, "2025-06-04 11:00", "SUCCESS"),
        ("R6", "拍错了", 5.0, "2025-06-05 12:00", "SUCCESS"),
        ("R7", "拍错了", 80.0, "2025-06-05 13:00", "CLOSED"),
        ("R8", "颜色不符", 60.0, "2025-06-06 13:00", "CLOSED"),
    ]
    frame = pd.DataFrame(
        [(rid, f"O{rid}", "HF001", "仅退款", reason, amount, applied, None, status, "A1")
         for rid, reason, amount, applied, status in rows],
        columns=["refund_id", "order_id", "sku", "type", "reason", "amount", "applied_at",
                 "responded_at", "status", "agent_id"])
    frame["applied_at"] = pd.to_datetime(frame["applied_at"])
    frame["responded_at"] = pd.to_datetime(frame["responded_at"].astype(object))
    return frame


def test_pareto_of_successful_refunds():
    table = aftersales.reason_pareto(_refunds())
    assert list(table.index) == ["配送延误", "花材枯萎", "拍错了"]
    assert list(table["count"]) == [3, 2, 1]
    assert list(table["share"]) == pytest.approx([3 / 6, 2 / 6, 1 / 6])
    assert list(table["cum_share"]) == pytest.approx([3 / 6, 5 / 6, 1.0])
    assert list(table["amount"]) == pytest.approx([100.0, 110.0, 5.0])


def test_pareto_of_all_statuses():
    table = aftersales.reason_pareto(_refunds(), status=None)
    assert dict(table["count"]) == {"配送延误": 3, "花材枯萎": 2, "拍错了": 2, "颜色不符": 1}
    assert table["count"].is_monotonic_decreasing
    assert table.index[0] == "配送延误"
    assert table.index[-1] == "颜色不符"
    assert table["cum_share"].iloc[-1] == pytest.approx(1.0)
    assert table["cum_share"].is_monotonic_increasing


def test_pareto_filters_dates_inclusively():
    table = aftersales.reason_pareto(_refunds(), start="2025-06-02", end="2025-06-03")
    assert dict(table["count"]) == {"配送延误": 2, "花材枯萎": 1}
    assert table["cum_share"].iloc[-1] == pytest.approx(1.0)


def test_pareto_frame_shows_chinese_columns_and_percentages():
    shown = aftersales.pareto_frame(aftersales.reason_pareto(_refunds()))
    assert list(shown.columns) == ["退款笔数", "退款金额（元）", "占比", "累计占比"]
    assert shown.index.name == "退款原因"
    assert list(shown["累计占比"]) == ["50.0%", "83.3%", "100.0%"]


def test_pareto_refuses_a_table_without_reasons():
    with pytest.raises(KeyError):
        aftersales.reason_pareto(_refunds().drop(columns="reason"))


def _reason_pareto_before(refunds, status="SUCCESS", start=None, end=None) -> pd.DataFrame:
    """reason_pareto as it was with a named aggregation (issue 20)."""
    chosen = refunds
    if status is not None:
        chosen = chosen.loc[chosen["status"] == status]
    applied = pd.to_datetime(chosen["applied_at"])
    if start is not None:
        chosen = chosen.loc[applied >= pd.Timestamp(start).normalize()]
        applied = applied.loc[chosen.index]
    if end is not None:
        chosen = chosen.loc[applied < pd.Timestamp(end).normalize() + pd.Timedelta(days=1)]
    grouped = chosen.groupby("reason").agg(count=("reason", "size"), amount=("amount", "sum"))
    grouped = grouped.sort_values(["count", "amount"], ascending=False, kind="stable")
    total = grouped["count"].sum()
    grouped["share"] = grouped["count"] / total if total else 0.0
    grouped["cum_share"] = grouped["share"].cumsum()
    grouped["amount"] = grouped["amount"].round(2)
    return grouped


@pytest.mark.parametrize("student", [None, "2024001", "2024017"])
def test_reason_pareto_equals_the_former_named_aggregation(student, monkeypatch, tmp_path):
    from course.data import load
    from tests.factories import as_student

    as_student(monkeypatch, tmp_path, student, "aftersales-test")
    refunds = load("refunds")
    for kwargs in ({}, {"status": None}, {"start": "2024-12-01", "end": "2025-02-28"},
                   {"status": "没有这种状态"}):
        new, old = aftersales.reason_pareto(refunds, **kwargs), _reason_pareto_before(refunds, **kwargs)
        assert list(new.dtypes) == list(old.dtypes)
        pd.testing.assert_frame_equal(new, old, check_exact=True, check_index_type=True,
                                      check_column_type=True)
    small = _refunds()
    pd.testing.assert_frame_equal(aftersales.reason_pareto(small), _reason_pareto_before(small),
                                  check_exact=True)
