"""The typing test (chapter 1): 字/分钟 and accuracy against a passage."""

from __future__ import annotations

import time

import ipywidgets as w

from course import typingspeed


class TypingTest(w.VBox):
    """Press 开始, type the passage, press 完成: speed and accuracy against the hiring bar."""

    def __init__(self, clock=time.monotonic) -> None:
        super().__init__()
        self._clock = clock
        self._started: float | None = None
        self._passage = w.Dropdown(options=[(f"第 {i + 1} 段", i) for i in
                                            range(len(typingspeed.PASSAGES))], description="练习段落")
        self._text = w.HTML()
        self._typed = w.Textarea(placeholder="点「开始」后在这里输入上面的段落",
                                 layout=w.Layout(width="620px", height="110px"))
        self._start = w.Button(description="开始", icon="play")
        self._finish = w.Button(description="完成", icon="stop")
        self._result = w.HTML()
        self.result: typingspeed.TypingResult | None = None
        self.children = [w.HTML("<b>打字测试</b>：课程参考标准是每分钟至少 60 个正确的字，准确率不低于 95%。"),
                         self._passage, self._text, self._typed,
                         w.HBox([self._start, self._finish]), self._result]
        self._passage.observe(self._show, names="value")
        self._start.on_click(self.start)
        self._finish.on_click(self.finish)
        self._show()

    def _show(self, _change=None) -> None:
        passage = typingspeed.PASSAGES[self._passage.value]
        self._text.value = f"<blockquote style='font-size:1.1em'>{passage}</blockquote>"

    def start(self, _button=None) -> None:
        self._typed.value = ""
        self._started = self._clock()
        self._result.value = "计时开始……"

    def finish(self, _button=None, seconds: float | None = None) -> None:
        """Stop the clock (or use ``seconds``) and show the result."""
        if seconds is None:
            if self._started is None:
                self._result.value = "<span style='color:#b00'>请先点「开始」。</span>"
                return
            seconds = self._clock() - self._started
        self.result = typingspeed.typing_result(typingspeed.PASSAGES[self._passage.value],
                                                self._typed.value, max(seconds, 0.1))
        colour = "#1a7f37" if self.result.passed else "#b00"
        self._result.value = f"<span style='color:{colour}'>{self.result.summary()}</span>"
        self._started = None
