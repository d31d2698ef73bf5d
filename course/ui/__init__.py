"""Interactive widgets of the course (ipywidgets views over the domain modules)."""

from course.ui.autoreply_simulator import AutoReplySimulator
from course.ui.chasing_prioritizer import ChasingPrioritizer
from course.ui.kpi_calculator import KpiCalculator
from course.ui.order_search import OrderSearchPanel
from course.ui.order_timeline import OrderTimeline
from course.ui.phrase_editor import QuickPhraseEditor
from course.ui.promotion_forms import CouponForm, ItemDiscountForm, PromotionForms, ShopPromoForm
from course.ui.promotion_simulator import PromotionSimulator
from course.ui.refund_assistant import RefundAssistant
from course.ui.rfm_segmenter import MemberLevelPlanner, RfmSegmenter
from course.ui.roleplay_chat import RolePlayChat
from course.ui.scorecard import ScorecardCalculator
from course.ui.size_recommender import SizeRecommender
from course.ui.typing_trainer import TypingTest
from course.ui.workflow_explorer import WorkflowExplorer

__all__ = ["AutoReplySimulator", "ChasingPrioritizer", "CouponForm", "ItemDiscountForm",
           "KpiCalculator", "MemberLevelPlanner", "PromotionForms", "ShopPromoForm",
           "OrderSearchPanel", "OrderTimeline", "PromotionSimulator", "QuickPhraseEditor",
           "RefundAssistant", "RfmSegmenter", "RolePlayChat", "ScorecardCalculator", "SizeRecommender",
           "TypingTest", "WorkflowExplorer"]
