"""Chapter 2 known answers for the simulated class and the tests."""

WRONG = {
    "answer_unpaid_state": 'q1 = "A"',
    # the 72 hours counted from 拍下, the 10 days from payment
    "answer_deadlines": 'q2 = {"ship_by": "2025-06-23 14:30", "confirm_by": "2025-06-30 14:45", '
                        '"review_by": "2025-07-15 14:45"}',
    # the seller's extension forgotten and 平邮 treated like 快递
    "answer_auto_confirm": '''\
days = 10 + (3 if buyer_extended else 0)
return shipped + pd.Timedelta(days=days)''',
    # no minimum and no maximum
    "answer_late_orders": '''\
late = orders[(orders["shipped_at"] - orders["paid_at"]) > pd.Timedelta(hours=72)]
q4 = (len(late), round((late["paid_amount"] * 0.05).sum(), 2))''',
    "answer_payment_facts": 'q5 = {"A", "B", "C", "D"}',
    # in the order of the word list, not of the text
    "answer_banned_in": "return [w for w in words if w in text]",
    "answer_review_deadline": 'q7 = "2025-07-29 15:00"',
    "answer_size_choice": '''\
size_choice = {
    "height": 170,
    "weight": 58,
    "fit": "宽松",
    "size": "L",
}''',
    "answer_fits": 'q9 = ["修身", "宽松", "直筒"]',
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
