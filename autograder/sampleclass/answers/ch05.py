"""Chapter 5 known answers for the simulated class and the tests.

``MISCONCEPTIONS`` lists, per answer cell, what a beginner plausibly believes and the code
they would write; each must lose points on its item in every variant (the data and the
question parameters are made so that the rule they ignore changes the answer). ``WRONG``
is the sample class's wrong student: the first misconception of each item.
"""

#: What a student finds out about 练习 4's order before deciding when it may be reminded.
_EARLIEST = """\
now = pd.Timestamp(练习4["now"])
ranked = chasing.prioritize(now)
row = ranked[ranked["order_id"] == 练习4["order"]]
buyer = row["buyer_id"].iloc[0]
if row["excluded_reason"].iloc[0] == chasing.REASONS["cooldown"]:
    reminders = data.load("reminders")
    last = reminders.loc[(reminders["buyer_id"] == buyer) & (reminders["sent_at"] <= now), "sent_at"].max()
    free_at = last + pd.Timedelta(hours=24)
    why = {练习4.letter_of("24 小时内已经催过这位买家")}
else:
    orders = data.load("orders")
    paid = orders.loc[(orders["buyer_id"] == buyer) & (orders["order_id"] != 练习4["order"])
                      & (orders["paid_at"] <= now), "paid_at"].max()
    free_at = paid.normalize() + pd.Timedelta(days=2)
    why = {练习4.letter_of("买家昨天或今天付过另一笔订单")}
"""
_LOGISTICS = """\
orders = data.load("orders")
q10 = []
for case in 练习10["cases"]:
    shipped = orders.loc[orders["buyer_id"] == case["buyer"], "shipped_at"].iloc[0]
    sent = shipped <= case["asked"]
"""

