"""Rubric suggestions shown to the teacher beside each written (manually graded) answer.

Every chapter has one written answer (a markdown cell that nbgrader marks
``grade`` and ``solution``), followed by its scoring table. :func:`suggest`
reads a student's text and returns a short Chinese note for the teacher: first
what needs a look (wording that breaks the course's rules — 极限词 via
:mod:`course.compliance`, 催付禁忌 via :mod:`course.chasing`, bribes and threats via
:mod:`course.replies` —, the mistakes the scoring table names, KPI numbers that
are not in the student's data, keyword lists, repeated sentences), then a
suggested score, then each row of the table with the sentence that earned it
and what is missing.

A row's points come from the concepts it asks for. A concept is a set of
synonyms; :mod:`autograder.answer_text` makes sure a match is a word of the
answer, not negated ("问题不在售中"), and not part of a bare list of keywords.

It is advice only: nothing here reads or writes the gradebook, and no score
ever changes because of it. :func:`suggest` never raises.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from autograder.answer_text import SEGMENTER, AnswerText, chars
from autograder.stubs import TEXT_STUB
from course.rules import RULES

#: Texts longer than this are analysed on their first ``MAX_CHARS`` characters only.
MAX_CHARS = 5_000

#: Empty phrases the rubrics refuse to credit (措施 that say nothing concrete).
VAGUE = ("加强责任心", "增强责任心", "以后注意", "多加注意", "认真一点", "细心一点", "更加努力",
         "提高服务意识", "加强服务意识", "加强管理", "加强激励", "提高积极性", "加强学习", "态度要好")

#: Share of an answer in keyword lists from which the whole answer is capped at 1 point.
LISTING_SHARE = 0.5
#: Share of an answer in repeated sentences from which it loses 0.5.
REPEAT_SHARE = 0.2


@dataclass(frozen=True)
class Concept:
    """One thing an item asks for: any of ``words`` (regular expressions, synonyms) shows it.

    With ``need`` > 1, that many *different* words must appear at different places (e.g.
    two KPIs). A mention after a negation in its clause does not count, unless
    ``negation_ok`` (a cause: "没有催付" names the cause).
    """

    words: tuple[str, ...]
    need: int = 1
    #: What the teacher reads when it is missing (default: the first word).
    label: str = ""
    negation_ok: bool = False

    @property
    def name(self) -> str:
        return self.label or self.words[0]


@dataclass(frozen=True)
class Criterion:
    """One row of a chapter's scoring table."""

    label: str
    points: float
    concepts: tuple[Concept, ...] = ()
    #: Scores 0 when the answer breaks a rule (极限词, 禁忌, 返现 …).
    compliance: bool = False
    #: Each missing concept costs this many points (the table says "缺1项得0.5分");
    #: None: the row scores the share of its concepts found.
    per_missing: float | None = None


@dataclass(frozen=True)
class Mistake:
    """A mistake the scoring table names, found by ``pattern``: it caps or costs a row.

    ``wrong`` (optional) decides whether a match really is the mistake (e.g. a cut-off
    hour other than the shop's). Each distinct match costs ``minus``; any caps at ``cap``.
    """

    criterion: str
    pattern: str
    #: The teacher's note, "{}" standing for the words found.
    note: str
    cap: float | None = None
    minus: float = 0.0
    wrong: Callable[[re.Match], bool] | None = None


@dataclass(frozen=True)
class KpiCheck:
    """Check the KPI numbers an answer cites against the student's own data."""

    criterion: str
    #: The period the question gives, both dates included.
    period: tuple[str, str]
    #: The agent the answer is about when it names nobody.
    subject: str


@dataclass(frozen=True)
class Rubric:
    """The scoring table of one written answer, as concepts the checker can look for."""

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
    #: Maximum characters of each quoted message (a "> " line or “…”), or None.
    quote_max: int | None = None
    #: Below this many characters the answer is too short to earn any row.
    brief: int = 10
    #: Rule checks to run: "banned", "taboo", "off_platform", "bribe", "disparage",
    #: "discount", "night".
    checks: frozenset[str] = frozenset()
    #: The answer is a reply to a buyer: also run :func:`course.replies.review_reply`.
    reply: bool = False
    mistakes: tuple[Mistake, ...] = ()
    #: When the answer trades compensation for a better review, the total is capped here.
    bribe_cap: float | None = None
    #: (rule, criterion, points): a broken rule also costs that row (each kind once).
    rule_costs: tuple[tuple[str, str, float], ...] = ()
    kpi: KpiCheck | None = None

    @property
    def max_score(self) -> float:
        return sum(c.points for c in self.criteria)


def _c(*words: str, need: int = 1, label: str = "", negation_ok: bool = False) -> Concept:
    return Concept(tuple(words), need, label, negation_ok)


_CUSTOMER = frozenset({"banned", "bribe", "disparage"})
#: Plans for the shop's own staff: nothing to say to a buyer, but no off-platform deals.
_INTERNAL = frozenset({"off_platform", "bribe"})

_CN_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
           "九": 9, "十": 10, "十一": 11, "十二": 12}


def _number(text: str) -> float | None:
    text = text.strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    return _CN_NUM.get(text)


