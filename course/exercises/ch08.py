"""Chapter 8: the numbers of each student's own questions (see course/exercises/__init__.py)."""

import random

from course.rules import RULES

_R = RULES.rfm


def _cases(count: int = 240) -> list[tuple[tuple[int, int, int], ...]]:
    """Three customers' (R, F, M) scores, 1–5 each, falling in three different segments,
    with a score of exactly 3 (the 「高」 line: "> 3" instead of "≥ 3" misplaces it)."""
    rng = random.Random("kefu:ch08.q3")
    out: list[tuple[tuple[int, int, int], ...]] = []
    while len(out) < count:
        trio = tuple(tuple(rng.randint(1, 5) for _ in range(3)) for _ in range(3))
        if len({tuple(score >= 3 for score in scores) for scores in trio}) == 3 \
                and any(3 in scores for scores in trio) and trio not in out:
            out.append(trio)
    return out


#: Half-year windows inside the shop's data (2024-07-01 to 2025-06-30), both days included.
HALF_YEARS = [("2024-07-01", "2024-12-31"), ("2024-08-01", "2025-01-31"),
              ("2024-09-01", "2025-02-28"), ("2024-10-01", "2025-03-31"),
              ("2024-11-01", "2025-04-30"), ("2024-12-01", "2025-05-31"),
              ("2025-01-01", "2025-06-30")]

#: Member discounts of 普通会员, 高级会员, VIP会员, 至尊VIP written as 折 ("95" = 95 折 = 0.95):
#: each level's discount larger than the one below it, none under 7 折.
LADDERS = [("95", "9", "85", "8"), ("98", "95", "9", "85"), ("95", "9", "88", "85"),
           ("96", "92", "88", "8"), ("95", "92", "85", "78"), ("98", "9", "85", "75")]

#: Cumulative spends (元): exactly a member level's threshold (300/800/2000/5000), where
#: "reached" means ≥, so a student who compares with ">" gets the level below.
SPENDS = [300, 800, 2000, 5000]

#: Seeds of the case picker of 练习 9 (the public variant uses 0).
PICKS = tuple(range(1, 5000))
#: As-of dates of 练习 6 and 练习 9: month ends inside the data, never the tools' default
#: 2025-06-30 (the lesson's table and the segmenter start there: forgetting the date shows).
AS_OFS = ["2024-12-31", "2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31"]


def _revisit_rows(as_of: str) -> list[tuple]:
    """(buyer, segment as of ``as_of``, blacklisted 0/1, segment by 2025-06-30) of every
    buyer who paid by ``as_of``."""
    from course import crm, data

    table = crm.rfm(as_of)
    later = crm.rfm("2025-06-30")["segment"]
    customers = data.load("customers")
    # plain dicts: a look-up in a frame or a series per customer is many times slower
    blacklisted = dict(zip(customers["buyer_id"].tolist(), customers["blacklisted"].tolist(),
                           strict=True))
    later = dict(zip(later.index.tolist(), later.tolist(), strict=True))
    return [(buyer, segment, int(blacklisted[buyer]), later.get(buyer, segment))
            for buyer, segment in zip(table.index.tolist(), table["segment"].tolist(), strict=True)]


def revisit_candidates() -> dict:
    """练习 9: six real customers of the learner's shop as of the question's date, each a
    kind a mistaken reading gets wrong: two 重要 customers (one 重要挽留) and a third 重要 one,
    none blacklisted; a blacklisted 重要 customer; a recent small spender (一般价值/一般发展);
    and a 一般 customer who is 重要 by 2025-06-30 (the lesson's table and the tools' date)."""
    import random

    from course import data, variants

    p = variants.params("ch08.q9")
    rows = _revisit_rows(p["as_of"])
    customers = data.load("customers").set_index("buyer_id")
    important = [r for r in rows if r[1].startswith("重要")]
    rng = random.Random(p["pick"])
    picked: list[str] = []

    def take(pool: list[tuple]) -> None:
        picked.append(rng.choice([r[0] for r in pool if r[0] not in picked]))

    take([r for r in important if r[1] == "重要挽留客户" and not r[2]])
    take([r for r in important if r[1] != "重要挽留客户" and not r[2]])
    take([r for r in important if not r[2]])
    take([r for r in important if r[2]])
    take([r for r in rows if r[1] in ("一般价值客户", "一般发展客户") and not r[2]])
    take([r for r in rows if not r[1].startswith("重要") and r[3].startswith("重要") and not r[2]])
    rng.shuffle(picked)
    shown = {letter: {"buyer_id": buyer, "nick": customers.at[buyer, "nick"]}
             for letter, buyer in zip("ABCDEF", picked, strict=True)}
    listing = "\n".join(f"- **{letter}.** {b['nick']}（买家编号 {b['buyer_id']}）"
                         for letter, b in shown.items())
    return {"as_of": p["as_of"], "buyers": shown, "listing": listing}


