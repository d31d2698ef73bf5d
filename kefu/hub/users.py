"""Hub accounts from the roster (``kefu hub users 花名册.xlsx``).

The roster is read and checked as ``kefu roster`` reads it (:func:`autograder.roster.read_roster`:
one bad row and nothing happens). Each student's 学号 is their hub user name; teachers and TAs
are named on the command line. New accounts get a random initial password, written once to
a password sheet (Excel, one sheet per class, readable by its owner only) for the teacher to
print; the file is the only place the passwords exist. Running again keeps existing accounts
and passwords (``--reset`` gives chosen people a new initial password), so it is safe to
repeat after adding students.

As root, each account also gets a unix user (``kf2024001``) with a private home, so that
student servers never share a uid. An existing unix user that the course did not make is
never taken over.
"""

from __future__ import annotations

import grp
import os
import pwd
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from autograder.roster import RosterEntry, clean_name, read_roster
from kefu.hub.accounts import (
    ROLE_NAMES,
    USERNAME,
    Account,
    AccountError,
    AccountStore,
    hub_username,
    unix_name,
    write_directory,
)
from kefu.hub.passwords import initial_password

#: The comment (GECOS) field of every unix user the course makes: proves it is ours.
UNIX_MARK = "kefu-hub"


@dataclass
class Provisioned:
    """What :func:`provision` did."""

    #: (account, initial password) of every account created or reset in this run.
    issued: list[tuple[Account, str]] = field(default_factory=list)
    created: int = 0
    reset: int = 0
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    unix_created: list[str] = field(default_factory=list)
    sheet: Path | None = None

    def report(self) -> str:
        lines = [f"JupyterHub 账号：新建 {self.created} 个，重设密码 {self.reset} 个，"
                 f"更新 {len(self.updated)} 个，未变 {self.unchanged} 个。"]
        lines += [f"  - {line}" for line in self.updated]
        if self.unix_created:
            lines.append(f"新建系统用户 {len(self.unix_created)} 个（{'、'.join(self.unix_created[:5])}"
                         f"{'……' if len(self.unix_created) > 5 else ''}）。")
        if self.sheet:
            lines.append(f"初始密码表：{self.sheet}（只有本机管理员能读；打印后请妥善保管或删除）。")
        elif not self.issued:
            lines.append("没有新账号，也没有重设密码，所以没有生成初始密码表。")
        return "\n".join(lines)


def staff_account(text: str, role: str, prefix: str = "kf") -> Account:
    """A teacher or TA account from a name typed on the command line."""
    from course.variants import IdentityError, check_student_id

    try:
        name = check_student_id(text)
    except IdentityError as exc:
        label = ROLE_NAMES[role]
        raise AccountError(f"{label}的用户名不能用：" + str(exc).replace("学号", "用户名")) from None
    username = hub_username(name)
    return Account(username, name, name, "", role, unix_name(username, prefix), must_change=True)


def plan(entries: Iterable[RosterEntry], teachers: Iterable[str] = (), tas: Iterable[str] = (),
         prefix: str = "kf") -> list[Account]:
    """The accounts of a roster and the staff; raises :class:`AccountError` listing every clash."""
    accounts = [Account(hub_username(e.student_id), e.student_id, clean_name(e.name),
                        clean_name(e.class_name), "student",
                        unix_name(hub_username(e.student_id), prefix)) for e in entries]
    accounts += [staff_account(name, "teacher", prefix) for name in teachers]
    accounts += [staff_account(name, "ta", prefix) for name in tas]
    problems, seen, unix_seen = [], {}, {}
    for account in accounts:
        if not USERNAME.fullmatch(account.username):
            problems.append(f"「{account.student_id}」不能用作 JupyterHub 用户名。")
        other = seen.get(account.username)
        if other is not None:
            problems.append(f"「{other.student_id}」（{ROLE_NAMES[other.role]}）和"
                            f"「{account.student_id}」（{ROLE_NAMES[account.role]}）是同一个用户名"
                            f"「{account.username}」（JupyterHub 的用户名不区分大小写）。")
        elif unix_seen.get(account.unix_user):
            problems.append(f"「{account.student_id}」和「{unix_seen[account.unix_user]}」"
                            f"会得到同一个系统用户名 {account.unix_user}。")
        seen[account.username] = account
        unix_seen[account.unix_user] = account.student_id
    if problems:
        raise AccountError(f"账号有 {len(problems)} 处问题，没有建立任何账号：\n"
                           + "\n".join(f"  {p}" for p in problems))
    return accounts


