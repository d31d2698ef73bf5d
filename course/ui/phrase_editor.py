"""The 千牛 快捷短语 editor (chapter 3): rows of 分组, 快捷编码 and 短语内容, checked as typed."""

from __future__ import annotations

import html

import ipywidgets as w

from course import phrases as phrasebook
from course.data import load

#: The rows a new editor starts with (a learner replaces or adds to them).
DEFAULT_PHRASES = (
    {"group": "售前", "code": "/by", "text": "亲，全店满99元包邮，不满99元运费10元哦～"},
    {"group": "售前", "code": "/fh", "text": "亲，16点前付款当天发出，16点以后付款的次日一早发出～"},
)
_RED, _GREY, _GREEN = "#b00020", "#666", "#1b7f3b"


class _Row:
    """One phrase on the form: its three fields, a delete button and the notes under it."""

    def __init__(self, group: str, code: str, text: str) -> None:
        self.group = w.Text(value=group, placeholder="售前", layout=w.Layout(width="90px"))
        self.code = w.Text(value=code, placeholder="/by", layout=w.Layout(width="90px"))
        self.text = w.Text(value=text, placeholder="发给买家的话（不超过 "
                           f"{phrasebook.MAX_LENGTH} 字）", layout=w.Layout(width="430px"))
        self.delete = w.Button(description="删除", icon="trash", layout=w.Layout(width="72px"))
        self.note = w.HTML()
        self.box = w.VBox([w.HBox([self.group, self.code, self.text, self.delete]), self.note])

    @property
    def blank(self) -> bool:
        return not (self.group.value.strip() or self.code.value.strip() or self.text.value.strip())

    def value(self) -> dict:
        return {"group": self.group.value, "code": self.code.value, "text": self.text.value}


