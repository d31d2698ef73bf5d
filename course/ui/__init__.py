"""Interactive widgets of the course (ipywidgets views over the domain modules).

A widget's module is imported when the widget is first asked for: a notebook's set-up cell
``from course.ui import KpiCalculator`` loads the KPI calculator and what it needs, not
every other widget with its charts and data (that would cost a chapter without a chart
the whole of matplotlib before its first cell has run).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

#: Widget → the module of this package that defines it.
_MODULES = {
    "AutoReplySimulator": "autoreply_simulator",
    "ChasingPrioritizer": "chasing_prioritizer",
    "CouponForm": "promotion_forms",
    "ItemDiscountForm": "promotion_forms",
    "KpiCalculator": "kpi_calculator",
    "MemberLevelPlanner": "rfm_segmenter",
    "OrderSearchPanel": "order_search",
    "OrderTimeline": "order_timeline",
    "PromotionForms": "promotion_forms",
    "PromotionSimulator": "promotion_simulator",
    "QuickPhraseEditor": "phrase_editor",
    "RefundAssistant": "refund_assistant",
    "RfmSegmenter": "rfm_segmenter",
    "RolePlayChat": "roleplay_chat",
    "ScorecardCalculator": "scorecard",
    "ShopPromoForm": "promotion_forms",
    "SizeRecommender": "size_recommender",
    "TypingTest": "typing_trainer",
    "WorkflowExplorer": "workflow_explorer",
}

__all__ = ["AutoReplySimulator", "ChasingPrioritizer", "CouponForm", "ItemDiscountForm",
           "KpiCalculator", "MemberLevelPlanner", "OrderSearchPanel", "OrderTimeline",
           "PromotionForms", "PromotionSimulator", "QuickPhraseEditor", "RefundAssistant",
           "RfmSegmenter", "RolePlayChat", "ScorecardCalculator", "ShopPromoForm",
           "SizeRecommender", "TypingTest", "WorkflowExplorer"]


def __getattr__(name: str):
    """Import the widget ``name`` on first use (PEP 562)."""
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if TYPE_CHECKING:  # what the names are, for readers and type checkers (never run)
    from course.ui.autoreply_simulator import AutoReplySimulator
    from course.ui.chasing_prioritizer import ChasingPrioritizer
    from course.ui.kpi_calculator import KpiCalculator
    from course.ui.order_search import OrderSearchPanel
    from course.ui.order_timeline import OrderTimeline
    from course.ui.phrase_editor import QuickPhraseEditor
    from course.ui.promotion_forms import (
        CouponForm,
        ItemDiscountForm,
        PromotionForms,
        ShopPromoForm,
    )
    from course.ui.promotion_simulator import PromotionSimulator
    from course.ui.refund_assistant import RefundAssistant
    from course.ui.rfm_segmenter import MemberLevelPlanner, RfmSegmenter
    from course.ui.roleplay_chat import RolePlayChat
    from course.ui.scorecard import ScorecardCalculator
    from course.ui.size_recommender import SizeRecommender
    from course.ui.typing_trainer import TypingTest
    from course.ui.workflow_explorer import WorkflowExplorer
