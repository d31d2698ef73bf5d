"""The labelled set: does the rubric helper suggest the score a teacher would give?"""

from __future__ import annotations

from collections import Counter

import pytest

from autograder import rubric
from autograder.coursedir import Course
from autograder.rubric_labels import KINDS, LABELS, text_of

WRITTEN = {w.grade_id: w for w in rubric.written_answers(Course.load().source_dir)}


def _id(label) -> str:
    same = [x for x in LABELS if (x.grade_id, x.kind) == (label.grade_id, label.kind)]
    return f"{WRITTEN[label.grade_id].chapter}-{label.kind}-{same.index(label)}"


@pytest.fixture(scope="module")
def kpis():
    from autograder.rubric_labels import KPI_PERIOD
    from course.kpi import agent_kpis

    return agent_kpis(*KPI_PERIOD)


def test_every_written_item_has_every_kind_of_label():
    kinds = {(label.grade_id, label.kind) for label in LABELS}
    assert {grade_id for grade_id, _ in kinds} == set(WRITTEN) == set(rubric.RUBRICS)
    for grade_id in WRITTEN:
        assert {kind for g, kind in kinds if g == grade_id} == set(KINDS), grade_id


def test_labels_are_well_formed():
    for label in LABELS:
        assert label.kind in KINDS and 0 <= label.low <= label.high <= WRITTEN[
            label.grade_id].points, label
        assert label.text.strip() and label.why, label
    assert Counter(label.holdout for label in LABELS)[True] >= 9


def test_placeholders_are_filled_from_the_data(kpis):
    label = next(x for x in LABELS if "{kpi:" in x.text)
    text = text_of(label, "范文", kpis)
    assert "{" not in text
    assert f"{kpis.loc['A03', 'conversion_rate'] * 100:.0f}%" in text


@pytest.mark.parametrize("label", LABELS, ids=_id)
def test_the_suggestion_falls_in_the_teachers_range(label, kpis):
    answer = WRITTEN[label.grade_id]
    result = rubric.assess(answer.chapter, label.grade_id, text_of(label, answer.model, kpis))
    assert label.low <= result.score <= label.high, (label.why, result.summary())


def test_the_teachers_manual_reports_the_labelled_set_as_it_is():
    from pathlib import Path

    manual = (Path(__file__).resolve().parents[2] / "docs" / "manual-grading.md").read_text("utf-8")
    counts = Counter(label.kind for label in LABELS)
    for kind, name in KINDS.items():
        n = counts[kind]
        assert f"| {name} | {n} | {n}/{n} |" in manual, name
    assert f"| 合计 | {len(LABELS)} | {len(LABELS)}/{len(LABELS)} |" in manual
    holdout = sum(label.holdout for label in LABELS)
    assert f"写的 {holdout} 篇" in manual
