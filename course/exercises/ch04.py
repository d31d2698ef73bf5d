"""Chapter 4: the numbers of each student's own questions (see course/exercises/__init__.py).

Questions whose numbers must fit together (a threshold the subtotal reaches, a cart and
the targets a plan can meet) draw one ``case`` dict; the question cell shows its fields.
练习 1 and 2 show chats of the shop data (``course.datagen`` plants the chats of
``course.chatscripts`` in every variant):
:func:`chat` and :func:`reception_chat` render them as the question cells show them.
"""

import math
from functools import lru_cache
from itertools import permutations, product

import pandas as pd

from course import chatscripts
from course.rules import RULES

#: 练习 1's options (canonical letter → customer type); the hidden test reads them too.
TYPE_OPTIONS = {"A": "理智型", "B": "冲动型", "C": "犹豫型", "D": "挑剔型", "E": "砍价型", "F": "沉默型"}
#: 练习 2's options (canonical letter → reception step), not in the steps' order.
STEP_OPTIONS = {"A": "订单确认", "B": "礼貌告别", "C": "挖掘需求", "D": "进门问好", "E": "促成订单",
                "F": "备注交接", "G": "推荐产品", "H": "正面评价引导"}


def _openers(kind: str) -> list[str]:
    return [lines[0][1] for lines in chatscripts.BUYER_TYPE_CHATS[kind]]


def _type_chat_sets() -> list[tuple[str, ...]]:
    """练习 1: four chats (named by the buyer's first line) in any order: a 理智型, a 挑剔型
    and a 砍价型 buyer, whom beginners mix up (asking for facts is not being picky; naming a
    rival's price to get a discount is not comparing facts), and one of the other three."""
    others = _openers("犹豫型") + _openers("冲动型") + _openers("沉默型")
    return [order for four in product(_openers("理智型"), _openers("挑剔型"), _openers("砍价型"),
                                      others)
            for order in permutations(four)]


@lru_cache(maxsize=4)
def _chat_book(_version: tuple[str, str]) -> tuple[list[tuple[str, str]], dict[str, list]]:
    """The shop's chats once per process and data version (``data.shop_version``): the
    sessions that have a buyer line, by start time, with the buyer's first line; and each
    session's messages as (sender, text) in file order."""
    from course import data

    messages = data.load("messages")
    said: dict[str, list[tuple[str, str]]] = {}
    first: dict[str, str] = {}
    for session, sender, text in zip(*(messages[c].tolist() for c in ("session_id", "sender", "text")),
                                     strict=True):
        said.setdefault(session, []).append((sender, text))
        if sender == "buyer" and session not in first:
            first[session] = text
    sessions = data.load("sessions").sort_values(["started_at", "session_id"])
    openers = [(s, first[s]) for s in sessions["session_id"].tolist() if s in first]
    return openers, said


def _sessions_opening_with(lines: set[str]) -> list[str]:
    """The sessions whose buyer opens with one of ``lines``, by start time."""
    from course import data

    return [session for session, text in _chat_book(data.shop_version())[0] if text in lines]


def _render(session_id: str, title: str) -> str:
    from course import data

    session = data.load("sessions").set_index("session_id").loc[session_id]
    nick = data.load("customers").set_index("buyer_id").loc[session["buyer_id"], "nick"]
    agent = data.load("agents").set_index("agent_id").loc[session["agent_id"], "name"]
    start = session["started_at"]
    lines = [f"**{title}**（{start.month} 月 {start.day} 日 {start:%H:%M}，买家「{nick}」，"
             f"客服{agent}）", ""]
    for sender, text in _chat_book(data.shop_version())[1].get(session_id, []):
        who = {"buyer": "买家", "agent": "客服", "auto": "自动回复"}[sender]
        lines.append(f"- {who}：{text}")
    return "\n".join(lines)


def chat(opener: str, number: int) -> str:
    """练习 1: the chat whose buyer opens with ``opener``, as Markdown (聊天 ``number``)."""
    return _render(_sessions_opening_with({opener})[0], f"聊天 {number}")


def buyer_lines(opener: str) -> list[str]:
    """练习 1: what the buyer says in the chat that opens with ``opener``, line by line."""
    from course import data

    said = _chat_book(data.shop_version())[1].get(_sessions_opening_with({opener})[0], [])
    return [text for sender, text in said if sender == "buyer"]


def reception_sessions() -> list[str]:
    """练习 2: the reception chats of the shop data (each leaves out two steps), by time."""
    return _sessions_opening_with({opener for opener, _ in chatscripts.RECEPTION_CHATS})


