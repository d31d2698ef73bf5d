"""The 卖家中心 order search panel (chapter 3)."""

from __future__ import annotations

from datetime import date

import ipywidgets as w

from course import backoffice
from course.data import load

_COLUMNS = {"order_id": "订单号", "buyer_id": "买家", "created_at": "下单时间", "paid_at": "付款时间",
            "status": "状态", "paid_amount": "实付（元）", "agent_id": "客服"}


class OrderSearchPanel(w.VBox):
    """Filter the shop's orders like 卖家中心's 已卖出的宝贝 page."""

    def __init__(self, orders=None) -> None:
        super().__init__()
        self._orders = load("orders") if orders is None else orders
        self._order_id = w.Text(description="订单号", placeholder="可只输入一部分")
        self._buyer = w.Text(description="买家编号", placeholder="如 B00019")
        self._status = w.Dropdown(options=[("全部", "")] + [(label, key) for key, label in
                                                          backoffice.STATUS_LABELS.items()],
                                  description="订单状态")
        self._start = w.DatePicker(description="开始日期", value=date(2025, 6, 1))
        self._end = w.DatePicker(description="结束日期", value=date(2025, 6, 30))
        self._amount = w.FloatRangeSlider(value=(0, 1000), min=0, max=1000, step=10,
                                          description="实付金额", continuous_update=False)
        self._agent = w.Dropdown(options=[("全部", None), ("静默下单（无客服）", "")] +
                                 [(a, a) for a in sorted(self._orders["agent_id"].dropna().unique())],
                                 description="客服")
        self._summary = w.HTML()
        self._table = w.HTML()
        self.result = None
        self.children = [
            w.HTML("<b>订单查询</b>：组合条件查询订单，结果按下单时间从新到旧排列（最多显示 20 条）。"),
            w.HBox([w.VBox([self._order_id, self._buyer, self._status, self._agent]),
                    w.VBox([self._start, self._end, self._amount])]),
            self._summary, self._table,
        ]
        for control in (self._order_id, self._buyer, self._status, self._start, self._end,
                        self._amount, self._agent):
            control.observe(self._on_change, names="value")
        self.refresh()

    def _on_change(self, _change=None) -> None:
        self.refresh()

    def refresh(self) -> None:
        low, high = self._amount.value
        try:
            self.result = backoffice.search_orders(
                self._orders, order_id=self._order_id.value or None,
                buyer_id=self._buyer.value or None, status=self._status.value or None,
                start=self._start.value, end=self._end.value, min_amount=low,
                max_amount=None if high >= 1000 else high, agent_id=self._agent.value)
        except backoffice.BackofficeError as exc:
            self._summary.value = f"<span style='color:#b00'>{exc}</span>"
            return
        total = self.result["paid_amount"].sum()
        self._summary.value = f"<p>共找到 <b>{len(self.result)}</b> 笔订单，实付合计 {total:,.2f} 元。</p>"
        shown = self.result.head(20)[list(_COLUMNS)].rename(columns=_COLUMNS)
        shown["状态"] = shown["状态"].map(backoffice.STATUS_LABELS)
        self._table.value = shown.to_html(index=False, na_rep="—")
