"""The answer keys behind ``练习N.check()`` (course/coach.py): digests, never answers.

For every student variant the reference notebook (``source/chNN``) is run in a worker
process with that variant's data and numbers; after each exercise's answer cell the
exercise's check expressions are evaluated and their canonical forms hashed with the
variant key. Each known misconception sample (``autograder/sampleclass/answers``) is run
in place of the solution on the same state: its value, when it differs from the right
one, is stored as a digest with the Chinese explanation sealed by the wrong value.

``kefu release`` writes the public variant's keys into ``course/answerkey/`` (the
self-learner's edition); ``kefu bundle`` writes the keys of every student on the
roster into the class edition. Running the teacher's reference code here is safe: no
student code is involved.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import io
import json
import os
import re
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

_REGION = re.compile(r"^([ \t]*)### BEGIN SOLUTION[^\n]*\n.*?^[ \t]*### END SOLUTION[^\n]*$", re.M | re.S)
_HELP_CALL = re.compile(r"^\s*练习\d+\.(check|hint|solution)\(", re.M)


def _widget_cell() -> re.Pattern:
    """A lesson cell that builds one of the course's widgets (nothing an answer needs; an
    answer that did would fail the key's build loudly)."""
    from course.ui import __all__ as widgets

    return re.compile(r"\b(" + "|".join(widgets) + r")\(")


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def replace_solution(source: str, code: str) -> str:
    """``source`` with its solution region replaced by ``code`` (indented like the region)."""
    return _REGION.sub(lambda m: textwrap.indent(code, m.group(1)) or m.group(1) + "pass",
                       source, count=1)


def _snapshot(namespace: dict) -> dict:
    import pandas as pd

    return {k: (v.copy(deep=False) if isinstance(v, (pd.DataFrame, pd.Series)) else v)
            for k, v in namespace.items()}


def _run(code: str, namespace: dict) -> bool:
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            exec(compile(code, "<answerkey>", "exec"), namespace)  # noqa: S102 - reference code
        return True
    except Exception:  # noqa: BLE001 - a cell that needs a live kernel (a widget) may fail
        return False


def _values(chapter: str, exprs: list[str], namespace: dict, kinds: list | None = None
            ) -> list[str] | None:
    from course import coach

    texts = []
    for expr in exprs:
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                value = coach.evaluate(expr, namespace, chapter)
                texts.append(coach.canonical(value))
        except Exception:  # noqa: BLE001
            return None
        if kinds is not None:
            kinds.append(coach.kind(value))
    return texts


