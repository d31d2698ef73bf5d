"""Put a chapter's role-play chats into its source notebook (authoring tool).

``python tools/wire_chats.py ch04 ch04.bargain --after "价格问题" --points 4 --solution FILE``

For the scenario it writes three cells: a markdown brief (what the chat practises and how
to hand it in), a code cell that opens the chat widget, and the manually graded answer cell
(``grade_id`` of the scenario) whose solution region holds a reference chat, one reply per
line of FILE (a good chat: the test suite replays it and wants the scenario's success). The
cells go right after the first markdown cell containing ``--after``; when they are already
in the notebook they are rewritten in place (``--after`` is then ignored). Running it
twice changes nothing. Run ``kefu release chNN`` afterwards.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course.roleplays import SCENARIOS  # noqa: E402


def cells(key: str, points: float, solution: list[str]) -> list:
    scenario = SCENARIOS[key]
    slug = scenario.grade_id
    intro = nbformat.v4.new_markdown_cell(
        f"#### 对话练习：{scenario.title}（老师批改，{points:g} 分）\n\n"
        "运行下面的单元格，和买家聊一聊：在输入框里写回复，点「发送」。每发一句，下面会马上告诉你这句"
        "做到了哪些要点、有没有犯禁忌；买家会根据你说的话做出不同的反应。\n\n"
        "- 不满意可以点「重新开始」，练到满意为止；\n"
        "- 聊完后，把「复制为代码」框里的全部内容复制，粘贴到再下面的答题单元格，运行它，然后保存笔记本；\n"
        f"- 重新打开笔记本后想接着聊：`RolePlayChat(\"{key}\", replies={scenario.answer})`。\n\n"
        "老师看到的是用你的回复重新演一遍的对话（买家说的话由练习决定，改不了），以及每句回复的检查结果。")
    widget = nbformat.v4.new_code_cell(f"RolePlayChat(\"{key}\")")
    body = "\n".join(f"    {reply!r}," for reply in solution)
    answer = nbformat.v4.new_code_cell(
        "### BEGIN SOLUTION\n" f"{scenario.answer} = [\n{body}\n]\n" "### END SOLUTION")
    answer.metadata["nbgrader"] = {"grade": True, "solution": True, "locked": False,
                                   "grade_id": slug, "points": points, "schema_version": 3}
    for cell, suffix in ((intro, "intro"), (widget, "widget"), (answer, "answer")):
        cell.id = f"{slug}-{suffix}".replace("_", "-")[:64]
    return [intro, widget, answer]


def wire(chapter: str, key: str, after: str | None, points: float, solution: list[str]) -> str:
    path = ROOT / "source" / chapter / f"{chapter}.ipynb"
    nb = nbformat.read(path, as_version=4)
    new = cells(key, points, solution)
    ids = {c.id for c in new}
    where = next((i for i, c in enumerate(nb.cells) if c.get("id") in ids), None)
    kept = [c for c in nb.cells if c.get("id") not in ids]
    if where is None:
        if not after:
            raise SystemExit(f"{key} is not in {chapter} yet: say where with --after")
        where = next((i + 1 for i, c in enumerate(kept)
                      if c.cell_type == "markdown" and after in c.source), None)
        if where is None:
            raise SystemExit(f"no markdown cell of {chapter} contains {after!r}")
    nb.cells = kept[:where] + new + kept[where:]
    nbformat.write(nb, path)
    return str(path)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapter")
    parser.add_argument("key")
    parser.add_argument("--after")
    parser.add_argument("--points", type=float, default=4)
    parser.add_argument("--solution", type=Path, required=True,
                        help="a text file with the reference chat, one reply per line")
    args = parser.parse_args(argv)
    solution = [line.strip() for line in args.solution.read_text("utf-8").splitlines() if line.strip()]
    print(wire(args.chapter, args.key, args.after, args.points, solution))


if __name__ == "__main__":
    main()
