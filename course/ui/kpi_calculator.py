"""The KPI calculator (chapter 7): agents × period → KPI table, daily trend, Excel export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import ipywidgets as w

from course import charts, kpi, plotting

INTRO = "<b>客服 KPI 计算器</b>：选择客服和日期，绿色表示达到参考目标，红色表示未达到。"

TREND_METRICS = ["conversion_rate", "sales", "first_response_s", "avg_response_s", "reply_rate",
                 "satisfaction_rate", "consult_buyers"]


class KpiCalculator(w.VBox):
    """Choose agents and a period; see their KPIs against the targets, day by day.

    The widget only calls :func:`course.kpi.kpi_report`; all numbers come from there.
    """

    def __init__(self, start: str = "2025-06-01", end: str = "2025-06-30",
                 agents: list[str] | None = None, data=None, export_dir: str | Path = ".") -> None:
        super().__init__()
        plotting.setup()
        self._data = data
        self._export_dir = Path(export_dir)
        self._names = kpi.agent_names(data["agents"] if data and "agents" in data else None)
        chosen = agents or [a for a in self._names if a in ("A01", "A02", "A03", "A04")]
        self.report: kpi.KpiReport | None = None
        self._build_controls(start, end, chosen)
        self._build_outputs()
        self.children = [
            w.HTML(INTRO),
            w.HBox([self._agents, w.VBox([self._start, self._end, self._metric])]),
            self._message,
            self._table,
            self._chart,
            w.HBox([self._export, self._export_note]),
            w.HTML("<b>复制为代码</b>（粘贴到答题单元格）："),
            self._snippet,
        ]
        for control in (self._agents, self._start, self._end):
            control.observe(self._on_change, names="value")
        self._metric.observe(self._on_metric, names="value")
        self._export.on_click(self._on_export)
        self.refresh()

    # -- building ---------------------------------------------------------
    def _build_controls(self, start: str, end: str, chosen: list[str]) -> None:
        options = [(f"{name}（{aid}）", aid) for aid, name in self._names.items()]
        self._agents = w.SelectMultiple(options=options, value=tuple(chosen), rows=6,
                                        description="客服", layout=w.Layout(width="260px"))
        self._start = w.DatePicker(description="开始日期", value=date.fromisoformat(start))
        self._end = w.DatePicker(description="结束日期", value=date.fromisoformat(end))
        self._metric = w.Dropdown(options=[(kpi.KPI_LABELS[m], m) for m in TREND_METRICS],
                                  value="conversion_rate", description="趋势指标")

    def _build_outputs(self) -> None:
        self._message = w.HTML()
        self._table = w.HTML()
        self._chart = w.Image(format="png", layout=w.Layout(max_width="760px"))
        self._trend = charts.KpiTrend()
        self._export = w.Button(description="导出 Excel", icon="download")
        self._export_note = w.HTML()
        self._snippet = w.Textarea(layout=w.Layout(width="420px", height="110px"))

    # -- behaviour --------------------------------------------------------
    def _on_change(self, _change=None) -> None:
        self.refresh()

    def _on_metric(self, _change=None) -> None:
        self._draw_trend()

    def refresh(self) -> None:
        """Recompute the report from the controls and redraw everything."""
        agents, start, end = self._agents.value, self._start.value, self._end.value
        problem = None
        if not agents:
            problem = "请至少选择一位客服。"
        elif start is None or end is None:
            problem = "请选择开始日期和结束日期。"
        elif start > end:
            problem = "开始日期不能晚于结束日期。"
        if problem:
            self._message.value = f"<span style='color:#b00'>{problem}</span>"
            return
        try:
            self.report = kpi.kpi_report(agents, start, end, self._data)
        except ValueError as exc:
            self._message.value = f"<span style='color:#b00'>{exc}</span>"
            return
        self._message.value = ""
        self._table.value = self.report.html()
        self._snippet.value = self.report.snippet()
        self._export_note.value = ""
        self._draw_trend()

    def _draw_trend(self) -> None:
        if self.report is None:
            return
        metric = self._metric.value
        self._chart.value = self._trend.render(self.report.trend(metric), kpi.KPI_LABELS[metric])

    def _on_export(self, _button=None) -> Path | None:
        if self.report is None:
            return None
        name = f"KPI_{self.report.start:%Y%m%d}_{self.report.end:%Y%m%d}.xlsx"
        try:
            path = self.report.to_excel(self._export_dir / name)
        except OSError as exc:
            self._export_note.value = f"<span style='color:#b00'>导出失败：{exc}</span>"
            return None
        self._export_note.value = f"已导出：<code>{path}</code>"
        return path
