"""The ``kefu`` app: the command line and the JupyterLab launcher over the grader and the course.

It sits on top: ``kefu`` imports ``autograder`` and ``course``; neither imports it.
"""
