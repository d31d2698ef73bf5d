"""The hub's authenticator: accounts made by ``kefu hub users``, nothing else.

- No sign-up page: only the teacher's ``kefu hub users`` creates accounts.
- Passwords are scrypt hashes (:mod:`kefu.hub.passwords`), checked in constant time.
- An account with its initial password cannot log in: the login form turns into a
  "set your own password" form (``must_change``), and only a changed password logs in.
  So no token, server or API call is ever made with a printed initial password.
- Five wrong passwords lock the name for 15 minutes (:mod:`kefu.hub.accounts`).
- Each login puts the user in the group of their role (``students``, ``tas``, ``teachers``);
  the hub's RBAC roles grant the Formgrader to ``teachers`` and ``tas``.

Why not jupyterhub-nativeauthenticator: it is built around self sign-up with an admin's
approval and has no teacher-made accounts with a forced change at first login.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from jupyterhub.auth import Authenticator
from jupyterhub.handlers.login import LoginHandler
from tornado import web
from traitlets import Bool, List, Unicode, default

from kefu.hub.accounts import AccountError, AccountStore, LoginResult

#: How long the "set your own password" form stays valid after the initial password was right.
CHANGE_FORM_MINUTES = 10


def _change_token_value(username: str, password_hash_fingerprint: str) -> str:
    return f"{username}:{password_hash_fingerprint}"


#: The hub roles of each account role ("user" is JupyterHub's default role: everyone keeps it).
ROLES_OF = {"student": ["user"], "ta": ["user", "kefu-grader"],
            "teacher": ["user", "kefu-grader", "kefu-teacher"]}


class KefuLoginHandler(LoginHandler):
    """The login form, in Chinese, with the forced first-login password change."""

    @property
    def store(self) -> AccountStore:
        return self.authenticator.store

    def _fingerprint(self, username: str) -> str:
        # binds a change form to the password it was opened with: once changed, it is void
        return self.store.password_fingerprint(username)

    async def _render_change(self, username: str, error: str = "") -> str:
        token = self.create_signed_value(
            "kefu-change", _change_token_value(username, self._fingerprint(username)),
            version=2).decode("ascii")
        return await self.render_template(
            "kefu_change_password.html", username=username, change_error=error,
            change_token=token, next=self.get_argument("next", default=""),
            xsrf=self.xsrf_token.decode("ascii"),
            action=self.authenticator.login_url(self.hub.base_url))

    async def post(self):
        if self.get_body_argument("change_token", default=None) is not None:
            await self._post_change()
            return
        username = self.get_body_argument("username", default="", strip=True)
        password = self.get_body_argument("password", default="", strip=False)
        user = await self.login_user({"username": username, "password": password})
        if user:
            self._jupyterhub_user = user
            self.redirect(self.get_next_url(user))
            return
        result: LoginResult = getattr(self, "_kefu_login", None) or LoginResult("wrong")
        if result.status == "must_change":
            self.finish(await self._render_change(result.account.username))
            return
        self.set_status(429 if result.status == "locked" else 403)
        self.finish(await self._render(login_error=result.message, username=username[:64]))

    async def _post_change(self):
        token = self.get_body_argument("change_token", default="")
        new = self.get_body_argument("new_password", default="", strip=False)
        again = self.get_body_argument("new_password_again", default="", strip=False)
        value = self.get_signed_cookie("kefu-change", value=token,
                                       max_age_days=CHANGE_FORM_MINUTES / 1440, min_version=2)
        username = (value or b"").decode("utf-8", "replace").partition(":")[0]
        if not value or value.decode() != _change_token_value(username, self._fingerprint(username)):
            self.set_status(403)
            self.finish(await self._render(login_error="修改密码的页面已过期，请重新登录。"))
            return
        try:
            await asyncio.to_thread(self.store.set_first_password, username, new, again)
        except AccountError as exc:
            self.set_status(400)
            self.finish(await self._render_change(username, str(exc)))
            return
        user = await self.login_user({"username": username, "password": new})
        if not user:  # cannot happen unless the account vanished meanwhile
            raise web.HTTPError(403)
        self._jupyterhub_user = user
        self.redirect(self.get_next_url(user))


class KefuAuthenticator(Authenticator):
    """Accounts from ``kefu hub users`` (see the module docstring)."""

    accounts_file = Unicode(
        "", config=True, help="账号文件（kefu hub users 写入的 accounts.sqlite）。")
    manage_groups = Bool(True, config=True, help="登录时按角色把用户放进 students/tas/teachers 组。")
    manage_roles = Bool(True, config=True, help="教师和助教的权限由账号的角色决定。")
    grader_services = List(Unicode(), ["formgrader"], config=True,
                           help="教师和助教可以打开的服务（各课程的 Formgrader）。")

    @default("allow_all")
    def _allow_all(self):
        # Only accounts in the file can authenticate at all; there is no sign-up.
        return True

    @property
    def store(self) -> AccountStore:
        if getattr(self, "_store", None) is None:
            if not self.accounts_file:
                raise RuntimeError("KefuAuthenticator.accounts_file is not set")
            self._store = AccountStore(Path(self.accounts_file))
        return self._store

    def normalize_username(self, username):
        return username.strip().lower()

    async def authenticate(self, handler, data):
        username = str(data.get("username", ""))[:200]
        password = str(data.get("password", ""))
        result = await asyncio.to_thread(self.store.check_login, username, password)
        if handler is not None:
            handler._kefu_login = result
        if result.status != "ok":
            self.log.warning("Login refused for %r: %s", username[:64], result.status)
            return None
        account = result.account
        return {"name": account.username, "groups": [account.group],
                "roles": [{"name": role} for role in ROLES_OF[account.role]]}

    async def load_managed_roles(self):
        grade = [f"access:services!service={name}" for name in self.grader_services]
        return [
            {"name": "kefu-grader", "description": "教师和助教：打开 Formgrader 批改",
             "scopes": grade},
            {"name": "kefu-teacher", "description": "教师：查看学生账号和服务器",
             "scopes": ["list:users", "read:users", "read:servers", "read:groups"]},
        ]

    def get_handlers(self, app):
        return [("/login", KefuLoginHandler)]
