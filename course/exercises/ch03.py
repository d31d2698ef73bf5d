"""Chapter 3: the numbers and cases of each student's own questions (see course/exercises/__init__.py)."""

from itertools import combinations, permutations

# 练习 1: three situations to match with 首次接待自动回复 / 离线自动回复 / 快捷短语
Q1_CASES = (
    "凌晨 1 点有买家发来消息，客服都下班了",
    "买家一进店就发“在吗”，客服正在接待别人",
    "客服要回答“怎么保养永生花”，想一键发出一段标准说明",
    "大促当晚咨询排队，店长希望每位买家当天第一次发消息时，马上收到问候和包邮、发货规则",
    "除夕到初二客服放假、都不在线，仍有买家进店咨询",
    "买家早上 9 点第一次发来“你好”，客服在线，但手上还有三位买家没回完",
    "中午全体客服开会，账号都挂起了，这时有买家发来消息",
    "买家说花有点蔫，客服安抚完后，想调出一段固定的拍照取证说明发给他",
)

# 练习 4: the topics (besides 问候) the 店长 wants automatic replies for; a student gets six,
# whose plain keyword rules answer over 40% of the buyer messages (35% is asked)
Q4_TOPICS = ("包邮", "发货时间", "指定日期", "贺卡", "新鲜度", "尺寸", "优惠", "议价", "同城配送",
             "发票", "加购花瓶", "改地址")

# 练习 5: the order query (dates both inclusive, 实付金额 at least `low`). The queries come
# from the public shop data (computed on a student's first draw), so a new data set brings new
# ones: 4–15 orders each; orders of at least three buyers on the end day and of at least three
# buyers in other statuses, so that leaving the end date out or ignoring the status changes the
# answer, also after a student's variant leaves out some buyers; no two give the same orders.
_AGENTS = {"A01": "小A", "A02": "小B", "A03": "小C", "A04": "小D"}
Q5_SHOWN = ("WAIT_SELLER_SEND_GOODS", "WAIT_BUYER_CONFIRM_GOODS")
Q5_BUYERS = 3


def _query(start: str, end: str, agent: str, low: int) -> dict:
    return {"start": f"2025-{start}", "end": f"2025-{end}", "agent": agent,
            "name": _AGENTS[agent], "low": low}


def _records(orders) -> list[tuple]:
    """(拍下时间, 客服, 实付金额, 状态, 订单号, 买家) of each order with an agent."""
    attributed = orders[orders["agent_id"].notna()]
    return list(zip(attributed["created_at"], attributed["agent_id"], attributed["paid_amount"],
                    attributed["status"], attributed["order_id"], attributed["buyer_id"],
                    strict=True))


def _cases(records: list[tuple], query: dict) -> tuple[set, set, set]:
    import pandas as pd

    start = pd.Timestamp(query["start"])
    stop = pd.Timestamp(query["end"]) + pd.Timedelta(days=1)
    last_day = stop - pd.Timedelta(days=1)
    right, end_day, other = set(), set(), set()
    for created, agent, amount, status, order, buyer in records:
        if agent == query["agent"] and start <= created < stop and amount >= query["low"]:
            if status in Q5_SHOWN:
                right.add((order, buyer))
                if created >= last_day:
                    end_day.add((order, buyer))
            else:
                other.add((order, buyer))
    return right, end_day, other


def query_cases(orders, query: dict) -> tuple[set, set, set]:
    """(the query's order ids, those of them made on the end day, the orders that only a
    wrong status lets in) in ``orders``."""
    return tuple({order for order, _ in part} for part in _cases(_records(orders), query))


def _good(cases: tuple[set, set, set]) -> bool:
    right, end_day, other = cases
    return (4 <= len(right) <= 15 and len({b for _, b in end_day}) >= Q5_BUYERS
            and len({b for _, b in other}) >= Q5_BUYERS)


def good_query(orders, query: dict) -> bool:
    """Whether every condition of ``query`` matters in ``orders`` (see above)."""
    return _good(_cases(_records(orders), query))


