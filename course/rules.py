"""The course's reference values for Taobao rules, promotions, 催付, KPIs, RFM and appraisal.

Taobao changed its rules over the years; the course teaches with the values
below and says so in the lessons. Every default lives here, in one frozen
object, so a teacher can change a value in one place
(``dataclasses.replace(RULES.timeouts, unpaid_close_hours=48)``) and every
widget, exercise and grader follows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


def _frozen(mapping: Mapping) -> Mapping:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class Timeouts:
    """超时规定 (hours or days as named)."""

    unpaid_close_hours: int = 72
    ship_within_hours: int = 72
    late_ship_rate: float = 0.05
    late_ship_min: float = 5.0
    late_ship_max: float = 30.0
    confirm_days: Mapping[str, int] = field(
        default_factory=lambda: _frozen({"快递": 10, "平邮": 30, "虚拟": 3, "自动发货": 1})
    )
    buyer_extend_days: int = 3
    buyer_extend_when_left_days: int = 3
    seller_extend_options_days: tuple[int, ...] = (3, 5, 7, 10)
    refund_unshipped_silent_hours: int = 48
    refund_shipped_silent_days: int = 5
    buyer_return_days: int = 7
    seller_confirm_return_days: int = 10
    review_window_days: int = 15
    review_change_days: int = 30
    follow_up_review_days: int = 180
    parcel_stalled_hours: int = 24
    """物流停滞 (chapter 5): a buyer still asks where the parcel is this many hours after it
    shipped (flowers arrive the same day in town, the next day elsewhere): check it with the
    carrier and tell the buyer, instead of only giving the tracking number."""


@dataclass(frozen=True)
class Promotions:
    """促销工具的默认值 (chapter 4)."""

    min_discount: float = 0.1
    shipping_fee: float = 10.0
    free_shipping_at: float | None = 99.0
    """The shop's standing 满 X 元包邮: no shipping fee when the subtotal (after 单品宝 and
    搭配套餐, the amount 满就送 and the coupon are tested on) reaches it; None: no such rule."""
    coupon_per_person_max: int = 5
    """店铺优惠券 每人限领: the most coupons one buyer may take (the course's form offers 1 to this)."""


@dataclass(frozen=True)
class Chasing:
    """催付 rules (chapter 5)."""

    close_hours: int = 72
    min_age_minutes: int = 10
    buyer_cooldown_hours: int = 24
    max_reminders: int = 3
    quiet_start_hour: int = 22
    quiet_end_hour: int = 8
    weights: Mapping[str, float] = field(
        default_factory=lambda: _frozen(
            {"value": 0.35, "urgency": 0.30, "customer": 0.20, "inquiry": 0.15}
        )
    )
    high_value_amount: float = 200.0
    sms_cost: float = 0.05
    channels: tuple[str, ...] = ("旺旺", "短信", "电话")


@dataclass(frozen=True)
class KpiTargets:
    """客服 KPI reference targets shown in the calculator (chapter 7)."""

    first_response_s: float = 15.0
    avg_response_s: float = 30.0
    reply_rate: float = 0.98
    satisfaction_rate: float = 0.95
    # 询单转化率 bands: (lower bound, label), checked from the top down.
    conversion_bands: tuple[tuple[float, str], ...] = (
        (0.60, "优秀"),
        (0.50, "良好"),
        (0.40, "合格"),
        (0.30, "较低"),
        (0.0, "差"),
    )


@dataclass(frozen=True)
class Rfm:
    """RFM thresholds (chapter 8). Scores run 1–5."""

    # R: days since last payment; at most r_days[i] days gives 5 - i points, else 1.
    r_days: tuple[int, ...] = (30, 60, 90, 180)
    # F: number of paid orders; 1, 2, 3, 4, ≥5 give 1..5.
    f_counts: tuple[int, ...] = (1, 2, 3, 4, 5)
    # M: total paid; below m_amounts[i] gives i + 1 points, else 5.
    m_amounts: tuple[float, ...] = (100.0, 200.0, 500.0, 1000.0)
    high_score: int = 3
    min_member_discount: float = 0.7


@dataclass(frozen=True)
class Appraisal:
    """绩效考核 (chapter 9)."""

    grades: tuple[tuple[float, str, float], ...] = (
        (90.0, "A", 1.2),
        (80.0, "B", 1.0),
        (70.0, "C", 0.8),
        (0.0, "D", 0.5),
    )
    #: “服务之星” (the shop's monthly award): agents below this 满意率 may not take part.
    star_min_satisfaction: float = 0.90


@dataclass(frozen=True)
class Rules:
    """All of the course's reference values."""

    timeouts: Timeouts = field(default_factory=Timeouts)
    promotions: Promotions = field(default_factory=Promotions)
    chasing: Chasing = field(default_factory=Chasing)
    kpi: KpiTargets = field(default_factory=KpiTargets)
    rfm: Rfm = field(default_factory=Rfm)
    appraisal: Appraisal = field(default_factory=Appraisal)


RULES = Rules()
