"""After-sales (chapter 6): the refund flow with its deadlines, partial refunds, reason Pareto.

The refund flow is a small state machine over Taobao's refund statuses. Each
state says who must act, by when (from ``RULES.timeouts``) and what happens
when nobody does; ``advance`` applies an event and refuses impossible ones
with a Chinese message.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from course.data import load
from course.promotions import apportion, money
from course.rules import RULES, Timeouts

STATUS_LABELS = {
    "WAIT_SELLER_AGREE": "等待卖家同意",
    "WAIT_BUYER_RETURN_GOODS": "等待买家退货",
    "WAIT_SELLER_CONFIRM_GOODS": "等待卖家确认收货",
    "SUCCESS": "退款成功",
    "CLOSED": "退款关闭",
    "SELLER_REFUSE_BUYER": "卖家拒绝退款",
}
TYPES = ("仅退款", "退货退款", "换货")
#: Chinese column names of :func:`reason_pareto` for display.
PARETO_LABELS = {"count": "退款笔数", "amount": "退款金额（元）", "share": "占比",
                 "cum_share": "累计占比"}
EVENTS = {
    "seller_agree": "卖家同意",
    "seller_refuse": "卖家拒绝",
    "buyer_return": "买家寄回商品",
    "seller_confirm": "卖家确认收到退货",
    "buyer_cancel": "买家撤销申请",
    "buyer_modify": "买家修改申请后重新提交",
    "timeout": "时限内无人处理",
}
FINAL = frozenset({"SUCCESS", "CLOSED"})


class FlowError(ValueError):
    """An event that cannot happen in the current refund state (Chinese message)."""


@dataclass(frozen=True)
class Step:
    """Where a refund stands: who acts next, the deadline and what a timeout leads to."""

    state: str
    actor: str
    deadline: pd.Timestamp | None
    on_timeout: str | None
    explanation: str

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.state]


def _after_agree(kind: str) -> str:
    return "SUCCESS" if kind == "仅退款" else "WAIT_BUYER_RETURN_GOODS"


def _check(kind: str, state: str) -> None:
    if kind not in TYPES:
        raise FlowError(f"退款类型应该是 {'、'.join(TYPES)} 之一，收到的是「{kind}」。")
    if state not in STATUS_LABELS:
        raise FlowError(f"未知的退款状态「{state}」。")


def step(kind: str, shipped: bool, state: str, since, timeouts: Timeouts = RULES.timeouts
         ) -> Step:
    """The situation of a refund in ``state`` since the moment ``since``."""
    _check(kind, state)
    since = pd.Timestamp(since)
    if state == "WAIT_SELLER_AGREE":
        if not shipped:
            limit = pd.Timedelta(hours=timeouts.refund_unshipped_silent_hours)
            return Step(state, "卖家", since + limit, "SUCCESS",
                        f"未发货的订单，卖家 {timeouts.refund_unshipped_silent_hours} 小时内不处理，"
                        "系统自动退款。")
        limit = pd.Timedelta(days=timeouts.refund_shipped_silent_days)
        after = _after_agree(kind)
        return Step(state, "卖家", since + limit, after,
                    f"已发货的订单，卖家 {timeouts.refund_shipped_silent_days} 天内不处理，"
                    f"视为同意，进入「{STATUS_LABELS[after]}」。")
    if state == "WAIT_BUYER_RETURN_GOODS":
        return Step(state, "买家", since + pd.Timedelta(days=timeouts.buyer_return_days), "CLOSED",
                    f"买家 {timeouts.buyer_return_days} 天内不退货，退款关闭。")
    if state == "WAIT_SELLER_CONFIRM_GOODS":
        return Step(state, "卖家", since + pd.Timedelta(days=timeouts.seller_confirm_return_days),
                    "SUCCESS", f"卖家 {timeouts.seller_confirm_return_days} 天内不确认收货，"
                               "系统自动退款。")
    if state == "SELLER_REFUSE_BUYER":
        return Step(state, "买家", None, None,
                    "卖家已拒绝：买家可以修改申请后重新提交，或申请平台介入。")
    return Step(state, "—", None, None, f"流程已结束：{STATUS_LABELS[state]}。")


def advance(kind: str, shipped: bool, state: str, event: str) -> str:
    """The state after ``event``; :class:`FlowError` when the event cannot happen now."""
    _check(kind, state)
    if event not in EVENTS:
        raise FlowError(f"未知的事件「{event}」。可用的事件：{'、'.join(EVENTS)}。")
    if state in FINAL:
        raise FlowError(f"退款已经是「{STATUS_LABELS[state]}」，流程结束，不能再「{EVENTS[event]}」。")
    table = {
        "WAIT_SELLER_AGREE": {
            "seller_agree": _after_agree(kind),
            "seller_refuse": "SELLER_REFUSE_BUYER",
            "buyer_cancel": "CLOSED",
            "timeout": step(kind, shipped, state, "2000-01-01").on_timeout,
        },
        "WAIT_BUYER_RETURN_GOODS": {
            "buyer_return": "WAIT_SELLER_CONFIRM_GOODS",
            "buyer_cancel": "CLOSED",
            "timeout": "CLOSED",
        },
        "WAIT_SELLER_CONFIRM_GOODS": {
            "seller_confirm": "SUCCESS",
            "timeout": "SUCCESS",
        },
        "SELLER_REFUSE_BUYER": {
            "buyer_modify": "WAIT_SELLER_AGREE",
            "buyer_cancel": "CLOSED",
        },
    }
    nxt = table[state].get(event)
    if nxt is None:
        raise FlowError(f"「{STATUS_LABELS[state]}」时不能「{EVENTS[event]}」。")
    return nxt


def simulate(kind: str, shipped: bool, start, events: list[tuple[str, object]],
             timeouts: Timeouts = RULES.timeouts) -> pd.DataFrame:
    """Run a refund from its application at ``start`` through ``(event, time)`` pairs.

    A ``timeout`` event needs no time (it happens at the deadline). An event
    that comes after the current deadline is refused: the timeout happened first.
    """
    state, since = "WAIT_SELLER_AGREE", pd.Timestamp(start)
    rows = [{"时间": since, "事件": "买家申请" + kind, "状态": STATUS_LABELS[state]}]
    for event, when in events:
        current = step(kind, shipped, state, since, timeouts)
        if event == "timeout":
            if current.deadline is None:
                raise FlowError(f"「{current.label}」没有处理时限。")
            when = current.deadline
        when = pd.Timestamp(when)
        if when < since:
            raise FlowError("事件的时间早于上一步，请按时间顺序填写。")
        if event != "timeout" and current.deadline is not None and when > current.deadline:
            raise FlowError(f"{when:%Y-%m-%d %H:%M} 已超过「{current.label}」的处理时限 "
                            f"{current.deadline:%Y-%m-%d %H:%M}，此前系统已自动处理。")
        state, since = advance(kind, shipped, state, event), when
        rows.append({"时间": when, "事件": EVENTS[event], "状态": STATUS_LABELS[state]})
    return pd.DataFrame(rows)


def partial_refund(amounts: list, reduction, line: int, qty: int | None = None,
                   line_qty: int = 1) -> Decimal:
    """The refund for ``qty`` units of line ``line`` of an order with an order-level reduction.

    ``amounts`` are the lines' amounts before 满减/券 (元) and ``reduction`` the
    order-level discount; each line's paid amount is its apportioned share
    (remainder on the last line), and a refund of ``qty`` of its ``line_qty``
    units returns that share pro rata, rounded half-up to 0.01 元.
    """
    if not 0 <= line < len(amounts):
        raise ValueError(f"第 {line} 行不存在：订单只有 {len(amounts)} 行（从 0 开始数）。")
    shares = apportion([Decimal(str(a)) for a in amounts], Decimal(str(reduction)))
    paid = money(Decimal(str(amounts[line]))) - shares[line]
    qty = line_qty if qty is None else qty
    if not 0 < qty <= line_qty:
        raise ValueError(f"退款件数应在 1 到 {line_qty} 之间。")
    return money(paid * qty / line_qty)


def price_difference(paid, new_unit_price, qty: int = 1, coupon=None) -> Decimal:
    """降价补差 (价保): what the buyer paid minus what the same order costs today.

    ``paid`` is what the buyer paid for ``qty`` units. The same order today is ``qty``
    units at ``new_unit_price`` under the same conditions: the coupon ``(at, minus)`` the
    buyer used applies again only if today's amount still reaches ``at``. Never negative.
    """
    today = money(new_unit_price) * qty
    if coupon is not None:
        at, minus = money(coupon[0]), money(coupon[1])
        if today >= at:
            today = max(Decimal(0), today - minus)
    return money(max(Decimal(0), money(paid) - today))


def reason_pareto(refunds: pd.DataFrame | None = None, status: str | None = "SUCCESS",
                  start=None, end=None) -> pd.DataFrame:
    """Refund reasons by count, largest first, with share and cumulative share.

    ``status`` keeps one refund status (None keeps all); ``start``/``end`` filter
    ``applied_at`` by date (inclusive).
    """
    refunds = load("refunds") if refunds is None else refunds
    for column in ("reason", "status", "applied_at", "amount"):
        if column not in refunds:
            raise KeyError(f"退款数据缺少列「{column}」。")
    chosen = refunds
    if status is not None:
        chosen = chosen.loc[chosen["status"] == status]
    applied = pd.to_datetime(chosen["applied_at"])
    if start is not None:
        chosen = chosen.loc[applied >= pd.Timestamp(start).normalize()]
        applied = applied.loc[chosen.index]
    if end is not None:
        chosen = chosen.loc[applied < pd.Timestamp(end).normalize() + pd.Timedelta(days=1)]
    by_reason = chosen.groupby("reason")  # size and sum directly: quicker than a named agg
    grouped = pd.DataFrame({"count": by_reason.size(), "amount": by_reason["amount"].sum()})
    grouped = grouped.sort_values(["count", "amount"], ascending=False, kind="stable")
    total = grouped["count"].sum()
    grouped["share"] = grouped["count"] / total if total else 0.0
    grouped["cum_share"] = grouped["share"].cumsum()
    grouped["amount"] = grouped["amount"].round(2)
    return grouped


def pareto_frame(table: pd.DataFrame) -> pd.DataFrame:
    """A :func:`reason_pareto` table for the learner: Chinese column names, shares in %."""
    shown = table.rename(columns=PARETO_LABELS).rename_axis("退款原因")
    for column in ("占比", "累计占比"):
        shown[column] = (shown[column] * 100).round(1).astype(str) + "%"
    return shown
