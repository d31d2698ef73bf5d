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
