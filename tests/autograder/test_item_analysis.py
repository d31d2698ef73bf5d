"""The item-analysis report: statistics checked by hand on tiny gradebooks, and the HTML page."""

from __future__ import annotations

import base64
import json
import math
import os
import re
import shutil
import statistics
import sys
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from nbgrader.api import Gradebook  # noqa: E402

from autograder import item_analysis as report  # noqa: E402
from autograder.coursedir import Course  # noqa: E402
from tests.factories import tiny_course  # noqa: E402

SOURCE = Path(__file__).resolve().parents[2] / "source"


def _on(db_url: str, source: Path = SOURCE) -> Course:
    """A course whose gradebook is ``db_url`` and whose source notebooks are in ``source``."""
    folder = Path(db_url.removeprefix("sqlite:///")).parent / "course"
    return tiny_course(folder, f"c.CourseDirectory.db_url = {db_url!r}",
                       f"c.CourseDirectory.source_directory = {str(source)!r}")

# Chapter ch07 of the "item" gradebook: six students s1…s6, one row per item.
# written_plan is a written answer: s1 and s2 are not graded yet (None).
CH07 = {
    "easy_item": (2, [2, 2, 2, 2, 2, 2]),
    "hard_item": (2, [0, 0, 0, 0, 0, 0]),
    "base_item": (10, [0, 2, 4, 6, 8, 10]),
    "tracking_item": (2, [0, 0, 1, 1, 2, 2]),
    "inverse_item": (2, [2, 2, 1, 1, 0, 0]),
}
WRITTEN = (3, [None, None, 1, 1, 2, 2])
STUDENTS = [f"s{i}" for i in range(1, 7)]


@pytest.fixture(scope="module")
def blank_gradebook(tmp_path_factory) -> Path:
    """An empty gradebook file, made once: creating one runs ``alembic`` (seconds)."""
    path = tmp_path_factory.mktemp("blank") / "gradebook.db"
    with pytest.MonkeyPatch.context() as patch:  # nbgrader runs ``alembic`` from PATH
        patch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep
                     + os.environ.get("PATH", ""))
        Gradebook("sqlite:///" + str(path)).close()
    return path


@pytest.fixture(scope="module")
def new_gradebook(blank_gradebook):
    """Open a fresh gradebook at a path (a copy of the blank one)."""
    def open_copy(path: Path) -> Gradebook:
        shutil.copy(blank_gradebook, path)
        return Gradebook("sqlite:///" + str(path))

    return open_copy


def add_chapter(gb: Gradebook, chapter: str, items: dict[str, tuple[float, list]],
                written: dict[str, tuple[float, list]] | None = None) -> None:
    """An assignment with one notebook, code items, then written (markdown) items."""
    gb.add_assignment(chapter)
    gb.add_notebook(chapter, chapter)
    for name, (points, _) in items.items():
        gb.add_grade_cell(name, chapter, chapter, max_score=points, cell_type="code")
    for name, (points, _) in (written or {}).items():
        gb.add_grade_cell(name, chapter, chapter, max_score=points, cell_type="markdown")


def submit(gb: Gradebook, chapter: str, student: str, auto: dict[str, float | None],
           manual: dict[str, float | None] | None = None, penalty: float = 0.0) -> None:
    sub = gb.add_submission(chapter, student)
    for name, score in auto.items():
        gb.find_grade(name, chapter, chapter, student).auto_score = score
    for name, score in (manual or {}).items():
        gb.find_grade(name, chapter, chapter, student).manual_score = score
    sub.notebooks[0].late_submission_penalty = penalty
    gb.db.commit()


@pytest.fixture(scope="module")
def item_db(tmp_path_factory, new_gradebook) -> str:
    path = tmp_path_factory.mktemp("items") / "gradebook.db"
    gb = new_gradebook(path)
    add_chapter(gb, "ch07", CH07, {"written_plan": WRITTEN})
    add_chapter(gb, "ch08", {"unused_item": (1, [])})  # released, nobody submitted
    for i, student in enumerate(STUDENTS):
        gb.add_student(student, first_name=f"同学{i + 1}", last_name="李")
        submit(gb, "ch07", student, {name: scores[i] for name, (_, scores) in CH07.items()},
               {"written_plan": WRITTEN[1][i]})
    gb.close()
    return "sqlite:///" + str(path)


