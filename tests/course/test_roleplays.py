"""The 售前, 售中 and 售后 role-play chats: natural good replies close well, natural poor ones do
not, a taboo angers the buyer, the buyer comes from the learner's own shop and says the
course's rules."""

from __future__ import annotations

import pytest

from course import roleplay, roleplays
from course.roleplay import broken
from course.rules import RULES
from tests.factories import as_student

#: Natural chats per scenario: each good one closes well with every reply meeting its needs;
#: each poor one ends badly without a taboo; each taboo one ends in the turn's angry ending.
CHATS: dict[str, dict[str, list[list[str]]]] = {
    "ch04.occasion": {
        "good": [
            ["亲，纪念日推荐红玫瑰19枝，寓意长长久久，比香槟玫瑰更隆重；下周六可以指定日期送达，您下单时备注一下就好～",
             "您放心，花材都是当天到店现包的A级花，花头有网套保护。收到后斜着剪掉1～2厘米，放清水加营养液，能开5～7天。",
             "好的亲，跟您核对一下：下周六上午送到您发的地址，收花人林女士，贺卡写“十年快乐，余生也请多指教”，对吗？"
             "祝你们纪念日快乐！"],
            ["您好！结婚纪念日的话建议选 19 枝，分量足、显得有心意。指定日期配送没问题，拍的时候在备注里写上送达日期。",
             "亲，花是当天现扎的，根部有保水包装。到了以后剪根、换清水，避开暖气和空调，一般能放一周左右。",
             "收到～帮您核对：收花人林女士，电话 138****2046，地址滨江路 88 号 3 栋 1201，下周六上午送达，"
             "贺卡写“十年快乐，余生也请多指教”。感谢您的信任！"],
            ["亲，两款都好看，送爱人的话我更推荐红玫瑰，寓意长长久久。",  # no date yet: the buyer asks again
             "亲，19 枝红玫瑰更合适，花头饱满也更隆重；下周六当天送到没问题，我们按备注的日期安排。",
             "亲，我们的花材每天新鲜到店，收到后斜口剪根、每天换清水就能多开几天。",
             "好的，核对一下：下周六上午送到滨江路 88 号，收花人林女士，贺卡“十年快乐，余生也请多指教”。谢谢亲～"],
        ],
        "poor": [
            ["两款都可以的，看您喜欢", "那就选贵一点的吧，分量足，那天能送到", "我们的花都很新鲜的",
             "不会的，有问题可以找我们处理", "好的，收到"],
            ["都行", "随便选一个就行"],
        ],
        "taboo": [["亲，我们家绝对准时，花也是全网最新鲜的"]],
    },
    "ch05.stalled": {
        "good": [
            ["亲，真的很抱歉让您着急了！我马上联系顺丰查一下包裹卡在哪里，10 分钟内给您回复。",
             "亲，查到了，包裹在中转站滞留了，顺丰说最快后天才能派送，实在抱歉。我们明天上午给您安排同城配送补送一束，"
             "您看可以吗？或者您想退款也可以。",
             "好的亲，明天中午 12 点前送到。原来那个包裹您到时候直接拒收就行，我们来处理，"
             "补送的配送单号我一会儿发您。"],
            ["亲，非常理解您的心情！我这就联系顺丰核实原因。",
             "查到了：包裹卡在中转站，最快后天派送。我们明天上午 10 点前给您同城补送一束新的，保证生日当天收到。",
             "没问题，明天中午前送到。原来的包裹到了您留着就好，不用寄回，补送出发后我第一时间通知您。"],
            ["亲，物流有时候会慢一点，请耐心等待哦",  # fobbed off first, then put right
             "对不起亲，是我没说清楚，我现在就联系快递查包裹。",
             "是中转站积压了，要晚一点",
             "明天上午给您同城补送一束",
             "好的，明天中午前送到",
             "原来的包裹您直接拒收就可以，我们来处理"],
        ],
        "poor": [
            ["亲，物流有时候会慢一点，请耐心等待哦", "快递的事我们也控制不了，您再等等吧"],
            ["您好，抱歉，我这就帮您查一下物流", "是中转站积压了，要晚一点", "那只能等了", "嗯嗯"],
        ],
        "taboo": [["快递慢又不是我们的问题，您自己去问快递吧"]],
    },
    "ch05.unpaid": {
        "good": [
            ["亲，可以的～今天下午 4 点前付款当天就发出，明天就能送到，祝妈妈生日快乐！",
             "不会的亲，订单拍下后 72 小时内付款都有效，您不着急。不过想明天送到的话，要在今天下午 4 点前付款哦。",
             "亲，为了您的交易安全，请直接在淘宝订单里付款哦。花呗额度不够的话，可以换银行卡付，或者用「找朋友帮忙付」。"],
            ["亲，下午4点前付款当天发出，明天能到哦",
             "亲，订单保留3天，您方便的时候付就行，要赶明天的话记得16点前付款哦",
             "亲，不能加微信转账哦，站外转账没有保障，您在淘宝订单里用银行卡或者找朋友代付都可以"],
            ["您好，明天能送到的。",  # no cut-off yet: the buyer asks
             "今天 16 点前付款就来得及，之后付的第二天才发。",
             "不会取消，拍下后三天内付都可以，没关系的。只是 16 点前付款明天才能到。",
             "亲，请不要加微信转账，在淘宝订单里付款才有保障，可以用储蓄卡或信用卡付。"],
        ],
        "poor": [
            ["可以的，明天能到", "16 点前付款", "不会取消的，您放心"],
            ["能送到的", "不知道，您自己看吧"],
        ],
        "taboo": [["亲，16 点前付款明天就能送到，您赶紧付款吧"],
                  ["亲，下午4点前付款当天发出，明天能到哦",
                   "亲，订单保留3天，您方便的时候付就行，要赶明天的话记得16点前付款哦",
                   "可以呀，加我微信转给我就行"]],
    },
    "ch06.wilted": {
        "good": [
            ["亲，真的非常抱歉！照片我看到了，花头确实缺水打蔫了，这是我们的问题。",
             "给您两个方案：一是明天上午给您补发一束新的，二是直接退您全款，您看选哪个？",
             "可以的亲，明天上午 10 点前送到。这束蔫的不用寄回，您留着就好。补发的单号我发出后第一时间发您。"],
            ["亲，给您添麻烦了，对不起！我看了您发的照片，确实是花材的问题。",
             "亲，我们可以明天上午给您补发一束，或者按实付给您退款，两个方案您选一个～",
             "能的，明天上午十点前送到。蔫的那束不需要寄回。补发出来后我把单号发您。"],
            ["您好，请问是哪里有问题呢",
             "不好意思，让您收到这样的花，是我们的责任。",
             "我们会尽快处理的",
             "补发一束吧，明天送到",
             "明天上午送",
             "不用寄回了"],
        ],
        "poor": [
            ["您好，请问是哪里有问题呢", "我们会核实的"],
            ["亲，抱歉，照片收到了", "我们会尽快处理的", "会给您一个满意的答复"],
        ],
        "taboo": [["亲，鲜花属于生鲜类商品，签收后不支持退换哦"]],
    },
    "ch06.review": {
        "good": [
            ["亲，真的很抱歉这次让您失望了。不过我们不能用红包换好评，评价是您的权利，改不改由您决定。",
             "亲，这次的问题确实是我们的责任，向您道歉。我们给您退 40 元作为补偿，今天就退到您的账户，和评价没有关系。",
             "可以的，评价后 30 天内可以修改一次，改不改都由您决定，不方便也没关系。"],
            ["亲，实在抱歉，好评返现是平台禁止的，我们做不了。",
             "对不起，这单是我们没做好。明天上午给您补发一束新的，或者退您 30 元，您选一个。",
             "能改的：评价后 30 天内可以改一次，您自己决定就好。"],
            ["亲，这个我们考虑一下",  # stalls first, then refuses
             "抱歉亲，我们不会拿红包换评价，评价请您如实写。",
             "真的对不起，我们今天给您退 30 元，这是针对这单的问题，和评价无关。",
             "评价后 30 天内可以修改一次，改不改看您。"],
        ],
        "poor": [
            ["亲，这个我们考虑一下", "亲，我们再商量商量"],
            ["亲，对不起！评价请您如实写，我们不会拿红包换好评。", "抱歉亲，我们明天上午给您补发一束新的", "可以改的"],
        ],
        "taboo": [["好的亲，红包马上发您，麻烦改一下评价哦"],
                  ["亲，实在抱歉，好评返现是平台禁止的，我们做不了。", "亲，退您 30 元，麻烦您把评价改一下"]],
    },
}


