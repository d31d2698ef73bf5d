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
    "answer_chat_stage": [
        ("按接待的客服判断：售前客服（小A～小D）接待的就是售前，售后客服（小E、小F）接待的就是售后", """\
sessions = data.load("sessions")
role = {"A01": "售前", "A02": "售前", "A03": "售前", "A04": "售前", "A05": "售后", "A06": "售后"}
agent_of = dict(zip(sessions["session_id"], sessions["agent_id"]))
q4 = [role[agent_of[session]] for session in 练习4["sessions"]]"""),
        ("只分付款前和付款后：买家来问的算售前，付款以后的核对、物流和售后问题都算售后", """\
after_payment = ["物流", "花材蔫了", "少件", "包装破损", "退款"]
q4 = []
for session in 练习4["sessions"]:
    if chats.opened_by(session) == "buyer" and chats.topic_of(session) not in after_payment:
        q4.append("售前")
    else:
        q4.append("售后")"""),
        ("以为快递出了问题就是售后问题", """\
q4 = []
for session in 练习4["sessions"]:
    if chats.opened_by(session) == "agent":
        q4.append("售中")
    elif chats.topic_of(session) in ["物流", "花材蔫了", "少件", "包装破损", "退款"]:
        q4.append("售后")
    else:
        q4.append("售前")"""),
    ],
    "answer_chat_handover": [
        ("以为客服安抚好买家就算处理完了，不用再交给别人", 'q5 = 练习5.letter_of("—（客服自己完成）")'),
        ("没在探索器里查，以为买家一不满意就交给财务退钱", 'q5 = 练习5.letter_of("财务")'),
    ],
    "answer_handover": [
        ("以为贺卡是美工设计的，改贺卡内容要找美工",
         'q6 = [练习6.letter_of("美工／运营"), 练习6.letter_of("美工／运营"), '
         '练习6.letter_of("财务"), 练习6.letter_of("采购／供应链")]'),
        ("以为一批花苞开不了是仓库没保管好，交给仓储",
         'q6 = [练习6.letter_of("仓储／打包发货"), 练习6.letter_of("美工／运营"), '
         '练习6.letter_of("财务"), 练习6.letter_of("仓储／打包发货")]'),
    ],
    "answer_note_order": [
        ("只看时间：写在聊天前最后付款的那一笔上，没有核对买家（正是小A 的错误）", """\
orders = data.load("orders")
shown = orders[orders["order_id"].isin(list(练习7["orders"])) & (orders["paid_at"] <= 练习7["chat_at"])]
latest = shown.sort_values("paid_at")["order_id"].iloc[-1]
q7 = 练习7.letter_of(练习7["orders"][latest])"""),
        ("只看买家：写在这位买家的第一笔订单上，没有核对付款时间", """\
orders = data.load("orders")
mine = orders[(orders["buyer_id"] == 练习7["buyer"]) & orders["order_id"].isin(list(练习7["orders"]))]
first = mine.sort_values("paid_at")["order_id"].iloc[0]
q7 = 练习7.letter_of(练习7["orders"][first])"""),
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
    "answer_chat_stage": 'q4 = [售前, 售中, 售中, 售后]',
    "answer_chat_handover": "q5 = 练习5.letter_of(仓储)",
    "answer_handover": "q6 = [A, B, C, D]",
    "answer_note_order": "q7 = 练习7.letter_of(练习7['orders'][0])",
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

#: What a learner writes in each blank of the chapter's scaffolds (course/exercises/ch01.py).
SCAFFOLD_FILLS = {
    "answer_june_core": ['"2025-07-01"', "notna", "nunique", '"paid_amount"'],
    "answer_note_order": ['练习7["buyer"]', '练习7["chat_at"]', '"paid_at"'],
    "answer_typing_verdict": ["seconds", "correct", "60", "0.95"],
}
