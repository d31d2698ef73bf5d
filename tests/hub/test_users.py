"""kefu hub users: accounts from the roster, a printable password sheet, nothing from bad rows."""

from __future__ import annotations

import os

import openpyxl
import pytest

from kefu import cli
from kefu.hub.accounts import AccountStore


def _roster(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["学号", "姓名", "班级"])
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:  # text typed in Excel that looks like a formula stays text
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    book.save(path)
    return path


GOOD = [("2024001", "张三", "电商1班"), ("2024002", "=HYPERLINK(\"http://x\",\"点我\")", "电商1班"),
        ("S2024003", "李四", "电商2班")]


def _users(tmp_path, roster, *extra):
    return cli.main(["hub", "users", str(roster), "--accounts", str(tmp_path / "accounts.sqlite"),
                     "--no-system-users", "--out", str(tmp_path / "sheet.xlsx"), *extra])


def _sheet_rows(path):
    book = openpyxl.load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
            for ws in book.worksheets}


def test_does_a_roster_become_accounts_with_a_printable_sheet(tmp_path, capsys):
    roster = _roster(tmp_path / "花名册.xlsx", GOOD)
    assert _users(tmp_path, roster, "--teacher", "wang.laoshi", "--ta", "ta01") == 0
    out = capsys.readouterr().out
    assert "新建 5 个" in out and "初始密码表" in out
    sheet = tmp_path / "sheet.xlsx"
    assert os.stat(sheet).st_mode & 0o077 == 0
    tables = _sheet_rows(sheet)
    assert set(tables) == {"电商1班", "电商2班", "教师和助教"}
    store = AccountStore(tmp_path / "accounts.sqlite")
    for rows in tables.values():
        for _class, student_id, _name, _role, password in rows:
            result = store.check_login(student_id, password)
            assert result.status == "must_change", (student_id, result)
    # the formula a roster cell held is text in the sheet, and the names keep their spelling
    names = [row[2] for row in tables["电商1班"]]
    assert "'=HYPERLINK(http://x,点我)" in names
    account = store.get("s2024003")
    assert account.student_id == "S2024003" and account.unix_user == "kfs2024003"
    assert {a.username: a.role for a in store.all()}["wang.laoshi"] == "teacher"
    assert store.get("ta01").group == "tas"


def test_does_running_again_keep_passwords(tmp_path, capsys):
    roster = _roster(tmp_path / "花名册.xlsx", GOOD)
    assert _users(tmp_path, roster) == 0
    first = _sheet_rows(tmp_path / "sheet.xlsx")
    (tmp_path / "sheet.xlsx").unlink()
    capsys.readouterr()
    assert _users(tmp_path, roster) == 0
    assert "未变 3 个" in capsys.readouterr().out
    assert not (tmp_path / "sheet.xlsx").exists()
    store = AccountStore(tmp_path / "accounts.sqlite")
    row = first["电商1班"][0]
    assert store.check_login(row[1], row[4]).status == "must_change"


def test_does_reset_issue_a_new_initial_password(tmp_path, capsys):
    roster = _roster(tmp_path / "花名册.xlsx", GOOD)
    assert _users(tmp_path, roster) == 0
    old = _sheet_rows(tmp_path / "sheet.xlsx")["电商1班"][0][4]
    assert _users(tmp_path, roster, "--reset", "2024001") == 0
    assert "重设密码 1 个" in capsys.readouterr().out
    rows = _sheet_rows(tmp_path / "sheet.xlsx")
    assert list(rows) == ["电商1班"] and len(rows["电商1班"]) == 1
    store = AccountStore(tmp_path / "accounts.sqlite")
    assert store.check_login("2024001", old).status == "wrong"
    assert store.check_login("2024001", rows["电商1班"][0][4]).status == "must_change"


@pytest.mark.parametrize("rows, reason", [
    ([("2024001", "张三", "1班"), ("../../etc/x", "坏", "1班")], "第 3 行"),
    ([("A001", "张三", "1班"), ("a001", "李四", "1班")], "重复"),
    ([("2024001", "张三", "1班"), ("2024001", "李四", "1班")], "2024001"),
    ([("2024001;rm -rf /", "张三", "1班")], "第 2 行"),
])
def test_does_a_hostile_roster_create_nothing(tmp_path, capsys, rows, reason):
    roster = _roster(tmp_path / "花名册.xlsx", rows)
    assert _users(tmp_path, roster) == 2
    err = capsys.readouterr().err
    assert reason in err and "错误" in err and "Traceback" not in err
    assert AccountStore(tmp_path / "accounts.sqlite").all() == []
    assert not (tmp_path / "sheet.xlsx").exists()


@pytest.mark.parametrize("name", ["../x", "王老师", "a b", "-rf"])
def test_is_a_hostile_staff_name_refused_in_chinese(tmp_path, capsys, name):
    roster = _roster(tmp_path / "花名册.xlsx", GOOD)
    assert _users(tmp_path, roster, f"--teacher={name}") == 2
    assert "教师的用户名不能用" in capsys.readouterr().err
    assert AccountStore(tmp_path / "accounts.sqlite").all() == []


def test_does_a_staff_name_that_is_a_student_clash(tmp_path, capsys):
    roster = _roster(tmp_path / "花名册.xlsx", GOOD)
    assert _users(tmp_path, roster, "--ta", "S2024003") == 2
    assert "同一个用户名" in capsys.readouterr().err
