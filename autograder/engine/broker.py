"""The only privileged part of grading: starting sandboxes for an unprivileged grader.

On a class server the course root belongs to a grader account (``kefu-grader``), and
``kefu grade`` started by root runs as that account (:mod:`autograder.privilege`): the course's
``nbgrader_config.py``, the source notebooks and everything the Formgrader can write are then
read by a process that cannot become root. Student code must still run under uids of its own
(never the grader's), which only root can switch to. So before dropping privileges, root forks
this broker. It listens on a unix socket in a folder only the grader can enter, and does one
thing: start zygote number ``i`` (0 ≤ i < :data:`MAX_WORKERS`) exactly as root would, with its
student and tester uids fixed by the broker (``KEFU_SANDBOX_UIDS``: the zygote ignores uids in
the grader's messages), and hand the grader the zygote's control socket. The grader cannot
name a command, a bind mount, an environment variable or a uid. The connection that asked is
the zygote's handle: ``poll``, ``wait`` and ``kill``; when it closes the zygote is killed.
The broker ends when the process that forked it (and every child sharing its pipe) has ended.
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from autograder.engine import zygote

#: Where an unprivileged grader finds the broker (set by :func:`start` in the grader's env).
ADDRESS_ENV = "KEFU_SANDBOX_BROKER"
#: Zygote numbers the broker starts (one sandbox uid pair each): far above any --jobs.
MAX_WORKERS = 64


def address() -> str | None:
    """The broker's socket when this process is an unprivileged grader that has one."""
    path = os.environ.get(ADDRESS_ENV)
    return path if path and os.geteuid() != 0 else None


# ------------------------------------------------------------------ root side
@dataclass
class _Sandbox:
    proc: subprocess.Popen
    index: int


class Broker:
    """Started by root; serves one unprivileged grader (``uid``)."""

    def __init__(self, uid: int, gid: int, launch: Callable[[int], Launched],
                 kind: Callable[[], str]) -> None:
        """``launch(index)`` starts zygote ``index`` as this process would
        (engine.worker.launch); ``kind()`` names the sandbox (engine.worker.sandbox_kind)."""
        self.uid, self.gid = uid, gid
        self.launch, self.kind = launch, kind
        self.running: dict[int, _Sandbox] = {}
        self.lock = threading.Lock()
        self.folder = Path(tempfile.mkdtemp(prefix="kefu-broker-"))
        self.path = str(self.folder / "socket")

    def start(self) -> int:
        """Fork the broker; returns in the caller (which then drops its privileges).

        The caller keeps the write end of a pipe: when it and its children are gone, the
        broker stops every sandbox it started and ends.
        """
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(self.path)
        listener.listen(MAX_WORKERS)
        os.chmod(self.path, 0o600)
        for item in (self.folder, self.path):
            os.chown(item, self.uid, self.gid)
        os.chmod(self.folder, 0o700)
        alive_r, alive_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the broker (stays root)
            code = 1
            try:
                os.close(alive_w)
                os.setsid()
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # the teacher's Ctrl-C stops the grader
                self._serve(listener, alive_r)
                code = 0
            finally:
                os._exit(code)
        listener.close()
        os.close(alive_r)
        os.set_inheritable(alive_w, True)  # pool processes keep the broker alive too
        os.environ[ADDRESS_ENV] = self.path
        return pid

    def _serve(self, listener: socket.socket, alive: int) -> None:
        try:
            while True:
                ready, _, _ = select.select([listener, alive], [], [])
                if alive in ready:
                    return
                conn, _ = listener.accept()
                threading.Thread(target=self._client, args=(conn,), daemon=True).start()
        finally:
            with self.lock:
                sandboxes = list(self.running.values())
            for sandbox in sandboxes:
                _kill(sandbox.proc)
            shutil.rmtree(self.folder, ignore_errors=True)

    def _client(self, conn: socket.socket) -> None:
        sandbox: _Sandbox | None = None
        try:
            pid, uid, gid = struct.unpack("3i", conn.getsockopt(
                socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))
            if uid not in (self.uid, 0):
                return
            while True:
                try:
                    message = zygote.recv(conn, limit=4096)
                except (EOFError, OSError, ValueError):
                    return
                op = message.get("op")
                if op == "kind":
                    zygote.send(conn, {"kind": self.kind()})
                elif op == "start" and sandbox is None:
                    sandbox = self._start(conn, message.get("index"))
                    if sandbox is None:
                        return
                elif op in ("poll", "wait", "kill") and sandbox is not None:
                    zygote.send(conn, _handle(sandbox.proc, op, message.get("timeout")))
                else:
                    zygote.send(conn, {"error": "不支持的请求"})
                    return
        finally:
            conn.close()
            if sandbox is not None:
                _kill(sandbox.proc)
                with self.lock:
                    if self.running.get(sandbox.index) is sandbox:
                        del self.running[sandbox.index]

    def _start(self, conn: socket.socket, index) -> _Sandbox | None:
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < MAX_WORKERS:
            zygote.send(conn, {"error": f"评分进程编号必须是 0–{MAX_WORKERS - 1} 的整数"})
            return None
        with self.lock:
            old = self.running.get(index)
            # One live sandbox per number: two sandboxes never share a uid.
            if old is not None and old.proc.poll() is None:
                zygote.send(conn, {"error": f"第 {index} 号评分进程还在运行"})
                return None
            launched = self.launch(index)
            sandbox = _Sandbox(launched.proc, index)
            self.running[index] = sandbox
        with contextlib.suppress(OSError):
            os.chown(launched.log_path, self.uid, self.gid)
        try:
            zygote.send(conn, {"pid": launched.proc.pid, "log": str(launched.log_path),
                               "kind": launched.kind, "uid": launched.uid,
                               "tester_uid": launched.tester_uid}, [launched.ctl.fileno()])
        finally:
            launched.ctl.close()
        return sandbox


