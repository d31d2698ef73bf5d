"""Chapter 4 known answers for the simulated class and the tests.

``MISCONCEPTIONS`` lists, per answer cell, what a beginner plausibly believes and the code
they would write, against the student's own question (``练习N``) and data; each must lose
points on its item in every variant (the data and the question parameters are made so
that the rule they ignore changes the answer). ``WRONG`` is the sample class's wrong
student: the first misconception of each item.
"""

_TYPES = """\
from course.chatscripts import BUYER_TYPE_CHATS

type_of = {{lines[0][1]: kind for kind, chats in BUYER_TYPE_CHATS.items() for lines in chats}}
believed = {}
q1 = [练习1.letter_of(believed.get(type_of[o], type_of[o])) for o in 练习1["chats"]]"""
_SIGNS = """\
messages = data.load("messages")
said = messages.loc[(messages["session_id"] == 练习2["session"]) & (messages["sender"] == "agent"), "text"]
signs = {}
"""
_STEP_WORDS = ('"进门问好": "欢迎光临", "挖掘需求": "预算", "推荐产品": "推荐", "促成订单": "现在", '
               '"订单确认": "{}", "正面评价引导": "评价", "备注交接": "{}", "礼貌告别": "感谢"')

_COUPON = """\
products = data.load("products")
skus = sorted(products.loc[products["category"] == 练习7["category"], "sku"])
before = promotions.quote(list(练习7["cart"]), 练习7["base"])
inside = 0
for line in before.lines:
    if line.sku in skus:
        inside = inside + float(line.amount)
q7 = {{"coupon": {{"at": {at}, "minus": {minus}, {skus}{form}}}}}"""
_AT = "int(inside // 10 * 10)"
_ROOM = 'int(float(before.margin) - 练习7["margin"])'
_SKUS = '"skus": skus, '
_FORM = ('"total": 练习7["total"], "per_person": 练习7["per_person"], "start": 练习7["start"], '
         '"end": 练习7["end"]')

