"""Grade a class in parallel with nbgrader's own preprocessors and one gradebook writer.

The work of ``nbgrader autograde`` is split by who may touch the gradebook:

* **pool processes** (``--jobs`` of them, each owning a sandboxed pre-warmed
  :class:`~autograder.engine.worker.Worker`): read the submission, run
  nbgrader's sanitizing preprocessors (they only *read* the gradebook), execute
  it in the sandbox, apply IgnorePattern / ClearMetadata / LimitOutput; later
  they render the feedback HTML (GetGrades only reads);
* **the main process**, the only writer: creates students and submissions with
  their timestamps, runs SaveAutoGrades, AssignLatePenalties and
  CheckCellMetadata on each executed notebook, writes the autograded notebook.

Every write for one submission is its own transaction and every file is
replaced atomically, so a batch killed half-way and run again ends in the same
gradebook: nothing duplicated, nothing lost.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.util
import os
import sys
import traceback
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from autograder.coursedir import Course


@dataclass(frozen=True)
class Submission:
    """One notebook to grade."""

    student_id: str
    chapter: str
    path: Path


class GradingError(RuntimeError):
    """The batch cannot grade (a Chinese message naming the cause); nothing more is scored."""


@dataclass
class Executed:
    """What a pool process sends back for one submission."""

    #: The grading engine itself failed (not the submission): the batch must stop.
    fatal: str = ""

    #: The executed notebook (a NotebookNode; pickled between processes, no JSON round trip).
    notebook: object = None
    problem: str = ""
    broken: str = ""
    #: The notebook's own execution time inside the sandbox (sum over its cells).
    own_seconds: float = 0.0


@dataclass
class Graded:
    """One finished submission, as :func:`run_batch` reports it."""

    sub: Submission
    ok: bool
    reason: str = ""
    own_seconds: float = 0.0


def _resources(sub: Submission, db_url: str) -> dict:
    return {"unique_key": sub.chapter, "output_files_dir": f"{sub.chapter}_files",
            "nbgrader": {"student": sub.student_id, "assignment": sub.chapter,
                         "notebook": sub.chapter, "db_url": db_url}}


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _instances(names: list[str], config) -> list:
    from traitlets.utils.importstring import import_item

    return [import_item(name)(config=config) for name in names]


# ---------------------------------------------------------------- pool side
_STATE: dict = {}


def _pool_init(course: Course, counter, barrier, kind: str | None) -> None:
    import warnings

    warnings.filterwarnings("ignore")
    from autograder import speedups
    from autograder.engine.limits import SandboxLimits
    from autograder.engine.worker import Worker, WorkerError, sandbox_kind
    from autograder.steps import CLEAN, SANITIZE, execute, sources

    speedups.install()
    sources.remember_release()  # the release cannot change while this batch grades
    config = course.config
    with counter.get_lock():
        index = counter.value
        counter.value += 1
    worker, start_error = None, ""
    if (kind or sandbox_kind()) != "none":
        worker = Worker(index, kind)
        try:
            worker.start()
        except WorkerError as exc:  # reported by _ready before anyone is graded
            start_error = str(exc)
        execute.set_shared_worker(worker)
        # Stop the sandbox with this pool process (multiprocessing runs finalizers on exit),
        # so that no grading process outlives the batch.
        multiprocessing.util.Finalize(worker, worker.stop, exitpriority=10)
    from autograder.classkey import ClassKey

    _STATE.update(
        course=course, worker=worker, barrier=barrier, start_error=start_error,
        classkey=ClassKey.of(course),
        sanitize=_instances(SANITIZE, config),
        post=_instances(CLEAN, config),
        limits=SandboxLimits.from_config(config),
        error_on_timeout=dict(config.Execute.get("error_on_timeout", {})) or None,
    )


def _ready() -> str:
    """"" when this pool process's worker started, else why not.

    Every process waits at the barrier, so each of them answers exactly once.
    """
    _STATE["barrier"].wait(timeout=600)
    return _STATE["start_error"]


def _execute(sub: Submission) -> Executed:
    import nbformat

    from autograder.classkey import identity_problem, recorded_identity
    from autograder.engine.worker import WorkerError
    from autograder.intake import notebook_problem
    from autograder.steps.execute import apply_run, cell_jobs
    from course.variants import Variant

    problem = notebook_problem(sub.path)
    if problem:
        return Executed(broken=problem)
    course: Course = _STATE["course"]
    resources = _resources(sub, course.db_url)
    try:
        nb = nbformat.read(sub.path, as_version=4)
        recorded = recorded_identity(nb)  # before the outputs are cleared
        for pre in _STATE["sanitize"]:
            nb, resources = pre(nb, resources)
    except Exception as exc:  # noqa: BLE001 - any malformed notebook gets a reason, not a crash
        return Executed(broken=f"笔记本结构无法识别（{type(exc).__name__}: {str(exc)[:200]}）")
    problem, own = "", 0.0
    identity = _STATE["classkey"].identity_env(sub.student_id)
    expected = Variant(sub.student_id, identity.get("KEFU_VARIANT_KEY")).fingerprint
    mismatch = identity_problem(recorded, sub.student_id, expected)
    if _STATE["worker"] is None:  # no sandbox on this system: nbgrader's own Execute
        from nbgrader.preprocessors import Execute

        from autograder.steps.execute import identity_environment

        try:
            with identity_environment(identity):
                nb, resources = Execute(config=course.config)(nb, resources)
        except Exception as exc:  # noqa: BLE001 - e.g. the kernel died
            return Executed(broken=f"运行笔记本时出错（{type(exc).__name__}）")
    else:
        indices, jobs = cell_jobs(nb)
        try:
            run = _STATE["worker"].run(jobs, _STATE["limits"], identity)
        except WorkerError as exc:
            return Executed(fatal=str(exc))
        apply_run(nb, indices, run, _STATE["error_on_timeout"])
        problem, own = run.problem, run.cell_seconds
    if mismatch:
        _note_in_setup_cell(nb, mismatch)
        problem = "；".join(x for x in (mismatch, problem) if x)
    for pre in _STATE["post"]:
        nb, resources = pre(nb, resources)
    return Executed(notebook=nb, problem=problem, own_seconds=own)


def _note_in_setup_cell(nb, text: str) -> None:
    """Show ``text`` under the first code cell, where the student's feedback page starts."""
    from nbformat import from_dict

    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs.append(from_dict({"output_type": "stream", "name": "stderr",
                                           "text": f"注意：{text}\n"}))
            return


