"""Chapter 7: the numbers of each student's own questions (see course/exercises/__init__.py)."""

import random
from collections import namedtuple
from datetime import date, timedelta

#: Every 7-day window of June 2025 (start, end), both days included.
WEEKS = [((date(2025, 6, 1) + timedelta(days=d)).isoformat(),
          (date(2025, 6, 7) + timedelta(days=d)).isoformat()) for d in range(24)]

PARAMS = {
    # 练习 1: which June day's sessions are spot-checked and which of them are listed
    "q1": {"pick": (0, range(1000))},
    # 练习 3: the week whose unanswered sessions are counted
    "q3": {"week": (("2025-06-01", "2025-06-07"), WEEKS)},
    # 练习 5: 客单价 = 客件数 × 件均价, from a month's sales, paying buyers and items
    "q5": {"sales": (24000, range(12000, 36001, 600)),
           "buyers": (120, range(80, 161, 4)),
           "items": (200, range(170, 281, 5))},
    # 练习 9: the week whose lowest daily 回复率 is looked for
    "q9": {"week": (("2025-06-15", "2025-06-21"), WEEKS)},
}

#: The lesson's sentences that state a rule value (tests/course/test_rules_in_lessons.py).
RULE_TEXT = {
    "kpi.first_response_s": ["首次 ≤ {} 秒", "首次响应 ≤ {} 秒", "首次响应不超过 {} 秒"],
    "kpi.avg_response_s": ["平均 ≤ {} 秒", "平均响应不超过 {} 秒"],
    "kpi.reply_rate": ["没达到课程参考值 {}%", "回复率 ≥ {}%", "回复率不低于 {}%"],
    "kpi.satisfaction_rate": ["低于参考值 {}%", "满意率 ≥ {}%", "满意率不低于 {}%"],
    "kpi.conversion_bands.2.0": ["低于 {}% 就属于“较低”或“差”"],
}


def session(*rows: tuple[str, str]):
    """A session's messages as the exercises give them: (sender, time) rows."""
    import pandas as pd

    return pd.DataFrame({"sender": [r[0] for r in rows], "sent_at": pd.to_datetime([r[1] for r in rows])})


def example_session():
    """练习 7's example: the buyer at 10:00:00, an auto reply, the agent at 10:00:12."""
    return session(("buyer", "2025-06-01 10:00:00"), ("auto", "2025-06-01 10:00:01"),
                   ("agent", "2025-06-01 10:00:12"))


# 练习 1: the lesson's three kinds of session to spot-check first, as the question states them.
#: 中差评: the session ratings that count.
BAD_RATINGS = ("一般", "不满意")
#: The kinds of session every case lists (one each), so that each natural mistake changes the
#: answer: an inquiry whose buyer paid on another June day but not that day ("paid this month"
#: passes it over), a non-inquiry session without a payment that day (not checking 询单 takes
#: it), a session rated 一般 only ("中差评 = 不满意" leaves it out), a buyer whose only June
#: refunds did not succeed ("only successful refunds" leaves it out), an inquiry paid that day
#: (nothing to check) and an inquiry of a buyer who paid nothing in June.
SPOT_KINDS = ("paid_other_day", "not_inquiry", "rated_fair", "refund_failed", "paid_today", "unpaid")
SPOT_SHOWN = 8


def _spot_flags():
    """Every June session with what the three rules and the mistakes look at (computed once
    per shop version: the question cell, check() and the hidden test all ask)."""
    from course import data

    version = data.shop_version()
    if version not in _SPOT_FLAGS:
        _SPOT_FLAGS.clear()
        _SPOT_FLAGS[version] = _compute_spot_flags()
    return _SPOT_FLAGS[version]


_SPOT_FLAGS: dict = {}
_Session = namedtuple("_Session", "session_id buyer_id agent_id started_at is_inquiry rating")


