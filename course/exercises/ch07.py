"""Chapter 7: the numbers of each student's own questions (see course/exercises/__init__.py)."""

WEEKS = [("2025-06-01", "2025-06-07"), ("2025-06-08", "2025-06-14"),
         ("2025-06-15", "2025-06-21"), ("2025-06-22", "2025-06-28")]

PARAMS = {
    # 练习 4: 客单价 = 客件数 × 件均价, from a month's sales, paying buyers and items
    "q4": {"sales": (24000, range(12000, 36001, 600)),
           "buyers": (120, range(80, 161, 4)),
           "items": (200, range(170, 281, 5))},
    # 练习 8: the week the KPI calculator is set to
    "q8": {"week": (("2025-06-15", "2025-06-21"), WEEKS)},
}
