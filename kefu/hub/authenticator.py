"""The hub's authenticator: accounts made by ``kefu hub users``, nothing else.

- No sign-up page: only the teacher's ``kefu hub users`` creates accounts.
- Passwords are scrypt hashes (:mod:`kefu.hub.passwords`), checked in constant time.
- An account with its initial password cannot log in: the login form turns into a
  "set your own password" form (``must_change``), and only a changed password logs in.
  So no token, server or API call is ever made with a printed initial password.
- Five wrong passwords lock the name for 15 minutes (:mod:`kefu.hub.accounts`).
- ``/hub/kefu/password``: every logged-in user changes their own password at any time
  (current password, the new one twice, the same rules as the first-login change; a wrong
  current password counts toward the same lock). Their other browsers are logged out.
- ``/hub/kefu/reset-password``: a teacher gives a student or TA a new random initial password
  (shown once; changed at the next login; the lock lifted; that user's sessions end).
  Teachers' own accounts are reset by the server's administrator (``kefu hub reset-password``).
- A session whose account was reset or removed ends at the next refresh (:meth:`refresh_user`,
  every ``auth_refresh_age`` seconds), whoever did the reset.
- Each login puts the user in the group of their role (``students``, ``tas``, ``teachers``);
  the hub's RBAC roles grant the Formgrader to ``teachers`` and ``tas``.

Why not jupyterhub-nativeauthenticator: it is built around self sign-up with an admin's
approval and has no teacher-made accounts with a forced change at first login.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from jupyterhub.auth import Authenticator
from jupyterhub.handlers.base import BaseHandler
from jupyterhub.handlers.login import LoginHandler
from jupyterhub.utils import new_token
from tornado import web
from traitlets import Bool, List, Unicode, default

from kefu.hub.accounts import ROLE_NAMES, AccountError, AccountStore, LoginResult
from kefu.hub.passwords import MIN_LENGTH

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


def _end_sessions(handler: BaseHandler, user, keep_session: str | None = None) -> None:
    """Log ``user`` out of the hub everywhere (a new cookie id voids every login cookie) and
    out of their servers and services (their OAuth tokens), except the browser session
    ``keep_session``. The servers' own API tokens stay: running servers keep running.

    A server that checked a token a moment ago trusts its cache for a few minutes more
    (``HubAuth.cache_max_age``, 5 minutes by default)."""
    orm_user = user.orm_user
    orm_user.cookie_id = new_token()
    for token in list(orm_user.api_tokens):
        if token.client_id != "jupyterhub" and (keep_session is None
                                                 or token.session_id != keep_session):
            handler.db.delete(token)
    handler.db.commit()


class _AccountPage(BaseHandler):
    """A logged-in page of the course's accounts: browser sessions only, never cached."""

    @property
    def store(self) -> AccountStore:
        return self.authenticator.store

    def set_default_headers(self):
        super().set_default_headers()
        self.set_header("Cache-Control", "no-store")

    def _browser_only(self) -> None:
        # API tokens (a server's, a script's) skip the XSRF check; passwords are for people
        if getattr(self, "_token_authenticated", False):
            raise web.HTTPError(403, "请在浏览器中登录后使用这个页面。")


