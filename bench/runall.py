"""Run-All bench: every chapter's solved notebook run top to bottom in a fresh kernel.

The notebooks are the released ones with the reference answers filled in (what the
browser test runs), in a workspace prepared like ``kefu lab``'s, as a student of a class
(their own data variant). Kernel start (until the kernel answers) is timed apart from
running the cells; the set-up cell's imports and data loading count as cells.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

#: The bench's class: its own secret and a student of it (never a real class's).
BENCH_SECRET = "kefu-bench-secret"
BENCH_STUDENT = "bench0001"


@dataclass
class RunAll:
    chapter: str
    kernel_start: float
    cells: list[tuple[int, float, str]] = field(default_factory=list)  # (index, seconds, first line)
    errors: int = 0
    #: The kernel's CPU seconds over all the cells (steadier than the wall time on a busy machine).
    cpu: float = 0.0

    @property
    def total(self) -> float:
        return sum(seconds for _, seconds, _ in self.cells)

    def slowest(self, n: int = 3) -> list[tuple[int, float, str]]:
        return sorted(self.cells, key=lambda cell: -cell[1])[:n]


@contextmanager
def _environment(values: dict[str, str]):
    old = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def solved_notebooks(workspace: Path, chapters: list[str]) -> dict[str, Path]:
    """Write ``chNN/solved.ipynb`` (release + reference answers) into a ``kefu lab`` workspace."""
    from autograder import sampleclass
    from autograder.coursedir import Course
    from kefu import lab

    course = Course.load()
    lab.prepare_workspace(course.release_dir, workspace)
    out = {}
    for chapter in chapters:
        release = json.loads(course.release_notebook(chapter).read_text("utf-8"))
        source = json.loads(course.source_notebook(chapter).read_text("utf-8"))
        solved = sampleclass.fill(release, sampleclass.solutions(source))
        path = workspace / chapter / "solved.ipynb"
        path.write_text(json.dumps(solved, ensure_ascii=False), "utf-8")
        out[chapter] = path
    return out


def run_notebook(path: Path, chapter: str, timeout: int = 300) -> RunAll:
    """Start a kernel in the notebook's folder, then run every cell; each timed."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    started = time.perf_counter()
    with client.setup_kernel():
        result = RunAll(chapter, time.perf_counter() - started)
        kernel = _process(client)
        cpu_before = _cpu(kernel)
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            started = time.perf_counter()
            client.execute_cell(cell, index)
            seconds = time.perf_counter() - started
            first = next((line for line in cell.source.splitlines()
                          if line.strip() and not line.startswith("#")), "")
            result.cells.append((index, seconds, first[:60]))
            result.errors += sum(1 for out in cell.get("outputs", [])
                                 if out.get("output_type") == "error")
        result.cpu = _cpu(kernel) - cpu_before
    return result


def _process(client):
    """The kernel's process (psutil), or None when the kernel is not a local process."""
    try:
        import psutil

        return psutil.Process(client.km.provisioner.pid)
    except Exception:  # noqa: BLE001 - without it the report just has no CPU column
        return None


def _cpu(process) -> float:
    if process is None:
        return float("nan")
    times = process.cpu_times()
    return times.user + times.system


def run(chapters: list[str] | None = None, public: bool = False) -> list[RunAll]:
    """Run-All of each chapter (the orientation and every chapter by default), as a class student unless
    ``public`` (the self-learner's public data)."""
    from autograder.coursedir import Course
    from course.chapters import ORIENTATION

    course = Course.load()
    chapters = chapters or [c for c in ORIENTATION if course.release_notebook(c).is_file()] + \
        course.chapters()
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Path(tmp) / "workspace"
        notebooks = solved_notebooks(workspace, chapters)
        env = {"KEFU_WORKSPACE": str(workspace)}
        if not public:
            env.update({"KEFU_COURSE_SECRET": BENCH_SECRET, "KEFU_STUDENT": BENCH_STUDENT})
        with _environment(env):
            hidden = {"KEFU_VARIANT_KEY", "NBGRADER_EXECUTION"}
            saved = {key: os.environ.pop(key) for key in hidden if key in os.environ}
            try:
                return [run_notebook(notebooks[chapter], chapter) for chapter in chapters]
            finally:
                os.environ.update(saved)


def report(results: list[RunAll], public: bool = False) -> list[str]:
    """Markdown: kernel start and Run-All per chapter, with the slowest cells."""
    rows = ["| 章节 | 内核启动 | 运行全部单元格 | 内核 CPU | 其中设置单元格 | 最慢的单元格 | 报错 |",
            "|---|---|---|---|---|---|---|"]
    for r in results:
        setup = r.cells[0][1] if r.cells else 0.0
        slow = "；".join(f"`{text}` {seconds:.2f}" for _, seconds, text in r.slowest(2))
        rows.append(f"| {r.chapter} | {r.kernel_start:.2f} | **{r.total:.2f}** | {r.cpu:.2f} | "
                    f"{setup:.2f} | {slow} | {r.errors} |")
    who = "公共数据（自学者）" if public else "班级学生（自己的数据版本）"
    rows += ["", f"单位：秒。每章的发布版笔记本填入参考答案，在新内核里从头到尾运行一次（nbclient），身份为{who}。"
             "「内核启动」是启动内核到内核应答的时间，不计入「运行全部单元格」；设置单元格的导入和数据读取计入。"
             "「内核 CPU」是内核进程在这些单元格里用的 CPU 时间（机器忙时比等待时间稳定）。"
             "导学（ch00）里的报错是留给学习者填写的练习空白，不是故障。"]
    return rows
