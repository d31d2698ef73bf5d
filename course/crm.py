"""Customer relationship management (chapter 8): RFM segments, repurchase, member levels, revisits.

RFM as of a date, over paid orders (``paid_at`` on or before that date,
whatever their later status): R = whole days from the date of the last
payment to the as-of date, F = number of those orders, M = Σ paid_amount.
Scores 1–5 come from thresholds in ``RULES.rfm``; a dimension is 高 when its
score reaches ``high_score``; the (R, F, M) pattern names one of 8 segments.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from course.data import load
from course.rules import RULES, Rfm

#: (R 高, F 高, M 高) → segment name.
SEGMENTS = {
    (True, True, True): "重要价值客户",
    (True, False, True): "重要发展客户",
    (False, True, True): "重要保持客户",
    (False, False, True): "重要挽留客户",
    (True, True, False): "一般价值客户",
    (True, False, False): "一般发展客户",
    (False, True, False): "一般保持客户",
    (False, False, False): "一般挽留客户",
}
_SEGMENT_OF = [SEGMENTS[(bool(code & 4), bool(code & 2), bool(code & 1))] for code in range(8)]
#: Segment → (suggested action, channel).
ACTIONS = {
    "重要价值客户": ("专属客服维护，新品和节日优先通知，邀请加入会员群", "旺旺／电话"),
    "重要发展客户": ("买得多但来得少：推荐鲜花订阅、节日提醒，提高购买频次", "旺旺"),
    "重要保持客户": ("很久没来的老客户：回访了解原因，送回归优惠券", "短信／电话"),
    "重要挽留客户": ("曾经花得多、现在流失：店长级回访，针对性补偿和专属优惠", "电话"),
    "一般价值客户": ("常来但客单价低：搭配推荐，提高客单价", "旺旺"),
    "一般发展客户": ("新客户：首单关怀，引导收藏店铺和第二次购买", "旺旺"),
    "一般保持客户": ("曾经常来：节日提醒和小额优惠券唤醒", "短信"),
    "一般挽留客户": ("低价值且流失：大促时统一短信触达，控制成本", "短信"),
}
RFM_COLUMNS = ["R", "F", "M", "r_score", "f_score", "m_score", "segment"]
#: Chinese headers of the tables this module returns (:func:`rfm`, :func:`revisit_list`,
#: :func:`member_levels`), for display; code and exercises keep the English names.
COLUMN_LABELS = {
    "buyer_id": "买家编号", "R": "R（距今天数）", "F": "F（付款单数）", "M": "M（付款金额，元）",
    "r_score": "R 得分", "f_score": "F 得分", "m_score": "M 得分", "segment": "客户分群",
    "nick": "昵称", "reason": "回访理由", "action": "建议动作", "channel": "建议渠道",
    "spend": "累计消费（元）", "level": "会员等级", "discount": "等级折扣",
}


def check_thresholds(thresholds: Rfm | dict | None) -> Rfm:
    """An :class:`Rfm` from defaults, an ``Rfm`` or a dict of overrides; Chinese errors."""
    if thresholds is None:
        return RULES.rfm
    if isinstance(thresholds, dict):
        unknown = set(thresholds) - {"r_days", "f_counts", "m_amounts", "high_score"}
        if unknown:
            raise ValueError(f"RFM 阈值中有无法识别的设置「{'」「'.join(sorted(unknown))}」。")
        thresholds = replace(RULES.rfm, **{k: tuple(v) if isinstance(v, list) else v
                                           for k, v in thresholds.items()})
    for name, values, count in (("R 的天数", thresholds.r_days, 4), ("F 的次数", thresholds.f_counts, 5),
                                ("M 的金额", thresholds.m_amounts, 4)):
        if not isinstance(values, (list, tuple)) or len(values) != count or any(
                isinstance(v, bool) or not isinstance(v, (int, float)) or v != v for v in values):
            raise ValueError(f"{name}阈值应该是 {count} 个数字。")
        if any(b <= a for a, b in zip(values, values[1:], strict=False)) or values[0] <= 0:
            raise ValueError(f"{name}阈值必须是从小到大的正数。")
    if isinstance(thresholds.high_score, bool) or thresholds.high_score not in (2, 3, 4, 5) \
            or not isinstance(thresholds.high_score, int):
        raise ValueError("「高」的分数线应该是 2 到 5 之间的整数。")
    return thresholds


def r_score(days: pd.Series, t: Rfm) -> pd.Series:
    score = pd.Series(1, index=days.index)
    for points, limit in zip((2, 3, 4, 5), reversed(t.r_days), strict=True):
        score = score.where(days > limit, points)
    return score.astype("int64")


def f_score(count: pd.Series, t: Rfm) -> pd.Series:
    return sum((count >= limit).astype("int64") for limit in t.f_counts).clip(lower=1)


def m_score(amount: pd.Series, t: Rfm) -> pd.Series:
    return 1 + sum((amount >= limit).astype("int64") for limit in t.m_amounts)


def rfm(as_of, orders: pd.DataFrame | None = None, thresholds: Rfm | dict | None = None
        ) -> pd.DataFrame:
    """RFM values, scores and segment of every buyer who paid on or before ``as_of``."""
    t = check_thresholds(thresholds)
    day = pd.Timestamp(as_of)
    if pd.isna(day):
        raise ValueError(f"无法识别的日期：{as_of!r}。")
    day = day.normalize()
    orders = load("orders") if orders is None else orders
    paid_at = pd.to_datetime(orders["paid_at"])
    paid = orders.loc[paid_at.notna() & (paid_at < day + pd.Timedelta(days=1))].assign(
        paid_at=paid_at)
    if paid.empty:
        return pd.DataFrame(columns=RFM_COLUMNS, index=pd.Index([], name="buyer_id"))
    grouped = paid.groupby("buyer_id")
    out = pd.DataFrame({
        "R": (day - grouped["paid_at"].max().dt.normalize()).dt.days.astype("int64"),
        "F": grouped.size().astype("int64"),
        "M": grouped["paid_amount"].sum().round(2),
    })
    out["r_score"] = r_score(out["R"], t)
    out["f_score"] = f_score(out["F"], t)
    out["m_score"] = m_score(out["M"], t)
    high = [(out[score] >= t.high_score).to_numpy() for score in ("r_score", "f_score", "m_score")]
    pattern = (high[0] * 4 + high[1] * 2 + high[2]).tolist()  # (R 高, F 高, M 高) as 0–7
    out["segment"] = [_SEGMENT_OF[code] for code in pattern]
    out.index.name = "buyer_id"
    return out[RFM_COLUMNS]


def labelled(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` (from :func:`rfm`, :func:`revisit_list` or :func:`member_levels`) with
    Chinese column headers, for learners to read."""
    out = table.rename(columns=COLUMN_LABELS)
    out.index.name = COLUMN_LABELS.get(table.index.name, table.index.name)
    return out


