"""Chapter 8 known answers for the simulated class and the tests."""

WRONG = {
    # the blanket advertising texts counted as a goal
    "answer_crm_goals": ('q1 = {练习1.letter_of("提高客户满意度和忠诚度"), '
                         '练习1.letter_of("给所有客户发一样多的广告短信"), '
                         '练习1.letter_of("提高老客户的复购率"), '
                         '练习1.letter_of("识别高价值客户，把资源花在刀刃上")}'),
    # "<" where the rule says "≤", and "≤" where it says "below"
    "answer_rfm_scores": '''\
r = 5 if r_days < 30 else 4 if r_days < 60 else 3 if r_days < 90 else 2 if r_days < 180 else 1
f = min(5, max(1, f_count))
m = 1 + sum(m_amount > limit for limit in (100, 200, 500, 1000))
return r, f, int(m)''',
    # R read the wrong way round: a low R score taken for "came recently"
    "answer_segments": 'q3 = [crm.SEGMENTS[(r < 3, f >= 3, m >= 3)] for r, f, m in 练习3["cases"]]',
    # unpaid orders counted too
    "answer_active_regulars": '''\
day = pd.Timestamp(练习4["as_of"])
last = orders.groupby("buyer_id")["created_at"].max().dt.normalize()
r = (day - last).dt.days
f = orders.groupby("buyer_id").size()
q4 = int(((r <= 练习4["days"]) & (f >= 练习4["times"])).sum())''',
    # the denominator is every customer of the shop
    "answer_repurchase": '''\
start, end = 练习5["period"]
half = orders[(orders["paid_at"] >= start) & (orders["paid_at"] < pd.Timestamp(end) + pd.Timedelta(days=1))]
counts = half.groupby("buyer_id").size()
q5 = (counts >= 2).sum() / len(data.load("customers"))''',
    # only the 「高」分数线 changed: the 统计日期 left at its default 2025-06-30
    "answer_segmenter": '''\
rfm_state = {
    "as_of": "2025-06-30",
    "r_days": [30, 60, 90, 180],
    "f_counts": [1, 2, 3, 4, 5],
    "m_amounts": [100, 200, 500, 1000],
    "high_score": 练习6["high"]
}
table6 = crm.rfm("2025-06-30", thresholds={"high_score": 练习6["high"]})
vip_count = int((table6["segment"] == "重要价值客户").sum())''',
    # the right level, but the discount written as the share given up (9 折 → 0.1)
    "answer_member_level": '''\
levels = ["普通会员", "高级会员", "VIP会员", "至尊VIP"]
reached = sum(练习7["spend"] >= door for door in (300, 800, 2000, 5000))
q7 = (levels[reached - 1], 1 - float("0." + 练习7["ladder"][reached - 1].replace(".", "")))''',
    # only the 7 折 floor checked: "a higher level, a larger discount" and rising thresholds missed
    "answer_level_rules": '''\
zhe = lambda text: float("0." + text.replace(".", ""))
floor_only = {"A": [练习8["top"]], "B": 练习8["ladder"], "C": 练习8["upgrade"]}
q8 = {练习8.letter_of(练习8.options[c]) for c, shown in floor_only.items() if min(map(zhe, shown)) < 0.7}''',
    # the daily advertising texts taken for keeping in touch
    "answer_interaction": ('q9 = {练习9.letter_of("在老客户旺旺群里提前发布节日新品和预订时间"), '
                           '练习9.letter_of("征得同意后，把老客户拉进会员群"), '
                           '练习9.letter_of("用群发短信每天给所有买过的客户发三条广告"), '
                           '练习9.letter_of("邀请满意的客户收藏店铺，收藏后送一张店铺优惠券")}'),
}

ERROR = {
    "answer_crm_goals": "q1 = {A, C}",
    "answer_rfm_scores": "return r, f, m",
    "answer_segments": "q3 = [重要发展客户]",
    "answer_active_regulars": 'q4 = orders["R"].le(30).sum()',
    "answer_repurchase": "q5 = counts.mean()",
    "answer_segmenter": "rfm_state = {'as_of': '2025-05-31'\nvip_count = 1",
    "answer_member_level": 'q7 = ("高级会员", 9折)',
    "answer_level_rules": 'q8 = set("A", "C")',
    "answer_interaction": 'q9 = {"A"} + {"C"}',
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
