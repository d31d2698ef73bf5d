"""The shop's chats as cases (course.chats): enough of every kind in every student's variant."""

from __future__ import annotations

import pandas as pd
import pytest

from course import chats
from course.exercises import ch01, ch03
from tests.factories import as_student

#: The public variant (None) and a few students of a class.
STUDENTS = (None, "2024001", "2024002", "2024017", "stu-x")


@pytest.fixture(params=STUDENTS, ids=lambda s: s or "public")
def student(request, monkeypatch, tmp_path):
    """Load the shop as one student (or the public data) under a made-up class secret."""
    return as_student(monkeypatch, tmp_path, request.param, "chats-test")


def test_every_kind_a_question_draws_has_cases_in_every_variant(student):
    kinds = {*ch01.PRESALE_KINDS, *ch01.FOLLOW_UP_KINDS, ch01.PARCEL_KIND, *ch01.AFTER_SALE_KINDS,
             *ch01.HANDOVER_KINDS, *(kind for kinds in ch03.Q8_KINDS for kind in kinds)}
    short = {kind: len(chats.cases(*kind)) for kind in kinds if len(chats.cases(*kind)) < 3}
    assert not short, short


def test_a_case_asks_one_thing_and_its_opener_wrote_first(student):
    every = chats.chats()
    for kind in ch01.HANDOVER_KINDS:
        for session in chats.cases(*kind)[:3]:
            assert chats.topic_of(session) == kind[1]
            assert chats.opened_by(session) == kind[0] == every[session].opened_by


def test_pick_counts_round_the_list():
    found = chats.cases("buyer", "物流")
    assert chats.pick(("buyer", "物流"), 0) == found[0]
    assert chats.pick(("buyer", "物流"), len(found) + 1) == found[1]
    with pytest.raises(LookupError):
        chats.pick(("buyer", "没有这个主题"), 0)


def test_note_cases_hold_the_two_natural_mistakes_in_every_variant(student):
    """Each case shows the buyer's order, an earlier one of theirs and another buyer's order
    paid after it but before the chat: "the newest order" and "the buyer's first order" are
    both wrong."""
    from course import data

    cases = chats.note_cases()
    assert len(cases) >= 8
    orders = data.load("orders").set_index("order_id")
    for case in cases:
        shown = orders.loc[list(case["orders"])]
        chat_at = pd.Timestamp(case["chat_at"])
        mine = shown[(shown["buyer_id"] == case["buyer"]) & (shown["paid_at"] <= chat_at)]
        right = mine["paid_at"].idxmax()
        newest = shown[shown["paid_at"] <= chat_at]["paid_at"].idxmax()
        first_of_buyer = mine["paid_at"].idxmin()
        assert len(case["orders"]) == 4 and right not in (newest, first_of_buyer)


def test_transcript_shows_every_message_with_its_sender():
    session = chats.cases("buyer", "花材蔫了")[0]
    text = chats.transcript(session)
    assert text.startswith(f"> **会话 {session}**")
    assert "买家：" in text and "客服小" in text
    assert chats.transcripts([session, session]).count("**聊天 ") == 2


def test_topic_of_refuses_a_chat_about_several_things():
    several = next(s for s, c in chats.chats().items() if len(c.topics) > 1)
    with pytest.raises(ValueError, match="不是一个案例"):
        chats.topic_of(several)
    with pytest.raises(KeyError):
        chats.chat("S999999")


# The implementations before they were made fast (issue 20): the fast ones must give the
# very same chats and note cases.
def _chats_before(messages: pd.DataFrame, sessions: pd.DataFrame) -> dict[str, chats.Chat]:
    from course import autoreply

    ordered = messages.sort_values(["session_id", "sent_at"], kind="stable")
    opened = ordered.groupby("session_id", sort=False)["sender"].first().to_dict()
    asked: dict[str, list[str]] = {}
    for session, sender, text in zip(ordered["session_id"], ordered["sender"], ordered["text"],
                                     strict=True):
        if sender == "buyer":
            topics = asked.setdefault(session, [])
            topics += [t for t in autoreply.topics_of(text)
                       if t not in chats._SMALL_TALK and t not in topics]
    every = {}
    for session, buyer, agent, started in zip(sessions["session_id"], sessions["buyer_id"],
                                              sessions["agent_id"], sessions["started_at"],
                                              strict=True):
        if session in opened:
            every[session] = chats.Chat(session, buyer, agent, started, opened[session],
                                        tuple(asked.get(session, ())))
    return every


