"""Chapter 9 known answers for the simulated class and the tests."""

WRONG = {
    # not capped, and the direction never flips
    "answer_kpi_points": "return (value - floor) / abs(target - floor) * 100",
    # the borders excluded
    "answer_grades": 'q2 = ["A", "B", "B", "D", "D"]',
    # plain average instead of weights
    "answer_total_score": '''\
scores = [(0.52 - 0.20) / 0.40, (60 - 28) / 40, (0.99 - 0.90) / 0.10, (0.95 - 0.80) / 0.18, (0.10 - 0.03) / 0.08]
q3 = sum(min(1, max(0, s)) * 100 for s in scores) / 5''',
    # coefficient of grade A
    "answer_commission": "q4 = 30000 * 0.02 * 1.2",
    "answer_reweighted": '''\
scorecard_state = {
    "scorecard": [
        {"kpi": "conversion_rate", "weight": 35, "floor": 0.2, "target": 0.6},
        {"kpi": "avg_response_s", "weight": 25, "floor": 60.0, "target": 20.0},
        {"kpi": "reply_rate", "weight": 15, "floor": 0.9, "target": 1.0},
        {"kpi": "satisfaction_rate", "weight": 15, "floor": 0.8, "target": 0.98},
        {"kpi": "refund_rate", "weight": 10, "floor": 0.1, "target": 0.02}
    ],
    "rate": 0.02
}
top_agent = "A02"''',
    # not capped to 0–100
    "answer_conversion_points": 'q6 = (june["conversion_rate"] - 0.20) / 0.40 * 100 - 1',
    "answer_essence": 'q7 = "A"',
    "answer_spiritual": 'q8 = {"A", "B", "E"}',
    "answer_herzberg": 'q9 = ["激励因素", "激励因素", "激励因素", "激励因素", "保健因素"]',
}

ERROR = {
    "answer_kpi_points": "return value / (target - target)",
    "answer_grades": "q2 = [A, A, B, C, D]",
    "answer_total_score": "q3 = sum(weights * scores)",
    "answer_commission": "q4 = sales * 0.02",
    "answer_reweighted": "scorecard_state = {'rate': 0.02\ntop_agent = 'A01'",
    "answer_conversion_points": 'q6 = june["转化率"]',
    "answer_essence": "q7 = B",
    "answer_spiritual": 'q8 = set("A", "C")',
    "answer_herzberg": 'q9 = ["保健因素"][5]',
}

WRITTEN = {
    "written_incentive_plan": (
        "七夕前后咨询量大，方案分三部分。保健因素：高峰期安排轮休和加班餐补，保证排班公平、休息充足，"
        "先消除不满。激励因素一：设“七夕服务之星”，按考核表总分评选，售前看询单转化率和响应时间，"
        "售后看满意率和退款处理时效，分开排名，避免售前售后互相比销售额；获奖者在团队群公开表扬并颁发证书。"
        "激励因素二：总分达到 B 以上的客服可以带新人或参与话术库编写，作为晋升主管的加分项。"
        "规则在活动前公布，数据每天更新，保证透明公平。",
        "七夕多发奖金就行。",
    ),
}
