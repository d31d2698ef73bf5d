"""Does copying work across variants? Grade a chapter's answers as two students.

For each chapter, through the real pipeline (sandboxed engine, nbgrader gradebook):

1. the reference solutions, graded as student A and as student B (both must earn every
   automatic point), with a last cell that prints the value of every answer name the
   tests read: A's and B's expected answers;
2. A's values pasted as literals in place of the solutions (functions keep their code),
   graded as A (full marks) and as B (at most 10% of the value items' points);
3. every misconception sample (``MISCONCEPTIONS`` and ``WRONG`` in
   ``autograder/sampleclass/answers/chNN.py``), graded as A and as B: each loses
   points on its item.

``python -m tests.e2e.variant_check ch04 [ch05 …]`` prints a table per chapter and
PASS/FAIL lines; ``tests/e2e/test_variants.py`` asserts the same.
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from autograder import pipeline, sampleclass
from autograder.coursedir import Course
from autograder.schedule import nbgrader_timestamp

STUDENT_A = "2024001"
#: The classmates A's answers are copied to (the shares below are averaged over them).
OTHERS = ("2024002", "2024003", "2024004", "2024005")
#: The share of the value items' points that A's pasted answers may still earn as B.
COPY_CAP = 0.10
#: The share of value items whose expected answer must differ between A and B.
DIFFER_FLOOR = 0.90
_MARK = "KEFU-ANSWERS:"

_DUMP = r'''
import json as _kefu_json
import math as _kefu_math
import numpy as _kefu_np
import pandas as _kefu_pd


def _kefu_plain(v):
    if isinstance(v, (bool, _kefu_np.bool_)):
        return bool(v)
    if isinstance(v, _kefu_np.integer):
        return int(v)
    if isinstance(v, _kefu_np.floating):
        return float(v)
    if isinstance(v, dict):
        return {_kefu_plain(k): _kefu_plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, set, frozenset)):
        return type(v)(_kefu_plain(x) for x in v)
    return v


def _kefu_repr(v):
    """repr with sets in sorted order, so equal answers print the same in every process."""
    if isinstance(v, (set, frozenset)):
        inner = ", ".join(sorted(_kefu_repr(x) for x in v))
        return ("{" + inner + "}") if v else "set()"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_kefu_repr(k)}: {_kefu_repr(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_kefu_repr(x) for x in v) + "]"
    if isinstance(v, tuple):
        return "(" + ", ".join(_kefu_repr(x) for x in v) + ("," if len(v) == 1 else "") + ")"
    return repr(v)


def _kefu_literal(v):
    if isinstance(v, _kefu_pd.Series):
        return (f"pd.Series({_kefu_plain(dict(v.items()))!r}, dtype={str(v.dtype)!r}, "
                f"name={_kefu_plain(v.name)!r})")
    if isinstance(v, _kefu_pd.DataFrame):
        columns = {str(c): [_kefu_plain(x) for x in v[c]] for c in v.columns}
        return f"pd.DataFrame({columns!r}, index={[_kefu_plain(i) for i in v.index]!r})"
    if callable(v):
        return None
    return _kefu_repr(_kefu_plain(v))


print("KEFU-ANSWERS:" + _kefu_json.dumps(
    {_n: _kefu_literal(globals()[_n]) for _n in NAMES if _n in globals()}, ensure_ascii=False))
'''
_PRELUDE = ("import pandas as pd\nfrom pandas import NaT, Timedelta, Timestamp\n"
            "nan = float('nan')\n")


def _source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _read_names(code: str) -> set[str]:
    code = code.replace("### BEGIN HIDDEN TESTS", "").replace("### END HIDDEN TESTS", "")
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


@dataclass
class Item:
    grade_id: str
    points: float
    function: bool
    names: set[str]
    scores: dict[str, float] = field(default_factory=dict)
    #: For each classmate: does their expected answer differ from A's?
    differs: dict[str, bool] = field(default_factory=dict)


def items_of(source: dict) -> list[Item]:
    """The automatically graded items of a source notebook."""
    out = []
    for cell in source["cells"]:
        meta = _meta(cell)
        if cell["cell_type"] == "code" and meta.get("grade") and not meta.get("solution"):
            code = _source(cell)
            visible = code.split("### BEGIN HIDDEN TESTS")[0]
            out.append(Item(meta["grade_id"], float(meta.get("points") or 0),
                            "expect_function" in visible, _read_names(code)))
    return out


def literal_answers(source: dict, values: dict[str, str | None], tested: set[str]
                    ) -> dict[str, str]:
    """grade_id → the solution with every tested value replaced by ``values``' literal."""
    answers = {}
    inside_def = {_meta(c).get("grade_id") for c in source["cells"]
                  if re.search(r"^[ \t]+### BEGIN SOLUTION", _source(c), re.M)}
    for grade_id, solution in sampleclass.solutions(source).items():
        if grade_id in inside_def or grade_id.startswith("written"):
            answers[grade_id] = solution  # a function body, or a written answer: unchanged
            continue
        try:
            tree = ast.parse(solution)
        except SyntaxError:  # a function body ("return" outside a def): unchanged
            answers[grade_id] = solution
            continue
        kept, names = [], []
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.Import, ast.ImportFrom, ast.ClassDef)):
                kept.append(ast.get_source_segment(solution, node))
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name) and name.id in tested:
                            names.append(name.id)
        lines = [f"{n} = {values[n]}" for n in dict.fromkeys(names) if values.get(n)]
        answers[grade_id] = _PRELUDE + "\n".join(kept + lines)
    return answers


