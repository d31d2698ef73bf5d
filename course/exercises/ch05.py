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
    # An order's row of the ranking depends on its buyer's rows only (their customer row,
    # orders, reminders and chats): the shop's ranking, quick from what chasing keeps of the
    # shop's tables, gives the row that the buyer's own tables give.
    ranked = chasing.prioritize(moment)
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
    after = chasing.prioritize(hour)
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


def reminder_facts(now: str, order: str) -> dict:
    """练习 4's values besides the moment and the order: when the order's buyer was last
    reminded and when they last paid another order, both up to ``now`` (strings in the
    form code reads, "2025-06-27 14:05:09"; None when there is none)."""
    import pandas as pd

    from course import data

    moment = pd.Timestamp(now)
    orders = data.load("orders")
    buyer = orders.set_index("order_id").loc[order, "buyer_id"]
    reminders = data.load("reminders")
    sent = reminders.loc[(reminders["buyer_id"] == buyer) & (reminders["sent_at"] <= moment), "sent_at"]
    paid = orders.loc[(orders["buyer_id"] == buyer) & (orders["order_id"] != order)
                      & (orders["paid_at"] <= moment), "paid_at"]
    return {name: None if times.empty else f"{times.max():%Y-%m-%d %H:%M:%S}"
            for name, times in (("last_reminder", sent), ("other_paid", paid))}


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
    buyer_of = dict(zip(sessions["session_id"].tolist(), sessions["buyer_id"].tolist(), strict=True))
    nick = dict(zip(*(data.load("customers")[c].tolist() for c in ("buyer_id", "nick")), strict=True))
    # the buyers with exactly one order (as groupby("buyer_id").filter(len == 1) keeps them)
    single = orders[orders["buyer_id"].notna() & ~orders["buyer_id"].duplicated(keep=False)]
    single = {buyer: (order, paid, shipped) for buyer, order, paid, shipped in zip(
        *(single[c].tolist() for c in ("buyer_id", "order_id", "paid_at", "shipped_at")),
        strict=True)}
    first = messages[messages["sender"] == "buyer"].drop_duplicates("session_id")
    pool: dict[str, list[dict]] = {kind: [] for kind in LOGISTICS_KINDS}
    for session, asked, text in zip(first["session_id"].tolist(), first["sent_at"].tolist(),
                                    first["text"].tolist(), strict=True):
        buyer = buyer_of[session]
        if buyer not in single or not (asked - pd.Timedelta(days=5) <= single[buyer][1] <= asked):
            continue
        kind = logistics_kind(text, asked, single[buyer][2])
        if kind is not None:
            pool[kind].append({"session": session, "asked": asked, "buyer": buyer,
                               "nick": nick[buyer], "order": single[buyer][0], "text": text})
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
    "chasing.close_hours": ["**拍下后 {} 小时**自动关闭", "拍下时间 + {} 小时", "订单拍下后 {} 小时自动关闭",
                            "只看最近 {} 小时拍下的订单"],
    "chasing.buyer_cooldown_hours": ["该买家过去 {} 小时内已经被催过", "同一买家 {} 小时内最多 1 次",
                                     "这位买家 {} 小时内催过"],
    "chasing.max_reminders": ["该订单已经催过 {} 次", "每单最多催 {} 次"],
    "chasing.min_age_minutes": ["订单拍下不足 {} 分钟", "拍下 {} 分钟以后"],
    "chasing.quiet_start_hour": ["**{}:00–08:00 不发催付。**", "如果 `now` 在 {}:00（含）", "落在 {}:00–08:00 的"],
    "chasing.quiet_end_hour": ["一律顺延到 0{}:00", "到次日 0{}:00（不含）", "落在 22:00–0{}:00 的"],
    "chasing.weights.value": ["价值 {}、", "得分 = {} × 金额分"],
    "chasing.weights.urgency": ["紧迫 {}、", "+ {} × 紧迫分"],
    "chasing.weights.customer": ["客户 {}、", "+ {} × 客户价值分"],
    "chasing.weights.inquiry": ["咨询 {}。", "+ {} × 咨询分"],
    "chasing.high_value_amount": ["高价值订单（≥ {} 元）", "金额 ≥ {} 元的高价值订单", "金额 ≥ {} 元的是高价值订单"],
    "chasing.sms_cost": ["| 每条 {} 元 |", "每条短信 {} 元", "本课程按每条 {} 元计"],
    "timeouts.ship_within_hours": ["**付款后 {} 小时内**发货", "加 {} 小时就是最晚发货时间"],
    "timeouts.late_ship_rate": ["**实付金额的 {}%，", "超时按实付金额的 {}% 赔付"],
    "timeouts.late_ship_min": ["最低 {} 元，", "（最低 {} 元、"],
    "timeouts.late_ship_max": ["最高 {} 元**", "最高 {} 元）；"],
    "timeouts.confirm_days.快递": ["发货后 **{} 天**系统自动确认收货"],
    "timeouts.confirm_days.平邮": ["（平邮 {} 天）"],
    "timeouts.parcel_stalled_hours": ["超过 {} 小时没更新就要查", "发货还不到 {} 小时",
                                      "发货已经超过 {} 小时", "**发货超过 {} 小时还没送到**",
                                      "超过 {} 小时没有新的记录", "发货还不到 {} 小时，是正常在途"],
    "promotions.free_shipping_at": ["满 {} 元包邮，"],
    "promotions.shipping_fee": ["不满收 {} 元运费", "还省了 {} 元运费"],
}

