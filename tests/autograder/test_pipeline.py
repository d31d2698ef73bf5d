"""The grading pipeline's stages over a course: gradebook set-up, students, chapter checks."""

from __future__ import annotations

from datetime import datetime

import pytest
from nbgrader.api import Gradebook

from autograder import pipeline


def test_the_gradebook_gets_each_chapter_with_its_due_date(course_copy):
    assert pipeline.prepare_gradebook(course_copy, ["ch00", "ch07"]) == []
    with Gradebook(course_copy.db_url) as gradebook:
        assert gradebook.find_assignment("ch07").duedate == datetime(2025, 7, 13, 15, 59, 59)
        assert gradebook.find_assignment("ch00").duedate is None
        assert len(gradebook.find_notebook("ch07", "ch07").grade_cells) >= 9
    # the committed release is untouched: generate_assignment wrote to the cache folder
    assert (course_copy.cache_dir / "release" / "ch07" / "ch07.ipynb").is_file()


def test_students_are_created_once_and_renamed_on_a_second_call(course_copy):
    pipeline.register_students(course_copy, {"s1": ("张", "三")})
    pipeline.register_students(course_copy, {"s1": ("张", "山"), "s2": ("", "李四")})
    with Gradebook(course_copy.db_url) as gradebook:
        names = {s.id: (s.last_name, s.first_name) for s in gradebook.students}
    assert names == {"s1": ("张", "山"), "s2": (None, "李四")}


def test_grading_a_chapter_without_a_notebook_is_refused_in_chinese(course_copy):
    with pytest.raises(ValueError, match="没有这些章节的作业"):
        pipeline.grade(course_copy, ["ch00"], submissions=course_copy.root, progress=False)


def _full_notebook(course, chapter: str) -> str:
    import json

    from autograder import sampleclass

    release = json.loads(course.release_notebook(chapter).read_text("utf-8"))
    source = json.loads(course.source_notebook(chapter).read_text("utf-8"))
    return json.dumps(sampleclass.fill(release, sampleclass.solutions(source)), ensure_ascii=False)


@pytest.mark.slow
def test_a_term_of_grading_keeps_every_chapter_and_every_reason(course_copy, tmp_path):
    from autograder import gradesheets, roster

    names = tmp_path / "名单.csv"
    names.write_text("学号,姓名,班级\n0024001,张三,1班\n0024002,李四,1班\n0024003,王五,2班\n",
                     "utf-8")
    roster.import_roster(course_copy, names)
    first = tmp_path / "ch01"
    first.mkdir()
    (first / "0024001_张三_ch01.ipynb").write_text(_full_notebook(course_copy, "ch01"), "utf-8")
    (first / "0024002_李四_ch01.ipynb").write_text("", "utf-8")
    run = pipeline.grade(course_copy, ["ch01"], submissions=first, progress=False, jobs=1)
    assert run.missing_report == "未提交 ch01（1 人）：0024003 王五"
    assert run.intake_record.is_file() and run.intake_record.with_suffix(".txt").is_file()

    second = tmp_path / "ch02"
    second.mkdir()
    (second / "0024003_王五_ch02.ipynb").write_text(_full_notebook(course_copy, "ch02"), "utf-8")
    pipeline.grade(course_copy, ["ch02"], submissions=second, progress=False, jobs=1)
    summary = gradesheets.build(course_copy).summary.set_index(["学号", "章节"])
    assert summary.at[("0024001", "ch01"), "状态"] == "评分完成"
    assert (summary.at[("0024001", "ch01"), "自动评分得分"]
            == summary.at[("0024001", "ch01"), "自动评分满分"])
    assert summary.at[("0024001", "ch01"), "待人工批改"] == "是"  # the written answer
    assert summary.at[("0024002", "ch01"), "状态"] == "提交的文件是空的（0 字节）"
    assert summary.at[("0024003", "ch02"), "状态"] == "评分完成"
    assert summary.at[("0024001", "ch02"), "状态"] == "未提交"

    with pytest.raises(ValueError, match="真实学生"):
        pipeline.grade(course_copy, ["ch01"], progress=False)
    again = pipeline.grade(course_copy, ["ch01"], students=["0024001"], progress=False, jobs=1)
    assert [(o.student_id, o.ok) for o in again.outcomes] == [("0024001", True)]
    assert gradesheets.build(course_copy).summary.set_index(["学号", "章节"]).at[
        ("0024002", "ch01"), "状态"] == "提交的文件是空的（0 字节）"


@pytest.mark.slow
def test_a_late_student_with_an_extension_and_a_teacher_set_time(course_copy, tmp_path):
    from datetime import datetime

    from autograder.schedule import SHANGHAI

    with open(course_copy.root / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write("\nc.CourseCalendar.extensions = "
                     "{'ch01': {'0024001': '2025-03-20 23:59:59'}}\n")
    course = type(course_copy).load(course_copy.root)
    inbox = tmp_path / "in"
    inbox.mkdir()
    for student in ("0024001", "0024002"):
        (inbox / f"{student}_某_ch01.ipynb").write_text(_full_notebook(course, "ch01"), "utf-8")
    late = datetime(2025, 3, 15, 12, 0, tzinfo=SHANGHAI)  # after 3-9, before the extension
    for student in ("0024001", "0024002"):
        pipeline.grade(course, ["ch01"], submissions=inbox, students=[student],
                       submitted_at=late, progress=False, jobs=1)
    with course.gradebook() as gradebook:
        extended = gradebook.find_submission("ch01", "0024001")
        plain = gradebook.find_submission("ch01", "0024002")
        assert extended.late_submission_penalty in (None, 0)
        assert plain.late_submission_penalty > 0
