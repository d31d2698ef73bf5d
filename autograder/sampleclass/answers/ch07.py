"""Chapter 7 known answers for the simulated class and the tests.

``MISCONCEPTIONS`` lists, per answer cell, what a beginner plausibly believes and the code
they would write; each must lose points on its item in every variant (the data and the
question parameters are made so that the rule they ignore changes the answer). ``WRONG``
is the sample class's wrong student: the first misconception of each item.
"""

_WEEK = '''\
start, end = 练习3["week"]
in_week = (sessions["started_at"] >= start) & (sessions["started_at"] < pd.Timestamp(end) + pd.Timedelta(days=1))
week = sessions[in_week]
week_msgs = messages[messages["session_id"].isin(week["session_id"])]
has_buyer = week_msgs.loc[week_msgs["sender"] == "buyer", "session_id"].unique()
'''
_JUNE_REFUNDS = '''\
in_june = (refunds["applied_at"] >= "2025-06-01") & (refunds["applied_at"] < "2025-07-01")
owner = refunds["order_id"].map(orders.set_index("order_id")["agent_id"])
'''
_DAILY = '''\
start, end = 练习9["week"]
daily = kpi.daily_kpis(start, end).loc[["A01", "A02", "A03", "A04"]]
low = daily["reply_rate"].sort_values(kind="stable").index[0]
low_agent = low[0]
low_day = str(low[1])[:10]
'''
_SPOT = '''\
day = pd.Timestamp(练习1["day"])
paid_today = set(orders.loc[(orders["paid_at"] >= day) & (orders["paid_at"] < day + pd.Timedelta(days=1)), "buyer_id"])
in_june = (refunds["applied_at"] >= "2025-06-01") & (refunds["applied_at"] < "2025-07-01")
buyer_of = orders.set_index("order_id")["buyer_id"]
refund_buyers = set(refunds.loc[in_june, "order_id"].map(buyer_of))
q1 = set()
for letter, one in 练习1["sessions"].items():
'''