def segment_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per segment: buyers, share, revenue (Σ M), revenue share, suggested action and channel."""
    grouped = table.groupby("segment")
    out = pd.DataFrame({"人数": grouped.size(), "销售额": grouped["M"].sum().round(2)})
    out = out.reindex(list(ACTIONS)).fillna(0)
    out["人数"] = out["人数"].astype("int64")
    total_buyers, total_money = out["人数"].sum(), out["销售额"].sum()
    out["人数占比"] = out["人数"] / total_buyers if total_buyers else 0.0
    out["销售额占比"] = out["销售额"] / total_money if total_money else 0.0
    out["建议动作"] = [ACTIONS[s][0] for s in out.index]
    out["渠道"] = [ACTIONS[s][1] for s in out.index]
    out.index.name = "客户分群"
    return out


def repurchase_rate(orders: pd.DataFrame | None = None, start=None, end=None) -> float:
    """复购率 = buyers with ≥ 2 paid orders ÷ buyers with ≥ 1, by ``paid_at`` in the period."""
    orders = load("orders") if orders is None else orders
    paid_at = pd.to_datetime(orders["paid_at"])
    keep = paid_at.notna()
    if start is not None:
        keep &= paid_at >= pd.Timestamp(start).normalize()
    if end is not None:
        keep &= paid_at < pd.Timestamp(end).normalize() + pd.Timedelta(days=1)
    counts = orders.loc[keep].groupby("buyer_id").size()
    return float((counts >= 2).sum() / len(counts)) if len(counts) else float("nan")


@dataclass(frozen=True)
class Level:
    name: str
    min_spend: float
    discount: float


DEFAULT_LEVELS = (
    Level("普通会员", 300.0, 0.95),
    Level("高级会员", 800.0, 0.90),
    Level("VIP会员", 2000.0, 0.85),
    Level("至尊VIP", 5000.0, 0.80),
)


def check_levels(levels) -> tuple[Level, ...]:
    """Levels sorted by spend; thresholds rising, discounts 7折–1 and not rising with the level."""
    parsed = []
    for item in levels:
        level = item if isinstance(item, Level) else Level(*item)
        if level.min_spend <= 0:
            raise ValueError(f"「{level.name}」的消费门槛必须大于 0。")
        if not RULES.rfm.min_member_discount <= level.discount <= 1:
            raise ValueError(f"「{level.name}」的折扣 {level.discount} 不在允许范围内："
                             f"会员折扣不能低于 {RULES.rfm.min_member_discount * 10:g} 折，也不能高于 1。")
        parsed.append(level)
    parsed.sort(key=lambda lv: lv.min_spend)
    if len({lv.min_spend for lv in parsed}) != len(parsed):
        raise ValueError("两个会员等级的消费门槛相同。")
    if any(b.discount > a.discount for a, b in zip(parsed, parsed[1:], strict=False)):
        raise ValueError("等级越高折扣应该越大（折扣数字越小），请检查各等级的折扣。")
    return tuple(parsed)


def member_levels(as_of, orders: pd.DataFrame | None = None, levels=DEFAULT_LEVELS
                  ) -> pd.DataFrame:
    """Every paying buyer's cumulative spend up to ``as_of``, level and discount."""
    parsed = check_levels(levels)
    table = rfm(as_of, orders)
    spend = table["M"]
    names = pd.Series("店铺客户", index=spend.index)
    discount = pd.Series(1.0, index=spend.index)
    for level in parsed:
        reached = spend >= level.min_spend
        names = names.where(~reached, level.name)
        discount = discount.where(~reached, level.discount)
    return pd.DataFrame({"spend": spend, "level": names, "discount": discount})


