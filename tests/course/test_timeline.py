"""Unit tests for ``course.timeline`` (chapter 2), written against the order-timeline spec.

The worked example is the base order: 拍下 2025-06-18 09:00, 付款 09:20, 发货
2025-06-19 15:00 by 快递, giving ship_by 2025-06-21 09:20, confirm_by
2025-06-29 15:00 and review_by 2025-07-14 15:00.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

import pandas as pd
import pytest

from course.rules import RULES
from course.timeline import (
    STATE_LABELS,
    TimelineError,
    late_ship_compensation,
    timeline,
)

CHINESE = re.compile(r"[\u4e00-\u9fff]")
CREATED = "2025-06-18 09:00"
PAID = "2025-06-18 09:20"
SHIPPED = "2025-06-19 15:00"


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


def example(**changes):
    """The worked example's order, with any argument replaced."""
    args = {"created": CREATED, "paid": PAID, "shipped": SHIPPED}
    args.update(changes)
    return timeline(**args)


def raises_chinese(call, *args, **kwargs) -> TimelineError:
    with pytest.raises(TimelineError) as info:
        call(*args, **kwargs)
    assert CHINESE.search(str(info.value)), str(info.value)
    return info.value


# --- the worked example ---------------------------------------------------------------------


def test_worked_example_deadlines():
    deadlines = example().deadlines
    assert deadlines["pay_by"] == ts("2025-06-21 09:00")
    assert deadlines["ship_by"] == ts("2025-06-21 09:20")
    assert deadlines["confirm_by"] == ts("2025-06-29 15:00")
    assert deadlines["review_by"] == ts("2025-07-14 15:00")
    assert deadlines["follow_up_by"] == ts("2025-12-26 15:00")


def test_worked_example_buyer_extension_with_exactly_three_days_left_is_allowed():
    order = example(buyer_extend_at="2025-06-26 15:00")
    assert order.deadlines["confirm_by"] == ts("2025-07-02 15:00")


def test_buyer_extension_moves_trade_success_and_review_deadline():
    order = example(buyer_extend_at="2025-06-26 15:00")
    assert order.finished_at == ts("2025-07-02 15:00")
    assert order.deadlines["review_by"] == ts("2025-07-17 15:00")


def test_worked_example_states_through_the_order_life():
    order = example()
    assert order.state_at("2025-06-18 09:10") == "WAIT_BUYER_PAY"
    assert order.state_at("2025-06-18 09:20") == "WAIT_SELLER_SEND_GOODS"
    assert order.state_at("2025-06-19 14:59") == "WAIT_SELLER_SEND_GOODS"
    assert order.state_at("2025-06-19 15:00") == "WAIT_BUYER_CONFIRM_GOODS"
    assert order.state_at("2025-06-29 14:59") == "WAIT_BUYER_CONFIRM_GOODS"
    assert order.state_at("2025-06-29 15:00") == "TRADE_FINISHED"
    assert order.state_at("2025-08-01 00:00") == "TRADE_FINISHED"


def test_every_state_has_a_chinese_label():
    states = {"WAIT_BUYER_PAY", "WAIT_SELLER_SEND_GOODS", "WAIT_BUYER_CONFIRM_GOODS",
              "TRADE_FINISHED", "TRADE_CLOSED_BY_TAOBAO", "TRADE_CLOSED"}
    assert set(STATE_LABELS) == states
    assert all(CHINESE.search(label) for label in STATE_LABELS.values())


# --- unpaid orders: the 72 h close ----------------------------------------------------------


def test_unpaid_order_only_has_a_pay_deadline():
    order = timeline(CREATED)
    assert order.deadlines == {"pay_by": ts("2025-06-21 09:00")}
    assert order.finished_at is None


def test_unpaid_order_waits_for_payment_until_just_before_72_hours():
    assert timeline(CREATED).state_at("2025-06-21 08:59:59") == "WAIT_BUYER_PAY"


def test_unpaid_order_is_closed_by_taobao_at_exactly_72_hours():
    assert timeline(CREATED).state_at("2025-06-21 09:00") == "TRADE_CLOSED_BY_TAOBAO"


