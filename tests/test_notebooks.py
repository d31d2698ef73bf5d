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

from autograder import exports, grading, sampleclass
from autograder.release import build_release
from autograder.settings import due_date, existing_chapters, nbgrader_timestamp, released_chapters
from tests.conftest import make_course_copy

pytestmark = pytest.mark.slow
CHAPTERS = existing_chapters()


def _nb(path):
    return json.loads(path.read_text("utf-8"))


def _write(course, student, chapter, notebook):
    folder = course / "autograder" / "submitted" / student / chapter
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{chapter}.ipynb").write_text(json.dumps(notebook, ensure_ascii=False), "utf-8")
    (folder / "timestamp.txt").write_text(nbgrader_timestamp(due_date(chapter)), "utf-8")


def _full_answers(course, chapter):
    return sampleclass.solutions(_nb(course / "source" / chapter / f"{chapter}.ipynb"))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = make_course_copy(tmp_path_factory.mktemp("course"))
    roster = sampleclass.roster(6)
    sampleclass.write_class(course / "autograder" / "submitted", CHAPTERS, n=6, root=course)
    extra = []
    for chapter in CHAPTERS:
        source = _nb(course / "source" / chapter / f"{chapter}.ipynb")
        release = _nb(course / "release" / chapter / f"{chapter}.ipynb")
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
            folder = course / "autograder" / "submitted" / student / chapter
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{chapter}.ipynb").write_text(text, "utf-8")
    students = [s.student_id for s in roster] + extra
    assert grading.prepare_gradebook(CHAPTERS, course) == []
    config = grading.load_config(course)
    exports.register_students(config.CourseDirectory.db_url,
                              {s.student_id: (s.last_name, s.first_name) for s in roster})
    outcomes = grading.autograde_all(CHAPTERS, students, course, progress=False)
    csv_path, excel_path = exports.write_grades(course, CHAPTERS, outcomes, students)
    return {"course": course, "db": config.CourseDirectory.db_url, "outcomes": outcomes,
            "roster": {s.profile: s.student_id for s in roster}, "csv": csv_path,
            "excel": excel_path}


def _grades(graded, chapter, student):
    with Gradebook(graded["db"]) as gb:
        notebook = gb.find_submission_notebook(chapter, chapter, student)
        return {g.name: (g.score, g.max_score, g.auto_score is not None or g.cell.cell_type ==
                         "code") for g in notebook.grades}


def _auto(grades):
    return {name: (score, top) for name, (score, top, auto) in grades.items() if auto}


@pytest.mark.parametrize("chapter", released_chapters())
def test_release_is_exactly_what_generate_assignment_makes(tmp_path, root, chapter):
    build_release([chapter], out_dir=tmp_path)
    made = tmp_path / chapter / f"{chapter}.ipynb"
    assert made.read_bytes() == (root / "release" / chapter / f"{chapter}.ipynb").read_bytes()


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
def test_release_holds_no_solution_and_no_hidden_test(root, chapter):
    release = _nb(root / "release" / chapter / f"{chapter}.ipynb")
    text = "\n".join("".join(c["source"]) for c in release["cells"])
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text
    secrets = _secret_lines(_nb(root / "source" / chapter / f"{chapter}.ipynb"))
    assert len(secrets) > 20
    leaked = [line for line in secrets if line in text]
    assert leaked == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_has_enough_autograded_items_and_a_written_answer(root, chapter):
    source = _nb(root / "source" / chapter / f"{chapter}.ipynb")
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
    done = _nb(graded["course"] / "autograder" / "autograded" / "source" / chapter
               / f"{chapter}.ipynb")
    errors = [c["id"] for c in done["cells"] if c["cell_type"] == "code"
              for o in c["outputs"] if o["output_type"] == "error"]
    assert errors == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_release_earns_zero_and_fails_only_on_the_stubs(graded, chapter):
    auto = _auto(_grades(graded, chapter, "release"))
    assert sum(score for score, _ in auto.values()) == 0
    done = _nb(graded["course"] / "autograder" / "autograded" / "release" / chapter
               / f"{chapter}.ipynb")
    for cell in done["cells"]:
        if cell["cell_type"] != "code":
            continue
        meta = cell["metadata"].get("nbgrader", {})
        errors = [o for o in cell["outputs"] if o["output_type"] == "error"]
        if meta.get("solution"):
            assert all(e["ename"] == "NotImplementedError" for e in errors), cell["id"]
        elif not meta.get("grade"):
            assert errors == [], f"lesson cell {cell['id']} fails in the release"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_known_wrong_answers_fail_every_test(graded, chapter):
    wrong = graded["roster"]["wrong"]
    auto = _auto(_grades(graded, chapter, wrong))
    assert {name: score for name, (score, _) in auto.items() if score} == {}


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
    done = (graded["course"] / "autograder" / "autograded" / "deleted" / chapter
            / f"{chapter}.ipynb").read_text("utf-8")
    assert "评分时已自动恢复" in done


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_warnings_on_stderr_do_not_cost_points(graded, chapter):
    done = (graded["course"] / "autograder" / "autograded" / "warns" / chapter
            / f"{chapter}.ipynb").read_text("utf-8")
    assert "这个写法以后会变" in _nb(graded["course"] / "autograder" / "submitted" / "warns"
                                 / chapter / f"{chapter}.ipynb").__repr__()
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
    assert book.sheetnames == ["汇总", *CHAPTERS]
    ids = [row[0] for row in book["汇总"].iter_rows(min_row=2)]
    assert ids and all(cell.data_type == "s" for cell in ids)
    names = [row[1].value for row in book["汇总"].iter_rows(min_row=2)]
    assert sampleclass.roster(6)[0].name in names


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_feedback_shows_results_but_never_hidden_test_code(graded, root, chapter):
    import html

    secrets = _secret_lines(_nb(root / "source" / chapter / f"{chapter}.ipynb"))
    hidden = [line for line in secrets if line.startswith(("checks.", "_", "assert "))]
    assert hidden, "the chapter has hidden tests to protect"
    wrong = graded["roster"]["wrong"]
    page = html.unescape((graded["course"] / "autograder" / "feedback" / wrong / chapter
                          / f"{chapter}.html").read_text("utf-8"))
    assert "AnswerError" in page  # the failures and their Chinese messages are shown
    assert [line for line in hidden if line in page] == []


