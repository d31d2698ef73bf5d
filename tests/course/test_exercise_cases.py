"""Do the questions built from real rows find their cases in every variant?

Some questions show rows of the learner's own shop data (``course/exercises/chNN.py``
pickers: refunds, reviews, chat lines, customers). The pickers must find a case of every
kind in every variant, and each case must keep the property that makes a natural mistake
lose points (a review a day away from a mistaken limit, a line that says 蔫 before any
flower withered…).
"""

from __future__ import annotations

import pandas as pd
import pytest

from course import autoreply
from course.exercises import ch06
from course.rules import RULES

STUDENTS = [None, "2024001", "2024002", "2024017", "2024123", "2024999"]


@pytest.fixture(params=STUDENTS, ids=lambda s: s or "public")
def student(request, monkeypatch):
    for name in ("KEFU_STUDENT", "JUPYTERHUB_USER", "KEFU_VARIANT_KEY", "KEFU_WORKSPACE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KEFU_COURSE_SECRET", "exercise-cases-test")
    if request.param is not None:
        monkeypatch.setenv("KEFU_STUDENT", request.param)
    return request.param


def test_ch06_q3_shows_a_refund_only_and_a_return_of_shipped_orders(student):
    cases = ch06.silent_refunds()["cases"]
    assert sorted(c["kind"] == "仅退款" for c in cases) == [False, True]
    assert all(c["shipped"] and c["shipped"] <= c["applied"] for c in cases)


def test_ch06_q5_asks_before_the_buyer_s_return_deadline(student):
    case = ch06.agreed_return()
    refund = case["case"]
    assert refund["kind"] in ("退货退款", "换货") and refund["responded"]
    agreed = pd.Timestamp(refund["responded"])
    assert agreed < pd.Timestamp(case["now"]) < agreed + pd.Timedelta(days=RULES.timeouts.buyer_return_days)


def test_ch06_q7_reviews_are_a_day_away_from_every_mistaken_limit(student):
    """A 中评/差评 16–29 days old whose trade finished over 31 days ago (15 days, or 30 days
    from the trade's success, leave it out), one over 33 days old, a 好评 inside 29 days."""
    case = ch06.reviews_to_change()
    now = pd.Timestamp(case["now"])
    ages = [((now - pd.Timestamp(r["created"])).days, (now - pd.Timestamp(r["finished"])).days,
             r["rating"]) for r in case["reviews"].values()]
    assert len(ages) == 5
    assert any(16 <= age <= 29 and done > 31 and rating != "好评" for age, done, rating in ages)
    assert any(age >= 33 and rating != "好评" for age, _, rating in ages)
    assert any(age <= 29 and rating == "好评" for age, _, rating in ages)
    changeable = [age for age, _, rating in ages if rating != "好评" and age < RULES.timeouts.review_change_days]
    assert len(changeable) == 3 and all(age >= 1 for age in changeable)


def test_ch06_q8_lines_are_one_of_each_topic(student):
    lines = ch06.buyer_lines()["lines"]
    assert sorted(autoreply.topic_of(line["text"]) for line in lines.values()) == sorted(ch06.LINE_TOPICS)
    fresh = [line["text"] for line in lines.values() if autoreply.topic_of(line["text"]) == "新鲜度"]
    assert "蔫" in fresh[0] or "焉" in fresh[0]  # asked before buying: a 蔫 that is no complaint


def test_ch06_q8_package_line_reports_damage_that_happened(student):
    """The 包装破损 line (keyed as the shop's side) reports a crushed box, never a demand made
    before delivery such as 「纸箱也要完好，压扁一点我都会拒收」, for every pick."""
    from course import variants

    for pick in (0, 1, 49, 177, 999, 4321):  # 49 and 177 drew the two bad lines before
        variants_params = {"pick": pick}
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(variants, "params", lambda item, p=variants_params: p)
            lines = ch06.buyer_lines()["lines"]
        package = [line["text"] for line in lines.values() if autoreply.topic_of(line["text"]) == "包装破损"]
        assert len(package) == 1
        assert any(word in package[0] for word in ch06.DAMAGE_WORDS), package[0]
        assert "拒收" not in package[0] and "会不会" not in package[0], package[0]


