"""The hub's spawner: each user's JupyterLab runs as their own unix user, from the class edition.

A hub user ``2024001`` runs as the unix user ``kf2024001`` (:func:`kefu.hub.accounts.unix_name`,
kept in the accounts file), so no two students' servers share a uid, a home or a process.
The server is ``jupyterhub-singleuser`` of the single-user environment (the class edition of
the course with nbgrader's student extensions, :mod:`kefu.hub.singleuser`), never the
teacher's environment, which can read the answers.

A student's data variant is theirs by name: the spawner sets ``KEFU_STUDENT`` to the 学号 of
the account (the roster's spelling; the hub user name is its lower case).
"""

from __future__ import annotations

import pwd
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from traitlets import Unicode

from kefu.hub.accounts import AccountStore


class KefuSpawner(LocalProcessSpawner):
    """:class:`LocalProcessSpawner` that maps hub users to their unix users."""

    accounts_file = Unicode("", config=True, help="账号文件（与 KefuAuthenticator 相同）。")

    @property
    def account(self):
        account = AccountStore(Path(self.accounts_file)).get(self.user.name)
        if account is None:
            raise RuntimeError(f"no hub account for {self.user.name!r}")
        return account

    def make_preexec_fn(self, name):
        return set_user_setuid(self.account.unix_user)

    def user_env(self, env):
        account = self.account
        entry = pwd.getpwnam(account.unix_user)
        env["USER"] = account.unix_user
        env["HOME"] = entry.pw_dir
        env["SHELL"] = "/bin/bash"
        if account.role == "student":
            env["KEFU_STUDENT"] = account.student_id
        # JupyterLab's workspaces live in the user's home, not in the shared configuration.
        env["JUPYTERLAB_WORKSPACES_DIR"] = str(Path(entry.pw_dir) / ".jupyter" / "lab" / "workspaces")
        return env
