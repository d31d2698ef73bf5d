"""The hostile-submission corpus (tests/e2e/hostile.py) graded in one batch: each gets its due.

One batch grades every case together with honest students, so it also shows
that no submission can stop or disturb the others.
"""

from __future__ import annotations

import json
import os

import pytest

from autograder import pipeline, sampleclass
from autograder.coursedir import Course
from autograder.engine.worker import BASE_UID, sandbox_kind
from tests.e2e import hostile

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sandbox_kind() == "none", reason="评分引擎需要 Linux")]
CH = hostile.CHAPTER
HONEST = ["honest_full_1", "honest_full_2", "honest_wrong"]


@pytest.fixture(scope="module")
def corpus(course, tmp_path_factory):
    root = course.copy_to(tmp_path_factory.mktemp("hostile"), chapters=[CH]).root
    with open(root / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write("\nc.Execute.timeout = 4\n")
    course = Course.load(root)
    release = json.loads(course.release_notebook(CH).read_text("utf-8"))
    bank = sampleclass.answer_bank(course, CH)
    full = {gid: answers[0] for gid, answers in bank.items()}
    wrong = {gid: answers[1] for gid, answers in bank.items()}
    cases = hostile.build_all(release, full, wrong, sampleclass.fill)
    submitted = course.submitted_dir
    for name, (case, data) in cases.items():
        (submitted / name / CH).mkdir(parents=True)
        (submitted / name / CH / case.filename).write_bytes(data)
    for name in HONEST:
        (submitted / name / CH).mkdir(parents=True)
        nb = sampleclass.fill(release, wrong if "wrong" in name else full)
        (submitted / name / CH / f"{CH}.ipynb").write_text(json.dumps(nb), "utf-8")
    assert pipeline.prepare_gradebook(course, [CH]) == []
    outcomes = pipeline.autograde_all(course, [CH], None, progress=False, jobs=2)
    with course.gradebook() as gradebook:
        totals = {s.student_id: s.score for s in gradebook.assignment_submissions(CH)}
    return {"course": course, "cases": {n: c for n, (c, _) in cases.items()},
            "outcomes": {o.student_id: o for o in outcomes}, "totals": totals}


def test_the_batch_grades_every_submission(corpus):
    assert set(corpus["outcomes"]) == set(corpus["cases"]) | set(HONEST)
    assert set(corpus["totals"]) == set(corpus["outcomes"])


def test_honest_students_are_untouched_by_the_hostile_ones(corpus):
    assert corpus["totals"]["honest_full_1"] == hostile.FULL
    assert corpus["totals"]["honest_full_2"] == hostile.FULL
    assert corpus["totals"]["honest_wrong"] == 0


@pytest.mark.parametrize("name", [c.name for c in hostile._cases(sampleclass.fill)])
def test_each_case_gets_its_expected_score_and_reason(corpus, name):
    case = corpus["cases"][name]
    if name == "process_storm" and os.geteuid() != 0:
        pytest.skip("进程数上限只在以 root 运行（有独立 uid）时生效")
    assert corpus["totals"][name] == case.total, case.what
    outcome = corpus["outcomes"][name]
    feedback = corpus["course"].feedback_page(name, CH)
    assert feedback.is_file()
    if case.reason:
        assert case.reason in outcome.reason, outcome.reason
        assert case.reason in feedback.read_text("utf-8")


def test_feedback_never_shows_hidden_tests(corpus):
    source = json.loads(corpus["course"].source_notebook(CH).read_text("utf-8"))
    hidden = [line.strip() for c in source["cells"]
              for block in "".join(c["source"]).split("### BEGIN HIDDEN TESTS")[1:]
              for line in block.split("### END HIDDEN TESTS")[0].splitlines()
              if len(line.strip()) > 12]
    assert hidden
    for page in corpus["course"].feedback_dir.glob(f"*/{CH}/{CH}.html"):
        text = page.read_text("utf-8")
        assert not [line for line in hidden if line in text], page


@pytest.mark.skipif(os.geteuid() != 0, reason="独立 uid 只在以 root 运行时使用")
def test_no_student_process_outlives_the_batch(corpus):
    leftovers = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            uid = os.stat(f"/proc/{pid}").st_uid
        except OSError:
            continue
        if BASE_UID <= uid < BASE_UID + 1000:
            leftovers.append(pid)
    assert leftovers == []
