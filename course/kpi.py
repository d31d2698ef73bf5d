"""Customer-service KPIs per agent (chapter 7), exactly as defined in the course design §4.

Periods are two dates, both inclusive: sessions count by ``started_at``, orders
by ``created_at``. Auto-replies (``sender == "auto"``) are dropped before any
response-time computation. A "paid order" is an order with a ``paid_at``,
whatever happened to it later. Rates whose denominator is zero are NaN.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from course import tables
from course.data import DataError, load, shop_version
from course.rules import RULES, KpiTargets

#: The KPI columns of :func:`agent_kpis`, in display order, with their Chinese labels.
KPI_LABELS: dict[str, str] = {
    "consult_buyers": "咨询人数",
    "served_buyers": "接待人数",
    "reply_rate": "回复率",
    "inquiry_buyers": "询单人数",
    "converted_buyers": "询单→付款人数",
    "conversion_rate": "询单转化率",
    "sales": "客服销售额（元）",
    "sales_share": "销售额占比",
    "avg_order_value": "客单价（元）",
    "items_per_buyer": "客件数",
    "avg_item_price": "件均价（元）",
    "first_response_s": "首次响应时间（秒）",
    "avg_response_s": "平均响应时间（秒）",
    "refund_rate": "退款率",
    "satisfaction_rate": "满意率",
    "grab_rate": "抢单成功率",
    "paying_buyers": "付款人数",
    "items": "销售件数",
}
KPI_COLUMNS = list(KPI_LABELS)
RATE_COLUMNS = ["reply_rate", "conversion_rate", "sales_share", "refund_rate",
                "satisfaction_rate", "grab_rate"]
#: KPIs where a smaller value is better.
LOWER_IS_BETTER = frozenset({"first_response_s", "avg_response_s", "refund_rate"})
_NEEDED = ("sessions", "messages", "orders")
_GOOD_RATINGS = ("很满意", "满意")


def parse_period(start: str | date | datetime, end: str | date | datetime
                 ) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return ``[start, end_exclusive)`` midnights for two inclusive dates."""
    message = f"无法识别的日期：{start!r} 或 {end!r}，请写成 \"2025-06-01\" 这样的格式。"
    try:
        lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    except (ValueError, TypeError) as exc:
        raise ValueError(message) from exc
    if pd.isna(lo) or pd.isna(hi):
        raise ValueError(message)
    lo, hi = lo.normalize(), hi.normalize()
    if lo > hi:
        raise ValueError(f"开始日期 {lo:%Y-%m-%d} 晚于结束日期 {hi:%Y-%m-%d}。")
    return lo, hi + pd.Timedelta(days=1)


def _tables(data: Mapping[str, pd.DataFrame] | None) -> dict[str, pd.DataFrame]:
    if data is None:
        names = _NEEDED + ("order_items", "refunds", "agents")
        return {name: load(name) for name in names}
    missing = [name for name in _NEEDED if name not in data]
    if missing:
        raise DataError(f"计算 KPI 需要数据表「{'」「'.join(missing)}」，但 data 中没有提供。")
    tables = dict(data)
    tables.setdefault("order_items", pd.DataFrame(columns=["order_id", "sku", "qty"]))
    tables.setdefault("refunds", pd.DataFrame(columns=["order_id", "status"]))
    return tables


def _in_period(frame: pd.DataFrame, column: str, lo: pd.Timestamp, hi: pd.Timestamp
               ) -> pd.DataFrame:
    times = pd.to_datetime(frame[column])
    out = frame.loc[(times >= lo) & (times < hi)].copy()
    out[column] = pd.to_datetime(out[column])
    return out


