"""DailyPenalty: a share of the score per started day late, at the chapter's calendar rate."""

from __future__ import annotations

from traitlets.config import Config, Configurable

from autograder.steps.late import DailyPenalty


class _Step(Configurable):
    """Stands in for nbgrader's AssignLatePenalties (the plugin's parent)."""

    assignment_id = None


def _plugin(chapter: str | None = None, **calendar) -> DailyPenalty:
    config = Config()
    for key, value in calendar.items():
        setattr(config.CourseCalendar, key, value)
    step = _Step(config=config)
    step.assignment_id = chapter
    return DailyPenalty(parent=step)


def test_late_penalty_is_a_tenth_per_started_day_and_never_more_than_the_score():
    plugin = _plugin()
    assert plugin.late_submission_penalty("s", 20.0, 0) is None
    assert plugin.late_submission_penalty("s", 20.0, 1) == 2.0
    assert plugin.late_submission_penalty("s", 20.0, 86400) == 2.0
    assert plugin.late_submission_penalty("s", 20.0, 86401) == 4.0
    assert plugin.late_submission_penalty("s", 20.0, 86400 * 30) == 20.0


def test_each_chapter_uses_its_own_rate_from_the_calendar():
    rates = {"ch07": 0.25, "ch08": 0.0}
    for chapter, expected in (("ch07", 5.0), ("ch08", 0.0), ("ch09", 2.0)):
        plugin = _plugin(chapter, late_rates=rates)
        assert plugin.late_submission_penalty("s", 20.0, 3600) == expected, chapter


def test_the_course_default_rate_applies_to_every_chapter(course):
    step = _Step(config=course.config)
    step.assignment_id = "ch05"
    assert DailyPenalty(parent=step).late_submission_penalty("s", 10.0, 3600) == 1.0