def _submit(course: Course, student: str, chapter: str, notebook: dict) -> None:
    folder = course.submission_dir(student, chapter)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{chapter}.ipynb").write_text(json.dumps(notebook, ensure_ascii=False), "utf-8")
    due = course.calendar.due(chapter)
    if due is not None:
        (folder / "timestamp.txt").write_text(nbgrader_timestamp(due), "utf-8")


def _grade(course: Course, chapters: list[str], notebooks: dict[tuple[str, str], dict]
           ) -> dict[tuple[str, str], tuple[dict[str, float], dict]]:
    """(student, chapter) → (grade_id → score, the autograded notebook)."""
    from nbgrader.api import Gradebook

    for (student, chapter), notebook in notebooks.items():
        _submit(course, student, chapter, notebook)
    pipeline.register_students(course, {s: ("", s) for s, _ in notebooks})
    pipeline.autograde_all(course, chapters, sorted({s for s, _ in notebooks}), progress=False,
                           feedback=False)
    out = {}
    with Gradebook(course.db_url) as gradebook:
        for student, chapter in notebooks:
            nb = gradebook.find_submission_notebook(chapter, chapter, student)
            scores = {g.name: float(g.score or 0) for g in nb.grades}
            graded = json.loads(course.autograded_notebook(student, chapter).read_text("utf-8"))
            out[student, chapter] = (scores, graded)
    return out


def _dumped(notebook: dict) -> dict[str, str | None]:
    for cell in reversed(notebook["cells"]):
        for output in cell.get("outputs", []):
            text = "".join(output.get("text", ""))
            if _MARK in text:
                return json.loads(text.split(_MARK, 1)[1].strip().splitlines()[0])
    return {}


