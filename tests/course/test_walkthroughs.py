"""Platform walkthroughs: every operation of the TOC has one, dated, in its chapter's notebook."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest

from course import walkthroughs
from course.walkthroughs import TOC_OPERATIONS, all_walkthroughs, render

ROOT = Path(__file__).resolve().parents[2]
WALKS = all_walkthroughs()
LATIN_SENTENCE = re.compile(r"[A-Za-z]{4,} [A-Za-z]{4,} [A-Za-z]{4,}")


def _cells(folder: str, chapter: str) -> list[dict]:
    return json.loads((ROOT / folder / chapter / f"{chapter}.ipynb").read_text("utf-8"))["cells"]


def test_every_platform_operation_of_the_toc_has_a_walkthrough():
    missing = sorted({key for key in TOC_OPERATIONS.values() if key not in WALKS})
    assert not missing, f"operations without a walkthrough: {missing}"
    assert {w.key for w in WALKS.values()} <= set(TOC_OPERATIONS.values()), "a walkthrough the TOC lacks"


@pytest.mark.parametrize("key", sorted(WALKS))
def test_a_walkthrough_is_dated_ordered_and_chinese(key):
    walk = WALKS[key]
    assert walk.key.startswith(walk.chapter + ".")
    assert datetime.date.fromisoformat(walk.checked) <= datetime.date.today()
    assert walk.path and len(walk.steps) >= 3
    assert any(step.fields for step in walk.steps), "a walkthrough names the fields it fills"
    text = render(walk)
    assert not LATIN_SENTENCE.search(text), "learners read Chinese"
    assert f"整理于 {walk.checked}" in text and "→" in text or len(walk.path) == 1


@pytest.mark.parametrize("key", sorted(WALKS))
@pytest.mark.parametrize("folder", ["source", "release"])
def test_the_notebook_shows_the_walkthrough_as_registered(key, folder):
    walk = WALKS[key]
    sources = ["".join(c["source"]) for c in _cells(folder, walk.chapter) if c["cell_type"] == "markdown"]
    assert render(walk) in sources, f"run tools/wire_walkthroughs.py {walk.chapter} and kefu release"


def test_render_lists_fields_under_their_step_and_the_toc_items_covered():
    step = walkthroughs.Step("打开页面", (("面额", "5 元"),))
    walk = walkthroughs.Walkthrough("ch04.coupon", "ch04", "设置店铺优惠券", "千牛商家工作台",
                                    ("营销", "优惠券"), (step, step, step), "2026-11-30")
    text = render(walk)
    assert "1. 打开页面\n    - **面额**：5 元" in text and "第三节 3. 店铺优惠券的设置" in text
    assert "「营销」 → 「优惠券」" in text and "整理于 2026-11-30" in text
