"""SandboxedExecute and its adapters: which cells run, and how the engine's results land."""

from __future__ import annotations

import nbformat
import pytest
from traitlets.config import Config

from autograder.engine.worker import CellRun, NotebookRun, sandbox_kind
from autograder.steps.execute import NOT_RUN, SandboxedExecute, apply_run, cell_jobs
from tests.factories import code_cell, grade_cell, markdown_cell, notebook, solution_cell


def _nb():
    return notebook(markdown_cell("# 标题"), code_cell("import math"), code_cell("   \n"),
                    solution_cell("answer_x", "x = 1"), grade_cell("test_x", "assert x == 1"))


def test_only_non_empty_code_cells_run_each_where_it_belongs():
    nb = _nb()
    nb.cells[1].metadata["nbgrader"] = {"grade_id": "setup", "locked": True, "grade": False,
                                        "solution": False, "schema_version": 3}
    indices, jobs = cell_jobs(nb)
    assert indices == [1, 3, 4]
    assert [j["kind"] for j in jobs] == ["setup", "student", "test"]
    assert jobs[2]["source"] == "assert x == 1"


def test_outputs_are_copied_and_cells_after_a_stop_say_why_they_did_not_run():
    nb = _nb()
    indices, _ = cell_jobs(nb)
    out = {"output_type": "stream", "name": "stdout", "text": "ok\n"}
    run = NotebookRun(cells=[CellRun([out], 1, True), None, None], problem="整份作业运行超时",
                      timed_out=True)
    timeout = {"ename": "CellTimeoutError", "evalue": "", "traceback": ["超时"]}
    apply_run(nb, indices, run, timeout)
    assert nb.cells[1].outputs == [out] and nb.cells[1].execution_count == 1
    assert nb.cells[3].outputs[0]["ename"] == "CellTimeoutError"
    assert nb.cells[4].outputs[0]["ename"] == NOT_RUN
    assert "没有运行" in nb.cells[4].outputs[0]["evalue"]


@pytest.mark.skipif(sandbox_kind() == "none", reason="评分引擎需要 Linux")
def test_the_step_runs_a_notebook_in_the_engine_like_nbgrader_execute():
    config = Config()
    config.Execute.timeout = 30
    nb = nbformat.from_dict(notebook(solution_cell("answer_x", "x = 6 * 7\nprint(x)"),
                                     grade_cell("test_x", "assert x == 42"),
                                     grade_cell("test_y", "assert x == 1")))
    nb, _ = SandboxedExecute(config=config)(nb, {})
    assert nb.cells[0].outputs[0]["text"] == "42\n"
    assert nb.cells[1].outputs == []
    assert nb.cells[2].outputs[0]["ename"] == "AssertionError"
