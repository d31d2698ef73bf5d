"""nbgrader's OverwriteCells and OverwriteKernelspec, reading the release once per batch.

Both steps look the chapter's released cells up in the gradebook for every
submission: one query per cell, and a gradebook opened (every table inspected)
per step and notebook. Inside a batch's pool process the release cannot change
(the batch refuses to start unless the gradebook holds it, and nothing in the
batch writes source cells), so :func:`remember_release` lets these steps keep
what they read for the rest of the process. Elsewhere (``nbgrader autograde``,
the Formgrader, where a teacher may regenerate a chapter between two runs)
they read the gradebook every time, exactly as nbgrader does. The per-cell
logic is nbgrader's own, unchanged.
"""

from __future__ import annotations

import contextlib
import json
from types import SimpleNamespace

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.preprocessors import OverwriteCells as _NbgraderOverwriteCells
from nbgrader.preprocessors import OverwriteKernelspec as _NbgraderOverwriteKernelspec

#: What the steps read, by (db_url, what, *ids); None while nothing is remembered.
_REMEMBERED: dict | None = None


def remember_release() -> None:
    """From now on this process keeps the release it reads (a batch's pool process only)."""
    global _REMEMBERED
    if _REMEMBERED is None:
        _REMEMBERED = {}


def forget_release() -> None:
    global _REMEMBERED
    _REMEMBERED = None


class _Release:
    """The gradebook reads OverwriteCells makes, remembered when the process allows it.

    A source or graded cell is kept as the plain values nbgrader reads from it, so
    nothing refers to a closed database session.
    """

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self._stack = contextlib.ExitStack()
        self._gradebook: Gradebook | None = None

    def gradebook(self) -> Gradebook:
        if self._gradebook is None:
            self._gradebook = self._stack.enter_context(Gradebook(self.db_url))
        return self._gradebook

    def close(self) -> None:
        self._stack.close()
        self._gradebook = None

    def _read(self, key: tuple, read):
        store = _REMEMBERED
        if store is not None and key in store:
            found = store[key]
        else:
            try:
                found = read()
            except MissingEntry as exc:
                found = exc
            if store is not None:
                store[key] = found
        if isinstance(found, MissingEntry):
            raise found
        return found

    def find_source_cell(self, name: str, notebook: str, assignment: str):
        def read():
            cell = self.gradebook().find_source_cell(name, notebook, assignment)
            return SimpleNamespace(name=cell.name, cell_type=cell.cell_type, locked=cell.locked,
                                   checksum=cell.checksum, source=cell.source)

        return self._read((self.db_url, "source", name, notebook, assignment), read)

    def find_graded_cell(self, name: str, notebook: str, assignment: str):
        def read():
            cell = self.gradebook().find_graded_cell(name, notebook, assignment)
            return SimpleNamespace(max_score=cell.max_score)

        return self._read((self.db_url, "graded", name, notebook, assignment), read)

    def kernelspec(self, notebook: str, assignment: str):
        return self._read((self.db_url, "kernelspec", notebook, assignment),
                          lambda: self.gradebook().find_notebook(notebook, assignment).kernelspec)

    def find_notebook(self, notebook: str, assignment: str):
        """The released notebook as add_missing_cells walks it (its source, grade, solution
        and task cells), as plain values: one walk of its relationships per process."""
        def read():
            found = self.gradebook().find_notebook(notebook, assignment)

            def plain(cell, *fields):
                return SimpleNamespace(**{field: getattr(cell, field) for field in fields})

            return SimpleNamespace(
                source_cells=[plain(c, "name", "cell_type", "locked", "checksum", "source")
                              for c in found.source_cells],
                grade_cells=[plain(c, "name", "max_score") for c in found.grade_cells],
                solution_cells=[plain(c, "name") for c in found.solution_cells],
                task_cells=[plain(c, "name", "max_score") for c in found.task_cells])

        return self._read((self.db_url, "notebook", notebook, assignment), read)


class OverwriteCells(_NbgraderOverwriteCells):
    """nbgrader's OverwriteCells (same checks, same repairs), reading through :class:`_Release`."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        self.notebook_id = info["notebook"]
        self.assignment_id = info["assignment"]
        self.db_url = info["db_url"]
        self.gradebook = _Release(self.db_url)
        try:
            # nbconvert's cell loop, which calls nbgrader's preprocess_cell per cell.
            nb, resources = NbGraderPreprocessor.preprocess(self, nb, resources)
            if self.add_missing_cells:
                nb, resources = self.add_missing_grade_cells(nb, resources)
                nb, resources = self.add_missing_task_cells(nb, resources)
        finally:
            self.gradebook.close()
        return nb, resources


class OverwriteKernelspec(_NbgraderOverwriteKernelspec):
    """nbgrader's OverwriteKernelspec: the released notebook's kernelspec replaces the student's."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        release = _Release(info["db_url"])
        try:
            kernelspec = release.kernelspec(info["notebook"], info["assignment"])
        finally:
            release.close()
        if kernelspec is not None:
            kernelspec = json.loads(kernelspec)
        if kernelspec:
            nb.metadata["kernelspec"] = kernelspec
        return nb, resources
