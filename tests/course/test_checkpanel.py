"""The in-lab self-check: the answers as run, checked by kefu check, shown with the progress."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from autograder import sampleclass
from course import checkpanel
from course.chapters import CHAPTERS

ROOT = Path(__file__).resolve().parents[2]


def test_every_notebook_ends_with_the_chapter_s_check_panel():
    for chapter in ["ch00", *CHAPTERS]:
        nb = json.loads((ROOT / "release" / chapter / f"{chapter}.ipynb").read_text("utf-8"))
        last = "".join(nb["cells"][-1]["source"])
        assert f'self_check("{chapter}")' in last, chapter


def test_executed_cells_are_remembered_by_cell_id():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    checkpanel.remember_runs(shell)
    checkpanel.remember_runs(shell)  # once only
    shell.run_cell("kefu_x = 41 + 1", cell_id="answer-cell")
    assert checkpanel._RUN["answer-cell"] == "kefu_x = 41 + 1"
    assert shell.user_ns["kefu_x"] == 42


def test_the_notebook_is_checked_as_run_not_as_saved():
    notebook = {"cells": [{"id": "a", "cell_type": "code", "source": "q1 = 0  # saved"},
                          {"id": "b", "cell_type": "code", "source": "q2 = 1"},
                          {"id": "c", "cell_type": "markdown", "source": "说明"}]}
    out, replaced = checkpanel.as_run(notebook, {"a": "q1 = 5", "c": "不会替换文字"})
    assert [c["source"] for c in out["cells"]] == ["q1 = 5", "q2 = 1", "说明"]
    assert replaced == 1


def test_the_report_becomes_a_table():
    page = checkpanel.result_html("ch01《初识网店客服》自查结果（含隐藏测试）\n题目    得分 / 满分\n"
                                  "练习 1  2 / 2\n书面题   教师批改\n自动评分合计：2 / 2。")
    assert "<th>题目</th>" in page and "<td>练习 1</td><td>2 / 2</td>" in page
    assert "<td>书面题</td><td>教师批改</td>" in page and "<div>自动评分合计：2 / 2。</div>" in page


def test_progress_table_is_chinese(tmp_path, monkeypatch):
    monkeypatch.setenv("KEFU_WORKSPACE", str(tmp_path))
    page = checkpanel.progress_html()
    assert "<th>章节</th>" in page and "未开始" in page and page.count("<tr>") == 10


def test_a_missing_notebook_is_explained(tmp_path, monkeypatch):
    monkeypatch.setenv("KEFU_WORKSPACE", str(tmp_path))
    code, text = checkpanel.run_check("ch01")
    assert code == 2 and "找不到" in text


@pytest.mark.slow
def test_the_button_grades_the_answers_that_were_run(tmp_path, monkeypatch, course):
    """Saved file: all stubs. Run in the kernel: the reference answers. Checked: full marks."""
    workspace = tmp_path / "workspace"
    (workspace / "ch01").mkdir(parents=True)
    shutil.copy(course.release_notebook("ch01"), workspace / "ch01" / "ch01.ipynb")
    monkeypatch.setenv("KEFU_WORKSPACE", str(workspace))
    monkeypatch.setenv("KEFU_COURSE", str(course.root))
    release = json.loads(course.release_notebook("ch01").read_text("utf-8"))
    solved = sampleclass.fill(release, sampleclass.solutions(
        json.loads(course.source_notebook("ch01").read_text("utf-8"))))
    monkeypatch.setattr(checkpanel, "_RUN", {c["id"]: "".join(c["source"])
                                             for c in solved["cells"]})
    panel = checkpanel.self_check("ch01")
    panel.run()
    button, status, result = panel.children
    assert "检查完成" in status.value, result.value
    assert "自动评分合计" in result.value and "不在工作区" not in result.value
    total = result.value.split("自动评分合计：")[1].split("；")[0].split("。")[0]
    got, full = (float(x) for x in total.split(" / "))
    assert got == full > 0
    assert "最近自查得分" in result.value and f"{got:g} / {full:g}" in result.value
    assert not button.disabled
    assert not list((workspace / "ch01").glob(".kefu-check-*"))


def test_while_graded_the_panel_is_a_stand_in_until_used(monkeypatch):
    import ipywidgets as widgets

    from course import checkpanel, ui

    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    panel = checkpanel.self_check("ch07")
    assert isinstance(panel, ui.Unbuilt) and repr(panel) == ui.WIDGET_PLACEHOLDER
    assert isinstance(panel.children[0], widgets.Button)  # used: the real panel
    monkeypatch.delenv("NBGRADER_EXECUTION")
    assert isinstance(checkpanel.self_check("ch07"), widgets.VBox)
