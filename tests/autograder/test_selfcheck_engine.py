"""kefu check gives every item the points kefu grade gives it (issue 20).

The same notebooks, as the same students (so the same data variants), are graded once by
``kefu grade``'s batch and checked one by one with :func:`autograder.selfcheck.check`:
full answers, partly wrong answers with one answer that raises, a malformed notebook.
A check writes nothing into the course but its cache.
"""

from __future__ import annotations

import importlib
import json
import shutil

import pytest

from autograder import pipeline, sampleclass, selfcheck

pytestmark = pytest.mark.slow

CHAPTERS = ["ch00", "ch05", "ch07"]
STUDENTS = {"full": "check0001", "partial": "check0002"}
#: Hands in ch00 with the public data's number typed in: right for the public variant only.
LITERAL = "check0003"
RAISES = 'raise ValueError("自查测试：故意出错的答案")'


def _bank(course, chapter: str) -> dict[str, tuple[str, str]]:
    """grade id → (right, wrong) answers; a chapter the sample class does not know (the
    orientation) gets an answer that raises as its wrong one."""
    try:
        known = importlib.import_module(f"autograder.sampleclass.answers.{chapter}")
    except ModuleNotFoundError:
        source = json.loads(course.source_notebook(chapter).read_text("utf-8"))
        return {g: (right, RAISES) for g, right in sampleclass.solutions(source).items()}
    plain = {g for g in sampleclass.answer_bank(course, chapter)
             if g not in known.WRITTEN and g not in getattr(known, "CHATS", {})}
    bank = {g: (right, wrong) for g, (right, wrong, _) in
            sampleclass.answer_bank(course, chapter).items()}
    # The first plain code answer that is wrong raises instead.
    first = next((g for i, g in enumerate(bank) if i % 2 == 1 and g in plain), None)
    if first is not None:
        bank[first] = (bank[first][0], RAISES)
    return bank


def _notebooks(course, chapter: str, folder) -> dict[str, object]:
    """The reference answers, and a notebook with every other answer wrong (the first
    wrong code answer raises; a chapter of one answer gets that one wrong)."""
    release = json.loads(course.release_notebook(chapter).read_text("utf-8"))
    bank = _bank(course, chapter)
    partial = {g: wrong if i % 2 == 1 or len(bank) == 1 else right
               for i, (g, (right, wrong)) in enumerate(bank.items())}
    out = {}
    for kind, answers in (("full", {g: right for g, (right, _) in bank.items()}),
                          ("partial", partial)):
        path = folder / kind / chapter / f"{chapter}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(sampleclass.fill(release, answers), ensure_ascii=False),
                        "utf-8")
        out[kind] = path
    out["raises"] = RAISES in partial.values()
    return out


@pytest.fixture(scope="module")
def graded(course, tmp_path_factory):
    """A course copy, the notebooks handed in, and kefu grade's points for each."""
    import warnings

    warnings.filterwarnings("ignore", message=".*not in session.*")
    tmp = tmp_path_factory.mktemp("selfcheck-engine")
    copy = course.copy_to(tmp / "course")
    made = {chapter: _notebooks(copy, chapter, tmp / "notebooks") for chapter in CHAPTERS}
    made["ch00"]["literal"] = _literal(copy, tmp / "notebooks")
    handed_in = {(student, chapter): paths[kind] for chapter, paths in made.items()
                 for kind, student in STUDENTS.items()}
    handed_in[(LITERAL, "ch00")] = made["ch00"]["literal"]
    for (student, chapter), path in handed_in.items():
        target = copy.submitted_notebook(student, chapter)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    assert pipeline.prepare_gradebook(copy, CHAPTERS) == []
    pipeline.register_students(copy, {student: ("", "") for student, _ in handed_in})
    outcomes = pipeline.autograde_all(copy, CHAPTERS, sorted({s for s, _ in handed_in}),
                                      progress=False, feedback=False, jobs=2)
    assert all(o.ok for o in outcomes), [o.reason for o in outcomes]
    points = {}
    with copy.gradebook() as gradebook:
        for student, chapter in handed_in:
            grades = gradebook.find_submission_notebook(chapter, chapter, student).grades
            points[(student, chapter)] = {g.name: (g.score, g.max_score) for g in grades}
    # What the course holds after grading; a self-check must add nothing to it.
    shutil.rmtree(copy.autograded_dir)
    return copy, made, points


