"""The orientation's one graded exercise (see course/coach.py for EXERCISES).

No scaffold here: the orientation shows the plain stub itself (section 四), and the
answer is one line to copy and change."""

EXERCISES = {
    1: {"answer": "answer_finished_orders", "check": ["q1"], "hints": [
        "照着上面数「等待买家付款」订单的那一行写，只是把状态换成交易成功的状态。",
        "交易成功的状态写作 \"TRADE_FINISHED\"：(orders[\"status\"] == \"TRADE_FINISHED\") 得到一列 True/False，"
        "再用 .sum() 数出 True 的个数。"]},
}
