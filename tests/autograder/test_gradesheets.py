"""Grade sheets: the 班级 column from the roster, and 学号 kept as text."""

from __future__ import annotations

import os
import shutil
import sys

import openpyxl
import pytest
from nbgrader.api import Gradebook

from autograder import gradesheets, pipeline, roster
from autograder.coursedir import Course
from tests.factories import tiny_course

CONFIG = 'c.CourseDirectory.db_url = "sqlite:///" + str(Path(__file__).parent / "gb.db")'


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory):
    """A course root whose gradebook has ch07, a roster of one class and one submission."""
    course = tiny_course(tmp_path_factory.mktemp("course"), "from pathlib import Path", CONFIG)
    with pytest.MonkeyPatch.context() as patch:  # nbgrader runs alembic from PATH
        patch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
        with Gradebook(course.db_url) as gradebook:
            gradebook.add_assignment("ch07")
    names = course.root / "名单.csv"
    names.write_text("学号,姓名,班级\n0012024001,张三,电商1班\n", "utf-8")
    roster.import_roster(course, names)
    pipeline.register_students(course, {"2024002": ("李", "四")})  # graded, not on the roster
    with Gradebook(course.db_url) as gradebook:
        gradebook.add_submission("ch07", "0012024001")
    return course.root


@pytest.fixture
def course(graded_course, tmp_path, monkeypatch):
    monkeypatch.delenv("KEFU_GRADEBOOK", raising=False)
    return Course.load(shutil.copytree(graded_course, tmp_path / "course"))


def test_grade_sheets_have_the_class_after_the_name(course):
    csv_path, excel_path = gradesheets.write_grades(course, ["ch07"], [],
                                                students=["0012024001", "2024002"])
    lines = csv_path.read_text("utf-8-sig").splitlines()
    assert lines[0].split(",")[:4] == ["学号", "姓名", "班级", "章节"]
    assert lines[1].startswith("0012024001,张三,电商1班,ch07,")
    assert lines[2].startswith("2024002,李四,,ch07,") and lines[2].endswith(",未提交")
    book = openpyxl.load_workbook(excel_path)
    assert [c.value for c in book["汇总"][1][:3]] == ["学号", "姓名", "班级"]
    assert [c.value for c in book["ch07"][1][:3]] == ["学号", "姓名", "班级"]
    assert [c.value for c in book["ch07"][2][:3]] == ["0012024001", "张三", "电商1班"]


def test_student_ids_stay_text_in_excel(course):
    _, excel_path = gradesheets.write_grades(course, ["ch07"], [], students=["0012024001"])
    book = openpyxl.load_workbook(excel_path)
    for sheet in ("汇总", "ch07"):
        cell = book[sheet]["A2"]
        assert (cell.value, cell.data_type, cell.number_format) == ("0012024001", "s", "@")


def test_without_a_roster_the_class_column_is_empty(course):
    course.roster_path.unlink()
    csv_path, _ = gradesheets.write_grades(course, ["ch07"], [], students=["0012024001"])
    assert csv_path.read_text("utf-8-sig").splitlines()[1].startswith("0012024001,张三,,ch07,")
