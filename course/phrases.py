"""快捷短语 (chapter 3): a phrase set checked line by line and measured against real questions.

A 快捷短语 in 千牛 has a 分组, a 快捷编码 (typed in the chat box to call the phrase up,
``/by``) and its content. :func:`check` finds what a careful 客服 would fix in each
phrase (empty content, a line too long for a chat, 极限词 and the other taboos of
:mod:`course.replies` and :mod:`course.compliance` through :func:`course.autoreply.taboos`,
a missing, malformed or repeated code). :func:`topics_answered` reads which kind of buyer question a phrase answers, and
:func:`coverage` sets that against what the shop's buyers ask most
(:func:`course.autoreply.topics_of` over ``messages.csv``): a phrase set is built for
the questions of the data, not for those one expects.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pandas as pd

from course import autoreply
from course.data import load

#: The longest phrase (characters): the course's limit for one chat line (练习 11 and its rubric).
MAX_LENGTH = 50
#: A 快捷编码: a slash and 1–8 letters or digits (``/by``, ``/fh2``).
CODE = re.compile(r"/[0-9A-Za-z]{1,8}")
#: The fields of a phrase: key in the code → label on the form.
FIELDS = {"group": "分组", "code": "快捷编码", "text": "短语内容"}
#: Buyer questions a phrase can answer (greetings and closing words are the auto replies' job).
QUESTION_TOPICS = (*autoreply.PRESALE_TOPICS, *autoreply.POSTSALE_TOPICS)

#: What an answer to each kind of question talks about (the words a reply uses).
ANSWERS: dict[str, re.Pattern] = {topic: re.compile(pattern) for topic, pattern in {
    "包邮": r"包邮|运费|免邮|邮费",
    "发货时间": r"(\d{1,2}\s*[点:：]|当天|当日|次日|隔天|今天|明天|一早|小时内?)[^。！？!?]{0,8}"
              r"(发货|发出|寄出|出库)|(发货|发出|寄出)[^。！？!?]{0,3}(时间|当天|次日)",
    "指定日期": r"指定|日期|哪天|定时|预约|准时|几号",
    "贺卡": r"贺卡|卡片|祝福卡|心意卡|写卡",
    "新鲜度": r"新鲜|现剪|现包|基地|到店的|当天进的",
    "尺寸": r"尺寸|高约|宽约|高度|宽度|直径|厘米|公分|cm|多大",
    "优惠": r"优惠券|领券|满\s*\d+\s*减|活动|折扣|打折|券",
    "议价": r"议价|还价|讲价|让价|活动价|实价|价格已经|价格是|到手价",
    "同城配送": r"同城|送货上门|闪送|跑腿|市内|本地配送|小时内送达",
    "选品推荐": r"推荐|适合|寓意|花语|表白|热烈|温柔|浪漫",
    "送妈妈": r"妈妈|母亲|长辈|康乃馨|阿妈",
    "发票": r"发票|开票|税号|抬头|专票|普票",
    "加购花瓶": r"花瓶|瓶子|花器|玻璃瓶",
    "改地址": r"地址|收货信息|收花人",
    "花材蔫了": r"蔫|焉|打蔫|醒花|缺水|深水",
    "少件": r"少件|少了|少发|漏发|少一|枝数|数量|补发一|补.{0,2}[枝支]",
    "物流": r"物流|快递|单号|派送|运输中|在路上|查件",
    "退款": r"退款|退货|退钱|退回|退.{0,3}差价|退还|原路",
    "包装破损": r"破损|压坏|压扁|包装|花盒|盒子|磕碰|运输途中|没保护好",
    "养护": r"养护|换水|营养液|保养|花期|剪根|插瓶",
}.items()}

class PhraseError(ValueError):
    """A phrase set whose shape cannot be read (not a list of phrases); the message is Chinese."""


@dataclass(frozen=True)
class Phrase:
    group: str
    code: str
    text: str


@dataclass(frozen=True)
class Problem:
    """One thing to fix in a phrase: its kind (``empty``, ``length``, ``taboo``, ``code``)
    and the Chinese message shown beside it."""

    kind: str
    field: str
    message: str


def parse_phrases(phrases) -> list[Phrase]:
    """Phrases from plain dicts ``{"group": ..., "code": ..., "text": ...}`` (group optional).

    Only the shape is checked here; what a 客服 would fix in a phrase is :func:`check`'s job.
    """
    if not isinstance(phrases, (list, tuple)):
        raise PhraseError("快捷短语应该是一个列表，每条短语是一个字典。")
    parsed = []
    for n, phrase in enumerate(phrases, start=1):
        if isinstance(phrase, Phrase):
            parsed.append(phrase)
            continue
        if not isinstance(phrase, dict) or not {"code", "text"} <= set(phrase):
            raise PhraseError(f"第 {n} 条短语应该是字典，至少要有 code（快捷编码）和 text（短语内容）。")
        unknown = set(phrase) - set(FIELDS)
        if unknown:
            raise PhraseError(f"第 {n} 条短语有无法识别的设置「{'」「'.join(sorted(map(str, unknown)))}」"
                              "，只能有 group、code、text。")
        values = {key: phrase.get(key, "") for key in FIELDS}
        for key, value in values.items():
            if not isinstance(value, str):
                raise PhraseError(f"第 {n} 条短语的{FIELDS[key]}应该是文字（加引号），"
                                  f"现在是 {type(value).__name__}。")
        parsed.append(Phrase(values["group"].strip(), values["code"].strip(), values["text"].strip()))
    return parsed


def check(phrases) -> list[list[Problem]]:
    """For each phrase, what to fix (an empty list when it is fine)."""
    parsed = parse_phrases(phrases)
    seen: dict[str, list[int]] = {}
    for n, phrase in enumerate(parsed, start=1):
        if phrase.code:
            seen.setdefault(phrase.code.casefold(), []).append(n)
    out = []
    for n, phrase in enumerate(parsed, start=1):
        problems = []
        if not phrase.text:
            problems.append(Problem("empty", "text", "短语内容是空的：写上要发给买家的话。"))
        elif len(phrase.text) > MAX_LENGTH:
            problems.append(Problem("length", "text",
                                    f"这条短语有 {len(phrase.text)} 个字，超过 {MAX_LENGTH} 字：聊天里一条消息太长，"
                                    "买家不爱看。删减，或者拆成两条短语。"))
        problems += [Problem("taboo", "text", message) for _, _, message in autoreply.taboos(phrase.text)]
        if not phrase.code:
            problems.append(Problem("code", "code", "快捷编码是空的：填一个好记的编码，例如 /by。"))
        elif not CODE.fullmatch(phrase.code):
            problems.append(Problem("code", "code",
                                    f"快捷编码「{phrase.code}」格式不对：以 / 开头，后面跟 1～8 个英文字母"
                                    "或数字，例如 /by。"))
        else:
            others = [m for m in seen[phrase.code.casefold()] if m != n]
            if others:
                where = "、".join(f"第 {m} 条" for m in others)
                problems.append(Problem("code", "code",
                                        f"快捷编码「{phrase.code}」和{where}重复（大小写算同一个）："
                                        "输入这个编码时，不知道该调出哪一条。"))
        out.append(problems)
    return out


def topics_answered(text: str) -> tuple[str, ...]:
    """The kinds of buyer question ``text`` answers, in the order of :data:`QUESTION_TOPICS`."""
    if not isinstance(text, str):
        return ()
    return tuple(topic for topic in QUESTION_TOPICS if ANSWERS[topic].search(text))


def topic_counts(messages: pd.DataFrame | None = None) -> pd.Series:
    """How many buyer messages ask each kind of question, most asked first (a line that
    asks two things counts for both; ties keep the order of :data:`QUESTION_TOPICS`)."""
    messages = load("messages") if messages is None else messages
    counts = dict.fromkeys(QUESTION_TOPICS, 0)
    texts = messages.loc[messages["sender"] == "buyer", "text"]
    for text, times in texts.value_counts().items():
        for topic in set(autoreply.topics_of(text)):
            if topic in counts:
                counts[topic] += int(times)
    series = pd.Series(counts, name="消息数", dtype="int64").rename_axis("主题")
    return series.sort_values(ascending=False, kind="stable")


def top_topics(k: int, messages: pd.DataFrame | None = None) -> list[str]:
    """The ``k`` most asked kinds of question, and any asked exactly as often as the k-th."""
    counts = topic_counts(messages)
    counts = counts[counts > 0]
    if k <= 0 or counts.empty:
        return []
    floor = counts.iloc[min(k, len(counts)) - 1]
    return counts[counts >= floor].index.tolist()


def coverage(phrases, messages: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per kind of question, most asked first: its rank, messages, share of the
    buyer messages and the codes of the phrases that answer it."""
    messages = load("messages") if messages is None else messages
    counts = topic_counts(messages)
    buyer = int((messages["sender"] == "buyer").sum())
    codes: dict[str, list[str]] = {topic: [] for topic in QUESTION_TOPICS}
    for phrase in parse_phrases(phrases):
        for topic in topics_answered(phrase.text):
            codes[topic].append(phrase.code or "（无编码）")
    rank = counts.rank(method="min", ascending=False).astype(int)
    return pd.DataFrame({
        "名次": rank.to_numpy(),
        "主题": counts.index,
        "消息数": counts.to_numpy(),
        "占买家消息": [f"{c / buyer:.1%}" if buyer else "—" for c in counts],
        "回答它的短语": ["、".join(codes[topic]) for topic in counts.index],
    })