def reception_chat(pick: int) -> tuple[str, str]:
    """练习 2: the student's reception chat: (session id, Markdown)."""
    sessions = reception_sessions()
    session_id = sessions[pick % len(sessions)]
    return session_id, _render(session_id, "聊天记录")

#: 商品名（数字两边留空格，和正文一致）与量词，用来写购物车。
_GOODS = {
    "HF001": ("红玫瑰 11 枝花束", "束"), "HF002": ("红玫瑰 19 枝花束", "束"),
    "HF003": ("红玫瑰 33 枝花束", "束"), "HF004": ("粉玫瑰 11 枝花束", "束"),
    "HF005": ("香槟玫瑰混搭花束", "束"), "HF006": ("白玫瑰 9 枝花束", "束"),
    "HF007": ("康乃馨 19 枝花束", "束"), "HF008": ("康乃馨百合混搭花束", "束"),
    "HF010": ("白百合 6 枝花束", "束"), "HF011": ("向日葵 5 枝花束", "束"),
    "HF012": ("向日葵毕业花束", "束"), "HF013": ("满天星大花束", "束"),
    "HF014": ("郁金香 10 枝", "束"), "HF015": ("绣球花束", "束"),
    "HF016": ("洋桔梗花束", "束"), "HF017": ("永生花玫瑰礼盒", "盒"),
    "HF018": ("永生花小熊摆件", "个"), "HF020": ("家居插花周花", "份"),
    "HF022": ("商务桌花", "份"),
    "HF026": ("玻璃花瓶", "个"), "HF027": ("手写贺卡", "张"),
    "HF028": ("鲜花营养液", "盒（5 包）"), "HF029": ("小熊公仔", "只"),
    "HF030": ("巧克力礼盒", "盒"),
}


def _q3_cases() -> list[dict]:
    """粉玫瑰 HF004（149 元）× qty, 单品宝每束减 per; 满就送「满 at 减 off」and the coupon
    「满 at 减 coupon」: the subtotal reaches ``at``, the price after 满减 does not, so
    testing the coupon on the wrong amount always gives a different answer."""
    cases = []
    for qty in (2, 3):
        for per in range(10, 41, 5):
            subtotal = (149 - per) * qty
            for off in (15, 20, 25, 30, 40):
                reach = [a for a in range(subtotal - off + 1, subtotal + 1) if a % 10 == 0]
                at = max((a for a in reach if a % 50 == 0), default=max(reach))
                for coupon in (5, 8, 12, 15, 20):  # never the 运费: 券 and 包邮 mistakes must differ
                    cases.append({"qty": qty, "per": per, "at": at, "off": off, "coupon": coupon})
    return cases


def _q6_case(skus: tuple[str, ...], rate: float, gift: str, gift_at: int, coupon_at: int,
             pay: int, margin: int) -> dict:
    """A cart of one flower and two add-ons, one unit each; a plan of 单品宝 on the flower
    and a 满就送 gift that the cart reaches; the coupon 满 ``coupon_at`` 减 Y is the student's
    to find: the smallest Y that brings 实付 to ``pay`` or less, the largest that keeps 毛利
    at ``margin`` or more (tests/course/test_sales_chapters.py checks there is room between
    them, and that forgetting the gift's cost or the 单品宝 changes the answer)."""
    return {"cart": tuple((sku, 1) for sku in skus),
            "goods": "、".join(f"{_GOODS[s][0]}（{s}）1 {_GOODS[s][1]}" for s in skus),
            "sku": skus[0], "name": _GOODS[skus[0]][0], "rate": rate, "zhe": f"{rate * 10:g}",
            "gift": gift, "gift_name": _GOODS[gift][0], "gift_at": gift_at,
            "coupon_at": coupon_at, "pay": pay, "margin": margin}


