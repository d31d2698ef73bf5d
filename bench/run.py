"""Measure KPI computations, every widget's controls, Run-All per chapter and grading time.

Every number comes from one run on one machine; compare ratios, not absolute
times. Results are written to ``bench/results.md``.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from autograder import speedups

speedups.skip_iri_grammars()  # as the kefu command does, before anything imports nbformat
speedups.alembic_head_in_process()  # as the kefu command does

from course import datagen, kpi  # noqa: E402
from course.data import TABLES, read_table  # noqa: E402

HERE = Path(__file__).resolve().parent


def _best(func, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return min(times)


def _tables(folder: Path) -> dict:
    return {name: read_table(name, folder / f"{name}.csv") for name in TABLES}


def bench_widgets(scales: list[float]) -> list[str]:
    from course.ui import ChasingPrioritizer, KpiCalculator, PromotionSimulator

    rows = ["| 规模 | 消息条数 | 订单数 | agent_kpis | daily_kpis | KPI 计算器更新 "
            "| 催付优先级工具更新 | 促销模拟器更新 |",
            "|---|---|---|---|---|---|---|---|"]
    for scale in scales:
        with tempfile.TemporaryDirectory() as tmp:
            datagen.generate(tmp, scale=scale)
            tables = _tables(Path(tmp))
        one = _best(lambda t=tables: kpi.agent_kpis("2025-06-01", "2025-06-30", t))
        daily = _best(lambda t=tables: kpi.daily_kpis("2025-06-01", "2025-06-30", t))
        calc = KpiCalculator(data=tables)
        days = itertools.cycle([2, 1])
        calc_update = _best(lambda c=calc, d=days: setattr(c._start, "value",
                                                           date(2025, 6, next(d))))
        chaser = ChasingPrioritizer(tables=tables)
        moments = itertools.cycle([datetime(2025, 6, 29, 9), datetime(2025, 6, 30, 20)])
        chase_update = _best(lambda c=chaser, m=moments: setattr(c._now, "value",
                                                                 pd_timestamp(next(m))))
        sim = PromotionSimulator(products=tables["products"])
        sim_update = _best(lambda s=sim: setattr(s._coupon_on, "value", not s._coupon_on.value))
        rows.append(f"| {scale:g}× | {len(tables['messages']):,} | {len(tables['orders']):,} | "
                    f"{one:.3f} | {daily:.3f} | {calc_update:.3f} | {chase_update:.3f} | "
                    f"{sim_update:.3f} |")
    rows.append("")
    rows.append("单位：秒。「更新」是改变一个控件后，组件重新计算并重画表格和图所用的时间。")
    return rows


def pd_timestamp(moment: datetime):
    import pandas as pd

    return pd.Timestamp(moment)


def bench_grading(students: int, jobs: int) -> list[str]:
    import warnings

    from autograder.coursedir import Course
    from bench import grading

    warnings.filterwarnings("ignore", message=".*not in session.*")  # nbgrader's SQLAlchemy use
    # The class secret of the per-student run (the bench's own, never a teacher's).
    os.environ.setdefault("KEFU_COURSE_SECRET", "kefu-bench-secret")
    course = Course.load()
    with tempfile.TemporaryDirectory() as tmp:
        result = grading.run(course, students, course.chapters(), jobs, Path(tmp))
    return grading.report(result)


def _sections(path: Path) -> dict[str, list[str]]:
    """The "## " sections of an earlier results file, keyed by their first word."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    if path.is_file():
        for line in path.read_text("utf-8").splitlines():
            if line.startswith("## "):
                current = sections.setdefault(line[3:].split("：")[0].split(" ")[0], [])
            if current is not None and not line.startswith("已写入"):
                current.append(line)
    return {key: [*lines, ""] if lines and lines[-1] else lines for key, lines in sections.items()}


def bench_controls(scales: list[float], only: list[str] | None = None,
                   profile: bool = False, clock: str = "wall") -> list[str]:
    """Every control of every widget at each scale (bench/widgets.py)."""
    from bench import widgets

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    by_scale = {}
    for scale in scales:
        with tempfile.TemporaryDirectory() as tmp:
            datagen.generate(tmp, scale=scale)
            by_scale[f"{scale:g}×"] = widgets.run(
                Path(tmp), only, None if profiler is None else profiler.runcall, clock)
    print("\n".join(widgets.detail(by_scale)))
    if profiler is not None:
        import pstats

        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    return widgets.report(by_scale, clock)


def bench_runall(chapters: list[str] | None, public: bool) -> list[str]:
    from bench import runall

    results = runall.run(chapters, public=public)
    for r in results:
        print(f"{r.chapter}: kernel {r.kernel_start:.2f}s, cells {r.total:.2f}s "
              f"(kernel CPU {r.cpu:.2f}s), errors {r.errors}")
        for index, seconds, text in r.slowest(5):
            print(f"    cell {index}: {seconds:.3f}s  {text}")
    return runall.report(results, public)


def bench_check(chapters: list[str] | None) -> list[str]:
    """``kefu check`` of every chapter, timed, with kefu grade's points beside (bench/selfcheck.py)."""
    from bench import selfcheck

    return selfcheck.report(selfcheck.run(chapters))


def bench_scale(sizes: list[int], jobs: list[int]) -> list[str]:
    """``kefu grade``'s whole job for growing classes and ``--jobs`` (bench/scale.py)."""
    import warnings

    from autograder.coursedir import Course
    from bench import scale

    warnings.filterwarnings("ignore", message=".*not in session.*")
    os.environ.setdefault("KEFU_COURSE_SECRET", "kefu-bench-secret")
    course = Course.load()
    with tempfile.TemporaryDirectory() as tmp:
        runs = scale.run(course, sizes, jobs, course.chapters(), Path(tmp))
    return scale.report(runs, course.chapters())


