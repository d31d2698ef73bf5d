"""Sandbox side of the grading engine: a pre-warmed zygote that forks a learner and a tester.

This file runs as a standalone script (``python -I zygote.py``) inside the
sandbox, so it imports only the standard library, IPython and the course
package; it never imports the grader, which the sandbox cannot see.

The zygote imports pandas, matplotlib, IPython and the course once, then never
runs a notebook cell itself. For each notebook it forks, from that pristine state:

* **the learner process** (A): learner and lesson cells run here, one at a time.
  It lives in new user, PID, mount and IPC namespaces below a small init
  process, with a private size-limited ``/tmp`` and ``/dev/shm``, no
  capabilities, a seccomp filter (no namespaces, mounts, ptrace, SysV shared
  memory …), its own uid when the grader runs as root, rlimits and a short
  fixed environment. When the notebook ends, killing the init ends every
  process it started.
* **the tester** (T): test cells run here, where no learner code ever ran. It
  runs the locked set-up cells itself; the learner's answers arrive as plain
  data exported from A (:mod:`course.plaindata`), and calling a learner's
  function asks A to run it. T never receives anything but plain data, A never
  receives a test cell, and neither can signal, trace or write to the other or
  to the zygote (PID namespace, non-dumpable processes, separate uids as root).

While a notebook runs, the zygote watches the memory of A's whole process tree
and ends the notebook when it passes the limit.

Protocol (length-prefixed JSON frames, see :func:`send` / :func:`recv`):

* control socket (fd ``KEFU_CTL_FD``), grader ⇄ zygote: ``ready`` (or ``fatal``
  with a reason) once warm; ``run`` with two sockets attached (for A and for T)
  → ``started``, then ``exited`` (with ``reason`` when the zygote ended it);
  ``kill`` ends the notebook early, ``quit`` stops the zygote.
* grader ⇄ A: ``cell`` (source) → outputs; ``export`` (names) → plain values;
  ``call`` (function id, plain arguments) → plain result or error; ``end``.
* grader ⇄ T: ``setup`` (a locked cell) → ok; ``test`` (source, plain values) →
  any number of ``call`` requests (answered with ``result``), then ``done``
  with the outputs; ``end``.
"""

from __future__ import annotations

import builtins
import contextlib
import ctypes
import io
import json
import os
import platform
import resource
import select
import shutil
import signal
import socket
import struct
import sys
import time

HEADER = struct.Struct(">I")
MAX_FRAME = 64 * 1024 * 1024
#: Stream text kept per cell unless the limits say otherwise; the rest becomes a Chinese note.
MAX_STREAM = 256 * 1024
#: The learner's uid inside its user namespace.
INNER_ID = 1000
#: How often the zygote looks at the memory of a notebook's processes (seconds).
WATCH_SECONDS = 0.05


# ---------------------------------------------------------------- framing
def send(sock: socket.socket, message: dict, fds: list[int] | None = None) -> None:
    body = json.dumps(message, ensure_ascii=False).encode("utf-8")
    frame = HEADER.pack(len(body)) + body
    if fds:
        socket.send_fds(sock, [frame[:HEADER.size]], fds)
        sock.sendall(frame[HEADER.size:])
    else:
        sock.sendall(frame)


def _read_exact(sock: socket.socket, n: int, fds: list[int] | None = None) -> bytes:
    chunks, got = [], 0
    while got < n:
        if fds is not None and not got:
            data, new_fds, _flags, _addr = socket.recv_fds(sock, n, 4)
            fds.extend(new_fds)
        else:
            data = sock.recv(n - got)
        if not data:
            raise EOFError("socket closed")
        chunks.append(data)
        got += len(data)
    return b"".join(chunks)


def recv(sock: socket.socket, fds: list[int] | None = None, limit: int = MAX_FRAME) -> dict:
    """One frame; file descriptors sent along are appended to ``fds``."""
    (size,) = HEADER.unpack(_read_exact(sock, HEADER.size, fds))
    if size > limit:
        raise ValueError(f"frame too large: {size}")
    message = json.loads(_read_exact(sock, size).decode("utf-8"))
    if not isinstance(message, dict):
        raise ValueError("a frame must hold an object")
    return message


# ---------------------------------------------------------------- the shell
class CellTimeoutError(Exception):
    """Raised inside a cell (or a learner's function) that runs past its time limit."""


class Recorder:
    """Collects one cell's outputs in nbformat shape."""

    def __init__(self) -> None:
        self.outputs: list[dict] = []
        self.stream_size = 0
        self.max_stream = MAX_STREAM

    def reset(self) -> None:
        self.outputs = []
        self.stream_size = 0

    def stream(self, name: str, text: str) -> None:
        if not text:
            return
        if self.stream_size >= self.max_stream:
            return
        if self.stream_size + len(text) > self.max_stream:
            text = text[: self.max_stream - self.stream_size] + "\n…（输出太长，评分时已截断）\n"
        self.stream_size += len(text)
        last = self.outputs[-1] if self.outputs else None
        if last and last["output_type"] == "stream" and last["name"] == name:
            last["text"] += text
        else:
            self.outputs.append({"output_type": "stream", "name": name, "text": text})

    def add(self, output: dict) -> None:
        self.outputs.append(output)


