"""Which Python and pandas constructs the reference solutions use, and which the on-ramp teaches.

A learner who has never programmed meets every construct of the chapters' solutions
first in the orientation notebook's Python on-ramp (``source/ch00``). This module reads
code with :mod:`ast` and names each construct in Chinese (``「.groupby()」分组``);
``python -m autograder.constructs`` lists, per construct, the chapters whose solutions
use it and whether the on-ramp teaches it. ``tests/autograder/test_constructs.py`` fails
when a solution uses a construct the on-ramp does not show.

Calls into the course's own modules (``data.load``, ``kpi.agent_kpis``, ``练习3.letter_of``)
are not constructs: each chapter teaches its own tools where it uses them.
"""

from __future__ import annotations

import ast
import json
import sys
from collections import defaultdict
from pathlib import Path

#: Names the notebooks bind to the course's modules or objects (taught in the chapters).
COURSE_NAMES = frozenset({
    "data", "kpi", "promotions", "chasing", "crm", "aftersales", "variants", "checks",
    "timeline", "sizing", "workflow", "typingspeed", "replies", "compliance", "appraisal",
    "autoreply", "backoffice", "charts", "plotting", "rules", "RULES", "notebook", "chats",
    "phrasebook",
})

#: Attributes read without a call that are constructs of their own.
ATTRIBUTES = frozenset({
    "dt", "str", "loc", "iloc", "index", "columns", "values", "days", "hour", "date",
    "seconds", "shape", "empty",
})

_SYNTAX = {
    ast.FunctionDef: "def 定义函数", ast.Return: "return 返回结果", ast.If: "if 条件判断",
    ast.For: "for 循环", ast.While: "while 循环", ast.ListComp: "列表推导式 [… for …]",
    ast.SetComp: "集合推导式 {… for …}", ast.DictComp: "字典推导式 {k: v for …}",
    ast.GeneratorExp: "生成器表达式 (… for …)", ast.Lambda: "lambda 匿名函数",
    ast.JoinedStr: "f 字符串 f\"…{x}…\"", ast.Try: "try/except 处理错误",
    ast.IfExp: "条件表达式 a if 条件 else b", ast.List: "列表 […]", ast.Tuple: "元组 (…, …)",
    ast.Dict: "字典 {键: 值}", ast.Set: "集合 {…}", ast.AugAssign: "+= 等增量赋值",
    ast.Slice: "切片 [a:b]", ast.BoolOp: "and / or", ast.Import: "import 导入",
    ast.ImportFrom: "import 导入",
}
_OPERATORS = {
    ast.Add: "+ 加", ast.Sub: "- 减", ast.Mult: "* 乘", ast.Div: "/ 除",
    ast.FloorDiv: "// 整除", ast.Mod: "% 取余", ast.Pow: "** 乘方",
    ast.BitAnd: "& 同时满足（表格条件）", ast.BitOr: "| 满足其一（表格条件）",
    ast.Invert: "~ 取反（表格条件）", ast.Not: "not 取反", ast.USub: "负号 -x",
    ast.Eq: "== 等于", ast.NotEq: "!= 不等于", ast.Lt: "< 小于", ast.LtE: "<= 小于等于",
    ast.Gt: "> 大于", ast.GtE: ">= 大于等于", ast.In: "in 属于", ast.NotIn: "not in 不属于",
    ast.Is: "is None 判断", ast.IsNot: "is None 判断",
}


def _parse(code: str) -> ast.Module | None:
    try:
        return ast.parse(code)
    except SyntaxError:  # a function body written inside the released "def" line
        body = "\n".join("    " + line for line in code.splitlines())
        try:
            return ast.parse("def _body():\n" + body)
        except SyntaxError:
            return None


def _own_functions(tree: ast.AST) -> set[str]:
    return {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}


def constructs(code: str) -> set[str]:
    """The constructs ``code`` uses, by Chinese name."""
    tree = _parse(code)
    if tree is None:
        return set()
    own = _own_functions(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        kind = type(node)
        if kind in _SYNTAX and not (isinstance(node, ast.FunctionDef) and node.name == "_body"):
            found.add(_SYNTAX[kind])
        if isinstance(node, (ast.BinOp, ast.UnaryOp)) and type(node.op) in _OPERATORS:
            found.add(_OPERATORS[type(node.op)])
        elif isinstance(node, ast.Compare):
            found.update(_OPERATORS[type(op)] for op in node.ops if type(op) in _OPERATORS)
        elif isinstance(node, ast.Subscript):
            inner = node.slice
            if isinstance(inner, (ast.Compare, ast.BinOp, ast.UnaryOp)) or (
                    isinstance(inner, ast.Name) and inner.id.startswith(("mask", "is_", "in_"))):
                found.add("按条件筛选行 表[条件]")
            elif isinstance(inner, ast.Constant) and isinstance(inner.value, str):
                found.add("取一列 / 取字典的值 x[\"名字\"]")
            else:
                found.add("按位置或键取值 x[…]")
        elif isinstance(node, ast.Call):
            found |= _call(node.func, own)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) \
                and node.attr in ATTRIBUTES:
            found.add(f"「.{node.attr}」")
    return found


