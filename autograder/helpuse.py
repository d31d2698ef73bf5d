"""How much help a submission used: checks, hints and solutions, as its notebook reports.

Every ``练习N.check()``, ``.hint()`` and ``.solution()`` output carries the item's
running tally in its metadata (course/coach.py). The teacher's grade sheet shows the
highest tally per exercise found in the submitted notebook. It is what the student's
notebook says (clearing outputs erases it), so it informs, never grades; every value is
checked before use, because the notebook is the student's.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from course.coach import META
from course.progress import help_summary

_ITEM = re.compile(r"ch\d\d\.q\d{1,2}")
_LIMIT = 1_000_000


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < _LIMIT else 0


def tallies(notebook: dict, chapter: str) -> dict[str, dict]:
    """item → the highest {"checks", "right", "hints", "solution"} its outputs report."""
    out: dict[str, dict] = {}
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    for cell in cells if isinstance(cells, list) else []:
        outputs = cell.get("outputs") if isinstance(cell, dict) else None
        for output in outputs if isinstance(outputs, list) else []:
            meta = output.get("metadata") if isinstance(output, dict) else None
            found = meta.get(META) if isinstance(meta, dict) else None
            if not isinstance(found, dict):
                continue
            item, tally = found.get("item"), found.get("tally")
            if not (isinstance(item, str) and _ITEM.fullmatch(item) and item.startswith(chapter + ".")
                    and isinstance(tally, dict)):
                continue
            row = out.setdefault(item, {"checks": 0, "right": 0, "hints": 0, "solution": False})
            for key in ("checks", "right", "hints"):
                row[key] = max(row[key], _count(tally.get(key)))
            row["solution"] = row["solution"] or tally.get("solution") is True
    return out


def summary(path: Path, chapter: str) -> str:
    """The Chinese one-liner for a submitted notebook ("" when it reports no help)."""
    try:
        notebook = json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return ""
    return help_summary(tallies(notebook, chapter), chapter)
