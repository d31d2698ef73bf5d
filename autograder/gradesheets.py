"""Grade sheets, always rebuilt from the gradebook: every chapter graded so far, every student.

``grades.xlsx`` holds 成绩总表 (one row per student: a column per chapter, the total and
the weighted 平时成绩), the same table once per 班级, 汇总 (one row per student and
chapter, with its status and where its submission time came from), one sheet per
chapter (练习 1…N in notebook order; 待批改 for a written answer nobody graded yet)
and 题目说明 (which grade id each 练习 is). ``grades.csv`` is 汇总, and
``学习通成绩导入.xlsx`` has the three columns 学习通 imports (学号, 姓名, 成绩).

Every text cell is cleaned of control characters and neutralised against
spreadsheet formulas (a cell starting with = + - @, tab or CR: the OWASP
CSV-injection rule), so a name like ``=HYPERLINK(...)`` stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from autograder import helpuse
from autograder.coursedir import Course
from autograder.items import chapter_items
from autograder.ledger import TIME_SOURCES, Ledger
from autograder.roster import load_saved_roster
from course.chapters import CHAPTERS

SUMMARY_COLUMNS = ["学号", "姓名", "班级", "章节", "得分", "满分", "得分率", "原始得分",
                   "迟交扣分", "自动评分得分", "自动评分满分", "待人工批改", "状态", "提交时间",
                   "提交时间来源", "文件", "练习帮助（笔记本自报）"]
#: The leading columns of each chapter's per-question sheet and of 成绩总表.
QUESTION_COLUMNS = ["学号", "姓名", "班级"]
PENDING = "待批改"
MISSING = "未提交"
#: Characters a cell may not hold (openpyxl refuses them; terminals act on them).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: object) -> str:
    """Text for a cell: no control characters (kept visible as ``\\x07``)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))


def cell_text(value: object) -> str:
    """Text that a spreadsheet shows as text, never runs as a formula."""
    text = safe_text(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


@dataclass
class Sheets:
    """The tables of one export."""

    summary: pd.DataFrame
    overview: pd.DataFrame
    questions: dict[str, pd.DataFrame] = field(default_factory=dict)
    items: pd.DataFrame | None = None
    lms: pd.DataFrame | None = None


@dataclass(frozen=True)
class SheetPaths:
    csv: Path
    excel: Path
    lms: Path


def graded_chapters(course: Course) -> list[str]:
    """The chapters the course's gradebook knows, in the book's order."""
    from nbgrader.api import MissingEntry

    if not _gradebook_exists(course):
        return []
    found = []
    with course.gradebook() as gradebook:
        for chapter in CHAPTERS:
            try:
                gradebook.find_assignment(chapter)
            except MissingEntry:
                continue
            found.append(chapter)
    return found


def _gradebook_exists(course: Course) -> bool:
    db = course.db_url
    return not db.startswith("sqlite:///") or Path(db.removeprefix("sqlite:///")).is_file()


def _kind(item) -> str:
    """题型 of an item in the 题目说明 sheet."""
    if item.written:
        return "书面（教师批改）"
    return "对话（教师批改）" if item.chat else "自动评分"


def _waiting_for_teacher(submission) -> bool:
    """An answer has no score yet (nbgrader's needs_manual_grade is set again by every
    re-grade, even for answers a teacher already scored)."""
    return any(grade.auto_score is None and grade.manual_score is None
               for notebook in submission.notebooks for grade in notebook.grades)


def collect_grades(course: Course, chapters: list[str] | None = None,
                   students: list[str] | None = None) -> tuple[pd.DataFrame, dict]:
    """汇总 rows (one per student and chapter) and the per-question table of each chapter.

    Defaults: every chapter the gradebook knows, and every student of the gradebook
    and of the imported roster.
    """
    sheets = build(course, chapters, students)
    return sheets.summary, sheets.questions


def build(course: Course, chapters: list[str] | None = None,
          students: list[str] | None = None) -> Sheets:
    """All the tables of an export, from the gradebook, the roster and the ledger."""
    from nbgrader.api import MissingEntry

    chapters = graded_chapters(course) if chapters is None else chapters
    roster = load_saved_roster(course)
    ledger = Ledger(course.ledger_path)
    rows, questions, item_rows = [], {}, []
    with course.gradebook() as gradebook:
        known = {s.id: f"{s.last_name or ''}{s.first_name or ''}" for s in gradebook.students}
        everyone = students if students is not None else sorted(set(known) | set(roster))
        for chapter in chapters:
            assignment = gradebook.find_assignment(chapter)
            items = chapter_items(course, chapter)
            label = {item.grade_id: item.label for item in items}
            item_rows += [[chapter, item.label, item.grade_id, item.points, _kind(item), item.title]
                          for item in items]
            per_question = []
            for student_id in everyone:
                name = roster[student_id].name if student_id in roster else known.get(
                    student_id, "")
                class_name = roster[student_id].class_name if student_id in roster else ""
                entry = ledger.get(student_id, chapter)
                times = ([entry.submitted, TIME_SOURCES.get(entry.time_source, ""), entry.file]
                         if entry else ["", "", ""])
                try:
                    sub = gradebook.find_submission(chapter, student_id)
                except MissingEntry:
                    reason = entry.reason if entry and entry.reason else MISSING
                    reason += f"；{entry.note}" if entry and entry.note and entry.reason else ""
                    rows.append([student_id, name, class_name, chapter, 0.0,
                                 float(assignment.max_score), 0.0, 0.0, 0.0, 0.0,
                                 float(assignment.max_code_score), "否", reason, *times, ""])
                    continue
                penalty = float(sub.late_submission_penalty or 0)
                state = entry.reason if entry and entry.reason else "评分完成"
                final = max(0.0, float(sub.score) - penalty)
                waiting = _waiting_for_teacher(sub) and state == "评分完成"
                if entry and entry.note:
                    state += f"；{entry.note}"
                rows.append([
                    student_id, name, class_name, chapter, round(final, 2), float(sub.max_score),
                    round(final / sub.max_score, 4) if sub.max_score else 0.0,
                    round(float(sub.score), 2), round(penalty, 2),
                    round(float(sub.code_score), 2), float(sub.max_code_score),
                    "是" if waiting else "否", state, *times,
                    helpuse.summary(course.submission_dir(student_id, chapter) / f"{chapter}.ipynb",
                                    chapter)])
                scores = {"学号": student_id, "姓名": name, "班级": class_name}
                grades = {g.name: g for nb in sub.notebooks for g in nb.grades}
                for item in items:
                    grade = grades.get(item.grade_id)
                    if grade is None:
                        continue
                    column = f"{label[item.grade_id]}（{item.points:g}分）"
                    pending = grade.auto_score is None and grade.manual_score is None
                    scores[column] = PENDING if pending else grade.score
                per_question.append(scores)
            questions[chapter] = pd.DataFrame(per_question, columns=None if per_question
                                              else QUESTION_COLUMNS)
    summary = pd.DataFrame(rows, columns=SUMMARY_COLUMNS).astype({"学号": "str"})
    overview = _overview(course, summary, chapters)
    items_table = pd.DataFrame(item_rows, columns=["章节", "练习", "grade id", "满分", "题型",
                                                   "题目"])
    lms = overview[["学号", "姓名", "平时成绩"]].rename(columns={"平时成绩": "成绩"})
    return Sheets(summary, overview, questions, items_table, lms)


def _overview(course: Course, summary: pd.DataFrame, chapters: list[str]) -> pd.DataFrame:
    """One row per student: each chapter's score (or 未提交), the total and 平时成绩."""
    columns = [*QUESTION_COLUMNS, *chapters, "总分", "满分", "平时成绩"]
    if summary.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for (student_id, name, class_name), mine in summary.groupby(QUESTION_COLUMNS, sort=False):
        row = {"学号": student_id, "姓名": name, "班级": class_name}
        weighted = weights = 0.0
        for record in mine.itertuples(index=False):
            submitted = record.状态 != MISSING
            row[record.章节] = record.得分 if submitted else MISSING
            weight = course.calendar.weight(record.章节)
            weights += weight
            weighted += weight * (record.得分 / record.满分 if record.满分 else 0.0)
        row["总分"] = round(float(mine["得分"].sum()), 2)
        row["满分"] = round(float(mine["满分"].sum()), 2)
        row["平时成绩"] = round(100 * weighted / weights, 1) if weights else 0.0
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def _neutralised(table: pd.DataFrame) -> pd.DataFrame:
    """Every text cell as :func:`cell_text`; numbers stay numbers."""
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column].dtype):
            out[column] = [cell_text(v) if isinstance(v, str) else v for v in out[column]]
    out.columns = [cell_text(c) for c in out.columns]
    return out


