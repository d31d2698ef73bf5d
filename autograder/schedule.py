"""The course calendar: each chapter's due date and late-submission rate.

The values live in the course's ``nbgrader_config.py`` (``c.CourseCalendar…``),
so a teacher changes a due date in one place and the intake, the gradebook and
the late penalty all follow.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from traitlets import Dict, Float, Unicode
from traitlets.config import Configurable

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class CourseCalendar(Configurable):
    """Due dates and late-submission rates per chapter."""

    due_dates = Dict(
        value_trait=Unicode(), default_value={},
        help="每章的截止时间（北京时间，格式 2025-07-13 23:59:59），如 "
             "{'ch07': '2025-07-13 23:59:59'}。没有写的章节没有截止时间，不算迟交。",
    ).tag(config=True)
    late_rate = Float(
        0.1, help="迟交每天（不足一天按一天算）扣该份作业得分的比例，0 表示不扣分。",
    ).tag(config=True)
    late_rates = Dict(
        value_trait=Float(), default_value={},
        help="个别章节自己的迟交扣分比例，如 {'ch09': 0.2}；没有写的章节用 late_rate。",
    ).tag(config=True)
    weights = Dict(
        value_trait=Float(), default_value={},
        help="计算平时成绩时各章的权重，如 {'ch07': 2}；没有写的章节权重为 1。",
    ).tag(config=True)
    extensions = Dict(
        value_trait=Dict(value_trait=Unicode()), default_value={},
        help="个别学生的缓交截止时间，如 {'ch07': {'2024001': '2025-07-20 23:59:59'}}。",
    ).tag(config=True)

    def due(self, chapter: str) -> datetime | None:
        """The chapter's due date (aware, Asia/Shanghai), or None when it has none."""
        text = self.due_dates.get(chapter)
        if not text:
            return None
        try:
            return datetime.strptime(text.strip(), TIME_FORMAT).replace(tzinfo=SHANGHAI)
        except ValueError as exc:
            raise ValueError(f"{chapter} 的截止时间「{text}」格式不对，"
                             f"应写成 2025-07-13 23:59:59 这样的北京时间。") from exc

    def due_utc_naive(self, chapter: str) -> datetime | None:
        """The due date as nbgrader's gradebook stores it (UTC, without a zone)."""
        due = self.due(chapter)
        return due.astimezone(UTC).replace(tzinfo=None) if due else None

    def weight(self, chapter: str) -> float:
        """The chapter's weight in 平时成绩."""
        return float(self.weights.get(chapter, 1.0))

    def extended_due(self, chapter: str, student: str) -> datetime | None:
        """A student's own due date for ``chapter`` (缓交), or None."""
        text = (self.extensions.get(chapter) or {}).get(student)
        if not text:
            return None
        try:
            return datetime.strptime(text.strip(), TIME_FORMAT).replace(tzinfo=SHANGHAI)
        except ValueError as exc:
            raise ValueError(f"{chapter} 中 {student} 的缓交截止时间「{text}」格式不对，"
                             f"应写成 2025-07-20 23:59:59 这样的北京时间。") from exc

    def rate(self, chapter: str | None) -> float:
        """The share of the score lost per started day late for ``chapter``."""
        if chapter and chapter in self.late_rates:
            return float(self.late_rates[chapter])
        return float(self.late_rate)


def nbgrader_timestamp(moment: datetime) -> str:
    """A ``timestamp.txt`` line nbgrader parses exactly: UTC with an explicit zone name.

    (nbgrader reads a numeric offset such as ``+0800`` as seconds, so never write one.)
    """
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%d %H:%M:%S.%f") + " UTC"


def shanghai_clock(moment: datetime) -> str:
    """``2025-07-13 23:59`` in Asia/Shanghai time, for Chinese messages."""
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
