"""卖家中心 operations (chapter 3): order search, 改价 and its log, order notes and flags."""

from __future__ import annotations

import math
import re
from datetime import date

import numpy as np
import pandas as pd
import pytest

from course import backoffice
from course.backoffice import (
    FLAGS,
    BackofficeError,
    PriceLog,
    change_price,
    make_note,
    search_orders,
)
from course.data import load

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def orders() -> pd.DataFrame:
    """Four orders, listed oldest first, typed like ``load("orders")``."""
    frame = pd.DataFrame({
        "order_id": ["O20250601000001", "O20250610000002", "O20250611000003",
                     "O20250620000004"],
        "buyer_id": ["B00001", "B00002", "B00001", "B00003"],
        "created_at": pd.to_datetime(["2025-06-01 08:00:00", "2025-06-10 23:59:59",
                                      "2025-06-11 00:00:00", "2025-06-20 12:00:00"]),
        "status": ["TRADE_FINISHED", "WAIT_BUYER_PAY", "TRADE_CLOSED_BY_TAOBAO",
                   "WAIT_SELLER_SEND_GOODS"],
        "paid_amount": [100.0, 50.0, 200.0, 99.9],
        "agent_id": ["A01", None, "A02", None],
    })
    frame["agent_id"] = frame["agent_id"].astype("str")  # NaN stays missing, like load()
    return frame


def ids(result: pd.DataFrame) -> list[str]:
    return [order_id[-1] for order_id in result["order_id"]]


# ---- search_orders -------------------------------------------------------------


def test_without_filters_every_order_comes_back_newest_first(orders):
    assert ids(search_orders(orders)) == ["4", "3", "2", "1"]


def test_order_id_matches_a_part_of_the_number(orders):
    assert ids(search_orders(orders, order_id="0611")) == ["3"]
    assert ids(search_orders(orders, order_id="202506")) == ["4", "3", "2", "1"]
    assert search_orders(orders, order_id="O2024").empty


def test_buyer_filter_keeps_only_that_buyers_orders(orders):
    assert ids(search_orders(orders, buyer_id="B00001")) == ["3", "1"]
    assert search_orders(orders, buyer_id="B00009").empty


def test_status_filter_keeps_only_that_status(orders):
    assert ids(search_orders(orders, status="WAIT_BUYER_PAY")) == ["2"]
    assert search_orders(orders, status="TRADE_CLOSED").empty


@pytest.mark.parametrize("status", ["已付款", "wait_buyer_pay", "PAID"])
def test_an_unknown_status_is_an_error_in_chinese(orders, status):
    with pytest.raises(BackofficeError) as info:
        search_orders(orders, status=status)
    assert CHINESE.search(str(info.value))


def test_date_range_includes_both_whole_days(orders):
    assert ids(search_orders(orders, start="2025-06-10", end="2025-06-10")) == ["2"]
    assert ids(search_orders(orders, start="2025-06-11", end="2025-06-11")) == ["3"]
    assert ids(search_orders(orders, start="2025-06-01", end="2025-06-20")) == ["4", "3", "2", "1"]


def test_dates_may_be_date_objects_and_either_end_may_be_open(orders):
    assert ids(search_orders(orders, start=date(2025, 6, 11))) == ["4", "3"]
    assert ids(search_orders(orders, end=date(2025, 6, 10))) == ["2", "1"]


def test_a_start_after_the_end_is_an_error_in_chinese(orders):
    with pytest.raises(BackofficeError) as info:
        search_orders(orders, start="2025-06-12", end="2025-06-11")
    assert CHINESE.search(str(info.value))


def test_amount_range_includes_both_bounds(orders):
    assert ids(search_orders(orders, min_amount=99.9, max_amount=100)) == ["4", "1"]
    assert ids(search_orders(orders, min_amount=100.01)) == ["3"]
    assert ids(search_orders(orders, max_amount=50)) == ["2"]


def test_agent_filter_and_the_empty_agent_for_orders_without_one(orders):
    assert ids(search_orders(orders, agent_id="A01")) == ["1"]
    assert ids(search_orders(orders, agent_id="")) == ["4", "2"]
    assert ids(search_orders(orders, agent_id=None)) == ["4", "3", "2", "1"]


def test_filters_combine(orders):
    assert ids(search_orders(orders, buyer_id="B00001", start="2025-06-05")) == ["3"]
    assert search_orders(orders, agent_id="", min_amount=150).empty


