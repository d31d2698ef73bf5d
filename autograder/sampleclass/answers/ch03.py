"""Chapter 3 known answers for the simulated class and the tests."""

WRONG = {
    # 首次接待 and 离线 swapped (no question has three 快捷短语 situations)
    "answer_reply_kinds": '''\
kinds = {
    "凌晨 1 点有买家发来消息，客服都下班了": "离线自动回复",
    "买家一进店就发“在吗”，客服正在接待别人": "首次接待自动回复",
    "客服要回答“怎么保养永生花”，想一键发出一段标准说明": "快捷短语",
    "大促当晚咨询排队，店长希望每位买家当天第一次发消息时，马上收到问候和包邮、发货规则": "首次接待自动回复",
    "除夕到初二客服放假、都不在线，仍有买家进店咨询": "离线自动回复",
    "买家早上 9 点第一次发来“你好”，客服在线，但手上还有三位买家没回完": "首次接待自动回复",
    "中午全体客服开会，账号都挂起了，这时有买家发来消息": "离线自动回复",
    "买家说花有点蔫，客服安抚完后，想调出一段固定的拍照取证说明发给他": "快捷短语",
}
swapped = {"离线自动回复": "首次接待自动回复", "首次接待自动回复": "离线自动回复", "快捷短语": "快捷短语"}
q1 = [练习1.letter_of(swapped[kinds[case]]) for case in 练习1["cases"]]''',
    # every sender counted
    "answer_free_shipping_count": 'q2 = int(messages["text"].str.contains(练习2["word"], regex=False).sum())',
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
query = 练习5["query"]
chosen = orders[(orders["created_at"] >= query["start"]) & (orders["created_at"] < query["end"])
                & (orders["paid_amount"] >= query["low"]) & (orders["agent_id"] == query["agent"])]
q5 = chosen.sort_values("created_at")["order_id"].tolist()''',
    # a paid order thought to be still open to 改价 (that option is in every question)
    "answer_price_rules": '''\
allowed = {
    "买家拍下 1 小时未付款，店长同意把 199 元改成 189 元，写明原因“老客户优惠”",
    "买家拍下后未付款，因为满 99 包邮，把多收的 10 元运费改掉，写明原因",
    "店铺满 200 减 20 的活动没有自动生效，买家还没付款，客服核实后按活动规则减掉 20 元，写明原因",
    "买家拍下后未付款，要求加急配送，店里没有补差价链接，主管同意后把订单金额加 20 元，写明原因",
    "直播抽奖的中奖买家拍下奖品后还没付款，店长让客服把这单改成 0 元，写明原因“直播抽奖奖品”",
    "买家已经付款，要求把价格再改低 10 元",
}
q6 = {练习6.letter_of(text) for text in 练习6["options"] if text in allowed}''',
    # the 72-hour close forgotten
    "answer_can_change_price": '''\
if at < created:
    return False
if paid is not None and paid <= at:
    return False
return closed is None or closed > at''',
    # the flag table misread: 红 and 紫, 黄 and 绿 swapped (no question has three 蓝 orders)
    "answer_flags": '''\
flags = {
    "买家要求周六上午 10 点前送到，是女朋友生日": "红",
    "买家付款后要把贺卡内容改成“毕业快乐”": "黄",
    "这位买家今年已经下了 12 单": "紫",
    "买家申请了退款，售后小E正在跟进处理": "蓝",
    "地址、贺卡内容和送达时间都已经和买家逐字核对过，可以发货了": "绿",
    "买家付款后发来新的收货地址，要改送到公司": "黄",
    "买家要求 6 月 15 日父亲节当天送到，晚一天就没意义了": "红",
    "买家收到花后说有几枝蔫了，售后正在和他沟通补发": "蓝",
    "一家公司每月固定订 30 束前台用花，是店里的大客户": "紫",
    "备注里的要求都已确认无误，这单可以打包发出了": "绿",
}
misread = {"红": "紫", "紫": "红", "黄": "绿", "绿": "黄", "蓝": "蓝"}
q8 = [misread[flags[case]] for case in 练习8["cases"]]''',
    # sharing the main account not seen as a risk (that option is in every question)
    "answer_security": '''\
risky = {
    "自称“平台客服”的人打电话要手机验证码，客服照着给了",
    "买家发来一个陌生链接说“订单截图在这里”，客服直接点开并登录",
    "客服把子账号密码写在便签上，贴在显示器旁边",
    "有客服离职了，他的子账号一直没有停用",
}
q9 = {练习9.letter_of(text) for text in 练习9["options"] if text in risky}''',
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
