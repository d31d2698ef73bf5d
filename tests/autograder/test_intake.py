"""Bringing teachers' files into nbgrader's layout."""

from __future__ import annotations

import io
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
    assert found.placed[("2024001", "ch05")].label == "第五章.zip/第五章作业/2024001_张三_ch05.ipynb"


def test_a_zip_inside_the_folder_is_opened(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _zip(inbox / "一班.zip", [("2024001_张三_ch05.ipynb", BEFORE_CH05, "{}")])
    found = _collect(inbox, ["ch05"], tmp_path / "out")
    assert {k: p.label for k, p in found.placed.items()} == {
        ("2024001", "ch05"): "一班.zip/2024001_张三_ch05.ipynb"}


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


def test_file_times_never_make_anyone_late_unless_the_teacher_opts_in(tmp_path):
    archive = _zip(tmp_path / "ch05.zip", [
        ("2024001_张三_ch05.ipynb", BEFORE_CH05, "{}"),
        ("2024002_李四_ch05.ipynb", AFTER_CH05, "{}"),
    ])
    out = tmp_path / "out"
    found = _collect(archive, ["ch05"], out)
    assert not list(out.rglob("timestamp.txt")) and found.late == []
    late = found.placed[("2024002", "ch05")]
    assert (late.moment, late.source, late.file_time) == (None, "", AFTER_CH05)
    record = found.record()["received"]
    assert [r["文件时间"] for r in record] == [BEFORE_CH05.isoformat(), AFTER_CH05.isoformat()]


def test_a_teacher_who_opts_in_gets_file_times_in_timestamp_txt_and_the_late_list(tmp_path):
    archive = _zip(tmp_path / "ch05.zip", [
        ("2024001_张三_ch05.ipynb", BEFORE_CH05, "{}"),
        ("2024002_李四_ch05.ipynb", AFTER_CH05, "{}"),
    ])
    out = tmp_path / "out"
    found = _collect(archive, ["ch05"], out, file_times=True)
    # 2025-05-06 02:00 in Shanghai is 2025-05-05 18:00 UTC
    stamp = out / "2024002" / "ch05" / "timestamp.txt"
    assert stamp.read_text("utf-8") == "2025-05-05 18:00:00.000000 UTC"
    assert found.late == ["2024002 ch05：迟交 26.0 小时（提交于 2025-05-06 02:00，"
                          "截止 2025-05-04 23:59）"]
    assert found.placed[("2024002", "ch05")].source == "file"


def test_one_early_zip_entry_no_longer_makes_the_whole_class_late(tmp_path):
    """The old guess ("every file is late, so these are download times") flipped on one
    early entry; now only trusted times count."""
    archive = _zip(tmp_path / "ch05.zip", [
        ("2024001_张三_ch05.ipynb", BEFORE_CH05, "{}"),
        *[(f"20240{n:02d}_某_ch05.ipynb", AFTER_CH05, "{}") for n in range(2, 12)],
    ])
    found = _collect(archive, ["ch05"], tmp_path / "out")
    assert found.late == [] and len(found.placed) == 11


def test_times_from_the_lms_export_decide_lateness(tmp_path):
    inbox = tmp_path / "inbox"
    _nb(inbox / "2024001_张三_ch05.ipynb", when=AFTER_CH05)  # the file time says late
    _nb(inbox / "2024002_李四_ch05.ipynb", when=BEFORE_CH05)
    times = {("2024001", None): BEFORE_CH05, ("2024002", "ch05"): AFTER_CH05}
    out = tmp_path / "out"
    found = _collect(inbox, ["ch05"], out, times=times)
    assert [line.split("：")[0] for line in found.late] == ["2024002 ch05"]
    assert found.placed[("2024001", "ch05")].source == "lms"
    assert (out / "2024001" / "ch05" / "timestamp.txt").is_file()


def test_a_time_the_teacher_sets_for_one_student_wins(tmp_path):
    inbox = tmp_path / "inbox"
    _nb(inbox / "2024001_张三_ch05.ipynb")
    _nb(inbox / "2024002_李四_ch05.ipynb")
    found = _collect(inbox, ["ch05"], tmp_path / "out", only={"2024001"},
                     teacher_time=AFTER_CH05)
    assert set(found.placed) == {("2024001", "ch05")}
    assert found.placed[("2024001", "ch05")].source == "teacher" and len(found.late) == 1


def test_a_student_with_an_extension_is_late_only_after_it(tmp_path, course):
    calendar = course.with_course_dir().calendar
    calendar.extensions = {"ch05": {"2024002": "2025-05-10 23:59:59"}}
    inbox = tmp_path / "inbox"
    _nb(inbox / "2024001_张三_ch05.ipynb", when=AFTER_CH05)
    _nb(inbox / "2024002_李四_ch05.ipynb", when=AFTER_CH05)
    found = intake.collect(inbox, ["ch05"], tmp_path / "out", calendar=calendar,
                           file_times=True)
    assert [line.split("：")[0] for line in found.late] == ["2024001 ch05"]


def test_nbgrader_layout_keeps_its_timestamp(tmp_path):
    inbox = tmp_path / "inbox"
    _nb(inbox / "s1" / "ch07" / "ch07.ipynb")
    (inbox / "s1" / "ch07" / "timestamp.txt").write_text("2025-07-10 08:00:00.000000 UTC")
    out = tmp_path / "out"
    found = _collect(inbox, ["ch07"], out)
    assert "s1" in found.names
    assert (out / "s1" / "ch07" / "timestamp.txt").read_text() == "2025-07-10 08:00:00.000000 UTC"


def test_the_exchange_timestamp_is_trusted_and_any_nbgrader_user_name_works(tmp_path):
    inbox = tmp_path / "inbox"
    for user in ("zhang.san", "stu-01", "s_01"):
        _nb(inbox / user / "ch05" / "ch05.ipynb")
        (inbox / user / "ch05" / "timestamp.txt").write_text("2025-05-05 18:00:00.000000 UTC")
    _nb(inbox / "2024002_李四_ch05.ipynb")
    out = tmp_path / "out"
    found = _collect(inbox, ["ch05"], out)
    assert set(found.names) == {"zhang.san", "stu-01", "s_01", "2024002"}
    assert found.problems == []
    assert (out / "zhang.san" / "ch05" / "timestamp.txt").is_file()
    assert not (out / "2024002" / "ch05" / "timestamp.txt").exists()
    assert len(found.late) == 3 and found.late[0].endswith("截止 2025-05-04 23:59）")
    assert found.placed[("stu-01", "ch05")].source == "exchange"


def test_missing_folder_is_reported_in_chinese(tmp_path):
    found = _collect(tmp_path / "nowhere", ["ch07"], tmp_path / "out")
    assert found.problems and "找不到提交文件夹" in found.problems[0]


def test_the_report_names_every_kind_of_message(tmp_path):
    inbox = tmp_path / "inbox"
    _nb(inbox / "2024001_张三_ch05.ipynb", when=BEFORE_CH05)
    _nb(inbox / "2024001_张三_ch05 (1).ipynb", when=AFTER_CH05)
    _nb(inbox / "2024999_某某_ch05.ipynb", when=BEFORE_CH05)
    _nb(inbox / "2024001_张三_ch06.ipynb")
    found = _collect(inbox, ["ch05"], tmp_path / "out", roster=_roster(("2024001", "张三")),
                     file_times=True)
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


# -- what a hostile student can put in a folder or zip ----------------------------------------

def test_links_in_a_folder_are_reported_and_never_followed(tmp_path, root):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "2024001_张三_ch07.ipynb").symlink_to(root / "source" / "ch07" / "ch07.ipynb")
    (inbox / "其他").symlink_to(root / "source", target_is_directory=True)
    _nb(inbox / "2024002_李四_ch07.ipynb")
    out = tmp_path / "out"
    found = _collect(inbox, ["ch07"], out)
    assert set(found.names) == {"2024002"} and not (out / "2024001").exists()
    assert sum("符号链接" in line for line in found.problems) == 2


