"""Chapter 6: the numbers of each student's own questions (see course/exercises/__init__.py)."""

import random
from collections import namedtuple

from course.rules import RULES

_T = RULES.timeouts

# 练习 1: a bouquet, the accessory that arrives broken (the line refunded) and a last
# accessory (the line that takes the rounding remainder). The prices (text, as the
# question prints them) are the shop's catalogue prices (data/products.csv).


def _item(sku: str, name: str, price: str, unit: str) -> dict:
    return {"sku": sku, "name": name, "price": price, "unit": unit}


BOUQUETS = [_item("HF008", "康乃馨百合混搭花束", "159", "束"), _item("HF004", "粉玫瑰 11 枝花束", "149", "束"),
            _item("HF015", "绣球花束", "149", "束"), _item("HF005", "香槟玫瑰混搭花束", "169", "束"),
            _item("HF022", "商务桌花", "168", "份"), _item("HF002", "红玫瑰 19 枝花束", "199", "束")]
BROKEN = [_item("HF029", "小熊公仔", "35", "个"), _item("HF026", "玻璃花瓶", "29", "个"),
          _item("HF030", "巧克力礼盒", "59", "盒")]
EXTRAS = [_item("HF028", "鲜花营养液", "9.90", "包"), _item("HF027", "手写贺卡", "5.00", "张")]

# 练习 2: 价保 of two single-product orders paid with a 满 200 减 coupon. The difference is
# what the buyer paid minus what the same order costs today under the same conditions (the
# same coupon, if today's total still reaches its threshold). In the first order ("kept")
# today's total still reaches 200, so the coupon applies again and the difference is the
# price drop times the quantity (comparing the paid price per unit with the new price is
# wrong here); in the second ("lost") it no longer does, so the buyer gets less than the
# price drop times the quantity (assuming the coupon still applies is wrong there).
COUPON_AT = 200


def _order(sku: str, name: str, unit: str, price: int, qty: int, minus: int, drop: int) -> dict:
    return {"sku": sku, "name": name, "unit": unit, "price": price, "qty": qty, "minus": minus,
            "paid": price * qty - minus, "new_price": price - drop}


_KEPT = [("HF004", "粉玫瑰 11 枝花束", "束", 149), ("HF001", "红玫瑰 11 枝花束", "束", 139),
         ("HF005", "香槟玫瑰混搭花束", "束", 169), ("HF015", "绣球花束", "束", 149)]
_LOST = [("HF007", "康乃馨 19 枝花束", "束", 109), ("HF006", "白玫瑰 9 枝花束", "束", 119),
         ("HF012", "向日葵毕业花束", "束", 119), ("HF014", "郁金香 10 枝", "束", 128),
         ("HF013", "满天星大花束", "束", 79), ("HF011", "向日葵 5 枝花束", "束", 89)]
KEPT = [_order(sku, name, unit, price, qty, minus, drop)
        for sku, name, unit, price in _KEPT for qty in (2, 3, 4) for minus in (10, 15, 20, 30)
        for drop in (10, 15, 20, 25, 30) if (price - drop) * qty >= COUPON_AT]
