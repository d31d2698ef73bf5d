"""Chapter 2 known answers for the simulated class and the tests.

``MISCONCEPTIONS`` lists, per answer cell, what a beginner plausibly believes and the code
they would write; each must lose points on its item in every variant (the data and the
question parameters are made so that the rule they ignore changes the answer). ``WRONG``
is the sample class's wrong student: the first misconception of each item.
"""

MISCONCEPTIONS = {
    "answer_order_state": [
        ("把订单表里的 status（导出数据时的状态）当成了那一刻的状态", """\
orders = data.load("orders")
row = orders[orders["order_id"] == 练习1["order_id"]].iloc[0]
label = {"WAIT_BUYER_PAY": "等待买家付款", "WAIT_SELLER_SEND_GOODS": "买家已付款，等待卖家发货",
         "WAIT_BUYER_CONFIRM_GOODS": "卖家已发货，等待买家确认收货", "TRADE_FINISHED": "交易成功",
         "TRADE_CLOSED": "交易关闭", "TRADE_CLOSED_BY_TAOBAO": "交易关闭"}
q1 = 练习1.letter_of(label[row["status"]])"""),
    ],
    "answer_deadlines": [
        ("最晚发货从拍下时间算起", """\
day, created, paid, shipped = 练习2["order"]
created_at, shipped_at = pd.Timestamp(f"{day} {created}"), pd.Timestamp(shipped)
q2 = {"ship_by": f"{created_at + pd.Timedelta(hours=72):%Y-%m-%d %H:%M}",
      "confirm_by": f"{shipped_at + pd.Timedelta(days=10):%Y-%m-%d %H:%M}",
      "review_by": f"{shipped_at + pd.Timedelta(days=10 + 15):%Y-%m-%d %H:%M}"}"""),
        ("评价期限从发货时间算 15 天，忘了要先等交易成功", """\
day, created, paid, shipped = 练习2["order"]
paid_at, shipped_at = pd.Timestamp(f"{day} {paid}"), pd.Timestamp(shipped)
q2 = {"ship_by": f"{paid_at + pd.Timedelta(hours=72):%Y-%m-%d %H:%M}",
      "confirm_by": f"{shipped_at + pd.Timedelta(days=10):%Y-%m-%d %H:%M}",
      "review_by": f"{shipped_at + pd.Timedelta(days=15):%Y-%m-%d %H:%M}"}"""),
        ("自动确认收货从付款时间算 10 天", """\
day, created, paid, shipped = 练习2["order"]
paid_at = pd.Timestamp(f"{day} {paid}")
q2 = {"ship_by": f"{paid_at + pd.Timedelta(hours=72):%Y-%m-%d %H:%M}",
      "confirm_by": f"{paid_at + pd.Timedelta(days=10):%Y-%m-%d %H:%M}",
      "review_by": f"{paid_at + pd.Timedelta(days=10 + 15):%Y-%m-%d %H:%M}"}"""),
    ],
    "answer_auto_confirm": [
        ("只记得快递 10 天，平邮、虚拟、自动发货也按 10 天算", """\
days = 10 + seller_days + (3 if buyer_extended else 0)
return shipped + pd.Timedelta(days=days)"""),
        ("忘了卖家延长的天数", """\
days = {"快递": 10, "平邮": 30, "虚拟": 3, "自动发货": 1}[method]
days += 3 if buyer_extended else 0
return shipped + pd.Timedelta(days=days)"""),
    ],
    "answer_late_orders": [
        ("只按实付金额的 5% 算，忘了最低 5 元、最高 30 元", """\
late = orders[(orders["shipped_at"] - orders["paid_at"]) > pd.Timedelta(hours=72)]
q4 = (len(late), round((late["paid_amount"] * 0.05).sum(), 2))"""),
        ("百分数写成整数：5% 写成了 5", """\
late = orders[(orders["shipped_at"] - orders["paid_at"]) > pd.Timedelta(hours=72)]
pay = (late["paid_amount"] * 5).clip(lower=5, upper=30).round(2)
q4 = (len(late), round(pay.sum(), 2))"""),
        ("只记得最低赔 5 元，忘了最多赔 30 元", """\
late = orders[(orders["shipped_at"] - orders["paid_at"]) > pd.Timedelta(hours=72)]
pay = (late["paid_amount"] * 0.05).clip(lower=5).round(2)
q4 = (len(late), round(pay.sum(), 2))"""),
        ("只记得最多赔 30 元，忘了最少赔 5 元", """\
late = orders[(orders["shipped_at"] - orders["paid_at"]) > pd.Timedelta(hours=72)]
pay = (late["paid_amount"] * 0.05).clip(upper=30).round(2)
q4 = (len(late), round(pay.sum(), 2))"""),
        ("正好 72 小时发货也当成延迟（用了 >=）", """\
late = orders[(orders["shipped_at"] - orders["paid_at"]) >= pd.Timedelta(hours=72)]
pay = (late["paid_amount"] * 0.05).clip(lower=5, upper=30).round(2)
q4 = (len(late), round(pay.sum(), 2))"""),
        ("把“超过 72 小时”写成“超过 3 天”，用 .dt.days > 3 判断", """\
late = orders[(orders["shipped_at"] - orders["paid_at"]).dt.days > 3]
pay = (late["paid_amount"] * 0.05).clip(lower=5, upper=30).round(2)
q4 = (len(late), round(pay.sum(), 2))"""),
    ],
    "answer_payment_replies": [
        ("以为退款总是退给下单的买家，觉得“退给帮忙付款的朋友”说错了", """\
right = {
    "买家：“付款时提示超出限额，怎么办？”客服：“亲，可以换一张银行卡、用余额付，或者分两次付款试试～”",
    "买家：“我用余额宝付的款，退款会退到哪里？”客服：“亲，退款一般原路退回，到账后可以在支付宝账单里查看哦～”",
    "买家：“花呗怎么付不了？”客服：“亲，可能是花呗额度不够，也可能店铺没有开通花呗，您可以换一种付款方式试试～”",
    "买家：“这束花分期是免息的吗？”客服：“亲，以下单页显示的为准哦，页面上写了免息才是免息～”",
    "买家：“用余额宝付款，付掉的那部分钱还有收益吗？”客服：“亲，付掉的那部分就不再产生收益了哦～”",
    "买家：“有个网友让我帮他的订单代付，说付完就返现给我，可以吗？”客服：“亲，千万别付！只替自己认识、确认过的亲友代付，付款也只在淘宝订单里完成。”",
    "买家：“钱扣了，订单还显示待付款。”客服：“亲，可能是付款还在处理中，稍等几分钟刷新一下订单；一直没变的话，可以找支付宝客服查这笔扣款～”",
}
q5 = {letter for letter, text in 练习5.shown.items() if text in right}"""),
        ("以为客服帮买家查付款问题时，要一下验证码没关系", """\
right = {
    "买家：“我朋友帮我代付的，现在退款了，钱怎么没退到我这儿？”客服：“亲，代付订单的退款会原路退给帮您付款的朋友，您可以和朋友确认一下哦～”",
    "买家：“付款时提示超出限额，怎么办？”客服：“亲，可以换一张银行卡、用余额付，或者分两次付款试试～”",
    "买家：“我用余额宝付的款，退款会退到哪里？”客服：“亲，退款一般原路退回，到账后可以在支付宝账单里查看哦～”",
    "买家：“花呗怎么付不了？”客服：“亲，可能是花呗额度不够，也可能店铺没有开通花呗，您可以换一种付款方式试试～”",
    "买家：“这束花分期是免息的吗？”客服：“亲，以下单页显示的为准哦，页面上写了免息才是免息～”",
    "买家：“用余额宝付款，付掉的那部分钱还有收益吗？”客服：“亲，付掉的那部分就不再产生收益了哦～”",
    "买家：“有个网友让我帮他的订单代付，说付完就返现给我，可以吗？”客服：“亲，千万别付！只替自己认识、确认过的亲友代付，付款也只在淘宝订单里完成。”",
    "买家：“钱扣了，订单还显示待付款。”客服：“亲，可能是付款还在处理中，稍等几分钟刷新一下订单；一直没变的话，可以找支付宝客服查这笔扣款～”",
    "买家：“付款一直失败，怎么回事？”客服：“亲，把手机收到的验证码发给我，我帮您在后台查一下～”",
}
q5 = {letter for letter, text in 练习5.shown.items() if text in right}"""),
    ],
    "answer_banned_in": [
        ("按违规词表的顺序列出，没按在文中出现的先后", "return [w for w in words if w in text]"),
        ("用 sorted() 排了序，以为就是按出现的先后", "return sorted(w for w in words if w in text)"),
    ],
    "answer_review_deadline": [
        ("把修改中差评的 30 天当成了评价期限",
         'q7 = f"{pd.Timestamp(练习7[\'finished\']) + pd.Timedelta(days=30):%Y-%m-%d %H:%M}"'),
    ],
    "answer_size_range": [
        ("照尺码表里推荐尺码那一行的体重上下限抄（忘了分界值按大一号算，也没管身高和宽松）", """\
height, weight, fit = 练习8["buyer"]
now = sizing.recommend(height, weight, fit).size
chart = sizing.SIZE_CHART
row = chart[chart["size"] == now].iloc[0]
q8 = (int(row["weight_min"]), int(row["weight_max"]))"""),
        ("只看体重那一列：找到现在体重所在的那一行，抄它的上下限", """\
height, weight, fit = 练习8["buyer"]
chart = sizing.SIZE_CHART
row = chart[(chart["weight_min"] <= weight) & (weight < chart["weight_max"])].iloc[0]
q8 = (int(row["weight_min"]), int(row["weight_max"]))"""),
    ],
    "answer_fits": [
        ("以为直筒就是宽松、宽松就是直筒（都不贴身）", """\
fit_of = {
    "贴合身体曲线，腰部收紧": "修身",
    "按身体线条剪裁，穿上显得利落精干": "修身",
    "从胸到下摆上下一样宽，不收腰": "宽松",
    "上下宽度接近，线条笔直，大多数人都能穿": "宽松",
    "腰部不收也不放，从肩到下摆一条直线": "宽松",
    "衣身比身体大很多，活动自如": "直筒",
    "留有很多活动空间，弯腰搬花也不紧绷": "直筒",
    "衣身肥大、不贴身，穿着舒适随意": "直筒",
}
q9 = [fit_of[text] for text in 练习9["cases"]]"""),
    ],
}

