"""A private PostgreSQL cluster for the demo: Debian's server, our own data folder and port.

The cluster listens on 127.0.0.1 only (and on a socket in its own folder), every login needs
a password (scram-sha-256: on a class server the students have shell access through their
JupyterLab terminals, so a trusted local login would let them rewrite the gradebook), and it
is started and stopped by ``kefu hub start`` / ``kefu hub stop``. PostgreSQL refuses to run
as root, so as root the cluster belongs to Debian's ``postgres`` user.
"""

from __future__ import annotations

import os
import pwd
import re
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from kefu.hub.settings import SettingsError


def bindir() -> Path:
    """The folder of ``initdb`` and ``pg_ctl``: Debian's newest /usr/lib/postgresql/N/bin."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(re.sub(r"\D", "", p.parent.parent.name) or 0))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise SettingsError("没有找到 PostgreSQL（initdb）。在 Debian/Ubuntu 上：sudo apt install postgresql"
                        "（以 root 运行 make hub 会自动安装）。")


def _secret_file(path: Path) -> str:
    if path.is_file():
        return path.read_text("ascii").strip()
    word = secrets.token_urlsafe(24)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(word + "\n")
    return word


@dataclass
class LocalPostgres:
    """One cluster in ``folder`` (data, socket, log, passwords) on ``127.0.0.1:port``."""

    folder: Path
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def socket_dir(self) -> Path:
        return self.folder / "run"

    @property
    def log(self) -> Path:
        return self.folder / "postgres.log"

    @property
    def owner(self) -> str | None:
        """The unix user that runs the server (``postgres`` when we are root)."""
        if os.geteuid() != 0:
            return None
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            raise SettingsError("以 root 运行时需要系统用户 postgres（安装 Debian 的 postgresql 软件包会建立它）。"
                                ) from None
        return "postgres"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(bindir() / args[0]), *args[1:]]
        if self.owner:
            cmd = ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, cwd="/", timeout=120)
        if check and done.returncode != 0:
            raise SettingsError(f"PostgreSQL 的 {args[0]} {args[1] if len(args) > 1 else ''} 失败："
                                f"{(done.stderr or done.stdout).strip()[-600:]}（日志：{self.log}）")
        return done

    def _chown(self, path: Path) -> None:
        if self.owner:
            entry = pwd.getpwnam(self.owner)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def superuser_password(self) -> str:
        return _secret_file(self.folder / "superuser-password")

    def init(self) -> bool:
        """Create the cluster when missing; whether it was created."""
        self.folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o755)
        if (self.data / "PG_VERSION").is_file():
            return False
        self.data.mkdir(mode=0o700, exist_ok=True)
        self._chown(self.data)
        pwfile = self.folder / "initdb-password"
        pwfile.write_text(self.superuser_password() + "\n", "ascii")
        os.chmod(pwfile, 0o600)
        self._chown(pwfile)
        try:
            self._run("initdb", "-D", str(self.data), "-U", "postgres", "-E", "UTF8",
                      "--locale=C.UTF-8", "--auth-local=scram-sha-256",
                      "--auth-host=scram-sha-256", f"--pwfile={pwfile}")
        finally:
            pwfile.unlink(missing_ok=True)
        return True

    def running(self) -> bool:
        return self._run("pg_ctl", "status", "-D", str(self.data), check=False).returncode == 0

    def start(self) -> None:
        if self.running():
            return
        self.socket_dir.mkdir(exist_ok=True)
        self._chown(self.socket_dir)
        if not self.log.exists():
            self.log.touch()
        self._chown(self.log)
        options = (f"-c listen_addresses=127.0.0.1 -c port={self.port} "
                   f"-c unix_socket_directories={self.socket_dir} -c max_connections=100")
        self._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.log),
                  "-o", options)

    def stop(self) -> bool:
        """Stop the server; whether it was running."""
        if not (self.data / "PG_VERSION").is_file() or not self.running():
            return False
        self._run("pg_ctl", "stop", "-w", "-t", "60", "-m", "fast", "-D", str(self.data))
        return True

    def connect(self, dbname: str = "postgres"):
        import psycopg

        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres",
                               password=self.superuser_password(), dbname=dbname, autocommit=True)

    def ensure_database(self, name: str, role: str) -> str:
        """Create ``role`` (with its own password) and the database ``name`` it owns;
        returns the SQLAlchemy URL ``postgresql+psycopg://role:password@127.0.0.1:port/name``."""
        from psycopg import sql

        password = _secret_file(self.folder / f"{role}-password")
        with self.connect() as db:
            if db.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is None:
                db.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(role), sql.Literal(password)))
            if db.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
                db.execute(sql.SQL("CREATE DATABASE {} OWNER {} ENCODING 'UTF8'").format(
                    sql.Identifier(name), sql.Identifier(role)))
        return f"postgresql+psycopg://{role}:{password}@127.0.0.1:{self.port}/{name}"