RECORDER = Recorder()


class CaptureStream(io.TextIOBase):
    """``sys.stdout`` / ``sys.stderr`` of a child: text goes to the cell's outputs."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name_ = name

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text) -> int:  # type: ignore[override]
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        RECORDER.stream(self.name_, text)
        return len(text)


def _jsonable(value):
    """Mime bundles must survive JSON: anything odd becomes its repr."""
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        if isinstance(value, dict):
            return {str(k): _jsonable(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [_jsonable(v) for v in value]
        return repr(value)


def make_shell():
    """An IPython shell that records outputs the way ipykernel reports them."""
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets import Type
    from traitlets.config import Config

    from course.notebook import name_error_message

    class RecordingDisplayHook(DisplayHook):
        def write_output_prompt(self):
            pass

        def write_format_data(self, format_dict, md_dict=None):
            RECORDER.add({"output_type": "execute_result", "data": _jsonable(format_dict),
                          "metadata": _jsonable(md_dict or {}),
                          "execution_count": self.shell.execution_count})

    class RecordingPublisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False,
                    **kwargs):
            if update:
                return
            RECORDER.add({"output_type": "display_data", "data": _jsonable(data),
                          "metadata": _jsonable(metadata or {})})

        def clear_output(self, wait=False):
            RECORDER.reset()

    class GradingShell(InteractiveShell):
        displayhook_class = Type(RecordingDisplayHook)
        display_pub_class = Type(RecordingPublisher)

        def enable_gui(self, gui=None):
            pass  # only the inline backend is used, as in ipykernel

        def should_run_async(self, raw_cell, *, transformed_cell=None,
                             preprocessing_exc_tuple=None):
            # A cell runs as a coroutine only for a top-level ``await``, ``async for`` or
            # ``async with``, which IPython finds out by compiling the cell once more: a
            # cell without either word (nearly all) cannot be one and skips that compile.
            if not any("await" in text or "async" in text
                       for text in (raw_cell, transformed_cell or "")):
                return False
            return super().should_run_async(raw_cell, transformed_cell=transformed_cell,
                                            preprocessing_exc_tuple=preprocessing_exc_tuple)

        def _showtraceback(self, etype, evalue, stb):
            text = str(evalue)
            if etype is NameError:  # an answer that was never run: say so in Chinese
                text = name_error_message(evalue)
            RECORDER.add({"output_type": "error", "ename": str(etype.__name__),
                          "evalue": text, "traceback": list(stb)})

    config = Config()
    config.HistoryManager.enabled = False
    config.InteractiveShell.colors = "Linux"
    config.InteractiveShell.xmode = "Plain"
    shell = GradingShell.instance(config=config)
    shell.user_ns["__name__"] = "__main__"
    return shell


#: The chapter a lean zygote prepared for its one learner (told to the grader when ready).
WARMED: list[str] = []


def warm_up():
    """Pay for the heavy imports once, before any fork. Raises when the course cannot load."""
    import importlib
    import pkgutil
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import matplotlib
        import numpy  # noqa: F401
        import pandas  # noqa: F401

        matplotlib.use("module://matplotlib_inline.backend_inline")
        lean = os.environ.get("KEFU_ZYGOTE_LEAN") == "1"  # one notebook (kefu check)
        if not lean:  # a lean zygote imports these after it is ready (_warm_after_ready)
            for name in LATER_IMPORTS:
                importlib.import_module(name)

        import course
        from course.chapters import CHAPTERS, ORIENTATION

        # The one notebook's chapter and its learner's variant, known at launch (kefu check).
        chapter = os.environ.pop("KEFU_WARM_CHAPTER", "")
        variant_key = os.environ.pop("KEFU_WARM_VARIANT_KEY", "")
        if lean:
            for name in LEAN_MODULES:
                importlib.import_module(name)
        else:
            for info in pkgutil.walk_packages(course.__path__, "course."):
                if not info.name.endswith("__main__"):
                    importlib.import_module(info.name)
        from course import data, variants

        data.load_all()
        if not lean:
            # Build (and forget) one student's variant: the first build in a process pays
            # ~70 ms of one-time pandas set-up that every forked notebook would pay again.
            data._variant_tables(variants.derive_key("warm-up", "warm-up"), str(data.data_dir()))
            data._variant_tables.cache_clear()
            variants.warm_up_parameters()
        elif variant_key and (chapter in CHAPTERS or chapter in ORIENTATION):
            # What that notebook's learner and tester would each compute after the fork:
            # the chapter's alternatives drawn for a student, and the student's tables.
            variants.warm_up_parameters([chapter])
            if _prebuild_variant({"KEFU_VARIANT_KEY": variant_key}):
                WARMED.append(chapter)
    shell = make_shell()
    if not lean:
        shell.enable_matplotlib("inline")
        _exercise(shell)
    return shell


#: What some notebooks need (pyplot in two chapters, pandas' plotting in one, widgets only
#: when code uses one): a batch zygote imports them while it warms up, a lean one after it
#: said it is ready, while its grader still prepares the notebook (kefu check).
LATER_IMPORTS = ("matplotlib.pyplot", "pandas.plotting._matplotlib", "ipywidgets")


def _warm_after_ready(shell) -> None:
    """Import :data:`LATER_IMPORTS` and set up the inline backend, as a batch zygote does
    before it is ready; always finished before the notebook is forked, so the notebook
    runs the same whenever its grader sends it (a figure the learner makes after the
    course's setup shows as text, not as a picture the backend set-up would add)."""
    import importlib
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in LATER_IMPORTS:
            importlib.import_module(name)
        shell.enable_matplotlib("inline")


#: What a lean zygote imports: what every chapter's setup cell and the tester need.
LEAN_MODULES = ("course.notebook", "course.checks", "course.variants", "course.data",
                "course.coach", "course.plaindata")


#: Cells run once in the zygote so that every child inherits warm caches: traceback
#: formatting (IPython reads and highlights library source files), HTML reprs, the
#: first Chinese figure (font loading) and widgets. The shell is reset afterwards.
WARM_CELLS = [
    "import pandas as pd\npd.DataFrame({'a': [1]})",
    "pd.DataFrame({'a': [1]})['缺少的列']",
    "pd.DataFrame({'a': [1]}).iloc[0]['缺少的列']",
    "raise NotImplementedError()",
    "undefined_name_for_warm_up",
    "1 +",
    "import matplotlib.pyplot as plt\nfrom course import plotting\nplotting.setup()\n"
    "fig, ax = plt.subplots()\nax.set_title('中文标题')\nax.plot([1, 2])",
    "import ipywidgets as widgets\nwidgets.VBox([widgets.IntSlider(), widgets.HTML('<b>x</b>')])",
    "from course import plaindata\nplaindata.decode(plaindata.encode("
    "{'s': pd.Series([1.5], index=['A01']), 'f': pd.DataFrame({'a': [1]}), 't': (1, 'x')}))",
]


def _exercise(shell) -> None:
    import gc
    import warnings

    import matplotlib
    import matplotlib.pyplot as plt

    saved_rc = matplotlib.rcParams.copy()
    saved_out, saved_err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = CaptureStream("stdout"), CaptureStream("stderr")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for source in WARM_CELLS:
                shell.run_cell(source, store_history=True)
    finally:
        sys.stdout, sys.stderr = saved_out, saved_err
        RECORDER.reset()
    plt.close("all")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        matplotlib.rcParams.update(saved_rc)
    shell.reset(new_session=False)
    shell.execution_count = 1
    with contextlib.suppress(AttributeError):
        warnings._filters_mutated()  # forget "already shown" warnings
    gc.collect()
    gc.freeze()  # children do not touch (and copy) the zygote's objects when collecting


# ---------------------------------------------------------------- guards
_MISSING = object()


def core_guard():
    """A function that puts back what the learner process's protocol relies on, after every cell.

    ``builtins``, this module and the modules ``send`` uses (json, struct, socket,
    signal, time) are restored with ``dict.update`` on dictionaries captured here,
    so the reset works even when learner code replaced builtins such as
    ``isinstance`` or ``setattr``. It keeps an honest notebook that shadows a
    builtin working; it is not what keeps grades safe (the tester is).
    """
    import json.encoder

    modules = [builtins, sys.modules[__name__], json, json.encoder, struct, socket, signal, time]
    saved = [(vars(m), dict(vars(m))) for m in modules]
    classes = [(c, dict(vars(c))) for c in (json.JSONEncoder, Recorder, CaptureStream)]
    update, setattr_, get = dict.update, setattr, type(vars(Recorder)).get

    def reset() -> None:
        for current, original in saved:
            update(current, original)
        for cls, original in classes:
            current = vars(cls)
            for key, value in original.items():
                if get(current, key, _MISSING) is not value:
                    try:
                        setattr_(cls, key, value)
                    except Exception:  # noqa: BLE001, S110 - read-only slots stay as they are
                        pass

    return reset


# ---------------------------------------------------------------- the kernel's help
_LIBC = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNS, CLONE_NEWIPC = 0x00020000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID = 0x10000000, 0x20000000
CLONE_NEWUTS, CLONE_NEWNET, CLONE_NEWCGROUP = 0x04000000, 0x40000000, 0x02000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND = 1, 2, 4, 32, 4096
MS_REC, MS_PRIVATE = 16384, 1 << 18
PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, PR_SET_CHILD_SUBREAPER = 4, 38, 22, 36


def _prctl(option: int, value: int) -> bool:
    return _LIBC.prctl(option, value, 0, 0, 0) == 0


def _mount(source: str, target: str, fstype: str | None, flags: int, data: str | None) -> bool:
    return _LIBC.mount(source.encode(), target.encode(), fstype.encode() if fstype else None,
                       flags, data.encode() if data else None) == 0


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="ascii") as handle:
        handle.write(text)


