"""A deterministic simulated class: one submission per student and chapter, in nbgrader layout.

Profiles cover what a teacher meets: full marks, partly right, wrong, blank,
code that raises errors, and late submissions. Correct answers come from the
source notebook's solution regions, wrong and error-raising ones from
``autograder.sampleclass.answers.chNN``; each answer replaces the Chinese stub of the
released notebook, exactly where a student would type.
"""

from __future__ import annotations

import importlib
import json
import random
import re
import textwrap
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from autograder.coursedir import Course
from autograder.schedule import nbgrader_timestamp
from autograder.stubs import CODE_STUB, TEXT_STUB

SEED = 7
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ["思雨", "子涵", "浩然", "欣怡", "宇航", "梓萱", "俊杰", "雨桐", "嘉怡", "明轩",
         "诗琪", "博文", "佳琪", "一诺", "晨曦", "天佑", "若曦", "家豪", "语嫣", "志强"]
#: (profile, Chinese description), cycled over the roster.
PROFILES = [
    ("full", "全部正确"),
    ("partial", "部分正确"),
    ("wrong", "全部答错"),
    ("blank", "空白未作答"),
    ("error", "代码报错"),
    ("late", "全部正确但迟交"),
    ("partial", "部分正确"),
    ("full", "全部正确"),
    ("error", "代码报错"),
    ("partial", "部分正确"),
    ("late", "全部正确但迟交"),
    ("wrong", "全部答错"),
]


@dataclass(frozen=True)
class Student:
    student_id: str
    last_name: str
    first_name: str
    profile: str

    @property
    def name(self) -> str:
        return self.last_name + self.first_name


def roster(n: int = len(PROFILES), seed: int = SEED) -> list[Student]:
    """``n`` students with 学号, Chinese names and a profile each."""
    rng = random.Random(seed)
    students, used = [], set()
    for i in range(n):
        if len(used) == len(SURNAMES) * len(GIVEN):  # a class this large repeats names
            used.clear()
        while True:
            last, first = rng.choice(SURNAMES), rng.choice(GIVEN)
            if last + first not in used:
                used.add(last + first)
                break
        profile = PROFILES[i % len(PROFILES)][0]
        students.append(Student(f"2024{3010 + i + 1:06d}", last, first, profile))
    return students


def _source(cell) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def solutions(notebook: dict) -> dict[str, str]:
    """grade_id → the dedented code (or text) between the solution markers."""
    from course.coach import solutions as reference

    return reference(notebook)


def _released_regions() -> dict[str, str]:
    """grade_id → the scaffold a released answer cell starts from (all chapters)."""
    from course.chapters import CHAPTERS
    from course.coach import scaffolds
    from course.roleplays import answer_stubs

    out: dict[str, str] = {}
    for chapter in CHAPTERS:
        out.update(scaffolds(chapter))
        out.update(answer_stubs(chapter))
    return out


def fill(release: dict, answers: dict[str, str | None]) -> dict:
    """A copy of the released notebook with each stub (or scaffold) replaced by
    ``answers[grade_id]``."""
    notebook = json.loads(json.dumps(release))
    lines = [re.escape(line) for line in CODE_STUB.split("\n")]
    code_stub = re.compile(r"^([ \t]*)" + r"\n[ \t]*".join(lines), re.M)
    scaffolded = _released_regions()
    for cell in notebook["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        answer = answers.get(meta.get("grade_id", ""))
        if not meta.get("solution") or answer is None:
            continue
        source = _source(cell)
        if cell["cell_type"] == "markdown":
            cell["source"] = source.replace(TEXT_STUB, answer)
            continue
        region = code_stub
        scaffold = scaffolded.get(meta["grade_id"])
        if scaffold is not None and not code_stub.search(source):
            region = re.compile(r"^([ \t]*)" + r"\n[ \t]*".join(
                re.escape(line) for line in scaffold.split("\n")), re.M)
        cell["source"] = region.sub(
            lambda m, a=answer: textwrap.indent(a, m.group(1)), source, count=1)
    return notebook


def answer_bank(course: Course, chapter: str) -> dict[str, tuple[str, str, str]]:
    """grade_id → (correct, wrong, error-raising) answers of ``chapter``."""
    source = json.loads(course.source_notebook(chapter).read_text("utf-8"))
    known = importlib.import_module(f"autograder.sampleclass.answers.{chapter}")
    bank = {}
    for grade_id, correct in solutions(source).items():
        if grade_id in known.WRITTEN:
            good, poor = known.WRITTEN[grade_id]
            bank[grade_id] = (good, poor, poor)
        elif grade_id in getattr(known, "CHATS", {}):  # role-play chats: (good, poor) replies
            from course.roleplays import by_grade_id

            name = by_grade_id(grade_id).answer
            good, poor = (f"{name} = {replies!r}" for replies in known.CHATS[grade_id])
            bank[grade_id] = (good, poor, poor)
        else:
            bank[grade_id] = (correct, known.WRONG.get(grade_id, correct),
                              known.ERROR.get(grade_id, correct))
    return bank


def chapter_answers(bank: dict[str, tuple[str, str, str]], profile: str,
                    rng: random.Random) -> dict[str, str | None]:
    """The answers one student of ``profile`` gives, drawn from a chapter's answer bank."""
    answers: dict[str, str | None] = {}
    for grade_id, (correct, wrong, error) in bank.items():
        if profile in ("full", "late"):
            answers[grade_id] = correct
        elif profile == "wrong":
            answers[grade_id] = wrong
        elif profile == "blank":
            answers[grade_id] = None
        elif profile == "error":
            answers[grade_id] = error if rng.random() < 0.6 else correct
        else:
            answers[grade_id] = correct if rng.random() < 0.6 else wrong
    return answers


def write_class(course: Course, out_dir: Path, chapters: list[str], n: int = len(PROFILES)
                ) -> list[tuple[Student, str]]:
    """Write ``out_dir/<学号>/<chNN>/<chNN>.ipynb`` and ``timestamp.txt`` for every student.

    Times are around each chapter's due date (late students after it); a chapter
    without a due date gets no ``timestamp.txt``.
    """
    written = []
    for chapter in chapters:
        release = json.loads(course.release_notebook(chapter).read_text("utf-8"))
        bank = answer_bank(course, chapter)
        due = course.calendar.due(chapter)
        for student in roster(n):
            rng = random.Random(f"{SEED}-{student.student_id}-{chapter}")
            notebook = fill(release, chapter_answers(bank, student.profile, rng))
            folder = out_dir / student.student_id / chapter
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{chapter}.ipynb").write_text(
                json.dumps(notebook, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            hours = rng.randint(30, 70) if student.profile == "late" else -rng.randint(2, 90)
            if due is not None:
                (folder / "timestamp.txt").write_text(
                    nbgrader_timestamp(due + timedelta(hours=hours)), encoding="utf-8")
            written.append((student, chapter))
    return written