MISCONCEPTIONS = {
    "answer_spot_check": [
        ("把题意看反了，挑的是不用优先抽查的会话", _SPOT + """\
    unpaid = one["inquiry"] == "是" and one["buyer_id"] not in paid_today
    if not (unpaid or one["rating"] in ["一般", "不满意"] or one["buyer_id"] in refund_buyers):
        q1.add(letter)"""),
        ("当天没付款的会话都算，没看是不是询单", _SPOT + """\
    if one["buyer_id"] not in paid_today or one["rating"] in ["一般", "不满意"] or one["buyer_id"] in refund_buyers:
        q1.add(letter)"""),
        ("中差评只算「不满意」，评价「一般」的没算", _SPOT + """\
    unpaid = one["inquiry"] == "是" and one["buyer_id"] not in paid_today
    if unpaid or one["rating"] == "不满意" or one["buyer_id"] in refund_buyers:
        q1.add(letter)"""),
        ("申请退款只算退款成功的", _SPOT + """\
    succeeded = set(refunds.loc[in_june & (refunds["status"] == "SUCCESS"), "order_id"].map(buyer_of))
    unpaid = one["inquiry"] == "是" and one["buyer_id"] not in paid_today
    if unpaid or one["rating"] in ["一般", "不满意"] or one["buyer_id"] in succeeded:
        q1.add(letter)"""),
        ("买家这个月付过款就不算“没付款”，没看是不是会话那一天", _SPOT + """\
    june_paid = set(orders.loc[(orders["paid_at"] >= "2025-06-01") & (orders["paid_at"] < "2025-07-01"), "buyer_id"])
    unpaid = one["inquiry"] == "是" and one["buyer_id"] not in june_paid
    if unpaid or one["rating"] in ["一般", "不满意"] or one["buyer_id"] in refund_buyers:
        q1.add(letter)"""),
    ],
    "answer_reply_rate": [
        ("把只收到自动回复的买家也算作被接待", 'q2 = 练习2.letter_of("98%")'),
        ("以为有自动回复兜底，人人都算接待了", 'q2 = 练习2.letter_of("100%")'),
    ],
    "answer_unanswered_sessions": [
        ("把自动回复当成了客服的回复", _WEEK + '''\
replied = week_msgs.loc[week_msgs["sender"] != "buyer", "session_id"].unique()
ids = [s for s in has_buyer if s not in set(replied)]
q3 = week[week["session_id"].isin(ids)].groupby("agent_id").size()'''),
        ("会话里只要有客服本人的消息就算接待，没看消息是不是在买家说话之后（客服先发、买家回了没人理的会话漏掉了）",
         _WEEK + '''\
replied = week_msgs.loc[week_msgs["sender"] == "agent", "session_id"].unique()
ids = [s for s in has_buyer if s not in set(replied)]
q3 = week[week["session_id"].isin(ids)].groupby("agent_id").size()'''),
    ],
    "answer_silent_orders": [
        ("没付款的订单也数了进去", '''\
june_orders = orders[(orders["created_at"] >= "2025-06-01") & (orders["created_at"] < "2025-07-01")]
q4 = int(june_orders["agent_id"].isna().sum())'''),
        ("以为“已付款”就是“交易成功”，只数了 TRADE_FINISHED 的订单", '''\
june_orders = orders[(orders["created_at"] >= "2025-06-01") & (orders["created_at"] < "2025-07-01")]
done = june_orders[june_orders["status"] == "TRADE_FINISHED"]
q4 = int(done["agent_id"].isna().sum())'''),
    ],
    "answer_aov_identity": [
        ("客件数和件均价的分子分母弄反了",
         'q5 = (练习5["sales"] / 练习5["buyers"], 练习5["buyers"] / 练习5["items"], '
         '练习5["sales"] / 练习5["buyers"])'),
        ("客单价除成了件数（把客单价和件均价搞混）",
         'q5 = (练习5["sales"] / 练习5["items"], 练习5["items"] / 练习5["buyers"], '
         '练习5["sales"] / 练习5["buyers"])'),
    ],
    "answer_conversion_band": [
        ("区间写成了含上限、不含下限，边界值落到下一档", '''\
if rate > 0.6:
    return "优秀"
if rate > 0.5:
    return "良好"
if rate > 0.4:
    return "合格"
if rate > 0.3:
    return "较低"
return "差"'''),
        ("把百分数直接写进条件（60 而不是 0.6）", '''\
if rate >= 60:
    return "优秀"
if rate >= 50:
    return "良好"
if rate >= 40:
    return "合格"
if rate >= 30:
    return "较低"
return "差"'''),
    ],
    "answer_first_response": [
        ("以为消息已经按时间排好，从第一行算起", '''\
msgs = msgs[msgs["sender"] != "auto"]
if msgs.empty or (msgs["sender"] == "agent").sum() == 0:
    return None
start = msgs["sent_at"].iloc[0]
later = msgs.loc[(msgs["sender"] == "agent") & (msgs["sent_at"] >= start), "sent_at"]
return None if later.empty else (later.min() - start).total_seconds()'''),
        ("自动回复也算客服的回复", '''\
buyer = msgs.loc[msgs["sender"] == "buyer", "sent_at"]
if buyer.empty:
    return None
start = buyer.min()
replies = msgs.loc[(msgs["sender"] != "buyer") & (msgs["sent_at"] >= start), "sent_at"]
return None if replies.empty else (replies.min() - start).total_seconds()'''),
        ("买家开口之前客服发的消息也算回复", '''\
msgs = msgs[msgs["sender"] != "auto"]
buyer = msgs.loc[msgs["sender"] == "buyer", "sent_at"]
agent = msgs.loc[msgs["sender"] == "agent", "sent_at"]
if buyer.empty or agent.empty:
    return None
return (agent.min() - buyer.min()).total_seconds()'''),
    ],
    "answer_refund_amount": [
        ("用了退款表里的 agent_id（处理退款的售后客服），不是订单的归属客服", '''\
in_june = (refunds["applied_at"] >= "2025-06-01") & (refunds["applied_at"] < "2025-07-01")
june_refunds = refunds[in_june & (refunds["status"] == "SUCCESS")]
q8 = june_refunds.groupby("agent_id")["amount"].sum()'''),
        ("没按状态筛选：被拒绝、关闭、还在处理中的退款也算了金额", _JUNE_REFUNDS + '''\
q8 = refunds[in_june].groupby(owner[in_june])["amount"].sum()'''),
    ],
    "answer_reply_dip": [
        ("把计算器汇总表里这位客服整周的回复率，当成了那一天的回复率", _DAILY + """\
low_rate = float(kpi.agent_kpis(start, end).loc[low_agent, "reply_rate"])"""),
        ("回复率写成了百分数（71.4，而不是 0.714）", _DAILY + """\
low_rate = round(float(daily.loc[low, "reply_rate"]) * 100, 1)"""),
    ],
    "answer_lower_is_better": [
        ("读反了题目，选成了数值越高越好的指标",
         'q10 = {练习10.letter_of("询单转化率"), 练习10.letter_of("回复率"), 练习10.letter_of("满意率")}'),
        ("只想到响应时间，忘了退款率也是越低越好",
         'q10 = {练习10.letter_of("首次响应时间"), 练习10.letter_of("平均响应时间")}'),
    ],
}

