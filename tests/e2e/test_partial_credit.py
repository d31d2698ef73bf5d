"""Multi-select items earn partial credit, and stock nbgrader and the course's engine agree.

The test cell's last line (``checks.score_choices``) is the cell's result; nbgrader reads a
number there as the cell's score. The same simulated class is graded by stock
``nbgrader autograde`` (its own Execute, KEFU_EXECUTOR=stock) and by ``kefu grade``'s
engine: every cell's score must be equal, and some must be partial.
"""

from __future__ import annotations

import json

import pytest

from autograder import pipeline
from bench.grading import _course, _nbgrader, scores

pytestmark = pytest.mark.slow
#: ch01: multi-select (score_choices); ch04: per-buyer classification and per-value items
#: (score_each), reception gaps (score_choices).
CHAPTERS = ["ch01", "ch04"]
PARTIAL_ITEMS = {"ch01": {"test_roles", "test_standards"},
                 "ch04": {"test_customer_types", "test_reception_gaps", "test_invalid_plans",
                          "test_coupon_range"}}


def test_partial_credit_is_the_same_in_stock_nbgrader_and_the_engine(course, tmp_path):
    stock = _course(course, tmp_path / "stock", 12, CHAPTERS)
    ours = _course(course, tmp_path / "ours", 12, CHAPTERS)
    with open(tmp_path / "stock.log", "wb") as log:
        for chapter in CHAPTERS:
            _nbgrader(stock, "autograde", chapter, log)
    pipeline.autograde_all(ours, CHAPTERS, None, progress=False, feedback=False, jobs=2)
    want, got = scores(stock, CHAPTERS), scores(ours, CHAPTERS)
    assert len(want) == 12 * len(CHAPTERS) and got == want
    for chapter in CHAPTERS:
        notebook = json.loads(course.source_notebook(chapter).read_text("utf-8"))
        points = {c["metadata"]["nbgrader"]["grade_id"]: c["metadata"]["nbgrader"].get("points", 0)
                  for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("grade")}
        partial = {(student, name, score) for (student, ch), (_, _, cells) in got.items() if ch == chapter
                   for name, score in cells if name in PARTIAL_ITEMS[chapter] and 0 < score < points[name]}
        assert partial, f"{chapter}: the sample class should include a partly right answer"
