"""Chapter 5: the numbers of each student's own questions (see course/exercises/__init__.py)."""

from itertools import product

from course.rules import RULES

# 练习 4: the moment the question starts from: daytime hours (09:00–20:00) of 24–29 June.
# At each of them some unpaid order may not be reminded only because its buyer was reminded
# in the last 24 hours or paid another order yesterday or today (the generator plants two
# buyers a day who paid their second order and left the first), and that ends in the quiet
# hours, early enough for the tool's slider to show the time it may be reminded again.
MOMENTS = [f"2025-06-{day} {hour:02d}:00" for day in range(24, 30) for hour in range(9, 21)]

#: 练习 4's options (canonical letter → a rule): which rules fix the earliest reminder.
WHY_OPTIONS = {
    "A": f"{RULES.chasing.buyer_cooldown_hours} 小时内已经催过这位买家",
    "B": "买家昨天或今天付过另一笔订单",
    "C": f"{RULES.chasing.quiet_start_hour}:00–{RULES.chasing.quiet_end_hour:02d}:00 是静默时段，不发催付",
    "D": f"这笔订单已经催过 {RULES.chasing.max_reminders} 次",
    "E": f"订单拍下还不到 {RULES.chasing.min_age_minutes} 分钟",
    "F": "订单快要关闭了，要赶在关闭前催",
}
#: The exclusion reason of chasing.prioritize that each waiting rule stands for.
WAITING = {"cooldown": "A", "paid_other": "B"}
#: The last moment of the tool's slider (course.ui.ChasingPrioritizer).
SLIDER_END = "2025-06-30 21:00"


def _buyer_tables(buyer: str) -> dict:
    """The buyer's own rows: enough for chasing.prioritize to judge their orders quickly."""
    from course import data

    tables = {"orders": data.load("orders"), "reminders": data.load("reminders"),
              "customers": data.load("customers"), "sessions": data.load("sessions")}
    return {name: frame[frame["buyer_id"] == buyer] for name, frame in tables.items()}


def first_remindable(order: str, buyer: str, now) -> tuple:
    """(the first whole hour after ``now`` at which the tool lists ``order`` as 可以催付, its
    建议发送时间), or (None, None): the slider moved hour by hour (slow; tests use it to
    check :func:`earliest_reminder`)."""
    import pandas as pd

    from course import chasing

    mine, start = _buyer_tables(buyer), pd.Timestamp(now)
    hour = start.floor("h")
    while hour <= pd.Timestamp(SLIDER_END):
        ranked = chasing.prioritize(max(hour, start), **mine)
        row = ranked[ranked["order_id"] == order]
        if row.empty:
            return None, None
        if row["excluded_reason"].iloc[0] == "":
            return hour, row["send_at"].iloc[0]
        hour += pd.Timedelta(hours=1)
    return None, None


def earliest_reminder(now, order: str) -> tuple | None:
    """练习 4: (when the wait ends, the first whole hour the tool lists ``order`` as 可以催付,
    its 建议发送时间, the key of chasing.REASONS it waits for) when, at ``now``, the order
    waits only for the buyer's last reminder to be 24 hours old or for their payment of
    another order to be older than yesterday, the wait ends in the quiet hours within the
    slider, and nothing happens to the buyer in between; else None."""
    import pandas as pd

    from course import chasing, data

    moment = pd.Timestamp(now)
    reminders, orders = data.load("reminders"), data.load("orders")
    buyer = orders.set_index("order_id").loc[order, "buyer_id"]
    mine = _buyer_tables(buyer)
    ranked = chasing.prioritize(moment, **mine)
    why = ranked.loc[ranked["order_id"] == order, "excluded_reason"].tolist()
    keys = [key for key in WAITING if [chasing.REASONS[key]] == why]
    if not keys:
        return None
    if keys[0] == "cooldown":  # the buyer's last reminder + 24 hours
        sent = reminders.loc[(reminders["buyer_id"] == buyer) & (reminders["sent_at"] <= moment),
                             "sent_at"]
        ends = sent.max() + pd.Timedelta(hours=RULES.chasing.buyer_cooldown_hours)
    else:  # the day after tomorrow of the buyer's last payment of another order
        paid = orders.loc[(orders["buyer_id"] == buyer) & (orders["order_id"] != order)
                          & (orders["paid_at"] <= moment), "paid_at"]
        ends = paid.max().normalize() + pd.Timedelta(days=2)
    hour = ends.ceil("h")
    if chasing.next_send_time(ends) == ends or hour > pd.Timestamp(SLIDER_END):
        return None  # it ends outside the quiet hours (or after the slider's last moment)
    events = [reminders.loc[reminders["buyer_id"] == buyer, "sent_at"],
              orders.loc[orders["buyer_id"] == buyer, "paid_at"]]
    if any(((times > moment) & (times <= hour)).any() for times in events):
        return None
    after = chasing.prioritize(hour, **mine)
    row = after[after["order_id"] == order]
    if row["excluded_reason"].tolist() != [""]:
        return None
    return ends, hour, row["send_at"].iloc[0], keys[0]