def provision(store: AccountStore, accounts: list[Account], *, reset: Iterable[str] = (),
              unix: bool = False, home_base: Path = Path("/home")) -> Provisioned:
    """Create the missing accounts, update names/classes/roles, reset chosen passwords.

    With ``unix``, every account also gets its unix user (root only). Everything is checked
    before anything is written.
    """
    done = Provisioned()
    reset = {hub_username(name) for name in reset}
    existing = {a.username: a for a in store.all()}
    unknown = reset - set(existing) - {a.username for a in accounts}
    if unknown:
        raise AccountError(f"要重设密码的账号不存在：{'、'.join(sorted(unknown))}")
    for account in accounts:
        old = existing.get(account.username)
        if old is not None and old.unix_user != account.unix_user:
            raise AccountError(f"账号 {account.username} 已对应系统用户 {old.unix_user}，"
                               f"与这次的 {account.unix_user} 不同。")
    if unix:
        if os.geteuid() != 0:
            raise AccountError("建立系统用户需要 root 权限（sudo）。只建立 JupyterHub 账号请加 --no-system-users。")
        for account in accounts:
            _check_unix_user(account.unix_user)
    for account in accounts:
        old = existing.get(account.username)
        if old is None:
            password = initial_password()
            store.add(account, password)
            done.issued.append((account, password))
            done.created += 1
        else:
            if store.update_details(account.username, account.name, account.class_name,
                                    account.role):
                done.updated.append(f"{account.username}：{old.name}/{old.class_name}/"
                                    f"{ROLE_NAMES[old.role]} → {account.name}/"
                                    f"{account.class_name}/{ROLE_NAMES[account.role]}")
            elif account.username not in reset:
                done.unchanged += 1
        if unix and _ensure_unix_user(account, home_base):
            done.unix_created.append(account.unix_user)
    for name in sorted(reset - {account.username for account, _ in done.issued}):
        password = initial_password()
        store.reset_password(name, password)
        done.issued.append((store.get(name), password))
        done.reset += 1
    return done


def _check_unix_user(name: str) -> None:
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return
    if not entry.pw_gecos.startswith(UNIX_MARK):
        raise AccountError(f"系统中已经有用户 {name}，但它不是本课程建立的，不能用作课程账号。"
                           "请换一个前缀（--unix-prefix）。")


def _ensure_unix_user(account: Account, home_base: Path) -> bool:
    """Make the unix user of ``account`` with a private home; whether it was created."""
    try:
        pwd.getpwnam(account.unix_user)
        return False
    except KeyError:
        pass
    home = Path(home_base) / account.unix_user
    Path(home_base).mkdir(parents=True, exist_ok=True)
    subprocess.run(["useradd", "--create-home", "--home-dir", str(home), "--shell",
                    "/usr/sbin/nologin", "--comment", f"{UNIX_MARK} {account.username}",
                    "--user-group", "-K", "UMASK=0077", account.unix_user],
                   check=True, capture_output=True, text=True)
    os.chmod(home, 0o700)
    return True


