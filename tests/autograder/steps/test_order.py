"""The ordered step lists: nbgrader's own order kept, the course's steps where the rules say."""

from __future__ import annotations

from nbgrader.converters import Autograde, GenerateFeedback
from traitlets.utils.importstring import import_item

from autograder import steps


def _short(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def _is_subsequence(part: list[str], whole: list[str]) -> bool:
    it = iter(whole)
    return all(item in it for item in part)


def test_every_step_can_be_imported():
    for name in [*steps.SANITIZE, *steps.AUTOGRADE, *steps.FEEDBACK, steps.LATE_PENALTY]:
        assert callable(import_item(name)), name


def test_nbgrader_s_own_steps_keep_nbgrader_s_order():
    ours_sanitize = [_short(n) for n in steps.SANITIZE]
    ours_autograde = [_short(n) for n in steps.AUTOGRADE]
    theirs = Autograde()
    stock_sanitize = [c.__name__ for c in theirs.sanitize_preprocessors]
    stock_autograde = [c.__name__ for c in theirs.autograde_preprocessors if c.__name__ != "Execute"]
    assert _is_subsequence(stock_sanitize, ours_sanitize)
    assert _is_subsequence(stock_autograde, ours_autograde)
    stock_feedback = [c.__name__ for c in GenerateFeedback().preprocessors]
    assert _is_subsequence(stock_feedback, [_short(n) for n in steps.FEEDBACK])


def _before(names: list[str], first: str, then: str) -> bool:
    short = [_short(n) for n in names]
    return short.index(first) < short.index(then)


def test_the_course_steps_sit_where_their_rules_say():
    assert _short(steps.SANITIZE[0]) == "ClearOutput"
    assert _before(steps.SANITIZE, "DeduplicateIds", "RepairCells")
    assert _before(steps.SANITIZE, "RepairCells", "OverwriteCells")
    assert _short(steps.AUTOGRADE[0]) == "SandboxedExecute"
    assert _before(steps.AUTOGRADE, "IgnorePattern", "LimitOutput")
    assert _before(steps.SAVE, "SaveAutoGrades", "ChineseComments")
    assert _before(steps.SAVE, "SaveAutoGrades", "AssignLatePenalties")
    assert _short(steps.SAVE[-1]) == "CheckCellMetadata"
    assert _short(steps.FEEDBACK[0]) == "GetGrades"
    assert _before(steps.FEEDBACK, "GetGrades", "HideRubricSuggestions")
    assert _short(steps.FEEDBACK[-1]) == "CSSHTMLHeaderPreprocessor"


def test_the_course_config_uses_these_lists(course):
    config = course.config
    assert list(config.Autograde.sanitize_preprocessors) == steps.SANITIZE
    assert list(config.Autograde.autograde_preprocessors) == steps.AUTOGRADE
    assert list(config.GenerateFeedback.preprocessors) == steps.FEEDBACK
    assert config.AssignLatePenalties.plugin_class == steps.LATE_PENALTY