def _enter_namespaces() -> bool:
    """New user, PID, mount and IPC namespaces for the learner; False when the kernel refuses.

    Must run as the uid the learner will have: the new user namespace maps only it.
    """
    uid, gid = os.geteuid(), os.getegid()
    if _LIBC.unshare(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC) != 0:
        return False
    _write("/proc/self/setgroups", "deny")
    _write("/proc/self/uid_map", f"{INNER_ID} {uid} 1")
    _write("/proc/self/gid_map", f"{INNER_ID} {gid} 1")
    _mount("none", "/", None, MS_REC | MS_PRIVATE, None)
    return True


def _drop_capabilities() -> None:
    """Empty effective, permitted and inheritable capability sets (capset(2))."""
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this thread
    data = (ctypes.c_uint32 * 6)()
    _LIBC.syscall(_SYSCALLS.get("capset", -1), header, data)


#: Syscall numbers the learner process may not use, per architecture (audit arch, numbers).
_ARCH = {
    "x86_64": (0xC000003E, {
        "unshare": 272, "setns": 308, "mount": 165, "umount2": 166, "pivot_root": 155,
        "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "keyctl": 250,
        "add_key": 248, "request_key": 249, "bpf": 321, "perf_event_open": 298,
        "userfaultfd": 323, "open_by_handle_at": 304, "kexec_load": 246, "init_module": 175,
        "finit_module": 313, "delete_module": 176, "memfd_create": 319, "shmget": 29,
        "msgget": 68, "fsopen": 430, "fsmount": 432, "move_mount": 429, "open_tree": 428,
        "fspick": 433, "fsconfig": 431, "mount_setattr": 442, "pidfd_getfd": 438,
        "clone": 56, "clone3": 435, "capset": 126}),
    "aarch64": (0xC00000B7, {
        "unshare": 97, "setns": 268, "mount": 40, "umount2": 39, "pivot_root": 41,
        "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271, "keyctl": 219,
        "add_key": 217, "request_key": 218, "bpf": 280, "perf_event_open": 241,
        "userfaultfd": 282, "open_by_handle_at": 265, "kexec_load": 104, "init_module": 105,
        "finit_module": 273, "delete_module": 106, "memfd_create": 279, "shmget": 194,
        "msgget": 186, "fsopen": 430, "fsmount": 432, "move_mount": 429, "open_tree": 428,
        "fspick": 433, "fsconfig": 431, "mount_setattr": 442, "pidfd_getfd": 438,
        "clone": 220, "clone3": 435, "capset": 91}),
}
_AUDIT_ARCH, _SYSCALLS = _ARCH.get(platform.machine(), (None, {}))
_NAMESPACE_FLAGS = (CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWUTS
                    | CLONE_NEWNET | CLONE_NEWCGROUP)


