"""Chapter notebooks through real nbgrader: release in sync, answers hidden, scores right.

One graded copy of the course (a temp folder) is shared by the tests of this
module: it holds the sample class plus a few hand-made submissions.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from nbgrader.api import Gradebook

from autograder import gradesheets, pipeline, sampleclass
from autograder.coursedir import Course
from autograder.ledger import Ledger
from autograder.release import build_release
from autograder.schedule import nbgrader_timestamp
from autograder.steps.comments import PREFIX, UNANSWERED
from course.coach import scaffolds
from course.roleplays import answer_stubs, by_grade_id

pytestmark = pytest.mark.slow
COURSE = Course.load()
CHAPTERS = COURSE.chapters()


def _nb(path):
    return json.loads(path.read_text("utf-8"))


def _write(course, student, chapter, notebook):
    folder = course.submission_dir(student, chapter)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{chapter}.ipynb").write_text(json.dumps(notebook, ensure_ascii=False), "utf-8")
    due = course.calendar.due(chapter)
    (folder / "timestamp.txt").write_text(nbgrader_timestamp(due), "utf-8")


def _full_answers(course, chapter):
    return sampleclass.solutions(_nb(course.source_notebook(chapter)))


@pytest.fixture(scope="module")
def graded(course, tmp_path_factory):
    course = course.copy_to(tmp_path_factory.mktemp("course"))
    roster = sampleclass.roster(6)
    sampleclass.write_class(course, course.submitted_dir, CHAPTERS, n=6)
    extra = []
    for chapter in CHAPTERS:
        source = _nb(course.source_notebook(chapter))
        release = _nb(course.release_notebook(chapter))
        answers = _full_answers(course, chapter)
        _write(course, "source", chapter, source)
        _write(course, "release", chapter, release)
        # full answers, but the first test cell deleted by the student
        deleted = sampleclass.fill(release, answers)
        first_test = next(c for c in deleted["cells"]
                          if c["metadata"].get("nbgrader", {}).get("grade")
                          and c["cell_type"] == "code")
        deleted["cells"].remove(first_test)
        _write(course, "deleted", chapter, deleted)
        # full answers whose functions print a warning on stderr when called
        warned = {gid: ("import warnings\nwarnings.warn('这个写法以后会变', FutureWarning)\n" + code
                        if code.lstrip().startswith("if ") or "return" in code else code)
                  for gid, code in answers.items()}
        _write(course, "warns", chapter, sampleclass.fill(release, warned))
        extra = ["source", "release", "deleted", "warns", "broken", "empty"]
        for student, text in (("broken", '{"cells": ['), ("empty", "")):
            folder = course.submission_dir(student, chapter)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{chapter}.ipynb").write_text(text, "utf-8")
    students = [s.student_id for s in roster] + extra
    assert pipeline.prepare_gradebook(course, CHAPTERS) == []
    pipeline.register_students(course, {s.student_id: (s.last_name, s.first_name)
                                        for s in roster})
    outcomes = pipeline.autograde_all(course, CHAPTERS, students, progress=False)
    pipeline.record_outcomes(Ledger(course.ledger_path), outcomes)
    sheets = gradesheets.write_grades(course)
    return {"course": course, "db": course.db_url, "outcomes": outcomes,
            "roster": {s.profile: s.student_id for s in roster}, "csv": sheets.csv,
            "excel": sheets.excel}


def _grades(graded, chapter, student):
    with Gradebook(graded["db"]) as gb:
        notebook = gb.find_submission_notebook(chapter, chapter, student)
        return {g.name: (g.score, g.max_score, g.auto_score is not None or (
            g.cell.cell_type == "code" and by_grade_id(g.name) is None)) for g in notebook.grades}


def _auto(grades):
    return {name: (score, top) for name, (score, top, auto) in grades.items() if auto}


@pytest.mark.parametrize("chapter", COURSE.released_chapters())
def test_release_is_exactly_what_generate_assignment_makes(course, tmp_path, chapter):
    build_release(course, [chapter], out_dir=tmp_path)
    made = tmp_path / chapter / f"{chapter}.ipynb"
    assert made.read_bytes() == (course.release_notebook(chapter)).read_bytes()


def _secret_lines(source: dict) -> list[str]:
    """Lines of solutions and hidden tests that appear nowhere else in the source notebook."""
    secret, public = [], []
    for cell in source["cells"]:
        text = "".join(cell["source"])
        hidden = re.findall(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", text, re.S)
        secret += [line.strip() for _, block in hidden for line in block.splitlines()]
        public.append(re.sub(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n.*?### END \1", "", text,
                             flags=re.S))
    public_text = "\n".join(public)
    return [line for line in secret if len(line) > 8 and line not in public_text]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_release_holds_no_solution_and_no_hidden_test(course, chapter):
    release = _nb(course.release_notebook(chapter))
    text = "\n".join("".join(c["source"]) for c in release["cells"])
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text
    secrets = _secret_lines(_nb(course.source_notebook(chapter)))
    assert len(secrets) > 20
    # A scaffold (a partly written answer with blanks, course/exercises) is handed out on
    # purpose; tests/e2e/test_scaffolds.py proves it still needs the learner's blanks.
    given = {line.strip() for scaffold in scaffolds(chapter).values() for line in scaffold.splitlines()}
    # A role-play chat's answer cell is handed out as an empty list (course.roleplays).
    for stub in answer_stubs(chapter).values():
        text = text.replace(stub, "")
    leaked = [line for line in secrets if line in text and line not in given]
    assert leaked == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_has_enough_autograded_items_and_a_written_answer(course, chapter):
    source = _nb(course.source_notebook(chapter))
    meta = [c["metadata"].get("nbgrader", {}) for c in source["cells"]]
    tests = [m for m in meta if m.get("grade") and not m.get("solution")]
    written = [m for m in meta if m.get("grade") and m.get("solution")]
    assert len(tests) >= 8 and sum(m["points"] for m in tests) >= 20
    assert written, "a manually graded written answer"


def test_every_submission_completes_and_broken_files_get_a_chinese_reason(graded):
    failed = {(o.student_id, o.reason) for o in graded["outcomes"] if not o.ok}
    assert failed == {("broken", "笔记本文件损坏，不是有效的 .ipynb（JSON）文件"),
                      ("empty", "提交的文件是空的（0 字节）")}
    graded_ok = {o.student_id for o in graded["outcomes"] if o.ok}
    assert {"source", "release", "deleted", "warns"} <= graded_ok


def test_broken_files_are_in_the_grade_sheet_with_their_reason(graded):
    rows = graded["csv"].read_text("utf-8-sig")
    assert "笔记本文件损坏" in rows and "提交的文件是空的" in rows


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_source_notebook_earns_every_autograded_point(graded, chapter):
    auto = _auto(_grades(graded, chapter, "source"))
    assert len(auto) >= 8
    assert all(score == top for score, top in auto.values()), auto


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_source_notebook_runs_without_any_error(graded, chapter):
    done = _nb(graded["course"].autograded_notebook("source", chapter))
    errors = [c["id"] for c in done["cells"] if c["cell_type"] == "code"
              for o in c["outputs"] if o["output_type"] == "error"]
    assert errors == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_release_earns_zero_and_fails_only_on_the_stubs(graded, chapter):
    auto = _auto(_grades(graded, chapter, "release"))
    assert sum(score for score, _ in auto.values()) == 0
    done = _nb(graded["course"].autograded_notebook("release", chapter))
    for cell in done["cells"]:
        if cell["cell_type"] != "code":
            continue
        meta = cell["metadata"].get("nbgrader", {})
        errors = [o for o in cell["outputs"] if o["output_type"] == "error"]
        if meta.get("solution"):
            # the stub, or a scaffold's unfilled blank ___ (explained in Chinese)
            assert all(e["ename"] == "NotImplementedError" or (
                e["ename"] in ("NameError", "AttributeError") and "___" in e["evalue"]) for e in errors), cell["id"]
        elif not meta.get("grade"):
            assert errors == [], f"lesson cell {cell['id']} fails in the release"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_known_wrong_answers_fail_every_test(graded, chapter):
    """No known wrong answer earns an item's full points; only a multi-select answer that
    is partly right may earn part of them (the rule its question states)."""
    wrong = graded["roster"]["wrong"]
    auto = _auto(_grades(graded, chapter, wrong))
    assert {name: score for name, (score, top) in auto.items() if score >= top} == {}
    partial = _partial_items(graded, chapter)
    assert {name: score for name, (score, _) in auto.items() if score and name not in partial} == {}


def _partial_items(graded, chapter) -> set[str]:
    """The test cells that give partial credit (their hidden test ends in a score_* check)."""
    source = json.loads(graded["course"].source_notebook(chapter).read_text("utf-8"))
    return {c["metadata"]["nbgrader"]["grade_id"] for c in source["cells"]
            if "checks.score_choices(" in "".join(c["source"])
            or "checks.score_order(" in "".join(c["source"])
            or "checks.score_each(" in "".join(c["source"])}


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_full_marks_student_earns_every_autograded_point(graded, chapter):
    auto = _auto(_grades(graded, chapter, graded["roster"]["full"]))
    assert all(score == top for score, top in auto.values())


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_partly_right_and_error_students_land_in_between(graded, chapter):
    for profile in ("partial", "error"):
        auto = _auto(_grades(graded, chapter, graded["roster"][profile]))
        total, top = sum(s for s, _ in auto.values()), sum(t for _, t in auto.values())
        assert 0 < total < top, profile


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_deleted_test_cell_is_restored_and_graded(graded, chapter):
    auto = _auto(_grades(graded, chapter, "deleted"))
    assert all(score == top for score, top in auto.values())
    done = graded["course"].autograded_notebook("deleted", chapter).read_text("utf-8")
    assert "评分时已自动恢复" in done


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_warnings_on_stderr_do_not_cost_points(graded, chapter):
    done = graded["course"].autograded_notebook("warns", chapter).read_text("utf-8")
    assert "这个写法以后会变" in _nb(graded["course"].submitted_notebook("warns", chapter)).__repr__()
    auto = _auto(_grades(graded, chapter, "warns"))
    assert all(score == top for score, top in auto.values()), auto
    assert done  # the notebook was graded


def test_late_submission_loses_points(graded):
    with Gradebook(graded["db"]) as gb:
        late = gb.find_submission(CHAPTERS[0], graded["roster"]["late"])
        on_time = gb.find_submission(CHAPTERS[0], graded["roster"]["full"])
        assert late.total_seconds_late > 0 and late.late_submission_penalty > 0
        assert on_time.total_seconds_late == 0 and not on_time.late_submission_penalty


def test_grade_sheet_has_chinese_headers_and_text_student_ids(graded):
    import openpyxl

    header = graded["csv"].read_text("utf-8-sig").splitlines()[0].split(",")
    assert header[:6] == ["学号", "姓名", "班级", "章节", "得分", "满分"]
    book = openpyxl.load_workbook(graded["excel"])
    assert book.sheetnames == ["成绩总表", "汇总", *CHAPTERS, "题目说明"]
    ids = [row[0] for row in book["汇总"].iter_rows(min_row=2)]
    assert ids and all(cell.data_type == "s" for cell in ids)
    names = [row[1].value for row in book["汇总"].iter_rows(min_row=2)]
    assert sampleclass.roster(6)[0].name in names


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_feedback_shows_results_but_never_hidden_test_code(graded, course, chapter):
    import html

    secrets = _secret_lines(_nb(course.source_notebook(chapter)))
    hidden = [line for line in secrets if line.startswith(("checks.", "_", "assert "))]
    assert hidden, "the chapter has hidden tests to protect"
    wrong = graded["roster"]["wrong"]
    page = html.unescape(graded["course"].feedback_page(wrong, chapter).read_text("utf-8"))
    assert "AnswerError" in page  # the failures and their Chinese messages are shown
    assert [line for line in hidden if line in page] == []


def test_feedback_is_written_for_every_graded_submission(graded):
    for outcome in [o for o in graded["outcomes"] if o.ok]:
        path = graded["course"].feedback_page(outcome.student_id, outcome.chapter)
        assert path.is_file(), path


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_nbgrader_validate_accepts_a_solved_release(tmp_path, course, chapter):
    """What a student's Validate button says for a fully answered notebook."""
    from nbgrader.validator import Validator

    release = _nb(course.release_notebook(chapter))
    solved = sampleclass.fill(release, _full_answers(course, chapter))
    path = tmp_path / f"{chapter}.ipynb"
    path.write_text(json.dumps(solved, ensure_ascii=False), "utf-8")
    results = Validator().validate(str(path))
    assert set(results) == set(), results  # no failed, changed or errored cells