_Q6_CASES = [
    _q6_case(("HF002", "HF026", "HF027"), 0.9, "HF028", 200, 200, 198, 60),
    _q6_case(("HF008", "HF026", "HF028"), 0.9, "HF030", 150, 180, 165, 25),
    _q6_case(("HF011", "HF028", "HF029"), 0.95, "HF026", 120, 120, 113, 20),
    _q6_case(("HF002", "HF028", "HF029"), 0.8, "HF027", 200, 200, 194, 45),
    _q6_case(("HF006", "HF026", "HF030"), 0.9, "HF028", 150, 190, 186, 65),
    _q6_case(("HF002", "HF028", "HF030"), 0.8, "HF029", 200, 220, 215, 45),
    _q6_case(("HF016", "HF027", "HF029"), 0.95, "HF026", 130, 130, 123, 40),
    _q6_case(("HF016", "HF027", "HF029"), 0.9, "HF028", 120, 120, 120, 45),
    _q6_case(("HF003", "HF026", "HF030"), 0.8, "HF028", 350, 350, 332, 125),
    _q6_case(("HF012", "HF028", "HF029"), 0.9, "HF027", 150, 150, 137, 45),
    _q6_case(("HF002", "HF026", "HF028"), 0.9, "HF030", 200, 210, 201, 30),
    _q6_case(("HF011", "HF026", "HF030"), 0.85, "HF029", 150, 160, 150, 35),
    _q6_case(("HF016", "HF028", "HF029"), 0.9, "HF026", 130, 130, 116, 30),
    _q6_case(("HF006", "HF027", "HF028"), 0.9, "HF026", 120, 120, 112, 20),
    _q6_case(("HF010", "HF027", "HF029"), 0.85, "HF026", 140, 140, 134, 30),
    _q6_case(("HF003", "HF026", "HF027"), 0.85, "HF028", 300, 310, 303, 130),
    _q6_case(("HF001", "HF026", "HF028"), 0.95, "HF027", 150, 170, 152, 50),
    _q6_case(("HF010", "HF026", "HF029"), 0.9, "HF027", 150, 180, 168, 70),
    _q6_case(("HF002", "HF026", "HF028"), 0.9, "HF029", 200, 210, 208, 45),
    _q6_case(("HF007", "HF027", "HF029"), 0.95, "HF030", 140, 140, 134, 35),
    _q6_case(("HF006", "HF029", "HF030"), 0.8, "HF028", 150, 180, 176, 50),
    _q6_case(("HF010", "HF027", "HF028"), 0.95, "HF026", 130, 130, 118, 20),
    _q6_case(("HF006", "HF026", "HF029"), 0.9, "HF030", 150, 170, 158, 25),
    _q6_case(("HF008", "HF028", "HF029"), 0.85, "HF027", 150, 180, 170, 65),
    _q6_case(("HF005", "HF027", "HF030"), 0.9, "HF026", 200, 210, 199, 55),
    _q6_case(("HF018", "HF028", "HF030"), 0.8, "HF027", 200, 220, 208, 70),
    _q6_case(("HF011", "HF029", "HF030"), 0.85, "HF026", 150, 160, 154, 40),
    _q6_case(("HF017", "HF026", "HF029"), 0.95, "HF028", 300, 310, 308, 125),
    _q6_case(("HF015", "HF027", "HF030"), 0.9, "HF029", 150, 190, 185, 50),
    _q6_case(("HF004", "HF028", "HF030"), 0.85, "HF029", 150, 190, 181, 55),
    _q6_case(("HF006", "HF026", "HF030"), 0.85, "HF028", 150, 180, 170, 45),
    _q6_case(("HF004", "HF028", "HF030"), 0.8, "HF029", 150, 180, 175, 45),
    _q6_case(("HF003", "HF027", "HF029"), 0.8, "HF030", 300, 300, 288, 85),
    _q6_case(("HF004", "HF029", "HF030"), 0.95, "HF026", 200, 230, 224, 80),
    _q6_case(("HF018", "HF026", "HF027"), 0.95, "HF030", 200, 220, 204, 60),
    _q6_case(("HF006", "HF026", "HF030"), 0.95, "HF028", 200, 200, 193, 70),
    _q6_case(("HF007", "HF026", "HF028"), 0.85, "HF029", 130, 130, 120, 35),
    _q6_case(("HF011", "HF029", "HF030"), 0.95, "HF026", 150, 170, 161, 50),
    _q6_case(("HF015", "HF026", "HF030"), 0.9, "HF029", 200, 220, 206, 50),
    _q6_case(("HF004", "HF027", "HF029"), 0.85, "HF026", 150, 160, 147, 25),
    _q6_case(("HF003", "HF027", "HF030"), 0.8, "HF029", 300, 320, 308, 115),
    _q6_case(("HF018", "HF026", "HF030"), 0.85, "HF028", 250, 250, 242, 95),
    _q6_case(("HF004", "HF026", "HF027"), 0.8, "HF028", 150, 150, 135, 30),
    _q6_case(("HF016", "HF028", "HF030"), 0.8, "HF027", 140, 140, 137, 45),
    _q6_case(("HF010", "HF026", "HF030"), 0.95, "HF028", 200, 210, 199, 80),
    _q6_case(("HF001", "HF027", "HF030"), 0.85, "HF026", 150, 180, 174, 50),
    _q6_case(("HF003", "HF026", "HF027"), 0.8, "HF029", 250, 290, 281, 90),
    _q6_case(("HF015", "HF028", "HF029"), 0.95, "HF026", 150, 180, 167, 45),
    _q6_case(("HF007", "HF027", "HF029"), 0.9, "HF026", 130, 130, 124, 35),
]


