"""nbgrader's SaveAutoGrades, with one gradebook query and one commit per notebook.

nbgrader's step looks every grade and comment up with its own query and commits
after each one: about 30 queries and 30 commits per chapter notebook, which made
the batch's single gradebook writer slower than the two processes running the
notebooks. This subclass runs nbgrader's own per-cell code (``_add_score``,
``_add_comment``: same scores, same ``needs_manual_grade``, same comments)
against the submission's grades and comments loaded once, and commits once, so
a notebook's grades are saved together or not at all.

:func:`open_gradebook` lets the batch's writer keep one gradebook open for all
its submissions (opening one inspects every table); outside a batch each step
opens and closes its own, as nbgrader's do.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from types import SimpleNamespace

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.preprocessors import SaveAutoGrades as _NbgraderSaveAutoGrades

_SHARED: dict[str, Gradebook] = {}


@contextlib.contextmanager
def shared_gradebook(db_url: str) -> Iterator[Gradebook]:
    """Keep one gradebook for ``db_url`` open while the block runs (the batch's writer)."""
    if db_url in _SHARED:
        yield _SHARED[db_url]
        return
    gradebook = _SHARED[db_url] = Gradebook(db_url)
    try:
        yield gradebook
    finally:
        del _SHARED[db_url]
        gradebook.close()


@contextlib.contextmanager
def open_gradebook(db_url: str) -> Iterator[Gradebook]:
    """The shared gradebook if the writer holds one, else a fresh one closed afterwards.

    The session is closed on the way out either way (after the caller's commit, or
    rolling back what it did not commit), so no transaction stays open between
    submissions.
    """
    shared = _SHARED.get(db_url)
    if shared is None:
        with Gradebook(db_url) as gradebook:
            yield gradebook
        return
    try:
        yield shared
    finally:
        shared.db.close()


class _Deferred:
    """A gradebook session whose ``commit`` only writes to the open transaction (and
    forgets what it loaded, so the next step reads scores as saved) and whose ``close``
    keeps it open: the steps run as they do alone, the caller commits once."""

    def __init__(self, session, forget: bool = True) -> None:
        self._session = session
        self._forget = forget

    def commit(self) -> None:
        self._session.flush()
        if self._forget:
            self._session.expire_all()

    def close(self) -> None:
        pass

    def __getattr__(self, name: str):
        return getattr(self._session, name)


@contextlib.contextmanager
def one_transaction(db_url: str, forget: bool = True) -> Iterator[Gradebook]:
    """Inside the block, every commit on the writer's shared gradebook (nbgrader's methods,
    the saving steps) is one transaction, committed at the end or rolled back on an error.

    One SQLite commit costs a journal write and a sync; a submission's saving steps made
    three, opening a class's submissions two per student. With ``forget`` (the saving
    steps, which read scores the database computes) each inner commit also forgets what
    was loaded; without it (creating submissions, which reads only the assignment's
    cells) what was loaded stays loaded for the next commit.
    """
    gradebook = _SHARED[db_url]
    session = gradebook.db
    gradebook.db = _Deferred(session, forget)
    try:
        yield gradebook
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        gradebook.db = session
        session.close()


def _comments_of(gradebook: Gradebook, submitted) -> dict:
    """A submitted notebook's comments by name, with their cells (their names) in one query."""
    from nbgrader.api import Comment
    from sqlalchemy.orm import selectinload

    return {comment.name: comment for comment in gradebook.db.query(Comment).filter(
        Comment.notebook_id == submitted.id).options(selectinload(Comment.cell))}


def notebook_comments(gradebook: Gradebook, notebook: str, assignment: str,
                      student: str) -> dict:
    """The comments of ``student``'s ``notebook`` by name (MissingEntry when not submitted)."""
    return _comments_of(gradebook, gradebook.find_submission_notebook(notebook, assignment,
                                                                      student))


class _OneNotebook:
    """The part of a Gradebook SaveAutoGrades uses, served from one submitted notebook."""

    def __init__(self, gradebook: Gradebook, notebook: str, assignment: str,
                 student: str) -> None:
        from nbgrader.api import Grade
        from sqlalchemy.orm import selectinload, undefer

        submitted = self.submitted = gradebook.find_submission_notebook(notebook, assignment,
                                                                        student)
        # A grade's and a comment's name is their cell's: the cells come in one query each,
        # not one query per grade (and a grade's points with it), as the collections would.
        query = gradebook.db.query
        self._grades = {grade.name: grade for grade in query(Grade).filter(
            Grade.notebook_id == submitted.id).options(selectinload(Grade.cell),
                                                       undefer(Grade.max_score))}
        self._comments = _comments_of(gradebook, submitted)
        self.db = SimpleNamespace(commit=lambda: None)  # the caller commits once

    @staticmethod
    def _find(found: dict, name: str, kind: str):
        try:
            return found[name]
        except KeyError:
            raise MissingEntry(f"no {kind} named {name!r} in this submission") from None

    def find_grade(self, grade_id: str, notebook: str, assignment: str, student: str):
        return self._find(self._grades, grade_id, "grade")

    def find_comment(self, grade_id: str, notebook: str, assignment: str, student: str):
        return self._find(self._comments, grade_id, "comment")


class SaveAutoGrades(_NbgraderSaveAutoGrades):
    """nbgrader's SaveAutoGrades: the same values, saved in one transaction."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        self.notebook_id = info["notebook"]
        self.assignment_id = info["assignment"]
        self.student_id = info["student"]
        self.db_url = info["db_url"]
        with open_gradebook(self.db_url) as gradebook:
            self.gradebook = _OneNotebook(gradebook, self.notebook_id, self.assignment_id,
                                          self.student_id)
            try:
                # nbconvert's cell loop, which calls nbgrader's preprocess_cell per cell.
                nb, resources = NbGraderPreprocessor.preprocess(self, nb, resources)
                gradebook.db.commit()
            finally:
                self.gradebook = None
        return nb, resources