def test_unpaid_order_stays_closed_after_72_hours():
    assert timeline(CREATED).state_at("2025-07-30 12:00") == "TRADE_CLOSED_BY_TAOBAO"


def test_payment_one_minute_before_the_close_is_accepted():
    order = timeline(CREATED, paid="2025-06-21 08:59")
    assert order.state_at("2025-06-21 09:00") == "WAIT_SELLER_SEND_GOODS"
    assert order.deadlines["ship_by"] == ts("2025-06-24 08:59")


def test_payment_at_exactly_72_hours_is_rejected():
    raises_chinese(timeline, CREATED, paid="2025-06-21 09:00")


def test_payment_after_the_close_is_rejected():
    raises_chinese(timeline, CREATED, paid="2025-06-22 10:00")


# --- shipping --------------------------------------------------------------------------------


def test_ship_by_is_72_hours_after_payment_not_after_ordering():
    order = timeline(CREATED, paid="2025-06-20 18:30")
    assert order.deadlines["ship_by"] == ts("2025-06-23 18:30")


def test_paid_unshipped_order_has_no_confirm_or_review_deadline():
    order = timeline(CREATED, paid=PAID)
    assert set(order.deadlines) == {"pay_by", "ship_by"}
    assert order.state_at("2025-07-30 12:00") == "WAIT_SELLER_SEND_GOODS"


@pytest.mark.parametrize(
    ("method", "confirm_by"),
    [("快递", "2025-06-29 15:00"), ("平邮", "2025-07-19 15:00"),
     ("虚拟", "2025-06-22 15:00"), ("自动发货", "2025-06-20 15:00")],
)
def test_auto_confirm_period_depends_on_the_shipping_method(method, confirm_by):
    assert example(method=method).deadlines["confirm_by"] == ts(confirm_by)


def test_unknown_shipping_method_is_rejected():
    raises_chinese(example, method="顺丰")


# --- buyer extension -------------------------------------------------------------------------


def test_buyer_extension_with_more_than_three_days_left_is_rejected():
    raises_chinese(example, buyer_extend_at="2025-06-26 14:59")


def test_buyer_extension_right_after_shipping_is_rejected():
    raises_chinese(example, buyer_extend_at="2025-06-19 16:00")


def test_buyer_extension_one_minute_before_auto_confirm_is_allowed():
    order = example(buyer_extend_at="2025-06-29 14:59")
    assert order.deadlines["confirm_by"] == ts("2025-07-02 15:00")


def test_buyer_extension_after_auto_confirm_is_rejected():
    raises_chinese(example, buyer_extend_at="2025-06-30 10:00")


def test_buyer_extension_counts_from_the_method_specific_deadline():
    order = example(method="平邮", buyer_extend_at="2025-07-16 15:00")
    assert order.deadlines["confirm_by"] == ts("2025-07-22 15:00")
    raises_chinese(example, method="平邮", buyer_extend_at="2025-06-26 15:00")


def test_bad_buyer_extension_time_is_rejected():
    raises_chinese(example, buyer_extend_at="下周一")


# --- seller extension ------------------------------------------------------------------------


@pytest.mark.parametrize("days", [3, 5, 7, 10])
def test_seller_may_extend_by_3_5_7_or_10_days(days):
    order = example(seller_extend_days=days)
    assert order.deadlines["confirm_by"] == ts("2025-06-29 15:00") + pd.Timedelta(days=days)


@pytest.mark.parametrize("days", [1, 2, 4, 6, 8, 14, 15, -3])
def test_seller_extension_of_other_lengths_is_rejected(days):
    raises_chinese(example, seller_extend_days=days)


def test_seller_and_buyer_extensions_add_up():
    # Seller +5 days: auto-confirm 2025-07-04 15:00; the buyer asks with exactly 3 days left.
    order = example(seller_extend_days=5, buyer_extend_at="2025-07-01 15:00")
    assert order.deadlines["confirm_by"] == ts("2025-07-07 15:00")


