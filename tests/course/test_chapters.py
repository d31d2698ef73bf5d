"""Chapter ids and titles."""

from __future__ import annotations

import pytest

from course.chapters import CHAPTERS, ORIENTATION, chapter_id, title


@pytest.mark.parametrize("text", ["7", "07", "ch7", "ch07", " CH07 "])
def test_chapter_names_are_normalised(text):
    assert chapter_id(text) == "ch07"


@pytest.mark.parametrize("text", ["ch10", "seven", "", "ch007"])
def test_bad_chapter_names_are_refused_in_chinese(text):
    with pytest.raises(ValueError, match="无法识别的章节"):
        chapter_id(text)


def test_nine_chapters_and_an_orientation_each_with_a_chinese_title():
    assert list(CHAPTERS) == [f"ch0{i}" for i in range(1, 10)]
    assert title("ch07") == "客服数据监控与统计分析"
    assert title("ch00") == ORIENTATION["ch00"]
    assert title("ch42") == "ch42"
