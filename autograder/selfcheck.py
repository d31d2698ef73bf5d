"""Self-learners grade their own notebook locally, hidden tests included (``kefu check``).

The learner's notebook is graded by real nbgrader in a throw-away copy of the
course, so the score is what the teacher's grader would give. ``kefu progress``
reads the scores saved here and counts the stubs still left in each chapter.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from autograder.coursedir import Course
from course import progress as course_progress
from course import roleplays, variants
from course.chapters import title


@dataclass(frozen=True)
class Item:
    grade_id: str
    title: str
    score: float | None
    max_score: float
    manual: bool


@dataclass(frozen=True)
class CheckResult:
    chapter: str
    items: tuple[Item, ...]
    problem: str = ""

    @property
    def auto_score(self) -> float:
        return sum(i.score or 0 for i in self.items if not i.manual)

    @property
    def auto_max(self) -> float:
        return sum(i.max_score for i in self.items if not i.manual)

    def report(self) -> str:
        heading = f"{self.chapter}《{title(self.chapter)}》自查结果（含隐藏测试）"
        if self.problem:
            return f"{heading}\n无法评分：{self.problem}"
        width = max(len(i.title) for i in self.items) if self.items else 10
        lines = [heading, f"{'题目'.ljust(width)}  得分 / 满分"]
        for item in self.items:
            score = "教师批改" if item.manual else f"{item.score:g} / {item.max_score:g}"
            lines.append(f"{item.title.ljust(width)}  {score}")
        manual = sum(i.max_score for i in self.items if i.manual)
        lines.append(f"自动评分合计：{self.auto_score:g} / {self.auto_max:g}"
                     + (f"；另有 {manual:g} 分{self._manual_kinds()}需要教师批改。" if manual else "。"))
        return "\n".join(lines)


    def _manual_kinds(self) -> str:
        chats = any(i.manual and roleplays.by_grade_id(i.grade_id) for i in self.items)
        written = any(i.manual and not roleplays.by_grade_id(i.grade_id) for i in self.items)
        return "、".join(kind for kind, has in (("书面题", written), ("对话练习", chats)) if has)


def _titles(source: dict) -> dict[str, str]:
    titles = {}
    for cell in source["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not meta.get("grade"):
            continue
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            titles[meta["grade_id"]] = "书面题"
            continue
        if meta.get("solution"):  # a role-play chat: replies the teacher grades
            titles[meta["grade_id"]] = roleplays.label(meta["grade_id"]) or "对话练习"
            continue
        titles[meta["grade_id"]] = course_progress.exercise_title(text, meta["grade_id"])
    return titles


def check(course: Course, chapter: str, notebook: Path) -> CheckResult:
    """Grade ``notebook`` as a submission of ``chapter``; nothing of the course is changed."""
    import warnings

    from autograder import pipeline
    from autograder.batch import GradingError
    from autograder.intake import notebook_problem

    warnings.filterwarnings("ignore", message=".*not in session.*")  # nbgrader's SQLAlchemy use
    if chapter not in course.released_chapters():
        raise ValueError(f"没有 {chapter} 这一章的作业。")
    problem = notebook_problem(Path(notebook))
    if problem:
        return CheckResult(chapter, (), problem)
    titles = _titles(json.loads(course.source_notebook(chapter).read_text("utf-8")))
    with tempfile.TemporaryDirectory(prefix="kefu-check-") as tmp:
        scratch = course.copy_to(tmp, chapters=[chapter])
        scratch = scratch.with_course_dir(db_url=f"sqlite:///{Path(tmp) / 'gradebook.db'}")
        # Graded as the learner's own variant (the public one when nobody is identified).
        variant = variants.current()
        scratch.config.CourseVariants.per_student = not variant.public
        scratch.config.CourseVariants.secret = variants.class_secret() or ""
        me = variant.student if not variant.public and variant.student else "me"
        target = scratch.submitted_notebook(me, chapter)
        target.parent.mkdir(parents=True)
        target.write_bytes(Path(notebook).read_bytes())
        problems = pipeline.prepare_gradebook(scratch, [chapter])
        if problems:
            return CheckResult(chapter, (), "；".join(problems))
        try:
            outcome = pipeline.autograde_all(scratch, [chapter], [me], progress=False,
                                             feedback=False, jobs=1)[0]
        except GradingError as exc:
            return CheckResult(chapter, (), str(exc))
        if not outcome.ok:
            return CheckResult(chapter, (), outcome.reason)
        with scratch.gradebook() as gradebook:
            notebook_grades = gradebook.find_submission_notebook(chapter, chapter, me)
            order = list(titles)
            items = tuple(Item(g.name, titles.get(g.name, g.name), g.score, g.max_score,
                               g.cell.cell_type == "markdown" or roleplays.by_grade_id(g.name) is not None)
                          for g in sorted(notebook_grades.grades,
                                          key=lambda g: order.index(g.name) if g.name in order
                                          else len(order)))
    return CheckResult(chapter, items)


def save_progress(workspace: Path, result: CheckResult) -> None:
    course_progress.save(workspace, result.chapter, result.auto_score, result.auto_max)


def progress(course: Course, workspace: Path | None = None) -> list[dict]:
    """Per chapter: the learner's notebook, unanswered stubs left, last ``kefu check`` score."""
    return course_progress.rows(workspace or course.workspace_dir, course.chapters())