#: Formative feedback per exercise (course/coach.py): what 练习N.check() evaluates (the main
#: case; hidden tests grade the edge cases), the hints, and the scaffold that the released
#: answer cell starts from (data and function items).
EXERCISES = {
    1: {"answer": "answer_no_remind", "check": ["q1"], "hints": [
        "对照本节“挑选订单”的表格，逐条看每个选项是不是六种不催的情况之一。",
        "六种情况：已关闭、24 小时内催过这位买家、这单已催过 3 次、买家昨天或今天付过别的订单、黑名单、"
        "拍下不足 10 分钟。不在这六种里的订单都可以催。"]},
    2: {"answer": "answer_priority_score", "check": ["priority_score(200, 36, 2, False, True)",
                                                  "priority_score(520, 80, 3, True, False)"], "hints": [
        "四项分数都先换算成 0–100 分，再按权重 0.35、0.3、0.2、0.15 加起来。",
        "金额分和紧迫分都有上限：用 min(1, 金额 ÷ 400) 和 min(1, 小时 ÷ 72) 再乘 100；"
        "客户价值分 = 等级 ÷ 4 × 70，老客户再加 30；咨询过得 100 分。"],
        "scaffold": '''value = min(1, amount / ___) * 100          # 金额分：400 元封顶
urgency = min(1, hours / ___) * 100         # 紧迫分：72 小时里用掉多少
customer = member_level / 4 * 70 + (___ if returning else 0)
inquiry = 100 if asked else ___
return 0.35 * value + 0.30 * urgency + 0.20 * customer + 0.15 * inquiry'''},
    3: {"answer": "answer_send_time",
        "check": ['send_time(pd.Timestamp("2025-06-28 10:30"))', 'send_time(pd.Timestamp("2025-06-28 23:30"))'],
        "hints": [
        "分三种情况：22 点以后（顺延到第二天 08:00）、0 点到 8 点之前（当天 08:00）、其他时间（原样返回）。",
        "now.hour 是小时；now.normalize() 是当天 0 点，加 pd.Timedelta(hours=8) 就是当天 08:00；"
        "第二天要先加 pd.Timedelta(days=1)。"],
        "scaffold": '''if now.hour >= ___:
    # 22 点以后：顺延到第二天 08:00
    return (now + pd.Timedelta(days=___)).normalize() + pd.Timedelta(hours=8)
if now.hour < ___:
    # 0 点到 8 点之前：当天 08:00
    return now.___() + pd.Timedelta(hours=8)
return now'''},
    4: {"answer": "answer_earliest_reminder", "check": ["q4", "q4_why"], "hints": [
        "先在工具里看这笔订单的「不催付原因」：它在等什么？要等到哪一刻？"
        "再想一想：等到的那一刻，催付能不能马上发出去？",
        "24 小时内催过：从最近一次催付（练习4[\"last_reminder\"]）算起；昨天或今天付过另一笔："
        "付款那天（练习4[\"other_paid\"]）过完“今天”和“明天”才行。"
        "chasing.next_send_time(时间) 会把落在静默时段的时间顺延，拿它和原来的时间比一比。"],
        "scaffold": '''now = pd.Timestamp(练习4["now"])
ranked = chasing.prioritize(now)
reason = ranked.loc[ranked["order_id"] == 练习4["order"], "excluded_reason"].iloc[0]   # 工具里的「不催付原因」
# 练习4["last_reminder"]：最近一次催这位买家的时间；练习4["other_paid"]：他最近付另一笔订单的时间
if reason == chasing.REASONS["cooldown"]:
    # 24 小时内催过这位买家：从最近一次催付算起，过几个小时才能再催？
    free_at = pd.Timestamp(练习4["last_reminder"]) + pd.Timedelta(hours=___)
    why = {练习4.letter_of("24 小时内已经催过这位买家")}
else:
    # 昨天或今天付过另一笔：从付款那天的 0 点（.normalize()）算起，过几天才不算“昨天或今天”？
    free_at = pd.Timestamp(练习4["other_paid"]).normalize() + pd.Timedelta(days=___)
    why = {练习4.letter_of("买家昨天或今天付过另一笔订单")}
# chasing.next_send_time(时间)：落在 22:00–08:00 的时间顺延到 08:00，别的时间原样返回
send = chasing.___(free_at)
# 时间被顺延了：静默时段也是决定这个时间的规则（填上那个选项的文字）
if send != free_at:
    why.add(练习4.letter_of(___))
q4 = f"{send:%Y-%m-%d %H:%M}"
q4_why = why'''},
    5: {"answer": "answer_taboo_spotting", "check": ["q5"], "hints": [
        "五条禁忌：深夜发送、威胁施压、重复同一句、引导站外付款、催已付或已关闭的订单。先看括号里的发送时间，再看内容。",
        "看发送时间在不在 22:00–08:00；看有没有“不付就……”“后果……”这样的施压；看有没有把买家引到微信、"
        "转账这些平台外的地方。说一个真实的理由（比如截单时间）不算施压。"]},
    6: {"answer": "answer_response_rate", "check": ["q6"], "hints": [
        "分母是被催过的订单（每笔只算一次），分子是其中第一次催付之后才付款的订单。",
        "reminders.groupby(\"order_id\")[\"sent_at\"].min() 是每笔订单第一次催付的时间；"
        "orders.set_index(\"order_id\")[\"paid_at\"].reindex(它的索引) 取付款时间，两者比较后求 .mean()。"],
        "scaffold": '''# 每笔订单第一次催付的时间
first = reminders.groupby(___)["sent_at"].___()
# 这些订单的付款时间（没付款的为空）
paid_at = orders.set_index("order_id")["paid_at"].reindex(first.index)
# 第一次催付之后才付款的订单占多少
q6 = (paid_at > ___).mean()'''},
    7: {"answer": "answer_recovered_roi", "check": ["q7"], "hints": [
        "挽回金额只加“第一次催付之后才付款”的订单的实付；短信成本只算渠道是「短信」的催付条数。",
        "沿用上一题的 first 和 paid_at：paid_at > first 选出订单，取 orders 的 paid_amount 求和；"
        "(reminders[\"channel\"] == \"短信\").sum() × 0.05 是短信成本。"],
        "scaffold": '''# 短信成本只算渠道是「短信」的催付条数
sms_cost = (reminders["channel"] == ___).sum() * ___
# 上一题的 first 和 paid_at：催付之后才付款的订单，把它们的实付金额加起来
paid_after = (paid_at > first)
recovered = orders.set_index("order_id")[___].reindex(first.index)[paid_after].sum()
q7 = (recovered, recovered / sms_cost)'''},
    8: {"answer": "answer_channels", "check": ["q8"], "hints": [
        "先看金额有没有达到 200 元（正好 200 元也算高价值），再看会员等级。",
        "不到 200 元：旺旺；到了 200 元、会员等级不到 3：短信；到了 200 元、会员等级 ≥ 3：电话。"]},
    9: {"answer": "answer_late_compensation",
        "check": ["late_compensation(199)", "late_compensation(80)", "late_compensation(1000)"],
        "hints": [
        "先算实付金额的 5%，再和最低 5 元、最高 30 元比较。",
        "5% 写成小数是 0.05。算出来比最低赔付少，就按最低赔付给；比最高赔付多，就按最高赔付给；"
        "最后 round(…, 2) 保留两位小数。"],
        "scaffold": '''money = paid * ___          # 实付金额的 5%
if money < ___:             # 不到最低赔付 5 元：按 5 元赔
    money = 5
if money > ___:             # 超过最高赔付 30 元：按 30 元赔
    money = 30
return round(money, 2)'''},
    10: {"answer": "answer_logistics", "check": ["q10"], "hints": [
        "每位买家都先在 orders 表里找到他的订单，看 shipped_at：他发消息的时候，订单发货了没有？发货多久了？",
        "问地址：没发货就后台改地址，已发货就联系快递拦截或改派；问物流：发货不到 24 小时是正常在途，"
        "超过 24 小时还没送到是物流停滞。别看买家的语气。"],
        "scaffold": '''orders = data.load("orders")
letters = []
for case in 练习10["cases"]:
    shipped = orders.loc[orders["buyer_id"] == case["buyer"], ___].iloc[0]
    sent = shipped <= case["asked"]          # 买家发消息时已经发货了吗
    if "地址" in case["text"]:
        letters.append(练习10.letter_of(LOGISTICS_OPTIONS["B"] if ___ else LOGISTICS_OPTIONS["A"]))
    elif case["asked"] - shipped >= pd.Timedelta(hours=___):  # 发货超过 24 小时还没送到
        letters.append(练习10.letter_of(LOGISTICS_OPTIONS[___]))
    else:
        letters.append(练习10.letter_of(LOGISTICS_OPTIONS["C"]))
q10 = letters'''},
}