@pytest.fixture(scope="module")
def items(item_db):
    table = report.item_table(_on(item_db), ["ch07", "ch08"])
    return table.set_index("题目")


def totals() -> list[float]:
    """Each student's ch07 total over graded items, by hand: 4, 6, 9, 11, 14, 16."""
    return [sum(scores[i] for _, scores in CH07.values()) + (WRITTEN[1][i] or 0)
            for i in range(len(STUDENTS))]


# --- item statistics ------------------------------------------------------------------------

def test_is_there_one_row_per_item_of_each_chapter_with_submissions(items):
    assert sorted(items.index) == sorted([*CH07, "written_plan"])
    assert set(items["章节"]) == {"ch07"}
    assert list(items.columns) == [c for c in report.ITEM_COLUMNS if c != "题目"]


def test_does_difficulty_equal_the_mean_share_of_points(items):
    for name, (points, scores) in CH07.items():
        assert items.at[name, "难度"] == pytest.approx(sum(scores) / len(scores) / points)
        assert items.at[name, "平均得分"] == pytest.approx(sum(scores) / len(scores))
        assert items.at[name, "满分"] == points
    # base_item by hand: (0 + 2 + 4 + 6 + 8 + 10) / 6 / 10 = 0.5
    assert items.at["base_item", "难度"] == pytest.approx(0.5)


def test_is_the_item_everybody_gets_flagged_too_easy(items):
    assert items.at["easy_item", "难度"] == 1.0
    assert items.at["easy_item", "提示"] == "太容易"
    assert math.isnan(items.at["easy_item", "区分度"])  # no variance


def test_is_the_item_nobody_gets_flagged_too_hard(items):
    assert items.at["hard_item", "难度"] == 0.0
    assert items.at["hard_item", "提示"] == "太难"


def test_does_an_item_that_tracks_the_rest_get_the_hand_computed_discrimination(items):
    # Rest totals (total − item) are 4, 6, 8, 10, 12, 14: mean 9, deviations −5 −3 −1 1 3 5;
    # item deviations −1 −1 0 0 1 1. Σxy = 16, Σx² = 4, Σy² = 70 → r = 16 / √280.
    assert items.at["tracking_item", "区分度"] == pytest.approx(16 / math.sqrt(280))
    rest = [t - s for t, s in zip(totals(), CH07["tracking_item"][1], strict=True)]
    assert rest == [4, 6, 8, 10, 12, 14]
    assert items.at["tracking_item", "区分度"] == pytest.approx(
        statistics.correlation(CH07["tracking_item"][1], rest))
    assert items.at["tracking_item", "提示"] == ""


def test_is_an_inversely_related_item_flagged_as_reverse_discrimination(items):
    # Rest totals 2, 4, 8, 10, 14, 16: Σxy = −24, Σx² = 4, Σy² = 150 → r = −24 / √600.
    assert items.at["inverse_item", "区分度"] == pytest.approx(-24 / math.sqrt(600))
    assert items.at["inverse_item", "提示"] == "反向区分"


def test_do_the_upper_and_lower_groups_hold_27_percent_of_students_each(items):
    # round(0.27 × 6) = 2 students: lower s1, s2 (totals 4, 6), upper s5, s6 (14, 16).
    assert totals() == [4, 6, 9, 11, 14, 16]
    assert items.at["tracking_item", "高分组得分率"] == 1.0
    assert items.at["tracking_item", "低分组得分率"] == 0.0
    assert items.at["inverse_item", "高分组得分率"] == 0.0
    assert items.at["inverse_item", "低分组得分率"] == 1.0


