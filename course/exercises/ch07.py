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


def session(*rows: tuple[str, str]):
    """A session's messages as the exercises give them: (sender, time) rows."""
    import pandas as pd

    return pd.DataFrame({"sender": [r[0] for r in rows], "sent_at": pd.to_datetime([r[1] for r in rows])})


def example_session():
    """练习 6's example: the buyer at 10:00:00, an auto reply, the agent at 10:00:12."""
    return session(("buyer", "2025-06-01 10:00:00"), ("auto", "2025-06-01 10:00:01"),
                   ("agent", "2025-06-01 10:00:12"))


#: Formative feedback per exercise (course/coach.py): what 练习N.check() evaluates (the main
#: case; hidden tests grade the edge cases), the hints, and the scaffold that the released
#: answer cell starts from (data and function items).
EXERCISES = {
    1: {"answer": "answer_reply_rate", "check": ["q1"], "hints": [
        "回复率 = 接待人数 ÷ 咨询人数。先想清楚：哪些买家算“被接待”？",
        "自动回复不是客服本人的回复：只收到自动回复的 2 位买家没有被接待，所以接待人数是 50 − 2。"]},
    2: {"answer": "answer_unanswered_sessions", "check": ["q2"], "hints": [
        "分三步：① 筛出这一周的会话；② 求每个会话买家第一条消息的时间；③ 求每个会话客服本人最后一条消息的时间。"
        "客服最后一条消息早于买家第一条消息（或根本没有）的会话，就是未接待会话。",
        "用 groupby(\"session_id\")[\"sent_at\"].min() 求买家第一条消息的时间，用 .max() 求客服最后一条；"
        "只看 sender == \"agent\" 的消息，自动回复 auto 不算。"
        "最后按会话的 agent_id 数会话个数：groupby(\"agent_id\").size()。"],
        "scaffold": '''start, end = 练习2["week"]
in_week = (sessions["started_at"] >= start) & (sessions["started_at"] < pd.Timestamp(end) + pd.Timedelta(days=1))
week = sessions[in_week]
week_msgs = messages[messages["session_id"].isin(week["session_id"])]
# 每个会话里买家第一条消息的时间
first_buyer = week_msgs[week_msgs["sender"] == ___].groupby("session_id")["sent_at"].___()
# 每个会话里客服本人最后一条消息的时间（自动回复不算）
last_agent = week_msgs[week_msgs["sender"] == ___].groupby("session_id")["sent_at"].___()
answered = last_agent.reindex(first_buyer.index) >= first_buyer
unanswered_ids = first_buyer.index[~answered]
q2 = week[week["session_id"].isin(unanswered_ids)].groupby(___).size()'''},
    3: {"answer": "answer_silent_orders", "check": ["q3"], "hints": [
        "三个条件同时成立：6 月创建、已经付款、没有归属客服。",
        "已付款：orders[\"paid_at\"].notna()；静默下单：orders[\"agent_id\"].isna()。"
        "6 月创建：created_at >= \"2025-06-01\" 并且 < \"2025-07-01\"。把条件用 & 连起来，再数行数。"],
        "scaffold": '''in_june = (orders["created_at"] >= "2025-06-01") & (orders["created_at"] < ___)
paid = orders["paid_at"].___()
silent = orders["agent_id"].___()
q3 = int((in_june & paid & silent).sum())'''},
    4: {"answer": "answer_aov_identity", "check": ["q4"], "hints": [
        "三个公式的分母各不相同：客单价除以付款买家数，客件数除以付款买家数，件均价除以商品件数。",
        "客单价 = 销售额 ÷ 买家数；客件数 = 件数 ÷ 买家数；件均价 = 销售额 ÷ 件数。"
        "验算：客件数 × 件均价 应该等于客单价。"]},
    5: {"answer": "answer_conversion_band", "check": [
        "conversion_band(0.25)", "conversion_band(0.35)", "conversion_band(0.45)",
        "conversion_band(0.55)", "conversion_band(0.65)"], "hints": [
        "从最高的区间开始判断：先问 rate 是否 ≥ 0.6，再问 ≥ 0.5……这样每个 if 只需要一个条件。",
        "区间含下限：0.4 属于“合格”，所以要用 >=，不能用 >。注意 0.4 是 40%，rate 是小数，不是百分数。"],
        "scaffold": '''if rate >= ___:
    return "优秀"
if rate >= ___:
    return "良好"
if rate >= ___:
    return ___
if rate >= ___:
    return "较低"
return ___'''},
    6: {"answer": "answer_first_response", "check": ["first_response_seconds(ex.example_session())"],
        "hints": [
        "先去掉自动回复（sender 为 auto 的行），再找买家第一条消息的时间，最后找在它当时或之后的第一条客服消息。",
        "买家第一条：msgs.loc[msgs[\"sender\"] == \"buyer\", \"sent_at\"].min()；客服回复要满足两个条件："
        "sender == \"agent\" 并且 sent_at >= 买家第一条。两个时间相减得到 Timedelta，用 .total_seconds() 变成秒。"
        "找不到时返回 None。"],
        "scaffold": '''msgs = msgs[msgs["sender"] != ___]              # 去掉自动回复
buyer = msgs.loc[msgs["sender"] == "buyer", "sent_at"]
if buyer.empty:
    return None
start = buyer.___()                              # 买家第一条消息的时间
replies = msgs.loc[(msgs["sender"] == "agent") & (msgs["sent_at"] >= ___), "sent_at"]
if replies.empty:
    return ___
return (replies.min() - start).___()'''},
    7: {"answer": "answer_refund_amount", "check": ["q7"], "hints": [
        "两步：先筛出 6 月申请、状态为 SUCCESS 的退款；再查出每笔退款对应订单的归属客服，按它汇总金额。",
        "orders.set_index(\"order_id\")[\"agent_id\"] 是“订单号 → 归属客服”的对照表；"
        "对退款的 order_id 用 .map(对照表) 得到归属客服，再 groupby(归属客服)[\"amount\"].sum()。"
        "不要用 refunds 表自己的 agent_id。"],
        "scaffold": '''in_june = (refunds["applied_at"] >= "2025-06-01") & (refunds["applied_at"] < "2025-07-01")
june_refunds = refunds[in_june & (refunds["status"] == ___)]
owner_of = orders.set_index("order_id")["agent_id"]      # 订单号 → 订单的归属客服
owner = june_refunds["order_id"].map(___)
q7 = june_refunds.groupby(owner)[___].sum()'''},
    8: {"answer": "answer_calculator_slowest", "check": ["slowest_agent", "slowest_served"], "hints": [
        "在 KPI 计算器里选中小A、小B、小C、小D，把日期设成题目里的一周，看结果表的「平均响应时间」一列。",
        "平均响应时间最大的那一行就是答案；同一行的「接待人数」就是 slowest_served。"
        "也可以用代码：kpi.agent_kpis(开始, 结束)，再用 [\"avg_response_s\"].idxmax()。"],
        "scaffold": '''calculator_state = {
    "agents": [___],                    # 4 位售前客服的编号
    "start": 练习8["week"][0],
    "end": ___,
}
week = kpi.agent_kpis(calculator_state["start"], calculator_state["end"]).loc[calculator_state["agents"]]
slowest_agent = week["avg_response_s"].___()     # 平均响应时间最长的客服编号
slowest_served = int(week.loc[slowest_agent, ___])'''},
    9: {"answer": "answer_lower_is_better", "check": ["q9"], "hints": [
        "逐个想：这个指标变大，说明服务变好还是变差？",
        "时间越长越差，退款越多越差；回复率、满意率、转化率都是越高越好。"]},
}
