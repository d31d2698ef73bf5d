"""Chapter 2 known answers for the simulated class and the tests.

``MISCONCEPTIONS`` lists, per answer cell, what a beginner plausibly believes and the code
they would write; each must lose points on its item in every variant (the data and the
question parameters are made so that the rule they ignore changes the answer). ``WRONG``
is the sample class's wrong student: the first misconception of each item.
"""

MISCONCEPTIONS = {
    "answer_unpaid_state": [
        ("忘了拍下 72 小时不付款会自动关闭，以为还在等买家付款",
         'q1 = 练习1.letter_of("等待买家付款")'),
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
    "answer_payment_facts": [
        ("以为让买家直接转账到客服的支付宝更方便，没什么问题", """\
q5 = {练习5.letter_of("花呗是一种先消费、后还款的支付方式"),
      练习5.letter_of("朋友帮买家代付的订单，退款时钱一般退回给付款的朋友"),
      练习5.letter_of("客服可以让买家把钱直接转到自己的支付宝，这样更快"),
      练习5.letter_of("快捷支付需要先绑定银行卡")}"""),
        ("以为退款总是退给下单的买家，不管钱是谁付的", """\
q5 = {练习5.letter_of("花呗是一种先消费、后还款的支付方式"),
      练习5.letter_of("快捷支付需要先绑定银行卡")}"""),
    ],
    "answer_banned_in": [
        ("按违规词表的顺序列出，没按在文中出现的先后", "return [w for w in words if w in text]"),
        ("用 sorted() 排了序，以为就是按出现的先后", "return sorted(w for w in words if w in text)"),
    ],
    "answer_review_deadline": [
        ("把修改中差评的 30 天当成了评价期限",
         'q7 = f"{pd.Timestamp(练习7[\'finished\']) + pd.Timedelta(days=30):%Y-%m-%d %H:%M}"'),
    ],
    "answer_size_choice": [
        ("身高和体重对应的尺码不一样时，以为取小的那个更合身（不用推荐器，自己算）", """\
height, weight, fit = 练习8["buyer"]
rec = sizing.recommend(height, weight, fit)
sizes = ["S", "M", "L", "XL"]
low = min(sizes.index(rec.by_height), sizes.index(rec.by_weight)) + (1 if fit == "宽松" else 0)
size_choice = {
    "height": height,
    "weight": weight,
    "fit": fit,
    "size": sizes[min(low, 3)],
}"""),
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
    "answer_unpaid_state": "q1 = C",
    "answer_deadlines": 'q2 = {"ship_by": pd.Timestamp("2025-06-20 14:45") + 72}',
    "answer_auto_confirm": "return shipped + days",
    "answer_late_orders": 'late = orders[orders["shipped"] > 0]\nq4 = (len(late), 0)',
    "answer_payment_facts": "q5 = {A, B}",
    "answer_banned_in": "return text.find(words)",
    "answer_review_deadline": 'q7 = pd.Timestamp("2025-06-29 15:00") + 15',
    "answer_size_choice": "size_choice = {'height': 170",
    "answer_fits": 'q9 = ["修身"][3]',
}

WRITTEN = {
    "written_listing_rewrite": (
        "当季精选进口红玫瑰，当天到店、现剪现包，花瓣饱满新鲜。由经验丰富的花艺师手工包扎，"
        "附赠养护卡，按说明换水剪根，花期更持久。喜欢的话欢迎选购，有问题随时咨询客服～",
        "全网最低价，绝对新鲜，买它就对了！",
    ),
}
