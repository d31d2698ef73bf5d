"""The kefu command speaks Chinese and fails cleanly."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kefu import cli


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


def test_chapter_without_a_notebook_is_refused_in_chinese(capsys, monkeypatch, course, tmp_path):
    only = course.copy_to(tmp_path / "course", chapters=["ch07"])
    monkeypatch.setenv("KEFU_COURSE", str(only.root))
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


def test_python_dash_m_kefu_runs_the_same_cli():
    done = subprocess.run([sys.executable, "-m", "kefu", "--help"], capture_output=True,
                          text=True, check=True)
    assert "淘宝网店金牌客服" in done.stdout


def test_roster_command_imports_and_refuses_bad_files_in_chinese(course_copy, tmp_path, capsys,
                                                                 monkeypatch):
    from nbgrader.api import Gradebook

    monkeypatch.setenv("KEFU_COURSE", str(course_copy.root))
    monkeypatch.delenv("KEFU_GRADEBOOK", raising=False)
    good = tmp_path / "花名册.csv"
    good.write_text("学号,姓名,班级\n0024001,张三,电商1班\n0024002,李四,电商1班\n", "utf-8")
    assert cli.main(["roster", str(good)]) == 0
    assert "2" in capsys.readouterr().out
    assert cli.main(["roster", str(good)]) == 0  # again: updated, not duplicated
    bad = tmp_path / "坏名册.csv"
    bad.write_text("学号,姓名\n0024003,\n", "utf-8")
    assert cli.main(["roster", str(bad)]) == 2
    assert "错误" in capsys.readouterr().err
    with Gradebook(course_copy.db_url) as gradebook:
        assert sorted(s.id for s in gradebook.students) == ["0024001", "0024002"]


def test_report_without_a_gradebook_says_so_in_chinese(course_copy, capsys, monkeypatch):
    monkeypatch.setenv("KEFU_COURSE", str(course_copy.root))
    monkeypatch.delenv("KEFU_GRADEBOOK", raising=False)
    assert cli.main(["report", "ch01"]) == 2
    assert "成绩库" in capsys.readouterr().err


def test_a_folder_that_is_not_a_course_is_refused_in_chinese(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KEFU_COURSE", str(tmp_path))
    assert cli.main(["report"]) == 2
    assert "不是课程目录" in capsys.readouterr().err


def test_release_rebuilds_one_chapter_exactly(course_copy, capsys, monkeypatch):
    target = course_copy.release_notebook("ch01")
    committed = target.read_bytes()
    target.write_text("{}", "utf-8")
    monkeypatch.setenv("KEFU_COURSE", str(course_copy.root))
    assert cli.main(["release", "ch01"]) == 0
    assert "ch01" in capsys.readouterr().out
    assert target.read_bytes() == committed


@pytest.mark.slow
def test_grade_exits_non_zero_in_chinese_when_the_engine_cannot_start(course_copy, tmp_path,
                                                                      capsys, monkeypatch):
    monkeypatch.setenv("KEFU_COURSE", str(course_copy.root))
    monkeypatch.setenv("KEFU_DATA_DIR", str(tmp_path / "no-data-here"))
    assert cli.main(["grade", "ch01", "--quiet", "--jobs", "1"]) == 3
    err = capsys.readouterr().err
    assert "评分引擎无法启动" in err and "没有给任何学生评分" in err


@pytest.mark.parametrize("command", [[], ["grade"], ["lab"], ["check"], ["roster"], ["export"]])
def test_help_has_one_usage_prefix_and_full_width_colons(command, capsys):
    with pytest.raises(SystemExit):
        cli.main([*command, "--help"])
    out = capsys.readouterr().out
    assert out.count("用法：") == 1 and "用法：用法：" not in out
    headings = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert not [line for line in headings if line.endswith(":")], headings


def test_export_without_any_grades_says_so_in_chinese(course_copy, capsys, monkeypatch):
    monkeypatch.setenv("KEFU_COURSE", str(course_copy.root))
    monkeypatch.delenv("KEFU_GRADEBOOK", raising=False)
    assert cli.main(["export"]) == 2
    assert "还没有任何章节的成绩" in capsys.readouterr().err


def test_a_teacher_time_needs_one_student(course_copy, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("KEFU_COURSE", str(course_copy.root))
    assert cli.main(["grade", "ch01", "--submissions", str(tmp_path),
                     "--submitted-at", "2025-03-10 10:00"]) == 2
    assert "--student" in capsys.readouterr().err
    assert cli.main(["grade", "ch01", "--student", "s1", "--submissions", str(tmp_path),
                     "--submitted-at", "昨天"]) == 2
    assert "无法识别的提交时间" in capsys.readouterr().err


def test_kefu_secret_makes_the_class_secret_once_and_then_shows_it(capsys, monkeypatch, course,
                                                                  tmp_path):
    only = course.copy_to(tmp_path / "course", chapters=["ch07"])
    monkeypatch.setenv("KEFU_COURSE", str(only.root))
    monkeypatch.delenv("KEFU_COURSE_SECRET", raising=False)
    assert cli.main(["secret"]) == 0
    first = capsys.readouterr().out
    assert "已生成班级密钥" in first and (only.root / "autograder" / "classkey.txt").is_file()
    assert cli.main(["secret"]) == 0
    again = capsys.readouterr().out
    assert "已生成" not in again and first.split("指纹 ")[1][:12] in again


def test_grading_real_files_without_the_class_secret_is_refused(capsys, monkeypatch, course,
                                                                tmp_path):
    only = course.copy_to(tmp_path / "course", chapters=["ch07"])
    monkeypatch.setenv("KEFU_COURSE", str(only.root))
    monkeypatch.delenv("KEFU_COURSE_SECRET", raising=False)
    (tmp_path / "in").mkdir()
    assert cli.main(["grade", "ch07", "--submissions", str(tmp_path / "in")]) == 2
    err = capsys.readouterr().err
    assert "找不到班级密钥" in err and "Traceback" not in err


def test_a_malformed_student_id_is_refused_before_jupyterlab_starts(capsys, monkeypatch, course,
                                                                    tmp_path):
    only = course.copy_to(tmp_path / "course", chapters=["ch07"])
    monkeypatch.setenv("KEFU_COURSE", str(only.root))
    started = []
    monkeypatch.setattr(cli.subprocess, "call", lambda *a, **k: started.append(a) or 0)
    assert cli.main(["lab", "--student", "张三", "--no-browser"]) == 2
    assert "学号「张三」的格式不对" in capsys.readouterr().err and not started
    assert cli.main(["lab", "--student", "2024001", "--no-browser"]) == 0
    out = capsys.readouterr().out
    assert "已记住学号 2024001" in out and started
    assert (only.workspace_dir / ".kefu-student").read_text("utf-8").strip() == "2024001"