def test_links_inside_a_zip_are_reported_and_never_read(tmp_path):
    archive = tmp_path / "ch07.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        link = zipfile.ZipInfo("2024001_张三_ch07.ipynb")
        link.external_attr = (0o120777 << 16)
        zf.writestr(link, "../../source/ch07/ch07.ipynb")
        zf.writestr("2024002_李四_ch07.ipynb", "{}")
    found = _collect(archive, ["ch07"], tmp_path / "out")
    assert set(found.names) == {"2024002"}
    assert any("符号链接" in line for line in found.problems)


def test_nested_zips_stop_at_the_depth_and_size_limits_with_a_reason(tmp_path, monkeypatch):
    def wrap(name, inner_name, data):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(inner_name, data)
        return name, buffer.getvalue()

    name, data = wrap("d4.zip", "2024009_深_ch07.ipynb", "{}")
    for depth in (3, 2, 1):
        name, data = wrap(f"d{depth}.zip", name, data)
    (tmp_path / "deep.zip").write_bytes(data)
    found = _collect(tmp_path / "deep.zip", ["ch07"], tmp_path / "out")
    assert found.placed == {} and any("嵌套太深" in line for line in found.problems)

    monkeypatch.setattr(intake, "_MAX_TOTAL", 3 * 2**20)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        for n in range(6):
            zf.writestr(*wrap(f"part{n}.zip", f"202401{n}_某_ch07.ipynb", b"{}" + b" " * 2**20))
    assert bomb.stat().st_size < 100_000  # a small file that grows when expanded
    found = _collect(bomb, ["ch07"], tmp_path / "out2")
    assert any("超过" in line or "太大" in line for line in found.problems)
    assert len(found.placed) < 6


