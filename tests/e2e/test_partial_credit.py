"""Multi-select items earn partial credit, and stock nbgrader and the course's engine agree.

The test cell's last line (``checks.score_choices``) is the cell's result; nbgrader reads a
number there as the cell's score. The same simulated class is graded by stock
``nbgrader autograde`` (its own Execute, KEFU_EXECUTOR=stock) and by ``kefu grade``'s
engine: every cell's score must be equal, and some must be partial.
"""

from __future__ import annotations

import pytest

from autograder import pipeline
from bench.grading import _course, _nbgrader, scores

pytestmark = pytest.mark.slow
CHAPTERS = ["ch01"]
PARTIAL_ITEMS = {"test_roles", "test_standards"}


def test_partial_credit_is_the_same_in_stock_nbgrader_and_the_engine(course, tmp_path):
    stock = _course(course, tmp_path / "stock", 12, CHAPTERS)
    ours = _course(course, tmp_path / "ours", 12, CHAPTERS)
    with open(tmp_path / "stock.log", "wb") as log:
        _nbgrader(stock, "autograde", "ch01", log)
    pipeline.autograde_all(ours, CHAPTERS, None, progress=False, feedback=False, jobs=2)
    want, got = scores(stock, CHAPTERS), scores(ours, CHAPTERS)
    assert len(want) == 12 and got == want
    partial = {(student, name, score) for (student, _), (_, _, cells) in got.items()
               for name, score in cells if name in PARTIAL_ITEMS and score not in (0, 2)}
    assert partial, "the sample class should include a partly right multi-select answer"
