"""The hub's spawner: each user's JupyterLab runs as their own unix user, from the class edition.

A hub user ``2024001`` runs as the unix user ``kf2024001`` (:func:`kefu.hub.accounts.unix_name`,
kept in the accounts file), so no two students' servers share a uid, a home or a process.
The server is ``jupyterhub-singleuser`` of the single-user environment (the class edition of
the course with nbgrader's student extensions, :mod:`kefu.hub.singleuser`), never the
teacher's environment, which can read the answers.

A student's data variant is theirs by name, and only theirs: the spawner sets
``KEFU_STUDENT`` to the 学号 of the account (the roster's spelling; the hub user name is its
lower case) and ``KEFU_VARIANT_KEY`` to the key derived from the class secret and that
学号. The secret itself stays with the teacher (the course root, which students cannot
enter): with it, a student could compute every classmate's variant. ``KEFU_ANSWER_KEYS``
names the student's own answer keys (:mod:`kefu.hub.answerkeys`), built in the background
the first time they are missing.

The hub runs as root, and the course root (its ``nbgrader_config.py``, the source notebooks)
belongs to the grader account that the Formgrader's users act as: with ``grader_user`` set,
the spawner never loads the course itself; the grader account computes the identity and
builds the keys (:func:`kefu.hub.answerkeys.identity_as_grader`), root only installs them.
"""

from __future__ import annotations

import asyncio
import pwd
import sys
from functools import cached_property
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from traitlets import Unicode

from kefu.hub import answerkeys
from kefu.hub.accounts import AccountStore


class KefuSpawner(LocalProcessSpawner):
    """:class:`LocalProcessSpawner` that maps hub users to their unix users."""

    accounts_file = Unicode("", config=True, help="账号文件（与 KefuAuthenticator 相同）。")
    course_root = Unicode("", config=True,
                          help="课程根目录（班级密钥在这里；学生的数据版本密钥由它算出）。")
    answer_keys_dir = Unicode("", config=True,
                              help="每位学生的答案检查表放在这里（<用户名>/chNN.json）。")
    builder_python = Unicode(sys.executable, config=True,
                             help="在后台生成答案检查表的 Python（教师环境）。")
    builder_log = Unicode("", config=True, help="后台生成答案检查表的日志文件。")
    grader_user = Unicode("", config=True,
                          help="课程目录所有者（评分账号）；设置后，课程配置只由这个账号读取。")
    grader_python = Unicode("", config=True, help="评分账号运行的 Python。")
    _identity: dict | None = None

    @property
    def account(self):
        account = AccountStore(Path(self.accounts_file)).get(self.user.name)
        if account is None:
            raise RuntimeError(f"no hub account for {self.user.name!r}")
        return account

    @cached_property
    def _course(self):
        from autograder.coursedir import Course

        return Course.load(self.course_root) if self.course_root else None

    def make_preexec_fn(self, name):
        return set_user_setuid(self.account.unix_user)

    def user_env(self, env):
        account = self.account
        entry = pwd.getpwnam(account.unix_user)
        env["USER"] = account.unix_user
        env["HOME"] = entry.pw_dir
        env["SHELL"] = "/bin/bash"
        for name in ("KEFU_COURSE_SECRET", "KEFU_STUDENT", "KEFU_VARIANT_KEY", "KEFU_ANSWER_KEYS"):
            env.pop(name, None)
        if account.role == "student":
            env["KEFU_STUDENT"] = account.student_id
            if self._identity is not None:
                env.update(self._identity.get("env") or {})
            elif self.course is not None:
                # {} when the course gives everyone the public variant; a missing secret
                # stops the spawn with the Chinese reason rather than serve the wrong data.
                env.update(answerkeys.identity(self.course, account))
            if self.answer_keys_dir and "KEFU_VARIANT_KEY" in env:
                env["KEFU_ANSWER_KEYS"] = str(answerkeys.folder(Path(self.answer_keys_dir),
                                                                account.username))
        # JupyterLab's workspaces live in the user's home, not in the shared configuration.
        env["JUPYTERLAB_WORKSPACES_DIR"] = str(Path(entry.pw_dir) / ".jupyter" / "lab" / "workspaces")
        return env

    @property
    def course(self):
        if self.grader_user:  # root never reads the grader's course configuration
            return None
        return self._course

    async def start(self):
        account = self.account
        if account.role == "student" and self.grader_user and self.course_root:
            self._identity = await asyncio.to_thread(
                answerkeys.identity_as_grader, self.grader_python or self.builder_python,
                Path(self.course_root), account.student_id, self.grader_user)
            stale = self._identity.get("stamp") != answerkeys.saved_stamp(
                Path(self.answer_keys_dir), account.username) if self.answer_keys_dir else False
        else:
            stale = (account.role == "student" and self.course is not None
                     and bool(self.answer_keys_dir)
                     and not answerkeys.fresh(Path(self.answer_keys_dir), self.course, account))
        if stale:
            answerkeys.request(Path(self.answer_keys_dir), Path(self.course_root),
                               Path(self.accounts_file), account.username,
                               python=self.builder_python,
                               log=Path(self.builder_log) if self.builder_log else None,
                               grader=self.grader_user, grader_python=self.grader_python)
        return await super().start()
