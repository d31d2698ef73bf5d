"""Chapter 5 known answers for the simulated class and the tests."""

WRONG = {
    # the old-customer order and the 50-hour order are fine to remind; the 5-minute one is not
    "answer_no_remind": '''\
q1 = {练习1.letter_of("买家今天上午已经付款了另一笔订单"), 练习1.letter_of("这笔订单已经催付过 3 次"),
      练习1.letter_of("买家在店铺黑名单里"), 练习1.letter_of("拍下 50 小时，买家下单前咨询过客服")}''',
    # urgency not capped at 72 hours, value not capped at 400
    "answer_priority_score": '''\
value = amount / 400 * 100
urgency = hours / 72 * 100
customer = member_level / 4 * 70 + (30 if returning else 0)
inquiry = 100 if asked else 0
return 0.35 * value + 0.30 * urgency + 0.20 * customer + 0.15 * inquiry''',
    # quiet hours end at 08:00 the same day even after 22:00
    "answer_send_time": '''\
if now.hour >= 22 or now.hour < 8:
    return now.normalize() + pd.Timedelta(hours=8)
return now''',
    # the asked time, but the order value weighted far more than the question says
    "answer_prioritizer_top": '''\
prioritizer_state = {"now": 练习4["now"],
                     "weights": {"value": 0.7, "urgency": 0.1, "customer": 0.1, "inquiry": 0.1}}
top_order = chasing.prioritize(prioritizer_state["now"], weights=prioritizer_state["weights"]).iloc[0]["order_id"]''',
    # the threat and the off-platform payment, but not the reminder sent at night
    "answer_taboo_spotting": '''\
q5 = {练习5.letter_of("（10:05）亲，再不付款订单就取消了，后果自负哦。"),
      练习5.letter_of("（14:20）亲，加我微信转账可以便宜 10 元～")}''',
    # every reminder counted instead of every reminded order
    "answer_response_rate": '''\
paid_at = reminders["order_id"].map(orders.set_index("order_id")["paid_at"])
first = reminders.groupby("order_id")["sent_at"].min()
q6 = (paid_at > reminders["sent_at"]).mean()''',
    # orders paid before the reminder counted as recovered, cost of every reminder
    "answer_recovered_roi": '''\
first = reminders.groupby("order_id")["sent_at"].min()
paid_at = orders.set_index("order_id")["paid_at"].reindex(first.index)
recovered = orders.set_index("order_id")["paid_amount"].reindex(first.index)[paid_at.notna()].sum()
q7 = (recovered, recovered / (len(reminders) * 0.05))''',
    # a VIP buyer gets a phone call whatever the amount (every variant has a VIP order under 200)
    "answer_channels": '''\
q8 = ["电话" if level >= 3 else "短信" if amount >= 200 else "旺旺" for amount, level in 练习8["orders"]]''',
    # no minimum and no maximum
    "answer_late_compensation": "return round(paid * 0.05, 2)",
}

ERROR = {
    "answer_no_remind": 'q1 = set("A", "C")',
    "answer_priority_score": "return amount / hour",
    "answer_send_time": "return now.hours",
    "answer_prioritizer_top": "top_order = ranked.iloc[0]['订单号']",
    "answer_taboo_spotting": "q5 = {A, B}",
    "answer_response_rate": 'q6 = reminders["paid_at"].notna().mean()',
    "answer_recovered_roi": 'q7 = (orders["paid"].sum(), 0)',
    "answer_channels": 'q8 = ["旺旺", "短信", "电话"][3]',
    "answer_late_compensation": "return min(30, max(5, paid * 0.05)).round(2)",
}

WRITTEN = {
    "written_reminders": (
        "订单①（旺旺，现在发送）：亲，您问的明天送达没问题～今天 17 点前付款，花束今天就能发出，"
        "明天上午送到。有疑问随时找我哦。\n订单②（旺旺，10:00 发送）：亲，感谢一直支持花卉知六！"
        "您的康乃馨订单今天 18:00 会自动关闭，需要的话付款后当天为您发货～",
        "亲，再不付款就取消了，快点付款吧！",
    ),
}
