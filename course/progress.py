"""A learner's progress over the nine chapters: stubs left and the last self-check score.

Both editions use it: ``kefu progress`` in the repository (self-learners) and in the
student edition that ``kefu bundle`` builds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from course.chapters import CHAPTERS
from course.stubs import CODE_STUB, TEXT_STUB

PROGRESS_FILE = ".kefu-progress.json"
_DOC = re.compile(r'^\s*"""(.*?)"""', re.S)


def exercise_title(text: str, fallback: str) -> str:
    """A test cell's short name for a self-check table: its docstring's first line up to
    the colon ("练习 3"), at most 24 characters; ``fallback`` when there is none."""
    match = _DOC.match(text)
    first = (match.group(1) if match else text).strip().splitlines()[0] if text.strip() else ""
    return (first.split("：")[0] if "：" in first else first)[:24] or fallback


def save(workspace: Path, chapter: str, score: float, maximum: float) -> None:
    """Remember a chapter's last self-check score in the workspace."""
    workspace.mkdir(parents=True, exist_ok=True)
    path = workspace / PROGRESS_FILE
    try:
        data = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    except (OSError, ValueError):
        data = {}
    data[chapter] = {"score": score, "max": maximum}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")


def stubs_left(text: str) -> int:
    """How many answers of a notebook's text still hold the Chinese stub."""
    return text.count(CODE_STUB.splitlines()[0]) + text.count(TEXT_STUB)


def rows(workspace: Path, available: list[str]) -> list[dict]:
    """Per chapter: status, stubs left and the last self-check score (Chinese keys)."""
    saved_path = workspace / PROGRESS_FILE
    try:
        saved = json.loads(saved_path.read_text("utf-8")) if saved_path.is_file() else {}
    except (OSError, ValueError):
        saved = {}
    out = []
    for chapter, name in CHAPTERS.items():
        notebook = workspace / chapter / f"{chapter}.ipynb"
        row = {"章节": chapter, "标题": name, "状态": "未开始", "未作答": "", "最近自查得分": ""}
        if chapter not in available:
            row["状态"] = "尚未发布"
        elif notebook.is_file():
            try:
                left = stubs_left(notebook.read_text("utf-8"))
            except (OSError, UnicodeDecodeError):
                left = -1
            if left < 0:
                row["状态"] = "无法读取"
            else:
                row["状态"] = "已完成作答" if left == 0 else "进行中"
                row["未作答"] = str(left)
        entry = saved.get(chapter)
        if isinstance(entry, dict) and "score" in entry and "max" in entry:
            row["最近自查得分"] = f"{entry['score']:g} / {entry['max']:g}"
        out.append(row)
    return out
