"""Known answers per chapter for the simulated class: wrong, error-raising and written ones.

Each chapter module ``chNN`` defines ``WRONG`` and ``ERROR`` (answer-cell
grade_id → code replacing the solution stub) and ``WRITTEN`` (grade_id →
(good text, poor text)). Correct answers are read from the source notebook.
Tests use ``WRONG`` to prove that hidden tests fail on known-wrong answers.
"""
