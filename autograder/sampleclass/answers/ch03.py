"""Chapter 3 known answers for the simulated class and the tests.

``MISCONCEPTIONS`` lists, per answer cell, what a beginner plausibly believes and the code
they would write; each must lose points on its item in every variant (the data and the
question parameters are made so that the rule they ignore changes the answer). ``WRONG``
is the sample class's wrong student: the first misconception of each item.
"""

_OBVIOUS = """\
obvious = {"问候": ["在吗", "你好", "您好"], "包邮": ["包邮"], "发货时间": ["发货"],
           "指定日期": ["指定日期"], "贺卡": ["贺卡"], "新鲜度": ["新鲜"], "尺寸": ["尺寸"],
           "优惠": ["优惠"], "议价": ["便宜"], "同城配送": ["同城"], "发票": ["发票"],
           "加购花瓶": ["花瓶"], "改地址": ["改地址"]}
"""
_GOOD = """\
library = {
    "问候": ["在吗", "在么", "在不", "你好", "您好", "有人", "hello", "哈喽", "zai", "hi", "nh", "有冇人"],
    "包邮": ["包邮", "包油", "运费", "by"],
    "发货时间": ["什么时候发", "啥时候发", "几时发", "多久发", "当天发", "能发吗", "fh"],
    "指定日期": ["指定", "哪天到", "定时送", "周六"],
    "贺卡": ["贺卡", "卡片", "和卡", "心意卡", "hk", "附张卡"],
    "新鲜度": ["新鲜", "会不会", "当天的花"],
    "尺寸": ["尺寸", "多大", "多高", "大扎"],
    "优惠": ["有优惠", "优惠券", "活动", "有冇优惠", "yhq", "优慧"],
    "议价": ["便宜", "优惠点", "少点", "平啲", "pyd"],
    "同城配送": ["同城", "能送不", "当天能送到"],
    "发票": ["发票", "开票", "发漂", "fp"],
    "加购花瓶": ["花瓶", "瓶子", "花平"],
    "改地址": ["地址"],
}
"""

#: 练习 11's model phrases (one kind of question each), plus a greeting and a closing phrase
#: for the belief that those count among the most asked questions.
_PHRASES = """\
library = {
    "问候": ("通用", "/hi", "亲，您好！欢迎光临花卉知六，请问有什么可以帮您？"),
    "结束语": ("通用", "/bye", "不客气亲，有问题随时找我哦～"),
    "包邮": ("售前", "/by", "亲，全店满99元包邮，不满99元运费10元哦～"),
    "发货时间": ("售前", "/fh", "亲，16点前付款当天发出，16点以后付款的次日一早发出～"),
    "指定日期": ("售前", "/zd", "可以的亲，下单时在留言里写上想送到的日期，我们按时安排～"),
    "贺卡": ("售前", "/hk", "可以的亲，手写贺卡5元一张，把想写的话发给我就行～"),
    "新鲜度": ("售前", "/xx", "亲放心，花材都是当天从基地到店的，出门前会拍照给您确认～"),
    "尺寸": ("售前", "/cc", "亲，每款的高度和宽度都写在详情页里，告诉我款式我帮您查～"),
    "优惠": ("售前", "/yh", "亲，店铺现在满200减20，先领券再下单更划算哦～"),
    "议价": ("售前", "/yj", "亲，这已经是实价啦，小店利润很薄，喜欢的话今天拍下就好～"),
    "同城配送": ("售前", "/tc", "可以的亲，同城一般3小时内送达，当天就能收到～"),
    "选品推荐": ("售前", "/tj", "亲，表白选红玫瑰更热烈，送朋友选粉玫瑰更温柔，您看喜欢哪种～"),
    "送妈妈": ("售前", "/mm", "亲，送妈妈可以看看康乃馨百合混搭，159元，很多顾客选它～"),
    "发票": ("售前", "/fp", "可以的亲，下单后把抬头和税号发给我，我们随货寄出～"),
    "加购花瓶": ("售前", "/hp", "可以的亲，玻璃花瓶29元一个，和花一起拍下就好～"),
    "改地址": ("售中", "/dz", "亲，发出之前都能改，把新地址完整发给我就行～"),
    "花材蔫了": ("售后", "/ny", "非常抱歉亲！花有点蔫的话麻烦拍张照片给我，我马上为您处理～"),
    "少件": ("售后", "/sj", "抱歉亲，给您添麻烦了，我核实后马上给您补发少了的那一枝～"),
    "物流": ("售后", "/wl", "亲别着急，我帮您查一下物流，有进展马上告诉您～"),
    "退款": ("售后", "/tk", "亲，请问是什么原因想退款呢？我这边帮您尽快处理～"),
    "包装破损": ("售后", "/ps", "非常抱歉亲，花盒在运输途中压坏了，麻烦拍张照片给我～"),
    "养护": ("售后", "/yyy", "亲，营养液一包兑500毫升清水，每两天换一次水，花能开得更久～"),
}
def phrase(topic):
    group, code, text = library[topic]
    return {"group": group, "code": code, "text": text}
top = [phrase(topic) for topic in phrasebook.top_topics(练习11["plan"]["k"])]
"""

