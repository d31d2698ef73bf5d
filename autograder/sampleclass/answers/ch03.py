"""Chapter 3 known answers for the simulated class and the tests."""

WRONG = {
    "answer_reply_kinds": 'q1 = ["A", "B", "C"]',
    # every sender counted
    "answer_free_shipping_count": 'q2 = int(messages["text"].str.contains("包邮").sum())',
    # the first matching rule wins, whatever its priority
    "answer_keyword_reply": '''\
for rule in rules:
    if any(k in message for k in rule["keywords"]):
        return rule["reply"]
return None''',
    # one broad keyword answers almost everything, wrongly
    "answer_rule_design": '''\
rules = [
    {"keywords": ["花", "吗"], "reply": "亲，我们的花很新鲜哦", "priority": 0, "topic": "新鲜度"},
]''',
    # the end date excluded and any status
    "answer_order_query": '''\
chosen = orders[(orders["created_at"] >= "2025-06-20") & (orders["created_at"] < "2025-06-25")
                & (orders["paid_amount"] >= 200) & (orders["agent_id"] == "A02")]
q5 = chosen.sort_values("created_at")["order_id"].tolist()''',
    "answer_price_rules": 'q6 = {"A", "B", "E"}',
    # the 72-hour close forgotten
    "answer_can_change_price": '''\
if at < created:
    return False
if paid is not None and paid <= at:
    return False
return closed is None or closed > at''',
    "answer_flags": 'q8 = ["红", "绿", "紫"]',
    "answer_security": 'q9 = {"A", "C"}',
}

ERROR = {
    "answer_reply_kinds": "q1 = [B, A, C]",
    "answer_free_shipping_count": 'q2 = buyer_messages["内容"].str.count("包邮")',
    "answer_keyword_reply": 'return rules["reply"]',
    "answer_rule_design": "rules = [{'keywords': ['包邮'], 'reply': '满99包邮'}",
    "answer_order_query": 'q5 = orders[orders["客服"] == "A02"]',
    "answer_price_rules": "q6 = {A, E}",
    "answer_can_change_price": "return at - created > 72",
    "answer_flags": "q8 = [红, 黄, 紫]",
    "answer_security": 'q9 = set("A", "C")',
}

WRITTEN = {
    "written_quick_phrases": (
        "1. 包邮：亲，全店满99元包邮，不满99元运费10元哦～\n"
        "2. 发货时间：亲，16点前付款当天发货，之后付款次日一早发出～\n"
        "3. 指定日期：可以的亲，下单时备注送达日期，我们会按时安排配送～\n"
        "4. 贺卡：亲，贺卡免费手写，把想写的话发给我就行～\n"
        "5. 售后：非常抱歉给您添麻烦了，麻烦拍张照片发给我，我马上为您处理～",
        "包邮。发货。",
    ),
}