def _install_seccomp() -> bool:
    """Refuse (EPERM) the syscalls that could leave or weaken the learner's sandbox."""
    if _AUDIT_ARCH is None:
        return False
    eperm, enosys = 0x00050000 | 1, 0x00050000 | 38  # SECCOMP_RET_ERRNO
    allow = 0x7FFF0000
    ld, jeq, jset, jge, ret = 0x20, 0x15, 0x45, 0x35, 0x06  # BPF_LD|W|ABS, BPF_JMP|…, BPF_RET|K
    blocked = [nr for name, nr in _SYSCALLS.items() if name not in ("clone", "clone3")]
    code: list[tuple[int, int, int, int]] = [(ld, 0, 0, 4)]  # arch
    code.append((jeq, 1, 0, _AUDIT_ARCH))
    code.append((ret, 0, 0, eperm))  # another ABI: refuse everything
    code.append((ld, 0, 0, 0))  # syscall number
    code.append((jge, 0, 1, 0x40000000))  # x32 syscalls
    code.append((ret, 0, 0, eperm))
    for nr in blocked:
        code.append((jeq, 0, 1, nr))
        code.append((ret, 0, 0, eperm))
    code.append((jeq, 0, 1, _SYSCALLS["clone3"]))
    code.append((ret, 0, 0, enosys))  # glibc falls back to clone, whose flags we can read
    code.append((jeq, 0, 3, _SYSCALLS["clone"]))
    code.append((ld, 0, 0, 16))  # low 32 bits of the flags argument
    code.append((jset, 0, 1, _NAMESPACE_FLAGS))
    code.append((ret, 0, 0, eperm))
    code.append((ret, 0, 0, allow))

    class Filter(ctypes.Structure):
        _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8),
                    ("k", ctypes.c_uint32)]

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(Filter))]

    filters = (Filter * len(code))(*[Filter(*ins) for ins in code])
    program = Program(len(code), filters)
    if not _prctl(PR_SET_NO_NEW_PRIVS, 1):
        return False
    return _LIBC.prctl(PR_SET_SECCOMP, 2, ctypes.byref(program), 0, 0) == 0


def probe_namespaces() -> bool:
    """Whether this kernel lets a learner process have its own namespaces (tried in a fork)."""
    pid = os.fork()
    if pid == 0:
        code = 1
        with contextlib.suppress(BaseException):
            code = 0 if _enter_namespaces() else 1
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


# ---------------------------------------------------------------- shared child set-up
def _minimal_environment(extra: dict) -> None:
    """The only environment variables a child sees: no teacher's tokens or paths."""
    keep = {k: os.environ[k] for k in ("KEFU_DATA_DIR",) if k in os.environ}
    os.environ.clear()
    os.environ.update({
        "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8", "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "MPLCONFIGDIR": "/tmp/.matplotlib", "PYTHONDONTWRITEBYTECODE": "1",
        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "NBGRADER_EXECUTION": "autograde", **keep, **extra})


