"""Chapter 1: the parameters of each student's own questions (see course/exercises/__init__.py)."""

from itertools import permutations, product

#: 练习 4 and 5 read the shop's own chats (course.chats): a kind is (who wrote first, the one
#: topic the buyer asks about). Questions before buying, an agent's check after a payment,
#: a parcel not yet arrived and trouble after delivery.
PRESALE_KINDS = tuple(("buyer", t) for t in ("包邮", "发货时间", "指定日期", "贺卡", "新鲜度", "尺寸",
                                             "优惠", "议价", "同城配送", "选品推荐", "送妈妈", "加购花瓶"))
FOLLOW_UP_KINDS = (("agent", "改地址"), ("agent", "指定日期"), ("agent", "贺卡"))
PARCEL_KIND = ("buyer", "物流")
AFTER_SALE_KINDS = (("buyer", "花材蔫了"), ("buyer", "少件"), ("buyer", "包装破损"), ("buyer", "退款"))

#: 练习 5: chats whose matter someone else takes over (a situation of the explorer).
HANDOVER_KINDS = (("agent", "改地址"), ("agent", "贺卡"), PARCEL_KIND, ("buyer", "花材蔫了"),
                  ("buyer", "退款"))


def _stage_kinds() -> list[tuple]:
    """Four chats in a shown order: one question before buying, one check after a payment,
    one parcel on its way and one trouble after delivery (each stage, and 售中 twice)."""
    return [order for four in product(PRESALE_KINDS, FOLLOW_UP_KINDS, [PARCEL_KIND], AFTER_SALE_KINDS)
            for order in permutations(four)]


PARAMS = {
    # 练习 4: the kinds of the four chats, in the order shown, and which case of each kind
    "q4": {"kinds": ((("buyer", "同城配送"), ("buyer", "退款"), ("agent", "改地址"), PARCEL_KIND),
                     _stage_kinds),
           "k": (0, list(range(12)))},
    # 练习 5: the kind of the chat and which case of it
    "q5": {"kind": (("buyer", "花材蔫了"), list(HANDOVER_KINDS)), "k": (0, list(range(12)))},
    # 练习 7: which of the follow-up chats whose note is easy to put on the wrong order
    "q7": {"k": (0, list(range(60)))},
}