MISCONCEPTIONS = {
    "answer_reply_kinds": [
        ("把首次接待自动回复和离线自动回复弄反了", """\
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
q1 = [练习1.letter_of(swapped[kinds[case]]) for case in 练习1["cases"]]"""),
    ],
    "answer_free_shipping_count": [
        ("客服和自动回复的消息也数进去了", 'q2 = int(messages["text"].str.contains(练习2["word"], regex=False).sum())'),
        ("数的是这个词一共出现几次，不是有几条消息含它",
         'q2 = int(buyer_messages["text"].str.count(练习2["word"]).sum())'),
        ("只数和这个词一模一样的消息（像上面 value_counts 那样整句比较）",
         'q2 = int((buyer_messages["text"] == 练习2["word"]).sum())'),
    ],
    "answer_keyword_reply": [
        ("第一条命中的规则就直接回复，不看优先级", """\
for rule in rules:
    if any(k in message for k in rule["keywords"]):
        return rule["reply"]
return None"""),
        ("一样的时候让后面的规则覆盖前面的（比较时用了 >=）", """\
best, best_key = None, None
for order, rule in enumerate(rules):
    hits = [k for k in rule["keywords"] if k in message]
    if not hits:
        continue
    key = (rule["priority"], max(len(k) for k in hits))
    if best_key is None or key >= best_key:
        best, best_key = rule["reply"], key
return best"""),
        ("只比优先级，忘了再比命中的关键词长短", """\
best, best_priority = None, None
for rule in rules:
    if any(k in message for k in rule["keywords"]):
        if best_priority is None or rule["priority"] > best_priority:
            best, best_priority = rule["reply"], rule["priority"]
return best"""),
    ],
    "answer_rule_design": [
        ("为了覆盖率，把“在”“吗”这种常见字设成问候的关键词", _OBVIOUS + """\
obvious["问候"] = ["在", "吗", "你好"]
rules = [{"keywords": obvious[topic], "reply": f"亲，关于{topic}，我来为您解答～",
          "priority": 0 if topic == "问候" else 2, "topic": topic}
         for topic in ["问候", *练习4["topics"].split("、")]]"""),
        ("以为买家都会规规矩矩地打字，每个主题只写一个最明显的关键词", _OBVIOUS + """\
rules = [{"keywords": obvious[topic], "reply": f"亲，关于{topic}，我来为您解答～",
          "priority": 0 if topic == "问候" else 2, "topic": topic}
         for topic in ["问候", *练习4["topics"].split("、")]]"""),
        ("以为规则越多越好，店长没让写的选品推荐也写了一条", _GOOD + """\
rules = [{"keywords": library[topic], "reply": f"亲，关于{topic}，我来为您解答～",
          "priority": 0 if topic == "问候" else 2, "topic": topic}
         for topic in ["问候", *练习4["topics"].split("、")]]
rules.append({"keywords": ["推荐", "哪个好"], "reply": "亲，送长辈推荐康乃馨哦～", "priority": 2,
              "topic": "选品推荐"})"""),
    ],
    "answer_order_query": [
        ("结束日期写成 created_at <= 结束日期，以为包含了那一整天", """\
query = 练习5["query"]
chosen = orders[(orders["created_at"] >= query["start"]) & (orders["created_at"] <= query["end"])
                & orders["status"].isin(["WAIT_SELLER_SEND_GOODS", "WAIT_BUYER_CONFIRM_GOODS"])
                & (orders["paid_amount"] >= query["low"]) & (orders["agent_id"] == query["agent"])]
q5 = chosen.sort_values("created_at")["order_id"].tolist()"""),
        ("没看订单状态，日期、金额、客服对上就算", """\
query = 练习5["query"]
day_after = pd.Timestamp(query["end"]) + pd.Timedelta(days=1)
chosen = orders[(orders["created_at"] >= query["start"]) & (orders["created_at"] < day_after)
                & (orders["paid_amount"] >= query["low"]) & (orders["agent_id"] == query["agent"])]
q5 = chosen.sort_values("created_at")["order_id"].tolist()"""),
    ],
    "answer_price_rules": [
        ("以为买家付了款也还能改价", """\
allowed = {
    "买家拍下 1 小时未付款，店长同意把 199 元改成 189 元，写明原因“老客户优惠”",
    "买家拍下后未付款，因为满 99 包邮，把多收的 10 元运费改掉，写明原因",
    "店铺满 200 减 20 的活动没有自动生效，买家还没付款，客服核实后按活动规则减掉 20 元，写明原因",
    "买家拍下后未付款，要求加急配送，店里没有补差价链接，主管同意后把订单金额加 20 元，写明原因",
    "直播抽奖的中奖买家拍下奖品后还没付款，店长让客服把这单改成 0 元，写明原因“直播抽奖奖品”",
    "买家已经付款，要求把价格再改低 10 元",
}
q6 = {练习6.letter_of(text) for text in 练习6["options"] if text in allowed}"""),
        ("以为买家开口要便宜、客服写明原因就可以自己让价", """\
allowed = {
    "买家拍下 1 小时未付款，店长同意把 199 元改成 189 元，写明原因“老客户优惠”",
    "买家拍下后未付款，因为满 99 包邮，把多收的 10 元运费改掉，写明原因",
    "店铺满 200 减 20 的活动没有自动生效，买家还没付款，客服核实后按活动规则减掉 20 元，写明原因",
    "买家拍下后未付款，要求加急配送，店里没有补差价链接，主管同意后把订单金额加 20 元，写明原因",
    "直播抽奖的中奖买家拍下奖品后还没付款，店长让客服把这单改成 0 元，写明原因“直播抽奖奖品”",
    "买家说“能便宜点吗”，客服自己做主把 128 元改成 118 元，写明原因“买家要求”",
}
q6 = {练习6.letter_of(text) for text in 练习6["options"] if text in allowed}"""),
        ("以为只有运费拍错、活动没生效、补差价这几种能改，店长批准的让利也不行", """\
allowed = {
    "买家拍下后未付款，因为满 99 包邮，把多收的 10 元运费改掉，写明原因",
    "店铺满 200 减 20 的活动没有自动生效，买家还没付款，客服核实后按活动规则减掉 20 元，写明原因",
    "买家拍下后未付款，要求加急配送，店里没有补差价链接，主管同意后把订单金额加 20 元，写明原因",
}
q6 = {练习6.letter_of(text) for text in 练习6["options"] if text in allowed}"""),
    ],
    "answer_can_change_price": [
        ("忘了拍下 72 小时还不付款，订单就关闭了", """\
if at < created:
    return False
if paid is not None and paid <= at:
    return False
return closed is None or closed > at"""),
        ("以为付款的那一刻还没算付款（用了 paid < at）", """\
if at < created or at >= created + pd.Timedelta(hours=72):
    return False
if paid is not None and paid < at:
    return False
return closed is None or closed > at"""),
        ("以为正好满 72 小时那一刻还能改（用了 >）", """\
if at < created or at > created + pd.Timedelta(hours=72):
    return False
if paid is not None and paid <= at:
    return False
return closed is None or closed > at"""),
    ],
    "answer_flags": [
        ("以为买家要改什么都插黄旗（改送达时间也是“改”）", """\
q8 = ["黄" if chats.opened_by(session) == "agent" else "蓝" for session in 练习8["sessions"]]"""),
        ("以为客服还在跟进的订单都插蓝旗（蓝旗是“跟进中”）", """\
q8 = ["蓝" for session in 练习8["sessions"]]"""),
        ("以为收到后出了问题要补发、要改订单，也插黄旗", """\
flag_of = {"改地址": "黄", "指定日期": "红", "花材蔫了": "黄", "少件": "黄", "包装破损": "黄", "退款": "黄"}
q8 = [flag_of[chats.topic_of(session)] for session in 练习8["sessions"]]"""),
    ],
    "answer_phrase_set": [
        ("以为买家最常问的就是练习 10 那五类：包邮、发货时间、指定日期、贺卡和售后", """\
phrases = [
    {"group": "售前", "code": "/by", "text": "亲，全店满99元包邮，不满99元运费10元哦～"},
    {"group": "售前", "code": "/fh", "text": "亲，16点前付款当天发出，16点以后付款的次日一早发出～"},
    {"group": "售前", "code": "/zd", "text": "可以的亲，下单时在留言里写上想送到的日期，我们按时安排～"},
    {"group": "售前", "code": "/hk", "text": "可以的亲，手写贺卡5元一张，把想写的话发给我就行～"},
    {"group": "售后", "code": "/sh", "text": "非常抱歉亲！花有点蔫的话麻烦拍张照片给我，我马上为您处理～"},
]"""),
        ("问候和结束语的消息最多，就把它们也算进了问得最多的前几名", _PHRASES + """\
counts = buyer_messages["text"].map(autoreply.topic_of).value_counts()
phrases = [phrase(topic) for topic in counts.index[:练习11["plan"]["k"]]]"""),
        ("以为在欢迎短语里说“全城最新鲜”能显得热情", _PHRASES + """\
phrases = top + [{"group": "通用", "code": "/hi", "text": "亲，欢迎光临花卉知六，全城最新鲜的花都在这里～"}]"""),
        ("同一类问题写了两种说法，用了同一个快捷编码", _PHRASES + """\
phrases = top + [{"group": top[0]["group"], "code": top[0]["code"], "text": "亲，这个问题我帮您查一下，稍等哦～"}]"""),
        ("以为一条短语说得越全越好，把几件事塞进一条，超过了 50 字", _PHRASES + """\
long = "亲，全店满99元包邮，16点前付款当天发货，可以指定日期送达，手写贺卡5元一张，同城3小时送到，有问题随时找我哦～"
phrases = [{"group": "售前", "code": "/qb", "text": long}] + top[1:]"""),
    ],
    "answer_security": [
        ("以为“平台客服”要验证码是正常核实，照着给没关系", """\
risky = {
    "一位“买家”发来链接：“订单截图在这里，点开登录千牛就能看到。”",
    "一位“买家”说：“加我微信吧，我把订单截图发你，微信上付款还能便宜点。”",
    "自称店长朋友的人发来：“店长让我帮忙看看后台，把你的子账号密码发我一下。”",
    "“快递员”打来电话，说包裹地址有问题，要你报出千牛刚收到的短信验证码。",
    "工作群里有人分享“千牛破解多开版”的网盘链接，说装了就能同时登好几个号。",
}
q9 = {练习9.letter_of(text) for text in 练习9["options"] if text in risky}"""),
        ("以为买家发来订单号也可能是骗局，也算风险", """\
risky = {
    "自称“淘宝平台客服”的人发来消息：“你们店铺涉嫌违规，把手机刚收到的验证码发给我，帮你解除处罚。”",
    "一位“买家”发来链接：“订单截图在这里，点开登录千牛就能看到。”",
    "一位“买家”说：“加我微信吧，我把订单截图发你，微信上付款还能便宜点。”",
    "自称店长朋友的人发来：“店长让我帮忙看看后台，把你的子账号密码发我一下。”",
    "“快递员”打来电话，说包裹地址有问题，要你报出千牛刚收到的短信验证码。",
    "工作群里有人分享“千牛破解多开版”的网盘链接，说装了就能同时登好几个号。",
}
q9 = {letter for letter, text in 练习9.shown.items() if text in risky or "订单号" in text}"""),
    ],
}