#: ch03: the shop's facts the quick phrases must state (满99元包邮; 16点前付款当天发货).
FREE_SHIPPING = RULES.promotions.free_shipping_at or 99
SAME_DAY_CUTOFF_HOUR = 16
_HOUR = r"(?P<half>上午|下午|晚上|傍晚|中午)?\s*(?P<h>\d{1,2}|十[一二]?|[一二两三四五六七八九])\s*(?:点|[:：]00)"


def _wrong_cutoff(match: re.Match) -> bool:
    hour = _number(match.group("h"))
    if hour is None:
        return False
    if match.group("half") in ("下午", "晚上", "傍晚") and hour < 12:
        hour += 12
    return hour != SAME_DAY_CUTOFF_HOUR


def _wrong_free_shipping(match: re.Match) -> bool:
    return float(match.group("at")) != float(FREE_SHIPPING)


#: ch05: order ② was placed this many hours ago (the question says so).
ORDER2_AGE_HOURS = 65


def _wrong_time_left(match: re.Match) -> bool:
    value = _number(match.group("n"))
    if value is None:
        return False
    hours = value * 24 if match.group("unit") in ("天", "日") else value
    return abs(hours - (RULES.chasing.close_hours - ORDER2_AGE_HOURS)) > 2


def _wrong_close_hours(match: re.Match) -> bool:
    return float(match.group("n")) != RULES.chasing.close_hours


