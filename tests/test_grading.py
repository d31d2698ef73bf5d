"""Grading pipeline helpers: what makes a submission ungradable, chapter names, late policy."""

from __future__ import annotations

import pytest

from autograder.grading import chapter_id, notebook_problem
from autograder.late import DailyPenalty


def test_missing_empty_and_broken_notebooks_get_a_chinese_reason(tmp_path):
    assert "没有找到" in notebook_problem(tmp_path / "ch07.ipynb")
    empty = tmp_path / "empty.ipynb"
    empty.write_text("   \n", "utf-8")
    assert notebook_problem(empty) == "提交的文件是空的（0 字节）"
    broken = tmp_path / "broken.ipynb"
    broken.write_text('{"cells": [', "utf-8")
    assert "不是有效的 .ipynb" in notebook_problem(broken)
    gbk = tmp_path / "gbk.ipynb"
    gbk.write_bytes("{\"单元格\": 1}".encode("gbk"))
    assert "不是有效的 .ipynb" in notebook_problem(gbk)
    other = tmp_path / "other.ipynb"
    other.write_text('{"name": "not a notebook"}', "utf-8")
    assert "缺少 cells" in notebook_problem(other)


def test_a_real_notebook_has_no_problem(root):
    assert notebook_problem(root / "release" / "ch07" / "ch07.ipynb") == ""


@pytest.mark.parametrize("text", ["7", "07", "ch7", "ch07", " CH07 "])
def test_chapter_names_are_normalised(text):
    assert chapter_id(text) == "ch07"


@pytest.mark.parametrize("text", ["ch10", "seven", "", "ch007"])
def test_bad_chapter_names_are_refused_in_chinese(text):
    with pytest.raises(ValueError, match="无法识别的章节"):
        chapter_id(text)


def test_late_penalty_is_a_tenth_per_started_day_and_never_more_than_the_score():
    plugin = DailyPenalty()
    assert plugin.late_submission_penalty("s", 20.0, 0) is None
    assert plugin.late_submission_penalty("s", 20.0, 1) == 2.0
    assert plugin.late_submission_penalty("s", 20.0, 86400) == 2.0
    assert plugin.late_submission_penalty("s", 20.0, 86401) == 4.0
    assert plugin.late_submission_penalty("s", 20.0, 86400 * 30) == 20.0


def test_each_chapter_can_have_its_own_late_rate():
    from traitlets.config import Config, Configurable

    class Step(Configurable):  # stands in for nbgrader's AssignLatePenalties
        assignment_id = None

    config = Config()
    config.DailyPenalty.rates = {"ch07": 0.25, "ch08": 0.0}
    for chapter, expected in (("ch07", 5.0), ("ch08", 0.0), ("ch09", 2.0)):
        step = Step(config=config)
        step.assignment_id = chapter
        plugin = DailyPenalty(parent=step)
        assert plugin.late_submission_penalty("s", 20.0, 3600) == expected, chapter


def test_the_course_config_gives_every_chapter_a_late_rate():
    from autograder.grading import load_config
    from autograder.settings import CHAPTERS

    rates = load_config().DailyPenalty.rates
    assert set(rates) == set(CHAPTERS) and all(0 <= r <= 1 for r in rates.values())
