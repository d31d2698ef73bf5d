"""Unit tests for ``course.kpi``: one definition edge case per test, on tiny hand-made tables.

Times written as ``"HH:MM:SS"`` fall on 2025-06-01; anything longer is a full
``"YYYY-MM-DD HH:MM:SS"``. Unless a test says otherwise the period is the whole of
June 2025 and the shop has the agents A1, A2 and A3.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from course import kpi
from course.data import load

DAY = "2025-06-01"
START, END = "2025-06-01", "2025-06-30"
AGENTS = ("A1", "A2", "A3")
CHINESE = r"[\u4e00-\u9fff]"

_TIME_COLUMNS = {"started_at", "sent_at", "created_at", "paid_at"}
_DTYPES = {"is_inquiry": "int64", "paid_amount": "float64", "qty": "int64"}


# --- building tables ------------------------------------------------------------------------


def _when(value: str | None) -> str | None:
    if pd.isna(value) or len(value) > 8:
        return value
    return f"{DAY} {value}"


def table(columns: str, rows) -> pd.DataFrame:
    """A typed DataFrame from a space-separated column list and a list of row tuples."""
    names = columns.split()
    frame = pd.DataFrame([tuple(row) for row in rows], columns=names)
    for name in names:
        if name in _TIME_COLUMNS:
            frame[name] = pd.to_datetime(frame[name].map(_when).astype(object))
        elif name in _DTYPES:
            frame[name] = frame[name].astype(_DTYPES[name])
        else:
            frame[name] = frame[name].astype("str").mask(frame[name].isna())
    return frame


def session(sid, buyer="B1", agent="A1", started="10:00:00", inquiry=0, rating=None):
    return (sid, buyer, agent, started, inquiry, rating)


def chat(sid: str, *lines: str) -> list[tuple[str, str, str]]:
    """Messages of one session from lines such as ``"10:00:05 buyer"``."""
    return [(sid, *line.rsplit(" ", 1)) for line in lines]


def order(oid, buyer="B1", agent="A1", created="11:00:00", paid="11:01:00", amount=100.0,
          status="TRADE_FINISHED"):
    return (oid, buyer, agent, created, paid, amount, status)


def shop(sessions=(), messages=(), orders=(), items=None, refunds=None, agents=AGENTS):
    data = {
        "sessions": table("session_id buyer_id agent_id started_at is_inquiry rating", sessions),
        "messages": table("session_id sent_at sender", messages),
        "orders": table("order_id buyer_id agent_id created_at paid_at paid_amount status",
                        orders),
    }
    if items is not None:
        data["order_items"] = table("order_id qty", items)
    if refunds is not None:
        data["refunds"] = table("order_id status", refunds)
    if agents is not None:
        data["agents"] = table("agent_id", [(a,) for a in agents])
    return data


def kpis(start=START, end=END, **tables) -> pd.DataFrame:
    return kpi.agent_kpis(start, end, data=shop(**tables))


def one_chat(*lines: str, **session_fields) -> pd.Series:
    """A1's KPIs for a single session S1 of buyer B1 holding ``lines``."""
    return kpis(sessions=[session("S1", **session_fields)], messages=chat("S1", *lines)).loc["A1"]


# --- 咨询人数, 接待人数, response times ------------------------------------------------------


def test_auto_reply_does_not_count_as_first_response():
    row = one_chat("10:00:00 buyer", "10:00:01 auto", "10:00:20 agent")
    assert row["first_response_s"] == 20.0
    assert row["avg_response_s"] == 20.0


def test_session_with_only_an_auto_reply_is_consulted_but_not_served():
    row = one_chat("10:00:00 buyer", "10:00:01 auto")
    assert row["consult_buyers"] == 1
    assert row["served_buyers"] == 0
    assert row["reply_rate"] == 0.0
    assert math.isnan(row["first_response_s"])
    assert math.isnan(row["avg_response_s"])


def test_run_of_buyer_messages_is_one_block_timed_from_its_first_message():
    row = one_chat("10:00:00 buyer", "10:00:10 buyer", "10:00:20 buyer", "10:00:30 agent",
                   "10:01:00 buyer", "10:01:06 agent")
    # Two blocks answered after 30 s and 6 s.
    assert row["avg_response_s"] == 18.0
    assert row["first_response_s"] == 30.0


def test_auto_reply_between_buyer_messages_does_not_split_the_block():
    row = one_chat("10:00:00 buyer", "10:00:01 auto", "10:00:10 buyer", "10:00:40 agent")
    assert row["avg_response_s"] == 40.0


def test_consecutive_agent_messages_only_the_first_one_times_the_block():
    row = one_chat("10:00:00 buyer", "10:00:08 agent", "10:00:30 agent")
    assert row["avg_response_s"] == 8.0


