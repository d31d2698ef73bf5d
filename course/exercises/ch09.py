"""Chapter 9: the numbers of each student's own questions (see course/exercises/__init__.py)."""

import random
from itertools import permutations


def _score_sets(n: int = 600) -> list[tuple[float, ...]]:
    """Five totals to grade: an exact grade line, one just below a line, three others; at
    least one A and one B among them (checking the lines from the bottom up, C first,
    then gives a wrong grade)."""
    rng = random.Random("ch09.q2")
    lines = (90, 80, 70)
    below = (89.9, 79.9, 69.9, 89.5, 79.5, 69.5)
    others = (98, 95, 93, 91.5, 88, 86, 85, 83, 81.5, 78, 76, 74, 72, 66, 61, 58, 52)
    sets = set()
    while len(sets) < n:
        totals = [rng.choice(lines), rng.choice(below), *rng.sample(others, 3)]
        if any(t >= 90 for t in totals) and any(80 <= t < 90 for t in totals):
            rng.shuffle(totals)
            sets.add(tuple(totals))
    return sorted(sets)


PARAMS = {
    # 练习 2: the five totals whose grades are asked (each set has an exact grade line)
    "q2": {"scores": ((95, 90, 85, 70, 69.9), _score_sets())},
    # 练习 3: one agent's KPIs, in %, seconds, %, %, %; four strictly between floor and target,
    # the 退款率 always better than its 2% target (so its score is capped at 100: leaving the
    # cap out, or not flipping a lower-is-better KPI, changes the total).
    # No 89% satisfaction: with it a plain average of the five scores can equal the weighted
    # total; no 48 s response: with it the unflipped response and refund scores cancel out.
    "q3": {"conversion": (52, range(22, 59)),
           "response": (28, [r for r in range(22, 59) if r != 48]),
           "reply": (99, range(91, 100)),
           "satisfaction": (95, [s for s in range(82, 98) if s != 89]),
           "refund": (1, (0.5, 1, 1.5))},
    # 练习 4: total score, sales, rate in %. Never a B total (绩效系数 1.0: leaving the
    # coefficient out would pass) nor 50 (its score ÷ 100 would equal D's 0.5).
    "q4": {"total": (76, [t for t in range(55, 100) if not 80 <= t < 90]),
           "sales": (30000, range(12000, 60001, 1000)),
           "rate": (2, (1, 1.5, 2, 2.5, 3))},
    # 练习 5: the 满意率 weights a student may try (integers up to the lesson's 40 for one
    # KPI; what is added comes out of 询单转化率). The smallest that puts 小B first depends on
    # the student's variant (23–29 in the variants measured; tests/course/test_datagen.py).
    "q5": {"weights": (tuple(range(16, 41)), [tuple(range(16, 41))])},
    # 练习 7: whose 短板 the 店主 looks for. 小A's lowest score is always 满意率, 小B's always
    # 询单转化率, by a wide margin in every variant (小C's and 小D's change with the variant
    # and can tie); neither is ever 退款率, the KPI with the smallest raw number.
    "q7": {"agent": (("A01", "小A"), (("A01", "小A"), ("A02", "小B")))},
    # 练习 9: five things the 店主 hears at the June meeting, shown in the student's own order.
    # c1 is always said "the wrong way round" (a hygiene factor said with relief, or a missing
    # motivator said as a complaint), so "a complaint is a hygiene factor, good news a
    # motivator" is wrong in every variant; c2 is always pay (保健因素), so "money motivates"
    # is wrong too; c3–c5 draw from both kinds. {b_praised}, {a_sales} and {c_response} are
    # filled in from the student's own June data by the question cell.
    "q9": {"c1": ("店里给售前换了降噪耳机，小C说：“戴一整天耳朵也不疼了，总算不闹心了。”",
                  ("店里给售前换了降噪耳机，小C说：“戴一整天耳朵也不疼了，总算不闹心了。”",
                   "排班表改成提前一周公布，小D说：“周末终于能提前安排自己的事了。”",
                   "店里六月起按时给大家交上了社保，小F说：“心里踏实多了。”",
                   "618 那几天店里管夜宵、安排了轮休，小E说：“总算没那么累了。”",
                   "小B说：“六月我有 {b_praised} 次接待被顾客评了「很满意」，可例会上一句都没提。”",
                   "小E说：“我做了快两年售后，天天处理一样的退款，学不到什么新东西。”",
                   "小D说：“我提过改快捷短语的建议，店长只说‘你照做就行’，从来不让我们参与。”",
                   "小A说：“我好不容易劝回一位要退款的顾客，店长只回了一句‘知道了’。”")),
           "c2": ("小A说：“六月我的客服销售额有 {a_sales} 元，可提成怎么算，到现在也没人说得清。”",
                  ("小A说：“六月我的客服销售额有 {a_sales} 元，可提成怎么算，到现在也没人说得清。”",
                   "小D说：“底薪涨了 300 元，挺好，不过说实话干活的劲头和以前差不多。”",
                   "小E说：“618 加班到半夜，加班费到现在还没发。”")),
           "c3": ("小C六月平均 {c_response} 秒才回一句，她说：“电脑太旧，千牛一开就卡，快捷短语都调不出来。”",
                  ("小C六月平均 {c_response} 秒才回一句，她说：“电脑太旧，千牛一开就卡，快捷短语都调不出来。”",
                   "店长让小B牵头设计七夕的推荐话术，她下班了还在琢磨怎么写。",
                   "办公室空调坏了一周没人修，下午闷得大家都没心思回消息。")),
           "c4": ("售后怪售前乱承诺，售前怪售后处理慢，两边天天吵。",
                  ("售后怪售前乱承诺，售前怪售后处理慢，两边天天吵。",
                   "小C说：“这周我第一次独立搞定了一笔大额花篮订单，特别有成就感。”",
                   "顾客在评价里点名夸小D“耐心又专业”，店主把这条评价截图发到了工作群里。")),
           "c5": ("考核表月底才公布，还改了两次，小C说：“谁也不知道该往哪里使劲。”",
                  ("考核表月底才公布，还改了两次，小C说：“谁也不知道该往哪里使劲。”",
                   "店主在工作群里当众训斥客服，大家心里都憋着气。",
                   "店主把几位老顾客交给小E专门维护，她说：“我觉得自己被信任了。”",
                   "店里出钱让小D去上平台的客服进阶课，他说以后想当主管。")),
           "order": (("c1", "c2", "c3", "c4", "c5"), tuple(permutations(("c1", "c2", "c3", "c4", "c5"))))},
}