@dataclass
class ChapterCheck:
    chapter: str
    items: list[Item]
    wrong_passed: list[str]
    lines: list[str] = field(default_factory=list)

    def copied_share(self) -> dict[str, float]:
        """Classmate → share of the value items' points A's pasted answers earn as them."""
        value = [i for i in self.items if not i.function]
        total = sum(i.points for i in value) or 1.0
        return {b: sum(i.scores.get(f"copy_{b}", 0) for i in value) / total for b in OTHERS}

    def differ_share(self) -> dict[str, float]:
        """Classmate → share of the value items whose expected answer differs from A's."""
        value = [i for i in self.items if not i.function]
        return {b: sum(i.differs.get(b, False) for i in value) / max(1, len(value))
                for b in OTHERS}

    def passes(self) -> dict[str, bool]:
        copied, differ = self.copied_share(), self.differ_share()
        mean_copied = sum(copied.values()) / len(copied)
        mean_differ = sum(differ.values()) / len(differ)
        return {
            "参考答案以每位学生评分都满分": all(
                i.scores.get(f"solution_{s}") == i.points
                for i in self.items for s in (STUDENT_A, *OTHERS)),
            "A 的答案（字面量）以 A 评分满分": all(i.scores.get(f"copy_{STUDENT_A}") == i.points
                                          for i in self.items),
            f"A 的答案抄给同学，平均得分 ≤ {COPY_CAP:.0%}（实际平均 {mean_copied:.1%}，"
            f"最多 {max(copied.values()):.1%}）": mean_copied <= COPY_CAP,
            f"同学与 A 的期望答案不同的题平均 ≥ {DIFFER_FLOOR:.0%}（实际平均 {mean_differ:.1%}，"
            f"最少 {min(differ.values()):.1%}）": mean_differ >= DIFFER_FLOOR,
            "每个误解样本和已知错误答案在每位学生下都不得满分": not self.wrong_passed,
        }


