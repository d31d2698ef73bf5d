"""Chapter 5: the numbers of each student's own questions (see course/exercises/__init__.py)."""

from itertools import product

# 练习 4: the moment the 催付优先级工具 is set to. Daytime hours (09:00–20:00, outside the
# quiet hours) of the slider's days, leaving out the few mornings with under 8 orders
# that may be reminded in the public data, so every variant has an order to name.
_THIN = {"2025-06-27 09:00", "2025-06-27 10:00", "2025-06-27 11:00", "2025-06-28 09:00"}
MOMENTS = [f"2025-06-{day} {hour:02d}:00" for day in range(24, 31) for hour in range(9, 21)
           if f"2025-06-{day} {hour:02d}:00" not in _THIN]

# 练习 4: the weights (订单金额, 紧迫程度, 客户价值, 下单前咨询过), steps of the tool's
# sliders (0.05), summing to 1; the first is the tool's default.
WEIGHTS = [(0.35, 0.30, 0.20, 0.15), (0.40, 0.30, 0.15, 0.15), (0.30, 0.40, 0.20, 0.10),
           (0.25, 0.35, 0.25, 0.15), (0.45, 0.25, 0.15, 0.15), (0.30, 0.30, 0.30, 0.10),
           (0.20, 0.40, 0.20, 0.20), (0.50, 0.20, 0.20, 0.10), (0.30, 0.25, 0.25, 0.20),
           (0.40, 0.20, 0.20, 0.20)]

# 练习 8: three unpaid orders as (金额, 会员等级). Amounts on both sides of the 200-yuan
# line; every variant has a VIP buyer's order under 200 yuan (travels by 旺旺, not
# 电话) and at least one order of 200 yuan or more, and no two orders alike.
_AMOUNTS = (99, 128, 168, 199, 200, 238, 268, 299, 388, 520)
_LEVELS = (1, 2, 3, 4)
_ORDER = [(amount, level) for amount in _AMOUNTS for level in _LEVELS]
CHANNEL_ORDERS = [
    trio for trio in product(_ORDER, repeat=3)
    if len(set(trio)) == 3
    and any(amount < 200 and level >= 3 for amount, level in trio)
    and any(amount >= 200 for amount, _ in trio)
]

PARAMS = {
    # 练习 4: the tool's time and weights
    "q4": {"now": ("2025-06-29 09:00", MOMENTS),
           "weights": ((0.35, 0.30, 0.20, 0.15), WEIGHTS)},
    # 练习 8: the three orders whose 催付渠道 is asked
    "q8": {"orders": (((199, 4), (268, 1), (388, 3)), CHANNEL_ORDERS)},
}
