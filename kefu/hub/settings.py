"""Where the class server keeps its state and which ports it uses (one JSON file).

``kefu hub start`` writes ``settings.json`` into the state folder and starts JupyterHub with
``KEFU_HUB_SETTINGS`` pointing at it; ``deploy/hub/jupyterhub_config.py`` reads it back. A
real server writes its own file (every field below has a default), so one configuration
file serves the loopback demo, a school's server and the tests (which pick free ports).
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import stat
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

#: The repository (the course root of the demo, and where deploy/hub lives).
REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy" / "hub"


class SettingsError(ValueError):
    """Settings that cannot be used (Chinese message)."""


def default_state_dir(root: Path = REPO) -> Path:
    """``$KEFU_HUB_VAR``, else a folder in /tmp named after the repository.

    Not inside the repository: the students' unix users and PostgreSQL's ``postgres`` user
    must be able to enter the folder, and a checkout often lives where they cannot.
    """
    if os.environ.get("KEFU_HUB_VAR"):
        return Path(os.environ["KEFU_HUB_VAR"])
    tag = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:8]
    return Path("/tmp") / f"kefu-hub-{tag}"


@dataclass
class HubSettings:
    """Everything the hub's configuration needs to know."""

    state_dir: str = ""
    #: The address students open. 127.0.0.1 for the demo; a real server sits behind a TLS proxy.
    ip: str = "127.0.0.1"
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    formgrader_port: int = 9999
    postgres_port: int = 54329
    #: nbgrader course ids served by the exchange (the Formgrader serves the first).
    course_ids: list[str] = field(default_factory=lambda: ["kefu"])
    #: Prefix of the unix users (``kf`` + 学号).
    unix_prefix: str = "kf"
    #: The course root the Formgrader and ``kefu grade`` use (default: state_dir/course).
    course_root: str = ""
    #: The gradebook URL (``postgresql+psycopg://…``), written by ``kefu hub start``.
    gradebook_url: str = ""
    proxy_command: str = str(DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy")
    #: The account that owns the course root: the Formgrader and ``kefu grade`` run as it,
    #: so nothing a grader can write there is ever run by root (autograder/privilege.py).
    grader_user: str = "kefu-grader"
    #: The Python the grader account runs (autograder.privilege.grader_python).
    grader_python: str = ""
    #: The teacher's Python (runs the hub and the Formgrader): the project's environment.
    teacher_python: str = ""
    #: The students' environment (default: state_dir/singleuser; tests share one between runs).
    singleuser_dir: str = ""
    #: Due dates the demo gives its chapters (Beijing time), set at its first start.
    due_dates: dict[str, str] = field(default_factory=dict)

    # -- derived paths
    def path(self, *parts: str) -> Path:
        return Path(self.state_dir).joinpath(*parts)

    @property
    def accounts_file(self) -> Path:
        return self.path("accounts.sqlite")

    @property
    def exchange_root(self) -> Path:
        return self.path("exchange")

    @property
    def answer_keys(self) -> Path:
        """Each student's answer keys (kefu/hub/answerkeys.py)."""
        return self.path("answerkeys")

    @property
    def home_base(self) -> Path:
        return self.path("home")

    @property
    def singleuser_env(self) -> Path:
        return Path(self.singleuser_dir) if self.singleuser_dir else self.path("singleuser")

    @property
    def course(self) -> Path:
        return Path(self.course_root) if self.course_root else self.path("course")

    @property
    def grader_home(self) -> Path:
        return self.path("grader-home")

    @property
    def url(self) -> str:
        return f"http://{self.ip}:{self.port}/"

    # -- files
    def save(self) -> Path:
        target = self.path("settings.json")
        target.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), "utf-8")
        os.chmod(target, 0o600)
        return target

    @classmethod
    def load(cls, path: Path | str) -> HubSettings:
        data = json.loads(Path(path).read_text("utf-8"))
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def secure_dir(path: Path, mode: int = 0o755) -> Path:
    """Create ``path`` (a real folder owned by us, writable only by us) or refuse.

    The state folder may be in /tmp, where anyone could have made it first.
    """
    path.mkdir(parents=True, exist_ok=True, mode=mode)
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() \
            or info.st_mode & 0o022:
        raise SettingsError(f"文件夹 {path} 不是本用户建立的，或者别人也能写入：为安全起见不使用它。"
                            "请删除它，或用环境变量 KEFU_HUB_VAR 指定另一个文件夹。")
    os.chmod(path, mode)
    return path