def test_ch08_q9_customers_are_one_of_each_kind(student):
    """Three 重要 customers off the blacklist (one 重要挽留), a blacklisted 重要 one, a recent
    small spender and a 一般 customer who is 重要 by 2025-06-30 (the lesson's table)."""
    from course import crm, data
    from course.exercises import ch08

    case = ch08.revisit_candidates()
    segment = crm.rfm(case["as_of"])["segment"]
    later = crm.rfm("2025-06-30")["segment"]
    customers = data.load("customers").set_index("buyer_id")
    kinds = []
    for buyer in (b["buyer_id"] for b in case["buyers"].values()):
        important, black = segment[buyer].startswith("重要"), customers.at[buyer, "blacklisted"] == 1
        kinds.append((segment[buyer], important, black, later[buyer].startswith("重要")))
    assert len(kinds) == 6 and len({b["buyer_id"] for b in case["buyers"].values()}) == 6
    assert sum(important and not black for _, important, black, _ in kinds) == 3
    assert any(seg == "重要挽留客户" and not black for seg, _, black, _ in kinds)
    assert any(important and black for _, important, black, _ in kinds)
    assert any(seg in ("一般价值客户", "一般发展客户") and not black for seg, _, black, _ in kinds)
    assert any(not important and later_important for _, important, _, later_important in kinds)


def test_ch08_q6_lowering_the_m_line_always_gains_most(student):
    """Only each dimension's 「高」 line moves customers between segments; in every variant
    and on every as-of date, lowering the M line gains far more 重要挽留客户 than the others."""
    from course import crm
    from course.exercises.ch08 import PARAMS

    spec = PARAMS["q6"]
    for as_of in spec["as_of"][1]:
        def retained(thresholds=None, as_of=as_of):
            return int((crm.rfm(as_of, thresholds=thresholds)["segment"] == "重要挽留客户").sum())
        base = retained()
        m = min(retained({"m_amounts": t}) for t in spec["m_amounts"][1]) - base
        others = [retained({"r_days": t}) for t in spec["r_days"][1]]
        others += [retained({"f_counts": t}) for t in spec["f_counts"][1]]
        others.append(retained({"high_score": RULES.rfm.high_score + 1}))
        assert m - (max(others) - base) >= 20, as_of


# --- the pickers before they read plain lists (issue 20): the same rows -----------------------


def _dated_reviews_before(now) -> list[dict]:
    from course import data

    reviews, orders = data.load("reviews"), data.load("orders")
    finished = dict(zip(orders["order_id"], orders["finished_at"], strict=True))
    rows = []
    for row in reviews.sort_values(["created_at", "order_id"]).itertuples(index=False):
        done = finished.get(row.order_id)
        if row.created_at > now or done is None or pd.isna(done):
            continue
        rows.append({"order_id": row.order_id, "rating": row.rating, "text": row.text,
                     "finished": done, "created": row.created_at,
                     "age": (now - row.created_at) / pd.Timedelta(days=1),
                     "done_age": (now - done) / pd.Timedelta(days=1)})
    return rows


def _line_pools_before() -> dict[str, list[dict]]:
    from course import data

    messages = data.load("messages")
    buyer = messages.loc[messages["sender"] == "buyer"].sort_values(["sent_at", "session_id"])
    pools: dict[str, list[dict]] = {topic: [] for topic in ch06.LINE_TOPICS}
    for row in buyer.itertuples(index=False):
        asked = [t for t in autoreply.topics_of(row.text) if t != "问候"]
        if len(asked) == 1 and asked[0] in pools:
            if asked[0] == "新鲜度" and "蔫" not in row.text and "焉" not in row.text:
                continue
            if asked[0] == "包装破损" and not any(word in row.text for word in ch06.DAMAGE_WORDS):
                continue
            pools[asked[0]].append({"session_id": row.session_id, "sent": ch06._time(row.sent_at),
                                    "text": row.text})
    return pools