MISCONCEPTIONS = {
    "answer_no_remind": [
        ("刚拍下的订单要趁热打铁马上催，不知道要先等 10 分钟",
         'q1 = {练习1.letter_of("买家今天上午已经付款了另一笔订单"), '
         '练习1.letter_of("这笔订单已经催付过 3 次"),\n'
         '      练习1.letter_of("买家在店铺黑名单里")}'),
        ("拍下快 50 小时、离关闭不远了，觉得再催也没用，干脆不催",
         'q1 = {练习1.letter_of("拍下 5 分钟，还没付款"), '
         '练习1.letter_of("买家今天上午已经付款了另一笔订单"),\n'
         '      练习1.letter_of("这笔订单已经催付过 3 次"), 练习1.letter_of("买家在店铺黑名单里"),\n'
         '      练习1.letter_of("拍下 50 小时，买家下单前咨询过客服")}'),
        ("买家刚付过另一笔订单，说明他正在买，正好顺便催这一笔",
         'q1 = {练习1.letter_of("拍下 5 分钟，还没付款"), 练习1.letter_of("这笔订单已经催付过 3 次"),\n'
         '      练习1.letter_of("买家在店铺黑名单里")}'),
    ],
    "answer_priority_score": [
        ("紧迫分没有封顶：拍下超过 72 小时，紧迫分就超过 100", '''\
value = min(1, amount / 400) * 100
urgency = hours / 72 * 100
customer = member_level / 4 * 70 + (30 if returning else 0)
inquiry = 100 if asked else 0
return 0.35 * value + 0.3 * urgency + 0.2 * customer + 0.15 * inquiry'''),
        ("金额分没有封顶：金额超过 400 元也继续加分", '''\
value = amount / 400 * 100
urgency = min(1, hours / 72) * 100
customer = member_level / 4 * 70 + (30 if returning else 0)
inquiry = 100 if asked else 0
return 0.35 * value + 0.3 * urgency + 0.2 * customer + 0.15 * inquiry'''),
        ("客户价值分只看会员等级（等级 ÷ 4 × 100），忘了老客户另加 30 分", '''\
value = min(1, amount / 400) * 100
urgency = min(1, hours / 72) * 100
customer = member_level / 4 * 100
inquiry = 100 if asked else 0
return 0.35 * value + 0.3 * urgency + 0.2 * customer + 0.15 * inquiry'''),
    ],
    "answer_send_time": [
        ("22:00 以后的提醒顺延到“当天”的 08:00（其实已经过去了）", '''\
if now.hour >= 22 or now.hour < 8:
    return now.normalize() + pd.Timedelta(hours=8)
return now'''),
        ("以为 22:00 整还能发，过了 22 点才算静默时段", '''\
if now.hour > 22:
    return (now + pd.Timedelta(days=1)).normalize() + pd.Timedelta(hours=8)
if now.hour < 8:
    return now.normalize() + pd.Timedelta(hours=8)
return now'''),
        ("把 8 点这一整个小时也算进静默时段", '''\
if now.hour >= 22:
    return (now + pd.Timedelta(days=1)).normalize() + pd.Timedelta(hours=8)
if now.hour <= 8:
    return now.normalize() + pd.Timedelta(hours=8)
return now'''),
    ],
    "answer_earliest_reminder": [
        ("没想到静默时段：等的时间一到就算能催了", _EARLIEST + """\
q4 = f"{free_at:%Y-%m-%d %H:%M}"
q4_why = why"""),
        ("工具里这笔订单的「建议发送时间」就是最早能催的时间", _EARLIEST + """\
q4 = f"{row['send_at'].iloc[0]:%Y-%m-%d %H:%M}"
q4_why = why"""),
    ],
    "answer_taboo_spotting": [
        ("语气客气就不算禁忌，没注意 23:40 是深夜",
         'q5 = {练习5.letter_of("（10:05）亲，再不付款订单就取消了，后果自负哦。"),\n'
         '      练习5.letter_of("（14:20）亲，加我微信转账可以便宜 10 元～")}'),
        ("提到“今天付款可以赶上当天配送”就是在施压",
         'q5 = {练习5.letter_of("（10:05）亲，再不付款订单就取消了，后果自负哦。"),\n'
         '      练习5.letter_of("（14:20）亲，加我微信转账可以便宜 10 元～"),\n'
         '      练习5.letter_of("（16:00）亲，您拍下的花束今天付款可以赶上当天配送，需要帮您保留吗？"),\n'
         '      练习5.letter_of("（23:40）亲，您的订单还没付款，记得付款哦。")}'),
    ],
    "answer_response_rate": [
        ("被催过的订单只要付了款就算催付成功，没比较付款和第一次催付的先后", '''\
first = reminders.groupby("order_id")["sent_at"].min()
paid_at = orders.set_index("order_id")["paid_at"].reindex(first.index)
q6 = paid_at.notna().mean()'''),
        ("比例写成百分数的数字：算出 0.45 又乘了 100，写成 45", '''\
first = reminders.groupby("order_id")["sent_at"].min()
paid_at = orders.set_index("order_id")["paid_at"].reindex(first.index)
q6 = (paid_at > first).mean() * 100'''),
        ("按催付条数算：每一条催付记录算一次，催了两次的订单算两次", '''\
paid_at = reminders["order_id"].map(orders.set_index("order_id")["paid_at"])
q6 = (paid_at > reminders["sent_at"]).mean()'''),
    ],
    "answer_recovered_roi": [
        ("挽回金额把催付之前就已经付款的订单也算了进去", '''\
first = reminders.groupby("order_id")["sent_at"].min()
paid_at = orders.set_index("order_id")["paid_at"].reindex(first.index)
recovered = orders.set_index("order_id")["paid_amount"].reindex(first.index)[paid_at.notna()].sum()
sms_cost = (reminders["channel"] == "短信").sum() * 0.05
q7 = (recovered, recovered / sms_cost)'''),
        ("短信成本按全部催付条数算，旺旺和电话也按 0.05 元一条", '''\
first = reminders.groupby("order_id")["sent_at"].min()
paid_at = orders.set_index("order_id")["paid_at"].reindex(first.index)
recovered = orders.set_index("order_id")["paid_amount"].reindex(first.index)[paid_at > first].sum()
q7 = (recovered, recovered / (len(reminders) * 0.05))'''),
        ("把催付记录和订单表合并后直接求和，催了两次的订单金额算了两次", '''\
merged = reminders.merge(orders[["order_id", "paid_at", "paid_amount"]], on="order_id")
recovered = merged.loc[merged["paid_at"] > merged["sent_at"], "paid_amount"].sum()
sms_cost = (reminders["channel"] == "短信").sum() * 0.05
q7 = (recovered, recovered / sms_cost)'''),
    ],
    "answer_channels": [
        ("VIP 买家一律打电话，不管金额多少",
         'q8 = ["电话" if level >= 3 else "短信" if amount >= 200 else "旺旺" '
         'for amount, level in 练习8["orders"]]'),
        ("高价值理解成“超过 200 元”，正好 200 元的订单用了旺旺",
         'q8 = ["电话" if amount > 200 and level >= 3 else "短信" if amount > 200 else "旺旺" '
         'for amount, level in 练习8["orders"]]'),
        ("金额到了 200 元就打电话，没看会员等级",
         'q8 = ["电话" if amount >= 200 else "旺旺" for amount, level in 练习8["orders"]]'),
    ],
    "answer_logistics": [
        ("买家一问快递到哪了，就当成物流出了问题，没看发货才过了几个小时", _LOGISTICS + """\
    if "地址" in case["text"]:
        q10.append(练习10.letter_of(LOGISTICS_OPTIONS["B"] if sent else LOGISTICS_OPTIONS["A"]))
    else:
        q10.append(练习10.letter_of(LOGISTICS_OPTIONS["D"]))"""),
        ("买家说地址错了就去后台改地址，没看订单是不是已经发货", _LOGISTICS + """\
    if "地址" in case["text"]:
        q10.append(练习10.letter_of(LOGISTICS_OPTIONS["A"]))
    elif case["asked"] - shipped >= pd.Timedelta(hours=24):
        q10.append(练习10.letter_of(LOGISTICS_OPTIONS["D"]))
    else:
        q10.append(练习10.letter_of(LOGISTICS_OPTIONS["C"]))"""),
        ("按买家的语气判断：抱怨“一直不动”“咋还没到”的才是物流停滞", _LOGISTICS + """\
    if "地址" in case["text"]:
        q10.append(练习10.letter_of(LOGISTICS_OPTIONS["B"] if sent else LOGISTICS_OPTIONS["A"]))
    elif "不动" in case["text"] or "咋" in case["text"]:
        q10.append(练习10.letter_of(LOGISTICS_OPTIONS["D"]))
    else:
        q10.append(练习10.letter_of(LOGISTICS_OPTIONS["C"]))"""),
    ],
    "answer_late_compensation": [
        ("忘了最高 30 元的上限", "return round(max(5, paid * 0.05), 2)"),
        ("忘了最低 5 元的保底", "return round(min(30, paid * 0.05), 2)"),
        ("只算了 5%，最低和最高都没管", "return round(paid * 0.05, 2)"),
        ("百分数写成整数：5% 当成 5 乘上去", "return round(min(30, max(5, paid * 5)), 2)"),
    ],
}

