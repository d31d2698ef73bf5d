"""Keyword auto-replies (chapter 3), measured on the shop's real buyer messages.

A rule has keywords, a reply, a priority and the topic it is meant for. A
message gets the reply of the matching rule with the highest priority (ties:
the longer keyword, then the earlier rule). ``evaluate`` measures a rule set on
the buyer messages of ``messages.csv``: the share of messages answered and the
wrong matches (a rule answering a message of another topic).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pandas as pd

from course import datagen
from course.data import load

#: Topics of buyer messages, in the order of the generator's question banks.
PRESALE_TOPICS = ("包邮", "发货时间", "指定日期", "贺卡", "新鲜度", "尺寸", "优惠", "议价", "同城配送",
                  "选品推荐", "送妈妈", "发票", "加购花瓶", "改地址")
POSTSALE_TOPICS = ("花材蔫了", "少件", "物流", "退款", "包装破损", "养护")
TOPICS = ("问候", *PRESALE_TOPICS, *POSTSALE_TOPICS, "结束语")


def _template(question: str) -> re.Pattern:
    return re.compile("^" + re.escape(question).replace(re.escape("{city}"), ".+") + "$")


_KNOWN = ([(_template(q), t) for (q, _), t in zip(datagen.PRESALE_QA, PRESALE_TOPICS, strict=True)]
          + [(_template(q), t) for (q, _), t in zip(datagen.POSTSALE_QA, POSTSALE_TOPICS,
                                                    strict=True)])
_EXTRA = re.compile("^(" + "|".join(map(re.escape, datagen.BUYER_EXTRA)) + ")，")


def topic_of(text: str) -> str | None:
    """The true topic of a buyer message of the shop data (None for unknown text)."""
    if text in datagen.GREETINGS:
        return "问候"
    if text in datagen.BUYER_FOLLOW:
        return "结束语"
    text = _EXTRA.sub("", text)
    for pattern, topic in _KNOWN:
        if pattern.match(text):
            return topic
    return None


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


def evaluate(rules, messages: pd.DataFrame | None = None) -> Coverage:
    """Apply ``rules`` to every buyer message (``sender == "buyer"``) of ``messages``."""
    rules = parse_rules(rules)
    messages = load("messages") if messages is None else messages
    texts = messages.loc[messages["sender"] == "buyer", "text"].tolist()
    cache: dict[str, Rule | None] = {}
    rows = []
    for text in texts:
        if text not in cache:
            cache[text] = match(text, rules)
        rule, topic = cache[text], topic_of(text)
        if rule is None:
            status = "未回复"
        elif rule.topic and topic and rule.topic != topic:
            status = "答非所问"
        else:
            status = "已回复"
        rows.append({"消息": text, "真实主题": topic or "", "规则主题": rule.topic if rule else "",
                     "自动回复": rule.reply if rule else "", "结果": status})
    table = pd.DataFrame(rows, columns=["消息", "真实主题", "规则主题", "自动回复", "结果"])
    answered = int((table["结果"] != "未回复").sum())
    wrong = int((table["结果"] == "答非所问").sum())
    return Coverage(len(table), answered, wrong, table)


def rules_code(rules, name: str = "rules") -> str:
    """A rule set as Python code to paste into an answer cell."""
    plain = [{"keywords": list(r.keywords), "reply": r.reply, "priority": r.priority,
              "topic": r.topic} for r in parse_rules(rules)]
    return f"{name} = " + json.dumps(plain, ensure_ascii=False, indent=4)
