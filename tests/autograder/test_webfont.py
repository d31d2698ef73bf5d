"""autograder.webfont: the report's embedded Chinese font covers the page's characters."""

from __future__ import annotations

import base64
import io
import re

import pytest
from fontTools.ttLib import TTFont

from autograder import webfont
from course.plotting import bundled_font_path

pytestmark = pytest.mark.skipif(bundled_font_path() is None, reason="no bundled CJK font")


def _font(rule: str) -> TTFont:
    data = re.search(r"base64,([A-Za-z0-9+/=]+)\)", rule).group(1)
    return TTFont(io.BytesIO(base64.b64decode(data)))


def test_the_subset_has_every_character_of_the_page_and_little_else():
    page = "<h1>题目分析</h1><p>得分率 85%，区分度 0.42：王思雨</p>"
    cmap = _font(webfont.font_face(page)).getBestCmap()
    for char in "题目分析得分率区分度王思雨85%，：.":
        assert ord(char) in cmap, char
    assert ord("猫") not in cmap  # not on the page
    assert len(cmap) < 60


def test_lazy_loading_gives_the_same_font_bytes_as_a_full_load(monkeypatch):
    from fontTools import subset

    page = "<p>成绩表：练习一至练习九</p>"
    lazy = webfont.font_face(page)
    load = subset.load_font
    monkeypatch.setattr(subset, "load_font",
                        lambda path, options, lazy=None: load(path, options, lazy=None))
    assert webfont.font_face(page) == lazy
