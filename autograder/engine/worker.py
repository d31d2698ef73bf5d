"""Grader side of the execution engine: start sandboxed pre-warmed workers and run notebooks.

A :class:`Worker` owns one zygote process (``zygote.py``) that imported
pandas, matplotlib, ipywidgets and the course once. For each notebook the
zygote forks a learner process, where the learner's and the lesson's cells
run, and a tester, where the test cells run on plain data exported from the
learner process (see ``zygote.py``). The worker feeds them one cell at a time,
carries exported answers and function calls between them, and keeps every
limit: time per cell and per notebook, memory, processes, output size.

On Linux with bubblewrap the zygote lives in its own mount, PID, network, IPC
and UTS namespaces and sees only the system, the Python installation, the
``course`` package and the data; the learner process gets namespaces of its
own below that. When the grader runs as root, the learner and the tester also
run as two unprivileged uids of their own. Without bubblewrap the same engine
runs without the outer sandbox (and says so once).
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import functools
import json
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

from autograder.engine import broker, zygote
from autograder.engine.limits import SandboxLimits

HERE = Path(__file__).resolve().parent
ZYGOTE = HERE / "zygote.py"

#: First uid used for student code when the grader runs as root (one uid per worker);
#: the tester of worker ``i`` runs as ``TESTER_UID + i``.
BASE_UID = 61000
TESTER_UID = 62000
#: Whose variant a notebook runs: set per notebook by the grader (see autograder.classkey).
IDENTITY = ("KEFU_STUDENT", "KEFU_VARIANT_KEY")
#: What a sandboxed process may learn from the grader's environment (nothing else crosses).
ENVIRONMENT = ("PATH", "LANG", "LC_ALL", "KEFU_DATA_DIR")


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
    if broker.address():  # root's broker starts the sandboxes of an unprivileged grader
        try:
            return broker.kind()
        except (OSError, EOFError, ValueError, broker.BrokerError):
            return "plain"  # Worker.start then reports the broker's failure in Chinese
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
    from course.datadir import data_dir

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
    """matplotlib's cache folder (its font list seeds the sandbox's: no font scan there).

    Where matplotlib keeps it by default is looked at first, so that starting a sandbox
    does not wait for matplotlib to import (``kefu check``); matplotlib is asked when that
    folder holds no font list.
    """
    if "matplotlib" not in sys.modules:
        configured = os.environ.get("MPLCONFIGDIR")
        usual = (Path(configured) if configured
                 else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "matplotlib")
        with contextlib.suppress(OSError):
            if any(usual.glob("fontlist*.json")):
                return str(usual)
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
    """The zygote could not start or died (a Chinese message naming the cause)."""


# Both are asked only of the course's own cells (tests and locked cells), which are the
# same in every student's copy of a chapter: each distinct cell is parsed once per process.
@functools.lru_cache(maxsize=4096)
def _free_names(source: str) -> tuple[str, ...]:
    """Names a cell reads that are not builtins (what a test may need from the learner)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return ()
    names = {node.id for node in ast.walk(tree)
             if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
    return tuple(sorted(names - set(dir(builtins))))


@functools.lru_cache(maxsize=4096)
def _bound_names(source: str) -> frozenset[str]:
    """Names a (trusted) cell binds: assignments, imports, definitions."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return frozenset()
    bound: set[str] = set()
    nested = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)

    def visit(node: ast.AST) -> None:
        # Only the cell's own (module) scope: a loop variable of a comprehension, a
        # lambda's or a function's locals are not names the cell defines.
        if isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
            bound.add(node.target.id)  # := binds in the cell's scope, even in a comprehension
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
            for part in [*node.decorator_list, *getattr(node, "bases", [])]:
                visit(part)
            return
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, nested):
                for inner in ast.walk(child):
                    if isinstance(inner, ast.NamedExpr) and isinstance(inner.target, ast.Name):
                        bound.add(inner.target.id)
                continue
            visit(child)

    visit(tree)
    return frozenset(bound)


def _binds_only(statement: ast.stmt) -> bool:
    """Whether a statement does nothing but bind names: an import (not ``*``), an
    assignment to plain names (a call's result is bound; the course's set-up helpers are
    pure), or a bare name (it shows a value, which only the learner's output keeps).
    Anything else, e.g. the chapter's ``setup("ch07")`` call or ``module.flag = 1``,
    may act beyond the names it binds."""
    def names(target: ast.expr) -> bool:
        if isinstance(target, (ast.Tuple, ast.List)):
            return all(names(element) for element in target.elts)
        return isinstance(target, ast.Name)

    if isinstance(statement, ast.Import):
        return True
    if isinstance(statement, ast.ImportFrom):
        return all(alias.name != "*" for alias in statement.names)
    if isinstance(statement, ast.Assign):
        return all(names(target) for target in statement.targets)
    if isinstance(statement, ast.AnnAssign):
        return isinstance(statement.target, ast.Name)
    return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Name)


def _deferrable(source: str, free: set[str], bound: set[str], earlier: set[str]) -> bool:
    """Whether the tester may run this locked cell later, when a test needs what it binds.

    Only when its statements bind names and nothing else, and everything it reads is
    bound by itself or by earlier locked cells: then running it later, after the cells
    that bind its inputs (:meth:`_Feed._flush` keeps that order), binds the same values.
    """
    try:
        body = ast.parse(source).body
    except (SyntaxError, ValueError):
        return False
    return all(_binds_only(statement) for statement in body) and free <= bound | earlier


#: Whether the tester may run name-binding locked cells only when a test needs them
#: (tests switch it off to compare with running every locked cell in its place).
DEFER_LOCKED_CELLS = True


@dataclass
class _Pending:
    """A locked cell the learner ran and the tester has not run yet."""

    source: str
    free: set[str]
    bound: frozenset[str]


def _size(value) -> int:
    return len(json.dumps(value, ensure_ascii=False))


def cap_outputs(outputs: list[dict], budget: int) -> tuple[list[dict], int]:
    """Outputs that fit in ``budget`` bytes (errors kept short), and the bytes they use."""
    kept, used, dropped = [], 0, False
    for output in outputs:
        size = _size(output)
        if used + size <= budget:
            kept.append(output)
            used += size
        elif output.get("output_type") == "error":
            short = {"output_type": "error", "ename": str(output.get("ename", ""))[:200],
                     "evalue": str(output.get("evalue", ""))[:2000], "traceback": []}
            kept.append(short)
            used += _size(short)
        else:
            dropped = True
    if dropped:
        kept.append({"output_type": "stream", "name": "stdout",
                     "text": "\n…（这份作业的输出超过了评分时的上限，多出的部分已省略）\n"})
    return kept, used


def _sandbox_uids(index: int, kind: str) -> tuple[int | None, int | None]:
    """The learner's and the tester's uid of zygote ``index`` (None: the grader's own uid)."""
    if os.geteuid() == 0 and (kind == "bwrap" or _world_readable_install()):
        return BASE_UID + index, TESTER_UID + index
    return None, None


def launch(index: int, kind: str | None = None, lean: bool = False,
           warm: Warm | None = None) -> broker.Launched:
    """Start zygote ``index`` (``kind`` as :func:`sandbox_kind`) from this process.

    Its sandbox uids are fixed here, in the zygote's environment (``KEFU_SANDBOX_UIDS``);
    the zygote ignores uids named in later messages, so whoever holds the control socket
    (an unprivileged grader, through :mod:`autograder.engine.broker`) cannot choose them.
    ``lean``: a zygote for one notebook (``kefu check``) skips the warm-up that only pays
    off over many notebooks (every course module, every chapter's parameters, warm cells);
    ``warm``: what it warms instead, for the one notebook it will run.
    """
    kind = kind or sandbox_kind()
    uid, tester_uid = _sandbox_uids(index, kind)
    parent, child = socket.socketpair()
    env = {k: os.environ[k] for k in ENVIRONMENT if k in os.environ}
    env.update({"KEFU_CTL_FD": str(child.fileno()), "MPLBACKEND": "agg", "HOME": "/tmp",
                "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                "MKL_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1",
                "NBGRADER_EXECUTION": "autograde",
                "KEFU_ZYGOTE_LEAN": "1" if lean or os.environ.get("KEFU_ZYGOTE_LEAN") == "1" else "",
                "KEFU_SANDBOX_UIDS": "" if uid is None else f"{uid},{tester_uid}",
                "KEFU_SCRATCH": "/tmp/kefu-scratch" if kind == "bwrap"
                else tempfile.mkdtemp(prefix="kefu-scratch-")})
    if lean and warm is not None:
        env.update({"KEFU_WARM_CHAPTER": warm.chapter, "KEFU_WARM_VARIANT_KEY": warm.variant_key})
    env.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
    cache = _mpl_cache()
    if cache:
        env["KEFU_MPL_SEED"] = cache
    fd, name = tempfile.mkstemp(prefix=f"kefu-worker-{index}-", suffix=".log")
    try:
        with os.fdopen(fd, "wb") as log:
            proc = subprocess.Popen(_command(kind), pass_fds=[child.fileno()], env=env,
                                    stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                    start_new_session=True)
    except BaseException:
        parent.close()
        raise
    finally:
        child.close()
    return broker.Launched(proc, parent, Path(name), kind, uid, tester_uid)


@dataclass(frozen=True)
class Warm:
    """The one notebook a lean zygote will run: its chapter, and its learner's variant key
    ("" for the public variant). The zygote computes that chapter's parameters and that
    variant's tables before it says it is ready, instead of the learner and the tester
    each computing them after the fork."""

    chapter: str
    variant_key: str = ""


class Worker:
    """One pre-warmed zygote; runs one notebook at a time.

    Start and stop it from the same thread, and keep that thread alive while the worker is
    in use: bubblewrap's ``--die-with-parent`` ends the sandbox when the *thread* that
    started it ends (``kefu check`` starts it in a thread of its own: autograder.selfcheck).
    """

    def __init__(self, index: int = 0, kind: str | None = None, lean: bool = False,
                 warm: Warm | None = None) -> None:
        self.index = index
        self.lean = lean
        self.warm = warm
        self.kind = kind or sandbox_kind()
        self.uid, self.tester_uid = _sandbox_uids(index, self.kind)
        self.proc: subprocess.Popen | broker.BrokeredProcess | None = None
        self.ctl: socket.socket | None = None
        self.info: dict = {}
        self.notebooks = 0
        #: The sandbox's own log (a fresh file per start: a name built from the pid could
        #: be an old file of another user, from a process that had the same pid).
        self.log_path = Path(tempfile.gettempdir()) / "kefu-worker-not-started.log"
        self.index = index
        #: What the sandbox reads from below /tmp: the learner's private /tmp must not hide it.
        self.keep_paths = [p for p in _readable_roots() if p.startswith("/tmp/")]

    # -- life cycle
    def start(self, timeout: float = 180.0) -> None:
        try:
            if broker.address():  # an unprivileged grader: root's broker starts the sandbox
                launched = broker.launch_via_broker(self.index)
            else:
                launched = launch(self.index, self.kind, lean=self.lean, warm=self.warm)
        except (OSError, broker.BrokerError) as exc:
            raise WorkerError(f"评分进程无法启动：{exc}") from exc
        self.proc, self.ctl, self.log_path = launched.proc, launched.ctl, launched.log_path
        self.kind, self.uid, self.tester_uid = launched.kind, launched.uid, launched.tester_uid
        try:
            ready = self._ctl_recv(timeout)
        except (OSError, EOFError, ValueError) as exc:
            self.stop()
            raise WorkerError(f"评分进程无法启动（{type(exc).__name__}）：{self._log_tail()}"
                              f"（日志：{self.log_path}）") from exc
        if ready.get("op") == "fatal":
            self.stop()
            raise WorkerError(f"评分沙箱里无法导入课程包 course 或加载数据："
                              f"{ready.get('reason')}。请确认课程包和数据所在的文件夹对评分沙箱可读"
                              f"（日志：{self.log_path}）")
        if ready.get("op") != "ready":
            self.stop()
            raise WorkerError(f"评分进程启动异常：{str(ready)[:300]}")
        self.info = ready

    def _log_tail(self) -> str:
        with contextlib.suppress(OSError):
            lines = self.log_path.read_text("utf-8", "replace").strip().splitlines()
            if lines:
                return lines[-1][-300:]
        return "没有输出"

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
            if isinstance(self.proc, broker.BrokeredProcess):
                self.proc.close()  # the broker reaps the zygote when its handle closes
            self.proc = None
        with contextlib.suppress(OSError):  # an empty log says nothing: leave no trace
            if self.log_path.stat().st_size == 0:
                self.log_path.unlink()

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
    def run(self, cells: list[dict], limits: SandboxLimits | None = None,
            identity: dict[str, str] | None = None) -> NotebookRun:
        """Run code ``cells`` in a fresh learner process and tester.

        Each cell is a dict with ``source`` and ``kind``: ``"student"`` (runs in the
        learner process), ``"setup"`` (a locked cell: runs in both) or ``"test"`` (runs
        in the tester, with the learner's values for the names it reads).
        ``identity`` (``KEFU_STUDENT``, ``KEFU_VARIANT_KEY``) tells both processes whose
        variant of the course they run; nothing else of the grader's environment crosses.
        """
        limits = limits or SandboxLimits()
        if not self.alive():  # raises WorkerError: the engine, not the notebook, is broken
            self.stop()
            self.start()
        started = time.monotonic()
        result = NotebookRun(cells=[None] * len(cells))
        a_mine, a_theirs = socket.socketpair()
        t_mine, t_theirs = socket.socketpair()
        child = {**limits.for_child(self.uid, self.tester_uid), "keep_paths": self.keep_paths,
                 "identity": {k: str(v) for k, v in (identity or {}).items()
                              if k in IDENTITY}}
        try:
            assert self.ctl is not None
            zygote.send(self.ctl, {"op": "run", "limits": child},
                        fds=[a_theirs.fileno(), t_theirs.fileno()])
            a_theirs.close()
            t_theirs.close()
            if self._ctl_recv(60).get("op") != "started":
                raise WorkerError("评分进程没有响应")
            _Feed(a_mine, t_mine, limits, result, started).run(cells)
        except (OSError, EOFError, ValueError, WorkerError) as exc:
            if not result.problem:
                result.problem = f"评分进程出错（{type(exc).__name__}），本份作业后面的单元格没有运行。"
            self._restart()
            result.seconds = time.monotonic() - started
            return result
        finally:
            a_mine.close()
            t_mine.close()
        self._finish(result, limits)
        result.seconds = time.monotonic() - started
        self.notebooks += 1
        return result

    def _finish(self, result: NotebookRun, limits: SandboxLimits) -> None:
        """Wait for the notebook's processes to go (killing them if they linger)."""
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
            return
        if exited.get("reason") == "memory":
            result.problem = (f"这份作业的所有进程合计使用的内存超过了上限"
                              f"（{limits.memory_bytes / 1024**3:.1f} GB），评分已停止，"
                              "后面的单元格没有运行。")

    def _restart(self) -> None:
        with contextlib.suppress(Exception):
            if self.proc is not None:
                self.proc.kill()
        self.stop()


class _Feed:
    """Feeds one notebook's cells to its learner process and tester, and carries calls."""

    def __init__(self, learner: socket.socket, tester: socket.socket, limits: SandboxLimits,
                 result: NotebookRun, started: float) -> None:
        self.learner, self.tester = learner, tester
        self.limits, self.result, self.started = limits, result, started
        self.trusted: set[str] = set()  # names the tester binds itself (locked cells, tests)
        self.locked_bound: set[str] = set()  # names bound by the locked cells so far
        self.pending: list[_Pending] = []  # locked cells the tester runs when a test needs them
        self.count = 0
        self.output_left = limits.output_bytes
        self.frame_limit = 2 * max(limits.output_bytes, limits.value_bytes) + 1024**2

    def run(self, cells: list[dict]) -> None:
        for index, cell in enumerate(cells):
            left = self.limits.notebook_seconds - (time.monotonic() - self.started)
            if left <= 0:
                self.result.timed_out = True
                self.result.problem = (f"整份作业运行超过 {self.limits.notebook_seconds:.0f} 秒，"
                                       "评分已停止，后面的单元格没有运行。")
                return
            timeout = min(self.limits.cell_seconds, left)
            try:
                cell_run = self._one(cell, timeout)
            except TimeoutError:
                self.result.timed_out = True
                self.result.problem = (f"有单元格运行超过 {self.limits.cell_seconds:.0f} 秒仍未结束，"
                                       "评分已强制停止，后面的单元格没有运行。")
                return
            except (EOFError, ConnectionError):
                self.result.problem = ("作业代码让评分进程意外退出（例如调用了 os._exit、内存耗尽或"
                                       "程序崩溃），后面的单元格没有运行。")
                return
            except _Forged:
                self.result.problem = "评分进程收到了伪造的结果，本份作业后面的单元格不再计分。"
                return
            if cell_run is None:
                return
            self.result.cells[index] = cell_run
        for sock in (self.learner, self.tester):
            with contextlib.suppress(OSError):
                zygote.send(sock, {"op": "end"})

    def _ask(self, sock: socket.socket, message: dict, timeout: float, limit: int) -> dict:
        zygote.send(sock, message)
        sock.settimeout(timeout + self.limits.grace_seconds)
        return zygote.recv(sock, limit=limit)

    def _ask_learner(self, message: dict, timeout: float) -> dict:
        nonce = secrets.token_hex(16)
        reply = self._ask(self.learner, {**message, "nonce": nonce, "timeout": timeout}, timeout,
                          self.frame_limit)
        if reply.get("nonce") != nonce:
            raise _Forged
        return reply

    def _one(self, cell: dict, timeout: float) -> CellRun | None:
        kind = cell.get("kind", "student")
        source = cell["source"]
        if kind == "test":
            return self._test(source, timeout)
        if kind != "setup":
            reply = self._ask_learner({"op": "cell", "source": source}, timeout)
            return self._cell_run(reply.get("outputs"), bool(reply.get("ok")),
                                  reply.get("seconds"))
        # A locked cell: the tester keeps its own copy of what it binds (its outputs are
        # the learner process's). It runs the cell now, beside the learner, or later, when
        # a test needs a name the cell binds (most only build a question's text).
        free, bound = set(_free_names(source)), _bound_names(source)
        deferred = DEFER_LOCKED_CELLS and _deferrable(source, free, bound, self.locked_bound)
        if not deferred:
            self._flush(free, bound, timeout)
            zygote.send(self.tester, {"op": "setup", "source": source, "timeout": timeout})
        reply = self._ask_learner({"op": "cell", "source": source}, timeout)
        if deferred:
            self.pending.append(_Pending(source, free, bound))
        else:
            self.tester.settimeout(timeout + self.limits.grace_seconds)
            zygote.recv(self.tester)
        self.trusted |= bound
        self.locked_bound |= bound
        return self._cell_run(reply.get("outputs"), bool(reply.get("ok")), reply.get("seconds"))

    def _flush(self, needed: set[str], clobbered: set[str], timeout: float) -> None:
        """Run in the tester, in notebook order, the pending locked cells that must run
        before a cell reading ``needed`` and binding ``clobbered``: those binding a name
        it reads, those reading or binding a name it binds, and so on back."""
        needed, clobbered, due = set(needed), set(clobbered), []
        for cell in reversed(self.pending):
            if cell.bound & needed or (cell.free | cell.bound) & clobbered:
                due.append(cell)
                needed |= cell.free
                clobbered |= cell.bound
        for cell in reversed(due):
            self.pending.remove(cell)
            self._ask(self.tester, {"op": "setup", "source": cell.source, "timeout": timeout},
                      timeout, zygote.MAX_FRAME)

    def _test(self, source: str, timeout: float) -> CellRun:
        free, bound = _free_names(source), _bound_names(source)
        self._flush(set(free), bound, timeout)
        began = time.monotonic()
        names = [n for n in free if n not in self.trusted]
        values = {}
        if names:
            reply = self._ask_learner({"op": "export", "names": names}, timeout)
            raw = reply.get("values")
            values = {str(k): v for k, v in raw.items()} if isinstance(raw, dict) else {}
        self.trusted |= bound
        zygote.send(self.tester, {"op": "test", "source": source, "values": values,
                                  "timeout": timeout})
        while True:
            left = timeout - (time.monotonic() - began)
            self.tester.settimeout(max(left, 0) + self.limits.grace_seconds)
            message = zygote.recv(self.tester)
            if message.get("op") == "done":
                return self._cell_run(message.get("outputs"), bool(message.get("ok")),
                                      message.get("seconds"))
            if message.get("op") == "call":
                left = timeout - (time.monotonic() - began)
                if left <= 0.01:  # the test's time is up: the function is not even started
                    reply = {"ok": False, "error": {"type": "CellTimeoutError",
                                                    "message": "测试单元格的运行时间已用完。"}}
                else:
                    reply = self._ask_learner({"op": "call", "id": message.get("id"),
                                               "args": message.get("args"),
                                               "kwargs": message.get("kwargs")}, left)
                    reply.pop("nonce", None)
                zygote.send(self.tester, {**reply, "op": "result"})

    def _cell_run(self, outputs, ok: bool, seconds) -> CellRun:
        self.count += 1
        outputs = [o for o in outputs if isinstance(o, dict)] if isinstance(outputs, list) else []
        outputs, used = cap_outputs(outputs, self.output_left)
        self.output_left = max(0, self.output_left - used)
        for output in outputs:
            if output.get("output_type") == "execute_result":
                output["execution_count"] = self.count
        if not ok and not any(o.get("output_type") == "error" for o in outputs):
            outputs.append({"output_type": "error", "ename": "Error", "traceback": [],
                            "evalue": "单元格运行失败（没有给出错误信息）。"})
        try:
            seconds = float(seconds or 0.0)
        except (TypeError, ValueError):
            seconds = 0.0
        return CellRun(outputs=outputs, execution_count=self.count, ok=ok, seconds=seconds)


class _Forged(Exception):
    """A learner process answered with the wrong nonce."""
