"""Importing the class roster (花名册) from the teacher's CSV or Excel file."""

from __future__ import annotations

import os
import shutil
import sys

import pytest
from nbgrader.api import Gradebook

from autograder import roster
from autograder.roster import RosterEntry, RosterError
from tests.factories import tiny_course


def _csv(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def _xlsx(path, *sheets):
    """A workbook of (sheet title, rows) sheets, the 学号 column formatted as text."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cell in sheet["A"]:
            cell.number_format = "@"
    book.save(path)
    return path


@pytest.fixture(scope="module")
def empty_gradebook(tmp_path_factory):
    """An empty gradebook file, made once: nbgrader runs ``alembic`` (seconds) to create one."""
    path = tmp_path_factory.mktemp("gradebook") / "gb.db"
    with pytest.MonkeyPatch.context() as patch:  # as nbgrader_config.py does
        patch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
        Gradebook("sqlite:///" + str(path)).close()
    return path


@pytest.fixture
def db_url(tmp_path, empty_gradebook):
    shutil.copy(empty_gradebook, tmp_path / "gb.db")
    return "sqlite:///" + str(tmp_path / "gb.db")


@pytest.fixture
def mini(tmp_path, db_url):
    """A course root in ``tmp_path`` whose gradebook is ``db_url``."""
    return tiny_course(tmp_path, f"c.CourseDirectory.db_url = {db_url!r}")


def _students(db_url):
    """学号 → (姓, 名) of every Student row; a duplicated row fails here."""
    with Gradebook(db_url) as gradebook:
        rows = [(s.id, (s.last_name, s.first_name)) for s in gradebook.students]
    assert len(rows) == len(dict(rows))
    return dict(rows)


def test_csv_in_utf8_with_and_without_bom_and_in_gbk_reads_the_same(tmp_path):
    text = "学号,姓名,班级\n0012024001,张三,电商1班\n2024002,李四,电商2班\n"
    expected = [RosterEntry("0012024001", "张三", "电商1班"),
                RosterEntry("2024002", "李四", "电商2班")]
    for encoding in ("utf-8", "utf-8-sig", "gbk"):
        path = _csv(tmp_path / f"{encoding}.csv", text, encoding)
        assert roster.read_roster(path) == expected, encoding


def test_header_variants_spaces_and_full_width_digits_are_normalised(tmp_path):
    path = _csv(tmp_path / "名单.csv",
                "2024级电商专业花名册,,\n学生学号 ,名字,行政班\n"
                " ２０２４００１ ,张　三 ,电商1班\n2024002,Li Lei,电商1班\n")
    assert roster.read_roster(path) == [RosterEntry("2024001", "张三", "电商1班"),
                                        RosterEntry("2024002", "Li Lei", "电商1班")]


def test_xlsx_keeps_leading_zeros_and_fills_merged_class_cells(tmp_path):
    import openpyxl

    path = tmp_path / "名单.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["学号", "姓名", "班级"])
    sheet.append(["0012024001", "张三", "电商1班"])  # typed as text
    sheet.append([12024002, "李四", None])  # a number shown as 0012024002
    sheet["A3"].number_format = "0000000000"
    sheet.merge_cells("C2:C3")
    book.save(path)
    assert roster.read_roster(path) == [RosterEntry("0012024001", "张三", "电商1班"),
                                        RosterEntry("0012024002", "李四", "电商1班")]


def test_import_writes_students_into_the_gradebook_and_saves_the_roster(tmp_path, db_url, mini):
    path = _xlsx(tmp_path / "名单.xlsx", ("花名册", [["学号", "姓名", "班级"],
                                                   ["2024001", "张三", "电商1班"],
                                                   ["2024002", "欧阳娜娜", "电商2班"]]))
    result = roster.import_roster(mini, path)
    assert (result.added, result.updated, result.unchanged) == (2, 0, 0)
    assert _students(db_url) == {"2024001": ("张", "三"), "2024002": ("欧", "阳娜娜")}
    saved = tmp_path / "autograder" / "roster.csv"
    assert saved.read_text("utf-8-sig").splitlines() == [
        "学号,姓名,班级", "2024001,张三,电商1班", "2024002,欧阳娜娜,电商2班"]
    assert saved.read_bytes().startswith(b"\xef\xbb\xbf")
    assert roster.load_saved_roster(mini)["2024002"] == RosterEntry("2024002", "欧阳娜娜",
                                                                        "电商2班")
    assert [p.name for p in saved.parent.iterdir()] == ["roster.csv"]  # no scratch file left
    assert "新增 2 名" in result.report()


def test_importing_again_updates_names_and_never_duplicates_students(tmp_path, db_url, mini):
    first = _csv(tmp_path / "a.csv", "学号,姓名,班级\n2024001,张三,电商1班\n2024002,李四,电商1班\n")
    roster.import_roster(mini, first)
    again = _csv(tmp_path / "b.csv", "学号,姓名,班级\n2024001,张叁,电商1班\n2024002,李四,电商1班\n"
                                     "2024003,王五,电商2班\n")
    result = roster.import_roster(mini, again)
    assert result.changes == ["2024001：姓名 张三 → 张叁"]
    assert "2024001：姓名 张三 → 张叁" in result.report()
    assert (result.added, result.updated, result.unchanged) == (1, 1, 1)
    assert _students(db_url) == {"2024001": ("张", "叁"), "2024002": ("李", "四"),
                                 "2024003": ("王", "五")}
    assert len(roster.load_saved_roster(mini)) == 3


def test_a_later_import_of_another_class_keeps_the_first_unless_replaced(tmp_path, db_url, mini):
    roster.import_roster(mini, _csv(tmp_path / "1班.csv", "学号,姓名\n2024001,张三\n"))
    two = _csv(tmp_path / "2班.csv", "学号,姓名\n2024101,李四\n")
    roster.import_roster(mini, two)
    assert set(roster.load_saved_roster(mini)) == {"2024001", "2024101"}
    roster.import_roster(mini, two, replace=True)
    assert set(roster.load_saved_roster(mini)) == {"2024101"}


def test_bad_rows_are_all_listed_with_excel_row_numbers_and_nothing_is_imported(tmp_path, db_url, mini):
    path = _csv(tmp_path / "名单.csv",
                "学号,姓名,班级\n2024001,张三,电商1班\n,李四,电商1班\n2024003,,电商1班\n"
                "2024#004,赵六,电商1班\n2.02401E+11,钱七,电商1班\n,,\n2024008,孙八,电商1班\n"
                "zhang.san,张三丰,电商1班\n")
    with pytest.raises(RosterError) as raised:
        roster.import_roster(mini, path)
    assert raised.value.lines == [
        "第 3 行：缺少学号（姓名：李四）",
        "第 4 行：缺少姓名（学号：2024003）",
        "第 5 行：学号「2024#004」只能包含字母、数字和 . _ -（以字母或数字开头）",
        "第 6 行：学号「2.02401E+11」只能包含字母、数字和 . _ -（以字母或数字开头）"
        "（看起来被 Excel 改成了科学计数法，请把学号列设为「文本」后重新填写）",
    ]
    assert "4 处问题，没有导入任何学生" in str(raised.value)
    assert isinstance(raised.value, ValueError)
    assert _students(db_url) == {}
    assert roster.load_saved_roster(mini) == {}


def test_a_duplicate_student_id_names_both_rows(tmp_path):
    path = _xlsx(tmp_path / "名单.xlsx", ("花名册", [["学号", "姓名"], ["2024001", "张三"],
                                                   ["2024002", "李四"], ["2024001", "张三丰"]]))
    with pytest.raises(RosterError) as raised:
        roster.read_roster(path)
    assert raised.value.lines == ["第 2、4 行：学号「2024001」重复（张三、张三丰）"]


def test_a_workbook_with_one_sheet_per_class_is_read_whole_and_names_sheets(tmp_path):
    path = _xlsx(tmp_path / "名单.xlsx",
                 ("说明", [["请按班级填写"]]),
                 ("1班", [["学号", "姓名"], ["2024001", "张三"], ["2024002", "李四"]]),
                 ("2班", [["学号", "姓名"], ["2024101", "王五"], ["2024002", "赵六"]]))
    with pytest.raises(RosterError) as raised:
        roster.read_roster(path)
    assert raised.value.lines == ["工作表「1班」第 3 行、工作表「2班」第 3 行：学号「2024002」重复（李四、赵六）"]


def test_a_bad_reimport_leaves_the_previous_roster_untouched(tmp_path, db_url, mini):
    roster.import_roster(mini, _csv(tmp_path / "a.csv", "学号,姓名\n2024001,张三\n"))
    with pytest.raises(RosterError):
        roster.import_roster(mini, _csv(tmp_path / "b.csv",
                                        "学号,姓名\n2024001,张叁\n2024001,张叁\n"))
    assert _students(db_url) == {"2024001": ("张", "三")}
    assert roster.load_saved_roster(mini)["2024001"].name == "张三"


@pytest.mark.parametrize(("text", "message"), [
    ("", "花名册是空的"),
    ("\n\n", "花名册是空的"),
    ("学号,姓名,班级\n", "没有学生"),
    ("学号,班级\n2024001,电商1班\n", "缺少「姓名」列"),
    ("编号,名称\n1,张三\n", "没有找到「学号」和「姓名」列"),
])
def test_empty_files_and_missing_columns_are_refused_in_chinese(tmp_path, text, message):
    with pytest.raises(RosterError, match=message):
        roster.read_roster(_csv(tmp_path / "名单.csv", text))


def test_old_excel_files_and_other_types_are_refused_in_chinese(tmp_path):
    for name, message in (("名单.xls", "另存为"), ("名单.docx", ".xlsx 或 .csv"),
                          ("没有.csv", "找不到花名册文件")):
        path = tmp_path / name
        if name != "没有.csv":
            path.write_bytes(b"\xd0\xcf\x11\xe0")
        with pytest.raises(RosterError, match=message):
            roster.read_roster(path)


def test_without_an_imported_roster_the_saved_roster_is_empty(tmp_path, mini):
    assert roster.load_saved_roster(mini) == {}
