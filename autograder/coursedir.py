"""The course a grader works on: its root, nbgrader configuration, folders and calendar.

A :class:`Course` is loaded once (by the ``kefu`` command, a test or the
benchmark) from the course's ``nbgrader_config.py`` and passed down. Every
folder comes from nbgrader's ``CourseDirectory`` or from :class:`CourseFiles`,
so no other module reads the configuration file or spells a runtime path.
"""

from __future__ import annotations

import copy
import os
import shutil
from functools import cached_property
from pathlib import Path

from traitlets import Unicode
from traitlets.config import Config, Configurable

from autograder.schedule import CourseCalendar
from course.chapters import CHAPTERS, ORIENTATION

CONFIG_FILE = "nbgrader_config.py"


class CourseError(ValueError):
    """The folder is not a course root, or its configuration cannot be read (Chinese message)."""


class CourseFiles(Configurable):
    """The course's own folders beyond nbgrader's (relative to the course root)."""

    exports_directory = Unicode(
        "autograder/exports", help="成绩表、题目分析报告等导出文件的文件夹。").tag(config=True)
    cache_directory = Unicode(
        "autograder/.cache", help="评分时的临时文件夹（可以随时删除）。").tag(config=True)
    roster_file = Unicode(
        "autograder/roster.csv", help="导入的花名册（kefu roster）保存在这里。").tag(config=True)
    workspace_directory = Unicode(
        "workspace", help="kefu lab 为学生和自学者复制作业的工作区。").tag(config=True)
    ledger_file = Unicode(
        "autograder/ledger.json",
        help="每份提交的来源、提交时间及其出处、无法评分的原因（成绩表据此生成）。").tag(config=True)


def default_root() -> Path:
    """``$KEFU_COURSE``, else the repository this package was installed from."""
    env = os.environ.get("KEFU_COURSE")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1]


class Course:
    """One course root with its nbgrader configuration, read once."""

    def __init__(self, root: Path, config: Config) -> None:
        self.root = Path(root)
        self.config = config

    # -- loading
    @classmethod
    def load(cls, root: Path | str | None = None, **course_dir: str) -> Course:
        """Read ``root/nbgrader_config.py``; ``course_dir`` overrides CourseDirectory traits."""
        from traitlets.config.loader import PyFileConfigLoader

        root = Path(root or default_root()).resolve()
        if not (root / CONFIG_FILE).is_file():
            raise CourseError(f"这里不是课程目录：找不到 {CONFIG_FILE}（{root}）。")
        try:
            config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
        except Exception as exc:  # noqa: BLE001 - any error in the teacher's file is explained
            raise CourseError(f"课程配置 {root / CONFIG_FILE} 无法读取："
                              f"{type(exc).__name__}: {exc}") from exc
        config.CourseDirectory.root = str(root)
        return cls(root, config).with_course_dir(**course_dir) if course_dir else cls(root, config)

    @classmethod
    def from_config(cls, config: Config) -> Course:
        """The course an nbgrader step belongs to (its config names the root)."""
        return cls(Path(config.CourseDirectory.root), config)

    def with_course_dir(self, **course_dir: str) -> Course:
        """A copy of this course with some CourseDirectory traits changed (no file re-read)."""
        config = copy.deepcopy(self.config)
        for key, value in course_dir.items():
            setattr(config.CourseDirectory, key, value)
        return Course(self.root, config)

    def copy_to(self, dest: Path | str, chapters: list[str] | None = None) -> Course:
        """A new course root at ``dest`` with this one's config, source/ and release/.

        With ``chapters``, only those chapters' folders are copied.
        """
        dest = Path(dest)
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copy(self.root / CONFIG_FILE, dest / CONFIG_FILE)
        for folder in (self.source_dir, self.release_dir):
            target = dest / folder.relative_to(self.root)
            if chapters is None:
                shutil.copytree(folder, target, dirs_exist_ok=True)
                continue
            for chapter in chapters:
                if (folder / chapter).is_dir():
                    shutil.copytree(folder / chapter, target / chapter, dirs_exist_ok=True)
        return Course.load(dest)

    # -- nbgrader
    @cached_property
    def coursedir(self):
        from nbgrader.coursedir import CourseDirectory

        return CourseDirectory(config=self.config)

    @property
    def db_url(self) -> str:
        return self.coursedir.db_url

    def ensure_gradebook_folder(self) -> None:
        """Create the folder of a SQLite gradebook: nbgrader only creates the file."""
        if self.db_url.startswith("sqlite:///"):
            Path(self.db_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)

    def gradebook(self):
        """nbgrader's gradebook of this course (use it as a context manager)."""
        from nbgrader.api import Gradebook

        self.ensure_gradebook_folder()
        return Gradebook(self.db_url)

    def api(self):
        """nbgrader's API over this course."""
        from nbgrader.apps import NbGraderAPI

        return NbGraderAPI(coursedir=self.coursedir, config=self.config)

    @cached_property
    def calendar(self) -> CourseCalendar:
        return CourseCalendar(config=self.config)

    @cached_property
    def files(self) -> CourseFiles:
        return CourseFiles(config=self.config)

    # -- folders
    def _dir(self, name: str) -> Path:
        return self.root / getattr(self.coursedir, name)

    @property
    def source_dir(self) -> Path:
        return self._dir("source_directory")

    @property
    def release_dir(self) -> Path:
        return self._dir("release_directory")

    @property
    def submitted_dir(self) -> Path:
        return self._dir("submitted_directory")

    @property
    def autograded_dir(self) -> Path:
        return self._dir("autograded_directory")

    @property
    def feedback_dir(self) -> Path:
        return self._dir("feedback_directory")

    @property
    def exports_dir(self) -> Path:
        return self.root / self.files.exports_directory

    @property
    def cache_dir(self) -> Path:
        return self.root / self.files.cache_directory

    @property
    def roster_path(self) -> Path:
        return self.root / self.files.roster_file

    @property
    def workspace_dir(self) -> Path:
        return self.root / self.files.workspace_directory

    @property
    def ledger_path(self) -> Path:
        return self.root / self.files.ledger_file

    # -- notebooks (one notebook per chapter, named like the chapter)
    def source_notebook(self, chapter: str) -> Path:
        return self.source_dir / chapter / f"{chapter}.ipynb"

    def release_notebook(self, chapter: str) -> Path:
        return self.release_dir / chapter / f"{chapter}.ipynb"

    def submission_dir(self, student: str, chapter: str) -> Path:
        return self.submitted_dir / student / chapter

    def submitted_notebook(self, student: str, chapter: str) -> Path:
        return self.submission_dir(student, chapter) / f"{chapter}.ipynb"

    def autograded_notebook(self, student: str, chapter: str) -> Path:
        return self.autograded_dir / student / chapter / f"{chapter}.ipynb"

    def feedback_page(self, student: str, chapter: str) -> Path:
        return self.feedback_dir / student / chapter / f"{chapter}.html"

    # -- chapters
    def chapters(self) -> list[str]:
        """Graded chapters that have a source notebook, in order."""
        return [ch for ch in CHAPTERS if self.source_notebook(ch).is_file()]

    def released_chapters(self) -> list[str]:
        """Every notebook students receive: the orientation first, then the chapters."""
        guides = [ch for ch in ORIENTATION if self.source_notebook(ch).is_file()]
        return guides + self.chapters()

    def __repr__(self) -> str:
        return f"Course({str(self.root)!r})"
