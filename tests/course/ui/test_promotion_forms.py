"""The promotion forms (course/ui/promotion_forms.py) respond to their fields, no browser needed.

Each form's plan is what the engine prices; a bad field shows the engine's Chinese message
beside it and clears nothing; 复制为代码 rebuilds the same plan.
"""

from __future__ import annotations

import time

import pytest

from course import promotions
from course.data import load
from course.rules import RULES
from course.ui import CouponForm, ItemDiscountForm, PromotionForms, ShopPromoForm

ROSES = sorted(load("products").query("category == '玫瑰花束'")["sku"])


def beside(form, control) -> str:
    """The message shown in the form row that holds ``control``."""
    (field,) = [f for f in form._fields if control in f.box.children]
    return field.message.value


def run(code: str) -> dict:
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - 复制为代码 is meant to be pasted and run
    return namespace


@pytest.fixture
def coupon():
    return CouponForm(cart=[("HF002", 1), ("HF026", 1), ("HF027", 1)], name="q7")


def test_coupon_form_plan_is_the_engine_format_and_the_code_rebuilds_it(coupon):
    coupon._minus.value = 15
    coupon._at.value = 200
    coupon._total.value = 300
    coupon._per_person.value = 2
    coupon._start.value, coupon._end.value = "2027-05-18", "2027-05-20"
    plan = coupon.plan()
    assert plan == {"coupon": {"at": 200, "minus": 15, "total": 300, "per_person": 2,
                               "start": "2027-05-18", "end": "2027-05-20"}}
    assert run(coupon.code())["q7"] == plan
    assert coupon.error == "" and "设置有效" in coupon._message.value
    # 199 + 29 + 5 = 233 ≥ 200 → 15 off, 满99包邮
    assert float(coupon.quote.total) == 218.0 and "毛利" in coupon._trial.result.value


def test_coupon_above_its_threshold_gets_a_chinese_message_beside_the_amount_and_keeps_fields(coupon):
    coupon._at.value = 100
    coupon._start.value, coupon._end.value = "2027-05-18", "2027-05-20"
    coupon._minus.value = 120
    assert "不应大于或等于门槛" in coupon.error
    assert "不应大于或等于门槛" in beside(coupon, coupon._minus)
    assert "表单还有问题" in coupon._trial.result.value
    assert (coupon._minus.value, coupon._at.value, coupon._start.value) == (120, 100, "2027-05-18")
    coupon._minus.value = 20
    assert coupon.error == "" and beside(coupon, coupon._minus) == ""


def test_coupon_scope_by_category_prices_only_the_chosen_goods(coupon):
    coupon._at.value = 200
    coupon._minus.value = 20
    coupon._scope.add_category("玫瑰花束")
    assert coupon.plan()["coupon"]["skus"] == ROSES
    # only the roses count: 199 < 200 → the coupon cannot be used on this cart
    assert coupon.quote.coupon_discount == 0
    assert any("不满 200.00 元" in note for note in coupon.quote.notes)
    coupon._at.value = 190
    assert float(coupon.quote.coupon_discount) == 20
    shares = {ln.sku: float(ln.share) for ln in coupon.quote.lines}
    assert shares == {"HF002": 20.0, "HF026": 0.0, "HF027": 0.0}


def test_coupon_empty_scope_and_half_a_validity_period_are_refused(coupon):
    coupon._scope.mode.value = "some"
    assert "至少要选一件商品" in coupon.error
    assert "至少要选一件商品" in beside(coupon, coupon._scope)
    coupon._scope.mode.value = "all"
    coupon._start.value = "2027-05-18"
    assert "同时填开始日期和结束日期" in coupon.error
    coupon._end.value = "2027-05-17"
    assert "早于开始日期" in coupon.error
    coupon._end.value = "5月20日"
    assert "这样的日期" in coupon.error and coupon._end.value == "5月20日"


def test_coupon_per_person_options_and_the_total(coupon):
    assert [n for _, n in coupon._per_person.options] == list(
        range(1, RULES.promotions.coupon_per_person_max + 1))
    coupon._per_person.value = 3
    coupon._total.value = 2
    assert "比发放量 2 张还多" in coupon.error
    coupon._total.value = 0
    assert "发放量" in coupon.error


