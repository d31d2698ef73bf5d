"""Chapters 4 (售前) and 5 (售中): the lessons' facts agree with the engine, their text uses
one quotation style, and every question's numbers make the rule it teaches matter."""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pandas as pd
import pytest

from course import chasing, promotions
from course.exercises import ch04, ch05
from course.rules import RULES

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = ("ch04", "ch05")


def _cells(chapter: str) -> list[dict]:
    notebook = json.loads((ROOT / "source" / chapter / f"{chapter}.ipynb").read_text("utf-8"))
    for cell in notebook["cells"]:
        if isinstance(cell["source"], list):
            cell["source"] = "".join(cell["source"])
    return notebook["cells"]


def _markdown(chapter: str) -> str:
    return "\n".join(c["source"] for c in _cells(chapter) if c["cell_type"] == "markdown")


# --- the lessons' text ----------------------------------------------------------------------


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_quotes_are_chinese_quotation_marks_outside_code(chapter):
    """“…” for what someone says, 「…」 for labels; ASCII quotes only inside `code`."""
    prose = re.sub(r"`[^`]*`", "", _markdown(chapter))
    straight = [line for line in prose.splitlines() if '"' in line or "'" in line]
    assert not straight, straight[:3]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_headings_are_neither_empty_nor_repeated_back_to_back(chapter):
    headings = [line.strip() for line in _markdown(chapter).splitlines()
                if line.startswith("#") and "SOLUTION" not in line]
    assert all(re.fullmatch(r"#+ \S.*", h) for h in headings), headings
    titles = [h.lstrip("#").strip() for h in headings]
    assert all(a != b and not b.startswith(a + "：") for a, b in pairwise(titles)), titles


def test_ch04_case_and_worked_example_are_what_the_engine_charges():
    """The opening case (174 元 without the vase, 203 元 with it) and the worked example
    (183.10 元) apply the shop's 满99包邮 like the engine: no shipping fee on these carts."""
    case = {"threshold": {"tiers": [{"at": 200, "minus": 20}]}, "coupon": {"at": 200, "minus": 10}}
    assert promotions.quote([("HF002", 1), ("HF027", 1)], case).total == Decimal("174.00")
    assert promotions.quote([("HF002", 1), ("HF027", 1), ("HF026", 1)], case).total == \
        Decimal("203.00")
    worked = promotions.quote([("HF002", 1), ("HF027", 1), ("HF026", 1)],
                              {**case, "items": {"HF002": {"rate": 0.9}}})
    assert worked.total == Decimal("183.10") and worked.shipping == 0
    lesson = _markdown("ch04")
    for text in ("只要174元", "他付了203元", "**183.10**", "一共183.10元"):
        assert text in lesson, text
    assert "193.10＋10" not in lesson and "加运费10元，一共" not in lesson


def test_ch04_prices_in_the_lesson_are_the_product_tables():
    products = pd.read_csv(ROOT / "data" / "products.csv").set_index("sku")["price"]
    lesson = _markdown("ch04")
    assert f"营养液（{products['HF028']:g}元）" in lesson
    assert f"花瓶（{products['HF026']:g}元）" in lesson and f"贺卡（{products['HF027']:g}元）" in lesson
    assert "保鲜剂" not in lesson + _markdown("ch05")


def test_the_running_case_uses_one_manjian_everywhere():
    for chapter in CHAPTERS:
        text = _markdown(chapter).replace(" ", "")
        assert "满199减" not in text, chapter


def test_ch05_shows_the_ranked_table_with_chinese_headers():
    code = next(c["source"] for c in _cells("ch05")
                if c["cell_type"] == "code" and "chasing.prioritize(\"2025-06-30 20:00\")" in c["source"])
    assert "chasing.labelled(ranked)" in code
    ranked = chasing.prioritize("2025-06-30 20:00")
    shown = chasing.labelled(ranked)
    assert list(shown.columns) == [chasing.COLUMN_LABELS[c] for c in chasing.SHOWN_COLUMNS]
    assert not any(re.search(r"[a-z_]", column) for column in shown.columns)
    assert "excluded_reason" in ranked  # code and tests keep the English names
    assert (shown["不催付原因"] == "（可以催付）").sum() == (ranked["excluded_reason"] == "").sum()


def test_ch05_templates_give_no_reason_that_may_be_untrue():
    for text in chasing.TEMPLATES.values():
        assert not re.search(r"只剩|限量|库存有限|最后一天|即将", text), text
        assert not chasing.taboos(text)


# --- the questions' numbers make each rule matter ---------------------------------------------


