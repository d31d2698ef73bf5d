"""nbgrader's Execute step, done by the sandboxed pre-warmed engine.

:class:`SandboxedExecute` is a drop-in for ``nbgrader.preprocessors.Execute``
(``nbgrader_config.py`` puts it in ``Autograde.autograde_preprocessors``), so
plain ``nbgrader autograde chNN`` runs student code in the sandbox too. It
keeps Execute's settings (``c.Execute.timeout``, ``error_on_timeout``) and
takes the other limits from ``c.SandboxLimits``.

:func:`cell_jobs` and :func:`apply_run` translate between an nbgrader notebook
and the engine's list of code cells; the batch uses them too.
"""

from __future__ import annotations

import atexit
import contextlib
import os

from nbformat import NotebookNode, from_dict
from nbgrader import utils
from nbgrader.preprocessors import Execute

from autograder.engine.limits import SandboxLimits
from autograder.engine.worker import NotebookRun, Worker, note_kind, sandbox_kind

#: Error name used for cells that did not run because grading stopped earlier.
NOT_RUN = "GradingStopped"


def cell_kind(cell: NotebookNode) -> str:
    """Where a code cell runs: ``"test"`` (the tester), ``"setup"`` (a locked cell: both
    processes) or ``"student"`` (the learner process).

    Locked cells were restored from the gradebook by OverwriteCells, so their code is
    the teacher's, whatever the submission said.
    """
    if utils.is_grade(cell) and not utils.is_solution(cell):
        return "test"
    if utils.is_locked(cell) and not utils.is_solution(cell):
        return "setup"
    return "student"


def cell_jobs(nb: NotebookNode) -> tuple[list[int], list[dict]]:
    """Indices of the code cells to run and what the engine needs to know about each.

    Empty code cells are skipped, as nbclient does.
    """
    indices, jobs = [], []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        indices.append(index)
        jobs.append({"source": cell.source, "kind": cell_kind(cell)})
    return indices, jobs


def apply_run(nb: NotebookNode, indices: list[int], run: NotebookRun,
              error_on_timeout: dict | None = None) -> NotebookNode:
    """Copy the engine's outputs into ``nb``; cells that did not run get an error output."""
    stopped = False
    for index, cell_run in zip(indices, run.cells, strict=True):
        cell = nb.cells[index]
        if cell_run is None:
            reason = run.problem or "评分已停止。"
            if not stopped and error_on_timeout and run.timed_out:
                output = dict(error_on_timeout)
            else:
                message = reason if not stopped else "前面的单元格让评分停止了，本单元格没有运行。"
                output = {"ename": NOT_RUN, "evalue": message, "traceback": [message]}
            cell.outputs = [from_dict({"output_type": "error", **output})]
            cell.execution_count = None
            stopped = True
            continue
        cell.outputs = [from_dict(output) for output in cell_run.outputs]
        cell.execution_count = cell_run.execution_count
    return nb


_WORKER: Worker | None = None


def shared_worker() -> Worker:
    """The process's own worker (started on first use, stopped at exit)."""
    global _WORKER
    if _WORKER is None:
        _WORKER = Worker(0)
        atexit.register(_WORKER.stop)
    return _WORKER


def set_shared_worker(worker: Worker | None) -> None:
    global _WORKER
    _WORKER = worker


@contextlib.contextmanager
def identity_environment(identity: dict[str, str]):
    """Run a stock kernel (it inherits our environment) as ``identity``'s variant."""
    names = ("KEFU_STUDENT", "KEFU_VARIANT_KEY")
    saved = {name: os.environ.get(name) for name in names}
    for name in names:
        os.environ.pop(name, None)
    os.environ.update({k: v for k, v in identity.items() if k in names})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def identity_of(config, resources) -> dict[str, str]:
    """The variant identity of the submission nbgrader is grading."""
    from autograder.classkey import ClassKey

    student = ((resources or {}).get("nbgrader") or {}).get("student")
    root = config.CourseDirectory.root if "root" in config.CourseDirectory else os.getcwd()
    key = ClassKey(root, config)
    if not student or not key.per_student:
        return {}
    return key.identity_env(student)


class SandboxedExecute(Execute):
    """Run the notebook in the grading sandbox instead of a fresh Jupyter kernel.

    The notebook runs as its student's variant (the submission's student id; the
    class's secret from ``c.CourseVariants``), whatever the notebook says.
    """

    def preprocess(self, nb, resources=None, km=None):
        kind = sandbox_kind()
        note_kind(kind)
        identity = identity_of(self.config, resources)
        if kind == "none":
            with identity_environment(identity):
                return super().preprocess(nb, resources, km)
        indices, jobs = cell_jobs(nb)
        # A worker that cannot start raises WorkerError: nbgrader then reports this
        # submission as failed instead of scoring it 0.
        run = shared_worker().run(jobs, SandboxLimits.from_config(self.config), identity)
        if run.problem:
            self.log.warning("%s", run.problem)
        return apply_run(nb, indices, run, self.error_on_timeout), resources