def test_a_file_named_for_another_student_inside_a_students_zip_is_a_conflict(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _zip(inbox / "2024001_张三.zip", [("2024002_李四_ch05.ipynb", AFTER_CH05, '{"by": "A"}'),
                                       ("2024001_张三_ch05.ipynb", BEFORE_CH05, '{"by": "A"}')])
    _nb(inbox / "2024002_李四" / "2024002_李四_ch05.ipynb", text='{"by": "B"}', when=BEFORE_CH05)
    out = tmp_path / "out"
    roster = _roster(("2024001", "张三"), ("2024002", "李四"))
    found = _collect(inbox, ["ch05"], out, roster=roster)
    assert (out / "2024002" / "ch05" / "ch05.ipynb").read_text("utf-8") == '{"by": "B"}'
    assert len(found.conflicts) == 1 and "2024001" in found.conflicts[0]
    assert "2024002" in found.conflicts[0] and "学号冲突" in found.report()


def test_control_characters_in_file_names_are_shown_as_codes_and_kept_out_of_names(tmp_path):
    inbox = tmp_path / "inbox"
    _nb(inbox / "2024001_张三\x07\x1b[31m_ch05.ipynb")
    _nb(inbox / "2024002_<b>李四</b>_ch05.ipynb")
    found = _collect(inbox, ["ch05"], tmp_path / "out")
    label = found.placed[("2024001", "ch05")].label
    assert "\x07" not in label and "\\x07" in label and "\x1b" not in label
    assert found.names["2024001"] == ("张", "三")
    assert "<" not in "".join(found.names["2024002"])


def test_roster_students_without_a_file_are_listed_as_missing(tmp_path):
    inbox = tmp_path / "inbox"
    _nb(inbox / "2024001_张三_ch05.ipynb")
    found = _collect(inbox, ["ch05"], tmp_path / "out",
                     roster=_roster(("2024001", "张三"), ("2024002", "李四")))
    assert found.missing == {"ch05": ["2024002"]}
    assert found.missing_report({"2024002": "李四"}) == "未提交 ch05（1 人）：2024002 李四"
