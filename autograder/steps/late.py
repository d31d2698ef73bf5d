"""Late-submission policy: a share of the notebook's score per started day late.

The share is the chapter's rate in the course calendar (``c.CourseCalendar``
in ``nbgrader_config.py``: ``late_rate`` and per-chapter ``late_rates``).
"""

from __future__ import annotations

import math

from nbgrader.plugins import LateSubmissionPlugin
from nbgrader.preprocessors import AssignLatePenalties as _NbgraderAssignLatePenalties

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


class AssignLatePenalties(_NbgraderAssignLatePenalties):
    """nbgrader's AssignLatePenalties (same penalty, same bounds, same log lines), in the
    batch writer's one open gradebook: nbgrader's opens a new one for every notebook,
    which inspects every table. Its per-cell step does nothing, so no cell loop runs."""

    def preprocess(self, nb, resources):
        from autograder.steps.save import open_gradebook

        info = resources["nbgrader"]
        self.notebook_id, self.assignment_id = info["notebook"], info["assignment"]
        self.student_id, self.db_url = info["student"], info["db_url"]
        self.init_plugin()
        with open_gradebook(self.db_url) as gradebook:
            assignment = gradebook.find_submission(self.assignment_id, self.student_id)
            notebook = gradebook.find_submission_notebook(self.notebook_id, self.assignment_id,
                                                          self.student_id)
            notebook.late_submission_penalty = None
            late = assignment.total_seconds_late
            if late > 0:
                self.log.warning("%s is %s seconds late", assignment, late)
                penalty = self.plugin_inst.late_submission_penalty(self.student_id,
                                                                   notebook.score, late)
                self.log.warning("Late submission penalty: %s", penalty)
                if penalty is not None:
                    notebook.late_submission_penalty = self._check_late_penalty(notebook, penalty)
            gradebook.db.commit()
        return nb, resources
