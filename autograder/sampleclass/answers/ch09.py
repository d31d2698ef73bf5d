"""Chapter 9 known answers for the simulated class and the tests.

``MISCONCEPTIONS`` lists, per answer cell, what a beginner plausibly believes and the code
they would write; each must lose points on its item in every variant (the question
parameters and the shop data are made so that the rule they ignore changes the answer: a
total exactly on a grade line and one A and one B in 练习 2, a 退款率 better than its target
in 练习 3, never a B total in 练习 4, 小B overtaking 小A at a weight well inside 16–40 in
练习 5, 小A's 询单转化率 above the 60% target in 练习 6, a 短板 that is never the KPI with the
smallest raw number in 练习 7, 小A on top without the 满意率 门槛 in 练习 8, a hygiene factor
said with relief, a motivator said as a complaint and pay in every 练习 9).
``WRONG`` is the sample class's wrong student: the first misconception of each item.
"""

_JUNE = 'june = kpi.agent_kpis("2025-06-01", "2025-06-30").loc[["A01", "A02", "A03", "A04"]]\n'
_CARD = """\
    card = [{"kpi": "conversion_rate", "weight": 50 - satisfaction, "floor": 0.2, "target": 0.6},
            {"kpi": "avg_response_s", "weight": 25, "floor": 60.0, "target": 20.0},
            {"kpi": "reply_rate", "weight": 15, "floor": 0.9, "target": 1.0},
            {"kpi": "satisfaction_rate", "weight": satisfaction, "floor": 0.8, "target": 0.98},
            {"kpi": "refund_rate", "weight": 10, "floor": 0.1, "target": 0.02}]
"""
_HYGIENE = """\
{"店里给售前换了降噪耳机，小C说：“戴一整天耳朵也不疼了，总算不闹心了。”",
 "排班表改成提前一周公布，小D说：“周末终于能提前安排自己的事了。”",
 "店里六月起按时给大家交上了社保，小F说：“心里踏实多了。”",
 "618 那几天店里管夜宵、安排了轮休，小E说：“总算没那么累了。”",
 "小C六月平均 {c_response} 秒才回一句，她说：“电脑太旧，千牛一开就卡，快捷短语都调不出来。”",
 "办公室空调坏了一周没人修，下午闷得大家都没心思回消息。",
 "售后怪售前乱承诺，售前怪售后处理慢，两边天天吵。",
 "考核表月底才公布，还改了两次，小C说：“谁也不知道该往哪里使劲。”",
 "店主在工作群里当众训斥客服，大家心里都憋着气。"}"""
_PAY = """\
{"小A说：“六月我的客服销售额有 {a_sales} 元，可提成怎么算，到现在也没人说得清。”",
 "小D说：“底薪涨了 300 元，挺好，不过说实话干活的劲头和以前差不多。”",
 "小E说：“618 加班到半夜，加班费到现在还没发。”"}"""
_COMPLAINTS = """\
{"小B说：“六月我有 {b_praised} 次接待被顾客评了「很满意」，可例会上一句都没提。”",
 "小E说：“我做了快两年售后，天天处理一样的退款，学不到什么新东西。”",
 "小D说：“我提过改快捷短语的建议，店长只说‘你照做就行’，从来不让我们参与。”",
 "小A说：“我好不容易劝回一位要退款的顾客，店长只回了一句‘知道了’。”",
 "小A说：“六月我的客服销售额有 {a_sales} 元，可提成怎么算，到现在也没人说得清。”",
 "小E说：“618 加班到半夜，加班费到现在还没发。”",
 "小C六月平均 {c_response} 秒才回一句，她说：“电脑太旧，千牛一开就卡，快捷短语都调不出来。”",
 "办公室空调坏了一周没人修，下午闷得大家都没心思回消息。",
 "售后怪售前乱承诺，售前怪售后处理慢，两边天天吵。",
 "考核表月底才公布，还改了两次，小C说：“谁也不知道该往哪里使劲。”",
 "店主在工作群里当众训斥客服，大家心里都憋着气。"}"""
