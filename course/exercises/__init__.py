"""Per-chapter parameters of the questions whose numbers are each student's own.

``course/exercises/chNN.py`` declares ``PARAMS = {"q4": {"name": (default, choices)}}``:
the default is the number printed in the book (the public variant), the choices are
what a student's variant draws from (:func:`course.variants.params`); a costly list of
choices may be given as a function that returns it (computed on a student's first draw,
never for the public variant). The question cell
and the hidden test both read the same declaration, so they can never disagree. No
answer lives here: this package is handed to students.
"""
