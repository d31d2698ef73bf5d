"""Self-learners' local check (kefu check) and progress (kefu progress)."""

from __future__ import annotations

import json

import pytest

from autograder import sampleclass, selfcheck

pytestmark = pytest.mark.slow


def _auto_points(notebook: dict) -> float:
    """The chapter's automatic points, from its test cells (not a number to keep in step)."""
    return float(sum(c["metadata"]["nbgrader"].get("points", 0) for c in notebook["cells"]
                     if c["cell_type"] == "code" and c["metadata"].get("nbgrader", {}).get("grade")))


def test_a_solved_notebook_earns_every_point_and_lists_each_exercise(course, root, tmp_path):
    release = json.loads((root / "release" / "ch07" / "ch07.ipynb").read_text("utf-8"))
    source = json.loads((root / "source" / "ch07" / "ch07.ipynb").read_text("utf-8"))
    solved = tmp_path / "mine.ipynb"
    solved.write_text(json.dumps(sampleclass.fill(release, sampleclass.solutions(source)),
                                 ensure_ascii=False), "utf-8")
    result = selfcheck.check(course, "ch07", solved)
    assert result.problem == ""
    assert result.auto_score == result.auto_max == _auto_points(source) > 0
    report = result.report()
    assert "练习 1" in report and "书面题" in report and "教师批改" in report
    assert [i.title for i in result.items][:2] == ["练习 1", "练习 2"]


def test_the_untouched_release_earns_nothing(course):
    result = selfcheck.check(course, "ch07", course.release_notebook("ch07"))
    source = json.loads(course.source_notebook("ch07").read_text("utf-8"))
    assert result.auto_score == 0 and result.auto_max == _auto_points(source) > 0


def test_a_broken_notebook_is_explained_in_chinese(course, tmp_path):
    broken = tmp_path / "mine.ipynb"
    broken.write_text("{", "utf-8")
    result = selfcheck.check(course, "ch07", broken)
    assert "不是有效的 .ipynb" in result.problem
    assert "无法评分" in result.report()


def test_progress_counts_stubs_left_and_remembers_the_last_check(course, tmp_path):
    learner = course.with_course_dir()
    learner.config.CourseFiles.workspace_directory = str(tmp_path)
    (tmp_path / "ch07").mkdir()
    (tmp_path / "ch07" / "ch07.ipynb").write_text(
        course.release_notebook("ch07").read_text("utf-8"), "utf-8")
    rows = {row["章节"]: row for row in selfcheck.progress(learner)}
    from course.progress import answers_left

    answers = sum(bool(c["metadata"].get("nbgrader", {}).get("solution")) for c in json.loads(
        course.source_notebook("ch07").read_text("utf-8"))["cells"])
    release = json.loads(course.release_notebook("ch07").read_text("utf-8"))
    assert rows["ch07"]["状态"] == "进行中" and int(rows["ch07"]["未作答"]) == answers_left(release) == answers
    assert rows["ch01"]["状态"] == "未开始"
    selfcheck.save_progress(tmp_path, selfcheck.CheckResult("ch07", (
        selfcheck.Item("t", "练习 1", 2.0, 2.0, False),)))
    rows = {row["章节"]: row for row in selfcheck.progress(learner)}
    assert rows["ch07"]["最近自查得分"] == "2 / 2"


def test_the_orientation_practice_item_can_be_self_checked(course, root, tmp_path):
    release = json.loads((root / "release" / "ch00" / "ch00.ipynb").read_text("utf-8"))
    source = json.loads((root / "source" / "ch00" / "ch00.ipynb").read_text("utf-8"))
    solved = tmp_path / "ch00.ipynb"
    solved.write_text(json.dumps(sampleclass.fill(release, sampleclass.solutions(source)),
                                 ensure_ascii=False), "utf-8")
    assert selfcheck.check(course, "ch00", solved).auto_score == 1
    untouched = selfcheck.check(course, "ch00", course.release_notebook("ch00"))
    assert untouched.problem == "" and untouched.auto_score == 0 and untouched.auto_max == 1
