"""An order's timeline (chapter 2): its state at any moment and every deadline under RULES.

Times are naive ``pd.Timestamp`` in Asia/Shanghai wall-clock time. The rules
come from ``RULES.timeouts``: unpaid orders close after 72 h, the seller ships
within 72 h of payment, receipt is confirmed automatically after 10 days
(平邮 30, 虚拟 3, 自动发货 1), the buyer may extend once by 3 days when at
most 3 days remain, the seller may extend by 3/5/7/10 days, reviews are open
for 15 days after the trade succeeds and 追评 for 180 days (a 中/差评 may be
changed once within 30 days of giving it, which depends on the review, not the order).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from course.rules import RULES, Timeouts

STATE_LABELS = {
    "WAIT_BUYER_PAY": "等待买家付款",
    "WAIT_SELLER_SEND_GOODS": "买家已付款，等待卖家发货",
    "WAIT_BUYER_CONFIRM_GOODS": "卖家已发货，等待买家确认收货",
    "TRADE_FINISHED": "交易成功",
    "TRADE_CLOSED_BY_TAOBAO": "交易关闭（未付款超时或取消）",
    "TRADE_CLOSED": "交易关闭（付款后全额退款）",
}
DEADLINE_LABELS = {
    "pay_by": "付款截止（超时自动关闭）",
    "ship_by": "最晚发货时间",
    "confirm_by": "自动确认收货",
    "review_by": "评价截止",
    "follow_up_by": "追评截止",
}


class TimelineError(ValueError):
    """Events in an impossible order or an extension the rules do not allow (Chinese)."""


def _time(value, name: str) -> pd.Timestamp | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    try:
        moment = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise TimelineError(f"{name}「{value}」不是有效的时间，请写成 2025-06-18 09:00 这样。") from exc
    return None if pd.isna(moment) else moment


@dataclass(frozen=True)
class Timeline:
    """The events of one order and the deadlines that follow from them."""

    created: pd.Timestamp
    paid: pd.Timestamp | None
    shipped: pd.Timestamp | None
    confirmed: pd.Timestamp | None
    refunded: pd.Timestamp | None
    deadlines: dict[str, pd.Timestamp]

    def state_at(self, moment) -> str:
        """The order's state at ``moment`` (a key of :data:`STATE_LABELS`)."""
        at = _time(moment, "时间")
        if at is None or at < self.created:
            raise TimelineError("这个时间订单还没有拍下。")
        if self.paid is None or at < self.paid:
            return "WAIT_BUYER_PAY" if at < self.deadlines["pay_by"] else "TRADE_CLOSED_BY_TAOBAO"
        if self.refunded is not None and at >= self.refunded:
            return "TRADE_CLOSED"
        if self.shipped is None or at < self.shipped:
            return "WAIT_SELLER_SEND_GOODS"
        finished = self.finished_at
        if finished is not None and at >= finished:
            return "TRADE_FINISHED"
        return "WAIT_BUYER_CONFIRM_GOODS"

    @property
    def finished_at(self) -> pd.Timestamp | None:
        """When the trade succeeds: the buyer's confirmation or the automatic one."""
        if self.shipped is None:
            return None
        if self.confirmed is not None:
            return min(self.confirmed, self.deadlines["confirm_by"])
        return self.deadlines["confirm_by"]

    def table(self) -> pd.DataFrame:
        """Deadlines with Chinese labels, in time order."""
        rows = [(DEADLINE_LABELS[k], v) for k, v in self.deadlines.items()]
        return pd.DataFrame(rows, columns=["节点", "时间"]).sort_values("时间", kind="stable")

    def _repr_html_(self) -> str:
        return self.table().to_html(index=False)


def late_ship_compensation(paid_amount: float, timeouts: Timeouts = RULES.timeouts) -> float:
    """延迟发货赔付: 5% of the paid amount, at least 5 元 and at most 30 元."""
    if isinstance(paid_amount, bool) or not isinstance(paid_amount, (int, float)) \
            or not paid_amount >= 0:
        raise ValueError(f"实付金额应该是不小于 0 的数字，收到的是 {paid_amount!r}。")
    raw = paid_amount * timeouts.late_ship_rate
    return round(min(timeouts.late_ship_max, max(timeouts.late_ship_min, raw)) + 1e-9, 2)


