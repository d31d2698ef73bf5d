"""Copying works no more: every chapter graded as five students (tests/e2e/variant_check.py).

A's answers, computed in A's variant and pasted as literals, earn full marks as A and
at most 10% of the value items' points as a classmate; the expected answers of A and a
classmate differ in at least 90% of the value items; the reference solutions earn every
point in every variant and the known wrong answers fail in every variant.
"""

from __future__ import annotations

import importlib
import json

import pytest

from autograder import pipeline, sampleclass
from autograder.coursedir import Course
from autograder.ledger import Ledger
from tests.e2e import variant_check

pytestmark = pytest.mark.slow
CHAPTERS = Course.load().chapters()


@pytest.fixture(scope="module")
def checked():
    return {result.chapter: result for result in variant_check.check(CHAPTERS)}


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_copying_a_classmates_answers_earns_almost_nothing(checked, chapter):
    result = checked[chapter]
    failed = [name for name, ok in result.passes().items() if not ok]
    assert not failed, variant_check.report(result)


def test_the_check_can_fail(checked):
    """The same measure flags a chapter whose answers do not vary (all copies score)."""
    result = checked[CHAPTERS[0]]
    for item in result.items:
        for other in variant_check.OTHERS:
            item.scores[f"copy_{other}"] = item.points
            item.differs[other] = False
    passes = result.passes()
    assert not any(ok for name, ok in passes.items() if "抄给同学" in name or "不同的题" in name)


def test_a_notebook_last_run_as_another_student_is_graded_as_its_submitter(course, tmp_path):
    course = course.copy_to(tmp_path / "course", ["ch07"])
    assert pipeline.prepare_gradebook(course, ["ch07"]) == []
    source = json.loads(course.source_notebook("ch07").read_text("utf-8"))
    release = json.loads(course.release_notebook("ch07").read_text("utf-8"))
    notebook = sampleclass.fill(release, sampleclass.solutions(source))
    setup = next(c for c in notebook["cells"] if c["cell_type"] == "code")
    setup["outputs"] = [{"output_type": "display_data", "data": {"text/markdown": "…"},
                         "metadata": {"kefu_identity": {"student": "2024001",
                                                        "variant": "0123456789ab"}}}]
    folder = course.submission_dir("2024002", "ch07")
    folder.mkdir(parents=True)
    (folder / "ch07.ipynb").write_text(json.dumps(notebook, ensure_ascii=False), "utf-8")
    pipeline.register_students(course, {"2024002": ("王", "五")})
    [outcome] = pipeline.autograde_all(course, ["ch07"], ["2024002"], progress=False)
    assert outcome.ok and "学号不一致" in outcome.reason and "2024001" in outcome.reason
    pipeline.record_outcomes(Ledger(course.ledger_path), [outcome])
    assert "学号不一致" in Ledger(course.ledger_path).get("2024002", "ch07").reason
    page = course.feedback_page("2024002", "ch07").read_text("utf-8")
    assert "学号不一致" in page and "按提交者 2024002 自己的数据评分" in page
    with course.gradebook() as gradebook:  # graded for the submitter: the solutions score
        sub = gradebook.find_submission("ch07", "2024002")
        assert sub.code_score == sub.max_code_score


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_automatic_item_has_a_natural_misconception_sample(course, chapter):
    """Each test cell's answer has at least one sample with its reason (issue 16); the
    grading check above proves each sample fails in two students' variants."""
    source = json.loads(course.source_notebook(chapter).read_text("utf-8"))
    known = importlib.import_module(f"autograder.sampleclass.answers.{chapter}")
    samples = getattr(known, "MISCONCEPTIONS", {})
    answers = [c["metadata"]["nbgrader"]["grade_id"] for c in source["cells"]
               if c["metadata"].get("nbgrader", {}).get("solution")
               and not c["metadata"]["nbgrader"]["grade_id"].startswith("written")]
    tested = {a for a in answers if variant_check._test_of(source, a)}
    missing = sorted(a for a in tested if not samples.get(a))
    assert not missing, f"{chapter} 没有误解样本的题：{missing}"
    for answer_id, listed in samples.items():
        assert answer_id in tested, f"{chapter}: {answer_id} 不是有测试的答题单元格"
        for why, code in listed:
            assert why.strip() and code.strip(), (chapter, answer_id)