LOST = [_order(sku, name, unit, price, qty, minus, drop)
        for sku, name, unit, price in _LOST for qty in (2, 3) for minus in (10, 15, 20)
        for drop in range(10, price // 4 + 1) if price * qty >= COUPON_AT > (price - drop) * qty
        and (price - drop) % 5 in (0, 4)]

# 练习 3, 5, 7, 8 are about real rows of the learner's own shop data: the question cell
# and the hidden test both call the functions below, which pick the rows from the
# learner's variant (``course.data.load``) with the learner's own ``pick`` (a seed), so
# classmates see different refunds, reviews and chats. They choose cases, never answers.
#: Seeds of the case pickers (the public variant uses 0).
PICKS = tuple(range(1, 5000))
_FMT = "%Y-%m-%d %H:%M"
#: Refund states in which the seller has agreed to a 退货退款 or 换货 (a later state).
_AGREED = ("SUCCESS", "WAIT_BUYER_RETURN_GOODS", "WAIT_SELLER_CONFIRM_GOODS")
#: 练习 7: the moments a learner's question is asked at: days on which the shop's reviews
#: hold at least six of each kind the question needs (reviews exist up to 2025-06-30 20:44).
NOWS = ["2024-09-30 20:00", "2024-11-05 20:00", "2024-12-15 20:00", "2025-03-20 20:00",
        "2025-03-25 20:00", "2025-04-05 20:00", "2025-06-20 20:00", "2025-06-25 20:00",
        "2025-06-30 20:00"]
#: 练习 8: what the picked buyer lines are about (``course.autoreply`` topics), one line each.
LINE_TOPICS = ("花材蔫了", "少件", "包装破损", "退款", "新鲜度")
#: 练习 8: a 包装破损 line is shown only when it reports damage that has happened.
DAMAGE_WORDS = ("压坏", "压扁了", "烂了")


def _time(value) -> str:
    return f"{value:{_FMT}}"


_Refund = namedtuple("_Refund", "refund_id order_id sku type reason amount status applied_at responded_at")


def refund_tickets() -> list[dict]:
    """Every refund of the learner's shop data as the 售后工作台 shows it (times to the
    minute; ``shipped``/``responded`` empty when the order had not shipped / nobody answered)."""
    import pandas as pd

    from course import data

    refunds, orders = data.load("refunds"), data.load("orders")
    products = data.load("products")
    # plain lists: iterating the columns themselves boxes every value (many times slower)
    names = dict(zip(products["sku"].tolist(), products["name"].tolist(), strict=True))
    shipped = dict(zip(orders["order_id"].tolist(), orders["shipped_at"].tolist(), strict=True))
    tickets = []
    refunds = refunds.sort_values("refund_id")
    fields = ("refund_id", "order_id", "sku", "type", "reason", "amount", "status", "applied_at",
              "responded_at")
    for row in map(_Refund._make, zip(*(refunds[c].tolist() for c in fields), strict=True)):
        sent = shipped.get(row.order_id)
        sent = sent if sent is not None and pd.notna(sent) and sent <= row.applied_at else None
        tickets.append({
            "refund_id": row.refund_id, "order_id": row.order_id,
            "name": names.get(row.sku, row.sku), "kind": row.type, "reason": row.reason,
            "amount": f"{row.amount:.2f}", "status": row.status,
            "applied": _time(row.applied_at), "shipped": _time(sent) if sent is not None else "",
            "responded": _time(row.responded_at) if pd.notna(row.responded_at) else "",
        })
    return tickets


def _shown(ticket: dict) -> dict:
    """A ticket without what the question does not show (the refund's later status)."""
    return {key: value for key, value in ticket.items() if key != "status"}


def silent_refunds() -> dict:
    """练习 3: a 仅退款 and a 退货退款/换货 of shipped orders, in the learner's order."""
    from course import variants

    p = variants.params("ch06.q3")
    tickets = refund_tickets()
    only = [t for t in tickets if t["kind"] == "仅退款" and t["shipped"]]
    back = [t for t in tickets if t["kind"] != "仅退款" and t["shipped"]]
    rng = random.Random(p["pick"])
    cases = [_shown(rng.choice(only)), _shown(rng.choice(back))]
    if p["back_first"]:
        cases.reverse()
    return {"cases": cases}


def agreed_return() -> dict:
    """练习 5: a 退货退款 or 换货 the seller agreed to, some hours after the agreement."""
    from datetime import datetime, timedelta

    from course import variants
    from course.datagen import SNAPSHOT

    p = variants.params("ch06.q5")
    last = SNAPSHOT - timedelta(days=6)
    pool = [t for t in refund_tickets() if t["kind"] != "仅退款" and t["shipped"]
            and t["status"] in _AGREED and t["responded"]
            and datetime.strptime(t["responded"], _FMT) <= last]
    case = _shown(random.Random(p["pick"]).choice(pool))
    now = datetime.strptime(case["responded"], _FMT) + timedelta(hours=p["hours"])
    return {"case": case, "now": f"{now:{_FMT}}"}


def _listing(rows: dict[str, str]) -> str:
    return "\n".join(f"- **{letter}.** {text}" for letter, text in rows.items())


def _dated_reviews(now) -> list[dict]:
    """The reviews written by ``now`` whose trade finished, by time, with their ages (days)
    since the review and since the trade's success."""
    import numpy as np

    from course import data

    reviews, orders = data.load("reviews"), data.load("orders")
    reviews = reviews.sort_values(["created_at", "order_id"])
    # Plain lists and numpy: iterating the columns and subtracting Timestamps one by one
    # is many times slower. Each review's order is its row of ``orders`` (the last, as a
    # dict of them keeps it).
    row_of = {order_id: k for k, order_id in enumerate(orders["order_id"].tolist())}
    at = np.array([row_of.get(o, -1) for o in reviews["order_id"].tolist()], dtype=np.int64)
    finished = orders["finished_at"].to_numpy()
    done = np.where(at >= 0, finished[at] if len(finished) else np.datetime64("NaT"),
                    np.datetime64("NaT"))
    created = reviews["created_at"].to_numpy()
    moment = now.to_datetime64()
    keep = np.flatnonzero((at >= 0) & ~np.isnat(done) & ~(created > moment))
    day = np.timedelta64(1, "D")
    ages = ((moment - created[keep]) / day).tolist()
    done_ages = ((moment - done[keep]) / day).tolist()
    finished_at = orders["finished_at"].tolist()
    columns = [reviews[c].tolist() for c in ("order_id", "rating", "text", "created_at")]
    rows = []
    for k, age, done_age in zip(keep.tolist(), ages, done_ages, strict=True):
        order_id, rating, text, created_at = (column[k] for column in columns)
        rows.append({"order_id": order_id, "rating": rating, "text": text,
                     "finished": finished_at[at[k]], "created": created_at,
                     "age": age, "done_age": done_age})
    return rows


def reviews_to_change() -> dict:
    """练习 7: five reviews of the learner's shop as of ``now``: a 中评/差评 from the last two
    weeks, one from 16–29 days ago whose trade finished more than 31 days ago, another from
    the last four weeks, one from 33–60 days ago and a 好评 from the last four weeks (a day
    away from every limit a mistaken reading uses: 15 or 30 days, from the review or the
    trade's success)."""
    import pandas as pd

    from course import variants

    p = variants.params("ch06.q7")
    now = pd.Timestamp(p["now"])
    rows = _dated_reviews(now)
    bad = [r for r in rows if r["rating"] != "好评"]
    rng = random.Random(p["pick"])
    picked: list[dict] = []

    def take(pool: list[dict]) -> None:
        pool = [r for r in pool if r not in picked]
        picked.append(rng.choice(pool))

    take([r for r in bad if 2 <= r["age"] <= 13])
    take([r for r in bad if 16 <= r["age"] <= 29 and r["done_age"] > 31])
    take([r for r in bad if 2 <= r["age"] <= 29])
    take([r for r in bad if 33 <= r["age"] <= 60])
    take([r for r in rows if r["rating"] == "好评" and 2 <= r["age"] <= 29])
    rng.shuffle(picked)
    shown = {}
    for letter, r in zip("ABCDE", picked, strict=True):
        shown[letter] = {"order_id": r["order_id"], "rating": r["rating"], "text": r["text"],
                         "finished": _time(r["finished"]), "created": _time(r["created"])}
    listing = _listing({letter: f"{r['rating']}「{r['text']}」，订单 {r['order_id']}，"
                                f"交易成功 {r['finished']}，评价时间 {r['created']}"
                        for letter, r in shown.items()})
    return {"now": f"{now:{_FMT}}", "reviews": shown, "listing": listing}


def _line_pools() -> dict[str, list[dict]]:
    """练习 8's candidates: topic of ``LINE_TOPICS`` → the buyer lines that ask about it alone
    (and, for 新鲜度 and 包装破损, say what the question needs), by time."""
    from course import autoreply, data

    messages = data.load("messages")
    buyer = messages.loc[messages["sender"] == "buyer"].sort_values(["sent_at", "session_id"])
    pools: dict[str, list[dict]] = {topic: [] for topic in LINE_TOPICS}
    # plain lists: iterating the columns themselves boxes every value (many times slower)
    for session_id, sent_at, text in zip(
            *(buyer[c].tolist() for c in ("session_id", "sent_at", "text")), strict=True):
        asked = [t for t in autoreply.topics_of(text) if t != "问候"]
        if len(asked) == 1 and asked[0] in pools:
            if asked[0] == "新鲜度" and "蔫" not in text and "焉" not in text:
                continue
            if asked[0] == "包装破损" and not any(word in text for word in DAMAGE_WORDS):
                continue  # a demand before delivery (「压扁一点我都会拒收」) reports no damage
            pools[asked[0]].append({"session_id": session_id, "sent": _time(sent_at),
                                    "text": text})
    return pools


def buyer_lines() -> dict:
    """练习 8: five buyer lines of the learner's chats, one about each of ``LINE_TOPICS``
    (the 新鲜度 one says 蔫 too: a buyer asking before buying; the 包装破损 one reports damage
    that has happened, never a demand made before delivery)."""
    from course import variants

    p = variants.params("ch06.q8")
    pools = _line_pools()
    rng = random.Random(p["pick"])
    picked = [rng.choice(pools[topic]) for topic in LINE_TOPICS]
    rng.shuffle(picked)
    shown = dict(zip("ABCDE", picked, strict=True))
    listing = _listing({letter: f"会话 {line['session_id']}，{line['sent']}，买家：「{line['text']}」"
                        for letter, line in shown.items()})
    return {"lines": shown, "listing": listing}


# 练习 6: the period of the refunds (applied_at, both days included) and the cumulative share.
# Winter windows around 春节: deliveries are late then, so the period's Pareto differs from the
# whole year's (which flowers withering leads), and ignoring the period changes the answer.
PERIODS = [("2024-12-01", "2025-02-28"), ("2025-01-01", "2025-02-28"),
           ("2024-11-01", "2025-02-28"), ("2025-01-01", "2025-03-31"),
           ("2024-12-01", "2025-03-31"), ("2024-11-01", "2025-01-31"),
           ("2024-11-01", "2025-03-31"), ("2024-10-01", "2025-02-28")]

PARAMS = {
    # 练习 1: 部分退款 of the broken accessory; the coupon is always reached
    "q1": {"bouquet": (BOUQUETS[0], BOUQUETS),
           "broken": (BROKEN[0], BROKEN),
           "extra": (EXTRAS[0], EXTRAS),
           "at": (200, (100, 120, 150, 180)),
           "minus": (15, (8, 10, 12, 15, 18, 20))},
    # 练习 2: 价保 of two orders: the coupon still reached today, and no longer reached
    "q2": {"kept": (_order("HF004", "粉玫瑰 11 枝花束", "束", 149, 2, 20, 20), KEPT),
           "lost": (_order("HF014", "郁金香 10 枝", "束", 128, 2, 20, 29), LOST)},
    # 练习 3: which refunds (a 仅退款 and a 退货退款/换货) and which comes first
    "q3": {"pick": (0, PICKS), "back_first": (False, (False, True))},
    # 练习 5: the agreed 退货退款/换货 and how many hours after the agreement "now" is
    "q5": {"pick": (0, PICKS), "hours": (50, tuple(range(26, 141)))},
    # 练习 6: 帕累托 over a period, up to a cumulative share (%)
    "q6": {"period": (PERIODS[0], PERIODS),
           "cutoff": (80, (60, 65, 70, 75, 80, 85, 90))},
    # 练习 7: when the question is asked, and which reviews
    "q7": {"now": (NOWS[-1], NOWS), "pick": (0, PICKS)},
    # 练习 8: which buyer lines
    "q8": {"pick": (0, PICKS)},
}

#: The lesson's sentences that state a rule value (tests/course/test_rules_in_lessons.py).
RULE_TEXT = {
    "timeouts.refund_unshipped_silent_hours": ["未发货 {} 小时", "| 卖家 | {} 小时 |",
                                               "未发货的订单要在 {} 小时内处理"],
    "timeouts.refund_shipped_silent_days": ["已发货 {} 天", "| 卖家 | {} 天 |",
                                            "已发货的订单 {} 天不处理就视为同意",
                                            "已发货的订单要在 {} 天内处理"],
    "timeouts.buyer_return_days": ["等待买家退货——{} 天", "卖家同意后 {} 天", "买家退货 {} 天",
                                   "请在 {} 天内寄回", "卖家同意后 {} 天内买家不寄回"],
    "timeouts.seller_confirm_return_days": ["等待卖家确认收货——{} 天", "卖家确认收货 {} 天",
                                            "| 卖家 | {} 天 | 自动退款",
                                            "卖家 {} 天内不处理，系统会自动退款"],
    "timeouts.review_window_days": ["交易成功后 {} 天内可以评价"],
    "timeouts.review_change_days": ["买家可在 {} 天内把中评、差评修改一次",
                                    "可以在 {} 天内更新一下评价",
                                    "买家在评价后 {} 天内可以把中评、差评修改一次"],
    "timeouts.follow_up_review_days": ["{} 天内可以追评"],
}

#: Formative feedback per exercise (course/coach.py): what 练习N.check() evaluates (the main
#: case), the hints, and for data and function items the scaffold the answer cell starts from.
EXERCISES = {
    1: {"answer": "answer_partial_refund", "check": ["q1"], "hints": [
        "优惠券是整单的优惠，要先按三件商品的标价比例分给每一行，破损那一行退的是分到优惠之后的实付。",
        "破损件分到的优惠 = 券面额 × 破损件标价 ÷ 三件标价之和，四舍五入到分；应退 = 破损件标价 − 它分到的优惠。"
        "也可以用 promotions.quote(购物车, {\"coupon\": {\"at\": 门槛, \"minus\": 面额}}) 验算，看第二行的 paid。"]},
    2: {"answer": "answer_price_difference", "check": ["q2"], "hints": [
        "按今天的促销价、同样的数量，把两单各“再买一次”：今天的金额还够不够 200 元的门槛？",
        "够门槛的照样减掉那张券，不够的券用不了；补差 = 当时实付 − 今天应付，整单算，不要只算一束。"],
        "scaffold": '''# 练习2["kept"]（王女士）和 练习2["lost"]（李先生）都是一单的信息，键有：
# price 标价、qty 数量、minus 券的面额、paid 当时实付、new_price 今天的促销价
def today_pays(order):
    """今天按促销价、同样的数量再买一次要付多少。"""
    amount = order[___] * order["qty"]      # 今天的促销价 × 同样的数量
    if amount >= ___:                        # 够不够券的门槛？
        return amount - order[___]           # 够：照样用这张券
    return amount                            # 不够：券用不了

q2 = (float(练习2["kept"]["paid"] - today_pays(练习2["kept"])),
      float(练习2["lost"]["paid"] - today_pays(练习2["lost"])))'''},
    3: {"answer": "answer_shipped_silence", "check": ["q3"], "hints": [
        "先看每一笔是「仅退款」，还是要把商品寄回来的「退货退款」「换货」。",
        f"两笔都已发货：卖家 {_T.refund_shipped_silent_days} 天不处理就视为同意。"
        "仅退款同意后直接退款成功；退货退款、换货同意后，要先等买家把商品寄回来。对照“退款流程与时限”表的第二行。"]},
    4: {"answer": "answer_refund_deadline", "check": [
        "refund_deadline('退货退款', True, 'WAIT_SELLER_AGREE', pd.Timestamp('2025-06-20 10:00'))",
        "refund_deadline('退货退款', True, 'WAIT_BUYER_RETURN_GOODS', pd.Timestamp('2025-06-22 09:00'))"],
        "hints": [
        "每种状态的时限都从进入这个状态的时间 since 算起；等待卖家同意时，还要看订单发没发货。",
        f"对照“退款流程与时限”表：等待卖家同意，未发货 {_T.refund_unshipped_silent_hours} 小时、"
        f"已发货 {_T.refund_shipped_silent_days} 天；等待买家退货 {_T.buyer_return_days} 天；"
        f"等待卖家确认收货 {_T.seller_confirm_return_days} 天；其他状态没有时限，返回 None。"
        "用 since + pd.Timedelta(hours=…) 或 pd.Timedelta(days=…)。"],
        "scaffold": f'''if state == "WAIT_SELLER_AGREE":
    if shipped:
        return since + pd.Timedelta(days=___)     # 已发货
    return since + pd.Timedelta(hours=___)        # 未发货
if state == ___:
    return since + pd.Timedelta(days={_T.buyer_return_days})
if state == "WAIT_SELLER_CONFIRM_GOODS":
    return since + pd.Timedelta(days=___)
return ___                                        # 其他状态没有时限'''},
    5: {"answer": "answer_agreed_return", "check": ["q5", "pd.Timestamp(q5_deadline).floor('min')"],
        "hints": [
        "卖家已经同意了退货（换货）。这时商品还在谁手里？下一步该谁动？",
        "下一步是买家寄回商品，时限从卖家同意的时间算起，不是从买家申请或“现在”算起，天数看“退款流程与时限”表。"
        "在流程助手里选好类型、勾选已发货、选「等待买家退货」、进入时间填卖家同意的时间，就能看到截止时间。"]},
    6: {"answer": "answer_pareto_reasons", "check": ["q6"], "hints": [
        "三步：只留题目时间段内、状态为 SUCCESS 的退款；按原因数笔数，从多到少；从第一项开始累加占比，"
        "直到第一次达到题目的百分比。",
        "value_counts() 数出的笔数已经从多到少排好；sum() 是总笔数。"
        "逐个看原因：前面几项的累计占比还没到百分比，这一项就要；它也可能正是刚好达到（或超过）的那一项。"
        "百分比要先变成小数再和占比比较。"],
        "scaffold": '''# 练习6["period"] 是（开始日期, 结束日期），练习6["cutoff"] 是百分比（80 表示 80%）
start, end = 练习6["period"]
in_period = (refunds["applied_at"] >= start) & (refunds["applied_at"] < pd.Timestamp(end) + pd.Timedelta(days=1))
success = refunds["status"] == ___
counts = refunds[in_period & success][___].value_counts()   # 每个原因的笔数，从多到少
total = counts.___()                                         # 总笔数
q6 = []
so_far = 0                                  # 前面几项加起来的笔数
for reason, n in counts.items():            # 从笔数最多的原因开始，逐个看
    if so_far / total < ___:                # 前面几项的累计占比还没达到百分比：这一项也要
        q6.append(reason)
    so_far = so_far + n'''},
    7: {"answer": "answer_review_change", "check": ["q7"], "hints": [
        "对每一条问两件事：它是中评、差评吗？从评价时间到“现在”过了多少天？",
        f"好评不能改；中评、差评从评价时间起 {_T.review_change_days} 天内可以改一次。从“评价时间”算，"
        f"不是从“交易成功”算；{_T.review_window_days} 天是给出评价的期限，不是改评的期限。"]},
    8: {"answer": "answer_responsibility", "check": ["q8"], "hints": [
        "逐句想：买家说的是已经发生的问题，还是下单前的提问？说清了是什么问题吗？",
        "花蔫了、少发了、花盒压坏了，都是商品或运输途中的问题，由店铺先补救（压坏的再向快递索赔）。"
        "只说“要退款”、没说原因的，要先问清原因；问“会不会蔫”的是下单前的提问，还没出问题。"]},
    9: {"answer": "answer_checker_best", "check": ["q9"], "hints": [
        "把三条回复都交给 replies.review_reply，比一比结果里的建议得分。",
        "replies.review_reply(练习9.shown[\"A\"]).score 是 A 的建议得分；B、C 也这样算，取最大的那个字母。"]},
}
