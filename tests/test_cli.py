"""The kefu command speaks Chinese and fails cleanly."""

from __future__ import annotations

import subprocess
import sys

import pytest

from course import cli


def test_help_is_chinese(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    for text in ("用法：", "命令", "批量自动评分", "显示本帮助并退出"):
        assert text in out
    assert "show this help" not in out and "usage:" not in out


def test_grade_help_is_chinese(capsys):
    with pytest.raises(SystemExit):
        cli.main(["grade", "--help"])
    out = capsys.readouterr().out
    assert "学号_姓名_chNN.ipynb" in out and "内置示例班级" in out


def test_chapter_without_a_notebook_is_refused_in_chinese(capsys, monkeypatch):
    from autograder import grading

    monkeypatch.setattr(grading, "existing_chapters", lambda root=None: ["ch07"])
    assert cli.main(["grade", "ch05"]) == 2
    assert "没有这些章节的作业" in capsys.readouterr().err


def test_malformed_chapter_is_refused_in_chinese(capsys):
    assert cli.main(["grade", "chapter-seven"]) == 2
    assert "无法识别的章节" in capsys.readouterr().err


def test_bad_option_error_is_chinese(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["grade", "--jobs"])
    assert exit_info.value.code == 2
    assert "错误" in capsys.readouterr().err


def test_python_dash_m_course_runs_the_same_cli():
    done = subprocess.run([sys.executable, "-m", "course", "--help"], capture_output=True,
                          text=True, check=True)
    assert "淘宝网店金牌客服" in done.stdout