def test_sample_class_is_deterministic(course, tmp_path):
    copy = course.copy_to(tmp_path / "c")
    first = tmp_path / "a"
    second = tmp_path / "b"
    sampleclass.write_class(copy, first, CHAPTERS)
    sampleclass.write_class(copy, second, CHAPTERS)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files and files == sorted(p.relative_to(second) for p in second.rglob("*")
                                     if p.is_file())
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes()
    shutil.rmtree(copy.root)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_lesson_cell_repeats_its_heading(course, chapter):
    source = _nb(course.source_notebook(chapter))
    repeated = []
    for cell in source["cells"]:
        lines = [line for line in "".join(cell["source"]).splitlines() if line.strip()]
        if cell["cell_type"] == "markdown" and len(lines) > 1 and lines[0].startswith("#") \
                and lines[1].startswith("#") and lines[0].lstrip("# ") == lines[1].lstrip("# "):
            repeated.append(cell["id"])
    assert repeated == []


def _comments(graded, chapter, student):
    with Gradebook(graded["db"]) as gb:
        notebook = gb.find_submission_notebook(chapter, chapter, student)
        kinds = {g.name: g.cell.cell_type for g in notebook.grades}
        return {c.name: (kinds.get(c.name, "code"), c.auto_comment) for c in notebook.comments}


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_untouched_answers_are_marked_in_chinese(graded, chapter):
    comments = _comments(graded, chapter, "release")
    assert comments and {text for _, text in comments.values()} == {UNANSWERED}


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_rubric_suggestion_is_beside_written_answers_but_not_in_feedback(graded, chapter):
    full = graded["roster"]["full"]
    written = {name: text for name, (kind, text) in _comments(graded, chapter, full).items()
               if kind == "markdown"}
    assert written and all(text.startswith(PREFIX) and "分" in text for text in written.values())
    page = graded["course"].feedback_page(full, chapter)
    assert PREFIX not in page.read_text("utf-8")