def _response_times(messages: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`session_response_times` and :func:`block_response_times` of ``messages``,
    computed together on integer codes of the sessions (the pandas steps they describe,
    done once: what a notebook pays for the shop's KPIs)."""
    messages = messages[["session_id", "sent_at", "sender"]]
    codes, sessions = pd.factorize(messages["session_id"], sort=True)  # groupby's order
    sender = messages["sender"]
    kept = (sender != "auto").to_numpy()
    buyer = (sender == "buyer").to_numpy()
    agent = (sender == "agent").to_numpy()
    sent = pd.to_datetime(messages["sent_at"]).to_numpy()
    stamps = sent.view(np.int64)
    known = ~np.isnat(sent)
    none = np.iinfo(np.int64).max

    def first(rows: np.ndarray, size: int) -> np.ndarray:
        """The earliest time of ``rows`` per session code (``none`` where there is none)."""
        out = np.full(size, none, dtype=np.int64)
        np.minimum.at(out, codes[rows], stamps[rows])
        return out

    # Per session: the first buyer message opens the clock, the first agent message at or
    # after it stops it.
    grouped = codes >= 0
    opened = np.zeros(len(sessions), dtype=bool)
    opened[codes[grouped & buyer]] = True
    t0 = first(grouped & buyer & known, len(sessions))
    answered = grouped & agent & known
    answered[answered] = stamps[answered] >= t0[codes[answered]]
    stop = first(answered, len(sessions))
    nat = np.iinfo(np.int64).min
    start_at = np.where(t0 == none, nat, t0).view(sent.dtype)[opened]
    stop_at = np.where(stop == none, nat, stop).view(sent.dtype)[opened]
    first_response = pd.DataFrame(
        {"first_response_s": pd.Series(stop_at - start_at).dt.total_seconds().to_numpy()},
        index=pd.Index(sessions[opened], name="session_id"))

    # Per run of buyer messages: the first agent message after it (sorted by session, then
    # time, missing ones last, ties in file order).
    rows = np.flatnonzero(kept)
    order = rows[np.lexsort((np.where(known[rows], stamps[rows], none),
                             np.where(codes[rows] >= 0, codes[rows], len(sessions))))]
    code = codes[order]
    grouped = code >= 0
    after_buyer = np.zeros(len(order), dtype=bool)
    after_buyer[1:] = (code[1:] == code[:-1]) & grouped[1:] & buyer[order[:-1]]
    starts = buyer[order] & ~after_buyer
    answer = agent[order] & known[order]
    at = np.where(answer, np.arange(len(order)), len(order))
    following = np.minimum.accumulate(at[::-1])[::-1]  # the next answer at or after each row
    found = following < len(order)
    found[found] = code[following[found]] == code[found]
    found &= grouped
    answered_at = np.where(found, stamps[order][np.minimum(following, len(order) - 1)], nat)
    blocks = messages[["session_id", "sent_at"]].iloc[order[starts]].reset_index(drop=True)
    blocks["sent_at"] = sent[order[starts]]
    blocks["response_s"] = pd.Series(
        answered_at[starts].view(sent.dtype) - sent[order[starts]]).dt.total_seconds().to_numpy()
    return first_response, blocks


def session_response_times(messages: pd.DataFrame) -> pd.DataFrame:
    """Per session: ``first_response_s`` (NaN when no agent message answers a buyer).

    The first buyer message opens the clock; the first agent message at or
    after it stops it. Auto-replies are ignored.
    """
    return _response_times(messages)[0]


def block_response_times(messages: pd.DataFrame) -> pd.DataFrame:
    """One row per run of consecutive buyer messages, with its response time.

    A block is a maximal run of consecutive buyer messages (auto-replies
    dropped first); its response time is the first agent message after it
    minus the block's first message, NaN when nobody answered.
    """
    return _response_times(messages)[1]


def _compute(data: Mapping[str, pd.DataFrame] | None, start, end, daily: bool) -> pd.DataFrame:
    lo, hi = parse_period(start, end)
    if data is None:  # the shop's own tables: the same period always gives the same KPIs
        if daily:
            return _shop_daily(shop_version(), lo, hi)
        return _shop_kpis(shop_version(), lo, hi, daily).copy()
    tables = _tables(data)
    sessions = _in_period(tables["sessions"], "started_at", lo, hi)
    return _kpis(_facts(tables, sessions["session_id"]), lo, hi, daily)


@lru_cache(maxsize=32)
def _shop_kpis(version: tuple[str, str], lo: pd.Timestamp, hi: pd.Timestamp,
               daily: bool) -> pd.DataFrame:
    """KPIs from the shop's tables (``version`` names them; see ``data.shop_version``)."""
    return _kpis(_shop_facts(version), lo, hi, daily)


#: Daily KPIs of periods within this many calendar months are cut from whole months.
_MONTHS_CUT = 2


def _shop_daily(version: tuple[str, str], lo: pd.Timestamp, hi: pd.Timestamp) -> pd.DataFrame:
    """Daily KPIs of the shop's tables for ``[lo, hi)``.

    Each day is its own period, so a day's row does not depend on the other days asked
    for: the days of a short period are cut from whole calendar months, each computed once
    (a calculator's new period then costs a lookup, not a computation).
    """
    months = pd.period_range(lo, hi - pd.Timedelta(days=1), freq="M")
    if len(months) > _MONTHS_CUT:
        return _shop_kpis(version, lo, hi, True).copy()
    parts = [_shop_kpis(version, month.start_time, (month + 1).start_time, True)
             for month in months]
    whole = parts[0] if len(parts) == 1 else pd.concat(parts)
    days = pd.date_range(lo, hi - pd.Timedelta(days=1), freq="D", name="day")
    agents = whole.index.get_level_values("agent_id").unique()
    return whole.reindex(pd.MultiIndex.from_product([agents, days], names=["agent_id", "day"]))


@dataclass(frozen=True)
class _Facts:
    """What the KPIs need of the tables that does not depend on the period.

    Response times belong to a chat (every message of a session is in the session's
    period), items and refunds to an order: computed once, each period only picks the
    rows of its own sessions and orders (the same rows, in the same order, as computing
    them from the period's messages).
    """

    tables: Mapping[str, pd.DataFrame]
    first_response: pd.DataFrame  # session_id → first_response_s
    blocks: pd.DataFrame  # session_id, sent_at, response_s (one row per run of buyer messages)
    buyer_sessions: np.ndarray  # sessions with at least one buyer message
    qty: pd.Series  # order_id → items
    refunded: np.ndarray  # orders with a successful refund


def _facts(t: Mapping[str, pd.DataFrame], sessions: pd.Series | None = None) -> _Facts:
    """The period-free facts of ``t`` (of the chats in ``sessions`` only, when given)."""
    messages = t["messages"]
    if sessions is not None:
        messages = messages.loc[messages["session_id"].isin(sessions)]
    messages = messages.assign(sent_at=pd.to_datetime(messages["sent_at"]))
    items, refunds = t["order_items"], t["refunds"]
    first_response, blocks = _response_times(messages)
    return _Facts(
        tables=t,
        first_response=first_response,
        blocks=blocks,
        buyer_sessions=messages.loc[messages["sender"] == "buyer", "session_id"].unique(),
        qty=items.groupby("order_id")["qty"].sum(),
        refunded=refunds.loc[refunds["status"] == "SUCCESS", "order_id"].unique(),
    )


@lru_cache(maxsize=4)
def _shop_facts(version: tuple[str, str]) -> _Facts:
    """The facts of the shop's tables, once per process and data version."""
    return _facts(_tables(None))


def _distinct(place: np.ndarray, code: np.ndarray, size: int) -> np.ndarray:
    """How many different ``code`` (>= 0) each place ``0..size-1`` holds (``nunique``)."""
    keep = (place >= 0) & (code >= 0)
    width = int(code.max()) + 1 if keep.any() else 1
    pairs = np.unique(place[keep].astype(np.int64) * width + code[keep])
    return np.bincount(pairs // width, minlength=size).astype(np.int64)


def _per_place(place: np.ndarray, values: pd.Series, how: str, size: int,
               empty: float) -> np.ndarray:
    """``values`` summed or averaged per place (pandas' own group sums, so the same digits),
    ``empty`` where a place has none."""
    keep = place >= 0
    found = values[keep].groupby(place[keep]).agg(how)
    out = np.full(size, empty, dtype="float64")
    out[found.index.to_numpy()] = found.to_numpy(dtype="float64")
    return out


def _rate(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den`` as floats, NaN where ``den`` is 0: a rate whose denominator is zero."""
    num = num.astype("float64")
    den = den.astype("float64")
    return num / np.where(den != 0, den, np.nan)


def _kpis(facts: _Facts, lo: pd.Timestamp, hi: pd.Timestamp, daily: bool) -> pd.DataFrame:
    """The KPIs of ``[lo, hi)``: each row of the period gets the place of its (agent, day)
    in the result's index, and every count, sum and mean is taken per place."""
    t = facts.tables
    start, end = lo.to_datetime64(), hi.to_datetime64()

    sessions = t["sessions"]
    started = pd.to_datetime(sessions["started_at"]).to_numpy()
    sessions = sessions.loc[(started >= start) & (started < end)
                            & sessions["agent_id"].notna().to_numpy()]
    started = pd.to_datetime(sessions["started_at"]).to_numpy()
    orders = t["orders"]
    created = pd.to_datetime(orders["created_at"]).to_numpy()
    orders = orders.loc[(created >= start) & (created < end)]
    created = pd.to_datetime(orders["created_at"]).to_numpy()
    paid = pd.to_datetime(orders["paid_at"]).to_numpy()
    orders, created, paid = orders.loc[~np.isnat(paid)], created[~np.isnat(paid)], \
        paid[~np.isnat(paid)]
    agent = orders["agent_id"]
    attributed = (agent.notna() & (agent != "")).to_numpy()

    index = _index(t, sessions["agent_id"], agent[attributed], lo, hi, daily)
    agents = index.get_level_values("agent_id").unique() if daily else index
    days = len(index) // len(agents) if len(agents) else 0

    def place(agent_ids: pd.Series, times: np.ndarray) -> np.ndarray:
        at = agents.get_indexer(agent_ids)
        if not daily:
            return at
        day = (times - start) // np.timedelta64(1, "D")
        return np.where(at >= 0, at * days + day, -1)

    s_place = place(sessions["agent_id"], started)
    o_place = place(agent, created)
    buyer_codes, _ = pd.factorize(np.concatenate([sessions["buyer_id"].to_numpy(dtype=object),
                                                  orders["buyer_id"].to_numpy(dtype=object)]))
    s_buyer, o_buyer = buyer_codes[:len(sessions)], buyer_codes[len(sessions):]
    size = len(index)
    out: dict[str, np.ndarray] = {}

    # 咨询人数 / 接待人数 / 首次响应时间 / 平均响应时间
    s_keys = pd.DataFrame({"place": s_place, "buyer": s_buyer},
                          index=pd.Index(sessions["session_id"], name="session_id"))
    consult = sessions["session_id"].isin(facts.buyer_sessions).to_numpy()
    out["consult_buyers"] = _distinct(s_place[consult], s_buyer[consult], size)
    first = facts.first_response.join(s_keys, how="inner")
    served = first.loc[first["first_response_s"].notna()]
    out["served_buyers"] = _distinct(served["place"].to_numpy(), served["buyer"].to_numpy(), size)
    first_response = _per_place(served["place"].to_numpy(), served["first_response_s"], "mean",
                                size, np.nan)
    blocks = facts.blocks.join(s_keys, on="session_id", how="inner")
    blocks = blocks.loc[blocks["response_s"].notna()]
    avg_response = _per_place(blocks["place"].to_numpy(), blocks["response_s"], "mean", size,
                              np.nan)

    # 询单人数 and conversions: the buyer's first inquiry with this agent in the period (the
    # same agent and, for daily KPIs, the same day as the order).
    asked = (sessions["is_inquiry"].astype(int) == 1).to_numpy() & (s_place >= 0) & (s_buyer >= 0)
    width = max(int(buyer_codes.max()) + 1 if len(buyer_codes) else 1, 1)
    pairs, which = np.unique(s_place[asked].astype(np.int64) * width + s_buyer[asked],
                             return_inverse=True)
    none = np.iinfo(np.int64).max
    first_inquiry = np.full(len(pairs), none, dtype=np.int64)
    np.minimum.at(first_inquiry, which, started[asked].view(np.int64))
    out["inquiry_buyers"] = np.bincount(pairs // width, minlength=size).astype(np.int64)
    mine = attributed & (o_place >= 0) & (o_buyer >= 0)
    key = o_place.astype(np.int64) * width + o_buyer
    at = np.searchsorted(pairs, key)
    mine &= at < len(pairs)
    mine[mine] = pairs[at[mine]] == key[mine]
    inquiry_at = np.full(len(orders), np.datetime64("NaT"), dtype=started.dtype)
    inquiry_at[mine] = first_inquiry[at[mine]].view(started.dtype)
    converted = mine & (created >= inquiry_at)
    out["converted_buyers"] = _distinct(o_place[converted], o_buyer[converted], size)
    same_day = converted & (paid.astype("datetime64[D]") == inquiry_at.astype("datetime64[D]"))
    grabbed = _distinct(o_place[same_day], o_buyer[same_day], size)

    # 销售额, 客单价, 客件数, 件均价, 退款率
    amounts = orders["paid_amount"]
    if daily:
        by_day = (created - start) // np.timedelta64(1, "D")
        total = amounts.groupby(by_day).sum().reindex(range(days)).to_numpy()
        shop_total = np.tile(total, len(agents))
    else:
        shop_total = np.full(size, amounts.sum())
    a_place = np.where(attributed, o_place, -1)
    sales = np.round(_per_place(a_place, amounts, "sum", size, 0.0), 2)
    qty = orders["order_id"][attributed].map(facts.qty).fillna(0)
    items = _per_place(a_place[attributed], qty, "sum", size, 0.0).astype("int64")
    out["paying_buyers"] = _distinct(a_place, o_buyer, size)
    order_codes, _ = pd.factorize(orders["order_id"])
    paid_orders = _distinct(a_place, order_codes, size)
    refunded = orders["order_id"].isin(facts.refunded).to_numpy()
    refunds = _distinct(np.where(refunded, a_place, -1), order_codes, size)

    # 满意率
    rating = sessions["rating"]
    rated = (rating.notna() & (rating != "")).to_numpy()
    good = rated & rating.isin(_GOOD_RATINGS).to_numpy()

    def count(rows: np.ndarray) -> np.ndarray:
        return np.bincount(s_place[rows & (s_place >= 0)], minlength=size).astype("float64")

    columns = {
        "consult_buyers": out["consult_buyers"], "served_buyers": out["served_buyers"],
        "reply_rate": _rate(out["served_buyers"], out["consult_buyers"]),
        "inquiry_buyers": out["inquiry_buyers"], "converted_buyers": out["converted_buyers"],
        "conversion_rate": _rate(out["converted_buyers"], out["inquiry_buyers"]),
        "sales": sales, "sales_share": _rate(sales, shop_total),
        "avg_order_value": _rate(sales, out["paying_buyers"]),
        "items_per_buyer": _rate(items, out["paying_buyers"]),
        "avg_item_price": _rate(sales, items),
        "first_response_s": first_response, "avg_response_s": avg_response,
        "refund_rate": _rate(refunds, paid_orders),
        "satisfaction_rate": _rate(count(good), count(rated)),
        "grab_rate": _rate(grabbed, out["inquiry_buyers"]),
        "paying_buyers": out["paying_buyers"], "items": items,
    }
    return pd.DataFrame({name: columns[name] for name in KPI_COLUMNS}, index=index)


def _index(t, session_agents: pd.Series, order_agents: pd.Series, lo, hi, daily) -> pd.Index:
    if "agents" in t and len(t["agents"]):
        agents = sorted(t["agents"]["agent_id"].dropna().unique())
    else:
        agents = sorted(set(session_agents.dropna()) | set(order_agents.dropna()))
    agent_index = pd.Index(agents, name="agent_id", dtype=object)
    if not daily:
        return agent_index
    days = pd.date_range(lo, hi - pd.Timedelta(days=1), freq="D", name="day")
    return pd.MultiIndex.from_product([agent_index, days], names=["agent_id", "day"])


def agent_kpis(start, end, data: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """KPIs per agent over ``start``..``end`` (dates, both inclusive).

    Args:
        start, end: dates such as ``"2025-06-01"``.
        data: tables by name (``sessions``, ``messages``, ``orders`` required;
            ``order_items``, ``refunds``, ``agents`` optional); default: the shop data.

    Returns:
        DataFrame indexed by ``agent_id`` with the columns of :data:`KPI_COLUMNS`
        (Chinese labels in :data:`KPI_LABELS`).
    """
    return _compute(data, start, end, daily=False)


def daily_kpis(start, end, data: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """The same KPIs for every agent and every single day of the period.

    Indexed by ``(agent_id, day)``; each day is its own one-day period.
    """
    return _compute(data, start, end, daily=True)


def conversion_band(rate: float, targets: KpiTargets = RULES.kpi) -> str:
    """The 询单转化率 band (差 / 较低 / 合格 / 良好 / 优秀) of a rate between 0 and 1."""
    if rate is None or isinstance(rate, bool) or not isinstance(rate, (int, float, np.number)):
        raise TypeError(f"转化率应该是 0 到 1 之间的数字，收到的是 {type(rate).__name__}。")
    if np.isnan(rate) or not 0 <= rate <= 1:
        raise ValueError(f"转化率应该在 0 到 1 之间，收到的是 {rate}。")
    for lower, label in targets.conversion_bands:
        if rate >= lower:
            return label
    return targets.conversion_bands[-1][1]


def target_status(kpis: pd.DataFrame, targets: KpiTargets = RULES.kpi) -> pd.DataFrame:
    """True/False per cell for the KPIs that have a reference target; NaN stays NaN.

    Targets: first response ≤ 15 s, average ≤ 30 s, 回复率 ≥ 98%, 满意率 ≥ 95%,
    询单转化率 at least 合格 (≥ 40%).
    """
    limits = {
        "first_response_s": ("<=", targets.first_response_s),
        "avg_response_s": ("<=", targets.avg_response_s),
        "reply_rate": (">=", targets.reply_rate),
        "satisfaction_rate": (">=", targets.satisfaction_rate),
        "conversion_rate": (">=", next(lo for lo, label in targets.conversion_bands
                                       if label == "合格")),
    }
    out = pd.DataFrame(index=kpis.index)
    for column, (op, limit) in limits.items():
        if column not in kpis:
            continue
        values = kpis[column].astype("float64")
        met = values <= limit if op == "<=" else values >= limit
        out[column] = met.astype(object).where(values.notna())
    return out


def agent_names(agents: pd.DataFrame | None = None) -> dict[str, str]:
    """``{"A01": "小A", …}`` from the agents table."""
    table = load("agents") if agents is None else agents
    return dict(zip(table["agent_id"], table["name"], strict=True))


_FORMATS = {
    **{c: "{:.1%}" for c in RATE_COLUMNS},
    "sales": "{:,.2f}", "avg_order_value": "{:,.2f}", "avg_item_price": "{:,.2f}",
    "items_per_buyer": "{:.2f}", "first_response_s": "{:.1f}", "avg_response_s": "{:.1f}",
}
_MET, _MISSED = "background-color: #d8f0d8", "background-color: #f8d3d3"


@dataclass(frozen=True)
class KpiReport:
    """KPIs of chosen agents over a period: table, target colours, daily trend, export."""

    agents: tuple[str, ...]
    start: date
    end: date
    kpis: pd.DataFrame
    daily: pd.DataFrame
    names: Mapping[str, str]

    def label(self, agent_id: str) -> str:
        return f"{self.names.get(agent_id, agent_id)}（{agent_id}）"

    def table(self) -> pd.DataFrame:
        """The KPI table with Chinese column labels, one row per agent."""
        out = self.kpis.rename(columns=KPI_LABELS)
        out.index = [self.label(a) for a in self.kpis.index]
        out.index.name = "客服"
        return out

    def styled(self):
        """A pandas Styler: formatted values, green where a target is met, red where missed."""
        status = target_status(self.kpis).rename(columns=KPI_LABELS)
        status.index = [self.label(a) for a in status.index]

        def colour(frame: pd.DataFrame) -> pd.DataFrame:
            css = pd.DataFrame("", index=frame.index, columns=frame.columns)
            for column in status.columns:
                css[column] = status[column].map({True: _MET, False: _MISSED}).fillna("")
            return css

        formats = {KPI_LABELS[k]: v for k, v in _FORMATS.items()}
        return (self.table().style.format(formats, na_rep="—").apply(colour, axis=None)
                .set_caption(f"客服 KPI：{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}"))

    def _repr_html_(self) -> str:
        return self.styled().to_html()

    def html(self) -> str:
        """The table of :meth:`styled` (same texts and colours) as plain HTML, built directly:
        what the calculator redraws on every change."""
        status = target_status(self.kpis)
        colours = {True: _MET, False: _MISSED}
        css = {KPI_LABELS[column]: [colours.get(met, "") for met in status[column]]
               for column in status.columns}
        return tables.render(self.table(), {KPI_LABELS[k]: v for k, v in _FORMATS.items()}, css,
                             caption=f"客服 KPI：{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}",
                             na_rep="—")

    def trend(self, metric: str) -> pd.DataFrame:
        """Days × agents table of one KPI (each day its own period)."""
        if metric not in KPI_LABELS:
            raise ValueError(f"没有名为「{metric}」的指标。")
        wide = self.daily[metric].unstack("agent_id")
        wide.columns = [self.label(a) for a in wide.columns]
        return wide

    def snippet(self) -> str:
        """The calculator's state as Python code to paste into an answer cell."""
        return ("calculator_state = {\n"
                f"    \"agents\": {json.dumps(list(self.agents))},\n"
                f"    \"start\": \"{self.start:%Y-%m-%d}\",\n"
                f"    \"end\": \"{self.end:%Y-%m-%d}\",\n"
                "}")

    def to_excel(self, path) -> Path:
        """Write the KPI table and the daily trend to an Excel workbook."""
        path = Path(path)
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            self.table().to_excel(writer, sheet_name="KPI汇总")
            daily = self.daily.rename(columns=KPI_LABELS).reset_index()
            daily["agent_id"] = daily["agent_id"].map(self.label)
            daily["day"] = daily["day"].dt.strftime("%Y-%m-%d")
            daily.rename(columns={"agent_id": "客服", "day": "日期"}).to_excel(
                writer, sheet_name="每日明细", index=False)
        return path


def kpi_report(agents, start, end, data: Mapping[str, pd.DataFrame] | None = None) -> KpiReport:
    """Compute a :class:`KpiReport` for some agents (ids) over ``start``..``end``."""
    lo, hi = parse_period(start, end)
    chosen = tuple(agents)
    if data is None:
        names = agent_names()
    else:
        names = agent_names(data["agents"]) if "agents" in data else {}
    unknown = [a for a in chosen if names and a not in names]
    if unknown:
        raise ValueError(f"没有这些客服：{'、'.join(unknown)}。")
    kpis = agent_kpis(lo, hi - pd.Timedelta(days=1), data)
    daily = daily_kpis(lo, hi - pd.Timedelta(days=1), data)
    daily = daily.loc[daily.index.get_level_values("agent_id").isin(chosen)]
    return KpiReport(chosen, lo.date(), (hi - pd.Timedelta(days=1)).date(),
                     kpis.loc[list(chosen)], daily, names)
