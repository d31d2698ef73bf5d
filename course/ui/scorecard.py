"""The scorecard and commission calculator (chapter 9)."""

from __future__ import annotations

import json

import ipywidgets as w

from course import appraisal, charts, kpi, tables


class ScorecardCalculator(w.VBox):
    """Weights, floors and targets per KPI → ranking, grades, 提成 and a radar chart per agent."""

    def __init__(self, start: str = "2025-06-01", end: str = "2025-06-30",
                 agents=("A01", "A02", "A03", "A04"), data=None) -> None:
        super().__init__()
        self._kpis = kpi.agent_kpis(start, end, data).loc[list(agents)]
        self._names = kpi.agent_names(data["agents"] if data and "agents" in data else None)
        self._items = []
        rows = []
        for item in appraisal.DEFAULT_SCORECARD:
            weight = w.IntText(value=int(item.weight), description=kpi.KPI_LABELS[item.kpi],
                               layout=w.Layout(width="260px"), style={"description_width": "150px"})
            floor = w.FloatText(value=item.floor, description="底线", layout=w.Layout(width="150px"))
            target = w.FloatText(value=item.target, description="目标", layout=w.Layout(width="150px"))
            self._items.append((item.kpi, weight, floor, target))
            rows.append(w.HBox([weight, floor, target]))
        self._rate = w.FloatText(value=0.02, description="提成比例", layout=w.Layout(width="200px"))
        self._agent = w.Dropdown(options=[(f"{self._names.get(a, a)}（{a}）", a) for a in agents],
                                 description="雷达图")
        self._message = w.HTML()
        self._table = w.HTML()
        self._chart = w.Image(format="png", layout=w.Layout(max_width="480px"))
        self._radar = charts.Radar()
        self._code = w.Textarea(layout=w.Layout(width="560px", height="200px"))
        self.result = None
        self.children = [
            w.HTML(f"<b>绩效考核与提成计算器</b>：{start} 至 {end} 的 KPI。每行依次是权重（合计必须为 100）、"
                   "0 分的底线和 100 分的目标；目标小于底线表示越低越好。"),
            *rows, self._rate, self._message, self._table, self._agent, self._chart,
            w.HTML("<b>复制为代码</b>（粘贴到答题单元格）："), self._code,
        ]
        for _, weight, floor, target in self._items:
            for control in (weight, floor, target):
                control.observe(self._on_change, names="value")
        self._rate.observe(self._on_change, names="value")
        self._agent.observe(self._on_agent, names="value")
        self.refresh()

    def scorecard(self) -> list[appraisal.Item]:
        return [appraisal.Item(k, weight.value, floor.value, target.value)
                for k, weight, floor, target in self._items]

    def _on_change(self, _change=None) -> None:
        self.refresh()

    def _on_agent(self, _change=None) -> None:
        if self.result is None:
            return
        agent = self._agent.value
        scores = self.result.loc[agent, [f"{k}_score" for k, *_ in self._items]]
        scores.index = [kpi.KPI_LABELS[k] for k, *_ in self._items]
        title = f"{self._names.get(agent, agent)}：总分 {self.result.loc[agent, 'total']:.1f}"
        self._chart.value = self._radar.render(scores, title)

    def refresh(self) -> None:
        try:
            self.result = appraisal.appraise(self._kpis, self.scorecard(), self._rate.value)
        except ValueError as exc:
            self._message.value = f"<span style='color:#b00'>{exc}</span>"
            return
        self._message.value = ""
        shown = appraisal.labelled(
            self.result[["total", "grade", "coefficient", "sales", "commission"]])
        shown.index = [f"{self._names.get(a, a)}（{a}）" for a in shown.index]
        shown.insert(0, "排名", range(1, len(shown) + 1))
        formats = {"total": "{:.1f}", "coefficient": "{:.1f}", "sales": "{:,.2f}",
                   "commission": "{:,.2f}"}
        self._table.value = tables.render(
            shown, {appraisal.RESULT_LABELS[k]: f for k, f in formats.items()})
        state = {"scorecard": [{"kpi": i.kpi, "weight": i.weight, "floor": i.floor,
                                "target": i.target} for i in self.scorecard()],
                 "rate": self._rate.value}
        self._code.value = "scorecard_state = " + json.dumps(state, ensure_ascii=False, indent=4)
        self._on_agent()
