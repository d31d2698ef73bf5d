"""nbgrader's Execute step, done by the sandboxed pre-warmed engine.

:class:`SandboxedExecute` is a drop-in for ``nbgrader.preprocessors.Execute``
(``nbgrader_config.py`` puts it in ``Autograde.autograde_preprocessors``), so
plain ``nbgrader autograde chNN`` runs student code in the sandbox too. It
keeps Execute's settings (``c.Execute.timeout``, ``error_on_timeout``).
"""

from __future__ import annotations

import atexit
import logging
import os
import sys

from nbformat import NotebookNode, from_dict
from nbgrader import utils
from nbgrader.preprocessors import Execute

from autograder.engine.sandbox import Limits, NotebookRun, Worker, WorkerError, sandbox_kind

log = logging.getLogger(__name__)

#: Error name used for cells that did not run because grading stopped earlier.
NOT_RUN = "GradingStopped"

KIND_NOTES = {
    "bwrap": "",
    "plain": ("提示：本机没有可用的 bubblewrap（bwrap），学生代码在独立进程中运行，"
              "但没有文件系统和网络隔离。Debian/Ubuntu 上可用 apt install bubblewrap 安装。"),
    "none": "提示：本系统不支持评分沙箱（需要 Linux），学生代码按 nbgrader 原有方式运行，没有隔离。",
}
_NOTED: set[str] = set()


def note_kind(kind: str) -> None:
    """Say once per process that the sandbox is weaker than on Linux with bubblewrap."""
    if KIND_NOTES.get(kind) and kind not in _NOTED:
        _NOTED.add(kind)
        print(KIND_NOTES[kind], file=sys.stderr)


def cell_jobs(nb: NotebookNode) -> tuple[list[int], list[dict]]:
    """Indices of the code cells to run and what the child needs to know about each.

    Empty code cells are skipped, as nbclient does.
    """
    indices, jobs = [], []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        indices.append(index)
        test = utils.is_grade(cell) and not utils.is_solution(cell)
        jobs.append({"source": cell.source, "guard": test,
                     "locked": utils.is_locked(cell) and not utils.is_solution(cell)})
    return indices, jobs


def limits_from(timeout: float | None) -> Limits:
    cell = float(timeout) if timeout and timeout > 0 else Limits.cell_seconds
    return Limits(cell_seconds=cell, notebook_seconds=max(Limits.notebook_seconds, 4 * cell))


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


class SandboxedExecute(Execute):
    """Run the notebook in the grading sandbox instead of a fresh Jupyter kernel."""

    def preprocess(self, nb, resources=None, km=None):
        kind = os.environ.get("KEFU_SANDBOX") or sandbox_kind()
        if kind == "none":
            note_kind(kind)
            return super().preprocess(nb, resources, km)
        note_kind(kind)
        indices, jobs = cell_jobs(nb)
        worker = shared_worker()
        try:
            run = worker.run(jobs, limits_from(self.timeout))
        except WorkerError as exc:
            run = NotebookRun(cells=[None] * len(jobs), problem=str(exc))
        if run.problem:
            self.log.warning("%s", run.problem)
        return apply_run(nb, indices, run, self.error_on_timeout), resources
