"""The released answer cell of a data or function exercise starts from a scaffold.

nbgrader's ClearSolutions replaces every solution region with the same stub. This step
is ClearSolutions itself, except that a cell whose exercise declares a ``scaffold``
(``course/exercises/chNN.py``, ``EXERCISES[n]["scaffold"]``) gets that partly written
answer, with blanks ``___`` to fill, under a Chinese line that says what to do; a
role-play chat's answer cell gets an empty list to paste the chat into. The
scaffold is indented like the region, as nbgrader indents its stub. ``kefu lab
--advanced`` hands a learner the plain stubs instead (``course.coach.plain_stubs``).
"""

from __future__ import annotations

from nbgrader.preprocessors import ClearSolutions

from course.coach import scaffolds
from course.roleplays import answer_stubs


class ScaffoldSolutions(ClearSolutions):
    """ClearSolutions with each exercise's own scaffold in place of the stub."""

    def preprocess(self, nb, resources):
        chapter = (resources.get("nbgrader") or {}).get("assignment") or ""
        self._scaffolds = {**scaffolds(chapter), **answer_stubs(chapter)}
        return super().preprocess(nb, resources)

    def _replace_solution_region(self, cell, language):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        scaffold = getattr(self, "_scaffolds", {}).get(grade_id)
        if cell.cell_type != "code" or scaffold is None:
            return super()._replace_solution_region(cell, language)
        stub = self.code_stub
        self.code_stub = {**stub, language: scaffold}
        try:
            return super()._replace_solution_region(cell, language)
        finally:
            self.code_stub = stub
