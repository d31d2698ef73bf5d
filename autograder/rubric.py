"""Rubric suggestions shown to the teacher beside each written (manually graded) answer.

Every chapter has one written answer (a markdown cell that nbgrader marks
``grade`` and ``solution``), followed by its scoring table. :func:`suggest`
reads a student's text and returns one short Chinese line for the teacher:
a suggested score, the rubric items covered and missed, and wording that
breaks the course's rules (极限词 via :mod:`course.compliance`, 催付禁忌 via
:mod:`course.chasing`, bribes and threats via :mod:`course.replies`).

It is advice only: nothing here reads or writes the gradebook, and no score
ever changes because of it. :func:`suggest` never raises.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from autograder.stubs import TEXT_STUB

#: Texts longer than this are analysed on their first ``MAX_CHARS`` characters only.
MAX_CHARS = 5_000

#: Empty phrases the rubrics refuse to credit (措施 that say nothing concrete).
VAGUE = ("加强责任心", "增强责任心", "以后注意", "多加注意", "认真一点", "细心一点", "更加努力",
         "提高服务意识", "加强服务意识", "加强管理", "加强激励", "提高积极性", "加强学习", "态度要好")


@dataclass(frozen=True)
class Concept:
    """One thing an item asks for: any of ``words`` (regular expressions) shows it.

    With ``need`` > 1, that many *different* words must appear (e.g. two KPIs).
    """

    words: tuple[str, ...]
    need: int = 1
    #: What the teacher reads when it is missing (default: the first word).
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or self.words[0]

    def found(self, text: str) -> bool:
        hits = sum(1 for word in self.words if re.search(word, text))
        return hits >= self.need


@dataclass(frozen=True)
class Criterion:
    """One row of a chapter's scoring table."""

    label: str
    points: float
    concepts: tuple[Concept, ...] = ()
    #: Scores 0 when the answer breaks a rule (极限词, 禁忌, 返现 …).
    compliance: bool = False


@dataclass(frozen=True)
class Rubric:
    """The scoring table of one written answer, as keywords the checker can look for."""

    chapter: str
    grade_id: str
    criteria: tuple[Criterion, ...]
    #: Required length in characters (inclusive), or None.
    length: tuple[int, int] | None = None
    #: Outside this range the total loses 0.5 (the rubric's "明显不符"); None: no deduction,
    #: the length is only noted.
    hard_length: tuple[int, int] | None = None
    #: The criterion a wrong length costs 0.5; None: the total loses it.
    length_criterion: str | None = None
    #: Maximum characters per line (one line per phrase), or None.
    line_max: int | None = None
    #: Rule checks to run: "banned", "taboo", "bribe", "disparage", "discount", "night".
    checks: frozenset[str] = frozenset()
    #: The answer is a reply to a buyer: also run :func:`course.replies.review_reply`.
    reply: bool = False
    #: (criterion label, pattern): the pattern caps that criterion at half its points.
    excuse: tuple[str, str] | None = None
    #: When the answer trades compensation for a better review, the total is capped here.
    bribe_cap: float | None = None

    @property
    def max_score(self) -> float:
        return sum(c.points for c in self.criteria)


def _c(*words: str, need: int = 1, label: str = "") -> Concept:
    return Concept(tuple(words), need, label)


_CUSTOMER = frozenset({"banned", "bribe", "disparage"})

