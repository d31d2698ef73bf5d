"""Grader side of the execution engine: start sandboxed pre-warmed workers and run notebooks.

A :class:`Worker` owns one zygote process (``zygote.py``) that imported
pandas, matplotlib, ipywidgets and the course once. Each notebook runs in a
fresh fork of it, one code cell at a time, with limits on time, memory,
processes and output. On Linux with bubblewrap the zygote lives in its own
mount, PID, network, IPC and UTS namespaces and sees only the system, the
Python installation, ``course/`` and ``data/``; when the grader runs as root
each notebook also runs as an unprivileged uid of its own. Without bubblewrap
the same engine runs without namespaces (and says so once).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from autograder.engine import zygote
from autograder.engine.limits import SandboxLimits

HERE = Path(__file__).resolve().parent
ZYGOTE = HERE / "zygote.py"

#: First uid used for student code when the grader runs as root (one uid per worker).
BASE_UID = 61000


@dataclass
class CellRun:
    """What one code cell produced."""

    outputs: list[dict]
    execution_count: int | None
    ok: bool
    #: Time the cell's own code ran, measured inside the sandbox.
    seconds: float = 0.0


@dataclass
class NotebookRun:
    """The outcome of one notebook: per-cell results plus why it stopped early, if it did."""

    cells: list[CellRun | None] = field(default_factory=list)
    problem: str = ""
    timed_out: bool = False
    seconds: float = 0.0

    @property
    def cell_seconds(self) -> float:
        """The notebook's own execution time: the floor no engine can beat."""
        return sum(cell.seconds for cell in self.cells if cell is not None)


KIND_NOTES = {
    "bwrap": "",
    "plain": ("提示：本机没有可用的 bubblewrap（bwrap），学生代码在独立进程中运行，"
              "但没有文件系统和网络隔离。Debian/Ubuntu 上可用 apt install bubblewrap 安装。"),
    "none": "提示：本系统不支持评分沙箱（需要 Linux），学生代码按 nbgrader 原有方式运行，没有隔离。",
}
_NOTED: set[str] = set()


def note_kind(kind: str) -> None:
    """Say once per process that the sandbox is weaker than on Linux with bubblewrap."""
    if KIND_NOTES.get(kind) and kind not in _NOTED:
        _NOTED.add(kind)
        print(KIND_NOTES[kind], file=sys.stderr)


def course_package() -> Path:
    """The folder of the installed ``course`` package (what the sandbox imports)."""
    import course

    return Path(course.__file__).resolve().parent


def sandbox_kind() -> str:
    """``"bwrap"`` (namespaces), ``"plain"`` (Linux, no namespaces) or ``"none"`` (no fork)."""
    if os.environ.get("KEFU_SANDBOX") in {"plain", "none", "bwrap"}:
        return os.environ["KEFU_SANDBOX"]
    if not sys.platform.startswith("linux") or not hasattr(os, "pidfd_open"):
        return "none"
    return "bwrap" if _bwrap_works() else "plain"


_BWRAP_OK: bool | None = None


def _bwrap_works() -> bool:
    global _BWRAP_OK
    if _BWRAP_OK is None:
        bwrap = shutil.which("bwrap")
        _BWRAP_OK = False
        if bwrap:
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                done = subprocess.run([bwrap, *_namespace_args(), "--ro-bind", "/", "/",
                                       "--proc", "/proc", "--dev", "/dev", "true"],
                                      capture_output=True, timeout=30)
                _BWRAP_OK = done.returncode == 0
    return _BWRAP_OK


def _namespace_args() -> list[str]:
    args = ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try", "--die-with-parent", "--new-session"]
    if os.geteuid() != 0:
        args.insert(0, "--unshare-user")
    return args