def _feedback(sub: Submission, autograded: str, out: str) -> str:
    """Render the feedback HTML; returns "" or a Chinese reason."""
    from autograder.feedback import render_feedback
    from autograder.items import labels

    course: Course = _STATE["course"]
    if "gradebook" not in _STATE:
        # One gradebook for all of this process's pages (opening one inspects every
        # table); its session is closed after each page, so it holds no transaction.
        from autograder.steps.save import shared_gradebook

        kept = contextlib.ExitStack()
        kept.enter_context(shared_gradebook(course.db_url))
        multiprocessing.util.Finalize(kept, kept.close, exitpriority=5)
        _STATE["gradebook"] = kept
    try:
        _write_atomic(Path(out), render_feedback(Path(autograded),
                                                 _resources(sub, course.db_url), course.config,
                                                 labels(course, sub.chapter)))
        return ""
    except Exception as exc:  # noqa: BLE001 - feedback failing must not stop grading
        return f"反馈生成失败：{type(exc).__name__}: {str(exc)[:200]}"


# ---------------------------------------------------------------- main side
class Writer:
    """The batch's only gradebook writer."""

    def __init__(self, course: Course) -> None:
        from autograder import speedups
        from autograder.steps import SAVE

        speedups.install()
        self.course = course
        self.db_url = course.db_url
        self.save = _instances(SAVE, course.config)
        self._sweep()
        self._open = contextlib.ExitStack()

    def __enter__(self) -> Writer:
        from autograder.steps.save import shared_gradebook

        # One gradebook for every submission's saving steps (opening one inspects
        # every table); each step still commits its own transaction.
        self.course.ensure_gradebook_folder()
        self._open.enter_context(shared_gradebook(self.db_url))
        return self

    def __exit__(self, *exc) -> None:
        self._open.close()

    def _sweep(self) -> None:
        """Remove half-written files a killed batch left behind."""
        for folder in (self.course.autograded_dir, self.course.feedback_dir):
            for stale in folder.glob("*/*/.*.tmp"):
                with contextlib.suppress(OSError):
                    stale.unlink()

    def open_submissions(self, subs: list[Submission]) -> None:
        """Create (or reset) each submission with its time, like nbgrader does; one commit."""
        from autograder.steps.save import one_transaction

        with one_transaction(self.db_url, forget=False) as gradebook:
            calendar = self.course.calendar
            for sub in subs:
                stamp = self.course.coursedir.get_existing_timestamp(str(sub.path.parent))
                gradebook.update_or_create_student(sub.student_id)
                submission = gradebook.update_or_create_submission(sub.chapter, sub.student_id)
                submission.timestamp = stamp
                # 缓交: the student's own due date, as nbgrader's extension.
                due = calendar.due(sub.chapter)
                own = calendar.extended_due(sub.chapter, sub.student_id)
                submission.extension = own - due if own and due and own > due else None

    def zero(self, sub: Submission) -> None:
        """A submission that cannot be run scores 0 on every autograded item."""
        with self.course.gradebook() as gradebook:
            submission = gradebook.find_submission_notebook(sub.chapter, sub.chapter,
                                                            sub.student_id)
            for grade in submission.grades:
                grade.auto_score = 0
                grade.needs_manual_grade = False
            for comment in submission.comments:
                comment.auto_comment = None
            gradebook.db.commit()

    def run_saving_steps(self, sub: Submission, nb):
        """The saving steps on ``sub``'s executed notebook, in one transaction (its grades
        are saved together or not at all); returns the notebook as they leave it."""
        from autograder.steps.save import one_transaction

        resources = _resources(sub, self.db_url)
        with one_transaction(self.db_url):
            for pre in self.save:
                nb, resources = pre(nb, resources)
        return nb

    def save_grades(self, sub: Submission, nb) -> Path:
        import json

        nb = self.run_saving_steps(sub, nb)
        out = self.autograded_path(sub)
        # Compact JSON by the C encoder: nbformat.writes would validate the notebook again
        # only to log, and indent it with the pure-Python encoder (7 times slower). The
        # feedback exporter validates it once on its way to the page.
        _write_atomic(out, json.dumps(nb, ensure_ascii=False, sort_keys=True))
        stamp = sub.path.parent / "timestamp.txt"
        if stamp.is_file():
            _write_atomic(out.parent / "timestamp.txt", stamp.read_text(encoding="utf-8"))
        else:
            with contextlib.suppress(FileNotFoundError):
                (out.parent / "timestamp.txt").unlink()
        return out

    def autograded_path(self, sub: Submission) -> Path:
        return self.course.autograded_notebook(sub.student_id, sub.chapter)

    def feedback_path(self, sub: Submission) -> Path:
        return self.course.feedback_page(sub.student_id, sub.chapter)


