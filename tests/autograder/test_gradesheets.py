"""Grade sheets: rebuilt from the gradebook, per class, for 学习通, and safe in Excel."""

from __future__ import annotations

import csv
import os
import shutil
import sys

import openpyxl
import pytest
from nbgrader.api import Gradebook

from autograder import gradesheets, pipeline, roster
from autograder.coursedir import Course
from autograder.ledger import Ledger
from tests.factories import tiny_course

CONFIG = 'c.CourseDirectory.db_url = "sqlite:///" + str(Path(__file__).parent / "gb.db")'
ROSTER = ("学号,姓名,班级\n0012024001,张三,电商1班\n"
          "0012024003,\"=HYPERLINK(\"\"http://x.example/\"\",\"\"点我\"\")\",电商2班\n"
          "0012024004,@SUM(A1),电商2班\n")


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory):
    """A course whose gradebook has ch07 and ch08, a roster of two classes, some submissions."""
    course = tiny_course(tmp_path_factory.mktemp("course"), "from pathlib import Path", CONFIG,
                         "c.CourseCalendar.weights = {'ch08': 3}")
    with pytest.MonkeyPatch.context() as patch:  # nbgrader runs alembic from PATH
        patch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
        with Gradebook(course.db_url) as gradebook:
            gradebook.add_assignment("ch07")
            gradebook.add_assignment("ch08")
    names = course.root / "名单.csv"
    names.write_text(ROSTER, "utf-8")
    roster.import_roster(course, names)
    pipeline.register_students(course, {"2024002": ("李", "四\x07")})  # graded, not on the roster
    with Gradebook(course.db_url) as gradebook:
        gradebook.add_submission("ch07", "0012024001")
        gradebook.add_submission("ch07", "0012024004")
    ledger = Ledger(course.ledger_path)
    ledger.record("0012024004", "ch07", reason="提交的文件是空的（0 字节）", file="=cmd|' /C calc'!A0")
    ledger.save()
    return course.root


@pytest.fixture
def course(graded_course, tmp_path, monkeypatch):
    monkeypatch.delenv("KEFU_GRADEBOOK", raising=False)
    return Course.load(shutil.copytree(graded_course, tmp_path / "course"))


def _rows(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_every_chapter_of_the_gradebook_is_in_the_sheets_whatever_was_graded_last(course):
    paths = gradesheets.write_grades(course)
    book = openpyxl.load_workbook(paths.excel)
    assert book.sheetnames[:1] == ["成绩总表"] and {"ch07", "ch08", "汇总"} <= set(book.sheetnames)
    header = [c.value for c in book["成绩总表"][1]]
    assert header == ["学号", "姓名", "班级", "ch07", "ch08", "总分", "满分", "平时成绩"]
    summary = _rows(paths.csv)
    assert {row[3] for row in summary[1:]} == {"ch07", "ch08"}


def test_one_overview_per_class_and_the_lms_import_file(course):
    paths = gradesheets.write_grades(course)
    book = openpyxl.load_workbook(paths.excel)
    assert "成绩总表-电商1班" in book.sheetnames and "成绩总表-电商2班" in book.sheetnames
    ones = [row[0].value for row in book["成绩总表-电商1班"].iter_rows(min_row=2)]
    assert ones == ["0012024001"]
    lms = openpyxl.load_workbook(paths.lms).active
    assert [c.value for c in lms[1]] == ["学号", "姓名", "成绩"]
    assert lms["A2"].data_type == "s" and lms["A2"].number_format == "@"


def test_a_missing_chapter_says_so_and_counts_zero_in_the_weighted_grade(course):
    overview = gradesheets.build(course).overview.set_index("学号")
    assert overview.at["0012024001", "ch08"] == gradesheets.MISSING
    assert overview.at["0012024001", "ch07"] == 0.0


def test_formulas_in_names_and_file_names_stay_text(course):
    paths = gradesheets.write_grades(course)
    text = paths.csv.read_text("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM" in text and "'=cmd" in text
    for sheet in openpyxl.load_workbook(paths.excel).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def test_control_characters_never_reach_the_sheets_or_crash_them(course):
    paths = gradesheets.write_grades(course)
    assert "\x07" not in paths.csv.read_text("utf-8-sig")
    assert "李四\\x07" in paths.csv.read_text("utf-8-sig")


def test_a_reason_saved_with_the_submission_survives_later_exports(course):
    gradesheets.write_grades(course)
    summary = gradesheets.build(course).summary.set_index(["学号", "章节"])
    assert summary.at[("0012024004", "ch07"), "状态"] == "提交的文件是空的（0 字节）"
    assert summary.at[("0012024001", "ch07"), "状态"] == "评分完成"
    assert summary.at[("0012024003", "ch07"), "状态"] == gradesheets.MISSING


def test_student_ids_stay_text_in_excel(course):
    paths = gradesheets.write_grades(course)
    book = openpyxl.load_workbook(paths.excel)
    for sheet in ("成绩总表", "汇总"):
        cell = book[sheet]["A2"]
        assert (cell.value, cell.data_type, cell.number_format) == ("0012024001", "s", "@")


def test_without_a_roster_the_class_column_is_empty(course):
    course.roster_path.unlink()
    rows = _rows(gradesheets.write_grades(course).csv)
    mine = [row for row in rows[1:] if row[0] == "0012024001"]
    assert [row[:4] for row in mine] == [["0012024001", "张三", "", "ch07"],
                                          ["0012024001", "张三", "", "ch08"]]


def test_cell_text_neutralises_every_formula_start():
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert gradesheets.cell_text(text).startswith("'")
    assert gradesheets.cell_text("张三") == "张三"


def test_export_makes_the_sheets_and_the_report_side_by_side(course):
    """The report is made in a forked process while the sheets are written; both land."""
    for stale in (course.exports_dir / "report.html", course.exports_dir / "成绩总表.csv"):
        stale.unlink(missing_ok=True)
    sheets, report, problems = pipeline.export(course)
    assert problems == []
    assert report == course.exports_dir / "report.html" and report.is_file()
    assert "作业题目分析报告" in report.read_text("utf-8")
    assert sheets.csv.is_file() and "0012024001" in sheets.csv.read_text("utf-8-sig")


@pytest.mark.parametrize("how", ["raises", "dies"])
def test_a_report_that_fails_or_dies_is_a_chinese_problem_and_the_sheets_still_land(
        course, monkeypatch, how):
    from autograder import item_analysis

    def broken(*args, **kwargs):
        if how == "dies":
            os._exit(3)
        raise RuntimeError("坏了")

    monkeypatch.setattr(item_analysis, "build_report", broken)
    sheets, report, problems = pipeline.export(course)
    assert report is None and sheets.csv.is_file()
    assert len(problems) == 1 and problems[0].startswith("题目分析报告生成失败")
    assert ("意外退出（退出码 3）" if how == "dies" else "坏了") in problems[0]
