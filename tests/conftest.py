"""Shared fixtures: the repository root and a graded copy of the course in a temp folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def make_course_copy(dest: Path) -> Path:
    """A course root with the config, source/ and release/ (data stays in the repo)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "nbgrader_config.py", dest / "nbgrader_config.py")
    shutil.copytree(ROOT / "source", dest / "source")
    shutil.copytree(ROOT / "release", dest / "release")
    return dest
