"""Chapter 6 known answers for the simulated class and the tests.

``MISCONCEPTIONS`` lists, per answer cell, what a beginner plausibly believes and the code
they would write; each must lose points on its item in every variant (the data and the
question parameters are made so that the rule they ignore changes the answer). ``WRONG``
is the sample class's wrong student: the first misconception of each item.
"""

_PERIOD = '''\
start, end = 练习6["period"]
in_period = (refunds["applied_at"] >= start) & (refunds["applied_at"] < pd.Timestamp(end) + pd.Timedelta(days=1))
'''

MISCONCEPTIONS = {
    "answer_partial_refund": [
        ("按标价退：破损的那件标价多少就退多少", 'q1 = float(练习1["broken"]["price"])'),
        ("优惠券平均分给三件商品，每件减去券面额的三分之一",
         'q1 = round(float(练习1["broken"]["price"]) - 练习1["minus"] / 3, 2)'),
    ],
    "answer_price_difference": [
        ("先算每束实付，再减今天的促销价：忘了今天再买同样能用这张券",
         'q2 = ((练习2["kept"]["paid"] / 练习2["kept"]["qty"] - 练习2["kept"]["new_price"]) * 练习2["kept"]["qty"],\n'
         '      (练习2["lost"]["paid"] / 练习2["lost"]["qty"] - 练习2["lost"]["new_price"]) * 练习2["lost"]["qty"])'),
        ("直接用标价差 × 数量：以为降价后券一定还能用，没看门槛",
         'q2 = ((练习2["kept"]["price"] - 练习2["kept"]["new_price"]) * 练习2["kept"]["qty"],\n'
         '      (练习2["lost"]["price"] - 练习2["lost"]["new_price"]) * 练习2["lost"]["qty"])'),
        ("同等条件算对了，但补差只按一束算，忘了乘数量", '''\
def today_pays(order):
    amount = order["new_price"] * order["qty"]
    return amount - order["minus"] if amount >= 200 else amount

q2 = ((练习2["kept"]["paid"] - today_pays(练习2["kept"])) / 练习2["kept"]["qty"],
      (练习2["lost"]["paid"] - today_pays(练习2["lost"])) / 练习2["lost"]["qty"])'''),
    ],
    "answer_shipped_silence": [
        ("以为卖家不处理，系统就直接把钱退给买家", 'q3 = 练习3.letter_of("退款成功，钱直接退给买家")'),
        ("以为卖家不处理就等于拒绝", 'q3 = 练习3.letter_of("变成「卖家拒绝退款」")'),
    ],
    "answer_refund_deadline": [
        ("等待卖家同意一律按 48 小时，忘了已发货是 5 天", '''\
if state == "WAIT_SELLER_AGREE":
    return since + pd.Timedelta(hours=48)
if state == "WAIT_BUYER_RETURN_GOODS":
    return since + pd.Timedelta(days=7)
if state == "WAIT_SELLER_CONFIRM_GOODS":
    return since + pd.Timedelta(days=10)
return None'''),
        ("把买家退货（7 天）和卖家确认收货（10 天）的时限记反了", '''\
if state == "WAIT_SELLER_AGREE":
    return since + (pd.Timedelta(days=5) if shipped else pd.Timedelta(hours=48))
if state == "WAIT_BUYER_RETURN_GOODS":
    return since + pd.Timedelta(days=10)
if state == "WAIT_SELLER_CONFIRM_GOODS":
    return since + pd.Timedelta(days=7)
return None'''),
    ],
    "answer_assistant_return": [
        ("进入时间一直用买家申请的时间，没有随事件改", '''\
refund_state = {
    "kind": 练习5["kind"],
    "shipped": True,
    "state": "WAIT_SELLER_CONFIRM_GOODS",
    "since": 练习5["case"]["applied"],
}
confirm_by = f"{pd.Timestamp(练习5['case']['applied']) + pd.Timedelta(days=10):%Y-%m-%d %H:%M}"'''),
        ("以为确认收货的时限从卖家同意时算起", '''\
refund_state = {
    "kind": 练习5["kind"],
    "shipped": True,
    "state": "WAIT_SELLER_CONFIRM_GOODS",
    "since": 练习5["case"]["agreed"],
}
confirm_by = f"{pd.Timestamp(练习5['case']['agreed']) + pd.Timedelta(days=10):%Y-%m-%d %H:%M}"'''),
        ("卖家确认收货也按买家退货的 7 天算", '''\
refund_state = {
    "kind": 练习5["kind"],
    "shipped": True,
    "state": "WAIT_SELLER_CONFIRM_GOODS",
    "since": 练习5["case"]["returned"],
}
confirm_by = f"{pd.Timestamp(练习5['case']['returned']) + pd.Timedelta(days=7):%Y-%m-%d %H:%M}"'''),
    ],
    "answer_pareto_reasons": [
        ("“之前（含这一项）”看漏了：刚好达到百分比的那个原因没有算进去", _PERIOD + '''\
counts = refunds[in_period & (refunds["status"] == "SUCCESS")]["reason"].value_counts()
cum = counts.cumsum() / counts.sum()
q6 = list(counts.index[: int((cum < 练习6["cutoff"] / 100).sum())])'''),
        ("没按状态筛选：被拒绝、被撤销、关闭的申请也算了进去", _PERIOD + '''\
counts = refunds[in_period]["reason"].value_counts()
cum = counts.cumsum() / counts.sum()
q6 = list(counts.index[: int((cum < 练习6["cutoff"] / 100).sum()) + 1])'''),
        ("忘了题目给的时间段，用了全年的退款", '''\
counts = refunds[refunds["status"] == "SUCCESS"]["reason"].value_counts()
cum = counts.cumsum() / counts.sum()
q6 = list(counts.index[: int((cum < 练习6["cutoff"] / 100).sum()) + 1])'''),
    ],
    "answer_review_rules": [
        ("以为承诺“改好评返现”也可以，所有说法都选", "q7 = set(练习7.shown)"),
        ("不知道一方不评价时会默认好评", '''\
q7 = {练习7.letter_of("交易成功后 15 天内可以评价"), 练习7.letter_of("买家给了中评或差评，可以在 30 天内修改一次"),
      练习7.letter_of("追评可以在 180 天内进行")}'''),
    ],
    "answer_responsibility": [
        ("以为买家提出的退款原因都该店铺负责，全选", "q8 = set(练习8.shown)"),
        ("以为“与描述不符”只是买家嫌色差，不算店铺的责任", '''\
q8 = {练习8.letter_of("花材枯萎"), 练习8.letter_of("少件漏发"), 练习8.letter_of("包装破损")}'''),
    ],
    "answer_checker_best": [
        ("选了听起来最热情的那条（“全网最新鲜”“返现”），没有真的交给检查器",
         'q9 = 练习9.letter_of("亲，我们的花是全网最新鲜的，改个好评返现 10 元哦。")'),
    ],
}

#: The sample class's wrong student: the first misconception of each item.
WRONG = {answer_id: samples[0][1] for answer_id, samples in MISCONCEPTIONS.items()}

ERROR = {
    "answer_partial_refund": "q1 = order.lines[1].paid",
    "answer_price_difference": 'q2 = (练习2["order"]["paid"], 0)',
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