def _identity(limits: dict) -> dict:
    """Whose variant this notebook runs (the same in the learner and the tester)."""
    given = limits.get("identity") or {}
    return {k: str(given[k]) for k in ("KEFU_STUDENT", "KEFU_VARIANT_KEY") if given.get(k)}


def _close(fds: tuple[int, ...]) -> None:
    """Close the zygote's descriptors a child must not hold (the other process's socket)."""
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)


def _detach(log_fd: int) -> None:
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    with contextlib.suppress(OSError):
        os.close(log_fd)


def _set_limits(limits: dict, processes: int | None) -> None:
    def cap(kind, value):
        if value:
            with contextlib.suppress(ValueError, OSError):
                resource.setrlimit(kind, (value, value))

    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    cap(resource.RLIMIT_CPU, limits.get("cpu_seconds"))
    cap(resource.RLIMIT_FSIZE, limits.get("file_bytes"))
    cap(resource.RLIMIT_NOFILE, limits.get("open_files"))
    if limits.get("memory_bytes"):
        cap(resource.RLIMIT_AS, _address_space() + int(limits["memory_bytes"]))
    if processes:
        cap(resource.RLIMIT_NPROC, int(processes))


def _address_space() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _become(uid: int | None) -> None:
    """Switch to ``uid`` (only when running as root)."""
    if uid is None or os.geteuid() != 0:
        return
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)


def _on_alarm(signum, frame):
    raise CellTimeoutError("单元格运行超时，已停止。请检查是否有死循环或长时间等待。")


def _run_cell(shell, source: str, timeout: float, after=None) -> tuple[bool, float]:
    """Run one cell into RECORDER; returns (ok, seconds)."""
    RECORDER.reset()
    began = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, float(timeout or 0))
    try:
        result = shell.run_cell(source, store_history=True)
    except BaseException as exc:  # noqa: BLE001 - e.g. SystemExit raised past IPython
        result = None
        RECORDER.add({"output_type": "error", "ename": type(exc).__name__,
                      "evalue": str(exc), "traceback": []})
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        if after is not None:
            after()
    ok = bool(result is not None and result.success)
    if result is not None and not ok and not any(
            o["output_type"] == "error" for o in RECORDER.outputs):
        error = result.error_in_exec or result.error_before_exec
        RECORDER.add({"output_type": "error", "ename": type(error).__name__,
                      "evalue": str(error), "traceback": []})
    return ok, time.perf_counter() - began


# ---------------------------------------------------------------- the learner process (A)
def launcher_main(shell, sock_fd: int, limits: dict, report_fd: int, log_fd: int,
                  others: tuple[int, ...]) -> None:
    """Enter the learner's namespaces, start its init, report the init's pid, wait for it."""
    _close(others)
    _become(limits.get("student_uid"))
    _prctl(PR_SET_DUMPABLE, 1)  # a non-dumpable process cannot write its own uid_map
    namespaced = bool(limits.get("namespaces")) and _enter_namespaces()
    pid = os.fork()
    if pid == 0:
        os.close(report_fd)
        _init_main(shell, sock_fd, limits, namespaced, log_fd)
    _prctl(PR_SET_DUMPABLE, 0)  # the learner shares this uid: keep it out of our memory
    os.close(sock_fd)
    os.write(report_fd, struct.pack(">i?", pid, namespaced))
    os.close(report_fd)
    _, status = os.waitpid(pid, 0)
    os._exit(max(0, os.waitstatus_to_exitcode(status)))


def _init_main(shell, sock_fd: int, limits: dict, namespaced: bool, log_fd: int) -> None:
    """The learner's init: private /tmp and /dev/shm, then wait for the learner process.

    In its own PID namespace this is pid 1: when it exits, the kernel kills every
    process the notebook started.
    """
    code = 0
    try:
        if namespaced:
            # What the sandbox reads from below /tmp (a course cloned there, its venv) must
            # stay visible under the learner's own /tmp: keep a handle, bind it back read-only.
            keep = [(p, os.open(p, os.O_PATH)) for p in limits.get("keep_paths") or []
                    if os.path.exists(p)]
            size = int(limits.get("scratch_bytes") or 256 * 1024**2)
            _mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode=1777")
            for path, handle in keep:
                if os.path.isdir(f"/proc/self/fd/{handle}"):
                    os.makedirs(path, exist_ok=True)
                else:
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                    open(path, "a").close()
                _mount(f"/proc/self/fd/{handle}", path, None, MS_BIND | MS_REC, None)
                _mount("none", path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID
                       | MS_NODEV, None)
                os.close(handle)
            if os.path.isdir("/dev/shm"):
                shm = int(limits.get("shm_bytes") or 64 * 1024**2)
                _mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV,
                       f"size={shm},mode=1777")
            scratch = "/tmp"
            _drop_capabilities()
        else:
            scratch = limits["scratch"]
        # No capabilities, no way out of the sandbox and no readable memory before the
        # learner process exists: it inherits all three.
        _install_seccomp()
        _prctl(PR_SET_DUMPABLE, 0)
        pid = os.fork()
        if pid == 0:
            _student_main(shell, sock_fd, limits, namespaced, scratch, log_fd)
        os.close(sock_fd)
        while True:
            done, status = os.wait()
            if done == pid:
                code = max(0, os.waitstatus_to_exitcode(status))
                break
    except BaseException:  # noqa: BLE001 - never raise out of a fork
        code = 1
    os._exit(code)