#: The sample class's wrong student writes each item's first misconception.
WRONG = {answer: samples[0][1] for answer, samples in MISCONCEPTIONS.items()}

ERROR = {
    "answer_no_remind": 'q1 = set("A", "C")',
    "answer_priority_score": "return amount / hour",
    "answer_send_time": "return now.hours",
    "answer_earliest_reminder": 'q4 = ranked.iloc[0]["建议发送时间"]',
    "answer_taboo_spotting": "q5 = {A, B}",
    "answer_response_rate": 'q6 = reminders["paid_at"].notna().mean()',
    "answer_recovered_roi": 'q7 = (orders["paid"].sum(), 0)',
    "answer_channels": 'q8 = ["旺旺", "短信", "电话"][3]',
    "answer_late_compensation": "return min(30, max(5, paid * 0.05)).round(2)",
    "answer_logistics": 'q10 = [LOGISTICS_OPTIONS[case["text"]] for case in 练习10["cases"]]',
}

WRITTEN = {
    "written_reminders": (
        "订单①（旺旺，现在发送）：亲，您问的明天送达没问题～今天 16 点前付款，花束今天就能发出，"
        "明天上午送到。有疑问随时找我哦。\n订单②（旺旺，10:00 发送）：亲，感谢一直支持花卉知六！"
        "您的康乃馨订单今天 18:00 会自动关闭，需要的话付款后当天为您发货～",
        "亲，再不付款就取消了，快点付款吧！",
    ),
}

#: What goes in each ___ of the chapter's scaffolds (course/exercises/ch05.py EXERCISES).
SCAFFOLD_FILLS = {
    "answer_priority_score": ["400", "72", "30", "0"],
    "answer_send_time": ["22", "1", "8", "normalize"],
    "answer_earliest_reminder": ["24", "2", "next_send_time", '"22:00–08:00 是静默时段，不发催付"'],
    "answer_response_rate": ['"order_id"', "min", "first"],
    "answer_recovered_roi": ['"短信"', "0.05", '"paid_amount"'],
    "answer_late_compensation": ["0.05", "5", "30"],
    "answer_logistics": ['"shipped_at"', "sent", "24", '"D"'],
}


#: Role-play chats (course/roleplays/ch05.py): the replies a good and a poor student send.
CHATS = {
    "chat_stalled": (
        ["亲，非常抱歉让您着急了！我这就联系顺丰核实包裹卡在哪里，马上给您回复。",
         "亲，查到了：包裹在中转站滞留，最快后天才能派送。我们明天上午 10 点前给您同城补送一束新的，不耽误妈妈生日。",
         "没问题，明天中午前送到。原来的包裹到了您留着就好，不用寄回，补送出发后我把配送信息发您。"],
        ["亲，物流有时候会慢一点，请耐心等待哦",
         "快递的事我们也控制不了，您再等等吧"]),
    "chat_unpaid": (
        ["亲，可以的～今天下午 4 点前付款当天发出，明天就能送到，祝妈妈生日快乐！",
         "亲，订单拍下后 3 天内付款都有效，您不用急；只是想明天送到的话，要在今天下午 4 点前付款哦。",
         "亲，为了交易安全，请直接在淘宝订单里付款，不要加微信转账。花呗不够可以换银行卡，或者找朋友代付。"],
        ["可以的，明天能到",
         "16 点前付款",
         "不会取消的，您放心"]),
}