#: grade_id → its rubric. Keywords come from each chapter's scoring table and model answer.
RUBRICS: dict[str, Rubric] = {r.grade_id: r for r in (
    Rubric("ch01", "written_case_analysis", (
        Criterion("环节判断", 1, (_c("售中"), _c("备注", label="订单备注"))),
        Criterion("职责分析", 1, (
            _c("客服", "小A"),
            _c("职责", "责任", "负责", "本应", "应由", "该由", label="职责归属"),
            _c("仓储", "打包", "发货前", "仓库", label="仓储把关"))),
        Criterion("改进措施", 1, (
            _c("核对", "检查", "复核", "读一遍", "查看", label="核对订单"),
            _c("确认", "复述", "核实", label="与买家确认"),
            _c("格式", "模板", "旗", "抽查", "二次", "交接表", "清单", label="固定格式或抽查"))),
    ), length=(150, 250), hard_length=(120, 300)),
    Rubric("ch02", "written_listing_rewrite", (
        Criterion("合规性", 1, compliance=True),
        Criterion("卖点真实具体", 1, (
            _c("进口"),
            _c("新鲜", "当天", "现剪", "现包", "醒花", "保鲜", label="新鲜的具体做法"),
            _c("花艺师"),
            _c(r"10 ?年", "十年", "从业", "经验", label="从业年限"))),
        Criterion("吸引力与规范", 1, (
            _c("送", "礼", "心上人", "纪念日", "生日", "节日", "表白", "犒劳", label="送礼场景"),
            _c("包邮", "欢迎", "选购", "下单", "咨询", "拍下", "收藏", label="行动引导"))),
    ), length=(60, 120), length_criterion="吸引力与规范", checks=_CUSTOMER),
    Rubric("ch03", "written_quick_phrases", (
        Criterion("覆盖与准确", 1, (
            _c("包邮"), _c("发货"),
            _c("送达", "日期", "指定", "配送", label="指定日期送达"),
            _c("贺卡"),
            _c("售后", "蔫", "压坏", "破损", "照片", "拍照", "抱歉", label="售后问题"),
            _c("99", label="满99元包邮"),
            _c(r"16 ?点", "16:00", "四点", label="16点前付款当天发货"))),
        Criterion("规范", 1, compliance=True),
        Criterion("语气与可操作性", 1, (
            _c("亲", "您", label="称呼"),
            _c("～", "~", "哦", "呀", "啦", "呢", label="亲切的语气"),
            _c("发给我", "留言", "备注", "拍", "联系", "告诉我", "写上", "凑单", "查", "找我",
               label="下一步指引"))),
    ), line_max=50, checks=_CUSTOMER),
    Rubric("ch04", "written_bargain_reply", (
        Criterion("礼貌与共情", 1, (
            _c("亲", "您好", "你好", label="称呼问候"),
            _c("理解", "明白", "懂您", "懂你", label="理解买家"),
            _c("期待", "感谢", "谢谢", "祝", "欢迎", label="礼貌结束"))),
        Criterion("价值说明与替代方案", 1, (
            _c("A级", "大花头", "新鲜", "现包", "当天", "保水", "售后", "花材", "品质", "配送",
               label="价值点"),
            _c("贺卡", r"11 ?枝", "139", "优惠券", "包邮", "赠", "送您", label="替代方案或小福利"))),
        Criterion("促成与合规", 1, (_c("下单", "拍下", "安排", "帮您", "付款", "拍", label="邀请下单"),),
                  compliance=True),
    ), length=(80, 150), length_criterion="促成与合规", checks=_CUSTOMER, reply=True),
    Rubric("ch05", "written_reminders", (
        Criterion("原因与理由", 1, (
            _c("送达", "送到", "明天", label="①担心送达"),
            _c("截单", r"\d+ ?点前", "点之前", label="①截单时间"),
            _c("关闭", "72", label="②订单关闭时间"),
            _c("忘", "老客户", "老顾客", "支持", "好久", label="②老客户忘了付款"))),
        Criterion("避开禁忌", 1, compliance=True),
        Criterion("渠道与时间", 1, (
            _c("旺旺", "千牛", "短信", "电话", label="渠道"),
            _c(r"\d{1,2}[:：]\d{2}", r"\d{1,2} ?点.{0,6}发", "发送时间", "现在发", "立即发", "马上发",
               label="发送时间"))),
    ), checks=_CUSTOMER | {"taboo", "night"}),
    Rubric("ch06", "written_bad_review_reply", (
        Criterion("致歉与担责", 1, (
            _c("抱歉", "对不起", "道歉", "歉意", label="道歉"),
            _c("责任", "我们的问题", "我们没", "失误", "疏忽", "没能", label="承认责任"))),
        Criterion("具体补救方案", 1, (
            _c("退", "补发", "补送", "重新发", "补偿", "重发", label="补救方案"),
            _c(r"\d+(\.\d+)? ?元", r"\d+ ?[月日号]", "明天", "今天", "后天", label="金额或日期"))),
        Criterion("邀请联系与合规收尾", 1, (
            _c("联系", "找我", "旺旺", "私信", "电话", "留言", label="邀请联系"),
            _c("感谢", "谢谢", "祝", "再次", "期待", label="礼貌收尾")), compliance=True),
    ), length=(100, 200), hard_length=(80, 240), checks=_CUSTOMER | {"taboo"}, reply=True,
        excuse=("致歉与担责", r"是快递|快递(的)?(原因|问题|太慢|慢|延误)|天气(原因|不好)|因为天气|"
                           r"不是我们的(问题|责任)|与我们无关"),
        bribe_cap=1.0),
    Rubric("ch07", "written_improvement_plan", (
        Criterion("数据诊断", 1, (
            _c("首次响应", "平均响应", "响应时间", "转化率", "回复率", "满意率", "抢单", "客单价",
               "退款率", "销售额", need=2, label="两项 KPI"),
            _c(r"\d+(\.\d+)? ?(秒|%|％|元)", label="具体数值"),
            _c("高于", "低于", "偏高", "偏低", "超过", "不到", "远高", "落后", "差距", "不达标",
               label="与参考值比较"))),
        Criterion("原因分析", 1, (
            _c("原因", "导致", "因为", "所以", "造成", "由于", label="因果说明"),
            _c("回复慢", "响应慢", "等不及", "流失", "催付", "需求", "不熟", "话术", "等待",
               label="具体原因"))),
        Criterion("改进措施", 1, (
            _c("快捷短语", "抽查", "培训", "学习", "分流", "排班", "催付", "话术", "复盘", need=2,
               label="具体措施"),
            _c("目标", "≤", "≥", "不超过", "达到", "以上", "以下", label="目标值"),
            _c("每天", "每周", "每月", "复查", "周期", "两周", "一个月", "日报", label="复查周期"))),
    ), length=(200, 300), hard_length=(150, 400)),
    Rubric("ch08", "written_revisit_plan", (
        Criterion("客户识别与价值", 1, (
            _c(r"R ?低", "很久", r"90 ?天", "好久", "没来", label="R 低"),
            _c(r"F ?低", r"不足 ?3", "次数少", "频次低", "买得少", "单数少", label="F 低"),
            _c(r"M ?高", "200", "消费多", "花钱多", "金额高", "舍得", "消费高", label="M 高"),
            _c("挽回", "价值", "流失", "划算", "重要", label="挽回的价值"))),
        Criterion("权益、渠道与合规", 1, (
            _c("券", "优惠", "权益", "折", "补救", "礼", label="具体权益"),
            _c("旺旺", "千牛", "电话", "短信", "站内", label="平台内渠道"),
            _c("小E", "小F", "客服", "店长", "负责", label="负责人"),
            _c("一次", "每人", "频率", "每月", "每周", "不群发", "不打扰", "不骚扰",
               label="联系频率")), compliance=True),
        Criterion("话术与效果衡量", 1, (
            _c("您好", "好久不见", "问候", "关怀", "“", "「", "\"", label="话术示例"),
            _c("回复率", "核销率", "复购", "再次付款", "挽回率", "回购", "回访人数", label="量化指标"),
            _c(r"\d+ ?天", "一个月", "每周", "每月", "30", label="观察时间"))),
    ), length=(150, 250), checks=_CUSTOMER | {"taboo", "discount"}),
    Rubric("ch09", "written_incentive_plan", (
        Criterion("保健因素与激励因素", 1, (
            _c("保健", label="保健因素"), _c("激励", label="激励因素"),
            _c("排班", "休息", "补贴", "工资", "薪资", "餐补", "加班", "夜宵", "轮休", label="保健措施"),
            _c("表扬", "认可", "服务之星", "晋升", "成长", "带新人", "组长", "荣誉", "证书",
               label="激励措施"))),
        Criterion("与考核表挂钩", 1, (
            _c("考核", "总分", "等级", "绩效系数", "得分", label="考核表"),
            _c(r"\d+ ?分", r"[ABCD] ?级", r"[ABCD] ?以上", "系数", "以上才", label="分数或等级门槛"))),
        Criterion("售前售后公平性", 1, (
            _c("售前"), _c("售后"),
            _c("分开", "分组", "单独", "各评", "分别", "不同", label="分组评比"),
            _c("公开", "公布", "透明", "申诉", "公平", label="规则公开或申诉"))),
    ), length=(200, 300), hard_length=(150, 400)),
)}

