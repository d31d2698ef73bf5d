"""Promotion forms in the shape of the seller tools (chapter 4): 店铺优惠券, 店铺宝, 单品宝.

Each form has the real form's fields with Chinese labels, asks the promotion engine
(:mod:`course.promotions`) whether its plan is valid and shows the engine's Chinese
message beside the field it is about; bad input never clears a field. A 试算 area prices
a cart under the form's plan (plus a ``base`` plan: the shop's other running tools) and
shows the steps and the 毛利; 复制为代码 gives the plan fragment to paste into an answer
cell. :class:`PromotionForms` puts the three forms in tabs over one cart.

Updates are cheap (one parse and one quote of a few lines, about a millisecond, and
small HTML tables; no chart), so every change is priced at once.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w
import pandas as pd

from course.data import load
from course.promotions import PlanError, Quote, parse_plan, plan_code, quote
from course.rules import RULES

NONE = ("（不选）", "")
DEFAULT_CART = [("HF002", 1), ("HF026", 1), ("HF027", 1)]
_RED, _GREEN, _GREY = "#b00020", "#1b7f3b", "#666"
_BENEFITS = [("减钱（元）", "minus"), ("打折（折）", "rate"), ("包邮", "free_shipping"),
             ("送赠品", "gift")]
_ITEM_KINDS = [("打折（折）", "rate"), ("减钱（元/件）", "minus"), ("促销价（元）", "price")]


def _plain(number: float) -> float | int:
    """Whole numbers as int, so the pasted code reads naturally."""
    number = float(number)
    return int(number) if number.is_integer() else round(number, 4)


def _note(text: str, colour: str = _RED) -> str:
    return f"<span style='color:{colour}'>{html.escape(text)}</span>" if text else ""


def _label(text: str, width: str = "88px") -> w.HTML:
    return w.HTML(f"<b>{html.escape(text)}</b>", layout=w.Layout(width=width))


def _zhe_to_rate(zhe: float) -> float | int:
    """打 8.5 折 → 0.85 (what the engine takes)."""
    return _plain(round(float(zhe) / 10, 4))


class _Products:
    """The shop's products as the forms' dropdowns show them."""

    def __init__(self, products: pd.DataFrame) -> None:
        self.frame = products
        self.price = dict(zip(products["sku"], products["price"], strict=True))
        self.name = dict(zip(products["sku"], products["name"], strict=True))
        self.category = dict(zip(products["sku"], products["category"], strict=True))
        self.options = [NONE] + [(f"{self.name[s]}（{s}，{self.price[s]:g}元）", s)
                                 for s in products["sku"]]
        self.scoped = [(f"{self.name[s]}（{s}，{self.category[s]}，{self.price[s]:g}元）", s)
                       for s in products["sku"]]
        self.categories = list(dict.fromkeys(products["category"]))

    def dropdown(self, value: str = "", width: str = "280px") -> w.Dropdown:
        return w.Dropdown(options=self.options, value=value, layout=w.Layout(width=width))


class _Field:
    """One form row: a label, the controls and a message beside them."""

    def __init__(self, label: str | None, controls: list[w.Widget],
                 keywords: tuple[str, ...] = ()) -> None:
        self.message = w.HTML()
        self.keywords = keywords
        head = [] if label is None else [_label(label)]
        self.box = w.HBox([*head, *controls, self.message], layout=w.Layout(align_items="center"))


class _Scope(w.VBox):
    """商品范围: 全店商品 or 指定商品 (a multi-select, with 按品类添加)."""

    def __init__(self, products: _Products, skus: list[str] | None = None) -> None:
        super().__init__()
        self._products = products
        self.mode = w.RadioButtons(options=[("全店商品", "all"), ("指定商品", "some")],
                                   value="some" if skus else "all",
                                   layout=w.Layout(width="auto"))
        self.picked = w.SelectMultiple(options=products.scoped, value=tuple(skus or ()), rows=7,
                                       layout=w.Layout(width="420px"))
        self.category = w.Dropdown(options=products.categories, layout=w.Layout(width="140px"))
        self._add = w.Button(description="加入这个品类的全部商品", layout=w.Layout(width="200px"))
        self._add.on_click(lambda _: self.add_category(self.category.value))
        self._help = w.HTML(_note("按住 Ctrl（Mac 按住 ⌘）可以多选；选「全店商品」时，下面选好的商品会保留，"
                                  "但不参加计算。", _GREY))
        self.children = [self.mode, self._help, self.picked, w.HBox([self.category, self._add])]

    def add_category(self, category: str) -> None:
        """Add every SKU of ``category`` to the selection (and switch to 指定商品)."""
        chosen = set(self.picked.value) | {s for s, c in self._products.category.items()
                                            if c == category}
        self.picked.value = tuple(s for _, s in self._products.scoped if s in chosen)
        self.mode.value = "some"

    def sync(self) -> None:
        """全店商品: the selection is kept but greyed out."""
        self.picked.disabled = self.mode.value == "all"

    def skus(self) -> list[str] | None:
        """None for 全店商品, else the chosen SKUs (sorted; may be empty: the engine says why)."""
        return None if self.mode.value == "all" else sorted(self.picked.value)

    def controls(self) -> list[w.Widget]:
        return [self.mode, self.picked]


class _Trial(w.VBox):
    """试算: a cart of a few rows priced under a plan, with the steps, lines and 毛利."""

    ROWS = 4

    def __init__(self, products: _Products, cart: list[tuple[str, int]] | None) -> None:
        super().__init__()
        cart = list(cart or DEFAULT_CART)
        self.rows = []
        boxes = []
        for i in range(max(self.ROWS, len(cart))):
            sku, qty = cart[i] if i < len(cart) else ("", 1)
            product = products.dropdown(sku, "300px")
            amount = w.BoundedIntText(value=int(qty), min=1, max=99, layout=w.Layout(width="70px"))
            self.rows.append((product, amount))
            boxes.append(w.HBox([product, amount]))
        self.result = w.HTML()
        self.children = [w.HTML("<b>试算</b>：买家的购物车（选「（不选）」表示这一行空着）"), *boxes,
                         self.result]
        self.quote: Quote | None = None

    def cart(self) -> list[tuple[str, int]]:
        return [(p.value, int(q.value)) for p, q in self.rows if p.value]

    def controls(self) -> list[w.Widget]:
        return [c for row in self.rows for c in row]

    def show(self, plan: dict | None, products: pd.DataFrame, problem: str = "") -> None:
        """Price the cart under ``plan``; ``problem``: why the plan cannot be priced."""
        if problem:
            self.quote = None
            self.result.value = _note(f"表单还有问题，改好后再试算：{problem}")
            return
        try:
            self.quote = quote(self.cart(), plan, products)
        except PlanError as exc:
            self.quote = None
            self.result.value = _note(str(exc))
            return
        self.result.value = render_quote(self.quote)


def render_quote(q: Quote) -> str:
    """The steps, the lines and the 毛利 of a quote as small HTML tables (escaped)."""
    steps = "".join(
        f"<tr><td>{label}</td><td style='text-align:right'>{value:+.2f}</td></tr>"
        if label not in ("标价合计", "实付") else
        f"<tr><td><b>{label}</b></td><td style='text-align:right'><b>{value:.2f}</b></td></tr>"
        for label, value in q.steps())
    lines = "".join(
        f"<tr><td>{html.escape(ln.name)}（{html.escape(ln.sku)}）</td><td>{html.escape(ln.kind)}</td>"
        f"<td style='text-align:right'>{ln.qty}</td><td style='text-align:right'>{ln.amount:.2f}</td>"
        f"<td style='text-align:right'>{ln.share:.2f}</td><td style='text-align:right'>{ln.paid:.2f}</td>"
        "</tr>" for ln in q.lines)
    rate = float(q.margin / q.goods_paid) if q.goods_paid else 0.0
    notes = "".join(f"<li>{html.escape(t)}</li>" for t in q.notes)
    notes += "".join(f"<li style='color:{_RED}'>{html.escape(t)}</li>" for t in q.warnings)
    return ("<div style='display:flex;gap:24px;align-items:flex-start'>"
            f"<table>{steps}</table>"
            "<table><tr><th>商品</th><th>类型</th><th>数量</th><th>小计</th><th>分摊优惠</th>"
            f"<th>实付</th></tr>{lines}</table></div>"
            f"<p>买家实付 <b>{q.total:.2f}</b> 元（含运费 {q.shipping:.2f} 元）；商品成本 {q.cost:.2f} 元；"
            f"毛利 <b>{q.margin:.2f}</b> 元（毛利率 {rate:.1%}）。</p>"
            + (f"<ul>{notes}</ul>" if notes else ""))


class _PlanForm(w.VBox):
    """What the three forms share: fields, the engine's verdict, 试算 and 复制为代码."""

    TITLE = ""
    INTRO = ""

    def __init__(self, cart: list[tuple[str, int]] | None = None, base: dict | None = None,
                 products: pd.DataFrame | None = None, name: str = "plan",
                 trial: bool = True) -> None:
        """``cart``: the 试算 cart; ``base``: the shop's other running tools (a plan dict),
        priced together with this form's plan; ``name``: the variable of 复制为代码."""
        super().__init__()
        self._frame = load("products") if products is None else products
        self._products = _Products(self._frame)
        self._base = dict(base or {})
        self._name = name
        self._listeners: list[Callable[[], None]] = []
        self.error = ""
        self._fields: list[_Field] = []
        self._message = w.HTML()
        self._code = w.Textarea(layout=w.Layout(width="560px", height="180px"))
        self._trial = _Trial(self._products, cart) if trial else None
        body = self._build()
        parts = [w.HTML(f"<b>{self.TITLE}</b>：{self.INTRO}"), *body, self._message]
        if self._trial is not None:
            parts += [self._trial, w.HTML("<b>复制为代码</b>（粘贴到答题单元格）："), self._code]
        self.children = parts
        for control in self._controls():
            control.observe(self._on_change, names="value")
        if self._trial is not None:
            for control in self._trial.controls():
                control.observe(self._on_change, names="value")
        self.refresh()

    # -- what a form defines ------------------------------------------------------------
    def _build(self) -> list[w.Widget]:
        raise NotImplementedError

    def _controls(self) -> list[w.Widget]:
        raise NotImplementedError

    def plan(self) -> dict:
        """The plan fragment the fields describe (the engine's format)."""
        raise NotImplementedError

    def _problem(self) -> str:
        """A mistake the form catches before the engine (Chinese), or ''."""
        return ""

    # -- shared -------------------------------------------------------------------------
    def _field(self, label: str | None, controls: list[w.Widget], *keywords: str) -> w.HBox:
        field = _Field(label, controls, keywords)
        self._fields.append(field)
        return field.box

    def full_plan(self) -> dict:
        """The base plan with this form's fragment on top (what 试算 prices)."""
        return {**self._base, **self.plan()}

    def code(self) -> str:
        return plan_code(self.plan(), self._name)

    @property
    def quote(self) -> Quote | None:
        return self._trial.quote if self._trial is not None else None

    def cart(self) -> list[tuple[str, int]]:
        return self._trial.cart() if self._trial is not None else []

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` after every change (the tabs of :class:`PromotionForms`)."""
        self._listeners.append(callback)

    def _on_change(self, _change=None) -> None:
        self.refresh()

    def validate(self) -> str:
        """The form's problem in Chinese ('' when the engine accepts the plan), shown beside
        the field it is about."""
        problem = self._problem()
        if not problem:
            try:
                parse_plan(self.plan(), self._frame)
            except PlanError as exc:
                problem = str(exc)
        for field in self._fields:
            field.message.value = ""
        if problem:
            where = next((f for f in self._fields if any(k in problem for k in f.keywords)), None)
            if where is not None:
                where.message.value = _note("✘ " + problem)
        self.error = problem
        self._message.value = (_note(f"设置有问题：{problem}") if problem else
                               _note("✔ 设置有效（平台规则按课程的简化版检查）。", _GREEN))
        return problem

    def refresh(self) -> None:
        problem = self.validate()
        self._code.value = self.code()
        if self._trial is not None:
            self._trial.show(self.full_plan(), self._frame, problem)
        for callback in self._listeners:
            callback()


class CouponForm(_PlanForm):
    """店铺优惠券: 面额, 使用门槛, 发放量, 每人限领, 有效期, 商品范围 → ``{"coupon": {...}}``."""

    TITLE = "创建优惠券"
    INTRO = ("填写面额、使用门槛、发放量、每人限领、有效期，选择商品范围（全店商品＝店铺券，"
             "指定商品＝商品券）。每单只能用一张券。")

    def _build(self) -> list[w.Widget]:
        self._minus = w.FloatText(value=10.0, layout=w.Layout(width="100px"))
        self._has_at = w.RadioButtons(options=[("满 X 元可用", True), ("无门槛", False)], value=True,
                                      layout=w.Layout(width="auto"))
        self._at = w.FloatText(value=100.0, layout=w.Layout(width="100px"))
        self._total = w.IntText(value=100, layout=w.Layout(width="100px"))
        self._per_person = w.Dropdown(
            options=[(f"{n} 张", n) for n in range(1, RULES.promotions.coupon_per_person_max + 1)],
            value=1, layout=w.Layout(width="100px"))
        self._start = w.Text(placeholder="如 2026-05-18", layout=w.Layout(width="130px"))
        self._end = w.Text(placeholder="如 2026-05-20", layout=w.Layout(width="130px"))
        self._scope = _Scope(self._products)
        return [
            self._field("面额", [self._minus, w.HTML("元")], "面额"),
            self._field("使用门槛", [self._has_at, w.HTML("满"), self._at, w.HTML("元")], "门槛"),
            self._field("发放量", [self._total, w.HTML("张")], "发放量"),
            self._field("每人限领", [self._per_person], "每人限领"),
            self._field("有效期", [self._start, w.HTML("至"), self._end,
                                   w.HTML(_note("（两天都包含）", _GREY))], "日期", "有效期"),
            self._field("商品范围", [self._scope], "商品范围", "商品编号"),
        ]

    def _controls(self) -> list[w.Widget]:
        return [self._minus, self._has_at, self._at, self._total, self._per_person, self._start,
                self._end, *self._scope.controls()]

    def validate(self) -> str:
        self._at.disabled = not self._has_at.value  # 无门槛: the amount is kept, not used
        self._scope.sync()
        return super().validate()

    def _problem(self) -> str:
        if bool(self._start.value.strip()) != bool(self._end.value.strip()):
            return "有效期要同时填开始日期和结束日期。"
        return ""

    def plan(self) -> dict:
        coupon: dict = {"at": _plain(self._at.value) if self._has_at.value else 0,
                        "minus": _plain(self._minus.value)}
        skus = self._scope.skus()
        if skus is not None:
            coupon["skus"] = skus
        coupon["total"] = int(self._total.value)
        coupon["per_person"] = int(self._per_person.value)
        start, end = self._start.value.strip(), self._end.value.strip()
        if start or end:
            coupon["start"], coupon["end"] = start, end
        return {"coupon": coupon}


class ShopPromoForm(_PlanForm):
    """店铺宝 (满就送): 满元/满件, up to 3 档 of 减钱/打折/包邮/送赠品, 上不封顶, 商品范围."""

    TITLE = "创建店铺宝（满就送）"
    INTRO = ("选择优惠条件（满 X 元或满 X 件），设置 1～3 档优惠；买家达到几档，只享受达到的最高一档。"
             "课程的表单每档只选一种优惠。")
    TIERS = 3

    def _build(self) -> list[w.Widget]:
        self._by = w.ToggleButtons(options=[("满 X 元", "amount"), ("满 X 件", "qty")],
                                   value="amount")
        self._tiers = []
        rows = []
        for n, (on, at, kind, value) in enumerate(((True, 200.0, "minus", 20.0),
                                                   (False, 300.0, "minus", 40.0),
                                                   (False, 500.0, "rate", 8.0)), start=1):
            enabled = w.Checkbox(value=on, description=f"第 {n} 档", indent=False,
                                 disabled=n == 1, layout=w.Layout(width="80px"))
            at_box = w.FloatText(value=at, layout=w.Layout(width="90px"))
            kind_box = w.Dropdown(options=_BENEFITS, value=kind, layout=w.Layout(width="120px"))
            value_box = w.FloatText(value=value, layout=w.Layout(width="80px"))
            gift = self._products.dropdown("", "240px")
            self._tiers.append((enabled, at_box, kind_box, value_box, gift))
            rows.append(self._field("", [enabled, w.HTML("满"), at_box, w.HTML("（元/件）"),
                                         kind_box, value_box, gift], f"第 {n} 档"))
        self._no_cap = w.Checkbox(value=False, description="上不封顶（只能配单独一档减钱）",
                                  indent=False, layout=w.Layout(width="auto"))
        self._scope = _Scope(self._products)
        return [self._field("优惠条件", [self._by], "by 只能"),
                w.HTML(_note("打折填几折（9 表示 9 折）；减钱填元；送赠品时在最右边选赠品。", _GREY)),
                *rows,
                self._field("", [self._no_cap], "上不封顶"),
                self._field("商品范围", [self._scope], "商品范围", "商品编号")]

    def _controls(self) -> list[w.Widget]:
        out = [self._by, self._no_cap, *self._scope.controls()]
        for tier in self._tiers:
            out += list(tier)
        return out

    def validate(self) -> str:
        for enabled, at, kind, value, gift in self._tiers:  # unused boxes keep their values
            at.disabled = kind.disabled = not enabled.value
            value.disabled = not enabled.value or kind.value in ("free_shipping", "gift")
            gift.disabled = not enabled.value or kind.value != "gift"
        self._scope.sync()
        return super().validate()

    def _problem(self) -> str:
        for n, (enabled, _, kind, _, gift) in enumerate(self._tiers, start=1):
            if enabled.value and kind.value == "gift" and not gift.value:
                return f"满就送第 {n} 档选了送赠品，请在这一档最右边选一件赠品。"
        return ""

    def plan(self) -> dict:
        tiers = []
        for enabled, at, kind, value, gift in self._tiers:
            if not enabled.value:
                continue
            if kind.value == "minus":
                benefit: object = _plain(value.value)
            elif kind.value == "rate":
                benefit = _zhe_to_rate(value.value)
            else:
                benefit = True if kind.value == "free_shipping" else gift.value
            tiers.append({"at": _plain(at.value), kind.value: benefit})
        threshold: dict = {"by": self._by.value, "tiers": tiers}
        if self._no_cap.value:
            threshold["no_cap"] = True
        skus = self._scope.skus()
        if skus is not None:
            threshold["skus"] = skus
        return {"threshold": threshold}


class ItemDiscountForm(_PlanForm):
    """单品宝: per product 打折 / 减钱 / 促销价, never deeper than the shop's 最低折扣."""

    TITLE = "创建单品宝活动"
    INTRO = (f"每行设置一件商品的优惠：打折（8.5 表示 8.5 折）、每件减钱或直接定促销价。"
             f"店铺最低折扣是 {RULES.promotions.min_discount * 10:g} 折：到手价不能低于标价的"
             f"{RULES.promotions.min_discount:.0%}。")
    ROWS = 4

    def _build(self) -> list[w.Widget]:
        self._rows = []
        boxes = [w.HBox([_label("商品", "300px"), _label("优惠方式", "130px"), _label("数值", "90px"),
                         _label("活动价", "150px")])]
        for _ in range(self.ROWS):
            product = self._products.dropdown("", "300px")
            kind = w.Dropdown(options=_ITEM_KINDS, value="rate", layout=w.Layout(width="130px"))
            value = w.FloatText(value=9.0, layout=w.Layout(width="90px"))
            shown = w.HTML(layout=w.Layout(width="150px"))
            self._rows.append((product, kind, value, shown))
            boxes.append(self._field(None, [product, kind, value, shown]))
        return boxes

    def _controls(self) -> list[w.Widget]:
        return [c for product, kind, value, _ in self._rows for c in (product, kind, value)]

    def _setting(self, kind: str, value: float) -> dict:
        return {kind: _zhe_to_rate(value) if kind == "rate" else _plain(value)}

    def _problem(self) -> str:
        chosen = [p.value for p, _, _, _ in self._rows if p.value]
        repeated = sorted({s for s in chosen if chosen.count(s) > 1})
        if repeated:
            return f"「{'」「'.join(repeated)}」设置了两次：每件商品只能有一个单品宝优惠。"
        return ""

    def validate(self) -> str:
        problem = super().validate()
        floor = RULES.promotions.min_discount
        for (product, kind, value, shown), field in zip(self._rows, self._fields, strict=True):
            sku = product.value
            if not sku:
                shown.value = ""
                continue
            listed = float(self._products.price[sku])
            price = {"rate": listed * float(value.value) / 10,
                     "minus": listed - float(value.value), "price": float(value.value)}[kind.value]
            shown.value = (f"{max(price, 0):.2f} 元 <span style='color:{_GREY}'>"
                           f"（最低 {listed * floor:.2f}）</span>")
            if problem and f"「{sku}」" in problem:
                field.message.value = _note("✘ " + problem)
        return problem

    def plan(self) -> dict:
        items = {p.value: self._setting(k.value, v.value) for p, k, v, _ in self._rows if p.value}
        return {"items": items} if items else {}


class PromotionForms(w.VBox):
    """The three forms in tabs over one 试算 cart; 复制为代码 gives the whole plan."""

    def __init__(self, cart: list[tuple[str, int]] | None = None,
                 products: pd.DataFrame | None = None, name: str = "plan") -> None:
        super().__init__()
        self._frame = load("products") if products is None else products
        self._name = name
        self.coupon = CouponForm(products=self._frame, trial=False)
        self.shop_promo = ShopPromoForm(products=self._frame, trial=False)
        self.item_discount = ItemDiscountForm(products=self._frame, trial=False)
        self._use = {form: w.Checkbox(value=True, description="参加试算", indent=False)
                     for form in self.forms}
        tabs = w.Tab(children=[w.VBox([self._use[f], f]) for f in self.forms])
        for i, title in enumerate(["单品宝", "店铺宝（满就送）", "优惠券"]):
            tabs.set_title(i, title)
        self._trial = _Trial(_Products(self._frame), cart)
        self._code = w.Textarea(layout=w.Layout(width="560px", height="220px"))
        self.children = [w.HTML("<b>营销工具</b>：在标签页里设置单品宝、店铺宝和优惠券，勾选「参加试算」的工具"
                                "一起给下面的购物车算价（计算顺序：单品宝 → 满就送 → 优惠券）。"),
                         tabs, self._trial, w.HTML("<b>复制为代码</b>（粘贴到答题单元格）："), self._code]
        for form in self.forms:
            form.on_change(self.refresh)
        for control in [*self._use.values(), *self._trial.controls()]:
            control.observe(lambda _change: self.refresh(), names="value")
        self.refresh()

    @property
    def forms(self) -> list[_PlanForm]:
        return [self.item_discount, self.shop_promo, self.coupon]

    @property
    def quote(self) -> Quote | None:
        return self._trial.quote

    def plan(self) -> dict:
        plan: dict = {}
        for form in self.forms:
            if self._use[form].value:
                plan.update(form.plan())
        return plan

    def refresh(self) -> None:
        if not hasattr(self, "_trial"):
            return  # a form reports while the tabs are being built
        problems = [f.error for f in self.forms if self._use[f].value and f.error]
        self._code.value = plan_code(self.plan(), self._name)
        self._trial.show(self.plan(), self._frame, problems[0] if problems else "")
