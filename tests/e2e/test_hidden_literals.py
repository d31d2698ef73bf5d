"""No hidden test compares a value item with a literal that should depend on the variant.

A hidden test of a data, calculation, choice or set item must compute what it expects
from the student's variant (``data.load``, the course's functions, ``variants.params``,
``variants.letter(s)``); a literal there would be the same for every student, so a
classmate's answer would score. Function items (tested on fixed inputs) are exempt, and
a few literals are rules of the course, not data (listed with their reason).
"""

from __future__ import annotations

import ast
import json

import pytest

from autograder.coursedir import Course

COURSE = Course.load()
#: The check functions whose third argument is the expected value.
EXPECTING = {"expect_close", "expect_equal_text", "expect_equal_set", "expect_series_close"}
#: (grade id, literal) pairs that are rules of the course rather than answers to vary.
RULES: dict[tuple[str, str], str] = {}


def _constant(node: ast.AST) -> bool:
    """A literal or an expression of literals only (``200 / 120``, ``["A", "C"]``)."""
    if isinstance(node, ast.Constant):
        return not isinstance(node.value, str) or len(node.value) > 0
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return bool(node.elts) and all(_constant(e) for e in node.elts)
    if isinstance(node, ast.BinOp):
        return _constant(node.left) and _constant(node.right)
    if isinstance(node, ast.UnaryOp):
        return _constant(node.operand)
    return False


def literal_expectations(chapter: str) -> list[tuple[str, str]]:
    """(grade id, literal source) of every constant expectation in a value item's hidden test."""
    source = json.loads(COURSE.source_notebook(chapter).read_text("utf-8"))
    found = []
    for cell in source["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] != "code" or not meta.get("grade") or meta.get("solution"):
            continue
        code = "".join(cell["source"])
        visible, _, hidden = code.partition("### BEGIN HIDDEN TESTS")
        if "expect_function" in visible or not hidden:
            continue
        tree = ast.parse(hidden.replace("### END HIDDEN TESTS", ""))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in EXPECTING and len(node.args) >= 3 and _constant(node.args[2]):
                found.append((meta["grade_id"], ast.unparse(node.args[2])))
            if (isinstance(node.func, ast.Attribute) and node.func.attr == "params"
                    and not node.args):
                found.append((meta["grade_id"], "variants.params() 没有题目编号"))
        asserted = [n for a in ast.walk(tree) if isinstance(a, ast.Assert) for n in ast.walk(a.test)]
        for node in asserted:  # assert answer == literal
            if isinstance(node, ast.Compare) and any(
                    isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops):
                for side in [node.left, *node.comparators]:
                    if _constant(side) and not (isinstance(side, ast.Constant)
                                                and isinstance(side.value, (int, float))
                                                and side.value in (0, 1)):
                        found.append((meta["grade_id"], ast.unparse(side)))
    return found


def test_the_scan_finds_a_planted_literal(tmp_path, monkeypatch):
    assert _constant(ast.parse("200 / 120", mode="eval").body)
    assert _constant(ast.parse('["A", "C", "F"]', mode="eval").body)
    assert not _constant(ast.parse('variants.letters("ch07.q9", "ABC", "AC")', mode="eval").body)
    assert not _constant(ast.parse("_p['sales'] / _p['buyers']", mode="eval").body)


@pytest.mark.parametrize("chapter", COURSE.chapters())
def test_hidden_tests_compute_every_variant_dependent_expectation(chapter):
    left = [(gid, lit) for gid, lit in literal_expectations(chapter) if (gid, lit) not in RULES]
    assert not left, f"{chapter} 的隐藏测试里还有与学生数据无关的字面量期望值：{left}"