def test_unanswered_session_counts_in_consult_but_not_served_nor_response_means():
    row = kpis(
        sessions=[session("S1", buyer="B1"), session("S2", buyer="B2")],
        messages=chat("S1", "10:00:00 buyer", "10:00:10 agent") + chat("S2", "10:00:00 buyer"),
    ).loc["A1"]
    assert row["consult_buyers"] == 2
    assert row["served_buyers"] == 1
    assert row["reply_rate"] == 0.5
    assert row["first_response_s"] == 10.0
    assert row["avg_response_s"] == 10.0


def test_final_unanswered_block_is_excluded_from_average_response():
    row = one_chat("10:00:00 buyer", "10:00:10 agent", "10:05:00 buyer", "10:05:30 buyer")
    assert row["avg_response_s"] == 10.0
    assert row["served_buyers"] == 1


def test_agent_message_before_any_buyer_message_does_not_count():
    row = one_chat("09:59:00 agent", "10:00:00 buyer")
    assert row["consult_buyers"] == 1
    assert row["served_buyers"] == 0
    assert math.isnan(row["first_response_s"])
    assert math.isnan(row["avg_response_s"])


def test_first_response_is_measured_from_first_buyer_message_not_from_earlier_agent_greeting():
    row = one_chat("09:59:00 agent", "10:00:00 buyer", "10:00:15 agent")
    assert row["first_response_s"] == 15.0
    assert row["avg_response_s"] == 15.0


def test_agent_message_in_the_same_second_as_the_buyer_counts_as_an_answer():
    row = one_chat("10:00:00 buyer", "10:00:00 agent")
    assert row["served_buyers"] == 1
    assert row["first_response_s"] == 0.0


def test_session_without_buyer_messages_is_not_consulted():
    row = one_chat("10:00:00 agent")
    assert row["consult_buyers"] == 0
    assert row["served_buyers"] == 0
    assert math.isnan(row["reply_rate"])


def test_buyer_with_two_sessions_is_counted_once_and_first_response_averages_sessions():
    row = kpis(
        sessions=[session("S1"), session("S2", started="15:00:00")],
        messages=chat("S1", "10:00:00 buyer", "10:00:10 agent")
        + chat("S2", "15:00:00 buyer", "15:00:30 agent"),
    ).loc["A1"]
    assert row["consult_buyers"] == 1
    assert row["served_buyers"] == 1
    assert row["first_response_s"] == 20.0


def test_average_response_pools_blocks_of_all_sessions_rather_than_averaging_sessions():
    row = kpis(
        sessions=[session("S1", buyer="B1"), session("S2", buyer="B2")],
        messages=chat("S1", "10:00:00 buyer", "10:00:10 agent", "10:01:00 buyer",
                      "10:01:20 agent")
        + chat("S2", "10:00:00 buyer", "10:01:00 agent"),
    ).loc["A1"]
    # Blocks of 10, 20 and 60 s: 30 s (a mean of session means would give 37.5 s).
    assert row["avg_response_s"] == 30.0


def test_blocks_follow_message_times_not_table_row_order():
    row = one_chat("10:00:30 agent", "10:00:10 buyer", "10:00:00 buyer")
    assert row["avg_response_s"] == 30.0
    assert row["first_response_s"] == 30.0


# --- 询单人数, 询单转化率, 抢单成功率 ----------------------------------------------------------


def test_no_inquiries_gives_zero_inquiry_buyers_and_nan_conversion():
    row = kpis(sessions=[session("S1", inquiry=0)], messages=chat("S1", "10:00:00 buyer"),
               orders=[order("O1")]).loc["A1"]
    assert row["inquiry_buyers"] == 0
    assert row["converted_buyers"] == 0
    assert math.isnan(row["conversion_rate"])
    assert math.isnan(row["grab_rate"])


def test_inquiry_buyer_with_later_paid_order_is_converted():
    row = kpis(sessions=[session("S1", inquiry=1)], orders=[order("O1")]).loc["A1"]
    assert row["inquiry_buyers"] == 1
    assert row["converted_buyers"] == 1
    assert row["conversion_rate"] == 1.0


def test_conversion_counts_buyers_not_orders():
    row = kpis(
        sessions=[session("S1", buyer="B1", inquiry=1), session("S2", buyer="B2", inquiry=1)],
        orders=[order("O1", buyer="B1"), order("O2", buyer="B1", created="12:00:00",
                                               paid="12:01:00")],
    ).loc["A1"]
    assert row["inquiry_buyers"] == 2
    assert row["converted_buyers"] == 1
    assert row["conversion_rate"] == 0.5