def test_feedback_is_written_for_every_graded_submission(graded):
    for outcome in [o for o in graded["outcomes"] if o.ok]:
        path = (graded["course"] / "autograder" / "feedback" / outcome.student_id
                / outcome.chapter / f"{outcome.chapter}.html")
        assert path.is_file(), path


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_nbgrader_validate_accepts_a_solved_release(tmp_path, root, chapter):
    """What a student's Validate button says for a fully answered notebook."""
    from nbgrader.validator import Validator

    release = _nb(root / "release" / chapter / f"{chapter}.ipynb")
    solved = sampleclass.fill(release, _full_answers(root, chapter))
    path = tmp_path / f"{chapter}.ipynb"
    path.write_text(json.dumps(solved, ensure_ascii=False), "utf-8")
    results = Validator().validate(str(path))
    assert set(results) == set(), results  # no failed, changed or errored cells


def test_sample_class_is_deterministic(tmp_path, root):
    course = make_course_copy(tmp_path / "c")
    first = tmp_path / "a"
    second = tmp_path / "b"
    sampleclass.write_class(first, CHAPTERS, root=course)
    sampleclass.write_class(second, CHAPTERS, root=course)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files and files == sorted(p.relative_to(second) for p in second.rglob("*")
                                     if p.is_file())
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes()
    shutil.rmtree(course)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_lesson_cell_repeats_its_heading(root, chapter):
    source = _nb(root / "source" / chapter / f"{chapter}.ipynb")
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
    assert comments and {text for _, text in comments.values()} == {"未作答。"}


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_rubric_suggestion_is_beside_written_answers_but_not_in_feedback(graded, chapter):
    from autograder.engine.comments import PREFIX

    full = graded["roster"]["full"]
    written = {name: text for name, (kind, text) in _comments(graded, chapter, full).items()
               if kind == "markdown"}
    assert written and all(text.startswith(PREFIX) and "分" in text for text in written.values())
    page = (graded["course"] / "autograder" / "feedback" / full / chapter / f"{chapter}.html")
    assert PREFIX not in page.read_text("utf-8")


def test_a_written_answer_scored_by_hand_is_no_longer_waiting(graded):
    chapter, student = CHAPTERS[0], graded["roster"]["full"]
    with Gradebook(graded["db"]) as gb:
        notebook = gb.find_submission_notebook(chapter, chapter, student)
        written = [g for g in notebook.grades if g.cell.cell_type == "markdown"]
        before = exports.collect_grades(graded["db"], [chapter], [student])[0]
        for grade in written:
            grade.manual_score = grade.max_score
        gb.db.commit()
    after = exports.collect_grades(graded["db"], [chapter], [student])[0]
    assert before["待人工批改"].tolist() == ["是"] and after["待人工批改"].tolist() == ["否"]
