"""Chapter 6 known answers for the simulated class and the tests."""

WRONG = {
    # refunds the list price instead of the apportioned amount
    "answer_partial_refund": "q1 = 35.0",
    # compares the list price, not what was paid per unit
    "answer_price_difference": "q2 = (149 - 129) * 2",
    "answer_shipped_silence": 'q3 = "A"',
    # the shipped case is forgotten
    "answer_refund_deadline": '''\
if state == "WAIT_SELLER_AGREE":
    return since + pd.Timedelta(hours=48)
if state == "WAIT_BUYER_RETURN_GOODS":
    return since + pd.Timedelta(days=7)
if state == "WAIT_SELLER_CONFIRM_GOODS":
    return since + pd.Timedelta(days=10)
return None''',
    # the time of the application kept as the entry time
    "answer_assistant_return": '''\
refund_state = {
    "kind": "退货退款",
    "shipped": True,
    "state": "WAIT_SELLER_CONFIRM_GOODS",
    "since": "2025-06-20 10:00",
}
confirm_by = "2025-06-30 10:00"''',
    # every status counted, not only successful refunds
    "answer_pareto_reasons": '''\
counts = refunds["reason"].value_counts()
q6 = list(counts.index[:3])''',
    "answer_review_rules": 'q7 = {"A", "B", "C", "D", "E"}',
    "answer_responsibility": 'q8 = {"A", "B", "C", "D", "E", "F"}',
    "answer_checker_best": 'q9 = "C"',
}

ERROR = {
    "answer_partial_refund": "q1 = order.lines[1].paid",
    "answer_price_difference": "q2 = aftersales.price_difference(278 / 2)",
    "answer_shipped_silence": "q3 = B",
    "answer_refund_deadline": "return since + pd.Timedelta(days=state)",
    "answer_assistant_return": "refund_state = {'kind': '退货退款'\nconfirm_by = 1",
    "answer_pareto_reasons": 'q6 = refunds["原因"].value_counts()',
    "answer_review_rules": "q7 = {A, C}",
    "answer_responsibility": "q8 = set(1, 2)",
    "answer_checker_best": "q9 = replies.review(\"B\")",
}

WRITTEN = {
    "written_bad_review_reply": (
        "亲，非常抱歉！您为生日订的红玫瑰19枝花束晚了一天才送到，花也不新鲜了，这是我们的责任，"
        "让您在重要的日子失望了。我们已经为您申请退款 100 元，今天就能到账；如果您愿意，"
        "明天上午我们再免费补送一束新鲜的玫瑰。以后配送前我们会提前和您确认时间。"
        "有任何问题随时联系小E，再次向您致歉，感谢您的理解。",
        "不是我们的问题，是快递慢。",
    ),
}
