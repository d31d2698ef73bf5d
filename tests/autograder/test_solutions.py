"""kefu solutions: reference code for a closed chapter, never while a student may still submit."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from autograder.coursedir import Course
from autograder.solutions import SolutionsError, closes_at, write
from course import coach


@pytest.fixture
def copy(course, tmp_path):
    return course.copy_to(tmp_path / "course", ["ch07"])


def _with_config(copy, line: str) -> Course:
    config = copy.root / "nbgrader_config.py"
    config.write_text(config.read_text("utf-8") + "\n" + line + "\n", "utf-8")
    return Course.load(copy.root)


def test_before_the_due_date_the_command_refuses_unless_forced(copy, tmp_path):
    due = copy.calendar.due("ch07")
    early = due.astimezone(UTC).replace(year=due.year - 1)
    with pytest.raises(SolutionsError, match="还没有截止"):
        write(copy, "ch07", tmp_path / "a.json", now=early)
    assert not (tmp_path / "a.json").exists()
    assert write(copy, "ch07", tmp_path / "a.json", now=early, force=True).is_file()


def test_a_student_s_extension_keeps_the_chapter_open(copy, tmp_path):
    extended = _with_config(copy, "c.CourseCalendar.extensions = {'ch07': {'2024001': '2099-01-01 00:00:00'}}")
    assert closes_at(extended, "ch07").year == 2099
    with pytest.raises(SolutionsError, match="2099-01-01"):
        write(extended, "ch07", tmp_path / "a.json", now=datetime(2030, 1, 1, tzinfo=UTC))


def test_a_chapter_without_a_due_date_needs_force(copy, tmp_path):
    undated = _with_config(copy, "c.CourseCalendar.due_dates = {}")
    with pytest.raises(SolutionsError, match="没有设置截止时间"):
        write(undated, "ch07", tmp_path / "a.json")


def test_the_file_holds_every_exercise_s_reference_code_and_the_class_edition_shows_it(
        copy, tmp_path, monkeypatch):
    path = write(copy, "ch07", tmp_path / "答案_ch07.json", now=datetime(2030, 1, 1, tzinfo=UTC))
    handed = json.loads(path.read_text("utf-8"))
    assert handed["chapter"] == "ch07"
    assert set(handed["solutions"]) == {s["answer"] for s in coach.exercises("ch07").values()}
    assert all("BEGIN SOLUTION" not in code and code.strip() for code in handed["solutions"].values())
    # the class edition (no source/) shows it once the file is in the chapter's folder
    monkeypatch.setattr(coach, "SOURCE_DIR", tmp_path / "no-source")
    monkeypatch.setenv("KEFU_WORKSPACE", str(tmp_path / "ws"))
    (tmp_path / "ws" / "ch07").mkdir(parents=True)
    assert coach.Exercise("ch07", 4).solution().code == ""
    path.rename(tmp_path / "ws" / "ch07" / "答案_ch07.json")
    shown = coach.Exercise("ch07", 4).solution()
    assert shown.code == handed["solutions"]["answer_silent_orders"] and "老师发布" in shown.message