# -- rule checks -----------------------------------------------------------------------------
_CLAUSE = re.compile(r"[^。！？!?；;，,、\n]+")
#: A negation just before a match means a rule is stated, not broken ("不引导站外交易").
_NEGATION = re.compile(r"不|没|未|无|禁止|严禁|避免|拒绝|杜绝|勿")
_FIRST_OK = re.compile(r"第一(次|步|条|项|天|点|部分|个|周|、|，|：|:)")
_DISPARAGE = re.compile(r"(别家|别的店|其他店|其他家|同行|他们家|那家|别人家).{0,8}"
                        r"(次品|假货|假的|差|烂|劣|坑|垃圾|不正规|以次充好)")
_DISCOUNT = re.compile(r"(?<![\d.])([1-6](?:\.\d+)?)\s*折")
_NIGHT = re.compile(r"(?<!\d)(2[2-3]|0?[0-7])\s*[:：点]\s*(\d{2})?\s*分?[^。！？\n]{0,8}(发送|发出|推送)"
                    r"|凌晨|半夜|深夜")
_REPLY_RULES = {"no_bribe": "bribe", "no_threat": "disparage", "no_extreme": "banned"}


def _clauses(text: str) -> list[str]:
    """Clauses of ``text``, each at most 200 characters (keeps every regex fast)."""
    return [c[i:i + 200] for c in _CLAUSE.findall(text) for i in range(0, len(c), 200)]


