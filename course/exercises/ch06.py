"""Chapter 6: the numbers of each student's own questions (see course/exercises/__init__.py)."""

from datetime import datetime, timedelta

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

# 练习 5: a shipped 退货退款 or 换货: applied, agreed by the seller within 5 days, goods sent
# back by the buyer within 7 days of the agreement. Times "YYYY-MM-DD HH:MM".
_FMT = "%Y-%m-%d %H:%M"


def _case(day: int, applied: str, agree_days: int, agreed: str, return_days: int,
          returned: str) -> dict:
    start = datetime.strptime(f"2025-06-{day:02d} {applied}", _FMT)
    agree = datetime.strptime(f"{start + timedelta(days=agree_days):%Y-%m-%d} {agreed}", _FMT)
    back = datetime.strptime(f"{agree + timedelta(days=return_days):%Y-%m-%d} {returned}", _FMT)
    return {"applied": f"{start:{_FMT}}", "agreed": f"{agree:{_FMT}}", "returned": f"{back:{_FMT}}"}


CASES = [_case(day, applied, agree_days, agreed, return_days, returned)
         for day in range(10, 25) for applied in ("08:30", "10:00", "19:40")
         for agree_days, agreed in ((1, "09:00"), (2, "14:20"), (3, "11:15"))
         for return_days, returned in ((2, "15:00"), (3, "10:30"), (5, "18:45"))]

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
    # 练习 5: the times and the type of the refund to replay in the 退款流程助手
    "q5": {"case": (_case(20, "10:00", 1, "09:00", 2, "15:00"), CASES),
           "kind": ("退货退款", ("退货退款", "换货"))},
    # 练习 6: 帕累托 over a period, up to a cumulative share (%)
    "q6": {"period": (PERIODS[0], PERIODS),
           "cutoff": (80, (60, 65, 70, 75, 80, 85, 90))},
}

#: The lesson's sentences that state a rule value (tests/course/test_rules_in_lessons.py).
RULE_TEXT = {
    "timeouts.refund_unshipped_silent_hours": ["未发货 {} 小时", "| 卖家 | {} 小时 |"],
    "timeouts.refund_shipped_silent_days": ["已发货 {} 天", "| 卖家 | {} 天 |",
                                            "卖家 {} 天都没有处理"],
    "timeouts.buyer_return_days": ["等待买家退货——{} 天", "卖家同意后 {} 天", "买家退货 {} 天"],
    "timeouts.seller_confirm_return_days": ["等待卖家确认收货——{} 天", "卖家确认收货 {} 天",
                                            "| 卖家 | {} 天 | 自动退款"],
    "timeouts.review_window_days": ["交易成功后 {} 天内可以评价"],
    "timeouts.review_change_days": ["买家可在 {} 天内把中评、差评修改一次",
                                    "可以在 {} 天内修改一次"],
    "timeouts.follow_up_review_days": ["{} 天内可以追评", "追评可以在 {} 天内进行"],
}
