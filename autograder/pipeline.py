"""Grading a class, stage by stage: intake → gradebook set-up → batch → grade sheets → report.

nbgrader's own preprocessors and gradebook do the grading (configured by the
course's ``nbgrader_config.py``); this module runs the stages over a
:class:`~autograder.coursedir.Course`, keeps going when one submission fails,
and writes the grade sheets, feedback and item-analysis report.
"""

from __future__ import annotations

import json
import shutil
import time
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from autograder import gradesheets, intake, roster
from autograder.classkey import ClassKey
from autograder.coursedir import Course
from autograder.ledger import Ledger
from autograder.schedule import SHANGHAI


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
    sheets: gradesheets.SheetPaths | None = None
    report_path: Path | None = None
    #: What intake found (Chinese): files received, unknown 学号, duplicates, late files.
    intake_report: str = ""
    #: 未提交 per chapter, with names (roster students without a file).
    missing_report: str = ""
    #: Where this run's intake record was saved.
    intake_record: Path | None = None
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


def _require_registered(course: Course, chapters: list[str], problems: list[str]) -> None:
    """Stop (nobody graded) when a chapter's notebook never reached the gradebook."""
    from nbgrader.api import MissingEntry

    from autograder.batch import GradingError

    missing = []
    with course.gradebook() as gradebook:
        for chapter in chapters:
            try:
                gradebook.find_notebook(chapter, chapter)
            except MissingEntry:
                missing.append(chapter)
    if missing:
        why = [p for p in problems if p.split("：")[0] in missing]
        raise GradingError(f"{'、'.join(missing)} 没有登记到成绩库，无法评分"
                           f"（{'；'.join(why) or '原因不明'}）。没有给任何学生评分。")


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


def real_class(course: Course) -> bool:
    """Whether the course holds a real class: an imported roster, or gradebook students
    other than the bundled sample class."""
    from autograder import sampleclass

    if course.roster_path.is_file():
        return True
    if not gradesheets.graded_chapters(course):
        return False
    sample = {student.student_id for student in sampleclass.roster(100)}
    with course.gradebook() as gradebook:
        return any(student.id not in sample for student in gradebook.students)


def grade(course: Course, chapters: list[str] | None = None, submissions: Path | None = None,
          progress: bool = True, sample_size: int | None = None, jobs: int | None = None,
          feedback: bool = True, students: list[str] | None = None, times: Path | None = None,
          file_times: bool = False, submitted_at: datetime | None = None,
          notes: Mapping[tuple[str, str], str] | None = None,
          unusable: Mapping[tuple[str, str], str] | None = None) -> GradeRun:
    """Grade a class: the files under ``submissions``, or the bundled sample class.

    ``students`` limits the run to some students (with no ``submissions``, their
    copies already in the course are graded again). ``times`` is an LMS export with
    学号 and 提交时间; ``file_times`` lets file and zip times decide lateness;
    ``submitted_at`` is the teacher's own submission time for one student.
    ``notes`` ((学号, chapter) → Chinese) say which of several hand-ins was graded and
    ``unusable`` why a student's hand-in could not be graded at all (grading from the
    exchange, :mod:`autograder.exchange`); both go into the grade sheet's 状态.
    """
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
    if submitted_at is not None and (not students or len(students) != 1):
        raise ValueError("指定提交时间（--submitted-at）时，请同时用 --student 指定一名学生。")
    run = GradeRun(chapters=list(chapters))
    key = ClassKey.of(course)
    if key.per_student:
        # The sample class may make the demo's secret; real submissions need the one
        # the students were given (ClassKeyError, in Chinese, otherwise).
        if submissions is None and not students:
            fingerprint, created = key.create()
            if created:
                run.problems.append(f"已生成班级密钥 {key.settings.secret_file}（指纹 {fingerprint}）："
                                    "每位学生的数据版本由它算出，请备份，发给学生的课程（kefu bundle）"
                                    "必须用同一个密钥。")
        else:
            key.check()
    ledger = Ledger(course.ledger_path)
    found: intake.Intake | None = None
    if submissions is None and students:
        names = {}  # graded again from the copies the course already holds
        graded = list(students)
    elif submissions is None:
        if real_class(course):
            raise ValueError("这个课程已有真实学生（导入了花名册，或成绩库中有示例班级以外的学生），"
                             "不能再用示例班级批改，否则会混入模拟学生、删除学生的作业副本。"
                             "请用 --submissions 指定收上来的作业；只想看示例时，请在课程的一个"
                             "副本中运行。")
        for chapter in chapters:
            for old in course.submitted_dir.glob(f"*/{chapter}"):
                shutil.rmtree(old)
        written = sampleclass.write_class(course, course.submitted_dir, chapters,
                                          n=sample_size or len(sampleclass.PROFILES))
        names = {s.student_id: (s.last_name, s.first_name) for s, _ in written}
        graded = sorted(names)
        for student, chapter in {(s.student_id, ch) for s, ch in written}:
            ledger.record(student, chapter, file="示例班级", submitted="",
                          time_source="exchange")
    else:
        from autograder.submission_times import read_times

        saved = roster.load_saved_roster(course)
        teacher_time = (submitted_at.replace(tzinfo=submitted_at.tzinfo or SHANGHAI)
                        if submitted_at else None)
        found = intake.collect(Path(submissions), chapters, course.submitted_dir,
                               roster=saved or None, calendar=course.calendar,
                               times=read_times(times) if times else None,
                               file_times=file_times, only=set(students) if students else None,
                               teacher_time=teacher_time)
        run.intake_report = found.report()
        run.missing_report = found.missing_report({s: e.name for s, e in saved.items()})
        names = found.names
        graded = sorted(names)
        for (student, chapter), placed in found.placed.items():
            ledger.record(student, chapter, file=placed.label,
                          submitted=placed.moment.isoformat() if placed.moment else "",
                          time_source=placed.source, note=(notes or {}).get((student, chapter), ""))
        for (student, chapter), why in (unusable or {}).items():
            ledger.record(student, chapter, file="exchange", submitted="", time_source="",
                          reason=why, ok="no", note="")
    run.problems.extend(prepare_gradebook(course, chapters))
    _require_registered(course, chapters, run.problems)
    register_students(course, names)
    run.outcomes = autograde_all(course, chapters, graded, progress, feedback=feedback,
                                 jobs=jobs)
    record_outcomes(ledger, run.outcomes)
    if found is not None:
        run.intake_record = _save_record(course, chapters, found, run.missing_report)
    run.feedback_dir = course.feedback_dir
    run.sheets, run.report_path = _sheets_and_report(course, gradesheets.graded_chapters(course),
                                                     run)
    run.seconds = time.monotonic() - started
    return run


