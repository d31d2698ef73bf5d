"""Chapter 7 known answers for the simulated class and the tests."""

WRONG = {
    # 98%: the two buyers with only an auto reply counted as served
    "answer_reply_rate": 'q1 = 练习1.letter_of("98%")',
    # auto replies counted as answers
    "answer_unanswered_sessions": '''\
start, end = 练习2["week"]
in_week = (sessions["started_at"] >= start) & (sessions["started_at"] < pd.Timestamp(end) + pd.Timedelta(days=1))
week = sessions[in_week]
week_msgs = messages[messages["session_id"].isin(week["session_id"])]
has_buyer = week_msgs.loc[week_msgs["sender"] == "buyer", "session_id"].unique()
replied = week_msgs.loc[week_msgs["sender"] != "buyer", "session_id"].unique()
ids = [s for s in has_buyer if s not in set(replied)]
q2 = week[week["session_id"].isin(ids)].groupby("agent_id").size()''',
    # unpaid orders counted too
    "answer_silent_orders": '''\
june_orders = orders[(orders["created_at"] >= "2025-06-01") & (orders["created_at"] < "2025-07-01")]
q3 = int(june_orders["agent_id"].isna().sum())''',
    # 客件数 and 件均价 confused
    "answer_aov_identity": ('q4 = (练习4["sales"] / 练习4["buyers"], 练习4["buyers"] / 练习4["items"], '
                            '练习4["sales"] / 练习4["buyers"])'),
    # upper bounds included instead of lower bounds
    "answer_conversion_band": '''\
if rate > 0.6:
    return "优秀"
if rate > 0.5:
    return "良好"
if rate > 0.4:
    return "合格"
if rate > 0.3:
    return "较低"
return "差"''',
    # rows assumed sorted: timed from the first row, auto replies dropped
    "answer_first_response": '''\
msgs = msgs[msgs["sender"] != "auto"]
if msgs.empty or (msgs["sender"] == "agent").sum() == 0:
    return None
start = msgs["sent_at"].iloc[0]
later = msgs.loc[(msgs["sender"] == "agent") & (msgs["sent_at"] >= start), "sent_at"]
return None if later.empty else (later.min() - start).total_seconds()''',
    # the after-sales agent of the refund used instead of the order's agent
    "answer_refund_amount": '''\
in_june = (refunds["applied_at"] >= "2025-06-01") & (refunds["applied_at"] < "2025-07-01")
june_refunds = refunds[in_june & (refunds["status"] == "SUCCESS")]
q7 = june_refunds.groupby("agent_id")["amount"].sum()''',
    # the whole month instead of the asked week
    "answer_calculator_slowest": '''\
calculator_state = {
    "agents": ["A01", "A02", "A03", "A04"],
    "start": "2025-06-01",
    "end": "2025-06-30",
}
slowest_agent = "A01"''',
    "answer_lower_is_better": 'q9 = {练习9.letter_of("首次响应时间"), 练习9.letter_of("平均响应时间")}',
}

ERROR = {
    "answer_reply_rate": "q1 = B",
    "answer_unanswered_sessions": 'q2 = sessions.groupby("agnet_id").size()',
    "answer_silent_orders": "q3 = paid_orders.sum()",
    "answer_aov_identity": "q4 = (24000 / 0, 1, 1)",
    "answer_conversion_band": 'return ["差", "较低", "合格", "良好", "优秀"][int(rate * 10) - 2]',
    "answer_first_response": 'return msgs["time"].min()',
    "answer_refund_amount": 'q7 = refunds.groupby("agent")["amount"].sum()',
    "answer_calculator_slowest": "calculator_state = {'agents': ['A01']\nslowest_agent = 'A03'",
    "answer_lower_is_better": 'q9 = set("A", "C")',
}

WRITTEN = {
    "written_improvement_plan": (
        "小C 6 月首次响应时间约 37 秒、平均响应约 53 秒，都高于 15 秒和 30 秒的参考值；"
        "询单转化率约 27%，属于“差”。原因是回复慢，买家等不及就走了，也没有当天催付。"
        "措施：一、设置快捷短语，目标两周内首次响应不超过 15 秒，每天看日报；"
        "二、每天抽查 5 条询单未付款会话，跟小A 学催付，目标一个月转化率到 40%，每周复查；"
        "三、晚高峰开启分流，目标回复率 98% 以上，每周复查。",
        "小C 要更加努力，提高服务意识。",
    ),
}
