"""Every rule value a lesson states is the value in ``course.rules.RULES``.

Each chapter's ``course/exercises/chNN.py`` may declare ``RULE_TEXT``: for a RULES
attribute path (``"timeouts.late_ship_max"``), the phrases of the lesson that state it,
with ``{}`` where the value goes (``"最多赔 {} 元"``). The value is written as a
lesson writes it (``30.0`` → ``30``, ``0.05`` → ``5%`` when the phrase has ``{}%``).
A teacher who changes a value in RULES gets a failing test that names every lesson
sentence to rewrite; hidden tests read RULES themselves.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
from pathlib import Path

import pytest

from course.rules import RULES

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted(p.name for p in (ROOT / "source").glob("ch[0-9][0-9]") if p.is_dir())


def _lesson_text(chapter: str) -> str:
    nb = json.loads((ROOT / "source" / chapter / f"{chapter}.ipynb").read_text("utf-8"))
    return "\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                     for c in nb["cells"])


def rule_value(path: str):
    """The RULES value at ``path``: attributes, mapping keys and tuple positions
    (``"rfm.r_days.0"``, ``"appraisal.grades.0.2"``)."""
    value = RULES
    for part in path.split("."):
        if isinstance(value, tuple) and part.isdigit():
            value = value[int(part)]
        else:
            value = value[part] if isinstance(value, dict) or hasattr(value, "keys") \
                else getattr(value, part)
    return value


def written(value, phrase: str) -> str:
    """``phrase`` with ``value`` as a lesson writes it."""
    if "{}%" in phrase and isinstance(value, float):
        value = value * 100
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return phrase.format(f"{value:g}" if isinstance(value, float) else value)


def declarations():
    for chapter in CHAPTERS:
        try:
            module = importlib.import_module(f"course.exercises.{chapter}")
        except ModuleNotFoundError:  # a chapter without questions of its own (ch00)
            continue
        for path, phrases in getattr(module, "RULE_TEXT", {}).items():
            for phrase in phrases:
                yield chapter, path, phrase


DECLARED = list(declarations())


def test_lessons_declare_the_rules_they_state():
    assert len({chapter for chapter, _, _ in DECLARED}) >= 6, \
        "at least the chapters teaching 规则 (timeouts, 促销, 催付, KPI, RFM, 考核) declare them"


@pytest.mark.parametrize(("chapter", "path", "phrase"), DECLARED,
                         ids=[f"{c}-{p}-{i}" for i, (c, p, _) in enumerate(DECLARED)])
def test_lesson_states_the_rules_value(chapter, path, phrase):
    text = written(rule_value(path), phrase)
    assert text in _lesson_text(chapter), f"{chapter} 的正文应写「{text}」（RULES.{path}）"


def test_a_changed_rule_is_caught():
    """With a different value the same phrase is no longer in the lesson."""
    numeric = [(c, p, f) for c, p, f in DECLARED if isinstance(rule_value(p), (int, float))]
    assert numeric
    for chapter, path, phrase in numeric:
        assert written(rule_value(path) + 7, phrase) not in _lesson_text(chapter), phrase