def requirements(phrases, k: int, most: int, messages: pd.DataFrame | None = None) -> dict[str, bool]:
    """Whether a phrase set meets the 店长's brief (chapter 3, 练习 10), each part True or
    False: every phrase has content, at most :data:`MAX_LENGTH` characters, no taboo, a
    well-formed code that no other phrase has; the ``k`` most asked kinds of question of
    the shop's messages each have a phrase; at most ``most`` phrases."""
    parsed = parse_phrases(phrases)
    kinds = {problem.kind for problems in check(parsed) for problem in problems}
    answered = {topic for phrase in parsed for topic in topics_answered(phrase.text)}
    return {"每条短语都有内容": "empty" not in kinds,
            f"每条不超过 {MAX_LENGTH} 字": "length" not in kinds,
            "没有极限词和其他禁忌": "taboo" not in kinds,
            "快捷编码格式正确、互不重复": "code" not in kinds,
            f"买家问得最多的前 {k} 类问题都有短语": set(top_topics(k, messages)) <= answered,
            f"不超过 {most} 条": len(parsed) <= most}


def phrases_code(phrases, name: str = "phrases") -> str:
    """A phrase set as Python code to paste into an answer cell."""
    plain = [{"group": p.group, "code": p.code, "text": p.text} for p in parse_phrases(phrases)]
    return f"{name} = " + json.dumps(plain, ensure_ascii=False, indent=4)