#: grade_id → its rubric. Concepts come from each chapter's scoring table and model
#: answer, with the synonyms students use for them.
RUBRICS: dict[str, Rubric] = {r.grade_id: r for r in (
    Rubric("ch01", "written_case_analysis", (
        Criterion("环节判断", 1, (
            _c("售中", r"付(?:完|好|了|过)?(?:款|钱)[^。；\n]{0,10}(?:发货|发出|出库)(?:之|以)?前",
               r"付(?:完|好|了)?(?:款|钱)[^。；\n]{0,6}还没有?(?:发货|发出)"),
            _c("备注", "订单留言", r"(?:记|写|填)[^。；\n]{0,4}(?:要求|订单)", label="订单备注"))),
        Criterion("职责分析", 1, (
            _c("客服", "小A"),
            _c("职责", "责任", "负责", "本应", "应由", "该由", "分内", "份内", "本职", "该做",
               r"本来就?是", label="职责归属"),
            _c("仓储", "打包", "发货前", "仓库", "包花", "出库", r"发(?:货|出)(?:之|以)?前",
               label="仓储把关"))),
        Criterion("改进措施", 1, (
            _c("核对", "检查", "复核", "读一遍", "查看", "对一遍", "对照", "核查", "看一遍",
               "再看", label="核对订单"),
            _c("确认", "复述", "核实", r"发(?:回|给)给?买家", "请买家", "让买家", "请对方",
               label="与买家确认"),
            _c("格式", "模板", "旗", "抽查", "二次", "交接表", "清单", "抽看", "随机", "统一",
               "逐单", "抽检", label="固定格式或抽查"))),
    ), length=(150, 250), hard_length=(120, 300), checks=_INTERNAL, mistakes=(
        Mistake("环节判断", r"(?:问题|错误|差错|出错|失误|错)(?:主要)?(?:是)?(?:出在|发生在|在于|属于)"
                r"[^。；，,\n]{0,3}(?:售后|售前)",
                "环节判断可能有误：写的是「{}」（评分标准：售中的订单确认与备注）", cap=0),
        Mistake("环节判断", r"(?:问题|错误|差错|责任)并?(?:不在|不是出在|不属于)[^。；，,\n]{0,3}售中",
                "环节判断可能有误：「{}」（评分标准：售中的订单确认与备注）", cap=0),
        Mistake("职责分析", r"(?:跟|和|与)客服(?:没有|没|无)(?:关系|责任)|不是客服的(?:责任|问题|错)|"
                r"(?:责任|问题)(?:主要|全)?(?:在于?|出在)仓库|(?:全|都)?(?:是|属于)仓库的(?:错|责任|问题)|"
                r"错在仓库",
                "把责任全推给仓库：「{}」（客服写错备注是主要原因）", cap=0.5),
    )),
    Rubric("ch02", "written_listing_rewrite", (
        Criterion("合规性", 1, compliance=True),
        Criterion("卖点真实具体", 1, (
            _c("进口"),
            _c("新鲜", "当天", "现剪", "现包", "醒花", "保鲜", "保水", "醒好", "清早", "到货",
               "挑选", "逐枝", label="新鲜的具体做法"),
            _c("花艺师", "花艺老师", "插花师"),
            _c(r"\d+ ?年", "十年", "从业", "经验", r"[一二三四五六七八九十]+[多余几]?年", "入行",
               "资深", "老花艺师", label="从业年限"))),
        Criterion("吸引力与规范", 1, (
            _c("送", "礼", "礼物", "送礼", "心上人", "纪念日", "生日", "节日", "表白", "犒劳",
               "另一半", "惊喜", "女朋友", "爱人", "送人", label="送礼场景"),
            _c("包邮", "欢迎", "选购", "下单", "咨询", "拍下", "收藏", "免运费", "免邮", "选它",
               "带回家", "快来", "入手", label="行动引导"))),
    ), length=(60, 120), length_criterion="吸引力与规范", checks=_CUSTOMER),
    Rubric("ch03", "written_quick_phrases", (
        Criterion("覆盖与准确", 1, (
            _c("包邮", "免运费", "免邮", "运费"),
            _c("发货", "发出", "寄出", "出库"),
            _c("送达", "日期", "指定", "配送", "哪天", "送到", "收到", label="指定日期送达"),
            _c("贺卡", "卡片", "祝福卡", "留言卡"),
            _c("售后", "蔫", "压坏", "破损", "照片", "拍照", "抱歉", "不好意思", label="售后问题"),
            _c(f"(?<!\\d){FREE_SHIPPING:g}(?!\\d)", label=f"满{FREE_SHIPPING:g}元包邮"),
            _c(r"16 ?点", "16:00", "四点", r"下午 ?4 ?点", label="16点前付款当天发货")),
            per_missing=0.5),
        Criterion("规范", 1, compliance=True),
        Criterion("语气与可操作性", 1, (
            _c("亲", "您", "亲爱的", label="称呼"),
            _c("～", "~", "哦", "呀", "啦", "呢", "哒", "嘛", "哈", label="亲切的语气"),
            _c("发给我", "留言", "备注", "拍", "拍照", "拍张", "拍下", "拍个", "联系", "告诉我",
               "写上", "凑单", "查", "查看", "能查", "找我", "发我", "发过来", label="下一步指引"))),
    ), line_max=50, brief=15, checks=_CUSTOMER, mistakes=(
        Mistake("覆盖与准确", r"满\s*(?P<at>\d+)\s*元?\s*(?:就|即)?\s*(?:可以|能)?\s*(?:包邮|免运费|免邮)",
                "包邮门槛写错：「{}」（店铺规则：满" + f"{FREE_SHIPPING:g}" + "元包邮）",
                minus=0.5, wrong=_wrong_free_shipping),
        Mistake("覆盖与准确", _HOUR + r"\s*(?:之|以)?前\s*(?:付款|付好款|拍下|下单)?[^。；\n]{0,4}"
                r"(?:当天|当日)\s*(?:就)?\s*(?:发货|发出|寄出)",
                f"当天发货的截止时间写错：「{{}}」（店铺规则：{SAME_DAY_CUTOFF_HOUR}点前付款当天发货）",
                minus=0.5, wrong=_wrong_cutoff),
    )),
    Rubric("ch04", "written_bargain_reply", (
        Criterion("礼貌与共情", 1, (
            _c("亲", "您好", "你好", "亲爱的", label="称呼问候"),
            _c("理解", "明白", "懂您", "懂你", "我懂", "能体会", "心情我", label="理解买家"),
            _c("期待", "感谢", "谢谢", "祝", "祝您", "祝你", "欢迎", label="礼貌结束")), per_missing=0.5),
        Criterion("价值说明与替代方案", 1, (
            _c("A级", "大花头", "新鲜", "现包", "当天", "保水", "售后", "花材", "品质", "配送",
               "现扎", "大朵", r"今天订.{0,3}扎", label="价值点"),
            _c("贺卡", r"11 ?枝", "139", "优惠券", "包邮", "赠", "送您", "卡片", "祝福卡",
               label="替代方案或小福利"))),
        Criterion("促成与合规", 1, (_c("下单", "拍下", "安排", "帮您", "付款", "拍", label="邀请下单"),),
                  compliance=True),
    ), length=(80, 150), length_criterion="促成与合规", checks=_CUSTOMER, reply=True, mistakes=(
        Mistake("价值说明与替代方案",
                r"(?:改价|改到|降到|便宜到|减到|少收|优惠到)\s*(?:成)?\s*\d+|直接(?:给您|帮您)?(?:改价|便宜|减)|"
                r"(?:给您|帮您)(?:便宜|少收|减)\s*\d+\s*元|(?:给您|帮您)?打\s*\d(?:\.\d)?\s*折",
                "承诺了规则外的改价或优惠：「{}」", cap=0),
    )),
    Rubric("ch05", "written_reminders", (
        Criterion("原因与理由", 1, (
            _c("送达", "送到", "收到", "赶上", "按时", r"能不能.{0,4}到", label="①担心送达"),
            _c("截单", r"\d+ ?点前", "点之前", "停止接", "截止", label="①截单时间"),
            _c("关闭", str(RULES.chasing.close_hours), "取消", "失效", label="②订单关闭时间"),
            _c("忘", "老客户", "老顾客", "支持", "好久", label="②老客户忘了付款"))),
        Criterion("避开禁忌", 1, compliance=True),
        Criterion("渠道与时间", 1, (
            _c("旺旺", "千牛", "短信", "电话", label="渠道"),
            _c(r"\d{1,2}[:：]\d{2}", r"\d{1,2} ?点.{0,6}发", "发送时间", "现在发", "立即发", "马上发",
               r"(?:上午|下午|晚上|中午)\s*\d{1,2}\s*点", label="发送时间"))),
    ), quote_max=60, brief=40, checks=_CUSTOMER | {"taboo", "night"},
        rule_costs=(("night", "渠道与时间", 0.5),), mistakes=(
        Mistake("原因与理由", r"嫌贵|(?:觉得|嫌)(?:价格)?太?贵|价格太?高|太贵",
                "订单①的原因可能判断错了：「{}」（买家问过能否明天送到，最担心的是送达时间）",
                minus=0.5),
        Mistake("原因与理由", r"(?:还有|还剩|剩下|剩余|离关闭还有)\s*(?:约|大约)?\s*(?P<n>\d+|[一二两三四五六七八九十])"
                r"\s*(?:个)?\s*(?P<unit>天|日|小时)",
                "订单②的关闭时间可能算错了：「{}」（拍下 72 小时关闭，题中已过 65 小时）",
                minus=0.5, wrong=_wrong_time_left),
        Mistake("原因与理由", r"(?:拍下|下单)(?:后|满)?\s*(?P<n>\d+)\s*(?:个)?\s*小时[^。；\n]{0,4}(?:关闭|取消|失效)",
                "订单关闭时间写错：「{}」（课程规则：拍下后 "
                f"{RULES.chasing.close_hours} 小时未付款自动关闭）",
                minus=0.5, wrong=_wrong_close_hours),
    )),
    Rubric("ch06", "written_bad_review_reply", (
        Criterion("致歉与担责", 1, (
            _c("抱歉", "对不起", "道歉", "歉意", "赔个不是", "赔不是", "不好意思", label="道歉"),
            _c("责任", "我们的问题", "我们没", "失误", "疏忽", "没能", "没做好", "我们的错",
               label="承认责任"))),
        Criterion("具体补救方案", 1, (
            _c("退", "补发", "补送", "重新发", "补偿", "重发", "退还", "退款", "退您", "再送",
               r"重新(?:给您)?(?:送|做)", r"免费(?:重新)?(?:送|做)", label="补救方案"),
            _c(r"\d+(\.\d+)? ?元", r"\d+ ?[月日号]", "明天", "今天", "后天", "本周", r"周[一二三四五六日末]",
               label="金额或日期"))),
        Criterion("邀请联系与合规收尾", 1, (
            _c("联系", "找我", "旺旺", "私信", "电话", "留言", "告诉我", label="邀请联系"),
            _c("感谢", "谢谢", "祝", "祝您", "祝你", "再次", "期待", label="礼貌收尾")), compliance=True),
    ), length=(100, 200), hard_length=(80, 240), checks=_CUSTOMER | {"taboo"}, reply=True,
        mistakes=(Mistake("致歉与担责", r"是快递|快递(?:的)?(?:原因|问题|太慢|慢|延误)|天气(?:原因|不好)|"
                          r"因为天气|不是我们的(?:问题|责任)|与我们无关",
                          "把责任推给快递、天气等外部原因：「{}」", cap=0.5),),
        bribe_cap=1.0),
    Rubric("ch07", "written_improvement_plan", (
        Criterion("数据诊断", 1, (
            _c(r"首次响应|首次回复|首响", r"平均响应|平均回复", r"响应时间|回复时间|响应速度",
               r"转化率|成交率", "回复率", r"满意率|满意度", "抢单", "客单价", "退款率", "销售额",
               need=2, label="两项 KPI"),
            _c(r"\d+(\.\d+)? ?(秒|%|％|元)", label="具体数值"),
            _c("高于", "低于", "偏高", "偏低", "超过", "不到", "远高", "落后", "差距", "不达标",
               "多了", "只有", "一半", "更慢", "不如", r"比.{1,6}(?:高|低|慢|快|长|短|多|少)",
               r"而参考值", label="与参考值比较"))),
        Criterion("原因分析", 1, (
            _c("原因", "导致", "因为", "所以", "造成", "由于", "也就是说", "因此", "结果",
               label="因果说明"),
            _c("回复慢", "响应慢", "等不及", "流失", "催付", "需求", "不熟", "话术", "等待",
               "回得慢", "走了", "别家", "追单", "跟进", label="具体原因", negation_ok=True))),
        Criterion("改进措施", 1, (
            _c("快捷短语", "抽查", "培训", "学习", "分流", "排班", "催付", "话术", "复盘",
               "现成的回答", "错开", "带教", "常见问题", need=2, label="具体措施"),
            _c("目标", "≤", "≥", "不超过", "达到", "以上", "以下", "以内", "做到", "提升到", "降到",
               "压到", "守住", label="目标值"),
            _c("每天", "每周", "每月", "复查", "周期", "两周", "一个月", "日报", "报表", "每日",
               label="复查周期"))),
    ), length=(200, 300), hard_length=(150, 400), checks=_INTERNAL,
        kpi=KpiCheck("数据诊断", ("2025-06-01", "2025-06-30"), "A03")),
    Rubric("ch08", "written_revisit_plan", (
        Criterion("客户识别与价值", 1, (
            _c(r"R ?低", "很久", r"90 ?天", "好久", "没来", r"[三3]个多?月", "很长时间", "久未",
               label="R 低"),
            _c(r"F ?低", r"不足 ?3", "次数少", "频次低", "买得少", "单数少", "一两回", "一两次",
               r"不到 ?[3三] ?[单次]", "次数不多", label="F 低"),
            _c(r"M ?高", "200", "消费多", "花钱多", "金额高", "舍得", "消费高", "两百", "出手大方",
               "花得多", label="M 高"),
            _c("挽回", "价值", "流失", "划算", "重要", "留住", "唤回", "省力", "成本", "可惜",
               label="挽回的价值"))),
        Criterion("权益、渠道与合规", 1, (
            _c("券", "优惠", "权益", "折", "补救", "礼", "补偿", label="具体权益"),
            _c("旺旺", "千牛", "电话", "短信", "站内", label="平台内渠道"),
            _c("小E", "小F", "客服", "店长", "负责", label="负责人"),
            _c("一次", "每人", "频率", "每月", "每周", "不群发", "不打扰", "不骚扰", "只联系",
               label="联系频率")), compliance=True),
        Criterion("话术与效果衡量", 1, (
            _c("您好", "好久不见", "问候", "关怀", "“", "「", "\"", label="话术示例"),
            _c("回复率", "核销率", "复购", "再次付款", "挽回率", "回购", "回访人数", "回了消息",
               r"用券.{0,4}(?:买|下单)", "下单的人数", "多少人", label="量化指标"),
            _c(r"\d+ ?天", "一个月", "每周", "每月", "30", label="观察时间"))),
    ), length=(150, 250), checks=_CUSTOMER | {"taboo", "discount"}, mistakes=(
        Mistake("客户识别与价值", r"R\s*高|F\s*高|M\s*低|(?:最近|刚刚?)才?(?:来过|买过|下过单|付过款)|"
                r"(?:买|来)得很?(?:频繁|勤)|花钱(?:不多|少)|消费(?:不多|少|低)",
                "RFM 特征可能有误：「{}」（重要挽留客户：R 低、F 低、M 高）", cap=0),
    )),
    Rubric("ch09", "written_incentive_plan", (
        Criterion("保健因素与激励因素", 1, (
            _c("保健", label="保健因素"), _c("激励", label="激励因素"),
            _c("排班", "休息", "补贴", "工资", "薪资", "餐补", "加班", "夜宵", "宵夜", "轮休",
               label="保健措施"),
            _c("表扬", "认可", "服务之星", "晋升", "成长", "带新人", "组长", "荣誉", "证书",
               "七夕之星", "升职", "升主管", label="激励措施"))),
        Criterion("与考核表挂钩", 1, (
            _c("考核", "总分", "等级", "绩效系数", "得分", "评分", label="考核表"),
            _c(r"\d+ ?分", r"[ABCD] ?级", r"[ABCD] ?以上", "系数", "以上才", "才能参评",
               label="分数或等级门槛", negation_ok=True))),
        Criterion("售前售后公平性", 1, (
            _c("售前"), _c("售后"),
            _c("分开", "分组", "单独", "各评", "分别", "不同", "各选", "换一张", "另用",
               label="分组评比"),
            _c("公开", "公布", "透明", "申诉", "公平", "提前告诉", label="规则公开或申诉"))),
    ), length=(200, 300), hard_length=(150, 400), checks=_INTERNAL, mistakes=(
        Mistake("保健因素与激励因素",
                r"激励因素(?:(?!保健)[^。；;\n]){0,16}?(?:涨工资|加薪|工资|薪资|薪水|加班费|补贴|休息|排班)|"
                r"保健因素(?:(?!激励)[^。；;\n]){0,16}?(?:表扬|认可|服务之星|晋升|荣誉|成就|成长|组长|带新人)",
                "两类因素可能分错了：「{}」（工资、补贴、排班属于保健因素；认可、成长属于激励因素）",
                cap=0.5),
    )),
)}