def test_order_created_before_first_inquiry_is_not_a_conversion():
    row = kpis(sessions=[session("S1", inquiry=1, started="10:00:00")],
               orders=[order("O1", created="09:00:00", paid="09:05:00")]).loc["A1"]
    assert row["inquiry_buyers"] == 1
    assert row["converted_buyers"] == 0
    assert row["conversion_rate"] == 0.0
    assert row["sales"] == 100.0  # still the agent's sale


def test_order_created_in_the_second_of_the_first_inquiry_is_a_conversion():
    row = kpis(sessions=[session("S1", inquiry=1, started="10:00:00")],
               orders=[order("O1", created="10:00:00", paid="10:02:00")]).loc["A1"]
    assert row["converted_buyers"] == 1


def test_order_attributed_to_another_agent_is_not_a_conversion():
    out = kpis(sessions=[session("S1", agent="A1", inquiry=1)], orders=[order("O1", agent="A2")])
    assert out.loc["A1", "inquiry_buyers"] == 1
    assert out.loc["A1", "converted_buyers"] == 0
    assert out.loc["A1", "sales"] == 0.0
    assert out.loc["A2", "converted_buyers"] == 0
    assert out.loc["A2", "sales"] == 100.0


def test_unpaid_order_is_not_counted():
    row = kpis(sessions=[session("S1", inquiry=1)],
               orders=[order("O1", paid=None, status="WAIT_BUYER_PAY")]).loc["A1"]
    assert row["converted_buyers"] == 0
    assert row["sales"] == 0.0
    assert row["paying_buyers"] == 0
    assert math.isnan(row["sales_share"])
    assert math.isnan(row["refund_rate"])


def test_paid_order_later_closed_still_counts_as_paid():
    row = kpis(sessions=[session("S1", inquiry=1)],
               orders=[order("O1", status="TRADE_CLOSED")]).loc["A1"]
    assert row["converted_buyers"] == 1
    assert row["sales"] == 100.0


def test_order_created_after_the_period_is_not_counted():
    row = kpis(sessions=[session("S1", inquiry=1, started="2025-06-30 22:00:00")],
               orders=[order("O1", created="2025-07-01 00:00:00",
                             paid="2025-07-01 00:01:00")]).loc["A1"]
    assert row["inquiry_buyers"] == 1
    assert row["converted_buyers"] == 0
    assert row["sales"] == 0.0


def test_grab_rate_counts_only_payment_on_the_day_of_the_first_inquiry():
    sessions = [
        session("S1", buyer="B1", inquiry=1, started="10:00:00"),
        session("S2", buyer="B2", inquiry=1, started="20:00:00"),
        session("S3", buyer="B3", inquiry=1, started="21:00:00"),
        session("S4", buyer="B3", inquiry=1, started="2025-06-02 09:00:00"),
    ]
    orders = [
        order("O1", buyer="B1", created="10:30:00", paid="10:35:00"),  # same day: grabbed
        order("O2", buyer="B2", created="23:50:00", paid="2025-06-02 00:10:00"),  # next day
        order("O3", buyer="B3", created="2025-06-02 09:30:00", paid="2025-06-02 09:31:00"),
    ]
    row = kpis(sessions=sessions, orders=orders).loc["A1"]
    assert row["inquiry_buyers"] == 3
    assert row["converted_buyers"] == 3
    assert row["conversion_rate"] == 1.0
    assert row["grab_rate"] == pytest.approx(1 / 3)


# --- period boundaries ----------------------------------------------------------------------


def test_sessions_count_on_both_boundary_dates_but_not_the_next_midnight():
    sessions = [
        session("S1", buyer="B1", started="2025-06-01 00:00:00"),
        session("S2", buyer="B2", started="2025-06-30 23:59:59"),
        session("S3", buyer="B3", started="2025-07-01 00:00:00"),
        session("S0", buyer="B0", started="2025-05-31 23:59:59"),
    ]
    messages = [(s[0], s[3], "buyer") for s in sessions]
    row = kpis(sessions=sessions, messages=messages).loc["A1"]
    assert row["consult_buyers"] == 2


def test_orders_count_on_both_boundary_dates_but_not_the_next_midnight():
    orders = [
        order("O1", created="2025-06-01 00:00:00", paid="2025-06-01 00:01:00", amount=1.0),
        order("O2", created="2025-06-30 23:59:59", paid="2025-07-01 00:00:30", amount=10.0),
        order("O3", created="2025-07-01 00:00:00", paid="2025-07-01 00:01:00", amount=100.0),
        order("O0", created="2025-05-31 23:59:59", paid="2025-06-01 00:00:10", amount=1000.0),
    ]
    row = kpis(orders=orders).loc["A1"]
    assert row["sales"] == 11.0


def test_a_single_day_period_is_allowed():
    row = kpis(start="2025-06-30", end="2025-06-30",
               sessions=[session("S1", started="2025-06-30 23:59:59")],
               messages=chat("S1", "2025-06-30 23:59:59 buyer")).loc["A1"]
    assert row["consult_buyers"] == 1


