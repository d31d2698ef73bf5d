"""Role-play scenarios of chapter 5 (see course/roleplay.py)."""

from __future__ import annotations

from course.roleplay import Scenario

SCENARIOS: list[Scenario] = []
