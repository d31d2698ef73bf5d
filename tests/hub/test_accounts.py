"""Hub accounts: passwords are hashed, the first login forces a change, wrong guesses lock."""

from __future__ import annotations

import os
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
