"""Hub accounts: passwords are hashed, the first login forces a change, wrong guesses lock."""

from __future__ import annotations

import os
import re
import sqlite3

import pytest

from kefu.hub import passwords
from kefu.hub.accounts import (
    LOCK_SECONDS,
    MAX_FAILURES,
    Account,
    AccountError,
    AccountStore,
    unix_name,
)


@pytest.fixture
def store(tmp_path) -> AccountStore:
    store = AccountStore(tmp_path / "hub" / "accounts.sqlite")
    store.add(Account("2024001", "2024001", "张三", "电商1班", "student", "kf2024001"), "initial-Pw9")
    return store


def test_is_the_file_private_and_free_of_plain_passwords(store):
    assert os.stat(store.path).st_mode & 0o077 == 0
    with sqlite3.connect(store.path) as db:
        dump = "\n".join(db.iterdump())
    assert "initial-Pw9" not in dump and "scrypt$" in dump


def test_does_a_hash_check_only_the_right_password():
    stored = passwords.hash_password("秘密 password")
    assert passwords.verify_password("秘密 password", stored)
    assert not passwords.verify_password("秘密 passwor", stored)
    assert not passwords.verify_password("", stored)
    assert not passwords.verify_password("x", "not-a-hash")
    assert stored != passwords.hash_password("秘密 password")  # salted


def test_are_initial_passwords_printable_and_distinct():
    words = {passwords.initial_password() for _ in range(200)}
    assert len(words) == 200
    assert all(len(w) == 10 and not set(w) & set("0O1lI") for w in words)


def test_must_a_new_account_change_its_password_before_logging_in(store):
    first = store.check_login("2024001", "initial-Pw9")
    assert first.status == "must_change" and "新密码" in first.message
    with pytest.raises(AccountError, match="不能和初始密码相同"):
        store.set_first_password("2024001", "initial-Pw9", "initial-Pw9")
    with pytest.raises(AccountError, match="两次输入"):
        store.set_first_password("2024001", "my-own-pw-8", "my-own-pw-9")
    with pytest.raises(AccountError, match="学号"):
        store.set_first_password("2024001", "x2024001yz", "x2024001yz")
    store.set_first_password("2024001", "my-own-pw-8", "my-own-pw-8")
    assert store.check_login("2024001", "my-own-pw-8").status == "ok"
    assert store.check_login("2024001", "initial-Pw9").status == "wrong"
    with pytest.raises(AccountError, match="已经设置过"):
        store.set_first_password("2024001", "another-pw-1", "another-pw-1")


def test_does_the_fingerprint_change_with_the_password(store):
    before = store.password_fingerprint("2024001")
    store.set_first_password("2024001", "my-own-pw-8", "my-own-pw-8")
    assert store.password_fingerprint("2024001") != before


def test_is_a_wrong_password_refused_in_chinese(store):
    result = store.check_login("2024001", "wrong")
    assert result.status == "wrong" and result.account is None
    assert result.message == "学号（用户名）或密码不对。"


def test_does_the_name_ignore_case_and_spaces(store):
    assert store.check_login(" 2024001 ", "initial-Pw9").status == "must_change"


def test_are_repeated_failures_locked_out_even_with_the_right_password(store):
    now = 1_000_000.0
    for _ in range(MAX_FAILURES - 1):
        assert store.check_login("2024001", "guess", now).status == "wrong"
    locked = store.check_login("2024001", "guess", now)
    assert locked.status == "locked" and "锁定" in locked.message
    assert store.check_login("2024001", "initial-Pw9", now + 60).status == "locked"
    assert store.check_login("2024001", "initial-Pw9", now + LOCK_SECONDS + 1).status == "must_change"


def test_does_a_success_reset_the_failure_count(store):
    for _ in range(MAX_FAILURES - 1):
        store.check_login("2024001", "guess")
    assert store.check_login("2024001", "initial-Pw9").status == "must_change"
    assert store.check_login("2024001", "guess").status == "wrong"


