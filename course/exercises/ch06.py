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

# 练习 2: one order of a single bouquet, a 满 200 减 coupon and the new 单品宝 price.
# The coupon divides evenly by the quantity, so the paid unit price is exact to the 分,
# and the new price is always below it (the difference is positive).
_ROSES = [("HF004", "粉玫瑰 11 枝花束", 149), ("HF001", "红玫瑰 11 枝花束", 139),
          ("HF005", "香槟玫瑰混搭花束", 169), ("HF015", "绣球花束", 149)]


def _order(sku: str, name: str, price: int, qty: int, minus: int, drop: int) -> dict:
    return {"sku": sku, "name": name, "price": price, "qty": qty, "minus": minus,
            "paid": price * qty - minus, "new_price": price - drop}


ORDERS = [_order(sku, name, price, qty, minus, drop)
          for sku, name, price in _ROSES for qty in (2, 3, 4) for minus in (12, 20, 24, 30)
          if minus % qty == 0 for drop in (20, 25, 30, 40)]

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
PERIODS = [("2024-07-01", "2025-06-30"), ("2024-07-01", "2024-12-31"),
           ("2025-01-01", "2025-06-30"), ("2024-10-01", "2025-03-31"),
           ("2024-10-01", "2025-06-30"), ("2025-03-01", "2025-06-30")]

PARAMS = {
    # 练习 1: 部分退款 of the broken accessory; the coupon is always reached
    "q1": {"bouquet": (BOUQUETS[0], BOUQUETS),
           "broken": (BROKEN[0], BROKEN),
           "extra": (EXTRAS[0], EXTRAS),
           "at": (200, (100, 120, 150, 180)),
           "minus": (15, (8, 10, 12, 15, 18, 20))},
    # 练习 2: 降价补差 per unit actually paid
    "q2": {"order": (_order("HF004", "粉玫瑰 11 枝花束", 149, 2, 20, 20), ORDERS)},
    # 练习 5: the times and the type of the refund to replay in the 退款流程助手
    "q5": {"case": (_case(20, "10:00", 1, "09:00", 2, "15:00"), CASES),
           "kind": ("退货退款", ("退货退款", "换货"))},
    # 练习 6: 帕累托 over a period, up to a cumulative share (%)
    "q6": {"period": (PERIODS[0], PERIODS),
           "cutoff": (80, (60, 65, 70, 75, 80, 85, 90))},
}
