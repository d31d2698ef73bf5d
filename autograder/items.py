"""The graded items of a chapter as teachers and students name them: 练习 1…N in notebook order."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from autograder.coursedir import Course

_DOC = re.compile(r'^\s*"""(.*?)"""', re.S)
_NUMBER = re.compile(r"练习\s*(\d+)")


@dataclass(frozen=True)
class Item:
    """One graded cell of a chapter."""

    grade_id: str
    #: 练习 3 (the notebook's own number when its test says so, else its position).
    label: str
    #: The first line of the test's docstring, e.g. "练习 3：6 月创建且已付款的静默下单订单数。"
    title: str
    points: float
    written: bool
    #: A role-play chat (a code cell of replies graded by hand, course/roleplays).
    chat: bool = False


def _source(cell: dict) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else str(text)


@lru_cache(maxsize=64)
def _items(path: str, mtime: float) -> tuple[Item, ...]:
    cells = json.loads(Path(path).read_text("utf-8")).get("cells", [])
    items = []
    for cell in cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not meta.get("grade") or not meta.get("grade_id"):
            continue
        written = cell.get("cell_type") == "markdown"
        chat = cell.get("cell_type") == "code" and bool(meta.get("solution"))
        text = _source(cell)
        match = _DOC.match(text)
        first = (match.group(1) if match else "").strip().splitlines()
        title = first[0] if first else ""
        number = _NUMBER.search(title)
        label = f"练习 {number.group(1) if number else len(items) + 1}"
        if written:
            label += "（书面）"
            title = title or "书面题（教师批改）"
        if chat:
            from course import roleplays

            scenario = roleplays.by_grade_id(meta["grade_id"])
            title = scenario.title if scenario is not None else "对话练习（教师批改）"
            label = roleplays.label(meta["grade_id"]) or "对话练习"
        items.append(Item(meta["grade_id"], label, title or label, float(meta.get("points") or 0),
                          written, chat))
    return tuple(items)


def chapter_items(course: Course, chapter: str) -> tuple[Item, ...]:
    """The chapter's graded items in notebook order (empty when it has no source notebook)."""
    path = course.source_notebook(chapter)
    if not path.is_file():
        return ()
    return _items(str(path), path.stat().st_mtime)


def labels(course: Course, chapter: str) -> dict[str, str]:
    """grade id → 练习 label."""
    return {item.grade_id: item.label for item in chapter_items(course, chapter)}