def _compute_spot_flags():
    from course import data

    sessions, orders, refunds = data.load("sessions"), data.load("orders"), data.load("refunds")
    paid = orders[orders["paid_at"].notna()]
    # plain lists: iterating the columns themselves boxes every value (many times slower)
    paid_days = set(zip(paid["buyer_id"].tolist(), paid["paid_at"].dt.normalize().tolist(), strict=True))
    june_paid = set(paid.loc[(paid["paid_at"] >= "2025-06-01") & (paid["paid_at"] < "2025-07-01"),
                             "buyer_id"].tolist())
    in_june = (refunds["applied_at"] >= "2025-06-01") & (refunds["applied_at"] < "2025-07-01")
    buyer_of = dict(zip(orders["order_id"].tolist(), orders["buyer_id"].tolist(), strict=True))
    refunded = {buyer_of.get(o) for o in refunds.loc[in_june, "order_id"].tolist()}
    succeeded = {buyer_of.get(o)
                 for o in refunds.loc[in_june & (refunds["status"] == "SUCCESS"), "order_id"].tolist()}
    rows = []
    sessions = sessions.sort_values(["started_at", "session_id"])
    columns = ("session_id", "buyer_id", "agent_id", "started_at", "is_inquiry", "rating")
    days = sessions["started_at"].dt.normalize().tolist()
    values = zip(*(sessions[c].tolist() for c in columns), strict=True)
    for day, row in zip(days, (_Session(*v) for v in values), strict=True):
        inquiry = row.is_inquiry == 1
        paid_today = (row.buyer_id, day) in paid_days
        rating = row.rating if isinstance(row.rating, str) and row.rating else None
        bad, refund = rating in BAD_RATINGS, row.buyer_id in refunded
        unpaid = inquiry and not paid_today
        kind = None
        if not bad and not refund:
            if unpaid:
                kind = "paid_other_day" if row.buyer_id in june_paid else "unpaid"
            elif not inquiry:
                kind = "not_inquiry"
            else:
                kind = "paid_today"
        elif rating == "一般" and not refund and not unpaid:
            kind = "rated_fair"
        elif refund and row.buyer_id not in succeeded and not bad and not unpaid:
            kind = "refund_failed"
        rows.append({"session_id": row.session_id, "buyer_id": row.buyer_id, "agent_id": row.agent_id,
                     "started": row.started_at, "day": day, "inquiry": inquiry, "rating": rating,
                     "kind": kind})
    return rows


def spot_check_case() -> dict:
    """练习 1: eight sessions of one June day of the learner's shop, one of each ``SPOT_KINDS``
    and two more of that day, lettered A–H; the day is one where every kind occurs."""
    from course import kpi, variants

    p = variants.params("ch07.q1")
    rows = _spot_flags()
    kinds = {(r["day"], r["kind"]) for r in rows}
    good = [d for d in sorted({r["day"] for r in rows}) if all((d, k) in kinds for k in SPOT_KINDS)]
    rng = random.Random(f"ch07.q1:{p['pick']}")
    day = rng.choice(good)
    today = [r for r in rows if r["day"] == day]
    picked = [rng.choice([r for r in today if r["kind"] == k]) for k in SPOT_KINDS]
    rest = [r for r in today if r not in picked]
    picked += rng.sample(rest, min(SPOT_SHOWN - len(picked), len(rest)))
    rng.shuffle(picked)
    names = kpi.agent_names()
    shown = {}
    for letter, r in zip("ABCDEFGH", picked, strict=False):
        shown[letter] = {"session_id": r["session_id"], "buyer_id": r["buyer_id"],
                         "agent": names.get(r["agent_id"], r["agent_id"]),
                         "time": f"{r['started']:%H:%M}", "inquiry": "是" if r["inquiry"] else "否",
                         "rating": r["rating"] or "未评价"}
    listing = "\n".join(
        f"- **{letter}.** 会话 {r['session_id']}，{r['time']} 开始，{r['agent']} 接待，买家 {r['buyer_id']}；"
        f"询单：{r['inquiry']}；买家评价：{r['rating']}" for letter, r in shown.items())
    return {"day": f"{day:%Y-%m-%d}", "sessions": shown, "listing": listing}