def _student_main(shell, sock_fd: int, limits: dict, namespaced: bool, scratch: str,
                  log_fd: int) -> None:
    code = 0
    try:
        _detach(log_fd)
        os.chdir(scratch)
        _minimal_environment({"HOME": scratch, "MPLCONFIGDIR": os.path.join(scratch,
                                                                            ".matplotlib"),
                              **_identity(limits)})
        _prctl(PR_SET_DUMPABLE, 1)  # its own processes may inspect each other, nobody else
        _set_limits(limits, limits.get("processes"))
        _learner_loop(shell, socket.socket(fileno=sock_fd), limits)
    except BaseException:  # noqa: BLE001 - the grader sees the socket close
        code = 1
    os._exit(code)


def _record_cells(limits: dict) -> None:
    """From now on, what cells print and show goes to RECORDER; SIGALRM ends a cell."""
    RECORDER.max_stream = int(limits.get("output_chars") or MAX_STREAM)
    sys.stdout = CaptureStream("stdout")
    sys.stderr = CaptureStream("stderr")
    signal.signal(signal.SIGALRM, _on_alarm)


def _learner_loop(shell, sock: socket.socket, limits: dict) -> None:
    from course import plaindata

    _record_cells(limits)
    reset_core = core_guard()
    functions: dict = {}
    count = 0
    while True:
        message = recv(sock)
        op = message.get("op")
        if op == "cell":
            ok, seconds = _run_cell(shell, message["source"], message.get("timeout"),
                                    after=reset_core)
            count += 1
            send(sock, {"nonce": message["nonce"], "outputs": RECORDER.outputs, "ok": ok,
                        "seconds": seconds})
        elif op == "export":
            send(sock, {"nonce": message["nonce"],
                        "values": _export(shell, message.get("names") or [], functions,
                                          int(limits.get("value_bytes") or 8 * 1024**2))})
        elif op == "call":
            reply = _call(functions, message, plaindata)
            reset_core()
            send(sock, {"nonce": message["nonce"], **reply})
        else:
            return


def _export(shell, names: list, functions: dict, value_bytes: int) -> dict:
    """Plain data for each name the learner's namespace holds."""
    from course import plaindata

    values = {}
    for name in names:
        if not isinstance(name, str) or name not in shell.user_ns:
            continue
        try:
            encoded = plaindata.encode(shell.user_ns[name], functions)
            if len(json.dumps(encoded, ensure_ascii=False)) > value_bytes:
                encoded = {"$": "unsupported", "type": "太大的数据"}
        except Exception as exc:  # noqa: BLE001 - an odd object is not an answer
            encoded = {"$": "unsupported", "type": type(exc).__name__}
        values[name] = encoded
    return values


def _call(functions: dict, message: dict, plaindata) -> dict:
    """Run a learner's function for the tester; plain data in, plain data out."""
    func = functions.get(message.get("id"))
    if func is None:
        return {"ok": False, "error": {"type": "LookupError", "message": "没有这个函数。"}}
    saved = RECORDER.outputs
    RECORDER.reset()
    # Never 0: that would switch the timer off.
    signal.setitimer(signal.ITIMER_REAL, max(0.01, float(message.get("timeout") or 0.01)))
    try:
        args = plaindata.decode(message.get("args", []))
        kwargs = plaindata.decode(message.get("kwargs", {"$": "dict", "items": []}))
        value = func(*args, **kwargs)
        signal.setitimer(signal.ITIMER_REAL, 0)
        reply = {"ok": True, "value": plaindata.encode(value, functions)}
    except BaseException as exc:  # noqa: BLE001 - every error goes back as data
        signal.setitimer(signal.ITIMER_REAL, 0)
        reply = {"ok": False, "error": {"type": type(exc).__name__, "message": str(exc)[:2000]}}
    reply["stdout"] = "".join(o.get("text", "") for o in RECORDER.outputs
                              if o["output_type"] == "stream")[:20000]
    RECORDER.outputs = saved
    return reply


# ---------------------------------------------------------------- the tester (T)
def tester_main(shell, sock_fd: int, limits: dict, log_fd: int, others: tuple[int, ...]) -> None:
    code = 0
    try:
        _close(others)
        _detach(log_fd)
        _become(limits.get("tester_uid"))
        _prctl(PR_SET_DUMPABLE, 0)
        os.chdir("/")
        _minimal_environment(_identity(limits))
        _set_limits(limits, None)
        _tester_loop(shell, socket.socket(fileno=sock_fd), limits)
    except BaseException:  # noqa: BLE001 - the grader sees the socket close
        code = 1
    os._exit(code)


