"""Chapter 1 known answers for the simulated class and the tests.

``MISCONCEPTIONS`` lists, per answer cell, what a beginner plausibly believes and the code
they would write; each must lose points on its item in every variant (the data and the
question parameters are made so that the rule they ignore changes the answer). ``WRONG``
is the sample class's wrong student: the first misconception of each item.
"""

MISCONCEPTIONS = {
    "answer_june_core": [
        ("没付款的订单也算进去，客单价按每笔订单平均", """\
june = orders[(orders["created_at"] >= "2025-06-01") & (orders["created_at"] < "2025-07-01")]
q1 = (len(june), june["buyer_id"].nunique(), june["paid_amount"].mean())"""),
        ("客单价就是每笔订单的平均实付金额（按订单平均，不是按买家）", """\
june = orders[(orders["created_at"] >= "2025-06-01") & (orders["created_at"] < "2025-07-01")
              & orders["paid_at"].notna()]
q1 = (len(june), june["buyer_id"].nunique(), june["paid_amount"].mean())"""),
        ("“6 月”写成 created_at <= \"2025-06-30\"，以为包含了 30 日全天", """\
june = orders[(orders["created_at"] >= "2025-06-01") & (orders["created_at"] <= "2025-06-30")
              & orders["paid_at"].notna()]
q1 = (len(june), june["buyer_id"].nunique(), june["paid_amount"].sum() / june["buyer_id"].nunique())"""),
        ("订单数把没付款的也算上（买家数和客单价只看付款的）", """\
june = orders[(orders["created_at"] >= "2025-06-01") & (orders["created_at"] < "2025-07-01")]
paid = june[june["paid_at"].notna()]
q1 = (len(june), paid["buyer_id"].nunique(), paid["paid_amount"].sum() / paid["buyer_id"].nunique())"""),
    ],
    "answer_roles": [
        ("以为有了自动回复就可以不要人工客服",
         'q2 = {练习2.letter_of("好的接待能提高询单转化率"), '
         '练习2.letter_of("客服能把买家反映的商品和详情页问题反馈给其他岗位"), '
         '练习2.letter_of("客服的态度和专业程度会影响店铺的服务评分"), '
         '练习2.letter_of("有了自动回复，就不需要人工客服了")}'),
        ("以为把商品和详情页的问题反馈给别的岗位是运营的事，不是客服的作用",
         'q2 = {练习2.letter_of("好的接待能提高询单转化率"), '
         '练习2.letter_of("客服的态度和专业程度会影响店铺的服务评分")}'),
    ],
    "answer_workflow_order": [
        ("以为拍下后先催付，付了款再核对订单", """\
q3 = [练习3.letter_of(step) for step in ["接待咨询", "推荐商品", "促成下单", "催付", "核对订单",
                                          "订单备注与交接", "发货跟踪", "退换货与退款", "评价管理", "客户回访"]]"""),
        ("以为备注在拍下时就要写好，排在催付前面", """\
q3 = [练习3.letter_of(step) for step in ["接待咨询", "推荐商品", "促成下单", "核对订单", "订单备注与交接",
                                          "催付", "发货跟踪", "退换货与退款", "评价管理", "客户回访"]]"""),
        ("以为买家先评价，有问题再退换货", """\
q3 = [练习3.letter_of(step) for step in ["接待咨询", "推荐商品", "促成下单", "核对订单", "催付",
                                          "订单备注与交接", "发货跟踪", "评价管理", "退换货与退款", "客户回访"]]"""),
    ],
    "answer_duty_stage": [
        ("只分售前和售后：付款前的都算售前，付款后的都算售后", """\
stage = {"接待咨询": "售前", "推荐商品": "售前", "促成下单": "售前", "核对订单": "售前",
         "催付": "售前", "订单备注与交接": "售后", "发货跟踪": "售后",
         "退换货与退款": "售后", "评价管理": "售后", "客户回访": "售后"}
q4 = {step: stage[step] for step in 练习4["steps"]}"""),
        ("以为发货前都是售前，发货以后才是售后", """\
stage = {"接待咨询": "售前", "推荐商品": "售前", "促成下单": "售前", "核对订单": "售前",
         "催付": "售前", "订单备注与交接": "售前", "发货跟踪": "售后",
         "退换货与退款": "售后", "评价管理": "售后", "客户回访": "售后"}
q4 = {step: stage[step] for step in 练习4["steps"]}"""),
    ],
    "answer_explorer_review": [
        ("没在下拉框里换成题目的情况，直接复制了探索器打开时显示的那一种", """\
picked = workflow.SITUATIONS[0]
explorer_choice = {
    "situation": picked.key,
    "stage": picked.stage,
    "handover_to": picked.handover_to,
}"""),
    ],
    "answer_handover": [
        ("以为贺卡是美工设计的，改贺卡内容要找美工",
         'q6 = [练习6.letter_of("美工／运营"), 练习6.letter_of("美工／运营"), '
         '练习6.letter_of("财务"), 练习6.letter_of("采购／供应链")]'),
        ("以为一批花苞开不了是仓库没保管好，交给仓储",
         'q6 = [练习6.letter_of("仓储／打包发货"), 练习6.letter_of("美工／运营"), '
         '练习6.letter_of("财务"), 练习6.letter_of("仓储／打包发货")]'),
    ],
    "answer_case_step": [
        ("花和贺卡都不对，以为是小A 推荐错了商品", 'q7 = 练习7.letter_of("推荐商品")'),
    ],
    "answer_standards": [
        ("以为把花期说长一点是会推销，不算违规",
         'q8 = {练习8.letter_of("买家问了三遍同一个问题，客服回复“上面说过了，自己看”"), '
         '练习8.letter_of("客服心情不好，对买家的消息隔了十几分钟才回")}'),
        ("以为回得慢一点不要紧，只要最后回了就行",
         'q8 = {练习8.letter_of("买家问了三遍同一个问题，客服回复“上面说过了，自己看”"), '
         '练习8.letter_of("为了成交，告诉买家“这花放一个月都不会谢”")}'),
    ],
    "answer_typing_verdict": [
        ("以为速度和准确率有一项达标就行（用了 or）", """\
speed = correct / seconds * 60
accuracy = correct / total
return speed, accuracy, speed >= 60 or accuracy >= 0.95"""),
        ("以为正好 60 字/分钟、正好 95% 还不算达标（用了 >）", """\
speed = correct / seconds * 60
accuracy = correct / total
return speed, accuracy, speed > 60 and accuracy > 0.95"""),
        ("照着“× 100%”把准确率算成了百分数", """\
speed = correct / seconds * 60
accuracy = correct / total * 100
return speed, accuracy, speed >= 60 and accuracy >= 95"""),
        ("速度按原文字数算，没有只算打对的字", """\
speed = total / seconds * 60
accuracy = correct / total
return speed, accuracy, speed >= 60 and accuracy >= 0.95"""),
    ],
}

