"""nbgrader configuration of the course (the repository root is the course root).

Runtime folders and the gradebook live under ``autograder/`` and are gitignored.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent

# nbgrader runs the ``alembic`` command from PATH when it creates a gradebook:
# make the interpreter's own bin folder (the project's .venv) come first, so
# nothing depends on an activated virtual environment.
_bin = os.path.dirname(sys.executable)
if _bin not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _bin + os.pathsep + os.environ.get("PATH", "")

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

c.CourseDirectory.root = str(ROOT)
c.CourseDirectory.course_id = "kefu"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "autograder/submitted"
c.CourseDirectory.autograded_directory = "autograder/autograded"
c.CourseDirectory.feedback_directory = "autograder/feedback"
c.CourseDirectory.db_url = os.environ.get(
    "KEFU_GRADEBOOK", "sqlite:///" + str(ROOT / "autograder" / "gradebook.db")
)

# Chinese stubs in place of the solutions.
from autograder.stubs import CODE_STUB, TEXT_STUB  # noqa: E402

c.ClearSolutions.code_stub = {"python": CODE_STUB}
c.ClearSolutions.text_stub = TEXT_STUB

# A data or function exercise's answer cell starts from its scaffold (blanks ___ to fill,
# course/exercises/chNN.py); every other answer cell gets the stub above. nbgrader's
# list with ClearSolutions swapped for the scaffolding step (autograder/steps/scaffold.py).
c.GenerateAssignment.preprocessors = [
    "nbgrader.preprocessors.IncludeHeaderFooter",
    "nbgrader.preprocessors.InstantiateTests",
    "nbgrader.preprocessors.LockCells",
    "autograder.steps.scaffold.ScaffoldSolutions",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.CheckCellMetadata",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.SaveCells",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbgrader.preprocessors.ClearMarkScheme",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# A warning printed on stderr (pandas FutureWarning, matplotlib font notices…)
# must not zero a correct answer: drop stderr outputs that are only warnings.
c.IgnorePattern.pattern = r"^(\S.*:\d+: )?\w*Warning: "
c.IgnorePattern.enabled = True

# Restore grade cells a student deleted, with a Chinese note.
c.OverwriteCells.add_missing_cells = True
c.OverwriteCells.missing_cell_notification = (
    "（这个单元格 {cell_id} 在提交的作业中被删除了，评分时已自动恢复。）\n\n"
)

# Every cell gets at most this many seconds when grading.
c.Execute.timeout = 60
c.Execute.extra_arguments = ["--HistoryManager.hist_file=:memory:", "--IPKernelApp.log_level=ERROR"]
c.Execute.error_on_timeout = {
    "ename": "CellTimeoutError",
    "evalue": "",
    "traceback": ["CellTimeoutError: 单元格运行超时（60 秒），已停止。请检查是否有死循环。"],
}

# The course's steps, in nbgrader's order (autograder/steps/__init__.py says why each
# comes where it does). Student code runs in the sandboxed, pre-warmed engine
# (autograder/engine) instead of a fresh kernel, and a step mends mangled cell
# metadata (which makes stock nbgrader abort). KEFU_EXECUTOR=stock restores
# nbgrader's defaults (the benchmark uses it to compare).
from autograder import steps  # noqa: E402

if os.environ.get("KEFU_EXECUTOR", "sandbox") != "stock":
    c.Autograde.sanitize_preprocessors = steps.SANITIZE
    c.Autograde.autograde_preprocessors = steps.AUTOGRADE

# What one notebook may use while it is graded (autograder/engine/limits.py lists
# every setting; the cell limit is c.Execute.timeout above), for example:
# c.SandboxLimits.memory_bytes = 2 * 1024**3

# Feedback shows the visible tests and every result, never the hidden tests' code
# nor the rubric suggestion meant for the teacher.
c.GenerateFeedback.preprocessors = steps.FEEDBACK
# Every page made from a submission (Formgrader, feedback) shows student HTML only after
# an allow-list sanitizer: no script, no event handler, nothing fetched by itself.
c.HTMLExporter.preprocessors = steps.HTML

# The course calendar: due dates (Beijing time) and late penalties. A late submission
# loses late_rate × its score per started day late (autograder/steps/late.py);
# late_rates gives a chapter its own rate. Chapters without a due date are never late.
c.AssignLatePenalties.plugin_class = steps.LATE_PENALTY
c.CourseCalendar.due_dates = {
    "ch01": "2025-03-09 23:59:59",
    "ch02": "2025-03-23 23:59:59",
    "ch03": "2025-04-06 23:59:59",
    "ch04": "2025-04-20 23:59:59",
    "ch05": "2025-05-04 23:59:59",
    "ch06": "2025-05-18 23:59:59",
    "ch07": "2025-07-13 23:59:59",
    "ch08": "2025-07-27 23:59:59",
    "ch09": "2025-08-10 23:59:59",
}
c.CourseCalendar.late_rate = 0.1
c.CourseCalendar.late_rates = {}

# Per-student variants (course/variants.py): each student's own shop data, question
# numbers and option order, from the class secret and the 学号. ``kefu secret`` makes
# the secret (autograder/classkey.txt, never committed); ``kefu bundle`` ships it to
# the students. Set per_student = False to give every student the same public data.
c.CourseVariants.per_student = True
c.CourseVariants.secret_file = "autograder/classkey.txt"
