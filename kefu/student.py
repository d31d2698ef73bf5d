"""The student edition's ``kefu`` command: lab, check (visible tests only) and progress.

``kefu bundle`` hands this out to a class instead of the repository: the course
package with the class's secret, the student notebooks and the shop data, but no
``source/`` (answers, hidden tests) and no ``autograder/``. Everything here uses only
the ``course`` package and JupyterLab, so it runs from the student wheel alone.

The self-check of this edition runs the notebook and reports the **visible** tests
(format checks); the grade comes from the teacher's hidden tests.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import course
from course import progress, variants
from course.chapters import CHAPTERS, ORIENTATION, chapter_id, title

#: Where the student edition keeps the notebooks it hands out.
SHIPPED = Path(course.__file__).resolve().parent / "_shipped"


def release_dir() -> Path:
    """The student notebooks: shipped in the package, else the repository's ``release/``."""
    shipped = SHIPPED / "release"
    return shipped if shipped.is_dir() else Path(course.__file__).resolve().parents[1] / "release"


def default_workspace() -> Path:
    return Path(os.environ.get("KEFU_WORKSPACE") or Path.cwd() / "workspace")


@dataclass(frozen=True)
class VisibleItem:
    title: str
    passed: bool | None  # None: a written answer (the teacher marks it)
    message: str = ""


def _title(cell: dict) -> str:
    text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    return progress.exercise_title(text, "练习")