def _spot_flags_before() -> list[dict]:
    from course import data
    from course.exercises import ch07

    sessions, orders, refunds = data.load("sessions"), data.load("orders"), data.load("refunds")
    paid = orders[orders["paid_at"].notna()]
    paid_days = set(zip(paid["buyer_id"], paid["paid_at"].dt.normalize(), strict=True))
    june_paid = set(paid.loc[(paid["paid_at"] >= "2025-06-01") & (paid["paid_at"] < "2025-07-01"),
                             "buyer_id"])
    in_june = (refunds["applied_at"] >= "2025-06-01") & (refunds["applied_at"] < "2025-07-01")
    buyer_of = dict(zip(orders["order_id"], orders["buyer_id"], strict=True))
    refunded = {buyer_of.get(o) for o in refunds.loc[in_june, "order_id"]}
    succeeded = {buyer_of.get(o)
                 for o in refunds.loc[in_june & (refunds["status"] == "SUCCESS"), "order_id"]}
    rows = []
    for row in sessions.sort_values(["started_at", "session_id"]).itertuples(index=False):
        day = pd.Timestamp(row.started_at).normalize()
        inquiry = row.is_inquiry == 1
        paid_today = (row.buyer_id, day) in paid_days
        rating = row.rating if isinstance(row.rating, str) and row.rating else None
        bad, refund = rating in ch07.BAD_RATINGS, row.buyer_id in refunded
        unpaid = inquiry and not paid_today
        kind = None
        if not bad and not refund:
            if unpaid:
                kind = "paid_other_day" if row.buyer_id in june_paid else "unpaid"
            elif not inquiry:
                kind = "not_inquiry"
            else:
                kind = "paid_today"
        elif rating == "一般" and not refund and not unpaid:
            kind = "rated_fair"
        elif refund and row.buyer_id not in succeeded and not bad and not unpaid:
            kind = "refund_failed"
        rows.append({"session_id": row.session_id, "buyer_id": row.buyer_id,
                     "agent_id": row.agent_id, "started": row.started_at, "day": day,
                     "inquiry": inquiry, "rating": rating, "kind": kind})
    return rows


def test_pickers_on_plain_lists_find_the_rows_of_the_former_versions(student):
    from course.exercises import ch07

    for now in ("2025-06-30 12:00:00", "2025-03-01 08:00:00"):
        assert ch06._dated_reviews(pd.Timestamp(now)) == _dated_reviews_before(pd.Timestamp(now))
    assert ch06._line_pools() == _line_pools_before()
    assert ch07._compute_spot_flags() == _spot_flags_before()


def test_ch08_q9_rows_are_those_of_the_former_look_ups(student):
    from course import crm, data
    from course.exercises import ch08

    for as_of in ("2025-03-31", "2025-05-31"):
        table = crm.rfm(as_of)
        later = crm.rfm("2025-06-30")["segment"]
        customers = data.load("customers").set_index("buyer_id")
        before = [(buyer, segment, int(customers.at[buyer, "blacklisted"]), later.get(buyer, segment))
                  for buyer, segment in table["segment"].items()]
        assert ch08._revisit_rows(as_of) == before


def _refund_tickets_before() -> list[dict]:
    from course import data

    refunds, orders = data.load("refunds"), data.load("orders")
    products = data.load("products")
    names = dict(zip(products["sku"], products["name"], strict=True))
    shipped = dict(zip(orders["order_id"], orders["shipped_at"], strict=True))
    tickets = []
    for row in refunds.sort_values("refund_id").itertuples(index=False):
        sent = shipped.get(row.order_id)
        sent = sent if sent is not None and pd.notna(sent) and sent <= row.applied_at else None
        tickets.append({
            "refund_id": row.refund_id, "order_id": row.order_id,
            "name": names.get(row.sku, row.sku), "kind": row.type, "reason": row.reason,
            "amount": f"{row.amount:.2f}", "status": row.status,
            "applied": ch06._time(row.applied_at),
            "shipped": ch06._time(sent) if sent is not None else "",
            "responded": ch06._time(row.responded_at) if pd.notna(row.responded_at) else "",
        })
    return tickets


def test_ch06_refund_tickets_are_those_of_the_former_version(student):
    assert ch06.refund_tickets() == _refund_tickets_before()
