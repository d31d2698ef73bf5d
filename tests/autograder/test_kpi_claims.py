"""Reading the KPI numbers an improvement plan cites, and checking them against the data."""

from __future__ import annotations

import pandas as pd
import pytest

from autograder.kpi_claims import check, find_claims

NAMES = {"A01": "小A", "A03": "小C"}
ALIASES = {"小A": "A01", "小C": "A03", "A01": "A01", "A03": "A03"}
KPIS = pd.DataFrame({
    "first_response_s": [8.7, 37.4], "avg_response_s": [13.5, 53.2],
    "conversion_rate": [0.527, 0.272], "satisfaction_rate": [0.975, 0.807],
    "grab_rate": [0.35, 0.156], "reply_rate": [0.989, 0.950], "sales": [25701.3, 8350.3],
}, index=pd.Index(["A01", "A03"], name="agent_id"))


def _claims(text: str):
    return find_claims(text, ALIASES, "A03")


def _verdict(text: str):
    return check(_claims(text), KPIS, NAMES)


def test_a_claim_is_the_agent_the_kpi_and_the_number():
    (claim,) = _claims("6 月小C 的首次响应时间约 37 秒。")
    assert (claim.agent, claim.columns, claim.value) == ("A03", ("first_response_s",), 37)
    (rate,) = _claims("小A 的询单转化率是 53%。")
    assert (rate.agent, rate.value) == ("A01", pytest.approx(0.53))


def test_a_number_after_another_agents_name_takes_the_last_kpi():
    own, other = _claims("询单转化率约 27%，属于“差”，而小A 约 53%。")
    assert (own.agent, own.band) == ("A03", "差")
    assert (other.agent, other.columns, other.value) == ("A01", ("conversion_rate",),
                                                          pytest.approx(0.53))


@pytest.mark.parametrize("goal", ["目标两周内首次响应 ≤ 15 秒", "回复率保持在 98% 以上",
                                  "一个月内询单转化率提升到 40%", "把首次回复时间压到 15 秒内"])
def test_goals_are_plans_not_claims(goal):
    assert not [c for c in _claims(goal) if c.value is not None]


def test_comparisons_pair_their_references_in_order():
    first, average = _claims("首次响应时间约 37 秒、平均响应时间约 53 秒，远高于 15 秒和 30 秒的参考值。")
    assert (first.direction, first.reference) == ("higher", 15)
    assert (average.direction, average.reference) == ("higher", 30)


def test_numbers_the_data_has_are_confirmed():
    verdict = _verdict("首次响应时间约 37 秒，远高于 15 秒的参考值；满意率约 81%，低于 95%；"
                       "询单转化率约 27%，而小A 约 53%。")
    assert len(verdict.confirmed) == 4
    assert not verdict.wrong_values and not verdict.wrong_directions


def test_invented_numbers_are_named_with_the_datas_value():
    verdict = _verdict("小C 的首次响应时间约 12 秒；满意率约 90%。")
    assert len(verdict.wrong_values) == 2
    assert "37.4 秒" in verdict.wrong_values[0] and "80.7%" in verdict.wrong_values[1]


@pytest.mark.parametrize(("text", "wrong"), [
    ("小C 的首次响应时间低于参考值", True),
    ("小C 的首次响应时间偏高", False),
    ("小C 的满意率比小A 高", True),
    ("小C 的首次响应比小A 慢很多", False),
    ("小C 的询单转化率约 27%，高于小A", True),
    ("小C 的询单转化率约 27%，不达标", False),
    ("小C 的平均响应时间约 53 秒，达标", True),
])
def test_a_direction_the_data_contradicts_is_flagged(text, wrong):
    assert bool(_verdict(text).wrong_directions) is wrong, _verdict(text)


def test_a_wrong_conversion_band_is_flagged():
    verdict = _verdict("小C 的询单转化率约 27%，属于“合格”。")
    assert verdict.wrong_directions and "“差”" in verdict.wrong_directions[0]


def test_kpis_the_data_does_not_have_are_not_judged():
    assert not _verdict("小C 的退款率约 50%，客单价约 999 元。").wrong_values