MISCONCEPTIONS = {
    "answer_customer_types": [
        ("问得细的买家当成挑剔型，对细节提要求的反而当成理智型",
         _TYPES.format('{"理智型": "挑剔型", "挑剔型": "理智型"}')),
        ("拿别家的价格来比，就是“货比三家”的理智型",
         _TYPES.format('{"砍价型": "理智型"}')),
    ],
    "answer_reception_gaps": [
        ("核对订单信息和写备注交接是一回事：客服做了其中一个，就以为两步都做了",
         _SIGNS.format("{" + _STEP_WORDS.format("核对|备注", "核对|备注") + "}")
         + 'q2 = {练习2.letter_of(step) for step, word in signs.items() if said.str.contains(word).sum() == 0}'),
        ("找到第一个漏掉的步骤就停了，没有接着往下看",
         _SIGNS.format("{" + _STEP_WORDS.format("核对", "备注") + "}")
         + 'missing = [step for step, word in signs.items() if said.str.contains(word).sum() == 0]\n'
           'q2 = {练习2.letter_of(missing[0])}'),
    ],
    "answer_parallel_threshold": [
        ("优惠券的门槛看减完满减之后的金额（案例里小C的错误）", '''\
subtotal = (149 - 练习3["per"]) * 练习3["qty"]
after = subtotal - 练习3["off"]
q3 = after - (练习3["coupon"] if after >= 练习3["at"] else 0)'''),
        ("忘了店铺满 99 元包邮，照样加 10 元运费", '''\
subtotal = (149 - 练习3["per"]) * 练习3["qty"]
q3 = subtotal - 练习3["off"] - 练习3["coupon"] + 10'''),
        ("单品宝每束减的钱只减了一次，没有乘束数", '''\
subtotal = 149 * 练习3["qty"] - 练习3["per"]
reached = subtotal >= 练习3["at"]
q3 = subtotal - (练习3["off"] + 练习3["coupon"] if reached else 0)'''),
    ],
    "answer_split_discount": [
        ("每行直接用 round 四舍五入，不管尾差，合计可能对不上", '''\
total = sum(amounts)
return [round(reduction * a / total, 2) for a in amounts]'''),
        ("尾差放在了第一行", '''\
cent = Decimal("0.01")
values = [Decimal(str(a)) for a in amounts]
total = sum(values)
reduction = Decimal(str(reduction))
rest = [(reduction * v / total).quantize(cent, rounding=ROUND_HALF_UP) for v in values[1:]]
return [float(reduction - sum(rest))] + [float(s) for s in rest]'''),
        ("尾差放到了最后一行，但用浮点数的 round 四舍五入（0.075 会舍成 0.07）", '''\
total = sum(amounts)
shares = [round(reduction * a / total, 2) for a in amounts[:-1]]
return shares + [round(reduction - sum(shares), 2)]'''),
    ],
    "answer_invalid_plans": [
        ("以为“上不封顶”只是优惠给得多，不会违规", '''\
import ast

q5 = set()
for letter, text in 练习5.shown.items():
    candidate = ast.literal_eval(text.strip("`"))
    if candidate.get("threshold", {}).get("no_cap"):
        continue
    try:
        promotions.quote([("HF001", 1)], candidate)
    except promotions.PlanError:
        q5.add(letter)'''),
        ("满就送和店铺优惠券不能同时用，两个一起设就是违规", '''\
import ast

q5 = set()
for letter, text in 练习5.shown.items():
    candidate = ast.literal_eval(text.strip("`"))
    if "threshold" in candidate and "coupon" in candidate:
        q5.add(letter)
        continue
    try:
        promotions.quote([("HF001", 1)], candidate)
    except promotions.PlanError:
        q5.add(letter)'''),
    ],
    "answer_coupon_range": [
        ("毛利只减了购物车里商品的成本，忘了满就送送出的赠品也要花钱", '''\
cart = list(练习6["cart"])
plan = {"items": {练习6["sku"]: {"rate": 练习6["rate"]}},
        "threshold": {"by": "amount", "tiers": [{"at": 练习6["gift_at"], "gift": 练习6["gift"]}]}}
before = promotions.quote(cart, plan)
cost = float(data.load("products").set_index("sku").loc[[sku for sku, n in cart], "cost"].sum())
over = round(float(before.total) - 练习6["pay"], 2)
room = round(float(before.goods_paid) - cost - 练习6["margin"], 2)
q6 = (int(over) if over == int(over) else int(over) + 1, int(room))'''),
        ("忘了单品宝，按标价算小计", '''\
cart = list(练习6["cart"])
plan = {"threshold": {"by": "amount", "tiers": [{"at": 练习6["gift_at"], "gift": 练习6["gift"]}]}}
before = promotions.quote(cart, plan)
over = round(float(before.total) - 练习6["pay"], 2)
room = round(float(before.margin) - 练习6["margin"], 2)
q6 = (int(over) if over == int(over) else int(over) + 1, int(room))'''),
    ],
    "answer_scoped_coupon": [
        ("指定商品券和店铺券一样：不选商品范围，门槛按整单的金额定", _COUPON.format(
            at="int(float(before.subtotal) // 10 * 10)", minus=_ROOM, skus="", form=_FORM)),
        ("选了指定商品，门槛却按整单的金额定（别的商品也算进了门槛）", _COUPON.format(
            at="int(float(before.subtotal) // 10 * 10)", minus=_ROOM, skus=_SKUS, form=_FORM)),
        ("券的门槛看减完满减之后的金额", _COUPON.format(
            at="int((inside - float(before.threshold_discount)) // 10 * 10)",
            minus=_ROOM, skus=_SKUS, form=_FORM)),
        ("算毛利时忘了满就送已经减掉的钱，按小计减成本算，面额就定大了", _COUPON.format(
            at=_AT, minus='int(float(before.subtotal - before.cost) - 练习7["margin"])', skus=_SKUS,
            form=_FORM)),
        ("面额越大越吸引人，取门槛减 1 元", _COUPON.format(
            at=_AT, minus=f"{_AT} - 1", skus=_SKUS, form=_FORM)),
        ("发放量和每人限领填反了", _COUPON.format(
            at=_AT, minus=_ROOM, skus=_SKUS,
            form='"total": 练习7["per_person"], "per_person": 练习7["total"], '
                 '"start": 练习7["start"], "end": 练习7["end"]')),
    ],
    "answer_bargain_reply": [
        ("买家要便宜就顺着改价，先成交再说",
         'q8 = 练习8.letter_of("“亲，那我给您改价到 159 吧。”")'),
        ("坚持原则、一口回绝最专业",
         'q8 = 练习8.letter_of("“亲，我们不议价哦。”")'),
    ],
    "answer_may_categories": [
        ("五月拍下的订单全算，没有去掉没付款的", '''\
may = orders[(orders["created_at"] >= "2025-05-01") & (orders["created_at"] < "2025-06-01")]
sold = items[items["order_id"].isin(may["order_id"])].merge(products[["sku", "category"]], on="sku")
q9 = sold.groupby("category")["qty"].sum().sort_values(ascending=False).head(3)'''),
        ("按付款时间 paid_at 选五月的订单", '''\
may = orders[(orders["paid_at"] >= "2025-05-01") & (orders["paid_at"] < "2025-06-01")]
sold = items[items["order_id"].isin(may["order_id"])].merge(products[["sku", "category"]], on="sku")
q9 = sold.groupby("category")["qty"].sum().sort_values(ascending=False).head(3)'''),
        ("五月的截止写成 <= “2025-05-31”，漏了 31 日 0 点以后的订单", '''\
may = orders[(orders["created_at"] >= "2025-05-01") & (orders["created_at"] <= "2025-05-31")
             & orders["paid_at"].notna()]
sold = items[items["order_id"].isin(may["order_id"])].merge(products[["sku", "category"]], on="sku")
q9 = sold.groupby("category")["qty"].sum().sort_values(ascending=False).head(3)'''),
    ],
    "answer_bought_together": [
        ("忘了排除题目中的商品本身", '''\
paid_items = items[items["order_id"].isin(orders.loc[orders["paid_at"].notna(), "order_id"])]
with_target = paid_items.loc[paid_items["sku"] == 练习10["sku"], "order_id"]
counts = paid_items[paid_items["order_id"].isin(with_target)]["sku"].value_counts()
q10 = (counts.idxmax(), int(counts.max()))'''),
        ("没有只看已付款订单，拍下没付款的订单也算了进去", '''\
with_target = items.loc[items["sku"] == 练习10["sku"], "order_id"]
together = items[items["order_id"].isin(with_target) & (items["sku"] != 练习10["sku"])]
counts = together["sku"].value_counts()
q10 = (counts.idxmax(), int(counts.max()))'''),
    ],
}