def _save(writer: Writer, sub: Submission, result: Executed, feedback: bool,
          log) -> Graded | None:
    """Write one executed submission; None when its feedback is still to be made."""
    if result.broken:
        from autograder.feedback import broken_feedback

        writer.zero(sub)
        if feedback:
            _write_atomic(writer.feedback_path(sub),
                          broken_feedback(sub.student_id, sub.chapter, result.broken))
        return Graded(sub, False, result.broken)
    try:
        writer.save_grades(sub, result.notebook)
    except Exception as exc:  # noqa: BLE001 - one unsavable notebook never stops a batch
        if log:
            log(traceback.format_exc())
        writer.zero(sub)
        return Graded(sub, False, f"保存成绩失败：{type(exc).__name__}: {str(exc)[:200]}")
    if feedback:
        return None
    return Graded(sub, True, result.problem, result.own_seconds)


def _preload() -> None:
    """Import what every pool process needs before forking them, so each does not."""
    import nbconvert.exporters  # noqa: F401
    import nbformat  # noqa: F401
    import nbgrader.preprocessors  # noqa: F401
    from traitlets.utils.importstring import import_item

    import autograder.feedback  # noqa: F401
    from autograder.steps import CLEAN, SANITIZE

    for name in SANITIZE + CLEAN:
        import_item(name)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else (os.cpu_count() or 1))


