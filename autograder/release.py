"""Building ``release/`` from ``source/`` with nbgrader's generate_assignment.

The public variant's answer keys (``course/answerkey/``, behind ``练习N.check()``) are
rebuilt with the release, so the two always agree.

A throw-away gradebook is used, so a release can always be rebuilt, even
when the course gradebook already holds submissions (nbgrader refuses to
change the cells of an assignment that has submissions).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from autograder.coursedir import Course


def build_release(course: Course, chapters: list[str] | None = None,
                  out_dir: Path | None = None) -> dict[str, Path]:
    """Generate the student version of each chapter into ``out_dir`` (default: the release folder)."""
    chapters = chapters or course.released_chapters()
    out_dir = Path(out_dir) if out_dir else course.release_dir
    built = {}
    with tempfile.TemporaryDirectory(prefix="kefu-release-") as tmp:
        api = course.with_course_dir(release_directory=str(Path(tmp) / "release"),
                                     db_url=f"sqlite:///{Path(tmp) / 'gradebook.db'}").api()
        for chapter in chapters:
            result = api.generate_assignment(chapter, force=True, create=True)
            if not result.get("success"):
                raise RuntimeError(f"生成 {chapter} 的学生版失败：\n{result.get('log', '')}")
            target = out_dir / chapter
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(Path(tmp) / "release" / chapter, target)
            built[chapter] = target
    if out_dir == course.release_dir:
        import course as course_package
        from autograder.answerkey import build as build_keys

        build_keys(course.root, list(built), [("", None)],
                   Path(course_package.__file__).parent / "answerkey")
    return built