def _names(code: str) -> tuple[set[str], set[str]]:
    """(names a cell defines or changes, names it reads); unreadable code defines "*"."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return {"*"}, set()
    defs: set[str] = set()
    uses: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (uses if isinstance(node.ctx, ast.Load) else defs).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defs.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            defs |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        elif isinstance(node, (ast.Subscript, ast.Attribute)) and not isinstance(node.ctx, ast.Load):
            base = node.value
            while isinstance(base, (ast.Subscript, ast.Attribute)):
                base = base.value
            if isinstance(base, ast.Name):
                defs.add(base.id)  # orders["x"] = … changes orders
    return defs, uses


def _needed(cells: list[tuple[dict, str]], answers: dict[str, list[str]]) -> set[int]:
    """Indices of the cells the answers need, found backwards from each answer: a cell
    is run when it defines (or changes) a name that a later needed cell reads."""
    needed_names: set[str] = set()
    keep: set[int] = set()
    for index in range(len(cells) - 1, -1, -1):
        meta, source = cells[index]
        grade_id = meta.get("grade_id", "")
        if grade_id in answers:
            keep.add(index)
            for code in [source, *answers[grade_id]]:
                needed_names |= _names(code)[1]
            continue
        defs, uses = _names(source)
        if grade_id == "setup" or "*" in defs or defs & needed_names:
            keep.add(index)
            needed_names |= uses
    return keep


def chapter_key(chapter: str, notebook: dict, key: str | None) -> dict[str, dict]:
    """Exercise number → digests for one variant (run in a worker: it sets the variant)."""
    from course import coach

    specs = coach.exercises(chapter)
    by_answer = {spec["answer"]: number for number, spec in specs.items() if spec.get("check")}
    try:
        known = importlib.import_module(f"autograder.sampleclass.answers.{chapter}")
        misconceptions = getattr(known, "MISCONCEPTIONS", {})
    except ModuleNotFoundError:
        misconceptions = {}
    namespace: dict[str, Any] = {"__name__": "__main__"}
    out: dict[str, dict] = {}
    widget = _widget_cell()
    cells = []
    for cell in notebook["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        source = _source(cell)
        if cell.get("cell_type") != "code" or meta.get("grade") or _HELP_CALL.search(source) \
                or "self_check(" in source or (widget.search(source) and not meta):
            continue
        cells.append((meta, source))
    answers = {grade_id: [code for _, code in misconceptions.get(grade_id, [])]
               + specs[number]["check"] for grade_id, number in by_answer.items()}
    keep = _needed(cells, answers)
    for index, (meta, source) in enumerate(cells):
        if index not in keep:
            continue
        number = by_answer.get(meta.get("grade_id", "")) if meta.get("solution") else None
        if number is None:
            _run(source, namespace)
            continue
        item = f"{chapter}.q{number}"
        exprs = specs[number]["check"]
        before = _snapshot(namespace)
        _run(source, namespace)
        kinds: list[str] = []
        texts = _values(chapter, exprs, namespace, kinds)
        if texts is None:
            raise RuntimeError(f"{chapter} 练习 {number}：参考答案运行后算不出检查表达式 {exprs}。")
        right = coach.joined(texts)
        entry = {"ok": coach.digest(key, "ok", item, right),
                 "parts": [coach.digest(key, "part", item, e + "\x1f" + t)
                           for e, t in zip(exprs, texts, strict=True)],
                 "kinds": kinds, "mis": {}}
        for belief, code in misconceptions.get(meta["grade_id"], []):
            trial = _snapshot(before)
            if not _run(replace_solution(source, code), trial):
                continue
            wrong = _values(chapter, exprs, trial)
            if wrong is None or coach.joined(wrong) == right:
                continue
            value = coach.joined(wrong)
            entry["mis"][coach.digest(key, "mis", item, value)] = coach.seal(key, item, value, belief)
        out[str(number)] = entry
    return out


def _worker(job: dict) -> dict:
    """Keys for the job's (student, variant key) pairs and chapters (one process)."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    from course import coach, data

    root = Path(job["root"])
    out: dict[str, dict] = {}
    notebooks = {ch: json.loads((root / "source" / ch / f"{ch}.ipynb").read_text("utf-8"))
                 for ch in job["chapters"]}
    for student, key in job["students"]:
        for name in ("KEFU_STUDENT", "KEFU_VARIANT_KEY"):
            os.environ.pop(name, None)
        if key:
            os.environ["KEFU_STUDENT"] = student
            os.environ["KEFU_VARIANT_KEY"] = key
        data._variant_tables.cache_clear()
        for chapter in job["chapters"]:
            out.setdefault(chapter, {})[coach.variant_id(key)] = chapter_key(
                chapter, notebooks[chapter], key)
    return out


def build(root: Path, chapters: list[str], students: list[tuple[str, str | None]],
          out_dir: Path, jobs: int = 1) -> dict[str, Path]:
    """Write ``out_dir/chNN.json`` with the keys of every (student, variant key)."""
    from course import coach

    chapters = [ch for ch in chapters if coach.exercises(ch)]
    if not chapters:
        return {}
    jobs = max(1, min(jobs, len(students)))
    shares = [students[i::jobs] for i in range(jobs)]

    def run(share: list) -> dict:
        job = {"root": str(root), "chapters": chapters, "students": share}
        env = {k: v for k, v in os.environ.items() if k not in ("KEFU_STUDENT", "KEFU_VARIANT_KEY")}
        env["MPLBACKEND"] = "Agg"
        env["NBGRADER_EXECUTION"] = "autograde"  # widgets skip drawing (course.plotting.grading)
        done = subprocess.run([sys.executable, "-m", "autograder.answerkey"], input=json.dumps(job),
                              capture_output=True, text=True, env=env, cwd=str(root))
        if done.returncode != 0:
            raise RuntimeError("生成答案检查表失败：" + (done.stderr or done.stdout)[-1500:])
        return json.loads(done.stdout.strip().splitlines()[-1])

    merged: dict[str, dict] = {ch: {} for ch in chapters}
    with ThreadPoolExecutor(jobs) as pool:
        for part in pool.map(run, shares):
            for chapter, variants in part.items():
                merged[chapter].update(variants)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for chapter in chapters:
        path = out_dir / f"{chapter}.json"
        body = {"chapter": chapter, "variants": dict(sorted(merged[chapter].items()))}
        path.write_text(json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
        written[chapter] = path
    return written


def main() -> int:
    job = json.loads(sys.stdin.read())
    result = _worker(job)
    sys.stdout.write("\n" + json.dumps(result, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