def _sheet_name(text: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique."""
    name = re.sub(r"[\[\]:*?/\\]", "_", safe_text(text)).strip("'") or "班级"
    name = name[:28]
    base, n = name, 2
    while name in taken:
        name = f"{base[:26]}({n})"
        n += 1
    taken.add(name)
    return name


def _write_excel(path: Path, sheets: list[tuple[str, pd.DataFrame]]) -> None:
    taken: set[str] = set()
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for title, table in sheets:
            _neutralised(table).to_excel(writer, sheet_name=_sheet_name(title, taken),
                                         index=False)
        for sheet in writer.book.worksheets:
            for column, width in (("A", 14), ("B", 10), ("C", 14)):
                sheet.column_dimensions[column].width = width
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":  # never a formula, whatever the text says
                        cell.data_type = "s"
            # 学号, 姓名 and 班级 are text: "@" keeps Excel from turning 学号 into numbers.
            for row in sheet.iter_rows(min_row=2, min_col=1, max_col=3):
                for cell in row:
                    cell.number_format = "@"


def write_grades(course: Course, chapters: list[str] | None = None,
                 students: list[str] | None = None) -> SheetPaths:
    """Rebuild every grade sheet from the gradebook (all graded chapters by default)."""
    sheets = build(course, chapters, students)
    out = course.exports_dir
    out.mkdir(parents=True, exist_ok=True)
    paths = SheetPaths(out / "grades.csv", out / "grades.xlsx", out / "学习通成绩导入.xlsx")
    # utf-8-sig: Excel on Windows opens the CSV with the right encoding.
    _neutralised(sheets.summary).to_csv(paths.csv, index=False, encoding="utf-8-sig")
    by_class = [(f"成绩总表-{name}", table) for name, table in
                sheets.overview.groupby("班级", sort=True) if name] if not sheets.overview.empty \
        else []
    _write_excel(paths.excel, [("成绩总表", sheets.overview), *by_class, ("汇总", sheets.summary),
                               *sheets.questions.items(), ("题目说明", sheets.items)])
    _write_excel(paths.lms, [("成绩导入", sheets.lms)])
    return paths

