"""Chapter 1 known answers for the simulated class and the tests."""

WRONG = {
    # unpaid orders counted and the average taken over orders, not buyers
    "answer_june_core": '''\
june = orders[(orders["created_at"] >= "2025-06-01") & (orders["created_at"] < "2025-07-01")]
q1 = (len(june), june["buyer_id"].nunique(), june["paid_amount"].mean())''',
    # the right three, plus "自动回复能代替人工客服"
    "answer_roles": (
        'q2 = {练习2.letter_of("好的接待能提高询单转化率"), '
        '练习2.letter_of("客服能把买家反映的商品和详情页问题反馈给其他岗位"), '
        '练习2.letter_of("客服的态度和专业程度会影响店铺的服务评分"), '
        '练习2.letter_of("有了自动回复，就不需要人工客服了")}'),
    # 催付 before 核对订单
    "answer_workflow_order": '''\
q3 = [练习3.letter_of(step) for step in ["接待咨询", "推荐商品", "促成下单", "催付", "核对订单",
                                          "订单备注与交接", "发货跟踪", "退换货与退款", "评价管理", "客户回访"]]''',
    # no 售中: what comes before payment is 售前, what comes after it is 售后
    # (every student's four steps include one of 售中)
    "answer_duty_stage": '''\
stage = {"接待咨询": "售前", "推荐商品": "售前", "促成下单": "售前", "核对订单": "售前",
         "催付": "售前", "订单备注与交接": "售后", "发货跟踪": "售后",
         "退换货与退款": "售后", "评价管理": "售后", "客户回访": "售后"}
q4 = {step: stage[step] for step in 练习4["steps"]}''',
    # the neighbouring entry of the drop-down picked instead of the one asked for
    "answer_explorer_review": '''\
titles = [s.title for s in workflow.SITUATIONS]
picked = workflow.SITUATIONS[(titles.index(练习5["title"]) + 1) % len(titles)]
explorer_choice = {
    "situation": picked.key,
    "stage": picked.stage,
    "handover_to": picked.handover_to,
}''',
    # 发票 sent to 采购 and the bad batch to 财务
    "answer_handover": (
        'q6 = [练习6.letter_of("仓储／打包发货"), 练习6.letter_of("美工／运营"), '
        '练习6.letter_of("采购／供应链"), 练习6.letter_of("财务")]'),
    # the step where the buyer was won, not where the note went wrong
    "answer_case_step": 'q7 = 练习7.letter_of("推荐商品")',
    # the exaggerated promise taken for good salesmanship
    "answer_standards": (
        'q8 = {练习8.letter_of("买家问了三遍同一个问题，客服回复\\"上面说过了，自己看\\""), '
        '练习8.letter_of("客服心情不好，对买家的消息隔了十几分钟才回")}'),
    # 'or' instead of 'and', and the accuracy measured against the typed length
    "answer_typing_verdict": '''\
speed = correct / seconds * 60
accuracy = correct / (total + 1)
return speed, accuracy, speed > 60 or accuracy > 0.95''',
}

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
