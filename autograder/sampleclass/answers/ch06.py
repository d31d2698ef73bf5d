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
        ("以为卖家不处理，系统就直接把钱退给买家，没看是不是要先寄回商品",
         'q3 = [练习3.letter_of("退款成功，钱直接退给买家"), 练习3.letter_of("退款成功，钱直接退给买家")]'),
        ("以为卖家不处理就等于拒绝",
         'q3 = [练习3.letter_of("变成「卖家拒绝退款」"), 练习3.letter_of("变成「卖家拒绝退款」")]'),
        ("以为已发货的申请超时后都要先等买家退货，仅退款也一样",
         'q3 = [练习3.letter_of("视为卖家同意，进入「等待买家退货」"),\n'
         '      练习3.letter_of("视为卖家同意，进入「等待买家退货」")]'),
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
    "answer_agreed_return": [
        ("下一步看对了，但 7 天从买家申请的时间算起", '''\
q5 = 练习5.letter_of("轮到买家寄回商品：卖家已经同意，退货和换货都要先把商品寄回来")
q5_deadline = f"{pd.Timestamp(练习5['case']['applied']) + pd.Timedelta(days=7):%Y-%m-%d %H:%M}"'''),
        ("以为卖家同意之后就等卖家确认收货（10 天）", '''\
q5 = 练习5.letter_of("轮到卖家确认收货：卖家同意之后，接下来就等卖家确认")
q5_deadline = f"{pd.Timestamp(练习5['case']['responded']) + pd.Timedelta(days=10):%Y-%m-%d %H:%M}"'''),
        ("以为卖家一同意钱就退了，流程已经结束", '''\
q5 = 练习5.letter_of("没有下一步：卖家一同意，钱就已经退给买家了")
q5_deadline = 练习5["case"]["responded"]'''),
        ("从“现在”开始算 7 天", '''\
q5 = 练习5.letter_of("轮到买家寄回商品：卖家已经同意，退货和换货都要先把商品寄回来")
q5_deadline = f"{pd.Timestamp(练习5['now']) + pd.Timedelta(days=7):%Y-%m-%d %H:%M}"'''),
        ("把“卖家已发货时 5 天不处理”的时限用到了买家退货上", '''\
q5 = 练习5.letter_of("轮到买家寄回商品：卖家已经同意，退货和换货都要先把商品寄回来")
q5_deadline = f"{pd.Timestamp(练习5['case']['responded']) + pd.Timedelta(days=5):%Y-%m-%d %H:%M}"'''),
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
        ("百分数写成整数：拿占比（小数）和 80 这样的整数比较", _PERIOD + '''\
counts = refunds[in_period & (refunds["status"] == "SUCCESS")]["reason"].value_counts()
total = counts.sum()
q6 = []
so_far = 0
for reason, n in counts.items():
    if so_far / total < 练习6["cutoff"]:
        q6.append(reason)
    so_far = so_far + n'''),
    ],
    "answer_review_change": [
        ("把评价期限（15 天）当成了改评期限", '''\
now = pd.Timestamp(练习7["now"])
q7 = set()
for letter, review in 练习7["reviews"].items():
    if review["rating"] != "好评" and now <= pd.Timestamp(review["created"]) + pd.Timedelta(days=15):
        q7.add(letter)'''),
        ("以为 30 天内的评价都能改，好评也算", '''\
now = pd.Timestamp(练习7["now"])
q7 = set()
for letter, review in 练习7["reviews"].items():
    if now <= pd.Timestamp(review["created"]) + pd.Timedelta(days=30):
        q7.add(letter)'''),
        ("30 天从交易成功的时间算起，而不是从评价的时间", '''\
now = pd.Timestamp(练习7["now"])
q7 = set()
for letter, review in 练习7["reviews"].items():
    if review["rating"] != "好评" and now <= pd.Timestamp(review["finished"]) + pd.Timedelta(days=30):
        q7.add(letter)'''),
        ("以为中评、差评什么时候都能改，没看期限",
         'q7 = {letter for letter, review in 练习7["reviews"].items() if review["rating"] != "好评"}'),
    ],
    "answer_responsibility": [
        ("以为买家一提退款就是店铺的责任，没说原因的也选了",
         'q8 = {letter for letter, line in 练习8["lines"].items()\n'
         '      if autoreply.topic_of(line["text"]) in {"花材蔫了", "少件", "包装破损", "退款"}}'),
        ("看到“蔫”字就以为花坏了，售前问“会不会蔫”的也选了",
         'q8 = {letter for letter, line in 练习8["lines"].items()\n'
         '      if autoreply.topic_of(line["text"]) in {"花材蔫了", "少件", "包装破损"} or "蔫" in line["text"]}'),
        ("以为花盒压坏是快递的事，不算店铺的责任",
         'q8 = {letter for letter, line in 练习8["lines"].items()\n'
         '      if autoreply.topic_of(line["text"]) in {"花材蔫了", "少件"}}'),
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
    "answer_agreed_return": "q5 = A\nq5_deadline = 2025-06-30",
    "answer_pareto_reasons": 'q6 = refunds["原因"].value_counts()',
    "answer_review_change": "q7 = {A, C}",
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

from course.rules import RULES  # noqa: E402 - the scaffold fills follow the course's rules

#: What a learner writes in each ___ of the scaffolds (course/exercises/ch06.py EXERCISES).
SCAFFOLD_FILLS = {
    "answer_price_difference": ['"new_price"', "200", '"minus"'],
    "answer_refund_deadline": [str(RULES.timeouts.refund_shipped_silent_days),
                               str(RULES.timeouts.refund_unshipped_silent_hours),
                               '"WAIT_BUYER_RETURN_GOODS"', str(RULES.timeouts.seller_confirm_return_days),
                               "None"],
    "answer_pareto_reasons": ['"SUCCESS"', '"reason"', "sum", '练习6["cutoff"] / 100'],
}


#: Role-play chats (course/roleplays/ch06.py): the replies a good and a poor student send.
CHATS = {
    "chat_wilted": (
        ["亲，给您添麻烦了，真的对不起！我看了您发的照片，确实是花材的问题。",
         "亲，我们可以明天上午给您补发一束，或者按实付金额给您退款，两个方案您选一个～",
         "能的，明天上午十点前送到。蔫的那束不需要寄回，补发出来后我把单号发您。"],
        ["亲，鲜花签收后不支持退换哦，您可以剪根泡水醒一下花"]),
    "chat_review": (
        ["亲，对不起，这次让您失望了！评价请您如实写，我们不会拿红包换好评。",
         "真的抱歉，这次是我们的问题。今天给您退 30 元作为补偿，和评价没有关系。",
         "可以的，评价后 30 天内可以修改一次，改不改都由您决定。"],
        ["亲，不好意思，红包可以给您，麻烦您改成好评哦"]),
}