#: 练习 7's events: the boss's 指定商品券 is for one category of one event, while a whole-shop
#: 满就送 runs (its threshold every candidate order reaches, its 减额 at least 10 元, so testing
#: the coupon's threshold after 满减 or forgetting 满减 in the 毛利 always changes the answer).
_COUPON_EVENTS = [
    {"event": "520 玫瑰专场", "start": "2027-05-18", "end": "2027-05-20", "category": "玫瑰花束",
     "at": 200, "off": 20},
    {"event": "情人节玫瑰季", "start": "2027-02-10", "end": "2027-02-14", "category": "玫瑰花束",
     "at": 150, "off": 15},
    {"event": "母亲节康乃馨周", "start": "2027-05-03", "end": "2027-05-09", "category": "康乃馨",
     "at": 150, "off": 15},
    {"event": "女神节百合专场", "start": "2027-03-06", "end": "2027-03-08", "category": "百合",
     "at": 100, "off": 10},
    {"event": "毕业季向日葵", "start": "2027-06-18", "end": "2027-06-30", "category": "向日葵",
     "at": 100, "off": 10},
    {"event": "圣诞永生花礼", "start": "2026-12-20", "end": "2026-12-25", "category": "永生花",
     "at": 300, "off": 30},
    {"event": "节后开业花篮季", "start": "2027-02-15", "end": "2027-02-28", "category": "花篮",
     "at": 300, "off": 30},
]


def _day(iso: str) -> str:
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{year} 年 {month} 月 {day} 日"


