"""Matplotlib figures of the course, with Chinese labels (no ipywidgets here).

Each function returns a ``matplotlib.figure.Figure`` built without pyplot, so
widgets can render it to PNG and notebooks can display it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from course import plotting


def to_png(fig: Figure) -> bytes:
    """The figure as PNG bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def widget_png(draw: Callable[..., Figure], *args: Any) -> bytes:
    """A widget's picture: ``draw(*args)`` as PNG, or nothing while the notebook is graded."""
    from course.notebook import autograding

    return b"" if autograding() else to_png(draw(*args))


def price_waterfall(quote) -> Figure:
    """标价 → 单品宝 → 套餐 → 满就送 → 优惠券 → 运费 → 实付, as a waterfall."""
    plotting.setup()
    fig = Figure(figsize=(7.5, 3.4), dpi=100)
    ax = fig.subplots()
    steps = quote.steps()
    level = 0.0
    for i, (label, value) in enumerate(steps):
        value = float(value)
        if label in ("标价合计", "实付"):
            bottom, height, colour = 0.0, value, "#4c72b0" if label == "标价合计" else "#2a9d8f"
            level = value
        else:
            bottom, height = (level + value, -value) if value < 0 else (level, value)
            colour = "#e76f51" if value < 0 else "#f4a261"
            level += value
        ax.bar(i, height, bottom=bottom, color=colour, width=0.6)
        if value:
            ax.text(i, bottom + height + max(1.0, abs(level) * 0.01), f"{value:+.2f}"
                    if label not in ("标价合计", "实付") else f"{value:.2f}", ha="center",
                    fontsize=8)
    ax.set_xticks(range(len(steps)), [label for label, _ in steps])
    ax.set_ylabel("金额（元）")
    ax.set_title("价格瀑布图：从标价到实付")
    fig.tight_layout()
    return fig


def kpi_trend(trend: pd.DataFrame, label: str) -> Figure:
    """One line per agent of a KPI over the days (a days × agents table)."""
    plotting.setup()
    fig = Figure(figsize=(7.5, 3.2), dpi=100)
    ax = fig.subplots()
    for column in trend.columns:
        ax.plot(trend.index, trend[column], marker="o", markersize=3, label=column)
    ax.set_title(f"每日{label}")
    ax.set_xlabel("日期")
    ax.set_ylabel(label)
    ax.legend(loc="best", fontsize=8)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def pareto(table: pd.DataFrame, title: str = "退款原因帕累托图") -> Figure:
    """Bars of counts (largest first) with the cumulative share on a second axis."""
    plotting.setup()
    fig = Figure(figsize=(7.5, 3.6), dpi=100)
    ax = fig.subplots()
    labels = [str(i) for i in table.index]
    ax.bar(labels, table["count"], color="#4c72b0")
    ax.set_ylabel("退款笔数")
    ax.tick_params(axis="x", labelrotation=30)
    right = ax.twinx()
    right.plot(labels, table["cum_share"] * 100, color="#e76f51", marker="o")
    right.axhline(80, color="#999999", linestyle="--", linewidth=1)
    right.set_ylim(0, 105)
    right.set_ylabel("累计占比（%）")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def chasing_timeline(ranked: pd.DataFrame, now, limit: int = 15) -> Figure:
    """Each unpaid order as a bar from 拍下 to its 72-hour close, with the current time."""
    plotting.setup()
    rows = ranked.head(limit).iloc[::-1]
    fig = Figure(figsize=(7.5, 0.32 * max(len(rows), 3) + 1.2), dpi=100)
    ax = fig.subplots()
    for i, row in enumerate(rows.itertuples()):
        colour = "#2a9d8f" if not row.excluded_reason else "#bbbbbb"
        ax.barh(i, (row.closes_at - row.created_at).total_seconds() / 3600,
                left=(row.created_at - pd.Timestamp(now)).total_seconds() / 3600,
                color=colour, height=0.6)
    ax.axvline(0, color="#e76f51", linewidth=1.5)
    ax.set_yticks(range(len(rows)), [f"{o}（{s:.0f}分）" for o, s in
                                     zip(rows["order_id"], rows["score"], strict=True)],
                  fontsize=7)
    ax.set_xlabel("相对当前时间的小时数（红线为现在，灰色为不催付）")
    ax.set_title("未付款订单：拍下 → 72 小时自动关闭")
    fig.tight_layout()
    return fig


def rfm_scatter(table: pd.DataFrame) -> Figure:
    """F (orders) against M (spend, log scale) for each buyer, coloured by segment."""
    plotting.setup()
    fig = Figure(figsize=(7.5, 4.2), dpi=100)
    ax = fig.subplots()
    for segment, group in table.groupby("segment"):
        jitter = [1 + ((i * 37) % 100) / 600 - 0.08 for i in range(len(group))]  # spread equal F
        ax.scatter(group["F"] * jitter, group["M"], s=10, alpha=0.6, label=f"{segment}（{len(group)}）")
    ax.set_yscale("log")
    ax.set_xscale("log")
    ax.set_xlabel("F：购买次数（对数刻度）")
    ax.set_ylabel("M：累计消费（元，对数刻度）")
    ax.set_title("客户分群：购买次数与累计消费")
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    return fig


def radar(scores: pd.Series, title: str) -> Figure:
    """A radar chart of 0–100 scores (one axis per KPI)."""
    import numpy as np

    plotting.setup()
    labels = list(scores.index)
    angles = np.linspace(0, 2 * np.pi, len(labels), endpoint=False).tolist()
    values = scores.astype(float).tolist()
    fig = Figure(figsize=(4.6, 4.2), dpi=100)
    ax = fig.add_subplot(projection="polar")
    ax.plot(angles + angles[:1], values + values[:1], color="#2a9d8f")
    ax.fill(angles + angles[:1], values + values[:1], color="#2a9d8f", alpha=0.25)
    ax.set_xticks(angles, labels, fontsize=8)
    ax.set_ylim(0, 100)
    ax.set_title(title)
    fig.tight_layout()
    return fig
