"""Self-learners grade their own notebook locally, hidden tests included (``kefu check``).

The learner's notebook goes through the same steps as one submission of
``kefu grade`` (:mod:`autograder.batch`: nbgrader's sanitizing steps, the
sandboxed pre-warmed engine, nbgrader's saving steps), so the points per item
are the ones the teacher's grader gives, in the learner's own data variant. It
needs no copy of the course and no Jupyter kernel:

* the grading sandbox (one zygote) starts first, in a thread, and warms up while
  this process imports nbgrader and prepares the gradebook;
* the gradebook is a throw-away SQLite file in a temp folder, copied from a
  per-chapter template: the chapter's cells as ``generate_assignment`` records
  them. The template is made once per version of the chapter (its source
  notebook, the course configuration, the scaffolds, nbgrader's version) and kept
  in the course's cache folder (``autograder/.cache/selfcheck``, which may be
  deleted at any time);
* nothing is written into the course's gradebook, ``submitted/``, ``autograded/``
  or ``feedback/``, and no feedback page or grade sheet is made.

``kefu progress`` reads the scores saved here and counts the stubs still left in
each chapter.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from autograder.coursedir import Course
from course import progress as course_progress
from course import roleplays, variants
from course.chapters import title


@dataclass(frozen=True)
class Item:
    grade_id: str
    title: str
    score: float | None
    max_score: float
    manual: bool


@dataclass(frozen=True)
class CheckResult:
    chapter: str
    items: tuple[Item, ...]
    problem: str = ""
    #: Something the learner should know about a graded notebook (Chinese), e.g. that it
    #: last ran with someone else's data.
    note: str = ""
    #: Seconds spent in each stage (for the bench); not part of the result.
    timings: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def auto_score(self) -> float:
        return sum(i.score or 0 for i in self.items if not i.manual)

    @property
    def auto_max(self) -> float:
        return sum(i.max_score for i in self.items if not i.manual)

    def report(self) -> str:
        heading = f"{self.chapter}《{title(self.chapter)}》自查结果（含隐藏测试）"
        if self.problem:
            return f"{heading}\n无法评分：{self.problem}"
        width = max(len(i.title) for i in self.items) if self.items else 10
        lines = [heading, *([f"注意：{self.note}"] if self.note else []),
                 f"{'题目'.ljust(width)}  得分 / 满分"]
        for item in self.items:
            score = "教师批改" if item.manual else f"{item.score:g} / {item.max_score:g}"
            lines.append(f"{item.title.ljust(width)}  {score}")
        manual = sum(i.max_score for i in self.items if i.manual)
        lines.append(f"自动评分合计：{self.auto_score:g} / {self.auto_max:g}"
                     + (f"；另有 {manual:g} 分{self._manual_kinds()}需要教师批改。" if manual else "。"))
        return "\n".join(lines)


    def _manual_kinds(self) -> str:
        chats = any(i.manual and roleplays.by_grade_id(i.grade_id) for i in self.items)
        written = any(i.manual and not roleplays.by_grade_id(i.grade_id) for i in self.items)
        return "、".join(kind for kind, has in (("书面题", written), ("对话练习", chats)) if has)


def _titles(source: dict) -> dict[str, str]:
    titles = {}
    for cell in source["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not meta.get("grade"):
            continue
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            titles[meta["grade_id"]] = "书面题"
            continue
        if meta.get("solution"):  # a role-play chat: replies the teacher grades
            titles[meta["grade_id"]] = roleplays.label(meta["grade_id"]) or "对话练习"
            continue
        titles[meta["grade_id"]] = course_progress.exercise_title(text, meta["grade_id"])
    return titles


#: The learner's id in the throw-away gradebook when no 学号 is set (public variant).
ANONYMOUS = "me"


def check(course: Course, chapter: str, notebook: Path,
          sandbox: Sandbox | None = None) -> CheckResult:
    """Grade ``notebook`` as a submission of ``chapter``; nothing of the course is changed.

    The notebook runs in the grading sandbox as the learner's own variant (the
    public one when no 学号 is set), and every item gets the points ``kefu grade``
    would give it. ``sandbox``: one the caller started earlier (and stops), so that
    it warms up while the caller reads the course; else the check starts its own.
    """
    from autograder.intake import notebook_problem

    if chapter not in course.released_chapters():
        raise ValueError(f"没有 {chapter} 这一章的作业。")
    notebook = Path(notebook)
    problem = notebook_problem(notebook)
    if problem:
        return CheckResult(chapter, (), problem)
    timings: dict[str, float] = {}
    began = time.perf_counter()
    with contextlib.ExitStack() as stack:
        if sandbox is None:
            # The sandbox warms up while this process prepares everything else.
            sandbox = stack.enter_context(Sandbox(chapter))
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kefu-check-")))
        return _grade(course, chapter, notebook, tmp, sandbox, timings, began)


def _grade(course: Course, chapter: str, notebook: Path, tmp: Path, engine: Sandbox,
           timings: dict[str, float], began: float) -> CheckResult:
    import warnings

    from autograder import batch
    from autograder.steps import sources

    def lap(name: str) -> None:
        timings[name] = max(0.0, round(time.perf_counter() - began - sum(timings.values()), 4))

    warnings.filterwarnings("ignore", message=".*not in session.*")  # nbgrader's SQLAlchemy use
    titles = _titles(json.loads(course.source_notebook(chapter).read_text("utf-8")))
    me, identity = _learner()
    # The chapter's cells as generate_assignment records them, in a gradebook of our own.
    db = tmp / "gradebook.db"
    problem = chapter_gradebook(course, chapter, db)
    if problem:
        return CheckResult(chapter, (), problem, timings=timings)
    scratch = _scratch_course(course, tmp, db)
    # The learner's file, placed where a hand-in would be (no timestamp: never late).
    sub = batch.Submission(me, chapter, scratch.submitted_notebook(me, chapter))
    sub.path.parent.mkdir(parents=True)
    sub.path.write_bytes(notebook.read_bytes())
    lap("gradebook")
    remembering = sources._REMEMBERED is not None
    try:
        with batch.Writer(scratch) as writer:
            # What a pool process of kefu grade holds (the sanitizing steps, the limits),
            # with this process's own worker; then the submission, as the writer opens it.
            batch._pool_init(scratch, _Counter(), None, "none")
            batch._STATE["classkey"] = _LearnerKey(identity)
            # ChineseComments only writes comments for the teacher (rubric suggestions,
            # replayed chats); it never changes a score, and a self-check shows none.
            from autograder.steps.comments import ChineseComments

            writer.save = [step for step in writer.save if not isinstance(step, ChineseComments)]
            writer.open_submissions([sub])
            _read_release(sub)
            lap("steps")
            error = engine.ready()
            lap("sandbox wait")
            if error:
                return CheckResult(chapter, (), f"评分引擎无法启动，没有评分：{error}",
                                   timings=timings)
            result = _execute(sub, engine.worker)
            lap("run")
            if result.fatal:
                return CheckResult(chapter, (), f"评分引擎中途出错，没有评分：{result.fatal}",
                                   timings=timings)
            if result.broken:  # kefu grade gives it 0 on every item, with this reason
                return CheckResult(chapter, (), result.broken, timings=timings)
            problem = _save(writer, sub, result.notebook)
            if problem:
                return CheckResult(chapter, (), problem, timings=timings)
            with scratch.gradebook() as gradebook:
                grades = gradebook.find_submission_notebook(chapter, chapter, me).grades
                items = [Item(g.name, titles.get(g.name, g.name), g.score, g.max_score,
                              g.cell.cell_type == "markdown"
                              or roleplays.by_grade_id(g.name) is not None) for g in grades]
    finally:
        batch._STATE.clear()
        if not remembering:  # only a batch's pool process keeps the release it read
            sources.forget_release()
    order = list(titles)
    items.sort(key=lambda i: order.index(i.grade_id) if i.grade_id in order else len(order))
    lap("save")
    timings["engine start"] = engine.seconds
    timings["notebook own"] = round(result.own_seconds, 4)
    return CheckResult(chapter, tuple(items), note=result.problem, timings=timings)


def _save(writer, sub, nb) -> str:
    """The writer's saving steps (``batch.Writer.save_grades`` without writing the graded
    notebook, which a self-check does not keep); "" or a Chinese reason."""
    try:
        writer.run_saving_steps(sub, nb)
    except Exception as exc:  # noqa: BLE001 - the learner gets a reason, not a traceback
        return f"保存成绩失败：{type(exc).__name__}: {str(exc)[:200]}"
    return ""


def _read_release(sub) -> None:
    """Run the sanitizing steps once, while the sandbox warms up, so that what they read
    from the gradebook (the chapter's cells) is already at hand when the notebook runs."""
    import nbformat

    from autograder import batch

    with contextlib.suppress(Exception):  # a malformed notebook is reported by the real run
        nb = nbformat.read(sub.path, as_version=4)
        resources = batch._resources(sub, batch._STATE["course"].db_url)
        for pre in batch._STATE["sanitize"]:
            nb, resources = pre(nb, resources)


def _execute(sub, worker):
    """One submission of a kefu grade batch (:func:`autograder.batch._execute`), run by
    ``worker`` (None: nbgrader's own Execute, on a system without the sandbox)."""
    from autograder import batch
    from autograder.steps import execute

    batch._STATE["worker"] = worker
    execute.set_shared_worker(worker)
    try:
        return batch._execute(sub)
    finally:
        execute.set_shared_worker(None)


def _learner() -> tuple[str, dict[str, str]]:
    """Whose notebook this is: the id in the throw-away gradebook, and the identity the
    notebook runs as (the learner's own variant; none: the public one)."""
    variant = variants.current()
    if variant.public or not variant.student:
        return ANONYMOUS, {}
    return variant.student, {"KEFU_STUDENT": variant.student, "KEFU_VARIANT_KEY": variant.key}


class _Counter:
    """The pool's worker counter, for the one worker of this process."""

    value = 0

    def get_lock(self):
        return contextlib.nullcontext()


class _LearnerKey:
    """Whose variant the notebook runs: the learner's own (what ``kefu lab`` gave them)."""

    def __init__(self, identity: dict[str, str]) -> None:
        self.identity = identity

    def identity_env(self, student: str) -> dict[str, str]:
        return dict(self.identity)


class Sandbox:
    """The grading sandbox of one check: a worker started in a thread as soon as the
    object is made, so that it warms up while this process does everything else.

    Use it as a context manager (or call :meth:`close`): the sandbox never outlives
    the check. The thread lives until then: bubblewrap's ``--die-with-parent`` ends the
    sandbox when the *thread* that started it ends, so one thread starts and stops it.
    """

    def __init__(self, chapter: str = "") -> None:
        from autograder.engine.worker import Warm  # imported here, not in the thread

        #: ``chapter`` (when known): the sandbox prepares that chapter's notebook for the
        #: learner's variant while it warms up (see engine.worker.Warm).
        self.warm = None
        if chapter:
            with contextlib.suppress(Exception):  # no warm-up is no reason to fail a check
                self.warm = Warm(chapter, _learner()[1].get("KEFU_VARIANT_KEY", ""))
        self.worker = None
        self.error = ""
        self.seconds = 0.0
        self._ready = threading.Event()
        self._release = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="kefu-check-sandbox",
                                        daemon=True)
        self._thread.start()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _serve(self) -> None:
        try:
            self._start()
        finally:
            self._ready.set()
        self._release.wait()
        if self.worker is not None:
            # Nothing runs in it any more and it holds nothing to save: no need to wait
            # for a graceful exit (the worker's stop then only tidies up).
            with contextlib.suppress(Exception):
                self.worker.proc.kill()
            self.worker.stop()

    def _start(self) -> None:
        from autograder.engine.worker import Worker, WorkerError, note_kind, sandbox_kind

        began = time.perf_counter()
        try:
            kind = sandbox_kind()
            note_kind(kind)
            if kind == "none":  # no sandbox on this system: nbgrader's own Execute (see batch)
                return
            worker = Worker(0, kind, lean=True, warm=self.warm)
            self.worker = worker
            if not self._release.is_set():
                worker.start()
        except WorkerError as exc:
            self.error = str(exc)
            self.worker = None
        except Exception as exc:  # noqa: BLE001 - reported in Chinese, never a traceback
            self.error = f"评分进程无法启动（{type(exc).__name__}: {str(exc)[:200]}）"
            self.worker = None
        finally:
            self.seconds = round(time.perf_counter() - began, 4)

    def ready(self) -> str:
        """"" once the sandbox is warm (or there is none on this system), else why not."""
        self._ready.wait()
        return self.error

    def close(self) -> None:
        """Stop the sandbox, also when the check ended early (Ctrl+C, an error)."""
        if self._release.is_set():
            return
        if not self._ready.is_set():  # still warming up: nobody needs it any more
            with contextlib.suppress(Exception):
                self.worker.proc.kill()
        self._release.set()
        self._thread.join(timeout=30)


