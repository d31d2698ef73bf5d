"""A widget's chart redrawn in place shows exactly what a new figure of the same state shows."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from matplotlib.patches import Polygon, Rectangle

from course import charts, chasing, crm, data, kpi, promotions
from course.rules import RULES


def _summary(fig) -> list:
    """Everything a learner reads off a figure: texts, ticks, limits and every data artist."""
    out = []
    for ax in fig.axes:
        legend = ax.get_legend()
        out.append({
            "labels": (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()),
            "scales": (ax.get_xscale(), ax.get_yscale()),
            "lines": [(line.get_label(), [str(x) for x in line.get_xdata()],
                       np.round(np.asarray(line.get_ydata(), dtype=float), 9).tolist(),
                       line.get_color()) for line in ax.lines],
            "bars": [(p.get_x(), p.get_y(), p.get_width(), p.get_height(), p.get_facecolor())
                     for p in ax.patches if isinstance(p, Rectangle)],
            "shapes": [np.round(p.get_xy(), 9).tolist() for p in ax.patches
                       if isinstance(p, Polygon)],
            "points": [(c.get_label(), np.round(c.get_offsets(), 9).tolist(),
                        c.get_facecolor().tolist()) for c in ax.collections],
            "texts": [(t.get_text(), t.get_position()) for t in ax.texts],
            "ticks": ([t.get_text() for t in ax.get_xticklabels()],
                      [t.get_text() for t in ax.get_yticklabels()]),
            "legend": None if legend is None else [t.get_text() for t in legend.get_texts()],
            "limits": (np.round(ax.get_xlim(), 6).tolist(), np.round(ax.get_ylim(), 6).tolist()),
        })
    return out


def _assert_redrawn_like_new(chart: charts.LiveChart, fresh, states: list[tuple]) -> None:
    for state in states:
        png = chart.render(*state)
        assert png[:4] == b"\x89PNG"
        assert _summary(chart.figure) == _summary(fresh(*state))
        assert tuple(chart.figure.get_size_inches()) == tuple(fresh(*state).get_size_inches())


def test_the_kpi_trend_redrawn_for_other_agents_and_metrics_matches_a_new_figure():
    report = kpi.kpi_report(["A01", "A02", "A03", "A04"], "2025-06-01", "2025-06-30")
    short = kpi.kpi_report(["A03", "A05"], "2025-06-10", "2025-06-16")
    states = [(report.trend("sales"), "客户销售额（元）"),
              (short.trend("sales"), "客户销售额（元）"),
              (report.trend("conversion_rate"), "询单转化率"),
              (short.trend("avg_response_s"), "平均响应时间（秒）")]
    _assert_redrawn_like_new(charts.KpiTrend(), charts.kpi_trend, states)


def test_the_rfm_scatter_redrawn_for_other_dates_matches_a_new_figure():
    orders = data.load("orders")
    states = [(crm.rfm(day, orders),) for day in (date(2025, 6, 30), date(2025, 3, 1),
                                                  date(2025, 6, 29))]
    _assert_redrawn_like_new(charts.RfmScatter(), charts.rfm_scatter, states)


def test_the_chasing_timeline_redrawn_for_other_moments_matches_a_new_figure():
    states = []
    for moment in ("2025-06-30 20:00", "2025-06-25 09:00", "2025-06-30 12:00"):
        ranked = chasing.prioritize(moment, weights=dict(RULES.chasing.weights))
        states.append((ranked, pd.Timestamp(moment)))
    states.append((states[0][0].head(2), states[0][1]))  # fewer rows: a shorter figure
    _assert_redrawn_like_new(charts.ChasingTimeline(), charts.chasing_timeline, states)


def test_the_price_waterfall_redrawn_for_other_quotes_matches_a_new_figure():
    cart = [("HF002", 1), ("HF026", 1), ("HF027", 1)]
    states = [(promotions.quote(cart, {}),),
              (promotions.quote(cart, {"coupon": {"at": 200, "minus": 10}}),),
              (promotions.quote([("HF026", 1)], {"free_shipping_at": None}),)]
    _assert_redrawn_like_new(charts.PriceWaterfall(), charts.price_waterfall, states)


def test_the_radar_redrawn_for_another_agent_matches_a_new_figure():
    labels = ["询单转化率", "平均响应时间（秒）", "回复率", "满意率", "退款率"]
    states = [(pd.Series([50.0, 60, 70, 80, 90], index=labels), "小A：总分 70.0"),
              (pd.Series([10.0, 100, 0, 35.5, 90], index=labels), "小B：总分 47.1")]
    _assert_redrawn_like_new(charts.Radar(), charts.radar, states)


def test_while_nbgrader_grades_a_live_chart_draws_nothing(monkeypatch):
    chart = charts.Radar()
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert chart.render(pd.Series([1.0, 2, 3], index=list("abc")), "x") == b""
    assert chart._figure is None  # not even made: a widget built while graded never draws
    assert len(chart.figure.axes[0].lines) == 0


def test_while_nbgrader_grades_a_lesson_figure_is_not_laid_out(monkeypatch):
    table = pd.DataFrame({"count": [5, 3], "cum_share": [0.6, 1.0]}, index=["甲", "乙"])
    assert charts.pareto(table).get_layout_engine() is not None  # tight_layout ran
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert charts.pareto(table).get_layout_engine() is None


@pytest.mark.parametrize("chart", [charts.KpiTrend, charts.Radar])
def test_a_redrawn_chart_leaves_no_layout_engine_that_would_draw_it_twice(chart):
    live = chart()
    state = ((kpi.kpi_report(["A01"], "2025-06-01", "2025-06-07").trend("sales"), "销售额")
             if chart is charts.KpiTrend else (pd.Series([1.0, 2, 3], index=list("abc")), "x"))
    live.render(*state)
    assert live.figure.get_layout_engine() is None


def test_to_png_draws_the_same_pixels_as_savefig_after_tight_layout():
    import io

    from matplotlib.figure import Figure
    from PIL import Image

    def figure(layout=None):
        fig = Figure(figsize=(4, 2), dpi=100, layout=layout)
        ax = fig.subplots()
        ax.bar(["甲", "乙"], [3, 5])
        ax.set_title("中文标题")
        if layout is None:
            fig.tight_layout()
        return fig

    for layout in (None, "tight", "constrained"):  # engines that lay out at draw time stay
        buffer = io.BytesIO()
        figure(layout).savefig(buffer, format="png")
        want = np.asarray(Image.open(buffer))
        got = np.asarray(Image.open(io.BytesIO(charts.to_png(figure(layout)))))
        assert want.shape == got.shape and (want == got).all(), layout
