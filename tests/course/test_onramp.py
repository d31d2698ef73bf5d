"""The Python on-ramp (second part of source/ch00): every practice item checks itself.

A practice item is a code cell with blanks ``___`` (tagged ``raises-exception`` so Run-All
goes on past it) followed by a cell calling ``practice.check("pN", …)``. The notebook is
run in a real kernel twice: with every blank filled from :data:`FILLS` (each check must
say 正确, and a few natural wrong answers must say 不正确), and as released (each check
must say 还没有完成 and the notebook must still run to its end).
"""

from __future__ import annotations

import os
import re
from itertools import pairwise
from pathlib import Path

import nbformat
import pytest

from autograder import constructs
from course.stubs import BLANK

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "source" / "ch00" / "ch00.ipynb"
_CHECK = re.compile(r'practice\.check\("(p\d+)"')

#: The intended answer for each blank of each practice cell, in order.
FILLS: dict[str, list[str]] = {
    "p1": ["a + b + c", "total / 3"],
    "p2": ["wanted.strip()", '"、"'],
    "p3": ["set(visits)", "len(distinct)"],
    "p4": ['"2025-07-01"', '"A02"', 'orders["paid_at"].notna()'],
    "p5": ['refunds["status"] == "SUCCESS"', 'success["amount"].sum()'],
    "p6": ["end + pd.Timedelta(days=1)"],
    "p7": ['"agent_id"', "sales.idxmax()"],
    "p8": ['"sku"', '"category"'],
    "p9": ["seconds is None", "seconds <= 60", '"太慢"'],
    "p10": ["price < 50"],
}

#: Natural wrong answers (run after the filled practice cell): each check must say 不正确.
MISCONCEPTIONS: dict[str, str] = {
    "p4": "p4 = len(orders[in_june & by_b])",                       # forgot: paid only
    "p5": 'p5 = round(refunds["amount"].sum(), 2)',                 # forgot: SUCCESS only
    "p6": "p6 = len(sessions[(sessions['started_at'] >= start)"
          " & (sessions['started_at'] <= end)])",                   # end day left out
    "p7": "p7 = sales.max()",                                       # the amount, not who
    "p9": ("def speed_label(seconds):\n"                             # 60 s counted as slow
           "    if seconds is None:\n        return '未回复'\n"
           "    if seconds < 60:\n        return '及时'\n"
           "    return '太慢'\n\n"
           "p9 = (speed_label(None), speed_label(60), speed_label(61))"),
}


def _guide() -> nbformat.NotebookNode:
    return nbformat.read(GUIDE, as_version=4)


def _practice(nb: nbformat.NotebookNode) -> dict[str, tuple[int, int]]:
    """Practice name → (index of its cell with blanks, index of its check cell)."""
    found = {}
    for index, cell in enumerate(nb.cells):
        if "raises-exception" in cell.metadata.get("tags", []):
            check = nb.cells[index + 1]
            match = _CHECK.search(check.source)
            assert match, f"cell {cell.id}: the cell below must call practice.check"
            found[match.group(1)] = (index, index + 1)
    return found


def _fill(source: str, answers: list[str]) -> str:
    parts = source.split(BLANK)
    assert len(parts) == len(answers) + 1, (len(parts) - 1, answers)
    return "".join(part + answer for part, answer in zip(parts, answers + [""], strict=True))