def test_are_ungraded_written_answers_left_out_and_reported(items):
    row = items.loc["written_plan"]
    assert row["题型"] == "书面作答"
    assert row["人数"] == 4
    assert row["难度"] == pytest.approx((1 + 1 + 2 + 2) / 4 / 3)
    assert math.isnan(row["区分度"])  # only 4 graded answers: fewer than 5 students
    assert "尚未人工批改" in row["提示"] and "2" in row["提示"]
    assert math.isnan(row["低分组得分率"])  # the lower group s1, s2 is not graded yet


def test_is_a_negative_discrimination_reported_once_not_also_as_low():
    assert report.flags(0.5, -0.1) == ["反向区分"]
    assert report.flags(0.5, 0.1) == ["区分度低"]
    assert report.flags(0.95, 0.1) == ["太容易", "区分度低"]
    assert report.flags(0.2, math.nan) == ["太难"]
    assert report.flags(0.5, 0.5) == []


def test_does_pearson_match_the_standard_library_and_give_nan_without_variance():
    x, y = [1, 4, 2, 8, 5, 7], [3, 9, 1, 6, 6, 10]
    assert report.pearson(x, y) == pytest.approx(statistics.correlation(x, y))
    assert math.isnan(report.pearson([1, 1, 1], [1, 2, 3]))


def test_are_items_listed_in_the_source_notebook_order(tmp_path, new_gradebook):
    order = ["q_first", "q_second", "q_third"]
    notebook = {"cells": [{"metadata": {"nbgrader": {"grade_id": g}}} for g in order]}
    (tmp_path / "source" / "ch03").mkdir(parents=True)
    (tmp_path / "source" / "ch03" / "ch03.ipynb").write_text(json.dumps(notebook))
    gb = new_gradebook(tmp_path / "gb.db")
    add_chapter(gb, "ch03", {g: (1, []) for g in reversed(order)})
    gb.add_student("s1")
    submit(gb, "ch03", "s1", dict.fromkeys(order, 1.0))
    gb.close()
    table = report.item_table(_on("sqlite:///" + str(tmp_path / "gb.db"), tmp_path / "source"),
                              ["ch03"])
    assert list(table["题目"]) == order


def test_does_a_missing_gradebook_raise_a_chinese_error_instead_of_creating_one(tmp_path):
    with pytest.raises(FileNotFoundError, match="找不到成绩库"):
        report.item_table(_on("sqlite:///" + str(tmp_path / "none.db")), ["ch07"])
    assert not (tmp_path / "none.db").exists()


# --- students at risk -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def risk_db(tmp_path_factory, new_gradebook) -> str:
    """ch01–ch03 have one 10-point item; ch04 exists but nobody has submitted it."""
    path = tmp_path_factory.mktemp("risk") / "gradebook.db"
    gb = new_gradebook(path)
    for chapter in ("ch01", "ch02", "ch03", "ch04"):
        add_chapter(gb, chapter, {f"{chapter}_item": (10, [])})
    scores = {
        "strong": {"ch01": 10, "ch02": 9, "ch03": 10},
        "weak": {"ch01": 3},                          # low and two chapters missing
        "one_bad_chapter": {"ch01": 10, "ch02": 4, "ch03": 10},
        "two_missing": {"ch01": 10},
        "two_below": {"ch01": 5, "ch02": 5, "ch03": 10},
        "absent": {},
    }
    for student, marks in scores.items():
        gb.add_student(student, first_name=student, last_name="王")
        for chapter, mark in marks.items():
            submit(gb, chapter, student, {f"{chapter}_item": float(mark)})
    gb.add_student("late")  # full marks everywhere, but 6 points late penalty in two chapters
    for chapter in ("ch01", "ch02", "ch03"):
        submit(gb, chapter, "late", {f"{chapter}_item": 10.0},
               penalty=6.0 if chapter != "ch03" else 0.0)
    gb.close()
    return "sqlite:///" + str(path)


@pytest.fixture(scope="module")
def risk(risk_db):
    return report.students_at_risk(_on(risk_db), ["ch01", "ch02", "ch03", "ch04"]).set_index("学号")