def _cases(kind: str) -> list:
    return [pytest.param(key, chat, id=f"{key}-{kind}{n}")
            for key, kinds in CHATS.items() for n, chat in enumerate(kinds[kind])]


def test_every_new_scenario_has_natural_sample_chats():
    new = {key for key in roleplays.SCENARIOS if key != "ch04.bargain"}
    assert new <= set(CHATS)
    assert all(len(CHATS[key]["good"]) >= 3 and CHATS[key]["poor"] and CHATS[key]["taboo"] for key in new)


@pytest.mark.parametrize("key, chat", _cases("good"))
def test_a_natural_good_chat_closes_well(key, chat):
    scenario = roleplays.SCENARIOS[key]
    exchanges, _, ended = roleplay.replay(scenario, chat, scenario.values())
    end = roleplay.outcome(scenario, chat)
    assert ended and end is not None and end.success, roleplay.transcript_text(scenario, chat)
    assert len(exchanges) == len(chat), "every reply was needed"
    assert not any(e.check.taboos for e in exchanges)
    assert exchanges[-1].check.good


@pytest.mark.parametrize("key, chat", _cases("poor"))
def test_a_natural_poor_chat_ends_badly_without_a_taboo(key, chat):
    scenario = roleplays.SCENARIOS[key]
    exchanges, _, ended = roleplay.replay(scenario, chat, scenario.values())
    end = roleplay.outcome(scenario, chat)
    assert ended and end is not None and not end.success, roleplay.transcript_text(scenario, chat)
    assert not any(e.check.taboos for e in exchanges)
    assert any(not ok for e in exchanges for _, ok in e.check.met), "the checks say what was missing"


