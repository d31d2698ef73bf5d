"""Self-check bench: ``kefu check chNN`` for every chapter, timed, against ``kefu grade``'s points.

Each chapter gets two notebooks: the reference solution (the release with the source's
answers filled in) and a partly wrong one (every other answer a natural misconception of
the sample class, one answer that raises). Each is checked by the ``kefu`` command in a
fresh process, as a student of the bench's class (their own data variant), in a copy of
the course whose self-check cache starts empty: the first check of a chapter makes its
cached gradebook (the very first also the empty gradebook), later checks reuse it. The
wall time of each command is measured from outside, from process start to exit.

The same notebooks are then handed in and graded by ``kefu grade``'s batch (same
course copy, same students); the points of every item must be equal.

Run alone: ``python -m bench.selfcheck [chNN ...]``; ``make bench`` runs it as the
``check`` part.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.runall import _environment

#: The bench's class: its own secret and students (never a real class's).
BENCH_SECRET = "kefu-bench-secret"
REPOSITORY = Path(__file__).resolve().parents[1]
STUDENTS = {"full": "bench0001", "partial": "bench0002"}
KINDS = {"full": "参考答案", "partial": "部分答错"}
RAISES = 'raise ValueError("基准测试：故意出错的答案")'


@dataclass
class Checked:
    """One chapter notebook checked ``len(walls)`` times."""

    chapter: str
    kind: str
    walls: list[float] = field(default_factory=list)
    #: grade id → (score, max score), from the last check.
    points: dict[str, tuple[float | None, float]] = field(default_factory=dict)
    timings: list[dict] = field(default_factory=list)
    #: The check's automatic points and their maximum (written answers and chats left out).
    auto: tuple[float, float] = (0.0, 0.0)
    codes: list[int] = field(default_factory=list)
    problem: str = ""
    #: grade id → (score, max score) as kefu grade gave them.
    graded: dict[str, tuple[float | None, float]] = field(default_factory=dict)

    @property
    def first(self) -> float:
        return self.walls[0]

    @property
    def later(self) -> float | None:
        return statistics.median(self.walls[1:]) if len(self.walls) > 1 else None

    @property
    def same(self) -> bool:
        return bool(self.points) and self.points == self.graded


# ------------------------------------------------------------------ notebooks
def _bank(course, chapter: str) -> dict[str, tuple[str, str]]:
    """grade id → (right, wrong) answers: the sample class's (its natural misconceptions;
    the first wrong plain code answer is one that raises); the orientation, which the sample
    class does not know, gets an answer that raises as its wrong one."""
    import importlib

    from autograder import sampleclass

    try:
        known = importlib.import_module(f"autograder.sampleclass.answers.{chapter}")
    except ModuleNotFoundError:
        source = json.loads(course.source_notebook(chapter).read_text("utf-8"))
        return {g: (right, RAISES) for g, right in sampleclass.solutions(source).items()}
    full = sampleclass.answer_bank(course, chapter)
    bank = {g: (right, wrong) for g, (right, wrong, _) in full.items()}
    plain = [g for i, g in enumerate(bank) if i % 2 == 1 and g not in known.WRITTEN
             and g not in getattr(known, "CHATS", {})]
    if plain:
        bank[plain[0]] = (bank[plain[0]][0], RAISES)
    return bank


def notebooks(course, chapter: str, folder: Path) -> dict[str, Path]:
    """The reference solution and a partly wrong notebook of ``chapter`` in ``folder``."""
    from autograder import sampleclass

    release = json.loads(course.release_notebook(chapter).read_text("utf-8"))
    bank = _bank(course, chapter)
    full = {g: right for g, (right, _) in bank.items()}
    partial = {g: wrong if i % 2 == 1 or len(bank) == 1 else right
               for i, (g, (right, wrong)) in enumerate(bank.items())}
    out = {}
    for kind, answers in (("full", full), ("partial", partial)):
        path = folder / kind / chapter / f"{chapter}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(sampleclass.fill(release, answers), ensure_ascii=False),
                        "utf-8")
        out[kind] = path
    return out


# ------------------------------------------------------------------ kefu check, timed
def _child(chapter: str, notebook: str, out: str) -> int:
    """Run ``kefu check`` exactly as the command does, and keep its result for the bench."""
    from autograder import selfcheck
    from kefu import cli

    seen = {}
    original = selfcheck.check

    def check(*args, **kwargs):
        seen["result"] = result = original(*args, **kwargs)
        return result

    selfcheck.check = check
    code = cli.main(["check", chapter, notebook])
    result = seen.get("result")
    Path(out).write_text(json.dumps({
        "code": code,
        "problem": result.problem if result else "",
        "points": {i.grade_id: (i.score, i.max_score) for i in result.items} if result else {},
        "auto": (result.auto_score, result.auto_max) if result else (0, 0),
        "timings": result.timings if result else {},
    }, ensure_ascii=False), "utf-8")
    return code


def check_once(root: Path, chapter: str, notebook: Path, student: str, workspace: Path
               ) -> tuple[float, dict]:
    """Wall time of one ``kefu check`` process (start to exit) and what it found."""
    env = {**os.environ, "KEFU_COURSE": str(root), "KEFU_WORKSPACE": str(workspace),
           "KEFU_STUDENT": student, "KEFU_COURSE_SECRET": BENCH_SECRET}
    for name in ("KEFU_VARIANT_KEY", "NBGRADER_EXECUTION"):
        env.pop(name, None)
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "bench.selfcheck", "--child", chapter,
                               str(notebook), out.name], env=env, capture_output=True,
                              text=True, cwd=REPOSITORY)
        wall = time.perf_counter() - started
        try:
            found = json.loads(Path(out.name).read_text("utf-8"))
        except ValueError:
            found = {"code": done.returncode, "problem": (done.stderr or done.stdout)[-500:],
                     "points": {}, "timings": {}}
    return wall, found


# ------------------------------------------------------------------ kefu grade
def graded_points(course, handed_in: dict[tuple[str, str], Path], jobs: int = 2) -> dict:
    """(学号, chapter) → grade id → (score, max score), graded by kefu grade's batch."""
    import shutil
    import warnings

    from autograder import pipeline

    warnings.filterwarnings("ignore", message=".*not in session.*")  # nbgrader's SQLAlchemy use
    chapters = sorted({chapter for _, chapter in handed_in})
    for (student, chapter), path in handed_in.items():
        target = course.submitted_notebook(student, chapter)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    problems = pipeline.prepare_gradebook(course, chapters)
    if problems:
        raise RuntimeError("；".join(problems))
    pipeline.register_students(course, {student: ("", "") for student, _ in handed_in})
    outcomes = pipeline.autograde_all(course, chapters, sorted({s for s, _ in handed_in}),
                                      progress=False, feedback=False, jobs=jobs)
    failed = [f"{o.student_id} {o.chapter}: {o.reason}" for o in outcomes if not o.ok]
    out = {}
    with course.gradebook() as gradebook:
        for student, chapter in handed_in:
            grades = gradebook.find_submission_notebook(chapter, chapter, student).grades
            out[(student, chapter)] = {g.name: (g.score, g.max_score) for g in grades}
    return {"points": out, "failed": failed}


