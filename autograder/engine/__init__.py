"""The grading engine: runs a notebook's code cells in a sandboxed, pre-warmed process.

It only executes. ``limits.py`` says what one notebook may use, ``worker.py``
is the grader's side (start the sandbox, feed it cells, collect outputs) and
``zygote.py`` runs alone inside the sandbox. The engine knows nothing of
nbgrader's pipeline: ``autograder.steps.execute`` adapts it to nbgrader and
``autograder.batch`` schedules it over a class.
"""
