"""Per-student variants: who is working, their own shop data and their own question numbers.

A variant is a deterministic function of the course's secret and the learner's 学号:
``key = HMAC-SHA256(secret, 学号)``. Everything variant-dependent (which buyers the
shop's data keeps, the numbers in a hand-calculation question, the order of a choice
question's options) is drawn from ``random.Random`` seeded with the key and the item's
id, so the learner's notebook, the grader's hidden tests and the sample class all see
the same variant without sharing anything but the key.

Where the key comes from, first match wins:

1. ``KEFU_VARIANT_KEY`` (with ``KEFU_STUDENT``): set by the grading engine from the
   submission's student id and the teacher's secret; nothing in a notebook can change
   what the tests see, because the tests run in a process the notebook never touched.
   The class server's spawner sets the same pair for each student's JupyterLab
   (``kefu/hub/spawner.py``), so a student's server holds their own key, never the
   secret from which every classmate's key could be derived.
2. The 学号 (``KEFU_STUDENT``, else ``JUPYTERHUB_USER``, else the workspace's
   ``.kefu-student`` file written by ``kefu lab --student``) and the class's secret
   (``KEFU_COURSE_SECRET``, else ``classkey.txt`` shipped in this package by
   ``kefu bundle``).
3. Otherwise the **public variant**: the shop data in ``data/`` and the numbers printed
   in the book. The public repository (the self-learner's edition) ships no secret.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
import os
import random
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: A 学号 or a JupyterHub user name: letters, digits, dot, dash, underscore (≤ 64).
STUDENT_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,63}")
#: The file in the learner's workspace that remembers their 学号.
IDENTITY_FILE = ".kefu-student"
#: The class's secret, written into the package by ``kefu bundle`` (absent in the repository).
KEY_FILE = Path(__file__).with_name("classkey.txt")
_HEX_KEY = re.compile(r"[0-9a-f]{64}")


class IdentityError(ValueError):
    """A 学号 that cannot be used; the message is Chinese."""


def check_student_id(text: object) -> str:
    """The 学号 stripped, or :class:`IdentityError` with a Chinese reason."""
    value = str(text).strip() if text is not None else ""
    if not value:
        raise IdentityError("学号是空的。")
    if not STUDENT_ID.fullmatch(value):
        shown = shown_text(value)
        raise IdentityError(f"学号「{shown}」的格式不对：只能包含字母、数字、点、短横线和下划线，"
                            "以字母或数字开头，最长 64 个字符。")
    return value


def shown_text(text: str, limit: int = 40) -> str:
    """``text`` safe to print: control and format characters as ``\\x07``-style codes."""
    out = "".join(c if not unicodedata.category(c).startswith("C") else
                  c.encode("unicode_escape").decode("ascii") for c in text)
    return out if len(out) <= limit else out[:limit - 1] + "…"


def derive_key(secret: str, student: str) -> str:
    """The variant key of ``student`` under the course ``secret`` (64 hex digits)."""
    return hmac.new(secret.encode("utf-8"), student.encode("utf-8"), hashlib.sha256).hexdigest()


def secret_fingerprint(secret: str) -> str:
    """A short, non-reversible name for a secret (shown to teachers, stored in locks)."""
    return hashlib.sha256(b"kefu-secret:" + secret.encode("utf-8")).hexdigest()[:12]


_CHOICES: dict[int, list] = {}


def choices_of(alternatives: Sequence[Any] | Callable[[], Sequence[Any]]) -> list:
    """The alternatives as a list. A costly list can be declared as a function: it is
    computed on the first draw only (never for the public variant) and kept."""
    if not callable(alternatives):
        return alternatives if isinstance(alternatives, list) else list(alternatives)
    key = id(alternatives)
    if key not in _CHOICES:
        _CHOICES[key] = list(alternatives())
    return _CHOICES[key]


def warm_up_parameters(chapters: Sequence[str] | None = None) -> None:
    """Compute the lazily declared alternatives of ``chapters`` (default: every chapter);
    the grading sandbox does this once before forking, so no notebook pays for it."""
    for chapter in chapters or [f"ch{n:02d}" for n in range(1, 10)]:
        try:
            module = importlib.import_module(f"course.exercises.{chapter}")
        except ModuleNotFoundError:
            continue
        for spec in getattr(module, "PARAMS", {}).values():
            for _, alternatives in spec.values():
                choices_of(alternatives)


@dataclass(frozen=True)
class Variant:
    """One learner's variant; ``key`` None is the public variant."""

    student: str | None = None
    key: str | None = None
    #: Where the 学号 came from (Chinese), or why the public variant is used.
    source: str = ""

    @property
    def public(self) -> bool:
        return self.key is None

    @property
    def fingerprint(self) -> str:
        """Names the variant without revealing the key: ``"public"`` or 12 hex digits."""
        if self.key is None:
            return "public"
        return hashlib.sha256(b"kefu-variant:" + self.key.encode()).hexdigest()[:12]

    def rng(self, item: str) -> random.Random:
        """A random generator private to this variant and ``item``."""
        return random.Random(f"{self.key}:{item}")

    # -- question parameters
    def params(self, item: str, spec: Mapping[str, tuple[Any, Sequence[Any]]]) -> dict[str, Any]:
        """Each name's value: the book's default in the public variant, else a draw.

        ``spec`` maps a name to ``(default, alternatives)``; the draw is made in the
        order of ``spec``, so adding a name at the end keeps the earlier values.
        """
        if self.public:
            return {name: default for name, (default, _) in spec.items()}
        rng = self.rng(item)
        return {name: rng.choice(choices_of(alternatives)) for name, (_, alternatives) in
                spec.items()}

    # -- option order
    def order(self, item: str, labels: str) -> str:
        """The canonical labels in the order this learner sees them (public: unchanged)."""
        if self.public:
            return labels
        shown = list(labels)
        self.rng(item + ":order").shuffle(shown)
        return "".join(shown)

    def relabel(self, item: str, labels: str) -> dict[str, str]:
        """Canonical label → the letter this learner sees for it."""
        return {canonical: labels[i] for i, canonical in enumerate(self.order(item, labels))}

    def letter(self, item: str, labels: str, canonical: str) -> str:
        """The letter this learner must answer for the canonical option ``canonical``."""
        return self.relabel(item, labels)[canonical]

    def letters(self, item: str, labels: str, canonical: Iterable[str]) -> list[str]:
        """:meth:`letter` for each of ``canonical``, keeping their order."""
        mapping = self.relabel(item, labels)
        return [mapping[c] for c in canonical]


