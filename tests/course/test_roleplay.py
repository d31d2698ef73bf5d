"""Role-play chats: branching buyer turns, live checks, bad input and a transcript that cannot be embellished."""

from __future__ import annotations

import pytest

from course import roleplay, roleplays
from course.roleplay import ReplyError, clean_reply, replay, transcript_text
from course.roleplays.ch04 import BARGAIN

GOOD = ["亲，理解您的心情，我们的玫瑰是当天到店的 A 级花材，还有保鲜营养液",
        "可以送您一张手写贺卡，祝女朋友生日快乐！今天 16 点前下单当天发出哦"]


def test_a_good_seller_closes_the_deal_in_two_replies():
    exchanges, pending, ended = replay(BARGAIN, GOOD)
    assert [e.check.good for e in exchanges] == [True, True]
    assert ended and "拍下" in pending


def test_a_reply_that_misses_a_need_takes_the_harder_branch():
    exchanges, pending, ended = replay(BARGAIN, ["亲，我们家的花很好的"])
    assert not exchanges[0].check.good and dict(exchanges[0].check.met)["表示理解"] is False
    assert not ended and "再便宜二十" in pending


def test_a_taboo_angers_the_buyer_and_ends_the_chat():
    exchanges, pending, ended = replay(BARGAIN, ["亲，理解，我们是全网最好的 A 级花材"])
    assert exchanges[0].check.taboos == ("用了极限词",) and ended and "投诉" in pending
    assert "后果自负" not in pending
    exchanges, pending, ended = replay(BARGAIN, ["不买拉倒，后果自负", "对不起"])
    assert len(exchanges) == 1 and ended  # nothing can be sent after the end


@pytest.mark.parametrize("bad, message", [
    ("", "回复是空的"), ("   \n ", "回复是空的"), ("😀🌹👍", "只有表情或符号"), ("！！！？？", "只有表情或符号"),
    ("好" * 10_000, "回复太长了（10000 字）"), (None, "一段文字"), (42, "一段文字")])
def test_bad_input_gets_a_chinese_message(bad, message):
    with pytest.raises(ReplyError, match=message):
        clean_reply(bad)


def test_control_characters_are_dropped_and_emoji_with_words_is_fine():
    assert clean_reply("亲\x07，好的🌹\u200b") == "亲，好的🌹"


def test_the_buyer_side_comes_from_the_scenario_not_from_the_learner():
    """Replies the chat would not take are skipped on replay, as they could not be sent."""
    with_junk = [GOOD[0], "", "😀", GOOD[1]]
    assert transcript_text(BARGAIN, with_junk) == transcript_text(BARGAIN, GOOD)
    text = transcript_text(BARGAIN, GOOD)
    assert text.count("买家：") == 3 and "（对话结束：成交）" in text and "✘" not in text


def test_every_scenario_is_a_sound_graph():
    for scenario in roleplays.SCENARIOS.values():
        assert scenario.start in scenario.turns
        for name, turn in scenario.turns.items():
            for branch in turn.branches:
                assert branch.goto in scenario.turns, (name, branch.goto)
                assert set(branch.when) <= set(turn.needs), (name, branch.when)
            if turn.branches:
                assert turn.branches[-1].when == (), f"{name}: the last branch is the default"
            assert turn.on_taboo is None or turn.on_taboo in scenario.turns
        assert any(t.last for t in scenario.turns.values())


def test_the_widget_keeps_the_text_on_bad_input_and_copies_the_replies_as_code():
    from course.ui import RolePlayChat

    chat = RolePlayChat("ch04.bargain")
    chat._input.value = "😀😀"
    assert chat.reply(chat._input.value) is False
    assert chat._input.value == "😀😀" and "只有表情" in chat._feedback.value and chat.answers == []
    assert chat.reply("亲，理解您，<script>alert(1)</script>我们的花材是当天的 A 级鲜切花")
    assert "<script>" not in chat._log.value and "&lt;script&gt;" in chat._log.value
    assert chat.reply(GOOD[1]) and chat.ended and chat._send_button.disabled
    assert chat.reply("还有吗") is False and "已经结束" in chat._feedback.value
    scope: dict = {}
    exec(chat.code(), scope)  # noqa: S102 - the widget's own output, as the learner pastes it
    assert scope["对话_砍价"] == chat.answers
    chat.restart()
    assert chat.answers == [] and not chat.ended and "太贵" in chat._log.value


def test_the_scenario_uses_the_learner_s_own_shop(monkeypatch):
    from course import variants

    public = roleplays.scenario_values("ch04.bargain")
    monkeypatch.setenv("KEFU_STUDENT", "2024001")
    monkeypatch.setenv("KEFU_VARIANT_KEY", "ab" * 32)
    own = roleplays.scenario_values("ch04.bargain")
    assert variants.current().key and own["price"] >= 150 and set(own) == set(public)


def test_how_a_chat_ended_is_named_and_only_a_good_ending_is_a_success():
    assert roleplay.outcome(BARGAIN, GOOD).success
    assert roleplay.outcome(BARGAIN, GOOD[:1]) is None  # not over yet
    lost = roleplay.outcome(BARGAIN, ["亲，我们家的花很好的", "不行"])
    assert lost is not None and lost.result == "买家流失" and not lost.success
    assert "（对话结束：买家流失）" in transcript_text(BARGAIN, ["亲，我们家的花很好的", "不行"])


def test_the_widget_goes_on_from_an_earlier_chat_and_ignores_what_could_not_be_sent():
    from course.ui import RolePlayChat

    chat = RolePlayChat("ch04.bargain", replies=[GOOD[0], "😀", 42])
    assert chat.answers == [GOOD[0]] and not chat.ended
    assert "再便宜" not in chat._log.value  # the good first reply went to the gift turn
    done = RolePlayChat("ch04.bargain", replies=GOOD + ["还有一句"])
    assert done.answers == GOOD and done.ended and "对话结束：成交" in done._log.value
    empty = RolePlayChat("ch04.bargain", replies="不是列表")
    assert empty.answers == [] and "没有读到以前的对话" in empty._feedback.value
