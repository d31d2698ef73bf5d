"""Scaffolds: every data or function exercise starts from a partly written answer.

A scaffold (``EXERCISES[n]["scaffold"]`` in ``course/exercises/chNN.py``) is what the
released answer cell holds instead of the bare stub. Filled with the blanks a learner
would write (``SCAFFOLD_FILLS`` in ``autograder/sampleclass/answers/chNN.py``) it must
pass the hidden tests; left as released it must fail them, with the Chinese message for
an unfilled blank, never a silent pass. The reference notebook runs in-process (it is
the course's own code): public variant.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import re
import textwrap

import pytest

from autograder.answerkey import replace_solution
from autograder.coursedir import Course
from course.chapters import CHAPTERS
from course.coach import exercises, scaffolds
from course.stubs import BLANK, SCAFFOLD_HEAD

#: Reading the shop's tables: data.load, a kpi/crm/… computation, or a table variable
#: (a name in quotes is a dictionary key, not a table).
_DATA = re.compile(r"\bdata\.load\(|\b(kpi|crm|appraisal|chasing|aftersales)\.\w+\(|"
                   r"(?<![\"'\w])(orders|sessions|messages|refunds|reviews|reminders|buyers|"
                   r"order_items|products|agents|june)\b(?![\"'])")


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _notebook(chapter: str) -> dict:
    return json.loads(Course.load().source_notebook(chapter).read_text("utf-8"))


def _fill(scaffold: str, fills: list[str]) -> str:
    parts = scaffold.split(BLANK)
    assert len(parts) - 1 == len(fills), f"骨架有 {len(parts) - 1} 个空，填了 {len(fills)} 个"
    return "".join(p + f for p, f in zip(parts, [*fills, ""], strict=True))


def _solution(cell: dict) -> str:
    match = re.search(r"### BEGIN SOLUTION[^\n]*\n(.*?)^[ \t]*### END SOLUTION", _source(cell), re.M | re.S)
    return textwrap.dedent(match.group(1)) if match else ""


def needs_scaffold(cell: dict) -> bool:
    """A data or function item: the answer defines a function or reads the shop's tables."""
    solution = _solution(cell)
    return "def " in _source(cell) or bool(_DATA.search(solution))


def _run_tests(chapter: str, replacements: dict[str, str]) -> dict[str, str | None]:
    """Run the source notebook with some solutions replaced; test cell id → error or None."""
    namespace: dict = {"__name__": "__main__"}
    results = {}
    for cell in _notebook(chapter)["cells"]:
        if cell["cell_type"] != "code" or "self_check(" in _source(cell) \
                or re.search(r"练习\d+\.(check|hint)\(", _source(cell)):
            continue
        meta = cell.get("metadata", {}).get("nbgrader", {})
        source = _source(cell)
        if meta.get("grade_id") in replacements:
            source = replace_solution(source, replacements[meta["grade_id"]])
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(source, meta.get("grade_id", "cell"), "exec"), namespace)  # noqa: S102
            error = None
        except Exception as exc:  # noqa: BLE001 - we record what failed
            error = f"{type(exc).__name__}: {exc}"
        if meta.get("grade"):
            results[meta["grade_id"]] = error
    return results


