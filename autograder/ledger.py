"""The course's ledger of submissions: where each graded file came from, when, and how it fared.

One entry per student and chapter, kept with the course (``autograder/ledger.json``)
and updated by every run for the submissions it handled, so that grade sheets
rebuilt later (``kefu export``, the next chapter's run) still say why a file was
empty or corrupt, which time decided lateness, and where that time came from.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

#: Where a submission time came from, as the grade sheets name it.
TIME_SOURCES = {
    "exchange": "nbgrader 提交时间",
    "lms": "提交记录（教师导入）",
    "teacher": "教师指定",
    "file": "文件时间（教师选择采用）",
    "": "未知（不判迟交）",
}


@dataclass
class Entry:
    """What the course knows about one student's submission of one chapter."""

    #: The file as the teacher received it, e.g. 第七章.zip/2024001_张三_ch07.ipynb.
    file: str = ""
    #: The submission time that decides lateness (ISO, with its zone), "" when unknown.
    submitted: str = ""
    #: Where ``submitted`` came from (a key of TIME_SOURCES).
    time_source: str = ""
    #: Why the submission could not be graded normally; "" when it was.
    reason: str = ""
    #: When it was last graded (ISO).
    graded: str = ""
    #: "yes" when the notebook could be run and scored, "no" when it could not (empty,
    #: corrupt …), "" before it was graded.
    ok: str = ""
    #: Which of several hand-ins was graded and why (grading from nbgrader's exchange).
    note: str = ""


class Ledger:
    """Entries by (student, chapter), read from and written back to one JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.entries: dict[tuple[str, str], Entry] = {}
        if self.path.is_file():
            known = {f.name for f in fields(Entry)}
            raw = json.loads(self.path.read_text("utf-8"))
            for chapter, students in raw.items():
                for student, values in students.items():
                    self.entries[(student, chapter)] = Entry(
                        **{k: str(v) for k, v in values.items() if k in known})

    def get(self, student: str, chapter: str) -> Entry | None:
        return self.entries.get((student, chapter))

    def record(self, student: str, chapter: str, **values: str) -> Entry:
        """Update (or start) an entry; fields not given keep their value."""
        entry = self.entries.setdefault((student, chapter), Entry())
        for key, value in values.items():
            setattr(entry, key, value)
        return entry

    def save(self) -> None:
        """Write atomically, sorted, so a killed run leaves the previous ledger."""
        data: dict[str, dict[str, dict]] = {}
        for (student, chapter), entry in sorted(self.entries.items(),
                                                key=lambda item: (item[0][1], item[0][0])):
            data.setdefault(chapter, {})[student] = asdict(entry)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        scratch = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        scratch.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
        os.replace(scratch, self.path)