WRONG = {answer: samples[0][1] for answer, samples in MISCONCEPTIONS.items()}

ERROR = {
    "answer_june_core": 'q1 = (len(june), 0, 0)',
    "answer_roles": "q2 = {A, C}",
    "answer_workflow_order": 'q3 = list("DBHFAIEJGC")[10]',
    "answer_duty_stage": 'q4 = {"推荐商品": 售前}',
    "answer_explorer_review": "explorer_choice = {'situation': 'bad_review'",
    "answer_handover": "q6 = [A, B, C, D]",
    "answer_case_step": "q7 = C",
    "answer_standards": 'q8 = set("A", "C")',
    "answer_typing_verdict": "return correct / 0",
}

WRITTEN = {
    "written_case_analysis": (
        "问题出在售中的“订单备注与交接”环节：小A 在成交后没有核对订单号，把另一笔订单的备注写到了"
        "顾客B 的订单上，仓储照备注打包，导致两笔订单都发错，产生退款和运费损失，还影响店铺口碑。"
        "这一步本应由客服核对并准确交接给仓储。改进措施：一是写备注前核对订单号和买家昵称，写完再读一遍；"
        "二是付款后和买家确认收花人、地址和贺卡内容；三是给特殊要求的订单插旗，发货前由仓储二次核对。",
        "小A 太粗心了，以后要认真一点。",
    ),
}
