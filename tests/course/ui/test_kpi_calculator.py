"""The KPI calculator widget responds to its controls (no browser needed)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from course import kpi
from course.ui import KpiCalculator


@pytest.fixture
def calc(tmp_path):
    return KpiCalculator(export_dir=tmp_path)


def test_it_starts_with_the_presale_agents_over_june(calc):
    assert calc.report.agents == ("A01", "A02", "A03", "A04")
    assert "小A（A01）" in calc._table.value and "小F" not in calc._table.value
    assert calc._chart.value[:4] == b"\x89PNG"


def test_choosing_agents_updates_table_and_snippet(calc):
    calc._agents.value = ("A03", "A05")
    assert "小C（A03）" in calc._table.value and "小A（A01）" not in calc._table.value
    assert '"agents": ["A03", "A05"]' in calc._snippet.value


def test_changing_the_period_recomputes_the_numbers(calc):
    before = calc.report.kpis.loc["A01", "sales"]
    calc._start.value = date(2025, 6, 15)
    calc._end.value = date(2025, 6, 21)
    expected = kpi.agent_kpis("2025-06-15", "2025-06-21").loc["A01", "sales"]
    assert calc.report.kpis.loc["A01", "sales"] == pytest.approx(expected)
    assert calc.report.kpis.loc["A01", "sales"] < before
    assert '"start": "2025-06-15"' in calc._snippet.value


def test_pasted_snippet_reproduces_the_calculators_choice(calc):
    calc._agents.value = ("A02",)
    namespace: dict = {}
    exec(calc._snippet.value, namespace)  # noqa: S102 - the snippet is meant to be pasted and run
    assert namespace["calculator_state"] == {"agents": ["A02"], "start": "2025-06-01",
                                             "end": "2025-06-30"}


def test_trend_metric_redraws_the_chart(calc):
    before = calc._chart.value
    calc._metric.value = "avg_response_s"
    assert calc._chart.value != before and calc._chart.value[:4] == b"\x89PNG"


def test_impossible_period_shows_a_chinese_message_and_keeps_the_last_result(calc):
    report = calc.report
    calc._start.value = date(2025, 7, 1)
    assert "开始日期不能晚于结束日期" in calc._message.value
    assert calc.report is report


def test_no_agent_chosen_asks_for_one(calc):
    calc._agents.value = ()
    assert "至少选择一位客服" in calc._message.value


def test_targets_are_coloured_green_and_red(calc):
    html = calc._table.value
    assert "#d8f0d8" in html and "#f8d3d3" in html


def test_export_writes_both_sheets(calc, tmp_path):
    path = calc._on_export()
    assert path is not None and path.parent == tmp_path
    sheets = pd.read_excel(path, sheet_name=None)
    assert set(sheets) == {"KPI汇总", "每日明细"}
    assert "询单转化率" in sheets["KPI汇总"].columns
    assert len(sheets["每日明细"]) == 4 * 30
    assert "已导出" in calc._export_note.value


def test_while_nbgrader_grades_the_widget_skips_its_picture(monkeypatch):
    from course import charts

    drawn = []
    draw = charts.KpiTrend._draw
    monkeypatch.setattr(charts.KpiTrend, "_draw", lambda self, *a: drawn.append(a) or draw(self, *a))
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    graded = KpiCalculator()
    assert bytes(graded._chart.value) == b"" and drawn == []
    assert graded.report is not None and "A01" in graded._snippet.value  # the numbers are there
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    shown = KpiCalculator()
    assert bytes(shown._chart.value).startswith(b"\x89PNG") and len(drawn) == 1
