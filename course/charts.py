"""Matplotlib figures of the course, with Chinese labels (no ipywidgets here).

Each function returns a ``matplotlib.figure.Figure`` built without pyplot, so
notebooks can display it. A widget keeps one chart (:class:`LiveChart`) for its whole
life and redraws it in place on every change: the figure, its axes and its canvas stay,
only the data artists are replaced. That keeps matplotlib's text-layout caches warm (a
CJK font makes laying out every tick label and title the costly part of a redraw) and
recomputes the margins only when a label that shapes them changes.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from course import plotting

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def to_png(fig: Figure) -> bytes:
    """The figure as PNG bytes, drawn once, at the fastest zlib level (as small as the
    default for these flat charts, and quicker)."""
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    # tight_layout leaves a placeholder layout engine behind (it lays nothing out), and
    # with any engine set savefig draws the whole figure twice: same pixels without it.
    if isinstance(fig.get_layout_engine(), PlaceHolderLayoutEngine):
        fig.set_layout_engine(None)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def widget_png(draw: Callable[..., Figure], *args: Any) -> bytes:
    """A widget's picture: ``draw(*args)`` as PNG, or nothing while the notebook is graded."""
    return b"" if plotting.grading() else to_png(draw(*args))


class LiveChart:
    """A chart a widget redraws in place: ``render(*args)`` gives the PNG of the new state.

    Subclasses set up the figure once (``_setup``: axes, scales, fixed labels) and draw the
    data of one state (``_draw``) after :meth:`_clear` removed the previous state's data
    artists. The public chart functions below build a fresh chart the same way, so a
    notebook's figure and a widget's picture of the same state show the same thing.
    """

    SIZE: tuple[float, float] = (7.5, 3.4)

    def __init__(self) -> None:
        self._figure: Figure | None = None
        self._margins: tuple | None = None

    @property
    def figure(self) -> Figure:
        """The chart's one figure, made when it is first drawn (a widget built while its
        notebook is graded never draws, so it never pays for the figure)."""
        if self._figure is None:
            from matplotlib.backends.backend_agg import FigureCanvasAgg
            from matplotlib.figure import Figure  # imported when a chart is drawn

            plotting.setup()
            self._figure = Figure(figsize=self.SIZE, dpi=100)
            # A canvas of its own: savefig would otherwise make a new one (and a new
            # renderer, with empty text caches) for every picture.
            FigureCanvasAgg(self._figure)
            self._setup()
        return self._figure

    def _setup(self) -> None:
        self.ax = self.figure.subplots()

    def _draw(self, *args: Any) -> None:
        raise NotImplementedError

    def _clear(self) -> None:
        """Remove the data artists of the previous state (axes, scales and ticks stay)."""
        for ax in self.figure.axes:
            for container in list(ax.containers):
                container.remove()
            for artist in [*ax.lines, *ax.collections, *ax.patches, *ax.texts]:
                artist.remove()
            if ax.get_legend() is not None:
                ax.get_legend().remove()
            ax.relim()
            ax.set_prop_cycle(None)  # colours start again at C0, as in a new figure

    def draw(self, *args: Any) -> Figure:
        """Show the state ``args`` and lay the figure out; returns the figure."""
        self._clear()
        self._draw(*args)
        self._layout()
        return self.figure

    def _layout(self) -> None:
        """``tight_layout`` when a label that sizes the margins changed since the last one
        (titles, axis labels, the longest tick label; a legend inside the axes does not)."""
        margins = tuple(
            (ax.get_title(), ax.get_xlabel(), ax.get_ylabel(),
             max((len(t.get_text()) for t in ax.get_yticklabels()), default=0),
             max((len(t.get_text()) for t in ax.get_xticklabels()), default=0))
            for ax in self.figure.axes)
        if margins != self._margins and not plotting.grading():
            self.figure.tight_layout()
            # tight_layout leaves a placeholder layout engine behind, and with any engine
            # set, savefig draws the whole figure twice (once only to lay it out).
            self.figure.set_layout_engine(None)
            self._margins = margins

    def render(self, *args: Any) -> bytes:
        """The PNG of the state ``args``, or nothing while the notebook is graded."""
        if plotting.grading():
            return b""
        return to_png(self.draw(*args))


class PriceWaterfall(LiveChart):
    """标价 → 单品宝 → 套餐 → 满就送 → 优惠券 → 运费 → 实付, as a waterfall."""

    SIZE = (7.5, 3.4)

    def _setup(self) -> None:
        super()._setup()
        self.ax.set_ylabel("金额（元）")
        self.ax.set_title("价格瀑布图：从标价到实付")

    def _draw(self, quote) -> None:
        ax = self.ax
        steps = quote.steps()
        level = 0.0
        for i, (label, value) in enumerate(steps):
            value = float(value)
            if label in ("标价合计", "实付"):
                bottom, height = 0.0, value
                colour = "#4c72b0" if label == "标价合计" else "#2a9d8f"
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
        labels = [label for label, _ in steps]
        if [t.get_text() for t in ax.get_xticklabels()] != labels:
            ax.set_xticks(range(len(steps)), labels)


def price_waterfall(quote) -> Figure:
    """标价 → 单品宝 → 套餐 → 满就送 → 优惠券 → 运费 → 实付, as a waterfall."""
    return PriceWaterfall().draw(quote)


