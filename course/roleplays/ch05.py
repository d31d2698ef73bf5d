"""Role-play scenarios of chapter 5, 售中 (see course/roleplay.py)."""

from __future__ import annotations

from course.roleplay import SORRY, UNDERSTAND, WHEN, YOU, Branch, Scenario, Turn
from course.rules import RULES

#: The categories a buyer sends as a gift on a set day (fresh flowers).
FLOWERS = ("玫瑰花束", "康乃馨", "百合", "向日葵", "郁金香", "绣球", "洋桔梗", "配花")


def _flower_orders(status: str) -> list[tuple[str, str, str, str, float]]:
    """(order_id, buyer nick, city, flower, amount) of the learner's orders in ``status``
    with a fresh-flower line, by order id."""
    from course import data

    orders = data.load("orders")
    items = data.load("order_items").merge(data.load("products")[["sku", "name", "category"]], on="sku")
    items = items[items["category"].isin(FLOWERS)].drop_duplicates("order_id")
    customers = data.load("customers").set_index("buyer_id")
    chosen = orders[orders["status"] == status].merge(items[["order_id", "name"]], on="order_id")
    chosen = chosen[chosen["buyer_id"].isin(customers.index)].sort_values("order_id")
    return [(row.order_id, customers.at[row.buyer_id, "nick"], customers.at[row.buyer_id, "city"],
             row.name, float(row.paid_amount)) for row in chosen.itertuples(index=False)]


def _money(amount: float) -> str:
    """Money as a buyer writes it: 199, 107.10."""
    return f"{amount:.0f}" if float(amount).is_integer() else f"{amount:.2f}"


# -- 物流停滞: a parcel stalls before the buyer's date -----------------------------------------

def _stalled_values() -> dict[str, object]:
    """A shipped, not yet received flower order of the learner's shop."""
    from course import variants

    choices = _flower_orders("WAIT_BUYER_CONFIRM_GOODS") or [
        ("O20250620004979", "快乐的芒果", "杭州", "红玫瑰19枝花束", 199.0)]
    order = variants.current().params("roleplay.ch05.stalled", {"order": (choices[0], choices)})["order"]
    stalled = RULES.timeouts.parcel_stalled_hours
    return {"order_id": order[0], "buyer": order[1], "city": order[2], "product": order[3],
            "paid": _money(order[4]), "stalled": stalled, "hours": stalled + 6}


_CHECK = (r"查|核实|了解一下|联系.{0,6}(快递|顺丰|物流|站点|网点|小哥|配送)|问.{0,4}(快递|顺丰|物流|站点)|"
          r"催.{0,4}(快递|顺丰|物流|站点)")
_FACTS = r"中转|滞留|积压|后天|延误|耽误|停滞|卡在|压件|爆仓|天气|没有派送|还没派送"
_REMEDY = r"补发|重发|补送|同城|加急|重新(做|包|发|送|扎)|另送|再送|退款|退\s*\d|退您|退给您|退还"
_PARCEL = (r"拒收|不用签收|不用管|不用寄回|无需寄回|不需要寄回|不用退回|留着|送给您|送您了|拦截|退回|追回|"
           r"我们(来)?处理|我们(来)?联系|我们(来)?跟|不用您")
_FOLLOW_UP = r"通知|告诉您|发您|跟进|联系您|同步|单号|随时|第一时间"

