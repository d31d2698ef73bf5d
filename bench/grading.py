"""Grading benchmark: stock ``nbgrader autograde`` against the course engine, same class, one run.

Two copies of the course get the same simulated class. The first is graded by
stock nbgrader (its own Execute: a fresh Jupyter kernel per notebook, one
notebook at a time, run as ``nbgrader autograde chNN`` per chapter); the second
by ``kefu grade``'s engine with ``--jobs``. Then every score of every cell is
compared.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from autograder.coursedir import Course


@dataclass
class Timing:
    seconds: float
    notebooks: int

    @property
    def per_notebook(self) -> float:
        return self.seconds / max(1, self.notebooks)


def _course(origin: Course, folder: Path, students: int, chapters: list[str],
            per_student: bool = False) -> Course:
    """A copy of the course with the sample class handed in; every student on the public
    variant unless ``per_student`` (stock nbgrader knows no variants)."""
    from autograder import pipeline, sampleclass

    course = origin.copy_to(folder)
    course.config.CourseVariants.per_student = per_student
    roster = sampleclass.roster(students)
    sampleclass.write_class(course, course.submitted_dir, chapters, n=students)
    problems = pipeline.prepare_gradebook(course, chapters)
    if problems:
        raise RuntimeError("；".join(problems))
    pipeline.register_students(course, {s.student_id: (s.last_name, s.first_name)
                                        for s in roster})
    return course


def scores(course: Course, chapters: list[str]) -> dict:
    """(学号, 章节) → (total score, late penalty, ((grade id, auto score), …))."""
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(course.db_url) as gradebook:
        for chapter in chapters:
            for submission in gradebook.assignment_submissions(chapter):
                cells = tuple(sorted((g.name, g.auto_score) for nb in submission.notebooks
                                     for g in nb.grades))
                out[(submission.student_id, chapter)] = (submission.score,
                                                         submission.late_submission_penalty,
                                                         cells)
    return out


def _nbgrader(course: Course, command: str, chapter: str, log) -> None:
    env = {**os.environ, "KEFU_EXECUTOR": "stock"}
    exe = str(Path(sys.executable).with_name("nbgrader"))
    subprocess.run([exe, command, chapter, "--force"], cwd=course.root, env=env, check=False,
                   stdout=log, stderr=subprocess.STDOUT)


#: kefu's runs are a minute each and this machine is shared: each of them is repeated and
#: the median run reported (stock's quarter of an hour is one run).
REPEATS = 3


def _median(runs: list[tuple]) -> tuple:
    """The run of median time (each run's time first)."""
    return sorted(runs, key=lambda run: run[0])[len(runs) // 2]


def run(origin: Course, students: int, chapters: list[str], jobs: int, workdir: Path,
        repeats: int = REPEATS) -> dict:
    """Grade the same class both ways; return timings, the floor and the score comparison."""
    from autograder import gradesheets, pipeline

    stock = _course(origin, workdir / "stock", students, chapters)
    copies = [(_course(origin, workdir / f"ours-{i}", students, chapters),
               _course(origin, workdir / f"ours-feedback-{i}", students, chapters))
              for i in range(repeats)]
    variant = _course(origin, workdir / "ours-variants", students, chapters, per_student=True)
    n = students * len(chapters)
    with open(workdir / "stock.log", "wb") as log:
        started = time.perf_counter()
        for chapter in chapters:
            _nbgrader(stock, "autograde", chapter, log)
        stock_time = Timing(time.perf_counter() - started, n)
        started = time.perf_counter()
        for chapter in chapters:
            _nbgrader(stock, "generate_feedback", chapter, log)
        stock_feedback = Timing(time.perf_counter() - started, n)
    plain, whole = [], []
    for ours, ours_fb in copies:  # alternately, so that a busy minute does not hit one kind
        started = time.perf_counter()
        outcomes = pipeline.autograde_all(ours, chapters, None, progress=False, feedback=False,
                                          jobs=jobs)
        plain.append((time.perf_counter() - started, outcomes))
        started = time.perf_counter()
        pipeline.autograde_all(ours_fb, chapters, None, progress=False, feedback=True,
                               jobs=jobs)
        graded = time.perf_counter() - started
        # The rest of the whole job: kefu grade's sheets and item report; stock's export.
        started = time.perf_counter()
        pipeline._sheets_and_report(ours_fb, gradesheets.graded_chapters(ours_fb),
                                    pipeline.GradeRun(chapters=chapters))  # as kefu grade does
        sheets = time.perf_counter() - started
        whole.append((graded + sheets, graded, sheets))
    seconds, outcomes = _median(plain)
    ours_time = Timing(seconds, n)
    _, graded, ours_sheets = _median(whole)
    ours_feedback = Timing(graded, n)
    with open(workdir / "stock-export.log", "wb") as log:
        started = time.perf_counter()
        subprocess.run([str(Path(sys.executable).with_name("nbgrader")), "export"],
                       cwd=stock.root, env={**os.environ, "KEFU_EXECUTOR": "stock"},
                       check=False, stdout=log, stderr=subprocess.STDOUT)
        stock_export = time.perf_counter() - started
    floor = Timing(sum(o.seconds for o in outcomes), n)
    started = time.perf_counter()
    variant_outcomes = pipeline.autograde_all(variant, chapters, None, progress=False,
                                              feedback=False, jobs=jobs)
    variant_time = Timing(time.perf_counter() - started, n)
    want = scores(stock, chapters)
    got = [scores(course, chapters) for pair in copies for course in pair]
    differences = sorted(k for k in set(want).union(*got)
                         if any(want.get(k) != g.get(k) for g in got))
    return {"n": n, "stock": stock_time, "stock_feedback": stock_feedback, "ours": ours_time,
            "ours_sheets": ours_sheets, "stock_export": stock_export,
            "ours_feedback": ours_feedback, "floor": floor, "jobs": jobs,
            "repeats": {"plain": [run[0] for run in plain], "whole": [run[0] for run in whole]},
            "identical": not differences and len(want) == n, "differences": differences,
            # Of the median run, as the floor (a failure in another run shows as a score
            # different from stock).
            "failed": [o for o in outcomes if not o.ok],
            "variants": variant_time, "variant_floor": Timing(
                sum(o.seconds for o in variant_outcomes), n),
            "variant_failed": [o for o in variant_outcomes if not o.ok],
            "variant_build": variant_build_ms()}


def variant_build_ms(students: int = 50) -> tuple[float, float]:
    """(median, max) milliseconds to build one student's variant of the shop, all tables."""
    import statistics

    from course import data, variants

    # As in the grading sandbox: public tables parsed and one variant built (then
    # forgotten) before any notebook, so the one-time pandas set-up is paid once.
    data.load("orders")
    data._variant_tables(variants.derive_key("warm-up", "warm-up"), str(data.data_dir()))
    data._variant_tables.cache_clear()
    times = []
    for i in range(students):
        key = variants.derive_key("bench", f"s{i}")
        started = time.perf_counter()
        data._variant_tables(key, str(data.data_dir()))
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def report(result: dict) -> list[str]:
    stock, ours, floor = result["stock"], result["ours"], result["floor"]
    stock_all = stock.seconds + result["stock_feedback"].seconds
    ours_fb = result["ours_feedback"]
    jobs = result["jobs"]
    lines = [
        f"同一个模拟班级（{result['n']} 份作业），同一台机器、同一次运行。",
        "",
        "| 方式 | 总用时（秒） | 每份（秒） | 相对 stock |",
        "|---|---|---|---|",
        f"| stock nbgrader autograde（逐份，每份启动新内核） | {stock.seconds:.1f} | "
        f"{stock.per_notebook:.3f} | 1× |",
        f"| kefu grade --jobs {jobs} --no-feedback | {ours.seconds:.1f} | "
        f"{ours.per_notebook:.3f} | **{stock.seconds / ours.seconds:.1f}×** |",
        f"| stock autograde + generate_feedback | {stock_all:.1f} | "
        f"{stock_all / result['n']:.3f} | 1× |",
        f"| kefu grade --jobs {jobs}（含反馈） | {ours_fb.seconds:.1f} | "
        f"{ours_fb.per_notebook:.3f} | **{stock_all / ours_fb.seconds:.1f}×** |",
        f"| 整个工作：stock autograde + generate_feedback + export | "
        f"{stock_all + result['stock_export']:.1f} | "
        f"{(stock_all + result['stock_export']) / result['n']:.3f} | 1× |",
        f"| 整个工作：kefu grade --jobs {jobs}（含反馈、成绩表和题目分析报告） | "
        f"{ours_fb.seconds + result['ours_sheets']:.1f} | "
        f"{(ours_fb.seconds + result['ours_sheets']) / result['n']:.3f} | "
        f"**{(stock_all + result['stock_export']) / (ours_fb.seconds + result['ours_sheets']):.1f}×** |",
        "",
        f"- 下限：笔记本自身代码的运行时间（沙箱内逐格计时之和）共 {floor.seconds:.1f} 秒，"
        f"每份 {floor.per_notebook:.3f} 秒；{jobs} 核并行时每份的理论下限约 "
        f"{floor.per_notebook / jobs:.3f} 秒；kefu grade（含反馈）每份 {ours_fb.per_notebook:.3f} 秒，"
        f"是这个下限的 {ours_fb.per_notebook / (floor.per_notebook / jobs):.2f} 倍。",
        f"- kefu 的两种评分各跑 {len(result['repeats']['plain'])} 次（交替进行），表中是用时居中的一次："
        f"不含反馈 {'、'.join(f'{t:.1f}' for t in result['repeats']['plain'])} 秒；整个工作 "
        f"{'、'.join(f'{t:.1f}' for t in result['repeats']['whole'])} 秒。下限取自不含反馈的居中一次。",
        f"- 每个单元格的得分、总分和迟交扣分是否与 stock 完全一致（kefu 的每一次）："
        f"{'是' if result['identical'] else '否'}"
        + ("" if result["identical"] else f"（不一致：{result['differences'][:10]}）"),
        f"- 评分失败的份数：{len(result['failed'])}",
        f"- 每人一份数据（班级版，每份作业按该学生的数据版本评分）：kefu grade --jobs {jobs} "
        f"--no-feedback 用时 {result['variants'].seconds:.1f} 秒，每份 "
        f"{result['variants'].per_notebook:.3f} 秒（相对 stock "
        f"**{stock.seconds / result['variants'].seconds:.1f}×**）；笔记本自身代码每份 "
        f"{result['variant_floor'].per_notebook:.3f} 秒（公共数据 {floor.per_notebook:.3f} 秒），"
        f"评分失败 {len(result['variant_failed'])} 份。stock nbgrader 不认识数据版本，"
        "所以逐格比较分数用的是公共数据。",
        f"- 生成一名学生的数据版本（全部 10 张表）：中位数 {result['variant_build'][0]:.1f} 毫秒，"
        f"最多 {result['variant_build'][1]:.1f} 毫秒（50 名学生，同一进程；评分沙箱的预热进程"
        "事先生成过一次，一次性的约 70 毫秒 pandas 初始化不算在每份作业里）。",
        "- 两种方式的 kefu 时间都包含启动预热进程（每个进程导入 pandas、matplotlib、"
        "ipywidgets 和课程包一次）的时间。",
    ]
    return lines
