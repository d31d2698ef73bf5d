"""Grade sheets from the gradebook: CSV and Excel with Chinese headers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from autograder.coursedir import Course
from autograder.roster import load_saved_roster

SUMMARY_COLUMNS = ["学号", "姓名", "班级", "章节", "得分", "满分", "得分率", "原始得分",
                   "迟交扣分", "自动评分得分", "自动评分满分", "待人工批改", "状态"]
#: The leading columns of each chapter's per-question sheet.
QUESTION_COLUMNS = ["学号", "姓名", "班级"]


def _waiting_for_teacher(submission) -> bool:
    """An answer has no score yet (nbgrader's needs_manual_grade is set again by every
    re-grade, even for answers a teacher already scored)."""
    return any(grade.auto_score is None and grade.manual_score is None
               for notebook in submission.notebooks for grade in notebook.grades)


def collect_grades(course: Course, chapters: list[str], students: list[str],
                   outcomes: list | None = None, classes: dict[str, str] | None = None
                   ) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Summary rows (one per student and chapter) and per-question tables per chapter.

    ``classes`` maps 学号 to 班级 (from the roster); students not in it get an empty 班级.
    """
    from nbgrader.api import MissingEntry

    status = {(o.student_id, o.chapter): o for o in outcomes or []}
    rows, questions = [], {}
    with course.gradebook() as gradebook:
        for chapter in chapters:
            assignment = gradebook.find_assignment(chapter)
            per_question = []
            for student_id in students:
                try:
                    student = gradebook.find_student(student_id)
                    name = f"{student.last_name or ''}{student.first_name or ''}"
                except MissingEntry:
                    name = ""
                class_name = (classes or {}).get(student_id, "")
                outcome = status.get((student_id, chapter))
                try:
                    sub = gradebook.find_submission(chapter, student_id)
                except MissingEntry:
                    reason = outcome.reason if outcome and not outcome.ok else "未提交"
                    rows.append([student_id, name, class_name, chapter, 0.0,
                                 assignment.max_score, 0.0, 0.0, 0.0, 0.0,
                                 assignment.max_code_score, "否", reason])
                    continue
                penalty = float(sub.late_submission_penalty or 0)
                state = outcome.reason if outcome is not None and outcome.reason else "评分完成"
                final = max(0.0, float(sub.score) - penalty)
                rows.append([
                    student_id, name, class_name, chapter, round(final, 2), float(sub.max_score),
                    round(final / sub.max_score, 4) if sub.max_score else 0.0,
                    round(float(sub.score), 2), round(penalty, 2),
                    round(float(sub.code_score), 2), float(sub.max_code_score),
                    "是" if _waiting_for_teacher(sub) and state == "评分完成" else "否", state,
                ])
                scores = {"学号": student_id, "姓名": name, "班级": class_name}
                for notebook in sub.notebooks:
                    for grade in sorted(notebook.grades, key=lambda g: g.cell.id):
                        scores[f"{grade.name}（{grade.max_score:g}分）"] = grade.score
                per_question.append(scores)
            questions[chapter] = pd.DataFrame(per_question, columns=None if per_question
                                              else QUESTION_COLUMNS)
    summary = pd.DataFrame(rows, columns=SUMMARY_COLUMNS).astype({"学号": "str"})
    return summary, questions


def write_grades(course: Course, chapters: list[str], outcomes: list,
                 students: list[str]) -> tuple[Path, Path]:
    """Write ``grades.csv`` and ``grades.xlsx`` into the course's exports folder.

    The 班级 column comes from the imported roster (empty without one).
    """
    classes = {sid: entry.class_name for sid, entry in load_saved_roster(course).items()}
    summary, questions = collect_grades(course, chapters, students, outcomes, classes)
    out = course.exports_dir
    out.mkdir(parents=True, exist_ok=True)
    csv_path, excel_path = out / "grades.csv", out / "grades.xlsx"
    # utf-8-sig: Excel on Windows opens the CSV with the right encoding.
    summary.to_csv(csv_path, index=False, encoding="utf-8-sig")
    with pd.ExcelWriter(excel_path, engine="openpyxl") as writer:
        summary.to_excel(writer, sheet_name="汇总", index=False)
        for chapter, table in questions.items():
            table.to_excel(writer, sheet_name=chapter, index=False)
        # 学号, 姓名 and 班级 are text: "@" keeps Excel from turning 学号 into numbers.
        for sheet in writer.book.worksheets:
            for column, width in (("A", 14), ("B", 10), ("C", 14)):
                sheet.column_dimensions[column].width = width
            for row in sheet.iter_rows(min_row=2, min_col=1, max_col=3):
                for cell in row:
                    cell.number_format = "@"
    return csv_path, excel_path
