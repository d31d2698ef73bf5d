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


#: What a graded notebook (and so its feedback page) shows where a widget was.
WIDGET_PLACEHOLDER = "〔这里是一个交互组件。评分时不显示；在你自己的笔记本里运行这一格就能使用。〕"

#: Attribute names a display or inspection asks for: answered without building the widget.
_DISPLAY_PREFIXES = ("__", "_repr_", "_ipython_")


class Unbuilt:
    """A widget made while its notebook is graded, not built yet.

    Nobody can see or touch a widget then, and building one (its controls, its first
    table and the data behind it) is a large part of some graded notebooks' run time.
    It shows as :data:`WIDGET_PLACEHOLDER`; the first time code uses it (any attribute
    other than a display hook), the real widget is built with the same arguments and
    does the work, so code that uses a widget runs as it does for the student.
    """

    __slots__ = ("_kefu_recipe", "_kefu_widget")

    def __init__(self, widget, args: tuple, kwargs: dict) -> None:
        object.__setattr__(self, "_kefu_recipe", (widget, args, kwargs))
        object.__setattr__(self, "_kefu_widget", None)

    def _kefu_built(self):
        built = object.__getattribute__(self, "_kefu_widget")
        if built is None:
            widget, args, kwargs = object.__getattribute__(self, "_kefu_recipe")
            built = widget(*args, **kwargs)
            object.__setattr__(self, "_kefu_widget", built)
        return built

    def __getattr__(self, name: str):
        if name.startswith(_DISPLAY_PREFIXES):
            raise AttributeError(name)
        return getattr(self._kefu_built(), name)

    def __setattr__(self, name: str, value) -> None:
        setattr(self._kefu_built(), name, value)

    def __repr__(self) -> str:
        return WIDGET_PLACEHOLDER

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        printer.text(WIDGET_PLACEHOLDER)


def _widget(name: str) -> type:
    return getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)


def _unbuilt(name: str):
    """The widget ``name``'s constructor while a notebook is graded: an :class:`Unbuilt`
    stand-in. Not even the widget's module is imported until code uses the widget."""
    def build(*args, **kwargs):
        return _widget(name)(*args, **kwargs)

    def make(*args, **kwargs) -> Unbuilt:
        return Unbuilt(build, args, kwargs)

    make.__name__ = make.__qualname__ = name
    make.__doc__ = f"交互组件 {name}（评分时不显示）。"
    return make


def __getattr__(name: str):
    """Import the widget ``name`` on first use (PEP 562); while a notebook is graded, a
    constructor that builds the widget only when code uses it (:class:`Unbuilt`)."""
    from course import plotting

    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # Never kept in this module's globals: whether the notebook is graded is asked on
    # every import (the same process may be graded and not graded, e.g. in tests).
    return _unbuilt(name) if plotting.grading() else _widget(name)


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