def record_outcomes(ledger: Ledger, outcomes: list[Outcome]) -> None:
    """Keep each submission's reason (or its clean grading) with the submission, and save."""
    now = datetime.now(SHANGHAI).isoformat(timespec="seconds")
    for outcome in outcomes:
        ledger.record(outcome.student_id, outcome.chapter, reason=outcome.reason, graded=now,
                      ok="yes" if outcome.ok else "no")
    ledger.save()


def export(course: Course) -> tuple[gradesheets.SheetPaths, Path | None, list[str]]:
    """Rebuild the grade sheets and the report from the gradebook, without grading."""
    chapters = gradesheets.graded_chapters(course)
    if not chapters:
        raise ValueError("成绩库中还没有任何章节的成绩：请先运行 kefu grade。")
    run = GradeRun(chapters=chapters)
    sheets, report = _sheets_and_report(course, chapters, run)
    return sheets, report, run.problems


def _save_record(course: Course, chapters: list[str], found: intake.Intake,
                 missing: str) -> Path:
    """This run's intake record (JSON and a readable text) in the exports folder."""
    folder = course.exports_dir / "intake"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(SHANGHAI).strftime("%Y%m%d-%H%M%S")
    base = folder / f"{stamp}-{'-'.join(chapters)}"
    base.with_suffix(".json").write_text(
        json.dumps(found.record(), ensure_ascii=False, indent=1), "utf-8")
    text = found.report() + (f"\n{missing}" if missing else "")
    base.with_suffix(".txt").write_text(text + "\n", "utf-8")
    return base.with_suffix(".json")


def _sheets_and_report(course: Course, chapters: list[str], run: GradeRun
                       ) -> tuple[gradesheets.SheetPaths, Path | None]:
    """The grade sheets and the item report, at the same time: the report (its charts and
    its font take seconds) is made in a forked process while this one writes the sheets.
    Both only read the gradebook. Without ``fork`` (not Linux) one after the other."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return gradesheets.write_grades(course), _report(course, chapters, run)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    # Not a daemon: the report draws its chapters in processes of its own (a daemon may
    # have none). Every way out of this function ends it (kill or join).
    child = context.Process(target=_report_in_child, args=(course, chapters, send),
                            name="kefu-report", daemon=False)
    child.start()
    send.close()
    try:
        sheets = gradesheets.write_grades(course)
    except BaseException:
        child.kill()
        child.join()
        raise
    try:
        path, problems = receive.recv()
    except (EOFError, OSError):  # the process died (e.g. out of memory) before it answered
        child.join()
        path, problems = None, [f"题目分析报告生成失败：生成报告的进程意外退出（退出码 "
                                f"{child.exitcode}）"]
    finally:
        receive.close()
        child.join()
    run.problems.extend(problems)
    return sheets, None if path is None else Path(path)


def _report_in_child(course: Course, chapters: list[str], send) -> None:
    run = GradeRun(chapters=chapters)
    path = _report(course, chapters, run)
    send.send((None if path is None else str(path), run.problems))
    send.close()


def _report(course: Course, chapters: list[str], run: GradeRun) -> Path | None:
    """The item-analysis report next to the grade sheets (a failure is reported, not raised)."""
    from autograder.item_analysis import build_report

    try:
        return build_report(course, chapters, course.exports_dir / "report.html")
    except Exception as exc:  # noqa: BLE001 - the grades are saved; the report is extra
        run.problems.append(f"题目分析报告生成失败：{type(exc).__name__}: {exc}")
        return None
