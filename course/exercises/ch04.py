"""Chapter 4: the numbers of each student's own questions (see course/exercises/__init__.py).

Questions whose numbers must fit together (a threshold the subtotal reaches, a cart and
the targets a plan can meet) draw one ``case`` dict; the question cell shows its fields.
"""

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
                for coupon in (5, 8, 10, 12, 15, 20):
                    cases.append({"qty": qty, "per": per, "at": at, "off": off, "coupon": coupon})
    return cases


def _q6_case(skus: tuple[str, ...], pay: int, margin: int) -> dict:
    """A cart of one unit of each SKU; a plan can make the buyer pay ≤ ``pay`` (shipping
    included) and keep a margin ≥ ``margin`` (list price × 0.86 and 12–17 元 of room)."""
    return {"cart": tuple((sku, 1) for sku in skus),
            "goods": "、".join(f"{_GOODS[s][0]}（{s}）1 {_GOODS[s][1]}" for s in skus),
            "pay": pay, "margin": margin}


_Q6_CASES = [
    _q6_case(("HF002", "HF026", "HF027"), 200, 60), _q6_case(("HF002", "HF026", "HF028"), 200, 55),
    _q6_case(("HF002", "HF026", "HF029"), 220, 65), _q6_case(("HF001", "HF026", "HF030"), 190, 65),
    _q6_case(("HF001", "HF027", "HF028"), 130, 40), _q6_case(("HF001", "HF027", "HF029"), 150, 50),
    _q6_case(("HF003", "HF027", "HF030"), 330, 140), _q6_case(("HF003", "HF028", "HF029"), 320, 145),
    _q6_case(("HF003", "HF028", "HF030"), 340, 150), _q6_case(("HF004", "HF029", "HF030"), 200, 70),
    _q6_case(("HF004", "HF026", "HF027"), 150, 45), _q6_case(("HF004", "HF026", "HF028"), 160, 55),
    _q6_case(("HF005", "HF026", "HF029"), 200, 75), _q6_case(("HF005", "HF026", "HF030"), 220, 80),
    _q6_case(("HF005", "HF027", "HF028"), 150, 45), _q6_case(("HF006", "HF027", "HF029"), 130, 40),
    _q6_case(("HF006", "HF027", "HF030"), 150, 45), _q6_case(("HF006", "HF028", "HF029"), 140, 45),
    _q6_case(("HF007", "HF028", "HF030"), 150, 55), _q6_case(("HF007", "HF029", "HF030"), 170, 70),
    _q6_case(("HF007", "HF026", "HF027"), 120, 45), _q6_case(("HF008", "HF026", "HF028"), 170, 60),
    _q6_case(("HF008", "HF026", "HF029"), 190, 70), _q6_case(("HF008", "HF026", "HF030"), 210, 75),
    _q6_case(("HF010", "HF027", "HF028"), 120, 40), _q6_case(("HF010", "HF027", "HF029"), 140, 50),
    _q6_case(("HF010", "HF027", "HF030"), 160, 55), _q6_case(("HF011", "HF028", "HF029"), 110, 35),
    _q6_case(("HF011", "HF028", "HF030"), 130, 40), _q6_case(("HF011", "HF029", "HF030"), 150, 50),
    _q6_case(("HF012", "HF026", "HF027"), 130, 40), _q6_case(("HF012", "HF026", "HF028"), 130, 35),
    _q6_case(("HF012", "HF026", "HF029"), 150, 50), _q6_case(("HF014", "HF026", "HF030"), 180, 60),
    _q6_case(("HF014", "HF027", "HF028"), 120, 35), _q6_case(("HF014", "HF027", "HF029"), 140, 45),
    _q6_case(("HF015", "HF027", "HF030"), 180, 55), _q6_case(("HF015", "HF028", "HF029"), 160, 45),
    _q6_case(("HF015", "HF028", "HF030"), 180, 50), _q6_case(("HF016", "HF029", "HF030"), 160, 60),
    _q6_case(("HF016", "HF026", "HF027"), 110, 35), _q6_case(("HF016", "HF026", "HF028"), 110, 35),
    _q6_case(("HF017", "HF026", "HF029"), 280, 95), _q6_case(("HF017", "HF026", "HF030"), 300, 100),
    _q6_case(("HF017", "HF027", "HF028"), 240, 80), _q6_case(("HF018", "HF027", "HF029"), 200, 85),
    _q6_case(("HF018", "HF027", "HF030"), 220, 90), _q6_case(("HF018", "HF028", "HF029"), 200, 80),
]


def _q9_case(sku: str) -> dict:
    return {"sku": sku, "name": _GOODS[sku][0]}


PARAMS = {
    # 练习 3: 平行满减 — the whole case (cart, 单品宝, 满就送, 优惠券) is drawn together
    "q3": {"case": ({"qty": 2, "per": 20, "at": 250, "off": 25, "coupon": 10}, _q3_cases())},
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
    # 练习 6: the cart and the two targets of the plan the student designs
    "q6": {"case": (_Q6_CASES[0], _Q6_CASES)},
    # 练习 9: the product whose most frequent companion is asked for
    "q9": {"case": (_q9_case("HF002"), [_q9_case(s) for s in (
        "HF002", "HF003", "HF004", "HF006", "HF007", "HF008", "HF012", "HF013", "HF015",
        "HF017", "HF020", "HF022")])},
}

#: The lesson's sentences that state a rule value (see tests/course/test_rules_in_lessons.py):
#: a teacher who changes one in RULES is told which sentences to rewrite.
RULE_TEXT = {
    "promotions.min_discount": ["（默认1折，即{}）"],
    "promotions.free_shipping_at": ["店铺常设“满{}元包邮”", "小计满{}元包邮", "这单也已经满{}包邮啦",
                                    "这单满{}已包邮"],
    "promotions.shipping_fee": ["就加{}元运费", "就要另加{}元运费"],
    "kpi.first_response_s": ["首次响应不超过{}秒"],
}