def order_queries(records: list[tuple]) -> list[dict]:
    """The queries of 练习 5 for a shop whose attributed orders are ``records`` (tuples as
    :func:`_records` makes them, from a DataFrame or from the generator's rows)."""
    import pandas as pd

    since = pd.Timestamp("2025-06-15")
    by_agent = {agent: [r for r in records if r[1] == agent and r[0] >= since] for agent in _AGENTS}
    queries, seen = [], set()
    for first in range(15, 27):
        for last in range(first + 3, min(first + 7, 30) + 1):
            for agent, mine in by_agent.items():
                for low in (100, 120, 150, 180, 200):
                    query = _query(f"06-{first:02d}", f"06-{last:02d}", agent, low)
                    cases = _cases(mine, query)
                    right = frozenset(cases[0])
                    if right not in seen and _good(cases):
                        seen.add(right)
                        queries.append(query)
    return queries


def kept_buyers(records: list[tuple]) -> list[tuple[str, str]]:
    """(buyer, why) whom every variant keeps so that each query still has an order on its end
    day and one in another status: the first of each, by order id."""
    kept = []
    for query in order_queries(records):
        _, end_day, other = _cases(records, query)
        where = f"{query['start'][5:]}～{query['end'][5:]} {query['name']} ≥{query['low']} 元"
        kept.append((min(end_day)[1], f"第三章练习 5（{where}）：结束那天的订单"))
        kept.append((min(other)[1], f"第三章练习 5（{where}）：其他状态的订单"))
    return kept


def _order_queries() -> list[dict]:
    from course import data

    return order_queries(_records(data.read_table("orders", data.data_dir() / "orders.csv")))


# 练习 6: five 改价 operations to judge. Three are in every question, one for each natural
# error: a paid order asking for a lower price (not allowed), an agent giving a discount on
# their own (not allowed) and a discount the 店长 approved (allowed).
Q6_BOOK = ("买家拍下 1 小时未付款，店长同意把 199 元改成 189 元，写明原因“老客户优惠”",
           "买家已经付款，要求把价格再改低 10 元",
           "把一笔未付款订单的价格改成 −5 元",
           "买家说“能便宜点吗”，客服自己做主把 128 元改成 118 元，写明原因“买家要求”",
           "买家拍下后未付款，因为满 99 包邮，把多收的 10 元运费改掉，写明原因")
Q6_MORE = (
    "店铺满 200 减 20 的活动没有自动生效，买家还没付款，客服核实后按活动规则减掉 20 元，写明原因",
    "拍下已经 80 小时、一直未付款的订单",
    "买家拍下后未付款，要求加急配送，店里没有补差价链接，主管同意后把订单金额加 20 元，写明原因",
    "直播抽奖的中奖买家拍下奖品后还没付款，店长让客服把这单改成 0 元，写明原因“直播抽奖奖品”",
)
_Q6_ALWAYS = (Q6_BOOK[1], Q6_BOOK[3], Q6_BOOK[0])
_Q6_POOL = (Q6_BOOK[2], Q6_BOOK[4], *Q6_MORE)

# 练习 9: five messages that reach 小C on 千牛 to judge; the first two are in every question (a
# code asked for, and a buyer's own order number: ``{order}`` becomes an order of the student's data)
Q9_ALWAYS = ("自称“淘宝平台客服”的人发来消息：“你们店铺涉嫌违规，把手机刚收到的验证码发给我，帮你解除处罚。”",
             "买家发来：“我的订单号是 {order}，花到哪了？”")
