"""A demo class of the class server for one test module: its own state folder, free ports,
its own unix-user prefix (never the demo's "kf", whose users a running demo keeps) and grader
account; stopped and removed afterwards, unix users included."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kefu.hub import demo
from kefu.hub.settings import HubSettings, free_port
from kefu.hub.users import remove_unix_users

#: The students' environment is kept between runs (rebuilt when its packages change).
SINGLEUSER = Path(tempfile.gettempdir()) / "kefu-hub-test-singleuser"
#: The demo roster's students, its teacher and TA, and the grader account (without prefix).
DEMO_USERS = ("grader", "2026001", "2026002", "2026003", "teacher", "ta")


@contextmanager
def demo_class(tag: str, prefix: str,
               extra_users: Iterable[str] = ()) -> Iterator[tuple[Path, HubSettings]]:
    """``(state folder, settings)`` of a class not yet started (``demo.start`` it)."""
    state = Path(tempfile.mkdtemp(prefix=f"kefu-hub-{tag}-"))
    state.chmod(0o755)
    settings = demo.settings_for(
        state, port=free_port(), hub_port=free_port(), proxy_api_port=free_port(),
        formgrader_port=free_port(), postgres_port=free_port(), unix_prefix=prefix,
        grader_user=f"{prefix}grader", singleuser_dir=str(SINGLEUSER))
    try:
        yield state, settings
    finally:
        demo.stop(settings)
        remove_unix_users(f"{prefix}{name}" for name in (*DEMO_USERS, *extra_users))
        shutil.rmtree(state, ignore_errors=True)
