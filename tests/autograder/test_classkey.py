"""The class secret: created once, locked, refused when missing or changed; identity notes."""

from __future__ import annotations

import json

import pytest

from autograder import pipeline
from autograder.classkey import ClassKey, ClassKeyError, identity_problem, recorded_identity
from course import variants


@pytest.fixture
def keyless(course_copy, monkeypatch):
    monkeypatch.delenv("KEFU_COURSE_SECRET", raising=False)
    return course_copy


def test_a_secret_is_made_once_kept_private_and_locked(keyless):
    key = ClassKey.of(keyless)
    assert key.read() is None
    fingerprint, created = key.create()
    assert created and key.path.stat().st_mode & 0o077 == 0
    assert key.locked_fingerprint() == fingerprint == variants.secret_fingerprint(key.read())
    assert key.create() == (fingerprint, False)
    env = key.identity_env("2024001")
    assert env == {"KEFU_STUDENT": "2024001",
                   "KEFU_VARIANT_KEY": variants.derive_key(key.read(), "2024001")}
    assert key.read() not in json.dumps(env)


def test_a_missing_secret_refuses_to_grade_real_submissions(keyless, tmp_path):
    handed_in = tmp_path / "in"
    handed_in.mkdir()
    with pytest.raises(ClassKeyError, match="找不到班级密钥"):
        pipeline.grade(keyless, ["ch07"], submissions=handed_in, progress=False)
    assert not keyless.exports_dir.exists()


def test_a_changed_secret_refuses_and_says_both_fingerprints(keyless):
    key = ClassKey.of(keyless)
    old, _ = key.create()
    key.path.write_text("another secret\n", "utf-8")
    with pytest.raises(ClassKeyError, match=old):
        key.check()
    key.path.unlink()
    with pytest.raises(ClassKeyError, match="找不到班级密钥"):
        key.create()  # the lock remembers a secret was handed out: never a silent new one


def test_one_shared_data_set_needs_no_secret(keyless):
    keyless.config.CourseVariants.per_student = False
    key = ClassKey.of(keyless)
    assert key.identity_env("2024001") == {}
    assert key.expected_fingerprint("2024001") == "public"


def _with_identity(student, variant):
    return {"cells": [{"cell_type": "code", "source": "setup()", "metadata": {}, "outputs": [
        {"output_type": "display_data", "data": {"text/markdown": "…"},
         "metadata": {"kefu_identity": {"student": student, "variant": variant}}}]}]}


def test_the_identity_a_notebook_ran_under_is_read_from_its_setup_output():
    assert recorded_identity(_with_identity("2024001", "abc")) == {"student": "2024001",
                                                                    "variant": "abc"}
    assert recorded_identity({"cells": [{"cell_type": "code", "outputs": [], "source": ""}]}) \
        is None
    assert recorded_identity({"cells": [{"cell_type": "code", "source": "", "outputs": [
        {"output_type": "stream", "metadata": "junk"}]}]}) is None


@pytest.mark.parametrize(("recorded", "says"), [
    ({"student": "2024001", "variant": "aaa"}, "学号 2024001 的数据"),
    ({"student": None, "variant": "public"}, "公共数据"),
    ({"student": "2024002", "variant": "old"}, "班级密钥不同"),
    ({"student": "x\x07y", "variant": "z"}, "x\\x07y"),
])
def test_a_notebook_run_as_someone_else_is_named_in_chinese(recorded, says):
    note = identity_problem(recorded, "2024002", "right")
    assert note.startswith("学号不一致") and says in note and "2024002" in note
    assert "\x07" not in note


def test_no_note_when_the_identity_matches_or_was_never_recorded():
    assert identity_problem({"student": "2024002", "variant": "right"}, "2024002", "right") == ""
    assert identity_problem(None, "2024002", "right") == ""