def _negated(text: str, start: int) -> bool:
    return bool(_NEGATION.search(text[max(0, start - 6):start]))


def _quoted(text: str, start: int, end: int) -> bool:
    """The word is in quotation marks: named ("去掉了“最好”"), not used."""
    return 0 < start and end < len(text) and text[start - 1] in "“「‘\"'《" \
        and text[end] in "”」’\"'》"


def _last_start(clause: str, flagged) -> int:
    """Where the last match in ``clause`` starts, for checkers that report no position.

    ``flagged(clause[i:])`` holds for every i up to that start and fails after it.
    """
    lo, hi = 0, len(clause) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if flagged(clause[mid:]):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _reply_breaks(clause: str, key: str) -> bool:
    from course.replies import review_reply

    return any(item.key == key and not item.met for item in review_reply(clause).items)


def _findings(text: str, checks: frozenset[str] | set[str]) -> list[tuple[str, str]]:
    """(kind, evidence) for every rule broken in ``text``, negated mentions left out."""
    from course import chasing, compliance

    found: list[tuple[str, str]] = []
    for clause in _clauses(text):
        if "banned" in checks:
            found += [("banned", f.word) for f in compliance.find_banned(clause)
                      if not _negated(clause, f.start)
                      and not _quoted(clause, f.start, f.start + len(f.word))
                      and not (f.word == "第一" and _FIRST_OK.match(clause, f.start))]
        if "taboo" in checks:
            for key in ("threat", "off_platform"):
                if key in chasing.taboos(clause):
                    at = _last_start(clause, lambda s, k=key: k in chasing.taboos(s))
                    if not _negated(clause, at):
                        found.append((key, clause[at:at + 12].strip()))
        for key, kind in _REPLY_RULES.items():
            if kind in checks and kind != "banned" and _reply_breaks(clause, key):
                at = _last_start(clause, lambda s, k=key: _reply_breaks(s, k))
                if not _negated(clause, at):
                    found.append((kind, clause[at:at + 12].strip()))
        if "disparage" in checks:
            found += [("disparage", m.group(0)) for m in _DISPARAGE.finditer(clause)
                      if not _negated(clause, m.start())]
        if "discount" in checks:
            found += [("discount", m.group(0)) for m in _DISCOUNT.finditer(clause)
                      if not _negated(clause, m.start())]
    if "night" in checks:
        found += [("night", m.group(0)) for m in _NIGHT.finditer(text)
                  if not _negated(text, m.start())]
    return found


