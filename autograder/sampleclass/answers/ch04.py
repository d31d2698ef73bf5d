"""Chapter 4 known answers for the simulated class and the tests."""

WRONG = {
    "answer_customer_types": 'q1 = ["C", "A", "E", "D"]',
    # 推荐产品 before 挖掘需求
    "answer_reception_order": 'q2 = ["D", "G", "C", "E", "A", "H", "F", "B"]',
    # the coupon tested on the price after 满减 (the mistake of the opening case)
    "answer_parallel_threshold": '''\
subtotal = (149 - 20) * 2
after = subtotal - 25
q3 = after - (10 if after >= 250 else 0) + 10''',
    # plain float rounding and the remainder dropped
    "answer_split_discount": '''\
total = sum(amounts)
return [round(reduction * a / total, 2) for a in amounts]''',
    "answer_invalid_plans": 'q5 = {"A", "B"}',
    # the buyer pays little, but the shop loses its margin
    "answer_design_plan": '''\
plan = {"coupon": {"at": 200, "minus": 60}}
cart = [("HF002", 1), ("HF026", 1), ("HF027", 1)]''',
    "answer_bargain_reply": 'q7 = "D"',
    # every order, paid or not
    "answer_may_categories": '''\
may = orders[(orders["created_at"] >= "2025-05-01") & (orders["created_at"] < "2025-06-01")]
sold = items[items["order_id"].isin(may["order_id"])].merge(products[["sku", "category"]], on="sku")
q8 = sold.groupby("category")["order_id"].nunique().sort_values(ascending=False).head(3)''',
    # HF002 itself not excluded
    "answer_bought_together": '''\
with_rose = items.loc[items["sku"] == "HF002", "order_id"]
q9 = items[items["order_id"].isin(with_rose)]["sku"].value_counts().idxmax()''',
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