def test_do_unknown_names_lock_like_known_ones(store):
    """The form must not tell which 学号 have accounts."""
    now = 2_000_000.0
    results = [store.check_login("2024999", "guess", now).status for _ in range(MAX_FAILURES)]
    assert results == ["wrong"] * (MAX_FAILURES - 1) + ["locked"]


def test_does_a_teacher_reset_unlock_and_force_a_change(store):
    for _ in range(MAX_FAILURES):
        store.check_login("2024001", "guess")
    store.reset_password("2024001", "new-initial-3")
    assert store.check_login("2024001", "new-initial-3").status == "must_change"


@pytest.mark.parametrize("name", ["", " ", "../etc/passwd", "a" * 300, "张三", "root\x00",
                                  "2024001; rm -rf /", "<script>", "2024\n001"])
def test_are_hostile_names_just_wrong(store, name):
    assert store.check_login(name, "initial-Pw9").status in ("wrong", "locked")
    with pytest.raises(AccountError):
        store.add(Account(name, name, "x", "", "student", "kfx"), "pw")


def test_does_change_password_check_the_old_one(store):
    assert store.change_password("2024001", "wrong", "my-own-pw-8", "my-own-pw-8").status == "wrong"
    assert store.change_password("2024001", "initial-Pw9", "my-own-pw-8",
                                 "my-own-pw-8").status == "ok"
    assert store.check_login("2024001", "my-own-pw-8").status == "ok"


def test_do_unix_names_fit_debian_rules_and_never_collide():
    assert unix_name("2024001") == "kf2024001"
    assert unix_name("stu-01") == "kfstu-01"
    names = {unix_name(n) for n in ("zhang.san", "zhang_san", "a" * 64, "a" * 63)}
    assert len(names) == 4
    assert all(len(n) <= 32 and n.startswith("kf") for n in names)


# -- changing your own password, a teacher's reset (the pages of kefu/hub/authenticator.py)

def _staff(store: AccountStore) -> None:
    store.add(Account("teacher", "teacher", "王老师", "", "teacher", "kfteacher"), "teach-Pw9x")
    store.add(Account("ta", "ta", "李助教", "", "ta", "kfta"), "assist-Pw9x")


def test_does_a_change_follow_the_first_login_rules(store):
    store.set_first_password("2024001", "my-own-pw-8", "my-own-pw-8")
    for new, again, reason in [("short-1", "short-1", "至少要 8 个字符"),
                               ("other-pw-77", "other-pw-78", "两次输入"),
                               ("a2024001bc", "a2024001bc", "学号"),
                               ("my-own-pw-8", "my-own-pw-8", "不能和当前密码相同"),
                               ("aaaaaaaaaa", "aaaaaaaaaa", "太简单"),
                               (" padded-pw-1", " padded-pw-1", "空格")]:
        with pytest.raises(AccountError, match=reason):
            store.change_password("2024001", "my-own-pw-8", new, again)
    assert store.check_login("2024001", "my-own-pw-8").status == "ok"


def test_does_a_wrong_current_password_count_toward_the_login_lock(store):
    store.set_first_password("2024001", "my-own-pw-8", "my-own-pw-8")
    store.check_login("2024001", "guess")  # one wrong login first: the same counter
    for _ in range(MAX_FAILURES - 2):
        assert store.change_password("2024001", "guess", "new-pw-123", "new-pw-123").status == "wrong"
    locked = store.change_password("2024001", "guess", "new-pw-123", "new-pw-123")
    assert locked.status == "locked" and "锁定" in locked.message
    # the right one does not help while locked, neither on the form nor at the login
    assert store.change_password("2024001", "my-own-pw-8", "new-pw-123",
                                 "new-pw-123").status == "locked"
    assert store.check_login("2024001", "my-own-pw-8").status == "locked"


