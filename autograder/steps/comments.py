"""Chinese automatic comments, saved next to the grades (after SaveAutoGrades).

nbgrader writes "No response." for an untouched answer; this says 未作答 instead,
and beside each written answer (graded by hand in Formgrader) it stores the
rubric checker's suggestion for the teacher; beside a role-play chat (a manually graded
code cell of replies) it stores the replayed chat and a suggested score
(autograder/chats.py). It never changes a score.

A suggestion that checks numbers against the shop's data (ch07's KPIs) is made
with the submitting student's own data variant, as the notebook was graded.
"""

from __future__ import annotations

from nbgrader import utils
from nbgrader.api import MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor

#: Starts every teacher-only rubric suggestion (HideRubricSuggestions keeps it out of feedback).
PREFIX = "自动参考建议（仅供教师参考，最终分数以教师评分为准）："
UNANSWERED = "未作答。"


class ChineseComments(NbGraderPreprocessor):
    """Replace nbgrader's automatic comments with Chinese ones."""

    def preprocess(self, nb, resources):
        from autograder import rubric

        info = resources["nbgrader"]
        from autograder.steps.save import notebook_comments, open_gradebook

        with open_gradebook(info["db_url"]) as gradebook:
            try:
                comments = notebook_comments(gradebook, info["notebook"], info["assignment"],
                                             info["student"])
            except MissingEntry:
                return nb, resources
            for cell in nb.cells:
                if not utils.is_solution(cell):
                    continue
                comment = comments.get(cell.metadata.nbgrader["grade_id"])
                if comment is None:
                    continue
                if comment.auto_comment == "No response.":
                    comment.auto_comment = UNANSWERED
                elif cell.cell_type == "markdown" and utils.is_grade(cell):
                    grade_id = cell.metadata.nbgrader["grade_id"]
                    identity = self._identity(resources) if rubric.needs_data(grade_id) else None
                    suggestion = rubric.suggest(info["assignment"], grade_id, cell.source, identity)
                    comment.auto_comment = PREFIX + suggestion.removeprefix("参考建议：")
                elif cell.cell_type == "code" and utils.is_grade(cell):
                    from autograder import chats
                    from course.roleplays import by_grade_id

                    grade_id = cell.metadata.nbgrader["grade_id"]
                    if by_grade_id(grade_id) is not None:
                        suggestion = chats.suggest(grade_id, cell.source,
                                                   float(cell.metadata.nbgrader.get("points", 0)),
                                                   self._identity(resources))
                        comment.auto_comment = PREFIX + suggestion.removeprefix("参考建议：")
            gradebook.db.commit()
        return nb, resources

    def _identity(self, resources):
        """The student's variant identity, or ``rubric.UNKNOWN`` when it cannot be known."""
        from autograder import rubric
        from autograder.classkey import ClassKeyError
        from autograder.steps.execute import identity_of

        try:
            return identity_of(self.config, resources)
        except ClassKeyError:
            return rubric.UNKNOWN
