"""Teacher commands started by root run as the account that owns the course root.

On a class server the course root (its ``nbgrader_config.py``, source notebooks, gradebook
folder, feedback) belongs to a grader account, ``kefu-grader``, which the Formgrader also runs
as (deploy/hub/README.md, "Safety"). Everything the Formgrader's users can write is then only
ever read or executed by that account: root never loads the course's configuration. When root
starts ``kefu grade``, the process first forks the sandbox broker (the only part that stays
root: :mod:`autograder.engine.broker`), then becomes the course's owner for good (its uid, gid
and groups; no way back), and only then reads the course.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import pwd
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


class PrivilegeError(ValueError):
    """The owner of the course root cannot be used (Chinese message)."""


@dataclass(frozen=True)
class Owner:
    uid: int
    gid: int
    name: str
    home: str


def course_owner(root: Path) -> Owner | None:
    """The account that owns ``root`` when that is not root (None: root's course, or none)."""
    try:
        info = os.stat(root)
    except OSError:
        return None
    if info.st_uid == 0 or not stat.S_ISDIR(info.st_mode):
        return None
    try:
        entry = pwd.getpwuid(info.st_uid)
    except KeyError as exc:
        raise PrivilegeError(f"课程目录 {root} 属于不存在的系统用户（uid {info.st_uid}）。"
                             "请用 chown -R 把它交给评分账号（例如 kefu-grader）。") from exc
    return Owner(info.st_uid, entry.pw_gid, entry.pw_name, entry.pw_dir)


def become(owner: Owner) -> None:
    """Switch this process to ``owner`` for good (real, effective and saved ids)."""
    os.setgroups(os.getgrouplist(owner.name, owner.gid))
    os.setresgid(owner.gid, owner.gid, owner.gid)
    os.setresuid(owner.uid, owner.uid, owner.uid)
    if os.getresuid() != (owner.uid,) * 3:  # never go on half switched
        raise PrivilegeError("无法切换到课程目录的所有者账号。")
    os.environ.update(HOME=owner.home, USER=owner.name, LOGNAME=owner.name)
    for name in ("SUDO_USER", "SUDO_UID", "SUDO_GID", "SUDO_COMMAND", "XDG_RUNTIME_DIR"):
        os.environ.pop(name, None)


def readable_by_all(path: Path) -> bool:
    """Whether every account can read ``path`` and pass through each folder above it."""
    path = Path(path).resolve()
    try:
        if not os.stat(path).st_mode & 0o005:
            return False
        return all(os.stat(parent).st_mode & 0o001 for parent in path.parents)
    except OSError:
        return False


def world_python() -> str:
    """A Python ≥ 3.11 that every unix user can run."""
    for candidate in (sys.executable, os.path.realpath(sys.executable), "/usr/bin/python3",
                      shutil.which("python3") or ""):
        if not candidate or not Path(candidate).exists():
            continue
        real = Path(os.path.realpath(candidate))
        if not readable_by_all(real):
            continue
        done = subprocess.run([str(real), "-c", "import sys, venv; print(sys.version_info >= (3, 11))"],
                              capture_output=True, text=True)
        if done.stdout.strip() == "True":
            return str(real)
    raise PrivilegeError("没有找到所有用户都能运行的 Python 3.11+（学生的服务器和评分账号以各自的系统用户运行）。"
                         "在 Debian/Ubuntu 上：sudo apt install python3 python3-venv。")


#: The grader's own environment inside a private teacher environment (see grader_python).
GRADER_ENV = "kefu-grader-env"


def _project_root() -> Path | None:
    """The source checkout this package runs from (None when installed from a wheel)."""
    root = Path(__file__).resolve().parents[1]
    return root if (root / "pyproject.toml").is_file() else None


#: What a copy of a private checkout holds for the grader: the code, its data, the build files.
COPIED = ("pyproject.toml", "README.md", "course", "autograder", "kefu", "data")
#: Never copied: caches and a class's state (secret, gradebook, hand-ins, exports).
NOT_COPIED = ("__pycache__", "*.pyc", "gradebook.db*", "classkey.txt*", "submitted", "autograded",
              "feedback", "exports", ".cache", "ledger.json")


def _tree_digest(project: Path) -> str:
    """Names, sizes and times of what :data:`COPIED` holds (cheap; changes with any edit)."""
    digest = hashlib.sha256()
    for name in COPIED:
        top = project / name
        paths = [top] if top.is_file() else sorted(top.rglob("*")) if top.is_dir() else []
        for path in paths:
            if not path.is_file() or any(fnmatch.fnmatch(part, pattern)
                                         for part in path.relative_to(project).parts
                                         for pattern in NOT_COPIED):
                continue
            info = path.stat()
            digest.update(f"{path.relative_to(project)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _sync_copy(project: Path, target: Path) -> None:
    """Make ``target`` a copy of the checkout's :data:`COPIED` parts (root's, readable by all)."""
    digest = _tree_digest(project)
    stamp = target / ".kefu-tree"
    if stamp.is_file() and stamp.read_text().strip() == digest:
        return
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in COPIED:
        source = project / name
        if source.is_dir():
            shutil.copytree(source, target / name, symlinks=True,
                            ignore=shutil.ignore_patterns(*NOT_COPIED))
        elif source.is_file():
            shutil.copy2(source, target / name)
    stamp.write_text(digest + "\n")


def grader_python() -> str:
    """A Python the grader account can run, with this course and its packages.

    The teacher's environment itself when every account can run it (``/opt/kefu/.venv``).
    When its interpreter is private (pyenv's under ``/root``), root builds once a virtualenv
    of the system's Python with this checkout installed editable (the same code, packages
    resolved for that Python), rebuilt when the project's requirements change: inside the
    teacher environment when everyone may read it (root's, read-only for others), else in
    ``/var/lib/kefu``. When the checkout itself is private, the virtualenv installs a copy of
    its code and data (kept in step with the checkout on every call).
    """
    teacher_env_shared = readable_by_all(Path(sys.prefix))
    if teacher_env_shared and readable_by_all(Path(os.path.realpath(sys.executable))):
        return sys.executable
    project = _project_root()
    if project is None:
        raise PrivilegeError(f"评分账号无法运行教师环境的 Python（{sys.executable} 在只有 root 能进入的文件夹里）。"
                             "请把课程安装在所有用户都能读的位置（例如 /opt/kefu/.venv）。")
    if teacher_env_shared:
        env = Path(sys.prefix) / GRADER_ENV
    else:
        tag = hashlib.sha256(str(Path(sys.prefix).resolve()).encode()).hexdigest()[:8]
        os.makedirs("/var/lib/kefu", mode=0o755, exist_ok=True)
        env = Path("/var/lib/kefu") / f"grader-env-{tag}"
    shared = all(readable_by_all(project / name) for name in COPIED if (project / name).exists())
    source = project if shared else env / "src"
    if not shared:
        _sync_copy(project, source)
        subprocess.run(["chmod", "-R", "go-w,a+rX", str(source)], check=True)
    python = env / "bin" / "python"
    stamp = env / ".kefu-requirements"
    # (A gone system Python leaves bin/python dangling: python.exists() then rebuilds.)
    digest = hashlib.sha256((project / "pyproject.toml").read_bytes()
                            + str(source).encode()).hexdigest()
    if not (python.exists() and stamp.is_file() and stamp.read_text().strip() == digest):
        base = world_python()
        for item in (env.iterdir() if env.is_dir() else []):
            if item.name != "src":
                shutil.rmtree(item, ignore_errors=True) if item.is_dir() else item.unlink()
        subprocess.run([base, "-m", "venv", str(env)], check=True, capture_output=True)
        done = subprocess.run([str(python), "-m", "pip", "install", "--quiet",
                               "--disable-pip-version-check", "-e", f"{source}[hub]"],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise PrivilegeError("评分账号的 Python 环境安装失败：" + (done.stderr or done.stdout)[-1500:])
        stamp.write_text(digest + "\n")
        subprocess.run(["chmod", "-R", "go-w,a+rX", str(env)], check=True)
    return str(python)


def run_as_course_owner(root: Path, sandbox: bool, argv: list[str] | None = None) -> Owner | None:
    """When root runs a teacher command on a course another account owns, become that
    account (first starting the sandbox broker when the command grades). With ``argv`` (the
    command's arguments) the command is run again by :func:`grader_python` when this
    interpreter is private. Returns the owner switched to, or None when nothing changed (not
    root, or root's own course)."""
    if os.geteuid() != 0:
        return None
    owner = course_owner(root)
    if owner is None:
        return None
    python = grader_python()
    print(f"（以课程目录的所有者 {owner.name} 的身份运行）", file=sys.stderr, flush=True)
    if sandbox:
        from autograder.engine.broker import Broker
        from autograder.engine.worker import launch, sandbox_kind

        Broker(owner.uid, owner.gid, launch, sandbox_kind).start()
    become(owner)
    try:
        os.getcwd()
        if not os.access(".", os.R_OK | os.X_OK):
            raise PermissionError
    except OSError:
        os.chdir(root)  # the teacher's folder (e.g. /root) is not the grader's
    os.environ["KEFU_COURSE"] = str(root)
    if not os.access(owner.home, os.W_OK | os.X_OK):
        # A system account without a home: Jupyter and matplotlib need somewhere to write.
        home = Path(root) / "autograder" / ".home"
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.environ["HOME"] = str(home)
    if argv is not None and python != sys.executable:
        # This interpreter's own files are root's only: go on in one the grader can run.
        os.execv(python, [python, "-m", "kefu", *argv])
    return owner