#: Lesson phrases that state a rule of ``course.rules.RULES`` (tests/course/test_rules_in_lessons.py).
RULE_TEXT = {
    "appraisal.grades.0.0": ["总分 ≥ {} 为 A", "（A ≥ {}，B"],
    "appraisal.grades.0.2": ["为 A（绩效系数 {}）", "对应绩效系数 {} /"],
    "appraisal.grades.1.0": ["≥ {} 为 B", "B ≥ {}，C"],
    "appraisal.grades.1.2": ["为 B（{}"],
    "appraisal.grades.2.0": ["≥ {} 为 C", "C ≥ {}，其余 D", "{} 以下为 D"],
    "appraisal.grades.2.2": ["为 C（{}）"],
    "appraisal.grades.3.2": ["为 D（{}）"],
    "appraisal.star_min_satisfaction": ["满意率不到 {}% 的不能参评"],
}


#: Formative feedback per exercise (course/coach.py): what 练习N.check() evaluates (the main
#: case; hidden tests grade the edge cases), the hints, and the scaffold that the released
#: answer cell starts from (data and function items). Totals and scores are checked to one
#: decimal, as the calculator shows them.
EXERCISES = {
    1: {"answer": "answer_kpi_points", "check": ["kpi_points(0.45, 0.2, 0.6)", "kpi_points(35, 60, 20)"],
        "hints": [
        "先算 value 从底线走到目标走了几成：(value − floor) ÷ (target − floor)，0 表示在底线，1 表示到了目标。"
        "目标比底线小（越低越好）时，这个式子自己就反过来了，不用另写。",
        "把这个比例乘 100，再截断：max(0, …) 把负数变成 0，min(100, …) 把超过 100 的变成 100，"
        "最后用 float(...) 返回。"],
        "scaffold": '''share = (value - ___) / (target - ___)      # 从底线到目标走了几成
return float(min(___, max(___, share * 100)))  # 乘 100，再截断到 0–100'''},
    2: {"answer": "answer_grades", "check": ["q2"], "hints": [
        "从最高的等级往下判断：先看 ≥ 90，再看 ≥ 80……每个总分只属于第一个满足条件的等级。",
        "用 for 循环逐个看 练习2[\"scores\"]，if / elif / else 判断，append 到列表 q2；"
        "正好等于分数线算达到，所以用 >=。"]},
    3: {"answer": "answer_total_score", "check": ["q3"], "hints": [
        "先算五项各自的 0–100 得分：越高越好的用 (实际 − 底线) ÷ (目标 − 底线)；响应时间、退款率越低越好，"
        "用 (底线 − 实际) ÷ (底线 − 目标)。超过目标的记 100，低于底线的记 0。",
        "再按权重相加：总分 = (35 × 询单转化率得分 + 25 × 响应时间得分 + 15 × 回复率得分 + 15 × 满意率得分"
        " + 10 × 退款率得分) ÷ 100。题目里的百分数直接写数字（52% 写 52，和底线 20、目标 60 同一单位）。"]},
    4: {"answer": "answer_commission", "check": ["q4"], "hints": [
        "先按总分定等级和绩效系数：A ≥ 90（1.2），B ≥ 80（1.0），C ≥ 70（0.8），其余 D（0.5）。",
        "提成 = 客服销售额 × 提成比例 × 绩效系数；提成比例是百分数，2% 要写成 2 / 100。"]},
    5: {"answer": "answer_min_weight", "check": ["q5", "round(q5_total, 1)"], "hints": [
        "满意率每加 1，询单转化率就减 1（两项合计 50）。从 16 开始一个一个试，"
        "看排名表第一行什么时候第一次变成小B（A02）；那时排名表里她的总分就是 q5_total。",
        "用代码：for 循环逐个试 练习5[\"weights\"]，考核表里询单转化率的权重写 50 − satisfaction、"
        "满意率写 satisfaction，appraisal.appraise(june, card) 排好名；.index[0] 第一次等于 \"A02\" 时，"
        "记下权重和 ranking[\"total\"].iloc[0]。"],
        "scaffold": '''june = kpi.agent_kpis("2025-06-01", "2025-06-30").loc[["A01", "A02", "A03", "A04"]]
# 让小B 排第一的 (权重, 她的总分)，权重从小到大
found = []
for satisfaction in 练习5["weights"]:
    # 满意率加多少，询单转化率就减多少（两项合计 50）
    card = [{"kpi": "conversion_rate", "weight": ___, "floor": 0.2, "target": 0.6},
            {"kpi": "avg_response_s", "weight": 25, "floor": 60.0, "target": 20.0},
            {"kpi": "reply_rate", "weight": 15, "floor": 0.9, "target": 1.0},
            {"kpi": "satisfaction_rate", "weight": ___, "floor": 0.8, "target": 0.98},
            {"kpi": "refund_rate", "weight": 10, "floor": 0.1, "target": 0.02}]
    ranking = appraisal.appraise(june, card)
    if ranking.index[0] == ___:   # 小B（编号 "A02"）排第一
        # 按位置取总分一列的第一个（.iloc）
        found.append((satisfaction, float(ranking["total"].___[0])))
q5, q5_total = found[___]        # 最小的那个权重和她那时的总分'''},
    6: {"answer": "answer_conversion_points", "check": ["q6"], "hints": [
        "得分 = (转化率 − 底线) ÷ (目标 − 底线) × 100，底线 0.20、目标 0.60，都是小数。",
        "整列一起算：(june[\"conversion_rate\"] − 0.20) ÷ 0.40 × 100，再用 .clip(0, 100) 截断"
        "（转化率超过目标的，得分不能超过 100）。"],
        "scaffold": '''# (转化率 − 底线) ÷ (目标 − 底线) × 100，再截断到 0–100（询单转化率一列是 conversion_rate）
q6 = ((june[___] - ___) / (0.60 - 0.20) * 100).clip(___, ___)'''},
    7: {"answer": "answer_weakest_kpi", "check": ["q7", "round(q7_points, 1)"], "hints": [
        "比的是换算成 0–100 的得分，不是原始数值：退款率的数字虽然最小，得分却可能很高。",
        "appraisal.labelled(appraisal.appraise(june)).loc[客服编号] 是这位客服的一行；"
        "在「询单转化率得分」「平均响应时间得分」「回复率得分」「满意率得分」「退款率得分」五个里找最小的。"],
        "scaffold": '''june = kpi.agent_kpis("2025-06-01", "2025-06-30").loc[["A01", "A02", "A03", "A04"]]
row = appraisal.labelled(appraisal.appraise(june)).loc[练习7["agent"][___]]   # 这位客服的一行
lowest = "询单转化率"
for name in ["平均响应时间", "回复率", "满意率", "退款率"]:
    # 这一项得分更低，就记下这一项
    if row[name + "得分"] < row[lowest + "得分"]:
        lowest = ___
q7 = 练习7.letter_of(___)
q7_points = float(row[lowest + ___])'''},
    8: {"answer": "answer_service_star", "check": ["star", "round(star_total, 1)"], "hints": [
        "两步：先去掉满意率不到 90% 的客服（他们不能参评），再在剩下的人里比示例考核表的总分。",
        "june[june[\"satisfaction_rate\"] >= 0.90] 留下能参评的客服；appraisal.appraise(...) 按总分从高到低排好，"
        "第一行就是服务之星，ranking[\"total\"].iloc[0] 是他的总分。"],
        "scaffold": '''june = kpi.agent_kpis("2025-06-01", "2025-06-30").loc[["A01", "A02", "A03", "A04"]]
# 满意率（satisfaction_rate 一列）没到门槛的不能参评；门槛 90% 写成小数
allowed = june[june[___] >= ___]
# 剩下的人按示例考核表打分，总分从高到低
ranking = appraisal.appraise(allowed)
star = ranking.index[___]
star_total = float(ranking[___].iloc[0])    # 总分一列是 total'''},
    9: {"answer": "answer_herzberg", "check": ["q9"], "hints": [
        "看这件事关系到的是什么：工资、工作条件、制度、人际关系、工作保障是保健因素；"
        "成就、认可、工作本身、责任、成长是激励因素。",
        "别看说话人是高兴还是抱怨：条件改善了、“总算不闹心了”仍是保健因素；做得好却没人认可，说的是激励因素。"
        "钱（底薪、提成、加班费）属于保健因素。"]},
}
