"""Wire a chapter's exercises to their formative feedback (authoring tool).

``python tools/wire_checks.py ch07 [ch08 …]`` makes the source notebook agree with
``EXERCISES`` in ``course/exercises/chNN.py``: the set-up cell calls ``setup("chNN")``
(which creates the handles ``练习1``, ``练习2``…), and right under each exercise's answer
cell and its test cell there is exactly one check cell ``练习N.check()`` (nbgrader's
answer → test layout stays as it is). Running it twice changes nothing.
Run ``kefu release chNN`` afterwards.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course.coach import exercises  # noqa: E402

CHECK = re.compile(r"^\s*(?:#[^\n]*\n)*\s*练习(\d+)\.check\(\)\s*$")


def check_source(number: int) -> str:
    return (f"# 检查答案：正确 / 不正确 / 未作答。需要提示运行 练习{number}.hint()，"
            f"更多提示 练习{number}.hint(2)\n练习{number}.check()")


def wire(chapter: str) -> int:
    path = ROOT / "source" / chapter / f"{chapter}.ipynb"
    nb = nbformat.read(path, as_version=4)
    specs = exercises(chapter)
    by_answer = {spec["answer"]: number for number, spec in specs.items()}
    cells = [c for c in nb.cells if not (c.cell_type == "code" and CHECK.match(c.source))]
    out = []
    found = set()
    pending = None  # the check cell waiting for its answer's test cell
    for cell in cells:
        meta = cell.metadata.get("nbgrader", {})
        if pending is not None and not meta.get("grade"):
            out.append(pending)
            pending = None
        if meta.get("grade_id") == "setup":
            cell.source = re.sub(r"\bsetup\((?:\"ch\d\d\")?\)", f'setup("{chapter}")', cell.source)
        out.append(cell)
        if pending is not None:  # the answer's test cell: the check comes right after it
            out.append(pending)
            pending = None
        number = by_answer.get(meta.get("grade_id", ""))
        if number is not None and meta.get("solution"):
            pending = nbformat.v4.new_code_cell(check_source(number))
            pending.id = f"check-{meta['grade_id']}"[:64]
            found.add(number)
    if pending is not None:
        out.append(pending)
    missing = sorted(set(specs) - found)
    if missing:
        raise SystemExit(f"{chapter}: no answer cell for exercises {missing}")
    nb.cells = out
    nbformat.write(nb, path)
    return len(found)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(name, wire(name), "check cells")