def vocabulary() -> set[str]:
    """Every plain word the rubrics look for (kept whole by the segmenter)."""
    words = set()
    for table in RUBRICS.values():
        for criterion in table.criteria:
            for concept in criterion.concepts:
                words.update(w for w in concept.words if re.fullmatch(r"[\u4e00-\u9fff]+", w))
    return words


# -- rule checks -----------------------------------------------------------------------------
_CLAUSE = re.compile(r"[^。！？!?；;，,、\n]+")
#: A negation just before a match means a rule is stated, not broken ("不引导站外交易").
_NEGATION = re.compile(r"不|没|未|无|禁止|严禁|避免|拒绝|杜绝|勿")
_FIRST_OK = re.compile(r"第一(次|步|条|项|天|点|部分|个|周|、|，|：|:)")
_DISPARAGE = re.compile(r"(别家|别的店|其他店|其他家|同行|他们家|那家|别人家).{0,8}"
                        r"(次品|假货|假的|差|烂|劣|坑|垃圾|不正规|以次充好)")
_DISCOUNT = re.compile(r"(?<![\d.])([1-6](?:\.\d+)?)\s*折")
_NIGHT = re.compile(r"(?<!\d)(2[2-3]|0?[0-7])\s*[:：点]\s*(\d{2})?\s*分?[^。！？\n]{0,8}"
                    r"(发送|发出|推送|发(?![货生现给布]))|凌晨|半夜|深夜")
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
        taboo_keys = ("threat", "off_platform") if "taboo" in checks else (
            ("off_platform",) if "off_platform" in checks else ())
        if taboo_keys:
            for key in taboo_keys:
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
           "off_platform": "引导站外付款、交易或联系（平台禁止，也是催付禁忌）",
           "night": "催付禁忌：夜间（22:00–08:00）打扰买家",
           "bribe": "用好处换好评或改评", "disparage": "威胁、指责或贬低他人",
           "discount": "会员折扣低于 7 折"}


