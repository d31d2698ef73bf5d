"""The answer keys behind 练习N.check(): current, digests only, per student variant."""

from __future__ import annotations

import json
import re

import pytest

from autograder.answerkey import build, replace_solution
from autograder.coursedir import Course
from course import coach
from course.chapters import CHAPTERS
from course.variants import derive_key

WIRED = [ch for ch in ["ch00", *CHAPTERS] if coach.exercises(ch)]
HEX = re.compile(r"[0-9a-f]{24}")
B64 = re.compile(r"[A-Za-z0-9+/]+=*")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    out = tmp_path_factory.mktemp("keys")
    build(Course.load().root, WIRED, [("", None)], out, jobs=2)
    return out


@pytest.mark.parametrize("chapter", WIRED)
def test_the_committed_public_key_is_what_the_reference_gives_today(fresh, chapter):
    """kefu release rebuilds it; a changed solution, data or EXERCISES entry needs a release."""
    assert (coach.KEY_DIR / f"{chapter}.json").read_text("utf-8") == (fresh / f"{chapter}.json").read_text("utf-8")


@pytest.mark.parametrize("chapter", WIRED)
def test_a_key_holds_digests_and_sealed_messages_only(chapter):
    body = json.loads((coach.KEY_DIR / f"{chapter}.json").read_text("utf-8"))
    assert set(body) == {"chapter", "variants"} and body["chapter"] == chapter
    numbers = {str(n) for n, spec in coach.exercises(chapter).items() if spec.get("check")}
    for entries in body["variants"].values():
        assert set(entries) == numbers
        for entry in entries.values():
            assert set(entry) == {"ok", "parts", "kinds", "mis"}
            assert set(entry["kinds"]) <= set(coach.KIND_NAMES) and len(entry["kinds"]) == len(entry["parts"])
            assert HEX.fullmatch(entry["ok"]) and all(HEX.fullmatch(p) for p in entry["parts"])
            assert all(HEX.fullmatch(k) and B64.fullmatch(v) for k, v in entry["mis"].items())
    text = json.dumps(body, ensure_ascii=False)
    assert not re.search(r"[\u4e00-\u9fff]", text), "plain Chinese (a message or an answer) in the key"


def test_every_exercise_with_a_misconception_that_changes_the_main_case_has_its_message():
    """The first (WRONG) sample of every checked item is recognised by check() somewhere."""
    import importlib

    missing = []
    for chapter in WIRED:
        body = json.loads((coach.KEY_DIR / f"{chapter}.json").read_text("utf-8"))
        public = body["variants"][coach.variant_id(None)]
        try:
            known = importlib.import_module(f"autograder.sampleclass.answers.{chapter}")
        except ModuleNotFoundError:  # the orientation has no sample class
            continue
        for number, spec in coach.exercises(chapter).items():
            if spec.get("check") and known.MISCONCEPTIONS.get(spec["answer"]) and \
                    not public[str(number)]["mis"] and "(" not in "".join(spec["check"]):
                missing.append(f"{chapter} 练习 {number}")
    assert missing == [], "value items whose misconceptions check() cannot name"


def test_students_get_their_own_digests(tmp_path):
    secret = "9" * 64
    students = [("", None), ("2024001", derive_key(secret, "2024001")), ("2024002", derive_key(secret, "2024002"))]
    build(Course.load().root, ["ch07"], students, tmp_path, jobs=2)
    variants = json.loads((tmp_path / "ch07.json").read_text("utf-8"))["variants"]
    ids = [coach.variant_id(k) for _, k in students]
    assert set(variants) == set(ids)
    assert len({variants[i]["3"]["ok"] for i in ids}) == 3  # same item, different digests


def test_replace_solution_keeps_the_cell_around_the_region():
    source = "def f(x):\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\nf(2)"
    assert replace_solution(source, "y = x\nreturn y") == "def f(x):\n    y = x\n    return y\nf(2)"


def test_only_the_cells_an_answer_needs_are_run_and_a_change_in_place_counts():
    from autograder.answerkey import _needed

    cells = [({"grade_id": "setup"}, "import pandas as pd\nfrom course import data"),
             ({}, "orders = data.load('orders')"),
             ({}, "fig = plot(orders)"),                       # a picture nobody needs
             ({}, "orders['month'] = orders['created_at'].dt.month"),  # changes orders in place
             ({}, "june = 6"),
             ({"grade_id": "answer_x", "solution": True}, "q1 = int((orders['month'] == june).sum())"),
             ({}, "later = orders")]                          # after the answer: not needed
    assert _needed(cells, {"answer_x": ["q1"]}) == {0, 1, 3, 4, 5}
    assert _needed(cells + [({}, "this is not python (")], {"answer_x": ["q1"]}) == {0, 1, 3, 4, 5, 7}
