"""No student's server learns the class secret: only their own variant key and answer keys.

With the class secret a student could derive every classmate's variant key (and with it
their numbers and data). On the class server the spawner therefore hands each server the
pair ``KEFU_STUDENT`` + ``KEFU_VARIANT_KEY`` (the grader's own mechanism), the students'
environment is built without ``classkey.txt``, and each student's answer keys are built
into a folder only that student's group can read. The live server is checked in
test_hub_server.py; these tests check the pieces without starting a hub.
"""

from __future__ import annotations

import json
import os
import types

import pytest

from autograder.classkey import ClassKey
from course import coach, variants
from kefu.hub import answerkeys
from kefu.hub.accounts import Account

SECRET = "kefu-test-secret"  # tests/conftest.py


@pytest.fixture
def no_secret(monkeypatch, tmp_path):
    """A learner process of the class server: no secret anywhere, identity from the env."""
    monkeypatch.delenv("KEFU_COURSE_SECRET", raising=False)
    monkeypatch.setattr(variants, "KEY_FILE", tmp_path / "no-classkey.txt")
    monkeypatch.chdir(tmp_path)
    for name in ("KEFU_STUDENT", "KEFU_VARIANT_KEY", "JUPYTERHUB_USER", "KEFU_WORKSPACE"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def _student(username="2026001", student_id="2026001"):
    return Account(username, student_id, "张三", "电商1班", "student", f"kf{username}")


def test_a_server_with_only_its_variant_key_is_the_class_edition_in_its_own_variant(no_secret):
    assert not variants.class_edition() and variants.current().public
    key = variants.derive_key(SECRET, "2026001")
    no_secret.setenv("KEFU_STUDENT", "2026001")
    no_secret.setenv("KEFU_VARIANT_KEY", key)
    assert variants.class_secret() is None
    assert variants.class_edition()
    mine = variants.current()
    assert (mine.student, mine.key) == ("2026001", key)
    # the same variant the grader uses for this 学号 (it derives the key from the secret)
    assert mine.fingerprint == variants.Variant("2026001", key).fingerprint
    # a key alone names nobody: the public variant, never a half-identified one
    no_secret.delenv("KEFU_STUDENT")
    assert variants.current().public


def test_the_spawner_gives_a_student_their_key_and_keys_folder_never_the_secret(
        course_copy, tmp_path, monkeypatch):
    from kefu.hub import spawner

    monkeypatch.setenv("KEFU_COURSE_SECRET", SECRET)
    store = types.SimpleNamespace(get=lambda name: {
        "2026001": _student(), "teacher": Account("teacher", "teacher", "王老师", "", "teacher",
                                                   "kfteacher")}[name])
    monkeypatch.setattr(spawner, "AccountStore", lambda path: store)
    monkeypatch.setattr(spawner.pwd, "getpwnam",
                        lambda name: types.SimpleNamespace(pw_dir=f"/home/{name}"))

    def env_of(name):
        user = types.SimpleNamespace(name=name, url=f"/user/{name}/", orm_user=None)
        made = spawner.KefuSpawner(user=user, accounts_file="unused",
                                   course_root=str(course_copy.root),
                                   answer_keys_dir=str(tmp_path / "keys"))
        # whatever the hub's own environment holds, the server gets only its derived key
        return made.user_env({"KEFU_COURSE_SECRET": SECRET, "KEFU_VARIANT_KEY": "0" * 64})

    env = env_of("2026001")
    assert env["KEFU_STUDENT"] == "2026001"
    assert env["KEFU_VARIANT_KEY"] == variants.derive_key(SECRET, "2026001")
    assert env["KEFU_ANSWER_KEYS"] == str(tmp_path / "keys" / "2026001")
    assert "KEFU_COURSE_SECRET" not in env and SECRET not in json.dumps(env)
    staff = env_of("teacher")
    assert not {"KEFU_STUDENT", "KEFU_VARIANT_KEY", "KEFU_ANSWER_KEYS",
                "KEFU_COURSE_SECRET"} & set(staff)


def test_a_student_s_answer_keys_are_theirs_and_rebuilt_when_the_notebooks_change(
        course, tmp_path, monkeypatch):
    monkeypatch.setenv("KEFU_COURSE_SECRET", SECRET)
    small = course.copy_to(tmp_path / "course", chapters=["ch07"])
    account = _student()
    base = tmp_path / "answerkeys"
    assert not answerkeys.fresh(base, small, account)
    folder = answerkeys.build(small, base, account)
    assert folder == base / "2026001" and answerkeys.fresh(base, small, account)
    assert os.stat(base).st_mode & 0o777 == 0o711  # enterable, not listable
    assert os.stat(folder).st_mode & 0o777 == 0o750
    assert all(os.stat(p).st_mode & 0o007 == 0 for p in folder.iterdir())
    key = ClassKey.of(small).identity_env("2026001")["KEFU_VARIANT_KEY"]
    stored = coach.load_key("ch07", folder)
    assert list(stored) == [coach.variant_id(key)]  # this student's variant only
    text = "".join(p.read_text("utf-8") for p in folder.iterdir())
    assert SECRET not in text and key not in text
    # staff accounts get no keys; a changed notebook makes the keys stale
    assert answerkeys.build(small, base, Account("ta", "ta", "", "", "ta", "kfta")) is None
    source = small.source_notebook("ch07")
    source.write_text(source.read_text("utf-8").replace("\n", "\n ", 1), "utf-8")
    assert not answerkeys.fresh(base, small, account)


def test_the_background_builder_takes_every_request_once(course, tmp_path, monkeypatch):
    monkeypatch.setenv("KEFU_COURSE_SECRET", SECRET)
    small = course.copy_to(tmp_path / "course", chapters=["ch07"])
    accounts = {"2026001": _student(), "2026002": _student("2026002", "2026002")}
    store = types.SimpleNamespace(get=accounts.get)
    built = []
    monkeypatch.setattr(answerkeys, "build",
                        lambda c, b, account: built.append(account.username) or b)
    base = answerkeys.prepare_base(tmp_path / "answerkeys")
    for name in ("2026002", "2026001", "nobody"):
        (base / answerkeys.REQUESTS / name).touch()
    assert answerkeys.work(small, base, store) == ["2026001", "2026002"]
    assert built == ["2026001", "2026002"] and not any((base / answerkeys.REQUESTS).iterdir())
    # while another builder holds the lock, a second one leaves the requests to it
    import fcntl

    (base / answerkeys.REQUESTS / "2026001").touch()
    with open(base / answerkeys.LOCK, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert answerkeys.work(small, base, store) == []
    assert (base / answerkeys.REQUESTS / "2026001").exists()


@pytest.mark.slow
def test_the_students_environment_wheel_carries_no_class_secret(course, tmp_path, monkeypatch):
    import shutil
    import zipfile

    from kefu.hub.singleuser import course_wheel

    monkeypatch.delenv("KEFU_COURSE_SECRET", raising=False)
    small = course.copy_to(tmp_path / "course", chapters=["ch07"])
    shutil.copy(course.root / "pyproject.toml", small.root / "pyproject.toml")
    ClassKey.of(small).create()
    secret = ClassKey.of(small).read()
    wheel = course_wheel(small, tmp_path / "wheels")
    with zipfile.ZipFile(wheel) as built:
        entries = {name: built.read(name) for name in built.namelist()}
    assert not any(name.endswith("classkey.txt") for name in entries)
    assert not any(secret.encode() in data for data in entries.values())
    # the public variant's answer keys only
    keys = json.loads(entries["course/answerkey/ch07.json"])["variants"]
    assert list(keys) == [coach.variant_id(None)]
    assert ClassKey.of(small).read() == secret  # the course's own secret is untouched