def test_is_a_weak_student_with_missing_chapters_at_risk(risk):
    row = risk.loc["weak"]
    assert row["平均得分率"] == pytest.approx(0.3)
    assert row["未提交章数"] == 2  # ch04 has no submissions at all: not counted
    assert row["低于及格的章节"] == ["ch01"]
    assert row["姓名"] == "王weak"
    assert "平均得分率" in row["原因"] and "未提交" in row["原因"]


def test_is_a_strong_student_not_at_risk(risk):
    assert "strong" not in risk.index
    assert "one_bad_chapter" not in risk.index  # mean 0.8, a single chapter below 60%


def test_do_two_missing_or_two_failed_chapters_each_make_a_student_at_risk(risk):
    assert risk.at["two_missing", "平均得分率"] == 1.0
    assert risk.at["two_missing", "未提交章数"] == 2
    assert risk.at["two_below", "平均得分率"] == pytest.approx((0.5 + 0.5 + 1.0) / 3)
    assert risk.at["two_below", "低于及格的章节"] == ["ch01", "ch02"]
    assert "2 章得分率低于" in risk.at["two_below", "原因"]


def test_is_a_student_without_any_submission_at_risk(risk):
    assert risk.at["absent", "未提交章数"] == 3
    assert math.isnan(risk.at["absent", "平均得分率"])
    assert "未提交" in risk.at["absent", "原因"]


def test_does_the_late_penalty_lower_the_share(risk):
    assert risk.at["late", "平均得分率"] == pytest.approx((0.4 + 0.4 + 1.0) / 3)
    assert risk.at["late", "低于及格的章节"] == ["ch01", "ch02"]


def test_does_the_threshold_change_who_is_at_risk(risk_db):
    lenient = report.students_at_risk(_on(risk_db), ["ch01", "ch02", "ch03"], threshold=0.2)
    assert "two_below" not in set(lenient["学号"])
    assert "two_missing" in set(lenient["学号"])


# --- the HTML report ------------------------------------------------------------------------