def check(chapters: list[str], root: Path | None = None) -> list[ChapterCheck]:
    """Run the three rounds for ``chapters`` in a temporary copy of the course."""
    os.environ.setdefault("KEFU_COURSE_SECRET", "kefu-test-secret")
    with tempfile.TemporaryDirectory(prefix="kefu-variants-") as tmp:
        course = Course.load(root).copy_to(Path(tmp) / "course", chapters)
        assert pipeline.prepare_gradebook(course, chapters) == []
        sources, releases, items, tested = {}, {}, {}, {}
        for chapter in chapters:
            sources[chapter] = json.loads(course.source_notebook(chapter).read_text("utf-8"))
            releases[chapter] = json.loads(course.release_notebook(chapter).read_text("utf-8"))
            items[chapter] = items_of(sources[chapter])
            tested[chapter] = set().union(*(i.names for i in items[chapter]))

        def with_dump(chapter: str, answers: dict[str, str]) -> dict:
            notebook = sampleclass.fill(releases[chapter], answers)
            notebook["cells"].append({
                "cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                "source": f"NAMES = {sorted(tested[chapter])!r}\n" + _DUMP})
            return notebook

        everyone = (STUDENT_A, *OTHERS)
        # Round 1: the reference solutions as everyone, dumping the expected answers.
        round1 = _grade(course, chapters, {
            (s, ch): with_dump(ch, sampleclass.solutions(sources[ch]))
            for s in everyone for ch in chapters})
        values = {key: _dumped(graded) for key, (_, graded) in round1.items()}
        # Round 2: A's answers as literals, as A and as each classmate.
        copies = {ch: sampleclass.fill(releases[ch], literal_answers(
            sources[ch], values[STUDENT_A, ch], tested[ch])) for ch in chapters}
        round2 = _grade(course, chapters, {(s, ch): copies[ch]
                                           for s in everyone for ch in chapters})
        # Round 3: the known wrong answers and every misconception sample, as A and one
        # classmate; round k gives each item its k-th sample (the others their solution).
        rounds = {ch: misconception_rounds(ch, sampleclass.solutions(sources[ch]))
                  for ch in chapters}
        round3 = {}
        for k in range(max(len(r) for r in rounds.values())):
            batch = {(f"{s}", ch): sampleclass.fill(releases[ch], rounds[ch][k][1])
                     for s in (STUDENT_A, OTHERS[0]) for ch in chapters if k < len(rounds[ch])}
            for (s, ch), graded in _grade(course, [ch for ch in chapters
                                                   if k < len(rounds[ch])], batch).items():
                round3[s, ch, k] = graded
        results = []
        for ch in chapters:
            passed = []
            for k, (samples, _) in enumerate(rounds[ch]):
                for answer_id, why in samples.items():
                    test_id = _test_of(sources[ch], answer_id)
                    item = next((i for i in items[ch] if i.grade_id == test_id), None)
                    for s in (STUDENT_A, OTHERS[0]):
                        score = round3[s, ch, k][0].get(test_id, 0) if test_id else 0
                        if item is not None and k == 0:
                            item.scores[f"wrong_{s}"] = score
                        if item is not None and score >= item.points:
                            passed.append(f"{answer_id}（{why}，学生 {s}）")
            for item in items[ch]:
                for s in everyone:
                    item.scores[f"solution_{s}"] = round1[s, ch][0].get(item.grade_id, 0)
                    item.scores[f"copy_{s}"] = round2[s, ch][0].get(item.grade_id, 0)
                for s in (STUDENT_A, OTHERS[0]):
                    item.scores.setdefault(f"wrong_{s}", 0)
                a = values[STUDENT_A, ch]
                for s in OTHERS:
                    b = values[s, ch]
                    item.differs[s] = any(a.get(n) != b.get(n) for n in item.names
                                          if n in a or n in b)
            results.append(ChapterCheck(ch, items[ch], passed))
        return results


def misconceptions(chapter: str) -> dict[str, list[tuple[str, str]]]:
    """answer grade id → [(what the student believes, their code), …]: the chapter's
    ``MISCONCEPTIONS`` and its ``WRONG`` answer (the sample class's wrong student)."""
    known = importlib.import_module(f"autograder.sampleclass.answers.{chapter}")
    out: dict[str, list[tuple[str, str]]] = {}
    for answer_id, samples in getattr(known, "MISCONCEPTIONS", {}).items():
        out.setdefault(answer_id, []).extend(samples)
    for answer_id, code in known.WRONG.items():
        if all(code != c for _, c in out.get(answer_id, [])):
            out.setdefault(answer_id, []).append(("样本班级的错误答案", code))
    return out


def misconception_rounds(chapter: str, solutions: dict[str, str]
                         ) -> list[tuple[dict[str, str], dict[str, str]]]:
    """Round k: ({answer id: why} of the k-th samples, every answer cell's code)."""
    known = misconceptions(chapter)
    rounds = []
    for k in range(max((len(v) for v in known.values()), default=0)):
        picked = {a: v[k] for a, v in known.items() if k < len(v)}
        answers = {**solutions, **{a: code for a, (_, code) in picked.items()}}
        rounds.append(({a: why for a, (why, _) in picked.items()}, answers))
    return rounds


def _test_of(source: dict, answer_id: str) -> str | None:
    """The test cell that follows the answer cell ``answer_id``."""
    seen = False
    for cell in source["cells"]:
        meta = _meta(cell)
        if meta.get("grade_id") == answer_id:
            if meta.get("grade"):  # graded by hand (a written answer, a role-play chat): no test
                return None
            seen = True
        elif seen and meta.get("grade") and not meta.get("solution") and cell["cell_type"] == "code":
            return meta["grade_id"]
    return None


def report(result: ChapterCheck) -> str:
    lines = [f"== {result.chapter}（A = {STUDENT_A}，同学 = {'、'.join(OTHERS)}）",
             "题目 | 分值 | 类型 | 参考答案得分（A 和每位同学）| A 的答案抄给 A、每位同学 | "
             "错误答案（A、同学1）| 与 A 的期望答案不同（每位同学）"]
    for i in result.items:
        s = i.scores
        lines.append(" | ".join([
            i.grade_id, f"{i.points:g}", "函数" if i.function else "取值",
            " ".join(f"{s[f'solution_{x}']:g}" for x in (STUDENT_A, *OTHERS)),
            " ".join(f"{s[f'copy_{x}']:g}" for x in (STUDENT_A, *OTHERS)),
            " ".join(f"{s[f'wrong_{x}']:g}" for x in (STUDENT_A, OTHERS[0])),
            "".join("是" if i.differs.get(x) else "否" for x in OTHERS)]))
    if result.wrong_passed:
        lines.append("错误答案（误解样本）仍然得分：" + "；".join(result.wrong_passed))
    for name, ok in result.passes().items():
        lines.append(f"{'PASS' if ok else 'FAIL'} {name}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    chapters = [a if a.startswith("ch") else f"ch{int(a):02d}" for a in argv] or \
        Course.load().chapters()
    bad = False
    for result in check(chapters):
        print(report(result))
        bad |= not all(result.passes().values())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