def _call(func: ast.expr, own: set[str]) -> set[str]:
    if isinstance(func, ast.Name):
        return set() if func.id in own or func.id in COURSE_NAMES else {f"「{func.id}()」"}
    if isinstance(func, ast.Attribute):
        base = func.value
        if isinstance(base, ast.Name):
            if base.id in COURSE_NAMES or base.id.startswith("练习"):
                return set()
            if base.id in ("pd", "np", "math"):
                return {f"「{base.id}.{func.attr}()」"}
        return {f"「.{func.attr}()」"}
    return set()


def _cells(notebook: Path) -> list[dict]:
    return json.loads(notebook.read_text(encoding="utf-8"))["cells"]


def _text(cell: dict) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def solution_constructs(source_dir: Path) -> dict[str, set[str]]:
    """Construct → the chapters whose reference solutions (auto items) use it."""
    from autograder.sampleclass import solutions

    used: dict[str, set[str]] = defaultdict(set)
    for folder in sorted(source_dir.glob("ch[0-9][0-9]")):
        if folder.name == "ch00":
            continue
        notebook = folder / f"{folder.name}.ipynb"
        if not notebook.is_file():
            continue
        nb = {"cells": _cells(notebook)}
        for grade_id, code in solutions(nb).items():
            if grade_id.startswith("written"):
                continue
            for construct in constructs(code):
                used[construct].add(folder.name)
        for code in filled_scaffolds(folder.name):
            for construct in constructs(code):
                used[construct].add(folder.name)
    return dict(used)


def filled_scaffolds(chapter: str) -> list[str]:
    """The chapter's scaffolds completed as the sample answers fill them (a learner writes
    these, so what they use must be taught too)."""
    import importlib

    from course.coach import exercises
    from course.stubs import BLANK

    try:
        fills = getattr(importlib.import_module(f"autograder.sampleclass.answers.{chapter}"),
                        "SCAFFOLD_FILLS", {})
    except ModuleNotFoundError:
        return []
    out = []
    for spec in exercises(chapter).values():
        scaffold, fill = spec.get("scaffold"), fills.get(spec.get("answer"))
        if not scaffold or fill is None or scaffold.count(BLANK) != len(fill):
            continue
        parts = scaffold.split(BLANK)
        code = "".join(p + f for p, f in zip(parts, [*fill, ""], strict=True))
        if "return" in code and not code.lstrip().startswith("def "):
            code = "def _answer(*args):\n" + "\n".join("    " + line for line in code.splitlines())
        out.append(code)
    return out


def taught_constructs(onramp: Path) -> set[str]:
    """What the on-ramp's code cells show (every code cell, examples and practice)."""
    taught: set[str] = set()
    for cell in _cells(onramp):
        if cell["cell_type"] == "code":
            taught |= constructs(_text(cell).replace("### BEGIN SOLUTION", "")
                                 .replace("### END SOLUTION", ""))
    return taught


def untaught(root: Path) -> dict[str, set[str]]:
    """Construct → chapters, for what the solutions use and the on-ramp does not teach."""
    taught = taught_constructs(root / "source" / "ch00" / "ch00.ipynb")
    return {c: chs for c, chs in solution_constructs(root / "source").items()
            if c not in taught}


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else Path(__file__).resolve().parents[1]
    used = solution_constructs(root / "source")
    taught = taught_constructs(root / "source" / "ch00" / "ch00.ipynb")
    print("参考答案用到的写法 | 用到的章节 | 导学是否教过")
    for construct in sorted(used, key=lambda c: (-len(used[c]), c)):
        mark = "是" if construct in taught else "否"
        print(f"{construct} | {'、'.join(sorted(used[construct]))} | {mark}")
    missing = [c for c in used if c not in taught]
    print(f"\n共 {len(used)} 种写法，导学没有教过的 {len(missing)} 种。")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
