"""Chapter 1: the parameters of each student's own questions (see course/exercises/__init__.py)."""

from itertools import permutations, product

#: 练习 4 and 5 read the shop's own chats (course.chats): a kind is (who wrote first, the one
#: topic the buyer asks about). Questions before buying, an agent's check after a payment,
#: a parcel not yet arrived and trouble after delivery.
PRESALE_KINDS = tuple(("buyer", t) for t in ("包邮", "发货时间", "指定日期", "贺卡", "新鲜度", "尺寸",
                                             "优惠", "议价", "同城配送", "选品推荐", "送妈妈", "加购花瓶"))
FOLLOW_UP_KINDS = (("agent", "改地址"), ("agent", "指定日期"), ("agent", "贺卡"))
PARCEL_KIND = ("buyer", "物流")
AFTER_SALE_KINDS = (("buyer", "花材蔫了"), ("buyer", "少件"), ("buyer", "包装破损"), ("buyer", "退款"))

#: 练习 5: chats whose matter someone else takes over (a situation of the explorer).
HANDOVER_KINDS = (("agent", "改地址"), ("agent", "贺卡"), PARCEL_KIND, ("buyer", "花材蔫了"),
                  ("buyer", "退款"))


def _stage_kinds() -> list[tuple]:
    """Four chats in a shown order: one question before buying, one check after a payment,
    one parcel on its way and one trouble after delivery (each stage, and 售中 twice)."""
    return [order for four in product(PRESALE_KINDS, FOLLOW_UP_KINDS, [PARCEL_KIND], AFTER_SALE_KINDS)
            for order in permutations(four)]


PARAMS = {
    # 练习 4: the kinds of the four chats, in the order shown, and which case of each kind
    "q4": {"kinds": ((("buyer", "同城配送"), ("buyer", "退款"), ("agent", "改地址"), PARCEL_KIND),
                     _stage_kinds),
           "k": (0, list(range(12)))},
    # 练习 5: the kind of the chat and which case of it
    "q5": {"kind": (("buyer", "花材蔫了"), list(HANDOVER_KINDS)), "k": (0, list(range(12)))},
    # 练习 7: which of the follow-up chats whose note is easy to put on the wrong order
    "q7": {"k": (0, list(range(60)))},
}

# Formative feedback (course/coach.py): what 练习N.check() evaluates, the hints, and the
# partly written answer of the data and function items.
EXERCISES = {
    1: {"answer": "answer_june_core", "check": ["q1"], "hints": [
        "三个数都只看“6 月创建、并且已经付款”的订单：先把这些订单筛出来，再数、再加。",
        "6 月：created_at >= \"2025-06-01\" 并且 < \"2025-07-01\"；已付款：paid_at 用 .notna()。"
        "买家数要去重（buyer_id 的 .nunique()）；客单价是实付金额之和 ÷ 买家数，不是每笔订单的平均。"],
        "scaffold": '''# orders 要用四列：created_at（创建）、paid_at（付款）、buyer_id、paid_amount（实付金额）
in_june = (orders["created_at"] >= "2025-06-01") & (orders["created_at"] < ___)
june = orders[in_june & orders["paid_at"].___()]       # 6 月创建、已经付款（paid_at 不是空的：.notna()）
buyers = june["buyer_id"].___()                         # 付款买家数，同一个买家只算一次（.nunique()）
q1 = (len(june), buyers, june[___].sum() / buyers)'''},
    2: {"answer": "answer_roles", "check": ["q2"], "hints": [
        "客服的作用不只是回答问题：想一想成交、回头客、服务评分，还有把问题反馈给同事。",
        "对照上面“网店客服的作用”五条，逐个看每个选项和哪一条一致；"
        "说客服可有可无、和回头客没有关系的说法都不对。"]},
    3: {"answer": "answer_workflow_order", "check": ["q3"], "hints": [
        "先把十步分成售前、售中、售后三段，再排每一段里面的先后。",
        "想一想每一步要等什么发生之后才能做：没拍下就谈不上核对订单，没付款就不用写备注交接，"
        "买家没收到货就不会退换货和评价。"]},
    4: {"answer": "answer_chat_stage", "check": ["q4"], "hints": [
        "先想每段聊天在处理十个步骤中的哪一步，再看这一步属于哪个阶段。",
        "看聊天发生时订单走到了哪里：还没下单（咨询），付款以后、买家收到货之前（核对、改地址、快递还没到），"
        "还是收到货以后（花有问题、要退款）。不要只看接待的是售前客服还是售后客服。"]},
    5: {"answer": "answer_chat_handover", "check": ["q5"], "hints": [
        "先想这段聊天最像探索器「情况」下拉框里的哪一种。",
        "在探索器里选中那一种情况，卡片里「交给谁」那一行就是要找的岗位；客服安抚好买家，不等于事情已经办完。"]},
    6: {"answer": "answer_handover", "check": ["q6"], "hints": [
        "每件事最后由谁来落实？客服只是第一个接住问题的人。",
        "对照上面“网店客服与其他岗位的对接关系”表，为每种情况找到最接近的一行，看「交给谁」。"]},
    7: {"answer": "answer_note_order", "check": ["q7"], "hints": [
        "小A 就是把备注写错了订单。先核对买家编号，再核对时间。",
        "四笔订单里只看这位买家的；其中在聊天开始之前最后付款的那一笔，就是客服正在核对的订单。"],
        "scaffold": '''orders = data.load("orders")
# 题目给的数：练习7["buyer"] 是买家编号，练习7["chat_at"] 是聊天开始的时间
# 这位买家的、在聊天开始之前已经付款的订单（付款时间在 paid_at 列）
mine = orders[(orders["buyer_id"] == ___) & (orders["paid_at"] <= ___)]
latest = mine.sort_values(___)["order_id"].iloc[-1]     # 按哪一列排？排在最后的就是付款最晚的那一笔
# 练习7["orders"] 按订单号查出这笔订单的选项文字，letter_of 把选项文字换成字母
q7 = 练习7.letter_of(练习7["orders"][latest])'''},
    8: {"answer": "answer_standards", "check": ["q8"], "hints": [
        "对照“8 大标准要求”，逐个看每种做法有没有违反其中一条。",
        "耐心细致、诚信守规、响应及时都是标准：不耐烦地打发买家、为了成交夸大承诺、因为心情拖着不回，都不符合。"]},
    9: {"answer": "answer_typing_verdict", "check": ["typing_verdict(70, 73, 60)", "typing_verdict(50, 52, 60)"],
        "hints": [
        "速度只算打对的字：正确字数 ÷ 秒数 × 60，单位是字/分钟。",
        "准确率 = 正确字数 ÷ 原文字数，是 0 到 1 之间的小数；达标要两个条件同时满足（and），"
        "正好等于标准也算达标（>=）。"],
        "scaffold": '''speed = correct / ___ * 60            # 每分钟打对的字数
accuracy = ___ / total                 # 打对的字占原文的比例
return speed, accuracy, speed >= ___ and accuracy >= ___'''},
}
