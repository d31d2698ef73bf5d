"""催付 (chapter 5): whom to remind about an unpaid order, when, how, and how well it worked.

``prioritize(now)`` lists the orders unpaid at ``now`` with a score 0–100, a
send time outside the quiet hours, a channel, and the reason when an order
must not be reminded. ``reminder_metrics`` measures 催付响应率, 挽回金额 and
ROI; ``taboos`` checks a reminder text against the 催付禁忌.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from course.data import load, shop_version
from course.rules import RULES, Chasing, Rules

#: Exclusion reasons, in the order they are checked (the first that applies is shown).
REASONS = {
    "closed": "订单已关闭（拍下已满 72 小时或已取消）",
    "too_early": "拍下不足 10 分钟，买家可能正在付款",
    "blacklisted": "买家在黑名单中",
    "paid_other": "买家昨天或今天已付款其他订单",
    "max_reminders": "该订单已催付 3 次",
    "cooldown": "24 小时内已催付过该买家",
    "closes_at_night": "订单会在夜间关闭，08:00 前无法催付",
}
#: Full marks for order value at this amount (元); below it the score is proportional.
VALUE_FULL_AMOUNT = 400.0
COMPONENTS = ("value", "urgency", "customer", "inquiry")
COMPONENT_LABELS = {"value": "订单金额", "urgency": "紧迫程度", "customer": "客户价值",
                    "inquiry": "下单前咨询过"}
#: Chinese headers of :func:`prioritize`'s columns, for tables a learner reads; code and
#: tests keep the English names (``excluded_reason == ""`` means 可以催付).
COLUMN_LABELS = {"order_id": "订单号", "buyer_id": "买家", "created_at": "拍下时间",
                 "closes_at": "关闭时间", "amount": "金额（元）", "reminders": "已催次数",
                 "value_score": "金额分", "urgency_score": "紧迫分", "customer_score": "客户分",
                 "inquiry_score": "咨询分", "score": "得分", "send_at": "建议发送时间",
                 "channel": "渠道", "excluded_reason": "不催付原因"}
#: The columns a ranked table shows by default.
SHOWN_COLUMNS = ("order_id", "buyer_id", "created_at", "amount", "reminders", "score",
                 "send_at", "channel", "excluded_reason")


def _weights(weights: Mapping[str, float] | None, rules: Chasing) -> dict[str, float]:
    chosen = dict(rules.weights if weights is None else weights)
    if set(chosen) != set(COMPONENTS):
        raise ValueError(f"权重必须包含且只包含：{'、'.join(COMPONENTS)}。")
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0
           for v in chosen.values()):
        raise ValueError("权重必须是不小于 0 的数字。")
    if abs(sum(chosen.values()) - 1) > 1e-6:
        raise ValueError(f"四项权重之和必须等于 1，现在是 {sum(chosen.values()):.2f}。")
    return {k: float(v) for k, v in chosen.items()}


def next_send_time(now: pd.Timestamp, rules: Chasing = RULES.chasing) -> pd.Timestamp:
    """``now``, or the next end of the quiet hours (08:00) when ``now`` falls inside them."""
    now = pd.Timestamp(now)
    start, end = rules.quiet_start_hour, rules.quiet_end_hour
    if now.hour >= start:
        return (now + pd.Timedelta(days=1)).normalize() + pd.Timedelta(hours=end)
    if now.hour < end:
        return now.normalize() + pd.Timedelta(hours=end)
    return now


def channel_for(amount: float, member_level: int, rules: Chasing = RULES.chasing) -> str:
    """旺旺 by default; 短信 for high-value orders; 电话 for high-value orders of VIP buyers."""
    if amount >= rules.high_value_amount:
        return "电话" if member_level >= 3 else "短信"
    return "旺旺"


@dataclass(frozen=True)
class _Book:
    """What :func:`prioritize` needs of the tables that does not depend on ``now`` or on the
    rules: times as numpy arrays, and per order its buyer's member level, blacklist flag,
    first payment and first inquiry (NaT: none)."""

    ids: pd.DataFrame  # the orders' order_id and buyer_id columns
    created: np.ndarray
    paid_at: np.ndarray
    closed_at: np.ndarray
    amount: np.ndarray
    order_ids: list
    buyers: list
    level: np.ndarray
    black: np.ndarray
    first_paid: np.ndarray
    first_inquiry: np.ndarray
    sent_at: np.ndarray  # the reminders'
    sent_orders: list
    sent_buyers: list


def _first_of(keys: np.ndarray, times: np.ndarray, size: int) -> np.ndarray:
    """The earliest of ``times`` per key ``0..size-1`` (keys < 0 and NaT skipped; NaT: none)."""
    keep = (keys >= 0) & ~np.isnat(times)
    none = np.iinfo(np.int64).max
    first = np.full(size, none, dtype=np.int64)
    np.minimum.at(first, keys[keep], times[keep].view(np.int64))
    return np.where(first == none, np.iinfo(np.int64).min, first).view(times.dtype)


def _times(column: pd.Series) -> np.ndarray:
    """``pd.to_datetime(column)`` as a numpy array (a datetime column as it is)."""
    if pd.api.types.is_datetime64_dtype(column.dtype):
        return column.to_numpy()
    return pd.to_datetime(column).to_numpy()


def _book(orders: pd.DataFrame, reminders: pd.DataFrame, customers: pd.DataFrame,
          sessions: pd.DataFrame) -> _Book:
    created = _times(orders["created_at"])
    paid_at = _times(orders["paid_at"])
    closed_at = _times(orders["closed_at"]) if "closed_at" in orders else \
        np.full(len(orders), np.datetime64("NaT"), dtype="datetime64[ns]")
    order_buyers = orders["buyer_id"]
    codes, uniques = pd.factorize(order_buyers)
    first_paid = _first_of(codes, paid_at, len(uniques))
    inquiry = (sessions["is_inquiry"].astype(int) == 1).to_numpy()
    asked = pd.Index(uniques).get_indexer(sessions["buyer_id"].to_numpy()[inquiry])
    first_inquiry = _first_of(asked, _times(sessions["started_at"])[inquiry], len(uniques))
    # as ``order_buyers.map(customers.set_index("buyer_id")[column]).fillna(0).astype(int)``
    where = pd.Index(customers["buyer_id"]).get_indexer(order_buyers)

    def per_order(column: str) -> np.ndarray:
        values = customers[column].to_numpy()
        if not len(values):
            return np.zeros(len(orders), dtype=int)
        return pd.Series(values[where]).mask(where < 0).fillna(0).astype(int).to_numpy()

    return _Book(
        ids=orders[["order_id", "buyer_id"]], created=created, paid_at=paid_at, closed_at=closed_at,
        amount=orders["paid_amount"].astype(float).to_numpy(),
        order_ids=orders["order_id"].tolist(), buyers=order_buyers.tolist(),
        level=per_order("member_level"), black=per_order("blacklisted") == 1,
        first_paid=np.where(codes >= 0, first_paid[codes], np.datetime64("NaT")).astype(
            "datetime64[us]"),
        first_inquiry=np.where(codes >= 0, first_inquiry[codes], np.datetime64("NaT")).astype(
            "datetime64[us]"),
        sent_at=_times(reminders["sent_at"]),
        sent_orders=reminders["order_id"].tolist(), sent_buyers=reminders["buyer_id"].tolist())


@lru_cache(maxsize=4)
def _shop_book(_version: tuple[str, str]) -> _Book:
    """The book of the shop's own tables, once per process and data version."""
    return _book(load("orders"), load("reminders"), load("customers"), load("sessions"))


