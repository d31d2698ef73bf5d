"""The reference solutions a teacher hands out after a chapter's due date (``kefu solutions``).

The class edition carries no solutions. Once a chapter is closed — its due date and
every student's extension (缓交) have passed — the teacher writes ``答案_chNN.json``
and hands it out; a student drops it into the chapter's folder and ``练习N.solution()``
shows the reference code (course/coach.py). Before that, the command refuses unless
the teacher says ``--force``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from autograder.coursedir import Course
from autograder.schedule import shanghai_clock
from course.coach import SOLUTIONS_FILE, exercises, solution_of


class SolutionsError(ValueError):
    """The solutions cannot be handed out (Chinese message)."""


def closes_at(course: Course, chapter: str) -> datetime | None:
    """When the last student's time for ``chapter`` ends (None: no due date)."""
    calendar = course.calendar
    due = calendar.due(chapter)
    if due is None:
        return None
    extended = [calendar.extended_due(chapter, s) for s in (calendar.extensions.get(chapter) or {})]
    return max([due, *[d for d in extended if d is not None]])


def write(course: Course, chapter: str, out: Path | None = None, *, force: bool = False,
          now: datetime | None = None) -> Path:
    """Write the chapter's solutions file; refuses while students may still submit."""
    now = now or datetime.now(UTC)
    closing = closes_at(course, chapter)
    if not force:
        if closing is None:
            raise SolutionsError(f"{chapter} 没有设置截止时间（nbgrader_config.py 的 c.CourseCalendar.due_dates），"
                                 "不知道什么时候可以发布答案。确定要发布，请加 --force。")
        if now < closing:
            raise SolutionsError(f"{chapter} 还没有截止：最后一位学生（含缓交）的截止时间是 "
                                 f"{shanghai_clock(closing)}（北京时间）。截止之后再发布答案；"
                                 "确定要提前发布，请加 --force。")
    specs = exercises(chapter)
    if not specs:
        raise SolutionsError(f"{chapter} 没有可以发布答案的练习。")
    notebook = json.loads(course.source_notebook(chapter).read_text("utf-8"))
    solutions = {}
    for spec in specs.values():
        code = solution_of(notebook, spec["answer"])
        if code is None:
            raise SolutionsError(f"{chapter} 的参考笔记本里找不到答题单元格 {spec['answer']}。")
        solutions[spec["answer"]] = code
    out = Path(out or course.exports_dir / SOLUTIONS_FILE.format(chapter=chapter))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"chapter": chapter, "solutions": solutions}, ensure_ascii=False,
                              indent=1), "utf-8")
    return out
