"""The payment-chasing prioritizer (chapter 5): now slider, weights → ranked orders, timeline."""

from __future__ import annotations

import json

import ipywidgets as w
import pandas as pd

from course import charts, chasing, tables
from course.data import load
from course.rules import RULES

#: How the ranked orders' numbers and times read in the table.
TABLE_FORMATS = {"金额（元）": "{:.2f}", "得分": "{:.1f}", "拍下时间": "{:%m-%d %H:%M}",
                 "建议发送时间": "{:%m-%d %H:%M}"}


class ChasingPrioritizer(w.VBox):
    """Pick a moment and weights; see whom to remind first, when, how — and whom not to."""

    def __init__(self, start: str = "2025-06-24 00:00", end: str = "2025-06-30 21:00",
                 now: str = "2025-06-30 20:00", tables: dict | None = None) -> None:
        super().__init__()
        tables = tables or {}
        self._tables = {name: tables.get(name) if name in tables else load(name)
                        for name in ("orders", "reminders", "customers", "sessions")}
        moments = pd.date_range(start, end, freq="h")
        self._now = w.SelectionSlider(
            options=[(f"{m:%m-%d %H:%M}", m) for m in moments],
            value=pd.Timestamp(now) if pd.Timestamp(now) in moments else moments[-1],
            description="当前时间", continuous_update=False, layout=w.Layout(width="640px"))
        defaults = RULES.chasing.weights
        self._weights = {
            key: w.FloatSlider(value=defaults[key], min=0, max=1, step=0.05,
                               description=chasing.COMPONENT_LABELS[key],
                               continuous_update=False, readout_format=".2f")
            for key in chasing.COMPONENTS}
        self._only_open = w.Checkbox(value=False, description="只看可以催付的订单")
        self._reason = w.Dropdown(options=list(chasing.TEMPLATES), description="未付原因")
        self._template = w.Textarea(layout=w.Layout(width="520px", height="70px"))
        self._taboo = w.HTML()
        self._message = w.HTML()
        self._table = w.HTML()
        self._chart = w.Image(format="png", layout=w.Layout(max_width="760px"))
        self._timeline = charts.ChasingTimeline()
        self._code = w.Textarea(layout=w.Layout(width="520px", height="160px"))
        self.ranked: pd.DataFrame | None = None
        self._failed = False  # the controls' last state could not be ranked (shown in red)
        self.children = [
            w.HTML("<b>催付优先级工具</b>：拖动「当前时间」，调整四项权重（合计必须为 1），"
                   "看应该先催谁、什么时候催、用什么渠道，以及哪些订单不能催。"),
            self._now, w.HBox([w.VBox(list(self._weights.values())), self._only_open]),
            self._message, self._table, self._chart,
            w.HTML("<b>催付话术</b>（按未付原因选模板，可以修改，下方会检查催付禁忌）："),
            self._reason, self._template, self._taboo,
            w.HTML("<b>复制为代码</b>（粘贴到答题单元格）："), self._code,
        ]
        for control in (self._now, *self._weights.values()):
            control.observe(self._on_change, names="value")
        self._only_open.observe(self._on_only_open, names="value")
        self._reason.observe(self._on_reason, names="value")
        self._template.observe(self._on_template, names="value")
        self._on_reason()
        self.refresh()

    def weights(self) -> dict[str, float]:
        return {key: round(slider.value, 2) for key, slider in self._weights.items()}

    def _on_change(self, _change=None) -> None:
        self.refresh()

    def _on_only_open(self, _change=None) -> None:
        """Only the table changes (the ranking, the message and the timeline stay)."""
        if self.ranked is not None and not self._failed:
            self._draw_table()

    def _on_reason(self, _change=None) -> None:
        self._template.value = chasing.TEMPLATES[self._reason.value]

    def _on_template(self, _change=None) -> None:
        found = chasing.taboos(self._template.value, sent_at=self._send_time())
        self._taboo.value = ("<span style='color:#1a7f37'>✔ 没有发现催付禁忌</span>" if not found
                             else "<span style='color:#b00'>✘ " + "、".join(
                                 chasing.TABOO_LABELS[k] for k in found) + "</span>")

    def _send_time(self) -> pd.Timestamp:
        return chasing.next_send_time(self._now.value)

    def refresh(self) -> None:
        weights = self.weights()
        state = {"now": f"{self._now.value:%Y-%m-%d %H:%M}", "weights": weights}
        self._code.value = "prioritizer_state = " + json.dumps(state, ensure_ascii=False,
                                                               indent=4)
        try:
            self.ranked = chasing.prioritize(self._now.value, weights=weights, **self._tables)
        except ValueError as exc:
            self._failed = True
            self._message.value = f"<span style='color:#b00'>{exc}</span>"
            return
        self._failed = False
        open_count = int((self.ranked["excluded_reason"] == "").sum())
        self._message.value = (f"现在是 {self._now.value:%Y-%m-%d %H:%M}：未付款订单 "
                               f"{len(self.ranked)} 笔，可以催付 {open_count} 笔。")
        self._draw_table()
        self._chart.value = self._timeline.render(self.ranked, self._now.value)
        self._on_template()

    def _draw_table(self) -> None:
        shown = self.ranked
        if self._only_open.value:
            shown = shown.loc[shown["excluded_reason"] == ""]
        self._table.value = tables.render(chasing.labelled(shown), TABLE_FORMATS, index=False)