def ensure_grader(name: str, home: Path) -> pwd.struct_passwd:
    """The grader account (a system user with a private home) that owns the course root and
    runs the Formgrader and grading; made by the course when missing (root only)."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        if os.geteuid() != 0:
            raise AccountError(f"建立评分账号 {name} 需要 root 权限。") from None
        Path(home).parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["useradd", "--system", "--create-home", "--home-dir", str(home),
                        "--shell", "/usr/sbin/nologin", "--comment", f"{UNIX_MARK} grader",
                        "--user-group", name], check=True, capture_output=True, text=True)
        entry = pwd.getpwnam(name)
    if entry.pw_uid == 0:
        raise AccountError(f"评分账号 {name} 不能是 root。")
    if not entry.pw_gecos.startswith(UNIX_MARK):
        raise AccountError(f"系统中已经有用户 {name}，但它不是本课程建立的，不能用作评分账号。")
    home = Path(entry.pw_dir)
    if home.is_dir() and not home.is_symlink():
        os.chown(home, entry.pw_uid, entry.pw_gid)
        os.chmod(home, 0o700)
    return entry


def remove_unix_users(names: Iterable[str]) -> list[str]:
    """Delete unix users the course made (with their homes); others are left alone."""
    removed = []
    for name in names:
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        if not entry.pw_gecos.startswith(UNIX_MARK):
            continue
        subprocess.run(["userdel", "--remove", name], check=False, capture_output=True)
        try:
            grp.getgrnam(name)
            subprocess.run(["groupdel", name], check=False, capture_output=True)
        except KeyError:
            pass
        removed.append(name)
    return removed


def write_sheet(path: Path, issued: list[tuple[Account, str]], login_url: str = "") -> Path:
    """The printable password sheet: one sheet per class (staff on their own), readable only
    by its owner. Every text cell is neutralised (no formulas from a roster)."""
    import openpyxl
    from openpyxl.styles import Font

    from autograder.gradesheets import cell_text

    book = openpyxl.Workbook()
    book.remove(book.active)
    groups: dict[str, list[tuple[Account, str]]] = {}
    for account, password in issued:
        key = account.class_name if account.role == "student" else "教师和助教"
        groups.setdefault(key or "未分班", []).append((account, password))
    taken: set[str] = set()
    header = ["班级", "学号（用户名）", "姓名", "角色", "初始密码"]
    for key in sorted(groups):
        sheet = book.create_sheet(_sheet_name(key, taken))
        sheet.append([cell_text(f"课程平台账号（{key}）" + (f"　登录网址：{login_url}" if login_url else ""))])
        sheet.append([cell_text("第一次登录后必须设置自己的新密码。初始密码只用一次，请勿外传。")])
        sheet.append(header)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for account, password in sorted(groups[key], key=lambda item: item[0].username):
            sheet.append([cell_text(account.class_name), cell_text(account.student_id),
                          cell_text(account.name), ROLE_NAMES[account.role], password])
        for column, width in zip("ABCDE", (16, 18, 12, 8, 16), strict=True):
            sheet.column_dimensions[column].width = width
        for row in sheet.iter_rows(min_row=4):
            row[4].font = Font(name="Consolas", size=12)
            row[1].number_format = "@"
        sheet.print_title_rows = "3:3"
        sheet.page_setup.fitToWidth = 1
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        book.save(out)
    os.chmod(path, 0o600)
    return path


def _sheet_name(text: str, taken: set[str]) -> str:
    import re

    name = re.sub(r"[\[\]:*?/\\\x00-\x1f]", "_", text).strip("'")[:28] or "班级"
    base, n = name, 2
    while name in taken:
        name, n = f"{base[:26]}_{n}", n + 1
    taken.add(name)
    return name


def users_from_roster(store: AccountStore, roster: Path, *, teachers: Iterable[str] = (),
                      tas: Iterable[str] = (), reset: Iterable[str] = (), unix: bool = False,
                      home_base: Path = Path("/home"), prefix: str = "kf",
                      sheet: Path | None = None, login_url: str = "",
                      grader: str | None = "kefu-grader") -> Provisioned:
    """``kefu hub users``: read the roster, plan, provision, write the password sheet and
    the accounts directory the grader account reads (``grader``'s group)."""
    accounts = plan(read_roster(roster), teachers, tas, prefix)
    done = provision(store, accounts, reset=reset, unix=unix, home_base=home_base)
    write_directory(store, group=grader)
    if done.issued:
        out = sheet or store.path.parent / f"初始密码-{datetime.now():%Y%m%d-%H%M%S}.xlsx"
        done.sheet = write_sheet(out, done.issued, login_url)
    return done
