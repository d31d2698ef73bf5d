"""The RFM segmenter and the member-level planner (chapter 8)."""

from __future__ import annotations

import json
from datetime import date

import ipywidgets as w

from course import charts, crm, tables
from course.data import load

#: How the segment table's and the level plan's numbers read.
SUMMARY_FORMATS = {"人数占比": "{:.1%}", "销售额占比": "{:.1%}", "销售额": "{:,.2f}"}
PLAN_FORMATS = {"累计消费": "{:,.2f}", "折扣成本": "{:,.2f}"}


def _numbers(text: str) -> list[float]:
    """Numbers separated by commas (Chinese or English) or 、; ValueError in Chinese otherwise."""
    parts = [p.strip() for p in text.replace("，", ",").replace("、", ",").split(",") if p.strip()]
    try:
        return [float(p) if "." in p else int(p) for p in parts]
    except ValueError:
        raise ValueError(f"「{text}」里有不是数字的内容：请用逗号分隔数字，例如 30, 60, 90, 180。") from None


class RfmSegmenter(w.VBox):
    """As-of date and thresholds → segment table, F–M scatter and actions."""

    def __init__(self, orders=None) -> None:
        super().__init__()
        self._orders = load("orders") if orders is None else orders
        self._as_of = w.DatePicker(description="统计日期", value=date(2025, 6, 30))
        # A threshold list is half typed between keystrokes: it counts on Enter or on leaving
        # the box, so the table and the chart are not recomputed for every character.
        self._r = w.Text(value="30, 60, 90, 180", description="R 天数", continuous_update=False)
        self._f = w.Text(value="1, 2, 3, 4, 5", description="F 次数", continuous_update=False)
        self._m = w.Text(value="100, 200, 500, 1000", description="M 金额", continuous_update=False)
        self._high = w.IntSlider(value=3, min=2, max=5, description="「高」分数线")
        self._message = w.HTML()
        self._table = w.HTML()
        self._chart = w.Image(format="png", layout=w.Layout(max_width="760px"))
        self._scatter = charts.RfmScatter()
        self._code = w.Textarea(layout=w.Layout(width="520px", height="130px"))
        self.result = None
        self.children = [
            w.HTML("<b>RFM 分群工具</b>：R 阈值是“最近一次购买距今不超过多少天”（得 5、4、3、2 分），"
                   "F 阈值是“购买次数达到多少”（得 1–5 分），M 阈值是“累计消费低于多少元”（得 1–4 分，"
                   "否则 5 分）；分数达到分数线算「高」。"),
            w.HBox([w.VBox([self._as_of, self._high]), w.VBox([self._r, self._f, self._m])]),
            self._message, self._table, self._chart,
            w.HTML("<b>复制为代码</b>（粘贴到答题单元格）："), self._code,
        ]
        for control in (self._as_of, self._r, self._f, self._m, self._high):
            control.observe(self._on_change, names="value")
        self.refresh()

    def _on_change(self, _change=None) -> None:
        self.refresh()

    def thresholds(self) -> dict:
        return {"r_days": _numbers(self._r.value), "f_counts": _numbers(self._f.value),
                "m_amounts": _numbers(self._m.value), "high_score": self._high.value}

    def refresh(self) -> None:
        try:
            thresholds = self.thresholds()
            self.result = crm.rfm(self._as_of.value, self._orders, thresholds)
        except ValueError as exc:
            self._message.value = f"<span style='color:#b00'>{exc}</span>"
            return
        self._message.value = f"统计日期前付过款的客户共 {len(self.result)} 人。"
        summary = crm.segment_summary(self.result)
        self._table.value = tables.render(summary, SUMMARY_FORMATS)
        if len(self.result):
            self._chart.value = self._scatter.render(self.result)
        state = {"as_of": f"{self._as_of.value:%Y-%m-%d}", **thresholds}
        self._code.value = "rfm_state = " + json.dumps(state, ensure_ascii=False, indent=4)


class MemberLevelPlanner(w.VBox):
    """Spend thresholds and discounts per level → buyers per level and the cost of discounts."""

    def __init__(self, orders=None) -> None:
        super().__init__()
        self._orders = load("orders") if orders is None else orders
        self._rows = []
        rows = []
        for level in crm.DEFAULT_LEVELS:
            spend = w.FloatText(value=level.min_spend, description=level.name,
                                layout=w.Layout(width="220px"))
            discount = w.FloatText(value=level.discount, description="折扣",
                                   layout=w.Layout(width="160px"))
            self._rows.append((level.name, spend, discount))
            rows.append(w.HBox([spend, discount]))
        self._message = w.HTML()
        self._table = w.HTML()
        self.plan = None
        self.children = [w.HTML("<b>会员等级规划器</b>：左边是累计消费门槛（元），右边是该等级享受的折扣"
                                "（0.9 表示 9 折，不能低于 0.7）。统计到 2025-06-30。"),
                         *rows, self._message, self._table]
        for _, spend, discount in self._rows:
            spend.observe(self._on_change, names="value")
            discount.observe(self._on_change, names="value")
        self.refresh()

    def _on_change(self, _change=None) -> None:
        self.refresh()

    def levels(self) -> list[crm.Level]:
        return [crm.Level(name, spend.value, discount.value) for name, spend, discount in self._rows]

    def refresh(self) -> None:
        try:
            self.plan = crm.level_plan("2025-06-30", self._orders, self.levels())
        except ValueError as exc:
            self._message.value = f"<span style='color:#b00'>{exc}</span>"
            return
        cost = self.plan["折扣成本"].sum()
        self._message.value = f"如果去年的消费都按这些折扣结算，店铺一共让利 <b>{cost:,.2f}</b> 元。"
        self._table.value = tables.render(self.plan, PLAN_FORMATS)