def build(db_url: str, chapters: list[str], out) -> tuple[str, list[str]]:
    """The page and the glyph warnings raised while building it."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = report.build_report(_on(db_url), chapters, out)
    glyphs = [str(w.message) for w in caught
              if "Glyph" in str(w.message) or "missing from" in str(w.message)]
    return path.read_text(encoding="utf-8"), glyphs


@pytest.fixture(scope="module")
def page(item_db, tmp_path_factory):
    text, glyphs = build(item_db, ["ch07", "ch08", "ch09"],
                         tmp_path_factory.mktemp("html") / "sub" / "report.html")
    assert glyphs == []
    return text


def test_is_the_page_self_contained_chinese_html(page):
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in page and '<meta charset="utf-8">' in page
    assert "http" not in page
    assert "<script" not in page and "<link" not in page


def test_does_the_page_have_the_chinese_sections(page):
    for title in ("概况", "如何阅读本报告", "各章题目分析", "需要关注的学生", "区分度",
                  "点二列相关", "客服数据监控与统计分析"):
        assert title in page


def test_does_the_page_embed_three_png_charts_per_chapter_with_submissions(page):
    images = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == 3  # only ch07 has submissions
    assert all(base64.b64decode(i).startswith(b"\x89PNG") for i in images)


def test_does_the_item_table_highlight_the_flags(page):
    for flag in ("太容易", "太难", "反向区分", "尚未人工批改"):
        assert re.search(rf'<span class="flag [\w-]+">{flag}', page), flag
    assert page.count('<tr class="flagged">') >= 4


def test_are_chapters_without_submissions_explained(page):
    for chapter in ("ch08", "ch09"):
        section = page.split(f'<h3 id="{chapter}">')[1].split("<h3")[0]
        assert "还没有学生提交" in section


def test_are_students_at_risk_listed_in_the_page(risk_db, tmp_path):
    text, glyphs = build(risk_db, ["ch01", "ch02", "ch03", "ch04"], tmp_path / "r.html")
    assert glyphs == []
    risk = text.split("需要关注的学生</h2>")[1]
    assert "weak" in risk and "two_below" in risk
    assert "strong" not in risk


def test_does_a_one_student_class_build_with_dashes_for_discrimination(tmp_path, new_gradebook):
    gb = new_gradebook(tmp_path / "gb.db")
    add_chapter(gb, "ch01", {"only_item": (2, []), "other_item": (3, [])})
    gb.add_student("solo", first_name="一", last_name="张")
    submit(gb, "ch01", "solo", {"only_item": 2.0, "other_item": 1.0})
    gb.close()
    db_url = "sqlite:///" + str(tmp_path / "gb.db")
    table = report.item_table(_on(db_url), ["ch01"])
    assert table["区分度"].isna().all()
    text, glyphs = build(db_url, ["ch01"], tmp_path / "one.html")
    assert glyphs == []
    assert "<td class=\"num\">—</td>" in text


def test_do_all_equal_scores_give_no_discrimination_and_still_build(tmp_path, new_gradebook):
    gb = new_gradebook(tmp_path / "gb.db")
    add_chapter(gb, "ch02", {"same_a": (2, []), "same_b": (2, [])})
    for i in range(6):
        gb.add_student(f"e{i}")
        submit(gb, "ch02", f"e{i}", {"same_a": 1.0, "same_b": 1.0})
    gb.close()
    db_url = "sqlite:///" + str(tmp_path / "gb.db")
    table = report.item_table(_on(db_url), ["ch02"])
    assert table["区分度"].isna().all()
    assert (table["难度"] == 0.5).all() and (table["提示"] == "").all()
    text, glyphs = build(db_url, ["ch02"], tmp_path / "same.html")
    assert glyphs == []
    assert "<td class=\"num\">—</td>" in text


def test_does_the_page_carry_its_own_chinese_font(page):
    assert "@font-face" in page and "KefuCJK" in page and "data:font/otf;base64," in page
    start = page.index("data:font/otf;base64,") + len("data:font/otf;base64,")
    font = base64.b64decode(page[start:page.index(")", start)])
    assert font[:4] == b"OTTO" and len(font) < 400_000  # a small subset, not the whole font


def test_are_empty_or_corrupt_files_left_out_and_listed_apart(item_db, tmp_path):
    from autograder.ledger import Ledger

    copy = tmp_path / "gb.db"
    shutil.copy(item_db.removeprefix("sqlite:///"), copy)
    course = _on("sqlite:///" + str(copy))
    ledger = Ledger(course.ledger_path)
    ledger.record("s1", "ch07", ok="no", reason="提交的文件是空的（0 字节）")
    ledger.save()
    table = report.item_table(course, ["ch07"]).set_index("题目")
    assert table.at["easy_item", "人数"] == len(STUDENTS) - 1
    text, _ = build(course.db_url, ["ch07"], tmp_path / "r.html")
    assert "无法评分的提交" in text and "提交的文件是空的（0 字节）" in text


def test_chapters_drawn_side_by_side_make_the_same_sections_and_keep_their_warnings(
        item_db, monkeypatch):
    course, chapters = _on(item_db), ["ch07", "ch08", "ch09"]
    records = report.read_gradebook(course, chapters)
    items = report._item_stats(records.grades, records.order)
    shares = report._chapter_shares(records)
    together = report._sections(chapters, items, shares, report.PASS_SHARE, records.labels)
    alone = [report._chapter_section(chapter, items, shares, report.PASS_SHARE, records.labels)
             for chapter in chapters]
    assert together == alone

    def noisy(chapter, *rest):
        warnings.warn(f"Glyph missing from {chapter}", stacklevel=1)
        return chapter

    # A warning raised while a chapter is drawn (in another process) reaches the caller.
    monkeypatch.setattr(report, "_chapter_section", noisy)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert report._sections(chapters, items, shares, report.PASS_SHARE, {}) == chapters
    assert sorted(str(w.message) for w in caught) == [f"Glyph missing from {c}" for c in chapters]
