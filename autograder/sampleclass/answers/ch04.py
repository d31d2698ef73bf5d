"""Chapter 4 known answers for the simulated class and the tests.

``MISCONCEPTIONS`` lists, per answer cell, what a beginner plausibly believes and the code
they would write, against the student's own question (``练习N``) and data; each must lose
points on its item in every variant (the data and the question parameters are made so
that the rule they ignore changes the answer). ``WRONG`` is the sample class's wrong
student: the first misconception of each item.
"""

_TYPES = 'q1 = [练习1.letter_of(k) for k in {}]'
_STEPS = 'steps = {}\nq2 = [练习2.letter_of(step) for step in steps]'

MISCONCEPTIONS = {
    "answer_customer_types": [
        ("拿别家价格来比的买家是在“货比三家”，当成理智型；问得细的当成砍价型",
         _TYPES.format('["犹豫型", "理智型", "砍价型", "挑剔型"]')),
        ("问得细的就是挑剔型，对包装提要求的反而算理智型",
         _TYPES.format('["犹豫型", "砍价型", "挑剔型", "理智型"]')),
        ("说“再想想”的买家话少，当成沉默型",
         _TYPES.format('["沉默型", "砍价型", "理智型", "挑剔型"]')),
    ],
    "answer_reception_order": [
        ("先把商品推荐出去，再问买家的需求",
         _STEPS.format('["进门问好", "推荐产品", "挖掘需求", "促成订单", "订单确认", "正面评价引导", '
                       '"备注交接", "礼貌告别"]')),
        ("先核对订单信息，再促成下单",
         _STEPS.format('["进门问好", "挖掘需求", "推荐产品", "订单确认", "促成订单", "正面评价引导", '
                       '"备注交接", "礼貌告别"]')),
        ("告别之后再写备注交接",
         _STEPS.format('["进门问好", "挖掘需求", "推荐产品", "促成订单", "订单确认", "正面评价引导", '
                       '"礼貌告别", "备注交接"]')),
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
    "answer_design_plan": [
        ("只想着让买家少付钱，券的面额给得很大，毛利保不住", '''\
cart = list(练习6["cart"])
listed = float(promotions.quote(cart).list_total)
plan = {"coupon": {"at": int(listed), "minus": round(listed * 0.4)}}'''),
        ("券的门槛按标价填，没想到单品宝打折后小计不到门槛，券用不上", '''\
cart = list(练习6["cart"])
listed = float(promotions.quote(cart).list_total)
plan = {"items": {cart[0][0]: {"rate": 0.95}},
        "coupon": {"at": int(listed), "minus": round(listed - 练习6["pay"])}}'''),
    ],
    "answer_bargain_reply": [
        ("买家要便宜就顺着改价，先成交再说",
         'q7 = 练习7.letter_of("“亲，那我给您改价到 159 吧。”")'),
        ("坚持原则、一口回绝最专业",
         'q7 = 练习7.letter_of("“亲，我们不议价哦。”")'),
    ],
    "answer_may_categories": [
        ("五月拍下的订单全算，没有去掉没付款的", '''\
may = orders[(orders["created_at"] >= "2025-05-01") & (orders["created_at"] < "2025-06-01")]
sold = items[items["order_id"].isin(may["order_id"])].merge(products[["sku", "category"]], on="sku")
q8 = sold.groupby("category")["qty"].sum().sort_values(ascending=False).head(3)'''),
        ("按付款时间 paid_at 选五月的订单", '''\
may = orders[(orders["paid_at"] >= "2025-05-01") & (orders["paid_at"] < "2025-06-01")]
sold = items[items["order_id"].isin(may["order_id"])].merge(products[["sku", "category"]], on="sku")
q8 = sold.groupby("category")["qty"].sum().sort_values(ascending=False).head(3)'''),
        ("五月的截止写成 <= “2025-05-31”，漏了 31 日 0 点以后的订单", '''\
may = orders[(orders["created_at"] >= "2025-05-01") & (orders["created_at"] <= "2025-05-31")
             & orders["paid_at"].notna()]
sold = items[items["order_id"].isin(may["order_id"])].merge(products[["sku", "category"]], on="sku")
q8 = sold.groupby("category")["qty"].sum().sort_values(ascending=False).head(3)'''),
    ],
    "answer_bought_together": [
        ("忘了排除题目中的商品本身", '''\
paid_items = items[items["order_id"].isin(orders.loc[orders["paid_at"].notna(), "order_id"])]
with_target = paid_items.loc[paid_items["sku"] == 练习9["sku"], "order_id"]
counts = paid_items[paid_items["order_id"].isin(with_target)]["sku"].value_counts()
q9 = (counts.idxmax(), int(counts.max()))'''),
        ("没有只看已付款订单，拍下没付款的订单也算了进去", '''\
with_target = items.loc[items["sku"] == 练习9["sku"], "order_id"]
together = items[items["order_id"].isin(with_target) & (items["sku"] != 练习9["sku"])]
counts = together["sku"].value_counts()
q9 = (counts.idxmax(), int(counts.max()))'''),
    ],
}

#: The sample class's wrong student writes each item's first misconception.
WRONG = {answer: samples[0][1] for answer, samples in MISCONCEPTIONS.items()}

ERROR = {
    "answer_customer_types": "q1 = [C, E, A, D]",
    "answer_reception_order": 'q2 = list("DCGEAHFB")[8]',
    "answer_parallel_threshold": 'q3 = promotions.quote([("HF004", 2)], plan3).total',
    "answer_split_discount": "return [reduction / 0 for a in amounts]",
    "answer_invalid_plans": 'q5 = set("A", "B")',
    "answer_design_plan": 'plan = {"coupon": {"at": 200, "minus": 250}}\ncart = [("HF002", 1)]\n'
                          "promotions.quote(cart, plan)",
    "answer_bargain_reply": "q7 = C",
    "answer_may_categories": 'q8 = orders.groupby("category")["qty"].sum()',
    "answer_bought_together": 'q9 = items["商品"].mode()[0]',
}

WRITTEN = {
    "written_bargain_reply": (
        "亲，您好！理解您想买得更划算～我们的 19 枝红玫瑰都是当天到店的新鲜花材，"
        "发货前会拍照给您确认，还免费送手写贺卡。如果预算有限，11 枝款 139 元也很漂亮，"
        "同样当天发货。您看喜欢哪一款？我马上帮您安排，感谢您的支持～",
        "不能便宜，别家的都是次品。",
    ),
}
