"""Mend the nbgrader metadata a student's notebook lost or mangled, before nbgrader reads it.

nbgrader 0.9.6 stops with a ``KeyError`` (and stock ``nbgrader autograde``
aborts the whole batch) when a submission has a copied grade cell, a renamed
grade id or cells stripped of their nbgrader metadata. This preprocessor runs
right after ``DeduplicateIds`` and leaves every such notebook in a shape
``OverwriteCells`` can restore: locked cells get their original source back and
a student's answers are kept.

The source cells are read from the gradebook once per process: a grading batch
never changes them (``generate_assignment`` runs before it).
"""

from __future__ import annotations

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor

_KNOWN: dict[tuple[str, str, str], dict | None] = {}


def _known_cells(db_url: str, assignment: str, notebook_id: str) -> dict | None:
    """grade id → the nbgrader metadata of that source cell (read once per process)."""
    key = (db_url, assignment, notebook_id)
    if key in _KNOWN:
        return _KNOWN[key]
    with Gradebook(db_url) as gradebook:
        try:
            notebook = gradebook.find_notebook(notebook_id, assignment)
        except MissingEntry:
            return None
        known = {}
        for cell in notebook.source_cells:
            known[cell.name] = {"grade_id": cell.name, "locked": bool(cell.locked),
                                "solution": False, "grade": False, "schema_version": 3}
        for cell in notebook.grade_cells:
            known[cell.name].update(grade=True, points=cell.max_score)
        for cell in notebook.solution_cells:
            known[cell.name].update(solution=True)
    _KNOWN[key] = known
    return known


class RepairCells(NbGraderPreprocessor):
    """Drop empty or unknown nbgrader metadata; re-attach lost metadata by cell id."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        known = _known_cells(info["db_url"], info["assignment"], info["notebook"])
        if known is None:
            return nb, resources
        present = set()
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader")
            if meta is None:
                continue
            grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
            if grade_id not in known or grade_id in present:
                self.log.warning("Dropping unknown or repeated nbgrader metadata: %r", grade_id)
                del cell.metadata["nbgrader"]
            else:
                present.add(grade_id)
        for cell in nb.cells:
            if "nbgrader" in cell.metadata:
                continue
            cell_id = str(cell.get("id", ""))
            for grade_id in (cell_id, cell_id.replace("-", "_")):
                if grade_id in known and grade_id not in present:
                    self.log.warning("Restoring lost nbgrader metadata of %s", grade_id)
                    cell.metadata["nbgrader"] = dict(known[grade_id])
                    present.add(grade_id)
                    break
        return nb, resources
