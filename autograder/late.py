"""Late-submission policy: a share of the notebook's score per started day late."""

from __future__ import annotations

import math

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Float


class DailyPenalty(LateSubmissionPlugin):
    """Deduct ``rate`` × score for every started day late, never more than the score."""

    rate = Float(0.1, help="Share of the score deducted per started day late.").tag(config=True)

    def late_submission_penalty(self, student_id: str, score: float,
                                total_seconds_late: float) -> float | None:
        if total_seconds_late <= 0:
            return None
        days = math.ceil(total_seconds_late / 86400)
        return round(min(score, score * self.rate * days), 2)
