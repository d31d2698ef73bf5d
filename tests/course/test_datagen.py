"""The shop data set: reproducible from its seed and internally consistent."""

from __future__ import annotations

import pandas as pd
import pytest

from course import data, datagen


def test_committed_csvs_are_exactly_what_the_generator_makes(tmp_path, root):
    written = datagen.generate(tmp_path)
    assert {p.name for p in written} == {p.name for p in (root / "data").glob("*.csv")}
    for path in written:
        assert path.read_bytes() == (root / "data" / path.name).read_bytes(), path.name


def test_committed_data_stays_small(root):
    assert sum(p.stat().st_size for p in (root / "data").glob("*.csv")) < 10 * 1024 * 1024


def test_scale_factor_grows_the_data(tmp_path):
    datagen.generate(tmp_path, scale=2)
    small = sum(1 for _ in (data.data_dir() / "orders.csv").open(encoding="utf-8"))
    big = sum(1 for _ in (tmp_path / "orders.csv").open(encoding="utf-8"))
    assert big > 1.7 * small


@pytest.fixture(scope="module")
def tables():
    return data.load_all()


def test_order_items_add_up_to_paid_amount_minus_shipping(tables):
    items = tables["order_items"].groupby("order_id")["paid_amount"].sum()
    orders = tables["orders"].set_index("order_id")
    expected = (orders["paid_amount"] - orders["shipping_fee"]).round(2)
    assert (items.reindex(expected.index).round(2) - expected).abs().max() < 0.005


def test_order_status_matches_its_timestamps(tables):
    orders = tables["orders"]
    unpaid = orders["status"].isin(["WAIT_BUYER_PAY", "TRADE_CLOSED_BY_TAOBAO"])
    assert orders.loc[unpaid, "paid_at"].isna().all()
    assert orders.loc[~unpaid, "paid_at"].notna().all()
    finished = orders["status"] == "TRADE_FINISHED"
    assert orders.loc[finished, "finished_at"].notna().all()
    waiting = orders["status"] == "WAIT_BUYER_PAY"
    age = datagen.SNAPSHOT - orders.loc[waiting, "created_at"]
    assert (age < pd.Timedelta(hours=72)).all() and waiting.sum() > 5


def test_every_status_of_the_design_occurs(tables):
    assert set(tables["orders"]["status"]) == {
        "WAIT_BUYER_PAY", "WAIT_SELLER_SEND_GOODS", "WAIT_BUYER_CONFIRM_GOODS", "TRADE_FINISHED",
        "TRADE_CLOSED", "TRADE_CLOSED_BY_TAOBAO"}


def test_orders_span_a_year_and_chats_the_last_thirty_days(tables):
    created = tables["orders"]["created_at"]
    assert (created.max() - created.min()).days >= 360
    for table, column in (("sessions", "started_at"), ("messages", "sent_at"),
                          ("reminders", "sent_at")):
        times = tables[table][column]
        assert times.min() >= datagen.CHATS_FROM, table
        assert times.max() <= datagen.SNAPSHOT, table


def test_chats_read_like_taobao_chats_with_auto_replies(tables):
    messages = tables["messages"]
    assert set(messages["sender"]) == {"buyer", "agent", "auto"}
    text = " ".join(messages["text"].head(3000))
    for phrase in ("亲", "包邮", "发货"):
        assert phrase in text


def test_attributed_orders_belong_to_known_agents(tables):
    agents = set(tables["agents"]["agent_id"])
    attributed = tables["orders"]["agent_id"].dropna()
    assert set(attributed) <= agents
    assert tables["orders"]["agent_id"].isna().any()  # 静默下单 exists
