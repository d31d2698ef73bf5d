"""Unit tests for ``course.replies.review_reply``, the rubric checker for written replies."""

from __future__ import annotations

import pytest

from course.replies import review_reply

KEYS = ["greeting", "empathy", "solution", "facts", "close", "no_extreme", "no_threat",
        "no_bribe"]
CLOSE = "感谢您的耐心，祝您生活愉快！"
GOOD = ("亲，您好！非常抱歉花束在路上耽误了，让您着急了。我们已为您的订单安排补发一束新的玫瑰花束，"
        "明天上午送达，另外退还运费10元。" + CLOSE)
BAD = "你自己的问题，我们的花是全网最好的，给好评返现5元。"


def met(text: str) -> dict[str, bool]:
    return {item.key: item.met for item in review_reply(text).items}


def test_every_rubric_item_is_named_in_order():
    review = review_reply(GOOD)
    assert [item.key for item in review.items] == KEYS
    assert all(item.label for item in review.items)


def test_good_reply_meets_every_item_and_gets_full_marks():
    review = review_reply(GOOD)
    assert all(met(GOOD).values())
    assert review.missed == []
    assert review.score == 3.0
    assert review.max_score == 3.0


def test_good_reply_items_show_their_evidence():
    evidence = {item.key: item.evidence for item in review_reply(GOOD).items}
    assert evidence["greeting"] == "亲"
    assert evidence["empathy"] == "抱歉"
    assert "补发" in evidence["solution"]
    assert evidence["facts"] == "花束"
    assert evidence["close"] == "感谢"


def test_bad_reply_misses_the_wanted_items_and_breaks_every_must_not():
    items = met(BAD)
    assert items == {"greeting": False, "empathy": False, "solution": False, "facts": True,
                     "close": False, "no_extreme": False, "no_threat": False,
                     "no_bribe": False}
    review = review_reply(BAD)
    assert review.score == 0.0
    assert len(review.missed) == 7


@pytest.mark.parametrize(("key", "text"), [
    ("greeting", GOOD.replace("亲，您好！", "")),
    ("empathy", GOOD.replace("非常抱歉", "").replace("让您着急了", "")),
    ("solution", "亲，您好！非常抱歉花束在路上耽误了，让您着急了。我们会跟进您的订单。" + CLOSE),
    ("facts", "亲，您好！非常抱歉让您着急了。我们马上为您退款，今天到账。" + CLOSE),
    ("close", GOOD.replace(CLOSE, "")),
], ids=lambda v: v if v in KEYS else "")
def test_a_reply_missing_one_wanted_item_misses_only_that_item(key, text):
    items = met(text)
    assert [k for k, ok in items.items() if not ok] == [key]


def test_score_is_rounded_down_to_half_a_point():
    # 7 of 8 items: 3 × 7/8 = 2.625 → 2.5
    review = review_reply(GOOD.replace(CLOSE, ""))
    assert review.score == 2.5
    # 10 × 7/8 = 8.75 → 8.5
    assert review_reply(GOOD.replace(CLOSE, ""), max_score=10).score == 8.5


@pytest.mark.parametrize(("key", "extra"), [
    ("no_extreme", "这是全网最好的花束。"),
    ("no_extreme", "保证100%新鲜。"),
    ("no_threat", "否则后果自负。"),
    ("no_bribe", "给好评返现5元哦。"),
    ("no_bribe", "麻烦删差评，送您优惠券。"),
], ids=["极限词", "100%", "威胁", "好评返现", "删差评"])
def test_breaking_a_must_not_item_caps_the_score_at_a_third(key, extra):
    text = GOOD + extra
    items = met(text)
    assert [k for k, ok in items.items() if not ok] == [key]
    assert review_reply(text).score == 1.0  # 7/8 of 3 would be 2.5
    # 6 × 7/8 = 5.25, capped at 2
    assert review_reply(text, max_score=6).score == 2.0


def test_cap_is_also_rounded_down_to_half_a_point():
    # 5 × 7/8 = 4.375, capped at 5/3 = 1.67 → 1.5
    assert review_reply(GOOD + "绝对新鲜。", max_score=5).score == 1.5


def test_broken_item_names_the_offending_words():
    item = next(i for i in review_reply(GOOD + "这是全网最好的花束。").items
                if i.key == "no_extreme")
    assert not item.met
    assert "全网" in item.evidence or "最好" in item.evidence


def test_very_short_reply_scores_zero_even_when_items_are_met():
    text = "亲，抱歉，明天补发，谢谢"
    assert len(text) < 20
    review = review_reply(text)
    assert met(text)["greeting"] and met(text)["empathy"]
    assert review.score == 0.0


def test_empty_reply_scores_zero():
    assert review_reply("").score == 0.0
    assert review_reply("   ").score == 0.0


@pytest.mark.parametrize("value", [None, 42, b"\xe4\xba\xb2", ["亲"]])
def test_non_text_is_refused(value):
    with pytest.raises(TypeError):
        review_reply(value)


def test_summary_shows_score_and_every_item():
    summary = review_reply(GOOD).summary()
    assert "3 / 3" in summary
    assert summary.count("✔") == 8


def test_the_html_view_escapes_what_the_learner_wrote():
    from course.replies import review_reply

    review = review_reply("亲，您的订单我们安排<img src=x onerror=alert(1)>1 元补偿，感谢理解")
    solution = next(item for item in review.items if item.key == "solution")
    assert solution.met and "<img" in solution.evidence  # the evidence quotes the reply
    page = review._repr_html_()
    assert "<img" not in page and "&lt;img src=x onerror=alert(1" in page


def test_everyday_words_that_contain_a_taboo_word_are_not_taboos():
    """「第一时间」「第一次」 are not 极限词, and 「否则」 explaining a consequence is no threat."""
    from course.replies import TABOOS

    extreme, threat = TABOOS["no_extreme"][1], TABOOS["no_threat"][1]
    assert not extreme.search("亲，收到后我第一时间帮您处理，这是您第一次在本店下单吧")
    assert extreme.search("我们是全网第一的花店") and extreme.search("第一品牌")
    assert not threat.search("请今天 16 点前付款，否则只能明天发货哦")
    assert threat.search("你再不付款，否则后果自负") and threat.search("否则我们就拉黑你")


def test_a_written_reply_that_refuses_a_taboo_does_not_break_it():
    """「我们不能返现」 refuses the taboo it names: the written rubric agrees with the chats."""
    from course.replies import review_reply

    refusing = review_reply("亲，非常抱歉给您添麻烦了，我们不能好评返现，但是马上给您补发一束新的，感谢您的耐心！")
    assert all(item.met for item in refusing.items if item.key == "no_bribe")
    offering = review_reply("亲，非常抱歉给您添麻烦了，改成好评返现 10 元，感谢您的耐心！")
    assert not next(item for item in offering.items if item.key == "no_bribe").met
    assert offering.score <= offering.max_score / 3 < refusing.score
