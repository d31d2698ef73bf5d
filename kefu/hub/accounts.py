"""Hub accounts: who may log in, their role, their unix user and their password state.

One SQLite file (``accounts.sqlite`` in the hub's state folder, readable by root only) holds
every account. Only ``kefu hub users`` creates accounts (there is no sign-up page); each starts
with a random initial password that must be changed at the first login. Repeated wrong
passwords lock the name for a while, known or not, so the login form tells nobody which
学号 have accounts.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kefu.hub import passwords

ROLES = ("student", "ta", "teacher")
#: Chinese names of the roles (password sheet, messages).
ROLE_NAMES = {"student": "学生", "ta": "助教", "teacher": "教师"}
#: JupyterHub groups of the roles (the hub's RBAC roles are granted to these groups).
GROUPS = {"student": "students", "ta": "tas", "teacher": "teachers"}
#: A hub user name: a 学号 or a name such as zhang.san, lower case (JupyterHub lower-cases).
USERNAME = re.compile(r"[0-9a-z][0-9a-z._-]{0,63}")
#: What ``useradd`` on Debian accepts without --badname (and at most 32 characters).
UNIX_NAME = re.compile(r"[a-z_][a-z0-9_-]{0,31}")
#: Consecutive wrong passwords before a name is locked, and for how long.
MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60

_SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    username      TEXT PRIMARY KEY,
    student_id    TEXT NOT NULL,
    name          TEXT NOT NULL DEFAULT '',
    class_name    TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('student', 'ta', 'teacher')),
    unix_user     TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    must_change   INTEGER NOT NULL DEFAULT 1,
    failures      INTEGER NOT NULL DEFAULT 0,
    locked_until  REAL NOT NULL DEFAULT 0,
    created_at    REAL NOT NULL,
    changed_at    REAL,
    last_login    REAL
);
CREATE TABLE IF NOT EXISTS unknown_failures (
    username      TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL DEFAULT 0,
    locked_until  REAL NOT NULL DEFAULT 0
);
"""


class AccountError(ValueError):
    """An account operation that cannot be done (Chinese message)."""


@dataclass(frozen=True)
class Account:
    """One hub account (never holds a password, only whether it must change)."""

    username: str
    student_id: str
    name: str
    class_name: str
    role: str
    unix_user: str
    must_change: bool = True
    failures: int = 0
    locked_until: float = 0.0

    @property
    def group(self) -> str:
        return GROUPS[self.role]


