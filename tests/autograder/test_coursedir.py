"""The Course object: one reading of nbgrader_config.py, every folder from nbgrader's CourseDirectory."""

from __future__ import annotations

import os
import sys

import nbformat
import pytest
from nbgrader.preprocessors import IgnorePattern

from autograder.coursedir import Course, CourseError
from autograder.stubs import CODE_STUB
from tests.factories import tiny_course


def test_runtime_folders_and_gradebook_live_under_autograder(course, root):
    assert course.root == root
    assert course.source_dir == root / "source" and course.release_dir == root / "release"
    for folder in (course.submitted_dir, course.autograded_dir, course.feedback_dir,
                   course.exports_dir, course.cache_dir):
        assert folder.relative_to(root).parts[0] == "autograder"
    assert course.db_url == "sqlite:///" + str(root / "autograder" / "gradebook.db")


def test_paths_follow_the_nbgrader_config_not_a_hard_coded_layout(tmp_path):
    course = tiny_course(tmp_path / "c", "c.CourseDirectory.submitted_directory = 'inbox'",
                         "c.CourseDirectory.feedback_directory = 'back'",
                         "c.CourseFiles.exports_directory = 'sheets'")
    assert course.submitted_notebook("s1", "ch07") == course.root / "inbox/s1/ch07/ch07.ipynb"
    assert course.feedback_page("s1", "ch07") == course.root / "back/s1/ch07/ch07.html"
    assert course.exports_dir == course.root / "sheets"


def test_stubs_are_chinese_and_cells_have_a_timeout(course):
    config = course.config
    assert config.ClearSolutions.code_stub["python"] == CODE_STUB and "答案" in CODE_STUB
    assert "答案" in config.ClearSolutions.text_stub
    assert 0 < config.Execute.timeout <= 120
    assert config.OverwriteCells.add_missing_cells is True


def _cell_with_stderr(text: str):
    cell = nbformat.v4.new_code_cell("pass")
    cell.outputs = [nbformat.v4.new_output("stream", name="stderr", text=text)]
    return cell


def test_warnings_on_stderr_are_dropped_but_real_errors_kept(course):
    pre = IgnorePattern(config=course.config)
    warning = _cell_with_stderr("/tmp/ipykernel_42/123.py:3: FutureWarning: 以后会变\n"
                                "  warnings.warn('以后会变', FutureWarning)\n")
    plain = _cell_with_stderr("UserWarning: font cache\n")
    other = _cell_with_stderr("something went wrong on stderr\n")
    for cell, kept in ((warning, 0), (plain, 0), (other, 1)):
        cell, _ = pre.preprocess_cell(cell, {}, 0)
        assert len(cell.outputs) == kept


def test_the_gradebook_command_works_without_an_activated_venv(root, monkeypatch):
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    Course.load(root)
    assert os.environ["PATH"].split(os.pathsep)[0] == os.path.dirname(sys.executable)


def test_a_folder_without_a_config_is_refused_in_chinese(tmp_path):
    with pytest.raises(CourseError, match="不是课程目录"):
        Course.load(tmp_path)


def test_a_config_with_an_error_is_refused_in_chinese(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\nc.Oops = 1 / 0\n", "utf-8")
    with pytest.raises(CourseError, match="无法读取"):
        Course.load(tmp_path)


def test_overrides_change_a_copy_and_never_reread_the_file(course, tmp_path):
    other = course.with_course_dir(db_url="sqlite:///" + str(tmp_path / "x.db"))
    assert other.db_url.endswith("x.db") and course.db_url.endswith("gradebook.db")
    assert other.root == course.root and other.config is not course.config


def test_a_copy_has_the_config_and_notebooks_and_its_own_gradebook(course, tmp_path):
    copy = course.copy_to(tmp_path / "copy")
    assert copy.root == tmp_path / "copy"
    assert copy.db_url == "sqlite:///" + str(tmp_path / "copy" / "autograder" / "gradebook.db")
    assert copy.chapters() == course.chapters()
    assert copy.source_notebook("ch07").read_bytes() == course.source_notebook("ch07").read_bytes()
    one = course.copy_to(tmp_path / "one", chapters=["ch03"])
    assert one.chapters() == ["ch03"] and one.released_chapters() == ["ch03"]


def test_chapters_are_those_with_a_source_notebook_in_book_order(course):
    assert course.chapters() == [f"ch0{i}" for i in range(1, 10)]
    assert course.released_chapters() == ["ch00", *course.chapters()]
