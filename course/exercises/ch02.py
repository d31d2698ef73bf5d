"""Chapter 2: the numbers of each student's own questions (see course/exercises/__init__.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import permutations


def _day_time(moment: datetime) -> str:
    """``6 月 18 日 09:00``, as the book writes a date inside June or July 2025."""
    return f"{moment.month} 月 {moment.day} 日 {moment:%H:%M}"


def _unpaid_cases() -> list[tuple[str, str]]:
    """(拍下, 查看) moments a few hours past the 72-hour payment deadline."""
    cases = []
    for day in range(10, 21):
        for hour in range(8, 22):
            for minute in (0, 30):
                created = datetime(2025, 6, day, hour, minute)
                for late in (1, 2, 3, 5, 8):
                    cases.append((_day_time(created),
                                  _day_time(created + timedelta(hours=72 + late))))
    return cases


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
    """(身高, 体重, 版型偏好) inside the chart, off its borders, whose height and weight
    point to different sizes, and where taking the smaller of the two would show."""
    from course import sizing

    sizes = list(sizing.SIZE_CHART["size"])
    borders_h = set(sizing.SIZE_CHART["height_min"]) | set(sizing.SIZE_CHART["height_max"])
    borders_w = set(sizing.SIZE_CHART["weight_min"]) | set(sizing.SIZE_CHART["weight_max"])
    buyers = []
    for height in range(152, 184):
        for weight in range(42, 84):
            if height in borders_h or weight in borders_w:
                continue
            for fit in sizing.FITS:
                rec = sizing.recommend(height, weight, fit)
                low = min(sizes.index(rec.by_height), sizes.index(rec.by_weight))
                wrong = sizes[min(low + (fit == "宽松"), len(sizes) - 1)]
                if rec.by_height != rec.by_weight and wrong != rec.size:
                    buyers.append((height, weight, fit))
    return buyers


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
    # 练习 1: when an unpaid order was placed and when its state is asked (always past 72 h)
    "q1": {"times": (("6 月 18 日 09:00", "6 月 21 日 10:00"), _unpaid_cases)},
    # 练习 2: an order's 拍下 date and time, 付款 time (same day) and 快递发货 time
    "q2": {"order": (("2025-06-20", "14:30", "14:45", "2025-06-22 10:00"), _deadline_orders)},
    # 练习 7: when the trade succeeded
    "q7": {"finished": ("2025-06-29 15:00", _finished_times)},
    # 练习 8: the buyer the size recommender is set to
    "q8": {"buyer": ((170, 58, "宽松"), _size_buyers)},
    # 练习 9: the three descriptions to name the 板型 of, in this order
    "q9": {"cases": (("贴合身体曲线，腰部收紧", "从胸到下摆上下一样宽，不收腰", "衣身比身体大很多，活动自如"),
                     list(permutations(FIT_DESCRIPTIONS, 3)))},
}

# The lesson's statements of the course's rules (tests/course/test_rules_in_lessons.py).
RULE_TEXT = {
    "timeouts.unpaid_close_hours": ["拍下后 {} 小时内没有付款，交易关闭"],
    "timeouts.ship_within_hours": ["付款后 {} 小时内要发货", "付款后 {} 小时 | 构成延迟发货"],
    "timeouts.late_ship_rate": ["按实付金额的 {}% 赔付"],
    "timeouts.late_ship_min": ["最低 {} 元"],
    "timeouts.late_ship_max": ["最高 {} 元"],
    "timeouts.confirm_days.快递": ["快递 {} 天"],
    "timeouts.confirm_days.平邮": ["平邮 {} 天"],
    "timeouts.confirm_days.虚拟": ["虚拟商品 {} 天"],
    "timeouts.confirm_days.自动发货": ["自动发货 {} 天"],
    "timeouts.buyer_extend_when_left_days": ["剩余时间 ≤ {} 天时"],
    "timeouts.buyer_extend_days": ["只能延长 1 次，每次 {} 天"],
    "timeouts.review_window_days": ["交易成功后 {} 天内可以评价"],
    "timeouts.review_change_days": ["评价后 {} 天内修改一次中评或差评"],
    "timeouts.follow_up_review_days": ["交易成功后 {} 天内可以追评"],
    "timeouts.refund_unshipped_silent_hours": ["卖家不处理 | {} 小时 | 系统自动退款"],
    "timeouts.refund_shipped_silent_days": ["卖家不处理 | {} 天 | 视为卖家同意"],
    "timeouts.buyer_return_days": ["买家不寄回 | {} 天"],
    "timeouts.seller_confirm_return_days": ["卖家不确认收货 | {} 天"],
    "promotions.free_shipping_at": ["满 {} 元包邮"],
}
