"""The promotion setup simulator (chapter 4): plan + cart → price waterfall, margin, code."""

from __future__ import annotations

import ipywidgets as w

from course import charts, tables
from course.data import load
from course.promotions import PlanError, plan_code, quote
from course.rules import RULES

NONE = ("（不选）", "")
_BENEFITS = [("减钱（元）", "minus"), ("打折（如 0.9）", "rate"), ("包邮", "free_shipping"),
             ("送赠品", "gift")]
_ITEM_KINDS = [("打折", "rate"), ("减钱", "minus"), ("促销价", "price")]


class PromotionSimulator(w.VBox):
    """Set up 单品宝 / 搭配套餐 / 满就送 / 优惠券, fill a cart and see what the buyer pays."""

    def __init__(self, cart: list[tuple[str, int]] | None = None, products=None) -> None:
        super().__init__()
        self._products = load("products") if products is None else products
        self._options = [NONE] + [(f"{name}（{sku}，{price:g}元）", sku) for sku, name, price in
                                  zip(self._products["sku"], self._products["name"],
                                      self._products["price"], strict=True)]
        self.quote = None
        self._build_cart(cart or [("HF002", 1), ("HF026", 1), ("HF027", 1)])
        self._build_items()
        self._build_bundle()
        self._build_threshold()
        self._build_coupon()
        self._build_outputs()
        tabs = w.Tab(children=[self._item_box, self._bundle_box, self._threshold_box,
                               self._coupon_box])
        for i, title in enumerate(["单品宝", "搭配套餐", "满就送", "优惠券"]):
            tabs.set_title(i, title)
        self.children = [
            w.HTML("<b>促销模拟器</b>：设置促销工具、放入商品，看买家最后付多少钱、店铺还赚多少。"),
            w.HBox([w.VBox([w.HTML("<b>购物车</b>"), *self._cart_rows]), tabs]),
            self._message, self._chart, self._lines, self._summary,
            w.HTML("<b>复制为代码</b>（粘贴到答题单元格）："), self._code,
        ]
        for control in self._controls():
            control.observe(self._on_change, names="value")
        self.refresh()

    # -- building ---------------------------------------------------------
    def _product(self, value: str = "", width: str = "300px") -> w.Dropdown:
        return w.Dropdown(options=self._options, value=value, layout=w.Layout(width=width))

    def _build_cart(self, cart) -> None:
        self._cart_rows, self._cart_controls = [], []
        for i in range(4):
            sku, qty = cart[i] if i < len(cart) else ("", 1)
            product = self._product(sku, "280px")
            amount = w.BoundedIntText(value=qty, min=1, max=99, layout=w.Layout(width="70px"))
            self._cart_controls.append((product, amount))
            self._cart_rows.append(w.HBox([product, amount]))

    def _build_items(self) -> None:
        self._item_controls = []
        rows = []
        for _ in range(2):
            product = self._product()
            kind = w.Dropdown(options=_ITEM_KINDS, value="rate", layout=w.Layout(width="90px"))
            value = w.FloatText(value=0.9, layout=w.Layout(width="80px"))
            self._item_controls.append((product, kind, value))
            rows.append(w.HBox([product, kind, value]))
        self._item_box = w.VBox([w.HTML("每件商品单独设置：打折填 0.8 表示 8 折；减钱填每件减多少元；"
                                        "促销价填新价格。"), *rows])

    def _build_bundle(self) -> None:
        self._bundle_on = w.Checkbox(value=False, description="启用搭配套餐")
        self._bundle_skus = w.SelectMultiple(options=self._options[1:], rows=6,
                                             layout=w.Layout(width="330px"))
        self._bundle_price = w.FloatText(value=199.0, description="套餐价",
                                         layout=w.Layout(width="200px"))
        self._bundle_box = w.VBox([self._bundle_on, w.HTML("套餐商品（按住 Ctrl 多选）："),
                                   self._bundle_skus, self._bundle_price])

    def _build_threshold(self) -> None:
        self._threshold_on = w.Checkbox(value=False, description="启用满就送")
        self._threshold_by = w.ToggleButtons(options=[("满 X 元", "amount"), ("满 X 件", "qty")],
                                             value="amount")
        self._tiers = []
        rows = []
        for at, kind, value in ((200.0, "minus", 20.0), (0.0, "minus", 0.0)):
            at_box = w.FloatText(value=at, description="门槛", layout=w.Layout(width="160px"))
            kind_box = w.Dropdown(options=_BENEFITS, value=kind, layout=w.Layout(width="140px"))
            value_box = w.FloatText(value=value, layout=w.Layout(width="80px"))
            gift = self._product("", "220px")
            self._tiers.append((at_box, kind_box, value_box, gift))
            rows.append(w.HBox([at_box, kind_box, value_box, gift]))
        self._no_cap = w.Checkbox(value=False, description="上不封顶（仅限一个减钱档位）")
        self._threshold_box = w.VBox([self._threshold_on, self._threshold_by,
                                      w.HTML("门槛为 0 的档位不启用；赠品只在选择「送赠品」时使用。"),
                                      *rows, self._no_cap])

    def _build_coupon(self) -> None:
        self._coupon_on = w.Checkbox(value=False, description="启用店铺优惠券")
        self._coupon_at = w.FloatText(value=200.0, description="满（元）")
        self._coupon_minus = w.FloatText(value=10.0, description="减（元）")
        self._shipping = w.FloatText(value=RULES.promotions.shipping_fee, description="运费（元）")
        standing = RULES.promotions.free_shipping_at
        self._free_at = w.FloatText(value=0.0 if standing is None else standing,
                                    description="满（元）包邮")
        self._coupon_box = w.VBox([self._coupon_on, self._coupon_at, self._coupon_minus,
                                   w.HTML("<hr>店铺常设的包邮门槛看小计，填 0 表示不包邮："),
                                   self._free_at, self._shipping])

    def _build_outputs(self) -> None:
        self._message = w.HTML()
        self._chart = w.Image(format="png", layout=w.Layout(max_width="760px"))
        self._waterfall = charts.PriceWaterfall()
        self._lines = w.HTML()
        self._summary = w.HTML()
        self._code = w.Textarea(layout=w.Layout(width="520px", height="220px"))

    def _controls(self):
        for product, amount in self._cart_controls:
            yield from (product, amount)
        for trio in self._item_controls:
            yield from trio
        yield from (self._bundle_on, self._bundle_skus, self._bundle_price, self._threshold_on,
                    self._threshold_by, self._no_cap, self._coupon_on, self._coupon_at,
                    self._coupon_minus, self._shipping, self._free_at)
        for tier in self._tiers:
            yield from tier

    # -- model ------------------------------------------------------------
    def cart(self) -> list[tuple[str, int]]:
        return [(p.value, q.value) for p, q in self._cart_controls if p.value]

    def plan(self) -> dict:
        """The plan the controls describe, as the plain dict ``quote`` takes."""
        plan: dict = {}
        items = {p.value: {k.value: _plain(v.value)} for p, k, v in self._item_controls
                 if p.value}
        if items:
            plan["items"] = items
        if self._bundle_on.value:
            plan["bundles"] = [{"skus": list(self._bundle_skus.value),
                                "price": _plain(self._bundle_price.value)}]
        if self._threshold_on.value:
            tiers = []
            for at, kind, value, gift in self._tiers:
                if at.value <= 0:
                    continue
                benefit = {"minus": _plain(value.value), "rate": _plain(value.value),
                           "free_shipping": True, "gift": gift.value}[kind.value]
                tiers.append({"at": _plain(at.value), kind.value: benefit})
            plan["threshold"] = {"by": self._threshold_by.value, "tiers": tiers}
            if self._no_cap.value:
                plan["threshold"]["no_cap"] = True
        if self._coupon_on.value:
            plan["coupon"] = {"at": _plain(self._coupon_at.value),
                              "minus": _plain(self._coupon_minus.value)}
        if self._shipping.value != RULES.promotions.shipping_fee:
            plan["shipping_fee"] = _plain(self._shipping.value)
        free_at = _plain(self._free_at.value) if self._free_at.value > 0 else None
        if free_at != RULES.promotions.free_shipping_at:
            plan["free_shipping_at"] = free_at
        return plan

    # -- behaviour --------------------------------------------------------
    def _on_change(self, _change=None) -> None:
        self.refresh()

    def refresh(self) -> None:
        plan, cart = self.plan(), self.cart()
        self._code.value = plan_code(plan) + "\ncart = " + repr(cart)
        try:
            self.quote = quote(cart, plan, self._products)
        except PlanError as exc:
            self._message.value = f"<span style='color:#b00'>方案有问题：{exc}</span>"
            return
        self._message.value = ""
        self._chart.value = self._waterfall.render(self.quote)
        lines = self.quote.lines_frame()
        self._lines.value = tables.render(
            lines, {c: "{:.2f}" for c in lines.columns if lines[c].dtype.kind == "f"}, index=False)
        q = self.quote
        rate = float(q.margin / q.goods_paid) if q.goods_paid else 0.0
        warn = "".join(f"<li style='color:#b00'>{text}</li>" for text in q.warnings)
        notes = "".join(f"<li>{text}</li>" for text in q.notes)
        self._summary.value = (f"<p>买家实付 <b>{q.total:.2f}</b> 元（含运费 {q.shipping:.2f} 元）；"
                               f"商品成本 {q.cost:.2f} 元；毛利 <b>{q.margin:.2f}</b> 元"
                               f"（毛利率 {rate:.1%}）。</p>"
                               + (f"<ul>{notes}{warn}</ul>" if notes or warn else ""))


def _plain(number: float) -> float | int:
    """Whole numbers as int, so the pasted code reads naturally."""
    return int(number) if float(number).is_integer() else round(float(number), 4)