# ------------------------------------------------------------------ the bench
def run(chapters: list[str] | None = None, repeat: int = 3) -> list[Checked]:
    from autograder.coursedir import Course

    origin = Course.load()
    chapters = chapters or origin.released_chapters()
    results = []
    with tempfile.TemporaryDirectory(prefix="kefu-bench-check-") as tmp:
        tmp = Path(tmp)
        course = origin.copy_to(tmp / "course")  # its self-check cache starts empty
        handed_in = {}
        for chapter in chapters:
            made = notebooks(course, chapter, tmp / "notebooks")
            for kind, path in made.items():
                checked = Checked(chapter, kind)
                for attempt in range(repeat if kind == "full" else 1):
                    wall, found = check_once(course.root, chapter, path, STUDENTS[kind],
                                             tmp / f"workspace-{kind}")
                    checked.walls.append(wall)
                    checked.codes.append(found["code"])
                    checked.timings.append(found["timings"])
                    checked.problem = found["problem"]
                    checked.points = {k: tuple(v) for k, v in found["points"].items()}
                    checked.auto = tuple(found.get("auto") or (0, 0))
                    print(f"{chapter} {kind} #{attempt + 1}: {wall:.2f}s "
                          f"(exit {found['code']}) {found['timings']} {found['problem']}",
                          flush=True)
                results.append(checked)
                handed_in[(STUDENTS[kind], chapter)] = path
        with _environment({"KEFU_COURSE_SECRET": BENCH_SECRET}):  # the checks' class
            graded = graded_points(course, handed_in)
        for checked in results:
            checked.graded = {k: tuple(v) for k, v in
                              graded["points"][(STUDENTS[checked.kind], checked.chapter)].items()}
            if not checked.same:
                print(f"{checked.chapter} {checked.kind}: check {checked.points} "
                      f"≠ grade {checked.graded}", flush=True)
    return results


