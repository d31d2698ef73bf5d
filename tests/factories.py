"""Tiny notebooks, cells and courses for unit tests of single steps (as nbgrader's own tests do).

Each factory builds exactly what a test needs and nothing else, so a fixture holds
one defect at a time.
"""

from __future__ import annotations

from pathlib import Path

from nbformat import v4

from autograder.coursedir import Course


def _meta(grade_id: str, *, grade: bool, solution: bool, locked: bool,
          points: float | None = None) -> dict:
    meta = {"grade_id": grade_id, "grade": grade, "solution": solution, "locked": locked,
            "schema_version": 3}
    if points is not None:
        meta["points"] = points
    return meta


def code_cell(source: str = "") -> dict:
    """A plain code cell (a lesson cell)."""
    return v4.new_code_cell(source)


def markdown_cell(source: str = "") -> dict:
    return v4.new_markdown_cell(source)


def solution_cell(grade_id: str, source: str = "x = 1") -> dict:
    """An answer cell (nbgrader "autograded answer")."""
    cell = v4.new_code_cell(source)
    cell.metadata["nbgrader"] = _meta(grade_id, grade=False, solution=True, locked=False)
    return cell


def grade_cell(grade_id: str, source: str = "assert x == 1", points: float = 1) -> dict:
    """A locked test cell worth ``points`` (nbgrader "autograder tests")."""
    cell = v4.new_code_cell(source)
    cell.metadata["nbgrader"] = _meta(grade_id, grade=True, solution=False, locked=True,
                                      points=points)
    return cell


def written_cell(grade_id: str, source: str = "请在这里写下你的答案。", points: float = 3) -> dict:
    """A manually graded written answer (markdown, grade + solution)."""
    cell = v4.new_markdown_cell(source)
    cell.metadata["nbgrader"] = _meta(grade_id, grade=True, solution=True, locked=False,
                                      points=points)
    return cell


def notebook(*cells: dict) -> dict:
    """A notebook of ``cells`` with a Python kernelspec, as nbgrader expects."""
    nb = v4.new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def tiny_course(folder: Path, *config_lines: str) -> Course:
    """An empty course root whose nbgrader_config.py holds only ``config_lines``.

    The gradebook is ``folder/autograder/gradebook.db`` unless a line sets another.
    """
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["c = get_config()  # noqa: F821",
             f"c.CourseDirectory.db_url = 'sqlite:///{folder / 'autograder' / 'gradebook.db'}'",
             *config_lines]
    (folder / "nbgrader_config.py").write_text("\n".join(lines) + "\n", "utf-8")
    (folder / "autograder").mkdir(exist_ok=True)
    return Course.load(folder)


def as_student(monkeypatch, tmp_path, student: str | None, secret: str) -> str | None:
    """Load the shop as ``student`` of a class with ``secret`` (None: the public data);
    nothing of the machine's own identity, secret or workspace leaks in."""
    from course import variants

    for name in ("KEFU_STUDENT", "JUPYTERHUB_USER", "KEFU_VARIANT_KEY", "KEFU_COURSE_SECRET",
                 "KEFU_WORKSPACE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(variants, "KEY_FILE", tmp_path / "no-classkey.txt")
    monkeypatch.chdir(tmp_path)
    if student is not None:
        monkeypatch.setenv("KEFU_COURSE_SECRET", secret)
        monkeypatch.setenv("KEFU_STUDENT", student)
    return student
