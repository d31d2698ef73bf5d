"""Chapter 9 known answers for the simulated class and the tests."""

WRONG = {
    # not capped, and the direction never flips
    "answer_kpi_points": "return (value - floor) / abs(target - floor) * 100",
    # the borders excluded (every question has a total exactly on a grade line)
    "answer_grades": ('q2 = ["A" if t > 90 else "B" if t > 80 else "C" if t > 70 else "D" '
                      'for t in 练习2["scores"]]'),
    # plain average instead of weights
    "answer_total_score": '''\
scores = [(练习3["conversion"] - 20) / 40, (60 - 练习3["response"]) / 40, (练习3["reply"] - 90) / 10,
          (练习3["satisfaction"] - 80) / 18, (10 - 练习3["refund"]) / 8]
q3 = sum(min(1, max(0, s)) * 100 for s in scores) / 5''',
    # the total score used as the coefficient (83 分 → × 0.83)
    "answer_commission": 'q4 = 练习4["sales"] * 练习4["rate"] / 100 * 练习4["total"] / 100',
    # the calculator left at 35 and 15: the weights not changed
    "answer_reweighted": '''\
scorecard_state = {
    "scorecard": [
        {"kpi": "conversion_rate", "weight": 35, "floor": 0.2, "target": 0.6},
        {"kpi": "avg_response_s", "weight": 25, "floor": 60.0, "target": 20.0},
        {"kpi": "reply_rate", "weight": 15, "floor": 0.9, "target": 1.0},
        {"kpi": "satisfaction_rate", "weight": 15, "floor": 0.8, "target": 0.98},
        {"kpi": "refund_rate", "weight": 10, "floor": 0.1, "target": 0.02}
    ],
    "rate": 练习5["rate"]
}
ranking = appraisal.appraise(kpi.agent_kpis("2025-06-01", "2025-06-30").loc[["A01", "A02", "A03", "A04"]],
                             [appraisal.Item(**i) for i in scorecard_state["scorecard"]], scorecard_state["rate"])
top_agent = ranking.index[0]
top_commission = float(ranking["commission"].iloc[0])''',
    # not capped to 0–100
    "answer_conversion_points": 'q6 = (june["conversion_rate"] - 0.20) / 0.40 * 100 - 1',
    # punishment taken for the purpose
    "answer_essence": 'q7 = 练习7.letter_of("考核就是为了找理由扣工资")',
    # a higher 提成比例 taken for a spiritual reward, the team-leader role left out
    "answer_spiritual": '''\
q8 = {练习8.letter_of("每月评选“服务之星”，在团队群里公开表扬"), 练习8.letter_of("提高提成比例"),
      练习8.letter_of("店长在周会上点名感谢某位客服处理好了一个难缠的投诉")}''',
    # the two factors' names swapped
    "answer_herzberg": '''\
hygiene = {"办公室空调坏了一直没修", "电脑和耳机好用、不卡顿", "提成的算法公开透明", "大促期间有夜宵和轮休",
           "底薪按时足额发放", "公司按时签劳动合同、交社保", "售前和售后相处融洽、不互相甩锅",
           "店主说话尊重人，从不当众训斥客服", "排班制度公平、休息有保障", "排班表提前一周公布"}
q9 = ["激励因素" if 练习9[c] in hygiene else "保健因素" for c in ["c1", "c2", "c3", "c4", "c5"]]''',
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
