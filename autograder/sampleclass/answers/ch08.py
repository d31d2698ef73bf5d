"""Chapter 8 known answers for the simulated class and the tests.

``MISCONCEPTIONS`` lists, per answer cell, what a beginner plausibly believes and the code
they would write; each must lose points on its item in every variant (the data and the
question parameters are made so that the rule they ignore changes the answer: buyers on
every R boundary of 练习 4, a score of exactly 3 in 练习 3, a spend exactly on a member
threshold in 练习 7). ``WRONG`` is the sample class's wrong student: the first
misconception of each item.
"""

MISCONCEPTIONS = {
    "answer_crm_goals": [
        ("觉得多给客户发广告就是在维护客户关系",
         'q1 = {练习1.letter_of("提高客户满意度和忠诚度"), '
         '练习1.letter_of("给所有客户发一样多的广告短信"),\n'
         '      练习1.letter_of("提高老客户的复购率"), '
         '练习1.letter_of("识别高价值客户，把资源花在刀刃上")}'),
        ("以为 CRM 就是让客户满意、多回购，没想到区别对待不同价值的客户也是目标",
         'q1 = {练习1.letter_of("提高客户满意度和忠诚度"), 练习1.letter_of("提高老客户的复购率")}'),
    ],
    "answer_rfm_scores": [
        ("把 R 的“≤ 30 天”写成“< 30 天”：正好 30 天的客户少得 1 分", '''\
if r_days < 30:
    r = 5
elif r_days < 60:
    r = 4
elif r_days < 90:
    r = 3
elif r_days < 180:
    r = 2
else:
    r = 1
f = min(5, max(1, f_count))
m = 1 + sum(m_amount >= limit for limit in (100, 200, 500, 1000))
return r, f, int(m)'''),
        ("把 M 的“低于 100 元 1 分”理解成“不超过 100 元 1 分”：正好 100 元的客户少得 1 分", '''\
if r_days <= 30:
    r = 5
elif r_days <= 60:
    r = 4
elif r_days <= 90:
    r = 3
elif r_days <= 180:
    r = 2
else:
    r = 1
f = min(5, max(1, f_count))
m = 1 + sum(m_amount > limit for limit in (100, 200, 500, 1000))
return r, f, int(m)'''),
        ("F 直接等于付款次数，忘了 5 次及以上都只得 5 分", '''\
if r_days <= 30:
    r = 5
elif r_days <= 60:
    r = 4
elif r_days <= 90:
    r = 3
elif r_days <= 180:
    r = 2
else:
    r = 1
f = max(1, f_count)
m = 1 + sum(m_amount >= limit for limit in (100, 200, 500, 1000))
return r, f, int(m)'''),
    ],
    "answer_segments": [
        ("以为“高”要超过 3 分，正好 3 分算“低”",
         'q3 = [crm.SEGMENTS[(r > 3, f > 3, m > 3)] for r, f, m in 练习3["cases"]]'),
        ("把 R 看反了：以为 R 得分低才说明客户最近来过",
         'q3 = [crm.SEGMENTS[(r < 3, f >= 3, m >= 3)] for r, f, m in 练习3["cases"]]'),
    ],
    "answer_active_regulars": [
        ("没付款的订单也算进去：按拍下时间 created_at 算 R 和 F", '''\
day = pd.Timestamp(练习4["as_of"])
upto = orders[orders["created_at"] < day + pd.Timedelta(days=1)]
last = upto.groupby("buyer_id")["created_at"].max().dt.normalize()
r = (day - last).dt.days
f = upto.groupby("buyer_id").size()
q4 = int(((r <= 练习4["days"]) & (f >= 练习4["times"])).sum())'''),
        ("把“R ≤ 天数”写成了“R < 天数”", '''\
day = pd.Timestamp(练习4["as_of"])
paid = orders[orders["paid_at"].notna() & (orders["paid_at"] < day + pd.Timedelta(days=1))]
last = paid.groupby("buyer_id")["paid_at"].max().dt.normalize()
r = (day - last).dt.days
f = paid.groupby("buyer_id").size()
q4 = int(((r < 练习4["days"]) & (f >= 练习4["times"])).sum())'''),
        ("直接拿截止日减付款时间，没先换成日期：下午付款的客户 R 少算 1 天", '''\
day = pd.Timestamp(练习4["as_of"])
paid = orders[orders["paid_at"].notna() & (orders["paid_at"] < day + pd.Timedelta(days=1))]
last = paid.groupby("buyer_id")["paid_at"].max()
r = (day - last).dt.days
f = paid.groupby("buyer_id").size()
q4 = int(((r <= 练习4["days"]) & (f >= 练习4["times"])).sum())'''),
        ("忘了只看截止日之前的订单：截止日之后才付款的也算了", '''\
day = pd.Timestamp(练习4["as_of"])
paid = orders[orders["paid_at"].notna()]
last = paid.groupby("buyer_id")["paid_at"].max().dt.normalize()
r = (day - last).dt.days
f = paid.groupby("buyer_id").size()
q4 = int(((r <= 练习4["days"]) & (f >= 练习4["times"])).sum())'''),
    ],
    "answer_repurchase": [
        ("分母用了店铺的全部客户，而不是这半年付过款的买家", '''\
start, end = 练习5["period"]
half = orders[(orders["paid_at"] >= start) & (orders["paid_at"] < pd.Timestamp(end) + pd.Timedelta(days=1))]
counts = half.groupby("buyer_id").size()
q5 = (counts >= 2).sum() / len(data.load("customers"))'''),
        ("写成 paid_at <= 结束日：结束日当天白天付款的订单被漏掉了", '''\
start, end = 练习5["period"]
half = orders[(orders["paid_at"] >= start) & (orders["paid_at"] <= end)]
counts = half.groupby("buyer_id").size()
q5 = (counts >= 2).sum() / len(counts)'''),
        ("按订单算：复购买家数 ÷ 付款订单数", '''\
start, end = 练习5["period"]
half = orders[(orders["paid_at"] >= start) & (orders["paid_at"] < pd.Timestamp(end) + pd.Timedelta(days=1))]
counts = half.groupby("buyer_id").size()
q5 = (counts >= 2).sum() / len(half)'''),
        ("按拍下时间 created_at 筛选，没付款的订单也算成了一次购买", '''\
start, end = 练习5["period"]
half = orders[(orders["created_at"] >= start) & (orders["created_at"] < pd.Timestamp(end) + pd.Timedelta(days=1))]
counts = half.groupby("buyer_id").size()
q5 = (counts >= 2).sum() / len(counts)'''),
        ("百分数写成整数：复购率写成了 25 这样的百分数，而不是 0.25", '''\
start, end = 练习5["period"]
half = orders[(orders["paid_at"] >= start) & (orders["paid_at"] < pd.Timestamp(end) + pd.Timedelta(days=1))]
counts = half.groupby("buyer_id").size()
q5 = (counts >= 2).sum() / len(counts) * 100'''),
    ],
    "answer_threshold_change": [
        ("以为把 R 收紧（多久没来就算“不新鲜”提前）最能多出挽留客户", '''\
table6 = crm.rfm(练习6["as_of"])
tighter = crm.rfm(练习6["as_of"], thresholds={"r_days": 练习6["r_days"]})
q6 = 练习6.letter_of(练习6.options["A"])
q6_more = int((tighter["segment"] == "重要挽留客户").sum() - (table6["segment"] == "重要挽留客户").sum())'''),
        ("以为「“高”分数线」提高了，“低”的维度变多，挽留客户就多了", '''\
table6 = crm.rfm(练习6["as_of"])
stricter = crm.rfm(练习6["as_of"], thresholds={"high_score": 练习6["high"]})
q6 = 练习6.letter_of(练习6.options["D"])
q6_more = int((stricter["segment"] == "重要挽留客户").sum() - (table6["segment"] == "重要挽留客户").sum())'''),
        ("改法选对了，但填的是改完以后的总人数，不是多出的人数", '''\
lower = crm.rfm(练习6["as_of"], thresholds={"m_amounts": 练习6["m_amounts"]})
q6 = 练习6.letter_of(练习6.options["B"])
q6_more = int((lower["segment"] == "重要挽留客户").sum())'''),
        ("「统计日期」没改，还停在工具默认的 2025-06-30", '''\
table6 = crm.rfm("2025-06-30")
lower = crm.rfm("2025-06-30", thresholds={"m_amounts": 练习6["m_amounts"]})
q6 = 练习6.letter_of(练习6.options["B"])
q6_more = int((lower["segment"] == "重要挽留客户").sum() - (table6["segment"] == "重要挽留客户").sum())'''),
    ],
    "answer_member_level": [
        ("以为“达到门槛”要超过门槛：正好 800 元还算下一级", '''\
spend = 练习7["spend"]
zhe = [float("0." + z.replace(".", "")) for z in 练习7["ladder"]]
if spend > 5000:
    q7 = ("至尊VIP", zhe[3])
elif spend > 2000:
    q7 = ("VIP会员", zhe[2])
elif spend > 800:
    q7 = ("高级会员", zhe[1])
elif spend > 300:
    q7 = ("普通会员", zhe[0])
else:
    q7 = ("店铺客户", 1.0)'''),
        ("等级对了，但把“9 折”写成了让掉的那一成 0.1", '''\
levels = ["普通会员", "高级会员", "VIP会员", "至尊VIP"]
reached = sum(练习7["spend"] >= door for door in (300, 800, 2000, 5000))
q7 = (levels[reached - 1], 1 - float("0." + 练习7["ladder"][reached - 1].replace(".", "")))'''),
    ],
    "answer_level_rules": [
        ("只记得“不能低于 7 折”，忘了“等级越高折扣越大”和门槛要逐级提高", '''\
zhe = lambda text: float("0." + text.replace(".", ""))
floor_only = {"A": [练习8["top"]], "B": 练习8["ladder"], "C": 练习8["upgrade"]}
q8 = {练习8.letter_of(练习8.options[c]) for c, shown in floor_only.items() if min(map(zhe, shown)) < 0.7}'''),
        ("以为折数越大越优惠（95 折比 9 折划算），等级顺序全看反了", '''\
zhe = lambda text: float("0." + text.replace(".", ""))
ladder, upgrade, doors = 练习8["ladder"], 练习8["upgrade"], 练习8["doors"]
bad = {"A": zhe(练习8["top"]) < 0.7,
       "B": min(map(zhe, ladder)) < 0.7 or not zhe(ladder[0]) < zhe(ladder[1]) < zhe(ladder[2]),
       "C": min(map(zhe, upgrade)) < 0.7 or zhe(upgrade[1]) < zhe(upgrade[0]),
       "D": doors[0] >= doors[1]}
q8 = {练习8.letter_of(练习8.options[c]) for c, wrong in bad.items() if wrong}'''),
    ],
    "answer_revisit_list": [
        ("分群对了，但忘了排除黑名单客户", '''\
segment9 = crm.rfm(练习9["as_of"])["segment"]
q9 = {letter for letter, buyer in 练习9["buyers"].items() if segment9[buyer["buyer_id"]].startswith("重要")}'''),
        ("直接照抄课上 2025-06-30 的回访名单，没按题目的日期重新分群", '''\
revisit9 = crm.revisit_list(table)
q9 = {letter for letter, buyer in 练习9["buyers"].items() if buyer["buyer_id"] in revisit9.index}'''),
        ("以为最近买过（R 高）的客户才值得回访", '''\
table9 = crm.rfm(练习9["as_of"])
black = set(data.load("customers").query("blacklisted == 1")["buyer_id"])
q9 = {letter for letter, buyer in 练习9["buyers"].items()
      if table9.loc[buyer["buyer_id"], "r_score"] >= 3 and buyer["buyer_id"] not in black}'''),
        ("只回访最好的“重要价值客户”", '''\
revisit9 = crm.revisit_list(crm.rfm(练习9["as_of"]), segments=("重要价值客户",))
q9 = {letter for letter, buyer in 练习9["buyers"].items() if buyer["buyer_id"] in revisit9.index}'''),
    ],
}