def test_seller_extension_moves_when_buyer_may_extend():
    # With the seller's +5 days, 2025-06-26 15:00 leaves 8 days: too early for the buyer.
    raises_chinese(example, seller_extend_days=5, buyer_extend_at="2025-06-26 15:00")


# --- trade success, review and 追评 ----------------------------------------------------------


def test_buyer_confirmation_is_trade_success():
    order = example(confirmed="2025-06-22 10:00")
    assert order.finished_at == ts("2025-06-22 10:00")
    assert order.state_at("2025-06-22 09:59") == "WAIT_BUYER_CONFIRM_GOODS"
    assert order.state_at("2025-06-22 10:00") == "TRADE_FINISHED"


def test_review_and_follow_up_deadlines_count_from_buyer_confirmation():
    deadlines = example(confirmed="2025-06-22 10:00").deadlines
    assert deadlines["review_by"] == ts("2025-07-07 10:00")
    assert deadlines["follow_up_by"] == ts("2025-12-19 10:00")
    assert deadlines["confirm_by"] == ts("2025-06-29 15:00")


def test_automatic_confirmation_wins_when_it_comes_before_the_buyers():
    order = example(confirmed="2025-07-01 10:00")
    assert order.finished_at == ts("2025-06-29 15:00")
    assert order.state_at("2025-06-30 10:00") == "TRADE_FINISHED"
    assert order.deadlines["review_by"] == ts("2025-07-14 15:00")
    assert order.deadlines["follow_up_by"] == ts("2025-12-26 15:00")


def test_table_lists_deadlines_with_chinese_labels_in_time_order():
    table = example().table()
    assert list(table.columns) == ["节点", "时间"]
    assert len(table) == 5
    assert table["时间"].is_monotonic_increasing
    assert all(CHINESE.search(label) for label in table["节点"])


# --- refunds ---------------------------------------------------------------------------------


def test_refund_before_shipping_closes_the_trade_from_the_refund_time():
    order = timeline(CREATED, paid=PAID, refunded="2025-06-18 12:00")
    assert order.state_at("2025-06-18 11:59") == "WAIT_SELLER_SEND_GOODS"
    assert order.state_at("2025-06-18 12:00") == "TRADE_CLOSED"
    assert order.state_at("2025-07-30 12:00") == "TRADE_CLOSED"


def test_refund_after_shipping_closes_the_trade():
    order = example(refunded="2025-06-21 10:00")
    assert order.state_at("2025-06-21 09:59") == "WAIT_BUYER_CONFIRM_GOODS"
    assert order.state_at("2025-06-21 10:00") == "TRADE_CLOSED"
    assert order.state_at("2025-07-01 10:00") == "TRADE_CLOSED"


def test_refund_earlier_than_payment_is_rejected():
    # A refund is an event of the order too: it cannot come before the payment it refunds.
    raises_chinese(timeline, CREATED, paid=PAID, refunded="2025-06-18 09:10")


# --- events in an impossible order and bad input ---------------------------------------------


def test_payment_before_ordering_is_rejected():
    raises_chinese(timeline, CREATED, paid="2025-06-18 08:59")


def test_shipping_before_payment_is_rejected():
    raises_chinese(timeline, CREATED, paid=PAID, shipped="2025-06-18 09:19")


def test_confirmation_before_shipping_is_rejected():
    raises_chinese(example, confirmed="2025-06-19 14:59")


def test_shipping_without_payment_is_rejected():
    raises_chinese(timeline, CREATED, shipped=SHIPPED)


def test_confirmation_without_shipping_is_rejected():
    raises_chinese(timeline, CREATED, paid=PAID, confirmed=SHIPPED)


def test_events_at_the_same_moment_are_in_order():
    order = timeline(CREATED, paid=CREATED, shipped=CREATED, confirmed=CREATED)
    assert order.finished_at == ts(CREATED)
    assert order.state_at(CREATED) == "TRADE_FINISHED"


def test_missing_order_time_is_rejected():
    raises_chinese(timeline, None)


@pytest.mark.parametrize("field", ["created", "paid", "shipped", "confirmed", "refunded"])
def test_bad_time_string_is_rejected_in_chinese(field):
    args = {"created": CREATED, "paid": PAID, "shipped": SHIPPED, field: "昨天下午"}
    raises_chinese(timeline, **args)


