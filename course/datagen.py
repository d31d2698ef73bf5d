"""Deterministic generator of the 花卉知六 shop data set (the CSVs in ``data/``).

Everything comes from one ``random.Random(seed)``; money is handled in integer
cents and times are whole seconds, so the output is byte-for-byte the same on
every machine. ``scale`` multiplies the number of customers, orders and chats
(the committed data uses ``scale=1``; benchmarks use larger scales).

Run ``python -m course.datagen [--scale N] [--out DIR]`` to regenerate. The tables and
their columns (the schema) are defined in :mod:`course.data`.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
from bisect import bisect_left
from datetime import date, datetime, timedelta
from itertools import accumulate
from pathlib import Path

from course.chatscripts import (
    BUYER_TYPE_CHATS,
    LOGISTICS_ASKS,
    LOGISTICS_HOLD,
    RECEPTION_CHATS,
    RECEPTION_SKIPS,
)
from course.data import COLUMNS, KEPT_BUYERS_FILE, TIME_FORMAT
from course.rules import RULES

SEED = 20250630
#: The moment the shop exported its data: the course's "now".
SNAPSHOT = datetime(2025, 6, 30, 21, 0, 0)
#: Orders span twelve months; chats, messages and reminders the last 30 days.
ORDERS_FROM = datetime(2024, 7, 1)
CHATS_FROM = datetime(2025, 6, 1)

AGENTS = [
    # agent_id, name, role, hired_on, first-response median (s), conversion, rating skill.
    # The ch09 story: 小A converts (above the 60% target) and sells best but rushes buyers
    # (lower 满意率); 小B is the most patient (highest 满意率) and converts less, so the default
    # scorecard ranks 小A first and one that weighs 满意率 more ranks 小B first. The gaps are
    # wide enough to hold in every student's variant (tests/course/test_datagen.py).
    ("A01", "小A", "售前", "2023-03-01", 7, 0.72, 0.86),
    ("A02", "小B", "售前", "2023-09-15", 11, 0.40, 0.99),
    ("A03", "小C", "售前", "2024-11-01", 32, 0.33, 0.80),
    ("A04", "小D", "售前", "2024-03-10", 14, 0.46, 0.93),
    ("A05", "小E", "售后", "2023-05-20", 18, 0.0, 0.90),
    ("A06", "小F", "售后", "2024-08-01", 24, 0.0, 0.88),
]
PRESALE_WEIGHTS = [0.30, 0.28, 0.22, 0.20]

PRODUCTS = [
    # sku, name, category, price (元)
    ("HF001", "红玫瑰11枝花束", "玫瑰花束", "139.00"),
    ("HF002", "红玫瑰19枝花束", "玫瑰花束", "199.00"),
    ("HF003", "红玫瑰33枝花束", "玫瑰花束", "329.00"),
    ("HF004", "粉玫瑰11枝花束", "玫瑰花束", "149.00"),
    ("HF005", "香槟玫瑰混搭花束", "玫瑰花束", "169.00"),
    ("HF006", "白玫瑰9枝花束", "玫瑰花束", "119.00"),
    ("HF007", "康乃馨19枝花束", "康乃馨", "109.00"),
    ("HF008", "康乃馨百合混搭花束", "康乃馨", "159.00"),
    ("HF009", "香水百合4枝", "百合", "99.00"),
    ("HF010", "白百合6枝花束", "百合", "129.00"),
    ("HF011", "向日葵5枝花束", "向日葵", "89.00"),
    ("HF012", "向日葵毕业花束", "向日葵", "119.00"),
    ("HF013", "满天星大花束", "配花", "79.00"),
    ("HF014", "郁金香10枝", "郁金香", "128.00"),
    ("HF015", "绣球花束", "绣球", "149.00"),
    ("HF016", "洋桔梗花束", "洋桔梗", "99.00"),
    ("HF017", "永生花玫瑰礼盒", "永生花", "268.00"),
    ("HF018", "永生花小熊摆件", "永生花", "199.00"),
    ("HF019", "每周一花包月（4次）", "鲜花订阅", "199.00"),
    ("HF020", "家居插花周花", "鲜花订阅", "59.00"),
    ("HF021", "开业花篮", "花篮", "388.00"),
    ("HF022", "商务桌花", "花篮", "168.00"),
    ("HF023", "绿萝盆栽", "绿植", "39.00"),
    ("HF024", "多肉拼盘", "绿植", "49.00"),
    ("HF025", "发财树中号", "绿植", "158.00"),
    ("HF026", "玻璃花瓶", "花器配件", "29.00"),
    ("HF027", "手写贺卡", "花器配件", "5.00"),
    ("HF028", "鲜花营养液（5包）", "花器配件", "9.90"),
    ("HF029", "小熊公仔", "花器配件", "35.00"),
    ("HF030", "巧克力礼盒", "花器配件", "59.00"),
]
ADD_ONS = ["HF026", "HF027", "HF028", "HF029", "HF030"]

CITIES = [
    "杭州", "上海", "北京", "广州", "深圳", "南京", "苏州", "成都", "武汉",
    "西安", "长沙", "重庆", "天津", "宁波", "厦门", "郑州", "合肥", "青岛",
]
NICK_HEADS = ["快乐的", "安静的", "甜甜的", "追风的", "爱笑的", "努力的", "慢吞吞的", "会飞的"]
NICK_TAILS = ["小鹿", "柠檬", "向日葵", "猫咪", "星星", "橘子", "芒果", "小熊", "云朵", "茉莉"]

# Days with extra demand: (month, day, multiplier, spread in days).
FESTIVALS = [
    (2, 14, 6.0, 3),  # 情人节
    (3, 8, 2.5, 2),  # 妇女节
    (5, 11, 4.0, 3),  # 母亲节 2025
    (5, 20, 4.0, 2),  # 520
    (8, 10, 4.0, 2),  # 七夕 2024
    (9, 10, 2.5, 2),  # 教师节
    (11, 11, 2.5, 1),  # 双11
    (12, 24, 2.0, 2),  # 平安夜
    (6, 20, 1.6, 10),  # 毕业季
]
HOUR_WEIGHTS = [1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 1.5, 2.5, 4, 5, 5, 4.5, 4, 4.5, 5, 5, 4.5, 4,
                5, 6, 6.5, 5, 3]

# ---- chat text ------------------------------------------------------------
GREETINGS = ["在吗", "你好", "亲，在吗？", "您好", "有人吗", "老板在吗", "hello，在不在"]
AUTO_REPLY = [
    "亲，欢迎光临花卉知六！客服正在赶来，请稍等片刻哦~",
    "您好，花卉知六客服已收到您的消息，马上为您服务~",
    "亲，当日16点前下单同城当天送达，外地次日达哦，有问题请留言~",
]
AGENT_HELLO = [
    "在的亲，我是客服{name}，很高兴为您服务~",
    "亲，您好！我是{name}，请问有什么可以帮您？",
    "在的呢亲，{name}为您服务，请问想看看哪款花呢？",
]
PRESALE_QA = [
    ("这款包邮吗", "亲，满99元全国包邮哦，这款是包邮的~"),
    ("今天下单什么时候发货", "亲，16点前付款当天发货，之后的次日一早发出哦"),
    ("可以指定日期送吗？周六是她生日", "可以的亲，下单时备注送达日期就好，我们会准时安排配送~"),
    ("能写贺卡吗", "可以的亲，手写贺卡5元一张，和花一起拍下，把想写的话发给我就行~"),
    ("花是新鲜的吗，会不会蔫", "亲放心，都是当天从基地到店的鲜花，发货前会拍照给您确认~"),
    ("这束花大概多大尺寸", "亲，这款高约55厘米、宽约35厘米，拿在手里很有分量哦"),
    ("有优惠吗", "亲，店铺现在满200减20，领券下单更划算哦"),
    ("能便宜点吗", "亲，价格已经是活动价啦，我送您一张手写贺卡好吗~"),
    ("同城能送到吗，我在{city}", "可以的亲，{city}同城配送，一般3小时内送达"),
    ("红玫瑰和粉玫瑰哪个好", "亲，表白送红玫瑰更热烈，送朋友或长辈粉玫瑰更温柔哦"),
    ("有没有适合送妈妈的", "亲，推荐康乃馨百合混搭，寓意健康长寿，很多顾客买来送妈妈~"),
    ("可以开发票吗", "可以的亲，下单后把抬头和税号发给我，我们随货寄出"),
    ("能不能加一个花瓶", "可以的亲，玻璃花瓶29元，和花一起拍就好~"),
    ("下单后能改地址吗", "亲，发货前都可以改，把新地址发给我就行"),
]
POSTSALE_QA = [
    ("花收到了，有几枝有点蔫", "非常抱歉亲！麻烦拍张照片给我，我们马上为您补发或部分退款"),
    ("少了一枝玫瑰", "抱歉亲，给您添麻烦了，我核实后为您补发一枝，或退对应差价"),
    ("快递怎么还没到", "亲别着急，我帮您查一下物流，已经在派送中了，预计今天送达"),
    ("我要退款", "亲，请问是什么原因呢？我这边帮您尽快处理"),
    ("花盒压坏了", "非常抱歉亲，运输途中没保护好，给您补偿一张优惠券并补寄，您看可以吗"),
    ("营养液怎么用", "亲，营养液一包兑500毫升清水，每两天换一次水，剪根后插瓶就好~"),
]
BUYER_FOLLOW = ["好的", "嗯嗯", "那我再看看", "好的谢谢", "行", "知道了"]
BUYER_EXTRA = ["对了", "还有", "另外问一下", "哦对"]
# How buyers really type. The shop's chats start from the questions above, but a buyer often
# says the same thing in other words: typos of the 输入法 (包油, 发漂, 花平), 粤语 or 东北话,
# emoji, 拼音缩写 (byma, fp), or two questions in one line. Entry i belongs to
# PRESALE_QA[i] / POSTSALE_QA[i]; ``course.autoreply.topics_of`` labels every form.
PRESALE_SAID = [
    ["包邮不", "这个包油吗", "包不包邮啊😂", "包唔包邮㗎", "运费咋算的", "byma", "免运费不亲",
     "包邮吗？不包邮我就不买了"],
    ["啥时候发货啊", "几时发货呀", "什么时候发活", "今天拍明天能发吗", "下单后多久发🚚",
     "今天能发货不？几点前拍当天发货", "什么时候fh"],
    ["能指定哪天到不", "周六能送到吗 生日用🎂", "可唔可以指定日子送", "可以定时送吗，周六要",
     "指定日期送可以不"],
    ["能写和卡吗", "可以帮忙写张卡片不", "贺卡能写吗，贺卡要钱不", "可唔可以写心意卡", "hk能写吗",
     "想附张卡 写几句话"],
    ["花新不新鲜啊", "会不会到手就蔫了😭", "花新唔新鲜㗎", "是当天的花不", "花会不会焉"],
    ["这束多大啊", "尺寸多少", "有多高 多宽", "实物有图片那么大吗", "几大扎㗎"],
    ["有没有优惠券", "有啥活动不", "有冇优惠", "有优惠么🥺", "yhq在哪领", "有优慧吗",
     "有优惠吗？优惠券在哪领"],
    ["能不能便宜点啊", "便宜点呗老板", "少点呗 抹个零", "可唔可以平啲", "能优惠点不", "pyd呗",
     "再便宜点我就拍了"],
    ["{city}能送不", "我在{city}，当天能送到吗", "同城送嘛 {city}的", "{city}有冇同城送",
     "同城吗？我也在{city}，同城当天能到不"],
    ["红玫瑰跟粉玫瑰咋选", "表白送啥花好", "哪款卖得好呀", "第一次送花 不知道选啥😅"],
    ["送妈妈买哪个好", "给我妈买花 推荐一下", "送老妈的有啥推荐", "送妈妈的，妈妈喜欢百合",
     "送俾阿妈嘅花有咩推荐"],
    ["能开票吗", "开发漂吗", "公司报销 要发票", "可以开专票不", "fp能开吗"],
    ["有花瓶卖吗", "加个瓶子多少钱", "花平有吗", "配个花瓶呗", "花瓶是玻璃的吗？花瓶能单买不"],
    ["地址填错了 能改不", "能该地址吗", "改个收货地址", "地址写错咗，改得唔得",
     "改地址！地址填错了😭"],
]
POSTSALE_SAID = [
    ["花都蔫了😭", "收到的花有点焉", "花打蔫了咋整", "啲花谢晒喇"],
    ["数了下少一枝", "怎么少了一支", "少发了一枝啊"],
    ["快递到哪了", "咋还没到呢", "物流一直不动😤", "kd还没到"],
    ["退钱", "能退款吗", "我要退款！！", "我想退了"],
    ["盒子压扁了", "包装烂了", "花盒都压坏咗"],
    ["营养液咋用", "营养液怎么用？营养液要兑多少水", "花咋养能久点", "yyy怎么用"],
]
GREETINGS_SAID = ["在么", "在不在呀", "亲 在不", "zai ma", "zaima", "nh", "哈喽😊", "在吗🙏",
                  "有冇人呀", "在不 老铁", "喂，有人没", "hi"]
FOLLOW_SAID = ["ok", "好滴", "嗯呐", "hao de", "👌", "okk", "谢啦", "得嘞", "好嘞", "晓得了",
               "多谢晒", "行吧"]
#: What joins a greeting and a question, or two questions, in one buyer line.
JOINERS = ["，", "？", " "]
AGENT_BYE = [
    "不客气亲，有问题随时找我哦~",
    "好的亲，祝您生活愉快！满意的话记得给个好评哦~",
    "感谢您的支持，期待您再次光临花卉知六~",
]
RATINGS = ["很满意", "满意", "一般", "不满意"]
# Sessions an agent opens after a payment: the agent writes first, the buyer answers, and
# sometimes nobody answers the buyer (chapter 7: a session with an agent message can still
# be unanswered; the buyer consulted but was not served in it).
FOLLOW_UP_OPEN = [
    "亲，您的花已经在包装啦，收花地址是{city}这个对吗？",
    "亲，您订的花明天上午配送，收花人方便签收吗？",
    "亲，贺卡上想写什么祝福语？我们帮您手写～",
]
FOLLOW_UP_REPLY = ["对的，能改成下午送吗？", "地址要改一下，怎么改呀", "卡片写：生日快乐，天天开心！",
                   "可以，麻烦尽量早点送", "收花人电话换了，我发你新的"]
FOLLOW_UP_DONE = ["好的亲，已经帮您备注啦～", "收到，已经改好了，您放心～", "没问题亲，马上安排～"]

REMINDER_TEMPLATES = [
    "亲，您在花卉知六拍下的订单还没有付款哦，16点前付款当天发货，有问题随时找我~",
    "亲，看到您的订单还未支付，是有什么疑问吗？有问题随时找我哦",
    "亲，您拍下的花束今天付款可以赶上当天配送，需要帮您保留吗？",
    "亲，订单拍下后72小时内付款都有效，付款后我们会尽快安排发货哦",
]
NIGHT_REMINDER = "亲，订单还没付款，现在付款吧！"
# Refund reasons (chapter 6's Pareto chart): reason → (weight, {refund type: weight}, whether
# the shop is responsible). Three shop-side reasons carry about 80% of the successful refunds,
# as in a real flower shop. Buyer-side reasons (不想要了, 拍错了, 不喜欢) are mostly refused by
# the shop or withdrawn by the buyer, so a chart of every status instead of SUCCESS ranks
# 不想要了 among the top reasons.
REFUND_REASONS = {
    "花材枯萎": (26, {"仅退款": 1}, True),
    "配送延误": (16, {"仅退款": 1}, True),
    "包装破损": (15, {"仅退款": 2, "退货退款": 1, "换货": 1}, True),
    "与描述不符": (5, {"退货退款": 3, "换货": 1}, True),
    "少件漏发": (4, {"仅退款": 1}, True),
    "颜色不符": (3, {"换货": 2, "退货退款": 1}, True),
    "质量问题": (3, {"退货退款": 1, "换货": 1}, True),
    "不想要了": (22, {"仅退款": 1, "退货退款": 1}, False),
    "拍错了": (4, {"仅退款": 1, "换货": 1}, False),
    "不喜欢": (3, {"退货退款": 1}, False),
}
#: The season moves the mix: month → multiplier of a reason's weight (1 when not listed).
#: Summer heat withers flowers; 双11, the winter and 春节 (快递停运) delay deliveries.
REFUND_SEASON = {
    "花材枯萎": {6: 2.2, 7: 2.4, 8: 2.4, 9: 1.6, 11: 0.6, 12: 0.4, 1: 0.3, 2: 0.4},
    "配送延误": {6: 0.7, 7: 0.6, 8: 0.7, 9: 0.7, 11: 1.8, 12: 2.6, 1: 3.6, 2: 3.2, 5: 1.3},
}
#: Refund statuses once the seller has responded: (shop-side reason, buyer-side reason).
REFUND_STATUS = {
    "SUCCESS": (90, 15), "CLOSED": (6, 42), "SELLER_REFUSE_BUYER": (1, 38),
    "WAIT_BUYER_RETURN_GOODS": (2, 3), "WAIT_SELLER_CONFIRM_GOODS": (1, 2),
}
REVIEW_TEXT = {
    "好评": ["花很新鲜，包装也好看，女朋友很喜欢", "配送很准时，客服态度很好",
           "第二次买了，一如既往的好", "花比图片还漂亮，推荐", "妈妈收到很开心，谢谢客服耐心解答"],
    "中评": ["花还可以，就是比图片小一点", "配送晚了一个小时", "一般般吧"],
    "差评": ["收到的时候花已经蔫了", "送晚了，错过了生日", "和图片差太多"],
}


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _smooth_pick(credits: dict[str, float], weights: dict[str, float]) -> str:
    """Smooth weighted round robin: over a run of picks sharing ``credits``, each name comes
    up in proportion to its weight, evenly spread. No randomness: a small table (a month's
    refunds) then shows the designed mix, not the luck of a few draws."""
    for name, weight in weights.items():
        credits[name] = credits.get(name, 0.0) + weight
    name = max(weights, key=lambda n: credits[n])
    credits[name] -= sum(weights.values())
    return name


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _cents(text: str) -> int:
    whole, _, frac = text.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


def _ts(moment: datetime | None) -> str:
    return "" if moment is None else moment.strftime(TIME_FORMAT)


def _append_rows(order: dict, n: int, customers: list, orders: list, items: list) -> None:
    """Give ``order`` its id (date and sequence ``n``) and append its orders and order_items rows."""
    order["id"] = f"O{order['created']:%Y%m%d}{n:06d}"
    orders.append([
        order["id"], customers[order["buyer"]][0], _ts(order["created"]),
        _ts(order["paid"]), _ts(order["shipped"]), _ts(order["finished"]),
        _ts(order["closed"]), order["status"], _money(order["goods"]),
        _money(order["shipping"]), _money(order["paid_amount"]), order["agent"],
    ])
    for sku, qty, unit, share in order["items"]:
        items.append([order["id"], sku, str(qty), _money(unit), _money(share)])


class _Generator:
    def __init__(self, seed: int, scale: float) -> None:
        self.rng = random.Random(seed)
        # Buyers' wording and the shop's teaching cases draw from their own streams, so
        # they never move the draws of the other tables.
        self.words = random.Random(f"{seed}:words")
        self.cases = random.Random(f"{seed}:cases")
        self.follow = random.Random(f"{seed}:follow-ups")
        self.scale = scale
        self.tables: dict[str, list[list[str]]] = {}
        self.price = {sku: _cents(p) for sku, _, _, p in PRODUCTS}
        self.orders: list[dict] = []
        #: (buyer_id, why) of the buyers every student's variant keeps (course.data).
        self.kept_buyers: list[tuple[str, str]] = []

    # -- helpers ---------------------------------------------------------
    def lognormal_seconds(self, median: float, sigma: float = 0.6) -> int:
        return max(1, round(median * math.exp(self.rng.gauss(0.0, sigma))))

    def moment_on(self, day: date, start_hour: int = 0) -> datetime:
        hour = self.rng.choices(range(start_hour, 24), weights=HOUR_WEIGHTS[start_hour:])[0]
        return datetime(day.year, day.month, day.day, hour) + timedelta(
            seconds=self.rng.randrange(3600)
        )

    # -- what buyers type -----------------------------------------------
    def said(self, forms: list[str], plain: str, share: float = 0.35) -> str:
        """``plain``, or with chance ``share`` one of the buyers' own ``forms`` of it."""
        return self.words.choice(forms) if self.words.random() < share else plain

    def greeting_line(self, greeting: str, qa: list, said: list, city: str) -> str:
        """A buyer's first line: the greeting, a form of it, or the greeting and a question."""
        r = self.words.random()
        if r < 0.25:
            return self.words.choice(GREETINGS_SAID)
        if r < 0.40:
            i = self.words.randrange(len(qa))
            return (greeting + self.words.choice(JOINERS)
                    + self.said(said[i], qa[i][0]).format(city=city))
        return greeting

    def question_line(self, i: int, qa: list, said: list, city: str) -> tuple[str, str]:
        """Question ``i`` as the buyer types it (now and then with a second question in the
        same line) and the agent's answer to that second question ("" without one)."""
        text, more = self.said(said[i], qa[i][0]), ""
        if self.words.random() < 0.12:
            j = self.words.choice([k for k in range(len(qa)) if k != i])
            text += self.words.choice(JOINERS) + self.said(said[j], qa[j][0])
            more = " " + qa[j][1]
        return text.format(city=city), more

    # -- tables ----------------------------------------------------------
    def agents(self) -> None:
        self.tables["agents"] = [[a[0], a[1], a[2], a[3]] for a in AGENTS]

    def products(self) -> None:
        rows = []
        for sku, name, category, price in PRODUCTS:
            cost = _cents(price) * self.rng.randint(38, 55) // 100
            stock = self.rng.randint(20, 400)
            rows.append([sku, name, category, price, _money(cost), str(stock)])
        self.tables["products"] = rows

    def customers(self) -> None:
        n = max(50, round(1500 * self.scale))
        rows, nicks, self.activity = [], set(), []
        for i in range(1, n + 1):
            while True:
                if self.rng.random() < 0.35:
                    nick = f"tb_{self.rng.randrange(10**7, 10**8)}"
                else:
                    nick = (self.rng.choice(NICK_HEADS) + self.rng.choice(NICK_TAILS)
                            + (str(self.rng.randrange(100)) if self.rng.random() < 0.5 else ""))
                if nick not in nicks:
                    nicks.add(nick)
                    break
            activity = self.rng.paretovariate(1.6)
            self.activity.append(activity)
            level = min(4, int(math.log(activity, 1.7) + self.rng.random() * 0.8))
            registered = date(2019, 1, 1) + timedelta(days=self.rng.randrange(2000))
            blacklisted = "1" if self.rng.random() < 0.012 else "0"
            rows.append([f"B{i:05d}", nick, str(level), registered.isoformat(),
                         self.rng.choice(CITIES), blacklisted])
        self.tables["customers"] = rows
        self.buyer_cum = list(accumulate(self.activity))

    def pick_buyer(self) -> int:
        x = self.rng.random() * self.buyer_cum[-1]
        return bisect_left(self.buyer_cum, x)

    def day_weights(self, start: date, end: date) -> tuple[list[date], list[float]]:
        days, weights = [], []
        d = start
        while d <= end:
            w = 1.2 if d.weekday() >= 5 else 1.0
            for month, day, mult, spread in FESTIVALS:
                try:
                    fest = date(d.year, month, day)
                except ValueError:
                    continue
                gap = abs((d - fest).days)
                if gap <= spread:
                    w *= 1 + (mult - 1) * (1 - gap / (spread + 1))
            days.append(d)
            weights.append(w)
            d += timedelta(days=1)
        return days, weights

    def new_order(self, buyer: int, created: datetime, agent: str,
                  first_sku: str | None = None) -> dict:
        """Build the lines and money of one order (status decided later)."""
        rng = self.rng
        main = first_sku or rng.choice(PRODUCTS[:25])[0]
        lines = [[main, 1 if rng.random() < 0.85 else 2]]
        while rng.random() < 0.35 and len(lines) < 4:
            sku = rng.choice(ADD_ONS)
            if sku not in [line[0] for line in lines]:
                lines.append([sku, 1])
        promo = rng.random() < 0.2
        unit = {sku: self.price[sku] * (90 if promo and sku not in ADD_ONS else 100) // 100
                for sku, _ in lines}
        goods = sum(unit[sku] * qty for sku, qty in lines)
        free_at, fee = RULES.promotions.free_shipping_at, RULES.promotions.shipping_fee
        shipping = 0 if free_at is not None and goods >= round(free_at * 100) else round(fee * 100)
        coupon = 0
        if rng.random() < 0.25:
            for at, minus in ((30000, 3000), (20000, 2000), (10000, 1000)):
                if goods >= at:
                    coupon = minus
                    break
        net = goods - coupon
        # Apportion the coupon over lines by line amount; the remainder goes on the last line.
        items, left = [], net
        for k, (sku, qty) in enumerate(lines):
            amount = unit[sku] * qty
            share = left if k == len(lines) - 1 else amount * net // goods
            left -= share
            items.append((sku, qty, unit[sku], share))
        order = {
            "buyer": buyer, "created": created, "agent": agent, "goods": goods,
            "shipping": shipping, "paid_amount": net + shipping, "items": items,
            "paid": None, "shipped": None, "finished": None, "closed": None, "status": "",
        }
        self.orders.append(order)
        return order

    def settle(self, order: dict, paid: datetime | None) -> None:
        """Decide the rest of an order's life from its payment time."""
        rng, created = self.rng, order["created"]
        close_at = created + timedelta(hours=72)
        if paid is None or paid >= close_at or paid > SNAPSHOT:
            if close_at <= SNAPSHOT:
                order["status"] = "TRADE_CLOSED_BY_TAOBAO"
                cancel = rng.random() < 0.3
                order["closed"] = (created + timedelta(minutes=rng.randint(5, 600))) if cancel \
                    else close_at
            else:
                order["status"] = "WAIT_BUYER_PAY"
            return
        order["paid"] = paid
        shipped = paid + timedelta(minutes=rng.randint(40, 60 * 30))
        if rng.random() < 0.03:
            shipped = paid + timedelta(hours=rng.randint(73, 90))  # shipped late
        elif paid < SNAPSHOT - timedelta(days=30):
            shipped = self.shipping_case(order, paid, shipped)
        if shipped > SNAPSHOT:
            order["status"] = "WAIT_SELLER_SEND_GOODS"
            return
        order["shipped"] = shipped
        finished = shipped + timedelta(hours=rng.randint(6, 24 * 10))
        if finished > SNAPSHOT:
            order["status"] = "WAIT_BUYER_CONFIRM_GOODS"
        else:
            order["finished"] = finished
            order["status"] = "TRADE_FINISHED"

    def shipping_case(self, order: dict, paid: datetime, shipped: datetime) -> datetime:
        """Chapter 2's late-shipping cases, from their own stream: big orders (开业花篮 and
        the like, whose compensation reaches the 30 元 cap) often wait for flowers past the
        72 hours, and a few orders ship in the very last minute of them (not late). Only
        orders paid a month before the export, so every later draw stays the same."""
        timeouts = RULES.timeouts
        capped = order["paid_amount"] * timeouts.late_ship_rate > timeouts.late_ship_max * 100
        r = self.cases.random()
        if capped and r < 0.35:
            return paid + timedelta(hours=timeouts.ship_within_hours + self.cases.randint(2, 28))
        if r < 0.004:
            return paid + timedelta(hours=timeouts.ship_within_hours)
        return shipped

    def payment_delay(self, quick: float = 0.80, later: float = 0.10) -> timedelta | None:
        r = self.rng.random()
        if r < quick:
            return timedelta(seconds=self.rng.randint(20, 900))
        if r < quick + later:
            return timedelta(minutes=self.rng.randint(30, 60 * 30))
        return None  # not paid on its own: left for 催付

    def historical_orders(self) -> None:
        days, weights = self.day_weights(ORDERS_FROM.date(), CHATS_FROM.date() - timedelta(days=1))
        n = round(4300 * self.scale)
        cum = list(accumulate(weights))
        for _ in range(n):
            day = days[bisect_left(cum, self.rng.random() * cum[-1])]
            agent = ""
            if self.rng.random() < 0.55:
                agent = self.rng.choices([a[0] for a in AGENTS[:4]], weights=PRESALE_WEIGHTS)[0]
                hired = date.fromisoformat(AGENTS[[a[0] for a in AGENTS].index(agent)][3])
                if day < hired:
                    agent = "A01"
            order = self.new_order(self.pick_buyer(), self.moment_on(day), agent)
            delay = self.payment_delay()
            self.settle(order, None if delay is None else order["created"] + delay)

    def chats(self) -> None:
        """Sessions and messages of the last 30 days, the orders they lead to and 催付."""
        rng = self.rng
        customers = self.tables["customers"]
        agents_by_id = {a[0]: a for a in AGENTS}
        days, weights = self.day_weights(CHATS_FROM.date(), SNAPSHOT.date())
        sessions, messages, self.window_orders = [], [], []
        sid = 0
        for day, weight in zip(days, weights, strict=True):
            n_sessions = round(38 * self.scale * weight * rng.uniform(0.8, 1.2))
            for _ in range(n_sessions):
                start = self.moment_on(day, start_hour=7)
                if start > SNAPSHOT - timedelta(minutes=30):
                    continue
                sid += 1
                buyer = self.pick_buyer()
                presale = rng.random() < 0.8
                if presale:
                    agent = rng.choices([a[0] for a in AGENTS[:4]], weights=PRESALE_WEIGHTS)[0]
                    inquiry = rng.random() < 0.85
                    qa = PRESALE_QA
                else:
                    agent = rng.choice(["A05", "A06"])
                    inquiry = False
                    qa = POSTSALE_QA
                _, name, _, _, median, conversion, skill = agents_by_id[agent]
                city = customers[buyer][4]
                session_id = f"S{sid:06d}"
                t = start
                said = PRESALE_SAID if presale else POSTSALE_SAID
                msgs = [(t, "buyer", self.greeting_line(rng.choice(GREETINGS), qa, said, city))]
                if rng.random() < 0.7:
                    msgs.append((t + timedelta(seconds=rng.randint(0, 2)), "auto",
                                 rng.choice(AUTO_REPLY)))
                unanswered = rng.random() < (0.06 if agent == "A03" else 0.02)
                if not unanswered:
                    t += timedelta(seconds=self.lognormal_seconds(median))
                    msgs.append((t, "agent", rng.choice(AGENT_HELLO).format(name=name)))
                    for _ in range(rng.randint(1, 3)):
                        question, answer = rng.choice(qa)
                        t += timedelta(seconds=rng.randint(8, 90))
                        text, more = self.question_line(qa.index((question, answer)), qa, said,
                                                        city)
                        msgs.append((t, "buyer", text))
                        answer += more
                        if rng.random() < 0.3:
                            t += timedelta(seconds=rng.randint(3, 25))
                            extra_q, extra_a = rng.choice(qa)
                            msgs.append((t, "buyer", rng.choice(BUYER_EXTRA) + "，" + self.said(
                                said[qa.index((extra_q, extra_a))], extra_q).format(city=city)))
                            answer = answer + " " + extra_a
                        t += timedelta(seconds=self.lognormal_seconds(median * 1.6))
                        msgs.append((t, "agent", answer.format(city=city)))
                    t += timedelta(seconds=rng.randint(10, 120))
                    msgs.append((t, "buyer", self.said(FOLLOW_SAID, rng.choice(BUYER_FOLLOW),
                                                       share=0.3)))
                    if rng.random() < 0.8:
                        t += timedelta(seconds=self.lognormal_seconds(median))
                        msgs.append((t, "agent", rng.choice(AGENT_BYE)))
                msgs.sort(key=lambda m: m[0])
                ended = max(m[0] for m in msgs) + timedelta(seconds=rng.randint(0, 120))
                rating = ""
                if not unanswered and rng.random() < 0.6:
                    if rng.random() < skill:
                        rating = RATINGS[0] if rng.random() < 0.7 else RATINGS[1]
                    else:
                        rating = RATINGS[2] if rng.random() < 0.7 else RATINGS[3]
                sessions.append([session_id, customers[buyer][0], agent, _ts(start), _ts(ended),
                                 "1" if inquiry else "0", rating])
                for moment, sender, text in msgs:
                    messages.append([session_id, _ts(moment), sender, text])
                if inquiry and not unanswered and rng.random() < conversion:
                    created = ended + timedelta(minutes=rng.randint(1, 90))
                    if created < SNAPSHOT:
                        order = self.new_order(buyer, created, agent)
                        self.window_orders.append(order)
            # Orders placed without talking to anyone (静默下单).
            for _ in range(round(16 * self.scale * weight * rng.uniform(0.8, 1.2))):
                created = self.moment_on(day)
                if created < SNAPSHOT:
                    self.window_orders.append(self.new_order(self.pick_buyer(), created, ""))
        self.tables["sessions"] = sessions
        self.tables["messages"] = messages

    def reminders_and_payments(self) -> None:
        rng = self.rng
        reminders = []
        paid_first = []
        for order in self.window_orders:
            created = order["created"]
            delay = self.payment_delay(quick=0.62, later=0.14)
            if delay is not None:
                self.settle(order, created + delay)
                paid_first.append(order)
                continue
            paid = None
            sent = created + timedelta(minutes=rng.randint(15, 60 * 12))
            reminder_agent = order["agent"] or rng.choice(["A01", "A02", "A03", "A04"])
            for attempt in range(3):
                if sent > SNAPSHOT or sent >= created + timedelta(hours=72):
                    break
                if rng.random() > (0.75 if attempt == 0 else 0.3):
                    break
                night = sent.hour >= 22 or sent.hour < 8
                text = NIGHT_REMINDER if night and rng.random() < 0.5 else rng.choice(
                    REMINDER_TEMPLATES)
                channel = rng.choices(["旺旺", "短信", "电话"], weights=[80, 17, 3])[0]
                reminders.append([order, reminder_agent, sent, channel, text])
                if rng.random() < 0.45:
                    paid = sent + timedelta(minutes=rng.randint(3, 360))
                    break
                sent += timedelta(hours=rng.randint(20, 30))
            self.settle(order, paid)
        reminders += self.reminders_after_payment(paid_first)
        self.reminders = reminders

    def reminders_after_payment(self, paid_first: list[dict]) -> list[list]:
        """A few orders an agent reminded minutes after the buyer had paid (催付禁忌 5).

        They make the 催付响应率's condition visible (paid *after* the first reminder):
        counting every paid reminded order gives a different rate. Twelve orders of twelve
        buyers, the first two kept in every student's variant. Drawn with their own
        generator: the rest of the data does not move.
        """
        rng = random.Random(f"{SEED}:{self.scale}:reminded-after-payment")
        seen, rows = set(), []
        for order in rng.sample(paid_first, len(paid_first)):
            paid = order["paid"]
            if paid is None or order["buyer"] in seen or paid > SNAPSHOT - timedelta(hours=1):
                continue
            seen.add(order["buyer"])
            agent = order["agent"] or rng.choice(["A01", "A02", "A03", "A04"])
            sent = max(paid, order["created"] + timedelta(minutes=10)) + timedelta(
                minutes=rng.randint(2, 40))
            rows.append([order, agent, sent, rng.choice(["旺旺", "旺旺", "短信"]),
                         rng.choice(REMINDER_TEMPLATES)])
            if len(rows) <= 2:
                self.keep_buyer(order["buyer"], "第五章练习 6、7：付款之后才被催付的订单（不算催付成功）")
            if len(rows) == 12:
                break
        return rows

    def keep_buyer(self, buyer: int, why: str) -> None:
        """Keep the buyer (an index of the customers table) in every student's variant."""
        buyer_id = self.tables["customers"][buyer][0]
        if buyer_id not in {kept for kept, _ in self.kept_buyers}:
            self.kept_buyers.append((buyer_id, why))

    def sales_cases(self) -> None:
        """Chapter 4's cases, from their own stream (no other draw moves; no refund or review).

        - 练习 9 counts May's orders by ``created_at``: eight orders of roses created late on
          31 May and paid after midnight, so counting by ``paid_at`` changes the answer.
        - 练习 10 counts paid orders only: for each product the question may name, three
          buyers who put it in the cart with every add-on and never paid, so counting
          unpaid orders too changes every companion's count.

        Every case has its own buyer; two of the first kind and one per product of the
        second are kept in every student's variant.
        """
        from course.exercises.ch04 import PARAMS as ch04_params

        rng = random.Random(f"{SEED}:{self.scale}:sales-cases")
        customers = self.tables["customers"]
        targets = [case["sku"] for case in ch04_params["q10"]["case"][1]]
        pool = [i for i, row in enumerate(customers) if row[5] == "0"]
        buyers = iter(rng.sample(pool, 8 + 3 * len(targets)))
        for n in range(8):
            created = datetime(2025, 5, 31, rng.randint(22, 23), rng.randrange(60), rng.randrange(60))
            order = self.case_order(next(buyers), created, [(rng.choice(["HF001", "HF002", "HF004"]), 1)])
            if n < 2:
                self.keep_buyer(order["buyer"], "第四章练习 9：5 月 31 日拍下、6 月 1 日付款的订单")
            order["paid"] = datetime(2025, 6, 1, 0, rng.randint(5, 50), rng.randrange(60))
            order["shipped"] = order["paid"] + timedelta(hours=rng.randint(8, 14))
            order["finished"] = order["shipped"] + timedelta(hours=rng.randint(20, 72))
            order["status"] = "TRADE_FINISHED"
        for sku in targets:
            for n in range(3):
                day = date(2025, 1, 6) + timedelta(days=rng.randrange(140))
                order = self.case_order(next(buyers), self.moment_on_case(rng, day),
                                        [(sku, 1)] + [(extra, 1) for extra in ADD_ONS])
                order["closed"] = order["created"] + timedelta(hours=72)
                order["status"] = "TRADE_CLOSED_BY_TAOBAO"
                if n == 0:
                    self.keep_buyer(order["buyer"], f"第四章练习 10：加购了 {sku} 和全部配件却没付款的订单")

    def moment_on_case(self, rng: random.Random, day: date) -> datetime:
        """A daytime moment of ``day`` from ``rng`` (not the main stream)."""
        return datetime(day.year, day.month, day.day, rng.randint(9, 21), rng.randrange(60),
                        rng.randrange(60))

    def case_order(self, buyer: int, created: datetime, lines: list[tuple[str, int]]) -> dict:
        """A teaching case's order at list prices, without touching the main random stream."""
        items = [(sku, qty, self.price[sku], self.price[sku] * qty) for sku, qty in lines]
        goods = sum(share for *_, share in items)
        free_at, fee = RULES.promotions.free_shipping_at, RULES.promotions.shipping_fee
        shipping = 0 if free_at is not None and goods >= round(free_at * 100) else round(fee * 100)
        order = {
            "buyer": buyer, "created": created, "agent": "", "goods": goods, "shipping": shipping,
            "paid_amount": goods + shipping, "items": items, "paid": None, "shipped": None,
            "finished": None, "closed": None, "status": "", "case": True,
        }
        self.orders.append(order)
        return order

    def follow_ups(self) -> None:
        """Sessions the pre-sales agent opens after some payments (own random stream)."""
        rng, customers = self.follow, self.tables["customers"]
        agents_by_id = {a[0]: a for a in AGENTS}
        sessions, messages = self.tables["sessions"], self.tables["messages"]
        for order in self.window_orders:
            if order["agent"] not in ("A01", "A02", "A03", "A04") or order["paid"] is None \
                    or rng.random() >= 0.15:
                continue
            start = order["paid"] + timedelta(minutes=rng.randint(10, 240))
            if start > SNAPSHOT - timedelta(minutes=40):
                continue
            city = customers[order["buyer"]][4]
            reply = start + timedelta(seconds=rng.randint(60, 1500))
            msgs = [(start, "agent", rng.choice(FOLLOW_UP_OPEN).format(city=city)),
                    (reply, "buyer", rng.choice(FOLLOW_UP_REPLY))]
            if rng.random() >= (0.6 if order["agent"] == "A03" else 0.4):
                median = agents_by_id[order["agent"]][4]
                wait = max(1, round(median * math.exp(rng.gauss(0.0, 0.6))))
                msgs.append((reply + timedelta(seconds=wait), "agent", rng.choice(FOLLOW_UP_DONE)))
            ended = msgs[-1][0] + timedelta(seconds=rng.randint(0, 120))
            session_id = f"S{len(sessions) + 1:06d}"
            sessions.append([session_id, customers[order["buyer"]][0], order["agent"],
                             _ts(start), _ts(ended), "0", ""])
            messages.extend([session_id, _ts(moment), sender, text]
                            for moment, sender, text in msgs)

    def write_orders(self) -> None:
        self.orders.sort(key=lambda o: o["created"])
        customers = self.tables["customers"]
        orders, items = [], []
        for n, order in enumerate(self.orders, start=1):
            _append_rows(order, n, customers, orders, items)
        self.tables["orders"] = orders
        self.tables["order_items"] = items
        self.tables["reminders"] = [
            [o["id"], customers[o["buyer"]][0], agent, _ts(sent), channel, text]
            for o, agent, sent, channel, text in sorted(self.reminders, key=lambda r: r[2])
        ]

    def refunds_and_reviews(self) -> None:
        rng = self.rng
        refunds, reviews = [], []
        customers = self.tables["customers"]
        # The reason mix per month and the status mix per side follow their weights closely.
        reason_credits: dict[tuple[int, int], dict[str, float]] = {}
        status_credits: dict[bool, dict[str, float]] = {True: {}, False: {}}
        for order in self.orders:
            if order["paid"] is None or order.get("case"):
                continue
            if rng.random() < 0.06:
                sku, _, _, share = rng.choice(order["items"])
                base = order["shipped"] or order["paid"]
                applied = base + timedelta(hours=rng.randint(1, 24 * 5))
                if applied > SNAPSHOT:
                    applied = base + (SNAPSHOT - base) / 2
                reason = _smooth_pick(
                    reason_credits.setdefault((applied.year, applied.month), {}),
                    {r: w * REFUND_SEASON.get(r, {}).get(applied.month, 1)
                     for r, (w, _, _) in REFUND_REASONS.items()})
                _, kinds, shop_side = REFUND_REASONS[reason]
                kind = "仅退款" if order["shipped"] is None else _weighted(rng, kinds)
                amount = share if rng.random() < 0.6 else share * rng.randint(20, 80) // 100
                amount = max(amount, 1)
                responded = applied + timedelta(minutes=rng.randint(5, 60 * 20))
                if responded > SNAPSHOT:
                    status, responded = "WAIT_SELLER_AGREE", None
                else:
                    status = _smooth_pick(status_credits[shop_side],
                                          {s: w[0 if shop_side else 1]
                                           for s, w in REFUND_STATUS.items()})
                    if kind == "仅退款" and status.startswith("WAIT_"):
                        status = "SUCCESS"
                refunds.append([f"R{len(refunds) + 1:05d}", order["id"], sku, kind,
                                reason, _money(amount), _ts(applied),
                                _ts(responded), status, rng.choice(["A05", "A06"])])
                whole = len(order["items"]) == 1 and amount == share and kind != "换货"
                if status == "SUCCESS" and whole:
                    order["status"] = "TRADE_CLOSED"
                    order["closed"] = responded
                    order["finished"] = None
                    continue
            if order["finished"] is not None and rng.random() < 0.65:
                created = order["finished"] + timedelta(hours=rng.randint(1, 24 * 15))
                if created > SNAPSHOT:
                    continue
                rating = rng.choices(["好评", "中评", "差评"], weights=[90, 6, 4])[0]
                top = {"好评": 5, "中评": 4, "差评": 2}[rating]
                dsr = [str(max(1, top - (rng.random() < 0.2))) for _ in range(3)]
                reviews.append([order["id"], customers[order["buyer"]][0], rating,
                                rng.choice(REVIEW_TEXT[rating]), _ts(created), *dsr])
        self.tables["refunds"] = refunds
        reviews.sort(key=lambda r: r[4])
        self.tables["reviews"] = reviews

    def rfm_boundary_buyers(self) -> None:
        """Loyal buyers whose last payment is exactly ``d`` or ``d + 1`` days before an as-of date.

        Chapter 8's 练习 4 counts buyers with R ≤ d days and F ≥ n orders as of a date
        (``course.exercises.ch08.PARAMS["q4"]``). For every as-of date and every ``d`` of
        the question, one buyer paid their 4th order exactly ``d`` days before (so "<"
        instead of "≤" loses them) and one ``d + 1`` days before in the afternoon (so R
        taken from timestamps instead of dates, one day short, counts them). They are
        new customers with their own random stream, added after every other table is
        built, so nothing else moves; ``kept_buyers.csv`` tells the variants to keep them.
        """
        from course.exercises.ch08 import PARAMS  # the question the rows are made for

        rng = random.Random(f"{SEED}:{self.scale}:rfm-boundary")
        spec = PARAMS["q4"]
        as_ofs = sorted({spec["as_of"][0], *spec["as_of"][1]})
        days = sorted({spec["days"][0], *spec["days"][1]})
        last_days: dict[date, list[str]] = {}
        for as_of in as_ofs:
            for d in days:
                for gap in (d, d + 1):
                    day = date.fromisoformat(as_of) - timedelta(days=gap)
                    last_days.setdefault(day, []).append(f"截至 {as_of} 的 R = {gap} 天")
        customers = self.tables["customers"]
        nicks = {row[1] for row in customers}
        planted, saved = [], self.rng
        self.rng = rng  # new_order and settle draw from self.rng: lend them this stream
        try:
            for last, why in sorted(last_days.items()):
                while True:
                    nick = rng.choice(NICK_HEADS) + rng.choice(NICK_TAILS) + str(rng.randrange(100))
                    if nick not in nicks:
                        nicks.add(nick)
                        break
                buyer_id = f"B{len(customers) + 1:05d}"
                customers.append([buyer_id, nick, "1", (date(2023, 1, 1) + timedelta(
                    days=rng.randrange(500))).isoformat(), rng.choice(CITIES), "0"])
                span = (last - ORDERS_FROM.date()).days
                earlier = sorted(rng.sample(range(10, span - 7), 3))
                for day in [ORDERS_FROM.date() + timedelta(days=k) for k in earlier] + [last]:
                    created = datetime(day.year, day.month, day.day, rng.randint(12, 20),
                                       rng.randrange(60), rng.randrange(60))
                    agent = rng.choice(["", "A01", "A02", "A04"])
                    order = self.new_order(len(customers) - 1, created, agent)
                    self.orders.pop()  # written below, after the shop's own orders
                    self.settle(order, created + timedelta(minutes=rng.randint(2, 30)))
                    planted.append(order)
                self.kept_buyers.append((buyer_id, "第八章练习 4 的边界，" + "，".join(why)))
        finally:
            self.rng = saved
        orders, items = self.tables["orders"], self.tables["order_items"]
        for n, order in enumerate(planted, start=len(orders) + 1):
            _append_rows(order, n, customers, orders, items)
        orders.sort(key=lambda row: row[2])  # by created_at, as the shop's export
        position = {row[0]: k for k, row in enumerate(orders)}
        items.sort(key=lambda row: position[row[0]])

    def new_customer(self, rng: random.Random, level: int = 1) -> int:
        """A new, not blacklisted customer drawn from ``rng``; returns its index."""
        customers = self.tables["customers"]
        nicks = {row[1] for row in customers}
        while True:
            nick = rng.choice(NICK_HEADS) + rng.choice(NICK_TAILS) + str(rng.randrange(100))
            if nick not in nicks:
                break
        customers.append([f"B{len(customers) + 1:05d}", nick, str(level), (date(2023, 1, 1) + timedelta(
            days=rng.randrange(800))).isoformat(), rng.choice(CITIES), "0"])
        return len(customers) - 1

    def add_chat(self, buyer: int, agent: str, start: datetime, lines: list[tuple[str, str]],
                 rng: random.Random, inquiry: bool) -> None:
        """Append a session of ``buyer`` with ``agent`` and its messages; each agent line
        comes after about the agent's response time, each buyer line 10–90 s later."""
        agents_by_id = {a[0]: a for a in AGENTS}
        _, name, _, _, median, _, _ = agents_by_id[agent]
        sessions, messages = self.tables["sessions"], self.tables["messages"]
        session_id = f"S{len(sessions) + 1:06d}"
        t, rows = start, []
        for k, (sender, text) in enumerate(lines):
            if k:
                t += timedelta(seconds=max(2, round(median * math.exp(rng.gauss(0.0, 0.5))))
                               if sender == "agent" else rng.randint(10, 90))
            rows.append([session_id, _ts(t), sender, text.format(name=name)])
        ended = t + timedelta(seconds=rng.randint(5, 120))
        sessions.append([session_id, self.tables["customers"][buyer][0], agent, _ts(start),
                         _ts(ended), "1" if inquiry else "0", ""])
        messages.extend(rows)

    def presale_chats(self) -> None:
        """Chapter 4's chats, from their own stream, with new buyers who do not order.

        - 练习 1: every chat of BUYER_TYPE_CHATS once (the buyer shows one customer type).
        - 练习 2: each reception chat of RECEPTION_CHATS once per pair of RECEPTION_SKIPS:
          the agent leaves out those two steps (and the buyer's answers to them).

        Pre-sales agents on June days; no rating. Every buyer is kept in every variant.
        """
        rng = random.Random(f"{SEED}:{self.scale}:presale-chats")
        agents = [a[0] for a in AGENTS[:4]]
        chats = [(lines, "第四章练习 1：能看出客户类型的聊天") for kind in BUYER_TYPE_CHATS
                 for lines in BUYER_TYPE_CHATS[kind]]
        for opener, steps in RECEPTION_CHATS:
            for skipped in RECEPTION_SKIPS:
                lines = [("buyer", opener)]
                for step, said, answer in steps:
                    if step not in skipped:
                        lines.append(("agent", said))
                        if answer is not None:
                            lines.append(("buyer", answer))
                chats.append((lines, "第四章练习 2：漏掉两步的售前接待聊天"))
        for lines, why in chats:
            buyer = self.new_customer(rng, level=rng.randint(0, 2))
            day = date(2025, 6, 2) + timedelta(days=rng.randrange(27))
            start = datetime(day.year, day.month, day.day, rng.randint(9, 20), rng.randrange(60),
                             rng.randrange(60))
            self.add_chat(buyer, rng.choice(agents), start, list(lines), rng, inquiry=True)
            self.keep_buyer(buyer, why)

    def chasing_cases(self) -> None:
        """Chapter 5's planted orders and chats, from their own stream, with new buyers.

        - 练习 4: a buyer who placed an order, then a second one a few minutes later
          (another flower) and paid only the second: from then until the end of the next
          day the first must not be reminded (paid another order yesterday or today), and
          at midnight the quiet hours hold it until 08:00. Two per day, 22–28 June.
        - 练习 10: a paid order whose buyer asks a 售后 agent about the address or the
          parcel: an address change before the order ships or after it shipped, a parcel
          asked about a few hours after shipping or more than a day after it. Five of each.

        The orders are written after the shop's own (their ids continue the sequence) and
        every buyer is kept in every variant.
        """
        rng = random.Random(f"{SEED}:{self.scale}:chasing-cases")
        flowers = [p[0] for p in PRODUCTS[:18]]
        planted = []

        def order(buyer: int, created: datetime, sku: str) -> dict:
            placed = self.case_order(buyer, created, [(sku, 1)])
            self.orders.pop()  # written below, after the shop's own orders
            planted.append(placed)
            return placed

        def receive(shipped: dict, confirmed: datetime) -> None:
            if confirmed <= SNAPSHOT:
                shipped["finished"], shipped["status"] = confirmed, "TRADE_FINISHED"
            else:
                shipped["status"] = "WAIT_BUYER_CONFIRM_GOODS"

        for offset in range(7):
            day = date(2025, 6, 22) + timedelta(days=offset)
            for _ in range(2):
                buyer = self.new_customer(rng, level=rng.randint(0, 3))
                first, second = rng.sample(flowers, 2)
                created = datetime(day.year, day.month, day.day, rng.randint(10, 18),
                                   rng.randrange(60), rng.randrange(60))
                unpaid = order(buyer, created, first)
                close = created + timedelta(hours=RULES.chasing.close_hours)
                if close <= SNAPSHOT:
                    unpaid["status"], unpaid["closed"] = "TRADE_CLOSED_BY_TAOBAO", close
                else:
                    unpaid["status"] = "WAIT_BUYER_PAY"
                paid = order(buyer, created + timedelta(minutes=rng.randint(5, 25)), second)
                paid["paid"] = paid["created"] + timedelta(minutes=rng.randint(1, 8))
                paid["shipped"] = paid["paid"] + timedelta(hours=rng.randint(2, 20))
                receive(paid, paid["shipped"] + timedelta(hours=rng.randint(6, 72)))
                self.keep_buyer(buyer, "第五章练习 4：付了第二笔、第一笔没付的订单")

        kinds = [("改地址", False), ("改地址", True), ("物流", False), ("物流", True)]
        for topic, late in kinds:
            for k in range(5):
                buyer = self.new_customer(rng, level=rng.randint(0, 3))
                day = date(2025, 6, 18) + timedelta(days=rng.randrange(9))
                asked = datetime(day.year, day.month, day.day, rng.randint(9, 21),
                                 rng.randrange(60), rng.randrange(60))
                if topic == "改地址" and not late:  # asks before the order ships
                    paid = asked - timedelta(minutes=rng.randint(20, 150))
                    shipped = asked + timedelta(hours=rng.randint(2, 8))
                elif topic == "改地址":  # asks after it shipped
                    shipped = asked - timedelta(minutes=rng.randint(40, 300))
                    paid = shipped - timedelta(hours=rng.randint(2, 8))
                else:  # where is the parcel: a few hours, or more than a day, after shipping
                    shipped = asked - (timedelta(hours=rng.randint(30, 50)) if late
                                       else timedelta(hours=rng.randint(2, 12)))
                    paid = shipped - timedelta(hours=rng.randint(1, 6))
                placed = order(buyer, paid - timedelta(minutes=rng.randint(1, 15)), rng.choice(flowers))
                placed["paid"], placed["shipped"] = paid, shipped
                receive(placed, max(asked, placed["shipped"]) + timedelta(hours=rng.randint(8, 60)))
                asks = LOGISTICS_ASKS[topic if topic == "改地址" else "停滞" if late else "在途"]
                text = asks[k % len(asks)]
                self.add_chat(buyer, rng.choice(["A05", "A06"]), asked,
                              [("buyer", text), ("agent", LOGISTICS_HOLD)], rng, inquiry=False)
                self.keep_buyer(buyer, "第五章练习 10：付款后问地址或物流的买家")

        customers, orders, items = self.tables["customers"], self.tables["orders"], \
            self.tables["order_items"]
        for n, placed in enumerate(sorted(planted, key=lambda o: o["created"]),
                                   start=len(orders) + 1):
            _append_rows(placed, n, customers, orders, items)
        orders.sort(key=lambda row: row[2])  # by created_at, as the shop's export
        position = {row[0]: k for k, row in enumerate(orders)}
        items.sort(key=lambda row: position[row[0]])

    def run(self) -> dict[str, list[list[str]]]:
        self.agents()
        self.products()
        self.customers()
        self.historical_orders()
        self.chats()
        self.reminders_and_payments()
        self.follow_ups()
        self.sales_cases()
        self.write_orders()
        self.refunds_and_reviews()
        # Orders may have changed (full refunds close them): rebuild the orders table.
        self.write_orders()
        self.rfm_boundary_buyers()
        self.presale_chats()
        self.chasing_cases()
        self.keep_case_buyers()
        return self.tables

    def keep_case_buyers(self) -> None:
        """Keep in every variant one buyer of each case chapters 2 and 3 rely on: a late
        order whose compensation is capped (30 元), an order shipped in the 72nd hour
        exactly (not late), and for each word of chapter 3's 练习 2 a buyer line that says
        it twice (counting words is not counting messages); for each query of chapter 3's
        练习 5 an order on its end day and one in another status. Many buyers have them;
        these make sure no student's variant loses them all."""
        from course.exercises import ch03  # the questions the rows are kept for

        timeouts = RULES.timeouts
        cases: dict[str, str] = {}
        for row in self.tables["orders"]:
            if row[3] and row[4]:
                hours = (datetime.strptime(row[4], TIME_FORMAT)
                         - datetime.strptime(row[3], TIME_FORMAT)).total_seconds() / 3600
                capped = _cents(row[10]) * timeouts.late_ship_rate > timeouts.late_ship_max * 100
                if hours > timeouts.ship_within_hours and capped:
                    cases.setdefault("第二章练习 4：延迟发货赔付封顶", row[1])
                if hours == timeouts.ship_within_hours:
                    cases.setdefault("第二章练习 4：正好 72 小时发货（不算延迟）", row[1])
        buyer_of = {row[0]: row[1] for row in self.tables["sessions"]}
        word, words = ch03.PARAMS["q2"]["word"]
        for session, _, sender, text in self.tables["messages"]:
            for w in dict.fromkeys([word, *words]):
                if sender == "buyer" and text.count(w) >= 2:
                    cases.setdefault(f"第三章练习 2：一条消息里两次“{w}”", buyer_of[session])
        records = [(datetime.strptime(row[2], TIME_FORMAT), row[11] or None, _cents(row[10]) / 100,
                    row[7], row[0], row[1]) for row in self.tables["orders"] if row[11]]
        kept = {buyer for buyer, _ in self.kept_buyers}
        for buyer, why in [(b, w) for w, b in cases.items()] + ch03.kept_buyers(records):
            if buyer not in kept:
                kept.add(buyer)
                self.kept_buyers.append((buyer, why))


def generate(out_dir: Path | str, seed: int = SEED, scale: float = 1.0) -> list[Path]:
    """Write every table of the shop data set as ``<out_dir>/<table>.csv``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    generator = _Generator(seed, scale)
    tables = generator.run()
    written = []
    for name, columns in COLUMNS.items():
        path = out / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(tables[name])
        written.append(path)
    path = out / KEPT_BUYERS_FILE
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["buyer_id", "reason"])
        writer.writerows(generator.kept_buyers)
    written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m course.datagen", description="生成「花卉知六」店铺数据集（固定随机种子）。"
    )
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "data"),
                        help="输出文件夹（默认：仓库的 data/）")
    parser.add_argument("--scale", type=float, default=1.0, help="规模倍数（默认 1）")
    parser.add_argument("--seed", type=int, default=SEED, help="随机种子")
    args = parser.parse_args(argv)
    for path in generate(args.out, args.seed, args.scale):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
