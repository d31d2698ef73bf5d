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