@pytest.mark.parametrize("key, chat", _cases("taboo"))
def test_a_taboo_ends_the_chat_in_the_angry_ending(key, chat):
    scenario = roleplays.SCENARIOS[key]
    exchanges, _, ended = roleplay.replay(scenario, chat, scenario.values())
    assert ended and exchanges[-1].check.taboos
    name = exchanges[-1].check.goto
    turn = scenario.turns[name]
    assert turn.last and not turn.success and turn.result
    sent_from = [t for t in scenario.turns.values() if not t.last]
    assert all(t.on_taboo for t in sent_from), "every turn a reply answers has an angry ending"


@pytest.mark.parametrize("key", sorted(roleplays.SCENARIOS))
def test_each_scenario_is_four_to_seven_turns_with_a_good_and_a_bad_ending(key):
    scenario = roleplays.SCENARIOS[key]
    depth, frontier, seen = {scenario.start: 1}, [scenario.start], set()
    while frontier:  # the longest path (the graphs have no cycles)
        name = frontier.pop()
        seen.add(name)
        turn = scenario.turns[name]
        for target in [b.goto for b in turn.branches] + ([turn.on_taboo] if turn.on_taboo else []):
            if depth.get(target, 0) < depth[name] + 1:
                depth[target] = depth[name] + 1
                frontier.append(target)
        assert len(depth) <= len(scenario.turns) and max(depth.values()) <= len(scenario.turns) + 1
    assert seen == set(scenario.turns), "every turn can be reached"
    if key != "ch04.bargain":  # the worked example is shorter on purpose
        assert 4 <= max(depth.values()) <= 7
    endings = scenario.endings()
    assert any(t.success for t in endings.values()) and any(not t.success for t in endings.values())


@pytest.mark.parametrize("text", [
    "我们不能返现", "亲，好评返现是平台禁止的，我们做不了", "请不要加微信转账", "加微信转账不安全，请在订单里付款",
    "我们不会拉黑您的", "补发后第一时间通知您"])
def test_a_clause_that_refuses_a_taboo_is_not_a_taboo(text):
    from course import replies
    from course.roleplays.ch05 import _OFF_SITE

    patterns = [p for _, p in replies.TABOOS.values()] + [_OFF_SITE]
    assert not any(broken(p, text) for p in patterns), text


@pytest.mark.parametrize("text", [
    "我们是全网最好的", "不买拉倒，后果自负", "亲，改成好评就返您 20 元", "可以，加我微信转给我",
    "我们不会亏待您，改好评返现 20 元"])
def test_a_taboo_is_still_a_taboo(text):
    from course import replies
    from course.roleplays.ch05 import _OFF_SITE
    from course.roleplays.ch06 import _TRADE

    patterns = [p for _, p in replies.TABOOS.values()] + [_OFF_SITE, _TRADE]
    assert any(broken(p, text) for p in patterns), text


@pytest.mark.parametrize("text", [
    "亲，退您 30 元，麻烦您把评价改一下", "您改成好评的话，我们给您返 20 元", "给个五星好评，送您一张 10 元优惠券",
    "亲，我们补偿您 20 元，您就把差评删了吧", "评价改了之后我们再退您 30 块", "亲，您追加个好评，我们送您一份小礼物",
    "只要您把差评撤了，我们就全额退款", "退款可以，但得请您先改成好评", "亲，30块可以，你先改好评我再转给你"])