def bench_hub(servers: int) -> list[str]:
    """How many students' servers the loopback class server holds (bench/hub.py)."""
    from bench import hub

    reason = hub.unavailable()
    if reason:
        return [f"没有测量：{reason}。"]
    try:
        return hub.report(hub.measure(servers))
    except Exception as exc:  # noqa: BLE001 - e.g. PostgreSQL or the proxy missing
        return [f"没有测量：班级服务器无法启动（{type(exc).__name__}: {str(exc)[:300]}）；"
                "先运行 make hub-deps。"]


#: The parts of the bench, in the order of the results file: (section key, part).
PARTS = [("KPI", "widgets"), ("交互组件", "widgets"), ("运行全部单元格", "runall"), ("自查", "check"),
         ("评分", "grading"), ("规模", "scale"), ("班级服务器", "hub")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description="课程性能基准测试")
    parser.add_argument("--scales", default="1,10", help="数据规模倍数，逗号分隔（默认 1,10）")
    parser.add_argument("--students", type=int, default=20, help="评分基准的学生人数（默认 20）")
    parser.add_argument("--jobs", type=int, default=2, help="kefu grade 的并行进程数（默认 2）")
    parser.add_argument("--class-sizes", default="20,100,500",
                        help="规模基准的班级人数，逗号分隔（默认 20,100,500）")
    parser.add_argument("--servers", type=int, default=24,
                        help="班级服务器容量基准最多启动多少名学生的服务器（默认 24）")
    parser.add_argument("--only", default=None,
                        help="只运行其中几部分，逗号分隔：widgets（交互组件）、runall（运行全部单元格）、"
                             "check（kefu check 自查）、grading（评分）、scale（班级规模）、hub（班级服务器容量）；"
                             "其余部分保留结果文件里上一次的结果")
    parser.add_argument("--widget", action="append", default=None,
                        help="只测名字里含这段文字的组件（可重复；结果不写入文件）")
    parser.add_argument("--chapter", action="append", default=None,
                        help="运行全部单元格和自查只测这些章节（可重复；结果不写入文件）")
    parser.add_argument("--public", action="store_true",
                        help="运行全部单元格用公共数据（默认是班级学生自己的数据版本）")
    parser.add_argument("--profile", action="store_true",
                        help="用 cProfile 分析控件更新，打印最耗时的函数（时间会变长，结果不写入文件）")
    parser.add_argument("--cpu", action="store_true",
                        help="交互组件计 CPU 时间而不是等待时间（机器很忙时更稳定；结果不写入文件）")
    parser.add_argument("--out", type=Path, default=HERE / "results.md",
                        help="结果文件（默认 bench/results.md）")
    args = parser.parse_args(argv)
    scales = [float(s) for s in args.scales.split(",")]
    every = {"widgets", "runall", "check", "grading", "scale", "hub"}
    parts = every if args.only is None else set(args.only.split(","))
    unknown = parts - every
    if unknown:
        parser.error(f"没有这一部分：{'、'.join(sorted(unknown))}")
    lines = [
        "# 基准测试结果 / Benchmark results",
        "",
        f"- 时间：{datetime.now():%Y-%m-%d %H:%M}",
        f"- 机器：{platform.machine()}，{os.cpu_count()} 核，Python {platform.python_version()}，"
        f"{platform.system()}",
        "- KPI 表取 5 次中最快的一次；交互组件取 5 次的中位数；运行全部单元格跑一次；评分时 stock 跑一次，"
        "kefu 各跑 3 次取用时居中的一次。"
        "同一次运行内的比值才有意义。",
        "",
    ]
    kept = _sections(args.out)  # --only keeps the other parts' last results
    sections = {
        "KPI": lambda: ["## KPI 计算与交互组件的更新时间", "", *bench_widgets(scales), ""],
        "交互组件": lambda: ["## 交互组件：每个控件的更新时间和构建时间", "",
                         *bench_controls(scales, args.widget, args.profile,
                                         "cpu" if args.cpu else "wall"), ""],
        "运行全部单元格": lambda: ["## 运行全部单元格：每章（内核启动之后）", "",
                            *bench_runall(args.chapter, args.public), ""],
        "自查": lambda: ["## 自查：kefu check 每章用时（含隐藏测试，与 kefu grade 逐题对比）", "",
                       *bench_check(args.chapter), ""],
        "评分": lambda: [f"## 评分：stock nbgrader 对比 kefu grade（{args.students} 名学生 × 全部章节）",
                       "", *bench_grading(args.students, args.jobs), ""],
        "规模": lambda: ["## 规模：班级人数和 --jobs 对 kefu grade 整个工作的影响", "",
                       *bench_scale([int(n) for n in args.class_sizes.split(",")],
                                    sorted({1, args.jobs})), ""],
        "班级服务器": lambda: ["## 班级服务器：同时登录的学生能得到多少个服务器（本机回环演示）", "",
                          *bench_hub(args.servers), ""],
    }
    for key, part in PARTS:
        lines += sections[key]() if part in parts else kept.get(key, [])
    text = "\n".join(lines)
    print(text)
    if args.widget or args.chapter or args.profile or args.cpu:
        print("（只测了一部分，或用了 --profile／--cpu：结果没有写入文件）")
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"已写入 {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