def _literal(course, folder):
    """ch00 answered with the number of finished orders in the public data, typed in."""
    import pandas as pd

    from course.data import data_dir

    finished = int((pd.read_csv(data_dir() / "orders.csv")["status"] == "TRADE_FINISHED").sum())
    release = json.loads(course.release_notebook("ch00").read_text("utf-8"))
    (grade_id,) = sampleclass.solutions(
        json.loads(course.source_notebook("ch00").read_text("utf-8")))
    path = folder / "literal" / "ch00" / "ch00.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(sampleclass.fill(release, {grade_id: f"q1 = {finished}"}),
                               ensure_ascii=False), "utf-8")
    return path


def _points(result: selfcheck.CheckResult) -> dict:
    return {item.grade_id: (item.score, item.max_score) for item in result.items}


@pytest.mark.parametrize("chapter", CHAPTERS)
@pytest.mark.parametrize("kind", ["full", "partial"])
def test_each_item_gets_the_points_kefu_grade_gives(graded, chapter, kind, monkeypatch,
                                                    tmp_path):
    course, made, points = graded
    student = STUDENTS[kind]
    monkeypatch.setenv("KEFU_STUDENT", student)  # the learner's own variant, as graded
    monkeypatch.setenv("KEFU_WORKSPACE", str(tmp_path))
    monkeypatch.delenv("KEFU_VARIANT_KEY", raising=False)
    result = selfcheck.check(course, chapter, made[chapter][kind])
    assert result.problem == ""
    expected = points[(student, chapter)]
    assert _points(result) == expected
    if kind == "full":
        assert result.auto_score == result.auto_max > 0
    else:
        assert made[chapter]["raises"]  # one answer raises when it runs
        assert result.auto_score < result.auto_max
    assert "自动评分合计" in result.report()


def test_the_learner_is_graded_in_their_own_variant(graded, monkeypatch, tmp_path):
    """A number typed in from the public data is right for a learner without a 学号 and
    wrong in a class student's own variant, in the check exactly as in kefu grade."""
    course, made, points = graded
    monkeypatch.setenv("KEFU_WORKSPACE", str(tmp_path))
    monkeypatch.chdir(tmp_path)  # no 学号 file in a folder above
    monkeypatch.delenv("KEFU_VARIANT_KEY", raising=False)
    monkeypatch.setenv("KEFU_STUDENT", LITERAL)
    mine = selfcheck.check(course, "ch00", made["ch00"]["literal"])
    assert _points(mine) == points[(LITERAL, "ch00")] and mine.auto_score == 0
    monkeypatch.delenv("KEFU_STUDENT")
    public = selfcheck.check(course, "ch00", made["ch00"]["literal"])
    assert public.auto_score == public.auto_max == 1


def test_a_malformed_notebook_is_explained_in_chinese(graded, tmp_path):
    course, _, _ = graded
    broken = tmp_path / "ch07.ipynb"
    broken.write_text(json.dumps({"cells": ["x", 1], "metadata": {}, "nbformat": 4,
                                  "nbformat_minor": 5}), "utf-8")
    result = selfcheck.check(course, "ch07", broken)
    assert result.items == () and "笔记本结构无法识别" in result.problem
    assert "无法评分" in result.report()


def test_a_check_writes_nothing_into_the_course_but_its_cache(graded, tmp_path, monkeypatch):
    course, made, _ = graded
    monkeypatch.setenv("KEFU_WORKSPACE", str(tmp_path))
    before = {p: p.stat().st_mtime_ns for p in course.root.rglob("*")
              if selfcheck.cache_folder(course) not in [p, *p.parents]}
    result = selfcheck.check(course, "ch05", made["ch05"]["full"])
    assert result.problem == ""
    after = {p: p.stat().st_mtime_ns for p in course.root.rglob("*")
             if selfcheck.cache_folder(course) not in [p, *p.parents]}
    assert after == before
    assert not course.autograded_dir.exists() and not course.feedback_dir.exists()
    assert list(selfcheck.cache_folder(course).glob("ch05-*.db"))
    assert not list(tmp_path.iterdir())  # the progress file is kefu check's (the command's) job


def test_a_changed_source_notebook_gets_a_new_cached_gradebook(course, tmp_path):
    copy = course.copy_to(tmp_path / "course", chapters=["ch00"])
    first = selfcheck.template_key(copy, "ch00")
    notebook = json.loads(copy.source_notebook("ch00").read_text("utf-8"))
    notebook["cells"][0]["source"] = ["# changed\n", *notebook["cells"][0]["source"]]
    copy.source_notebook("ch00").write_text(json.dumps(notebook, ensure_ascii=False), "utf-8")
    assert selfcheck.template_key(copy, "ch00") != first