Q9_MORE = (
    "一位“买家”发来链接：“订单截图在这里，点开登录千牛就能看到。”",
    "店长在工作群里通知：“从明天起，售前子账号的退款权限关掉，退款只由小E、小F 处理。”",
    "一位“买家”说：“加我微信吧，我把订单截图发你，微信上付款还能便宜点。”",
    "买家发来：“花收到了，有几枝有点蔫，照片发你了。”",
    "自称店长朋友的人发来：“店长让我帮忙看看后台，把你的子账号密码发我一下。”",
    "千牛提醒：你的子账号刚在一台新手机上登录——正是你几分钟前在自己手机上登录的。",
    "“快递员”打来电话，说包裹地址有问题，要你报出千牛刚收到的短信验证码。",
    "买家发来：“公司报销要发票，抬头和税号我发你。”",
    "工作群里有人分享“千牛破解多开版”的网盘链接，说装了就能同时登好几个号。",
)

# 练习 8: three chats of the shop (course.chats) after which the order gets a flag: an agent's
# check after a payment where the buyer changes the address or the delivery time, and trouble
# after delivery; shown in the student's own order.
Q8_AFTER_SALE = (("buyer", "花材蔫了"), ("buyer", "少件"), ("buyer", "包装破损"), ("buyer", "退款"))
Q8_KINDS = [order for trouble in Q8_AFTER_SALE
            for order in permutations([("agent", "改地址"), ("agent", "指定日期"), trouble])]

# 练习 11: how many of the most asked kinds of question a phrase set must cover, and how many
# phrases it may have (two spare: a tie with the k-th, or a greeting phrase)
Q11_PLANS = tuple({"k": k, "most": k + 2} for k in (5, 6, 7))

PARAMS = {
    # 练习 1: three different situations in the order asked
    "q1": {"cases": (Q1_CASES[:3], list(permutations(Q1_CASES, 3)))},
    # 练习 2: the word counted in the buyers' messages (agents and auto replies use it too)
    "q2": {"word": ("包邮", ["包邮", "发货", "贺卡", "优惠", "同城", "花瓶", "地址", "妈妈", "玫瑰",
                             "营养液"])},
    # 练习 4: the topics, joined by 、
    "q4": {"topics": ("包邮、发货时间、贺卡、发票、议价、优惠、同城配送",
                      ["、".join(c) for c in combinations(Q4_TOPICS, 6)])},
    # 练习 5: dates, agent and lowest 实付金额 of the query
    "q5": {"query": (_query("06-20", "06-25", "A01", 150), _order_queries)},
    # 练习 6: the options A–E (shown shuffled)
    "q6": {"options": (Q6_BOOK, [(*_Q6_ALWAYS, *c) for c in combinations(_Q6_POOL, 2)])},
    # 练习 8: the kinds of the three chats, in the order shown, and which case of each kind
    "q8": {"kinds": (Q8_KINDS[0], Q8_KINDS), "k": (3, list(range(12)))},
    # 练习 9: the options A–E (shown shuffled)
    "q9": {"options": ((*Q9_ALWAYS, *Q9_MORE[:3]), [(*Q9_ALWAYS, *c) for c in combinations(Q9_MORE, 3)])},
    # 练习 11: cover the k most asked kinds of question of the student's own messages
    # (course.phrases.top_topics) with at most `most` 快捷短语
    "q11": {"plan": (Q11_PLANS[1], list(Q11_PLANS))},
}

# The lesson's statements of the course's rules (tests/course/test_rules_in_lessons.py).
RULE_TEXT = {
    "timeouts.unpaid_close_hours": ["早于拍下后 {} 小时"],
    "promotions.free_shipping_at": ["满{}元包邮", "买满{}元，却被计了运费"],
}


# -- formative feedback (course/coach.py) ------------------------------------------------
def example_rules() -> list[dict]:
    """A small rule set for 练习3.check(): a longer keyword, a higher priority and a greeting."""
    return [{"keywords": ["发货"], "reply": "亲，16点前付款当天发货哦", "priority": 1},
            {"keywords": ["什么时候发货"], "reply": "亲，今天16点前付款，今天就发出", "priority": 1},
            {"keywords": ["包邮", "运费"], "reply": "亲，满99元全国包邮", "priority": 2},
            {"keywords": ["在吗"], "reply": "在的亲，请问有什么可以帮您？", "priority": 0}]