# --- 销售额, 占比, 客单价, 客件数, 件均价 -------------------------------------------------------


def test_sales_share_denominator_includes_unattributed_orders():
    out = kpis(orders=[order("O1", agent="A1", amount=300.0),
                       order("O2", agent="A2", amount=100.0),
                       order("O3", agent=None, amount=100.0),
                       order("O4", agent=None, amount=999.0, paid=None)])
    assert out.loc["A1", "sales"] == 300.0
    assert out.loc["A1", "sales_share"] == pytest.approx(0.6)
    assert out.loc["A2", "sales_share"] == pytest.approx(0.2)
    assert out["sales"].sum() == 400.0


def test_order_value_items_per_buyer_and_item_price():
    row = kpis(
        orders=[order("O1", buyer="B1", amount=100.0), order("O2", buyer="B1", amount=50.0),
                order("O3", buyer="B2", amount=150.0)],
        items=[("O1", 2), ("O2", 1), ("O3", 1), ("O3", 2)],
    ).loc["A1"]
    assert row["sales"] == 300.0
    assert row["paying_buyers"] == 2
    assert row["items"] == 6
    assert row["avg_order_value"] == 150.0
    assert row["items_per_buyer"] == 3.0
    assert row["avg_item_price"] == 50.0


def test_items_of_unpaid_orders_are_not_counted():
    row = kpis(orders=[order("O1", amount=100.0), order("O2", paid=None, amount=80.0)],
               items=[("O1", 4), ("O2", 5)]).loc["A1"]
    assert row["items"] == 4
    assert row["avg_item_price"] == 25.0


def test_order_value_equals_items_per_buyer_times_item_price_on_real_june_data():
    out = kpi.agent_kpis("2025-06-01", "2025-06-30")
    selling = out.loc[out["items"] > 0]
    assert len(selling) >= 3  # the pre-sales agents all sold something in June
    assert (selling["sales"] > 0).all()
    np.testing.assert_allclose(selling["avg_order_value"],
                               selling["items_per_buyer"] * selling["avg_item_price"], rtol=1e-9)
    # Agents without sales have no basket figures at all, rather than zeros.
    idle = out.loc[out["paying_buyers"] == 0]
    assert idle[["avg_order_value", "items_per_buyer", "avg_item_price"]].isna().all().all()


# --- 退款率 and 满意率 ----------------------------------------------------------------------


def _refund_rate(refunds) -> float:
    orders = [order("O1"), order("O2", buyer="B2"), order("O3", buyer="B3"),
              order("O4", buyer="B4")]
    return kpis(orders=orders, refunds=refunds).loc["A1", "refund_rate"]


def test_successful_refund_counts_toward_refund_rate():
    assert _refund_rate([("O1", "SUCCESS")]) == 0.25


def test_closed_refund_does_not_count_toward_refund_rate():
    assert _refund_rate([("O1", "CLOSED"), ("O2", "SELLER_REFUSE_BUYER")]) == 0.0


def test_two_successful_refunds_on_one_order_count_once():
    assert _refund_rate([("O1", "SUCCESS"), ("O1", "SUCCESS"), ("O2", "SUCCESS")]) == 0.5


def test_refund_of_an_order_attributed_to_another_agent_does_not_count():
    out = kpis(orders=[order("O1", agent="A1"), order("O2", agent="A2")],
               refunds=[("O2", "SUCCESS")])
    assert out.loc["A1", "refund_rate"] == 0.0
    assert out.loc["A2", "refund_rate"] == 1.0


def test_satisfaction_ignores_unrated_sessions():
    ratings = ["很满意", "满意", "一般", "不满意", None, ""]
    sessions = [session(f"S{i}", buyer=f"B{i}", rating=r) for i, r in enumerate(ratings)]
    row = kpis(sessions=sessions).loc["A1"]
    assert row["satisfaction_rate"] == 0.5


def test_satisfaction_without_rated_sessions_is_nan():
    row = kpis(sessions=[session("S1", rating=None)]).loc["A1"]
    assert math.isnan(row["satisfaction_rate"])


# --- shape of the result --------------------------------------------------------------------


def test_empty_period_gives_zeros_nan_rates_and_every_agent():
    out = kpis(start="2025-05-01", end="2025-05-31",
               sessions=[session("S1", inquiry=1, rating="满意")],
               messages=chat("S1", "10:00:00 buyer", "10:00:05 agent"),
               orders=[order("O1")], items=[("O1", 1)], refunds=[("O1", "SUCCESS")])
    assert list(out.index) == list(AGENTS)
    assert list(out.columns) == kpi.KPI_COLUMNS
    counts = ["consult_buyers", "served_buyers", "inquiry_buyers", "converted_buyers",
              "paying_buyers", "items", "sales"]
    assert (out[counts] == 0).all().all()
    nan_columns = kpi.RATE_COLUMNS + ["avg_order_value", "items_per_buyer", "avg_item_price",
                                      "first_response_s", "avg_response_s"]
    assert out[nan_columns].isna().all().all()


