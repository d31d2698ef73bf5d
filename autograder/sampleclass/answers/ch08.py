"""Chapter 8 known answers for the simulated class and the tests."""

WRONG = {
    "answer_crm_goals": 'q1 = {"A", "B", "C", "D"}',
    # "<" where the rule says "≤", and "≤" where it says "below"
    "answer_rfm_scores": '''\
r = 5 if r_days < 30 else 4 if r_days < 60 else 3 if r_days < 90 else 2 if r_days < 180 else 1
f = min(5, max(1, f_count))
m = 1 + sum(m_amount > limit for limit in (100, 200, 500, 1000))
return r, f, int(m)''',
    "answer_segments": 'q3 = ["重要价值客户", "重要保持客户", "一般挽留客户"]',
    # unpaid orders counted too
    "answer_active_regulars": '''\
last = orders.groupby("buyer_id")["created_at"].max().dt.normalize()
r = (pd.Timestamp("2025-06-30") - last).dt.days
f = orders.groupby("buyer_id").size()
q4 = int(((r <= 30) & (f >= 3)).sum())''',
    # the denominator is every customer of the shop
    "answer_repurchase": '''\
half = orders[(orders["paid_at"] >= "2025-01-01") & (orders["paid_at"] < "2025-07-01")]
counts = half.groupby("buyer_id").size()
q5 = (counts >= 2).sum() / 1500''',
    "answer_segmenter": '''\
rfm_state = {
    "as_of": "2025-06-30",
    "r_days": [30, 60, 90, 180],
    "f_counts": [1, 2, 3, 4, 5],
    "m_amounts": [100, 200, 500, 1000],
    "high_score": 3
}
vip_count = 0''',
    "answer_member_level": 'q7 = ("VIP会员", 0.85)',
    "answer_level_rules": 'q8 = {"A", "C"}',
    "answer_interaction": 'q9 = {"A", "C", "D", "E"}',
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
