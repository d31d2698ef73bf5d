"""Chapter 1: the parameters of each student's own questions (see course/exercises/__init__.py)."""

from itertools import permutations

from course.workflow import SITUATIONS, WORKFLOW

_STEPS = [step for step, _ in WORKFLOW]
_RANK = {step: rank for rank, step in enumerate(_STEPS)}


def _duty_sets() -> list[tuple[str, ...]]:
    """Four workflow steps, in a shown order: at least one step of each stage (so no
    stage goes unasked), and never listed in workflow order (the order gives nothing away)."""
    stage = dict(WORKFLOW)
    chosen = []
    for steps in permutations(_STEPS, 4):
        ranks = [_RANK[s] for s in steps]
        if {stage[s] for s in steps} == {"售前", "售中", "售后"} and ranks != sorted(ranks):
            chosen.append(steps)
    return chosen


PARAMS = {
    # 练习 4: the four workflow steps whose stage (售前/售中/售后) the student names
    "q4": {"steps": (("推荐商品", "催付", "评价管理", "发货跟踪"), _duty_sets)},
    # 练习 5: the situation to pick in the workflow explorer (not the one it opens with)
    "q5": {"title": ("买家给了差评", [s.title for s in SITUATIONS[1:]])},
}
