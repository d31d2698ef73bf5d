"""Role-play scenarios of chapter 4, 售前 (see course/roleplay.py)."""

from __future__ import annotations

from course.roleplay import KEEP_IN_TOUCH, NUDGE, UNDERSTAND, WHEN, YOU, Branch, Scenario, Turn
from course.rules import RULES


def _free_at() -> int:
    """The shop's 满 X 元包邮 (course.rules), as the buyer hears it."""
    return int(RULES.promotions.free_shipping_at or 0)


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
    return {"product": picked[0], "price": picked[1], "buyer": nick, "free_at": _free_at()}


_VALUE = r"A ?级|新鲜|当天|花材|品质|包装|保鲜|营养液|手写|同城|鲜切"
_RULE_OFFER = r"贺卡|赠|送您|优惠券|包邮|满\s*\d+|活动价|已经是"

BARGAIN = Scenario(
    key="ch04.bargain", chapter="ch04", title="售前：嫌贵砍价的买家", grade_id="chat_bargain",
    answer="对话_砍价",
    brief=("买家「{buyer}」看中了「{product}」（{price} 元），嫌贵想砍价。店铺规定客服不能私下改价，"
           "但可以介绍商品的价值、店铺已有的优惠（满 {free_at} 元包邮等）和赠品（手写贺卡）。"
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



def _occasion_values() -> dict[str, object]:
    """Two rose bouquets of the learner's shop, one of its buyers and the order's details."""
    from course import data, variants

    products = data.load("products")
    roses = products[products["category"] == "玫瑰花束"].sort_values("price")
    rows = [(row.name, int(row.price)) for row in roses.itertuples(index=False)]
    pairs = [(*high, *low) for low, high in zip(rows, rows[1:], strict=False)
             if high[1] >= _free_at()] or [("红玫瑰19枝花束", 199, "红玫瑰11枝花束", 139)]
    default = next((pair for pair in pairs if pair[0] == "红玫瑰19枝花束"), pairs[0])
    customers = data.load("customers").sort_values("buyer_id")
    buyers = [(row.nick, row.city) for row in customers.itertuples(index=False)] or [("买家", "杭州")]
    picked = variants.current().params("roleplay.ch04.occasion", {
        "pair": (default, pairs), "buyer": (buyers[0], buyers),
        "day": ("下周六", ["下周六", "这周五", "下周三", "下周日"]),
        "receiver": ("林女士", ["林女士", "陈女士", "王女士", "周女士", "许女士"]),
        "card": ("十年快乐，余生也请多指教", ["十年快乐，余生也请多指教", "纪念日快乐，一直爱你",
                                       "谢谢你这些年的陪伴"]),
    })
    product, price, alt, alt_price = picked["pair"]
    nick, city = picked["buyer"]
    return {"product": product, "price": price, "alt": alt, "alt_price": alt_price,
            "buyer": nick, "city": city, "address": f"{city}市滨江路 88 号 3 栋 1201",
            "phone": "138****2046", "day": picked["day"], "receiver": picked["receiver"],
            "card": picked["card"], "free_at": _free_at()}


_RECOMMEND = (r"推荐|建议|更合适|更适合|适合|选.{0,8}(吧|就|更|比较)|寓意|象征|代表|花语|长长久久|一心一意|"
              r"隆重|大气|浪漫|有面子|心意|分量|饱满")
_ON_DATE = r"指定|预约|那天|当天|准时|按时|送到|送达|备注|日期|周[一二三四五六日天]|星期|\d+\s*[月号日]"
_FRESH = r"当天|现包|现做|现扎|新鲜|鲜切|A\s*级|保水|保鲜|花头|网套|冷链|到店|进货|花材"
_CARE = r"剪|换水|清水|营养液|阴凉|避光|空调|暖气|醒花|斜口|斜着|深水|水养"
_AFTERSALE = r"拍照|照片|图片|补发|重发|退款|售后|负责|处理|包赔"
_WHO_WHERE = r"收花人|收件人|地址|电话|手机|路|栋|楼|女士|先生"
_CARD = r"贺卡|卡片|祝福"
_THANKS = r"谢谢|感谢|祝|随时|期待|放心"

OCCASION = Scenario(
    key="ch04.occasion", chapter="ch04", title="售前：为纪念日挑花的犹豫买家", grade_id="chat_occasion",
    answer="对话_纪念日",
    brief=("买家「{buyer}」（{city}）想在{day}结婚纪念日给爱人送花，在「{product}」（{price} 元）和"
           "「{alt}」（{alt_price} 元）之间拿不定主意，还担心送不准时、花不新鲜。按售前接待八步来："
           "推荐并说明理由，讲清送达和新鲜度；买家拍下后做订单确认（送达时间、收花人和地址、贺卡内容）。"
           "本店做法：下午 4 点前付款当天发出，指定日期送达的按备注的日期安排；满 {free_at} 元包邮。"
           "不要把话说满：“绝对”“最新鲜”这类极限词是禁忌。"),
    start="open", values_of=_occasion_values,
    turns={
        "open": Turn(
            "在吗？{day}是我和爱人结婚纪念日，想订束花。{product}和{alt}哪个合适？那天能准时送到吗？",
            needs={"称呼买家": YOU, "推荐并说明理由": _RECOMMEND, "答复能否按日期送到": _ON_DATE},
            branches=(Branch("fresh", ("推荐并说明理由", "答复能否按日期送到")), Branch("unsure")),
            on_taboo="angry"),
        "unsure": Turn(
            "你说的我还是拿不定主意……到底选哪个？{day}一定要送到，送晚了就白买了。",
            needs={"推荐并说明理由": _RECOMMEND, "答复能否按日期送到": _ON_DATE},
            branches=(Branch("fresh", ("推荐并说明理由", "答复能否按日期送到")), Branch("lost")),
            on_taboo="angry"),
        "fresh": Turn(
            "好，就按你说的选。不过我有点担心，上次在别家买的花第二天就蔫了，你们的能放几天？",
            needs={"说明花材新鲜的依据": _FRESH, "教买家怎么养护": _CARE},
            branches=(Branch("order", ("说明花材新鲜的依据", "教买家怎么养护")), Branch("doubt")),
            on_taboo="angry"),
        "doubt": Turn(
            "嗯……那要是送到的时候就蔫了怎么办？",
            needs={"说明到货有问题怎么处理": _AFTERSALE, "推动下单": NUDGE},
            branches=(Branch("order", ("说明到货有问题怎么处理",)), Branch("lost")),
            on_taboo="angry"),
        "order": Turn(
            "行，我现在就拍。收花人{receiver}，电话 {phone}，地址{address}，{day}上午送到，"
            "贺卡写“{card}”。",
            needs={"核对送达时间": WHEN, "核对收花人和地址": _WHO_WHERE, "核对贺卡内容": _CARD,
                   "感谢或祝福": _THANKS},
            branches=(Branch("deal", ("核对送达时间", "核对收花人和地址", "核对贺卡内容")), Branch("unchecked")),
            on_taboo="angry"),
        "deal": Turn("对，都没错！你这么仔细我就放心了，{day}等花到。", result="成交，订单信息已核对",
                     success=True),
        "unchecked": Turn("嗯……等等，我发现地址填成了公司的旧地址，你们也不跟我核对一下？还好我自己看到了。",
                          result="成交，但客服没有核对订单信息"),
        "lost": Turn("算了，我再去别家看看吧。", result="买家流失"),
        "angry": Turn("你这话我听着不舒服，也不太敢信。算了，不买了。", result="买家生气离开"),
    },
)

SCENARIOS: list[Scenario] = [BARGAIN, OCCASION]
