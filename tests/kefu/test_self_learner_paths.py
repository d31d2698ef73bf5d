"""Every path a self-learner can take through kefu check / progress: Chinese, right exit code,
never a traceback (issue 21). Both editions: the repository's ``kefu`` and the student
edition's (``kefu.student``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from autograder import selfcheck
from kefu import cli, student


@pytest.fixture
def here(course_copy, monkeypatch):
    """A fresh clone's course folder, where ``kefu lab`` has not run yet (no workspace)."""
    monkeypatch.chdir(course_copy.root)
    monkeypatch.setenv("KEFU_COURSE", str(course_copy.root))
    monkeypatch.delenv("KEFU_WORKSPACE", raising=False)
    assert not course_copy.workspace_dir.exists()
    return course_copy


def _run(main, argv, capsys) -> tuple[int, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    text = out + err
    assert "Traceback" not in text and 'File "' not in text
    return code, text


def _write(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data if isinstance(data, str) else json.dumps(data), "utf-8")
    return path


def _release(course, chapter: str) -> dict:
    return json.loads(course.release_notebook(chapter).read_text("utf-8"))


CASES = {
    "missing file": (lambda c, t: t / "nope.ipynb", 2, "找不到笔记本"),
    "a folder": (lambda c, t: t, 2, "是一个文件夹"),
    "empty file": (lambda c, t: _write(t / "empty.ipynb", b""), 2, "空文件"),
    "broken json": (lambda c, t: _write(t / "broken.ipynb", b'{"cells": [}'), 2, "不是有效的"),
    "json that is no notebook": (lambda c, t: _write(t / "x.ipynb", {"a": 1}), 2, "没有单元格"),
    "a new notebook": (lambda c, t: _write(t / "new.ipynb", {"cells": [], "metadata": {}}), 2,
                       "没有任何作业题"),
    "another chapter's notebook": (lambda c, t: _write(t / "ch05.ipynb", _release(c, "ch05")), 2,
                                   "是 ch05 的作业，不是 ch01 的"),
    "every answer still a stub": (lambda c, t: _write(t / "ch01.ipynb", _release(c, "ch01")), 0,
                                  "还没有开始作答"),
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("edition", ["repository", "student"])
def test_a_file_the_check_cannot_use_gets_a_chinese_reason(case, edition, here, tmp_path,
                                                          capsys, monkeypatch):
    make, want_code, want_text = CASES[case]
    path = make(here, tmp_path)
    if edition == "student":
        monkeypatch.setattr(student, "release_dir", lambda: here.release_dir)
        code, text = _run(student.main, ["check", "ch01", str(path)], capsys)
    else:
        code, text = _run(cli.main, ["check", "ch01", str(path)], capsys)
    assert code == want_code, text
    assert want_text in text


def test_an_unreadable_file_gets_a_chinese_reason(here, tmp_path, capsys, monkeypatch):
    path = _write(tmp_path / "ch01.ipynb", _release(here, "ch01"))
    original = Path.read_bytes

    def denied(self):
        if self == path:
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    code, text = _run(cli.main, ["check", "ch01", str(path)], capsys)
    assert code == 2 and "无法读取" in text


@pytest.mark.parametrize("chapter", ["ch12", "第七章x"])
def test_an_unknown_chapter_is_refused_in_chinese(here, chapter, capsys):
    code, text = _run(cli.main, ["check", chapter], capsys)
    assert code == 2 and "错误" in text


def test_progress_without_a_workspace_says_what_to_do(here, capsys, monkeypatch, tmp_path):
    code, text = _run(cli.main, ["progress"], capsys)
    assert code == 0 and "还没有工作区" in text and "kefu lab" in text
    monkeypatch.setenv("KEFU_WORKSPACE", str(tmp_path / "none"))
    code, text = _run(student.main, ["progress"], capsys)
    assert code == 0 and "还没有工作区" in text


def test_an_unforeseen_error_is_a_chinese_message_and_a_log_file(here, tmp_path, capsys,
                                                                 monkeypatch):
    path = _write(tmp_path / "ch01.ipynb", _release(here, "ch01"))
    notebook = json.loads(path.read_text("utf-8"))
    notebook["cells"][-1]["source"] = "# answered"  # not every answer a stub any more
    for cell in notebook["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            cell["source"] = "q1 = 1"
            break
    _write(path, notebook)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(selfcheck, "check", broken)
    code, text = _run(cli.main, ["check", "ch01", str(path)], capsys)
    assert code == 4 and "意外" in text
    log = Path(text.split("详细信息已保存到 ")[1].split("，")[0])
    assert "RuntimeError: boom" in log.read_text("utf-8")
    log.unlink()


@pytest.mark.slow
def test_a_fresh_clone_checks_a_notebook_outside_the_workspace(here, capsys):
    """The issue's own path: no workspace yet, the source notebook checked directly."""
    code, text = _run(cli.main, ["check", "ch01", "source/ch01/ch01.ipynb"], capsys)
    assert code == 0, text
    assert "不在工作区" in text and "自动评分合计" in text
    assert (here.workspace_dir / ".kefu-progress.json").is_file()
    code, text = _run(cli.main, ["progress"], capsys)
    assert code == 0 and "最近自查" in text


@pytest.mark.slow
def test_a_notebook_from_an_older_release_is_graded_with_a_note(here, tmp_path, capsys):
    source = json.loads(here.source_notebook("ch01").read_text("utf-8"))
    from autograder import sampleclass

    notebook = sampleclass.fill(_release(here, "ch01"), sampleclass.solutions(source))
    renamed = 0
    for cell in notebook["cells"]:  # an older release named one answer differently
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and not renamed:
            meta["grade_id"] = meta["grade_id"] + "_old"
            renamed = 1
    path = _write(tmp_path / "old" / "ch01.ipynb", notebook)
    code, text = _run(cli.main, ["check", "ch01", str(path)], capsys)
    assert code == 0, text
    assert "旧版课程" in text and "自动评分合计" in text
    shutil.rmtree(tmp_path / "old")