def test_ch04_q3_every_case_needs_the_parallel_threshold_and_the_free_shipping_rule():
    price = 149
    for case in [ch04.PARAMS["q3"]["case"][0], *ch04.PARAMS["q3"]["case"][1]]:
        subtotal = (price - case["per"]) * case["qty"]
        assert subtotal >= case["at"] > subtotal - case["off"], case  # 券 on the after-满减 amount fails
        assert subtotal >= RULES.promotions.free_shipping_at, case  # adding 运费 is wrong
        assert case["per"] * (case["qty"] - 1) > 0  # 单品宝 per 束, not per order
        assert case["coupon"] != RULES.promotions.shipping_fee  # the two mistakes differ



def _coupon_range(case: dict, plan: dict, cost_of_gift: bool = True,
                  every: bool = False) -> tuple[int, int]:
    """(smallest Y with 实付 ≤ pay, largest Y with 毛利 ≥ margin): a coupon the subtotal
    reaches takes Y off both, so they follow from the quote without it (``every``: try
    every Y instead, as the hidden test does)."""
    def priced(y: int):
        coupon = {"coupon": {"at": case["coupon_at"], "minus": y}} if y else {}
        quote = promotions.quote(list(case["cart"]), {**plan, **coupon})
        gift = sum(line.cost for line in quote.lines if line.kind == "赠品")
        return quote.total, quote.margin + (0 if cost_of_gift else gift)

    if every:
        tried = [(y, *priced(y)) for y in range(1, case["coupon_at"])]
        return (min(y for y, total, _ in tried if total <= case["pay"]),
                max(y for y, _, margin in tried if margin >= case["margin"]))
    total, margin = priced(0)
    return math.ceil(total - case["pay"]), math.floor(margin - case["margin"])


def test_ch04_q6_every_case_has_room_and_needs_the_gift_cost_and_the_item_discount():
    for case in [ch04.PARAMS["q6"]["case"][0], *ch04.PARAMS["q6"]["case"][1]]:
        gift = {"by": "amount", "tiers": [{"at": case["gift_at"], "gift": case["gift"]}]}
        plan = {"items": {case["sku"]: {"rate": case["rate"]}}, "threshold": gift}
        plain = promotions.quote(list(case["cart"]), plan)
        assert plain.gifts == (case["gift"],) and plain.shipping == 0, case  # the gift is given
        assert plain.subtotal >= case["coupon_at"], case  # the coupon applies
        low, high = _coupon_range(case, plan)
        assert 3 <= high - low <= 20, case
        assert _coupon_range(case, plan, cost_of_gift=False)[1] != high, case
        without = _coupon_range(case, {"threshold": gift})
        assert without[0] != low and without[1] != high, case
    public = ch04.PARAMS["q6"]["case"][0]
    plan = {"items": {public["sku"]: {"rate": public["rate"]}},
            "threshold": {"by": "amount", "tiers": [{"at": public["gift_at"], "gift": public["gift"]}]}}
    assert _coupon_range(public, plan, every=True) == _coupon_range(public, plan)

def test_ch05_q4_never_starts_from_the_tools_starting_moment():
    from course.ui.chasing_prioritizer import ChasingPrioritizer

    start = ChasingPrioritizer.__init__.__defaults__[0:2]
    spec = ch05.PARAMS["q4"]
    moments = {spec["now"][0], *spec["now"][1]}
    assert not moments & set(start) and max(moments) < ch05.SLIDER_END == start[1]
    assert set(ch05.WAITING.values()) | {"C"} <= set(ch05.WHY_OPTIONS)
    assert "静默" in ch05.WHY_OPTIONS["C"]


def test_ch05_q4_the_quick_answer_is_what_moving_the_slider_shows():
    for now in ch05.MOMENTS[::9]:
        moment, order = ch05.reminder_case(now, 7)
        ends, hour, send, _ = ch05.earliest_reminder(moment, order)
        buyer = chasing.prioritize(moment).set_index("order_id").loc[order, "buyer_id"]
        assert ch05.first_remindable(order, buyer, moment) == (hour, send), (now, order)
        assert send == chasing.next_send_time(ends) != ends  # the quiet hours decide too
        assert send.hour == RULES.chasing.quiet_end_hour


def _sessions_opening_with_before(lines: set[str]) -> list[str]:
    """ch04's chat finders as they were before the chats were kept per data version."""
    from course import data

    messages = data.load("messages")
    first = messages[messages["sender"] == "buyer"].drop_duplicates("session_id")
    ids = set(first.loc[first["text"].isin(lines), "session_id"])
    sessions = data.load("sessions")
    return sessions[sessions["session_id"].isin(ids)].sort_values(
        ["started_at", "session_id"])["session_id"].tolist()