def test_does_a_changed_password_replace_the_old_one(store):
    store.set_first_password("2024001", "my-own-pw-8", "my-own-pw-8")
    assert store.change_password("2024001", "my-own-pw-8", "better-pw-9", "better-pw-9").status == "ok"
    assert store.check_login("2024001", "my-own-pw-8").status == "wrong"
    assert store.check_login("2024001", "better-pw-9").status == "ok"


def test_does_a_reset_give_a_fresh_initial_password_to_change(store):
    store.set_first_password("2024001", "my-own-pw-8", "my-own-pw-8")
    for _ in range(MAX_FAILURES):
        store.check_login("2024001", "guess")
    assert store.check_login("2024001", "my-own-pw-8").status == "locked"
    account, password = store.reset_to_initial(" 2024001 ", ("student", "ta"))
    assert account.username == "2024001" and account.must_change and account.locked_until == 0
    assert len(password) == passwords.INITIAL_LENGTH and not set(password) & set("0O1lI")
    assert store.check_login("2024001", "my-own-pw-8").status == "wrong"
    assert store.check_login("2024001", password).status == "must_change"
    store.set_first_password("2024001", "after-reset-1", "after-reset-1")
    assert store.check_login("2024001", "after-reset-1").status == "ok"
    assert store.reset_to_initial("2024001")[1] != password  # a new one every time


def test_may_the_teachers_page_reset_students_and_tas_only(store):
    _staff(store)
    assert store.reset_to_initial("ta", ("student", "ta"))[0].role == "ta"
    before = store.password_fingerprint("teacher")
    with pytest.raises(AccountError, match="教师账号.*kefu hub reset-password teacher"):
        store.reset_to_initial("teacher", ("student", "ta"))
    assert store.password_fingerprint("teacher") == before
    assert store.check_login("teacher", "teach-Pw9x").status == "must_change"
    assert store.reset_to_initial("teacher")[0].role == "teacher"  # the administrator's CLI


@pytest.mark.parametrize("name", ["2024999", "", "<script>alert(1)</script>", "a" * 300,
                                  "张三", "2024\n001", "../accounts"])
def test_is_an_unknown_name_a_chinese_message(store, name):
    with pytest.raises(AccountError, match="没有学号（用户名）为"):
        store.reset_to_initial(name, ("student", "ta"))


def test_does_the_cli_reset_any_account_and_show_the_password_once(tmp_path, store, capsys):
    from kefu import cli

    _staff(store)
    assert cli.main(["hub", "reset-password", "Teacher", "--accounts", str(store.path)]) == 0
    out = capsys.readouterr().out
    password = out.split("新的初始密码（只显示这一次）：")[1].split()[0]
    assert "teacher（王老师，教师）" in out
    assert store.check_login("teacher", password).status == "must_change"
    assert store.check_login("teacher", "teach-Pw9x").status == "wrong"
    assert cli.main(["hub", "reset-password", "2024999", "--accounts", str(store.path)]) == 2
    assert "没有学号（用户名）为「2024999」的账号" in capsys.readouterr().err
    missing = tmp_path / "nowhere" / "accounts.sqlite"
    assert cli.main(["hub", "reset-password", "2024001", "--accounts", str(missing)]) == 2
    assert "找不到账号文件" in capsys.readouterr().err and not missing.exists()


# -- the pages' templates: Chinese, XSRF field, every user-controlled value escaped

TEMPLATES = ("kefu_password.html", "kefu_reset_password.html", "page.html", "home.html",
             "login.html", "kefu_change_password.html")
HOSTILE = '<script>alert("x")</script>'


def _environment():
    pytest.importorskip("jupyterhub")
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader
    from jupyterhub.app import JupyterHub

    from kefu.hub import TEMPLATES as OURS

    # as JupyterHub builds it (app.py init_tornado_settings): autoescape, our folder first
    base = JupyterHub()._template_paths_default()[0]
    return Environment(loader=ChoiceLoader([
        PrefixLoader({"templates": FileSystemLoader([base])}, "/"),
        FileSystemLoader([str(OURS), base])]), autoescape=True)


