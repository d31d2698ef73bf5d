"""The chapter 1–3 widgets respond to their controls (no browser needed)."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from course import autoreply, backoffice, typingspeed, workflow
from course.data import load
from course.ui import (
    AutoReplySimulator,
    OrderSearchPanel,
    OrderTimeline,
    SizeRecommender,
    TypingTest,
    WorkflowExplorer,
)
from course.ui.autoreply_simulator import DEFAULT_RULES, parse_lines, unanswered

RED = "color:#b00"

# ---- WorkflowExplorer ------------------------------------------------------------


def test_explorer_starts_with_the_first_situation():
    explorer = WorkflowExplorer()
    first = workflow.SITUATIONS[0]
    assert explorer._situation.value == first.key
    assert first.duty in explorer._card.value


@pytest.mark.parametrize("situation", workflow.SITUATIONS[::-1], ids=lambda s: s.key)
def test_explorer_shows_stage_duty_and_handover_of_the_chosen_situation(situation):
    explorer = WorkflowExplorer()
    explorer._situation.value = situation.key
    card = explorer._card.value
    highlighted = re.findall(r"color:white'>(.+?)</span>", card)
    assert highlighted == [situation.stage]
    assert situation.duty in card
    assert situation.handover_to in card
    assert situation.handover_what in card
    assert situation.tip in card
    steps = re.search(r"本阶段的工作</td><td>(.*?)</td>", card).group(1).split("、")
    assert steps == [step for step, stage in workflow.WORKFLOW if stage == situation.stage]


def test_explorer_card_changes_with_the_stage():
    explorer = WorkflowExplorer()
    explorer._situation.value = "wilted"
    assert "售后主管／采购" in explorer._card.value and "评价管理" in explorer._card.value
    explorer._situation.value = "address"
    assert "仓储／打包发货" in explorer._card.value and "催付" in explorer._card.value
    assert "评价管理" not in explorer._card.value


# ---- TypingTest ------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def chars(text: str) -> int:
    return len("".join(text.split()))


def test_typing_test_shows_the_chosen_passage():
    test = TypingTest()
    assert typingspeed.PASSAGES[0] in test._text.value
    test._passage.value = 2
    assert typingspeed.PASSAGES[2] in test._text.value


def test_finish_without_start_asks_to_press_start():
    test = TypingTest()
    test._typed.value = "亲，您好"
    test.finish()
    assert "开始" in test._result.value and RED in test._result.value
    assert test.result is None


def test_start_clears_the_box_and_finish_times_the_attempt():
    clock = FakeClock()
    test = TypingTest(clock=clock)
    test._typed.value = "旧的输入"
    test.start()
    assert test._typed.value == ""
    passage = typingspeed.PASSAGES[0]
    test._typed.value = passage
    clock.now += 30
    test.finish()
    assert test.result.seconds == pytest.approx(30)
    assert test.result.accuracy == 1.0
    assert test.result.speed == pytest.approx(chars(passage) * 2)
    assert test.result.passed
    assert "100.0%" in test._result.value and "#1a7f37" in test._result.value


def test_finish_with_seconds_uses_them_instead_of_the_clock():
    clock = FakeClock()
    test = TypingTest(clock=clock)
    test._passage.value = 1
    test.start()
    passage = typingspeed.PASSAGES[1]
    test._typed.value = passage
    clock.now += 5
    test.finish(seconds=120)
    assert test.result.seconds == 120
    assert test.result.speed == pytest.approx(chars(passage) / 2)
    assert f"{chars(passage) / 2:.0f} 字/分钟" in test._result.value


def test_finish_with_seconds_works_without_start():
    test = TypingTest()
    test._typed.value = typingspeed.PASSAGES[0]
    test.finish(seconds=60)
    assert test.result is not None and test.result.accuracy == 1.0


def test_a_half_typed_passage_has_half_the_accuracy_and_fails():
    test = TypingTest()
    test.start()
    passage = "".join(typingspeed.PASSAGES[0].split())
    test._typed.value = passage[: len(passage) // 2]
    test.finish(seconds=10)
    assert test.result.accuracy == pytest.approx((len(passage) // 2) / len(passage))
    assert not test.result.passed
    assert "未达到" in test._result.value and RED in test._result.value


def test_a_second_finish_needs_a_new_start():
    test = TypingTest()
    test.start()
    test._typed.value = "亲"
    test.finish(seconds=10)
    first = test.result
    test.finish()
    assert "请先点「开始」" in test._result.value
    assert test.result is first


def test_the_buttons_start_and_finish_the_test():
    clock = FakeClock()
    test = TypingTest(clock=clock)
    test._start.click()
    assert "计时开始" in test._result.value
    test._typed.value = typingspeed.PASSAGES[0]
    clock.now += 60
    test._finish.click()
    assert test.result.seconds == pytest.approx(60)


# ---- OrderTimeline ---------------------------------------------------------------


@pytest.fixture
def order_timeline():
    return OrderTimeline()


def test_timeline_starts_with_the_default_order(order_timeline):
    html = order_timeline._result.value
    assert "卖家已发货，等待买家确认收货" in html
    assert "2025-06-21 09:20" in html  # ship by: paid + 72 h
    assert "2025-06-29 15:00" in html  # auto confirm: shipped + 10 days
    assert "赔付" not in html


def test_timeline_recomputes_deadlines_when_times_change(order_timeline):
    order_timeline._paid.value = "2025-06-18 10:00"
    assert "2025-06-21 10:00" in order_timeline._result.value
    order_timeline._shipped.value = "2025-06-20 08:00"
    assert "2025-06-30 08:00" in order_timeline._result.value
    assert order_timeline.timeline.deadlines["confirm_by"] == pd.Timestamp("2025-06-30 08:00")


def test_timeline_method_and_seller_extension_move_the_auto_confirmation(order_timeline):
    order_timeline._method.value = "平邮"
    assert "2025-07-19 15:00" in order_timeline._result.value  # 30 days
    order_timeline._method.value = "快递"
    order_timeline._seller_extend.value = 5
    assert "2025-07-04 15:00" in order_timeline._result.value  # 10 + 5 days


@pytest.mark.parametrize(("moment", "label"), [
    ("2025-06-18 09:10", "等待买家付款"),
    ("2025-06-19 09:00", "买家已付款，等待卖家发货"),
    ("2025-06-25 12:00", "卖家已发货，等待买家确认收货"),
    ("2025-06-30 12:00", "交易成功"),
])
def test_timeline_state_follows_the_chosen_moment(order_timeline, moment, label):
    order_timeline._moment.value = moment
    assert f"<b>{label}</b>" in order_timeline._result.value


def test_a_buyer_confirmation_finishes_the_trade_early(order_timeline):
    order_timeline._confirmed.value = "2025-06-20 10:00"
    order_timeline._moment.value = "2025-06-21 12:00"
    assert "<b>交易成功</b>" in order_timeline._result.value
    assert "2025-07-05 10:00" in order_timeline._result.value  # review by: 15 days later


def test_an_unpaid_order_closes_after_72_hours(order_timeline):
    order_timeline._shipped.value = ""
    order_timeline._paid.value = ""
    order_timeline._moment.value = "2025-06-21 09:00"
    assert "交易关闭" in order_timeline._result.value


@pytest.mark.parametrize(("control", "value"), [
    ("_shipped", "2025-06-18 09:10"),  # shipped before paid
    ("_paid", "2025-06-18 08:00"),  # paid before created
    ("_confirmed", "2025-06-19 12:00"),  # confirmed before shipped
    ("_paid", "2025-06-21 10:00"),  # paid after the order closed
    ("_created", "明天上午"),  # not a time
    ("_moment", "2025-06-17 12:00"),  # before the order exists
])
def test_impossible_input_shows_a_chinese_error(order_timeline, control, value):
    getattr(order_timeline, control).value = value
    html = order_timeline._result.value
    assert RED in html and re.search(r"[\u4e00-\u9fff]", html)
    assert "<table>" not in html


def test_shipped_before_paid_is_named_in_the_error(order_timeline):
    order_timeline._shipped.value = "2025-06-18 09:10"
    assert "发货时间不能早于付款时间" in order_timeline._result.value


def test_timeline_recovers_after_the_input_is_fixed(order_timeline):
    order_timeline._shipped.value = "2025-06-18 09:10"
    order_timeline._shipped.value = "2025-06-19 15:00"
    assert "2025-06-29 15:00" in order_timeline._result.value
    assert RED not in order_timeline._result.value


def test_a_buyer_extension_with_three_days_left_adds_three_days(order_timeline):
    order_timeline._buyer_extend.value = "2025-06-26 15:00"  # exactly 3 days before 06-29 15:00
    assert "2025-07-02 15:00" in order_timeline._result.value
    order_timeline._buyer_extend.value = "2025-06-28 09:00"
    assert "2025-07-02 15:00" in order_timeline._result.value


def test_a_buyer_extension_with_more_than_three_days_left_is_refused(order_timeline):
    order_timeline._buyer_extend.value = "2025-06-26 14:59"
    html = order_timeline._result.value
    assert RED in html and "3 天" in html
    assert "2025-07-02 15:00" not in html


def test_a_buyer_extension_after_the_auto_confirmation_is_refused(order_timeline):
    order_timeline._buyer_extend.value = "2025-06-30 09:00"
    assert RED in order_timeline._result.value


def test_late_shipping_shows_the_compensation(order_timeline):
    order_timeline._shipped.value = "2025-06-21 10:00"  # ship-by was 2025-06-21 09:20
    html = order_timeline._result.value
    assert "赔付" in html and "9.95 元" in html  # 5% of 199


@pytest.mark.parametrize(("amount", "money"), [(50, "5.00"), (199, "9.95"), (1000, "30.00")])
def test_the_compensation_follows_the_paid_amount_within_its_bounds(order_timeline, amount,
                                                                      money):
    order_timeline._shipped.value = "2025-06-22 10:00"
    order_timeline._amount.value = amount
    assert f"{money} 元" in order_timeline._result.value


def test_shipping_on_time_shows_no_compensation(order_timeline):
    order_timeline._shipped.value = "2025-06-21 09:20"  # exactly at the deadline
    assert "赔付" not in order_timeline._result.value


def test_an_order_still_unshipped_after_the_deadline_shows_the_compensation(order_timeline):
    order_timeline._shipped.value = ""
    order_timeline._moment.value = "2025-06-22 12:00"
    html = order_timeline._result.value
    assert "买家已付款，等待卖家发货" in html and "赔付" in html


# ---- SizeRecommender -------------------------------------------------------------


def test_size_recommender_starts_at_m():
    rec = SizeRecommender()
    assert rec.recommendation.size == "M"
    assert "<b>M</b>" in rec._result.value


def test_size_follows_the_height_and_weight_sliders():
    rec = SizeRecommender()
    rec._height.value = 170
    assert rec.recommendation.size == "L" and "<b>L</b>" in rec._result.value
    rec._height.value = 155
    assert rec.recommendation.size == "M"  # weight 55 says M, the larger
    rec._weight.value = 45
    assert rec.recommendation.size == "S"
    rec._weight.value = 80
    rec._height.value = 180
    assert rec.recommendation.size == "XL"


def test_a_value_on_a_border_takes_the_larger_size():
    rec = SizeRecommender()
    rec._height.value = 160
    rec._weight.value = 50
    assert rec.recommendation.size == "M"


def test_loose_fit_goes_one_size_up_and_back():
    rec = SizeRecommender()
    rec._fit.value = "宽松"
    assert rec.recommendation.size == "L" and "宽松" in rec._result.value
    rec._fit.value = "标准"
    assert rec.recommendation.size == "M"


def test_loose_fit_cannot_go_past_xl():
    rec = SizeRecommender()
    rec._height.value = 180
    rec._weight.value = 80
    rec._fit.value = "宽松"
    assert rec.recommendation.size == "XL"
    assert "最大码" in rec._result.value


@pytest.mark.parametrize(("control", "value"), [("_height", 145), ("_height", 190),
                                                ("_weight", 38), ("_weight", 90)])
def test_out_of_range_shows_a_chinese_message(control, value):
    rec = SizeRecommender()
    getattr(rec, control).value = value
    assert rec.recommendation is None
    assert RED in rec._result.value and "超出了尺码表的范围" in rec._result.value


def test_size_recommender_recovers_when_back_in_range():
    rec = SizeRecommender()
    rec._height.value = 145
    rec._height.value = 165
    assert rec.recommendation.size == "M" and "<b>M</b>" in rec._result.value


# ---- AutoReplySimulator ----------------------------------------------------------


@pytest.fixture
def chat() -> pd.DataFrame:
    rows = [("buyer", "在吗"), ("auto", "亲，欢迎光临"), ("buyer", "这款包邮吗"),
            ("agent", "包邮的亲"), ("buyer", "对了，能写贺卡吗"), ("buyer", "今天下单什么时候发货"),
            ("buyer", "好的")]
    return pd.DataFrame({"session_id": "S000001",
                         "sent_at": pd.date_range("2025-06-20 10:00", periods=len(rows),
                                                  freq="min"),
                         "sender": [s for s, _ in rows], "text": [t for _, t in rows]})


@pytest.fixture
def sim(chat):
    return AutoReplySimulator(messages=chat)


def test_simulator_measures_the_default_rules(sim):
    assert sim.coverage.messages == 5
    assert sim.coverage.answered == 3  # 包邮, 贺卡, 发货 (greeting and 好的 are not answered)
    assert sim.coverage.wrong == 0
    assert "覆盖率 60.0%" in sim._summary.value


def test_simulator_recomputes_coverage_when_the_rules_change(sim):
    sim._rules.value = sim._rules.value + "\n在吗、你好 | 0 | 问候 | 在的亲"
    assert sim.coverage.answered == 4
    assert "覆盖率 80.0%" in sim._summary.value
    sim._rules.value = "吗 | 0 | 发票 | 可以开发票"
    assert (sim.coverage.answered, sim.coverage.wrong) == (3, 3)
    assert "答非所问 3 条" in sim._summary.value


def test_simulator_lists_unanswered_and_wrong_messages(sim):
    sim._rules.value = "贺卡 | 0 | 优惠 | 有优惠券"
    assert "对了，能写贺卡吗" in sim._wrong.value
    assert "这款包邮吗" in sim._unmatched.value
    sim._rules.value = "贺卡 | 0 | 贺卡 | 免费手写贺卡"
    assert sim._wrong.value == "没有"


def test_unanswered_messages_are_grouped_by_topic_with_the_buyers_own_words_first_for_ruled_topics():
    chat = pd.DataFrame({"session_id": "S000001",
                         "sent_at": pd.date_range("2025-06-20 10:00", periods=6, freq="min"),
                         "sender": "buyer",
                         "text": ["这款包邮吗", "这个包油吗", "byma", "好的", "好的", "嗯嗯"]})
    sim = AutoReplySimulator(messages=chat)
    sim._rules.value = "包邮 | 2 | 包邮 | 满99包邮"
    shown = unanswered(sim.coverage.table, {"包邮"})
    assert shown.to_dict("records") == [
        {"真实主题": "包邮", "已有规则": "是", "条数": 2, "常见说法": "这个包油吗、byma"},
        {"真实主题": "结束语", "已有规则": "", "条数": 3, "常见说法": "好的、嗯嗯"}]
    assert "这个包油吗、byma" in sim._unmatched.value


def test_empty_rules_answer_nothing(sim):
    sim._rules.value = ""
    assert sim.coverage.answered == 0 and sim.coverage.messages == 5
    assert "没有命中" in sim._answer.value


@pytest.mark.parametrize(("text", "expected"), [
    ("包邮 | 2 | 包邮 | 亲，包邮哦\n贺卡 | 1 | 贺卡", "第 2 行"),
    ("包邮 | 2 | 包邮 | 亲 | 多一段", "第 1 行"),
    ("包邮 | 高 | 包邮 | 亲，包邮哦", "优先级「高」"),
    ("包邮 | 1 | 天气 | 亲，包邮哦", "天气"),
    (" | 1 | 包邮 | 亲，包邮哦", "关键词不能为空"),
    ("包邮 | 1 | 包邮 | ", "回复不能为空"),
])
def test_a_malformed_line_is_reported_in_chinese(sim, text, expected):
    sim._rules.value = text
    assert RED in sim._summary.value
    assert expected in sim._summary.value


def test_the_simulator_recovers_after_a_malformed_line_is_fixed(sim):
    sim._rules.value = "包邮 | 2"
    sim._rules.value = "包邮 | 2 | 包邮 | 亲，包邮哦"
    assert RED not in sim._summary.value
    assert sim.coverage.answered == 1


def test_the_try_box_answers_with_the_matching_reply(sim):
    assert "满99元全国包邮" in sim._answer.value  # the default sentence asks about 包邮
    sim._try.value = "能写贺卡吗"
    assert "手写贺卡5元一张" in sim._answer.value
    sim._try.value = "今天天气不错"
    assert "没有命中" in sim._answer.value


def test_the_try_box_follows_rule_changes(sim):
    sim._try.value = "在吗"
    assert "没有命中" in sim._answer.value
    sim._rules.value = "在吗 | 0 | 问候 | 在的亲，请问有什么可以帮您"
    assert "在的亲，请问有什么可以帮您" in sim._answer.value


def test_the_try_box_uses_priorities(sim):
    sim._rules.value = "发货 | 1 | 发货时间 | 当天发\n什么时候 | 3 | 指定日期 | 可以指定日期"
    sim._try.value = "什么时候发货"
    assert "可以指定日期" in sim._answer.value


def _exec(code: str) -> dict:
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - the snippet is meant to be pasted and run
    return namespace


def test_copied_code_runs_back_into_rules_that_evaluate_the_same(sim, chat):
    sim._rules.value = (DEFAULT_RULES + "\n在吗，你好,您好 | 0 | 问候 | 在的亲"
                        + "\n吗 | -1 | 发票 | 可以开发票")
    rules = _exec(sim._code.value)["rules"]
    again = autoreply.evaluate(rules, chat)
    assert (again.messages, again.answered, again.wrong) == (
        sim.coverage.messages, sim.coverage.answered, sim.coverage.wrong)
    assert autoreply.parse_rules(rules) == autoreply.parse_rules(sim.rules)
    assert autoreply.parse_rules(rules)[3].keywords == ("在吗", "你好", "您好")


def test_copied_code_follows_the_rule_text(sim):
    sim._rules.value = "发票 | 4 | 发票 | 可以开发票"
    rules = _exec(sim._code.value)["rules"]
    assert rules == [{"keywords": ["发票"], "reply": "可以开发票", "priority": 4, "topic": "发票"}]


def test_simulator_on_the_shop_messages_counts_every_buyer_message():
    sim = AutoReplySimulator()
    buyer = load("messages").query("sender == 'buyer'")
    expected = autoreply.evaluate(parse_lines(DEFAULT_RULES))
    assert sim.coverage.messages == len(buyer)
    assert sim.coverage.answered == expected.answered > 0


# ---- OrderSearchPanel ------------------------------------------------------------


@pytest.fixture(scope="module")
def all_orders() -> pd.DataFrame:
    return load("orders")


@pytest.fixture
def panel(all_orders):
    return OrderSearchPanel(orders=all_orders)


def count(panel) -> int:
    return int(re.search(r"共找到 <b>(\d+)</b>", panel._summary.value).group(1))


def test_search_panel_starts_with_june(panel, all_orders):
    june = all_orders["created_at"].between("2025-06-01", "2025-06-30 23:59:59")
    assert len(panel.result) == june.sum() == count(panel)
    assert panel.result["created_at"].is_monotonic_decreasing
    assert panel._table.value.count("<tr") == 21  # header + the first 20 orders


def test_status_filter_narrows_the_results(panel):
    before = len(panel.result)
    panel._status.value = "WAIT_BUYER_PAY"
    assert 0 < len(panel.result) < before
    assert (panel.result["status"] == "WAIT_BUYER_PAY").all()
    assert "等待买家付款" in panel._table.value and "WAIT_BUYER_PAY" not in panel._table.value
    panel._status.value = ""
    assert len(panel.result) == before


def test_the_silent_order_choice_keeps_orders_without_an_agent(panel):
    before = len(panel.result)
    panel._agent.value = ""
    assert 0 < len(panel.result) < before
    assert panel.result["agent_id"].isna().all()
    panel._agent.value = "A03"
    assert (panel.result["agent_id"] == "A03").all() and len(panel.result) > 0
    panel._agent.value = None
    assert len(panel.result) == before


def test_amount_range_narrows_the_results(panel):
    before = len(panel.result)
    panel._amount.value = (100, 200)
    assert 0 < len(panel.result) < before
    assert panel.result["paid_amount"].between(100, 200).all()
    assert count(panel) == len(panel.result)


def test_the_top_of_the_amount_slider_means_no_upper_limit():
    orders = pd.DataFrame({
        "order_id": ["O1", "O2"], "buyer_id": ["B1", "B2"],
        "created_at": pd.to_datetime(["2025-06-10 10:00", "2025-06-11 10:00"]),
        "paid_at": pd.to_datetime(["2025-06-10 10:05", "2025-06-11 10:05"]),
        "status": ["TRADE_FINISHED", "TRADE_FINISHED"], "paid_amount": [150.0, 1500.0],
        "agent_id": ["A01", "A01"]})
    panel = OrderSearchPanel(orders=orders)
    assert panel.result["order_id"].tolist() == ["O2", "O1"]
    panel._amount.value = (100, 990)
    assert panel.result["order_id"].tolist() == ["O1"]


def test_dates_narrow_the_results(panel):
    panel._start.value = date(2025, 6, 10)
    panel._end.value = date(2025, 6, 10)
    assert len(panel.result) > 0
    assert (panel.result["created_at"].dt.date == date(2025, 6, 10)).all()


def test_a_start_after_the_end_shows_a_chinese_message(panel):
    result = panel.result
    panel._start.value = date(2025, 7, 1)
    assert RED in panel._summary.value and "开始日期不能晚于结束日期" in panel._summary.value
    assert panel.result is result


def test_order_number_and_buyer_fields_narrow_the_results(panel, all_orders):
    one = all_orders.query("created_at >= '2025-06-15'").iloc[0]
    panel._order_id.value = one["order_id"][-6:]
    assert panel.result["order_id"].tolist() == [one["order_id"]]
    panel._order_id.value = ""
    panel._buyer.value = one["buyer_id"]
    assert (panel.result["buyer_id"] == one["buyer_id"]).all()
    assert one["order_id"] in panel.result["order_id"].tolist()


def test_the_panel_agrees_with_search_orders(panel, all_orders):
    panel._status.value = "TRADE_FINISHED"
    panel._agent.value = "A01"
    panel._amount.value = (150, 300)
    expected = backoffice.search_orders(all_orders, status="TRADE_FINISHED", agent_id="A01",
                                        start=date(2025, 6, 1), end=date(2025, 6, 30),
                                        min_amount=150, max_amount=300)
    assert panel.result["order_id"].tolist() == expected["order_id"].tolist()
    assert f"{expected['paid_amount'].sum():,.2f} 元" in panel._summary.value


def test_every_widget_of_the_package_is_importable_by_name_on_first_use():
    import subprocess
    import sys

    import course.ui

    for name in course.ui.__all__:
        assert getattr(course.ui, name).__name__ == name
    assert sorted(course.ui.__all__) == sorted(course.ui._MODULES)
    # a set-up cell asking for one widget does not pay for the others' charts
    probe = "import sys; from course.ui import OrderTimeline; print('matplotlib.figure' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