def prioritize(now, orders: pd.DataFrame | None = None, reminders: pd.DataFrame | None = None,
               customers: pd.DataFrame | None = None, rules: Rules | None = None,
               sessions: pd.DataFrame | None = None,
               weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Rank the orders unpaid at ``now`` for 催付.

    Rows: every order created at or before ``now`` and not paid by then that is
    still open, plus those closed in the last 24 hours (shown with the reason).
    Columns: order_id, buyer_id, created_at, closes_at, amount, reminders,
    value_score, urgency_score, customer_score, inquiry_score, score, send_at,
    channel, excluded_reason (empty when the order should be reminded).
    Remindable orders come first, by score descending.
    """
    rules = rules or RULES
    chase = rules.chasing
    w = _weights(weights, chase)
    now = pd.Timestamp(now)
    if pd.isna(now):
        raise ValueError("请给出当前时间 now，例如 \"2025-06-28 10:00\"。")
    if orders is None and reminders is None and customers is None and sessions is None:
        book = _shop_book(shop_version())
    else:
        book = _book(load("orders") if orders is None else orders,
                     load("reminders") if reminders is None else reminders,
                     load("customers") if customers is None else customers,
                     load("sessions") if sessions is None else sessions)
    moment = now.to_datetime64()
    window = pd.Timedelta(hours=chase.close_hours).to_timedelta64()
    closes = book.created + window
    closed_at = book.closed_at
    ends = np.where(np.isnat(closed_at) | (closed_at > closes), closes, closed_at)
    unpaid = (book.created <= moment) & (np.isnat(book.paid_at) | (book.paid_at > moment))
    recent = ends > moment - pd.Timedelta(hours=24).to_timedelta64()
    at = np.flatnonzero(unpaid & recent)
    created, ends, amount, level = book.created[at], ends[at], book.amount[at], book.level[at]
    order_ids = [book.order_ids[i] for i in at]
    buyers = [book.buyers[i] for i in at]

    # Reminders sent up to now.
    up_to_now = np.flatnonzero(book.sent_at <= moment)
    per_order: dict[str, int] = {}
    for i in up_to_now:
        order_id = book.sent_orders[i]
        if order_id == order_id:  # a missing order id counts for no order
            per_order[order_id] = per_order.get(order_id, 0) + 1
    reminded = np.array([per_order.get(o, 0) for o in order_ids], dtype=np.int64)
    cooldown = moment - pd.Timedelta(hours=chase.buyer_cooldown_hours).to_timedelta64()
    recent_buyers = {book.sent_buyers[i] for i in up_to_now if book.sent_at[i] > cooldown}

    # Other orders of the buyer paid yesterday or today (up to now).
    since = (now.normalize() - pd.Timedelta(days=1)).to_datetime64()
    paid_by: dict[str, set[str]] = {}
    for i in np.flatnonzero((book.paid_at >= since) & (book.paid_at <= moment)):
        paid_by.setdefault(book.buyers[i], set()).add(book.order_ids[i])

    # Returning buyer: a paid order before this one was created.
    returning = book.first_paid[at] < created
    asked = book.first_inquiry[at] <= created

    age = (moment - created) / window
    scores = {
        "value": np.clip(amount / VALUE_FULL_AMOUNT, 0, 1) * 100,
        "urgency": np.clip(age, 0, 1) * 100,
        "customer": np.clip(level, 0, 4) / 4 * 70 + returning.astype(float) * 30,
        "inquiry": asked.astype(float) * 100,
    }
    score = np.round(sum(w[c] * scores[c] for c in COMPONENTS), 1)
    send_at = next_send_time(now, chase)
    channels = [channel_for(a, lv, chase) for a, lv in zip(amount.tolist(), level.tolist(),
                                                            strict=True)]

    too_early = (moment - created) < pd.Timedelta(minutes=chase.min_age_minutes).to_timedelta64()
    closed = moment >= ends
    at_night = ends <= send_at.to_datetime64()
    black = book.black[at]
    reasons = []
    for k, (order_id, buyer_id) in enumerate(zip(order_ids, buyers, strict=True)):
        if closed[k]:
            reasons.append(REASONS["closed"])
        elif too_early[k]:
            reasons.append(REASONS["too_early"])
        elif black[k]:
            reasons.append(REASONS["blacklisted"])
        elif paid_by.get(buyer_id, set()) - {order_id}:
            reasons.append(REASONS["paid_other"])
        elif reminded[k] >= chase.max_reminders:
            reasons.append(REASONS["max_reminders"])
        elif buyer_id in recent_buyers:
            reasons.append(REASONS["cooldown"])
        elif at_night[k]:
            reasons.append(REASONS["closes_at_night"])
        else:
            reasons.append("")
    # Remindable first, then by score descending, then by creation (a stable sort).
    excluded = np.array([r != "" for r in reasons], dtype=bool)
    order = np.lexsort((created, -score, excluded))
    rows = book.ids.iloc[at[order]].reset_index(drop=True)
    rows["created_at"] = created[order]
    rows["closes_at"] = closes[at][order]
    rows["amount"] = amount[order]
    rows["reminders"] = reminded[order]
    for c in COMPONENTS:
        rows[f"{c}_score"] = scores[c][order]
    rows["score"] = score[order]
    rows["send_at"] = send_at
    rows["channel"] = [channels[k] for k in order]
    rows["excluded_reason"] = [reasons[k] for k in order]
    return rows


def labelled(ranked: pd.DataFrame, columns=SHOWN_COLUMNS) -> pd.DataFrame:
    """``ranked`` (from :func:`prioritize`) for display: ``columns`` under Chinese headers,
    an empty 不催付原因 shown as 「可以催付」."""
    table = ranked[list(columns)].copy()
    if "excluded_reason" in table:
        table["excluded_reason"] = table["excluded_reason"].mask(
            table["excluded_reason"] == "", "（可以催付）")
    return table.rename(columns=COLUMN_LABELS)


@dataclass(frozen=True)
class ReminderMetrics:
    """催付效果: 响应率, 挽回金额 and ROI of the reminders in a period."""

    reminded_orders: int
    paid_orders: int
    recovered_amount: float
    sms_count: int
    sms_cost: float

    @property
    def response_rate(self) -> float:
        return self.paid_orders / self.reminded_orders if self.reminded_orders else float("nan")

    @property
    def roi(self) -> float:
        return self.recovered_amount / self.sms_cost if self.sms_cost else float("nan")

    def _repr_html_(self) -> str:
        return (f"<table><tr><td>催付订单数</td><td>{self.reminded_orders}</td></tr>"
                f"<tr><td>催付后付款订单数</td><td>{self.paid_orders}</td></tr>"
                f"<tr><td>催付响应率</td><td>{self.response_rate:.1%}</td></tr>"
                f"<tr><td>挽回金额</td><td>{self.recovered_amount:,.2f} 元</td></tr>"
                f"<tr><td>短信条数 / 成本</td><td>{self.sms_count} / {self.sms_cost:.2f} 元</td></tr>"
                f"<tr><td>ROI</td><td>{self.roi:,.1f}</td></tr></table>")


def reminder_metrics(start=None, end=None, reminders: pd.DataFrame | None = None,
                     orders: pd.DataFrame | None = None,
                     rules: Rules | None = None) -> ReminderMetrics:
    """Metrics of the reminders sent between ``start`` and ``end`` (dates, inclusive).

    An order counts as paid after a reminder when its ``paid_at`` comes after
    its first reminder in the period. ROI = 挽回金额 ÷ (短信条数 × 短信单价).
    """
    rules = rules or RULES
    reminders = load("reminders") if reminders is None else reminders
    orders = load("orders") if orders is None else orders
    sent = pd.to_datetime(reminders["sent_at"])
    keep = pd.Series(True, index=reminders.index)
    if start is not None:
        keep &= sent >= pd.Timestamp(start).normalize()
    if end is not None:
        keep &= sent < pd.Timestamp(end).normalize() + pd.Timedelta(days=1)
    chosen = reminders.loc[keep].assign(sent_at=sent[keep])
    first = chosen.groupby("order_id")["sent_at"].min()
    info = orders.set_index("order_id")
    paid_at = pd.to_datetime(info["paid_at"]).reindex(first.index)
    paid = paid_at.notna() & (paid_at > first)
    recovered = float(info["paid_amount"].reindex(first.index)[paid].sum())
    sms = int((chosen["channel"] == "短信").sum())
    return ReminderMetrics(len(first), int(paid.sum()), round(recovered, 2), sms,
                           round(sms * rules.chasing.sms_cost, 2))


TABOO_LABELS = {
    "night": "夜间（22:00–08:00）打扰买家",
    "threat": "威胁或施压",
    "repeat": "重复发送相同内容",
    "off_platform": "引导站外付款或交易",
    "not_unpaid": "催付已付款或已关闭的订单",
}
_THREAT = re.compile(r"再不付|不付款就|否则|后果|取消你的|投诉你|拉黑|最后通牒|别怪|赶紧付")
#: Paying by bank card *inside* the order is fine ("换一张银行卡"); a card number or a
#: transfer to the shop's card is not.
_OFF_PLATFORM = re.compile(r"微信|加[vV]|[vV][xX]|vx|QQ|qq|转账|银行卡号|打到.{0,6}卡|转到.{0,6}卡|"
                           r"线下|私下|扫码付|收款码")


def taboos(text: str, sent_at=None, order_status: str | None = None,
           previous_texts: tuple[str, ...] | list[str] = (),
           rules: Chasing = RULES.chasing) -> list[str]:
    """The 催付禁忌 a reminder breaks, as keys of :data:`TABOO_LABELS` (empty list: none).

    Args:
        text: the reminder's text.
        sent_at: when it is (or was) sent; night sending is checked when given.
        order_status: the order's status when sending; anything but
            ``WAIT_BUYER_PAY`` means the order is already paid or closed.
        previous_texts: texts already sent for the same order.
    """
    if not isinstance(text, str):
        raise TypeError(f"催付内容应该是字符串，现在是 {type(text).__name__}。")
    found = []
    if sent_at is not None:
        hour = pd.Timestamp(sent_at).hour
        if hour >= rules.quiet_start_hour or hour < rules.quiet_end_hour:
            found.append("night")
    if _THREAT.search(text):
        found.append("threat")
    if text.strip() in {t.strip() for t in previous_texts}:
        found.append("repeat")
    if _OFF_PLATFORM.search(text):
        found.append("off_platform")
    if order_status is not None and order_status != "WAIT_BUYER_PAY":
        found.append("not_unpaid")
    return found


def audit_reminders(reminders: pd.DataFrame | None = None,
                    orders: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every reminder with the 催付禁忌 it breaks (column ``taboos``, Chinese labels joined by 、)."""
    reminders = load("reminders") if reminders is None else reminders
    orders = load("orders") if orders is None else orders
    info = orders.set_index("order_id")
    out = reminders.copy()
    out["sent_at"] = pd.to_datetime(out["sent_at"])
    out = out.sort_values("sent_at", kind="stable")
    seen: dict[str, list[str]] = {}
    labels = []
    for row in out.itertuples():
        paid_at = info["paid_at"].get(row.order_id, pd.NaT)
        closed_at = info["closed_at"].get(row.order_id, pd.NaT)
        status = "WAIT_BUYER_PAY"
        if pd.notna(paid_at) and paid_at <= row.sent_at:
            status = "PAID"
        elif pd.notna(closed_at) and closed_at <= row.sent_at:
            status = "TRADE_CLOSED_BY_TAOBAO"
        keys = taboos(row.template, row.sent_at, status, seen.get(row.order_id, []))
        seen.setdefault(row.order_id, []).append(row.template)
        labels.append("、".join(TABOO_LABELS[k] for k in keys))
    out["taboos"] = labels
    return out.reset_index(drop=True)


#: Reminder templates by the likely reason the buyer has not paid: no taboo in any of them,
#: and no reason that might be untrue (no invented scarcity or deadline).
TEMPLATES = {
    "犹豫价格": "亲，您看中的花束我可以帮您算一下现在能用的优惠和到手价，有任何疑问随时问我～",
    "担心送达时间": "亲，您拍下的花束今天付款，我们会按您备注的日期准时送达，发货前还会拍照给您确认～",
    "支付遇到问题": "亲，看到订单还没有完成支付，是不是付款时遇到了问题？可以试试花呗或换一张银行卡，"
                "有问题告诉我～",
    "忘记付款": "亲，您在花卉知六拍下的订单还没有付款哦，16 点前付款当天就为您发货，不需要了也没关系～",
    "还在比较": "亲，我们的花材都是当天到店的新鲜花，还送手写贺卡，您有什么想了解的可以直接问我～",
}
