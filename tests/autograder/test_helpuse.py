"""The help a submission reports (checks, hints, solutions) reaches the teacher's sheet safely."""

from __future__ import annotations

import json

from autograder import gradesheets, helpuse
from course.coach import META
from tests.autograder.test_gradesheets import _rows, course, graded_course  # noqa: F401 - fixtures


def _output(item, **tally):
    return {"output_type": "display_data", "data": {"text/plain": "x"},
            "metadata": {META: {"item": item, "tally": tally}}}


def _notebook(*outputs):
    return {"cells": [{"cell_type": "code", "source": "练习3.check()", "outputs": list(outputs)}]}


def test_the_highest_tally_per_exercise_is_kept():
    nb = _notebook(_output("ch07.q3", checks=2, right=0, hints=1, solution=False),
                   _output("ch07.q3", checks=5, right=1, hints=2, solution=False),
                   _output("ch07.q4", checks=1, right=1, hints=0, solution=True))
    assert helpuse.tallies(nb, "ch07") == {
        "ch07.q3": {"checks": 5, "right": 1, "hints": 2, "solution": False},
        "ch07.q4": {"checks": 1, "right": 1, "hints": 0, "solution": True}}


def test_what_a_student_wrote_into_the_metadata_cannot_break_or_inflate_anything():
    nb = _notebook(_output("ch07.q3", checks=10**12, right="5", hints=True, solution="yes"),
                   _output("ch05.q1", checks=3),                     # another chapter
                   _output("<script>alert(1)</script>", checks=3),    # not an item
                   {"output_type": "stream", "metadata": {META: "x"}},
                   {"metadata": {META: {"item": "ch07.q2", "tally": [1, 2]}}},
                   "not an output")
    assert helpuse.tallies(nb, "ch07") == {"ch07.q3": {"checks": 0, "right": 0, "hints": 0, "solution": False}}
    assert helpuse.tallies({"cells": "nope"}, "ch07") == {}
    assert helpuse.tallies([], "ch07") == {}


def test_the_summary_is_chinese_and_empty_without_help(tmp_path):
    path = tmp_path / "ch07.ipynb"
    path.write_text(json.dumps(_notebook(_output("ch07.q3", checks=4, right=1, hints=2, solution=False),
                                         _output("ch07.q5", checks=1, right=0, hints=0, solution=True))),
                    "utf-8")
    assert helpuse.summary(path, "ch07") == "检查 5 次（1 题已做对），看提示 1 题，看答案 1 题"
    path.write_text(json.dumps(_notebook()), "utf-8")
    assert helpuse.summary(path, "ch07") == ""
    path.write_text("{broken", "utf-8")
    assert helpuse.summary(path, "ch07") == ""
    assert helpuse.summary(tmp_path / "missing.ipynb", "ch07") == ""


def test_the_grade_sheet_shows_the_help_a_submission_reports(course):  # noqa: F811 - fixture
    folder = course.submission_dir("0012024001", "ch07")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ch07.ipynb").write_text(json.dumps(_notebook(
        _output("ch07.q3", checks=3, right=1, hints=2, solution=False))), "utf-8")
    rows = _rows(gradesheets.write_grades(course).csv)
    header = rows[0]
    column = header.index("练习帮助（笔记本自报）")
    mine = next(r for r in rows if r[0] == "0012024001" and r[header.index("章节")] == "ch07")
    assert mine[column] == "检查 3 次（1 题已做对），看提示 1 题"
    others = [r[column] for r in rows[1:] if r[0] != "0012024001"]
    assert others and set(others) == {""}
