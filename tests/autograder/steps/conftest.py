"""A gradebook that knows one tiny assignment, made the way ``generate_assignment`` makes it."""

from __future__ import annotations

import os
import shutil
import sys

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.preprocessors import ComputeChecksums, SaveCells

from tests.factories import code_cell, grade_cell, notebook, solution_cell, written_cell

#: The tiny assignment "hw" (one notebook "hw"): an answer, its test, a written answer.
SOURCE = notebook(
    code_cell("import math"),
    solution_cell("answer_x", "x = 1"),
    grade_cell("test_x", "assert x == 1", points=2),
    written_cell("written_plan", "参考答案", points=3),
)


@pytest.fixture(scope="session")
def _template(tmp_path_factory):
    path = tmp_path_factory.mktemp("gradebook") / "gb.db"
    db_url = f"sqlite:///{path}"
    with pytest.MonkeyPatch.context() as patch:  # nbgrader runs alembic from PATH
        patch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
        with Gradebook(db_url) as gradebook:
            gradebook.add_assignment("hw")
    resources = {"nbgrader": {"db_url": db_url, "assignment": "hw", "notebook": "hw"}}
    nb = nbformat.from_dict(SOURCE)
    nb, resources = ComputeChecksums()(nb, resources)
    SaveCells()(nb, resources)
    return path


@pytest.fixture
def gradebook_url(_template, tmp_path) -> str:
    """A fresh copy of the gradebook of assignment "hw"."""
    shutil.copy(_template, tmp_path / "gb.db")
    return f"sqlite:///{tmp_path / 'gb.db'}"


@pytest.fixture
def resources(gradebook_url) -> dict:
    """What nbgrader hands each step while grading student "s1"'s "hw"."""
    return {"nbgrader": {"db_url": gradebook_url, "assignment": "hw", "notebook": "hw",
                         "student": "s1"}}
