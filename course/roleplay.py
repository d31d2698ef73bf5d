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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

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
    #: The notebook's manually graded code cell holding the learner's replies.
    grade_id: str = ""

    def turn(self, name: str, values: Mapping[str, object] | None = None) -> Turn:
        turn = self.turns[name]
        if values:
            return Turn(turn.buyer.format(**values), turn.needs, turn.branches, turn.on_taboo)
        return turn


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


def check_reply(turn: Turn, text: str) -> Check:
    """Judge one (clean) reply to ``turn``."""
    met = tuple((label, bool(re.search(pattern, text))) for label, pattern in turn.needs.items())
    taboos = tuple(TABOO_NAMES.get(key, label) for key, (label, pattern) in replies.TABOOS.items()
                   if pattern.search(text))
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
    lines.append("（对话结束）" if ended else "（对话还没有结束）")
    return "\n".join(lines)


# -- the scenarios ------------------------------------------------------------------------
_YOU = r"亲|您"
_UNDERSTAND = r"理解|明白|懂您|确实|能体会|换作是我"
_VALUE = r"A ?级|新鲜|当天|花材|品质|包装|保鲜|营养液|手写|同城|鲜切"
_RULE_OFFER = r"贺卡|赠|送您|优惠券|包邮|满\s*\d+|活动价|已经是"
_NUDGE = r"今天|现在|马上|拍下|下单|付款|库存|截单|16\s*点|下午\s*4\s*点"

BARGAIN = Scenario(
    key="ch04.bargain", chapter="ch04", title="售前：嫌贵砍价的买家", grade_id="chat_bargain",
    brief=("买家「{buyer}」看中了「{product}」（{price} 元），嫌贵想砍价。店铺规定客服不能私下改价，"
           "但可以介绍商品的价值、店铺已有的优惠（满 99 元包邮等）和赠品（手写贺卡）。"
           "目标：不降价、不得罪人，让买家愿意下单。"),
    start="open",
    turns={
        "open": Turn(
            "{product}要 {price} 块也太贵了吧，别家才卖一百出头，便宜点呗？",
            needs={"称呼买家": _YOU, "表示理解": _UNDERSTAND, "说明商品的价值": _VALUE},
            branches=(Branch("gift", ("表示理解", "说明商品的价值")), Branch("push")),
            on_taboo="angry"),
        "push": Turn(
            "说来说去还是贵，再便宜二十我马上买。",
            needs={"说明商品的价值": _VALUE, "委婉说明不能改价": r"不能|无法|没办法|抱歉|统一|活动价|已经是"},
            branches=(Branch("gift", ("说明商品的价值", "委婉说明不能改价")), Branch("lost")),
            on_taboo="angry"),
        "gift": Turn(
            "听你这么说还行……那能不能送点什么？我是买给女朋友过生日的。",
            needs={"给出店铺规则内的赠品或优惠": _RULE_OFFER, "关心买家的用途": r"生日|女朋友|祝福|心意|惊喜",
                   "推动下单": _NUDGE},
            branches=(Branch("deal", ("给出店铺规则内的赠品或优惠", "推动下单")), Branch("hesitate")),
            on_taboo="angry"),
        "hesitate": Turn(
            "嗯……我再看看吧。",
            needs={"温和地促成": _NUDGE, "留住买家（随时联系）": r"随时|有问题|找我|联系|咨询"},
            branches=(Branch("deal", ("温和地促成",)), Branch("lost")),
            on_taboo="angry"),
        "deal": Turn("好吧，那我现在就拍下，贺卡上写“生日快乐”哈！"),
        "lost": Turn("算了，我去别家看看。"),
        "angry": Turn("你这是什么态度？我要投诉你们！"),
    },
)

SCENARIOS: dict[str, Scenario] = {s.key: s for s in (BARGAIN,)}


def by_grade_id(grade_id: str) -> Scenario | None:
    """The scenario whose replies the answer cell ``grade_id`` holds."""
    return next((s for s in SCENARIOS.values() if s.grade_id and s.grade_id == grade_id), None)


def scenario_values(key: str) -> dict[str, object]:
    """The scenario's buyer and product, from the learner's own shop data."""
    from course import data, variants

    products = data.load("products")
    if key == "ch04.bargain":
        dear = products[products["price"] >= 150].sort_values("sku")
        choices = [(row.name, int(row.price)) for row in dear.itertuples(index=False)] or [("玫瑰花束", 199)]
        picked = variants.current().params("roleplay.ch04.bargain",
                                           {"product": (choices[0], choices)})["product"]
        buyers = data.load("customers").sort_values("buyer_id")["nick"].tolist()
        nick = variants.current().params("roleplay.ch04.bargain.buyer",
                                          {"nick": (buyers[0], buyers)})["nick"] if buyers else "买家"
        return {"product": picked[0], "price": picked[1], "buyer": nick}
    return {}
