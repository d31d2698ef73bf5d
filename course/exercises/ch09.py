"""Chapter 9: the numbers of each student's own questions (see course/exercises/__init__.py)."""

import random


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
    # 练习 5: new weights of 询单转化率 and 满意率 (together 50, as 35 + 15 were), 提成比例.
    # Service weighs more in every choice, and far enough that 小B (highest 满意率) overtakes
    # 小A in every variant (tests/course/test_datagen.py); no weight above the lesson's 40.
    "q5": {"weights": ((10, 40), ((10, 40), (12, 38))),
           "rate": (0.02, (0.01, 0.015, 0.02, 0.025, 0.03))},
    # 练习 9: the five situations to classify. Places 1, 2, 4 and 5 draw from both kinds; place 3
    # is always about pay (保健因素), so "money motivates" is wrong in every variant.
    "q9": {"c1": ("办公室空调坏了一直没修",
                  ("办公室空调坏了一直没修", "电脑和耳机好用、不卡顿", "公司按时签劳动合同、交社保",
                   "第一次独立搞定一笔大额花篮订单", "参与设计七夕花束的推荐话术",
                   "担任新人带教，负责新同事的成长")),
           "c2": ("因为处理好一次投诉被店长公开表扬",
                  ("因为处理好一次投诉被店长公开表扬", "顾客的点名好评在例会上被念出来",
                   "被评为“618 服务之星”", "大促期间有夜宵和轮休", "客服工位宽敞，有安静的午休区")),
           "c3": ("底薪按时足额发放",
                  ("底薪按时足额发放", "提成的算法公开透明", "加班按规定计酬、按时发放")),
           "c4": ("有机会晋升为客服主管",
                  ("有机会晋升为客服主管", "店里出钱让他参加平台的客服进阶课程",
                   "售前和售后相处融洽、不互相甩锅", "店主说话尊重人，从不当众训斥客服")),
           "c5": ("排班制度公平、休息有保障",
                  ("排班制度公平、休息有保障", "排班表提前一周公布",
                   "独立策划一次店铺的节日活动", "店主把几位重要的老顾客交给他专门维护"))},
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
}
