"""Unit tests for ``course.chasing`` (催付), written against the chapter-5 spec.

Each test builds tiny hand-made tables. Unless a test says otherwise, ``now`` is
2025-06-10 14:00 and the base order O1 of buyer B1 (会员等级 0, not blacklisted)
was created at 10:00 the same day for 100 元: four hours old, unpaid, never
reminded, no consultation: an order that should be reminded.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from course import chasing
from course.chasing import REASONS

NOW = "2025-06-10 14:00"
CHINESE = r"[\u4e00-\u9fff]"
COLUMNS = ["order_id", "buyer_id", "created_at", "closes_at", "amount", "reminders",
           "value_score", "urgency_score", "customer_score", "inquiry_score", "score",
           "send_at", "channel", "excluded_reason"]
TEXT = "亲，您的订单还没有付款哦，有问题随时找我~"


# --- building tables ------------------------------------------------------------------------


def _times(frame: pd.DataFrame, *names: str) -> pd.DataFrame:
    for name in names:
        frame[name] = pd.to_datetime(frame[name].astype(object))
    return frame


def order(oid="O1", buyer="B1", created="2025-06-10 10:00", paid=None, closed=None,
          amount=100.0):
    status = "WAIT_BUYER_PAY" if paid is None else "WAIT_SELLER_SEND_GOODS"
    if closed is not None:
        status = "TRADE_CLOSED_BY_TAOBAO"
    return (oid, buyer, created, paid, closed, amount, status, "A1")


def orders_table(*rows) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=["order_id", "buyer_id", "created_at", "paid_at",
                                              "closed_at", "paid_amount", "status",
                                              "agent_id"])
    frame["paid_amount"] = frame["paid_amount"].astype("float64")
    return _times(frame, "created_at", "paid_at", "closed_at")


def customer(buyer, level=0, black=0):
    return (buyer, f"nick_{buyer}", level, black)


def customers_table(*rows) -> pd.DataFrame:
    rows = rows or tuple(customer(f"B{i}") for i in range(1, 6))
    frame = pd.DataFrame(list(rows), columns=["buyer_id", "nick", "member_level", "blacklisted"])
    return frame.astype({"member_level": "int64", "blacklisted": "int64"})


def reminder(oid="O1", buyer="B1", sent="2025-06-09 10:00", channel="旺旺", template=TEXT):
    return (oid, buyer, "A1", sent, channel, template)


def reminders_table(*rows) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=["order_id", "buyer_id", "agent_id", "sent_at",
                                              "channel", "template"])
    return _times(frame, "sent_at")


def session(sid, buyer="B1", started="2025-06-10 09:00", inquiry=1):
    return (sid, buyer, "A1", started, inquiry)


def sessions_table(*rows) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=["session_id", "buyer_id", "agent_id",
                                              "started_at", "is_inquiry"])
    frame["is_inquiry"] = frame["is_inquiry"].astype("int64")
    return _times(frame, "started_at")


# A buyer far in the past, with a paid order and an inquiry session, in every table unless a
# test asks otherwise (see the two tests on empty-looking tables at the end of the score part).
BACKGROUND_ORDER = order("O99", buyer="B99", created="2025-05-01 10:00", paid="2025-05-01 10:05")
BACKGROUND_SESSION = session("S99", buyer="B99", started="2025-05-01 09:00")


def rank(orders=None, reminders=(), customers=(), sessions=(), now=NOW, background=True,
         **kwargs):
    orders = [order()] if orders is None else list(orders)
    if background:
        orders, sessions = [*orders, BACKGROUND_ORDER], [*sessions, BACKGROUND_SESSION]
    return chasing.prioritize(now, orders=orders_table(*orders),
                              reminders=reminders_table(*reminders),
                              customers=customers_table(*customers),
                              sessions=sessions_table(*sessions), **kwargs)


def row(result: pd.DataFrame, oid: str = "O1") -> pd.Series:
    match = result.loc[result["order_id"] == oid]
    assert len(match) == 1, f"{oid} should be listed once, got {len(match)} rows"
    return match.iloc[0]


def reason(result: pd.DataFrame, oid: str = "O1") -> str:
    return row(result, oid)["excluded_reason"]


# --- which orders are listed ----------------------------------------------------------------


def test_base_order_is_listed_and_remindable_with_documented_columns():
    result = rank()
    assert list(result.columns) == COLUMNS
    assert list(result["order_id"]) == ["O1"]
    assert reason(result) == ""
    assert row(result)["closes_at"] == pd.Timestamp("2025-06-13 10:00")
    assert row(result)["reminders"] == 0


def test_order_paid_before_now_is_not_listed():
    result = rank([order(paid="2025-06-10 13:00")])
    assert result.empty


def test_order_paid_after_now_is_still_unpaid_at_now():
    result = rank([order(paid="2025-06-10 15:00")])
    assert reason(result) == ""


def test_order_created_after_now_is_not_listed():
    result = rank([order(created="2025-06-10 14:01")])
    assert result.empty


def test_order_closed_by_timeout_within_last_24_hours_is_listed_with_reason():
    # created 06-07 12:00, closed by the 72 h rule at 06-10 12:00: 2 h ago
    result = rank([order(created="2025-06-07 12:00")])
    assert reason(result) == REASONS["closed"]


def test_order_closed_more_than_24_hours_ago_is_not_listed():
    # 72 h timeout at 06-09 13:00, 25 h before now; cancelled 06-09 13:00, also 25 h ago
    result = rank([order("O1", created="2025-06-06 13:00"),
                   order("O2", buyer="B2", created="2025-06-09 10:00",
                         closed="2025-06-09 13:00")])
    assert result.empty


def test_order_cancelled_within_last_24_hours_is_listed_with_reason():
    result = rank([order(created="2025-06-09 10:00", closed="2025-06-09 15:00")])
    assert reason(result) == REASONS["closed"]


# --- exclusion reasons, one each -------------------------------------------------------------


def test_every_reason_is_in_chinese():
    for text in REASONS.values():
        assert re.search(CHINESE, text)


def test_closed_when_72_hours_have_passed_exactly():
    result = rank([order("O1", created="2025-06-07 14:00"),
                   order("O2", buyer="B2", created="2025-06-07 14:01")])
    assert reason(result, "O1") == REASONS["closed"]
    assert reason(result, "O2") == ""


def test_closed_when_closed_at_is_now_but_not_when_it_is_later():
    result = rank([order("O1", closed="2025-06-10 14:00"),
                   order("O2", buyer="B2", closed="2025-06-10 14:30")])
    assert reason(result, "O1") == REASONS["closed"]
    assert reason(result, "O2") == ""


def test_too_early_when_younger_than_10_minutes():
    result = rank([order("O1", created="2025-06-10 13:51"),
                   order("O2", buyer="B2", created="2025-06-10 13:50")])
    assert reason(result, "O1") == REASONS["too_early"]
    assert reason(result, "O2") == ""


def test_blacklisted_buyer_is_excluded_and_others_are_not():
    result = rank([order("O1"), order("O2", buyer="B2")],
                  customers=[customer("B1", black=1), customer("B2")])
    assert reason(result, "O1") == REASONS["blacklisted"]
    assert reason(result, "O2") == ""


def test_buyer_who_paid_another_order_yesterday_is_excluded():
    result = rank([order("O1"), order("O9", created="2025-06-09 00:00",
                                      paid="2025-06-09 00:00")])
    assert reason(result) == REASONS["paid_other"]


def test_buyer_who_paid_another_order_earlier_today_is_excluded():
    result = rank([order("O1"), order("O9", created="2025-06-10 11:00",
                                      paid="2025-06-10 11:05")])
    assert reason(result) == REASONS["paid_other"]


def test_payment_the_day_before_yesterday_does_not_exclude():
    result = rank([order("O1"), order("O9", created="2025-06-08 23:00",
                                      paid="2025-06-08 23:59")])
    assert reason(result) == ""


def test_payment_of_another_order_after_now_does_not_exclude():
    result = rank([order("O1"), order("O9", created="2025-06-09 10:00",
                                      paid="2025-06-10 15:00")])
    assert reason(result, "O1") == ""


def test_payment_by_another_buyer_does_not_exclude():
    result = rank([order("O1"), order("O9", buyer="B2", created="2025-06-10 11:00",
                                      paid="2025-06-10 11:05")])
    assert reason(result) == ""


def test_order_reminded_3_times_is_excluded():
    sent = ["2025-06-08 10:00", "2025-06-08 12:00", "2025-06-09 09:00"]
    result = rank([order(created="2025-06-08 09:00")],
                  reminders=[reminder(sent=s) for s in sent])
    assert row(result)["reminders"] == 3
    assert reason(result) == REASONS["max_reminders"]


def test_order_reminded_twice_is_not_excluded():
    sent = ["2025-06-08 10:00", "2025-06-09 09:00"]
    result = rank([order(created="2025-06-08 09:00")],
                  reminders=[reminder(sent=s) for s in sent])
    assert row(result)["reminders"] == 2
    assert reason(result) == ""


def test_reminders_after_now_are_not_counted():
    sent = ["2025-06-08 10:00", "2025-06-09 09:00", "2025-06-10 15:00"]
    result = rank([order(created="2025-06-08 09:00")],
                  reminders=[reminder(sent=s) for s in sent])
    assert row(result)["reminders"] == 2
    assert reason(result) == ""


def test_buyer_reminded_in_last_24_hours_about_another_order_is_excluded():
    result = rank(reminders=[reminder("O9", sent="2025-06-09 15:00")])
    assert row(result)["reminders"] == 0
    assert reason(result) == REASONS["cooldown"]


def test_buyer_reminded_25_hours_ago_is_not_in_cooldown():
    result = rank([order(created="2025-06-09 09:00")],
                  reminders=[reminder(sent="2025-06-09 13:00")])
    assert reason(result) == ""


def test_cooldown_is_per_buyer_not_per_shop():
    result = rank(reminders=[reminder("O9", buyer="B2", sent="2025-06-10 13:00")])
    assert reason(result) == ""


def test_order_closing_during_quiet_hours_is_excluded():
    # now 23:00, next send 06-11 08:00, the order closes at 06-11 03:00
    result = rank([order(created="2025-06-08 03:00")], now="2025-06-10 23:00")
    assert row(result)["send_at"] == pd.Timestamp("2025-06-11 08:00")
    assert reason(result) == REASONS["closes_at_night"]


def test_order_closing_exactly_at_08_00_is_excluded_as_closing_at_night():
    # at 08:00 the 72 h have passed, so the order is closed when the reminder could go out
    result = rank([order(created="2025-06-08 08:00")], now="2025-06-10 23:00")
    assert reason(result) == REASONS["closes_at_night"]


def test_order_closing_after_08_00_is_remindable_at_08_00():
    result = rank([order(created="2025-06-08 09:00")], now="2025-06-10 23:00")
    assert reason(result) == ""
    assert row(result)["send_at"] == pd.Timestamp("2025-06-11 08:00")


def test_order_closing_at_night_is_fine_when_now_is_before_quiet_hours():
    result = rank([order(created="2025-06-08 03:00")], now="2025-06-10 21:59")
    assert row(result)["send_at"] == pd.Timestamp("2025-06-10 21:59")
    assert reason(result) == ""


# --- which reason wins -----------------------------------------------------------------------


def test_closed_wins_over_blacklisted():
    result = rank([order(created="2025-06-07 12:00")], customers=[customer("B1", black=1)])
    assert reason(result) == REASONS["closed"]


def test_too_early_wins_over_blacklisted():
    result = rank([order(created="2025-06-10 13:55")], customers=[customer("B1", black=1)])
    assert reason(result) == REASONS["too_early"]


def test_blacklisted_wins_over_paid_other():
    result = rank([order("O1"), order("O9", created="2025-06-10 11:00", paid="2025-06-10 11:05")],
                  customers=[customer("B1", black=1)])
    assert reason(result) == REASONS["blacklisted"]


def test_paid_other_wins_over_max_reminders():
    sent = ["2025-06-08 10:00", "2025-06-08 12:00", "2025-06-09 09:00"]
    result = rank([order("O1", created="2025-06-08 09:00"),
                   order("O9", created="2025-06-10 11:00", paid="2025-06-10 11:05")],
                  reminders=[reminder(sent=s) for s in sent])
    assert reason(result) == REASONS["paid_other"]


def test_max_reminders_wins_over_cooldown():
    sent = ["2025-06-08 10:00", "2025-06-09 09:00", "2025-06-10 12:00"]
    result = rank([order(created="2025-06-08 09:00")],
                  reminders=[reminder(sent=s) for s in sent])
    assert reason(result) == REASONS["max_reminders"]


def test_cooldown_wins_over_closes_at_night():
    result = rank([order(created="2025-06-08 03:00")], now="2025-06-10 23:00",
                  reminders=[reminder(sent="2025-06-10 10:00")])
    assert reason(result) == REASONS["cooldown"]


# --- quiet hours and channel -----------------------------------------------------------------


@pytest.mark.parametrize(("now", "send_at"), [
    ("2025-06-10 21:59", "2025-06-10 21:59"),
    ("2025-06-10 22:00", "2025-06-11 08:00"),
    ("2025-06-10 23:30", "2025-06-11 08:00"),
    ("2025-06-11 00:00", "2025-06-11 08:00"),
    ("2025-06-11 07:59", "2025-06-11 08:00"),
    ("2025-06-11 08:00", "2025-06-11 08:00"),
    ("2025-06-11 08:30", "2025-06-11 08:30"),
    ("2025-06-11 12:34", "2025-06-11 12:34"),
])
def test_send_time_moves_out_of_quiet_hours(now, send_at):
    assert chasing.next_send_time(pd.Timestamp(now)) == pd.Timestamp(send_at)
    result = rank([order(created="2025-06-09 12:00")], now=now)
    assert row(result)["send_at"] == pd.Timestamp(send_at)


@pytest.mark.parametrize(("amount", "level", "channel"), [
    (199.99, 0, "旺旺"),
    (199.99, 4, "旺旺"),
    (200.0, 0, "短信"),
    (200.0, 2, "短信"),
    (200.0, 3, "电话"),
    (500.0, 4, "电话"),
])
def test_channel_depends_on_amount_and_member_level(amount, level, channel):
    assert chasing.channel_for(amount, level) == channel
    result = rank([order(amount=amount)], customers=[customer("B1", level=level)])
    assert row(result)["channel"] == channel


# --- score -----------------------------------------------------------------------------------


def _scored_example(**kwargs):
    # now 06-10 14:00; O1 created 06-09 20:00 (18 h of 72 → urgency 25), 120 元 (value 30);
    # B1 is 会员等级 2 (35) and paid O0 on 06-01 (returning, +30 → 65);
    # B1 asked in an inquiry session at 19:30 before ordering (inquiry 100).
    return rank([order("O0", created="2025-06-01 10:00", paid="2025-06-01 10:05"),
                 order("O1", created="2025-06-09 20:00", amount=120.0)],
                customers=[customer("B1", level=2)],
                sessions=[session("S1", started="2025-06-09 19:30")], **kwargs)


def test_score_components_on_a_hand_computed_example():
    result = row(_scored_example())
    assert result["value_score"] == pytest.approx(30.0)
    assert result["urgency_score"] == pytest.approx(25.0)
    assert result["customer_score"] == pytest.approx(65.0)
    assert result["inquiry_score"] == pytest.approx(100.0)
    # .35 × 30 + .30 × 25 + .20 × 65 + .15 × 100 = 10.5 + 7.5 + 13 + 15
    assert result["score"] == pytest.approx(46.0, abs=0.05)
    assert result["excluded_reason"] == ""


def test_custom_weights_change_the_score():
    weights = {"value": 0.0, "urgency": 0.5, "customer": 0.5, "inquiry": 0.0}
    assert row(_scored_example(weights=weights))["score"] == pytest.approx(45.0, abs=0.05)
    only_value = {"value": 1.0, "urgency": 0.0, "customer": 0.0, "inquiry": 0.0}
    assert row(_scored_example(weights=only_value))["score"] == pytest.approx(30.0, abs=0.05)


def test_value_is_full_from_400_yuan():
    result = rank([order("O1", amount=400.0), order("O2", buyer="B2", amount=1000.0),
                   order("O3", buyer="B3", amount=399.0)])
    assert row(result, "O1")["value_score"] == pytest.approx(100.0)
    assert row(result, "O2")["value_score"] == pytest.approx(100.0)
    assert row(result, "O3")["value_score"] == pytest.approx(99.75)


def test_urgency_is_the_share_of_72_hours_used():
    result = rank([order("O1", created="2025-06-10 08:00"),
                   order("O2", buyer="B2", created="2025-06-07 20:00")])
    assert row(result, "O1")["urgency_score"] == pytest.approx(6 / 72 * 100)
    assert row(result, "O2")["urgency_score"] == pytest.approx(66 / 72 * 100)


def test_customer_score_without_a_previous_paid_order_is_the_level_part_only():
    result = rank(customers=[customer("B1", level=3)])
    assert row(result)["customer_score"] == pytest.approx(52.5)


def test_payment_after_the_order_was_created_does_not_make_a_returning_buyer():
    # O9 paid 06-08 12:00, after O1 was created at 10:00 (and not yesterday or today)
    result = rank([order("O1", created="2025-06-08 10:00"),
                   order("O9", created="2025-06-08 11:00", paid="2025-06-08 12:00")],
                  customers=[customer("B1", level=4)])
    assert row(result)["customer_score"] == pytest.approx(70.0)
    assert reason(result) == ""


def test_top_customer_scores_100():
    result = rank([order("O0", created="2025-05-01 10:00", paid="2025-05-01 10:01"),
                   order("O1")], customers=[customer("B1", level=4)])
    assert row(result)["customer_score"] == pytest.approx(100.0)


def test_inquiry_counts_only_for_inquiry_sessions_started_by_the_order_time():
    result = rank([order("O1"), order("O2", buyer="B2"), order("O3", buyer="B3")],
                  sessions=[session("S1", buyer="B1", started="2025-06-10 10:00"),
                            session("S2", buyer="B2", started="2025-06-10 10:01"),
                            session("S3", buyer="B3", started="2025-06-10 09:00", inquiry=0)])
    assert row(result, "O1")["inquiry_score"] == 100
    assert row(result, "O2")["inquiry_score"] == 0
    assert row(result, "O3")["inquiry_score"] == 0


def test_prioritize_works_when_no_buyer_had_an_inquiry_session():
    # spec: inquiry = 100 only with an is_inquiry session, so 0 here (and no crash)
    result = rank([order("O0", created="2025-06-01 10:00", paid="2025-06-01 10:05"), order()],
                  sessions=[session("S1", inquiry=0)], background=False)
    assert row(result)["inquiry_score"] == 0
    assert row(result)["customer_score"] == pytest.approx(30.0)
    assert reason(result) == ""


def test_prioritize_works_when_no_order_in_the_table_was_ever_paid():
    # spec: returning buyer needs a paid order before this one, so nobody is returning here
    result = rank([order()], customers=[customer("B1", level=2)],
                  sessions=[session("S1", started="2025-06-10 09:00")], background=False)
    assert row(result)["customer_score"] == pytest.approx(35.0)
    assert row(result)["inquiry_score"] == 100
    assert reason(result) == ""


@pytest.mark.parametrize("weights", [
    {"value": 0.35, "urgency": 0.30, "customer": 0.20, "inquiry": 0.10},
    {"value": 0.45, "urgency": 0.30, "customer": 0.20, "inquiry": 0.15},
])
def test_weights_not_summing_to_1_raise_a_chinese_value_error(weights):
    with pytest.raises(ValueError, match=CHINESE):
        rank(weights=weights)


def test_weights_summing_to_1_up_to_float_error_are_accepted():
    weights = {"value": 0.1, "urgency": 0.2, "customer": 0.3, "inquiry": 0.4}
    assert reason(rank(weights=weights)) == ""


# --- sorting ---------------------------------------------------------------------------------


def test_remindable_orders_come_first_by_score_descending():
    result = rank([order("O1", buyer="B1", amount=40.0),
                   order("O2", buyer="B2", amount=400.0),
                   order("O3", buyer="B3", amount=200.0),
                   order("O4", buyer="B4", amount=800.0)],
                  customers=[customer("B1"), customer("B2"), customer("B3"),
                             customer("B4", level=4, black=1)])
    assert list(result["order_id"]) == ["O2", "O3", "O1", "O4"]
    assert list(result["excluded_reason"] == "") == [True, True, True, False]
    assert row(result, "O4")["score"] > row(result, "O2")["score"]


# --- metrics ---------------------------------------------------------------------------------


def _metric_tables():
    orders = orders_table(
        order("O1", created="2025-06-02 09:00", paid="2025-06-02 12:00", amount=100.0),
        # paid before its reminder: does not count as recovered
        order("O2", buyer="B2", created="2025-06-02 08:00", paid="2025-06-02 09:00",
              amount=80.0),
        # paid between its first and second reminder: counts
        order("O3", buyer="B3", created="2025-06-03 08:00", paid="2025-06-03 12:00",
              amount=250.5),
        order("O4", buyer="B4", created="2025-06-03 08:00", amount=60.0),
        # reminded on the last day of the period, late in the evening
        order("O5", buyer="B5", created="2025-06-05 20:00", paid="2025-06-06 09:00",
              amount=30.0),
        # reminded after the period
        order("O6", buyer="B6", created="2025-06-06 09:00", paid="2025-06-06 12:00",
              amount=500.0),
    )
    reminders = reminders_table(
        reminder("O1", "B1", "2025-06-02 10:00", "旺旺"),
        reminder("O2", "B2", "2025-06-02 11:00", "短信"),
        reminder("O3", "B3", "2025-06-03 10:00", "短信"),
        reminder("O3", "B3", "2025-06-03 18:00", "旺旺"),
        reminder("O4", "B4", "2025-06-03 10:00", "短信"),
        reminder("O5", "B5", "2025-06-05 21:30", "旺旺"),
        reminder("O6", "B6", "2025-06-06 10:00", "短信"),
    )
    return reminders, orders


def test_reminder_metrics_on_a_tiny_table():
    reminders, orders = _metric_tables()
    m = chasing.reminder_metrics("2025-06-01", "2025-06-05", reminders, orders)
    assert m.reminded_orders == 5
    assert m.paid_orders == 3  # O1, O3, O5; not O2 (paid before), not O4 (unpaid)
    assert m.response_rate == pytest.approx(3 / 5)
    assert m.recovered_amount == pytest.approx(380.5)
    assert m.sms_count == 3  # O2, O3, O4; O6 is outside the period
    assert m.sms_cost == pytest.approx(0.15)
    assert m.roi == pytest.approx(380.5 / 0.15)


def test_order_paid_before_its_reminder_does_not_count():
    reminders, orders = _metric_tables()
    m = chasing.reminder_metrics("2025-06-02", "2025-06-02", reminders, orders)
    assert m.reminded_orders == 2
    assert m.paid_orders == 1
    assert m.recovered_amount == pytest.approx(100.0)


def test_roi_is_nan_without_sms():
    reminders, orders = _metric_tables()
    m = chasing.reminder_metrics("2025-06-05", "2025-06-05", reminders, orders)
    assert m.reminded_orders == 1
    assert m.sms_count == 0
    assert m.recovered_amount == pytest.approx(30.0)
    assert math.isnan(m.roi)


def test_response_rate_is_nan_without_reminders():
    reminders, orders = _metric_tables()
    m = chasing.reminder_metrics("2025-07-01", "2025-07-31", reminders, orders)
    assert m.reminded_orders == 0
    assert math.isnan(m.response_rate)
    assert math.isnan(m.roi)


# --- taboos ----------------------------------------------------------------------------------


def test_clean_reminder_breaks_no_taboo():
    assert chasing.taboos(TEXT, "2025-06-10 10:00", "WAIT_BUYER_PAY", ["亲，还在考虑吗？"]) == []


@pytest.mark.parametrize("sent_at", ["2025-06-10 22:00", "2025-06-10 23:59", "2025-06-11 03:00",
                                     "2025-06-11 07:59"])
def test_night_taboo_inside_quiet_hours(sent_at):
    assert chasing.taboos(TEXT, sent_at, "WAIT_BUYER_PAY") == ["night"]


@pytest.mark.parametrize("sent_at", ["2025-06-10 08:00", "2025-06-10 21:59"])
def test_no_night_taboo_at_the_edges_of_the_day(sent_at):
    assert chasing.taboos(TEXT, sent_at, "WAIT_BUYER_PAY") == []


def test_threat_taboo():
    assert chasing.taboos("亲，再不付款就取消你的订单！") == ["threat"]


def test_repeat_taboo():
    assert chasing.taboos(TEXT, previous_texts=["别的内容", TEXT]) == ["repeat"]


def test_repeat_taboo_ignores_surrounding_whitespace():
    assert chasing.taboos(TEXT + "\n", previous_texts=[" " + TEXT]) == ["repeat"]


@pytest.mark.parametrize("text", ["亲，可以加微信转账，更便宜哦", "亲，私下扫码付就行",
                                  "亲，付款有问题的话加QQ找我", "亲，把钱打到我的工商银行卡上就行",
                                  "亲，我发您银行卡号"])
def test_off_platform_taboo(text):
    assert chasing.taboos(text) == ["off_platform"]


def test_paying_the_order_with_another_bank_card_is_not_off_platform():
    assert chasing.taboos("亲，付款失败的话可以试试花呗或换一张银行卡～") == []


@pytest.mark.parametrize("status", ["WAIT_SELLER_SEND_GOODS", "TRADE_CLOSED_BY_TAOBAO"])
def test_not_unpaid_taboo(status):
    assert chasing.taboos(TEXT, order_status=status) == ["not_unpaid"]


def test_several_taboos_at_once():
    found = chasing.taboos("再不付款就拉黑，加微信付", "2025-06-10 23:00", "TRADE_FINISHED",
                           ["再不付款就拉黑，加微信付"])
    assert set(found) == {"night", "threat", "repeat", "off_platform", "not_unpaid"}


def test_taboos_rejects_non_text():
    with pytest.raises(TypeError):
        chasing.taboos(None)


def test_audit_reminders_labels_each_reminder():
    orders = orders_table(order("O1", created="2025-06-02 09:00", paid="2025-06-02 15:00"))
    reminders = reminders_table(
        reminder("O1", sent="2025-06-02 10:00"),
        reminder("O1", sent="2025-06-02 11:00", template="亲，还在考虑吗？"),
        reminder("O1", sent="2025-06-02 12:00"),
        reminder("O1", sent="2025-06-02 16:00", template="亲，别忘了付款哦"),
        reminder("O1", sent="2025-06-02 23:00", template="亲，晚上好，记得付款"),
    )
    out = chasing.audit_reminders(reminders, orders)
    labels = chasing.TABOO_LABELS
    assert "taboos" in out.columns
    assert list(out["taboos"]) == ["", "", labels["repeat"], labels["not_unpaid"],
                                   f"{labels['night']}、{labels['not_unpaid']}"]


# --- the real shop data ----------------------------------------------------------------------


def test_prioritize_on_the_shop_data():
    result = chasing.prioritize("2025-06-30 20:00")
    assert len(result) > 0
    assert list(result.columns) == COLUMNS
    remindable = (result["excluded_reason"] == "").tolist()
    assert any(remindable)
    assert remindable == sorted(remindable, reverse=True)  # all remindable rows come first
    scores = result.loc[result["excluded_reason"] == "", "score"]
    assert scores.is_monotonic_decreasing
    assert result["score"].between(0, 100).all()
    assert (result["created_at"] <= pd.Timestamp("2025-06-30 20:00")).all()


# --- the former pandas version ----------------------------------------------------------------


def _prioritize_before(now, orders=None, reminders=None, customers=None, rules=None,
                       sessions=None, weights=None) -> pd.DataFrame:
    """prioritize as it was before it was made fast (issue 20): the fast one must equal it."""
    from course.data import load
    from course.rules import RULES

    def lookup(times: pd.Series, keys: pd.Series) -> pd.Series:
        values = pd.to_datetime(times).reindex(keys.to_numpy()).to_numpy()
        return pd.Series(values, index=keys.index, dtype="datetime64[us]")

    rules = rules or RULES
    chase = rules.chasing
    w = chasing._weights(weights, chase)
    now = pd.Timestamp(now)
    orders = load("orders") if orders is None else orders
    reminders = load("reminders") if reminders is None else reminders
    customers = load("customers") if customers is None else customers
    sessions = load("sessions") if sessions is None else sessions
    created = pd.to_datetime(orders["created_at"])
    paid_at = pd.to_datetime(orders["paid_at"])
    closed_at = pd.to_datetime(orders["closed_at"]) if "closed_at" in orders else \
        pd.Series(pd.NaT, index=orders.index)
    window = pd.Timedelta(hours=chase.close_hours)
    closes = created + window
    ends = closes.where(closed_at.isna() | (closed_at > closes), closed_at)
    unpaid = (created <= now) & (paid_at.isna() | (paid_at > now))
    recent = ends > now - pd.Timedelta(hours=24)
    rows = orders.loc[unpaid & recent].copy()
    rows["created_at"] = created[rows.index]
    rows["closes_at"] = closes[rows.index]
    rows["ends_at"] = ends[rows.index]
    rows["amount"] = rows["paid_amount"].astype(float)
    members = customers.set_index("buyer_id")
    level = rows["buyer_id"].map(members["member_level"]).fillna(0).astype(int)
    black = rows["buyer_id"].map(members["blacklisted"]).fillna(0).astype(int) == 1
    sent = reminders.loc[pd.to_datetime(reminders["sent_at"]) <= now].copy()
    sent["sent_at"] = pd.to_datetime(sent["sent_at"])
    per_order = sent.groupby("order_id").size()
    rows["reminders"] = rows["order_id"].map(per_order).fillna(0).astype(int)
    recent_buyers = set(sent.loc[sent["sent_at"] > now - pd.Timedelta(
        hours=chase.buyer_cooldown_hours), "buyer_id"])
    since = now.normalize() - pd.Timedelta(days=1)
    paid_recently = orders.loc[(paid_at >= since) & (paid_at <= now), ["order_id", "buyer_id"]]
    paid_by: dict[str, set[str]] = {}
    for order_id, buyer_id in zip(paid_recently["order_id"], paid_recently["buyer_id"],
                                  strict=True):
        paid_by.setdefault(buyer_id, set()).add(order_id)
    first_paid = orders.loc[paid_at.notna()].assign(paid=paid_at).groupby("buyer_id")["paid"].min()
    returning = lookup(first_paid, rows["buyer_id"]) < rows["created_at"]
    inquiries = sessions.loc[sessions["is_inquiry"].astype(int) == 1]
    first_inquiry = pd.to_datetime(inquiries["started_at"]).groupby(inquiries["buyer_id"]).min()
    asked = lookup(first_inquiry, rows["buyer_id"]) <= rows["created_at"]
    age = (now - rows["created_at"]) / window
    rows["value_score"] = (rows["amount"] / chasing.VALUE_FULL_AMOUNT).clip(0, 1) * 100
    rows["urgency_score"] = age.clip(0, 1) * 100
    rows["customer_score"] = level.clip(0, 4) / 4 * 70 + returning.astype(float) * 30
    rows["inquiry_score"] = asked.astype(float) * 100
    rows["score"] = sum(w[c] * rows[f"{c}_score"] for c in chasing.COMPONENTS).round(1)
    send_at = chasing.next_send_time(now, chase)
    rows["send_at"] = send_at
    rows["channel"] = [chasing.channel_for(a, lv, chase)
                       for a, lv in zip(rows["amount"], level, strict=True)]
    reasons = []
    for row, is_black, ends_at in zip(rows.itertuples(), black, rows["ends_at"], strict=True):
        if now >= ends_at:
            reasons.append(REASONS["closed"])
        elif now - row.created_at < pd.Timedelta(minutes=chase.min_age_minutes):
            reasons.append(REASONS["too_early"])
        elif is_black:
            reasons.append(REASONS["blacklisted"])
        elif paid_by.get(row.buyer_id, set()) - {row.order_id}:
            reasons.append(REASONS["paid_other"])
        elif row.reminders >= chase.max_reminders:
            reasons.append(REASONS["max_reminders"])
        elif row.buyer_id in recent_buyers:
            reasons.append(REASONS["cooldown"])
        elif ends_at <= send_at:
            reasons.append(REASONS["closes_at_night"])
        else:
            reasons.append("")
    rows["excluded_reason"] = reasons
    rows["_excluded"] = rows["excluded_reason"] != ""
    rows = rows.sort_values(["_excluded", "score", "created_at"], ascending=[True, False, True],
                            kind="stable")
    return rows[COLUMNS].reset_index(drop=True)


def _same(new: pd.DataFrame, old: pd.DataFrame) -> None:
    assert list(new.dtypes) == list(old.dtypes)
    pd.testing.assert_frame_equal(new, old, check_exact=True, check_index_type=True)


@pytest.mark.parametrize("student", [None, "2024001", "2024002", "2024017"])
def test_prioritize_equals_the_former_pandas_version(student, monkeypatch, tmp_path):
    """Every hour of the chapter's last week, some odd moments (nothing unpaid yet, inside
    the quiet hours, a nanosecond clock), other weights, and one buyer's tables alone."""
    from course import data
    from tests.factories import as_student

    as_student(monkeypatch, tmp_path, student, "chasing-test")
    moments = [f"2025-06-{day} {hour:02d}:00" for day in range(24, 31) for hour in range(0, 24, 3)]
    moments += ["2024-01-01", "2025-06-26 23:59:59", pd.Timestamp("2025-06-27 07:59:59.5"),
                pd.Timestamp("2025-06-28 10:00").as_unit("ns"), "2025-06-28"]
    for now in moments:
        _same(chasing.prioritize(now), _prioritize_before(now))
    weights = {"value": 0.1, "urgency": 0.2, "customer": 0.3, "inquiry": 0.4}
    _same(chasing.prioritize("2025-06-27 15:00", weights=weights),
          _prioritize_before("2025-06-27 15:00", weights=weights))
    tables = {name: data.load(name) for name in ("orders", "reminders", "customers", "sessions")}
    ranked = chasing.prioritize("2025-06-27 15:00")
    for buyer in ranked["buyer_id"].iloc[:8]:
        mine = {name: frame[frame["buyer_id"] == buyer] for name, frame in tables.items()}
        _same(chasing.prioritize("2025-06-27 15:00", **mine),
              _prioritize_before("2025-06-27 15:00", **mine))
    no_closed = {**tables, "orders": tables["orders"].drop(columns="closed_at")}
    _same(chasing.prioritize("2025-06-27 15:00", **no_closed),
          _prioritize_before("2025-06-27 15:00", **no_closed))
