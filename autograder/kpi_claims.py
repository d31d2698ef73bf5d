"""The KPI numbers a written answer cites, checked against the shop's data (chapter 7).

A student's improvement plan for 小C says things like "首次响应时间约 37 秒，远高于 15 秒的参考值"
or "询单转化率约 27%，而小A 约 53%". :func:`find_claims` reads each such claim: whose KPI
(the agent named before it, else the plan's subject), which KPI, the number and unit, and a
comparison ("高于 15 秒", "低于小A", "偏低") with its reference. :func:`check` compares them
with :func:`course.kpi.agent_kpis` of the student's own data: a number the data does not
have, or "higher" where the data says lower, is a problem the teacher should see. Goals
("目标 ≤ 15 秒", "提升到 40%") are plans, not claims, and are left alone.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from course.rules import RULES, KpiTargets

#: (pattern, KPI columns it may mean, unit kind). Longer names first; "响应时间" alone may be
#: either response time.
KPI_NAMES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (r"首次响应(?:时间|时长)?|首次回复(?:时间|时长)?|首响(?:时间)?|第一次(?:回复|响应)(?:时间)?",
     ("first_response_s",), "seconds"),
    (r"平均响应(?:时间|时长)?|平均回复(?:时间|时长)?", ("avg_response_s",), "seconds"),
    (r"响应(?:时间|时长|速度)|回复(?:时间|时长|速度)",
     ("first_response_s", "avg_response_s"), "seconds"),
    (r"销售额占比|销售占比|业绩占比", ("sales_share",), "rate"),
    (r"询单(?:→|到)?付款人数|付款人数|成交人数", ("converted_buyers", "paying_buyers"), "count"),
    (r"询单转化率|询单成交率|转化率|成交率", ("conversion_rate",), "rate"),
    (r"抢单成功率|抢单率", ("grab_rate",), "rate"),
    (r"回复率|应答率|接待率", ("reply_rate",), "rate"),
    (r"满意率|满意度", ("satisfaction_rate",), "rate"),
    (r"退款率", ("refund_rate",), "rate"),
    (r"客单价", ("avg_order_value",), "money"),
    (r"件均价", ("avg_item_price",), "money"),
    (r"客件数|客单件", ("items_per_buyer",), "items"),
    (r"客服销售额|销售额|业绩", ("sales",), "money"),
    (r"咨询人数", ("consult_buyers",), "count"),
    (r"接待人数", ("served_buyers",), "count"),
    (r"询单人数", ("inquiry_buyers",), "count"),
)
_KPI = re.compile("|".join(f"(?P<k{i}>{p})" for i, (p, _, _) in enumerate(KPI_NAMES)))
_NUMBER = re.compile(r"(?<![\d.])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
                     r"(?P<unit>%|％|个百分点|秒钟?|s\b|分钟|万元|万|元|人|位|个|件|倍)?")
_UNITS = {"%": "rate", "％": "rate", "秒": "seconds", "秒钟": "seconds", "s": "seconds",
          "分钟": "seconds", "万元": "money", "万": "money", "元": "money", "人": "count",
          "位": "count", "个": "count", "件": "items"}
#: A sentence: claims, comparisons and references never cross it.
_SENTENCE = re.compile(r"[^。！？!?；;\n]+")
#: Words that make a number a goal or a plan, not a claim about the data.
_GOAL = re.compile(r"目标|≤|≥|<|>|＜|＞|不超过|不高于|不低于|以内|以上|以下|之内|达到|提升到|提高到|"
                   r"降到|降低到|压到|缩短到|控制在|守住|保持在|保持|做到|争取|力争|要求|参考值|标准|"
                   r"合格线|[降提]至|提升|提高|缩短|降低|减少|增加|改善|每(?:天|周|月)")
_GOAL_AFTER = re.compile(r"\s*(以内|以上|以下|之内|内(?!容)|左右的目标)")
#: Comparison words and their direction ("worse"/"better" depend on the KPI).
_COMPARE = re.compile(
    r"(?P<word>远远?高于|明显高于|略高于|稍高于|高于|超过了?|多于|长于|慢于|远远?低于|明显低于|略低于|稍低于|"
    r"低于|不到|少于|短于|快于|不足|偏高|偏低|偏长|偏短|偏慢|偏快|太慢|太长|太低|太高|较慢|较快|较低|较高|"
    r"更慢|更快|更低|更高|更长|更短|领先于?|落后于?|优于|好于|差于|不如|不达标|未达标|没有达标|没达标|达标|"
    r"比(?P<than>[^，,。；;]{1,10}?)(?:还|更|要)?(?P<adj>高|低|长|短|慢|快|多|少|好|差))")
_HIGHER = ("高", "超过", "多", "长", "慢")
_LOWER = ("低", "不到", "少", "短", "快", "不足")
_BETTER = ("领先", "优于", "好于", "好")
_WORSE = ("落后", "差于", "不如", "不达标", "未达标", "没有达标", "没达标", "差")
_TARGET_WORDS = re.compile(r"参考值|参考|标准|目标|合格线|要求|平均水平")
_BAND = re.compile(r"^[，,\s]*(?:属于|是|为|处于|算|在)?\s*[“\"「]?(优秀|良好|合格|较低|差)"
                   r"(?:[”\"」]|水平|档|区间|(?![\u4e00-\u9fff]))")

LOWER_IS_BETTER = frozenset({"first_response_s", "avg_response_s", "refund_rate"})
LABELS = {
    "first_response_s": "首次响应时间", "avg_response_s": "平均响应时间", "reply_rate": "回复率",
    "conversion_rate": "询单转化率", "grab_rate": "抢单成功率", "satisfaction_rate": "满意率",
    "refund_rate": "退款率", "avg_order_value": "客单价", "avg_item_price": "件均价",
    "items_per_buyer": "客件数", "sales": "客服销售额", "sales_share": "销售额占比",
    "consult_buyers": "咨询人数", "served_buyers": "接待人数", "inquiry_buyers": "询单人数",
    "converted_buyers": "询单→付款人数", "paying_buyers": "付款人数",
}


@dataclass
class Claim:
    """What one phrase of the answer says about one agent's KPI."""

    start: int
    end: int
    agent: str
    columns: tuple[str, ...]
    kind: str
    #: The cited number in the KPI's own unit (rates as shares, times in seconds), or None.
    value: float | None = None
    shown: str = ""
    #: "higher" or "lower" than ``reference``, when the answer compares.
    direction: str | None = None
    #: A number (same unit as the KPI), an agent id, "target", or None.
    reference: float | str | None = None
    reference_shown: str = ""
    #: The comparison as written ("远高于 15 秒").
    compare_shown: str = ""
    band: str | None = None
    #: The column the cited value matched (set by :func:`check`).
    matched: str | None = None
    notes: list[str] = field(default_factory=list)


