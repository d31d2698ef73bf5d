"""Shared fixtures: the repository's course, and fresh copies of it in temp folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.coursedir import Course


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root (the course root of the committed course)."""
    return Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def course(root) -> Course:
    """The committed course, loaded once (never written to by tests)."""
    return Course.load(root)


@pytest.fixture
def course_copy(course, tmp_path) -> Course:
    """A throw-away copy of the course (config, source/, release/) with its own gradebook."""
    return course.copy_to(tmp_path / "course")