def _readable_roots() -> list[str]:
    """What the sandbox may read: system folders, the Python install, course/ and data/."""
    from course.data import data_dir

    paths = {"/usr", "/etc", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/opt/conda",
             sys.base_prefix, sys.prefix, str(course_package()), str(data_dir()), str(HERE)}
    # Import paths of the Python installation only (never the course root or a cwd).
    prefixes = tuple(str(Path(p).resolve()) + os.sep for p in (sys.prefix, sys.base_prefix))
    for entry in sys.path:
        if entry and os.path.isdir(entry) and str(Path(entry).resolve()).startswith(prefixes):
            paths.add(entry)
    paths.add(str(Path(sys.prefix).resolve()))
    cache = _mpl_cache()
    if cache and os.path.isdir(cache):
        paths.add(cache)
    # Drop paths inside another listed path; bind the rest read-only.
    keep = sorted(p for p in paths if os.path.exists(p))
    return [p for p in keep if not any(p != q and p.startswith(q.rstrip("/") + "/") for q in keep)]


def _mpl_cache() -> str | None:
    with contextlib.suppress(Exception):
        import matplotlib

        return matplotlib.get_cachedir()
    return None


def _command(kind: str) -> list[str]:
    python = [sys.executable, "-I", "-X", "frozen_modules=on", str(ZYGOTE)]
    if kind != "bwrap":
        return python
    # /tmp first: a course (or venv) that lives under /tmp is bound on top of it.
    args = [shutil.which("bwrap") or "bwrap", *_namespace_args(), "--tmpfs", "/tmp"]
    roots = _readable_roots()
    # bwrap creates missing parent folders private (0700): make them traversable.
    parents = {str(p) for root in roots for p in Path(root).parents if str(p) != "/"}
    for parent in sorted(parents, key=lambda p: p.count("/")):
        if not any(parent == r or parent.startswith(r.rstrip("/") + "/") for r in roots):
            args += ["--perms", "0755", "--dir", parent]
    for path in roots:
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        else:
            args += ["--ro-bind", path, path]
    args += ["--proc", "/proc", "--dev", "/dev", "--chdir", "/tmp"]
    return args + python


def _world_readable_install() -> bool:
    """Whether another uid can run this Python and import ``course`` (needed to drop root)."""
    for path in (sys.base_prefix, sys.prefix, str(course_package())):
        for folder in [Path(path), *Path(path).parents]:
            with contextlib.suppress(OSError):
                if not folder.stat().st_mode & 0o005:
                    return False
    return True


class WorkerError(RuntimeError):
    """The zygote could not start or died."""


