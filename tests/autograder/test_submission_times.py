"""Submission times from an LMS export: the only student times that may make someone late."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest

from autograder.schedule import SHANGHAI
from autograder.submission_times import TimesError, parse_time, read_times


def _csv(path, text):
    path.write_text(text, "utf-8-sig")
    return path


@pytest.mark.parametrize("text", ["2025-07-13 21:05", "2025/7/13 21:05:00", "2025.07.13 21:05",
                                  "2025年7月13日 21:05", " 2025-07-13  21:05:00 "])
def test_the_time_formats_lms_exports_use_are_read_as_beijing_time(text):
    assert parse_time(text) == datetime(2025, 7, 13, 21, 5, tzinfo=SHANGHAI)


def test_a_csv_export_gives_each_student_a_time(tmp_path):
    path = _csv(tmp_path / "提交记录.csv", "学号,姓名,提交时间\n0024001,张三,2025-07-13 21:05\n"
                                        "0024002,李四,\n")
    assert read_times(path) == {("0024001", None): datetime(2025, 7, 13, 21, 5, tzinfo=SHANGHAI)}


def test_an_excel_export_with_a_chapter_column_and_real_dates(tmp_path):
    path = tmp_path / "提交记录.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["学生学号", "作业名称", "最后提交时间"])
    sheet.append(["0024001", "第七章 作业", datetime(2025, 7, 14, 9, 30)])
    sheet.append(["0024001", "ch08", "2025-07-28 10:00"])
    book.save(path)
    assert read_times(path) == {
        ("0024001", "ch07"): datetime(2025, 7, 14, 9, 30, tzinfo=SHANGHAI),
        ("0024001", "ch08"): datetime(2025, 7, 28, 10, 0, tzinfo=SHANGHAI)}


def test_bad_rows_are_listed_in_chinese(tmp_path):
    path = _csv(tmp_path / "x.csv", "学号,提交时间\n0024001,昨天晚上\n")
    with pytest.raises(TimesError, match="第 2 行：提交时间「昨天晚上」无法识别"):
        read_times(path)
    with pytest.raises(TimesError, match="没有找到"):
        read_times(_csv(tmp_path / "y.csv", "编号,时间\n1,2\n"))
    with pytest.raises(TimesError, match="找不到提交记录文件"):
        read_times(tmp_path / "none.csv")