def run_batch(subs: list[Submission], course: Course, jobs: int | None = None,
              feedback: bool = True, progress: bool = True, log=None):
    """Grade ``subs``; yields a :class:`Graded` as each one is finished."""
    from tqdm import tqdm

    from autograder.classkey import ClassKey, ClassKeyError
    from autograder.engine.worker import note_kind, sandbox_kind

    try:  # a missing class secret stops the batch before anyone is graded
        ClassKey.of(course).identity_env("-")
    except ClassKeyError as exc:
        raise GradingError(str(exc)) from None
    jobs = max(1, jobs or default_jobs())
    note_kind(sandbox_kind())
    _preload()
    # Fork the pool first, from a process with no open gradebook connection and no
    # progress-bar thread; (fork, unlike spawn, also works from scripts without a
    # ``__main__`` guard).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    counter = context.Value("i", 0)
    barrier = context.Barrier(jobs)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_pool_init,
                               initargs=(course, counter, barrier, None))
    # Every worker must be up before anyone is graded: a sandbox that cannot import the
    # course would otherwise give the whole class 0.
    try:
        problems = {f.result() for f in [pool.submit(_ready) for _ in range(jobs)]} - {""}
    except Exception as exc:  # noqa: BLE001 - e.g. a pool process that died at start
        problems = {f"评分进程无法启动（{type(exc).__name__}: {exc}）"}
    if problems:
        pool.shutdown(cancel_futures=True)
        raise GradingError("评分引擎无法启动，没有给任何学生评分：" + "；".join(sorted(problems)))
    writer = Writer(course)
    bar = tqdm(total=len(subs), desc="评分进度", unit="份", disable=not progress, file=sys.stderr,
               bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} "
                          "[已用 {elapsed}，剩余约 {remaining}]")
    with pool, writer:
        pending: dict[Future, tuple[str, Submission]] = {}
        # The pool runs notebooks while the writer creates the submissions: running one
        # reads only the release from the gradebook, saving it needs its submission.
        for sub in subs:
            pending[pool.submit(_execute, sub)] = ("run", sub)
        try:
            writer.open_submissions(subs)
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
        executed: dict[Submission, Executed] = {}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                stage, sub = pending.pop(future)
                try:
                    result = future.result()
                except Exception as exc:  # noqa: BLE001 - a dead pool process never stops a batch
                    result = (Executed(broken=f"评分进程出错：{type(exc).__name__}")
                              if stage == "run" else f"反馈生成失败：{type(exc).__name__}")
                if stage == "feedback":
                    first = executed.pop(sub)
                    bar.update(1)
                    yield Graded(sub, True, "；".join(x for x in (first.problem, result) if x),
                                 first.own_seconds)
                    continue
                if stage == "run" and result.fatal:
                    pool.shutdown(cancel_futures=True)
                    raise GradingError(f"评分引擎中途出错，已停止（{sub.student_id} {sub.chapter}"
                                       f"及之后的作业没有评分，可以修复后重新运行）：{result.fatal}")
                graded = _save(writer, sub, result, feedback, log)
                if graded is None:
                    executed[sub] = result
                    pending[pool.submit(_feedback, sub, str(writer.autograded_path(sub)),
                                        str(writer.feedback_path(sub)))] = ("feedback", sub)
                else:
                    bar.update(1)
                    yield graded
    bar.close()
