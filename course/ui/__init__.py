"""Interactive widgets of the course (ipywidgets views over the domain modules)."""

from course.ui.chasing_prioritizer import ChasingPrioritizer
from course.ui.kpi_calculator import KpiCalculator
from course.ui.promotion_simulator import PromotionSimulator
from course.ui.refund_assistant import RefundAssistant

__all__ = ["ChasingPrioritizer", "KpiCalculator", "PromotionSimulator", "RefundAssistant"]
