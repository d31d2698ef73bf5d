"""Role-play scenarios of chapter 6, 售后 (see course/roleplay.py)."""

from __future__ import annotations

from course.roleplay import SORRY, UNDERSTAND, WHEN, YOU, Branch, Scenario, Turn
from course.roleplays.ch05 import FLOWERS, _money
from course.rules import RULES


def _line_of(order_ids: list[str]) -> dict[str, tuple[str, float]]:
    """order_id → (flower, its paid amount) for each order of ``order_ids`` with a flower line."""
    from course import data

    items = data.load("order_items").merge(data.load("products")[["sku", "name", "category"]], on="sku")
    items = items[items["order_id"].isin(order_ids) & items["category"].isin(FLOWERS)]
    return {row.order_id: (row.name, float(row.paid_amount))
            for row in items.drop_duplicates("order_id").itertuples(index=False)}


def _nicks() -> dict[str, str]:
    from course import data

    return data.load("customers").set_index("buyer_id")["nick"].to_dict()


# -- 花材枯萎: a refund dispute with photos -----------------------------------------------------

def _wilted_values() -> dict[str, object]:
    """A 花材枯萎 refund of the learner's shop: its buyer, flower and the line's paid amount."""
    from course import data, variants

    refunds = data.load("refunds")
    refunds = refunds[refunds["reason"] == "花材枯萎"].sort_values("refund_id")
    orders = data.load("orders").set_index("order_id")
    lines, nicks = _line_of(refunds["order_id"].tolist()), _nicks()
    choices = [(row.order_id, nicks[orders.at[row.order_id, "buyer_id"]], *lines[row.order_id])
               for row in refunds.itertuples(index=False)
               if row.order_id in lines and orders.at[row.order_id, "buyer_id"] in nicks]
    choices = list(dict.fromkeys(choices)) or [("O20240706000038", "快乐的芒果", "红玫瑰19枝花束", 199.0)]
    order = variants.current().params("roleplay.ch06.wilted", {"order": (choices[0], choices)})["order"]
    return {"order_id": order[0], "buyer": order[1], "product": order[2], "paid": _money(order[3]),
            "silent_days": RULES.timeouts.refund_shipped_silent_days}


_SAW = r"照片|图片|看到|看了|收到.{0,4}图|核实|确认|确实"
_REMEDY = r"补发|重发|补送|换货|换一束|重新(发|做|包|送|扎)|退款|退\s*\d|退您|退给您|退还|部分退|全额退"
_AMOUNT_OR_TIME = rf"\d+(\.\d+)?\s*元|全额|{WHEN}|马上|立刻|立即"
_CHOICE = r"或者|还是|两种|两个|您选|您看|任选|选一|哪种|哪个"
_NO_RETURN = (r"不用寄回|无需寄回|不需要寄回|不用退回|无需退回|不需要退回|不用寄|不需要寄|不用还|留着|"
              r"您处理|不用管|不必寄|不用您寄")
_FOLLOW_UP = r"单号|通知|告诉您|发您|跟进|联系您|随时|提醒您|同步"
#: Shifting the blame: the 售后 of chapter 6 forbids it ("鲜花签收后不支持退换").
_DENY = (r"不支持退|不退不换|不予退|概不退|不能退|不退的|不给退|不退款|生鲜.{0,8}不(支持|能|退|售后)|"
         r"签收.{0,6}不(支持|能|退)|不是我们的(问题|责任)|你自己.{0,6}(问题|没|不会)|自己(没|不会).{0,4}(养|护|放)")

