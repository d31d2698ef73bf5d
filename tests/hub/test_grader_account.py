"""What root takes from the grader account, and what the grader account may read.

The course root belongs to the grader account (kefu/hub/demo.py, autograder/privilege.py):
root copies each student's answer keys out of the grader's staging folder without trusting
it, and the grader reads the accounts directory (no password data), never the accounts file.
"""

from __future__ import annotations

import json
import os
import stat

import pytest

from kefu.hub import answerkeys
from kefu.hub.accounts import (
    Account,
    AccountError,
    AccountStore,
    directory_path,
    exchange_resolver,
    read_directory,
    write_directory,
)


def _store(tmp_path) -> AccountStore:
    store = AccountStore(tmp_path / "accounts.sqlite")
    store.add(Account("2026001", "2026001", "张三", "电商1班", "student", "kf2026001"), "pw-aaaa-1111")
    store.add(Account("ta", "", "李助教", "", "ta", "kfta"), "pw-bbbb-2222")
    return store


def test_the_directory_names_accounts_and_holds_no_password_data(tmp_path):
    store = _store(tmp_path)
    path = write_directory(store)
    assert path == directory_path(store.path) and stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text("utf-8")
    rows = json.loads(text)
    assert {r["username"] for r in rows} == {"2026001", "ta"}
    assert set(rows[0]) == {"username", "student_id", "role", "unix_user"}
    assert "pw-" not in text and "scrypt" not in text and "张三" not in text


def test_the_grader_reads_the_directory_when_the_accounts_file_is_closed_to_it(tmp_path, monkeypatch):
    store = _store(tmp_path)
    write_directory(store)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p) == str(store.path)
                        else real_access(p, mode))
    accounts = read_directory(store.path)
    resolve = exchange_resolver(accounts)
    assert resolve("kf2026001", "kf2026001") == "2026001"
    assert resolve("kfta", "kfta") is None  # staff hand-ins are not graded
    assert resolve("kf2026001", "kf2026002") is None  # a hand-in in someone else's name


def test_a_missing_directory_says_what_to_do_in_chinese(tmp_path, monkeypatch):
    store = _store(tmp_path)
    monkeypatch.setattr(os, "access", lambda p, mode: False)
    with pytest.raises(AccountError, match="kefu hub users"):
        read_directory(store.path)


def test_root_copies_staged_keys_without_following_links_or_taking_huge_files(tmp_path, monkeypatch):
    base = answerkeys.prepare_base(tmp_path / "answerkeys")
    staged = tmp_path / "staging" / "2026001"
    staged.mkdir(parents=True)
    (staged / "ch07.json").write_text('{"ok": 1}', "utf-8")
    (staged / answerkeys.STAMP).write_text("abc\n", "ascii")
    secret = tmp_path / "classkey.txt"
    secret.write_text("the class secret", "utf-8")
    (staged / "ch08.json").symlink_to(secret)  # a grader tries to pull a root-only file out
    (staged / "big.json").write_bytes(b"0" * 64)
    (staged / "bad name.json").write_text("{}", "utf-8")
    monkeypatch.setattr(answerkeys, "MAX_KEY_FILE", 32)
    account = Account("2026001", "2026001", "张三", "电商1班", "student", "kf-no-such-user")
    target = answerkeys.install(base, staged, account)
    assert target == base / "2026001"
    assert sorted(p.name for p in target.iterdir()) == sorted(["ch07.json", answerkeys.STAMP])
    assert not any(p.is_symlink() for p in target.iterdir())
    assert answerkeys.saved_stamp(base, "2026001") == "abc"
    assert "the class secret" not in "".join(p.read_text() for p in target.iterdir())
