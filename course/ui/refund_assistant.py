"""The refund / dispute flow assistant (chapter 6): state, deadline, what silence leads to."""

from __future__ import annotations

import ipywidgets as w
import pandas as pd

from course import aftersales


class RefundAssistant(w.VBox):
    """Choose the refund type, whether the order shipped, the state and since when."""

    def __init__(self) -> None:
        super().__init__()
        self._kind = w.ToggleButtons(options=list(aftersales.TYPES), value="仅退款",
                                     description="退款类型")
        self._shipped = w.Checkbox(value=False, description="订单已发货")
        self._state = w.Dropdown(options=[(f"{label}（{key}）", key) for key, label in
                                          aftersales.STATUS_LABELS.items()],
                                 value="WAIT_SELLER_AGREE", description="当前状态")
        self._since = w.Text(value="2025-06-20 10:00", description="进入时间",
                             placeholder="YYYY-MM-DD HH:MM")
        self._event = w.Dropdown(options=[(label, key) for key, label in
                                          aftersales.EVENTS.items()],
                                 value="seller_agree", description="发生事件")
        self._apply = w.Button(description="执行事件", icon="play")
        self._result = w.HTML()
        self._code = w.Textarea(layout=w.Layout(width="520px", height="130px"))
        self.step: aftersales.Step | None = None
        self.children = [
            w.HTML("<b>退款流程助手</b>：看清现在轮到谁处理、最晚什么时候、不处理会怎样。"),
            self._kind, self._shipped, self._state, self._since,
            w.HBox([self._event, self._apply]), self._result,
            w.HTML("<b>复制为代码</b>（粘贴到答题单元格）："), self._code,
        ]
        for control in (self._kind, self._shipped, self._state, self._since):
            control.observe(self._on_change, names="value")
        self._apply.on_click(self._on_apply)
        self.refresh()

    def _on_change(self, _change=None) -> None:
        self.refresh()

    def refresh(self, note: str = "") -> None:
        since = pd.Timestamp(self._since.value) if _valid_time(self._since.value) else None
        if since is None:
            self._result.value = ("<span style='color:#b00'>时间格式不对，请写成 "
                                  "2025-06-20 10:00 这样。</span>")
            return
        self.step = aftersales.step(self._kind.value, self._shipped.value, self._state.value,
                                    since)
        s = self.step
        self._code.value = (
            "refund_state = {\n"
            f"    \"kind\": \"{self._kind.value}\",\n"
            f"    \"shipped\": {self._shipped.value},\n"
            f"    \"state\": \"{self._state.value}\",  # {s.label}\n"
            f"    \"since\": \"{since:%Y-%m-%d %H:%M}\",\n"
            "}")
        deadline = f"{s.deadline:%Y-%m-%d %H:%M}" if s.deadline is not None else "无"
        after = aftersales.STATUS_LABELS[s.on_timeout] if s.on_timeout else "—"
        self._result.value = (
            (f"<p style='color:#1a7f37'>{note}</p>" if note else "")
            + f"<table><tr><td>当前状态</td><td><b>{s.label}</b></td></tr>"
            f"<tr><td>轮到谁处理</td><td>{s.actor}</td></tr>"
            f"<tr><td>处理时限</td><td>{deadline}</td></tr>"
            f"<tr><td>超时后</td><td>{after}</td></tr></table><p>{s.explanation}</p>")

    def _on_apply(self, _button=None) -> None:
        try:
            nxt = aftersales.advance(self._kind.value, self._shipped.value, self._state.value,
                                     self._event.value)
        except aftersales.FlowError as exc:
            self._result.value = f"<span style='color:#b00'>{exc}</span>" + self._result.value
            return
        event = aftersales.EVENTS[self._event.value]
        if self._event.value == "timeout" and self.step and self.step.deadline is not None:
            self._since.value = f"{self.step.deadline:%Y-%m-%d %H:%M}"
        self._state.value = nxt
        self.refresh(note=f"已执行「{event}」→ {aftersales.STATUS_LABELS[nxt]}")


def _valid_time(text: str) -> bool:
    try:
        return not pd.isna(pd.Timestamp(text))
    except (ValueError, TypeError):
        return False