def _run(nb: nbformat.NotebookNode, tmp_path: Path, student: str | None = None) -> None:
    from nbclient import NotebookClient

    env = {k: v for k, v in os.environ.items()
           if k not in ("KEFU_STUDENT", "JUPYTERHUB_USER", "KEFU_VARIANT_KEY")}
    env["KEFU_WORKSPACE"] = str(tmp_path)
    env["MPLBACKEND"] = "Agg"
    if student:
        env["KEFU_STUDENT"] = student
    NotebookClient(nb, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute(env=env)


def _said(cell: nbformat.NotebookNode) -> str:
    texts = [o["data"]["text/plain"] for o in cell.outputs
             if o.get("output_type") == "execute_result"]
    assert len(texts) == 1, cell.outputs
    return texts[0].strip("'\"")


def _filled(student: str | None, tmp_path: Path) -> tuple[nbformat.NotebookNode, dict]:
    nb = _guide()
    practice = _practice(nb)
    extra = []
    for name, (cell, check) in practice.items():
        nb.cells[cell].source = _fill(nb.cells[cell].source, FILLS[name])
        nb.cells[cell].metadata.pop("tags")  # a filled cell must run without any error
        if name in MISCONCEPTIONS:
            extra += [nbformat.v4.new_code_cell(MISCONCEPTIONS[name]),
                      nbformat.v4.new_code_cell(nb.cells[check].source)]
    first_extra = len(nb.cells)
    nb.cells += extra
    _run(nb, tmp_path, student)
    return nb, {"practice": practice, "wrong": nb.cells[first_extra + 1::2]}


def test_an_unfilled_blank_is_an_error_in_the_kernel_even_after_outputs(capsys):
    """IPython keeps the third-last output in ``___``; the set-up cell keeps it undefined."""
    from IPython.core.interactiveshell import InteractiveShell

    from course.notebook import setup

    shell = InteractiveShell.instance()
    cache_size = shell.displayhook.cache_size
    try:
        setup()
        for value in ("1", "2", "3"):
            shell.run_cell(value, store_history=True)
        result = shell.run_cell("p1 = round(___, 2)", store_history=True)
        assert isinstance(result.error_in_exec, NameError)
        assert "空白" in capsys.readouterr().out
    finally:
        shell.set_custom_exc((), None)
        shell.displayhook.cache_size = cache_size


def test_every_practice_item_has_a_solution_and_no_points():
    nb = _guide()
    practice = _practice(nb)
    assert sorted(practice) == sorted(FILLS), "FILLS holds one entry per practice item"
    assert len(practice) >= 8
    for name, (cell, check) in practice.items():
        _fill(nb.cells[cell].source, FILLS[name])  # as many answers as blanks
        for index in (cell, check):
            assert "nbgrader" not in nb.cells[index].metadata, "practice items carry no points"
        assert f'"{name}"' in nb.cells[check].source
        assert re.search(rf"^{name} = ", nb.cells[cell].source, re.M), \
            f"{name} is assigned in its practice cell"


def test_every_practice_follows_the_lesson_it_practises():
    """Each 入门 section has a worked example and one practice item, in that order."""
    nb = _guide()
    sections = [i for i, c in enumerate(nb.cells)
                if c.cell_type == "markdown" and c.source.startswith("## 入门")]
    assert len(sections) >= 8
    bounds = sections + [next(i for i, c in enumerate(nb.cells)
                              if c.source.startswith("## 疑难解答"))]
    practice = sorted(cell for cell, _ in _practice(nb).values())
    for start, end in pairwise(bounds):
        inside = [p for p in practice if start < p < end]
        assert len(inside) == 1, nb.cells[start].source.splitlines()[0]
        examples = [c for c in nb.cells[start:inside[0]] if c.cell_type == "code"]
        assert examples, nb.cells[start].source.splitlines()[0]


def test_solution_constructs_are_taught_by_examples_and_practice_not_only_by_checks():
    nb = _guide()
    shown = set()
    fills = {cell: FILLS[name] for name, (cell, _) in _practice(nb).items()}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or _CHECK.search(cell.source):
            continue
        source = _fill(cell.source, fills[index]) if index in fills else cell.source
        shown |= constructs.constructs(source)
    used = constructs.solution_constructs(ROOT / "source")
    assert not {c for c in used if c not in shown}


@pytest.mark.slow
def test_filled_practice_says_correct_and_natural_wrong_answers_do_not(tmp_path):
    nb, found = _filled(None, tmp_path)
    for name, (_, check) in found["practice"].items():
        assert _said(nb.cells[check]).startswith("正确"), (name, _said(nb.cells[check]))
    for cell in found["wrong"]:
        assert _said(cell).startswith("不正确"), (cell.source, _said(cell))


@pytest.mark.slow
def test_filled_practice_is_correct_in_a_students_own_variant(tmp_path):
    nb, found = _filled("2024010101", tmp_path)
    for name, (_, check) in found["practice"].items():
        assert _said(nb.cells[check]).startswith("正确"), (name, _said(nb.cells[check]))


@pytest.mark.slow
def test_unfilled_blanks_say_not_finished_and_the_notebook_runs_to_its_end(tmp_path):
    nb = _guide()
    _run(nb, tmp_path)
    practice = _practice(nb)
    for name, (cell, check) in practice.items():
        errors = [o for o in nb.cells[cell].outputs if o.get("output_type") == "error"]
        assert errors and errors[0]["ename"] == "NameError", name
        assert "空白" in errors[0]["evalue"], errors[0]["evalue"]
        assert _said(nb.cells[check]).startswith("还没有完成"), (name, _said(nb.cells[check]))
    blank_cells = {cell for cell, _ in practice.values()}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and index not in blank_cells:
            assert not [o for o in cell.outputs if o.get("output_type") == "error"], cell.id
    last_code = [c for c in nb.cells if c.cell_type == "code"][-1]
    assert 'self_check("ch00")' in last_code.source  # the chapter's check panel, run too
    assert last_code.execution_count is not None