WILTED = Scenario(
    key="ch06.wilted", chapter="ch06", title="售后：花到了就蔫了，买家要退款", grade_id="chat_wilted",
    answer="对话_枯萎",
    brief=("买家「{buyer}」今天签收了订单 {order_id} 的「{product}」（这一件分摊后实付 {paid} 元），"
           "发来照片：一半花头下垂、叶子发黄，明天还要送人。花材枯萎是店铺一方的责任：先道歉、看照片，"
           "再给出说得清金额和时间的方案（比如明天上午补发，或者按实付退款），说清要不要寄回。"
           "课程规则：已发货订单的退款申请，卖家 {silent_days} 天不处理就视为同意，但不要拖到那时候。"
           "“鲜花签收后不支持退换”这种推卸的话是禁忌。"),
    start="open", values_of=_wilted_values,
    turns={
        "open": Turn(
            "今天收到的{product}，一半花头都耷拉着，叶子也黄了，照片发你了！明天还要送人，这让我怎么送？",
            needs={"称呼买家": YOU, "先道歉": SORRY, "回应照片、核实问题": _SAW},
            branches=(Branch("plan", ("先道歉", "回应照片、核实问题")), Branch("cold")),
            on_taboo="escalate", taboos={"推卸责任（售后禁忌）": _DENY}),
        "cold": Turn(
            "就这？花都蔫成这样了，你们连句道歉都没有？",
            needs={"先道歉": SORRY, "表示理解": f"{UNDERSTAND}|{SORRY}"},
            branches=(Branch("plan", ("先道歉",)), Branch("escalate_quiet")),
            on_taboo="escalate", taboos={"推卸责任（售后禁忌）": _DENY}),
        "plan": Turn(
            "那你们打算怎么处理？我明天还要用。",
            needs={"给出补救方案": _REMEDY, "说清金额或时间": _AMOUNT_OR_TIME, "给买家选择": _CHOICE},
            branches=(Branch("choose", ("给出补救方案", "说清金额或时间")), Branch("vague")),
            on_taboo="escalate", taboos={"推卸责任（售后禁忌）": _DENY}),
        "vague": Turn(
            "“尽快处理”是多快？到底是退款还是补发，退多少、什么时候到，你说清楚。",
            needs={"给出补救方案": _REMEDY, "说清金额或时间": _AMOUNT_OR_TIME},
            branches=(Branch("choose", ("给出补救方案", "说清金额或时间")), Branch("escalate_quiet")),
            on_taboo="escalate", taboos={"推卸责任（售后禁忌）": _DENY}),
        "choose": Turn(
            "我还是想要花，能补发吗？明天上午十点前能送到吗？这束蔫的要不要寄回去？",
            needs={"确认送达时间": WHEN, "说明不用寄回": _NO_RETURN, "主动跟进": _FOLLOW_UP},
            branches=(Branch("solved", ("确认送达时间", "说明不用寄回")), Branch("unclear")),
            on_taboo="escalate", taboos={"推卸责任（售后禁忌）": _DENY}),
        "unclear": Turn(
            "到底要不要寄回？寄回的运费谁出？",
            needs={"说明不用寄回": _NO_RETURN},
            branches=(Branch("solved", ("说明不用寄回",)), Branch("escalate_quiet")),
            on_taboo="escalate", taboos={"推卸责任（售后禁忌）": _DENY}),
        "solved": Turn("行，那我等明天的花。这次处理得还挺快，谢谢。", result="补发解决，买家满意", success=True),
        "escalate_quiet": Turn("说了半天也没个准话，我直接申请平台介入了。", result="买家申请平台介入"),
        "escalate": Turn("你们就是不想负责是吧？我申请平台介入，再给个带图差评！", result="买家生气，申请平台介入"),
    },
)


# -- 差评与改评: a buyer wants money for changing a bad review -----------------------------------

def _review_values() -> dict[str, object]:
    """A 差评 of the learner's shop: its buyer, flower, text, and the course's review rules."""
    from course import data, variants

    reviews = data.load("reviews")
    reviews = reviews[reviews["rating"] == "差评"].sort_values(["created_at", "order_id"])
    lines, nicks = _line_of(reviews["order_id"].tolist()), _nicks()
    choices = [(row.order_id, nicks[row.buyer_id], *lines[row.order_id], row.text)
               for row in reviews.itertuples(index=False) if row.order_id in lines and row.buyer_id in nicks]
    choices = choices or [("O20240705000029", "快乐的芒果", "红玫瑰19枝花束", 199.0, "送晚了，错过了生日")]
    picked = variants.current().params("roleplay.ch06.review", {"review": (choices[0], choices),
                                                                 "ask": (30, [20, 30, 50])})
    order = picked["review"]
    return {"order_id": order[0], "buyer": order[1], "product": order[2], "paid": _money(order[3]),
            "review": order[4], "ask": picked["ask"], "change_days": RULES.timeouts.review_change_days}


_BENEFIT = r"(返|红包|退|补偿|优惠券|券|送您|赠|礼品|礼物|现金|打款|转给|转账|钱|块|元)"
_REVIEW = r"(好评|评价|差评|五星|评分|评论|追评)"
_CHANGE = r"(改|删|撤|修改|更新|追加|换成)"
_ASK_GOOD = r"(给|打|追加|写|留|晒)个?[^。！？!?，,]{0,2}(好评|五星)"
_CHANGE_REVIEW = (rf"({_CHANGE}[^。！？!?，,；;]{{0,6}}{_REVIEW}|{_REVIEW}[^。！？!?，,；;]{{0,4}}{_CHANGE}"
                  rf"|{_ASK_GOOD})")