def _tester_loop(shell, sock: socket.socket, limits: dict) -> None:
    from course import plaindata

    _record_cells(limits)

    def call(function_id: int, args: tuple, kwargs: dict):
        send(sock, {"op": "call", "id": function_id, "args": plaindata.encode(list(args)),
                    "kwargs": plaindata.encode(dict(kwargs))})
        while True:
            reply = recv(sock)
            if reply.get("op") == "result":
                break
        if reply.get("stdout"):
            sys.stdout.write(str(reply["stdout"]))
        if reply.get("ok"):
            return plaindata.decode(reply.get("value"), call)
        error = reply.get("error") or {}
        name = str(error.get("type") or "Error")
        kind = type(name if name.isidentifier() else "Error", (plaindata.StudentError,), {})
        raise kind(str(error.get("message", "")))

    imported: set[str] = set()
    while True:
        message = recv(sock)
        op = message.get("op")
        if op == "result":  # the answer to a call the tester stopped waiting for
            continue
        if op == "setup":
            ok, _ = _run_cell(shell, message["source"], message.get("timeout"))
            send(sock, {"op": "done", "ok": ok})
        elif op == "test":
            for name in imported:
                shell.user_ns.pop(name, None)
            try:
                values = {str(k): plaindata.decode(v, call)
                          for k, v in (message.get("values") or {}).items()}
            except plaindata.PlainDataError as exc:
                values = {}
                problem = str(exc)
            else:
                problem = ""
            shell.user_ns.update(values)
            imported = set(values)
            if problem:
                RECORDER.reset()
                RECORDER.add({"output_type": "error", "ename": "AnswerError", "evalue": problem,
                              "traceback": [f"AnswerError: {problem}"]})
                ok, seconds = False, 0.0
            else:
                ok, seconds = _run_cell(shell, message["source"], message.get("timeout"))
            send(sock, {"op": "done", "outputs": RECORDER.outputs, "ok": ok,
                        "seconds": seconds})
        else:
            return


# ---------------------------------------------------------------- the zygote
def _become_subreaper() -> None:
    """Orphans of a notebook's processes become our children, so none can slip away."""
    _prctl(PR_SET_CHILD_SUBREAPER, 1)


def _parents() -> dict[int, list[int]]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry))
    return parents


def _descendants(root: int, parents: dict[int, list[int]] | None = None) -> list[int]:
    parents = _parents() if parents is None else parents
    found, todo = [], [root]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _pss(pid: int) -> int:
    """Proportional memory of one process in bytes: shared pages count once over their sharers."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    return 0


def _resident(pid: int) -> int:
    with contextlib.suppress(OSError, ValueError, IndexError):
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    return 0


def _tree_memory(root: int, cap: int) -> int:
    """Memory used by ``root`` and every process below it, in bytes.

    The resident sizes are cheap to read and never less than the proportional sizes
    (PSS, shared pages counted once over their sharers), which are read only when
    the resident sizes together pass ``cap``.
    """
    pids = [root, *_descendants(root)]
    resident = sum(_resident(pid) for pid in pids)
    return resident if resident <= cap else sum(_pss(pid) for pid in pids)





def _kill_leftovers(pgid: int | None = None) -> None:
    """Kill every process still below the zygote (orphans are re-parented to it)."""
    if pgid:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGKILL)
    me = os.getpid()
    for _ in range(50):
        victims = [pid for pid in _descendants(me) if pid != me]
        for pid in victims:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        if not victims:
            return
        time.sleep(0.01)


def _fork(target, *args) -> int:
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            target(*args)
        except BaseException:  # noqa: BLE001 - report to the worker log, never raise
            with contextlib.suppress(Exception):
                import traceback

                os.write(2, traceback.format_exc().encode("utf-8", "replace"))
        os._exit(code)
    return pid


def run_notebook(ctl: socket.socket, shell, limits: dict, a_fd: int, t_fd: int, log_fd: int,
                 scratch: str) -> None:
    """Fork the tester and the learner for one notebook, watch them, clean up after them."""
    limits = {**limits, "scratch": scratch}
    prebuilt = _prebuild_variant(_identity(limits))
    tester = _fork(tester_main, shell, t_fd, limits, log_fd, (a_fd, ctl.fileno()))
    report_r, report_w = os.pipe()
    launcher = _fork(launcher_main, shell, a_fd, limits, report_w, log_fd,
                     (t_fd, report_r, ctl.fileno()))
    for fd in (a_fd, t_fd, report_w):
        os.close(fd)
    raw = b""
    with contextlib.suppress(OSError):
        raw = os.read(report_r, 5)
    os.close(report_r)
    init, namespaced = struct.unpack(">i?", raw) if len(raw) == 5 else (None, False)
    send(ctl, {"op": "started", "namespaces": namespaced})
    # What the learner's processes inherit from the zygote is not theirs to pay for.
    cap = int(limits.get("tree_memory_bytes") or 0)
    status = _watch(ctl, launcher, tester, init, cap + _resident(os.getpid()) if cap else 0)
    for pid in (init, launcher, tester):
        if pid:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
    _kill_leftovers()
    shutil.rmtree(scratch, ignore_errors=True)
    if prebuilt:
        from course import data

        data._variant_tables.cache_clear()  # the zygote keeps no student's data
    send(ctl, {"op": "exited", **status})


def _prebuild_variant(identity: dict) -> bool:
    """Build the student's variant of the shop once, before forking: the learner and the
    tester both inherit it (copy-on-write) instead of building it twice."""
    key = identity.get("KEFU_VARIANT_KEY", "")
    if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
        return False
    from course import data

    try:
        data._variant_tables(key, str(data.data_dir()))
    except Exception:  # noqa: BLE001 - the children build it themselves (and report)
        return False
    return True


def _watch(ctl: socket.socket, launcher: int, tester: int, init: int | None,
           memory_cap: int) -> dict:
    """Wait for the learner's launcher and the tester; enforce the memory of A's tree."""
    pidfds = {os.pidfd_open(launcher): launcher, os.pidfd_open(tester): tester}
    status: dict = {}
    try:
        while pidfds:
            ready, _, _ = select.select([ctl, *pidfds], [], [], WATCH_SECONDS)
            for fd in [fd for fd in ready if fd in pidfds]:
                pid = pidfds.pop(fd)
                os.close(fd)
                _, code, usage = os.wait4(pid, 0)
                if pid == launcher:
                    status.update(status=os.waitstatus_to_exitcode(code),
                                  cpu=usage.ru_utime + usage.ru_stime)
            if ctl in ready:
                try:
                    message = recv(ctl)
                except EOFError:
                    _kill_leftovers()
                    raise SystemExit(0) from None
                if message.get("op") == "kill":
                    _kill_tree(init, launcher, tester)
            if init and launcher in pidfds.values() and memory_cap:
                used = _tree_memory(init, memory_cap)
                if used > memory_cap:
                    status["reason"] = "memory"
                    status["memory"] = used
                    _kill_tree(init, launcher, None)
    finally:
        for fd in pidfds:
            os.close(fd)
    return status


def _kill_tree(init: int | None, launcher: int, tester: int | None) -> None:
    for pid in (init, launcher, tester):
        if pid:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
    for pid in _descendants(launcher):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def _seed_matplotlib_cache() -> None:
    """Give matplotlib a writable config dir holding the grader's font list (no rebuild)."""
    seed = os.environ.get("KEFU_MPL_SEED")
    target = os.environ.setdefault("MPLCONFIGDIR", "/tmp/kefu-mpl")
    os.makedirs(target, exist_ok=True)
    if seed and os.path.isdir(seed):
        for name in os.listdir(seed):
            if name.startswith("fontlist") and name.endswith(".json"):
                with contextlib.suppress(OSError):
                    shutil.copy(os.path.join(seed, name), target)