def test_empty_period_on_real_data_lists_every_agent_of_the_agents_table():
    out = kpi.agent_kpis("2020-01-01", "2020-01-31")
    assert sorted(out.index) == sorted(load("agents")["agent_id"])
    assert (out["sales"] == 0).all()
    assert out["conversion_rate"].isna().all()


def test_agents_table_sets_the_index_even_for_agents_without_activity():
    out = kpis(sessions=[session("S1", agent="A2")], messages=chat("S1", "10:00:00 buyer"))
    assert list(out.index) == list(AGENTS)
    assert out.loc["A2", "consult_buyers"] == 1
    assert out.loc["A3", "consult_buyers"] == 0


def test_without_agents_table_index_is_the_agents_seen_in_the_data():
    out = kpis(agents=None, sessions=[session("S1", agent="A2")],
               messages=chat("S1", "10:00:00 buyer"), orders=[order("O1", agent="A3")])
    assert sorted(out.index) == ["A2", "A3"]
    assert out.loc["A3", "sales"] == 100.0


def test_optional_tables_may_be_left_out():
    row = kpis(orders=[order("O1")]).loc["A1"]  # no order_items, no refunds
    assert row["sales"] == 100.0
    assert row["items"] == 0
    assert row["refund_rate"] == 0.0


# --- daily_kpis -----------------------------------------------------------------------------


def test_daily_sales_add_up_to_the_period_sales_on_real_data():
    period = kpi.agent_kpis("2025-06-01", "2025-06-30")
    daily = kpi.daily_kpis("2025-06-01", "2025-06-30")
    summed = daily["sales"].groupby(level="agent_id").sum()
    assert period["sales"].sum() > 0
    np.testing.assert_allclose(summed.reindex(period.index), period["sales"], atol=0.005)


def test_daily_kpis_have_a_row_for_every_agent_and_every_day():
    daily = kpi.daily_kpis("2025-06-01", "2025-06-03", data=shop(orders=[order("O1")]))
    assert list(daily.index.names) == ["agent_id", "day"]
    assert len(daily) == len(AGENTS) * 3
    assert daily.loc[("A1", pd.Timestamp("2025-06-01")), "sales"] == 100.0
    assert daily.loc[("A1", pd.Timestamp("2025-06-02")), "sales"] == 0.0


def test_daily_sales_share_divides_by_that_days_shop_total_including_silent_orders():
    orders = [order("O1", amount=300.0), order("O2", agent=None, amount=100.0),
              order("O3", created="2025-06-02 11:00:00", paid="2025-06-02 11:01:00", amount=50.0)]
    daily = kpi.daily_kpis("2025-06-01", "2025-06-03", data=shop(orders=orders))
    share = daily.loc["A1", "sales_share"]
    assert share[pd.Timestamp("2025-06-01")] == pytest.approx(0.75)
    assert share[pd.Timestamp("2025-06-02")] == pytest.approx(1.0)
    assert math.isnan(share[pd.Timestamp("2025-06-03")])


# --- conversion_band, parse_period, target_status ------------------------------------------


@pytest.mark.parametrize(("rate", "band"), [
    (0, "差"), (0.2999, "差"), (0.3, "较低"), (0.3999, "较低"), (0.4, "合格"), (0.4999, "合格"),
    (0.5, "良好"), (0.5999, "良好"), (0.6, "优秀"), (1, "优秀"), (np.float64(0.45), "合格"),
])
def test_conversion_band_lower_bounds_are_inclusive(rate, band):
    assert kpi.conversion_band(rate) == band


@pytest.mark.parametrize("rate", [None, "0.5", True, [0.5]])
def test_conversion_band_rejects_non_numbers_with_a_chinese_type_error(rate):
    with pytest.raises(TypeError, match=CHINESE):
        kpi.conversion_band(rate)


@pytest.mark.parametrize("rate", [-0.01, 1.01, 45, float("nan")])
def test_conversion_band_rejects_rates_outside_zero_to_one_with_a_chinese_value_error(rate):
    with pytest.raises(ValueError, match=CHINESE):
        kpi.conversion_band(rate)


def test_parse_period_ends_at_the_midnight_after_the_end_date():
    assert kpi.parse_period("2025-06-01", "2025-06-30") == (
        pd.Timestamp("2025-06-01"), pd.Timestamp("2025-07-01"))


def test_parse_period_rejects_start_after_end_with_a_chinese_message():
    with pytest.raises(ValueError, match=CHINESE):
        kpi.parse_period("2025-06-02", "2025-06-01")


