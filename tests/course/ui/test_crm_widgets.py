"""The chapter 8–9 widgets respond to their controls (no browser needed)."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from course import appraisal, crm, kpi
from course.ui import MemberLevelPlanner, RfmSegmenter, ScorecardCalculator

CJK = re.compile(r"[\u4e00-\u9fff]")
AS_OF = "2025-06-30"
PNG = b"\x89PNG"


def orders(*rows) -> pd.DataFrame:
    """Orders from (buyer, paid_at, paid_amount) tuples."""
    return pd.DataFrame({
        "order_id": [f"O{i:05d}" for i in range(1, len(rows) + 1)],
        "buyer_id": [r[0] for r in rows],
        "paid_at": pd.to_datetime([r[1] for r in rows]),
        "status": "TRADE_FINISHED",
        "paid_amount": [float(r[2]) for r in rows],
    })


def is_chinese_error(message: str, typed: str = "") -> bool:
    """A red message whose own words (not the echoed input) are Chinese."""
    text = re.sub(r"<[^>]+>", "", message)
    for token in re.split(r"[,，、\s]+", typed):
        if token:
            text = text.replace(token, "")
    return "color:#b00" in message and bool(CJK.search(text)) and "invalid literal" not in text


def order_of(html: str, agent_ids) -> list[str]:
    """Agent ids in the order their rows appear in a table's HTML."""
    return sorted(agent_ids, key=lambda a: html.index(f"（{a}）"))


# --- RFM segmenter --------------------------------------------------------------------------


@pytest.fixture
def shop() -> pd.DataFrame:
    return orders(("B1", "2025-06-28 10:00", 300), ("B1", "2025-06-10 10:00", 200),
                  ("B1", "2025-05-20 10:00", 150),  # R 2, F 3, M 650
                  ("B2", "2025-06-05 10:00", 80),  # R 25, F 1, M 80
                  ("B3", "2025-03-01 10:00", 600),  # R 121, F 1, M 600
                  ("B4", "2025-06-30 22:30", 120),  # R 0 (late on the as-of day)
                  ("B5", "2025-07-01 00:00", 999))  # after the as-of date


@pytest.fixture
def seg(shop):
    return RfmSegmenter(orders=shop)


def test_segmenter_starts_on_2025_06_30_with_the_defaults(seg, shop):
    pd.testing.assert_frame_equal(seg.result, crm.rfm(AS_OF, shop))
    assert list(seg.result.index) == ["B1", "B2", "B3", "B4"]
    assert "共 4 人" in seg._message.value
    assert seg.thresholds() == {"r_days": [30, 60, 90, 180], "f_counts": [1, 2, 3, 4, 5],
                                "m_amounts": [100, 200, 500, 1000], "high_score": 3}
    for segment in crm.SEGMENTS.values():
        assert segment in seg._table.value
    assert seg._chart.value[:4] == PNG


def test_segmenter_recomputes_when_the_as_of_date_changes(seg, shop):
    seg._as_of.value = date(2025, 6, 15)
    pd.testing.assert_frame_equal(seg.result, crm.rfm("2025-06-15", shop))
    assert list(seg.result.index) == ["B1", "B2", "B3"]
    assert seg.result.loc["B1", "R"] == 5 and seg.result.loc["B1", "F"] == 2
    assert "共 3 人" in seg._message.value
    assert '"as_of": "2025-06-15"' in seg._code.value


def test_segmenter_before_any_order_shows_nobody(seg):
    seg._as_of.value = date(2024, 1, 1)
    assert seg.result.empty
    assert list(seg.result.columns) == crm.RFM_COLUMNS
    assert "共 0 人" in seg._message.value


def test_segmenter_recomputes_when_thresholds_change(seg, shop):
    seg._r.value = "1, 7, 30, 120"
    expected = crm.rfm(AS_OF, shop, {"r_days": [1, 7, 30, 120]})
    pd.testing.assert_frame_equal(seg.result, expected)
    assert seg.result["r_score"].to_dict() == {"B1": 4, "B2": 3, "B3": 1, "B4": 5}
    seg._f.value = "1, 2, 4, 6, 8"
    seg._m.value = "50, 100, 400, 600"
    assert seg.result.loc["B1", "f_score"] == 2
    assert seg.result["m_score"].to_dict() == {"B1": 5, "B2": 2, "B3": 5, "B4": 3}
    assert seg.thresholds() == {"r_days": [1, 7, 30, 120], "f_counts": [1, 2, 4, 6, 8],
                                "m_amounts": [50, 100, 400, 600], "high_score": 3}


def test_segmenter_recomputes_when_the_high_line_changes(seg, shop):
    assert seg.result.loc["B2", "segment"] == "一般发展客户"  # scores 5, 1, 1 → 高低低
    seg._high.value = 2
    pd.testing.assert_frame_equal(seg.result, crm.rfm(AS_OF, shop, {"high_score": 2}))
    assert seg.result.loc["B3", "segment"] == "重要发展客户"  # scores 2, 1, 4: R 2 is now 高
    assert seg.result.loc["B1", "segment"] == "重要价值客户"  # scores 5, 3, 4
    seg._high.value = 5
    assert seg.result.loc["B1", "segment"] == "一般发展客户"  # only R 5 is 高


