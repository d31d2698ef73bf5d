"""Chapter 4 known answers for the simulated class and the tests.

The wrong answers are misconceptions written against the student's own question
(``练习N``), so they stay wrong in every variant.
"""

WRONG = {
    # buyers 2 and 3 swapped (理智型 and 砍价型 confused)
    "answer_customer_types": 'q1 = [练习1.letter_of(k) for k in ["犹豫型", "理智型", "砍价型", "挑剔型"]]',
    # 推荐产品 before 挖掘需求
    "answer_reception_order": (
        'steps = ["进门问好", "推荐产品", "挖掘需求", "促成订单", "订单确认", "正面评价引导", '
        '"备注交接", "礼貌告别"]\n'
        "q2 = [练习2.letter_of(step) for step in steps]"),
    # the coupon tested on the price after 满减 (the mistake of the opening case)
    "answer_parallel_threshold": '''\
subtotal = (149 - 练习3["per"]) * 练习3["qty"]
after = subtotal - 练习3["off"]
q3 = after - (练习3["coupon"] if after >= 练习3["at"] else 0) + 10''',
    # plain float rounding and the remainder dropped
    "answer_split_discount": '''\
total = sum(amounts)
return [round(reduction * a / total, 2) for a in amounts]''',
    # the 单品宝 and 套餐 plans suspected, 上不封顶 taken as always allowed
    "answer_invalid_plans": (
        "q5 = {letter for letter, text in 练习5.shown.items() "
        """if '"items"' in text or '"bundles"' in text}"""),
    # the buyer pays little, but the shop loses its margin
    "answer_design_plan": '''\
cart = list(练习6["cart"])
listed = float(promotions.quote(cart).list_total)
plan = {"coupon": {"at": int(listed), "minus": round(listed * 0.4)}}''',
    # giving in: the price changed to the other shop's
    "answer_bargain_reply": """q7 = 练习7.letter_of('"亲，那我给您改价到 159 吧。"')""",
    # every order, paid or not
    "answer_may_categories": '''\
may = orders[(orders["created_at"] >= "2025-05-01") & (orders["created_at"] < "2025-06-01")]
sold = items[items["order_id"].isin(may["order_id"])].merge(products[["sku", "category"]], on="sku")
q8 = sold.groupby("category")["order_id"].nunique().sort_values(ascending=False).head(3)''',
    # the product itself not excluded (and unpaid orders counted)
    "answer_bought_together": '''\
with_target = items.loc[items["sku"] == 练习9["sku"], "order_id"]
counts = items[items["order_id"].isin(with_target)]["sku"].value_counts()
q9 = (counts.idxmax(), int(counts.max()))''',
}

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
