"""Role-play scenarios of chapter 4, 售前 (see course/roleplay.py)."""

from __future__ import annotations

from course.roleplay import KEEP_IN_TOUCH, NUDGE, UNDERSTAND, YOU, Branch, Scenario, Turn

def _bargain_values() -> dict[str, object]:
    """A dear product of the learner's shop and one of its buyers."""
    from course import data, variants

    products = data.load("products")
    dear = products[products["price"] >= 150].sort_values("sku")
    choices = [(row.name, int(row.price)) for row in dear.itertuples(index=False)] or [("玫瑰花束", 199)]
    picked = variants.current().params("roleplay.ch04.bargain",
                                       {"product": (choices[0], choices)})["product"]
    buyers = data.load("customers").sort_values("buyer_id")["nick"].tolist()
    nick = variants.current().params("roleplay.ch04.bargain.buyer",
                                     {"nick": (buyers[0], buyers)})["nick"] if buyers else "买家"
    return {"product": picked[0], "price": picked[1], "buyer": nick}


_VALUE = r"A ?级|新鲜|当天|花材|品质|包装|保鲜|营养液|手写|同城|鲜切"
_RULE_OFFER = r"贺卡|赠|送您|优惠券|包邮|满\s*\d+|活动价|已经是"

BARGAIN = Scenario(
    key="ch04.bargain", chapter="ch04", title="售前：嫌贵砍价的买家", grade_id="chat_bargain",
    answer="对话_砍价",
    brief=("买家「{buyer}」看中了「{product}」（{price} 元），嫌贵想砍价。店铺规定客服不能私下改价，"
           "但可以介绍商品的价值、店铺已有的优惠（满 99 元包邮等）和赠品（手写贺卡）。"
           "目标：不降价、不得罪人，让买家愿意下单。"),
    start="open", values_of=_bargain_values,
    turns={
        "open": Turn(
            "{product}要 {price} 块也太贵了吧，别家才卖一百出头，便宜点呗？",
            needs={"称呼买家": YOU, "表示理解": UNDERSTAND, "说明商品的价值": _VALUE},
            branches=(Branch("gift", ("表示理解", "说明商品的价值")), Branch("push")),
            on_taboo="angry"),
        "push": Turn(
            "说来说去还是贵，再便宜二十我马上买。",
            needs={"说明商品的价值": _VALUE, "委婉说明不能改价": r"不能|无法|没办法|抱歉|统一|活动价|已经是"},
            branches=(Branch("gift", ("说明商品的价值", "委婉说明不能改价")), Branch("lost")),
            on_taboo="angry"),
        "gift": Turn(
            "听你这么说还行……那能不能送点什么？我是买给女朋友过生日的。",
            needs={"给出店铺规则内的赠品或优惠": _RULE_OFFER, "关心买家的用途": r"生日|女朋友|祝福|心意|惊喜",
                   "推动下单": NUDGE},
            branches=(Branch("deal", ("给出店铺规则内的赠品或优惠", "推动下单")), Branch("hesitate")),
            on_taboo="angry"),
        "hesitate": Turn(
            "嗯……我再看看吧。",
            needs={"温和地促成": NUDGE, "留住买家（随时联系）": KEEP_IN_TOUCH},
            branches=(Branch("deal", ("温和地促成",)), Branch("lost")),
            on_taboo="angry"),
        "deal": Turn("好吧，那我现在就拍下，贺卡上写“生日快乐”哈！", result="成交", success=True),
        "lost": Turn("算了，我去别家看看。", result="买家流失"),
        "angry": Turn("你这是什么态度？我要投诉你们！", result="买家生气要投诉"),
    },
)

SCENARIOS: list[Scenario] = [BARGAIN]
