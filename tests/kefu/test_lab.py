"""kefu lab: the learner's workspace and the JupyterLab it starts (Chinese, no instructor tools)."""

from __future__ import annotations

import json
import sys

from kefu import lab


def test_the_workspace_gets_every_released_notebook_and_keeps_existing_work(course, tmp_path):
    workspace = tmp_path / "ws"
    copied = lab.prepare_workspace(course.release_dir, workspace)
    assert copied == course.released_chapters()
    mine = workspace / "ch07" / "ch07.ipynb"
    mine.write_text("我的作业", "utf-8")
    assert lab.prepare_workspace(course.release_dir, workspace) == []
    assert mine.read_text("utf-8") == "我的作业"


def test_students_get_a_chinese_lab_without_the_instructor_tools(tmp_path):
    env = lab.environment(tmp_path, instructor=False)
    settings = tmp_path / "lab-settings" / next(iter(lab.LAB_SETTINGS))
    assert json.loads(settings.read_text("utf-8"))["locale"] == "zh_CN"
    page = json.loads((tmp_path / "config-student" / "labconfig" / "page_config.json")
                      .read_text("utf-8"))
    assert set(page["disabledExtensions"]) == set(lab.STUDENT_DISABLED_LABEXTENSIONS)
    assert env["JUPYTER_CONFIG_DIR"].endswith("config-student")
    teacher = lab.environment(tmp_path, instructor=True)
    page = json.loads((tmp_path / "config-instructor" / "labconfig" / "page_config.json")
                      .read_text("utf-8"))
    assert page["disabledExtensions"] == {} and teacher["JUPYTER_CONFIG_DIR"].endswith(
        "config-instructor")


def test_the_command_runs_this_python_and_opens_the_chapter(tmp_path):
    cmd = lab.command(tmp_path, "ch07/ch07.ipynb", port=8899, browser=False, token="t")
    assert cmd[:3] == [sys.executable, "-m", "jupyterlab"]
    assert "ch07/ch07.ipynb" in cmd and "--no-browser" in cmd and "--port=8899" in cmd
    assert "--IdentityProvider.token=t" in cmd


def _answer(notebook, grade_id):
    cell = next(c for c in json.loads(notebook.read_text("utf-8"))["cells"]
                if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_advanced_learners_start_from_the_plain_stub_and_keep_their_own_work(course, tmp_path):
    from course.stubs import CODE_STUB, SCAFFOLD_HEAD

    workspace = tmp_path / "ws"
    lab.prepare_workspace(course.release_dir, workspace)
    mine = workspace / "ch07" / "ch07.ipynb"
    assert SCAFFOLD_HEAD in _answer(mine, "answer_silent_orders")
    # the learner starts one scaffold, then switches to the advanced mode
    data = json.loads(mine.read_text("utf-8"))
    for cell in data["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "answer_first_response":
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cell["source"] = text.replace('msgs["sender"] != ___', 'msgs["sender"] != "auto"')
    mine.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    lab.prepare_workspace(course.release_dir, workspace, advanced=True)
    plain = _answer(mine, "answer_silent_orders")
    assert CODE_STUB in plain and SCAFFOLD_HEAD not in plain
    assert plain.startswith('orders = data.load("orders")') and plain.rstrip().endswith("q4")
    started = _answer(mine, "answer_first_response")
    assert 'msgs["sender"] != "auto"' in started and SCAFFOLD_HEAD in started
    assert "    # 在这里写你的答案" in _answer(mine, "answer_conversion_band")  # indented in the def
    fresh = tmp_path / "ws2"
    lab.prepare_workspace(course.release_dir, fresh, advanced=True)
    assert SCAFFOLD_HEAD not in (fresh / "ch07" / "ch07.ipynb").read_text("utf-8")


def test_progress_counts_untouched_scaffolds_and_shows_the_help_used(course, tmp_path):
    from course import progress
    from course.coach import HELP_LOG

    workspace = tmp_path / "ws"
    lab.prepare_workspace(course.release_dir, workspace)
    row = next(r for r in progress.rows(workspace, ["ch07"]) if r["章节"] == "ch07")
    released = json.loads((course.release_dir / "ch07" / "ch07.ipynb").read_text("utf-8"))
    assert int(row["未作答"]) == progress.answers_left(released) > 0 and row["练习帮助"] == ""
    (workspace / HELP_LOG).write_text(
        '{"item": "ch07.q3", "event": "check", "result": "wrong"}\n'
        '{"item": "ch07.q3", "event": "hint", "level": 2}\n'
        '{"item": "ch07.q3", "event": "check", "result": "right"}\n'
        '{"item": "ch07.q5", "event": "solution", "shown": true}\n', "utf-8")
    row = next(r for r in progress.rows(workspace, ["ch07"]) if r["章节"] == "ch07")
    assert row["练习帮助"] == "检查 2 次（1 题已做对），看提示 1 题，看答案 1 题"