@dataclass(frozen=True)
class LoginResult:
    """What a login attempt found: ``ok``, ``must_change``, ``wrong`` or ``locked``."""

    status: str
    account: Account | None = None
    #: Seconds until a locked name may try again.
    retry_after: int = 0

    @property
    def message(self) -> str:
        """The Chinese sentence the login page shows."""
        if self.status == "locked":
            minutes = max(1, -(-self.retry_after // 60))
            return (f"密码错误次数太多，这个账号已暂时锁定。请 {minutes} 分钟后再试，"
                    "或请老师重设密码。")
        if self.status == "must_change":
            return "第一次登录，请设置你自己的新密码。"
        if self.status == "wrong":
            return "学号（用户名）或密码不对。"
        return ""


def hub_username(student_id: str) -> str:
    """The hub user name of a 学号: JupyterHub compares names in lower case."""
    return student_id.strip().lower()


def unix_name(username: str, prefix: str = "kf") -> str:
    """The unix user of a hub user: ``kf`` + the name (``kf2024001``), dots as underscores;
    a name that does not fit the unix rules becomes ``kf`` + a short hash."""
    candidate = prefix + username.replace(".", "_")
    if UNIX_NAME.fullmatch(candidate) and "." not in username:
        return candidate
    return prefix + hashlib.sha256(username.encode("utf-8")).hexdigest()[:12]


class AccountStore:
    """The accounts file. Every method opens its own short transaction (the hub and
    ``kefu hub users`` may use it at once)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fresh = not self.path.exists()
        db = sqlite3.connect(self.path, timeout=30)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
        finally:
            db.close()
        if fresh:
            os.chmod(self.path, 0o600)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            try:
                db.row_factory = sqlite3.Row
                db.execute("BEGIN IMMEDIATE")
                try:
                    yield db
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
            finally:
                db.close()

    # -- reading
    @staticmethod
    def _account(row: sqlite3.Row) -> Account:
        return Account(row["username"], row["student_id"], row["name"], row["class_name"],
                       row["role"], row["unix_user"], bool(row["must_change"]),
                       row["failures"], row["locked_until"])

    def get(self, username: str) -> Account | None:
        with self._connect() as db:
            row = db.execute("SELECT * FROM accounts WHERE username = ?",
                             (hub_username(username),)).fetchone()
        return self._account(row) if row else None

    def all(self) -> list[Account]:
        with self._connect() as db:
            rows = db.execute("SELECT * FROM accounts ORDER BY role DESC, username").fetchall()
        return [self._account(row) for row in rows]

    # -- writing
    def add(self, account: Account, password: str) -> None:
        """Create ``account`` with ``password`` (which it must change at first login)."""
        if account.role not in ROLES:
            raise AccountError(f"未知的角色：{account.role}")
        if not USERNAME.fullmatch(account.username):
            raise AccountError(f"用户名「{account.username}」不能用作 JupyterHub 账号。")
        with self._connect() as db:
            try:
                db.execute(
                    "INSERT INTO accounts (username, student_id, name, class_name, role, unix_user,"
                    " password_hash, must_change, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (account.username, account.student_id, account.name, account.class_name,
                     account.role, account.unix_user, passwords.hash_password(password),
                     int(account.must_change), time.time()))
            except sqlite3.IntegrityError as exc:
                raise AccountError(f"账号 {account.username}（系统用户 {account.unix_user}）已存在。"
                                   ) from exc

    def update_details(self, username: str, name: str, class_name: str, role: str) -> bool:
        """Change name, class or role of an existing account; whether anything changed."""
        with self._connect() as db:
            cursor = db.execute(
                "UPDATE accounts SET name = ?, class_name = ?, role = ? WHERE username = ?"
                " AND (name != ? OR class_name != ? OR role != ?)",
                (name, class_name, role, username, name, class_name, role))
            return cursor.rowcount > 0

    def reset_password(self, username: str, password: str) -> None:
        """Give ``username`` a new initial password (to change at next login) and unlock it."""
        with self._connect() as db:
            cursor = db.execute(
                "UPDATE accounts SET password_hash = ?, must_change = 1, failures = 0,"
                " locked_until = 0, changed_at = ? WHERE username = ?",
                (passwords.hash_password(password), time.time(), hub_username(username)))
            if cursor.rowcount == 0:
                raise AccountError(f"没有账号 {username}。")

    def reset_to_initial(self, username: str, roles: tuple[str, ...] = ROLES
                         ) -> tuple[Account, str]:
        """A new random initial password for ``username`` (shown once to whoever asked; the
        account must change it at its next login; a lock is lifted). Only accounts whose role
        is in ``roles`` (the teacher's page: students and TAs)."""
        name = hub_username(str(username))[:64]
        account = self.get(name) if USERNAME.fullmatch(name) else None
        if account is None:
            raise AccountError(f"没有学号（用户名）为「{name}」的账号，请检查输入。")
        if account.role not in roles:
            raise AccountError(f"「{account.username}」是{ROLE_NAMES[account.role]}账号，不能在这里"
                               "重设密码；请服务器管理员运行 kefu hub reset-password "
                               f"{account.username}。")
        password = passwords.initial_password()
        self.reset_password(account.username, password)
        return self.get(account.username), password

    # -- logging in
    def check_login(self, username: str, password: str, now: float | None = None) -> LoginResult:
        """Check a login; counts failures and locks a name after :data:`MAX_FAILURES`.

        Every outcome costs one scrypt, so timing tells nothing about which names exist.
        """
        now = time.time() if now is None else now
        name = hub_username(username)
        with self._connect() as db:
            row = db.execute("SELECT * FROM accounts WHERE username = ?", (name,)).fetchone() \
                if USERNAME.fullmatch(name) else None
            if row is None:
                passwords.dummy_check(password)
                return self._unknown_failure(db, name, now)
            if row["locked_until"] > now:
                passwords.dummy_check(password)
                return LoginResult("locked", None, int(row["locked_until"] - now))
            if not passwords.verify_password(password, row["password_hash"]):
                failures = row["failures"] + 1
                if failures >= MAX_FAILURES:
                    db.execute("UPDATE accounts SET failures = 0, locked_until = ? "
                               "WHERE username = ?", (now + LOCK_SECONDS, name))
                    return LoginResult("locked", None, LOCK_SECONDS)
                db.execute("UPDATE accounts SET failures = ? WHERE username = ?", (failures, name))
                return LoginResult("wrong")
            db.execute("UPDATE accounts SET failures = 0, locked_until = 0 WHERE username = ?",
                       (name,))
            account = self._account(row)
            if account.must_change:
                return LoginResult("must_change", account)
            db.execute("UPDATE accounts SET last_login = ? WHERE username = ?", (now, name))
            return LoginResult("ok", account)

    @staticmethod
    def _unknown_failure(db: sqlite3.Connection, name: str, now: float) -> LoginResult:
        """A wrong name is counted like a wrong password (bounded: names must look valid)."""
        if not USERNAME.fullmatch(name):
            return LoginResult("wrong")
        row = db.execute("SELECT * FROM unknown_failures WHERE username = ?", (name,)).fetchone()
        if row is not None and row["locked_until"] > now:
            return LoginResult("locked", None, int(row["locked_until"] - now))
        failures = (row["failures"] if row is not None else 0) + 1
        locked = now + LOCK_SECONDS if failures >= MAX_FAILURES else 0
        db.execute("INSERT INTO unknown_failures (username, failures, locked_until) VALUES (?, ?, ?)"
                   " ON CONFLICT(username) DO UPDATE SET failures = excluded.failures,"
                   " locked_until = excluded.locked_until",
                   (name, 0 if locked else failures, locked))
        return LoginResult("locked", None, LOCK_SECONDS) if locked else LoginResult("wrong")

    def password_fingerprint(self, username: str) -> str:
        """A short digest of the stored hash: changes whenever the password changes."""
        with self._connect() as db:
            row = db.execute("SELECT password_hash FROM accounts WHERE username = ?",
                             (hub_username(username),)).fetchone()
        return hashlib.sha256((row[0] if row else "").encode("ascii")).hexdigest()[:24]

    def set_first_password(self, username: str, new: str, again: str) -> None:
        """Replace an initial password (the caller has checked it) with the learner's own."""
        name = hub_username(username)
        with self._connect() as db:
            row = db.execute("SELECT * FROM accounts WHERE username = ?", (name,)).fetchone()
            if row is None or not row["must_change"]:
                raise AccountError("这个账号已经设置过自己的密码，请直接登录。")
            problem = passwords.new_password_problem(new, again, name)
            if problem is None and passwords.verify_password(new, row["password_hash"]):
                problem = "新密码不能和初始密码相同。"
            if problem:
                raise AccountError(problem)
            db.execute("UPDATE accounts SET password_hash = ?, must_change = 0, changed_at = ?"
                       " WHERE username = ?", (passwords.hash_password(new), time.time(), name))

    def change_password(self, username: str, old: str, new: str, again: str) -> LoginResult:
        """Replace the password after checking the old one; raises :class:`AccountError` with
        the Chinese reason when the new one is refused (the old one is still checked first).

        A wrong old password counts toward the lock like a wrong login (:meth:`check_login`)."""
        result = self.check_login(username, old)
        if result.status not in ("ok", "must_change"):
            return result
        problem = passwords.new_password_problem(new, again, result.account.username, old,
                                                 "当前密码")
        if problem:
            raise AccountError(problem)
        with self._connect() as db:
            db.execute("UPDATE accounts SET password_hash = ?, must_change = 0, changed_at = ?,"
                       " last_login = ? WHERE username = ?",
                       (passwords.hash_password(new), time.time(), time.time(),
                        result.account.username))
        return LoginResult("ok", self.get(result.account.username))


#: Who owns which account, without any password data: what the grader account may read.
DIRECTORY_FIELDS = ("username", "student_id", "role", "unix_user")


def directory_path(accounts_file: Path) -> Path:
    """The accounts directory next to the accounts file (``accounts.directory.json``)."""
    return Path(accounts_file).with_suffix(".directory.json")


def write_directory(store: AccountStore, group: str | None = None) -> Path:
    """Write the accounts directory: names, 学号, roles and unix users, no passwords.

    The grader account (``group``) reads it to tell whose hand-in a folder in the exchange is
    (:func:`exchange_resolver`); the accounts file itself (password hashes) stays root's.
    """
    path = directory_path(store.path)
    rows = [{name: getattr(account, name) for name in DIRECTORY_FIELDS} for account in store.all()]
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(rows, out, ensure_ascii=False, indent=1)
    if group is not None and os.geteuid() == 0:
        import grp

        with contextlib.suppress(KeyError):
            os.chown(tmp, 0, grp.getgrnam(group).gr_gid)
            os.chmod(tmp, 0o640)
    os.replace(tmp, path)
    return path


def read_directory(accounts_file: Path) -> list[Account]:
    """The accounts as the grader account may see them (from the directory when the accounts
    file is not readable, as on a class server where grading runs as ``kefu-grader``)."""
    path = Path(accounts_file)
    if path.suffix != ".json" and os.access(path, os.R_OK):
        return AccountStore(path).all()
    listing = path if path.suffix == ".json" else directory_path(path)
    try:
        rows = json.loads(listing.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise AccountError(f"读不到班级服务器的账号目录 {listing}（{type(exc).__name__}）。"
                           "请用 root 重新运行 kefu hub users（它会写出这个文件）。") from exc
    return [Account(str(r["username"]), str(r["student_id"]), "", "", str(r["role"]),
                    str(r["unix_user"])) for r in rows if isinstance(r, dict)]


def exchange_resolver(store: AccountStore | list[Account]):
    """The 学号 of a hand-in in nbgrader's exchange, from its folder's unix owner.

    A student's server submits as their unix user (``kf2024001``), so the folder is named
    and owned by it. The owner (set by the kernel) decides whose work it is; the name in
    the folder (written by the student's process) must be one of that account's names,
    otherwise the hand-in was put there in someone else's name and is not graded.
    """
    accounts = store.all() if isinstance(store, AccountStore) else store
    by_unix = {account.unix_user: account for account in accounts}

    def resolve(owner: str, user: str) -> str | None:
        account = by_unix.get(owner)
        if account is None or account.role != "student":
            return None
        if user not in (account.unix_user, account.username, account.student_id):
            return None
        return account.student_id

    return resolve
