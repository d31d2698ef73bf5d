"""Bringing teachers' files into nbgrader's layout."""

from __future__ import annotations

import zipfile

from autograder import intake


def _nb(path, text="{}"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def test_flat_files_named_like_id_name_chapter_are_placed(tmp_path):
    inbox = tmp_path / "inbox"
    _nb(inbox / "2024001_张三_ch07.ipynb")
    _nb(inbox / "2024002 李四 ch07 (1).ipynb")
    out = tmp_path / "submitted"
    found = intake.collect(inbox, ["ch07"], out)
    assert found.problems == []
    assert found.names == {"2024001": ("张", "三"), "2024002": ("李", "四")}
    assert (out / "2024001" / "ch07" / "ch07.ipynb").is_file()
    # a file's time says when it was copied, not handed in: nobody is marked late
    assert not (out / "2024002" / "ch07" / "timestamp.txt").exists()


def test_unrecognised_file_names_are_reported_not_dropped_silently(tmp_path):
    inbox = tmp_path / "inbox"
    _nb(inbox / "作业.ipynb")
    found = intake.collect(inbox, ["ch07"], tmp_path / "out")
    assert found.names == {}
    assert any("作业.ipynb" in p and "文件名无法识别" in p for p in found.problems)


def test_other_chapters_are_left_alone(tmp_path):
    inbox = tmp_path / "inbox"
    _nb(inbox / "2024001_张三_ch05.ipynb")
    found = intake.collect(inbox, ["ch07"], tmp_path / "out")
    assert found.names == {} and found.problems == []
    assert not (tmp_path / "out").exists()


def test_zip_with_chinese_file_names_is_unpacked(tmp_path):
    archive = tmp_path / "第七章作业.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        info = zipfile.ZipInfo("作业/2024003_王五_ch07.ipynb", date_time=(2025, 7, 12, 10, 0, 0))
        zf.writestr(info, "{}")
    out = tmp_path / "out"
    found = intake.collect(archive, ["ch07"], out)
    assert found.names == {"2024003": ("王", "五")}
    assert (out / "2024003" / "ch07" / "ch07.ipynb").read_text("utf-8") == "{}"


def test_nbgrader_layout_keeps_its_timestamp(tmp_path):
    inbox = tmp_path / "inbox"
    _nb(inbox / "s1" / "ch07" / "ch07.ipynb")
    (inbox / "s1" / "ch07" / "timestamp.txt").write_text("2025-07-10 08:00:00.000000 UTC")
    out = tmp_path / "out"
    found = intake.collect(inbox, ["ch07"], out)
    assert "s1" in found.names
    assert (out / "s1" / "ch07" / "timestamp.txt").read_text() == "2025-07-10 08:00:00.000000 UTC"


def test_missing_folder_is_reported_in_chinese(tmp_path):
    found = intake.collect(tmp_path / "nowhere", ["ch07"], tmp_path / "out")
    assert found.problems and "找不到提交文件夹" in found.problems[0]