def _kind_fits(kind: str, unit: str | None) -> bool:
    if unit is None:
        return kind in ("count", "items")
    return _UNITS.get(unit) == kind


def _value(number: str, unit: str | None) -> float:
    value = float(number.replace(",", ""))
    if unit in ("%", "％"):
        return value / 100
    if unit == "分钟":
        return value * 60
    if unit in ("万元", "万"):
        return value * 10_000
    return value


def _agents_in(text: str, aliases: dict[str, str]) -> list[tuple[int, int, str]]:
    if not aliases:
        return []
    pattern = re.compile("|".join(sorted(map(re.escape, aliases), key=len, reverse=True)))
    return [(m.start(), m.end(), aliases[m.group(0)]) for m in pattern.finditer(text)]


def _is_goal(sentence: str, kpi_start: int, number_end: int) -> bool:
    clause_start = max(sentence.rfind(sep, 0, kpi_start) for sep in "，,：:、（(") + 1
    if _GOAL.search(sentence, clause_start, number_end):
        return True
    return bool(_GOAL_AFTER.match(sentence, number_end))


def _direction(word: str, adj: str | None) -> str:
    word = adj or word
    if any(w in word for w in _WORSE):
        return "worse"
    if any(w in word for w in _BETTER):
        return "better"
    if any(w in word for w in _LOWER):
        return "lower"
    if word == "达标":
        return "better"
    return "higher" if any(w in word for w in _HIGHER) else ""


def find_claims(text: str, aliases: dict[str, str], subject: str) -> list[Claim]:
    """Every KPI claim in ``text``; ``aliases`` maps names ("小A", "A01") to agent ids."""
    claims: list[Claim] = []
    for sentence_match in _SENTENCE.finditer(text):
        sentence, offset = sentence_match.group(0), sentence_match.start()
        claims += _sentence_claims(sentence, offset, aliases, subject)
    return claims