_LABELS = {"banned": "出现极限词", "threat": "催付禁忌：威胁或施压",
           "off_platform": "催付禁忌：引导站外付款或交易",
           "night": "催付禁忌：夜间（22:00–08:00）打扰买家",
           "bribe": "用好处换好评或改评", "disparage": "威胁、指责或贬低他人",
           "discount": "会员折扣低于 7 折"}


def violations(text: str, checks: frozenset[str] | set[str]) -> list[str]:
    """Chinese notes for every rule ``text`` breaks, using the course's own checkers.

    ``checks`` names the rules: "banned" (极限词, :mod:`course.compliance`), "taboo"
    (threats and off-platform payment, :func:`course.chasing.taboos`), "night"
    (sending in quiet hours), "bribe" and "disparage" (:func:`course.replies.review_reply`),
    "discount" (member discounts below 7折).
    """
    evidence: dict[str, list[str]] = {}
    for kind, text_found in _findings(text, checks):
        evidence.setdefault(kind, [])
        if text_found and text_found not in evidence[kind]:
            evidence[kind].append(text_found)
    return [_LABELS[kind] + "「" + "」「".join(found[:4]) + "」" for kind, found in evidence.items()]


def _for_review(text: str) -> str:
    """``text`` for :func:`course.replies.review_reply`: negated mentions and 第一次 masked."""
    for clause in set(_clauses(text)):
        for key in _REPLY_RULES:
            if not _reply_breaks(clause, key):
                continue
            at = _last_start(clause, lambda s, k=key: _reply_breaks(s, k))
            if _negated(clause, at) or (at > 0 and clause[at - 1] in "“「‘\"'《"):
                text = text.replace(clause, "")
                break
    return _FIRST_OK.sub(lambda m: "首" + m.group(1), text)


# -- reading the source notebooks --------------------------------------------------------------
_SOLUTION = re.compile(r"### BEGIN SOLUTION\s*\n(.*?)### END SOLUTION", re.S)
_COMMENTARY = re.compile(r"\n\s*\**\s*(点评|得分说明|评分说明)\s*\**\s*[：:]", re.S)


@dataclass(frozen=True)
class WrittenAnswer:
    """A written answer cell of a source notebook, with its question and scoring table."""

    chapter: str
    grade_id: str
    points: float
    question: str
    rubric: str
    model: str


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def model_text(solution: str) -> str:
    """The model answer alone: the text between the markers, without the teacher's commentary."""
    match = _SOLUTION.search(solution)
    body = match.group(1) if match else solution
    body = _COMMENTARY.split("\n" + body, maxsplit=1)[0]
    return re.sub(r"\*\*参考答案[^*]*\*\*\s*[：:]?", "", body).strip()


