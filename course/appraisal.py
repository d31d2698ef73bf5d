"""Performance appraisal (chapter 9): scorecards, grades, 绩效系数, 提成, Herzberg's two factors.

Each KPI scores linearly from its floor (0 points) to its target (100
points), capped to 0–100; when the target is below the floor the KPI is
"lower is better" and the direction flips. Total = Σ weight × score ÷ 100
with weights summing to 100. Grades and coefficients come from
``RULES.appraisal``; 提成 = 客服销售额 × rate × 绩效系数.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from course.kpi import KPI_LABELS
from course.rules import RULES, Appraisal


@dataclass(frozen=True)
class Item:
    kpi: str
    weight: float
    floor: float
    target: float

    @property
    def lower_is_better(self) -> bool:
        return self.target < self.floor


#: The course's example scorecard for 售前 agents.
DEFAULT_SCORECARD = (
    Item("conversion_rate", 35, 0.20, 0.60),
    Item("avg_response_s", 25, 60.0, 20.0),
    Item("reply_rate", 15, 0.90, 1.00),
    Item("satisfaction_rate", 15, 0.80, 0.98),
    Item("refund_rate", 10, 0.10, 0.02),
)

#: Herzberg's two factors with examples from a customer-service team.
HYGIENE = ("底薪和福利", "工作环境和设备", "排班和休息制度", "公司政策和管理方式", "同事关系", "工作稳定性")
MOTIVATORS = ("取得成就", "被认可和表扬", "工作本身有意义", "承担更多责任", "成长和晋升机会")


#: Chinese headers of :func:`appraise`'s columns, for display.
RESULT_LABELS = {
    **{f"{kpi}_score": f"{label.split('（')[0]}得分" for kpi, label in KPI_LABELS.items()},
    "total": "总分", "grade": "等级", "coefficient": "绩效系数", "sales": "客服销售额（元）",
    "commission": "提成（元）",
}


def labelled(result: pd.DataFrame) -> pd.DataFrame:
    """``result`` (from :func:`appraise`) with Chinese column headers."""
    return result.rename(columns=RESULT_LABELS)


def check_scorecard(items) -> tuple[Item, ...]:
    """Items from :class:`Item` or tuples/dicts; weights must add up to 100 (Chinese errors)."""
    parsed = []
    for item in items:
        if isinstance(item, dict):
            item = Item(**item)
        elif not isinstance(item, Item):
            item = Item(*item)
        if item.kpi not in KPI_LABELS:
            raise ValueError(f"没有名为「{item.kpi}」的 KPI。")
        for name, value in (("权重", item.weight), ("底线", item.floor), ("目标", item.target)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
                raise ValueError(f"「{KPI_LABELS[item.kpi]}」的{name}应该是数字。")
        if item.weight < 0:
            raise ValueError(f"「{KPI_LABELS[item.kpi]}」的权重不能是负数。")
        if item.floor == item.target:
            raise ValueError(f"「{KPI_LABELS[item.kpi]}」的底线和目标不能相同。")
        parsed.append(item)
    if len({i.kpi for i in parsed}) != len(parsed):
        raise ValueError("同一个 KPI 在考核表里出现了两次。")
    total = sum(i.weight for i in parsed)
    if abs(total - 100) > 1e-6:
        raise ValueError(f"各项权重之和必须等于 100，现在是 {total:g}。")
    return tuple(parsed)


def kpi_score(value: float, floor: float, target: float) -> float:
    """0 at the floor, 100 at the target, linear between, capped; NaN (no data) scores 0."""
    if value is None or pd.isna(value):
        return 0.0
    share = (value - floor) / (target - floor)
    return float(min(100.0, max(0.0, share * 100)))


def grade(total: float, rules: Appraisal = RULES.appraisal) -> tuple[str, float]:
    """(grade, 绩效系数) of a total score."""
    for lower, name, coefficient in rules.grades:
        if total >= lower:
            return name, coefficient
    return rules.grades[-1][1], rules.grades[-1][2]


def appraise(kpis: pd.DataFrame, scorecard=DEFAULT_SCORECARD, rate: float = 0.02,
             rules: Appraisal = RULES.appraisal) -> pd.DataFrame:
    """Score every agent of ``kpis`` (from ``kpi.agent_kpis``): ranking, grade, 提成.

    Columns: ``<kpi>_score`` per item, total, grade, coefficient, sales,
    commission; sorted by total, best first.
    """
    items = check_scorecard(scorecard)
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate <= 1:
        raise ValueError("提成比例应该在 0 到 1 之间，例如 0.02 表示 2%。")
    missing = [i.kpi for i in items if i.kpi not in kpis.columns]
    if missing or "sales" not in kpis.columns:
        raise ValueError(f"KPI 表缺少列：{'、'.join(missing or ['sales'])}。")
    out = pd.DataFrame(index=kpis.index)
    for item in items:
        out[f"{item.kpi}_score"] = [kpi_score(v, item.floor, item.target) for v in kpis[item.kpi]]
    out["total"] = sum(out[f"{i.kpi}_score"] * i.weight for i in items) / 100
    out["total"] = out["total"].round(2)
    graded = [grade(t, rules) for t in out["total"]]
    out["grade"] = [g for g, _ in graded]
    out["coefficient"] = [c for _, c in graded]
    out["sales"] = kpis["sales"].astype(float)
    out["commission"] = (out["sales"] * rate * out["coefficient"]).round(2)
    return out.sort_values("total", ascending=False, kind="stable")
