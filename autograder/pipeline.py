"""Grading a class, stage by stage: intake → gradebook set-up → batch → grade sheets → report.

nbgrader's own preprocessors and gradebook do the grading (configured by the
course's ``nbgrader_config.py``); this module runs the stages over a
:class:`~autograder.coursedir.Course`, keeps going when one submission fails,
and writes the grade sheets, feedback and item-analysis report.
"""

from __future__ import annotations

import shutil
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from autograder import gradesheets, intake, roster
from autograder.coursedir import Course


@dataclass
class Outcome:
    """What happened to one submission."""

    student_id: str
    chapter: str
    ok: bool
    reason: str = ""
    #: The notebook's own execution time in the grading sandbox, in seconds.
    seconds: float = 0.0


@dataclass
class GradeRun:
    """The result of one ``kefu grade`` batch."""

    chapters: list[str]
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    csv_path: Path | None = None
    excel_path: Path | None = None
    report_path: Path | None = None
    #: What intake found (Chinese): files received, unknown 学号, duplicates, late files.
    intake_report: str = ""
    feedback_dir: Path | None = None
    seconds: float = 0.0

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]


def prepare_gradebook(course: Course, chapters: list[str]) -> list[str]:
    """Record each chapter's source cells and due date in the gradebook.

    ``generate_assignment`` writes to a scratch release folder, so the
    committed ``release/`` is never touched by grading.
    """
    course.ensure_gradebook_folder()  # generate_assignment opens the gradebook
    scratch = course.cache_dir / "release"
    api = course.with_course_dir(release_directory=str(scratch)).api()
    problems = []
    for chapter in chapters:
        result = api.generate_assignment(chapter, force=True, create=True)
        if not result.get("success"):
            problems.append(f"{chapter}：无法从 source/ 生成作业（{_last_line(result)}）")
    with course.gradebook() as gradebook:
        for chapter in chapters:
            # The orientation has no due date.
            gradebook.update_or_create_assignment(
                chapter, duedate=course.calendar.due_utc_naive(chapter))
    return problems


def _last_line(result: dict) -> str:
    text = (result.get("error") or result.get("log") or "").strip().splitlines()
    return text[-1][-300:] if text else "未知错误"


def register_students(course: Course, names: dict[str, tuple[str, str]]) -> None:
    """Create or update students (学号 → (姓, 名)) in the gradebook."""
    with course.gradebook() as gradebook:
        for student_id, (last, first) in names.items():
            gradebook.update_or_create_student(student_id, last_name=last or None,
                                               first_name=first or None)


def autograde_all(course: Course, chapters: list[str], students: list[str] | None = None,
                  progress: bool = True, feedback: bool = True,
                  jobs: int | None = None) -> list[Outcome]:
    """Autograde (and write feedback for) every submission of ``chapters``, in parallel.

    nbgrader's preprocessors and gradebook do the grading; the batch runs the
    notebooks in sandboxed pre-warmed workers (``jobs`` of them, default: all
    cores) with one gradebook writer.
    """
    from autograder.batch import Submission, run_batch

    subs = []
    for chapter in chapters:
        for folder in sorted(course.submitted_dir.glob(f"*/{chapter}")):
            student = folder.parent.name
            if students is None or student in students:
                subs.append(Submission(student, chapter,
                                       course.submitted_notebook(student, chapter)))
    outcomes = [Outcome(g.sub.student_id, g.sub.chapter, g.ok, g.reason, g.own_seconds)
                for g in run_batch(subs, course, jobs=jobs, feedback=feedback,
                                   progress=progress)]
    order = {(s.student_id, s.chapter): i for i, s in enumerate(subs)}
    return sorted(outcomes, key=lambda o: order[(o.student_id, o.chapter)])


def grade(course: Course, chapters: list[str] | None = None, submissions: Path | None = None,
          progress: bool = True, sample_size: int | None = None, jobs: int | None = None,
          feedback: bool = True) -> GradeRun:
    """Grade a class: the bundled sample class, or the files under ``submissions``."""
    from autograder import sampleclass

    warnings.filterwarnings("ignore", module="nbgrader")
    warnings.filterwarnings("ignore", message=".*not in session.*")
    started = time.monotonic()
    available = course.chapters()
    chapters = chapters or available
    unknown = [c for c in chapters if c not in available]
    if unknown:
        raise ValueError(f"没有这些章节的作业：{'、'.join(unknown)}。"
                         f"现有章节：{'、'.join(available)}。")
    run = GradeRun(chapters=list(chapters))
    everyone: list[str] = []
    if submissions is None:
        for chapter in chapters:
            for old in course.submitted_dir.glob(f"*/{chapter}"):
                shutil.rmtree(old)
        written = sampleclass.write_class(course, course.submitted_dir, chapters,
                                          n=sample_size or len(sampleclass.PROFILES))
        names = {s.student_id: (s.last_name, s.first_name) for s, _ in written}
    else:
        saved = roster.load_saved_roster(course)
        found = intake.collect(Path(submissions), chapters, course.submitted_dir,
                               roster=saved or None, calendar=course.calendar)
        run.intake_report = found.report()
        names = found.names
        if saved:  # students on the roster without a file are listed as 未提交
            everyone = sorted(set(names) | set(saved))
    run.problems.extend(prepare_gradebook(course, chapters))
    register_students(course, names)
    run.outcomes = autograde_all(course, chapters, sorted(names), progress, feedback=feedback,
                                 jobs=jobs)
    run.csv_path, run.excel_path = gradesheets.write_grades(course, chapters, run.outcomes,
                                                            students=everyone or sorted(names))
    run.feedback_dir = course.feedback_dir
    run.report_path = _report(course, chapters, run)
    run.seconds = time.monotonic() - started
    return run


def _report(course: Course, chapters: list[str], run: GradeRun) -> Path | None:
    """The item-analysis report next to the grade sheets (a failure is reported, not raised)."""
    from autograder.item_analysis import build_report

    try:
        return build_report(course, chapters, course.exports_dir / "report.html")
    except Exception as exc:  # noqa: BLE001 - the grades are saved; the report is extra
        run.problems.append(f"题目分析报告生成失败：{type(exc).__name__}: {exc}")
        return None
