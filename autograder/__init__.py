"""Instructor side of the course: sample class, grading pipeline and grade exports."""
