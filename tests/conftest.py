"""Shared fixtures: the repository's course, and fresh copies of it in temp folders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from autograder.coursedir import Course

#: Every course the tests grade has this class secret (autograder/classkey.py): each
#: graded notebook runs as its student's own variant, as in a real class.
os.environ.setdefault("KEFU_COURSE_SECRET", "kefu-test-secret")


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


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright (never a downloaded browser), one per test module;
    the browser tests skip themselves when chromium is missing."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or shutil.which("chromium-browser"),
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        yield chromium
        chromium.close()