class QuickPhraseEditor(w.VBox):
    """Write 快捷短语 as in 千牛; each row is checked as typed, the set is measured against
    the questions of the shop's buyer messages, and ``复制为代码`` gives ``phrases = [...]``."""

    def __init__(self, phrases: object = None, top: int | None = None, most: int | None = None,
                 messages=None, name: str = "phrases") -> None:
        """``phrases``: go on from a set pasted earlier (the answer cell's list); ``top`` and
        ``most``: the brief of 练习 10 (cover the ``top`` most asked questions, at most
        ``most`` phrases), shown as requirements when given."""
        super().__init__()
        self._messages = load("messages") if messages is None else messages
        self.top, self.most, self.name = top, most, name
        self._rows: list[_Row] = []
        self._rows_box = w.VBox()
        self._add_button = w.Button(description="添加一行", icon="plus")
        self._add_button.on_click(lambda _: self.add_row())
        self._loaded = w.HTML()
        self._summary = w.HTML()
        self._coverage = w.HTML()
        self._code = w.Textarea(layout=w.Layout(width="720px", height="180px"))
        self.problems: list[list[phrasebook.Problem]] = []
        self.met: dict[str, bool] = {}
        header = w.HTML("<div style='display:flex;gap:4px;font-weight:bold'>"
                        "<span style='width:90px'>分组</span><span style='width:90px'>快捷编码</span>"
                        "<span style='width:430px'>短语内容</span></div>")
        self.children = [
            w.HTML("<b>快捷短语编辑器</b>：每行一条短语。快捷编码以 / 开头（如 <code>/by</code>），"
                   "聊天时输入它就能调出整条短语。每行下面会马上提示要修改的地方。"),
            self._loaded, header, self._rows_box, self._add_button, self._summary,
            w.HTML("<b>买家问得最多的问题</b>（按你的数据里问到的消息数排序；问候和结束语由自动回复负责，不算在内）："),
            self._coverage,
            w.HTML(f"<b>复制为代码</b>（粘贴到答题单元格；要修改时，把列表传回来接着编辑："
                   f"<code>QuickPhraseEditor(phrases={html.escape(name)})</code>）："), self._code,
        ]
        self._building = True
        for row in self._earlier(phrases) if phrases is not None else DEFAULT_PHRASES:
            self.add_row(**row)
        if not self._rows:
            self.add_row()
        self._building = False
        self.refresh()

    def _earlier(self, phrases: object) -> list[dict]:
        """The rows of a set pasted earlier; entries that are not phrases are skipped (said so)."""
        rows, skipped = [], 0
        for entry in phrases if isinstance(phrases, (list, tuple)) else []:
            if isinstance(entry, dict) and all(isinstance(entry.get(k, ""), str)
                                               for k in phrasebook.FIELDS):
                rows.append({k: entry.get(k, "") for k in phrasebook.FIELDS})
            else:
                skipped += 1
        if not isinstance(phrases, (list, tuple)):
            self._loaded.value = self._color(
                _RED, "没有读到以前的短语：请把答题单元格里的列表传进来，例如 "
                      f"QuickPhraseEditor(phrases={self.name})。")
        elif skipped:
            self._loaded.value = self._color(_RED, f"有 {skipped} 项不是短语（应该是含 group、code、text 的字典），"
                                                   "已跳过。")
        return rows

    # -- what the learner does -----------------------------------------------------------
    def add_row(self, group: str = "", code: str = "", text: str = "") -> _Row:
        row = _Row(group, code, text)
        for field in (row.group, row.code, row.text):
            field.observe(lambda _change: self.refresh(), names="value")
        row.delete.on_click(lambda _: self.remove_row(row))
        self._rows.append(row)
        self._rows_box.children = [r.box for r in self._rows]
        if not self._building:
            self.refresh()
        return row

    def remove_row(self, row: _Row) -> None:
        if row in self._rows:
            self._rows.remove(row)
            self._rows_box.children = [r.box for r in self._rows]
            self.refresh()

    @property
    def phrases(self) -> list[dict]:
        """The filled rows as plain dicts (what ``复制为代码`` holds), in the form's order."""
        return [row.value() for row in self._rows if not row.blank]

    # -- drawing -------------------------------------------------------------------------
    @staticmethod
    def _color(colour: str, text: str) -> str:
        return f"<div style='color:{colour}'>{html.escape(text)}</div>"

    def refresh(self) -> None:
        filled = [row for row in self._rows if not row.blank]
        values = [row.value() for row in filled]
        self.problems = phrasebook.check(values)
        for row in self._rows:
            row.note.value = ""
        for row, problems in zip(filled, self.problems, strict=True):
            notes = [self._color(_RED, p.message) for p in problems]
            text = row.text.value.strip()
            topics = phrasebook.topics_answered(text)
            if text:
                about = f"回答：{'、'.join(topics)}" if topics else "看不出它回答哪类买家问题（不计入下面的覆盖）"
                notes.append(self._color(_GREY, f"{len(text)}/{phrasebook.MAX_LENGTH} 字；{about}"))
            row.note.value = "".join(notes)
        self._draw_summary(values)
        self._draw_coverage(values)
        self._code.value = phrasebook.phrases_code(values, self.name)

    def _draw_summary(self, values: list[dict]) -> None:
        bad = sum(1 for problems in self.problems if problems)
        parts = [f"共 {len(values)} 条短语" + (f"，其中 {bad} 条需要修改。" if bad else "，都没有发现问题。")]
        self.met = {}
        if self.top is not None and self.most is not None:
            self.met = phrasebook.requirements(values, self.top, self.most, self._messages)
            items = "".join(f"<li style='color:{_GREEN if ok else _RED}'>{'✔' if ok else '✘'} "
                            f"{html.escape(label)}</li>" for label, ok in self.met.items())
            parts.append(f"店长的要求：<ul>{items}</ul>")
        self._summary.value = "<p><b>" + parts[0] + "</b></p>" + "".join(parts[1:])

    def _draw_coverage(self, values: list[dict]) -> None:
        table = phrasebook.coverage(values, self._messages)
        if self.top is not None:
            wanted = set(phrasebook.top_topics(self.top, self._messages))
            table.insert(0, "要覆盖", ["★" if t in wanted else "" for t in table["主题"]])
        table["回答它的短语"] = table["回答它的短语"].replace("", "—")
        self._coverage.value = table.to_html(index=False, escape=True)
