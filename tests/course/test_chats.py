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