def test_a_written_answer_scored_by_hand_is_no_longer_waiting(graded):
    chapter, student = CHAPTERS[0], graded["roster"]["full"]
    with Gradebook(graded["db"]) as gb:
        notebook = gb.find_submission_notebook(chapter, chapter, student)
        written = [g for g in notebook.grades if g.cell.cell_type == "markdown"]
        before = gradesheets.collect_grades(graded["course"], [chapter], [student])[0]
        for grade in written:
            grade.manual_score = grade.max_score
        gb.db.commit()
    after = gradesheets.collect_grades(graded["course"], [chapter], [student])[0]
    assert before["待人工批改"].tolist() == ["是"] and after["待人工批改"].tolist() == ["否"]


def test_question_sheets_name_exercises_and_show_unmarked_written_answers(graded):
    import openpyxl

    book = openpyxl.load_workbook(graded["excel"])
    header = [c.value for c in book["ch07"][1]]
    assert header[:4] == ["学号", "姓名", "班级", "练习 1（2分）"]
    assert "练习 11（书面）（3分）" in header
    full = graded["roster"]["full"]
    row = next(r for r in book["ch07"].iter_rows(min_row=2, values_only=True) if r[0] == full)
    assert row[header.index("练习 11（书面）（3分）")] == "待批改"
    details = [r for r in book["题目说明"].iter_rows(min_row=2, values_only=True) if r[0] == "ch07"]
    assert details[0][:3] == ("ch07", "练习 1", "test_spot_check")


def test_feedback_pages_speak_chinese_and_name_the_exercises(graded):
    late = graded["roster"]["late"]
    page = graded["course"].feedback_page(late, "ch07").read_text("utf-8")
    for english in ("Score:", "Test cell", "Student's answer", "Comments:", "Late submission",
                    "(Top)", "Written response"):
        assert english not in page, english
    assert "得分：" in page and ">练习 1</a>" in page and "迟交扣分" in page
    assert '<html lang="zh-CN">' in page