def violations(text: str, checks: frozenset[str] | set[str]) -> list[str]:
    """Chinese notes for every rule ``text`` breaks, using the course's own checkers.

    ``checks`` names the rules: "banned" (极限词, :mod:`course.compliance`), "taboo"
    (threats and off-platform payment, :func:`course.chasing.taboos`), "off_platform"
    (off-platform payment or contact only), "night"
    (sending in quiet hours), "bribe" and "disparage" (:func:`course.replies.review_reply`),
    "discount" (member discounts below 7折).
    """
    return _notes(_findings(text, checks))


def _notes(findings: list[tuple[str, str]]) -> list[str]:
    evidence: dict[str, list[str]] = {}
    for kind, text_found in findings:
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
class Row:
    """One row of the scoring table as the checker scored it, with its evidence."""

    label: str
    points: float
    max_points: float
    #: Excerpts of the sentences that earned the row's points.
    evidence: list[str] = field(default_factory=list)
    #: Names of the concepts not found.
    missing: list[str] = field(default_factory=list)
    #: Why the row was capped (a rule break, a named mistake, data that disagrees).
    capped: list[str] = field(default_factory=list)


@dataclass
class Assessment:
    """What the checker saw in one answer. ``summary()`` is the text shown to the teacher."""

    chapter: str
    grade_id: str
    score: float
    max_score: float
    chars: int
    covered: list[str] = field(default_factory=list)
    partial: dict[str, list[str]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    #: What the teacher should look at first: rule breaks, named mistakes, wrong data,
    #: keyword lists, repetition.
    flags: list[str] = field(default_factory=list)
    #: Other remarks: length, empty phrases, the reply checker, truncation.
    notes: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    answered: bool = True

    def summary(self) -> str:
        """Flags first, then the suggested score, then each row with its evidence."""
        if not self.answered:
            return "参考建议：未作答（空白或仍是原来的提示文字），建议 0 分。"
        score = f"约 {self.score:g}/{self.max_score:g} 分（仅供参考，以教师评分为准）"
        lines = []
        if self.flags:
            lines.append("参考建议：⚠ 请先看：" + "；".join(self.flags) + "。")
            lines.append("建议得分" + score + "。")
        else:
            lines.append("参考建议：" + score + "。")
        for row in self.rows:
            line = f"· {row.label} {row.points:g}/{row.max_points:g}"
            parts = []
            if row.evidence:
                parts.append("依据" + "".join(f"「{e}」" for e in row.evidence))
            if row.missing:
                parts.append("未见「" + "」「".join(row.missing[:4]) + "」")
            if row.capped:
                parts.append("；".join(row.capped))
            lines.append(line + ("：" + "；".join(parts) if parts else "") + "。")
        if self.notes:
            lines.append("其他：" + "；".join(self.notes) + "。")
        return "\n".join(lines)

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
    return chars(text)


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


_QUOTE = re.compile(r"(?m)“([^”\n]{8,})”|^\s{0,3}>\s*(.+)$")


def _long_quotes(text: str, limit: int) -> list[int]:
    """Lengths of the quoted messages (“…” or a "> " line) over ``limit``."""
    found = [_count(m.group(1) or m.group(2)) for m in _QUOTE.finditer(text)]
    return [n for n in found if n > limit]


def _chapter(text: str) -> str:
    match = re.fullmatch(r"(?:ch)?0?(\d)", str(text).strip().lower())
    return f"ch0{match.group(1)}" if match else str(text)


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


_NEGATED_WORD = re.compile(r"[不没未无别非]")
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{1,2}")


def _valid(match: re.Match, answer: AnswerText, negation_ok: bool) -> bool:
    """A match that counts: a word of the answer, in a sentence, not negated."""
    start, end = match.span()
    if start == end:
        return False
    word = match.group(0)
    if _CJK_WORD.fullmatch(word) and not answer.aligned(start, end):
        return False
    sentence = answer.sentence_at(start)
    if sentence is None or sentence.listing or answer.in_heading(start):
        return False
    return negation_ok or bool(_NEGATED_WORD.match(word)) or not answer.negated(start)


def _concept_hits(concept: Concept, answer: AnswerText) -> list[re.Match]:
    """The matches that show ``concept``: one per word, at distinct places."""
    hits: list[re.Match] = []
    for word in concept.words:
        for match in _compiled(word).finditer(answer.text):
            if any(match.start() < h.end() and h.start() < match.end() for h in hits):
                continue
            if _valid(match, answer, concept.negation_ok):
                hits.append(match)
                break
        if len(hits) >= concept.need:
            break
    return hits


def _mistakes(rubric: Rubric, answer: AnswerText) -> list[tuple[Mistake, list[str]]]:
    """Each mistake the answer makes, with the distinct words that show it."""
    found = []
    for mistake in rubric.mistakes:
        words: list[str] = []
        for match in _compiled(mistake.pattern).finditer(answer.text):
            word = match.group(0).strip()
            if word in words or not _valid(match, answer, False):
                continue
            if mistake.wrong is None or mistake.wrong(match):
                words.append(word)
        if words:
            found.append((mistake, words))
    return found


def _evidence(answer: AnswerText, matches: list[re.Match], most: int = 2) -> list[str]:
    """Excerpts of the first ``most`` sentences that hold ``matches``, one per sentence."""
    shown, sentences = [], set()
    for match in sorted(matches, key=lambda m: m.start()):
        sentence = answer.sentence_at(match.start())
        if sentence is None or sentence.start in sentences:
            continue
        sentences.add(sentence.start)
        shown.append(answer.excerpt(match.start(), match.end()))
        if len(shown) == most:
            break
    return shown


class _Unknown:
    def __repr__(self) -> str:
        return "rubric.UNKNOWN"


#: ``identity`` when the student's variant cannot be known: data is not checked.
UNKNOWN = _Unknown()


def needs_data(grade_id: str) -> bool:
    """Whether the item's suggestion checks the student's data (then pass ``identity``)."""
    table = RUBRICS.get(str(grade_id))
    return bool(table and table.kpi)


def _kpi_table(period: tuple[str, str], identity: Mapping[str, str] | None):
    """The KPIs of ``period`` in the variant ``identity`` names (None: this process's)."""
    from course import kpi

    if identity is None:
        return kpi.agent_kpis(*period), kpi.agent_names()
    from autograder.steps.execute import identity_environment

    with identity_environment(dict(identity)):
        return kpi.agent_kpis(*period), kpi.agent_names()


def _check_kpis(check: KpiCheck, text: str, identity) -> tuple[list[str], list[str], float | None,
                                                               str]:
    """(confirmed, problems, cap for the row, note) for the KPI numbers ``text`` cites."""
    from autograder import kpi_claims

    if identity is UNKNOWN:
        return [], [], None, "没有核对 KPI 数值（不知道这位学生的数据版本）"
    try:
        table, names = _kpi_table(check.period, identity)
    except Exception as exc:  # noqa: BLE001 - advice must never stop grading
        return [], [], None, f"没有核对 KPI 数值（读取数据出错：{type(exc).__name__}）"
    aliases = {**{name: agent for agent, name in names.items()}, **{a: a for a in names}}
    claims = kpi_claims.find_claims(text, aliases, check.subject)
    verdict = kpi_claims.check(claims, table, names)
    problems = []
    for title, found in (("数值与数据不符", verdict.wrong_values),
                         ("比较方向与数据相反", verdict.wrong_directions)):
        if found:
            more = f"等 {len(found)} 处" if len(found) > 3 else ""
            problems.append(f"{title}：" + "".join(found[:3]) + more)
    cap = None
    if verdict.wrong_values and not verdict.confirmed:
        cap = 0.0
    elif verdict.wrong_values or verdict.wrong_directions:
        cap = 0.5
    return verdict.confirmed, problems, cap, ""


def assess(chapter: str, grade_id: str, text: str,
           identity: Mapping[str, str] | None | _Unknown = None) -> Assessment:
    """Check one written answer against its rubric. Raises KeyError for an unknown grade_id.

    ``identity`` names the student's data variant for items that check data (ch07):
    ``{"KEFU_STUDENT": …, "KEFU_VARIANT_KEY": …}`` as the grader hands each notebook
    (empty: the public data), None for this process's own variant, or :data:`UNKNOWN`.
    """
    rubric = RUBRICS[grade_id]
    if _chapter(chapter) != rubric.chapter:
        raise KeyError(grade_id)
    cleaned = _clean(text)
    result = Assessment(rubric.chapter, grade_id, 0.0, rubric.max_score, _count(cleaned))
    if result.chars == 0:
        result.answered = False
        return result
    SEGMENTER.add_words(_VOCABULARY)
    sample = cleaned[:MAX_CHARS]
    answer = AnswerText(sample, headed=rubric.line_max is not None)
    own = answer.own_chars
    flags: list[str] = []
    notes: list[str] = []

    findings = _findings(sample, rubric.checks)
    broken = _notes(findings)
    flags += broken
    broken_kinds = {kind for kind, _ in findings}
    long_lines = _long_lines(sample, rubric.line_max) if rubric.line_max else []
    if long_lines:
        flags.append(f"有 {len(long_lines)} 条超过 {rubric.line_max} 字")
    long_quotes = _long_quotes(text.replace(TEXT_STUB, "")[:MAX_CHARS],
                               rubric.quote_max) if rubric.quote_max else []
    if long_quotes:
        flags.append(f"有 {len(long_quotes)} 条话术超过 {rubric.quote_max} 字"
                     f"（{'、'.join(f'{n} 字' for n in long_quotes[:3])}）")
    over = max(len(long_lines), len(long_quotes))
    caps: dict[str, list[tuple[float | None, float, str]]] = {}
    for mistake, words in _mistakes(rubric, answer):
        note = mistake.note.format("」「".join(words[:3]))
        flags.append(note)
        caps.setdefault(mistake.criterion, []).append(
            (mistake.cap, mistake.minus * len(words), note))
    for kind, criterion_label, minus in rubric.rule_costs:
        if kind in broken_kinds:
            caps.setdefault(criterion_label, []).append((None, minus, _LABELS[kind]))
    confirmed: list[str] = []
    if rubric.kpi:
        confirmed, problems, cap, note = _check_kpis(rubric.kpi, sample, identity)
        flags += problems
        if note:
            notes.append(note)
        if cap is not None:
            caps.setdefault(rubric.kpi.criterion, []).append(
                (cap, 0.0, "所写数值都与数据不符" if cap == 0 else "数值或方向与数据不符"))
    listing = answer.listing_share >= LISTING_SHARE
    if answer.listing_share > 0:
        share = round(answer.listing_share * 100)
        (flags if listing else notes).append(
            f"约 {share}% 的内容是关键词罗列，不是完整的句子（罗列的词不计分）")
    repeats = [s.text.strip() for s in answer.sentences if s.repeat]
    if repeats:
        flags.append(f"有 {len(repeats)} 句与前文重复（如「{repeats[0][:20]}」），"
                     f"字数按去掉重复后的约 {own} 字计")
    lo, hi = rubric.length or (0, 10**9)
    too_short = own < max(rubric.brief, lo * 0.3)

    total = 0.0
    for criterion in rubric.criteria:
        row = Row(criterion.label, 0.0, criterion.points)
        hits = {c.name: _concept_hits(c, answer) for c in criterion.concepts}
        found = [c for c in criterion.concepts if len(hits[c.name]) >= c.need]
        row.missing = [c.name for c in criterion.concepts if c not in found]
        if criterion.concepts:
            if criterion.per_missing is not None:
                points = max(0.0, criterion.points - criterion.per_missing * len(row.missing))
            else:
                points = criterion.points * len(found) / len(criterion.concepts)
        else:
            points = criterion.points
        if criterion.compliance and (broken or over >= 2):
            points = 0.0
            row.capped.append("有违规用语或超字数" if over else "有违规用语")
        elif criterion.compliance and over:
            points = min(points, criterion.points - 0.5)
            row.capped.append("有 1 条超字数")
        for cap, minus, note in caps.get(criterion.label, []):
            if cap is not None:
                points = min(points, cap)
            points -= minus
            row.capped.append(note.split("：")[0])
        if too_short:
            points = 0.0
        points = max(0.0, _half(points))
        if rubric.length_criterion == criterion.label and not lo <= own <= hi:
            points = max(0.0, points - 0.5)
        row.points = points
        row.evidence = _evidence(answer, [m for c in found for m in hits[c.name]])
        if rubric.kpi and criterion.label == rubric.kpi.criterion and confirmed:
            row.evidence.append("与数据一致：" + "、".join(confirmed[:3]))
        total += points
        result.rows.append(row)
        if points >= criterion.points:
            result.covered.append(criterion.label)
        elif points > 0 and row.missing:
            result.partial[criterion.label] = row.missing
        else:
            result.missing.append(criterion.label)

    length_cost = False
    if rubric.length and not lo <= own <= hi:
        shown = f"约 {own} 字" + (f"（去掉重复的句子前约 {chars(sample)} 字）" if repeats else "")
        notes.append(f"字数{shown}，要求 {lo}～{hi} 字")
        hard_lo, hard_hi = rubric.hard_length or (0, 10**9)
        if rubric.length_criterion is None and not hard_lo <= own <= hard_hi:
            total -= 0.5
            length_cost = True
        length_cost = length_cost or rubric.length_criterion is not None
    if answer.repeat_share >= REPEAT_SHARE and not length_cost:
        total -= 0.5
    if broken and not any(c.compliance for c in rubric.criteria):
        total -= 0.5
    if listing:
        total = min(total, 1.0)
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
        notes.append(f"作答过短（约 {own} 字）")
    if len(text) > MAX_CHARS:
        notes.append(f"作答很长，只分析了前 {MAX_CHARS} 个字符")
    result.flags = list(dict.fromkeys(flags))
    result.notes = list(dict.fromkeys(notes))
    result.score = _half(min(rubric.max_score, max(0.0, total)))
    return result


_VOCABULARY = vocabulary()


def suggest(chapter: str, grade_id: str, text: str | None,
            identity: Mapping[str, str] | None | _Unknown = None) -> str:
    """A short Chinese suggestion for the teacher; never raises and never changes a score.

    Args:
        chapter: the chapter, e.g. ``"ch04"`` (``"4"`` and ``"ch4"`` work too).
        grade_id: the written answer's nbgrader grade_id, e.g. ``"written_bargain_reply"``.
        text: the student's markdown (a string, or a list of lines as in the .ipynb file).
        identity: the student's data variant, for items that check numbers against the
            data (see :func:`needs_data` and :func:`assess`); None: this process's own.
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
            return assess(chapter, grade_id, text, identity).summary()
        except KeyError:
            if not text.replace(TEXT_STUB, "").strip():
                return Assessment(str(chapter), str(grade_id), 0, 0, 0,
                                  answered=False).summary()
            return (f"参考建议：没有 {chapter} 中「{grade_id}」这道题的评分要点，"
                    "请按评分标准人工批改。")
    except Exception as exc:  # noqa: BLE001 - advice must never stop grading
        return f"参考建议：无法生成（{type(exc).__name__}），请按评分标准人工批改。"
