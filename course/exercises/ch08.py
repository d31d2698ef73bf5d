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

#: Seeds of the case picker of 练习 9 (the public variant uses 0).
PICKS = tuple(range(1, 5000))
#: As-of dates of 练习 6 and 练习 9: month ends inside the data, never the tools' default
#: 2025-06-30 (the lesson's table and the segmenter start there: forgetting the date shows).
AS_OFS = ["2024-12-31", "2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31"]


def revisit_candidates() -> dict:
    """练习 9: six real customers of the learner's shop as of the question's date, each a
    kind a mistaken reading gets wrong: two 重要 customers (one 重要挽留) and a third 重要 one,
    none blacklisted; a blacklisted 重要 customer; a recent small spender (一般价值/一般发展);
    and a 一般 customer who is 重要 by 2025-06-30 (the lesson's table and the tools' date)."""
    import random

    from course import crm, data, variants

    p = variants.params("ch08.q9")
    table = crm.rfm(p["as_of"])
    later = crm.rfm("2025-06-30")["segment"]
    customers = data.load("customers").set_index("buyer_id")
    rows = [(buyer, segment, int(customers.at[buyer, "blacklisted"]), later.get(buyer, segment))
            for buyer, segment in table["segment"].items()]
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