def _render_before(session_id: str, title: str) -> str:
    from course import data

    messages = data.load("messages")
    session = data.load("sessions").set_index("session_id").loc[session_id]
    nick = data.load("customers").set_index("buyer_id").loc[session["buyer_id"], "nick"]
    agent = data.load("agents").set_index("agent_id").loc[session["agent_id"], "name"]
    start = session["started_at"]
    lines = [f"**{title}**（{start.month} 月 {start.day} 日 {start:%H:%M}，买家「{nick}」，"
             f"客服{agent}）", ""]
    for sender, text in messages.loc[messages["session_id"] == session_id, ["sender", "text"]]\
            .itertuples(index=False):
        who = {"buyer": "买家", "agent": "客服", "auto": "自动回复"}[sender]
        lines.append(f"- {who}：{text}")
    return "\n".join(lines)


@pytest.mark.parametrize("student", [None, "2024001", "2024017"])
def test_ch04_chats_are_those_the_former_finders_found(student, monkeypatch, tmp_path):
    from course import chatscripts, data
    from tests.factories import as_student

    as_student(monkeypatch, tmp_path, student, "ch04-test")
    openers = [lines[0][1] for chats in chatscripts.BUYER_TYPE_CHATS.values() for lines in chats]
    messages = data.load("messages")
    for opener in openers:
        session = _sessions_opening_with_before({opener})[0]
        assert ch04._sessions_opening_with({opener}) == _sessions_opening_with_before({opener})
        assert ch04.chat(opener, 3) == _render_before(session, "聊天 3")
        assert ch04.buyer_lines(opener) == messages[(messages["session_id"] == session)
                                                    & (messages["sender"] == "buyer")]["text"].tolist()
    receptions = {opener for opener, _ in chatscripts.RECEPTION_CHATS}
    assert ch04.reception_sessions() == _sessions_opening_with_before(receptions)
    for pick in range(3):
        session, text = ch04.reception_chat(pick)
        assert text == _render_before(session, "聊天记录")
    assert ch04._sessions_opening_with({"没有人这样开头"}) == []


