"""Chapter 9: the numbers of each student's own questions (see course/exercises/__init__.py)."""

import random


def _score_sets(n: int = 600) -> list[tuple[float, ...]]:
    """Five totals to grade: an exact grade line, one just below a line, three others."""
    rng = random.Random("ch09.q2")
    lines = (90, 80, 70)
    below = (89.9, 79.9, 69.9, 89.5, 79.5, 69.5)
    others = (98, 95, 93, 91.5, 88, 86, 85, 83, 81.5, 78, 76, 74, 72, 66, 61, 58, 52)
    sets = set()
    while len(sets) < n:
        totals = [rng.choice(lines), rng.choice(below), *rng.sample(others, 3)]
        rng.shuffle(totals)
        sets.add(tuple(totals))
    return sorted(sets)


PARAMS = {
    # 练习 2: the five totals whose grades are asked (each set has an exact grade line)
    "q2": {"scores": ((95, 90, 85, 70, 69.9), _score_sets())},
    # 练习 3: one agent's KPIs, in %, seconds, %, %, %; all strictly between floor and target.
    # No 89% satisfaction: with it a plain average of the five scores can equal the weighted total.
    "q3": {"conversion": (52, range(22, 59)),
           "response": (28, range(22, 59)),
           "reply": (99, range(91, 100)),
           "satisfaction": (95, [s for s in range(82, 98) if s != 89]),
           "refund": (3, range(3, 10))},
    # 练习 4: total score (no 50: its score ÷ 100 would equal D's 0.5), sales, rate in %
    "q4": {"total": (83, range(55, 100)),
           "sales": (30000, range(12000, 60001, 1000)),
           "rate": (2, (1, 1.5, 2, 2.5, 3))},
    # 练习 5: new weights of 询单转化率 and 满意率 (together 50, as 35 + 15 were), 提成比例.
    # Service weighs more in every choice, and far enough that 小B (highest 满意率) overtakes
    # 小A in every variant (tests/course/test_datagen.py); no weight above the lesson's 40.
    "q5": {"weights": ((10, 40), ((10, 40), (12, 38))),
           "rate": (0.02, (0.01, 0.015, 0.02, 0.025, 0.03))},
    # 练习 9: the five situations to classify; each place draws from two of each kind
    "q9": {"c1": ("办公室空调坏了一直没修",
                  ("办公室空调坏了一直没修", "电脑和耳机好用、不卡顿",
                   "第一次独立搞定一笔大额花篮订单", "参与设计七夕花束的推荐话术")),
           "c2": ("因为处理好一次投诉被店长公开表扬",
                  ("因为处理好一次投诉被店长公开表扬", "顾客的点名好评在例会上被念出来",
                   "提成的算法公开透明", "大促期间有夜宵和轮休")),
           "c3": ("底薪按时足额发放",
                  ("底薪按时足额发放", "公司按时签劳动合同、交社保",
                   "担任新人带教，负责新同事的成长", "被评为“618 服务之星”")),
           "c4": ("有机会晋升为客服主管",
                  ("有机会晋升为客服主管", "店里出钱让他参加平台的客服进阶课程",
                   "售前和售后相处融洽、不互相甩锅", "店主说话尊重人，从不当众训斥客服")),
           "c5": ("排班制度公平、休息有保障",
                  ("排班制度公平、休息有保障", "排班表提前一周公布",
                   "独立策划一次店铺的节日活动", "店主把几位重要的老顾客交给他专门维护"))},
}
