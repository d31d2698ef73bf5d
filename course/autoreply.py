"""Keyword auto-replies (chapter 3), measured on the shop's real buyer messages.

A rule has keywords, a reply, a priority and the topic it is meant for. A
message gets the reply of the matching rule with the highest priority (ties:
the longer keyword, then the earlier rule). ``evaluate`` measures a rule set on
the buyer messages of ``messages.csv``: the share of messages answered and the
wrong matches (a rule answering a message of another topic). The messages are messy
like real ones (typos, 粤语, emoji, 拼音缩写, two questions in one line);
:func:`topics_of` knows what each of them asks.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from course import chatscripts, compliance, datagen, replies
from course.data import load

#: Topics of buyer messages, in the order of the generator's question banks.
PRESALE_TOPICS = ("包邮", "发货时间", "指定日期", "贺卡", "新鲜度", "尺寸", "优惠", "议价", "同城配送",
                  "选品推荐", "送妈妈", "发票", "加购花瓶", "改地址")
POSTSALE_TOPICS = ("花材蔫了", "少件", "物流", "退款", "包装破损", "养护")
TOPICS = ("问候", *PRESALE_TOPICS, *POSTSALE_TOPICS, "结束语")


def _forms() -> dict[str, str]:
    """Every way a buyer line of the shop data asks one thing (the book question and the
    buyers' own forms of it, each with every city) → its topic."""
    forms = dict.fromkeys([*datagen.GREETINGS, *datagen.GREETINGS_SAID], "问候")
    forms.update(dict.fromkeys([*datagen.BUYER_FOLLOW, *datagen.FOLLOW_SAID], "结束语"))
    banks = [(datagen.PRESALE_QA, datagen.PRESALE_SAID, PRESALE_TOPICS),
             (datagen.POSTSALE_QA, datagen.POSTSALE_SAID, POSTSALE_TOPICS)]
    for qa, said, topics in banks:
        for (question, _), others, topic in zip(qa, said, topics, strict=True):
            for form in (question, *others):
                for city in datagen.CITIES if "{city}" in form else [""]:
                    forms[form.format(city=city)] = topic
    forms.update(FOLLOW_UP_TOPICS)
    forms.update(chatscripts.CHAT_TOPICS)  # chapters 4–5's teaching chats
    return forms


#: The buyers' answers in the sessions an agent opens after a payment
#: (``datagen.FOLLOW_UP_REPLY``): what each of them is about.
FOLLOW_UP_TOPICS = {
    "对的，能改成下午送吗？": "指定日期",
    "地址要改一下，怎么改呀": "改地址",
    "卡片写：生日快乐，天天开心！": "贺卡",
    "可以，麻烦尽量早点送": "指定日期",
    "收花人电话换了，我发你新的": "改地址",
}


_FORMS = _forms()
_EXTRA = tuple(f"{extra}，" for extra in datagen.BUYER_EXTRA)


def _one(text: str) -> str | None:
    """The topic of a line that asks one thing (after an "对了，"), or None."""
    if text in _FORMS:
        return _FORMS[text]
    for extra in _EXTRA:
        if text.startswith(extra) and text[len(extra):] in _FORMS:
            topic = _FORMS[text[len(extra):]]
            return topic if topic not in ("问候", "结束语") else None
    return None


@lru_cache(maxsize=1 << 16)  # every distinct buyer line of the shop, even at 10× its size
def topics_of(text: str) -> tuple[str, ...]:
    """The topics a buyer line of the shop data asks about, in order; () for unknown text.

    Buyers often put two things in one line: a greeting and a question (``在吗，这款包邮吗``
    → ``("问候", "包邮")``) or two questions (``包邮吗？什么时候发货``). A reply about
    any of them answers the line (partly); a reply about anything else is 答非所问.
    """
    one = _one(text)
    if one is not None:
        return (one,)
    for cut, char in enumerate(text):
        if char in datagen.JOINERS:
            left, right = _one(text[:cut]), _FORMS.get(text[cut + 1:])
            if left is not None and right not in (None, "问候", "结束语") and left != "结束语":
                return (left, right)
    return ()


def topic_of(text: str) -> str | None:
    """The main topic of a buyer line of the shop data: its question's topic when it asks
    one (a greeting in front does not count), else 问候 / 结束语; None for unknown text."""
    topics = topics_of(text)
    questions = [t for t in topics if t != "问候"]
    return (questions or list(topics) or [None])[0]


class RuleError(ValueError):
    """A rule set that cannot be used; the message is Chinese."""


@dataclass(frozen=True)
class Rule:
    keywords: tuple[str, ...]
    reply: str
    priority: int = 0
    topic: str = ""


def parse_rules(rules) -> list[Rule]:
    """Rules from plain dicts ``{"keywords": [...], "reply": ..., "priority": n, "topic": ...}``."""
    if not isinstance(rules, (list, tuple)):
        raise RuleError("规则应该是一个列表，每条规则是一个字典。")
    parsed = []
    for n, rule in enumerate(rules, start=1):
        if isinstance(rule, Rule):
            parsed.append(rule)
            continue
        if not isinstance(rule, dict) or not {"keywords", "reply"} <= set(rule):
            raise RuleError(f"第 {n} 条规则至少要有 keywords（关键词列表）和 reply（回复）。")
        unknown = set(rule) - {"keywords", "reply", "priority", "topic"}
        if unknown:
            raise RuleError(f"第 {n} 条规则有无法识别的设置「{'」「'.join(sorted(unknown))}」。")
        keywords = rule["keywords"]
        if isinstance(keywords, str):
            keywords = [keywords]
        if not keywords or not all(isinstance(k, str) and k.strip() for k in keywords):
            raise RuleError(f"第 {n} 条规则的关键词不能为空。")
        if not isinstance(rule["reply"], str) or not rule["reply"].strip():
            raise RuleError(f"第 {n} 条规则的回复不能为空。")
        priority = rule.get("priority", 0)
        if isinstance(priority, bool) or not isinstance(priority, int):
            raise RuleError(f"第 {n} 条规则的优先级应该是整数。")
        topic = rule.get("topic", "")
        if topic and topic not in TOPICS:
            raise RuleError(f"第 {n} 条规则的主题「{topic}」不在主题列表中：{'、'.join(TOPICS)}。")
        parsed.append(Rule(tuple(k.strip() for k in keywords), rule["reply"], priority, topic))
    return parsed


def match(message: str, rules) -> Rule | None:
    """The rule that answers ``message``, or None."""
    best, best_key = None, None
    for order, rule in enumerate(parse_rules(rules)):
        hits = [k for k in rule.keywords if k in message]
        if not hits:
            continue
        key = (rule.priority, max(map(len, hits)), -order)
        if best_key is None or key > best_key:
            best, best_key = rule, key
    return best


@dataclass(frozen=True)
class Coverage:
    """How a rule set does on a set of buyer messages."""

    messages: int
    answered: int
    wrong: int
    table: pd.DataFrame  # one row per message: text, topic, rule topic, reply, status

    @property
    def coverage(self) -> float:
        """Share of buyer messages that got an automatic reply."""
        return self.answered / self.messages if self.messages else float("nan")

    @property
    def wrong_rate(self) -> float:
        """Share of the answered messages whose reply was meant for another topic."""
        return self.wrong / self.answered if self.answered else float("nan")

    def summary(self) -> str:
        return (f"买家消息 {self.messages} 条，自动回复 {self.answered} 条（覆盖率 {self.coverage:.1%}），"
                f"其中答非所问 {self.wrong} 条（错配率 {self.wrong_rate:.1%}）。")

    def _repr_html_(self) -> str:
        return f"<p>{self.summary()}</p>"


def _judge(text: str, rules: list[Rule]) -> tuple[str, str, str, str]:
    """A buyer line's topic, the topic and reply of the rule that answers it, and the verdict."""
    rule, topics = match(text, rules), topics_of(text)
    if rule is None:
        status = "未回复"
    elif rule.topic and topics and rule.topic not in topics:
        status = "答非所问"
    else:
        status = "已回复"
    return (topic_of(text) or "", rule.topic if rule else "", rule.reply if rule else "", status)


def evaluate(rules, messages: pd.DataFrame | None = None) -> Coverage:
    """Apply ``rules`` to every buyer message (``sender == "buyer"``) of ``messages``."""
    rules = parse_rules(rules)
    messages = load("messages") if messages is None else messages
    texts = messages.loc[messages["sender"] == "buyer", "text"]
    columns = ["消息", "真实主题", "规则主题", "自动回复", "结果"]
    if texts.empty:
        table = pd.DataFrame([], columns=columns)
    else:
        # A line repeats: judge each distinct text once, then spread the verdicts.
        codes, distinct = pd.factorize(texts.to_numpy())
        judged = [_judge(text, rules) for text in distinct]
        found = [np.array(column, dtype=object)[codes] for column in zip(*judged, strict=True)]
        table = pd.DataFrame(dict(zip(columns, [texts.tolist(), *found], strict=True)))
    answered = int((table["结果"] != "未回复").sum())
    wrong = int((table["结果"] == "答非所问").sum())
    return Coverage(len(table), answered, wrong, table)


def requirements(rules, topics: str, most: int = 8, min_coverage: float = 0.35,
                 max_wrong_rate: float = 0.05, messages: pd.DataFrame | None = None) -> dict[str, bool]:
    """Whether ``rules`` meet a 店长's brief (chapter 3, 练习 4), each requirement True or False:
    only the topics ``topics`` (joined by 、) and 问候, each with a rule, at most ``most`` rules,
    and the coverage and wrong-match rate on the buyer messages. Every good design meets them
    all, whatever its keywords (what 练习4.check() compares)."""
    parsed = parse_rules(rules)
    wanted = {"问候", *topics.split("、")}
    have = {rule.topic for rule in parsed}
    result = evaluate(parsed, messages)
    return {"每条规则都写了主题": all(rule.topic for rule in parsed),
            "只为店长给的主题写规则": have <= wanted,
            "每个主题至少一条规则": wanted <= have,
            f"不超过 {most} 条": len(parsed) <= most,
            f"覆盖率不低于 {min_coverage:.0%}": result.coverage >= min_coverage,
            f"错配率不超过 {max_wrong_rate:.0%}": result.wrong_rate <= max_wrong_rate}


def rules_code(rules, name: str = "rules") -> str:
    """A rule set as Python code to paste into an answer cell."""
    plain = [{"keywords": list(r.keywords), "reply": r.reply, "priority": r.priority,
              "topic": r.topic} for r in parse_rules(rules)]
    return f"{name} = " + json.dumps(plain, ensure_ascii=False, indent=4)


# -- 首次接待 and 离线 auto replies: the two fixed texts of 千牛's 自动回复设置 -------------------

#: The fixed auto replies besides the keyword rules: key → (label in 千牛, when it is sent).
AUTO_TEXTS = {
    "welcome": ("首次接待自动回复", "买家当天第一次发来消息时"),
    "offline": ("离线／忙碌自动回复", "客服不在线、挂起或设成忙碌时"),
}
#: The longest fixed auto reply (characters): a buyer reads the first lines only.
AUTO_TEXT_MAX = 100
#: An 离线 reply tells the buyer when a person will answer.
REPLY_TIME = re.compile(
    r"(上线后|回来后|稍后|尽快|第一时间|马上|\d{1,2}\s*[点:：]|[一二三四五六七八九十两]+点|明天|明早|"
    r"早上|上午|中午|下午|晚上|分钟|小时|工作时间)[^。！？!?]{0,12}(回复|答复|联系|处理|回您|回你|为您服务)"
    r"|(回复|答复|联系|处理|回您)[^。！？!?]{0,6}(时间|点前|点后|分钟|小时)")


#: Set phrases that hold a 极限词 but claim nothing (第一时间 = at once).
NOT_EXTREME = ("第一时间", "第一次", "第一天", "第一枝", "第一束")
_TABOO_NAMES = {"no_extreme": "极限词", "no_threat": "威胁、指责或贬低别人的话",
                "no_bribe": "用好处换好评的话"}


def taboos(text: str) -> list[tuple[str, str, str]]:
    """The 极限词 and other taboos in ``text`` as (word, kind, Chinese message), each word
    once: the banned wording of :mod:`course.compliance` (with what to say instead) and the
    taboos of the reply rubric (:data:`course.replies.TABOOS`); set phrases in
    :data:`NOT_EXTREME` are not claims and do not count."""
    for phrase in NOT_EXTREME:
        text = text.replace(phrase, "·" * len(phrase))
    found: list[tuple[str, str, str]] = []
    for finding in compliance.find_banned(text):
        if all(finding.word != word for word, _, _ in found):
            found.append((finding.word, "no_extreme",
                          f"「{finding.word}」是广告法不允许的说法，可以改成「{finding.suggestion}」。"))
    for key, (_, pattern) in replies.TABOOS.items():
        for match in pattern.finditer(text):
            word = match.group(0)
            if not any(word in other or other in word for other, _, _ in found):
                found.append((word, key, f"「{word}」是{_TABOO_NAMES.get(key, '禁忌用语')}，不能用。"))
    return found


@dataclass(frozen=True)
class AutoTextReview:
    """Each check of a fixed auto reply, met or missed: (Chinese label, met, what was found)."""

    kind: str
    items: tuple[tuple[str, bool, str], ...]

    @property
    def ok(self) -> bool:
        return all(met for _, met, _ in self.items)

    @property
    def missed(self) -> list[str]:
        return [label for label, met, _ in self.items if not met]


def review_auto_text(kind: str, text: str) -> AutoTextReview:
    """Check a 首次接待 (``"welcome"``) or 离线 (``"offline"``) auto reply with the reply
    rubric of :mod:`course.replies`: it greets the buyer, has no 极限词 or other taboo, is
    short, and an 离线 reply says when a person will answer."""
    if kind not in AUTO_TEXTS:
        raise KeyError(f"自动回复只有 {'、'.join(label for label, _ in AUTO_TEXTS.values())} 两种。")
    if not isinstance(text, str):
        raise TypeError(f"自动回复应该是一段文字，现在是 {type(text).__name__}。")
    text = text.strip()
    rubric = {item.key: item for item in replies.review_reply(text).items}
    found = taboos(text)
    extreme = [f"出现了「{word}」" for word, kind, _ in found if kind != "no_threat" and kind != "no_bribe"]
    others = [f"出现了「{word}」" for word, kind, _ in found if kind in ("no_threat", "no_bribe")]
    items = [("写了内容", bool(text), ""),
             (f"不超过 {AUTO_TEXT_MAX} 字", len(text) <= AUTO_TEXT_MAX, f"现在 {len(text)} 字"),
             (rubric["greeting"].label, rubric["greeting"].met, rubric["greeting"].evidence),
             ("没有极限词（最好、第一、绝对、100% 等）", not extreme, "、".join(dict.fromkeys(extreme))),
             ("没有威胁、指责或用好处换好评", not others, "、".join(others))]
    if kind == "offline":
        found = REPLY_TIME.search(text)
        items.append(("告诉买家什么时候有人回复（如「上线后第一时间回复」「明早 9 点回复」）",
                      bool(found), found.group(0) if found else ""))
    return AutoTextReview(kind, tuple(items))