EXERCISES = {
    1: {"answer": "answer_reply_kinds", "check": ["q1"], "hints": [
        "三种功能的区别在于“什么时候发、由谁发”：首次接待自动回复在买家当天第一次发消息时自动发，"
        "离线自动回复在客服不在线时自动发，快捷短语由客服自己挑时机手动发。",
        "客服在线但忙不过来，用首次接待自动回复；客服全都不在（下班、放假、挂起），用离线自动回复；"
        "需要客服判断时机的固定说明，用快捷短语。"]},
    2: {"answer": "answer_free_shipping_count", "check": ["q2"], "hints": [
        "只数买家发的消息（sender 是 \"buyer\"），客服和自动回复的消息不算。",
        "用 .str.contains(词, regex=False) 得到每条消息里有没有这个词（True/False），再用 .sum() 数 True 的个数；"
        "一条消息里出现两次也只算一条。"],
        "scaffold": '''# messages 里要用到两列：sender（谁发的）、text（消息的文字）
buyers_only = messages[messages["sender"] == ___]     # 只看买家发的消息
has_word = buyers_only[___].str.contains(练习2["word"], regex=False)   # 每条消息里有没有这个词
q2 = int(has_word.___())                               # 用 .sum() 数 True 的个数，就是消息条数'''},
    3: {"answer": "answer_keyword_reply",
        "check": ['keyword_reply("亲，包邮吗", [{"keywords": ["包邮"], "reply": "满99包邮", "priority": 1}])',
                  'keyword_reply("在吗，什么时候发货", ex.example_rules())',
                  'keyword_reply("运费多少？什么时候发货", ex.example_rules())'],
        "hints": [
        "一条一条看规则：先找出这条规则命中的最长关键词；一个都没命中，就跳过这条规则。"
        "命中了，就和目前胜出的规则比一比。",
        "比的顺序：优先级大的胜出；优先级一样，命中的关键词更长的胜出；还一样，留下先写的那条"
        "（所以只在“更大”“更长”时才换）。一条都没命中就返回 None，否则返回胜出规则的回复。"],
        "scaffold": '''# 每条规则 rule 是字典：rule["keywords"]、rule["reply"]、rule["priority"]
winner = None           # 目前胜出的规则（还没有就是 None）
winner_len = 0          # 胜出规则命中的最长关键词有多长
for rule in rules:
    longest = -1        # 这条规则命中的最长关键词的长度（-1 表示一个都没命中）
    for k in rule["keywords"]:
        if k in ___ and len(k) > longest:
            longest = len(k)
    if longest == -1:
        continue        # 没命中，跳过这条规则
    if winner is None:
        better = True
    elif rule["priority"] != winner["priority"]:
        better = rule[___] > winner["priority"]  # 优先级不一样：大的胜出
    else:
        better = longest > ___                   # 优先级一样：关键词更长的胜出（一样长，留下先写的）
    if better:
        winner = rule
        winner_len = longest
if winner is None:
    return None
return winner[___]                           # 返回胜出规则的回复'''},
    4: {"answer": "answer_rule_design", "check": ['autoreply.requirements(rules, 练习4["topics"])'], "hints": [
        "先看模拟器的「还没有被回复的常见消息」：从要求的主题里消息最多的一类写起，"
        "把买家的错别字、方言和拼音缩写也加进关键词。",
        "问候规则的优先级要比问题规则低，否则“在吗，包邮吗”只会收到问候；错配率高，就去「答非所问的例子」里"
        "找太宽的关键词。规则不超过 8 条，只写店长给的主题。运行 autoreply.requirements(rules, 练习4[\"topics\"]) "
        "可以看每一条要求是否满足。"]},
    5: {"answer": "answer_order_query", "check": ["q5"], "hints": [
        "四个条件要同时满足，用 & 连起来；日期“两天都包含”，结束那一天整天都算。",
        "结束日期写成 < 结束日期 + 1 天（pd.Timedelta(days=1)）；状态用 .isin([...]) 选两种；"
        "最后按 created_at 排序，取出 order_id 变成列表（.tolist()）。"],
        "scaffold": '''query = 练习5["query"]
# query 里有：query["start"]、query["end"]（起止日期）、query["low"]（最低实付金额）、query["agent"]（客服编号）
# 结束那天也要整天包含：下单时间早于结束日期的第二天
day_after = pd.Timestamp(query["end"]) + pd.Timedelta(days=1)
chosen = orders[(orders["created_at"] >= query["start"]) & (orders["created_at"] < ___)
                & orders["status"].isin([___, "WAIT_BUYER_CONFIRM_GOODS"])
                & (orders["paid_amount"] >= query[___]) & (orders["agent_id"] == query["agent"])]
# 按下单时间从早到晚排好，取出订单号这一列，用 .tolist() 变成列表
q5 = chosen.sort_values(["created_at", "order_id"])["order_id"].___()'''},
    6: {"answer": "answer_price_rules", "check": ["q6"], "hints": [
        "改价只能在“等待买家付款”时做，而且要有正当理由、留下记录。",
        "已付款的订单不能改价，价格不能是负数；客服不能自己做主让价，店长批准的可以；"
        "运费拍错、活动没生效、经主管同意补差价，都是正当理由。"]},
    7: {"answer": "answer_can_change_price",
        "check": ['can_change_price(pd.Timestamp("2025-06-20 10:00"), None, None, pd.Timestamp("2025-06-20 11:00"))',
                  'can_change_price(pd.Timestamp("2025-06-20 10:00"), pd.Timestamp("2025-06-20 12:00"), None, '
                  'pd.Timestamp("2025-06-20 15:00"))',
                  'can_change_price(pd.Timestamp("2025-06-20 10:00"), None, None, pd.Timestamp("2025-06-23 18:00"))'],
        "hints": [
        "三种情况不能改价：那一刻还没拍下或已经超过拍下后 72 小时；那一刻已经付款；那一刻订单已经关闭。",
        "“已经付款”是 paid 不是 None 并且 paid <= at，关闭也一样；正好到第 72 小时的那一刻，订单已经关闭了。"],
        "scaffold": '''# 还没拍下，或者已经过了付款期限
if at < created or at >= created + pd.Timedelta(hours=___):
    return False
# 那一刻已经付款了
if paid is not None and paid <= ___:
    return False
# 那一刻订单已经关闭了
if ___ is not None and closed <= at:
    return False
return True'''},
    8: {"answer": "answer_flags", "check": ["q8"], "hints": [
        "先看买家在聊天里要什么：改地址，改送达时间，还是收到货以后出了问题。",
        "对照旗帜表：红＝加急／指定日期送达（改送达时段、要求早点送也算），黄＝需要改地址或改贺卡（收花人、电话这些收货信息也算），"
        "蓝＝售后跟进中；"
        "客服主动联系买家核对，不等于售后跟进。"]},
    9: {"answer": "answer_security", "check": ["q9"], "hints": [
        "逐条问自己：照做会不会交出验证码、密码，或者点开陌生链接、转到站外？",
        "验证码和密码不给任何人（自称平台、店长朋友、快递员都一样），陌生链接和“加微信”不点不加；"
        "买家发来自己的订单号、店长收紧权限，都是正常的工作。"]},
    11: {"answer": "answer_phrase_set",
         "check": ['phrasebook.requirements(phrases, 练习11["plan"]["k"], 练习11["plan"]["most"])'],
         "hints": [
        "先看编辑器下方的「买家问得最多的问题」：排在前面、标了 ★ 的问题，每类都要有一条短语回答它。"
        "排第一的未必是你以为的包邮，以你自己的数据为准。",
        "每行下面的红字就是要改的地方：超过字数就删减，极限词换成编辑器建议的说法，快捷编码以 / 开头、互不重复。"
        "一条短语只回答一类问题，条数才不会超。运行 phrasebook.requirements(phrases, 练习11[\"plan\"][\"k\"], "
        "练习11[\"plan\"][\"most\"]) 可以看每条要求是否满足。"]},
}
