"""Chapter 5: the numbers of each student's own questions (see course/exercises/__init__.py)."""

from itertools import product

from course.rules import RULES

# 练习 4: the moment the 催付优先级工具 is set to. Daytime hours (09:00–20:00, outside the
# quiet hours) of the slider's days, leaving out the few mornings with under 8 orders
# that may be reminded in the public data, so every variant has an order to name, and
# the tool's starting moment (06-30 20:00): a student who never moves the slider is wrong.
_THIN = {"2025-06-27 09:00", "2025-06-27 10:00", "2025-06-27 11:00", "2025-06-28 09:00",
         "2025-06-30 20:00"}
MOMENTS = [f"2025-06-{day} {hour:02d}:00" for day in range(24, 31) for hour in range(9, 21)
           if f"2025-06-{day} {hour:02d}:00" not in _THIN]

# 练习 4: the weights (订单金额, 紧迫程度, 客户价值, 下单前咨询过), steps of the tool's
# sliders (0.05), summing to 1. The tool's default (RULES) is never asked, not even in the
# public variant: one who leaves the sliders alone is wrong.
DEFAULT_WEIGHTS = tuple(RULES.chasing.weights[k]
                        for k in ("value", "urgency", "customer", "inquiry"))
_WEIGHTS = [(0.35, 0.30, 0.20, 0.15), (0.40, 0.30, 0.15, 0.15), (0.30, 0.40, 0.20, 0.10),
            (0.25, 0.35, 0.25, 0.15), (0.45, 0.25, 0.15, 0.15), (0.30, 0.30, 0.30, 0.10),
            (0.20, 0.40, 0.20, 0.20), (0.50, 0.20, 0.20, 0.10), (0.30, 0.25, 0.25, 0.20),
            (0.40, 0.20, 0.20, 0.20)]
WEIGHTS = [w for w in _WEIGHTS if w != DEFAULT_WEIGHTS]

# 练习 8: three unpaid orders as (金额, 会员等级). Amounts on both sides of the 200-yuan
# line; every variant has a VIP buyer's order under 200 yuan (travels by 旺旺, not 电话),
# an order of exactly 200 yuan (high value: "> 200" is wrong) and a high-value order of a
# buyer below VIP (短信, not 电话), and no two orders alike.
_AMOUNTS = (99, 128, 168, 199, 200, 238, 268, 299, 388, 520)
_LEVELS = (1, 2, 3, 4)
_ORDER = [(amount, level) for amount in _AMOUNTS for level in _LEVELS]
CHANNEL_ORDERS = [
    trio for trio in product(_ORDER, repeat=3)
    if len(set(trio)) == 3
    and any(amount < 200 and level >= 3 for amount, level in trio)
    and any(amount == 200 for amount, _ in trio)
    and any(amount >= 200 and level < 3 for amount, level in trio)
]

PARAMS = {
    # 练习 4: the tool's time and weights
    "q4": {"now": ("2025-06-29 09:00", MOMENTS),
           "weights": (WEIGHTS[0], WEIGHTS)},
    # 练习 8: the three orders whose 催付渠道 is asked
    "q8": {"orders": (((199, 4), (200, 1), (388, 3)), CHANNEL_ORDERS)},
}

#: The lesson's sentences that state a rule value (see tests/course/test_rules_in_lessons.py):
#: a teacher who changes one in RULES is told which sentences to rewrite.
RULE_TEXT = {
    "chasing.close_hours": ["**拍下后 {} 小时**自动关闭", "拍下时间 + {} 小时"],
    "chasing.buyer_cooldown_hours": ["该买家过去 {} 小时内已经被催过", "同一买家 {} 小时内最多 1 次"],
    "chasing.max_reminders": ["该订单已经催过 {} 次", "每单最多催 {} 次"],
    "chasing.min_age_minutes": ["订单拍下不足 {} 分钟"],
    "chasing.quiet_start_hour": ["**{}:00–08:00 不发催付。**", "如果 `now` 在 {}:00（含）"],
    "chasing.quiet_end_hour": ["一律顺延到 0{}:00", "到次日 0{}:00（不含）"],
    "chasing.weights.value": ["价值 {}、", "得分 = {} × 金额分"],
    "chasing.weights.urgency": ["紧迫 {}、", "+ {} × 紧迫分"],
    "chasing.weights.customer": ["客户 {}、", "+ {} × 客户价值分"],
    "chasing.weights.inquiry": ["咨询 {}。", "+ {} × 咨询分"],
    "chasing.high_value_amount": ["高价值订单（≥ {} 元）", "金额 ≥ {} 元的高价值订单"],
    "chasing.sms_cost": ["| 每条 {} 元 |", "每条短信 {} 元"],
    "timeouts.ship_within_hours": ["**付款后 {} 小时内**发货"],
    "timeouts.late_ship_rate": ["**实付金额的 {}%，"],
    "timeouts.late_ship_min": ["最低 {} 元，"],
    "timeouts.late_ship_max": ["最高 {} 元**"],
    "timeouts.confirm_days.快递": ["发货后 **{} 天**系统自动确认收货"],
    "timeouts.confirm_days.平邮": ["（平邮 {} 天）"],
    "promotions.free_shipping_at": ["满 {} 元包邮，"],
    "promotions.shipping_fee": ["不满收 {} 元运费", "还省了 {} 元运费"],
}
