"""Late-submission policy: a share of the notebook's score per started day late.

The share is the chapter's rate in the course calendar (``c.CourseCalendar``
in ``nbgrader_config.py``: ``late_rate`` and per-chapter ``late_rates``).
"""

from __future__ import annotations

import math

from nbgrader.plugins import LateSubmissionPlugin

from autograder.schedule import CourseCalendar


class DailyPenalty(LateSubmissionPlugin):
    """Deduct the chapter's rate × score for every started day late, never more than the score."""

    def rate_for(self, chapter: str | None) -> float:
        return CourseCalendar(config=self.config).rate(chapter)

    def late_submission_penalty(self, student_id: str, score: float,
                                total_seconds_late: float) -> float | None:
        if total_seconds_late <= 0:
            return None
        # nbgrader creates the plugin with the AssignLatePenalties step as parent,
        # which knows the chapter being graded.
        rate = self.rate_for(getattr(self.parent, "assignment_id", None))
        days = math.ceil(total_seconds_late / 86400)
        return round(min(score, score * rate * days), 2)
