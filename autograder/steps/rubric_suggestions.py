"""Keep the teacher-only rubric suggestion out of the students' feedback pages."""

from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor

from autograder.steps.comments import PREFIX


class HideRubricSuggestions(NbGraderPreprocessor):
    """Drop a written answer's automatic rubric suggestion; a teacher's own comment is shown."""

    def preprocess_cell(self, cell, resources, cell_index):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if str(meta.get("comment") or "").startswith(PREFIX):
            meta["comment"] = None
        return cell, resources
