"""The 千牛 auto-reply simulator (chapter 3): keyword rules measured on June's buyer messages,
and the 首次接待 and 离线／忙碌 auto replies checked with the reply rubric."""

from __future__ import annotations

import html

import ipywidgets as w

from course import autoreply
from course.data import load

DEFAULT_RULES = """包邮 | 2 | 包邮 | 亲，满99元全国包邮哦～
发货、什么时候 | 1 | 发货时间 | 亲，16点前付款当天发货，之后的次日一早发出哦
贺卡 | 1 | 贺卡 | 可以的亲，手写贺卡5元一张，把想写的话发给我就行～"""
DEFAULT_TEXTS = {
    "welcome": "您好，欢迎来到花卉知六🌷满99元包邮，16点前付款当天发货，请问想送给谁呢？",
    "offline": "亲，小六暂时不在，上线后第一时间回复您，着急的话可以先看看商品详情页哦～",
}


def parse_lines(text: str) -> list[dict]:
    """Rules from lines ``关键词1、关键词2 | 优先级 | 主题 | 回复`` (blank lines ignored)."""
    rules = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 4:
            raise autoreply.RuleError(f"第 {n} 行应该用 | 分成 4 段：关键词 | 优先级 | 主题 | 回复。")
        keywords, priority, topic, reply = parts
        try:
            level = int(priority)
        except ValueError:
            raise autoreply.RuleError(f"第 {n} 行的优先级「{priority}」应该是整数。") from None
        rules.append({"keywords": [k for k in keywords.replace("，", "、").replace(",", "、")
                                   .split("、") if k.strip()],
                      "reply": reply, "priority": level, "topic": topic})
    autoreply.parse_rules(rules)
    return rules


def unanswered(table, first=(), forms: int = 4):
    """The unanswered messages of an evaluation table by true topic: how many, and the
    buyers' most common ways of saying it (typos and 方言 included). Topics in ``first``
    (those the rules are written for) come first, then the rest, most messages first."""
    left = table.loc[table["结果"] == "未回复", ["真实主题", "消息"]]
    left = left.assign(真实主题=left["真实主题"].replace("", "（未知）"))
    grouped = left.groupby("真实主题", sort=False)["消息"]
    out = (grouped.size().rename("条数").to_frame()
           .join(grouped.agg(lambda s: "、".join(s.value_counts().index[:forms])).rename("常见说法"))
           .reset_index())
    out["已有规则"] = out["真实主题"].isin(set(first))
    out = out.sort_values(["已有规则", "条数"], ascending=[False, False], kind="stable")
    return out.assign(已有规则=out["已有规则"].map({True: "是", False: ""}))[
        ["真实主题", "已有规则", "条数", "常见说法"]].reset_index(drop=True)


class AutoReplySimulator(w.VBox):
    """Edit keyword rules; see how many real buyer messages they answer, and how well."""

    def __init__(self, messages=None) -> None:
        super().__init__()
        self._messages = load("messages") if messages is None else messages
        self._rules = w.Textarea(value=DEFAULT_RULES, layout=w.Layout(width="720px", height="160px"))
        self._try = w.Text(value="亲，包邮吗？", description="试一句", layout=w.Layout(width="420px"))
        self._answer = w.HTML()
        self._summary = w.HTML()
        self._unmatched = w.HTML()
        self._wrong = w.HTML()
        self._code = w.Textarea(layout=w.Layout(width="520px", height="160px"))
        self.coverage: autoreply.Coverage | None = None
        self.rules: list[dict] = []
        self._texts = {kind: w.Textarea(value=DEFAULT_TEXTS[kind], layout=w.Layout(width="720px", height="60px"))
                       for kind in autoreply.AUTO_TEXTS}
        self._text_checks = {kind: w.HTML() for kind in autoreply.AUTO_TEXTS}
        self.reviews: dict[str, autoreply.AutoTextReview] = {}
        self.children = [
            w.HTML("<b>自动回复模拟器</b>：每行一条规则，格式为 <code>关键词1、关键词2 | 优先级 | 主题 | 回复</code>。"
                   "一条消息命中多条规则时，优先级数字大的生效。主题可选："
                   + "、".join(autoreply.TOPICS) + "。"),
            self._rules, w.HBox([self._try, self._answer]), self._summary,
            w.HTML("<b>还没有被回复的常见消息</b>（按真实主题；已经写了规则的主题排在前面）："),
            self._unmatched,
            w.HTML("<b>答非所问的例子</b>："), self._wrong,
            w.HTML("<b>复制为代码</b>（粘贴到答题单元格）："), self._code,
            *self._build_texts(),
        ]
        self._rules.observe(self._on_change, names="value")
        self._try.observe(self._on_try, names="value")
        for kind, box in self._texts.items():
            box.observe(lambda _change, kind=kind: self._review(kind), names="value")
            self._review(kind)
        self.refresh()

    def _build_texts(self) -> list[w.Widget]:
        """The two fixed auto replies of 千牛's 自动回复设置, each with its checks."""
        out = [w.HTML("<b>首次接待和离线／忙碌自动回复</b>：关键词规则之外，千牛还有两段固定的自动回复。"
                      "写好后，下面马上用回复评分表检查。")]
        for kind, (label, when) in autoreply.AUTO_TEXTS.items():
            out += [w.HTML(f"<b>{label}</b>（{when}发出）："), self._texts[kind], self._text_checks[kind]]
        return out

    def _review(self, kind: str) -> None:
        review = autoreply.review_auto_text(kind, self._texts[kind].value)
        self.reviews[kind] = review
        items = "".join(
            f"<li style='color:{'#1b7f3b' if met else '#b00'}'>{'✔' if met else '✘'} {html.escape(label)}"
            f"{'（' + html.escape(found) + '）' if found and not (met and label.startswith('不超过')) else ''}"
            "</li>" for label, met, found in review.items)
        self._text_checks[kind].value = f"<ul>{items}</ul>"

    @property
    def texts(self) -> dict[str, str]:
        """The 首次接待 (``welcome``) and 离线／忙碌 (``offline``) auto replies as typed."""
        return {kind: box.value for kind, box in self._texts.items()}

    def _on_change(self, _change=None) -> None:
        self.refresh()

    def _on_try(self, _change=None) -> None:
        rule = autoreply.match(self._try.value, self.rules) if self.rules else None
        self._answer.value = (f"→ {html.escape(rule.reply)}" if rule else
                              "<span style='color:#999'>→ 没有命中任何规则（需要人工回复）</span>")

    def refresh(self) -> None:
        try:
            self.rules = parse_lines(self._rules.value)
        except autoreply.RuleError as exc:
            self._summary.value = f"<span style='color:#b00'>{exc}</span>"
            return
        self.coverage = autoreply.evaluate(self.rules, self._messages)
        table = self.coverage.table
        self._summary.value = f"<p><b>{self.coverage.summary()}</b></p>"
        self._unmatched.value = unanswered(table, {r["topic"] for r in self.rules}).to_html(
            index=False)
        wrong = table.loc[table["结果"] == "答非所问"].drop_duplicates("消息").head(5)
        self._wrong.value = wrong[["消息", "真实主题", "规则主题"]].to_html(index=False) \
            if len(wrong) else "没有"
        self._code.value = autoreply.rules_code(self.rules)
        self._on_try()