def _workspace_student() -> tuple[str | None, str]:
    """The 学号 remembered in the workspace (``$KEFU_WORKSPACE`` or the folders above)."""
    places = []
    if os.environ.get("KEFU_WORKSPACE"):
        places.append(Path(os.environ["KEFU_WORKSPACE"]))
    try:
        here = Path.cwd()
    except OSError:
        here = None
    if here is not None:
        places += [here, *list(here.parents)[:3]]
    for place in places:
        path = place / IDENTITY_FILE
        try:
            text = path.read_text("utf-8").strip()
        except (OSError, UnicodeDecodeError):
            continue
        return text, f"工作区文件 {path}"
    return None, ""


def class_secret() -> str | None:
    """The class's secret on this machine (None in the public, self-learner edition)."""
    if os.environ.get("KEFU_COURSE_SECRET"):
        return os.environ["KEFU_COURSE_SECRET"]
    try:
        text = KEY_FILE.read_text("utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text or None


def class_edition() -> bool:
    """Whether this copy of the course belongs to a class: it has the class's secret, or
    (on the class server, which never hands the secret to a student) the learner's own
    variant key ``KEFU_VARIANT_KEY``."""
    return class_secret() is not None or bool(os.environ.get("KEFU_VARIANT_KEY"))


def identify() -> tuple[str | None, str]:
    """The learner's 学号 and where it came from (``None, ""`` when nobody said)."""
    for name, label in (("KEFU_STUDENT", "环境变量 KEFU_STUDENT"),
                        ("JUPYTERHUB_USER", "JupyterHub 账号")):
        if os.environ.get(name):
            return os.environ[name], label
    return _workspace_student()


def current() -> Variant:
    """The variant of whoever runs this process (read afresh on every call: it is cheap)."""
    student, source = identify()
    key = os.environ.get("KEFU_VARIANT_KEY", "")
    if student is not None:
        try:
            student = check_student_id(student)
        except IdentityError as exc:
            return Variant(None, None, f"{exc}（来自{source}）使用公共数据。")
    if key:
        if _HEX_KEY.fullmatch(key) and student:
            return Variant(student, key, source)
        return Variant(None, None, "评分环境的数据版本无效，使用公共数据。")
    if student is None:
        return Variant(None, None, "没有设置学号，使用公共数据。")
    secret = class_secret()
    if secret is None:
        return Variant(student, None, f"学号 {student}（来自{source}）；本课程没有设置班级密钥，"
                                      "所有人使用同一份公共数据。")
    return Variant(student, derive_key(secret, student), source)


def save_student(student: str, workspace: Path) -> Path:
    """Remember ``student`` as the workspace's 学号 (validated first)."""
    student = check_student_id(student)
    workspace.mkdir(parents=True, exist_ok=True)
    path = workspace / IDENTITY_FILE
    path.write_text(student + "\n", encoding="utf-8")
    return path


# -- what a question cell shows ---------------------------------------------------------
def spec_of(item: str) -> dict[str, tuple[Any, Sequence[Any]]] | None:
    """The parameters of ``item`` ("ch07.q4") declared in ``course.exercises.ch07.PARAMS``."""
    chapter, _, name = item.partition(".")
    if not re.fullmatch(r"ch\d\d", chapter):
        return None
    try:
        module = importlib.import_module(f"course.exercises.{chapter}")
    except ModuleNotFoundError:
        return None
    return getattr(module, "PARAMS", {}).get(name)


def params(item: str, spec: Mapping[str, tuple[Any, Sequence[Any]]] | None = None
           ) -> dict[str, Any]:
    """:meth:`Variant.params` for the current learner; ``spec`` defaults to the item's
    declared parameters (:func:`spec_of`)."""
    spec = spec if spec is not None else spec_of(item)
    if spec is None:
        raise KeyError(f"题目 {item} 没有声明参数（course/exercises/）。")
    return current().params(item, spec)


def letter(item: str, labels: str, canonical: str) -> str:
    """:meth:`Variant.letter` for the current learner."""
    return current().letter(item, labels, canonical)


def letters(item: str, labels: str, canonical: Iterable[str]) -> list[str]:
    """:meth:`Variant.letters` for the current learner."""
    return current().letters(item, labels, canonical)


class Question:
    """A question whose text (numbers, option order) is the learner's own.

    ``Question(item, text, options=..., values=...)`` renders as Markdown in Jupyter.
    ``text`` may name parameters as ``{name}``; ``options`` maps canonical labels to
    option texts, shown in the learner's order and lettered A, B, C… from the top.
    :meth:`letter_of` turns an option's text into the letter this learner sees (the
    reference solutions use it, so they are right in every variant).
    """

    def __init__(self, item: str, text: str, options: Mapping[str, str] | None = None,
                 values: Mapping[str, Any] | None = None, listed: str = "letters") -> None:
        self.item = item
        if values is None and spec_of(item) is not None:
            values = params(item)
        self.values = dict(values or {})
        self.text = text.format(**self.values) if self.values else text
        self.options = dict(options or {})
        self.listed = listed
        labels = "".join(self.options)
        variant = current()
        self._order = variant.order(item, labels) if labels else ""
        self._shown = {labels[i]: self.options[c] for i, c in enumerate(self._order)}

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    @property
    def shown(self) -> dict[str, str]:
        """Letter → option text, in the order this learner sees them."""
        return dict(self._shown)

    def letter_of(self, text: str) -> str:
        """The letter of the option whose text is ``text``."""
        for shown, option in self._shown.items():
            if option == text:
                return shown
        raise KeyError(f"没有内容为「{text}」的选项。")

    # The exercise's formative feedback: 练习3.check(), .hint(), .solution(), .scaffold().
    # course/coach.py registers its Exercise here when it is imported (the notebook's set-up
    # imports it), so this module needs no import of it.
    coach: Any = None

    def _exercise(self):
        if self.coach is None:
            raise RuntimeError("请先运行本章的第一个单元格（setup），再检查答案。")
        return self.coach.of(self.item)

    def check(self):
        """正确 / 不正确 / 未作答 for this exercise's main case."""
        return self._exercise().check()

    def hint(self, level: int = 1):
        """The ``level``-th hint of this exercise."""
        return self._exercise().hint(level)

    def solution(self):
        """The reference solution, where this edition has it."""
        return self._exercise().solution()

    def scaffold(self):
        """The partly written answer the exercise starts from."""
        return self._exercise().scaffold()

    def _repr_markdown_(self) -> str:
        lines = [self.text.strip()]
        if self._shown:
            lines.append("")
            lines += [f"- {shown}. {text}" for shown, text in self._shown.items()]
        if self.values:
            handle = "练习" + self.item.rpartition(".q")[2] if ".q" in self.item else "练习"
            names = "、".join(f"`{handle}[\"{name}\"]`" for name in self.values)
            lines += ["", f"> 写代码时，题目里的数据这样取：{names}（不要抄数字：每个人的数字不一样）。"]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self._repr_markdown_()