def test_segmenter_accepts_chinese_commas(seg, shop):
    seg._m.value = "100，200、500，1000.5"
    assert seg.thresholds()["m_amounts"] == [100, 200, 500, 1000.5]
    assert "共 4 人" in seg._message.value


@pytest.mark.parametrize("typed", [
    pytest.param("30, 60, 90", id="three-numbers"),
    pytest.param("180, 90, 60, 30", id="decreasing"),
    pytest.param("", id="empty"),
    pytest.param("30, 60, abc, 180", id="not-a-number"),
    pytest.param("30 60 90 180", id="spaces-only"),
    pytest.param("30, 60, 9.0.0, 180", id="two-dots"),
])
def test_segmenter_shows_a_chinese_error_and_keeps_the_last_result(seg, typed):
    before, code, table = seg.result, seg._code.value, seg._table.value
    seg._r.value = typed
    assert seg.result is before
    assert seg._code.value == code and seg._table.value == table
    assert is_chinese_error(seg._message.value, typed), seg._message.value


def test_segmenter_thresholds_count_when_typed_out_not_at_every_keystroke(seg):
    # the browser sends a threshold box's text on Enter or when the box loses focus
    assert not any(box.continuous_update for box in (seg._r, seg._f, seg._m))


def test_segmenter_recovers_after_an_error(seg, shop):
    seg._r.value = "30, 60"
    assert "color:#b00" in seg._message.value
    seg._r.value = "30, 60, 90, 180"
    assert "共 4 人" in seg._message.value
    pd.testing.assert_frame_equal(seg.result, crm.rfm(AS_OF, shop))


def test_segmenter_code_execs_to_the_settings(seg, shop):
    seg._as_of.value = date(2025, 6, 20)
    seg._r.value = "10, 20, 40, 80"
    seg._m.value = "50, 150, 300, 800.5"
    seg._high.value = 4
    namespace: dict = {}
    exec(seg._code.value, namespace)  # noqa: S102 - the snippet is meant to be pasted and run
    state = namespace["rfm_state"]
    assert state == {"as_of": "2025-06-20", "r_days": [10, 20, 40, 80], "f_counts": [1, 2, 3, 4, 5],
                     "m_amounts": [50, 150, 300, 800.5], "high_score": 4}
    settings = {k: v for k, v in state.items() if k != "as_of"}
    pd.testing.assert_frame_equal(crm.rfm(state["as_of"], shop, settings), seg.result)


def test_segmenter_on_the_shop_data():
    seg = RfmSegmenter()
    expected = crm.rfm(AS_OF)
    pd.testing.assert_frame_equal(seg.result, expected)
    assert f"共 {len(expected)} 人" in seg._message.value
    assert seg._chart.value[:4] == PNG


# --- member level planner -------------------------------------------------------------------


@pytest.fixture
def spenders() -> pd.DataFrame:
    return orders(("B1", "2025-05-01 10:00", 250), ("B2", "2025-05-01 10:00", 300),
                  ("B3", "2025-05-01 10:00", 900), ("B4", "2025-05-01 10:00", 2500),
                  ("B5", "2025-05-01 10:00", 6000))


@pytest.fixture
def planner(spenders):
    return MemberLevelPlanner(orders=spenders)


def controls(planner, name):
    """(spend, discount) controls of a level."""
    return next((spend, discount) for n, spend, discount in planner._rows if n == name)


def test_planner_starts_with_the_default_levels(planner, spenders):
    pd.testing.assert_frame_equal(planner.plan, crm.level_plan(AS_OF, spenders))
    assert planner.plan["人数"].to_list() == [1, 1, 1, 1, 1]
    assert planner.plan["折扣成本"].sum() == pytest.approx(15 + 90 + 375 + 1200)
    assert "1,680.00" in planner._message.value
    assert "至尊VIP" in planner._table.value


def test_planner_updates_counts_when_a_threshold_changes(planner):
    controls(planner, "普通会员")[0].value = 200
    assert planner.plan.loc["店铺客户", "人数"] == 0
    assert planner.plan.loc["普通会员", "人数"] == 2
    assert planner.plan.loc["普通会员", "折扣成本"] == pytest.approx(12.5 + 15)
    assert "1,692.50" in planner._message.value


def test_planner_updates_the_cost_when_a_discount_changes(planner, spenders):
    controls(planner, "普通会员")[1].value = 0.92
    assert planner.plan.loc["普通会员", "折扣成本"] == pytest.approx(24)
    assert "1,689.00" in planner._message.value
    levels = [crm.Level(lv.name, lv.min_spend, 0.92 if lv.name == "普通会员" else lv.discount)
              for lv in crm.DEFAULT_LEVELS]
    pd.testing.assert_frame_equal(planner.plan, crm.level_plan(AS_OF, spenders, levels))