PARAMS = {
    # 练习 3: the (R, F, M) scores of the three customers to place in segments
    "q3": {"cases": (((5, 1, 4), (2, 4, 5), (1, 1, 3)), _cases())},
    # 练习 4: as-of date, R at most `days`, F at least `times`. Never the last day of the data
    # (then orders after the as-of date would exist nowhere and forgetting the cut would not
    # show); course/datagen.py plants buyers exactly on each R boundary of these choices.
    "q4": {"as_of": ("2025-05-31", ["2025-03-31", "2025-04-30", "2025-05-31"]),
           "days": (30, [30, 60, 90]),
           "times": (3, [2, 3, 4])},
    # 练习 5: the half year of the repurchase rate
    "q5": {"period": (("2025-01-01", "2025-06-30"), HALF_YEARS)},
    # 练习 6: the as-of date and three one-place changes of the thresholds: only the 「高」 line of
    # each dimension moves customers between segments (R ≤ 60 days instead of 90, M ≥ 100 元
    # instead of 200, F ≥ 4 or 5 orders instead of 3); lowering the M line always gains most
    "q6": {"as_of": ("2025-05-31", AS_OFS),
           "r_days": ((15, 30, 60, 120), [(15, 30, 60, 120), (20, 40, 60, 120), (10, 20, 60, 120),
                                          (15, 45, 60, 150)]),
           "m_amounts": ((50, 100, 300, 800), [(50, 100, 300, 800), (50, 100, 200, 500),
                                               (60, 100, 300, 800), (50, 100, 400, 1000)]),
           "f_counts": ((1, 2, 4, 6, 8), [(1, 2, 4, 6, 8), (1, 3, 5, 7, 9), (1, 2, 4, 5, 6),
                                          (1, 2, 5, 8, 10)])},
    # 练习 7: a buyer's cumulative spend (on a threshold) and the member discounts
    "q7": {"spend": (800, SPENDS),
           "ladder": (("95", "9", "85", "8"), LADDERS)},
    # 练习 8: the settings the four options describe (discounts as 折, thresholds in 元)
    "q8": {"top": ("6.5", ["6", "6.5", "6.8", "7", "7.5", "7.8"]),
           "ladder": (("95", "9", "85"), [("95", "9", "85"), ("98", "95", "9"), ("96", "92", "88"),
                                          ("9", "95", "85"), ("95", "85", "9"), ("95", "9", "6.8")]),
           "upgrade": (("9", "95"), [("9", "95"), ("85", "9"), ("92", "95"), ("88", "9")]),
           "doors": ((500, 500), [(500, 500), (300, 300), (800, 800), (500, 1000), (300, 800),
                                  (400, 1000)])},
    # 练习 9: the as-of date of the revisit list and which customers
    "q9": {"as_of": ("2025-05-31", AS_OFS), "pick": (0, PICKS)},
}

#: Lesson phrases that state a rule of ``course.rules.RULES`` (tests/course/test_rules_in_lessons.py).
RULE_TEXT = {
    "rfm.r_days.0": ["| R（天） | ≤ {} |", "R：≤ {} 天 5 分"],
    "rfm.r_days.1": ["≤ {} 天 4 分"],
    "rfm.r_days.2": ["≤ {} 天 3 分", "R 高 = 最近 {} 天内付过款", "超过 {} 天没有付款（R 低）",
                     "最近 {} 天内有购买", "超过 {} 天没有购买"],
    "rfm.r_days.3": ["≤ {} 天 2 分", "| > {} |"],
    "rfm.f_counts.2": ["F 高 = 付款 {} 单及以上", "付款不足 {} 单（F 低）", "购买次数 ≥ {} 次",
                       "购买不足 {} 次"],
    "rfm.f_counts.4": ["{} 次及以上 5 分"],
    "rfm.m_amounts.0": ["| 不足 {} |", "低于 {} 元 1 分"],
    "rfm.m_amounts.1": ["低于 {} 元 2 分", "M 高 = 累计付款 {} 元及以上", "累计付款 ≥ {} 元（M 高）",
                        "累计金额 ≥ {} 元", "累计金额不足 {} 元", "累计消费 ≥ {} 元）"],
    "rfm.m_amounts.2": ["低于 {} 元 3 分"],
    "rfm.m_amounts.3": ["低于 {} 元 4 分", "| ≥ {} |\n|---|---|---|---|---|---|\n| M 得分"],
    "rfm.high_score": ["**≥ {} 记为“高”**", "“高”表示得分 ≥ {}。"],
    "rfm.min_member_discount": ["折扣不能低于 {}（7 折）", "等级折扣不能低于 {}（即"],
    # Only the platform walkthroughs (course/walkthroughs/ch08.py) state these.
    "rfm.f_counts.1": ["购买次数 ≤ {} 次"],
    "chasing.sms_cost": ["本课程按每条 {} 元估算"],
    "chasing.quiet_start_hour": ["{} 点到次日"],
    "chasing.quiet_end_hour": ["次日 {} 点之间不发"],
}


