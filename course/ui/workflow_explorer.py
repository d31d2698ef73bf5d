"""The workflow explorer (chapter 1): situation → stage, duty, who takes over."""

from __future__ import annotations

import ipywidgets as w

from course import workflow


class WorkflowExplorer(w.VBox):
    """Pick a situation; see where it sits in 售前 → 售中 → 售后 and who takes over."""

    def __init__(self) -> None:
        super().__init__()
        self._situation = w.Dropdown(options=[(s.title, s.key) for s in workflow.SITUATIONS],
                                     description="情况", layout=w.Layout(width="520px"))
        self._card = w.HTML()
        self._code = w.Textarea(layout=w.Layout(width="520px", height="110px"))
        self.children = [w.HTML("<b>客服工作流程探索器</b>：选一个工作中遇到的情况，看它属于哪个阶段、"
                                 "客服该做什么、要交给谁。"), self._situation, self._card,
                         w.HTML("<b>复制为代码</b>（粘贴到答题单元格）："), self._code]
        self._situation.observe(self._on_change, names="value")
        self.refresh()

    def _on_change(self, _change=None) -> None:
        self.refresh()

    def refresh(self) -> None:
        s = workflow.situation(self._situation.value)
        self._code.value = ("explorer_choice = {\n"
                            f"    \"situation\": \"{s.key}\",\n"
                            f"    \"stage\": \"{s.stage}\",\n"
                            f"    \"handover_to\": \"{s.handover_to}\",\n"
                            "}")
        stages = "".join(
            f"<span style='padding:4px 14px;margin-right:6px;border-radius:4px;"
            f"background:{'#2a9d8f;color:white' if stage == s.stage else '#eeeeee'}'>{stage}</span>"
            for stage in workflow.STAGES)
        steps = "、".join(name for name, stage in workflow.WORKFLOW if stage == s.stage)
        self._card.value = (f"<p>{stages}</p><table>"
                            f"<tr><td>本阶段的工作</td><td>{steps}</td></tr>"
                            f"<tr><td>客服职责</td><td><b>{s.duty}</b></td></tr>"
                            f"<tr><td>交给谁</td><td>{s.handover_to}</td></tr>"
                            f"<tr><td>交接内容</td><td>{s.handover_what}</td></tr>"
                            f"<tr><td>提示</td><td>{s.tip}</td></tr></table>")