@lru_cache(maxsize=4)
def written_answers(source_dir: Path) -> tuple[WrittenAnswer, ...]:
    """Every written answer in ``source_dir/chNN/chNN.ipynb``, in chapter order."""
    found = []
    for path in sorted(Path(source_dir).glob("ch*/ch*.ipynb")):
        if path.stem != path.parent.name:
            continue
        cells = json.loads(path.read_text("utf-8")).get("cells", [])
        for i, cell in enumerate(cells):
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if not (cell.get("cell_type") == "markdown" and meta.get("grade")
                    and meta.get("solution")):
                continue
            before = _source(cells[i - 1]) if i > 0 else ""
            after = next((_source(c) for c in cells[i + 1:i + 3] if "评分标准" in _source(c)), "")
            if not after and "评分标准" in before:  # the table may also come first
                after = before
            found.append(WrittenAnswer(path.parent.name, meta.get("grade_id", ""),
                                       float(meta.get("points", 0)), before, after,
                                       model_text(_source(cell))))
    return tuple(found)


# -- assessing one answer ----------------------------------------------------------------------
@dataclass
class Assessment:
    """What the checker saw in one answer. ``summary()`` is the line shown to the teacher."""

    chapter: str
    grade_id: str
    score: float
    max_score: float
    chars: int
    covered: list[str] = field(default_factory=list)
    partial: dict[str, list[str]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    answered: bool = True

    def summary(self) -> str:
        if not self.answered:
            return "参考建议：未作答（空白或仍是原来的提示文字），建议 0 分。"
        parts = [f"参考建议：约 {self.score:g}/{self.max_score:g} 分（仅供参考，以教师评分为准）"]
        if self.covered:
            parts.append("已覆盖：" + "".join(f"「{label}」" for label in self.covered))
        if self.partial:
            parts.append("部分覆盖：" + "".join(
                f"「{label}」（未见「" + "」「".join(names[:3]) + "」）"
                for label, names in self.partial.items()))
        if self.missing:
            parts.append("未提及：" + "".join(f"「{label}」" for label in self.missing))
        if self.notes:
            parts.append("注意：" + "；".join(self.notes))
        return "。".join([parts[0], "；".join(parts[1:])]).rstrip("。；") + "。"

    def __str__(self) -> str:
        return self.summary()


def _half(x: float) -> float:
    """Rounded to the nearest 0.5 (halves up)."""
    return math.floor(x * 2 + 0.5) / 2


def _clean(text: str) -> str:
    """The student's words: the stub removed, Markdown marks dropped."""
    text = text.replace(TEXT_STUB, "")
    text = re.sub(r"<[^>]{1,200}>", "", text)
    text = re.sub(r"(?m)^\s{0,3}(#{1,6}|>+|[-*+]\s|\|)", "", text)
    return text.replace("**", "").replace("`", "").replace("|", " ")


def _count(text: str) -> int:
    return len(re.sub(r"\s", "", text))


def _long_lines(text: str, limit: int) -> list[int]:
    """Lengths of the lines (one phrase each, scene label and numbering dropped) over ``limit``."""
    over = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(\d+[.、)]|[①-⑩])\s*", "", line.strip())
        head, sep, tail = line.partition("：")
        phrase = tail if sep and len(head) <= 8 else line
        if _count(phrase) > limit:
            over.append(_count(phrase))
    return over


def _chapter(text: str) -> str:
    match = re.fullmatch(r"(?:ch)?0?(\d)", str(text).strip().lower())
    return f"ch0{match.group(1)}" if match else str(text)