#: Formative feedback per exercise (course/coach.py): what 练习N.check() evaluates (the main
#: case), the hints, and for data and function items the scaffold the answer cell starts from.
EXERCISES = {
    1: {"answer": "answer_crm_goals", "check": ["q1"], "hints": [
        "对照“客户关系管理的目标”：提升满意度、忠诚度和客户终身价值。哪些说法在做这些事？",
        "CRM 要区别对待不同价值的客户，并且重视老客户；给所有人发一样多的广告、只管新客户，都不是它的目标。"]},
    2: {"answer": "answer_rfm_scores", "check": [
        "rfm_scores(12, 5, 1465)", "rfm_scores(50, 1, 688)", "rfm_scores(192, 2, 698)",
        "rfm_scores(75, 7, 350)"], "hints": [
        "R、F、M 分开打分，再一起返回。R 是天数，越小越好；F、M 越大越好。",
        f"R 用“不超过”：≤ {_R.r_days[0]} 天 5 分……都超过 {_R.r_days[3]} 天 1 分；F 最多 5 分；"
        f"M 用“低于”：低于 {_R.m_amounts[0]:g} 元 1 分……{_R.m_amounts[3]:g} 元及以上 5 分。"
        "R 和 M 都用 if / elif / else 一档一档判断。"],
        "scaffold": '''# R：天数“不超过”门槛（<=），越近分越高
if r_days <= 30:
    r = 5
elif r_days <= ___:
    r = 4
elif r_days <= 90:
    r = 3
elif r_days <= ___:
    r = 2
else:
    r = ___
f = min(___, max(1, f_count))                 # 5 次及以上都是 5 分
# M：金额“低于”门槛（<），越多分越高
if m_amount < 100:
    m = 1
elif m_amount < ___:
    m = 2
elif m_amount < 500:
    m = 3
elif m_amount < ___:
    m = 4
else:
    m = 5
return r, f, m'''},
    3: {"answer": "answer_segments", "check": ["q3"], "hints": [
        f"先把每一维变成“高”或“低”：得分 ≥ {_R.high_score} 是高，否则是低（正好 {_R.high_score} 分算高）。",
        "再按 R F M 的高低组合查八类客户表，比如“高低高”是重要发展客户。名称要和表里一字不差。"]},
    4: {"answer": "answer_active_regulars", "check": ["q4"], "hints": [
        "先只留截止日（含当天）之前已经付款的订单，再按买家算最后一次付款的日期和付款单数。",
        "R = 截止日 − 最后一次付款的日期（先用 .dt.normalize() 去掉时分秒），用 .dt.days 取整天数；"
        "F = groupby(\"buyer_id\").size()。两个条件用 & 连起来，再 .sum() 数人数。"],
        "scaffold": '''# 练习4 里有 as_of（截止日）、days（R 最多几天）、times（F 至少几次）
day = pd.Timestamp(练习4["as_of"])
# 截止日（含当天）之前已付款的订单：paid_at 不是空的（notna），而且早于截止日的第二天
paid = orders[orders["paid_at"].___() & (orders["paid_at"] < day + pd.Timedelta(days=___))]
last = paid.groupby("buyer_id")["paid_at"].max().dt.___()   # 最后一次付款的日期（normalize 去掉时分秒）
r = (day - last).dt.days
f = paid.groupby(___).size()                                 # 每位买家（buyer_id）的付款单数
q4 = int(((r <= 练习4["days"]) & (f >= 练习4[___])).sum())'''},
    5: {"answer": "answer_repurchase", "check": ["q5"], "hints": [
        "复购率按“买家”算：分母是这半年付过款的买家数，分子是其中付款 2 次及以上的买家数。",
        "按 paid_at 筛出这半年的订单（结束日当天也算：< 结束日 + 1 天），"
        "groupby(\"buyer_id\").size() 得到每人的付款次数，再用 (次数 >= 2).sum() ÷ 买家人数。"],
        "scaffold": '''start, end = 练习5["period"]
half = orders[(orders[___] >= start) & (orders["paid_at"] < pd.Timestamp(end) + pd.Timedelta(days=1))]
counts = half.groupby(___).size()            # 每位买家这半年的付款次数
q5 = (counts >= ___).sum() / ___              # 付款 2 次及以上的买家 ÷ 付过款的买家'''},
    6: {"answer": "answer_threshold_change", "check": ["q6", "q6_more"], "hints": [
        "先在分群工具里把「统计日期」改成题目的日期，记下默认设置下「重要挽留客户」的人数；"
        "然后每次只改一处，记下人数，再改回默认。",
        "重要挽留客户是 R 低、F 低、M 高。多出的人数 = 改完以后的人数 − 默认设置的人数。用代码也可以："
        "crm.rfm(日期, thresholds={\"m_amounts\": [...]})，再数 segment 等于\"重要挽留客户\"的行。"],
        "scaffold": '''# 练习6 里有 as_of（统计日期），还有四种改法的新设置 r_days、m_amounts、f_counts、high
changes = {"A": {"r_days": 练习6["r_days"]}, "B": {"m_amounts": 练习6["m_amounts"]},
           "C": {"f_counts": 练习6["f_counts"]}, "D": {"high_score": 练习6["high"]}}

def retained(thresholds=None):
    """截至题目日期的「重要挽留客户」人数。"""
    table6 = crm.rfm(___, thresholds=thresholds)
    return int((table6["segment"] == ___).sum())

more = {}
for option, change in changes.items():
    more[option] = retained(change) - ___       # 比默认设置（不改阈值）多出的人数
best = "A"
for option in more:                             # 找多出人数最多的改法
    if more[option] > more[___]:
        best = option
# letter_of 换成你题目里这个改法的字母
q6 = 练习6.letter_of(练习6.options[best])
q6_more = more[best]'''},
    7: {"answer": "answer_member_level", "check": ["q7"], "hints": [
        "先看这个金额达到了哪几个门槛：达到就是 ≥，正好等于门槛也算达到。",
        "取达到的最高那一级；折扣写成小数，95 折是 0.95，9 折是 0.9（不是让掉的 0.1）。"]},
    8: {"answer": "answer_level_rules", "check": ["q8"], "hints": [
        f"三条规则：任何折扣都不能低于 {_R.min_member_discount * 10:g} 折；"
        "等级越高折扣越大（折数越小）；门槛要逐级提高。逐个选项对照。",
        "把折数换成小数再比：95 折 0.95 > 9 折 0.9，所以 95 折优惠更少。高一级的折数反而更大，就不合规。"],
        "scaffold": '''# 读题就能判断的话，可以直接写 q8 = {"…", "…"}；也可以填好下面的空，让代码逐个检查。
# 练习8 里有 top（A 的折数）、ladder（B：普通、高级、VIP 的折数）、upgrade（C：高级、VIP 的折数）、
# doors（D：普通、高级会员的门槛）；折数是文字，比如 "95"、"6.5"
def zhe(text):
    """折数 → 小数：95 折 → 0.95，9 折 → 0.9，6.5 折 → 0.65。"""
    return float("0." + text.replace(".", ""))

floor = ___                                  # 最低折扣：不能低于 7 折
top = zhe(练习8["top"])
ladder = [zhe(z) for z in 练习8["ladder"]]
upgrade = [zhe(z) for z in 练习8["upgrade"]]
doors = 练习8["doors"]
breaks_rules = {
    "A": top < floor,
    # 有一级低于 7 折，或者高一级的折数没有更小（折扣没有更大）
    "B": min(ladder) < floor or ladder[1] >= ladder[0] or ladder[2] >= ladder[1],
    "C": min(upgrade) < floor or upgrade[___] > upgrade[0],    # 高一级反而折扣小
    "D": doors[0] >= ___,                                      # 门槛没有逐级提高
}
q8 = set()
for c, bad in breaks_rules.items():
    if ___:                                  # 这一项不符合规则
        q8.add(练习8.letter_of(练习8.options[c]))'''},
    9: {"answer": "answer_revisit_list", "check": ["q9"], "hints": [
        "两步：先按题目的日期给这六位客户分群，再看他们在不在黑名单里。",
        "crm.rfm(题目的日期) 是那天的分群表；crm.revisit_list(分群表) 只留四类重要客户并去掉黑名单，"
        "看六位客户的买家编号在不在它的 index 里。不要用上面 2025-06-30 的 table。"],
        "scaffold": '''# 练习9 里有 as_of（题目的日期）和 buyers（六位客户，每位有 buyer_id 买家编号）
table9 = crm.rfm(___)                       # 按题目的日期分群
revisit9 = crm.revisit_list(___)            # 四类重要客户，已排除黑名单；名单的买家编号在 revisit9.index 里
q9 = set()
for letter, buyer in 练习9["buyers"].items():
    if buyer[___] in revisit9.___:          # 这位客户的买家编号在名单的 index 里吗？
        q9.add(letter)'''},
}
