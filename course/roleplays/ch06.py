"""Role-play scenarios of chapter 6 (see course/roleplay.py)."""

from __future__ import annotations

from course.roleplay import Scenario

SCENARIOS: list[Scenario] = []
