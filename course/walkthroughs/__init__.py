"""Dated step-by-step walkthroughs of the platform operations the book's 任务实施 teach.

The book's tasks are operations in 千牛, the 卖家中心 / 千牛商家工作台 and the buyer's
淘宝 app (设置自动回复, 订单改价, 店铺优惠券, 退款处理 …). The course cannot open the real
platform, so each operation gets a walkthrough: where it is (the menu path), the steps in
order with the fields each step fills, what goes wrong, and the date the description was
written (platforms are redesigned often; a learner who sees other names is told to trust
the screen). ``TOC_OPERATIONS`` lists every platform operation of the table of contents
with the walkthrough that covers it; the chapter modules hold the walkthroughs, and
``tools/wire_walkthroughs.py`` puts each one into its chapter's notebook as a markdown
cell rendered by :func:`render` (a test keeps notebook and registry equal).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

#: Chapters that have platform operations.
CHAPTERS = ("ch01", "ch02", "ch03", "ch04", "ch05", "ch06", "ch07", "ch08")


@dataclass(frozen=True)
class Step:
    """One step: what to do, and the fields it fills (field name → what to put in it)."""

    do: str
    fields: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Walkthrough:
    key: str  # "ch03.autoreply"
    chapter: str
    title: str  # 设置自动回复
    where: str  # the tool the learner uses: 千牛工作台（电脑版）
    path: tuple[str, ...]  # menu path to the page
    steps: tuple[Step, ...]
    checked: str  # ISO date the description was written against
    cautions: tuple[str, ...] = ()
    #: Where this notebook lets the learner practise it (a widget or an exercise), if anywhere.
    practice: str = ""
    #: Authoring only: the walkthrough's cell goes after the first markdown cell of the
    #: source notebook that contains this text (tools/wire_walkthroughs.py).
    after: str = ""


#: Every platform operation in the 任务实施 of the table of contents → its walkthrough key.
#: (chapter, section and number as in the book's 目录, the book's name of the operation).
TOC_OPERATIONS: dict[tuple[str, str], str] = {
    ("ch01", "第一节 1. 浏览淘宝“卖家中心”板块"): "ch01.seller_center",
    ("ch01", "第一节 2. 浏览天猫“商家中心”板块"): "ch01.tmall_center",
    ("ch01", "第二节 1. 浏览淘宝网首页"): "ch01.homepage",
    ("ch01", "第二节 2. 查看“卖家中心”"): "ch01.seller_center",
    ("ch02", "第一节 1. 注册淘宝会员"): "ch02.register",
    ("ch02", "第一节 2. 体验淘宝购物流程"): "ch02.buy",
    ("ch02", "第一节 3. 确认收货"): "ch02.confirm",
    ("ch02", "第二节 1. 通过余额支付订单"): "ch02.pay",
    ("ch02", "第二节 2. 通过网银支付订单"): "ch02.pay",
    ("ch02", "第三节 1. 查看淘宝规则"): "ch02.rules",
    ("ch02", "第三节 2. 查看天猫规则"): "ch02.rules",
    ("ch02", "第三节 3. 查看支付宝服务大厅"): "ch02.alipay_help",
    ("ch03", "第一节 1. 下载和安装“千牛”"): "ch03.install",
    ("ch03", "第一节 2. 设置自动回复和快捷回复"): "ch03.autoreply",
    ("ch03", "第一节 2. 设置自动回复和快捷回复（快捷短语）"): "ch03.phrases",
    ("ch03", "第一节 3. 设置个性签名"): "ch03.signature",
    ("ch03", "第一节 4. 客户分组操作"): "ch03.groups",
    ("ch03", "第一节 5. 客户排序操作"): "ch03.groups",
    ("ch03", "第一节 6. 查看今日接单和客户信息"): "ch03.today",
    ("ch03", "第二节 1. 查询订单"): "ch03.orders",
    ("ch03", "第二节 2. 订单改价"): "ch03.reprice",
    ("ch03", "第二节 3. 备注买家信息"): "ch03.note_flag",
    ("ch03", "第二节 4. 修改客户信息"): "ch03.address",
    ("ch03", "第二节 5. 退款"): "ch03.refund",
    ("ch04", "第三节 1. “满就送”活动的设置"): "ch04.threshold",
    ("ch04", "第三节 2. “单品宝”设置"): "ch04.item_discount",
    ("ch04", "第三节 3. 店铺优惠券的设置"): "ch04.coupon",
    ("ch04", "第三节 4. 搭配套餐的设置"): "ch04.bundle",
    ("ch05", "第一节 1. 挑选订单"): "ch05.pick_unpaid",
    ("ch05", "第一节 2. 使用工具催付"): "ch05.remind",
    ("ch05", "第一节 3. 使用催付工具表"): "ch05.remind",
    ("ch05", "第二节 1. 订单确认"): "ch05.confirm_order",
    ("ch05", "第二节 2. 物流跟踪"): "ch05.tracking",
    ("ch06", "第一节 1. 降价处理"): "ch06.price_diff",
    ("ch06", "第一节 2. 正常换货、退货"): "ch06.return_exchange",
    ("ch06", "第一节 3. 退款"): "ch06.refund",
    ("ch06", "第一节 4. 售后维修"): "ch06.return_exchange",
    ("ch06", "第一节 5. 回评邀请"): "ch06.review_reply",
    ("ch06", "第二节 1. 严重退款纠纷"): "ch06.dispute",
    ("ch06", "第二节 2. 未收到货物纠纷"): "ch06.dispute",
    ("ch06", "第二节 3. 货不对板纠纷"): "ch06.dispute",
    ("ch06", "第二节 4. 修改中、差评"): "ch06.review_reply",
    ("ch07", "第一节 1. 查看聊天记录"): "ch07.chat_records",
    ("ch07", "第一节 2. 数据报表的执行与反馈"): "ch07.reports",
    ("ch07", "第一节 3. 使用赤兔绩效软件监控"): "ch07.reports",
    ("ch08", "第一节 1. 查看“客户管理”模块"): "ch08.customers",
    ("ch08", "第一节 2. 查看“运营计划”模块"): "ch08.campaigns",
    ("ch08", "第一节 3. 查看“忠诚度管理”模块"): "ch08.membership",
    ("ch08", "第二节 1. 创建客户人群"): "ch08.segments",
    ("ch08", "第二节 2. 编辑客户详情"): "ch08.customers",
    ("ch08", "第二节 3. 设置店铺会员等级"): "ch08.membership",
    ("ch08", "第三节 1. 建立老客户旺旺群"): "ch08.groups",
    ("ch08", "第三节 5. 促进店铺收藏量"): "ch08.groups",
}


def of_chapter(chapter: str) -> list[Walkthrough]:
    """The walkthroughs of ``chapter`` in teaching order (empty if it has none yet)."""
    try:
        module = importlib.import_module(f"course.walkthroughs.{chapter}")
    except ModuleNotFoundError:
        return []
    return list(module.WALKTHROUGHS)


def all_walkthroughs() -> dict[str, Walkthrough]:
    return {w.key: w for chapter in CHAPTERS for w in of_chapter(chapter)}


def toc_refs(key: str) -> list[str]:
    """The TOC operations a walkthrough covers (as the book numbers them)."""
    return [ref for (_, ref), k in TOC_OPERATIONS.items() if k == key]


def render(walkthrough: Walkthrough) -> str:
    """The walkthrough as the markdown cell the notebook shows."""
    w = walkthrough
    lines = [f"#### 操作演练：{w.title}", "",
             f"> 对应教材：{'；'.join(toc_refs(w.key)) or '（本章任务实施）'}　|　在哪里做：{w.where}", "",
             f"**入口**：{' → '.join(f'「{p}」' for p in w.path)}", ""]
    for number, step in enumerate(w.steps, 1):
        lines.append(f"{number}. {step.do}")
        for name, what in step.fields:
            lines.append(f"    - **{name}**：{what}")
    if w.cautions:
        lines += ["", "**注意**", ""] + [f"- {c}" for c in w.cautions]
    if w.practice:
        lines += ["", f"**在本笔记本里练习**：{w.practice}"]
    lines += ["", f"<small>界面说明整理于 {w.checked}。平台经常改版：如果你看到的菜单名称或位置不同，"
                  "以实际界面为准，操作的顺序和要填的内容通常不变。</small>"]
    return "\n".join(lines)