def _pinned_uids(text: str) -> tuple[int | None, int | None]:
    """The learner's and tester's uids this zygote was started with ("" → none: no switch)."""
    if not text:
        return None, None
    learner, tester = (int(part) for part in text.split(","))
    if learner <= 0 or tester <= 0:
        raise ValueError("sandbox uids must not be root")
    return learner, tester


def zygote_main() -> None:
    ctl = socket.socket(fileno=int(os.environ["KEFU_CTL_FD"]))
    scratch_root = os.environ.get("KEFU_SCRATCH", "/tmp/kefu-scratch")
    os.makedirs(scratch_root, exist_ok=True)
    log_fd = os.dup(2)
    _become_subreaper()
    _seed_matplotlib_cache()
    try:
        shell = warm_up()
    except BaseException as exc:  # noqa: BLE001 - the grader must learn why, then stop
        import traceback

        os.write(log_fd, traceback.format_exc().encode("utf-8", "replace"))
        send(ctl, {"op": "fatal", "reason": f"{type(exc).__name__}: {exc}"[:500]})
        return
    import course

    namespaces = probe_namespaces()
    pinned_uids = _pinned_uids(os.environ.get("KEFU_SANDBOX_UIDS", ""))
    _prctl(PR_SET_DUMPABLE, 0)  # nothing of the same uid may read or write our memory
    send(ctl, {"op": "ready", "pid": os.getpid(), "python": sys.version.split()[0],
               "course": os.path.dirname(course.__file__), "namespaces": namespaces,
               "seccomp": _AUDIT_ARCH is not None, "warmed": WARMED[:1]})
    if os.environ.get("KEFU_ZYGOTE_LEAN") == "1":
        _warm_after_ready(shell)
    count = 0
    while True:
        fds: list[int] = []
        try:
            message = recv(ctl, fds)
        except EOFError:
            return
        if message.get("op") == "quit":
            return
        if message.get("op") != "run" or len(fds) != 2:
            for fd in fds:
                os.close(fd)
            continue
        count += 1
        limits = message.get("limits") or {}
        # Fixed by whoever started this zygote (engine.worker.launch), never by a message.
        limits["student_uid"], limits["tester_uid"] = pinned_uids
        limits["namespaces"] = namespaces
        # The learner's own /tmp when namespaces work; its working folder when they do not.
        scratch = os.path.join(scratch_root, f"nb{count}")
        os.makedirs(scratch, exist_ok=True)
        if limits.get("student_uid") is not None and os.geteuid() == 0:
            os.chown(scratch, limits["student_uid"], limits["student_uid"])
        run_notebook(ctl, shell, limits, fds[0], fds[1], log_fd, scratch)


if __name__ == "__main__":
    zygote_main()