def test_searching_does_not_change_the_orders(orders):
    before = orders.copy()
    search_orders(orders, status="WAIT_BUYER_PAY", agent_id="")
    pd.testing.assert_frame_equal(orders, before)


def test_search_defaults_to_the_shops_orders():
    everything = load("orders")
    silent = search_orders(agent_id="")
    assert len(silent) == everything["agent_id"].isna().sum() > 0
    assert silent["agent_id"].isna().all()
    assert silent["created_at"].is_monotonic_decreasing


def test_search_on_the_shop_data_respects_every_filter():
    found = search_orders(status="TRADE_FINISHED", start="2025-06-01", end="2025-06-30",
                          min_amount=100, max_amount=200, agent_id="A02")
    assert len(found) > 0
    assert (found["status"] == "TRADE_FINISHED").all()
    assert found["created_at"].between("2025-06-01", "2025-06-30 23:59:59").all()
    assert found["paid_amount"].between(100, 200).all()
    assert (found["agent_id"] == "A02").all()
    assert found["created_at"].is_monotonic_decreasing


# ---- change_price --------------------------------------------------------------

CREATED = pd.Timestamp("2025-06-20 10:00")


def order(**changes) -> dict:
    base = {"order_id": "O20250620000099", "created_at": CREATED, "paid_at": None,
            "closed_at": None, "paid_amount": 199.0}
    return {**base, **changes}


def test_a_price_change_before_payment_is_logged():
    log = PriceLog()
    entry = change_price(order(), 179, "2025-06-20 10:30", "小A", " 老顾客优惠 ", log)
    assert entry == {"订单号": "O20250620000099", "时间": pd.Timestamp("2025-06-20 10:30"),
                     "操作人": "小A", "原价": 199.0, "新价": 179.0, "原因": "老顾客优惠"}
    assert log.entries == [entry]


def test_every_change_is_appended_to_the_log_in_order():
    log = PriceLog()
    change_price(order(), 179, "2025-06-20 10:30", "小A", "老顾客", log)
    change_price(order(order_id="O2"), 99.5, "2025-06-20 11:00", "小B", "补差价", log)
    frame = log.frame()
    assert list(frame.columns) == ["订单号", "时间", "操作人", "原价", "新价", "原因"]
    assert frame["订单号"].tolist() == ["O20250620000099", "O2"]
    assert frame["新价"].tolist() == [179.0, 99.5]


def test_an_empty_log_has_the_columns():
    assert list(PriceLog().frame().columns) == ["订单号", "时间", "操作人", "原价", "新价", "原因"]


def test_change_price_works_without_a_log():
    entry = change_price(order(), 0, "2025-06-20 10:30", "小A", "赠品")
    assert entry["新价"] == 0.0


def test_a_row_of_the_orders_table_can_be_repriced():
    unpaid = load("orders").query("status == 'WAIT_BUYER_PAY'").iloc[0]
    at = unpaid["created_at"] + pd.Timedelta(minutes=1)
    entry = change_price(unpaid, 1.0, at, "小A", "测试")
    assert entry["订单号"] == unpaid["order_id"]
    assert entry["原价"] == round(unpaid["paid_amount"], 2)


def test_a_paid_order_of_the_orders_table_cannot_be_repriced():
    paid = load("orders").query("status == 'TRADE_FINISHED'").iloc[0]
    with pytest.raises(BackofficeError):
        change_price(paid, 1.0, paid["paid_at"] + pd.Timedelta(minutes=1), "小A", "测试")


def test_an_order_paid_later_than_the_change_may_still_be_repriced():
    entry = change_price(order(paid_at="2025-06-20 11:00"), 150, "2025-06-20 10:59", "小A", "议价")
    assert entry["新价"] == 150.0


@pytest.mark.parametrize("paid_at", ["2025-06-20 10:30", "2025-06-20 10:00",
                                     pd.Timestamp("2025-06-20 10:15")])
def test_after_payment_the_price_is_fixed(paid_at):
    log = PriceLog()
    with pytest.raises(BackofficeError) as info:
        change_price(order(paid_at=paid_at), 150, "2025-06-20 10:30", "小A", "议价", log)
    assert CHINESE.search(str(info.value))
    assert log.entries == []


