"""Chapter 9 known answers for the simulated class and the tests.

``MISCONCEPTIONS`` lists, per answer cell, what a beginner plausibly believes and the code
they would write; each must lose points on its item in every variant (the question
parameters and the shop data are made so that the rule they ignore changes the answer: a
total exactly on a grade line and one A and one B in 练习 2, a 退款率 better than its target
in 练习 3, never a B total in 练习 4, 小A's 询单转化率 above the 60% target in 练习 6, 小B
overtaking 小A in 练习 5). ``WRONG`` is the sample class's wrong student: the first
misconception of each item.
"""

_CARD = '''\
scorecard_state = {
    "scorecard": [
        {"kpi": "conversion_rate", "weight": %s, "floor": 0.2, "target": 0.6},
        {"kpi": "avg_response_s", "weight": 25, "floor": 60.0, "target": 20.0},
        {"kpi": "reply_rate", "weight": 15, "floor": 0.9, "target": 1.0},
        {"kpi": "satisfaction_rate", "weight": %s, "floor": 0.8, "target": 0.98},
        {"kpi": "refund_rate", "weight": 10, "floor": 0.1, "target": 0.02}
    ],
    "rate": 练习5["rate"]
}
ranking = appraisal.appraise(kpi.agent_kpis("2025-06-01", "2025-06-30").loc[["A01", "A02", "A03", "A04"]],
                             [appraisal.Item(**i) for i in scorecard_state["scorecard"]], scorecard_state["rate"])
'''

