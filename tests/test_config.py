"""nbgrader_config.py: where things live and how grading treats stderr and stubs."""

from __future__ import annotations

import nbformat
from nbgrader.preprocessors import IgnorePattern

from autograder.grading import load_config
from autograder.stubs import CODE_STUB


def test_runtime_folders_and_gradebook_live_under_autograder(root):
    config = load_config(root)
    course = config.CourseDirectory
    assert course.source_directory == "source" and course.release_directory == "release"
    for name in ("submitted_directory", "autograded_directory", "feedback_directory"):
        assert getattr(course, name).startswith("autograder/")
    assert course.db_url == "sqlite:///" + str(root / "autograder" / "gradebook.db")


def test_stubs_are_chinese_and_cells_have_a_timeout(root):
    config = load_config(root)
    assert config.ClearSolutions.code_stub["python"] == CODE_STUB and "答案" in CODE_STUB
    assert "答案" in config.ClearSolutions.text_stub
    assert 0 < config.Execute.timeout <= 120
    assert config.OverwriteCells.add_missing_cells is True


def _cell_with_stderr(text: str):
    cell = nbformat.v4.new_code_cell("pass")
    cell.outputs = [nbformat.v4.new_output("stream", name="stderr", text=text)]
    return cell


def test_warnings_on_stderr_are_dropped_but_real_errors_kept(root):
    config = load_config(root)
    pre = IgnorePattern(config=config)
    warning = _cell_with_stderr("/tmp/ipykernel_42/123.py:3: FutureWarning: 以后会变\n"
                                "  warnings.warn('以后会变', FutureWarning)\n")
    plain = _cell_with_stderr("UserWarning: font cache\n")
    other = _cell_with_stderr("something went wrong on stderr\n")
    for cell, kept in ((warning, 0), (plain, 0), (other, 1)):
        cell, _ = pre.preprocess_cell(cell, {}, 0)
        assert len(cell.outputs) == kept


def test_the_gradebook_command_works_without_an_activated_venv(root, monkeypatch):
    import os
    import sys

    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    load_config(root)
    assert os.environ["PATH"].split(os.pathsep)[0] == os.path.dirname(sys.executable)