def test_agent_kpis_rejects_a_reversed_period():
    with pytest.raises(ValueError, match=CHINESE):
        kpis(start="2025-06-30", end="2025-06-01")


@pytest.mark.parametrize(("start", "end"), [
    ("2025-02-30", "2025-03-01"), ("abc", "2025-06-30"), ("", "2025-06-30"),
    (None, "2025-06-30"), ("2025-06-01", ""),
])
def test_parse_period_rejects_invalid_dates_with_a_chinese_value_error(start, end):
    with pytest.raises(ValueError, match=CHINESE):
        kpi.parse_period(start, end)


def test_target_status_marks_met_targets_and_keeps_nan():
    frame = pd.DataFrame({
        "first_response_s": [15.0, 15.5],
        "avg_response_s": [30.0, np.nan],
        "reply_rate": [0.98, 0.97],
        "satisfaction_rate": [np.nan, 0.95],
        "conversion_rate": [0.4, 0.3999],
    }, index=pd.Index(["A1", "A2"], name="agent_id"))
    status = kpi.target_status(frame)
    met = ["first_response_s", "avg_response_s", "reply_rate", "conversion_rate"]
    assert status.loc["A1", met].tolist() == [True, True, True, True]
    assert pd.isna(status.loc["A1", "satisfaction_rate"])
    missed = ["first_response_s", "reply_rate", "conversion_rate"]
    assert status.loc["A2", missed].tolist() == [False, False, False]
    assert status.loc["A2", "satisfaction_rate"]
    assert pd.isna(status.loc["A2", "avg_response_s"])


# -- the shop's tables: period-free facts and daily rows computed once ----------------------

SHOP_PERIODS = [("2025-06-01", "2025-06-30"), ("2025-06-15", "2025-06-21"), ("2025-06-03", "2025-06-03"),
                ("2025-05-20", "2025-06-02"), ("2025-03-01", "2025-06-30"), ("2025-07-01", "2025-07-05")]


@pytest.mark.parametrize(("start", "end"), SHOP_PERIODS)
def test_the_shop_s_kpis_equal_the_kpis_of_the_same_tables_passed_in(start, end):
    tables = {name: load(name) for name in ("sessions", "messages", "orders", "order_items",
                                            "refunds", "agents")}
    for compute in (kpi.agent_kpis, kpi.daily_kpis):
        pd.testing.assert_frame_equal(compute(start, end), compute(start, end, tables),
                                      check_exact=True)


def test_a_day_s_kpis_do_not_depend_on_the_other_days_of_the_period():
    week = kpi.daily_kpis("2025-06-09", "2025-06-15")
    month = kpi.daily_kpis("2025-06-01", "2025-06-30")
    days = week.index.get_level_values("day").unique()
    pd.testing.assert_frame_equal(week, month.loc[(slice(None), days), :], check_exact=True,
                                  check_index_type=False)
    alone = kpi.daily_kpis("2025-06-12", "2025-06-12")
    pd.testing.assert_frame_equal(alone, week.loc[(slice(None), [pd.Timestamp("2025-06-12")]), :],
                                  check_exact=True, check_index_type=False)


def test_changing_a_returned_table_does_not_change_the_next_one():
    first = kpi.daily_kpis("2025-06-09", "2025-06-15")
    first.iloc[:, :] = 0
    assert kpi.daily_kpis("2025-06-09", "2025-06-15")["sales"].sum() > 0


# --- the former pandas versions (issue 20: the fast ones must give the very same frames) -------


def _session_response_times_before(messages: pd.DataFrame) -> pd.DataFrame:
    msgs = messages.loc[messages["sender"] != "auto", ["session_id", "sent_at", "sender"]]
    buyer_first = (msgs.loc[msgs["sender"] == "buyer"].groupby("session_id")["sent_at"].min()
                   .rename("t0"))
    agent = msgs.loc[msgs["sender"] == "agent"].merge(buyer_first.reset_index(), on="session_id")
    answered = agent.loc[agent["sent_at"] >= agent["t0"]]
    first_agent = answered.groupby("session_id")["sent_at"].min()
    out = buyer_first.to_frame()
    out["first_response_s"] = (first_agent.reindex(out.index) - out["t0"]).dt.total_seconds()
    return out[["first_response_s"]]


def _block_response_times_before(messages: pd.DataFrame) -> pd.DataFrame:
    msgs = messages.loc[messages["sender"] != "auto", ["session_id", "sent_at", "sender"]]
    msgs = msgs.sort_values(["session_id", "sent_at"], kind="stable")
    previous = msgs.groupby("session_id", sort=False)["sender"].shift()
    starts = (msgs["sender"] == "buyer") & (previous != "buyer")
    agent_times = msgs["sent_at"].where(msgs["sender"] == "agent")
    next_agent = agent_times.groupby(msgs["session_id"], sort=False).bfill()
    blocks = msgs.loc[starts, ["session_id", "sent_at"]].copy()
    blocks["response_s"] = (next_agent[starts] - blocks["sent_at"]).dt.total_seconds()
    return blocks.reset_index(drop=True)