def _sentence_claims(sentence: str, offset: int, aliases: dict[str, str],
                     subject: str) -> list[Claim]:
    agents = _agents_in(sentence, aliases)
    compares = list(_COMPARE.finditer(sentence))
    numbers = list(_NUMBER.finditer(sentence))
    used: set[int] = set()
    # References after a comparison word are not claims: remember where they are.
    reference_spans = []
    for cmp in compares:
        stop = re.search(r"[，,。；;]", sentence[cmp.end():])
        reference_spans.append((cmp.start(), cmp.end() + (stop.start() if stop else 14)))

    def in_reference(pos: int) -> bool:
        return any(lo <= pos < hi for lo, hi in reference_spans) or any(
            m.start() <= pos < m.end() and m.group("than") for m in compares)

    claims: list[Claim] = []
    events = sorted(
        [(m.start(), "kpi", m) for m in _KPI.finditer(sentence)]
        + [(s, "agent", (s, e, a)) for s, e, a in agents]
        + [(m.start(), "cmp", m) for m in compares]
        + [(m.start(), "num", m) for m in numbers],
        key=lambda ev: ev[0])
    agent, last_kpi, pending, last_agent_at = subject, None, [], None
    for pos, kind, item in events:
        if kind == "agent":
            if not in_reference(pos):
                agent, last_agent_at = item[2], item[:2]
        elif kind == "kpi":
            index = next(i for i, (_, g) in enumerate(item.groupdict().items()) if g)
            _, columns, unit_kind = KPI_NAMES[index]
            last_kpi = (columns, unit_kind)
            if in_reference(pos):
                continue
            claim = Claim(offset + item.start(), offset + item.end(), agent, columns, unit_kind)
            number = next((n for n in numbers if item.end() <= n.start() <= item.end() + 12
                           and id(n) not in used), None)
            between = sentence[item.end():number.start()] if number else ""
            if number and not _KPI.search(between) and not _COMPARE.search(between) \
                    and _kind_fits(unit_kind, number.group("unit")):
                used.add(id(number))
                if _is_goal(sentence, item.start(), number.end()):
                    continue
                claim.value = _value(number.group("num"), number.group("unit"))
                claim.shown = sentence[item.start():number.end()].strip()
                claim.end = offset + number.end()
                band = _BAND.match(sentence[number.end():])
                if band and "conversion_rate" in columns:
                    claim.band = band.group(1)
            elif _is_goal(sentence, item.start(), item.end()):
                continue
            else:
                claim.shown = sentence[item.start():item.end()]
            claims.append(claim)
            pending.append(claim)
        elif kind == "num" and id(item) not in used and last_kpi and not in_reference(pos):
            # "…询单转化率约 27%，而小A 约 53%": a number right after a name takes the last KPI.
            columns, unit_kind = last_kpi
            if last_agent_at is not None and 0 <= pos - last_agent_at[1] <= 6 \
                    and _kind_fits(unit_kind, item.group("unit")) \
                    and not _is_goal(sentence, pos, item.end()):
                used.add(id(item))
                start = last_agent_at[0]
                claim = Claim(offset + start, offset + item.end(), agent, columns,
                              unit_kind, _value(item.group("num"), item.group("unit")),
                              sentence[start:item.end()].strip())
                claims.append(claim)
                pending.append(claim)
        elif kind == "cmp":
            direction = _direction(item.group("word"), item.group("adj"))
            if not direction or not pending:
                continue
            _attach(item, sentence, direction, pending, aliases, numbers, used)
            pending = []
    return claims


def _attach(cmp: re.Match, sentence: str, direction: str, pending: list[Claim],
            aliases: dict[str, str], numbers: list[re.Match], used: set[int]) -> None:
    """Give the claims before a comparison its direction and reference."""
    if cmp.group("than"):
        ref_text = cmp.group("than")
        start = cmp.start("than")
    else:
        stop = re.search(r"[，,。；;]", sentence[cmp.end():])
        ref_text = sentence[cmp.end():cmp.end() + (stop.start() if stop else 14)]
        start = cmp.end()
    ref_agents = _agents_in(ref_text, aliases)
    ref_numbers = [n for n in numbers if start <= n.start() < start + len(ref_text)
                   and n.group("unit") not in ("倍", "个百分点")]
    for n in ref_numbers:
        used.add(id(n))
    compare_shown = sentence[cmp.start():start + len(ref_text)].strip()
    for i, claim in enumerate(pending):
        claim.direction = direction
        claim.compare_shown = compare_shown
        if ref_agents:
            claim.reference = ref_agents[0][2]
            claim.reference_shown = sentence[start:start + len(ref_text)].strip()
        elif ref_numbers and _kind_fits(claim.kind, ref_numbers[min(i, len(ref_numbers) - 1)]
                                        .group("unit") or None):
            n = ref_numbers[min(i, len(ref_numbers) - 1)]
            claim.reference = _value(n.group("num"), n.group("unit"))
            claim.reference_shown = n.group(0).strip()
        elif _TARGET_WORDS.search(ref_text) or not ref_text.strip() or cmp.group("word") in (
                "偏高", "偏低", "偏长", "偏短", "偏慢", "偏快", "太慢", "太长", "太低", "太高",
                "达标", "不达标", "未达标", "没有达标", "没达标"):
            claim.reference = "target"
            claim.reference_shown = "参考值"


