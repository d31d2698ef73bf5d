"""The order timeline and timeout calculator (chapter 2)."""

from __future__ import annotations

import ipywidgets as w

from course import timeline
from course.rules import RULES


class OrderTimeline(w.VBox):
    """Enter an order's events; see every deadline and the state at a chosen moment."""

    def __init__(self) -> None:
        super().__init__()
        box = w.Layout(width="330px")
        self._created = w.Text(value="2025-06-18 09:00", description="拍下时间", layout=box)
        self._paid = w.Text(value="2025-06-18 09:20", description="付款时间", layout=box)
        self._shipped = w.Text(value="2025-06-19 15:00", description="发货时间", layout=box)
        self._confirmed = w.Text(value="", description="确认收货", layout=box,
                                 placeholder="买家没确认就留空")
        self._method = w.Dropdown(options=list(RULES.timeouts.confirm_days), value="快递",
                                  description="发货方式")
        self._buyer_extend = w.Text(value="", description="买家延长", layout=box,
                                    placeholder="申请延长的时间，没有就留空")
        self._seller_extend = w.Dropdown(options=[("不延长", 0)] + [(f"{d} 天", d) for d in
                                                                    RULES.timeouts.seller_extend_options_days],
                                         value=0, description="卖家延长")
        self._moment = w.Text(value="2025-06-25 12:00", description="查看时刻", layout=box)
        self._amount = w.FloatText(value=199.0, description="实付金额", layout=box)
        self._result = w.HTML()
        self.timeline: timeline.Timeline | None = None
        self.children = [
            w.HTML("<b>订单时间线计算器</b>：填入订单的各个时间（留空表示还没发生），"
                   "看每个节点的截止时间和某一时刻的订单状态。"),
            w.HBox([w.VBox([self._created, self._paid, self._shipped, self._confirmed]),
                    w.VBox([self._method, self._buyer_extend, self._seller_extend, self._moment,
                            self._amount])]),
            self._result,
        ]
        for control in (self._created, self._paid, self._shipped, self._confirmed, self._method,
                        self._buyer_extend, self._seller_extend, self._moment, self._amount):
            control.observe(self._on_change, names="value")
        self.refresh()

    def _on_change(self, _change=None) -> None:
        self.refresh()

    def refresh(self) -> None:
        value = lambda box: box.value.strip() or None  # noqa: E731 - tiny local helper
        try:
            self.timeline = timeline.timeline(
                value(self._created), value(self._paid), value(self._shipped),
                value(self._confirmed), method=self._method.value,
                buyer_extend_at=value(self._buyer_extend),
                seller_extend_days=self._seller_extend.value)
            state = self.timeline.state_at(self._moment.value)
        except timeline.TimelineError as exc:
            self._result.value = f"<span style='color:#b00'>{exc}</span>"
            return
        rows = "".join(f"<tr><td>{label}</td><td>{when:%Y-%m-%d %H:%M}</td></tr>"
                       for label, when in self.timeline.table().itertuples(index=False))
        late = ""
        ship_by = self.timeline.deadlines.get("ship_by")
        shipped = self.timeline.shipped
        if ship_by is not None and (shipped is None or shipped > ship_by):
            money = timeline.late_ship_compensation(max(0.0, float(self._amount.value or 0)))
            late = (f"<p style='color:#b00'>发货超过 72 小时期限（{ship_by:%Y-%m-%d %H:%M}）时，"
                    f"应赔付买家 {money:.2f} 元（实付的 5%，最少 5 元、最多 30 元）。</p>")
        self._result.value = (f"<p>{self._moment.value} 时订单状态：<b>{timeline.STATE_LABELS[state]}</b></p>"
                              f"<table><tr><th>节点</th><th>截止时间</th></tr>{rows}</table>{late}")