class KpiTrend(LiveChart):
    """One line per agent of a KPI over the days (a days × agents table)."""

    SIZE = (7.5, 3.2)

    def _setup(self) -> None:
        super()._setup()
        self.ax.set_xlabel("日期")
        self._rotated = False

    def _draw(self, trend: pd.DataFrame, label: str) -> None:
        ax = self.ax
        for column in trend.columns:
            ax.plot(trend.index, trend[column], marker="o", markersize=3, label=column)
        if ax.get_title() != f"每日{label}":
            ax.set_title(f"每日{label}")
            ax.set_ylabel(label)
        ax.legend(loc="best", fontsize=8)
        if not self._rotated:  # the date labels slant (the first ticks carry it to the next)
            self.figure.autofmt_xdate()
            self._rotated = True
        else:
            for tick in ax.get_xticklabels():
                tick.set_rotation(30)
                tick.set_horizontalalignment("right")


def kpi_trend(trend: pd.DataFrame, label: str) -> Figure:
    """One line per agent of a KPI over the days (a days × agents table)."""
    return KpiTrend().draw(trend, label)


def pareto(table: pd.DataFrame, title: str = "退款原因帕累托图") -> Figure:
    """Bars of counts (largest first) with the cumulative share on a second axis."""
    from matplotlib.figure import Figure

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
    if not plotting.grading():
        fig.tight_layout()
    return fig


class ChasingTimeline(LiveChart):
    """Each unpaid order as a bar from 拍下 to its 72-hour close, with the current time."""

    LIMIT = 15

    def _setup(self) -> None:
        super()._setup()
        self.ax.set_xlabel("相对当前时间的小时数（红线为现在，灰色为不催付）")
        self.ax.set_title("未付款订单：拍下 → 72 小时自动关闭")

    def _draw(self, ranked: pd.DataFrame, now, limit: int = LIMIT) -> None:
        ax = self.ax
        rows = ranked.head(limit).iloc[::-1]
        height = 0.32 * max(len(rows), 3) + 1.2
        if tuple(self.figure.get_size_inches()) != (7.5, height):
            self.figure.set_size_inches(7.5, height)
            self._margins = None
        now = pd.Timestamp(now)
        for i, row in enumerate(rows.itertuples()):
            colour = "#2a9d8f" if not row.excluded_reason else "#bbbbbb"
            ax.barh(i, (row.closes_at - row.created_at).total_seconds() / 3600,
                    left=(row.created_at - now).total_seconds() / 3600,
                    color=colour, height=0.6)
        ax.axvline(0, color="#e76f51", linewidth=1.5)
        ax.set_yticks(range(len(rows)), [f"{o}（{s:.0f}分）" for o, s in
                                         zip(rows["order_id"], rows["score"], strict=True)],
                      fontsize=7)


def chasing_timeline(ranked: pd.DataFrame, now, limit: int = 15) -> Figure:
    """Each unpaid order as a bar from 拍下 to its 72-hour close, with the current time."""
    return ChasingTimeline().draw(ranked, now, limit)


class RfmScatter(LiveChart):
    """F (orders) against M (spend, log scale) for each buyer, coloured by segment."""

    SIZE = (7.5, 4.2)
    F_TICKS = (1, 2, 3, 5, 10, 20, 50, 100, 200, 500)
    M_TICKS = (10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000)

    def _setup(self) -> None:
        super()._setup()
        ax = self.ax
        ax.set_yscale("log")
        ax.set_xscale("log")
        ax.set_xlabel("F：购买次数（对数刻度）")
        ax.set_ylabel("M：累计消费（元，对数刻度）")
        ax.set_title("客户分群：购买次数与累计消费")
        # Plain numbers a learner reads (1, 2, 5, 10 … instead of 10⁰, 10¹), and no minor
        # ticks: a log axis recomputes and draws them on every redraw, for nothing shown.
        from matplotlib.ticker import FixedLocator, NullLocator, StrMethodFormatter

        for axis, ticks in ((ax.xaxis, self.F_TICKS), (ax.yaxis, self.M_TICKS)):
            axis.set_major_locator(FixedLocator(ticks))
            axis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
            axis.set_minor_locator(NullLocator())

    def _draw(self, table: pd.DataFrame) -> None:
        ax = self.ax
        spread = np.array([1 + ((i * 37) % 100) / 600 - 0.08 for i in range(100)])
        for segment, group in table.groupby("segment"):
            jitter = np.resize(spread, len(group))  # spread buyers of equal F
            ax.scatter(group["F"].to_numpy() * jitter, group["M"], s=10, alpha=0.6,
                       label=f"{segment}（{len(group)}）")
        ax.legend(fontsize=7, loc="lower right")


def rfm_scatter(table: pd.DataFrame) -> Figure:
    """F (orders) against M (spend, log scale) for each buyer, coloured by segment."""
    return RfmScatter().draw(table)


class Radar(LiveChart):
    """A radar chart of 0–100 scores (one axis per KPI)."""

    SIZE = (4.6, 4.2)

    def _setup(self) -> None:
        self.ax = self.figure.add_subplot(projection="polar")

    def _draw(self, scores: pd.Series, title: str) -> None:
        ax = self.ax
        labels = list(scores.index)
        angles = np.linspace(0, 2 * np.pi, len(labels), endpoint=False).tolist()
        values = scores.astype(float).tolist()
        ax.plot(angles + angles[:1], values + values[:1], color="#2a9d8f")
        ax.fill(angles + angles[:1], values + values[:1], color="#2a9d8f", alpha=0.25)
        if [t.get_text() for t in ax.get_xticklabels()] != labels:
            ax.set_xticks(angles, labels, fontsize=8)
        ax.set_ylim(0, 100)
        ax.set_title(title)


def radar(scores: pd.Series, title: str) -> Figure:
    """A radar chart of 0–100 scores (one axis per KPI)."""
    return Radar().draw(scores, title)