def _note_cases_before(every: dict[str, chats.Chat], orders: pd.DataFrame) -> list[dict]:
    paid = orders[orders["paid_at"].notna()].sort_values(["paid_at", "order_id"], kind="stable")
    by_buyer = {b: g for b, g in paid.groupby("buyer_id", sort=False)}
    by_agent = {a: g for a, g in paid.groupby("agent_id", sort=False)}
    found = []
    for session in sorted(every):
        c = every[session]
        mine = by_buyer.get(c.buyer_id)
        if c.opened_by != "agent" or mine is None:
            continue
        before = mine[mine["paid_at"] <= c.started_at]
        if len(before) < 2 or before["agent_id"].iloc[-1] != c.agent_id:
            continue
        right = before.iloc[-1]
        theirs = by_agent[c.agent_id]
        theirs = theirs[theirs["buyer_id"] != c.buyer_id]
        after = theirs[(theirs["paid_at"] > right["paid_at"]) & (theirs["paid_at"] <= c.started_at)]
        earlier = theirs[theirs["paid_at"] < right["paid_at"]]
        if after.empty or earlier.empty:
            continue
        shown = pd.DataFrame([right, before.iloc[-2], after.iloc[-1], earlier.iloc[-1]])
        shown = shown.sort_values(["paid_at", "order_id"], kind="stable")
        found.append({
            "session": session, "buyer": c.buyer_id, "chat_at": f"{c.started_at:%Y-%m-%d %H:%M:%S}",
            "orders": {o: f"{o}（买家 {b}，付款 {chats._day_time(p)}，实付 {a:.2f} 元）"
                       for o, b, p, a in zip(shown["order_id"], shown["buyer_id"], shown["paid_at"],
                                             shown["paid_amount"], strict=True)}})
    return found


def test_chats_and_note_cases_are_those_of_the_plain_pandas_version(student):
    from course import data

    messages, sessions, orders = data.load("messages"), data.load("sessions"), data.load("orders")
    every = chats.chats()
    assert every == _chats_before(messages, sessions)
    assert chats.note_cases() == _note_cases_before(every, orders)
    # a buyer's orders bunched up around the chats: ties of payment times, orders of the
    # same buyer on both sides of the agent's list
    bunched = orders.assign(paid_at=orders["paid_at"].dt.floor("D"))
    assert chats.note_cases(every, bunched) == _note_cases_before(every, bunched)


def _transcript_before(session_id: str) -> str:
    from course import data

    case = chats.chat(session_id)
    messages = data.load("messages")
    names = dict(zip(*[data.load("agents")[c] for c in ("agent_id", "name")], strict=True))
    rows = messages[messages["session_id"] == session_id].sort_values("sent_at", kind="stable")
    lines = [f"> **会话 {session_id}**：买家 {case.buyer_id}，{chats._day_time(case.started_at)} 开始  "]
    for sent, sender, text in zip(rows["sent_at"], rows["sender"], rows["text"], strict=True):
        who = chats._SENDER.get(sender, f"客服{names.get(case.agent_id, case.agent_id)}")
        lines.append(f"> {sent:%H:%M} {who}：{text}  ")
    return "\n".join(lines)


def test_transcripts_and_rough_chats_are_those_of_the_former_versions(student):
    """Transcripts of a sample of sessions; chats of messages with ties of times, missing
    times and sessions, in shuffled order."""
    import numpy as np

    from course import data

    every = sorted(chats.chats())
    for session in every[::40]:
        assert chats.transcript(session) == _transcript_before(session)
        assert chats.transcript(session, data.load("messages")) == _transcript_before(session)
    messages, sessions = data.load("messages"), data.load("sessions")
    rng = np.random.default_rng(5)
    rough = messages.sample(frac=1, random_state=5).reset_index(drop=True)
    rough["sent_at"] = rough["sent_at"].dt.floor("h")
    rough.loc[rng.choice(len(rough), 60, replace=False), "sent_at"] = pd.NaT
    rough.loc[rng.choice(len(rough), 60, replace=False), "session_id"] = np.nan
    assert chats.chats(rough, sessions) == _chats_before(rough, sessions)
