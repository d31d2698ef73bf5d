"""The grading pipeline: intake → gradebook set-up → nbgrader autograde → feedback → exports.

Stock nbgrader does the grading (its preprocessors and gradebook, configured
by ``nbgrader_config.py``); this module schedules it over a class, keeps going
when one submission fails, and writes the grade sheet and feedback.
"""

from __future__ import annotations

import re
import shutil
import time
import warnings
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

from autograder import exports, intake, roster
from autograder.settings import CHAPTERS, ROOT, due_date, existing_chapters


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


def load_config(root: Path = ROOT, **course_dir: str):
    """nbgrader's configuration from ``root/nbgrader_config.py``, with CourseDirectory overrides."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    for key, value in course_dir.items():
        setattr(config.CourseDirectory, key, value)
    return config


def make_api(config):
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def prepare_gradebook(chapters: list[str], root: Path = ROOT, db_url: str | None = None
                      ) -> list[str]:
    """Record each chapter's source cells and due date in the gradebook.

    ``generate_assignment`` writes to a scratch release folder, so the
    committed ``release/`` is never touched by grading.
    """
    from nbgrader.api import Gradebook

    scratch = root / "autograder" / ".cache" / "release"
    extra = {"db_url": db_url} if db_url else {}
    api = make_api(load_config(root, release_directory=str(scratch.relative_to(root)), **extra))
    problems = []
    for chapter in chapters:
        result = api.generate_assignment(chapter, force=True, create=True)
        if not result.get("success"):
            problems.append(f"{chapter}：无法从 source/ 生成作业（{_last_line(result)}）")
    config = load_config(root, **extra)
    with Gradebook(config.CourseDirectory.db_url) as gradebook:
        for chapter in chapters:
            due = (due_date(chapter).astimezone(UTC).replace(tzinfo=None)
                   if chapter in CHAPTERS else None)  # the orientation has no due date
            gradebook.update_or_create_assignment(chapter, duedate=due)
    return problems


def _last_line(result: dict) -> str:
    text = (result.get("error") or result.get("log") or "").strip().splitlines()
    return text[-1][-300:] if text else "未知错误"


def notebook_problem(path: Path) -> str:
    """A Chinese reason when ``path`` is not a notebook nbgrader can grade, else ""."""
    import json

    if not path.is_file():
        return f"提交中没有找到本章的笔记本文件 {path.name}"
    raw = path.read_bytes()
    if not raw.strip():
        return "提交的文件是空的（0 字节）"
    try:
        notebook = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return "笔记本文件损坏，不是有效的 .ipynb（JSON）文件"
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        return "文件不是 Jupyter 笔记本（缺少 cells）"
    return ""


def autograde_all(chapters: list[str], students: list[str] | None = None, root: Path = ROOT,
                  progress: bool = True, feedback: bool = True,
                  db_url: str | None = None, jobs: int | None = None) -> list[Outcome]:
    """Autograde (and write feedback for) every submission of ``chapters``, in parallel.

    nbgrader's preprocessors and gradebook do the grading; the engine in
    ``autograder/engine`` runs the notebooks in sandboxed pre-warmed workers
    (``jobs`` of them, default: all cores) with one gradebook writer.
    """
    from autograder.engine.batch import Submission, run_batch

    submitted = root / "autograder" / "submitted"
    subs = []
    for chapter in chapters:
        for folder in sorted(submitted.glob(f"*/{chapter}")):
            if students is None or folder.parent.name in students:
                subs.append(Submission(folder.parent.name, chapter,
                                       folder / f"{chapter}.ipynb"))
    config = load_config(root, **({"db_url": db_url} if db_url else {}))
    outcomes = [Outcome(g.sub.student_id, g.sub.chapter, g.ok, g.reason, g.own_seconds)
                for g in run_batch(subs, root, config, jobs=jobs, feedback=feedback,
                                   progress=progress)]
    order = {(s.student_id, s.chapter): i for i, s in enumerate(subs)}
    return sorted(outcomes, key=lambda o: order[(o.student_id, o.chapter)])


def grade(chapters: list[str] | None = None, submissions: Path | None = None,
          root: Path = ROOT, progress: bool = True, sample_size: int | None = None,
          jobs: int | None = None, feedback: bool = True) -> GradeRun:
    """Grade a class: the bundled sample class, or the files under ``submissions``."""
    from autograder import sampleclass

    warnings.filterwarnings("ignore", module="nbgrader")
    warnings.filterwarnings("ignore", message=".*not in session.*")
    started = time.monotonic()
    available = existing_chapters(root)
    chapters = chapters or available
    unknown = [c for c in chapters if c not in available]
    if unknown:
        raise ValueError(f"没有这些章节的作业：{'、'.join(unknown)}。"
                         f"现有章节：{'、'.join(available)}。")
    run = GradeRun(chapters=list(chapters))
    everyone: list[str] = []
    submitted = root / "autograder" / "submitted"
    if submissions is None:
        for chapter in chapters:
            for old in submitted.glob(f"*/{chapter}"):
                shutil.rmtree(old)
        written = sampleclass.write_class(submitted, chapters,
                                          n=sample_size or len(sampleclass.PROFILES), root=root)
        names = {s.student_id: (s.last_name, s.first_name) for s, _ in written}
    else:
        saved = roster.load_saved_roster(root)
        found = intake.collect(Path(submissions), chapters, submitted, roster=saved or None)
        run.intake_report = found.report()
        names = found.names
        if saved:  # students on the roster without a file are listed as 未提交
            everyone = sorted(set(names) | set(saved))
    run.problems.extend(prepare_gradebook(chapters, root))
    exports.register_students(load_config(root).CourseDirectory.db_url, names)
    run.outcomes = autograde_all(chapters, sorted(names), root, progress, feedback=feedback,
                                 jobs=jobs)
    run.csv_path, run.excel_path = exports.write_grades(root, chapters, run.outcomes,
                                                        students=everyone or sorted(names))
    run.feedback_dir = root / "autograder" / "feedback"
    run.report_path = _report(root, chapters, run)
    run.seconds = time.monotonic() - started
    return run


def _report(root: Path, chapters: list[str], run: GradeRun) -> Path | None:
    """The item-analysis report next to the grade sheets (a failure is reported, not raised)."""
    from autograder.report import build_report

    try:
        return build_report(load_config(root).CourseDirectory.db_url, chapters,
                            root / "autograder" / "exports" / "report.html")
    except Exception as exc:  # noqa: BLE001 - the grades are saved; the report is extra
        run.problems.append(f"题目分析报告生成失败：{type(exc).__name__}: {exc}")
        return None


def chapter_id(text: str) -> str:
    """Normalise "7", "07", "ch7" or "ch07" to "ch07"."""
    match = re.fullmatch(r"(?:ch)?0?(\d)", text.strip().lower())
    if not match:
        raise ValueError(f"无法识别的章节：{text!r}，请写成 ch07 或 7 这样的形式。")
    return f"ch0{match.group(1)}"
