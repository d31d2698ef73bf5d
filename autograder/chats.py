"""The teacher's view of a role-play chat answer: the replayed chat and a suggested score.

A chat answer is a manually graded code cell holding the learner's replies as a list of
strings (pasted from the chat widget's 复制为代码). The cell is the student's text, so it
is read with ``ast`` (never run) and only a plain list or tuple of strings counts. The
buyer's side is replayed from the scenario with the student's own data variant, so
what the teacher reads is what the buyer said to exactly those replies.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

from course import roleplay, roleplays

#: More replies than a chat can use: the rest are not read.
MAX_REPLIES = 40


def replies_of(source: object) -> list[str] | None:
    """The replies in an answer cell (the first ``name = [...]``), or None if there are none."""
    if isinstance(source, (list, tuple)) and all(isinstance(s, str) for s in source):
        source = "".join(source)
    if not isinstance(source, str) or len(source) > 200_000:
        return None
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, (ast.List, ast.Tuple)):
            items = node.value.elts[:MAX_REPLIES]
            if all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in items):
                return [e.value for e in items]
    return None


#: A scenario's values per (scenario, identity): the values depend on the data variant only,
#: so in a class without variants every student's chat replays with the values made once.
_VALUES: dict[tuple, dict] = {}


def _values(scenario: roleplay.Scenario, identity: Mapping[str, str] | None) -> dict:
    if identity is None:  # this process's own variant, whatever its environment says now
        return scenario.values()
    from autograder.steps.execute import identity_environment

    key = (scenario.key, tuple(sorted(identity.items())))
    if key not in _VALUES:
        if len(_VALUES) > 256:
            _VALUES.clear()
        with identity_environment(dict(identity)):
            _VALUES[key] = scenario.values()
    return dict(_VALUES[key])


def suggest(grade_id: str, source: object, points: float,
            identity: Mapping[str, str] | None = None) -> str | None:
    """The replayed chat and a suggested score (Chinese), or None for a non-chat cell."""
    scenario = roleplays.by_grade_id(grade_id)
    if scenario is None:
        return None
    try:
        return _suggest(scenario, source, points, identity)
    except Exception as exc:  # noqa: BLE001 - advice must never stop grading
        return f"参考建议：无法回放这段对话（{type(exc).__name__}），请直接阅读学生的回复批改。"


def _suggest(scenario: roleplay.Scenario, source: object, points: float,
             identity: Mapping[str, str] | None) -> str:
    answers = replies_of(source)
    if not answers:
        return "参考建议：没有找到对话记录（应该是从对话练习「复制为代码」粘贴的一个文字列表），建议 0 分。"
    unsure = identity is not None and not isinstance(identity, Mapping)
    values = _values(scenario, None if unsure else identity)
    exchanges, _, ended = roleplay.replay(scenario, answers, values)
    if not exchanges:
        return "参考建议：对话记录里没有一句可以发送的回复，建议 0 分。"
    needs = [ok for e in exchanges for _, ok in e.check.met]
    share = sum(needs) / len(needs) if needs else 0.0
    broke = any(e.check.taboos for e in exchanges)
    score = points * share * (0.5 if broke else 1.0) * (1.0 if ended else 0.8)
    score = int(score * 2) / 2
    notes = [f"每句回复的要点完成 {sum(needs)}/{len(needs)}"]
    if broke:
        notes.append("犯了禁忌（分数减半）")
    end = roleplay.outcome(scenario, answers)
    if not ended:
        notes.append("对话没有结束（打八折）")
    elif end is not None and not end.success:
        score = int(score * 0.8 * 2) / 2
        notes.append(f"对话的结果是「{end.result}」，不是最好的结果（打八折）")
    if unsure:
        notes.append("无法确定学生的数据版本，按公共数据回放，商品名和价格可能与学生看到的不同")
    transcript = roleplay.transcript_text(scenario, answers, values)
    return f"参考建议：{score:g} / {points:g} 分（{'；'.join(notes)}）。\n{transcript}"