STALLED = Scenario(
    key="ch05.stalled", chapter="ch05", title="售中：物流停滞，买家等着用花", grade_id="chat_stalled",
    answer="对话_物流",
    brief=("买家「{buyer}」（{city}）的订单 {order_id}（{product}，实付 {paid} 元）发货已经 {hours} 小时，"
           "物流一直没有更新，明天就要用花。本课程的参考线：同城当天、外地次日送到，发货超过 {stalled} 小时"
           "还没送到就当作物流停滞：先联系快递查原因，再主动把实情和预计时间告诉买家，给出方案。"
           "你联系顺丰后得知：包裹在中转站滞留，最快后天才能派送。店里能做的：明天上午安排{city}同城配送补送一束，"
           "或者按买家的意愿退款。目标：先安抚，再讲实情，给出说得清时间的方案，并说清原来的包裹怎么处理。"),
    start="open", values_of=_stalled_values,
    turns={
        "open": Turn(
            "订单 {order_id}，{product}。显示发货都 {hours} 个小时了，物流一直没更新！明天是我妈生日，"
            "到底能不能送到？",
            needs={"称呼买家": YOU, "先致歉或表示理解": f"{SORRY}|{UNDERSTAND}", "马上去查物流": _CHECK},
            branches=(Branch("facts", ("先致歉或表示理解", "马上去查物流")), Branch("fobbed")),
            on_taboo="angry"),
        "fobbed": Turn(
            "耐心等？都 {hours} 个小时没动静了，明天就要用！你们到底管不管？",
            needs={"先致歉或表示理解": f"{SORRY}|{UNDERSTAND}", "马上去查物流": _CHECK},
            branches=(Branch("facts", ("先致歉或表示理解", "马上去查物流")), Branch("lost")),
            on_taboo="angry"),
        "facts": Turn(
            "查到了吗？到底怎么回事，明天上午之前能不能送到？",
            needs={"如实说明原因": _FACTS, "给出补救方案": _REMEDY, "说清什么时候送到": WHEN},
            branches=(Branch("plan", ("给出补救方案", "说清什么时候送到")), Branch("vague")),
            on_taboo="angry"),
        "vague": Turn(
            "所以到底怎么办？明天能不能收到花，你给我个准话。",
            needs={"给出补救方案": _REMEDY, "说清什么时候送到": WHEN},
            branches=(Branch("plan", ("给出补救方案", "说清什么时候送到")), Branch("lost")),
            on_taboo="angry"),
        "plan": Turn(
            "我还是想明天收到花，那就同城补送一束吧，明天中午前送到就行。原来那个包裹到了怎么办？",
            needs={"确认送达时间": WHEN, "说清原包裹怎么处理": _PARCEL, "主动跟进": _FOLLOW_UP},
            branches=(Branch("solved", ("确认送达时间", "说清原包裹怎么处理")), Branch("parcel")),
            on_taboo="angry"),
        "parcel": Turn(
            "原来那个包裹到底怎么办？到了我要不要签收？",
            needs={"说清原包裹怎么处理": _PARCEL},
            branches=(Branch("solved", ("说清原包裹怎么处理",)), Branch("muddled")),
            on_taboo="angry"),
        "solved": Turn("好，那我等你们的消息。这次处理得还算靠谱，谢谢。", result="买家接受同城补送",
                       success=True),
        "muddled": Turn("说不清楚就算了，我直接申请退款吧。", result="买家申请退款"),
        "lost": Turn("不跟你说了，我直接申请退款，回头再给个差评。", result="买家申请退款并要给差评"),
        "angry": Turn("你这是什么态度？我要投诉你们！", result="买家生气要投诉"),
    },
)


# -- 催付: a buyer who ordered and has not paid ----------------------------------------------

def _unpaid_values() -> dict[str, object]:
    """An unpaid flower order of the learner's shop and the course's 催付 rules."""
    from course import variants

    choices = _flower_orders("WAIT_BUYER_PAY") or [
        ("O20250627005311", "快乐的芒果", "杭州", "红玫瑰11枝花束", 139.0)]
    order = variants.current().params("roleplay.ch05.unpaid", {"order": (choices[0], choices)})["order"]
    return {"order_id": order[0], "buyer": order[1], "product": order[3], "amount": _money(order[4]),
            "close_hours": RULES.chasing.close_hours, "max_reminders": RULES.chasing.max_reminders,
            "quiet": f"{RULES.chasing.quiet_start_hour}:00–{RULES.chasing.quiet_end_hour:02d}:00"}


def _close_pattern() -> str:
    """How a reply states the course's close time: 72 小时, 3 天, 三天…"""
    hours = RULES.chasing.close_hours
    said = [rf"{hours}\s*个?\s*小时"]
    if hours % 24 == 0:
        days = hours // 24
        said += [rf"{days}\s*天", "一二三四五六七八九十"[days - 1] + "天" if 0 < days <= 10 else ""]
    return "|".join(s for s in said if s)


_ARRIVE = r"明天|当天|次日|送到|送达|能到"
_CUTOFF = r"16\s*[点:：]|下午\s*4\s*点|下午四点|4\s*点前|四点前|截单|几点前|点前付款|之前付款|前付款"
_ROOM = r"不着急|不急|慢慢|方便的时候|方便时|您方便|没关系|不用急|有空|随时|看您|您决定"
_IN_ORDER = r"淘宝|订单里|订单中|订单页|平台|担保|交易安全|安全|保障"
_PAY_WAYS = r"花呗|银行卡|储蓄卡|信用卡|找朋友|代付|亲友|朋友帮|余额|支付宝|网银"
#: The course's 催付禁忌 (chapter 5, course.chasing) a chat can break: pressing, paying off Taobao.
_PRESSURE = (r"赶紧|赶快|快点|抓紧|尽快付|马上付|立刻付|立即付|再不付|不付款就|不付就|过时不候|就没了|"
             r"别犹豫|必须.{0,4}付|催您")