def test_every_way_of_trading_a_benefit_for_a_review_is_a_taboo(text):
    from course.roleplays.ch06 import REVIEW

    assert any("用好处换评价" in t for t in roleplay.check_reply(REVIEW.turn("problem"), text).taboos)


@pytest.mark.parametrize("text", [
    "亲，这次的问题确实是我们的责任，我们给您退 40 元作为补偿，今天就退到您的账户，和评价没有关系。",
    "可以的，评价后 30 天内可以修改一次，改不改都由您决定，不方便也没关系。",
    "退款我们今天就给您处理，补偿只针对这次送晚了，跟评价没关系，您不用改评价。",
    "亲，评价后30天内可以修改一次评价，退款已经到账了，改不改您决定。",
    "给您添麻烦了，评价的事您自己决定，退款我们马上处理。",
    "亲，非常抱歉，评价是您的真实感受，我们尊重。这单我们退您 30 元，今天到账。"])
def test_a_remedy_beside_a_word_about_the_review_is_not_a_trade(text):
    from course.roleplays.ch06 import REVIEW

    assert roleplay.check_reply(REVIEW.turn("after"), text).taboos == ()


def test_the_buyer_hears_the_course_s_rules():
    """Numbers the chats state come from course.rules, not from the scenario's text."""
    said = {key: (s.brief.format(**s.values()) + "".join(t.buyer for t in s.turns.values()).format(**s.values()))
            for key, s in roleplays.SCENARIOS.items()}
    assert f"{RULES.chasing.close_hours} 小时" in said["ch05.unpaid"]
    assert f"{RULES.chasing.max_reminders} 次" in said["ch05.unpaid"]
    assert f"超过 {RULES.timeouts.parcel_stalled_hours} 小时" in said["ch05.stalled"]
    assert f"{RULES.timeouts.parcel_stalled_hours + 6} 个小时" in said["ch05.stalled"]
    assert f"{RULES.timeouts.refund_shipped_silent_days} 天不处理" in said["ch06.wilted"]
    assert f"{RULES.timeouts.review_change_days} 天内" in said["ch06.review"]
    free_at = f"满 {RULES.promotions.free_shipping_at:g} 元包邮"
    assert free_at in said["ch04.bargain"] and free_at in said["ch04.occasion"]
    from course.roleplays.ch05 import UNPAID

    keep = UNPAID.turns["later"].needs["如实说明订单保留多久"]
    assert broken(keep, f"拍下后 {RULES.chasing.close_hours} 小时内付款都有效")


@pytest.mark.parametrize("student", [None, "2024001", "2024017"])
def test_every_line_is_the_learner_s_own_shop(monkeypatch, tmp_path, student):
    from course import data

    as_student(monkeypatch, tmp_path, student, "s" * 16)
    orders = set(data.load("orders")["order_id"])
    nicks = set(data.load("customers")["nick"])
    products = set(data.load("products")["name"])
    for key, scenario in roleplays.SCENARIOS.items():
        values = scenario.values()
        scenario.brief.format(**values)
        for name in scenario.turns:
            assert "{" not in scenario.turn(name, values).buyer, (key, name)
        assert values["buyer"] in nicks, key
        assert values["product"] in products, key
        if "order_id" in values:
            assert values["order_id"] in orders, key


def test_students_meet_different_buyers(monkeypatch, tmp_path):
    seen = {key: set() for key in roleplays.SCENARIOS}
    for n in range(6):
        as_student(monkeypatch, tmp_path, f"20240{n:02d}", "s" * 16)
        for key, scenario in roleplays.SCENARIOS.items():
            seen[key].add(tuple(sorted(map(str, scenario.values().items()))))
    assert all(len(found) >= 2 for found in seen.values()), {k: len(v) for k, v in seen.items()}


@pytest.mark.parametrize("key", ["ch05.unpaid", "ch06.review"])
def test_the_widget_plays_a_new_chat_to_its_end(key):
    from course.ui import RolePlayChat

    chat = RolePlayChat(key)
    assert chat.reply("") is False and "回复是空的" in chat._feedback.value
    assert chat.reply("好" * 10_000) is False and chat.answers == []
    for reply in CHATS[key]["good"][0]:
        assert chat.reply(reply)
    assert chat.ended and "对话结束" in chat._log.value and chat._send_button.disabled
    scope: dict = {}
    exec(chat.code(), scope)  # noqa: S102 - the widget's own output, as the learner pastes it
    assert scope[roleplays.SCENARIOS[key].answer] == CHATS[key]["good"][0]