def _target(column: str, targets: KpiTargets) -> float | None:
    if column == "conversion_rate":
        return next((lo for lo, label in targets.conversion_bands if label == "合格"), None)
    value = getattr(targets, column, None)
    return float(value) if isinstance(value, (int, float)) else None


def _close(column: str, kind: str, cited: float, actual: float) -> bool:
    if kind == "rate":
        return abs(cited - actual) <= 0.0105
    if kind == "seconds":
        return abs(cited - actual) <= max(1.5, 0.1 * actual)
    if kind == "money":
        return abs(cited - actual) <= max(1.0, 0.03 * actual)
    if kind == "items":
        return abs(cited - actual) <= 0.1
    return abs(cited - actual) <= max(1.0, 0.02 * actual)


def shown(column: str, value: float) -> str:
    """A KPI value as the calculator shows it (Chinese units)."""
    if column in ("reply_rate", "conversion_rate", "grab_rate", "satisfaction_rate",
                  "refund_rate", "sales_share"):
        return f"{value * 100:.1f}%"
    if column.endswith("_s"):
        return f"{value:.1f} 秒"
    if column in ("sales", "avg_order_value", "avg_item_price"):
        return f"{value:,.2f} 元"
    if column == "items_per_buyer":
        return f"{value:.2f}"
    return f"{value:.0f} 人"


@dataclass
class Verdict:
    """What :func:`check` found: claims the data bears out and the problems."""

    confirmed: list[str] = field(default_factory=list)
    wrong_values: list[str] = field(default_factory=list)
    wrong_directions: list[str] = field(default_factory=list)


def check(claims: list[Claim], kpis, names: dict[str, str],
          targets: KpiTargets = RULES.kpi) -> Verdict:
    """Compare ``claims`` with ``kpis`` (:func:`course.kpi.agent_kpis` of the period)."""
    verdict = Verdict()

    def actual(agent: str, column: str) -> float | None:
        try:
            value = float(kpis.loc[agent, column])
        except (KeyError, TypeError, ValueError):
            return None
        return None if math.isnan(value) else value

    for claim in claims:
        name = names.get(claim.agent, claim.agent)
        columns = [c for c in claim.columns if actual(claim.agent, c) is not None]
        if not columns:
            continue
        if claim.value is not None:
            hit = next((c for c in columns if _close(c, claim.kind, claim.value,
                                                     actual(claim.agent, c))), None)
            if hit:
                claim.matched = hit
                verdict.confirmed.append(claim.shown)
            else:
                if len(columns) == 1:
                    truth = f"约 {shown(columns[0], actual(claim.agent, columns[0]))}"
                else:
                    truth = "、".join(f"{LABELS[c]}约 {shown(c, actual(claim.agent, c))}"
                                      for c in columns)
                verdict.wrong_values.append(f"「{claim.shown}」（数据中{name}{truth}）")
        if claim.band and claim.matched == "conversion_rate":
            from course.kpi import conversion_band

            band = conversion_band(actual(claim.agent, "conversion_rate"), targets)
            if band != claim.band:
                verdict.wrong_directions.append(
                    f"「{claim.shown}」说是“{claim.band}”（按课程分档是“{band}”）")
        if claim.direction is None or claim.reference is None:
            continue
        pick = [claim.matched] if claim.matched else columns
        stated_by_col = {}
        for column in pick:
            value = actual(claim.agent, column)
            if claim.reference == "target":
                ref = _target(column, targets)
            elif isinstance(claim.reference, str):
                ref = actual(claim.reference, column)
            else:
                ref = claim.reference
            if ref is None or value == ref:
                continue
            true = "higher" if value > ref else "lower"
            stated = claim.direction
            if stated in ("better", "worse"):
                stated = "lower" if (stated == "better") == (column in LOWER_IS_BETTER) \
                    else "higher"
            stated_by_col[column] = (stated, true, value, ref)
        wrong = {c: v for c, v in stated_by_col.items() if v[0] != v[1]}
        if wrong and len(wrong) == len(stated_by_col):
            column, (_, true, value, ref) = next(iter(wrong.items()))
            if claim.reference not in ("target", None) and isinstance(claim.reference, str):
                ref_text = f"{names.get(claim.reference, claim.reference)}约 {shown(column, ref)}"
            else:
                ref_text = " " + shown(column, ref)
            verdict.wrong_directions.append(
                f"「{claim.shown}」说“{claim.compare_shown}”（数据中{name}约 "
                f"{shown(column, value)}，{'高于' if true == 'higher' else '低于'}{ref_text}）")
    return verdict