_OFF_SITE = (r"(加|添加|加一下)(我|我们|一下|个)?的?\s*(微信|vx|VX|v信|V信|QQ|qq)|微信号|"
             r"(微信|vx|VX|支付宝)\s*(转|付)\s*(给我|我|过来|到我)|转(账)?给我|私下(转|交易|付)|收款码|二维码|"
             r"扫.{0,4}码|线下(付|交易|转)")
_CHASING_TABOOS = {"催促施压（催付禁忌）": _PRESSURE, "引导站外付款（催付禁忌）": _OFF_SITE}

UNPAID = Scenario(
    key="ch05.unpaid", chapter="ch05", title="售中：拍下没付款的买家", grade_id="chat_unpaid",
    answer="对话_催付",
    brief=("买家「{buyer}」拍下了「{product}」（{amount} 元）还没付款，来问能不能明天送到。"
           "本店做法：下午 4 点前付款当天发出，外地次日送到；过了 4 点的付款第二天发。"
           "课程的催付规则：未付款订单拍下后 {close_hours} 小时自动关闭；每单最多催 {max_reminders} 次，"
           "{quiet} 不发；不威胁、不施压、不重复同一句话，不引导站外付款。目标：解决买家的顾虑，"
           "如实说明时间，给买家留余地，让他在淘宝订单里付款。"),
    start="open", values_of=_unpaid_values,
    turns={
        "open": Turn(
            "我刚拍了{product}，{amount} 元，还没付款。想问下今天付的话，明天能送到吗？是给我妈过生日的。",
            needs={"称呼买家": YOU, "答复能否明天送到": _ARRIVE, "说明付款的截单时间": _CUTOFF},
            branches=(Branch("later", ("答复能否明天送到", "说明付款的截单时间")), Branch("unclear")),
            on_taboo="doubtful", taboos=_CHASING_TABOOS),
        "unclear": Turn(
            "你说的我没太明白，到底几点前付款，明天才能送到？",
            needs={"说明付款的截单时间": _CUTOFF},
            branches=(Branch("later", ("说明付款的截单时间",)), Branch("lost")),
            on_taboo="doubtful", taboos=_CHASING_TABOOS),
        "later": Turn(
            "行，那我下班回家再付吧。订单不会被取消吧？",
            needs={"如实说明订单保留多久": _close_pattern(), "提醒截单时间（不是催）": _CUTOFF,
                   "给买家留余地": _ROOM},
            branches=(Branch("pay", ("如实说明订单保留多久", "提醒截单时间（不是催）")), Branch("missed")),
            on_taboo="annoyed", taboos=_CHASING_TABOOS),
        "pay": Turn(
            "哦对，下班就过 4 点了。那我趁午休现在付吧。花呗额度不够了，我加你微信直接转给你行吗？",
            needs={"请买家在淘宝订单里付款": _IN_ORDER, "给出平台内的付款办法": _PAY_WAYS},
            branches=(Branch("deal", ("请买家在淘宝订单里付款", "给出平台内的付款办法")), Branch("how")),
            on_taboo="doubtful", taboos=_CHASING_TABOOS),
        "how": Turn(
            "那我到底怎么付？花呗额度不够啊。",
            needs={"给出平台内的付款办法": _PAY_WAYS},
            branches=(Branch("deal", ("给出平台内的付款办法",)), Branch("lost")),
            on_taboo="doubtful", taboos=_CHASING_TABOOS),
        "deal": Turn("好，我换银行卡在订单里付了，贺卡写“妈妈生日快乐”。", result="买家付款", success=True),
        "missed": Turn("（晚上 8 点）我付好了，明天能到吧？……什么，过了下午 4 点要明天才发？你怎么不早说！",
                       result="买家付了款，但错过了截单时间"),
        "lost": Turn("算了，太麻烦了，不买了。", result="买家没有付款"),
        "annoyed": Turn("我都说了会付，你这么催干嘛？不买了。", result="买家反感，没有付款"),
        "doubtful": Turn("你这么说我反而不放心了，算了，不买了。", result="买家不放心，没有付款"),
    },
)

SCENARIOS: list[Scenario] = [STALLED, UNPAID]