#: Benefits traded for a review: "改成好评就返您 20 元", "退您 30 元，麻烦把评价改一下",
#: "给个五星好评，送您一张券", "红包马上发您" (to a buyer who asked a 红包 for his review).
_TRADE = (rf"{_CHANGE_REVIEW}[^。！？!?]{{0,12}}(就|后|之后|以后|的话|再|马上|立刻)[^。！？!?]{{0,12}}{_BENEFIT}|"
          rf"{_ASK_GOOD}[^。！？!?]{{0,16}}{_BENEFIT}|"
          rf"{_BENEFIT}[^。！？!?]{{0,16}}(麻烦|请|辛苦|记得|帮忙|顺便|然后|那就|您就|换|帮我们)"
          rf"[^。！？!?]{{0,8}}{_CHANGE_REVIEW}|{_BENEFIT}[^。！？!?]{{0,16}}{_ASK_GOOD}|"
          r"红包|返现|返您")
_NO_TRADE = {"用好处换评价（评价禁忌）": _TRADE}
_REFUSE_TRADE = (r"(不能|不会|不可以|没办法|无法|不允许|不做|不搞|不提供|不参与|做不了)"
                 r".{0,12}(返|红包|换|交换|条件|现金|钱)|"
                 r"评价.{0,12}(由您|您决定|您的权利|自愿|真实|如实|自由)|(真实|如实|自愿|客观).{0,6}评|"
                 r"和评价(没有)?(无关|没关系)|与评价无关|跟评价(无关|没关系)|不以.{0,6}评|不需要您改|不用改|"
                 r"改不改.{0,6}(由|看|都)|违规|平台.{0,6}(禁止|不允许)")
_RESPECT = r"由您|您决定|您自己|自愿|不改也|不方便也|没关系|尊重|都可以|看您|您的权利"


def _change_rule() -> str:
    days = RULES.timeouts.review_change_days
    return rf"{days}\s*天|一次"


REVIEW = Scenario(
    key="ch06.review", chapter="ch06", title="售后：差评买家要红包才改评", grade_id="chat_review",
    answer="对话_差评",
    brief=("买家「{buyer}」买的「{product}」（实付 {paid} 元）给了差评：“{review}”。现在买家找来，"
           "说返 {ask} 元红包就改成好评。课程规则：用返现、红包、赠品换好评或改评是禁止的，补偿只能针对问题本身；"
           "买家可以在评价后 {change_days} 天内把中评、差评修改一次，改不改由买家决定。目标：不拿好处换评价，"
           "但要真心解决买家遇到的问题（说清金额或时间），最后如实告诉买家改评的规则。"),
    start="open", values_of=_review_values,
    turns={
        "open": Turn(
            "我给的差评“{review}”你们也看到了吧。想让我改成好评？行啊，返我 {ask} 块红包，我马上改。",
            needs={"称呼买家": YOU, "为买家遇到的问题道歉": SORRY, "不拿好处换评价": _REFUSE_TRADE},
            branches=(Branch("problem", ("不拿好处换评价",)), Branch("push")),
            on_taboo="reported", taboos=_NO_TRADE),
        "push": Turn(
            "你就说给不给吧。不给红包，差评就一直挂着。",
            needs={"不拿好处换评价": _REFUSE_TRADE, "为买家遇到的问题道歉": SORRY},
            branches=(Branch("problem", ("不拿好处换评价",)), Branch("stays")),
            on_taboo="reported", taboos=_NO_TRADE),
        "problem": Turn(
            "说得好听。那我这单的问题呢？{review}，你们就不管了？",
            needs={"为买家遇到的问题道歉": SORRY, "针对问题给出补救": _REMEDY + r"|赔|补偿|优惠券",
                   "说清金额或时间": _AMOUNT_OR_TIME},
            branches=(Branch("after", ("针对问题给出补救", "说清金额或时间")), Branch("stays")),
            on_taboo="reported", taboos=_NO_TRADE),
        "after": Turn(
            "嗯，这样还算有诚意。那差评我还能改吗？改不改我再想想。",
            needs={"如实说明改评规则": _change_rule(), "尊重买家的决定": _RESPECT},
            branches=(Branch("closed", ("如实说明改评规则", "尊重买家的决定")), Branch("unsure")),
            on_taboo="reported", taboos=_NO_TRADE),
        "closed": Turn("好，我自己看着办。谢谢你们这次处理。", result="问题解决，评价由买家自己决定", success=True),
        "unsure": Turn("改不改、怎么改你也说不清……算了，就这样吧。", result="问题解决，但没说清改评规则"),
        "stays": Turn("那就这样吧，差评我挂着。", result="差评没有改，买家流失"),
        "reported": Turn("行，你们说的话我都截图了，等着平台处理吧。", result="犯了禁忌，买家截图举报"),
    },
)

SCENARIOS: list[Scenario] = [WILTED, REVIEW]
