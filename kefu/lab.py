"""Launching JupyterLab for the course: Chinese UI, student or instructor extensions, no internet.

``kefu lab`` and the browser tests both start JupyterLab through :func:`command`,
so what the tests check is what students get.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from course.chapters import CHAPTERS, ORIENTATION

#: JupyterLab settings every course user gets: Chinese UI, no calls to the internet.
LAB_SETTINGS = {
    "@jupyterlab/translation-extension/plugin.jupyterlab-settings": {"locale": "zh_CN"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}
#: What students do not see: the instructor's parts of nbgrader.
STUDENT_DISABLED_LABEXTENSIONS = ("@jupyter/nbgrader:create-assignment",
                                  "@jupyter/nbgrader:course-list")
STUDENT_DISABLED_SERVER_EXTENSIONS = ("nbgrader.server_extensions.formgrader",
                                      "nbgrader.server_extensions.course_list")


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def prepare_workspace(release_dir: Path, workspace: Path, advanced: bool = False) -> list[str]:
    """Copy every chapter's student notebook into the workspace (existing work is kept).

    ``release_dir`` holds ``chNN/chNN.ipynb`` (the course's ``release/``, or the copy
    the student edition ships); the orientation comes first, then the chapters.
    ``advanced``: answer cells start from the plain stub instead of the scaffold (only
    scaffolds the learner has not touched are changed).
    """
    workspace.mkdir(parents=True, exist_ok=True)
    copied = []
    for chapter in [*ORIENTATION, *CHAPTERS]:
        if not (release_dir / chapter / f"{chapter}.ipynb").is_file():
            continue
        target = workspace / chapter
        if not target.exists():
            shutil.copytree(release_dir / chapter, target)
            copied.append(chapter)
        if advanced:
            unscaffold(target / f"{chapter}.ipynb", chapter)
    return copied


def unscaffold(notebook: Path, chapter: str) -> int:
    """Replace the untouched scaffolds of a workspace notebook with the plain stub."""
    from course.coach import plain_stubs

    try:
        data = json.loads(notebook.read_text("utf-8"))
    except (OSError, ValueError):
        return 0
    changed = plain_stubs(data, chapter)
    if changed:
        _write_json(notebook, data)
    return changed


def environment(home: Path, instructor: bool, workspace: Path | None = None) -> dict[str, str]:
    """Environment for JupyterLab: settings and config folders owned by the course."""
    settings_dir = home / "lab-settings"
    for name, data in LAB_SETTINGS.items():
        _write_json(settings_dir / name, data)
    config_dir = home / ("config-instructor" if instructor else "config-student")
    disabled_lab = {} if instructor else {name: True for name in STUDENT_DISABLED_LABEXTENSIONS}
    _write_json(config_dir / "labconfig" / "page_config.json", {"disabledExtensions": disabled_lab})
    server = {} if instructor else {name: False for name in STUDENT_DISABLED_SERVER_EXTENSIONS}
    _write_json(config_dir / "jupyter_server_config.json",
                {"ServerApp": {"jpserver_extensions": server}})
    env = dict(os.environ)
    env["JUPYTERLAB_SETTINGS_DIR"] = str(settings_dir)
    env["JUPYTER_CONFIG_DIR"] = str(config_dir)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    if workspace is not None:  # where the notebooks find the learner's 学号 (course.variants)
        env["KEFU_WORKSPACE"] = str(workspace)
    return env


def command(root_dir: Path, open_path: str | None = None, port: int | None = None,
            browser: bool = True, token: str | None = None) -> list[str]:
    """The JupyterLab command line for the course."""
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root_dir}"]
    if open_path:
        cmd.append(open_path)
    if not browser:
        cmd.append("--no-browser")
    if port:
        cmd += [f"--port={port}", "--ServerApp.port_retries=0"]
    if token is not None:
        cmd.append(f"--IdentityProvider.token={token}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and lab machines often run as root
    return cmd
