"""Scale bench: how ``kefu grade``'s whole job grows with the class and with ``--jobs``.

Each run grades a generated class (the sample class's answer profiles cycled over
``students`` students, every student on their own data variant) for every chapter,
with feedback pages, then writes the grade sheets and the item report: the job a
teacher runs. Time is the wall time of that job; memory is the largest proportional
set size (PSS: pages shared between forked processes counted once over their sharers)
summed over this process and every process below it (pool processes, sandboxes,
learners, testers), sampled every 0.2 s.

Run alone: ``python -m bench.scale [--students 20,100,500] [--jobs 1,2]``; ``make bench``
runs it as the ``scale`` part.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path


def tree_pss(root: int) -> int:
    """PSS of ``root`` and all its descendants, in bytes (the zygote's own measures)."""
    from autograder.engine.zygote import _descendants, _pss

    return sum(_pss(pid) for pid in [root, *_descendants(root)])


class PeakMemory:
    """Samples :func:`tree_pss` of this process in a thread; ``peak`` is the largest."""

    def __init__(self, every: float = 0.2) -> None:
        self.every, self.peak = every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_pss(me))
            self._stop.wait(self.every)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Run:
    students: int
    notebooks: int
    jobs: int
    seconds: float
    peak_bytes: int
    failed: int

    @property
    def per_notebook(self) -> float:
        return self.seconds / max(1, self.notebooks)

    @property
    def students_per_hour(self) -> float:
        """Whole students (every chapter) one machine grades in an hour at this rate."""
        return 3600 / max(1e-9, self.seconds) * self.students


def grade_class(origin, students: int, chapters: list[str], jobs: int, workdir: Path) -> Run:
    """Generate a class of ``students``, grade every chapter (the whole job), measure it."""
    from autograder import gradesheets, pipeline
    from bench.grading import _course

    course = _course(origin, workdir / f"class-{students}-{jobs}", students, chapters,
                     per_student=True)
    with PeakMemory() as memory:
        started = time.perf_counter()
        outcomes = pipeline.autograde_all(course, chapters, None, progress=False,
                                          feedback=True, jobs=jobs)
        pipeline._sheets_and_report(course, gradesheets.graded_chapters(course),
                                    pipeline.GradeRun(chapters=chapters))  # as kefu grade does
        seconds = time.perf_counter() - started
    return Run(students, len(outcomes), jobs, seconds, memory.peak,
               sum(not o.ok for o in outcomes))


def run(origin, sizes: list[int], jobs: list[int], chapters: list[str], workdir: Path) -> list[Run]:
    """Every size with the largest ``jobs``; the smallest size with every ``jobs``."""
    import shutil

    plan = [(sizes[0], j) for j in sorted(jobs)] + [(n, max(jobs)) for n in sizes[1:]]
    runs = []
    for students, job_count in plan:
        runs.append(grade_class(origin, students, chapters, job_count, workdir))
        shutil.rmtree(workdir / f"class-{students}-{job_count}", ignore_errors=True)
    return runs


def report(runs: list[Run], chapters: list[str]) -> list[str]:
    base = next((r for r in runs if r.jobs == max(x.jobs for x in runs)), runs[0])
    lines = [
        "| 学生人数 | 作业份数 | --jobs | 整个工作用时（秒） | 每份（秒） | 相对最小班级的每份用时 | "
        "每小时可评学生（全部章节） | 内存峰值（GB） | 评分失败 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        lines.append(
            f"| {r.students} | {r.notebooks} | {r.jobs} | {r.seconds:.1f} | {r.per_notebook:.3f} | "
            f"{r.per_notebook / base.per_notebook:.2f}× | {r.students_per_hour:,.0f} | "
            f"{r.peak_bytes / 1024**3:.2f} | {r.failed} |")
    lines += [
        "",
        f"单位：秒。每个班级是生成的模拟班级（示例班级的答题类型轮流分给 N 名学生，每人自己的数据版本），"
        f"评 {len(chapters)} 章，含反馈页、成绩表和题目分析报告（教师运行 kefu grade 的整个工作）。"
        "「每小时可评学生」按这次的速度，一台机器一小时能评完全部章节的学生人数。"
        "内存峰值是本进程和它下面所有进程（评分进程、沙箱、学习者和测试进程）的 PSS 之和"
        "（分叉进程共享的内存按共享者均摊，只算一次），每 0.2 秒取样一次的最大值。",
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    import argparse
    import tempfile
    import warnings

    from autograder.coursedir import Course

    parser = argparse.ArgumentParser(prog="python -m bench.scale",
                                     description="评分规模基准：班级人数和并行进程数")
    parser.add_argument("--students", default="20,100,500", help="班级人数，逗号分隔")
    parser.add_argument("--jobs", default="1,2", help="--jobs 的取值，逗号分隔")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", message=".*not in session.*")
    os.environ.setdefault("KEFU_COURSE_SECRET", "kefu-bench-secret")
    course = Course.load()
    chapters = course.chapters()
    with tempfile.TemporaryDirectory() as tmp:
        runs = run(course, [int(x) for x in args.students.split(",")],
                   [int(x) for x in args.jobs.split(",")], chapters, Path(tmp))
    print("\n".join(report(runs, chapters)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
