"""The role-play chat: a scripted buyer answers the learner's replies (course/roleplay.py)."""

from __future__ import annotations

import html

import ipywidgets as w

from course import roleplay, roleplays

_BUBBLE = ("<div style='margin:4px 0;text-align:{align}'><span style='display:inline-block;"
           "max-width:75%;padding:6px 10px;border-radius:8px;background:{bg};text-align:left'>"
           "<b>{who}</b><br>{text}</span></div>")


_SCROLL = "display:flex;flex-direction:column-reverse;max-height:420px;overflow-y:auto"


def _bubble(who: str, text: str, mine: bool) -> str:
    return _BUBBLE.format(align="right" if mine else "left", bg="#dcf3ff" if mine else "#f1f1f1",
                          who=html.escape(who), text=html.escape(text).replace("\n", "<br>"))


class RolePlayChat(w.VBox):
    """Type replies to a buyer; each reply is checked at once; copy the chat as code."""

    def __init__(self, key: str, replies: object = None, answer_name: str | None = None) -> None:
        """``replies``: go on from a chat pasted earlier (the answer cell's list)."""
        super().__init__()
        if key not in roleplays.SCENARIOS:
            raise KeyError(f"没有名为「{key}」的对话练习。可用的练习：{'、'.join(roleplays.SCENARIOS)}。")
        self.scenario = roleplays.SCENARIOS[key]
        self.values = self.scenario.values()
        self.answer_name = answer_name or self.scenario.answer
        self.answers: list[str] = []
        kept = self._earlier(replies)
        self._log = w.HTML(layout=w.Layout(width="720px", border="1px solid #ddd", padding="6px"))
        self._input = w.Textarea(placeholder="输入你的回复，然后点「发送」",
                                 layout=w.Layout(width="720px", height="70px"))
        self._send_button = w.Button(description="发送", button_style="primary", icon="paper-plane")
        self._restart = w.Button(description="重新开始", icon="refresh")
        self._feedback = w.HTML()
        self._code = w.Textarea(layout=w.Layout(width="720px", height="90px"), disabled=True)
        self._send_button.on_click(lambda _: self.reply(self._input.value))
        self._restart.on_click(lambda _: self.restart())
        brief = self.scenario.brief.format(**self.values) if self.values else self.scenario.brief
        self.children = [
            w.HTML(f"<b>{html.escape(self.scenario.title)}</b><p>{html.escape(brief)}</p>"),
            self._log, self._input, w.HBox([self._send_button, self._restart]), self._feedback,
            w.HTML("<b>复制为代码</b>（对话结束后，把下面的内容原样粘贴到答题单元格）"), self._code]
        for reply in kept:
            if not self.ended:
                self.answers.append(reply)
        self._render()
        if replies is not None and not kept:
            self._feedback.value = self._note("没有读到以前的对话：接着练习时请把答题单元格里的列表传进来，"
                                              f"例如 RolePlayChat(\"{key}\", replies={self.answer_name})。")

    @staticmethod
    def _earlier(replies: object) -> list[str]:
        """The sendable replies of an earlier chat; anything else is ignored."""
        if not isinstance(replies, (list, tuple)):
            return []
        kept = []
        for reply in replies:
            try:
                kept.append(roleplay.clean_reply(reply))
            except roleplay.ReplyError:
                continue
        return kept

    # -- what the learner does -----------------------------------------------------------
    def reply(self, text: object) -> bool:
        """Send one reply; False (with a Chinese message, the text kept) when it cannot go."""
        _, _, ended = roleplay.replay(self.scenario, self.answers, self.values)
        if ended:
            self._feedback.value = self._note("对话已经结束。想换一种说法，点「重新开始」。")
            return False
        try:
            reply = roleplay.clean_reply(text)
        except roleplay.ReplyError as exc:
            self._feedback.value = self._note(str(exc))
            return False
        self.answers.append(reply)
        self._input.value = ""
        self._render()
        return True

    def restart(self) -> None:
        self.answers = []
        self._input.value = ""
        self._feedback.value = ""
        self._render()

    @property
    def ended(self) -> bool:
        return roleplay.replay(self.scenario, self.answers, self.values)[2]

    def code(self) -> str:
        """The answer cell's content: the learner's replies as a Python list."""
        lines = [f"{self.answer_name} = ["] + [f"    {reply!r}," for reply in self.answers] + ["]"]
        return "\n".join(lines)

    # -- drawing -------------------------------------------------------------------------
    @staticmethod
    def _note(text: str) -> str:
        return f"<div style='color:#8a6d00'>{html.escape(text)}</div>"

    def _render(self) -> None:
        exchanges, pending, ended = roleplay.replay(self.scenario, self.answers, self.values)
        parts = []
        for exchange in exchanges:
            parts.append(_bubble("买家", exchange.buyer, False))
            parts.append(_bubble("你", exchange.reply, True))
        if pending is not None:
            parts.append(_bubble("买家", pending, False))
        if ended:
            end = roleplay.outcome(self.scenario, self.answers)
            result = f"：{end.result}" if end is not None and end.result else ""
            colour = "#1b7f3b" if end is not None and end.success else "#b00020"
            parts.append(f"<div style='color:{colour};text-align:center'>—— 对话结束{html.escape(result)} ——"
                         "</div>")
        # Newest at the bottom and in view: a reversed column scrolls from its end.
        self._log.value = (f"<div class='kefu-chat' style='{_SCROLL}'>"
                           + "".join(reversed(parts)) + "</div>")
        if exchanges:
            check = exchanges[-1].check
            items = "".join(f"<li style='color:{'#1b7f3b' if ok else '#b00020'}'>{'✔' if ok else '✘'} "
                            f"{html.escape(label)}</li>" for label, ok in check.met)
            items += "".join(f"<li style='color:#b00020'>✘ 犯了禁忌：{html.escape(t)}</li>" for t in check.taboos)
            self._feedback.value = f"<b>你刚才这句回复</b><ul>{items}</ul>" if items else ""
        self._send_button.disabled = ended
        self._code.value = self.code()