#: Formative feedback per exercise (course/coach.py): what 练习N.check() evaluates (the main
#: case; hidden tests grade the edge cases), the hints, and the scaffold that the released
#: answer cell starts from (data and function items).
EXERCISES = {
    1: {"answer": "answer_spot_check", "check": ["q1"], "hints": [
        "逐段对照三条规则，满足任意一条就选：① 询单，而且买家当天没有付款；② 评价是「一般」或「不满意」；"
        "③ 这位买家 6 月申请过退款（不论结果）。",
        "当天付过款的买家：orders 里 paid_at 在这一天的订单的 buyer_id；6 月申请过退款的买家：refunds 里 6 月申请的"
        "退款，用 order_id 到 orders 里查 buyer_id（.map(orders.set_index(\"order_id\")[\"buyer_id\"])）。"
        "「一般」也算中差评，没成功的退款也算申请过。"],
        "scaffold": '''day = pd.Timestamp(练习1["day"])
paid_today = orders[(orders["paid_at"] >= day) & (orders["paid_at"] < day + pd.Timedelta(days=1))]
in_june = (refunds["applied_at"] >= "2025-06-01") & (refunds["applied_at"] < "2025-07-01")
# 退款的订单号 → 买家编号（orders 表里买家编号的列名是 buyer_id）
refund_buyers = refunds.loc[in_june, "order_id"].map(orders.set_index("order_id")[___])
q1 = set()
for letter, one in 练习1["sessions"].items():
    # 询单，而且当天付过款的买家（paid_today 的买家编号列）里没有他
    unpaid = one["inquiry"] == "是" and one["buyer_id"] not in set(paid_today[___])
    bad = one["rating"] in [___]                    # 中差评：哪两种评价？
    refunded = one["buyer_id"] in set(___)          # 6 月申请过退款的买家（上面算好的）
    # 满足任意一条就要优先抽查
    if unpaid or bad or refunded:
        q1.add(letter)'''},
    2: {"answer": "answer_reply_rate", "check": ["q2"], "hints": [
        "回复率 = 接待人数 ÷ 咨询人数。先想清楚：哪些买家算“被接待”？",
        "自动回复不是客服本人的回复：只收到自动回复的 2 位买家没有被接待，所以接待人数是 50 − 2。"]},
    3: {"answer": "answer_unanswered_sessions", "check": ["q3"], "hints": [
        "分三步：① 筛出这一周的会话；② 求每个会话买家第一条消息的时间；③ 求每个会话客服本人最后一条消息的时间。"
        "客服最后一条消息早于买家第一条消息（或根本没有）的会话，就是未接待会话。",
        "用 groupby(\"session_id\")[\"sent_at\"].min() 求买家第一条消息的时间，用 .max() 求客服最后一条；"
        "只看 sender == \"agent\" 的消息，自动回复 auto 不算。"
        "最后按会话的 agent_id 数会话个数：groupby(\"agent_id\").size()。"],
        "scaffold": '''start, end = 练习3["week"]
in_week = (sessions["started_at"] >= start) & (sessions["started_at"] < pd.Timestamp(end) + pd.Timedelta(days=1))
week = sessions[in_week]
week_msgs = messages[messages["session_id"].isin(week["session_id"])]
# 每个会话里买家第一条消息的时间
first_buyer = week_msgs[week_msgs["sender"] == ___].groupby("session_id")["sent_at"].___()
# 每个会话里客服本人最后一条消息的时间（自动回复不算）
last_agent = week_msgs[week_msgs["sender"] == ___].groupby("session_id")["sent_at"].___()
answered = last_agent.reindex(first_buyer.index) >= first_buyer
unanswered_ids = first_buyer.index[~answered]
q3 = week[week["session_id"].isin(unanswered_ids)].groupby(___).size()'''},
    4: {"answer": "answer_silent_orders", "check": ["q4"], "hints": [
        "三个条件同时成立：6 月创建、已经付款、没有归属客服。",
        "已付款：orders[\"paid_at\"].notna()；静默下单：orders[\"agent_id\"].isna()。"
        "6 月创建：created_at >= \"2025-06-01\" 并且 < \"2025-07-01\"。把条件用 & 连起来，再数行数。"],
        "scaffold": '''in_june = (orders["created_at"] >= "2025-06-01") & (orders["created_at"] < ___)
paid = orders["paid_at"].___()
silent = orders["agent_id"].___()
q4 = int((in_june & paid & silent).sum())'''},
    5: {"answer": "answer_aov_identity", "check": ["q5"], "hints": [
        "三个公式的分母各不相同：客单价除以付款买家数，客件数除以付款买家数，件均价除以商品件数。",
        "客单价 = 销售额 ÷ 买家数；客件数 = 件数 ÷ 买家数；件均价 = 销售额 ÷ 件数。"
        "验算：客件数 × 件均价 应该等于客单价。"]},
    6: {"answer": "answer_conversion_band", "check": [
        "conversion_band(0.25)", "conversion_band(0.35)", "conversion_band(0.45)",
        "conversion_band(0.55)", "conversion_band(0.65)"], "hints": [
        "从最高的区间开始判断：先问 rate 是否 ≥ 0.6，再问 ≥ 0.5……这样每个 if 只需要一个条件。",
        "区间含下限：0.4 属于“合格”，所以要用 >=，不能用 >。注意 0.4 是 40%，rate 是小数，不是百分数。"],
        "scaffold": '''if rate >= ___:
    return "优秀"
if rate >= ___:
    return "良好"
if rate >= ___:
    return ___
if rate >= ___:
    return "较低"
return ___'''},
    7: {"answer": "answer_first_response", "check": ["first_response_seconds(ex.example_session())"],
        "hints": [
        "先去掉自动回复（sender 为 auto 的行），再找买家第一条消息的时间，最后找在它当时或之后的第一条客服消息。",
        "买家第一条：msgs.loc[msgs[\"sender\"] == \"buyer\", \"sent_at\"].min()；客服回复要满足两个条件："
        "sender == \"agent\" 并且 sent_at >= 买家第一条。两个时间相减得到 Timedelta，用 .total_seconds() 变成秒。"
        "找不到时返回 None。"],
        "scaffold": '''msgs = msgs[msgs["sender"] != ___]              # 去掉自动回复
buyer = msgs.loc[msgs["sender"] == "buyer", "sent_at"]
if buyer.empty:
    return None
start = buyer.___()                              # 买家第一条消息的时间
replies = msgs.loc[(msgs["sender"] == "agent") & (msgs["sent_at"] >= ___), "sent_at"]
if replies.empty:
    return ___
return (replies.min() - start).___()'''},
    8: {"answer": "answer_refund_amount", "check": ["q8"], "hints": [
        "两步：先筛出 6 月申请、状态为 SUCCESS 的退款；再查出每笔退款对应订单的归属客服，按它汇总金额。",
        "orders.set_index(\"order_id\")[\"agent_id\"] 是“订单号 → 归属客服”的对照表；"
        "对退款的 order_id 用 .map(对照表) 得到归属客服，再 groupby(归属客服)[\"amount\"].sum()。"
        "不要用 refunds 表自己的 agent_id。"],
        "scaffold": '''in_june = (refunds["applied_at"] >= "2025-06-01") & (refunds["applied_at"] < "2025-07-01")
june_refunds = refunds[in_june & (refunds["status"] == ___)]
owner_of = orders.set_index("order_id")["agent_id"]      # 订单号 → 订单的归属客服
owner = june_refunds["order_id"].map(___)
q8 = june_refunds.groupby(owner)[___].sum()'''},
    9: {"answer": "answer_reply_dip", "check": ["low_agent", "low_day", "low_rate"], "hints": [
        "在 KPI 计算器里选中 4 位售前客服、设好这一周，把「趋势指标」换成「回复率」：折线图上最低的点就是答案。"
        "然后把开始、结束日期都设成那一天、只选这位客服，结果表里的「回复率」就是那一天的。",
        "用代码：kpi.daily_kpis(开始, 结束) 每天每位客服一行，索引是 (客服编号, 日期)；"
        "对 [\"reply_rate\"] 用 .sort_values(kind=\"stable\")，排在最前面的就是最低的点"
        "（一样低时编号小、日期早的在前）。回复率写成小数，不要乘 100。"],
        "scaffold": '''start, end = 练习9["week"]
daily = kpi.daily_kpis(start, end).loc[[___]]                  # 4 位售前客服的编号 "A01"…"A04"，每人每天一行
low = daily[___].sort_values(kind="stable").index[0]          # 回复率一列（reply_rate）最低的 (客服编号, 日期)
low_agent = low[0]
low_day = str(low[1])[:10]
low_rate = float(daily.loc[low, ___])                          # 那一天的回复率（reply_rate），小数'''},
    10: {"answer": "answer_lower_is_better", "check": ["q10"], "hints": [
        "逐个想：这个指标变大，说明服务变好还是变差？",
        "时间越长越差，退款越多越差；回复率、满意率、转化率都是越高越好。"]},
}
