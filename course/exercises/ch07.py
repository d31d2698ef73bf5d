"""Chapter 7: the numbers of each student's own questions (see course/exercises/__init__.py)."""

from datetime import date, timedelta

#: Every 7-day window of June 2025 (start, end), both days included.
WEEKS = [((date(2025, 6, 1) + timedelta(days=d)).isoformat(),
          (date(2025, 6, 7) + timedelta(days=d)).isoformat()) for d in range(24)]

PARAMS = {
    # 练习 2: the week whose unanswered sessions are counted
    "q2": {"week": (("2025-06-01", "2025-06-07"), WEEKS)},
    # 练习 4: 客单价 = 客件数 × 件均价, from a month's sales, paying buyers and items
    "q4": {"sales": (24000, range(12000, 36001, 600)),
           "buyers": (120, range(80, 161, 4)),
           "items": (200, range(170, 281, 5))},
    # 练习 8: the week the KPI calculator is set to
    "q8": {"week": (("2025-06-15", "2025-06-21"), WEEKS)},
}

#: The lesson's sentences that state a rule value (tests/course/test_rules_in_lessons.py).
RULE_TEXT = {
    "kpi.first_response_s": ["首次 ≤ {} 秒", "首次响应 ≤ {} 秒"],
    "kpi.avg_response_s": ["平均 ≤ {} 秒"],
    "kpi.reply_rate": ["没达到课程参考值 {}%", "回复率 ≥ {}%"],
    "kpi.satisfaction_rate": ["低于参考值 {}%", "满意率 ≥ {}%"],
}