def _same_frame(new: pd.DataFrame, old: pd.DataFrame) -> None:
    assert list(new.dtypes) == list(old.dtypes)
    assert type(new.index) is type(old.index) and new.index.dtype == old.index.dtype
    pd.testing.assert_frame_equal(new, old, check_exact=True, check_index_type=True,
                                  check_column_type=True)


@pytest.mark.parametrize("student", [None, "2024001", "2024002", "2024017"])
def test_response_times_equal_the_former_pandas_versions(student, monkeypatch, tmp_path):
    """On every variant's messages, and on a shuffled part of them with missing sessions,
    missing times and ties (times cut to ten minutes); also on no messages at all."""
    from tests.factories import as_student

    as_student(monkeypatch, tmp_path, student, "kpi-test")
    messages = load("messages")
    rng = np.random.default_rng(len(messages))
    rough = messages.sample(frac=1, random_state=3).reset_index(drop=True).head(4000)
    rough.loc[rng.choice(len(rough), 50, replace=False), "session_id"] = np.nan
    rough.loc[rng.choice(len(rough), 50, replace=False), "sent_at"] = pd.NaT
    rough["sent_at"] = rough["sent_at"].dt.floor("10min")
    for frame in (messages, rough, messages.head(0)):
        _same_frame(kpi.session_response_times(frame), _session_response_times_before(frame))
        _same_frame(kpi.block_response_times(frame), _block_response_times_before(frame))


def _kpis_before(facts, lo: pd.Timestamp, hi: pd.Timestamp, daily: bool) -> pd.DataFrame:
    """kpi._kpis as it was before it counted on integer places (issue 20)."""

    def in_period(frame, column):
        times = pd.to_datetime(frame[column])
        out = frame.loc[(times >= lo) & (times < hi)].copy()
        out[column] = pd.to_datetime(out[column])
        return out

    def safe_div(num, den):
        num = num.astype("float64")
        den = den.astype("float64")
        return (num / den.where(den != 0)).astype("float64")

    t = facts.tables
    keys = ["agent_id", "day"] if daily else ["agent_id"]
    sessions = in_period(t["sessions"], "started_at")
    sessions = sessions.loc[sessions["agent_id"].notna()]
    sessions["day"] = sessions["started_at"].dt.normalize()
    s_keys = sessions.set_index("session_id")[keys + ["buyer_id"]]
    consult = s_keys.loc[s_keys.index.isin(facts.buyer_sessions)]
    first = facts.first_response.join(s_keys, how="inner")
    first.index.name = "session_id"
    served = first.loc[first["first_response_s"].notna()]
    blocks = facts.blocks.join(s_keys, on="session_id", how="inner")
    parts = {
        "consult_buyers": consult.groupby(keys)["buyer_id"].nunique(),
        "served_buyers": served.groupby(keys)["buyer_id"].nunique(),
        "first_response_s": served.groupby(keys)["first_response_s"].mean(),
        "avg_response_s": blocks.dropna(subset=["response_s"]).groupby(keys)["response_s"].mean(),
    }
    inquiries = sessions.loc[sessions["is_inquiry"].astype(int) == 1]
    first_inq = (inquiries.groupby(keys + ["buyer_id"])["started_at"].min()
                 .rename("first_inquiry").reset_index())
    parts["inquiry_buyers"] = first_inq.groupby(keys)["buyer_id"].nunique()
    orders = in_period(t["orders"], "created_at")
    orders["paid_at"] = pd.to_datetime(orders["paid_at"])
    orders = orders.loc[orders["paid_at"].notna()]
    orders["day"] = orders["created_at"].dt.normalize()
    shop_total = orders.groupby(keys[1:])["paid_amount"].sum() if daily else \
        orders["paid_amount"].sum()
    attributed = orders.loc[orders["agent_id"].notna() & (orders["agent_id"] != "")]
    matched = attributed.merge(first_inq, on=keys + ["buyer_id"], how="inner")
    matched = matched.loc[matched["created_at"] >= matched["first_inquiry"]]
    parts["converted_buyers"] = matched.groupby(keys)["buyer_id"].nunique()
    same_day = matched.loc[matched["paid_at"].dt.normalize()
                           == matched["first_inquiry"].dt.normalize()]
    grabbed = same_day.groupby(keys)["buyer_id"].nunique()
    attributed = attributed.assign(qty=attributed["order_id"].map(facts.qty).fillna(0))
    by_agent = attributed.groupby(keys)
    parts["sales"] = by_agent["paid_amount"].sum()
    parts["paying_buyers"] = by_agent["buyer_id"].nunique()
    parts["items"] = by_agent["qty"].sum()
    paid_orders = by_agent["order_id"].nunique()
    refunded = attributed.loc[attributed["order_id"].isin(facts.refunded)].groupby(keys)[
        "order_id"].nunique()
    rated = sessions.loc[sessions["rating"].notna() & (sessions["rating"] != "")]
    good = rated.loc[rated["rating"].isin(kpi._GOOD_RATINGS)]
    index = kpi._index(t, sessions["agent_id"], attributed["agent_id"], lo, hi, daily)
    out = pd.DataFrame(index=index)
    for name in ("consult_buyers", "served_buyers", "inquiry_buyers", "converted_buyers",
                 "paying_buyers"):
        out[name] = parts[name].reindex(index).fillna(0).astype("int64")
    out["items"] = parts["items"].reindex(index).fillna(0).astype("int64")
    out["sales"] = parts["sales"].reindex(index).fillna(0.0).round(2)
    out["reply_rate"] = safe_div(out["served_buyers"], out["consult_buyers"])
    out["conversion_rate"] = safe_div(out["converted_buyers"], out["inquiry_buyers"])
    out["grab_rate"] = safe_div(grabbed.reindex(index).fillna(0), out["inquiry_buyers"])
    if daily:
        total = pd.Series(shop_total).reindex(out.index.get_level_values("day")).to_numpy()
        out["sales_share"] = safe_div(out["sales"], pd.Series(total, index=out.index))
    else:
        out["sales_share"] = safe_div(out["sales"], pd.Series(shop_total, index=out.index))
    out["avg_order_value"] = safe_div(out["sales"], out["paying_buyers"])
    out["items_per_buyer"] = safe_div(out["items"], out["paying_buyers"])
    out["avg_item_price"] = safe_div(out["sales"], out["items"])
    out["first_response_s"] = parts["first_response_s"].reindex(index).astype("float64")
    out["avg_response_s"] = parts["avg_response_s"].reindex(index).astype("float64")
    out["refund_rate"] = safe_div(refunded.reindex(index).fillna(0),
                                  paid_orders.reindex(index).fillna(0))
    out["satisfaction_rate"] = safe_div(good.groupby(keys).size().reindex(index).fillna(0),
                                        rated.groupby(keys).size().reindex(index).fillna(0))
    return out[kpi.KPI_COLUMNS]