def coupon_orders(category: str, at: int, off: int, room: int) -> list[str]:
    """练习 7: the paid orders (by time) that make a fair case for a 指定商品券 on ``category``.

    Each has goods of the category and at least 10 元 of other goods (so a threshold taken
    from the whole order is one the category's goods cannot reach), at most 4 units, a
    subtotal that reaches the running 满就送 and the shop's 包邮, a threshold of whole tens
    above the coupon by 2 元 or more, and 毛利 left for a 毛利 floor of 10 元 or more."""
    from course import data

    products = data.load("products").set_index("sku")
    orders = data.load("orders")
    paid = orders[orders["paid_at"].notna()].sort_values(["created_at", "order_id"])
    items = data.load("order_items")
    items = items[items["order_id"].isin(paid["order_id"])]
    price, cost = products["price"], products["cost"]
    inside = items["sku"].map(products["category"]) == category
    amount = items["sku"].map(price) * items["qty"]
    table = pd.DataFrame({  # one grouping for the four sums
        "inside": amount.where(inside, 0), "outside": amount.where(~inside, 0),
        "cost": items["sku"].map(cost) * items["qty"], "units": items["qty"],
    }).groupby(items["order_id"]).sum()
    subtotal = table["inside"] + table["outside"]
    free_at = RULES.promotions.free_shipping_at
    fair = table[(table["inside"] // 10 * 10 >= room + 2) & (table["outside"] >= 10)
                 & (table["units"] <= 4) & (subtotal >= at)
                 & (subtotal >= (free_at if free_at is not None else 0))
                 & (subtotal - off - table["cost"] >= room + 10)]
    kept = set(fair.index.tolist())
    return [order for order in paid["order_id"].tolist() if order in kept]


def coupon_case(params: dict) -> dict:
    """练习 7: the boss's brief for a 指定商品券, from the student's own data and ``params``
    (``variants.params("ch04.q7")``): the event, a real order to try it on (the
    ``pick``-th fair one, :func:`coupon_orders`), the running 满就送 as ``base``, and the
    targets: 实付 at most ``pay`` and 毛利 at least ``margin`` (the largest coupon that keeps
    the 毛利 is ``room`` 元; the smallest that brings 实付 down is ``cut`` 元 or 1 more)."""
    from course import data, promotions

    event = params["event"]
    orders = coupon_orders(event["category"], event["at"], event["off"], params["room"])
    order_id = orders[params["pick"] % len(orders)]
    items = data.load("order_items")
    lines = items[items["order_id"] == order_id]
    cart = tuple((sku, int(qty)) for sku, qty in lines.groupby("sku", sort=False)["qty"].sum().items())
    names = data.load("products").set_index("sku")["name"]
    order = data.load("orders").set_index("order_id").loc[order_id]
    nick = data.load("customers").set_index("buyer_id").loc[order["buyer_id"], "nick"]
    base = {"threshold": {"by": "amount", "tiers": [{"at": event["at"], "minus": event["off"]}]}}
    before = promotions.quote(list(cart), base)
    created = order["created_at"]
    return {
        "cart": cart, "base": base, "category": event["category"],
        "pay": math.floor(before.total) - params["cut"],
        "margin": math.floor(before.margin) - params["room"],
        "total": params["total"], "per_person": params["per_person"],
        "start": event["start"], "end": event["end"],
        # shown in the question only
        "event": event["event"], "at": event["at"], "off": event["off"], "order": order_id,
        "nick": nick, "date": f"{created.year} 年 {created.month} 月 {created.day} 日",
        "goods": "、".join(f"{names[sku]}（{sku}）× {qty}" for sku, qty in cart),
        "start_text": _day(event["start"]), "end_text": _day(event["end"]),
    }


#: 练习 7's values a learner's code may read (the question cell shows the rest).
COUPON_VALUES = ("cart", "base", "category", "pay", "margin", "total", "per_person", "start", "end")


def coupon_of(answer: object) -> object:
    """练习 7: the coupon of an answer (``{"coupon": {...}}``, or the coupon itself)."""
    if isinstance(answer, dict) and isinstance(answer.get("coupon"), dict):
        return answer["coupon"]
    return answer


def coupon_summary(answer: object) -> object:
    """练习 7: what check() compares: the coupon's settings in one order, its SKUs sorted
    (the form lists them in any order); anything that is no coupon stays as it is."""
    coupon = coupon_of(answer)
    if not isinstance(coupon, dict):
        return coupon
    skus = coupon.get("skus")
    return (sorted(skus) if isinstance(skus, (list, tuple)) and
            all(isinstance(s, str) for s in skus) else skus,
            *(coupon.get(key) for key in ("at", "minus", "total", "per_person", "start", "end")),
            sorted(set(coupon) - {"skus", "at", "minus", "total", "per_person", "start", "end"}))


def _q10_case(sku: str) -> dict:
    return {"sku": sku, "name": _GOODS[sku][0]}


PARAMS = {
    # 练习 1: the four chats whose buyers the student classifies (their first lines)
    "q1": {"chats": ((_openers("犹豫型")[0], _openers("砍价型")[0], _openers("理智型")[0],
                      _openers("挑剔型")[0]), _type_chat_sets)},
    # 练习 2: which of the reception chats the student reads
    "q2": {"pick": (0, range(len(chatscripts.RECEPTION_CHATS) * len(chatscripts.RECEPTION_SKIPS)))},
    # 练习 3: 平行满减 — the whole case (cart, 单品宝, 满就送, 优惠券) is drawn together
    "q3": {"case": ({"qty": 2, "per": 20, "at": 250, "off": 25, "coupon": 12}, _q3_cases())},
    # 练习 5: the four plans shown as options (A: 单品宝, B: 搭配套餐, C: 上不封顶, D: 券 + 满就送).
    # A and B are compliant in half of the draws; C never is (上不封顶 with several tiers
    # or without 减钱); D always is (满就送和店铺券可以叠加).
    "q5": {
        "A": ('{"items": {"HF001": {"rate": 0.05}}}', [
            '{"items": {"HF001": {"rate": 0.05}}}', '{"items": {"HF007": {"rate": 0.08}}}',
            '{"items": {"HF001": {"price": 10}}}', '{"items": {"HF004": {"minus": 140}}}',
            '{"items": {"HF001": {"rate": 0.5}}}', '{"items": {"HF007": {"rate": 0.8}}}',
            '{"items": {"HF002": {"price": 99}}}', '{"items": {"HF004": {"minus": 100}}}']),
        "B": ('{"bundles": [{"skus": ["HF001", "HF027"], "price": 150}]}', [
            '{"bundles": [{"skus": ["HF001", "HF027"], "price": 150}]}',
            '{"bundles": [{"skus": ["HF001", "HF027"], "price": 144}]}',
            '{"bundles": [{"skus": ["HF001", "HF030"], "price": 198}]}',
            '{"bundles": [{"skus": ["HF002", "HF026"], "price": 238}]}',
            '{"bundles": [{"skus": ["HF001", "HF027"], "price": 139}]}',
            '{"bundles": [{"skus": ["HF001", "HF030"], "price": 179}]}',
            '{"bundles": [{"skus": ["HF002", "HF026"], "price": 218}]}',
            '{"bundles": [{"skus": ["HF007", "HF029"], "price": 129}]}']),
        "C": ('{"threshold": {"by": "amount", "tiers": [{"at": 100, "minus": 10}, '
              '{"at": 200, "minus": 30}], "no_cap": True}}', [
            '{"threshold": {"by": "amount", "tiers": [{"at": 100, "minus": 10}, '
            '{"at": 200, "minus": 30}], "no_cap": True}}',
            '{"threshold": {"by": "amount", "tiers": [{"at": 150, "minus": 15}, '
            '{"at": 300, "minus": 40}], "no_cap": True}}',
            '{"threshold": {"by": "amount", "tiers": [{"at": 200, "rate": 0.9}], "no_cap": True}}',
            '{"threshold": {"by": "qty", "tiers": [{"at": 2, "rate": 0.95}], "no_cap": True}}']),
        "D": ('{"coupon": {"at": 100, "minus": 10}, "threshold": {"by": "qty", '
              '"tiers": [{"at": 3, "rate": 0.9}]}}', [
            '{"coupon": {"at": 100, "minus": 10}, "threshold": {"by": "qty", '
            '"tiers": [{"at": 3, "rate": 0.9}]}}',
            '{"coupon": {"at": 150, "minus": 15}, "threshold": {"by": "qty", '
            '"tiers": [{"at": 2, "rate": 0.95}]}}',
            '{"coupon": {"at": 200, "minus": 20}, "threshold": {"by": "amount", '
            '"tiers": [{"at": 200, "minus": 20}]}}',
            '{"coupon": {"at": 99, "minus": 5}, "threshold": {"by": "qty", '
            '"tiers": [{"at": 2, "free_shipping": True}]}}']),
    },
    # 练习 6: the cart, the plan and the two targets the coupon is found for
    "q6": {"case": (_Q6_CASES[0], _Q6_CASES)},
    # 练习 7: the event (with its category and running 满就送), what the boss says of 发放量 and
    # 每人限领, the 毛利 the coupon may take (room) and the 实付 it must cut (cut < room), and
    # which fair order of the student's data the coupon is tried on (coupon_case)
    "q7": {"event": (_COUPON_EVENTS[0], _COUPON_EVENTS), "total": (300, [100, 200, 300, 500, 1000]),
           "per_person": (1, [1, 2, 3]), "room": (25, [20, 25, 30, 35, 40]),
           "cut": (10, [5, 8, 10, 12, 15]), "pick": (0, range(8))},
    # 练习 10: the product whose most frequent companion is asked for
    "q10": {"case": (_q10_case("HF002"), [_q10_case(s) for s in (
        "HF002", "HF003", "HF004", "HF006", "HF007", "HF008", "HF012", "HF013", "HF015",
        "HF017", "HF020", "HF022")])},
}

#: The lesson's sentences that state a rule value (see tests/course/test_rules_in_lessons.py):
#: a teacher who changes one in RULES is told which sentences to rewrite.
RULE_TEXT = {
    "promotions.min_discount": ["（默认1折，即{}）"],
    "promotions.coupon_per_person_max": ["课程表单 1～{} 张"],
    "promotions.free_shipping_at": ["店铺常设“满{}元包邮”", "小计满{}元包邮", "这单也已经满{}包邮啦",
                                    "这单满{}已包邮"],
    "promotions.shipping_fee": ["就加{}元运费", "就要另加{}元运费"],
    "kpi.first_response_s": ["首次响应不超过{}秒"],
}

#: Formative feedback per exercise (course/coach.py): what 练习N.check() evaluates (the main
#: case; hidden tests grade the edge cases), the hints, and the scaffold that the released
#: answer cell starts from (data and function items).
EXERCISES = {
    1: {"answer": "answer_customer_types", "check": ["q1"], "hints": [
        "一段一段读：这位买家说得最多、最在意的是什么？问事实和参数是一类，挑细节毛病是一类，"
        "开口就要便宜又是一类。",
        "对照客户类型表：问等级、保鲜期、尺寸，要对比性价比 → 理智型；对颜色、包装、瑕疵提一堆要求 → 挑剔型；"
        "拿别家的价格压价、要抹零 → 砍价型；拿不定主意、说“再想想” → 犹豫型；看中就拍 → 冲动型；"
        "一两个字回答 → 沉默型。"]},
    2: {"answer": "answer_reception_gaps", "check": ["q2"], "hints": [
        "把客服的每一句对到八步中的一步上：问好、问需求、推荐、催下单、核对信息、请评价、写备注、告别。"
        "没有对上的步骤就是漏掉的，一般不止一步。",
        "核对订单信息（收花人、地址、时间、贺卡）和把要求写进备注交接给同事是两步，别当成一步。"
        "代码里 said.str.contains(词) 看客服的每一句里有没有这个词，.sum() 数出有几句有。"],
        "scaffold": '''messages = data.load("messages")
# 这段聊天里客服说的每一句（sender 列："buyer" 是买家，"agent" 是客服，"auto" 是自动回复）
said = messages.loc[(messages["session_id"] == 练习2["session"]) & (messages["sender"] == ___), "text"]
# 每一步客服会说到的词
signs = {"进门问好": "欢迎光临", "挖掘需求": "预算", "推荐产品": "推荐", "促成订单": "现在",
         "订单确认": "核对", "正面评价引导": "评价", "备注交接": "备注", "礼貌告别": "感谢"}
q2 = set()
for step, word in signs.items():
    found = said.str.contains(word).sum()   # 客服有几句话含这个词
    # 有几句含这个词时，说明客服漏了这一步？漏掉的步骤用 练习2.letter_of(步骤名) 换成字母
    if found == ___:
        q2.add(练习2.letter_of(___))'''},
    3: {"answer": "answer_parallel_threshold", "check": ["q3"], "hints": [
        "先算单品宝之后的小计（每束减的钱要乘以束数）；满就送、优惠券和包邮都拿这个小计去比门槛。",
        "可以把方案写成字典交给 promotions.quote(购物车, 方案)：单品宝 {\"HF004\": {\"minus\": 每束减的钱}}，"
        "满就送 {\"by\": \"amount\", \"tiers\": [{\"at\": 门槛, \"minus\": 减额}]}，"
        "优惠券 {\"at\": 门槛, \"minus\": 面额}；"
        "结果的 .total 就是实付。"]},
    4: {"answer": "answer_split_discount", "check": ["split_discount([179.10, 5, 29], 30)",
                                                  "split_discount([120, 80, 45.5, 30], 25)"], "hints": [
        "除最后一行外，每行分到 优惠 × 这一行金额 ÷ 各行金额之和，四舍五入到分；最后一行拿“总优惠 − 前面各行之和”。",
        "用 Decimal(str(x)) 把每个数变成精确的小数，.quantize(Decimal(\"0.01\"), rounding=ROUND_HALF_UP) 四舍五入到分；"
        "values[:-1] 是除最后一行以外的各行。最后把每个结果用 float() 变回小数。"],
        "scaffold": '''cent = Decimal("0.01")
values = [Decimal(str(a)) for a in amounts]
total = sum(values)
reduction = Decimal(str(reduction))
# 除最后一行外，每行按金额占比分摊，四舍五入到分（0.005 进位）
shares = [(reduction * v / ___).quantize(cent, rounding=___) for v in values[___]]
# 最后一行拿尾差：总优惠减去前面各行分到的
shares.append(reduction - ___)
return [float(s) for s in shares]'''},
    5: {"answer": "answer_invalid_plans", "check": ["q5"], "hints": [
        "本节的三条规则：单品宝的折扣不能低于店铺最低折扣（1 折）；套餐价必须低于这些商品单买之和；"
        "“上不封顶”只能配单独一档减钱。逐个方案对照。",
        "也可以把每个方案交给 promotions.quote 试一试：不合规时会报 promotions.PlanError，"
        "用 try / except promotions.PlanError 接住它，记下这个方案的字母。"]},
    6: {"answer": "answer_coupon_range", "check": ["q6"], "hints": [
        "先不加券，在模拟器里看实付和毛利。券不改变小计，所以面额每多 1 元，实付和毛利都正好少 1 元。",
        "最小面额：没券时的实付比上限多出多少，向上取整到整数元；最大面额：没券时的毛利比下限多出多少，"
        "向下取整。毛利要减去送出的赠品的成本（模拟器的毛利已经减了）。"]},
    7: {"answer": "answer_scoped_coupon", "check": ["ex.coupon_summary(q7)"], "hints": [
        "先在表单里选「指定商品」，点「加入这个品类的全部商品」；试算区的提示会告诉你这些商品的小计，"
        "门槛就看它（其他商品不算，满就送减掉的钱也不扣），取不超过它的最大整十元。",
        "面额每多 1 元，毛利正好少 1 元：先看面额为 0 时试算区的毛利，比店主的下限多出多少，"
        "面额最多就取多少（向下取整），再看实付有没有降到上限以内。发放量、每人限领和有效期照店主说的填，"
        "别把发放量和每人限领填反。"],
        "scaffold": '''# 做法一（推荐）：在上面的表单里设好，把「复制为代码」框里的 q7 = {...}
# 粘贴过来，替换本单元格的全部代码。
# 做法二：用代码算，把下面的每个空都填上。
products = data.load("products")
skus = sorted(products.loc[products["category"] == 练习7["category"], "sku"])  # 指定商品：这个品类的每一件
before = promotions.quote(list(练习7["cart"]), 练习7["base"])                   # 还没有券时的这一单
inside = 0                                    # 参加券的商品的小计（满减之前）
for line in before.lines:
    if line.sku in skus:
        inside = inside + float(line.amount)
q7 = {"coupon": {
    "at": ___,                                # 不超过 inside 的最大整十元（// 10 * 10）
    "minus": ___,                             # 没有券时的毛利 before.margin 比下限多出多少（取整数）
    "skus": skus,
    "total": ___, "per_person": ___,          # 店主说的发放量、每人限领
    "start": ___, "end": ___}}                # 有效期：练习7["start"]、练习7["end"]'''},
    8: {"answer": "answer_bargain_reply", "check": ["q8"], "hints": [
        "好的议价回复有三步：先共情，再讲价值，最后给一个真实可用的替代方案。",
        "先排除三种：生硬拒绝、贬低别的店、私自改价。剩下的那句是不是三步都做到了？"]},
    9: {"answer": "answer_may_categories", "check": ["q9"], "hints": [
        "分三步：① 选出 5 月创建并且已经付款的订单；② 取出这些订单的商品行，接上商品的品类；"
        "③ 按品类把件数加起来，取最多的 3 个。",
        "5 月：created_at >= \"2025-05-01\" 并且 < \"2025-06-01\"；已付款：orders[\"paid_at\"].notna()。"
        "items[items[\"order_id\"].isin(...)] 取商品行，"
        ".merge(products[[\"sku\", \"category\"]], on=\"sku\") 接上品类，"
        "再 groupby(\"category\")[\"qty\"].sum()。"],
        "scaffold": '''# 5 月创建、已经付款的订单
may = orders[(orders["created_at"] >= "2025-05-01") & (orders["created_at"] < ___)
             & orders["paid_at"].___()]
# 这些订单的商品行，再接上每个商品的品类
sold = items[items["order_id"].isin(may[___])].merge(products[["sku", "category"]], on=___)
# 按品类把件数加起来，从大到小取前 3 个
q9 = sold.groupby(___)["qty"].sum().sort_values(ascending=False).head(3)'''},
    10: {"answer": "answer_bought_together", "check": ["q10"], "hints": [
        "只看已付款订单。先找出含有题目商品的订单，再数这些订单里其他商品各出现在几个订单里。",
        "paid_items[\"sku\"] == target 找到含题目商品的行，取它们的 order_id；"
        "再用 .isin() 取出这些订单里 sku 不等于 target 的行，"
        "[\"sku\"].value_counts() 数次数，.idxmax() 是次数最多的商品，.max() 是它的次数。"],
        "scaffold": '''target = 练习10["sku"]
# 只看已付款订单里的商品行
paid_items = items[items["order_id"].isin(orders.loc[orders["paid_at"].___(), "order_id"])]
# 含有题目商品的订单
with_target = paid_items.loc[paid_items["sku"] == ___, "order_id"]
# 这些订单里的其他商品，各出现在几个订单里
together = paid_items[paid_items["order_id"].isin(with_target) & (paid_items["sku"] != target)]
counts = together["sku"].value_counts()
# counts 的标签是商品编号、值是次数：.idxmax() 给出次数最多的标签，.max() 给出最多的次数
best = counts.___()          # 次数最多的商品编号，例如 "HF026"
times = int(counts.___())    # 它的次数（订单数），例如 12
q10 = (best, times)'''},
}