def test_planner_refuses_a_discount_below_seven_tenths(planner):
    before, table = planner.plan, planner._table.value
    controls(planner, "至尊VIP")[1].value = 0.65
    assert is_chinese_error(planner._message.value)
    assert "7 折" in planner._message.value
    assert planner.plan is before and planner._table.value == table
    controls(planner, "至尊VIP")[1].value = 0.7
    assert "color:#b00" not in planner._message.value
    assert planner.plan.loc["至尊VIP", "折扣成本"] == pytest.approx(1800)


def test_planner_refuses_a_higher_level_with_a_smaller_discount(planner):
    before = planner.plan
    controls(planner, "至尊VIP")[1].value = 0.96
    assert is_chinese_error(planner._message.value)
    assert planner.plan is before


def test_planner_on_the_shop_data():
    planner = MemberLevelPlanner()
    pd.testing.assert_frame_equal(planner.plan, crm.level_plan(AS_OF))
    assert f"{planner.plan['折扣成本'].sum():,.2f}" in planner._message.value


# --- scorecard calculator -------------------------------------------------------------------

AGENTS = ["A01", "A02", "A03", "A04"]


@pytest.fixture(scope="module")
def june() -> pd.DataFrame:
    return kpi.agent_kpis("2025-06-01", "2025-06-30").loc[AGENTS]


@pytest.fixture
def card():
    return ScorecardCalculator()


def weight_controls(card) -> dict:
    return {k: weight for k, weight, _floor, _target in card._items}


def test_scorecard_starts_with_the_default_card(card, june):
    pd.testing.assert_frame_equal(card.result, appraisal.appraise(june))
    assert card.result.index[0] == "A01"  # 小A leads on the default card (ch09's story)
    assert order_of(card._table.value, AGENTS) == list(card.result.index)
    assert card._message.value == ""
    assert card._chart.value[:4] == PNG


def test_scorecard_refuses_weights_that_do_not_add_up_to_100(card):
    before, table = card.result, card._table.value
    weight_controls(card)["conversion_rate"].value = 30
    assert is_chinese_error(card._message.value)
    assert "100" in card._message.value and "95" in card._message.value
    assert card.result is before and card._table.value == table
    weight_controls(card)["reply_rate"].value = 20
    assert card._message.value == ""
    assert card.result is not before


def test_scorecard_reranks_when_weights_change(card, june):
    weights = weight_controls(card)
    for name in ("conversion_rate", "avg_response_s", "reply_rate", "refund_rate"):
        weights[name].value = 0
    weights["satisfaction_rate"].value = 100
    assert card._message.value == ""
    expected = appraisal.appraise(june, card.scorecard())
    pd.testing.assert_frame_equal(card.result, expected)
    assert card.result.index[0] == "A02"  # 小B has the highest 满意率
    assert order_of(card._table.value, AGENTS) == list(card.result.index)


def test_scorecard_floor_and_target_change_the_scores(card, june):
    before = card.result.loc["A04", "total"]  # 小D converts between floor and target
    card._items[0][2].value = 0.3  # 询单转化率 floor 0.2 → 0.3
    assert card.result.loc["A04", "total"] < before
    card._items[0][3].value = 0.3  # target equal to the floor
    assert is_chinese_error(card._message.value)


def test_scorecard_commission_follows_the_rate(card):
    card._rate.value = 0.05
    expected = (card.result["sales"] * 0.05 * card.result["coefficient"]).round(2)
    pd.testing.assert_series_equal(card.result["commission"], expected, check_names=False)
    assert f"{card.result.loc['A01', 'commission']:,.2f}" in card._table.value
    assert '"rate": 0.05' in card._code.value


def test_scorecard_refuses_a_bad_rate(card):
    before = card.result
    card._rate.value = 1.5
    assert is_chinese_error(card._message.value)
    assert card.result is before


def test_scorecard_redraws_the_radar_when_the_agent_changes(card):
    first = card._chart.value
    card._agent.value = "A03"
    assert card._chart.value[:4] == PNG
    assert card._chart.value != first
    again = card._chart.value
    card._items[0][2].value = 0.1  # A03's conversion score changes; the chart follows
    assert card._chart.value != again


def test_scorecard_code_execs_to_the_settings(card, june):
    weight_controls(card)["conversion_rate"].value = 25
    weight_controls(card)["refund_rate"].value = 20
    card._items[1][2].value = 90.0  # 平均响应时间 floor 60 → 90
    card._rate.value = 0.03
    namespace: dict = {}
    exec(card._code.value, namespace)  # noqa: S102 - the snippet is meant to be pasted and run
    state = namespace["scorecard_state"]
    assert state["rate"] == 0.03
    assert [item["kpi"] for item in state["scorecard"]] == [i.kpi for i in appraisal.DEFAULT_SCORECARD]
    assert [item["weight"] for item in state["scorecard"]] == [25, 25, 15, 15, 20]
    assert state["scorecard"][1]["floor"] == 90.0
    again = appraisal.appraise(june, state["scorecard"], state["rate"])
    pd.testing.assert_frame_equal(again, card.result)