def _rough_tables() -> dict[str, pd.DataFrame]:
    """The shop's tables with what hand-made data may hold: no agents table, an agent of
    no table, buyers and ratings missing, an order attributed to nobody (""), one more
    agent's order with only a fraction of a yuan, quantities missing for some orders."""
    tables = {name: load(name) for name in ("sessions", "messages", "orders", "order_items",
                                            "refunds")}
    rng = np.random.default_rng(7)
    sessions, orders = tables["sessions"].copy(), tables["orders"].copy()
    sessions.loc[rng.choice(len(sessions), 30, replace=False), "buyer_id"] = np.nan
    sessions.loc[rng.choice(len(sessions), 30, replace=False), "rating"] = ""
    sessions.loc[rng.choice(len(sessions), 20, replace=False), "agent_id"] = "Z99"
    orders.loc[rng.choice(len(orders), 30, replace=False), "buyer_id"] = np.nan
    orders.loc[rng.choice(len(orders), 30, replace=False), "agent_id"] = ""
    orders.loc[rng.choice(len(orders), 20, replace=False), "agent_id"] = "Z99"
    orders.loc[rng.choice(len(orders), 20, replace=False), "paid_amount"] = 0.01
    tables["sessions"], tables["orders"] = sessions, orders
    tables["order_items"] = tables["order_items"].iloc[::2]
    return tables


@pytest.mark.parametrize("student", [None, "2024001", "2024002", "2024017"])
def test_kpis_equal_the_former_pandas_version(student, monkeypatch, tmp_path):
    from course.data import shop_version
    from tests.factories import as_student

    as_student(monkeypatch, tmp_path, student, "kpi-test")
    periods = [("2025-06-01", "2025-06-30"), ("2025-06-10", "2025-06-10"),
               ("2025-05-01", "2025-07-31"), ("2025-06-03", "2025-06-17"),
               ("2030-01-01", "2030-01-02")]
    rough = kpi._facts(kpi._tables(_rough_tables()))
    for facts in (kpi._shop_facts(shop_version()), rough):
        for start, end in periods:
            lo, hi = kpi.parse_period(start, end)
            for daily in (False, True):
                _same_frame(kpi._kpis(facts, lo, hi, daily), _kpis_before(facts, lo, hi, daily))
