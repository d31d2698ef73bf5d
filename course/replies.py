"""A rubric checker for written customer-service replies (chapters 4 and 6).

It looks for the parts a good reply has and for words a reply must not
contain, names each rubric item met or missed, and suggests a score. The
suggestion helps the teacher; the teacher decides.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_RULES: list[tuple[str, str, bool, re.Pattern]] = [
    # key, label, wanted (True: must appear; False: must not appear), pattern
    ("greeting", "问候并称呼买家（亲／您）", True, re.compile(r"亲|您好|你好|尊敬的")),
    ("empathy", "致歉或表达理解", True,
     re.compile(r"抱歉|对不起|不好意思|理解|添麻烦|歉意|心情|着急|辛苦")),
    ("solution", "给出具体的解决方案（做什么、多少钱或什么时候）", True,
     re.compile(r"(退款|退还|补发|重新发|重发|换货|补偿|优惠券|赠送|送您|安排|推荐|升级|包邮)"
                r"[^。！？]*?(\d|[一二三四五六七八九十两半]|今天|明天|马上|立即|当天|现在)"
                r"|(\d|今天|明天|马上|立即|当天)[^。！？]*?(退款|退还|补发|重发|换货|补偿|送达|发出|发货)")),
    ("facts", "提到订单或商品的具体信息", True,
     re.compile(r"订单|单号|花束|玫瑰|康乃馨|百合|向日葵|花材|商品|宝贝|\d+\s*[枝元]")),
    ("close", "礼貌结束（感谢、祝福或欢迎再联系）", True,
     re.compile(r"感谢|谢谢|祝您|祝你|期待|随时联系|随时找|欢迎")),
    ("no_extreme", "没有极限词（最好、第一、绝对、100% 等）", False,
     re.compile(r"最好|最佳|最低|最便宜|最优|最强|最新鲜|最高|第一(?!时间|次)|绝对|100\s*%|百分之百|顶级|"
                r"极致|唯一|全网|万能|国家级")),
    ("no_threat", "没有威胁、指责或贬低他人", False,
     re.compile(r"投诉你|后果自负|否则.{0,10}(后果|投诉|拉黑|起诉|曝光|负责)|曝光|别怪|拉黑|举报你|你自己的问题|不是我们的问题|"
                r"你自己没|不讲理|别家.*(差|假|烂)")),
    ("no_bribe", "没有用好处换好评或改评（好评返现等）", False,
     re.compile(r"返现|好评.{0,6}(红包|返|送)|改.{0,4}好评.{0,8}(返|送|红包|补偿)|删.{0,2}评")),
]


#: The taboos every reply is checked for: key → (Chinese label, pattern).
TABOOS = {key: (label, pattern) for key, label, wanted, pattern in _RULES if not wanted}


_CLAUSE = re.compile(r"[，,。！!？?；;\n]")
#: Words that turn a taboo into its refusal: "我们不能返现", "加微信转账不安全".
_REFUSED_BEFORE = re.compile(r"不能|不会|不可以|不允许|不接受|不提供|不建议|不做|不搞|不参与|不得|"
                             r"无法|没法|没办法|拒绝|禁止|严禁|杜绝|请勿|切勿")
#: ... and right before it only: "请不要加微信转账".
_REFUSED_RIGHT_BEFORE = re.compile(r"(不要|别|不用|勿|不必)\s*$")
_REFUSED_AFTER = re.compile(r"违规|违反|禁止|不允许|不可以|不行|做不了|不安全|没有.{0,4}保障|不受.{0,4}保|有风险")


def breach(pattern: str | re.Pattern, text: str) -> re.Match | None:
    """The first match of the taboo ``pattern`` in ``text`` that its own clause does not
    refuse ("我们不能返现", "好评返现是违规的"; a clause ends at a comma or stop), or None."""
    for match in re.finditer(pattern, text):
        before = _CLAUSE.split(text[:match.start()])[-1][-12:]
        after = _CLAUSE.split(text[match.end():])[0][:12]
        if not (_REFUSED_BEFORE.search(before) or _REFUSED_RIGHT_BEFORE.search(before)
                or _REFUSED_AFTER.search(after)):
            return match
    return None


@dataclass(frozen=True)
class RubricItem:
    key: str
    label: str
    met: bool
    evidence: str = ""


@dataclass(frozen=True)
class ReplyReview:
    """Each rubric item met or missed, and the suggested score."""

    items: tuple[RubricItem, ...]
    score: float
    max_score: float

    @property
    def missed(self) -> list[str]:
        return [item.label for item in self.items if not item.met]

    def summary(self) -> str:
        lines = [f"建议得分：{self.score:g} / {self.max_score:g}（仅供教师参考）"]
        lines += [f"{'✔' if item.met else '✘'} {item.label}"
                  + (f"（{item.evidence}）" if item.evidence else "") for item in self.items]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<li style='color:{'#1a7f37' if item.met else '#b00'}'>"
            f"{'✔' if item.met else '✘'} {html.escape(item.label)}"
            f"{'（' + html.escape(item.evidence) + '）' if item.evidence else ''}</li>" for item in self.items)
        return f"<p><b>建议得分：{self.score:g} / {self.max_score:g}</b>（仅供参考）</p><ul>{rows}</ul>"


def review_reply(text: str, max_score: float = 3.0) -> ReplyReview:
    """Check a written reply against the rubric; the score is rounded down to 0.5.

    A reply that breaks a "must not" item (极限词, threats, buying reviews)
    gets at most a third of the points, whatever else it does well.
    """
    if not isinstance(text, str):
        raise TypeError(f"回复内容应该是字符串，现在是 {type(text).__name__}。")
    items = []
    for key, label, wanted, pattern in _RULES:
        match = pattern.search(text) if wanted else breach(pattern, text)
        if wanted:
            items.append(RubricItem(key, label, bool(match), match.group(0) if match else ""))
        else:
            items.append(RubricItem(key, label, not match,
                                    f"出现了「{match.group(0)}」" if match else ""))
    met = sum(item.met for item in items)
    score = max_score * met / len(items)
    broken = any(not item.met for item, (_, _, wanted, _) in zip(items, _RULES, strict=True)
                 if not wanted)
    if broken:
        score = min(score, max_score / 3)
    if len(text.strip()) < 20:
        score = 0.0
    return ReplyReview(tuple(items), float(int(score * 2) / 2), max_score)
