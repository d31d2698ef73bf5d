"""Chapter 2: the numbers of each student's own questions (see course/exercises/__init__.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import combinations, permutations


def _day_time(moment: datetime) -> str:
    """``6 月 18 日 09:00``, as the book writes a date inside June or July 2025."""
    return f"{moment.month} 月 {moment.day} 日 {moment:%H:%M}"


def _deadline_orders() -> list[tuple[str, str, str, str]]:
    """(拍下日期, 拍下时刻, 付款时刻 the same day, 发货时间) with shipping well within 72 h."""
    orders = []
    for day in range(10, 26):
        for created in ("08:40", "09:10", "10:25", "11:50", "13:05", "14:30", "16:20", "19:45"):
            start = datetime.strptime(f"2025-06-{day:02d} {created}", "%Y-%m-%d %H:%M")
            for delay in (5, 15, 25, 40):
                paid = start + timedelta(minutes=delay)
                for after in (1, 2):
                    for ship in ("09:00", "10:00", "11:30", "15:00", "17:30"):
                        shipped = datetime.strptime(
                            f"{(paid + timedelta(days=after)):%Y-%m-%d} {ship}", "%Y-%m-%d %H:%M")
                        orders.append((f"{start:%Y-%m-%d}", created, f"{paid:%H:%M}",
                                       f"{shipped:%Y-%m-%d %H:%M}"))
    return orders


def _finished_times() -> list[str]:
    """Moments a trade succeeds, late June to early July (the review window crosses a month)."""
    start = datetime(2025, 6, 16)
    return [f"{start + timedelta(days=d, hours=h, minutes=m):%Y-%m-%d %H:%M}"
            for d in range(20) for h in range(8, 22) for m in (0, 30)]


def _size_buyers() -> list[tuple[int, int, str]]:
    """(身高, 体重, 版型偏好) inside the chart and off its borders, whose size is not XL (so
    gaining weight changes it inside the chart)."""
    from course import sizing

    borders_h = set(sizing.SIZE_CHART["height_min"]) | set(sizing.SIZE_CHART["height_max"])
    borders_w = set(sizing.SIZE_CHART["weight_min"]) | set(sizing.SIZE_CHART["weight_max"])
    return [(height, weight, fit) for height in range(152, 184) for weight in range(42, 84)
            for fit in sizing.FITS
            if height not in borders_h and weight not in borders_w
            and sizing.recommend(height, weight, fit).size != "XL"]


#: 练习 5: a buyer's question about paying and the agent's answer. Every question shows the
#: first two, and two more questions with both answers an agent might give to each (one of the
#: two is right; the notebook's solution says which).
PAYMENT_ALWAYS = (
    "买家：“我朋友帮我代付的，现在退款了，钱怎么没退到我这儿？”客服：“亲，代付订单的退款会原路退给帮您付款的朋友，"
    "您可以和朋友确认一下哦～”",
    "买家：“付款一直失败，怎么回事？”客服：“亲，把手机收到的验证码发给我，我帮您在后台查一下～”",
)
PAYMENT_PAIRS = (
    ("买家：“付款时提示超出限额，怎么办？”客服：“亲，可以换一张银行卡、用余额付，或者分两次付款试试～”",
     "买家：“付款时提示超出限额，怎么办？”客服：“亲，超出限额就付不了了，您明天再来拍吧～”"),
    ("买家：“我用余额宝付的款，退款会退到哪里？”客服：“亲，退款会直接打到您的银行卡里哦～”",
     "买家：“我用余额宝付的款，退款会退到哪里？”客服：“亲，退款一般原路退回，到账后可以在支付宝账单里查看哦～”"),
    ("买家：“花呗怎么付不了？”客服：“亲，可能是花呗额度不够，也可能店铺没有开通花呗，您可以换一种付款方式试试～”",
     "买家：“花呗怎么付不了？”客服：“亲，花呗付不了的话，您加我微信，我发收款码给您～”"),
    ("买家：“这束花分期是免息的吗？”客服：“亲，花呗分期都是免息的，放心分～”",
     "买家：“这束花分期是免息的吗？”客服：“亲，以下单页显示的为准哦，页面上写了免息才是免息～”"),
    ("买家：“用余额宝付款，付掉的那部分钱还有收益吗？”客服：“有的亲，付掉的那部分照样有收益～”",
     "买家：“用余额宝付款，付掉的那部分钱还有收益吗？”客服：“亲，付掉的那部分就不再产生收益了哦～”"),
    ("买家：“有个网友让我帮他的订单代付，说付完就返现给我，可以吗？”客服：“亲，千万别付！只替自己认识、确认过的亲友代付，"
     "付款也只在淘宝订单里完成。”",
     "买家：“有个网友让我帮他的订单代付，说付完就返现给我，可以吗？”客服：“可以的亲，代付是淘宝的正常功能，放心付～”"),
    ("买家：“钱扣了，订单还显示待付款。”客服：“亲，您把钱直接转到我的支付宝，我帮您把订单改成已付款～”",
     "买家：“钱扣了，订单还显示待付款。”客服：“亲，可能是付款还在处理中，稍等几分钟刷新一下订单；一直没变的话，"
     "可以找支付宝客服查这笔扣款～”"),
)


def _payment_options() -> list[tuple[str, ...]]:
    """The two shown to everyone and both answers of two questions."""
    return [(*PAYMENT_ALWAYS, *first, *second) for first, second in combinations(PAYMENT_PAIRS, 2)]


#: Descriptions of 修身, 直筒 and 宽松 garments (in no particular order).
FIT_DESCRIPTIONS = [
    "衣身比身体大很多，活动自如",
    "按身体线条剪裁，穿上显得利落精干",
    "上下宽度接近，线条笔直，大多数人都能穿",
    "留有很多活动空间，弯腰搬花也不紧绷",
    "从胸到下摆上下一样宽，不收腰",
    "衣身肥大、不贴身，穿着舒适随意",
    "贴合身体曲线，腰部收紧",
    "腰部不收也不放，从肩到下摆一条直线",
]

# Costly lists are declared as functions: computed on a student's first draw only.
PARAMS = {
    # 练习 1: which successful order of the student's data and which of its earlier states
    # (course.timeline.state_case)
    "q1": {"k": (0, list(range(90)))},
    # 练习 2: an order's 拍下 date and time, 付款 time (same day) and 快递发货 time
    "q2": {"order": (("2025-06-20", "14:30", "14:45", "2025-06-22 10:00"), _deadline_orders)},
    # 练习 7: when the trade succeeded
    "q7": {"finished": ("2025-06-29 15:00", _finished_times)},
    # 练习 5: the five answers to judge (shown shuffled)
    "q5": {"options": ((*PAYMENT_ALWAYS, *PAYMENT_PAIRS[0], *PAYMENT_PAIRS[3]), _payment_options)},
    # 练习 8: the buyer whose range of weights with the same size the recommender finds
    "q8": {"buyer": ((162, 55, "标准"), _size_buyers)},
    # 练习 9: the three descriptions to name the 板型 of, in this order
    "q9": {"cases": (("贴合身体曲线，腰部收紧", "从胸到下摆上下一样宽，不收腰", "衣身比身体大很多，活动自如"),
                     list(permutations(FIT_DESCRIPTIONS, 3)))},
}

# The lesson's statements of the course's rules (tests/course/test_rules_in_lessons.py).
RULE_TEXT = {
    "timeouts.unpaid_close_hours": ["拍下后 {} 小时内没有付款，交易关闭", "它会在拍下后 {} 小时自动关闭"],
    "timeouts.ship_within_hours": ["付款后 {} 小时内要发货", "付款后 {} 小时 | 构成延迟发货",
                                   "课程练习用付款后 {} 小时"],
    "timeouts.late_ship_rate": ["按实付金额的 {}% 赔付"],
    "timeouts.late_ship_min": ["最低 {} 元"],
    "timeouts.late_ship_max": ["最高 {} 元"],
    "timeouts.confirm_days.快递": ["快递 {} 天", "从发货时间起算：快递 {} 天"],
    "timeouts.confirm_days.平邮": ["平邮 {} 天"],
    "timeouts.confirm_days.虚拟": ["虚拟商品 {} 天"],
    "timeouts.confirm_days.自动发货": ["自动发货 {} 天"],
    "timeouts.buyer_extend_when_left_days": ["剩余时间 ≤ {} 天时", "剩余不超过 {} 天时"],
    "timeouts.buyer_extend_days": ["只能延长 1 次，每次 {} 天", "买家可以延长 1 次，每次 {} 天"],
    "timeouts.review_window_days": ["交易成功后 {} 天内可以评价"],
    "timeouts.review_change_days": ["评价后 {} 天内修改一次中评或差评"],
    "timeouts.follow_up_review_days": ["交易成功后 {} 天内可以追评"],
    "timeouts.refund_unshipped_silent_hours": ["卖家不处理 | {} 小时 | 系统自动退款"],
    "timeouts.refund_shipped_silent_days": ["卖家不处理 | {} 天 | 视为卖家同意"],
    "timeouts.buyer_return_days": ["买家不寄回 | {} 天"],
    "timeouts.seller_confirm_return_days": ["卖家不确认收货 | {} 天"],
    "promotions.free_shipping_at": ["满 {} 元包邮", "本店满 {} 元包邮"],
    "promotions.shipping_fee": ["不满收 {} 元运费"],
}

# Formative feedback (course/coach.py): what 练习N.check() evaluates, the hints, and the
# partly written answer of the data, calculation and function items.
EXERCISES = {
    1: {"answer": "answer_order_state", "check": ["q1"], "hints": [
        "把那一刻依次和这笔订单的付款时间、发货时间、交易成功时间比较：它落在哪两个时间之间？",
        "用 orders[orders[\"order_id\"] == 订单号] 找到这一行。那一刻早于 paid_at 就还在等付款，早于 shipped_at "
        "就在等发货，早于 finished_at 就在等确认收货，否则已经交易成功。status 列是导出数据时的状态，不要照抄。"],
        "scaffold": '''orders = data.load("orders")
row = orders[orders["order_id"] == ___].iloc[0]        # 题目里的那一笔订单：订单号是 练习1["order_id"]
moment = pd.Timestamp(练习1["moment"])
# 和这一行的三个时间依次比较：paid_at（付款）、shipped_at（发货）、finished_at（交易成功）
if moment < row[___]:
    state = "等待买家付款"
elif moment < row[___]:
    state = "买家已付款，等待卖家发货"
elif moment < row[___]:
    state = "卖家已发货，等待买家确认收货"
else:
    state = "交易成功"
q1 = 练习1.letter_of(state)'''},
    2: {"answer": "answer_deadlines", "check": ["q2"], "hints": [
        "三个时间的起点各不相同：最晚发货从付款算，自动确认收货从发货算，评价截止从交易成功算。",
        "用 pd.Timestamp 把字符串变成时间，再加 pd.Timedelta(hours=…) 或 pd.Timedelta(days=…)；"
        "没人确认收货时，交易在自动确认收货那一刻成功。写成 \"2025-06-23 14:45\" 这样的字符串。"],
        "scaffold": '''day, created, paid, shipped = 练习2["order"]
paid_at, shipped_at = pd.Timestamp(f"{day} {paid}"), pd.Timestamp(shipped)
ship_by = ___ + pd.Timedelta(hours=72)            # 最晚发货：从哪个时间算起？
confirm_by = shipped_at + pd.Timedelta(days=___)  # 快递发货后几天自动确认收货？
# 没人确认收货时，交易成功 = 自动确认收货的时间（上一行算出的 confirm_by）
review_by = ___ + pd.Timedelta(days=15)           # 评价截止：从交易成功算起
q2 = {"ship_by": f"{ship_by:%Y-%m-%d %H:%M}", "confirm_by": f"{confirm_by:%Y-%m-%d %H:%M}",
      "review_by": f"{review_by:%Y-%m-%d %H:%M}"}'''},
    3: {"answer": "answer_auto_confirm",
        "check": ['auto_confirm_time(pd.Timestamp("2025-06-19 15:00"), "快递", False, 0)',
                  'auto_confirm_time(pd.Timestamp("2025-06-19 15:00"), "平邮", True, 5)'],
        "hints": [
        "先按发货方式查出天数，再加上买家和卖家延长的天数。",
        "快递 10 天、平邮 30 天、虚拟 3 天、自动发货 1 天；买家延长过再加 3 天；卖家延长几天就加几天。"
        "最后用 shipped + pd.Timedelta(days=总天数)。"],
        "scaffold": '''days = {"快递": ___, "平邮": 30, "虚拟": 3, "自动发货": 1}[method]   # 按发货方式查天数
if buyer_extended:
    days += ___                                  # 买家延长一次加几天？
days += ___                                      # 卖家延长的天数
return shipped + pd.Timedelta(days=days)'''},
    4: {"answer": "answer_late_orders", "check": ["q4"], "hints": [
        "先找出延迟发货的订单：发货时间减付款时间超过 72 小时（正好 72 小时不算）。",
        "每笔赔付 = 实付金额 × 5%，再限制在最低 5 元、最高 30 元之间，可以用 .clip(lower=…, upper=…)；"
        "然后数笔数、把赔付加起来，保留两位小数。"],
        "scaffold": '''late = orders[(orders["shipped_at"] - orders["paid_at"]) > pd.Timedelta(hours=___)]
# 每笔按实付金额的比例赔付，再限制在最低、最高金额之间
pay = (late["paid_amount"] * ___).clip(lower=___, upper=___).round(2)
q4 = (len(late), round(pay.sum(), 2))'''},
    5: {"answer": "answer_payment_replies", "check": ["q5"], "hints": [
        "对照支付方式对比表和代付诈骗提醒，逐条判断客服说的对不对；同一个问题的两种回复，通常只有一种对。",
        "付款只在淘宝订单里完成，客服从不要验证码和密码，也不替平台承诺免息；代付订单的钱是谁付的，退款就原路退给谁。"]},
    6: {"answer": "answer_banned_in", "check": ['banned_in("顶级玫瑰，全网最低", ["全网最低", "顶级", "第一"])',
                                                'banned_in("全网最低价，品质第一", ["第一", "顶级", "全网最低"])'],
        "hints": [
        "对每个违规词，先看它在不在文中；在的话，记下它第一次出现的位置。最后按位置从前到后排。",
        "列表里放的是 (位置, 词)，sorted() 排序时先比第一项（位置），所以排好就是出现的先后；"
        "最后只把词取出来。每个词只检查一次，结果自然不会重复。"],
        "scaffold": '''found = []                                   # 放 (位置, 词)
for w in words:
    if w in ___:                             # 这个违规词在文案里吗？
        found.append((text.find(w), w))      # text.find(w) 是它第一次出现的位置
found = ___(found)                           # 用 sorted() 排序：先比位置，从前到后
result = []
for position, w in found:
    result.append(___)                       # 只要词，不要位置
return result'''},
    7: {"answer": "answer_review_deadline", "check": ["q7"], "hints": [
        "评价期限从哪个时间点开始算？要加多少天？",
        "交易成功之后 15 天内可以评价（30 天是修改中评、差评的期限）：把交易成功时间加上天数，"
        "写成 \"2025-07-01 15:00\" 这样的字符串。"]},
    8: {"answer": "answer_size_range", "check": ["q8"], "hints": [
        "在推荐器里设好身高和版型偏好，把体重滑块从现在的体重往大拖、再往小拖，看推荐的尺码在哪里变。",
        "正好落在尺码表分界值上的体重按大一号算，所以最重的体重比分界值小 1；身高也会决定尺码，"
        "往小拖时尺码可能一直不变，直到尺码表的最小体重。"]},
    9: {"answer": "answer_fits", "check": ["q9"], "hints": [
        "抓住每句描述的关键：贴身收腰，上下一样宽，还是很宽大、活动自如。",
        "修身贴合身体曲线；直筒上下宽度接近、不收腰；宽松留有很多活动空间。"]},
}
