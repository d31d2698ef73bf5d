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
