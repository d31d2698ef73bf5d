"""Pricing a cart under a promotion plan (chapter 4), exactly in the course's order.

1. 单品宝 per SKU (``rate`` / ``minus`` / ``price``), never below 0 and never
   deeper than the shop's 最低折扣;
2. 搭配套餐: complete sets take the bundle price (apportioned over their SKUs
   by list price) and get no 单品宝;
3. 满就送 / 店铺宝 on the subtotal after 1–2: the highest reached tier applies
   (减钱 / 打折 / 包邮 / 送赠品); 上不封顶 only with a single 减钱 tier;
4. 店铺优惠券 (满X减Y): its threshold is tested on the same subtotal (平行满减).

商品范围 (product scope). The coupon may carry ``"skus": [...]`` (指定商品券; absent:
全店通用) and the 满就送 / 店铺宝 ``threshold`` may carry ``"skus"`` too (指定商品参加).
A scoped tool looks only at its own lines: its threshold is tested on the subtotal
(after 1–2) of the in-scope lines (a 满 X 件 threshold counts in-scope units), 打折
takes that part off, and its reduction is apportioned over the in-scope lines only, so
a line out of scope pays no share of it. The coupon's form-only fields are checked but
do not change the price: ``"total"`` (发放量, a positive whole number), ``"per_person"``
(每人限领, 1 to ``RULES.promotions.coupon_per_person_max`` and at most ``total``),
``"start"`` / ``"end"`` (有效期, ISO dates ``"2026-05-14"``, both or neither, both days
included, so the end is not before the start; a one-day coupon has start == end).

Shipping is free when a 满就送 tier gives 包邮 or when the subtotal reaches the shop's
standing 满 X 元包邮 (``RULES.promotions.free_shipping_at``, the plan's
``free_shipping_at`` overrides it; None: no standing rule); else it is the shipping fee.
Total = max(0, subtotal − 满减 − 券) + shipping. Order-level reductions are
apportioned to lines in proportion to their amounts after 1–2 (remainder on the
last line), so the lines add up exactly to the total minus shipping. When the coupon
and 满就送 have different scopes, each is apportioned over its own lines: the coupon
first, then 满减 in proportion to what the coupon left of each line (a reduction larger
than what its lines have left is cut to it, the coupon keeping its part first). Every
amount is rounded to 0.01 元 half-up. Plans are plain dicts (the simulator's and the
forms' "复制为代码" output); a bad plan raises :class:`PlanError` in Chinese.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from course.data import load
from course.rules import RULES, Rules

CENT = Decimal("0.01")
#: The keys a coupon may have: 门槛, 面额, 商品范围 and the form-only 发放量, 每人限领, 有效期.
COUPON_KEYS = {"at", "minus", "skus", "total", "per_person", "start", "end"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PLAN_KEYS = {"items", "bundles", "threshold", "coupon", "shipping_fee", "free_shipping_at",
             "min_discount"}
STEP_LABELS = ["标价合计", "单品宝", "搭配套餐", "满就送", "优惠券", "运费", "实付"]


class PlanError(ValueError):
    """The promotion plan or the cart cannot be priced; the message is Chinese."""


def money(value: Any) -> Decimal:
    """A Decimal rounded half-up to 0.01 元."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _number(value: Any, where: str, *, allow_zero: bool = True) -> Decimal:
    """A non-negative number from a plan; ``PlanError`` in Chinese otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise PlanError(f"{where}应该是一个数字，现在是 {value!r}。")
    number = Decimal(str(value))
    if not number.is_finite():
        raise PlanError(f"{where}不能是无穷大或 NaN。")
    if number < 0:
        raise PlanError(f"{where}不能是负数，现在是 {value}。")
    if not allow_zero and number == 0:
        raise PlanError(f"{where}必须大于 0。")
    return number


def apportion(amounts: list[Decimal], reduction: Decimal) -> list[Decimal]:
    """Split ``reduction`` over ``amounts`` in proportion, rounding half-up to 0.01.

    The rounding remainder goes on the last line with a positive amount, so the
    shares add up exactly to ``reduction``.
    """
    amounts = [money(a) for a in amounts]
    reduction = money(reduction)
    total = sum(amounts, Decimal(0))
    shares = [Decimal(0)] * len(amounts)
    if total <= 0 or reduction == 0:
        return shares
    last = max(i for i, a in enumerate(amounts) if a > 0)
    for i, amount in enumerate(amounts):
        if i != last:
            shares[i] = money(reduction * amount / total)
    shares[last] = reduction - sum(shares, Decimal(0))
    return shares


@dataclass(frozen=True)
class QuoteLine:
    """One priced line: a SKU, bundled or not, or a gift."""

    sku: str
    name: str
    qty: int
    list_price: Decimal
    unit_price: Decimal  # after 单品宝 / 搭配套餐
    amount: Decimal  # after steps 1–2
    share: Decimal  # apportioned 满减 + 券
    paid: Decimal  # amount − share
    cost: Decimal  # unit cost × qty
    kind: str  # "单品" / "套餐" / "赠品"

    @property
    def unit_paid(self) -> Decimal:
        return (self.paid / self.qty).quantize(CENT) if self.qty else Decimal(0)


@dataclass(frozen=True)
class Quote:
    """The price of a cart under a plan, step by step."""

    lines: tuple[QuoteLine, ...]
    list_total: Decimal
    item_discount: Decimal
    bundle_discount: Decimal
    subtotal: Decimal
    threshold_discount: Decimal
    coupon_discount: Decimal
    shipping: Decimal
    total: Decimal
    gifts: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def goods_paid(self) -> Decimal:
        """What the buyer pays for the goods: total minus shipping."""
        return self.total - self.shipping

    @property
    def cost(self) -> Decimal:
        return sum((line.cost for line in self.lines), Decimal(0))

    @property
    def margin(self) -> Decimal:
        """毛利 on the goods: goods paid minus the cost of every unit, gifts included."""
        return self.goods_paid - self.cost

    def steps(self) -> list[tuple[str, Decimal]]:
        """(label, change) pairs of the price waterfall, ending with the total."""
        return [
            ("标价合计", self.list_total),
            ("单品宝", -self.item_discount),
            ("搭配套餐", -self.bundle_discount),
            ("满就送", -self.threshold_discount),
            ("优惠券", -self.coupon_discount),
            ("运费", self.shipping),
            ("实付", self.total),
        ]

    def lines_frame(self) -> pd.DataFrame:
        """The lines with Chinese column labels, for display."""
        return pd.DataFrame([{
            "SKU": line.sku, "商品": line.name, "类型": line.kind, "数量": line.qty,
            "标价": float(line.list_price), "活动单价": float(line.unit_price),
            "小计": float(line.amount), "分摊优惠": float(line.share), "实付": float(line.paid),
            "成本": float(line.cost)} for line in self.lines])

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{label}</td><td style='text-align:right'>{value:+.2f}</td></tr>"
                       if label not in ("标价合计", "实付") else
                       f"<tr><td><b>{label}</b></td><td style='text-align:right'><b>{value:.2f}"
                       "</b></td></tr>" for label, value in self.steps())
        warn = "".join(f"<li style='color:#b00'>{w}</li>" for w in self.warnings)
        return (f"<table>{rows}</table><p>毛利：{self.margin:.2f} 元</p>"
                + (f"<ul>{warn}</ul>" if warn else ""))


@dataclass(frozen=True)
class _Catalogue:
    price: dict[str, Decimal]
    cost: dict[str, Decimal]
    name: dict[str, str]

    @classmethod
    def from_frame(cls, products: pd.DataFrame) -> _Catalogue:
        return cls({s: money(p) for s, p in zip(products["sku"], products["price"], strict=True)},
                   {s: money(c) for s, c in zip(products["sku"], products["cost"], strict=True)},
                   dict(zip(products["sku"], products["name"], strict=True)))

    def check(self, sku: Any, where: str) -> str:
        if not isinstance(sku, str) or sku not in self.price:
            raise PlanError(f"{where}中的商品编号「{sku}」不存在。")
        return sku


def _cart(cart: Any, shop: _Catalogue) -> Counter:
    if isinstance(cart, dict):
        cart = list(cart.items())
    if not isinstance(cart, (list, tuple)):
        raise PlanError("购物车应该是 (商品编号, 数量) 的列表，例如 [(\"HF001\", 2)]。")
    counts: Counter = Counter()
    for entry in cart:
        if not isinstance(entry, (list, tuple)) or len(entry) != 2:
            raise PlanError(f"购物车里的「{entry!r}」应该写成 (商品编号, 数量)。")
        sku, qty = entry
        shop.check(sku, "购物车")
        if isinstance(qty, bool) or not isinstance(qty, int) or qty <= 0:
            raise PlanError(f"购物车里「{sku}」的数量应该是正整数，现在是 {qty!r}。")
        counts[sku] += qty
    if not counts:
        raise PlanError("购物车是空的。")
    return counts


def _item_prices(items: Any, shop: _Catalogue, min_discount: Decimal) -> dict[str, Decimal]:
    """单品宝: the promotional unit price of each SKU that has one."""
    if items is None:
        return {}
    if not isinstance(items, dict):
        raise PlanError("单品宝（items）应该是一个字典，例如 {\"HF001\": {\"rate\": 0.8}}。")
    prices = {}
    for sku, setting in items.items():
        shop.check(sku, "单品宝")
        where = f"单品宝「{sku}」"
        if not isinstance(setting, dict) or len(setting) != 1 or \
                next(iter(setting)) not in ("rate", "minus", "price"):
            raise PlanError(f"{where}应该只设置 rate（折扣）、minus（减钱）或 price（促销价）中的一项。")
        kind, value = next(iter(setting.items()))
        listed = shop.price[sku]
        if kind == "rate":
            rate = _number(value, f"{where}的折扣", allow_zero=False)
            if rate > 1:
                raise PlanError(f"{where}的折扣 {value} 大于 1（1 表示不打折）。")
            if rate < min_discount:
                raise PlanError(f"{where}的折扣 {value} 低于店铺最低折扣（{_zhe(min_discount)}）。")
            unit = money(listed * rate)
        elif kind == "minus":
            unit = max(Decimal(0), listed - money(_number(value, f"{where}的减钱金额")))
        else:
            unit = money(_number(value, f"{where}的促销价"))
            if unit > listed:
                raise PlanError(f"{where}的促销价 {unit} 元高于原价 {listed} 元。")
        if listed > 0 and unit < money(listed * min_discount):
            raise PlanError(f"{where}的优惠超过了店铺最低折扣（{_zhe(min_discount)}）："
                            f"最低只能到 {money(listed * min_discount)} 元。")
        prices[sku] = unit
    return prices


def _zhe(rate: Decimal) -> str:
    return f"{(rate * 10).normalize():f} 折"


def _bundles(bundles: Any, shop: _Catalogue) -> list[tuple[Counter, Decimal]]:
    if bundles is None:
        return []
    if not isinstance(bundles, list):
        raise PlanError("搭配套餐（bundles）应该是一个列表。")
    out = []
    for n, bundle in enumerate(bundles, start=1):
        where = f"第 {n} 个搭配套餐"
        if not isinstance(bundle, dict) or set(bundle) != {"skus", "price"}:
            raise PlanError(f"{where}应该写成 {{\"skus\": [...], \"price\": 套餐价}}。")
        skus = bundle["skus"]
        if not isinstance(skus, list) or len(skus) < 2:
            raise PlanError(f"{where}至少要包含 2 件商品。")
        members = Counter(shop.check(s, where) for s in skus)
        price = money(_number(bundle["price"], f"{where}的套餐价", allow_zero=False))
        full = sum((shop.price[s] * k for s, k in members.items()), Decimal(0))
        if price >= full:
            raise PlanError(f"{where}的套餐价 {price} 元不低于这些商品的原价之和 {full} 元，"
                            "套餐必须比单买便宜。")
        out.append((members, price))
    return out


def _threshold(threshold: Any, shop: _Catalogue, min_discount: Decimal) -> dict | None:
    if threshold is None:
        return None
    if not isinstance(threshold, dict):
        raise PlanError("满就送（threshold）应该是一个字典。")
    unknown = set(threshold) - {"by", "tiers", "no_cap", "skus"}
    if unknown:
        raise PlanError(f"满就送中有无法识别的设置「{'」「'.join(sorted(unknown))}」。")
    by = threshold.get("by", "amount")
    if by not in ("amount", "qty"):
        raise PlanError("满就送的 by 只能是 \"amount\"（按金额，满 X 元）或 \"qty\"（按件数，满 X 件）。")
    tiers = threshold.get("tiers")
    if not isinstance(tiers, list) or not tiers:
        raise PlanError("满就送至少要设置一个档位（tiers）。")
    parsed = []
    for n, tier in enumerate(tiers, start=1):
        where = f"满就送第 {n} 档"
        if not isinstance(tier, dict) or "at" not in tier:
            raise PlanError(f"{where}要写明门槛 at，例如 {{\"at\": 200, \"minus\": 20}}。")
        benefits = set(tier) - {"at"}
        if len(benefits) != 1 or not benefits <= {"minus", "rate", "free_shipping", "gift"}:
            raise PlanError(f"{where}应该只设置一种优惠：minus（减钱）、rate（打折）、"
                            "free_shipping（包邮）或 gift（送赠品）。")
        at = _number(tier["at"], f"{where}的门槛", allow_zero=False)
        if by == "qty" and at != at.to_integral_value():
            raise PlanError(f"{where}按件数计算，门槛应该是整数件。")
        kind = benefits.pop()
        value = tier[kind]
        if kind == "minus":
            value = money(_number(value, f"{where}的减钱金额", allow_zero=False))
        elif kind == "rate":
            value = _number(value, f"{where}的折扣", allow_zero=False)
            if value > 1 or value < min_discount:
                raise PlanError(f"{where}的折扣应在 {min_discount} 到 1 之间（店铺最低折扣"
                                f"{_zhe(min_discount)}）。")
        elif kind == "free_shipping":
            if value is not True:
                raise PlanError(f"{where}包邮请写 \"free_shipping\": True。")
        else:
            value = shop.check(value, f"{where}的赠品")
        parsed.append((at, kind, value))
    ats = [at for at, _, _ in parsed]
    if len(set(ats)) != len(ats):
        raise PlanError("满就送有两个档位的门槛相同。")
    no_cap = threshold.get("no_cap", False)
    if not isinstance(no_cap, bool):
        raise PlanError("上不封顶（no_cap）请写 True 或 False。")
    if no_cap and (len(parsed) != 1 or parsed[0][1] != "minus"):
        raise PlanError("上不封顶只能用于单一的减钱档位（例如每满 100 减 10）。")
    skus = _scope(threshold.get("skus"), shop, "满就送") if "skus" in threshold else None
    return {"by": by, "tiers": sorted(parsed), "no_cap": no_cap, "skus": skus}


def _scope(skus: Any, shop: _Catalogue, tool: str) -> frozenset[str]:
    """指定商品: the SKUs a tool is limited to (at least one, each in the shop, no repeats)."""
    where = f"{tool}的商品范围（skus）"
    if not isinstance(skus, (list, tuple)):
        raise PlanError(f"{where}应该是商品编号的列表，例如 [\"HF001\", \"HF002\"]；"
                        "全店通用就不要写 skus。")
    if not skus:
        raise PlanError(f"{where}是空的：选「指定商品」时至少要选一件商品；全店通用就不要写 skus。")
    chosen = [shop.check(sku, where) for sku in skus]
    repeated = sorted({sku for sku in chosen if chosen.count(sku) > 1})
    if repeated:
        raise PlanError(f"{where}里「{'」「'.join(repeated)}」重复了，每件商品只选一次。")
    return frozenset(chosen)


def _coupon(coupon: Any, shop: _Catalogue, rules: Rules) -> dict | None:
    if coupon is None:
        return None
    if not isinstance(coupon, dict) or not {"at", "minus"} <= set(coupon) \
            or not set(coupon) <= COUPON_KEYS:
        raise PlanError("优惠券（coupon）应该写成 {\"at\": 门槛, \"minus\": 面额}，每单只能用一张；"
                        "还可以写 skus（指定商品）、total（发放量）、per_person（每人限领）、"
                        "start 和 end（有效期）。")
    at = money(_number(coupon["at"], "优惠券的门槛"))
    minus = money(_number(coupon["minus"], "优惠券的面额", allow_zero=False))
    if at > 0 and minus >= at:
        raise PlanError(f"优惠券面额 {minus} 元不应大于或等于门槛 {at} 元。")
    skus = _scope(coupon["skus"], shop, "优惠券") if "skus" in coupon else None
    total = coupon.get("total")
    if total is not None and (isinstance(total, bool) or not isinstance(total, int) or total <= 0):
        raise PlanError(f"优惠券的发放量（total）应该是正整数（张），现在是 {total!r}。")
    per_person = coupon.get("per_person")
    most = rules.promotions.coupon_per_person_max
    if per_person is not None:
        if isinstance(per_person, bool) or not isinstance(per_person, int) \
                or not 1 <= per_person <= most:
            raise PlanError(f"优惠券的每人限领（per_person）应该是 1 到 {most} 之间的整数（张），"
                            f"现在是 {per_person!r}。")
        if total is not None and per_person > total:
            raise PlanError(f"每人限领 {per_person} 张比发放量 {total} 张还多。")
    if ("start" in coupon) != ("end" in coupon):
        raise PlanError("优惠券的有效期要同时写开始日期（start）和结束日期（end）。")
    start = end = None
    if "start" in coupon:
        start = _iso_date(coupon["start"], "开始日期（start）")
        end = _iso_date(coupon["end"], "结束日期（end）")
        if end < start:
            raise PlanError(f"优惠券的结束日期 {end} 早于开始日期 {start}：结束日期不能比开始日期早"
                            "（两天都算在有效期内，只用一天就把两个日期写成同一天）。")
    return {"at": at, "minus": minus, "skus": skus, "total": total, "per_person": per_person,
            "start": start, "end": end}


def _iso_date(value: Any, where: str) -> date:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise PlanError(f"优惠券的{where}应该写成 \"2026-05-14\" 这样的日期，现在是 {value!r}。")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PlanError(f"优惠券的{where} {value} 不是真实存在的日期。") from None


def parse_plan(plan: Any, products: pd.DataFrame | None = None,
               rules: Rules = RULES) -> dict:
    """Check a plan dict and return it normalised; raise :class:`PlanError` when it is wrong."""
    shop = _Catalogue.from_frame(load("products") if products is None else products)
    return _parse(plan, shop, rules)


def _parse(plan: Any, shop: _Catalogue, rules: Rules) -> dict:
    if plan is None:
        plan = {}
    if not isinstance(plan, dict):
        raise PlanError(f"促销方案应该是一个字典（dict），现在是 {type(plan).__name__}。")
    unknown = set(plan) - PLAN_KEYS
    if unknown:
        raise PlanError(f"促销方案中有无法识别的设置「{'」「'.join(sorted(map(str, unknown)))}」。"
                        f"可用的设置：{'、'.join(sorted(PLAN_KEYS))}。")
    min_discount = _number(plan.get("min_discount", rules.promotions.min_discount),
                           "最低折扣（min_discount）", allow_zero=True)
    if min_discount > 1:
        raise PlanError("最低折扣（min_discount）应在 0 到 1 之间。")
    return {
        "items": _item_prices(plan.get("items"), shop, min_discount),
        "bundles": _bundles(plan.get("bundles"), shop),
        "threshold": _threshold(plan.get("threshold"), shop, min_discount),
        **_coupon_parts(_coupon(plan.get("coupon"), shop, rules)),
        "shipping_fee": money(_number(plan.get("shipping_fee", rules.promotions.shipping_fee),
                                      "运费（shipping_fee）")),
        "free_shipping_at": _free_shipping_at(plan.get("free_shipping_at",
                                                       rules.promotions.free_shipping_at)),
    }


def _coupon_parts(coupon: dict | None) -> dict:
    """The parsed coupon as the plan keeps it: ``coupon`` (门槛, 面额), ``coupon_skus`` (商品范围,
    None: 全店通用) and ``coupon_form`` (发放量, 每人限领, 有效期; they do not change the price)."""
    if coupon is None:
        return {"coupon": None, "coupon_skus": None, "coupon_form": None}
    return {"coupon": (coupon["at"], coupon["minus"]), "coupon_skus": coupon["skus"],
            "coupon_form": {key: coupon[key] for key in ("total", "per_person", "start", "end")}}


def _free_shipping_at(value: Any) -> Decimal | None:
    """The standing 满 X 元包邮 threshold, or None when the shop has none."""
    if value is None:
        return None
    return money(_number(value, "包邮门槛（free_shipping_at）", allow_zero=False))


def quote(cart, plan: dict | None = None, products: pd.DataFrame | None = None,
          rules: Rules = RULES) -> Quote:
    """Price ``cart`` (a list of ``(sku, qty)``) under ``plan`` (a dict, every key optional).

    Raises:
        PlanError: the plan or the cart is invalid (Chinese message).
    """
    shop = _Catalogue.from_frame(load("products") if products is None else products)
    parsed = _parse(plan, shop, rules)
    counts = _cart(cart, shop)

    # Step 2 first decides which units are bundled; step 1 prices the rest.
    left = Counter(counts)
    bundled_units: Counter = Counter()
    bundle_amount: Counter = Counter()  # sku -> Decimal amount from bundles
    bundle_discount = Decimal(0)
    for members, price in parsed["bundles"]:
        sets = min(left[s] // k for s, k in members.items())
        if sets <= 0:
            continue
        skus = list(members)
        full = [shop.price[s] * members[s] for s in skus]
        shares = apportion(full, sum(full, Decimal(0)) - price)
        per_set = [f - d for f, d in zip(full, shares, strict=True)]
        for sku, amount in zip(skus, per_set, strict=True):
            left[sku] -= members[sku] * sets
            bundled_units[sku] += members[sku] * sets
            bundle_amount[sku] += amount * sets
        bundle_discount += (sum(full, Decimal(0)) - price) * sets

    lines: list[dict] = []
    item_discount = Decimal(0)
    for sku in counts:
        listed, unit_cost = shop.price[sku], shop.cost[sku]
        if bundled_units[sku]:
            qty = bundled_units[sku]
            amount = money(bundle_amount[sku])
            lines.append({"sku": sku, "qty": qty, "list": listed, "unit": money(amount / qty),
                          "amount": amount, "cost": unit_cost * qty, "kind": "套餐"})
        if left[sku]:
            qty = left[sku]
            unit = parsed["items"].get(sku, listed)
            item_discount += (listed - unit) * qty
            lines.append({"sku": sku, "qty": qty, "list": listed, "unit": unit,
                          "amount": unit * qty, "cost": unit_cost * qty, "kind": "单品"})
    list_total = sum((shop.price[s] * q for s, q in counts.items()), Decimal(0))
    subtotal = sum((line["amount"] for line in lines), Decimal(0))

    # Step 3: 满就送 on the subtotal (by 元 or by 件) of its lines (all, or the 指定商品).
    # The standing 满 X 元包邮 looks at the whole subtotal.
    shipping = parsed["shipping_fee"]
    threshold_discount, gifts, notes = Decimal(0), [], []
    free_at = parsed["free_shipping_at"]
    if free_at is not None and subtotal >= free_at and shipping > 0:
        shipping = Decimal(0)
        notes.append(f"店铺满 {free_at.normalize():f} 元包邮")
    rule = parsed["threshold"]
    threshold_scope = rule["skus"] if rule else None
    if rule:
        base = _scoped_amount(lines, threshold_scope)
        if rule["by"] == "amount":
            measure = base
        else:
            measure = Decimal(sum(qty for sku, qty in counts.items()
                                  if threshold_scope is None or sku in threshold_scope))
        if threshold_scope is not None:
            unit = "元" if rule["by"] == "amount" else "件"
            notes.append(f"满就送只算指定商品：参加的商品共 {measure.normalize():f} {unit}")
        reached = [tier for tier in rule["tiers"] if measure >= tier[0]]
        if reached:
            at, kind, value = reached[-1]
            if kind == "minus":
                times = math.floor(measure / at) if rule["no_cap"] else 1
                threshold_discount = value * times
            elif kind == "rate":
                threshold_discount = base - money(base * value)
            elif kind == "free_shipping":
                if shipping > 0:
                    notes.append("满就送：包邮")
                shipping = Decimal(0)
            else:
                gifts.append(value)
                notes.append(f"满就送：赠送「{shop.name[value]}」")
    # Step 4: coupon, tested on the same subtotal (平行满减) of its lines.
    coupon_discount = Decimal(0)
    coupon_scope = parsed["coupon_skus"]
    if parsed["coupon"]:
        at, minus = parsed["coupon"]
        base = _scoped_amount(lines, coupon_scope)
        if coupon_scope is not None:
            notes.append(f"优惠券只限指定商品：这些商品的小计 {base} 元"
                         + ("，够门槛" if base >= at and base > 0 else f"，不满 {at} 元，用不了"))
        if base >= at and (coupon_scope is None or base > 0):
            coupon_discount = minus
    amounts = [line["amount"] for line in lines]
    if threshold_scope == coupon_scope or not threshold_discount or not coupon_discount:
        # One pool of lines: the reductions are apportioned together (as without scopes).
        scope = coupon_scope if coupon_discount else threshold_scope
        inside = _inside(lines, scope)
        reduction = min(sum((amounts[i] for i in inside), Decimal(0)),
                        threshold_discount + coupon_discount)
        # When the reductions exceed the lines, the part that cannot be used comes off 满减.
        used_coupon = min(coupon_discount, reduction)
        used_threshold = reduction - used_coupon
        shares = _spread(len(lines), inside, amounts, reduction)
    else:
        # Different scopes: the coupon over its lines, then 满减 over what is left of its own.
        inside = _inside(lines, coupon_scope)
        used_coupon = min(coupon_discount, sum((amounts[i] for i in inside), Decimal(0)))
        coupon_shares = _spread(len(lines), inside, amounts, used_coupon)
        left = [a - c for a, c in zip(amounts, coupon_shares, strict=True)]
        inside = _inside(lines, threshold_scope)
        used_threshold = min(threshold_discount, sum((left[i] for i in inside), Decimal(0)))
        shares = [c + t for c, t in zip(coupon_shares,
                                        _spread(len(lines), inside, left, used_threshold),
                                        strict=True)]
        reduction = used_coupon + used_threshold
    priced = []
    warnings = []
    for line, share in zip(lines, shares, strict=True):
        paid = line["amount"] - share
        priced.append(QuoteLine(line["sku"], shop.name[line["sku"]], line["qty"], line["list"],
                                line["unit"], line["amount"], share, paid, line["cost"],
                                line["kind"]))
        if paid < line["cost"]:
            warnings.append(f"「{shop.name[line['sku']]}」实付 {paid} 元低于成本 "
                            f"{line['cost']} 元（亏本销售）。")
    for sku in gifts:
        priced.append(QuoteLine(sku, shop.name[sku], 1, shop.price[sku], Decimal(0), Decimal(0),
                                Decimal(0), Decimal(0), shop.cost[sku], "赠品"))
    total = subtotal - reduction + shipping
    return Quote(tuple(priced), list_total, item_discount, bundle_discount, subtotal,
                 used_threshold, used_coupon, shipping, total, tuple(gifts), tuple(warnings),
                 tuple(notes))


def _inside(lines: list[dict], scope: frozenset[str] | None) -> list[int]:
    """The indices of the lines a tool applies to (all of them when it has no scope)."""
    return [i for i, line in enumerate(lines) if scope is None or line["sku"] in scope]


def _scoped_amount(lines: list[dict], scope: frozenset[str] | None) -> Decimal:
    """The subtotal (after 单品宝 and 搭配套餐) of the lines a tool applies to."""
    return sum((lines[i]["amount"] for i in _inside(lines, scope)), Decimal(0))


def _spread(size: int, inside: list[int], amounts: list[Decimal],
            reduction: Decimal) -> list[Decimal]:
    """``reduction`` apportioned over the lines ``inside`` only; the others get 0."""
    shares = [Decimal(0)] * size
    for i, share in zip(inside, apportion([amounts[i] for i in inside], reduction), strict=True):
        shares[i] = share
    return shares


def plan_code(plan: dict, name: str = "plan") -> str:
    """A plan as Python code to paste into an answer cell."""
    text = json.dumps(plan, ensure_ascii=False, indent=4)
    return f"{name} = " + re.sub(r"\b(true|false|null)\b",
                                 lambda m: {"true": "True", "false": "False", "null": "None"}[
                                     m.group(1)], text)
