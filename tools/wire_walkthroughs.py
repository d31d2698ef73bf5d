"""Put a chapter's platform walkthroughs into its source notebook (authoring tool).

``python tools/wire_walkthroughs.py ch03 [ch04 …]`` makes every walkthrough of
``course/walkthroughs/chNN.py`` a markdown cell of the source notebook, rendered by
``course.walkthroughs.render`` (cell id ``walk-<name>``). A cell already there is rewritten
in place; a new one goes right after the first markdown cell containing the walkthrough's
``after`` text. Cells of walkthroughs that no longer exist are removed. Running it twice
changes nothing. Run ``kefu release chNN`` afterwards.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course.walkthroughs import of_chapter, render  # noqa: E402

PREFIX = "walk-"


def cell_id(key: str) -> str:
    return (PREFIX + key.split(".", 1)[1]).replace("_", "-")[:64]


def wire(chapter: str) -> int:
    path = ROOT / "source" / chapter / f"{chapter}.ipynb"
    nb = nbformat.read(path, as_version=4)
    walks = of_chapter(chapter)
    wanted = {cell_id(w.key) for w in walks}
    nb.cells = [c for c in nb.cells if not (c.get("id", "").startswith(PREFIX) and c.id not in wanted)]
    for walk in walks:
        source = render(walk)
        here = next((c for c in nb.cells if c.get("id") == cell_id(walk.key)), None)
        if here is not None:
            here.source = source
            continue
        at = next((i + 1 for i, c in enumerate(nb.cells)
                   if c.cell_type == "markdown" and walk.after and walk.after in c.source), None)
        if at is None:
            raise SystemExit(f"{walk.key}: no markdown cell of {chapter} contains {walk.after!r}")
        cell = nbformat.v4.new_markdown_cell(source)
        cell.id = cell_id(walk.key)
        nb.cells.insert(at, cell)
    nbformat.write(nb, path)
    return len(walks)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(name, wire(name))