def level_plan(as_of, orders: pd.DataFrame | None = None, levels=DEFAULT_LEVELS) -> pd.DataFrame:
    """Per level: buyers, their spend, and what the discount would have cost on that spend."""
    table = member_levels(as_of, orders, levels)
    table["cost"] = (table["spend"] * (1 - table["discount"])).round(2)
    order = ["店铺客户"] + [lv.name for lv in check_levels(levels)]
    grouped = table.groupby("level")
    out = pd.DataFrame({"人数": grouped.size(), "累计消费": grouped["spend"].sum().round(2),
                        "折扣成本": grouped["cost"].sum().round(2)}).reindex(order).fillna(0)
    out["人数"] = out["人数"].astype("int64")
    out.index.name = "会员等级"
    return out


def revisit_list(table: pd.DataFrame, customers: pd.DataFrame | None = None,
                 segments=("重要价值客户", "重要保持客户", "重要挽留客户", "重要发展客户")
                 ) -> pd.DataFrame:
    """Whom to contact (not blacklisted), why and how, most valuable first."""
    customers = load("customers") if customers is None else customers
    info = customers.set_index("buyer_id")
    chosen = table.loc[table["segment"].isin(segments)].copy()
    blacklisted = chosen.index.map(info["blacklisted"]).fillna(0).astype(int) == 1
    chosen = chosen.loc[~blacklisted]
    chosen["nick"] = chosen.index.map(info["nick"])
    chosen["reason"] = [f"{s}：最近一次购买在 {r} 天前，共 {f} 单、{m:.2f} 元" for s, r, f, m in
                        zip(chosen["segment"], chosen["R"], chosen["F"], chosen["M"], strict=True)]
    chosen["action"] = chosen["segment"].map(lambda s: ACTIONS[s][0])
    chosen["channel"] = chosen["segment"].map(lambda s: ACTIONS[s][1])
    return chosen.sort_values(["M", "R"], ascending=[False, True])[
        ["nick", "segment", "reason", "action", "channel"]]
