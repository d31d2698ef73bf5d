"""Chapter 6 known answers for the simulated class and the tests."""

WRONG = {
    # refunds the list price instead of the apportioned amount
    "answer_partial_refund": 'q1 = float(练习1["broken"]["price"])',
    # compares the list price, not what was paid per unit
    "answer_price_difference": 'q2 = (练习2["order"]["price"] - 练习2["order"]["new_price"]) * 练习2["order"]["qty"]',
    # an application left alone is thought to be refunded at once, goods or not
    "answer_shipped_silence": 'q3 = 练习3.letter_of("退款成功，钱直接退给买家")',
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
    "kind": 练习5["kind"],
    "shipped": True,
    "state": "WAIT_SELLER_CONFIRM_GOODS",
    "since": 练习5["case"]["applied"],
}
confirm_by = f"{pd.Timestamp(练习5['case']['applied']) + pd.Timedelta(days=10):%Y-%m-%d %H:%M}"''',
    # "之前（含这一项）" misread: the reason that reaches the cutoff is left out
    "answer_pareto_reasons": '''\
start, end = 练习6["period"]
in_period = (refunds["applied_at"] >= start) & (refunds["applied_at"] < pd.Timestamp(end) + pd.Timedelta(days=1))
counts = refunds[in_period & (refunds["status"] == "SUCCESS")]["reason"].value_counts()
cum = counts.cumsum() / counts.sum()
q6 = list(counts.index[: int((cum < 练习6["cutoff"] / 100).sum())])''',
    # 返现 for a better review taken as allowed: every statement ticked
    "answer_review_rules": "q7 = set(练习7.shown)",
    # the buyer's own reasons counted as the shop's too: every reason ticked
    "answer_responsibility": "q8 = set(练习8.shown)",
    # the reply with 极限词 and 返现 taken for the best
    "answer_checker_best": 'q9 = 练习9.letter_of("亲，我们的花是全网最新鲜的，改个好评返现 10 元哦。")',
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
