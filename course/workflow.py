"""The customer-service workflow (chapter 1): stages, duties and hand-overs to other roles."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

#: The stages of the work, in order.
STAGES = ("售前", "售中", "售后")

#: The workflow steps in order, with their stage.
WORKFLOW = (
    ("接待咨询", "售前"),
    ("推荐商品", "售前"),
    ("促成下单", "售前"),
    ("核对订单", "售前"),
    ("催付", "售中"),
    ("订单备注与交接", "售中"),
    ("发货跟踪", "售中"),
    ("退换货与退款", "售后"),
    ("评价管理", "售后"),
    ("客户回访", "售后"),
)


@dataclass(frozen=True)
class Situation:
    """One situation a 客服 meets: which stage, what to do, who takes over with what."""

    key: str
    title: str
    stage: str
    duty: str
    handover_to: str
    handover_what: str
    tip: str


SITUATIONS = (
    Situation("inquiry", "买家问：这束花今天能送到吗？", "售前", "及时回复，核实配送范围和截单时间后如实答复",
              "—（客服自己完成）", "—", "先查同城配送时间再承诺，不要随口说“一定能到”。"),
    Situation("recommend", "买家想给妈妈挑花，但拿不定主意", "售前", "挖掘需求（对象、场合、预算），推荐一两款合适的花",
              "—（客服自己完成）", "—", "推荐时说清寓意和区别，再顺带推荐贺卡或花瓶。"),
    Situation("detail_wrong", "买家指出详情页写的枝数和图片不一致", "售前", "向买家致歉并说明实际情况，记录问题",
              "美工／运营", "商品链接、错误位置、正确信息", "当天反馈，避免更多买家因为描述不符退款。"),
    Situation("unpaid", "买家拍下 2 小时还没付款", "售中", "按催付规则挑选时机和渠道礼貌提醒",
              "—（客服自己完成）", "—", "避开 22:00–08:00，不要威胁或反复发同一句话。"),
    Situation("address", "买家付款后要求改收货地址", "售中", "核实新地址并在订单备注中写清楚，插旗提醒",
              "仓储／打包发货", "订单号、新地址、确认时间", "如果已经发货，要联系快递改派，不能只改备注。"),
    Situation("card", "买家要求贺卡写上一段祝福语", "售中", "逐字核对贺卡内容，写进订单备注",
              "仓储／打包发货", "订单号、贺卡原文", "复制买家原话，发货前再和买家确认一次。"),
    Situation("note_mixup", "（小A 案例）把 A 订单的备注填到了 B 订单上", "售中",
              "下单后核对订单，在正确的订单上写备注并交接",
              "仓储／打包发货", "正确的订单号和备注，并撤回错误备注", "写备注前先核对订单号和买家昵称，写完再读一遍。"),
    Situation("logistics", "买家说快递三天了还没动", "售中", "查询物流，主动告知进度并安抚",
              "仓储／物流对接人", "运单号、异常情况、买家期望时间", "先给买家一个明确的回复时间，再去跟进。"),
    Situation("wilted", "买家收到花，有几枝蔫了", "售后", "道歉，请买家拍照，按规则补发或部分退款",
              "售后主管／采购", "照片、订单号、处理方案、花材批次", "同一批次的问题要反馈给采购，避免重复发生。"),
    Situation("refund", "买家申请仅退款", "售后", "在时限内处理退款申请，核实原因",
              "售后客服／财务", "退款原因、金额、凭证", "未发货订单 48 小时内不处理会自动退款。"),
    Situation("bad_review", "买家给了差评", "售后", "了解原因，真诚道歉并给出解决方案",
              "售后主管／运营", "差评内容、原因分析、改进建议", "不能用返现等好处换取改评。"),
    Situation("invoice", "买家要开发票", "售后", "收集抬头和税号，确认开票内容",
              "财务", "订单号、抬头、税号、金额、寄送方式", "开票信息要复核，错了很难改。"),
    Situation("many_same_question", "很多买家都在问同一个活动规则", "售前", "统一口径回复，整理成快捷短语",
              "运营", "高频问题、买家的疑惑点", "活动规则没写清楚，就请运营补充到详情页或活动页。"),
)


def situations() -> pd.DataFrame:
    """All situations as a table with Chinese column labels."""
    return pd.DataFrame([{
        "情况": s.title, "阶段": s.stage, "客服职责": s.duty, "交给谁": s.handover_to,
        "交接内容": s.handover_what, "提示": s.tip} for s in SITUATIONS],
        index=pd.Index([s.key for s in SITUATIONS], name="key"))


def situation(key: str) -> Situation:
    """The situation with ``key``; ``KeyError`` in Chinese when there is none."""
    for item in SITUATIONS:
        if item.key == key:
            return item
    raise KeyError(f"没有这种情况：{key!r}。")


def stage_of(step: str) -> str:
    """The stage (售前/售中/售后) of a workflow step."""
    for name, stage in WORKFLOW:
        if name == step:
            return stage
    raise KeyError(f"工作流程中没有「{step}」这一步。")
