"""Course-wide settings of the grader: where things live, chapters and their due dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")

#: Chapter id → (Chinese title, due date in Asia/Shanghai time).
CHAPTERS: dict[str, tuple[str, str]] = {
    "ch01": ("初识网店客服", "2025-03-09 23:59:59"),
    "ch02": ("客服岗前知识准备", "2025-03-23 23:59:59"),
    "ch03": ("使用客服沟通工具及后台操作", "2025-04-06 23:59:59"),
    "ch04": ("客服售前服务", "2025-04-20 23:59:59"),
    "ch05": ("客服售中服务", "2025-05-04 23:59:59"),
    "ch06": ("客服售后服务", "2025-05-18 23:59:59"),
    "ch07": ("客服数据监控与统计分析", "2025-07-13 23:59:59"),
    "ch08": ("客户关系管理", "2025-07-27 23:59:59"),
    "ch09": ("客服考核与绩效管理", "2025-08-10 23:59:59"),
}


#: Share of a late submission's score lost per started day late, per chapter.
#: Change a chapter's entry to give it its own policy (0 = no penalty).
LATE_RATES: dict[str, float] = {chapter: 0.1 for chapter in CHAPTERS}

#: Orientation notebooks: handed out with the chapters, never graded in a batch.
ORIENTATION: dict[str, str] = {"ch00": "导学：如何使用本课程"}


def released_chapters(root: Path = ROOT) -> list[str]:
    """Every notebook students receive: the orientation first, then the chapters."""
    guides = [ch for ch in ORIENTATION if (root / "source" / ch / f"{ch}.ipynb").is_file()]
    return guides + existing_chapters(root)


def due_date(chapter: str) -> datetime:
    """The chapter's due date as an aware datetime (Asia/Shanghai)."""
    return datetime.strptime(CHAPTERS[chapter][1], "%Y-%m-%d %H:%M:%S").replace(tzinfo=SHANGHAI)


def existing_chapters(root: Path = ROOT) -> list[str]:
    """Chapters that have a source notebook, in order."""
    return [ch for ch in CHAPTERS if (root / "source" / ch / f"{ch}.ipynb").is_file()]


def nbgrader_timestamp(moment: datetime) -> str:
    """A ``timestamp.txt`` line nbgrader parses exactly: UTC with an explicit zone name.

    (nbgrader reads a numeric offset such as ``+0800`` as seconds, so never write one.)
    """
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%d %H:%M:%S.%f") + " UTC"
