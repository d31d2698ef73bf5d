"""Bringing teachers' files into nbgrader's layout."""

from __future__ import annotations

import os
import zipfile
from datetime import datetime

from autograder import intake
from autograder.coursedir import Course
from autograder.intake import notebook_problem
from autograder.roster import RosterEntry
from autograder.schedule import SHANGHAI

#: The committed course's due dates.
CALENDAR = Course.load().calendar

# ch05 is due 2025-05-04 23:59:59, ch07 2025-07-13 23:59:59 (Asia/Shanghai).
BEFORE_CH05 = datetime(2025, 5, 3, 10, 0, tzinfo=SHANGHAI)
AFTER_CH05 = datetime(2025, 5, 6, 2, 0, tzinfo=SHANGHAI)  # 26 hours late


def _collect(source, chapters, out, **kwargs) -> intake.Intake:
    return intake.collect(source, chapters, out, calendar=CALENDAR, **kwargs)


def _nb(path, text="{}", when: datetime | None = None):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    if when is not None:
        os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def _zip(path, entries):
    """A zip of (name, entry time, text) entries, in that order."""
    with zipfile.ZipFile(path, "w") as zf:
        for name, when, text in entries:
            zf.writestr(zipfile.ZipInfo(name, date_time=when.timetuple()[:6]), text)
    return path


def _gbk_zip(path, entries):
    """A zip whose entry names are GBK bytes without the UTF-8 flag, as Windows' own zip writes.

    zipfile always writes non-ASCII names as flagged UTF-8, so entries are written under
    ASCII stand-ins of the same length whose bytes are then swapped for the GBK name.
    """
    swaps = []
    with zipfile.ZipFile(path, "w") as zf:
        for index, (name, when, text) in enumerate(entries):
            raw = name.encode("gbk")
            stand_in = f"~{index}~".ljust(len(raw), "~").encode("ascii")
            zf.writestr(zipfile.ZipInfo(stand_in.decode(), date_time=when.timetuple()[:6]), text)
            swaps.append((stand_in, raw))
    data = path.read_bytes()
    for stand_in, raw in swaps:
        assert data.count(stand_in) == 2  # local header and central directory
        data = data.replace(stand_in, raw)
    path.write_bytes(data)
    return path


def _roster(*entries):
    return {student_id: RosterEntry(student_id, name, "电商1班") for student_id, name in entries}


def test_flat_files_named_like_id_name_chapter_are_placed(tmp_path):
    inbox = tmp_path / "inbox"
    _nb(inbox / "2024001_张三_ch07.ipynb")
    _nb(inbox / "2024002 李四 ch07 (1).ipynb")
    out = tmp_path / "submitted"
    found = _collect(inbox, ["ch07"], out)
    assert found.names == {"2024001": ("张", "三"), "2024002": ("李", "四")}
    assert (out / "2024001" / "ch07" / "ch07.ipynb").is_file()
    assert (out / "2024002" / "ch07" / "ch07.ipynb").is_file()
    assert found.unmatched == found.duplicates == found.skipped == []


def test_full_width_names_copies_and_upper_case_extensions_are_recognised(tmp_path):
    inbox = tmp_path / "inbox"
    for name in ("２０２４００１＿张三＿ｃｈ０５（１）.IPYNB", "2024002_李四_ch05 - 副本.ipynb",
                 "2024003-王五-ch05-copy.ipynb", "2024004 赵六 ch05（2）.ipynb",
                 "ch5_2024005_钱七.ipynb", "张　八 2024006 第五章作业.ipynb"):
        _nb(inbox / name, when=BEFORE_CH05)
    found = _collect(inbox, ["ch05"], tmp_path / "out")
    assert found.problems == []
    assert found.names == {"2024001": ("张", "三"), "2024002": ("李", "四"),
                           "2024003": ("王", "五"), "2024004": ("赵", "六"),
                           "2024005": ("钱", "七"), "2024006": ("张", "八")}


def test_a_folder_per_student_gives_the_student_id(tmp_path):
    inbox = tmp_path / "inbox"
    _nb(inbox / "2024级电商1班" / "2024001_张三" / "ch05.ipynb", when=BEFORE_CH05)
    _nb(inbox / "2024级电商1班" / "ch05.ipynb", when=BEFORE_CH05)
    found = _collect(inbox, ["ch05"], tmp_path / "out")
    assert found.names == {"2024001": ("张", "三")}
    assert found.problems == ["文件名无法识别（找不到学号；应为 学号_姓名_ch07.ipynb）："
                              "2024级电商1班/ch05.ipynb"]