class KefuPasswordHandler(_AccountPage):
    """``/hub/kefu/password``: change your own password (current one, the new one twice)."""

    async def _page(self, error: str = "", status: int = 200) -> None:
        self.set_status(status)
        account = await asyncio.to_thread(self.store.get, self.current_user.name)
        self.finish(await self.render_template(
            "kefu_password.html", error=error, has_account=account is not None,
            changed=self.get_query_argument("changed", "") == "1" and not error,
            min_length=MIN_LENGTH, action=f"{self.hub.base_url}kefu/password"))

    @web.authenticated
    async def get(self):
        self._browser_only()
        await self._page()

    @web.authenticated
    async def post(self):
        self._browser_only()
        user = self.current_user
        old = self.get_body_argument("current_password", default="", strip=False)
        new = self.get_body_argument("new_password", default="", strip=False)
        again = self.get_body_argument("new_password_again", default="", strip=False)
        try:
            result = await asyncio.to_thread(self.store.change_password, user.name, old, new, again)
        except AccountError as exc:  # the current password was right, the new one is refused
            await self._page(str(exc), 400)
            return
        if result.status == "locked":
            self.log.warning("Password change refused for %s: locked", user.name)
            await self._page(result.message, 429)
            return
        if result.status != "ok":
            self.log.warning("Password change refused for %s: wrong current password", user.name)
            await self._page("当前密码不对，密码没有修改。（连续输错多次，账号会像登录时一样被暂时锁定。）",
                             403)
            return
        self.log.info("User %s changed their password", user.name)
        _end_sessions(self, user, keep_session=self.get_session_cookie())
        self.set_hub_cookie(user)  # this browser stays logged in, with the new cookie id
        self.redirect(f"{self.hub.base_url}kefu/password?changed=1")


class KefuResetPasswordHandler(_AccountPage):
    """``/hub/kefu/reset-password``: a teacher gives a student or TA a new initial password."""

    #: Whom a teacher may reset on the page (teachers: ``kefu hub reset-password`` as admin).
    RESETTABLE = ("student", "ta")

    async def _is_teacher(self) -> bool:
        account = await asyncio.to_thread(self.store.get, self.current_user.name)
        return account is not None and account.role == "teacher"

    async def _page(self, status: int = 200, **values) -> None:
        self.set_status(status)
        self.finish(await self.render_template(
            "kefu_reset_password.html", action=f"{self.hub.base_url}kefu/reset-password",
            role_names=ROLE_NAMES, **{"refused": "", "error": "", "username": "",
                                      "account": None, "password": "", **values}))

    async def _refuse(self) -> None:
        self.log.warning("Password reset page refused for %s: not a teacher",
                         self.current_user.name)
        await self._page(403, refused="只有教师可以重设学生和助教的密码。"
                                      "忘记自己的密码请找任课老师。")

    @web.authenticated
    async def get(self):
        self._browser_only()
        if not await self._is_teacher():
            await self._refuse()
            return
        await self._page()

    @web.authenticated
    async def post(self):
        self._browser_only()
        if not await self._is_teacher():
            await self._refuse()
            return
        typed = self.get_body_argument("username", default="", strip=True)[:64]
        if not typed:
            await self._page(400, error="请输入要重设密码的学号（用户名）。")
            return
        try:
            account, password = await asyncio.to_thread(
                self.store.reset_to_initial, typed, self.RESETTABLE)
        except AccountError as exc:
            await self._page(400, error=str(exc), username=typed)
            return
        self.log.info("Teacher %s reset the password of %s", self.current_user.name,
                      account.username)
        target = self.find_user(account.username)
        if target is not None:  # has logged in before: end their sessions now
            _end_sessions(self, target)
        await self._page(account=account, password=password)


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

    async def refresh_user(self, user, handler=None):
        """A session lasts while its account exists and needs no new password: after a reset
        (the teacher's page or ``kefu hub reset-password``) the user must log in again."""
        account = await asyncio.to_thread(self.store.get, user.name)
        return account is not None and not account.must_change

    async def load_managed_roles(self):
        grade = [f"access:services!service={name}" for name in self.grader_services]
        return [
            {"name": "kefu-grader", "description": "教师和助教：打开 Formgrader 批改",
             "scopes": grade},
            {"name": "kefu-teacher", "description": "教师：查看学生账号和服务器",
             "scopes": ["list:users", "read:users", "read:servers", "read:groups"]},
        ]

    def get_handlers(self, app):
        return [("/login", KefuLoginHandler), ("/kefu/password", KefuPasswordHandler),
                ("/kefu/reset-password", KefuResetPasswordHandler)]