def _scratch_course(course: Course, tmp: Path, db: Path) -> Course:
    """The course with every folder a grading run writes moved into ``tmp``."""
    scratch = course.with_course_dir(db_url=f"sqlite:///{db}",
                                     submitted_directory=str(tmp / "submitted"),
                                     autograded_directory=str(tmp / "autograded"),
                                     feedback_directory=str(tmp / "feedback"),
                                     release_directory=str(tmp / "release"))
    scratch.config.CourseFiles.cache_directory = str(tmp / "cache")
    return scratch


# ---------------------------------------------------------------- the chapter's gradebook
def template_key(course: Course, chapter: str) -> str:
    """What the chapter's recorded cells depend on: its source notebook, the course's
    configuration, the stubs and scaffolds of its answer cells, nbgrader's version.

    The scaffolds are declared in ``course/exercises/chNN.py``: its text stands for them,
    so that the key is known without importing the course's pandas-based modules.
    """
    import importlib.util

    import nbgrader

    from autograder.stubs import CODE_STUB, TEXT_STUB
    from course.stubs import SCAFFOLD_HEAD

    spec = importlib.util.find_spec(f"course.exercises.{chapter}")
    exercises = Path(spec.origin).read_bytes() if spec and spec.origin else b""
    digest = hashlib.sha256()
    for part in (nbgrader.__version__.encode(), CODE_STUB.encode(), TEXT_STUB.encode(),
                 SCAFFOLD_HEAD.encode(), exercises,
                 (course.root / "nbgrader_config.py").read_bytes(),
                 course.source_notebook(chapter).read_bytes(),
                 json.dumps(roleplays.answer_stubs(chapter), sort_keys=True,
                            ensure_ascii=False).encode()):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()[:16]