def test_unrecognised_file_names_are_reported_not_dropped_silently(tmp_path):
    inbox = tmp_path / "inbox"
    _nb(inbox / "作业.ipynb")
    found = _collect(inbox, ["ch07"], tmp_path / "out")
    assert found.names == {}
    assert any("作业.ipynb" in p and "文件名无法识别" in p for p in found.problems)


def test_other_files_are_listed_and_system_junk_is_ignored(tmp_path):
    inbox = tmp_path / "inbox"
    _nb(inbox / "说明.docx")
    _nb(inbox / "全班.rar")
    _nb(inbox / ".DS_Store")
    _nb(inbox / "__MACOSX" / "._2024001_张三_ch07.ipynb")
    _nb(inbox / ".ipynb_checkpoints" / "2024001_张三_ch07-checkpoint.ipynb")
    found = _collect(inbox, ["ch07"], tmp_path / "out")
    assert sorted(found.problems) == ["不是 Jupyter 笔记本（.ipynb），已跳过：说明.docx",
                                      "压缩包格式无法直接读取，请解压后再导入（或改用 .zip）：全班.rar"]


def test_files_of_chapters_not_being_graded_are_listed_but_not_placed(tmp_path):
    inbox = tmp_path / "inbox"
    _nb(inbox / "2024001_张三_ch05.ipynb")
    found = _collect(inbox, ["ch07"], tmp_path / "out")
    assert found.names == {} and found.problems == []
    assert found.skipped == ["ch05 不在本次评分的章节中，跳过 1 个文件：2024001_张三_ch05.ipynb"]
    assert not (tmp_path / "out").exists()


def test_zip_with_chinese_file_names_is_unpacked(tmp_path):
    archive = tmp_path / "第七章作业.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        info = zipfile.ZipInfo("作业/2024003_王五_ch07.ipynb", date_time=(2025, 7, 12, 10, 0, 0))
        zf.writestr(info, "{}")
    out = tmp_path / "out"
    found = _collect(archive, ["ch07"], out)
    assert found.names == {"2024003": ("王", "五")}
    assert (out / "2024003" / "ch07" / "ch07.ipynb").read_text("utf-8") == "{}"


def test_zip_with_gbk_names_and_no_utf8_flag_is_read_with_the_right_names(tmp_path):
    archive = _gbk_zip(tmp_path / "第五章.zip",
                       [("第五章作业/2024001_张三_ch05.ipynb", BEFORE_CH05, '{"who": 1}'),
                        ("第五章作业/2024002_李四_ch05.ipynb", BEFORE_CH05, '{"who": 2}')])
    with zipfile.ZipFile(archive) as zf:  # the fixture really is what zipfile misreads
        assert all(not info.flag_bits & 0x800 for info in zf.infolist())
        assert "张三" not in zf.namelist()[0]
    out = tmp_path / "out"
    found = _collect(archive, ["ch05"], out)
    assert found.problems == []
    assert found.names == {"2024001": ("张", "三"), "2024002": ("李", "四")}
    assert (out / "2024002" / "ch05" / "ch05.ipynb").read_text("utf-8") == '{"who": 2}'
    assert found.placed[("2024001", "ch05")] == "第五章.zip/第五章作业/2024001_张三_ch05.ipynb"


