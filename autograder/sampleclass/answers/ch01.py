"""Chapter 1 known answers for the simulated class and the tests."""

WRONG = {
    # unpaid orders counted and the average taken over orders, not buyers
    "answer_june_core": '''\
june = orders[(orders["created_at"] >= "2025-06-01") & (orders["created_at"] < "2025-07-01")]
q1 = (len(june), june["buyer_id"].nunique(), june["paid_amount"].mean())''',
    "answer_roles": 'q2 = {"A", "C", "D", "E"}',
    # 催付 before 核对订单
    "answer_workflow_order": 'q3 = ["D", "B", "H", "A", "F", "I", "E", "J", "G", "C"]',
    "answer_duty_stage": 'q4 = {"推荐商品": "售前", "催付": "售前", "评价管理": "售后", "发货跟踪": "售后"}',
    "answer_explorer_review": '''\
explorer_choice = {
    "situation": "refund",
    "stage": "售后",
    "handover_to": "售后客服／财务",
}''',
    "answer_handover": 'q6 = ["A", "B", "D", "C"]',
    "answer_case_step": 'q7 = "B"',
    "answer_standards": 'q8 = {"A", "E"}',
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
