"""Chapter 8: the numbers of each student's own questions (see course/exercises/__init__.py)."""

import random


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
    # 练习 6: the segmenter's as-of date (never its default 2025-06-30) and 「高」分数线 (never 3)
    "q6": {"as_of": ("2025-05-31", ["2024-12-31", "2025-01-31", "2025-02-28", "2025-03-31",
                                    "2025-04-30", "2025-05-31"]),
           "high": (4, [2, 4, 5])},
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
}

#: Lesson phrases that state a rule of ``course.rules.RULES`` (tests/course/test_rules_in_lessons.py).
RULE_TEXT = {
    "rfm.r_days.0": ["| R（天） | ≤ {} |", "R：≤ {} 天 5 分"],
    "rfm.r_days.1": ["≤ {} 天 4 分"],
    "rfm.r_days.2": ["≤ {} 天 3 分", "R 高 = 最近 {} 天内付过款", "超过 {} 天没有付款（R 低）"],
    "rfm.r_days.3": ["≤ {} 天 2 分", "| > {} |"],
    "rfm.f_counts.2": ["F 高 = 付款 {} 单及以上", "付款不足 {} 单（F 低）"],
    "rfm.f_counts.4": ["{} 次及以上 5 分"],
    "rfm.m_amounts.0": ["| 不足 {} |", "低于 {} 元 1 分"],
    "rfm.m_amounts.1": ["低于 {} 元 2 分", "M 高 = 累计付款 {} 元及以上", "累计付款 ≥ {} 元（M 高）"],
    "rfm.m_amounts.2": ["低于 {} 元 3 分"],
    "rfm.m_amounts.3": ["低于 {} 元 4 分", "| ≥ {} |\n|---|---|---|---|---|---|\n| M 得分"],
    "rfm.high_score": ["**≥ {} 记为“高”**", "“高”表示得分 ≥ {}。"],
    "rfm.min_member_discount": ["折扣不能低于 {}（7 折）"],
}