#: The sample class's wrong student writes each item's first misconception.
WRONG = {answer: samples[0][1] for answer, samples in MISCONCEPTIONS.items()}

ERROR = {
    "answer_customer_types": "q1 = [C, E, A, D]",
    "answer_reception_gaps": 'q2 = {练习2.letter_of("订单确认")[1]}',
    "answer_parallel_threshold": 'q3 = promotions.quote([("HF004", 2)], plan3).total',
    "answer_split_discount": "return [reduction / 0 for a in amounts]",
    "answer_invalid_plans": 'q5 = set("A", "B")',
    "answer_coupon_range": 'q6 = (promotions.quote(练习6["cart"]).total, None)[2]',
    "answer_scoped_coupon": 'q7 = {"coupon": {"at": 200, "minus": 20}}["Coupon"]',
    "answer_bargain_reply": "q8 = C",
    "answer_may_categories": 'q9 = orders.groupby("category")["qty"].sum()',
    "answer_bought_together": 'q10 = items["商品"].mode()[0]',
}

WRITTEN = {
    "written_bargain_reply": (
        "亲，您好！理解您想买得更划算～我们的 19 枝红玫瑰都是当天到店的新鲜花材，"
        "发货前会拍照给您确认，还免费送手写贺卡。如果预算有限，11 枝款 139 元也很漂亮，"
        "同样当天发货。您看喜欢哪一款？我马上帮您安排，感谢您的支持～",
        "不能便宜，别家的都是次品。",
    ),
}

#: What goes in each ___ of the chapter's scaffolds (course/exercises/ch04.py EXERCISES).
SCAFFOLD_FILLS = {
    "answer_reception_gaps": ['"agent"', "0", "step"],
    "answer_split_discount": ["total", "ROUND_HALF_UP", ":-1", "sum(shares)"],
    "answer_may_categories": ['"2025-06-01"', "notna", '"order_id"', '"sku"', '"category"'],
    "answer_bought_together": ["notna", "target", "idxmax", "max"],
    "answer_scoped_coupon": ["int(inside // 10 * 10)", 'int(float(before.margin) - 练习7["margin"])',
                             '练习7["total"]', '练习7["per_person"]', '练习7["start"]', '练习7["end"]'],
}


#: Role-play chats (course/roleplays/ch04.py): the replies a good and a poor student send.
CHATS = {
    "chat_bargain": (
        ["亲，理解您想买得划算～我们用的是当天到店的 A 级花材，包装里有保水棉和营养液，收到就能插。",
         "可以送您一张手写贺卡，帮您写上生日祝福，这单也已经包邮啦。今天 16 点前下单当天发出哦～"],
        ["亲，价格是统一的，不能便宜哦",
         "真的便宜不了，要的话直接拍吧"]),
    "chat_occasion": (
        ["亲～纪念日建议选枝数多的那款，花头饱满、显得隆重有心意；指定日期送达没问题，拍的时候备注送达日期就行。",
         "亲，花是当天现扎的，根部有保水包装。收到后剪根、换清水，避开空调风口，一般能放一周左右。",
         "收到～帮您核对：收花人、电话和地址按您发的填，送达时间是您说的那天上午，贺卡照您给的原话写。"
         "已经备注给打包的同事啦，感谢您，祝纪念日快乐！"],
        ["两款都可以的，看您喜欢",
         "那就选贵一点的吧，分量足，那天能送到",
         "我们的花都很新鲜的",
         "不会的，有问题可以找我们处理",
         "好的，收到"]),
}