def cache_folder(course: Course) -> Path:
    return course.cache_dir / "selfcheck"


def chapter_gradebook(course: Course, chapter: str, db: Path) -> str:
    """Write a gradebook holding ``chapter`` (as ``kefu grade`` records it) to ``db``.

    Copied from the cached template when there is one; otherwise the template is made
    (``pipeline.prepare_gradebook`` in a temp folder, nothing of the course written)
    and kept for next time. Returns "" or a Chinese reason.
    """
    folder = cache_folder(course)
    template = folder / f"{chapter}-{template_key(course, chapter)}.db"
    if template.is_file():
        shutil.copyfile(template, db)
        return ""
    problem = _make_gradebook(course, chapter, db)
    if not problem:
        for old in folder.glob(f"{chapter}-*.db"):  # an earlier version of the chapter
            with contextlib.suppress(OSError):
                old.unlink()
        _keep(db, template)
    return problem


def _make_gradebook(course: Course, chapter: str, db: Path) -> str:
    from autograder import pipeline

    with tempfile.TemporaryDirectory(prefix="kefu-check-gradebook-") as tmp:
        made = Path(tmp) / "gradebook.db"
        _empty_gradebook(course, made)
        problems = pipeline.prepare_gradebook(_scratch_course(course, Path(tmp), made), [chapter])
        if any("KeyboardInterrupt" in problem for problem in problems):
            raise KeyboardInterrupt  # nbgrader's API reports Ctrl+C as a failed generation
        if problems:
            return "；".join(problems)
        shutil.copyfile(made, db)
    return ""


