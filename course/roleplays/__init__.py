"""The role-play scenarios of the 售前 (ch04), 售中 (ch05) and 售后 (ch06) chapters.

Each chapter module lists its :class:`course.roleplay.Scenario` objects in ``SCENARIOS``;
this package collects them by key (``"ch04.bargain"``) and by the notebook answer cell that
holds the learner's replies (``grade_id``).
"""

from __future__ import annotations

from course.roleplay import Scenario
from course.roleplays import ch04, ch05, ch06

SCENARIOS: dict[str, Scenario] = {s.key: s for module in (ch04, ch05, ch06)
                                  for s in module.SCENARIOS}


def by_grade_id(grade_id: str) -> Scenario | None:
    """The scenario whose replies the answer cell ``grade_id`` holds."""
    return next((s for s in SCENARIOS.values() if s.grade_id and s.grade_id == grade_id), None)


def label(grade_id: str) -> str | None:
    """How tables name the chat whose replies ``grade_id`` holds (对话练习：嫌贵砍价的买家)."""
    scenario = by_grade_id(grade_id)
    return None if scenario is None else "对话练习：" + scenario.title.split("：", 1)[-1]


def of_chapter(chapter: str) -> list[Scenario]:
    return [s for s in SCENARIOS.values() if s.chapter == chapter]


def scenario_values(key: str) -> dict[str, object]:
    """The scenario's buyer, product, order… from the learner's own shop data."""
    return SCENARIOS[key].values()


#: The first line of a chat answer cell as released (the rest is ``name = []``).
ANSWER_HEAD = "# 把对话练习「复制为代码」框里的内容粘贴到这里（替换下面这一行），再运行本单元格。"


def answer_stubs(chapter: str) -> dict[str, str]:
    """grade_id → the released content of each chat answer cell of ``chapter``."""
    return {s.grade_id: f"{ANSWER_HEAD}\n{s.answer} = []" for s in of_chapter(chapter) if s.grade_id}
