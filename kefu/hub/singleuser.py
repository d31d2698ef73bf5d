"""The students' single-user environment: the class edition of the course, nothing more.

Student servers run as the students' own unix users, so their Python must be readable by
everyone, and it must not be the teacher's environment: that one can read ``source/``
(the answers and hidden tests) and the grader. The environment is a virtualenv made from a
Python every user can run (Debian's ``/usr/bin/python3`` when the project's own is private,
as pyenv's under /root is), holding:

- JupyterHub's ``jupyterhub-singleuser`` and nbgrader (students' Assignment List, the
  exchange client), at the project's pins;
- the class edition wheel that ``kefu bundle`` builds (course package, data, release
  notebooks, the student ``kefu``; no answers, no hidden tests, no grader), without the
  class secret: the spawner gives each server its own variant key instead;
- site-wide configuration in the environment itself: the Chinese JupyterLab (settings
  overrides), nbgrader's instructor parts disabled, the exchange root and course id.

The dependencies are installed once (a stamp records their list); the course wheel is
reinstalled whenever it changes (a few seconds).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import tempfile
import tomllib
import zipfile
from pathlib import Path

from autograder.coursedir import Course
from autograder.privilege import world_python
from kefu import lab
from kefu.hub.settings import REPO, SettingsError

#: What a student's server needs beyond the course wheel's own dependencies.
SERVER_PACKAGES = ("jupyterhub", "nbgrader")
#: nbgrader's parts a student does not get (the exchange client parts stay on).
STUDENT_LAB_DISABLED = (*lab.STUDENT_DISABLED_LABEXTENSIONS, "@jupyter/nbgrader:formgrader")
STUDENT_SERVER_EXTENSIONS = {
    "nbgrader.server_extensions.formgrader": False,
    "nbgrader.server_extensions.course_list": False,
    "nbgrader.server_extensions.assignment_list": True,
    "nbgrader.server_extensions.validate_assignment": True,
}


def requirements(root: Path = REPO) -> list[str]:
    """The pinned packages of a student server, read from the project's pyproject.toml."""
    project = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]
    pins = [*project["dependencies"], *project["optional-dependencies"]["hub"]]
    wanted = [p for p in pins if p.split("=")[0].split("[")[0].split(">")[0].strip().lower()
              in SERVER_PACKAGES]
    return wanted + [p for p in project["dependencies"]
                     if not p.startswith(("nbgrader", "nh3", "tqdm"))]


def _pip(env: Path, *args: str) -> None:
    done = subprocess.run([str(env / "bin" / "python"), "-m", "pip", "install", "--quiet",
                           "--disable-pip-version-check", *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SettingsError("学生环境安装失败：" + (done.stderr or done.stdout)[-1500:])


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def configure(env: Path, exchange_root: Path, course_id: str) -> None:
    """Site-wide settings of the environment (every student gets them, none can change them)."""
    etc = env / "etc" / "jupyter"
    _write(etc / "nbgrader_config.py",
           "# Written by kefu hub (kefu/hub/singleuser.py): the exchange of the class.\n"
           "c = get_config()  # noqa: F821\n"
           f"c.Exchange.root = {str(exchange_root)!r}\n"
           f"c.CourseDirectory.course_id = {course_id!r}\n")
    _write(etc / "jupyter_server_config.d" / "kefu-hub.json",
           json.dumps({"ServerApp": {"jpserver_extensions": STUDENT_SERVER_EXTENSIONS}}, indent=2))
    _write(etc / "labconfig" / "page_config.json",
           json.dumps({"disabledExtensions": {name: True for name in STUDENT_LAB_DISABLED}},
                      indent=2))
    overrides: dict[str, dict] = {}
    for name, values in lab.LAB_SETTINGS.items():
        plugin = name.removesuffix(".jupyterlab-settings")
        package, _, plugin_name = plugin.rpartition("/")
        overrides[f"{package}:{plugin_name}"] = values
    _write(env / "share" / "jupyter" / "lab" / "settings" / "overrides.json",
           json.dumps(overrides, ensure_ascii=False, indent=2))


def course_wheel(course: Course, out_dir: Path) -> Path:
    """The class edition wheel of ``course`` (built by ``kefu bundle``'s code)."""
    from autograder.bundle import build

    here = Path(lab.__file__).resolve().parent
    with tempfile.TemporaryDirectory(prefix="kefu-hub-bundle-") as tmp:
        # A copy without the roster and without the class secret: the package holds the
        # public variant's answer keys only. Each student's server gets their own variant
        # key from the spawner and their own answer keys in a folder only they can read
        # (kefu/hub/answerkeys.py), never the secret every classmate's key derives from.
        bare = course.copy_to(Path(tmp) / "course")
        if (course.root / "pyproject.toml").is_file():
            shutil.copy(course.root / "pyproject.toml", bare.root / "pyproject.toml")
        made = build(bare, [here / "lab.py", here / "student.py"], Path(tmp) / "bundle.zip",
                     ship_secret=False)
        with zipfile.ZipFile(made.zip_path) as bundle:
            name = next(n for n in bundle.namelist() if n.endswith(".whl"))
            out_dir.mkdir(parents=True, exist_ok=True)
            target = out_dir / Path(name).name
            target.write_bytes(bundle.read(name))
    return target


def build_env(env: Path, course: Course | None, exchange_root: Path, course_id: str,
              wheel: Path | None = None) -> Path:
    """Create or update the students' environment at ``env``; returns its ``jupyterhub-singleuser``.

    ``wheel``: the class edition already built (by the grader account, which owns the course:
    root then never loads the course's configuration); its bytes are copied first.
    """
    wanted = requirements()
    stamp = env / ".kefu-requirements"
    digest = hashlib.sha256("\n".join(wanted).encode()).hexdigest()
    if not stamp.is_file() or stamp.read_text().strip() != digest:
        if env.exists():
            shutil.rmtree(env)
        subprocess.run([world_python(), "-m", "venv", str(env)], check=True, capture_output=True)
        _pip(env, *wanted)
        stamp.write_text(digest + "\n")
    if wheel is None:
        wheel = course_wheel(course, env / "wheels")
    else:
        wheel = _copy_regular(wheel, env / "wheels")
    wheel_stamp = env / ".kefu-course-wheel"
    wheel_digest = hashlib.sha256(_wheel_content(wheel)).hexdigest()
    if not wheel_stamp.is_file() or wheel_stamp.read_text().strip() != wheel_digest:
        _pip(env, "--no-deps", "--force-reinstall", str(wheel))
        wheel_stamp.write_text(wheel_digest + "\n")
    configure(env, exchange_root, course_id)
    subprocess.run(["chmod", "-R", "go-w,a+rX", str(env)], check=True)
    return env / "bin" / "jupyterhub-singleuser"


def _copy_regular(source: Path, folder: Path) -> Path:
    """Copy one regular file (never through a link) into ``folder``, which is ours."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise SettingsError(f"{source} 不是普通文件。")
        target.write_bytes(handle.read())
    return target


def _wheel_content(wheel: Path) -> bytes:
    """The wheel's files (not its zip timestamps), so an unchanged course is not reinstalled."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(wheel) as archive:
        for name in sorted(archive.namelist()):
            digest.update(name.encode() + b"\0" + archive.read(name))
    return digest.digest()
