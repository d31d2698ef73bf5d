"""The class's secret: what makes every student's variant their own.

``c.CourseVariants`` in ``nbgrader_config.py`` says whether students get their own
variants (``per_student``) and where the secret lives (``secret_file``, relative to
the course root; or ``secret`` itself). ``kefu secret`` creates it; ``kefu bundle``
ships it to the students inside the course package. A lock file next to the secret
remembers its fingerprint: grading refuses to run when the secret is missing or is
no longer the one the students were given, instead of silently grading everybody on
the public variant (every data answer would then be marked wrong).

The grader hands each notebook's processes only ``KEFU_STUDENT`` and the derived key
``KEFU_VARIANT_KEY`` (:func:`identity_env`), never the secret.
"""

from __future__ import annotations

import json
import os
import secrets as _random
from datetime import datetime
from pathlib import Path

from traitlets import Bool, Unicode, default
from traitlets.config import Configurable

from course import variants


class ClassKeyError(ValueError):
    """The class's secret is missing or changed; the message is Chinese."""


class CourseVariants(Configurable):
    """Per-student variants of the shop data and of the questions' numbers."""

    per_student = Bool(True, help="每位学生使用自己的数据版本和题目数字（需要班级密钥）。"
                                  "设为 False 时所有学生使用同一份公共数据。").tag(config=True)
    secret = Unicode(help="班级密钥本身（一般不直接写在这里，而是放在 secret_file 中；"
                          "默认取环境变量 KEFU_COURSE_SECRET）。").tag(config=True)
    secret_file = Unicode("autograder/classkey.txt",
                          help="班级密钥文件（相对课程根目录）；kefu secret 生成，"
                               "kefu bundle 把它打包给学生。").tag(config=True)


    @default("secret")
    def _secret_from_environment(self) -> str:
        return os.environ.get("KEFU_COURSE_SECRET", "")


class ClassKey:
    """The secret of one course (``course`` is an :class:`autograder.coursedir.Course`)."""

    def __init__(self, root: Path, config) -> None:
        self.root = Path(root)
        self.settings = CourseVariants(config=config)

    @classmethod
    def of(cls, course) -> ClassKey:
        return cls(course.root, course.config)

    @property
    def per_student(self) -> bool:
        return bool(self.settings.per_student)

    @property
    def path(self) -> Path:
        return self.root / self.settings.secret_file

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def read(self) -> str | None:
        """The secret, or None when there is none."""
        if self.settings.secret:
            return self.settings.secret
        try:
            text = self.path.read_text("utf-8").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return text or None

    def locked_fingerprint(self) -> str | None:
        try:
            return json.loads(self.lock_path.read_text("utf-8"))["fingerprint"]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def create(self) -> tuple[str, bool]:
        """The secret's fingerprint, creating secret and lock when there is no secret yet.

        Returns ``(fingerprint, created)``. Refuses (:class:`ClassKeyError`) when a lock
        says a different secret was handed out.
        """
        existing = self.read()
        if existing is not None:
            return self.check(), False
        if self.locked_fingerprint() is not None:
            raise self._missing()
        secret = _random.token_urlsafe(24)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(secret + "\n", encoding="utf-8")
        self.path.chmod(0o600)
        self._lock(secret)
        return variants.secret_fingerprint(secret), True

    def _lock(self, secret: str) -> None:
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        self.lock_path.write_text(json.dumps(
            {"fingerprint": variants.secret_fingerprint(secret),
             "created": datetime.now().isoformat(timespec="seconds")},
            ensure_ascii=False) + "\n", encoding="utf-8")

    def _missing(self) -> ClassKeyError:
        return ClassKeyError(
            f"找不到班级密钥（{self.settings.secret_file}）。每位学生的数据版本由它算出，"
            "没有它就无法按学生自己的数据评分，因此没有评分。请找回发给学生时使用的密钥文件"
            "（备份或 kefu bundle 的压缩包里 course/classkey.txt），放回原处后重新运行；"
            "如果这门课所有学生都用同一份数据，请在 nbgrader_config.py 中设置 "
            "c.CourseVariants.per_student = False。")

    def check(self) -> str:
        """The fingerprint of a usable secret; :class:`ClassKeyError` otherwise."""
        secret = self.read()
        if secret is None:
            raise self._missing()
        fingerprint = variants.secret_fingerprint(secret)
        locked = self.locked_fingerprint()
        if locked is None:
            self._lock(secret)
        elif locked != fingerprint:
            raise ClassKeyError(
                f"班级密钥变了：现在的密钥（指纹 {fingerprint}）不是发给学生时的那一个"
                f"（指纹 {locked}）。用新密钥评分，每位学生的数据都会对不上，因此没有评分。"
                f"请把原来的密钥放回 {self.settings.secret_file}；确实要换密钥（例如新学期）时，"
                f"删除 {self.lock_path.name} 并重新用 kefu bundle 给学生发放课程。")
        return fingerprint

    def identity_env(self, student: str) -> dict[str, str]:
        """What a notebook's processes learn about whose variant they run."""
        if not self.per_student:
            return {}
        secret = self.read()
        if secret is None:
            raise self._missing()
        return {"KEFU_STUDENT": student, "KEFU_VARIANT_KEY": variants.derive_key(secret, student)}

    def expected_fingerprint(self, student: str) -> str:
        """The variant fingerprint a notebook of ``student`` should have run under."""
        env = self.identity_env(student)
        return variants.Variant(student, env.get("KEFU_VARIANT_KEY")).fingerprint


def recorded_identity(nb) -> dict | None:
    """The identity a handed-in notebook last ran under (its set-up cell's output), if any."""
    for cell in nb.get("cells", [])[:12]:
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs") or []:
            meta = output.get("metadata") if isinstance(output, dict) else None
            found = meta.get("kefu_identity") if isinstance(meta, dict) else None
            if isinstance(found, dict):
                student = found.get("student")
                return {"student": str(student) if student is not None else None,
                        "variant": str(found.get("variant") or "")}
    return None


def identity_problem(recorded: dict | None, student: str, expected: str) -> str:
    """A Chinese note when the notebook last ran as someone else's variant ("" otherwise)."""
    if recorded is None or recorded.get("variant") == expected:
        return ""
    shown = recorded.get("student")
    if shown is not None:
        shown = variants.shown_text(shown)
    if expected == "public":
        ran = f"学号 {shown} 的专属数据" if shown else "另一份数据"
        return (f"学号不一致：这份作业最后一次运行时用的是{ran}，本课程所有学生都用公共数据评分，"
                "按公共数据评分。")
    if shown is None:
        ran = "公共数据（当时没有设置学号）"
    elif shown != student:
        ran = f"学号 {shown} 的数据"
    else:
        ran = f"学号 {shown} 的另一个数据版本（班级密钥不同）"
    return (f"学号不一致：这份作业最后一次运行时用的是{ran}，按提交者 {student} 自己的数据评分；"
            "数据题的答案可能因此对不上。")