def test_a_zip_inside_the_folder_is_opened(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _zip(inbox / "一班.zip", [("2024001_张三_ch05.ipynb", BEFORE_CH05, "{}")])
    found = _collect(inbox, ["ch05"], tmp_path / "out")
    assert found.placed == {("2024001", "ch05"): "一班.zip/2024001_张三_ch05.ipynb"}


def test_unknown_student_ids_are_listed_and_not_placed_when_a_roster_is_given(tmp_path):
    inbox = tmp_path / "inbox"
    _nb(inbox / "2024001_张叁_ch05.ipynb", when=BEFORE_CH05)
    _nb(inbox / "2024999_李四_ch05.ipynb", when=BEFORE_CH05)
    out = tmp_path / "out"
    roster = _roster(("2024001", "张三"), ("2024002", "李四"))
    found = _collect(inbox, ["ch05"], out, roster=roster)
    # names come from the roster, not from how the student spelled them
    assert found.names == {"2024001": ("张", "三")}
    assert not (out / "2024999").exists()
    assert len(found.unmatched) == 1
    assert "2024999" in found.unmatched[0] and "2024999_李四_ch05.ipynb" in found.unmatched[0]
    assert "2024002" in found.unmatched[0]  # the roster's 学号 for 李四 is suggested


def test_without_a_roster_every_student_id_is_accepted(tmp_path):
    inbox = tmp_path / "inbox"
    _nb(inbox / "2024999_李四_ch05.ipynb", when=BEFORE_CH05)
    for roster in (None, {}):
        found = _collect(inbox, ["ch05"], tmp_path / "out", roster=roster)
        assert set(found.names) == {"2024999"} and found.unmatched == []


def test_of_two_files_for_one_student_the_newest_by_file_time_wins(tmp_path):
    inbox = tmp_path / "inbox"
    # the older file comes later in name order, so order alone would pick it
    _nb(inbox / "2024001_张三_ch05.ipynb", '{"v": "new"}', when=BEFORE_CH05)
    _nb(inbox / "2024001_张三_ch05（1）.ipynb", '{"v": "old"}',
        when=datetime(2025, 5, 1, 9, 0, tzinfo=SHANGHAI))
    out = tmp_path / "out"
    found = _collect(inbox, ["ch05"], out)
    assert (out / "2024001" / "ch05" / "ch05.ipynb").read_text("utf-8") == '{"v": "new"}'
    assert found.duplicates == [
        "2024001 ch05 有 2 份提交，保留较新的「2024001_张三_ch05.ipynb」（2025-05-03 10:00），"
        "舍弃「2024001_张三_ch05（1）.ipynb」（2025-05-01 09:00）"]


def test_of_two_zip_entries_for_one_student_the_newest_by_entry_time_wins(tmp_path):
    archive = _zip(tmp_path / "ch05.zip", [
        ("2024001_张三_ch05.ipynb", BEFORE_CH05, '{"v": "new"}'),
        ("again/2024001_张三_ch05.ipynb", datetime(2025, 5, 1, 9, 0), '{"v": "old"}'),
        ("2024002_李四_ch05.ipynb", BEFORE_CH05, '{"v": "first"}'),
        ("2024002_李四_ch05 (1).ipynb", BEFORE_CH05, '{"v": "later"}'),  # same time
    ])
    out = tmp_path / "out"
    found = _collect(archive, ["ch05"], out)
    assert (out / "2024001" / "ch05" / "ch05.ipynb").read_text("utf-8") == '{"v": "new"}'
    # a tie goes to the file that comes later in the zip
    assert (out / "2024002" / "ch05" / "ch05.ipynb").read_text("utf-8") == '{"v": "later"}'
    assert len(found.duplicates) == 2
    assert "舍弃「ch05.zip/again/2024001_张三_ch05.ipynb」" in found.duplicates[0]
    assert "舍弃「ch05.zip/2024002_李四_ch05.ipynb」" in found.duplicates[1]


def test_a_late_file_gets_its_time_in_timestamp_txt_and_is_reported(tmp_path):
    archive = _zip(tmp_path / "ch05.zip", [
        ("2024001_张三_ch05.ipynb", BEFORE_CH05, "{}"),
        ("2024002_李四_ch05.ipynb", AFTER_CH05, "{}"),
    ])
    out = tmp_path / "out"
    found = _collect(archive, ["ch05"], out)
    # 2025-05-06 02:00 in Shanghai is 2025-05-05 18:00 UTC
    stamp = out / "2024002" / "ch05" / "timestamp.txt"
    assert stamp.read_text("utf-8") == "2025-05-05 18:00:00.000000 UTC"
    assert (out / "2024001" / "ch05" / "timestamp.txt").read_text("utf-8").startswith(
        "2025-05-03 02:00:00")
    assert found.late == ["2024002 ch05：迟交 26.0 小时（提交于 2025-05-06 02:00，"
                          "截止 2025-05-04 23:59）"]
    assert found.problems == []


def test_when_every_file_of_a_chapter_is_late_file_times_are_ignored_with_a_warning(tmp_path):
    inbox = tmp_path / "inbox"
    _nb(inbox / "2024001_张三_ch05.ipynb", when=AFTER_CH05)
    _nb(inbox / "2024002_李四_ch05.ipynb")  # copied today
    out = tmp_path / "out"
    found = _collect(inbox, ["ch05"], out)
    assert set(found.names) == {"2024001", "2024002"}
    assert not list(out.rglob("timestamp.txt"))
    assert found.late == []
    assert len(found.problems) == 1 and found.problems[0].startswith("ch05：全部 2 份作业的文件时间")
    assert "不按文件时间判断迟交" in found.problems[0]


def test_nbgrader_layout_keeps_its_timestamp(tmp_path):
    inbox = tmp_path / "inbox"
    _nb(inbox / "s1" / "ch07" / "ch07.ipynb")
    (inbox / "s1" / "ch07" / "timestamp.txt").write_text("2025-07-10 08:00:00.000000 UTC")
    out = tmp_path / "out"
    found = _collect(inbox, ["ch07"], out)
    assert "s1" in found.names
    assert (out / "s1" / "ch07" / "timestamp.txt").read_text() == "2025-07-10 08:00:00.000000 UTC"


def test_a_late_timestamp_txt_is_trusted_even_when_file_times_are_ignored(tmp_path):
    inbox = tmp_path / "inbox"
    _nb(inbox / "s1" / "ch05" / "ch05.ipynb")
    (inbox / "s1" / "ch05" / "timestamp.txt").write_text("2025-05-05 18:00:00.000000 UTC")
    _nb(inbox / "2024002_李四_ch05.ipynb")  # copied today: ch05's file times are ignored
    out = tmp_path / "out"
    found = _collect(inbox, ["ch05"], out)
    assert len(found.problems) == 1 and "不按文件时间判断迟交" in found.problems[0]
    assert (out / "s1" / "ch05" / "timestamp.txt").is_file()
    assert not (out / "2024002" / "ch05" / "timestamp.txt").exists()
    assert len(found.late) == 1 and found.late[0].startswith("s1 ch05：迟交 26.0 小时")


def test_missing_folder_is_reported_in_chinese(tmp_path):
    found = _collect(tmp_path / "nowhere", ["ch07"], tmp_path / "out")
    assert found.problems and "找不到提交文件夹" in found.problems[0]


def test_the_report_names_every_kind_of_message(tmp_path):
    inbox = tmp_path / "inbox"
    _nb(inbox / "2024001_张三_ch05.ipynb", when=BEFORE_CH05)
    _nb(inbox / "2024001_张三_ch05 (1).ipynb", when=AFTER_CH05)
    _nb(inbox / "2024999_某某_ch05.ipynb", when=BEFORE_CH05)
    _nb(inbox / "2024001_张三_ch06.ipynb")
    found = _collect(inbox, ["ch05"], tmp_path / "out", roster=_roster(("2024001", "张三")))
    report = found.report()
    assert report.startswith("收到 1 份作业（1 名学生）。")
    for title in ("未知学号", "重复提交", "迟交", "已跳过"):
        assert title in report
    assert len(found.lines()) == 4


# -- is it a notebook at all? ---------------------------------------------------------------

def test_missing_empty_and_broken_notebooks_get_a_chinese_reason(tmp_path):
    assert "没有找到" in notebook_problem(tmp_path / "ch07.ipynb")
    empty = tmp_path / "empty.ipynb"
    empty.write_text("   \n", "utf-8")
    assert notebook_problem(empty) == "提交的文件是空的（0 字节）"
    broken = tmp_path / "broken.ipynb"
    broken.write_text('{"cells": [', "utf-8")
    assert "不是有效的 .ipynb" in notebook_problem(broken)
    gbk = tmp_path / "gbk.ipynb"
    gbk.write_bytes("{\"单元格\": 1}".encode("gbk"))
    assert "不是有效的 .ipynb" in notebook_problem(gbk)
    other = tmp_path / "other.ipynb"
    other.write_text('{"name": "not a notebook"}', "utf-8")
    assert "缺少 cells" in notebook_problem(other)


def test_a_real_notebook_has_no_problem(root):
    assert notebook_problem(root / "release" / "ch07" / "ch07.ipynb") == ""
