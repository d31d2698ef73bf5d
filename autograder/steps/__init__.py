"""The course's nbgrader steps, one per module, and the ordered lists that chain them.

nbgrader grades a submission by passing it through preprocessors in a fixed
order (``nbgrader.converters.autograde`` and ``generate_feedback``). The lists
below are nbgrader's own, in nbgrader's order, with the course's steps put in
where the rules beside them say. ``nbgrader_config.py`` hands them to plain
``nbgrader autograde`` and ``generate_feedback``; ``kefu grade``'s batch runs
the same lists, split by who may write the gradebook.
"""

#: Before anything runs. Order rules:
#: - ClearOutput first: nothing the student's saved outputs say reaches grading.
#: - DeduplicateIds before RepairCells: repairs match grade ids, which must be unique.
#: - RepairCells before OverwriteCells: OverwriteCells looks every grade id up in the
#:   gradebook and stops the whole notebook on an unknown or missing one.
#: - OverwriteCells before CheckCellMetadata: the restored cells are the ones checked.
#: - OverwriteKernelspec and OverwriteCells are nbgrader's, reading the release once per
#:   batch process (autograder/steps/sources.py).
SANITIZE = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "autograder.steps.repair.RepairCells",
    "autograder.steps.sources.OverwriteKernelspec",
    "autograder.steps.sources.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]

#: Runs the notebook in the sandboxed engine (a drop-in for nbgrader's Execute).
EXECUTE = "autograder.steps.execute.SandboxedExecute"

#: After execution, steps that need no gradebook writes (the batch runs them in its pool).
#: - IgnorePattern before LimitOutput: dropped warnings never use up the output budget.
CLEAN = [
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
]

#: Steps that write grades (the batch's one gradebook writer runs them).
#: - SaveAutoGrades first: it sets the automatic scores and comments (nbgrader's step,
#:   saved in one transaction per notebook).
#: - ChineseComments after SaveAutoGrades: it rewrites the comments that step made.
#: - AssignLatePenalties after SaveAutoGrades: the penalty is a share of the score.
#: - CheckCellMetadata last: the notebook that is written is the one checked.
SAVE = [
    "autograder.steps.save.SaveAutoGrades",
    "autograder.steps.comments.ChineseComments",
    "autograder.steps.late.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

AUTOGRADE = [EXECUTE, *CLEAN, *SAVE]

#: The feedback page.
#: - GetGrades first: it copies scores and comments from the gradebook into the cells.
#: - HideRubricSuggestions after GetGrades: it removes the teacher-only comment GetGrades
#:   copied.
#: - HideHiddenTests after GetGrades: grades are read while the test cells are whole.
#: - CSSHTMLHeaderPreprocessor last: the page header, as in nbgrader.
FEEDBACK = [
    "autograder.steps.read_grades.GetGrades",
    "autograder.steps.rubric_suggestions.HideRubricSuggestions",
    "autograder.steps.hidden_tests.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

#: Every HTML export of the course (Formgrader, the feedback pages, ``nbgrader
#: generate_feedback``) runs this first, through ``c.HTMLExporter.preprocessors``: it must
#: see the notebook before any page is made from it, and it only touches what the student
#: controls (outputs, Markdown and raw cells, widget state, the names a page header shows).
HTML = ["autograder.steps.sanitize_html.SanitizeStudentHtml"]

#: nbgrader's late-submission plugin (AssignLatePenalties calls it).
LATE_PENALTY = "autograder.steps.late.DailyPenalty"