def check_visible(notebook: Path, workspace: Path, timeout: int = 120) -> list[VisibleItem]:
    """Run a copy of ``notebook`` and report its visible tests, in order."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    env_before = os.environ.get("KEFU_WORKSPACE")
    os.environ["KEFU_WORKSPACE"] = str(workspace)
    try:
        NotebookClient(nb, timeout=timeout, allow_errors=True, kernel_name="python3",
                       resources={"metadata": {"path": str(notebook.parent)}}).execute()
    finally:
        if env_before is None:
            os.environ.pop("KEFU_WORKSPACE", None)
        else:
            os.environ["KEFU_WORKSPACE"] = env_before
    items = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not meta.get("grade"):
            continue
        if cell.cell_type == "markdown":
            items.append(VisibleItem("书面题", None))
            continue
        if meta.get("solution"):  # a role-play chat: replies the teacher grades
            from course import roleplays

            items.append(VisibleItem(roleplays.label(meta.get("grade_id", "")) or "对话练习", None))
            continue
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        message = ""
        if errors:
            message = str(errors[0].get("evalue", "")).strip().splitlines()[0:1]
            message = message[0][:120] if message else errors[0].get("ename", "")
        items.append(VisibleItem(_title(cell), not errors, message))
    return items


def _report(chapter: str, items: list[VisibleItem]) -> str:
    lines = [f"{chapter}《{title(chapter)}》格式检查（只运行可见测试；分数由教师用隐藏测试评定）"]
    for item in items:
        if item.passed is None:
            state = "教师批改"
        elif item.passed:
            state = "通过"
        else:
            state = f"未通过：{item.message}" if item.message else "未通过"
        lines.append(f"  {item.title}：{state}")
    auto = [i for i in items if i.passed is not None]
    lines.append(f"可见测试通过 {sum(bool(i.passed) for i in auto)} / {len(auto)} 题。"
                 "通过只说明格式对，不代表答案正确。")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kefu", description="淘宝网店金牌客服——学生版。")
    sub = parser.add_subparsers(dest="command", title="命令", metavar="命令")
    lab = sub.add_parser("lab", help="打开 JupyterLab 学习课程")
    lab.add_argument("chapter", nargs="?", default="ch00", help="要打开的章节（默认 ch00 导学）")
    lab.add_argument("--student", default=None, metavar="学号", help="第一次使用时输入你的学号")
    lab.add_argument("--no-browser", action="store_true", help="不自动打开浏览器")
    lab.add_argument("--advanced", action="store_true",
                     help="进阶：答题单元格从空白开始，不给带 ___ 的骨架（只改还没动过的骨架）")
    lab.add_argument("--port", type=int, default=None, help="JupyterLab 使用的端口")
    check = sub.add_parser("check", help="运行一章的可见测试（格式检查）")
    check.add_argument("chapter", help="如 ch07")
    check.add_argument("notebook", nargs="?", type=Path, default=None, help="要检查的笔记本")
    sub.add_parser("progress", help="查看 9 章的作答进度")
    sub.add_parser("whoami", help="显示本机记住的学号和数据版本")
    return parser


def unexpected(exc: BaseException) -> int:
    """Say in Chinese that something unforeseen went wrong; keep the details in a log file.

    Both editions' ``kefu`` end here instead of printing a traceback (exit code 4).
    """
    import tempfile
    import traceback

    with tempfile.NamedTemporaryFile("w", prefix="kefu-error-", suffix=".log", delete=False,
                                     encoding="utf-8") as log:
        log.write("".join(traceback.format_exception(exc)))
    print(f"错误：出现了意外的问题（{type(exc).__name__}: {str(exc)[:200]}）。"
          f"详细信息已保存到 {log.name}，请把这个文件发给老师或课程维护者。", file=sys.stderr)
    return 4


def remember_student(student: str | None, workspace: Path) -> str:
    """Save the 学号 (when given) and say whose variant the notebooks will use."""
    if student is not None:
        path = variants.save_student(student, workspace)
        print(f"已记住学号 {student.strip()}（{path}）。")
    os.environ["KEFU_WORKSPACE"] = str(workspace)
    variant = variants.current()
    if variant.public:
        return variant.source or "没有设置学号，使用公共数据。"
    return f"学号 {variant.student}：使用你自己的数据版本（{variant.fingerprint}）。"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    workspace = default_workspace()
    try:
        if args.command == "lab":
            from kefu import lab

            print(remember_student(args.student, workspace))
            chapter = chapter_id(args.chapter)
            lab.prepare_workspace(release_dir(), workspace, advanced=args.advanced)
            open_path = f"{chapter}/{chapter}.ipynb"
            if not (workspace / open_path).is_file():
                open_path = None
            env = lab.environment(workspace / ".jupyter", instructor=False, workspace=workspace)
            cmd = lab.command(workspace, open_path, port=args.port, browser=not args.no_browser)
            print(f"正在启动 JupyterLab，工作区：{workspace}（按 Ctrl+C 退出）")
            return subprocess.call(cmd, cwd=workspace, env=env)
        if args.command == "check":
            chapter = chapter_id(args.chapter)
            releases = {c: release_dir() / c / f"{c}.ipynb" for c in [*ORIENTATION, *CHAPTERS]
                        if (release_dir() / c / f"{c}.ipynb").is_file()}
            if chapter not in releases:
                print(f"错误：没有 {chapter} 这一章的作业。", file=sys.stderr)
                return 2
            notebook = args.notebook or workspace / chapter / f"{chapter}.ipynb"
            note = progress.learner_note(Path(notebook), chapter, releases)
            if note is not None and note.fatal:
                print(note.message, file=sys.stderr if note.code else sys.stdout)
                return note.code
            if note is not None:
                print(f"注意：{note.message}")
            print(remember_student(None, workspace))
            print(_report(chapter, check_visible(notebook, workspace)))
            return 0
        if args.command == "progress":
            if not workspace.is_dir():
                print(f"还没有工作区 {workspace}：先运行 kefu lab，它会把各章作业复制到那里，"
                      "然后就可以查看学习进度了。")
                return 0
            available = [c for c in CHAPTERS if (release_dir() / c).is_dir()]
            for row in progress.rows(workspace, available):
                left = f"，还有 {row['未作答']} 处未作答" if row["未作答"] not in ("", "0") else ""
                helped = f"；{row['练习帮助']}" if row.get("练习帮助") else ""
                print(f"  {row['章节']} {row['标题']}：{row['状态']}{left}{helped}")
            return 0
        if args.command == "whoami":
            print(remember_student(None, workspace))
            return 0
    except (variants.IdentityError, ValueError, OSError, json.JSONDecodeError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - nobody using kefu should meet a traceback
        return unexpected(exc)
    _parser().print_help()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
