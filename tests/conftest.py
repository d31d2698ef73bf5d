"""Shared fixtures: the repository's course, and fresh copies of it in temp folders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from autograder import speedups

# As the kefu commands do: jsonschema, imported by nbformat, need not compile
# rfc3987_syntax's forty Lark grammars (seconds of every test process's start-up) for the
# ``iri`` format no notebook or gradebook schema uses. Subprocesses are not affected.
speedups.skip_iri_grammars()
# As the kefu commands do: a new gradebook asks alembic for nbgrader's migration head in
# this process instead of starting the `alembic heads` command (2.4 s per gradebook).
speedups.alembic_head_in_process()

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

from autograder.coursedir import Course  # noqa: E402

# Speed is measured by the benchmarks, never by a test: on a loaded machine (the suite on
# every core, other jobs) Hypothesis must neither fail a slow example (deadline) nor fail a
# test because drawing its inputs was slow (too_slow); every property is still checked.
settings.register_profile("kefu", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("kefu")

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


# ------------------------------------------------------------------ running on several cores
#: Test folders whose modules share one machine-wide thing (the class server's students'
#: and grader's environments, system users, PostgreSQL, the proxy): one xdist group, so
#: with ``--dist loadgroup`` they run one after another on a single worker.
SHARED_GROUPS = {"hub": "hub"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Under ``pytest -n N --dist loadgroup`` (make test-fast, make test) a module
    runs on one worker, so its module fixtures are built once; the class server's tests
    form one group, and so do the browser tests (one JupyterLab and chromium at a time, as
    in a serial run). Without xdist the groups change nothing."""
    for item in items:
        if any(True for _ in item.iter_markers("xdist_group")):
            continue
        parts = item.path.relative_to(Path(__file__).parent).parts
        if parts[0] in SHARED_GROUPS:
            group = SHARED_GROUPS[parts[0]]
        elif item.get_closest_marker("browser"):
            group = "browser"
        else:
            group = item.nodeid.split("::", 1)[0]
        item.add_marker(pytest.mark.xdist_group(group))
    if getattr(config.option, "loadgroup", False):  # set in xdist's workers
        # xdist 3.8 names the group in ``item._nodeid``, which pytest 9.2 no longer reads
        # (a node's id is ``item._id``): without this every test would be a group of its own.
        try:
            from _pytest.nodeid import coerce_node_id
        except ImportError:  # pytest < 9.2: xdist's own suffix works
            coerce_node_id = None
        for item in items:
            if coerce_node_id and "@" not in item.nodeid:
                group = next(item.iter_markers("xdist_group")).args[0]
                item._id = coerce_node_id(f"{item.nodeid}@{group}")
        # The two longest groups first (with --no-loadscope-reorder xdist hands out groups
        # in this order), so that neither is left alone on one worker at the end.
        first = {"hub": 0, "browser": 1}
        items.sort(key=lambda item: first.get(item.nodeid.rsplit("@", 1)[-1], 2))