def _points(checked: Checked) -> str:
    return f"{checked.auto[0]:g}/{checked.auto[1]:g}"


def report(results: list[Checked], repeat: int = 3) -> list[str]:
    """Markdown: per chapter, the check's wall times and whether its points are kefu grade's."""
    rows = ["| 章节 | 第一次检查（建模板） | 之后（中位数） | 部分答错 | 其中：沙箱启动 | 笔记本运行 "
            "| 本身代码 | 自动评分：参考答案，部分答错（每题与 kefu grade 相同） |",
            "|---|---|---|---|---|---|---|---|"]
    by_chapter: dict[str, dict[str, Checked]] = {}
    for r in results:
        by_chapter.setdefault(r.chapter, {})[r.kind] = r
    for chapter, kinds in by_chapter.items():
        full, partial = kinds["full"], kinds["partial"]
        last = full.timings[-1] if full.timings else {}
        later = f"**{full.later:.2f}**" if full.later is not None else "—"
        same = "是" if full.same and partial.same else "**否**"
        rows.append(f"| {chapter} | {full.first:.2f} | {later} | {partial.first:.2f} | "
                    f"{last.get('engine start', 0):.2f} | {last.get('run', 0):.2f} | "
                    f"{last.get('notebook own', 0):.2f} | {_points(full)}，{_points(partial)}"
                    f"（{same}） |")
    warm = [w for r in results for w in (r.walls[1:] if r.kind == "full" else r.walls)]
    everything_same = all(r.same for r in results)
    rows += ["", f"- 建好模板之后的检查：中位数 {statistics.median(warm):.2f} 秒，最慢 {max(warm):.2f} 秒"
             f"（每章参考答案 {repeat - 1} 次、部分答错 1 次）。",
             f"- 每道题的得分与 kefu grade 评同一份笔记本（同一学生、同一数据版本）完全一致："
             f"{'是' if everything_same else '**否**'}。",
             "",
             "单位：秒，从启动 kefu check 进程到进程结束（学习者等待的时间）。每次检查都是一个新进程，"
             "身份为班级学生（自己的数据版本）；评分沙箱每次重新启动（预热进程导入 pandas、matplotlib "
             "和课程包），与本进程的准备工作并行。「第一次检查」为这一章做一次成绩库模板（课程缓存 "
             "autograder/.cache/selfcheck；整个课程的第一次还要建空成绩库），之后的检查只复制模板。"
             "「部分答错」：每隔一题用示例班级的典型错误答案，其中一题的代码会报错。"
             "「沙箱启动」「笔记本运行」「本身代码」取参考答案最后一次检查：沙箱从启动到就绪、"
             "从就绪到笔记本跑完（含分叉学习者和测试进程）、笔记本自身代码的时间。"]
    return rows


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        return _child(*argv[1:4])
    results = run(argv or None)
    print("\n".join(report(results)))
    return 0 if all(r.same for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