def _coupon_orders_before(category: str, at: int, off: int, room: int) -> list[str]:
    """ch04.coupon_orders as it was before its sums shared one grouping (issue 20)."""
    from course import data

    products = data.load("products").set_index("sku")
    orders = data.load("orders")
    paid = orders[orders["paid_at"].notna()].sort_values(["created_at", "order_id"])
    items = data.load("order_items")
    items = items[items["order_id"].isin(paid["order_id"])]
    price, cost = products["price"], products["cost"]
    inside = items["sku"].map(products["category"]) == category
    amount = items["sku"].map(price) * items["qty"]
    table = pd.DataFrame({
        "inside": amount.where(inside, 0).groupby(items["order_id"]).sum(),
        "outside": amount.where(~inside, 0).groupby(items["order_id"]).sum(),
        "cost": (items["sku"].map(cost) * items["qty"]).groupby(items["order_id"]).sum(),
        "units": items.groupby("order_id")["qty"].sum()})
    subtotal = table["inside"] + table["outside"]
    free_at = RULES.promotions.free_shipping_at
    fair = table[(table["inside"] // 10 * 10 >= room + 2) & (table["outside"] >= 10)
                 & (table["units"] <= 4) & (subtotal >= at)
                 & (subtotal >= (free_at if free_at is not None else 0))
                 & (subtotal - off - table["cost"] >= room + 10)]
    return [order for order in paid["order_id"] if order in fair.index]


@pytest.mark.parametrize("student", [None, "2024001", "2024017"])
def test_ch04_coupon_orders_are_those_of_the_former_version(student, monkeypatch, tmp_path):
    from tests.factories import as_student

    as_student(monkeypatch, tmp_path, student, "ch04-test")
    for event in ch04._COUPON_EVENTS:
        for room in ch04.PARAMS["q7"]["room"][1]:
            args = (event["category"], event["at"], event["off"], room)
            assert ch04.coupon_orders(*args) == _coupon_orders_before(*args)


def _earliest_reminder_before(now, order: str) -> tuple | None:
    """ch05.earliest_reminder as it was before it read the shop's ranking (issue 20): it
    ranked the buyer's own tables."""
    from course import data

    moment = pd.Timestamp(now)
    reminders, orders = data.load("reminders"), data.load("orders")
    buyer = orders.set_index("order_id").loc[order, "buyer_id"]
    mine = ch05._buyer_tables(buyer)
    ranked = chasing.prioritize(moment, **mine)
    why = ranked.loc[ranked["order_id"] == order, "excluded_reason"].tolist()
    keys = [key for key in ch05.WAITING if [chasing.REASONS[key]] == why]
    if not keys:
        return None
    if keys[0] == "cooldown":
        sent = reminders.loc[(reminders["buyer_id"] == buyer) & (reminders["sent_at"] <= moment),
                             "sent_at"]
        ends = sent.max() + pd.Timedelta(hours=RULES.chasing.buyer_cooldown_hours)
    else:
        paid = orders.loc[(orders["buyer_id"] == buyer) & (orders["order_id"] != order)
                          & (orders["paid_at"] <= moment), "paid_at"]
        ends = paid.max().normalize() + pd.Timedelta(days=2)
    hour = ends.ceil("h")
    if chasing.next_send_time(ends) == ends or hour > pd.Timestamp(ch05.SLIDER_END):
        return None
    events = [reminders.loc[reminders["buyer_id"] == buyer, "sent_at"],
              orders.loc[orders["buyer_id"] == buyer, "paid_at"]]
    if any(((times > moment) & (times <= hour)).any() for times in events):
        return None
    after = chasing.prioritize(hour, **mine)
    row = after[after["order_id"] == order]
    if row["excluded_reason"].tolist() != [""]:
        return None
    return ends, hour, row["send_at"].iloc[0], keys[0]


@pytest.mark.parametrize("student", [None, "2024001", "2024017"])
def test_ch05_q4_earliest_reminder_is_the_same_from_the_shops_ranking(student, monkeypatch,
                                                                       tmp_path):
    from tests.factories import as_student

    as_student(monkeypatch, tmp_path, student, "ch05-test")
    held = 0
    for now in ch05.MOMENTS[::10]:
        for order in chasing.prioritize(now)["order_id"]:
            found = ch05.earliest_reminder(now, order)
            assert found == _earliest_reminder_before(now, order), (now, order)
            held += found is not None
    assert held >= 3


def _logistics_pool_before() -> dict[str, list[dict]]:
    """ch05.logistics_pool as it was before it was made fast (issue 20)."""
    from course import data

    messages, orders = data.load("messages"), data.load("orders")
    agents = data.load("agents")
    sessions = data.load("sessions")
    sessions = sessions[sessions["agent_id"].isin(agents.loc[agents["role"] == "售后", "agent_id"])]
    messages = messages[messages["session_id"].isin(sessions["session_id"])]
    sessions = sessions.set_index("session_id")
    nick = data.load("customers").set_index("buyer_id")["nick"]
    single = orders.groupby("buyer_id").filter(lambda rows: len(rows) == 1).set_index("buyer_id")
    first = messages[messages["sender"] == "buyer"].drop_duplicates("session_id")
    pool: dict[str, list[dict]] = {kind: [] for kind in ch05.LOGISTICS_KINDS}
    for session, asked, text in zip(first["session_id"], first["sent_at"], first["text"], strict=True):
        buyer = sessions.loc[session, "buyer_id"]
        if buyer not in single.index or not (
                asked - pd.Timedelta(days=5) <= single.loc[buyer, "paid_at"] <= asked):
            continue
        kind = ch05.logistics_kind(text, asked, single.loc[buyer, "shipped_at"])
        if kind is not None:
            pool[kind].append({"session": session, "asked": asked, "buyer": buyer,
                               "nick": nick[buyer], "order": single.loc[buyer, "order_id"], "text": text})
    return pool


@pytest.mark.parametrize("student", [None, "2024001", "2024002", "2024017"])
def test_ch05_logistics_pool_is_the_former_pandas_versions(student, monkeypatch, tmp_path):
    from tests.factories import as_student

    as_student(monkeypatch, tmp_path, student, "ch05-test")
    pool = ch05.logistics_pool()
    assert pool == _logistics_pool_before()
    assert all(len(cases) >= 3 for cases in pool.values())


def test_ch05_q8_every_trio_has_each_channel_boundary():
    high = RULES.chasing.high_value_amount
    for trio in [ch05.PARAMS["q8"]["orders"][0], *ch05.PARAMS["q8"]["orders"][1]]:
        assert any(a < high and level >= 3 for a, level in trio)  # a VIP under the line: 旺旺
        assert any(a == high for a, _ in trio)  # exactly on the line: high value
        assert any(a >= high and level < 3 for a, level in trio)  # high value, not VIP: 短信
