"""Role-play chats: a scripted buyer from the shop's data answers what the learner replies.

A :class:`Scenario` is a small graph. Each :class:`Turn` is what the buyer says, the
parts a good reply has at that moment (``needs``: Chinese label → pattern) and where
the chat goes next (``branches``: the first whose labels the reply meets; the last
branch, with no labels, is the default). Every reply is also checked for the course's
taboos (极限词, threats, buying reviews; :mod:`course.replies`); a reply that breaks one
goes to the turn's ``on_taboo`` if it has one (the buyer gets angry).

The learner's answer is only the list of their replies. The buyer's side is always
re-computed by :func:`replay`, so a transcript cannot be embellished: what the teacher
reads is what the scenario says the buyer answered to exactly those replies.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from course import replies

#: The longest reply a chat accepts (characters): a real chat message is short.
MAX_REPLY = 500
#: The taboos of course.replies, named as what was done wrong.
TABOO_NAMES = {"no_extreme": "用了极限词", "no_threat": "威胁、指责或贬低买家", "no_bribe": "用好处换好评"}
_WORDS = re.compile(r"[\w\u4e00-\u9fff]")


class ReplyError(ValueError):
    """A reply the chat cannot take (Chinese message); nothing is lost or advanced."""


@dataclass(frozen=True)
class Branch:
    """Go to ``goto`` when the reply meets every label in ``when`` (empty: always)."""

    goto: str
    when: tuple[str, ...] = ()


@dataclass(frozen=True)
class Turn:
    buyer: str
    needs: Mapping[str, str] = field(default_factory=dict)
    branches: tuple[Branch, ...] = ()
    on_taboo: str | None = None
    #: Taboos of this moment besides the course's (Chinese label → pattern), e.g. pressing
    #: a buyer to pay, or offering money for a changed review.
    taboos: Mapping[str, str] = field(default_factory=dict)
    #: For a last turn: how the chat ended, in Chinese (成交 / 买家流失 / 买家投诉 …),
    #: and whether that is the ending a good 客服 reaches.
    result: str = ""
    success: bool = False

    @property
    def last(self) -> bool:
        return not self.branches


@dataclass(frozen=True)
class Scenario:
    key: str
    chapter: str
    title: str
    brief: str
    start: str
    turns: Mapping[str, Turn]
    #: The notebook's manually graded code cell holding the learner's replies, and the
    #: name of the list in it (``对话_砍价 = [...]``).
    grade_id: str = ""
    answer: str = "对话"
    #: Picks the scenario's values from the learner's data variant (course.variants).
    values_of: Callable[[], Mapping[str, object]] | None = field(default=None, compare=False)

    def turn(self, name: str, values: Mapping[str, object] | None = None) -> Turn:
        turn = self.turns[name]
        if values:
            return replace(turn, buyer=turn.buyer.format(**values))
        return turn

    def values(self) -> dict[str, object]:
        """The scenario's buyer, product, order… from the learner's own shop data."""
        return dict(self.values_of()) if self.values_of is not None else {}

    def endings(self) -> dict[str, Turn]:
        return {name: turn for name, turn in self.turns.items() if turn.last}


@dataclass(frozen=True)
class Check:
    """What one reply did: each need met or missed, taboos broken, where the chat went."""

    met: tuple[tuple[str, bool], ...]
    taboos: tuple[str, ...]
    goto: str | None

    @property
    def good(self) -> bool:
        return all(ok for _, ok in self.met) and not self.taboos


def clean_reply(text: object) -> str:
    """The reply as the chat takes it, or :class:`ReplyError` with a Chinese reason."""
    if not isinstance(text, str):
        raise ReplyError(f"回复应该是一段文字，现在是 {type(text).__name__}。")
    text = "".join(c for c in text if not unicodedata.category(c).startswith("C") or c in "\n\t")
    text = text.strip()
    if not text:
        raise ReplyError("回复是空的：先在输入框里写好回复，再点「发送」。")
    if len(text) > MAX_REPLY:
        raise ReplyError(f"回复太长了（{len(text)} 字）。聊天里的一条消息请控制在 {MAX_REPLY} 字以内，"
                         "把最重要的话说清楚；输入框里的文字还在，删减后再发送。")
    if not _WORDS.search(text):
        raise ReplyError("这条回复只有表情或符号，买家看不懂你的意思：请用文字回复（可以再加表情）。")
    return text


def broken(pattern: str | re.Pattern, text: str) -> bool:
    """Whether ``text`` breaks the taboo ``pattern`` (course.replies.breach: a refusal is not)."""
    return replies.breach(pattern, text) is not None


def check_reply(turn: Turn, text: str) -> Check:
    """Judge one (clean) reply to ``turn``."""
    met = tuple((label, bool(re.search(pattern, text))) for label, pattern in turn.needs.items())
    taboos = tuple(TABOO_NAMES.get(key, label) for key, (label, pattern) in replies.TABOOS.items()
                   if broken(pattern, text))
    taboos += tuple(label for label, pattern in turn.taboos.items() if broken(pattern, text))
    have = {label for label, ok in met if ok}
    goto = None
    if taboos and turn.on_taboo:
        goto = turn.on_taboo
    else:
        for branch in turn.branches:
            if set(branch.when) <= have:
                goto = branch.goto
                break
    return Check(met, taboos, goto)


@dataclass(frozen=True)
class Exchange:
    buyer: str
    reply: str
    check: Check


def outcome(scenario: Scenario, answers: Sequence[str]) -> Turn | None:
    """The last turn the chat reached, when it has ended (its ``result`` says how)."""
    name: str | None = scenario.start
    for answer in answers:
        if name is None or scenario.turns[name].last:
            break
        try:
            text = clean_reply(answer)
        except ReplyError:
            continue
        name = check_reply(scenario.turns[name], text).goto
    return scenario.turns[name] if name is not None and scenario.turns[name].last else None


def replay(scenario: Scenario, answers: Sequence[str], values: Mapping[str, object] | None = None
           ) -> tuple[list[Exchange], str | None, bool]:
    """The chat that the learner's ``answers`` make: each buyer line with the reply to it,
    the buyer's latest line not yet answered, and whether the chat has ended (the buyer's
    last word needs no reply). Replies after the end, and replies the chat would not
    take, are ignored (they could not have been sent)."""
    exchanges: list[Exchange] = []
    name: str | None = scenario.start
    for answer in answers:
        if name is None or scenario.turns[name].last:
            break
        try:
            text = clean_reply(answer)
        except ReplyError:
            continue
        turn = scenario.turn(name, values)
        check = check_reply(turn, text)
        exchanges.append(Exchange(turn.buyer, text, check))
        name = check.goto
    pending = scenario.turn(name, values).buyer if name is not None else None
    return exchanges, pending, name is None or scenario.turns[name].last


def transcript_text(scenario: Scenario, answers: Sequence[str],
                    values: Mapping[str, object] | None = None) -> str:
    """The replayed chat as plain Chinese text, with each reply's check (for the teacher)."""
    exchanges, pending, ended = replay(scenario, answers, values)
    lines = [f"【{scenario.title}】"]
    for number, exchange in enumerate(exchanges, 1):
        lines.append(f"买家：{exchange.buyer}")
        lines.append(f"客服（第 {number} 句）：{exchange.reply}")
        marks = "；".join(f"{'✔' if ok else '✘'}{label}" for label, ok in exchange.check.met)
        taboo = f"；✘ 犯了禁忌：{'、'.join(exchange.check.taboos)}" if exchange.check.taboos else ""
        lines.append(f"    检查：{marks or '（这一句没有特别要求）'}{taboo}")
    if pending is not None:
        lines.append(f"买家：{pending}")
    end = outcome(scenario, answers)
    if end is None:
        lines.append("（对话还没有结束）")
    else:
        lines.append(f"（对话结束：{end.result or '结束'}）")
    return "\n".join(lines)


# -- phrases the scenarios share ---------------------------------------------------------
#: Patterns a good reply's parts match (regular expressions over the reply text).
YOU = r"亲|您"
UNDERSTAND = r"理解|明白|懂您|确实|能体会|换作是我|着急|心情"
SORRY = r"抱歉|对不起|不好意思|道歉|歉意|添麻烦|让您久等|让您失望"
NUDGE = r"今天|现在|马上|拍下|下单|付款|库存|截单|16\s*点|下午\s*4\s*点"
KEEP_IN_TOUCH = r"随时|有问题|找我|联系|咨询"
#: A day or a time of day ("周六上午", "明天 10 点前", "6 月 20 日").
WHEN = (r"周[一二三四五六日天]|星期|礼拜|\d+\s*[月号日点]|[一二三四五六七八九十两]+\s*点|[上下中]午|晚上|早上|"
        r"今天|明天|后天|当天|那天|小时")
