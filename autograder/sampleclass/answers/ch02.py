"""Chapter 2 known answers for the simulated class and the tests."""

WRONG = {
    # still waiting for payment: the 72-hour close forgotten
    "answer_unpaid_state": 'q1 = 练习1.letter_of("等待买家付款")',
    # the 72 hours counted from 拍下, the 10 days from payment
    "answer_deadlines": '''\
day, created, paid, shipped = 练习2["order"]
created_at, paid_at = pd.Timestamp(f"{day} {created}"), pd.Timestamp(f"{day} {paid}")
q2 = {"ship_by": f"{created_at + pd.Timedelta(hours=72):%Y-%m-%d %H:%M}",
      "confirm_by": f"{paid_at + pd.Timedelta(days=10):%Y-%m-%d %H:%M}",
      "review_by": f"{paid_at + pd.Timedelta(days=25):%Y-%m-%d %H:%M}"}''',
    # the seller's extension forgotten and 平邮 treated like 快递
    "answer_auto_confirm": '''\
days = 10 + (3 if buyer_extended else 0)
return shipped + pd.Timedelta(days=days)''',
    # no minimum and no maximum
    "answer_late_orders": '''\
late = orders[(orders["shipped_at"] - orders["paid_at"]) > pd.Timedelta(hours=72)]
q4 = (len(late), round((late["paid_amount"] * 0.05).sum(), 2))''',
    # paying into the agent's own 支付宝 taken as fine
    "answer_payment_facts": '''\
q5 = {练习5.letter_of("花呗是一种先消费、后还款的支付方式"),
      练习5.letter_of("买家说“朋友帮我代付”，客服应提醒买家核实代付人身份，谨防诈骗"),
      练习5.letter_of("客服可以让买家把钱直接转到自己的支付宝，这样更快"),
      练习5.letter_of("快捷支付需要先绑定银行卡")}''',
    # in the order of the word list, not of the text
    "answer_banned_in": "return [w for w in words if w in text]",
    # the 30 days for changing a 中差评 taken for the review window
    "answer_review_deadline": 'q7 = f"{pd.Timestamp(练习7[\'finished\']) + pd.Timedelta(days=30):%Y-%m-%d %H:%M}"',
    # the size typed by hand: the smaller of the height and weight sizes, one up for 宽松
    "answer_size_choice": '''\
height, weight, fit = 练习8["buyer"]
rec = sizing.recommend(height, weight, fit)
sizes = ["S", "M", "L", "XL"]
low = min(sizes.index(rec.by_height), sizes.index(rec.by_weight)) + (1 if fit == "宽松" else 0)
size_choice = {
    "height": height,
    "weight": weight,
    "fit": fit,
    "size": sizes[min(low, 3)],
}''',
    # 直筒 and 宽松 confused (neither is tight)
    "answer_fits": '''\
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
q9 = [fit_of[text] for text in 练习9["cases"]]''',
}

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