MISCONCEPTIONS = {
    "answer_kpi_points": [
        ("忘了截断：超过目标的得分超过 100，低于底线的成了负数",
         "return (value - floor) / (target - floor) * 100"),
        ("只记得“超过目标算 100 分”，低于底线没有截到 0",
         "return min(100, (value - floor) / (target - floor) * 100)"),
        ("越低越好的指标单独处理，却把方向写反了（离目标越近分越低）", '''\
if target > floor:
    share = (value - floor) / (target - floor)
else:
    share = (value - target) / (floor - target)
return float(min(100, max(0, share * 100)))'''),
    ],
    "answer_grades": [
        ("以为正好 90 分还不够 A，要超过 90 才算",
         'q2 = ["A" if t > 90 else "B" if t > 80 else "C" if t > 70 else "D" for t in 练习2["scores"]]'),
        ("从低往高判断：先看 ≥ 70，于是 85、95 分都成了 C", '''\
q2 = []
for total in 练习2["scores"]:
    if total >= 70:
        q2.append("C")
    elif total >= 80:
        q2.append("B")
    elif total >= 90:
        q2.append("A")
    else:
        q2.append("D")'''),
    ],
    "answer_total_score": [
        ("五项得分直接求平均，没有按权重", '''\
scores = [(练习3["conversion"] - 20) / 40, (60 - 练习3["response"]) / 40, (练习3["reply"] - 90) / 10,
          (练习3["satisfaction"] - 80) / 18, (10 - 练习3["refund"]) / 8]
q3 = sum(min(1, max(0, s)) * 100 for s in scores) / 5'''),
        ("忘了截断：退款率比目标还低，这一项得分超过了 100", '''\
scores = [(练习3["conversion"] - 20) / 40, (60 - 练习3["response"]) / 40, (练习3["reply"] - 90) / 10,
          (练习3["satisfaction"] - 80) / 18, (10 - 练习3["refund"]) / 8]
q3 = sum(w * s * 100 for w, s in zip([35, 25, 15, 15, 10], scores)) / 100'''),
        ("响应时间和退款率也按“越高越好”算，方向没有反过来", '''\
scores = [(练习3["conversion"] - 20) / 40, (练习3["response"] - 20) / 40, (练习3["reply"] - 90) / 10,
          (练习3["satisfaction"] - 80) / 18, (练习3["refund"] - 2) / 8]
q3 = sum(w * min(1, max(0, s)) * 100 for w, s in zip([35, 25, 15, 15, 10], scores)) / 100'''),
    ],
    "answer_commission": [
        ("忘了乘绩效系数", 'q4 = 练习4["sales"] * 练习4["rate"] / 100'),
        ("把总分当成系数：83 分就乘 0.83",
         'q4 = 练习4["sales"] * 练习4["rate"] / 100 * 练习4["total"] / 100'),
        ("提成比例 2% 直接乘了 2", '''\
total = 练习4["total"]
coefficient = 1.2 if total >= 90 else 1.0 if total >= 80 else 0.8 if total >= 70 else 0.5
q4 = 练习4["sales"] * 练习4["rate"] * coefficient'''),
    ],
    "answer_reweighted": [
        ("计算器里的权重没改，还是 35 和 15",
         _CARD % (35, 15) + '''top_agent = ranking.index[0]
top_commission = float(ranking["commission"].iloc[0])'''),
        ("把“排名第一”看成了“提成最多”",
         _CARD % ('练习5["weights"][0]', '练习5["weights"][1]') + '''top_agent = ranking["commission"].idxmax()
top_commission = float(ranking["commission"].max())'''),
    ],
    "answer_conversion_points": [
        ("忘了截断到 0–100：小A 的转化率超过 60%，得分超过了 100",
         'q6 = (june["conversion_rate"] - 0.20) / 0.40 * 100'),
        ("忘了减去底线，直接用 转化率 ÷ 目标",
         'q6 = (june["conversion_rate"] / 0.60 * 100).clip(0, 100)'),
    ],
    "answer_essence": [
        ("以为考核就是挑错扣钱", 'q7 = 练习7.letter_of("考核就是为了找理由扣工资")'),
        ("以为只要业绩好就行，其他指标无所谓", 'q7 = 练习7.letter_of("只要销售额高，其他指标都不重要")'),
    ],
    "answer_spiritual": [
        ("把升为带教组长、带新人也当成精神激励（它是晋升通道）", '''\
q8 = {练习8.letter_of("店主给耐心服务的客服写一张亲笔感谢卡"),
      练习8.letter_of("连续三个月考核 A 级的客服升为带教组长，负责带新人"),
      练习8.letter_of("店长在周会上点名感谢某位客服处理好了一个难缠的投诉")}'''),
        ("觉得购物卡不是现金，算精神激励", '''\
q8 = {练习8.letter_of("店主给耐心服务的客服写一张亲笔感谢卡"), 练习8.letter_of("发放节日购物卡"),
      练习8.letter_of("店长在周会上点名感谢某位客服处理好了一个难缠的投诉")}'''),
    ],
    "answer_herzberg": [
        ("把两类因素的名字记反了", '''\
hygiene = {"办公室空调坏了一直没修", "电脑和耳机好用、不卡顿", "公司按时签劳动合同、交社保",
           "大促期间有夜宵和轮休", "客服工位宽敞，有安静的午休区", "底薪按时足额发放", "提成的算法公开透明",
           "加班按规定计酬、按时发放", "售前和售后相处融洽、不互相甩锅", "店主说话尊重人，从不当众训斥客服",
           "排班制度公平、休息有保障", "排班表提前一周公布"}
q9 = ["激励因素" if 练习9[c] in hygiene else "保健因素" for c in ["c1", "c2", "c3", "c4", "c5"]]'''),
        ("以为钱最能激励人：底薪、提成和加班费都算激励因素", '''\
hygiene = {"办公室空调坏了一直没修", "电脑和耳机好用、不卡顿", "公司按时签劳动合同、交社保",
           "大促期间有夜宵和轮休", "客服工位宽敞，有安静的午休区", "售前和售后相处融洽、不互相甩锅",
           "店主说话尊重人，从不当众训斥客服", "排班制度公平、休息有保障", "排班表提前一周公布"}
q9 = ["保健因素" if 练习9[c] in hygiene else "激励因素" for c in ["c1", "c2", "c3", "c4", "c5"]]'''),
    ],
}

WRONG = {answer: samples[0][1] for answer, samples in MISCONCEPTIONS.items()}

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