def test_no_threshold_coupon_keeps_the_typed_threshold(coupon):
    coupon._at.value = 150
    coupon._has_at.value = False
    assert coupon.plan()["coupon"]["at"] == 0 and coupon._at.value == 150 and coupon._at.disabled


def test_learner_text_is_escaped(coupon):
    coupon._start.value, coupon._end.value = "<script>x</script>", "2027-05-20"
    assert "<script>" not in coupon._message.value and "&lt;script&gt;" in coupon._message.value


def test_shop_promo_form_tiers_scope_and_errors():
    form = ShopPromoForm(cart=[("HF002", 1), ("HF026", 1)])
    assert form.plan() == {"threshold": {"by": "amount", "tiers": [{"at": 200, "minus": 20}]}}
    assert float(form.quote.threshold_discount) == 20  # 199 + 29 = 228 ≥ 200
    enabled, at, kind, value, gift = form._tiers[1]
    enabled.value = True
    at.value, kind.value, value.value = 220, "rate", 9
    assert form.plan()["threshold"]["tiers"][1] == {"at": 220, "rate": 0.9}
    assert float(form.quote.threshold_discount) == 22.8  # the highest reached tier: 9 折 of 228
    form._no_cap.value = True
    assert "上不封顶" in form.error and "上不封顶" in beside(form, form._no_cap)
    form._no_cap.value = False
    kind.value = "gift"
    assert "选一件赠品" in form.error and value.disabled and not gift.disabled
    gift.value = "HF029"
    assert form.error == "" and form.quote.gifts == ("HF029",)
    form._scope.mode.value = "some"
    form._scope.picked.value = ("HF026",)
    assert form.plan()["threshold"]["skus"] == ["HF026"]
    assert form.quote.threshold_discount == 0 and form.quote.gifts == ()  # 29 < 200


def test_shop_promo_by_qty_needs_whole_pieces():
    form = ShopPromoForm()
    form._by.value = "qty"
    form._tiers[0][1].value = 2.5
    assert "整数件" in form.error and "整数件" in beside(form, form._tiers[0][1])


def test_item_discount_form_respects_the_shops_lowest_discount():
    form = ItemDiscountForm(cart=[("HF002", 2)])
    product, kind, value, shown = form._rows[0]
    product.value = "HF002"
    value.value = 8  # 8 折
    assert form.plan() == {"items": {"HF002": {"rate": 0.8}}}
    assert "159.20 元" in shown.value and float(form.quote.total) == 318.4
    value.value = RULES.promotions.min_discount * 10 / 2
    assert "最低折扣" in form.error and "最低折扣" in beside(form, product)
    assert value.value == RULES.promotions.min_discount * 10 / 2  # kept
    kind.value, value.value = "price", 150
    assert form.plan() == {"items": {"HF002": {"price": 150}}} and form.error == ""
    form._rows[1][0].value = "HF002"
    assert "设置了两次" in form.error


def test_promotion_forms_price_the_ticked_tools_together():
    forms = PromotionForms(cart=[("HF002", 1), ("HF027", 1), ("HF026", 1)])
    product, _, value, _ = forms.item_discount._rows[0]
    product.value, value.value = "HF002", 9
    forms.coupon._at.value, forms.coupon._minus.value = 200, 10
    # the lesson's worked example: 单品宝 9 折, 满200减20, 券满200减10 → 183.10
    assert float(forms.quote.total) == 183.10
    plan = run(forms._code.value)["plan"]
    assert promotions.quote(forms._trial.cart(), plan).total == forms.quote.total
    forms._use[forms.coupon].value = False
    assert "coupon" not in forms.plan() and float(forms.quote.total) == 193.10
    forms.item_discount._rows[0][2].value = 0.5
    assert "表单还有问题" in forms._trial.result.value


def test_each_change_is_quick():
    form = CouponForm()
    start = time.perf_counter()
    for minus in range(1, 51):
        form._minus.value = minus
    assert (time.perf_counter() - start) / 50 < 0.1
