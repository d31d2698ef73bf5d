"""The Chinese stubs that replace solutions in released notebooks (defined in course.stubs)."""

from course.stubs import CODE_STUB, TEXT_STUB

__all__ = ["CODE_STUB", "TEXT_STUB"]