def _empty_gradebook(course: Course, db: Path) -> None:
    """An nbgrader gradebook with no assignment yet at ``db``.

    Creating one runs the ``alembic`` command (about 2–3 s), so the empty one is kept
    in the cache folder too (per nbgrader version).
    """
    import nbgrader
    from nbgrader.api import Gradebook

    template = cache_folder(course) / f"empty-{nbgrader.__version__}.db"
    if template.is_file():
        shutil.copyfile(template, db)
        return
    Gradebook(f"sqlite:///{db}").close()
    _keep(db, template)


def _keep(made: Path, template: Path) -> None:
    """Save ``made`` as ``template`` atomically (a read-only course: made again next time)."""
    with contextlib.suppress(OSError):
        template.parent.mkdir(parents=True, exist_ok=True)
        partial = template.with_name(f".{template.name}.{os.getpid()}.tmp")
        shutil.copyfile(made, partial)
        os.replace(partial, template)


def save_progress(workspace: Path, result: CheckResult) -> None:
    course_progress.save(workspace, result.chapter, result.auto_score, result.auto_max)


def progress(course: Course, workspace: Path | None = None) -> list[dict]:
    """Per chapter: the learner's notebook, unanswered stubs left, last ``kefu check`` score."""
    return course_progress.rows(workspace or course.workspace_dir, course.chapters())
