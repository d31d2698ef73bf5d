"""Interactive widgets of the course (ipywidgets views over the domain modules)."""

from course.ui.kpi_calculator import KpiCalculator

__all__ = ["KpiCalculator"]