WRONG = {answer: samples[0][1] for answer, samples in MISCONCEPTIONS.items()}

ERROR = {
    "answer_crm_goals": "q1 = {A, C}",
    "answer_rfm_scores": "return r, f, m",
    "answer_segments": "q3 = [重要发展客户]",
    "answer_active_regulars": 'q4 = orders["R"].le(30).sum()',
    "answer_repurchase": "q5 = counts.mean()",
    "answer_threshold_change": "q6 = B\nq6_more = 10",
    "answer_member_level": 'q7 = ("高级会员", 9折)',
    "answer_level_rules": 'q8 = set("A", "C")',
    "answer_revisit_list": 'q9 = {"A"} + {"C"}',
}

WRITTEN = {
    "written_revisit_plan": (
        "重要挽留客户是过去消费多、但已经很久没来的客户（R 低、F 低、M 高），一旦流失损失大，值得重点挽回。"
        "计划：一、从 RFM 分群导出名单，排除黑名单，优先联系累计消费最高的 50 人；二、由店长或资深客服"
        "用电话或旺旺回访，先问候并了解没再购买的原因，例如“您好，我是花卉知六的小A，之前您常在我们家订花，"
        "想问问最近的花是否还满意？”；三、根据原因给出改进和一张限期 30 天的回归优惠券，不强推、不打扰；"
        "四、一个月后统计回访人数、复购人数和复购金额，计算挽回率，效果好的话术整理进话术库。",
        "给他们群发广告。",
    ),
}

#: What a learner writes in each ___ of the scaffolds (course/exercises/ch08.py EXERCISES).
SCAFFOLD_FILLS = {
    "answer_rfm_scores": ["60", "180", "1", "5", "200", "1000"],
    "answer_active_regulars": ["notna", "1", "normalize", '"buyer_id"', '"times"'],
    "answer_repurchase": ['"paid_at"', '"buyer_id"', "2", "len(counts)"],
    "answer_threshold_change": ['练习6["as_of"]', '"重要挽留客户"', "retained()", "best"],
    "answer_level_rules": ["0.7", "1", "doors[1]", "bad"],  # floor, upgrade[1], doors[1], the flag
    "answer_revisit_list": ['练习9["as_of"]', "table9", '"buyer_id"', "index"],
}
