"""練習N.check(), .hint(), .solution() (course/coach.py) as a learner meets them."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from course import coach
from course.coach import canonical, digest, joined, seal, unseal, variant_id

ITEM = "ch99.q1"


def test_canonical_forms_ignore_what_does_not_matter():
    assert canonical(3) == canonical(3.0) == canonical(np.int64(3)) == canonical(2.999999999999)
    assert canonical(0.125) == canonical(0.12500000000001) != canonical(0.135)
    assert canonical(True) != canonical(1)
    assert canonical({"B", "A"}) == canonical({"A", "B"})
    assert canonical(["A", "B"]) != canonical(["B", "A"])
    assert canonical(("A", 1.0)) == canonical(["A", 1])
    assert canonical(pd.Series({"A01": 2, "A02": 0, "A03": np.nan})) == canonical(pd.Series({"A01": 2.0}))
    assert canonical(pd.Series({"A01": 2, "A02": 1})) == canonical(pd.Series({"A02": 1, "A01": 2}))
    assert canonical(pd.Series({"A01": 2})) != canonical(pd.Series({"A01": 3}))
    table = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    assert canonical(table) == canonical(table.iloc[::-1][["b", "a"]])
    assert canonical(" 合格 ") == canonical("合格")


def test_a_sealed_message_opens_only_with_the_wrong_value_it_belongs_to():
    sealed = seal("k", ITEM, "41", "以为自动回复也算接待")
    assert "自动回复" not in sealed
    assert unseal("k", ITEM, "41", sealed) == "以为自动回复也算接待"
    assert unseal("k", ITEM, "40", sealed) != "以为自动回复也算接待"
    assert unseal("other", ITEM, "41", sealed) != "以为自动回复也算接待"


@pytest.fixture
def chapter(monkeypatch, tmp_path):
    """A one-exercise chapter ch99 whose right answer is 42 and known misconception 41."""
    spec = {1: {"answer": "answer_x", "check": ["q1"], "hints": ["第一条提示", "第二条提示"]},
            2: {"answer": "answer_f", "check": ["f(1)", "f(2)"], "hints": ["函数提示"]}}
    monkeypatch.setattr(coach, "exercises", lambda ch: spec if ch == "ch99" else {})
    monkeypatch.setenv("KEFU_WORKSPACE", str(tmp_path))
    for name in ("KEFU_STUDENT", "KEFU_VARIANT_KEY", "JUPYTERHUB_USER"):
        monkeypatch.delenv(name, raising=False)
    right, wrong = joined([canonical(42)]), joined([canonical(41)])
    key = {variant_id(None): {
        "1": {"ok": digest(None, "ok", ITEM, right),
              "parts": [digest(None, "part", ITEM, "q1\x1f" + canonical(42))], "kinds": ["number"],
              "mis": {digest(None, "mis", ITEM, wrong): seal(None, ITEM, wrong, "把只收到自动回复的买家也算作被接待")}},
        "2": {"ok": digest(None, "ok", "ch99.q2", joined([canonical(2), canonical(4)])),
              "parts": [digest(None, "part", "ch99.q2", "f(1)\x1f" + canonical(2)),
                        digest(None, "part", "ch99.q2", "f(2)\x1f" + canonical(4))], "mis": {}}}}
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / "ch99.json").write_text(json.dumps({"chapter": "ch99", "variants": key}), "utf-8")
    monkeypatch.setattr(coach, "KEY_DIR", keys)
    namespace: dict = {}
    monkeypatch.setattr(coach, "_namespace", lambda: namespace)
    return namespace


def test_check_says_right_wrong_and_not_answered(chapter):
    one = coach.Exercise("ch99", 1)
    result = one.check()
    assert result.kind == "open" and "q1 还没有定义" in result.message
    chapter["q1"] = ...
    assert one.check().kind == "open"
    chapter["q1"] = 42.0
    assert one.check().kind == "right" and bool(one.check())
    chapter["q1"] = 41
    result = one.check()
    assert result.kind == "wrong" and "把只收到自动回复的买家也算作被接待" in result.message
    chapter["q1"] = 40
    result = one.check()
    assert result.kind == "wrong" and "自动回复" not in result.message and "练习1.hint()" in result.message
    chapter["q1"] = "42"
    result = one.check()
    assert result.kind == "wrong" and "要的是一个数，你的是一段文字" in result.message


def test_check_while_grading_defers_to_the_grade(chapter, monkeypatch):
    """The grader has no answer keys of the student's variant: a check() left in the notebook
    says, on the feedback page, that the score decides (never "no answer keys here")."""
    chapter["q1"] = 41  # a known misconception: outside grading, check() names it
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    result = coach.Exercise("ch99", 1).check()
    assert result.kind == "info" and "以评分结果" in result.message
    assert "答案检查表" not in result.message and "自动回复" not in result.message
    monkeypatch.delenv("NBGRADER_EXECUTION")
    assert coach.Exercise("ch99", 1).check().kind == "wrong"


def test_check_runs_a_function_on_its_examples_and_names_the_wrong_one(chapter):
    two = coach.Exercise("ch99", 2)

    def stub(x):
        raise NotImplementedError()

    chapter["f"] = stub
    assert two.check().kind == "open"
    chapter["f"] = lambda x: x + x
    assert two.check().kind == "right"
    chapter["f"] = lambda x: 2 if x == 1 else 5
    result = two.check()
    assert result.kind == "wrong" and "f(2)" in result.message and "f(1)" not in result.message
    chapter["f"] = lambda x: 1 / 0
    result = two.check()
    assert result.kind == "wrong" and "ZeroDivisionError" in result.message

    def blank(x):
        return ___  # noqa: F821 - an unfilled scaffold blank

    chapter["f"] = blank
    result = two.check()
    assert result.kind == "open" and "___" in result.message


def test_a_variant_missing_from_the_key_gets_an_honest_message(chapter, monkeypatch):
    monkeypatch.setenv("KEFU_STUDENT", "2024001")
    monkeypatch.setenv("KEFU_VARIANT_KEY", "ab" * 32)
    chapter["q1"] = 42
    result = coach.Exercise("ch99", 1).check()
    assert result.kind == "info" and "答案检查表" in result.message


def test_hints_go_from_gentle_to_specific_and_every_request_is_recorded(chapter, tmp_path):
    one = coach.Exercise("ch99", 1)
    assert "提示 1/2：第一条提示" in one.hint().message and "hint(2)" in one.hint().message
    assert "提示 2/2：第二条提示" in one.hint(2).message
    assert "提示 2/2" in one.hint(7).message and "提示 1/2" in one.hint(-1).message
    assert "提示 1/2" in one.hint("两").message
    chapter["q1"] = 42
    one.check()
    log = [json.loads(line) for line in (tmp_path / coach.HELP_LOG).read_text("utf-8").splitlines()]
    assert [e["event"] for e in log] == ["hint"] * 6 + ["check"]
    assert coach.tally(log) == {ITEM: {"checks": 1, "right": 1, "hints": 2, "solution": False}}
    shown = one.hint()
    data, meta = shown._repr_mimebundle_()
    assert meta[coach.META]["item"] == ITEM and meta[coach.META]["tally"]["hints"] == 2
    assert "<script" not in data["text/html"]


def test_the_log_may_be_unwritable_or_damaged(chapter, tmp_path, monkeypatch):
    (tmp_path / coach.HELP_LOG).write_text('{"item": "ch99.q1", "event": "hint", "level": 1}\nnot json\n[1]\n',
                                           "utf-8")
    assert coach.tally(coach.history()) == {ITEM: {"checks": 0, "right": 0, "hints": 1, "solution": False}}
    monkeypatch.setattr(coach, "_MEMORY", [])
    monkeypatch.setenv("KEFU_WORKSPACE", str(tmp_path / "missing" / "deeper"))
    assert coach.Exercise("ch99", 1).hint().kind == "info"  # nothing raised
    assert coach.tally(coach.history())[ITEM]["hints"] == 1  # kept in this kernel's memory
    assert coach.history(tmp_path / "other.jsonl") == []     # another log never sees it


def test_the_self_learner_edition_shows_the_reference_solution():
    result = coach.Exercise("ch07", 4).solution()
    assert "自学版" in result.message and "q4" in result.code and "BEGIN SOLUTION" not in result.code


def test_the_class_edition_shows_solutions_only_from_the_teacher_s_file(monkeypatch, tmp_path):
    monkeypatch.setattr(coach, "SOURCE_DIR", tmp_path / "no-source")
    monkeypatch.setenv("KEFU_WORKSPACE", str(tmp_path))
    result = coach.Exercise("ch07", 4).solution()
    assert result.code == "" and "截止之后由老师发布" in result.message
    (tmp_path / "ch07").mkdir()
    handed = tmp_path / "ch07" / "答案_ch07.json"
    handed.write_text("{broken", "utf-8")
    assert "读不出来" in coach.Exercise("ch07", 4).solution().message
    handed.write_text(json.dumps({"chapter": "ch05", "solutions": {"answer_silent_orders": "q4 = 1"}}), "utf-8")
    assert "不是 ch07 的答案文件" in coach.Exercise("ch07", 4).solution().message
    handed.write_text(json.dumps({"chapter": "ch07", "solutions": {"answer_silent_orders": "q4 = 1"}}), "utf-8")
    result = coach.Exercise("ch07", 4).solution()
    assert result.code == "q4 = 1" and "老师发布" in result.message


def test_install_gives_every_exercise_a_handle_and_keeps_question_cells(monkeypatch):
    from course.variants import Question

    namespace = {"练习1": Question("ch07.q1", "题目", options={"A": "x", "B": "y"}), "练习2": "别的东西"}
    coach.install(namespace, "ch07")
    assert isinstance(namespace["练习1"], Question)
    assert isinstance(namespace["练习2"], coach.Exercise) and namespace["练习3"].item == "ch07.q3"
    assert hasattr(namespace["练习1"], "check") and "练习3.check()" in repr(namespace["练习3"])
