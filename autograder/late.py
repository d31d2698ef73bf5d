"""Late-submission policy: a share of the notebook's score per started day late.

The share is set per chapter (``autograder/settings.py``: ``LATE_RATES``, read by
``nbgrader_config.py``); chapters without an entry use ``rate``.
"""

from __future__ import annotations

import math

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Dict, Float


class DailyPenalty(LateSubmissionPlugin):
    """Deduct the chapter's rate × score for every started day late, never more than the score."""

    rate = Float(0.1, help="Share of the score deducted per started day late.").tag(config=True)
    rates = Dict(Float(), {}, help="Per-chapter rates (chapter id → share per day).").tag(
        config=True)

    def rate_for(self, chapter: str | None) -> float:
        return float(self.rates.get(chapter, self.rate)) if chapter else self.rate

    def late_submission_penalty(self, student_id: str, score: float,
                                total_seconds_late: float) -> float | None:
        if total_seconds_late <= 0:
            return None
        # nbgrader creates the plugin with the AssignLatePenalties step as parent,
        # which knows the chapter being graded.
        rate = self.rate_for(getattr(self.parent, "assignment_id", None))
        days = math.ceil(total_seconds_late / 86400)
        return round(min(score, score * rate * days), 2)