def _handle(proc: subprocess.Popen, op: str, timeout) -> dict:
    if op == "kill":
        with contextlib.suppress(OSError):
            proc.kill()
        return {"returncode": proc.poll()}
    if op == "wait":
        try:
            return {"returncode": proc.wait(timeout=float(timeout) if timeout is not None else None)}
        except (subprocess.TimeoutExpired, ValueError, TypeError):
            return {"returncode": None, "timeout": True}
    return {"returncode": proc.poll()}


def _kill(proc: subprocess.Popen) -> None:
    with contextlib.suppress(OSError):
        proc.kill()
    with contextlib.suppress(Exception):
        proc.wait(timeout=10)


# ------------------------------------------------------------------ grader side
class BrokerError(RuntimeError):
    """The broker refused or is gone (a Chinese message)."""


def _connect() -> socket.socket:
    path = address()
    if not path:
        raise BrokerError("没有评分沙箱的启动服务（KEFU_SANDBOX_BROKER）")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(path)
    except OSError as exc:
        sock.close()
        raise BrokerError(f"连接评分沙箱的启动服务失败：{exc}") from exc
    return sock


def kind() -> str:
    """The broker's sandbox kind (``bwrap`` or ``plain``)."""
    with _connect() as sock:
        zygote.send(sock, {"op": "kind"})
        return str(zygote.recv(sock).get("kind", "plain"))


class BrokeredProcess:
    """The grader's handle on a zygote the broker started (the part of Popen it uses)."""

    def __init__(self, sock: socket.socket, pid: int) -> None:
        self.sock, self.pid = sock, pid
        self.returncode: int | None = None

    def _ask(self, message: dict, timeout: float | None = None) -> dict:
        if self.returncode is not None:
            return {"returncode": self.returncode}
        try:
            self.sock.settimeout(None if timeout is None else timeout + 30)
            zygote.send(self.sock, message)
            answer = zygote.recv(self.sock)
        except (OSError, EOFError, ValueError):
            self.returncode = -9  # the broker is gone, and with it the zygote
            return {"returncode": self.returncode}
        if answer.get("returncode") is not None:
            self.returncode = int(answer["returncode"])
        return answer

    def poll(self) -> int | None:
        return self._ask({"op": "poll"}).get("returncode")

    def wait(self, timeout: float | None = None) -> int:
        answer = self._ask({"op": "wait", "timeout": timeout}, timeout)
        if answer.get("returncode") is None:
            raise subprocess.TimeoutExpired("zygote", timeout or 0)
        return int(answer["returncode"])

    def kill(self) -> None:
        self._ask({"op": "kill"})

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()


@dataclass
class Launched:
    """A started zygote: its process handle, control socket, log and sandbox uids."""

    proc: subprocess.Popen | BrokeredProcess
    ctl: socket.socket
    log_path: Path
    kind: str
    uid: int | None
    tester_uid: int | None


def launch_via_broker(index: int) -> Launched:
    """Ask the broker for zygote ``index``."""
    sock = _connect()
    try:
        zygote.send(sock, {"op": "start", "index": index})
        fds: list[int] = []
        answer = zygote.recv(sock, fds)
    except (OSError, EOFError, ValueError) as exc:
        sock.close()
        raise BrokerError(f"评分沙箱的启动服务没有回应：{exc}") from exc
    if answer.get("error") or len(fds) != 1:
        for fd in fds:
            os.close(fd)
        sock.close()
        raise BrokerError(str(answer.get("error") or "评分沙箱的启动服务没有给出控制通道"))
    ctl = socket.socket(fileno=fds[0])
    return Launched(BrokeredProcess(sock, int(answer["pid"])), ctl, Path(answer["log"]),
                    str(answer.get("kind")), answer.get("uid"), answer.get("tester_uid"))
