"""The course calendar: due dates in Beijing time, late rates per chapter."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from traitlets.config import Config

from autograder.schedule import SHANGHAI, CourseCalendar, nbgrader_timestamp


def _calendar(**values) -> CourseCalendar:
    config = Config()
    for key, value in values.items():
        setattr(config.CourseCalendar, key, value)
    return CourseCalendar(config=config)


def test_a_due_date_is_read_as_beijing_time():
    calendar = _calendar(due_dates={"ch07": "2025-07-13 23:59:59"})
    assert calendar.due("ch07") == datetime(2025, 7, 13, 23, 59, 59, tzinfo=SHANGHAI)
    assert calendar.due_utc_naive("ch07") == datetime(2025, 7, 13, 15, 59, 59)
    assert calendar.due("ch08") is None and calendar.due_utc_naive("ch08") is None


def test_a_malformed_due_date_is_explained_in_chinese():
    with pytest.raises(ValueError, match="格式不对"):
        _calendar(due_dates={"ch07": "7月13日"}).due("ch07")


def test_a_chapter_can_have_its_own_late_rate():
    calendar = _calendar(late_rate=0.2, late_rates={"ch09": 0.0})
    assert calendar.rate("ch09") == 0.0 and calendar.rate("ch01") == 0.2
    assert calendar.rate(None) == 0.2


def test_the_course_calendar_gives_every_chapter_a_due_date_and_a_rate(course):
    for chapter in course.chapters():
        assert course.calendar.due(chapter) is not None, chapter
        assert 0 <= course.calendar.rate(chapter) <= 1
    assert course.calendar.due("ch00") is None  # the orientation is never late


def test_timestamps_are_written_in_utc_with_a_zone_name_nbgrader_reads():
    from nbgrader.utils import parse_utc

    moment = datetime(2025, 7, 13, 23, 0, tzinfo=SHANGHAI)
    text = nbgrader_timestamp(moment)
    assert text.endswith(" UTC")
    assert parse_utc(text).replace(tzinfo=UTC) == moment