def _namespace(**values):
    from types import SimpleNamespace

    user = SimpleNamespace(name=HOSTILE, json_escaped_name="x", groups=[SimpleNamespace(name="teachers")],
                           spawner=SimpleNamespace(options_form=None))
    return {"base_url": "/hub/", "prefix": "/", "user": user, "login_url": "/hub/login",
            "logout_url": "/hub/logout", "static_url": lambda *a, **k: "/static/x",
            "services": [], "parsed_scopes": set(), "xsrf": "XSRF-TOKEN", "xsrf_token": "XSRF-TOKEN",
            **values}


def test_are_no_templates_marking_values_safe():
    from kefu.hub import TEMPLATES as OURS

    for name in TEMPLATES:
        text = (OURS / name).read_text("utf-8")
        assert not re.search(r"\|\s*safe\b|autoescape\s+false|Markup", text), name


def test_does_the_password_page_escape_and_carry_the_xsrf_field():
    page = _environment().get_template("kefu_password.html").render(**_namespace(
        error=HOSTILE, has_account=True, changed=False, min_length=8, action="/hub/kefu/password"))
    assert HOSTILE not in page and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert 'name="_xsrf" value="XSRF-TOKEN"' in page and 'name="current_password"' in page
    assert 'name="new_password_again"' in page and "修改密码" in page
    assert 'href="/hub/kefu/reset-password"' in page  # a teacher sees the reset link in the bar


def test_does_the_reset_page_escape_what_the_teacher_typed_and_the_account():
    account = Account("2024001", "2024001", HOSTILE, HOSTILE, "student", "kf2024001")
    page = _environment().get_template("kefu_reset_password.html").render(**_namespace(
        action="/hub/kefu/reset-password", role_names={"student": "学生"}, refused="",
        error=HOSTILE, username=HOSTILE, account=account, password="Ab3defGh45"))
    assert HOSTILE not in page and page.count("&lt;script&gt;") >= 4
    assert 'id="kefu-new-password"' in page and "Ab3defGh45" in page
    assert 'name="_xsrf" value="XSRF-TOKEN"' in page and "只显示这一次" in page
    refused = _environment().get_template("kefu_reset_password.html").render(**_namespace(
        action="/hub/kefu/reset-password", role_names={}, refused="只有教师可以重设", error="",
        username="", account=None, password=""))
    assert "只有教师可以重设" in refused and 'name="username"' not in refused


def test_does_the_home_page_link_the_password_pages():
    namespace = _namespace(default_server=None, url="/hub/spawn", allow_named_servers=False)
    page = _environment().get_template("home.html").render(**namespace)
    assert 'id="kefu-home-password-link" href="/hub/kefu/password"' in page
    assert 'href="/hub/kefu/reset-password"' in page
    namespace["user"].groups = []  # a student or TA: no reset link
    page = _environment().get_template("home.html").render(**namespace)
    assert "kefu/password" in page and "kefu/reset-password" not in page


def test_does_a_reset_end_the_users_sessions_at_the_next_refresh(store):
    """A reset by the CLI (outside the hub) still logs the user out: the hub asks the
    authenticator every auth_refresh_age seconds whether a session may go on."""
    import asyncio
    from types import SimpleNamespace

    pytest.importorskip("jupyterhub")
    from kefu.hub.authenticator import KefuAuthenticator

    auth = KefuAuthenticator(accounts_file=str(store.path))
    user = SimpleNamespace(name="2024001")
    store.set_first_password("2024001", "my-own-pw-8", "my-own-pw-8")
    assert asyncio.run(auth.refresh_user(user)) is True
    store.reset_to_initial("2024001")
    assert asyncio.run(auth.refresh_user(user)) is False
    assert asyncio.run(auth.refresh_user(SimpleNamespace(name="gone"))) is False
