"""The self-check inside JupyterLab: a button in the last cell of every chapter.

A self-learner should never need a terminal to check a chapter. The panel grades the
answers the learner has *run*: every cell the kernel executed is remembered by its
cell id (JupyterLab sends it with each execution), laid over the notebook file in the
workspace, and the result is checked by ``kefu check`` in a separate process, as from
a terminal (so nothing of the course's grading runs inside the learner's kernel):
hidden tests in the repository (the self-learner edition), the visible tests only in
the class edition. The per-exercise table and the nine chapters' progress are shown
in Chinese under the button.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from course import progress
from course.chapters import CHAPTERS, title
from course.places import workspace

#: cell id → the source the learner last ran in that cell (this kernel only).
_RUN: dict[str, str] = {}


def remember_runs(shell: Any) -> None:
    """Record every executed cell's source by its cell id (idempotent per shell)."""
    if getattr(shell, "_kefu_remembers_runs", False):
        return

    def pre_run_cell(info) -> None:
        cell_id = getattr(info, "cell_id", None)
        if cell_id and isinstance(getattr(info, "raw_cell", None), str):
            _RUN[cell_id] = info.raw_cell

    shell.events.register("pre_run_cell", pre_run_cell)
    shell._kefu_remembers_runs = True




def chapter_notebook(chapter: str) -> Path:
    return workspace() / chapter / f"{chapter}.ipynb"


def as_run(notebook: dict, runs: dict[str, str]) -> tuple[dict, int]:
    """The notebook with each cell's source replaced by what was last run in that cell;
    also how many cells were replaced."""
    replaced = 0
    for cell in notebook.get("cells", []):
        source = runs.get(cell.get("id", ""))
        if source is not None and cell.get("cell_type") == "code":
            if "".join(cell.get("source", "")) != source:
                replaced += 1
            cell["source"] = source
    return notebook, replaced


def run_check(chapter: str, timeout: float = 300) -> tuple[int, str]:
    """``kefu check`` on the notebook as run; (exit code, its Chinese output)."""
    path = chapter_notebook(chapter)
    try:
        notebook = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        return 2, f"找不到或无法读取本章的笔记本 {path}（{type(exc).__name__}）。"
    notebook, _ = as_run(notebook, _RUN)
    checked = path.with_name(f".kefu-check-{chapter}.ipynb")
    checked.write_text(json.dumps(notebook, ensure_ascii=False), "utf-8")
    env = {**os.environ, "KEFU_WORKSPACE": str(workspace())}
    env.pop("NBGRADER_EXECUTION", None)
    try:
        done = subprocess.run([sys.executable, "-m", "kefu", "check", chapter, str(checked)],
                              capture_output=True, text=True, timeout=timeout, env=env,
                              cwd=str(workspace()))
    except subprocess.TimeoutExpired:
        return 1, f"检查超过 {timeout:.0f} 秒仍未完成，请稍后再试。"
    finally:
        checked.unlink(missing_ok=True)
    text = "\n".join(line for line in (done.stdout + done.stderr).splitlines()
                     if not line.startswith("正在检查"))
    return done.returncode, text.strip()


_ROW = re.compile(r"^(\S.*?)\s{2,}(\S.*)$")


def result_html(text: str) -> str:
    """``kefu check``'s Chinese report as HTML: the per-exercise lines as a table."""
    lines = text.splitlines()
    out, rows = [], []
    for line in lines:
        match = _ROW.match(line)
        if match and not line.startswith(("注意", "自动评分合计", "可见测试")):
            rows.append(match.groups())
            continue
        if rows:
            out.append(_table(rows))
            rows = []
        if line.strip():
            out.append(f"<div>{html.escape(line)}</div>")
    if rows:
        out.append(_table(rows))
    return "<div class='kefu-check'>" + "".join(out) + "</div>"


def _table(rows: list[tuple[str, str]]) -> str:
    head, *body = rows
    cells = "".join(f"<tr><td>{html.escape(a)}</td><td>{html.escape(b)}</td></tr>"
                    for a, b in body)
    return (f"<table class='kefu-check-table'><thead><tr><th>{html.escape(head[0])}</th>"
            f"<th>{html.escape(head[1])}</th></tr></thead><tbody>{cells}</tbody></table>")


def progress_html(chapters: list[str] | None = None) -> str:
    """The nine chapters' progress as a Chinese HTML table."""
    rows = progress.rows(workspace(), chapters or list(CHAPTERS))
    head = "".join(f"<th>{h}</th>" for h in ("章节", "标题", "状态", "未作答", "最近自查得分", "练习帮助"))
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(row[k]))}</td>"
                         for k in ("章节", "标题", "状态", "未作答", "最近自查得分", "练习帮助")) + "</tr>"
        for row in rows)
    return (f"<table class='kefu-progress'><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


def progress_view():
    """Progress across the nine chapters, for the orientation notebook."""
    from IPython.display import HTML

    return HTML("<b>学习进度</b>（每次在章末点「检查本章」后更新）" + progress_html())


def self_check(chapter: str):
    """The panel of the chapter's last cell: a button, the check's table, the progress.

    While the notebook is graded nobody can press it: a stand-in built only if used."""
    from course import plotting

    if plotting.grading():
        from course.ui import Unbuilt

        return Unbuilt(_panel, (chapter,), {})
    return _panel(chapter)


def _panel(chapter: str):
    import ipywidgets as widgets

    button = widgets.Button(description="检查本章", button_style="primary", icon="check",
                            tooltip="用你已经运行过的答案检查本章（约需几秒到半分钟）")
    status = widgets.HTML(
        f"检查的是你<b>已经运行过</b>的答案单元格（改过的答案请先运行一次）。"
        f"本章：{html.escape(chapter)}《{html.escape(title(chapter))}》。")
    result = widgets.HTML()

    def check(_=None) -> None:
        button.disabled = True
        status.value = "正在检查，约需几秒到半分钟……"
        try:
            code, text = run_check(chapter)
        finally:
            button.disabled = False
        status.value = "检查完成。" if code == 0 else "没能完成检查，原因见下面。"
        result.value = (result_html(text) + "<br><b>学习进度</b>" + progress_html()
                        + "<div style='color:#666'>「未作答」按保存在硬盘上的笔记本计算，"
                        "写完记得按 Ctrl + S 保存。</div>")

    button.on_click(check)
    panel = widgets.VBox([button, status, result])
    panel.run = check  # the same action without a click (tests, keyboard users)
    return panel