_PLACES = '练习9["order"]'

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
    "answer_min_weight": [
        ("答成了小A还排第一的最后一个权重（差了 1）",
         _JUNE + 'q5 = None\nfor satisfaction in 练习5["weights"]:\n' + _CARD + """\
    ranking = appraisal.appraise(june, card)
    if ranking.index[0] != "A02":
        q5 = satisfaction
        q5_total = float(ranking.loc["A02", "total"])"""),
        ("只把满意率的权重调高，忘了从询单转化率里扣（五项合计超过 100）",
         _JUNE + """\
scores = appraisal.appraise(june)
q5 = None
for satisfaction in 练习5["weights"]:
    totals = (35 * scores["conversion_rate_score"] + 25 * scores["avg_response_s_score"]
              + 15 * scores["reply_rate_score"] + satisfaction * scores["satisfaction_rate_score"]
              + 10 * scores["refund_rate_score"]) / 100
    if q5 is None and totals.idxmax() == "A02":
        q5 = satisfaction
        q5_total = float(totals["A02"])"""),
    ],
    "answer_conversion_points": [
        ("忘了截断到 0–100：小A 的转化率超过 60%，得分超过了 100",
         'q6 = (june["conversion_rate"] - 0.20) / 0.40 * 100'),
        ("忘了减去底线，直接用 转化率 ÷ 目标",
         'q6 = (june["conversion_rate"] / 0.60 * 100).clip(0, 100)'),
    ],
    "answer_weakest_kpi": [
        ("看原始数值：哪一项的数字最小就是短板（退款率只有百分之几）", """\
row = kpi.agent_kpis("2025-06-01", "2025-06-30").loc[练习7["agent"][0]]
values = {"询单转化率": row["conversion_rate"], "平均响应时间": row["avg_response_s"], "回复率": row["reply_rate"],
          "满意率": row["satisfaction_rate"], "退款率": row["refund_rate"]}
lowest = "询单转化率"
for name in values:
    if values[name] < values[lowest]:
        lowest = name
q7 = 练习7.letter_of(lowest)
june = kpi.agent_kpis("2025-06-01", "2025-06-30").loc[["A01", "A02", "A03", "A04"]]
q7_points = float(appraisal.labelled(appraisal.appraise(june)).loc[练习7["agent"][0], lowest + "得分"])"""),
    ],
    "answer_service_star": [
        ("忘了满意率的参评门槛，直接取总分最高的人", _JUNE + """\
ranking = appraisal.appraise(june)
star = ranking.index[0]
star_total = float(ranking["total"].iloc[0])"""),
        ("服务之星看谁卖得多", _JUNE + """\
star = june["sales"].idxmax()
star_total = float(appraisal.appraise(june).loc[star, "total"])"""),
    ],
    "answer_herzberg": [
        ("看语气：抱怨的都是保健因素，高兴的都是激励因素",
         "complaints = " + _COMPLAINTS + "\n"
         'q9 = ["保健因素" if 练习9[c] in complaints else "激励因素" for c in ' + _PLACES + "]"),
        ("以为钱最能激励人：提成、底薪和加班费都算激励因素",
         "hygiene = " + _HYGIENE + "\n"
         'q9 = ["保健因素" if 练习9[c] in hygiene else "激励因素" for c in ' + _PLACES + "]"),
        ("把两类因素的名字记反了",
         "hygiene = " + _HYGIENE + " | " + _PAY + "\n"
         'q9 = ["激励因素" if 练习9[c] in hygiene else "保健因素" for c in ' + _PLACES + "]"),
    ],
}

WRONG = {answer: samples[0][1] for answer, samples in MISCONCEPTIONS.items()}

ERROR = {
    "answer_kpi_points": "return value / (target - target)",
    "answer_grades": "q2 = [A, A, B, C, D]",
    "answer_total_score": "q3 = sum(weights * scores)",
    "answer_commission": "q4 = sales * 0.02",
    "answer_min_weight": "for satisfaction in 练习5[weights]:\nq5 = satisfaction",
    "answer_conversion_points": 'q6 = june["转化率"]',
    "answer_weakest_kpi": "q7 = B",
    "answer_service_star": 'star = june["A01"]',
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

#: What a learner writes into each ``___`` of an exercise's scaffold, in order
#: (course/exercises/ch09.py EXERCISES; tests/e2e/test_scaffolds.py proves that the filled
#: scaffold passes the hidden tests and the unfilled one does not).
SCAFFOLD_FILLS = {
    "answer_kpi_points": ["floor", "floor", "100", "0"],
    "answer_min_weight": ["50 - satisfaction", "satisfaction", '"A02"', "iloc", "0"],
    "answer_conversion_points": ['"conversion_rate"', "0.20", "0", "100"],
    "answer_weakest_kpi": ["0", "name", "lowest", '"得分"'],
    "answer_service_star": ['"satisfaction_rate"', "0.90", "0", '"total"'],
}