#: The sample class's wrong student: the first misconception of each item.
WRONG = {answer_id: samples[0][1] for answer_id, samples in MISCONCEPTIONS.items()}

ERROR = {
    "answer_spot_check": "q1 = {A, C}",
    "answer_reply_rate": "q2 = B",
    "answer_unanswered_sessions": 'q3 = sessions.groupby("agnet_id").size()',
    "answer_silent_orders": "q4 = paid_orders.sum()",
    "answer_aov_identity": "q5 = (24000 / 0, 1, 1)",
    "answer_conversion_band": 'return ["差", "较低", "合格", "良好", "优秀"][int(rate * 10) - 2]',
    "answer_first_response": 'return msgs["time"].min()',
    "answer_refund_amount": 'q8 = refunds.groupby("agent")["amount"].sum()',
    "answer_reply_dip": "low_agent = daily.idxmin(\nlow_rate = '低'",
    "answer_lower_is_better": 'q10 = set("A", "C")',
}

WRITTEN = {
    "written_improvement_plan": (
        "小C 6 月首次响应时间约 37 秒、平均响应约 53 秒，都高于 15 秒和 30 秒的参考值；"
        "询单转化率约 25%，属于“差”。原因是回复慢，买家等不及就走了，也没有当天催付。"
        "措施：一、设置快捷短语，目标两周内首次响应不超过 15 秒，每天看日报；"
        "二、每天抽查 5 条询单未付款会话，跟小A 学催付，目标一个月转化率到 40%，每周复查；"
        "三、晚高峰开启分流，目标回复率 98% 以上，每周复查。",
        "小C 要更加努力，提高服务意识。",
    ),
}

#: What a learner writes into each ``___`` of an exercise's scaffold, in order
#: (course/exercises/ch07.py EXERCISES; tests/e2e/test_scaffolds.py proves that the filled
#: scaffold passes the hidden tests and the unfilled one does not).
SCAFFOLD_FILLS = {
    "answer_unanswered_sessions": ['"buyer"', "min", '"agent"', "max", '"agent_id"'],
    "answer_silent_orders": ['"2025-07-01"', "notna", "isna"],
    "answer_conversion_band": ["0.6", "0.5", "0.4", '"合格"', "0.3", '"差"'],
    "answer_first_response": ['"auto"', "min", "start", "None", "total_seconds"],
    "answer_refund_amount": ['"SUCCESS"', "owner_of", '"amount"'],
    "answer_spot_check": ['"buyer_id"', '"buyer_id"', '"一般", "不满意"', "refund_buyers"],
    "answer_reply_dip": ['"A01", "A02", "A03", "A04"', '"reply_rate"', '"reply_rate"'],
}