def _test_of(chapter: str) -> dict[str, str]:
    """answer grade_id → the grade_id of the test cell that follows it."""
    out, last = {}, None
    for cell in _notebook(chapter)["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and cell["cell_type"] == "code":
            last = meta["grade_id"]
        elif meta.get("grade") and last:
            out[last] = meta["grade_id"]
            last = None
    return out


WIRED = [ch for ch in CHAPTERS if exercises(ch)]  # the orientation (ch00) shows the plain stub


@pytest.mark.parametrize("chapter", WIRED)
def test_every_data_or_function_item_has_a_scaffold(chapter):
    declared = {spec["answer"] for spec in exercises(chapter).values() if spec.get("scaffold")}
    needing = {c["metadata"]["nbgrader"]["grade_id"] for c in _notebook(chapter)["cells"]
               if c.get("metadata", {}).get("nbgrader", {}).get("solution")
               and c["cell_type"] == "code" and needs_scaffold(c)}
    assert needing, f"{chapter}: the classification found no data or function item"
    assert needing <= declared, f"{chapter}: no scaffold for {sorted(needing - declared)}"


@pytest.mark.parametrize("chapter", WIRED)
def test_the_released_answer_cell_holds_the_scaffold(chapter):
    release = json.loads((Course.load().release_dir / chapter / f"{chapter}.ipynb").read_text("utf-8"))
    texts = {c["metadata"]["nbgrader"]["grade_id"]: _source(c) for c in release["cells"]
             if c.get("metadata", {}).get("nbgrader", {}).get("solution")}
    for grade_id, scaffold in scaffolds(chapter).items():
        assert SCAFFOLD_HEAD in texts[grade_id] and scaffold.count(BLANK) >= 3, grade_id
        body = [line.strip() for line in scaffold.splitlines() if line.strip()]
        assert [line.strip() for line in texts[grade_id].splitlines() if line.strip()
                and line.strip() in body] == body, grade_id


@pytest.mark.parametrize("chapter", WIRED)
def test_a_filled_scaffold_passes_and_an_unfilled_one_fails_the_hidden_tests(chapter):
    known = importlib.import_module(f"autograder.sampleclass.answers.{chapter}")
    fills = getattr(known, "SCAFFOLD_FILLS", {})
    bodies = {spec["answer"]: spec["scaffold"] for spec in exercises(chapter).values()
              if spec.get("scaffold")}
    assert set(bodies) <= set(fills), f"{chapter}: no SCAFFOLD_FILLS for {sorted(set(bodies) - set(fills))}"
    tests = _test_of(chapter)
    filled = _run_tests(chapter, {g: _fill(b, fills[g]) for g, b in bodies.items()})
    for grade_id in bodies:
        assert filled[tests[grade_id]] is None, f"{grade_id} filled: {filled[tests[grade_id]]}"
    blank = _run_tests(chapter, bodies)
    for grade_id in bodies:
        assert blank[tests[grade_id]] is not None, f"{grade_id}: the unfilled scaffold passed"


@pytest.mark.parametrize("chapter", ["ch00", *CHAPTERS])
def test_every_auto_item_has_check_hints_and_a_check_cell(chapter):
    """Issue 17: every automatically graded exercise has 练习N.check(), hints and a check cell."""
    cells = _notebook(chapter)["cells"]
    specs = exercises(chapter)
    by_answer = {spec["answer"]: number for number, spec in specs.items()}
    tests = _test_of(chapter)
    points = {c["metadata"]["nbgrader"]["grade_id"]: c["metadata"]["nbgrader"].get("points", 0)
              for c in cells if c.get("metadata", {}).get("nbgrader", {}).get("grade")}
    auto = {answer for answer, test in tests.items() if points.get(test)}
    assert auto and auto <= set(by_answer), f"{chapter}: no EXERCISES entry for {sorted(auto - set(by_answer))}"
    for number, spec in specs.items():
        assert spec.get("check") and all(isinstance(e, str) for e in spec["check"]), number
        assert len(spec.get("hints", [])) >= 2, f"{chapter} 练习 {number}: at least two hints"
        assert all(re.search(r"[\u4e00-\u9fff]", h) for h in spec["hints"]), number
    setup = next(c for c in cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "setup")
    assert f'setup("{chapter}")' in _source(setup)
    for i, cell in enumerate(cells):
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in by_answer and cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            after = cells[i + 2] if cells[i + 1].get("metadata", {}).get("nbgrader", {}).get("grade") \
                else cells[i + 1]
            assert f"练习{by_answer[grade_id]}.check()" in _source(after), grade_id
    headings = {int(n) for c in cells if c["cell_type"] == "markdown"
                for n in re.findall(r"^#### 练习 (\d+)", _source(c), re.M)}
    assert set(specs) <= headings, f"{chapter}: EXERCISES numbers without a 练习 heading"


@pytest.mark.parametrize("chapter", WIRED)
def test_an_unfilled_scaffold_is_valid_python(chapter):
    """A blank stands where a name or a value goes, never where an operator goes: the
    learner's first run of an untouched scaffold names the blank in Chinese instead of
    stopping with a SyntaxError (the beginner walkthrough met one before typing anything)."""
    import ast

    for grade_id, scaffold in scaffolds(chapter).items():
        body = scaffold.split("\n", 1)[1]
        code = body if not re.search(r"^\s*return\b", body, re.M) else \
            "def _answer(*args):\n" + textwrap.indent(body, "    ")
        try:
            ast.parse(code)
        except SyntaxError as exc:
            pytest.fail(f"{grade_id}: the unfilled scaffold is not valid Python ({exc.msg}, line {exc.lineno})")