def test_the_order_closes_72_hours_after_it_was_placed():
    just_before = CREATED + pd.Timedelta(hours=72) - pd.Timedelta(seconds=1)
    assert change_price(order(), 150, just_before, "小A", "议价")["新价"] == 150.0
    for at in (CREATED + pd.Timedelta(hours=72), CREATED + pd.Timedelta(days=5)):
        with pytest.raises(BackofficeError) as info:
            change_price(order(), 150, at, "小A", "议价")
        assert CHINESE.search(str(info.value))


def test_a_closed_order_cannot_be_repriced():
    closed = order(closed_at="2025-06-20 12:00")
    assert change_price(closed, 150, "2025-06-20 11:59", "小A", "议价")["新价"] == 150.0
    for at in ("2025-06-20 12:00", "2025-06-21 09:00"):
        with pytest.raises(BackofficeError) as info:
            change_price(closed, 150, at, "小A", "议价")
        assert CHINESE.search(str(info.value))


def test_missing_times_given_as_nat_count_as_not_yet():
    entry = change_price(order(paid_at=pd.NaT, closed_at=pd.NaT), 150, "2025-06-20 10:30", "小A",
                         "议价")
    assert entry["新价"] == 150.0


@pytest.mark.parametrize("amount", [np.float64(150.5), np.int64(150)], ids=["float64", "int64"])
def test_a_number_read_from_a_table_is_a_valid_new_price(amount):
    assert change_price(order(), amount, "2025-06-20 10:30", "小A", "议价")["新价"] == float(amount)


@pytest.mark.parametrize("amount", [-0.01, -100, "150", None, True, [150], math.nan],
                         ids=["tiny-negative", "negative", "string", "none", "bool", "list",
                              "nan"])
def test_the_new_price_must_be_a_non_negative_number(amount):
    log = PriceLog()
    with pytest.raises(BackofficeError) as info:
        change_price(order(), amount, "2025-06-20 10:30", "小A", "议价", log)
    assert CHINESE.search(str(info.value))
    assert log.entries == []


@pytest.mark.parametrize(("by", "reason"), [("", "议价"), ("   ", "议价"), (None, "议价"),
                                            ("小A", ""), ("小A", "  "), ("小A", None)])
def test_who_and_why_are_required(by, reason):
    log = PriceLog()
    with pytest.raises(BackofficeError) as info:
        change_price(order(), 150, "2025-06-20 10:30", by, reason, log)
    assert CHINESE.search(str(info.value))
    assert log.entries == []


def test_backoffice_error_is_a_value_error():
    assert issubclass(BackofficeError, ValueError)


# ---- make_note -----------------------------------------------------------------


def test_flags_are_the_five_colours():
    assert list(FLAGS) == ["红", "黄", "绿", "蓝", "紫"]
    assert all(FLAGS.values())


def test_a_note_with_a_flag_carries_the_flags_meaning():
    note = make_note("O1", "  改地址：杭州西湖区  ", "黄")
    assert note == {"订单号": "O1", "备注": "改地址：杭州西湖区", "旗帜": "黄", "含义": FLAGS["黄"]}


def test_a_note_without_a_flag():
    note = make_note("O1", "贺卡写生日快乐")
    assert note["旗帜"] == "" and note["含义"] == ""


@pytest.mark.parametrize("flag", list(FLAGS))
def test_every_flag_is_accepted(flag):
    assert make_note("O1", "已核对", flag)["旗帜"] == flag


def test_a_note_of_200_characters_is_fine_but_201_is_too_long():
    assert make_note("O1", "花" * 200)["备注"] == "花" * 200
    with pytest.raises(BackofficeError) as info:
        make_note("O1", "花" * 201)
    assert CHINESE.search(str(info.value))


@pytest.mark.parametrize("text", ["", "   ", None])
def test_an_empty_note_is_refused(text):
    with pytest.raises(BackofficeError) as info:
        make_note("O1", text)
    assert CHINESE.search(str(info.value))


@pytest.mark.parametrize("flag", ["黑", "red", "", "红黄"])
def test_an_unknown_flag_is_refused(flag):
    with pytest.raises(BackofficeError) as info:
        make_note("O1", "已核对", flag)
    assert CHINESE.search(str(info.value))


def test_status_labels_are_the_order_states():
    assert set(backoffice.STATUS_LABELS) == set(load("orders")["status"])