def timeline(created, paid=None, shipped=None, confirmed=None, refunded=None,
             method: str = "快递", buyer_extend_at=None, seller_extend_days: int = 0,
             timeouts: Timeouts = RULES.timeouts) -> Timeline:
    """Build an order's timeline from its events.

    Args:
        created, paid, shipped, confirmed, refunded: event times (None when not yet).
        method: 快递 / 平邮 / 虚拟 / 自动发货 (sets the auto-confirm period).
        buyer_extend_at: when the buyer asked for the one 3-day extension (allowed
            only when at most 3 days remain before auto-confirm).
        seller_extend_days: the seller's extension, one of 0, 3, 5, 7, 10.
    """
    created_at = _time(created, "拍下时间")
    if created_at is None:
        raise TimelineError("必须给出拍下时间。")
    paid_at, shipped_at = _time(paid, "付款时间"), _time(shipped, "发货时间")
    confirmed_at, refunded_at = _time(confirmed, "确认收货时间"), _time(refunded, "退款时间")
    order = [("拍下", created_at), ("付款", paid_at), ("发货", shipped_at),
             ("确认收货", confirmed_at)]
    known = [(name, t) for name, t in order if t is not None]
    for (first, a), (second, b) in zip(known, known[1:], strict=False):
        if b < a:
            raise TimelineError(f"{second}时间不能早于{first}时间。")
    if shipped_at is not None and paid_at is None:
        raise TimelineError("还没有付款的订单不能发货。")
    if refunded_at is not None and (paid_at is None or refunded_at < paid_at):
        raise TimelineError("退款时间不能早于付款时间（没有付款的订单不能退款）。")
    if confirmed_at is not None and shipped_at is None:
        raise TimelineError("还没有发货的订单不能确认收货。")
    pay_by = created_at + pd.Timedelta(hours=timeouts.unpaid_close_hours)
    if paid_at is not None and paid_at >= pay_by:
        raise TimelineError(f"付款时间已超过 {timeouts.unpaid_close_hours} 小时付款期限，订单此前已自动关闭。")
    if method not in timeouts.confirm_days:
        raise TimelineError(f"发货方式应该是 {'、'.join(timeouts.confirm_days)} 之一。")
    if seller_extend_days not in (0, *timeouts.seller_extend_options_days):
        raise TimelineError(f"卖家延长收货只能选 {'、'.join(map(str, timeouts.seller_extend_options_days))} 天。")

    deadlines = {"pay_by": pay_by}
    if paid_at is not None:
        deadlines["ship_by"] = paid_at + pd.Timedelta(hours=timeouts.ship_within_hours)
    if shipped_at is not None:
        confirm_by = shipped_at + pd.Timedelta(days=timeouts.confirm_days[method] + seller_extend_days)
        extend_at = _time(buyer_extend_at, "买家延长收货的时间")
        if extend_at is not None:
            left = confirm_by - extend_at
            if extend_at < shipped_at or left <= pd.Timedelta(0):
                raise TimelineError("只能在发货后、自动确认收货之前申请延长收货。")
            if left > pd.Timedelta(days=timeouts.buyer_extend_when_left_days):
                raise TimelineError(f"距离自动确认收货还剩 {left.days} 天多：剩余不超过 "
                                    f"{timeouts.buyer_extend_when_left_days} 天时买家才能延长。")
            confirm_by += pd.Timedelta(days=timeouts.buyer_extend_days)
        deadlines["confirm_by"] = confirm_by
        finished = min(confirmed_at, confirm_by) if confirmed_at is not None else confirm_by
        deadlines["review_by"] = finished + pd.Timedelta(days=timeouts.review_window_days)
        deadlines["follow_up_by"] = finished + pd.Timedelta(days=timeouts.follow_up_review_days)
    return Timeline(created_at, paid_at, shipped_at, confirmed_at, refunded_at, deadlines)


#: The states a successful order passes through before its trade succeeds, in order.
EARLIER_STATES = ("WAIT_BUYER_PAY", "WAIT_SELLER_SEND_GOODS", "WAIT_BUYER_CONFIRM_GOODS")
#: The shortest stay in a state for a question about it (a moment in the middle is clear).
_SHORTEST = {"WAIT_BUYER_PAY": pd.Timedelta(hours=2), "WAIT_SELLER_SEND_GOODS": pd.Timedelta(hours=2),
             "WAIT_BUYER_CONFIRM_GOODS": pd.Timedelta(days=1)}


def state_case(k: int, orders: pd.DataFrame | None = None, since: str = "2025-06-01") -> dict:
    """An order of the learner's data and a moment in one of its earlier states (chapter 2).

    The order is a successful one created on or after ``since``; the state is
    ``EARLIER_STATES[k % 3]`` and the order the ``k // 3``-th (counting round) that stayed
    in it long enough; the moment is the middle of that stay, to the minute. So the
    order's ``status`` (交易成功 when the data was exported) is never the answer.
    Returns ``order_id``, ``buyer`` and ``moment`` (``"2025-06-12 14:35"``).
    """
    from course import data

    orders = data.load("orders") if orders is None else orders
    done = orders[(orders["status"] == "TRADE_FINISHED") & (orders["created_at"] >= since)]
    done = done.sort_values("order_id", kind="stable")
    state = EARLIER_STATES[k % len(EARLIER_STATES)]
    start, end = {"WAIT_BUYER_PAY": ("created_at", "paid_at"),
                  "WAIT_SELLER_SEND_GOODS": ("paid_at", "shipped_at"),
                  "WAIT_BUYER_CONFIRM_GOODS": ("shipped_at", "finished_at")}[state]
    stayed = done[done[end] - done[start] >= _SHORTEST[state]]
    if stayed.empty:
        raise LookupError("数据里没有合适的订单。")
    row = stayed.iloc[(k // len(EARLIER_STATES)) % len(stayed)]
    moment = (row[start] + (row[end] - row[start]) / 2).floor("min")
    return {"order_id": row["order_id"], "buyer": row["buyer_id"], "moment": f"{moment:%Y-%m-%d %H:%M}"}


def of_order(order) -> Timeline:
    """The timeline of a row of ``orders.csv`` (its ``finished_at`` read as the confirmation)."""
    refunded = order["closed_at"] if order["status"] == "TRADE_CLOSED" else None
    return timeline(order["created_at"], order["paid_at"], order["shipped_at"],
                    order["finished_at"], refunded)