def test_impossible_date_is_rejected():
    raises_chinese(timeline, "2025-02-30 10:00")


def test_state_at_rejects_a_bad_time_string():
    raises_chinese(example().state_at, "不是时间")


def test_state_at_rejects_a_moment_before_the_order_was_placed():
    raises_chinese(example().state_at, "2025-06-18 08:59")


def test_timeline_error_is_a_value_error():
    assert issubclass(TimelineError, ValueError)


# --- rules come from RULES.timeouts ----------------------------------------------------------


def test_timeline_follows_changed_timeouts():
    rules = replace(RULES.timeouts, unpaid_close_hours=48, ship_within_hours=24)
    order = timeline(CREATED, paid=PAID, timeouts=rules)
    assert order.deadlines["pay_by"] == ts("2025-06-20 09:00")
    assert order.deadlines["ship_by"] == ts("2025-06-19 09:20")
    unpaid = timeline(CREATED, timeouts=rules)
    assert unpaid.state_at("2025-06-20 08:59") == "WAIT_BUYER_PAY"
    assert unpaid.state_at("2025-06-20 09:00") == "TRADE_CLOSED_BY_TAOBAO"


def test_late_payment_message_names_the_configured_limit():
    rules = replace(RULES.timeouts, unpaid_close_hours=48)
    error = raises_chinese(timeline, CREATED, paid="2025-06-20 10:00", timeouts=rules)
    assert "48" in str(error)
    assert "72" not in str(error)


# --- 延迟发货赔付 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paid", "money"),
    [(199, 9.95), (60, 5.0), (800, 30.0), (100, 5.0), (600, 30.0), (123.4, 6.17), (0, 5.0)],
)
def test_late_ship_compensation_is_5_percent_between_5_and_30(paid, money):
    assert late_ship_compensation(paid) == money


def test_late_ship_compensation_is_rounded_to_cents():
    value = late_ship_compensation(333.33)
    assert value == 16.67
    assert round(value, 2) == value


@pytest.mark.parametrize("paid", [-1, -0.01, "199", None, True, [199], math.nan])
def test_late_ship_compensation_rejects_bad_amounts(paid):
    with pytest.raises(ValueError):
        late_ship_compensation(paid)


# --- a real order at an earlier moment (chapter 2, 练习 1) ----------------------------------
@pytest.mark.parametrize("k", range(12))
def test_state_case_asks_a_successful_order_in_one_of_its_earlier_states(k):
    from course import data
    from course.timeline import EARLIER_STATES, of_order, state_case

    case = state_case(k)
    orders = data.load("orders")
    row = orders[orders["order_id"] == case["order_id"]].iloc[0]
    assert row["status"] == "TRADE_FINISHED" and row["buyer_id"] == case["buyer"]
    assert of_order(row).state_at(case["moment"]) == EARLIER_STATES[k % 3]


def test_state_case_moments_sit_well_inside_the_state():
    from course import data
    from course.timeline import state_case

    orders = data.load("orders").set_index("order_id")
    for k in range(0, 90, 7):
        case = state_case(k)
        row, moment = orders.loc[case["order_id"]], pd.Timestamp(case["moment"])
        events = [row["created_at"], row["paid_at"], row["shipped_at"], row["finished_at"]]
        assert min(abs(moment - t) for t in events) >= pd.Timedelta(minutes=30)


def test_of_order_reads_a_refunded_order_as_closed_after_its_refund():
    from course.timeline import of_order

    row = pd.Series({"created_at": pd.Timestamp("2025-06-01 10:00"), "paid_at": pd.Timestamp("2025-06-01 10:05"),
                     "shipped_at": pd.NaT, "finished_at": pd.NaT, "closed_at": pd.Timestamp("2025-06-01 12:00"),
                     "status": "TRADE_CLOSED"})
    assert of_order(row).state_at("2025-06-01 11:00") == "WAIT_SELLER_SEND_GOODS"
    assert of_order(row).state_at("2025-06-01 13:00") == "TRADE_CLOSED"
