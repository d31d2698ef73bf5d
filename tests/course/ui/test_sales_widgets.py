"""The chapter 4–6 widgets respond to their controls (no browser needed)."""

from __future__ import annotations

import pandas as pd
import pytest

from course import promotions
from course.ui import ChasingPrioritizer, PromotionSimulator, RefundAssistant


@pytest.fixture
def sim():
    return PromotionSimulator()


def test_simulator_starts_with_the_default_cart_and_no_plan(sim):
    assert sim.cart() == [("HF002", 1), ("HF026", 1), ("HF027", 1)]
    assert sim.plan() == {}
    assert float(sim.quote.total) == 233.0  # 199 + 29 + 5, the shop's 满99包邮: no shipping
    assert sim._chart.value[:4] == b"\x89PNG"


def test_simulator_tools_change_the_price_and_the_code(sim):
    sim._item_controls[0][0].value = "HF002"  # 单品宝 9折 (the default value)
    sim._threshold_on.value = True  # 满200减20 by default
    sim._coupon_on.value = True  # 满200减10 by default
    assert float(sim.quote.total) == 183.10
    namespace: dict = {}
    exec(sim._code.value, namespace)  # noqa: S102 - the snippet is meant to be pasted and run
    again = promotions.quote(namespace["cart"], namespace["plan"])
    assert again.total == sim.quote.total


def test_simulator_shows_a_chinese_error_for_an_impossible_plan(sim):
    sim._item_controls[0][0].value = "HF002"
    before = sim.quote
    sim._item_controls[0][2].value = 0.05
    assert "最低折扣" in sim._message.value
    assert sim.quote is before


def test_simulator_standing_free_shipping_threshold_is_a_control(sim):
    sim._free_at.value = 0  # the shop without 满99包邮: 233 + 10
    assert sim.plan() == {"free_shipping_at": None} and float(sim.quote.total) == 243.0
    assert '"free_shipping_at": None' in sim._code.value
    sim._free_at.value = 99
    assert sim.plan() == {} and "满 99 元包邮" in sim._summary.value


def test_simulator_cart_rows_and_free_shipping(sim):
    sim._cart_controls[3][0].value = "HF030"
    sim._cart_controls[3][1].value = 2
    assert ("HF030", 2) in sim.cart()
    sim._threshold_on.value = True
    sim._tiers[0][1].value = "free_shipping"
    assert sim.quote.shipping == 0 and "包邮" in sim._summary.value


@pytest.fixture
def chaser():
    return ChasingPrioritizer()


def test_prioritizer_moves_with_the_now_slider(chaser):
    before = chaser.ranked.copy()
    chaser._now.value = pd.Timestamp("2025-06-27 12:00")
    assert not chaser.ranked["order_id"].equals(before["order_id"])
    assert "2025-06-27 12:00" in chaser._message.value
    assert '"now": "2025-06-27 12:00"' in chaser._code.value


def test_prioritizer_refuses_weights_that_do_not_add_up(chaser):
    chaser._weights["value"].value = 0.9
    assert "之和必须等于 1" in chaser._message.value
    chaser._weights["value"].value = 0.35
    assert "可以催付" in chaser._message.value


def test_prioritizer_only_open_hides_excluded_orders(chaser):
    chaser._only_open.value = True
    assert "订单已关闭" not in chaser._table.value and "24 小时内" not in chaser._table.value


def test_prioritizer_only_open_shows_the_same_table_as_a_full_redraw_and_keeps_the_chart(chaser):
    chaser._now.value = pd.Timestamp("2025-06-29 09:00")
    chart, message = chaser._chart.value, chaser._message.value
    chaser._only_open.value = True
    filtered = chaser._table.value
    assert chaser._chart.value is chart and chaser._message.value == message
    chaser.refresh()  # everything recomputed from the controls
    assert chaser._table.value == filtered


def test_prioritizer_only_open_changes_nothing_while_the_weights_are_wrong(chaser):
    chaser._weights["value"].value = 0.9
    table = chaser._table.value
    chaser._only_open.value = True
    assert chaser._table.value == table and "之和必须等于 1" in chaser._message.value


def test_prioritizer_checks_the_template_for_taboos(chaser):
    chaser._template.value = "亲，再不付款就取消订单，加微信转账"
    assert "威胁" in chaser._taboo.value and "站外" in chaser._taboo.value
    chaser._reason.value = "忘记付款"
    assert "没有发现" in chaser._taboo.value


def test_refund_assistant_walks_a_return_to_the_seller_confirmation():
    assistant = RefundAssistant()
    assistant._kind.value = "退货退款"
    assistant._shipped.value = True
    assert "2025-06-25 10:00" in assistant._result.value  # 5 days after 06-20 10:00
    assistant._event.value = "seller_agree"
    assistant._on_apply()
    assert assistant._state.value == "WAIT_BUYER_RETURN_GOODS"
    assistant._event.value = "buyer_return"
    assistant._on_apply()
    assistant._since.value = "2025-06-23 15:00"
    assert assistant._state.value == "WAIT_SELLER_CONFIRM_GOODS"
    assert "2025-07-03 15:00" in assistant._result.value
    assert '"since": "2025-06-23 15:00"' in assistant._code.value


def test_refund_assistant_refuses_impossible_events_and_bad_times():
    assistant = RefundAssistant()
    assistant._event.value = "seller_confirm"
    assistant._on_apply()
    assert "不能" in assistant._result.value
    assert assistant._state.value == "WAIT_SELLER_AGREE"
    assistant._since.value = "明天"
    assert "时间格式不对" in assistant._result.value
