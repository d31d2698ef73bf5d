"""Submission times from the teacher's LMS export (学习通 提交记录): 学号 → when it was handed in.

The export is a CSV or Excel file with a 学号 column and a 提交时间 column (times in
Beijing time, such as ``2025-07-13 21:05`` or ``2025/7/13 21:05:33``); an optional
章节 (or 作业) column says which chapter a row is for. Only such a record, the
exchange's own times or the teacher's explicit choice may make a student late.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from autograder.roster import (
    RosterError,
    Table,
    normalise_header,
    normalise_id,
    read_csv_rows,
    read_workbook,
)
from autograder.schedule import SHANGHAI
from course.chapters import chapter_id

HEADERS = {
    "学号": ("学号", "学生学号", "学生号", "studentid", "student_id", "用户名", "username"),
    "提交时间": ("提交时间", "最后提交时间", "交作业时间", "提交日期", "submittedat",
             "submitted", "time"),
    "章节": ("章节", "作业", "作业名称", "chapter"),
}
_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
            "%Y.%m.%d %H:%M:%S", "%Y.%m.%d %H:%M", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M")


class TimesError(RosterError):
    """A submission-time file that cannot be used (a Chinese message listing every problem)."""


def parse_time(text: str) -> datetime:
    """A Beijing time as LMS exports write it. Raises ValueError."""
    text = re.sub(r"\s+", " ", str(text).strip())
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=SHANGHAI)
        except ValueError:
            continue
    raise ValueError(text)


def read_times(path: Path | str) -> dict[tuple[str, str | None], datetime]:
    """(学号, chapter or None) → submission time. Raises :class:`TimesError` in Chinese."""
    path = Path(path)
    if not path.is_file():
        raise TimesError(f"找不到提交记录文件：{path}")
    suffix = path.suffix.lower()
    try:
        tables = (read_workbook(path, "提交记录") if suffix in (".xlsx", ".xlsm")
                  else [Table(read_csv_rows(path, "提交记录"))])
    except RosterError as exc:
        raise TimesError(str(exc)) from exc
    times: dict[tuple[str, str | None], datetime] = {}
    problems = []
    for table in tables:
        columns = _header(table)
        if columns is None:
            continue
        for number, cells in table.rows[columns["_row"]:]:
            pick = {k: (cells[i] if i < len(cells) else "") for k, i in columns.items()
                    if k != "_row"}
            student = normalise_id(pick.get("学号", ""))
            raw_time = pick.get("提交时间", "").strip()
            if not student and not raw_time:
                continue
            try:
                moment = parse_time(raw_time)
            except ValueError:
                if raw_time:  # an empty time: not handed in
                    problems.append(f"{table.where(number)}：提交时间「{raw_time}」无法识别")
                continue
            chapter = None
            if pick.get("章节", "").strip():
                try:
                    chapter = chapter_id(_chapter_text(pick["章节"]))
                except ValueError:
                    problems.append(f"{table.where(number)}：章节「{pick['章节']}」无法识别")
                    continue
            times[(student, chapter)] = moment
    if problems:
        raise TimesError(f"提交记录 {path.name} 有 {len(problems)} 处问题，请改正后重试：\n"
                         + "\n".join(f"  {line}" for line in problems), problems)
    if not times:
        raise TimesError(f"提交记录 {path.name} 中没有找到「学号」和「提交时间」列，或者没有任何记录。")
    return times


def _chapter_text(text: str) -> str:
    match = re.search(r"ch\s*0?(\d)|第\s*([一二三四五六七八九\d])\s*章", text, re.I)
    if not match:
        return text
    digit = match.group(1) or match.group(2)
    return str("一二三四五六七八九".index(digit) + 1) if not digit.isdigit() else digit


def _header(table: Table) -> dict[str, int] | None:
    for number, cells in table.rows[:10]:
        columns: dict[str, int] = {}
        for index, cell in enumerate(cells):
            for column, spellings in HEADERS.items():
                if normalise_header(cell) in spellings:
                    columns.setdefault(column, index)
        if "学号" in columns and "提交时间" in columns:
            columns["_row"] = number
            return columns
    return None

