"""nbgrader's GetGrades (the feedback page's scores and comments), with one gradebook query.

nbgrader's step looks up every grade and every comment of the notebook with its own
query in a gradebook it opens for the purpose (opening one inspects every table): the
largest part of rendering a feedback page. This subclass runs nbgrader's own per-cell
code (``_get_score``, ``_get_comment``) against the submission's grades and comments
loaded once (:class:`autograder.steps.save._OneNotebook`), in the process's shared
gradebook when it has one, and sets the same resources.
"""

from __future__ import annotations

from nbgrader.preprocessors import GetGrades as _NbgraderGetGrades
from nbgrader.preprocessors import NbGraderPreprocessor

from autograder.steps.save import _OneNotebook, open_gradebook


class GetGrades(_NbgraderGetGrades):
    """nbgrader's GetGrades: the same cell metadata and the same score, read at once."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        self.notebook_id, self.assignment_id = info["notebook"], info["assignment"]
        self.student_id, self.db_url = info["student"], info["db_url"]
        with open_gradebook(self.db_url) as gradebook:
            self.gradebook = _OneNotebook(gradebook, self.notebook_id, self.assignment_id,
                                          self.student_id)
            notebook = self.gradebook.submitted
            try:
                # nbconvert's cell loop, which calls nbgrader's preprocess_cell per cell.
                nb, resources = NbGraderPreprocessor.preprocess(self, nb, resources)
            finally:
                self.gradebook = None
            late_penalty = notebook.late_submission_penalty
            if late_penalty is None:
                late_penalty = 0
            else:
                self.log.warning("Late submission penalty: %s", late_penalty)
            info["score"] = notebook.score - late_penalty
            info["max_score"] = notebook.max_score
            info["late_penalty"] = late_penalty
        return nb, resources