WRONG = {answer: samples[0][1] for answer, samples in MISCONCEPTIONS.items()}

ERROR = {
    "answer_order_state": "q1 = C",
    "answer_deadlines": 'q2 = {"ship_by": pd.Timestamp("2025-06-20 14:45") + 72}',
    "answer_auto_confirm": "return shipped + days",
    "answer_late_orders": 'late = orders[orders["shipped"] > 0]\nq4 = (len(late), 0)',
    "answer_payment_replies": "q5 = {A, B}",
    "answer_banned_in": "return text.find(words)",
    "answer_review_deadline": 'q7 = pd.Timestamp("2025-06-29 15:00") + 15',
    "answer_size_range": "q8 = (40, 59",
    "answer_fits": 'q9 = ["修身"][3]',
}

WRITTEN = {
    "written_listing_rewrite": (
        "当季精选进口红玫瑰，当天到店、现剪现包，花瓣饱满新鲜。由经验丰富的花艺师手工包扎，"
        "附赠养护卡，按说明换水剪根，花期更持久。喜欢的话欢迎选购，有问题随时咨询客服～",
        "全网最低价，绝对新鲜，买它就对了！",
    ),
}

#: What a learner writes in each blank of the chapter's scaffolds (course/exercises/ch02.py).
SCAFFOLD_FILLS = {
    "answer_order_state": ['练习1["order_id"]', '"paid_at"', '"shipped_at"', '"finished_at"'],
    "answer_deadlines": ["paid_at", "10", "confirm_by"],
    "answer_auto_confirm": ["10", "3", "seller_days"],
    "answer_late_orders": ["72", "0.05", "5", "30"],
    "answer_banned_in": ["text", "sorted", "w"],
}