def reminder_case(now: str, pick: int) -> tuple[str, str]:
    """练习 4: (the moment, the order) of the student's question: an order for which
    :func:`earliest_reminder` holds, the ``pick``-th in order id order; from ``now`` on,
    hour by hour, until there is one."""
    import pandas as pd

    from course import chasing

    waiting = [chasing.REASONS[key] for key in WAITING]
    moment = pd.Timestamp(now)
    while moment < pd.Timestamp(SLIDER_END):
        ranked = chasing.prioritize(moment)
        held = sorted(ranked.loc[ranked["excluded_reason"].isin(waiting), "order_id"])
        k = pick % len(held) if held else 0
        for order in held[k:] + held[:k]:
            if earliest_reminder(moment, order) is not None:
                return f"{moment:%Y-%m-%d %H:%M}", order
        moment += pd.Timedelta(hours=1)
    raise LookupError("没有找到合适的订单，请联系老师。")


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

# 练习 10: buyers who ask a 售后 agent about their address or their parcel after paying.
#: 练习 10's options (canonical letter → what the agent does).
LOGISTICS_OPTIONS = {
    "A": "订单还没发货：马上在后台改好收货地址（或备注新地址），再和买家核对一遍",
    "B": "订单已经发货：马上联系快递拦截或改派到新地址，并把进展告诉买家",
    "C": "物流正常在途：把快递单号和预计送达时间告诉买家，请他放心",
    "D": "物流停滞：先联系快递查明原因，再主动把实情告诉买家，给出补发或退款方案",
    "E": "请买家申请退款，重新拍一单",
    "F": "请买家自己打快递公司的电话问",
}
#: The four situations, in the order of the canonical options A–D.
LOGISTICS_KINDS = ("改地址·未发货", "改地址·已发货", "物流·在途", "物流·停滞")


def logistics_kind(text: str, asked, shipped) -> str | None:
    """The situation of a buyer who wrote ``text`` at ``asked`` about an order shipped at
    ``shipped`` (NaT: not yet): one of LOGISTICS_KINDS, or None when the line is about
    something else, the parcel is asked about before it shipped, or it was shipped too
    close to the stall line (a few hours either side) to make a fair question."""
    import pandas as pd

    from course import autoreply

    topic = autoreply.topic_of(text)
    sent = pd.notna(shipped) and shipped <= asked
    if topic == "改地址":
        return LOGISTICS_KINDS[1] if sent else LOGISTICS_KINDS[0]
    if topic != "物流" or not sent:
        return None
    hours = (asked - shipped) / pd.Timedelta(hours=1)
    line = RULES.timeouts.parcel_stalled_hours
    if hours < line - 4:
        return LOGISTICS_KINDS[2]
    return LOGISTICS_KINDS[3] if hours >= line + 4 else None


def logistics_pool() -> dict[str, list[dict]]:
    """Situation → the buyers' first lines in the shop's 售后 chats that show it:
    a buyer with one order, paid in the five days before asking, and a line about the
    address or the parcel."""
    import pandas as pd

    from course import data

    messages, orders = data.load("messages"), data.load("orders")
    agents = data.load("agents")
    sessions = data.load("sessions")
    sessions = sessions[sessions["agent_id"].isin(agents.loc[agents["role"] == "售后", "agent_id"])]
    messages = messages[messages["session_id"].isin(sessions["session_id"])]
    sessions = sessions.set_index("session_id")
    nick = data.load("customers").set_index("buyer_id")["nick"]
    single = orders.groupby("buyer_id").filter(lambda rows: len(rows) == 1).set_index("buyer_id")
    first = messages[messages["sender"] == "buyer"].drop_duplicates("session_id")
    pool: dict[str, list[dict]] = {kind: [] for kind in LOGISTICS_KINDS}
    for session, asked, text in zip(first["session_id"], first["sent_at"], first["text"], strict=True):
        buyer = sessions.loc[session, "buyer_id"]
        if buyer not in single.index or not (
                asked - pd.Timedelta(days=5) <= single.loc[buyer, "paid_at"] <= asked):
            continue
        kind = logistics_kind(text, asked, single.loc[buyer, "shipped_at"])
        if kind is not None:
            pool[kind].append({"session": session, "asked": asked, "buyer": buyer,
                               "nick": nick[buyer], "order": single.loc[buyer, "order_id"], "text": text})
    return pool


def logistics_cases(picks: tuple[int, ...]) -> list[dict]:
    """练习 10: one buyer of each situation (``picks[0..3]`` choose them), shown in the
    order ``picks[4]`` chooses."""
    from itertools import permutations

    pool = logistics_pool()
    chosen = [pool[kind][picks[k] % len(pool[kind])] for k, kind in enumerate(LOGISTICS_KINDS)]
    order = list(permutations(range(len(chosen))))[picks[4] % 24]
    return [chosen[k] for k in order]


PARAMS = {
    # 练习 4: the moment and which of the orders waiting then (any of them is fine)
    "q4": {"now": ("2025-06-25 10:00", MOMENTS), "pick": (0, range(12))},
    # 练习 10: one buyer of each situation and the order they are shown in
    "q10": {"picks": ((0, 0, 0, 0, 9), list(product(range(5), range(5), range(5), range(5), range(24))))},
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
    "timeouts.parcel_stalled_hours": ["超过 {} 小时没更新就要查", "发货还不到 {} 小时",
                                      "发货已经超过 {} 小时", "**发货超过 {} 小时还没送到**"],
    "promotions.free_shipping_at": ["满 {} 元包邮，"],
    "promotions.shipping_fee": ["不满收 {} 元运费", "还省了 {} 元运费"],
}
