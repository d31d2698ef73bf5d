"""One quotation style in every lesson: “…” for quotes (‘…’ inside them), 「…」 for UI labels."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted(p.name for p in (ROOT / "source").glob("ch[0-9][0-9]"))


def prose(markdown: str) -> str:
    """The text a learner reads as prose: code blocks, code spans and HTML tags removed."""
    text = re.sub(r"```.*?```", "", markdown, flags=re.S)
    text = re.sub(r"`[^`\n]*`", "", text)
    return re.sub(r"<[^>\n]+>", "", text)


def stray_quotes(markdown: str) -> list[str]:
    text = prose(markdown)
    return [text[max(0, m.start() - 12):m.end() + 12].replace("\n", " ")
            for m in re.finditer(r"[\"『』]", text)]


def test_the_check_finds_straight_and_corner_quotes():
    assert stray_quotes('买家说"在吗"') and stray_quotes("点『提交』")
    assert not stray_quotes("买家说“在吗”，点「提交」，代码 `q1 = \"B\"`")


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_lessons_use_one_quotation_style(chapter):
    nb = json.loads((ROOT / "source" / chapter / f"{chapter}.ipynb").read_text("utf-8"))
    found = [(i, q) for i, cell in enumerate(nb["cells"]) if cell["cell_type"] == "markdown"
             for q in stray_quotes("".join(cell["source"]))]
    assert not found, f"{chapter} 的正文里有直引号或『』（引语用“…”，界面文字用「…」）：{found[:5]}"


@pytest.mark.parametrize("chapter", [c for c in CHAPTERS if c != "ch00"])
def test_every_partial_credit_item_states_its_rule(chapter):
    from course.checks import EACH_RULE, ORDER_RULE, PARTIAL_RULE

    nb = json.loads((ROOT / "source" / chapter / f"{chapter}.ipynb").read_text("utf-8"))
    heading = ""
    for cell in nb["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and text.lstrip().startswith("#### 练习"):
            heading = text
        for call, rule in (("checks.score_choices(", PARTIAL_RULE), ("checks.score_order(", ORDER_RULE),
                           ("checks.score_each(", EACH_RULE)):
            if cell["cell_type"] == "code" and call in text:
                assert rule in heading, f"{chapter}: {heading.splitlines()[0]} 没有写明计分规则"
