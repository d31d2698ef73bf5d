"""卖家中心 operations (chapter 3): order search, 改价 with its rules and log, notes and flags."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from course.data import load
from course.timeline import STATE_LABELS

#: The shop's own meaning of each order flag.
FLAGS = {
    "红": "加急／指定日期送达",
    "黄": "需要改地址或改贺卡",
    "绿": "已核对，可以发货",
    "蓝": "售后跟进中",
    "紫": "大客户／VIP",
}
STATUS_LABELS = STATE_LABELS


class BackofficeError(ValueError):
    """An operation the rules do not allow; the message is Chinese."""


def search_orders(orders: pd.DataFrame | None = None, *, order_id: str | None = None,
                  buyer_id: str | None = None, status: str | None = None, start=None, end=None,
                  min_amount: float | None = None, max_amount: float | None = None,
                  agent_id: str | None = None) -> pd.DataFrame:
    """Orders matching every given filter (dates by ``created_at``, both inclusive).

    ``agent_id=""`` finds 静默下单 (orders without an agent). Newest first.
    """
    orders = load("orders") if orders is None else orders
    keep = pd.Series(True, index=orders.index)
    if order_id:
        keep &= orders["order_id"].str.contains(order_id.strip(), regex=False)
    if buyer_id:
        keep &= orders["buyer_id"] == buyer_id.strip()
    if status:
        if status not in STATUS_LABELS:
            raise BackofficeError(f"订单状态应该是 {'、'.join(STATUS_LABELS)} 之一。")
        keep &= orders["status"] == status
    created = pd.to_datetime(orders["created_at"])
    if start is not None:
        keep &= created >= pd.Timestamp(start).normalize()
    if end is not None:
        keep &= created < pd.Timestamp(end).normalize() + pd.Timedelta(days=1)
    if start is not None and end is not None and pd.Timestamp(start) > pd.Timestamp(end):
        raise BackofficeError("开始日期不能晚于结束日期。")
    if min_amount is not None:
        keep &= orders["paid_amount"] >= min_amount
    if max_amount is not None:
        keep &= orders["paid_amount"] <= max_amount
    if agent_id is not None:
        keep &= orders["agent_id"].isna() if agent_id == "" else orders["agent_id"] == agent_id
    return orders.loc[keep].sort_values("created_at", ascending=False, kind="stable")


@dataclass
class PriceLog:
    """Every 改价 of the session: who, when, old and new price, why."""

    entries: list[dict] = field(default_factory=list)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.entries, columns=["订单号", "时间", "操作人", "原价", "新价", "原因"])


def change_price(order: pd.Series | dict, new_amount, at, by: str, reason: str,
                 log: PriceLog | None = None) -> dict:
    """改价: only before payment, never negative, always recorded.

    ``order`` is one row of ``orders`` (needs order_id, created_at, paid_at,
    closed_at, paid_amount). Returns the log entry; raises
    :class:`BackofficeError` when the rules forbid the change.
    """
    at = pd.Timestamp(at)
    created = pd.Timestamp(order["created_at"])
    paid = order.get("paid_at")
    closed = order.get("closed_at")
    if at < created:
        raise BackofficeError("改价时间早于拍下时间。")
    if paid is not None and not pd.isna(paid) and pd.Timestamp(paid) <= at:
        raise BackofficeError("买家已经付款，不能再改价；如需优惠，请在售后中部分退款。")
    if (closed is not None and not pd.isna(closed) and pd.Timestamp(closed) <= at) or \
            at >= created + pd.Timedelta(hours=72):
        raise BackofficeError("订单已经关闭，不能改价。")
    if isinstance(new_amount, bool) or not isinstance(new_amount, (int, float, np.number)):
        raise BackofficeError(f"新价格应该是数字，收到的是 {new_amount!r}。")
    if not new_amount >= 0:
        raise BackofficeError("新价格不能是负数或 NaN。")
    if not isinstance(by, str) or not by.strip():
        raise BackofficeError("改价要写明操作人。")
    if not isinstance(reason, str) or not reason.strip():
        raise BackofficeError("改价要写明原因，方便以后核对。")
    entry = {"订单号": order["order_id"], "时间": at, "操作人": by.strip(),
             "原价": round(float(order["paid_amount"]), 2), "新价": round(float(new_amount), 2),
             "原因": reason.strip()}
    if log is not None:
        log.entries.append(entry)
    return entry


def make_note(order_id: str, text: str, flag: str | None = None) -> dict:
    """A checked order note: non-empty text of at most 200 characters and a known flag."""
    if not isinstance(text, str) or not text.strip():
        raise BackofficeError("备注内容不能为空。")
    if len(text) > 200:
        raise BackofficeError("备注最多 200 字，请精简。")
    if flag is not None and flag not in FLAGS:
        raise BackofficeError(f"旗帜只能是 {'、'.join(FLAGS)} 之一。")
    return {"订单号": order_id, "备注": text.strip(), "旗帜": flag or "", "含义": FLAGS.get(flag, "")}
