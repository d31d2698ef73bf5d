"""SandboxLimits: set in nbgrader_config.py, the cell limit taken from nbgrader's Execute.timeout."""

from __future__ import annotations

from traitlets.config import Config

from autograder.engine.limits import SandboxLimits


def test_the_cell_limit_follows_execute_timeout_and_the_notebook_limit_leaves_room():
    config = Config()
    config.Execute.timeout = 200
    limits = SandboxLimits.from_config(config)
    assert limits.cell_seconds == 200 and limits.notebook_seconds == 800


def test_a_teachers_own_limits_win():
    config = Config()
    config.Execute.timeout = 60
    config.SandboxLimits.cell_seconds = 5
    config.SandboxLimits.notebook_seconds = 30
    config.SandboxLimits.memory_bytes = 512 * 2**20
    limits = SandboxLimits.from_config(config)
    assert (limits.cell_seconds, limits.notebook_seconds, limits.memory_bytes) == (5, 30,
                                                                                   512 * 2**20)


def test_every_limit_is_documented_in_chinese():
    for name, trait in SandboxLimits.class_traits(config=True).items():
        assert trait.help and any("\u4e00" <= ch <= "\u9fff" for ch in trait.help), name


def test_the_child_gets_plain_data_with_a_process_cap_in_both_privilege_modes():
    limits = SandboxLimits(output_chars=1000)
    assert limits.for_child(None, None)["processes"] == limits.processes
    child = limits.for_child(61000, 62000)
    assert child["processes"] == limits.processes and child["output_chars"] == 1000
    assert (child["student_uid"], child["tester_uid"]) == (61000, 62000)
    assert child["tree_memory_bytes"] == limits.memory_bytes
    assert all(isinstance(v, (int, float, type(None))) for v in child.values())


def test_the_course_config_gives_a_one_minute_cell_limit(course):
    assert SandboxLimits.from_config(course.config).cell_seconds == 60
