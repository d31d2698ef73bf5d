"""Each role-play chat sits in its chapter's notebook: a brief, the widget, a manual answer cell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from autograder.chats import replies_of
from course import roleplay
from course.roleplays import SCENARIOS, answer_stubs, of_chapter

ROOT = Path(__file__).resolve().parents[2]


def _cell(folder: str, chapter: str, grade_id: str) -> dict:
    cells = json.loads((ROOT / folder / chapter / f"{chapter}.ipynb").read_text("utf-8"))["cells"]
    found = [c for c in cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id]
    assert len(found) == 1, f"{chapter} should have one answer cell {grade_id}"
    return found[0]


@pytest.mark.parametrize("chapter", ["ch04", "ch05", "ch06"])
def test_each_sales_chapter_has_two_branching_chats(chapter):
    scenarios = of_chapter(chapter)
    assert len(scenarios) >= 2
    for scenario in scenarios:
        endings = scenario.endings()
        assert any(t.success for t in endings.values()) and any(not t.success for t in endings.values())
        assert all(t.result for t in endings.values()), "every ending says how the chat ended"
        assert sum(len(t.branches) >= 2 for t in scenario.turns.values()) >= 2, "the buyer branches"


@pytest.mark.parametrize("key", sorted(SCENARIOS))
def test_the_reference_chat_closes_well_and_the_released_cell_is_empty(key):
    scenario = SCENARIOS[key]
    source = _cell("source", scenario.chapter, scenario.grade_id)
    meta = source["metadata"]["nbgrader"]
    assert meta["grade"] and meta["solution"] and meta["points"] > 0
    reference = replies_of("".join(source["source"]).replace("### BEGIN SOLUTION", "").replace(
        "### END SOLUTION", ""))
    assert reference, "the source holds a reference chat"
    end = roleplay.outcome(scenario, reference)
    assert end is not None and end.success, f"the reference chat of {key} should close well"
    exchanges, _, _ = roleplay.replay(scenario, reference, scenario.values())
    assert all(e.check.good for e in exchanges), "every reference reply meets its needs"
    released = "".join(_cell("release", scenario.chapter, scenario.grade_id)["source"])
    assert released == answer_stubs(scenario.chapter)[scenario.grade_id]
    assert replies_of(released) == []
    cells = json.loads((ROOT / "source" / scenario.chapter / f"{scenario.chapter}.ipynb")
                       .read_text("utf-8"))["cells"]
    assert any(f'RolePlayChat("{key}")' in "".join(c["source"]) for c in cells if c["cell_type"] == "code")


@pytest.mark.parametrize("chapter", ["ch04", "ch05", "ch06"])
def test_the_chat_cells_sit_together_with_their_points_and_the_widget_is_imported(chapter):
    cells = json.loads((ROOT / "source" / chapter / f"{chapter}.ipynb").read_text("utf-8"))["cells"]
    setup = "".join(next(c for c in cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
                         == "setup")["source"])
    assert "RolePlayChat" in setup.split("from course.ui import", 1)[1].splitlines()[0]
    ids = [c.get("id") for c in cells]
    for scenario in of_chapter(chapter):
        slug = scenario.grade_id.replace("_", "-")
        at = ids.index(f"{slug}-intro")
        assert ids[at:at + 3] == [f"{slug}-intro", f"{slug}-widget", f"{slug}-answer"]
        points = cells[at + 2]["metadata"]["nbgrader"]["points"]
        assert f"（老师批改，{points:g} 分）" in "".join(cells[at]["source"])
        assert scenario.title in "".join(cells[at]["source"])
