"""The grading engine: sandboxed pre-warmed execution and the parallel batch.

The preprocessor lists below are nbgrader's own (in nbgrader's order); the
course adds :class:`~autograder.engine.repair.RepairCells` to the sanitizing
steps, Chinese automatic comments after SaveAutoGrades, and replaces Execute.
``nbgrader_config.py`` and the batch both use them.
"""

SANITIZE = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "autograder.engine.repair.RepairCells",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]

#: After execution: cleaning that needs no gradebook (run in the pool) ...
CLEAN = [
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
]
#: ... and the steps that write grades (run by the one writer).
SAVE = [
    "nbgrader.preprocessors.SaveAutoGrades",
    "autograder.engine.comments.ChineseComments",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
EXECUTE = "autograder.engine.execute.SandboxedExecute"
AUTOGRADE = [EXECUTE, *CLEAN, *SAVE]