WRONG = {answer: samples[0][1] for answer, samples in MISCONCEPTIONS.items()}

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
    "answer_phrase_set": 'phrases = [{"code": "/by", "text": "满99包邮"}',
}

WRITTEN = {
    "written_quick_phrases": (
        "1. 包邮：亲，全店满99元包邮，不满99元运费10元哦～\n"
        "2. 发货时间：亲，16点前付款当天发货，之后付款次日一早发出～\n"
        "3. 指定日期：可以的亲，下单时备注送达日期，我们会按时安排配送～\n"
        "4. 贺卡：亲，手写贺卡5元一张，把想写的话发给我就行～\n"
        "5. 售后：非常抱歉给您添麻烦了，麻烦拍张照片发给我，我马上为您处理～",
        "包邮。发货。",
    ),
}

#: What a learner writes in each blank of the chapter's scaffolds (course/exercises/ch03.py).
SCAFFOLD_FILLS = {
    "answer_free_shipping_count": ['"buyer"', '"text"', "sum"],
    "answer_keyword_reply": ["message", '"priority"', "winner_len", '"reply"'],
    "answer_order_query": ["day_after", '"WAIT_SELLER_SEND_GOODS"', '"low"', "tolist"],
    "answer_can_change_price": ["72", "at", "closed"],
}