def assess(chapter: str, grade_id: str, text: str) -> Assessment:
    """Check one written answer against its rubric. Raises KeyError for an unknown grade_id."""
    rubric = RUBRICS[grade_id]
    if _chapter(chapter) != rubric.chapter:
        raise KeyError(grade_id)
    cleaned = _clean(text)
    chars = _count(cleaned)
    result = Assessment(rubric.chapter, grade_id, 0.0, rubric.max_score, chars)
    if chars == 0:
        result.answered = False
        return result
    sample = cleaned[:MAX_CHARS]
    broken = violations(sample, rubric.checks)
    notes = list(broken)
    lo, hi = rubric.length or (0, 10**9)
    too_short = chars < max(10, lo * 0.3)
    long_lines = _long_lines(sample, rubric.line_max) if rubric.line_max else []
    if long_lines:
        notes.append(f"有 {len(long_lines)} 条超过 {rubric.line_max} 字")
    excused = bool(rubric.excuse and re.search(rubric.excuse[1], sample))
    if excused:
        notes.append("把责任推给快递、天气等外部原因")

    total = 0.0
    for criterion in rubric.criteria:
        absent = [c.name for c in criterion.concepts if not c.found(sample)]
        share = 1 - len(absent) / len(criterion.concepts) if criterion.concepts else 1.0
        if too_short:
            share = 0.0
        if criterion.compliance and (broken or len(long_lines) >= 2):
            share = 0.0
        elif criterion.compliance and long_lines:
            share = min(share, 0.5)
        if excused and criterion.label == rubric.excuse[0]:
            share = min(share, 0.5)
        points = _half(criterion.points * share)
        if rubric.length_criterion == criterion.label and not lo <= chars <= hi:
            points = max(0.0, points - 0.5)
        total += points
        if points >= criterion.points:
            result.covered.append(criterion.label)
        elif points > 0 and absent:
            result.partial[criterion.label] = absent
        else:
            result.missing.append(criterion.label)
    if rubric.length and not lo <= chars <= hi:
        notes.append(f"字数约 {chars} 字，要求 {lo}～{hi} 字")
        hard_lo, hard_hi = rubric.hard_length or (0, 10**9)
        if rubric.length_criterion is None and not hard_lo <= chars <= hard_hi:
            total -= 0.5
    vague = [w for w in VAGUE if w in sample]
    if vague:
        notes.append("有空泛表述「" + "」「".join(vague) + "」，不计分")
    if rubric.bribe_cap is not None and any(n.startswith(_LABELS["bribe"]) for n in broken):
        total = min(total, rubric.bribe_cap)
    if rubric.reply:
        from course.replies import review_reply

        review = review_reply(_for_review(sample), max_score=rubric.max_score)
        total = min(total, review.score + 1.0)
        if review.missed:
            notes.append(f"回复检查器 {review.score:g}/{review.max_score:g}"
                         f"（未通过：{'、'.join(m.split('（')[0] for m in review.missed[:3])}）")
    if too_short and not rubric.length:
        notes.append(f"作答过短（约 {chars} 字）")
    if len(text) > MAX_CHARS:
        notes.append(f"作答很长，只分析了前 {MAX_CHARS} 个字符")
    result.notes = list(dict.fromkeys(notes))
    result.score = _half(min(rubric.max_score, max(0.0, total)))
    return result


def suggest(chapter: str, grade_id: str, text: str | None) -> str:
    """A short Chinese suggestion for the teacher; never raises and never changes a score.

    Args:
        chapter: the chapter, e.g. ``"ch04"`` (``"4"`` and ``"ch4"`` work too).
        grade_id: the written answer's nbgrader grade_id, e.g. ``"written_bargain_reply"``.
        text: the student's markdown (a string, or a list of lines as in the .ipynb file).
    """
    try:
        if text is None:
            return Assessment(str(chapter), str(grade_id), 0, 0, 0, answered=False).summary()
        if isinstance(text, (list, tuple)) and all(isinstance(t, str) for t in text):
            text = "".join(text)
        if not isinstance(text, str):
            return (f"参考建议：无法读取作答内容（类型为 {type(text).__name__}），"
                    "请直接查看学生的原文，按评分标准批改。")
        try:
            return assess(chapter, grade_id, text).summary()
        except KeyError:
            if not text.replace(TEXT_STUB, "").strip():
                return Assessment(str(chapter), str(grade_id), 0, 0, 0,
                                  answered=False).summary()
            return (f"参考建议：没有 {chapter} 中「{grade_id}」这道题的评分要点，"
                    "请按评分标准人工批改。")
    except Exception as exc:  # noqa: BLE001 - advice must never stop grading
        return f"参考建议：无法生成（{type(exc).__name__}），请按评分标准人工批改。"