class Worker:
    """One pre-warmed zygote; runs one notebook at a time."""

    def __init__(self, index: int = 0, kind: str | None = None) -> None:
        self.index = index
        self.kind = kind or sandbox_kind()
        self.uid = BASE_UID + index if os.geteuid() == 0 and (
            self.kind == "bwrap" or _world_readable_install()) else None
        self.proc: subprocess.Popen | None = None
        self.ctl: socket.socket | None = None
        self.notebooks = 0
        self.log_path = Path(tempfile.gettempdir()) / f"kefu-worker-{os.getpid()}-{index}.log"

    # -- life cycle
    def start(self, timeout: float = 180.0) -> None:
        parent, child = socket.socketpair()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JPY_", "KEFU_SANDBOX"))}
        env.update({"KEFU_CTL_FD": str(child.fileno()), "MPLBACKEND": "agg",
                    "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                    "MKL_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1",
                    "NBGRADER_EXECUTION": "autograde",
                    "KEFU_SCRATCH": "/tmp/kefu-scratch" if self.kind == "bwrap"
                    else tempfile.mkdtemp(prefix="kefu-scratch-")})
        cache = _mpl_cache()
        env.pop("MPLCONFIGDIR", None)
        if cache:
            env["KEFU_MPL_SEED"] = cache
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(_command(self.kind), pass_fds=[child.fileno()], env=env,
                                         stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                         start_new_session=True)
        child.close()
        self.ctl = parent
        try:
            ready = self._ctl_recv(timeout)
        except (OSError, EOFError, ValueError) as exc:
            self.stop()
            raise WorkerError(f"评分进程无法启动：{exc}；日志：{self.log_path}") from exc
        if ready.get("op") != "ready":
            self.stop()
            raise WorkerError(f"评分进程启动异常：{ready}")

    def stop(self) -> None:
        if self.ctl is not None:
            with contextlib.suppress(OSError):
                zygote.send(self.ctl, {"op": "quit"})
            self.ctl.close()
            self.ctl = None
        if self.proc is not None:
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None and self.ctl is not None

    def _ctl_recv(self, timeout: float | None) -> dict:
        assert self.ctl is not None
        self.ctl.settimeout(timeout)
        try:
            return zygote.recv(self.ctl)
        finally:
            self.ctl.settimeout(None)

    # -- running a notebook
    def run(self, cells: list[dict], limits: SandboxLimits | None = None) -> NotebookRun:
        """Run code ``cells`` (dicts with source, guard, locked) in a fresh child."""
        limits = limits or SandboxLimits()
        if not self.alive():
            self.stop()
            try:
                self.start()
            except WorkerError as exc:
                return NotebookRun(cells=[None] * len(cells), problem=str(exc))
        started = time.monotonic()
        result = NotebookRun(cells=[None] * len(cells))
        mine, theirs = socket.socketpair()
        try:
            assert self.ctl is not None
            zygote.send(self.ctl, {"op": "run", "limits": limits.for_child(self.uid)},
                        fds=[theirs.fileno()])
            theirs.close()
            if self._ctl_recv(60).get("op") != "started":
                raise WorkerError("评分进程没有响应")
            self._feed(mine, cells, limits, result, started)
        except (OSError, EOFError, ValueError, WorkerError) as exc:
            if not result.problem:
                result.problem = f"评分进程出错（{type(exc).__name__}），本份作业后面的单元格没有运行。"
            self._restart()
            result.seconds = time.monotonic() - started
            return result
        finally:
            mine.close()
        self._finish(result)
        result.seconds = time.monotonic() - started
        self.notebooks += 1
        return result

    def _feed(self, sock: socket.socket, cells: list[dict], limits: SandboxLimits,
              result: NotebookRun, started: float) -> None:
        for index, cell in enumerate(cells):
            left = limits.notebook_seconds - (time.monotonic() - started)
            if left <= 0:
                result.timed_out = True
                result.problem = (f"整份作业运行超过 {limits.notebook_seconds:.0f} 秒，"
                                  "评分已停止，后面的单元格没有运行。")
                return
            nonce = secrets.token_hex(16)
            zygote.send(sock, {"op": "cell", "source": cell["source"], "nonce": nonce,
                               "guard": bool(cell.get("guard")),
                               "locked": bool(cell.get("locked")),
                               "timeout": min(limits.cell_seconds, left)})
            sock.settimeout(min(limits.cell_seconds, left) + limits.grace_seconds)
            try:
                reply = zygote.recv(sock)
            except TimeoutError:
                result.timed_out = True
                result.problem = (f"有单元格运行超过 {limits.cell_seconds:.0f} 秒仍未结束，"
                                  "评分已强制停止，后面的单元格没有运行。")
                return
            except (EOFError, ConnectionError):
                result.problem = ("作业代码让评分进程意外退出（例如调用了 os._exit、内存耗尽或"
                                  "程序崩溃），后面的单元格没有运行。")
                return
            if reply.get("nonce") != nonce:
                result.problem = "评分进程收到了伪造的结果，本份作业后面的单元格不再计分。"
                return
            outputs = list(reply.get("outputs") or [])
            if not reply.get("ok") and not any(o.get("output_type") == "error" for o in outputs):
                outputs.append({"output_type": "error", "ename": "Error", "traceback": [],
                                "evalue": "单元格运行失败（没有给出错误信息）。"})
            result.cells[index] = CellRun(outputs=outputs,
                                          execution_count=reply.get("execution_count"),
                                          ok=bool(reply.get("ok")),
                                          seconds=float(reply.get("seconds") or 0.0))
        with contextlib.suppress(OSError):
            zygote.send(sock, {"op": "end"})

    def _finish(self, result: NotebookRun) -> None:
        """Wait for the child to go (killing it if it lingers) and for the clean-up."""
        assert self.ctl is not None
        try:
            try:
                exited = self._ctl_recv(10 if not result.problem else 0.5)
            except TimeoutError:
                zygote.send(self.ctl, {"op": "kill"})
                exited = self._ctl_recv(30)
        except (OSError, EOFError, ValueError):
            self._restart()
            return
        if exited.get("op") != "exited":
            self._restart()

    def _restart(self) -> None:
        with contextlib.suppress(Exception):
            if self.proc is not None:
                self.proc.kill()
        self.stop()
