"""Bringing submissions into nbgrader's layout ``autograder/submitted/<学号>/<chNN>/<chNN>.ipynb``.

Accepted: a folder, a ``.zip`` (zips inside either are opened too) or one
notebook, holding files as teachers receive them from 学习通 or QQ groups —
``学号_姓名_chNN.ipynb`` with spaces, full-width characters, ``(1)`` or
``- 副本`` copies, GBK-encoded names in zips — or nbgrader's exchange layout
``<学号>/<chNN>/<chNN>.ipynb`` with its ``timestamp.txt`` (any nbgrader or
JupyterHub user name, such as ``zhang.san`` or ``stu-01``). No file is dropped
silently: each one is placed or listed with a Chinese reason.

Whatever a student controls is treated as hostile: links inside folders and zips
are reported and never followed; archives are read as streams with a limit per
file and for the whole intake, so a nested zip bomb stops with a reason; control
characters in names are shown as codes. A file never replaces another student's
work because of its name alone: a file named for student B inside student A's
folder or zip is a conflict the teacher decides.

Lateness is decided only by a time the student cannot forge: the exchange's
``timestamp.txt``, an LMS export the teacher passes (``kefu grade --times``), a
time the teacher sets for one student, or — only when the teacher opts in with
``--file-times`` — the file and zip entry times, which the student's own tools
write. Without one of these nobody is marked late, and the intake record says so.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from autograder.roster import RosterEntry, clean_name, split_name
from autograder.schedule import SHANGHAI, CourseCalendar, nbgrader_timestamp, shanghai_clock

_NOTEBOOK = re.compile(r"\.ipynb(?:\.(?:txt|json))?$", re.I)  # browsers add .txt or .json
_ARCHIVES = (".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz")
_JUNK_FOLDERS = {"__MACOSX", ".ipynb_checkpoints", ".git", "__pycache__"}
_JUNK_FILES = {".ds_store", "thumbs.db", "desktop.ini", "timestamp.txt"}
#: Zip entry flag: the name is UTF-8 (otherwise zipfile decodes it as cp437).
_UTF8_FLAG = 0x800
_ENCRYPTED_FLAG = 0x1
#: Larger files are not notebooks a student wrote; refusing them keeps a zip bomb out.
_MAX_BYTES = 64 * 1024 * 1024
#: All files and nested archives of one intake together, once expanded.
_MAX_TOTAL = 1024 * 1024 * 1024
_MAX_ZIP_DEPTH = 3

_COPY_MARK = re.compile(r"[(\[]\s*\d{1,3}\s*[)\]]|copy of|copy|副本|复件|拷贝", re.I)
_CHAPTER = re.compile(r"(?<![a-z])ch(?:apter)?[\s_\-.]*0*([1-9]\d?)(?!\d)", re.I)
_CHAPTER_ZH = re.compile(r"第\s*0*([1-9]\d?|[一二三四五六七八九十]{1,3})\s*章")
#: A 学号 candidate: letters and digits with at least one digit, not a year like "2024级".
_STUDENT = re.compile(r"(?<![0-9A-Za-z])(?=[A-Za-z]*\d)[0-9A-Za-z]+(?![0-9A-Za-z级届班年])")
_SEPARATORS = re.compile(r"[\s_\-.,，、+()\[\]【】（）]+")
_NOT_NAMES = ("最终版", "修改版", "完成版", "作业", "实训", "练习", "提交", "课后", "答案")
_ZH_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", 1)}


@dataclass
class Placed:
    """One submission put into nbgrader's layout."""

    #: The file as the teacher received it, e.g. 第五章.zip/2024001_张三_ch05.ipynb.
    label: str
    #: The submission time that decides lateness, or None when no trusted source gives one.
    moment: datetime | None
    #: Where ``moment`` came from: "exchange", "lms", "teacher", "file" or "".
    source: str
    #: What the file or the zip entry says (shown to the teacher, never used unasked).
    file_time: datetime | None = None


@dataclass
class Intake:
    """What intake placed, and every file it did not place, in Chinese.

    ``names`` maps each placed 学号 to (姓, 名); ``placed`` maps (学号, chapter) to
    the submission used. ``problems`` need the teacher's attention (unreadable or
    unrecognised files, links, oversized archives); ``unmatched``, ``duplicates``,
    ``conflicts`` and ``late`` list files by student; ``skipped`` lists files of
    chapters not being graded.
    """

    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    late: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    placed: dict[tuple[str, str], Placed] = field(default_factory=dict)
    #: Students of the roster with no file, per chapter.
    missing: dict[str, list[str]] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """Every message, each prefixed with its kind, for a flat list of notes."""
        kinds = [("", self.problems), ("未知学号：", self.unmatched),
                 ("重复提交：", self.duplicates), ("学号冲突：", self.conflicts),
                 ("迟交：", self.late), ("", self.skipped)]
        return [f"{prefix}{line}" for prefix, lines in kinds for line in lines]

    def report(self) -> str:
        """A Chinese report of the intake, one section per kind of message."""
        out = [f"收到 {len(self.placed)} 份作业（{len(self.names)} 名学生）。"]
        for title, lines in (("需要注意", self.problems),
                             ("未知学号（不在花名册中，未导入）", self.unmatched),
                             ("重复提交（保留较新的一份）", self.duplicates),
                             ("学号冲突（文件名和所在文件夹或压缩包的学号不同，未评分，请教师核对）",
                              self.conflicts),
                             ("迟交", self.late),
                             ("已跳过（不在本次评分的章节中）", self.skipped)):
            if lines:
                out.append(f"{title}：")
                out.extend(f"  - {line}" for line in lines)
        return "\n".join(out)

    def missing_report(self, names: Mapping[str, str]) -> str:
        """未提交, per chapter, with names (printed at the end of a run)."""
        lines = []
        for chapter, students in sorted(self.missing.items()):
            if students:
                people = "、".join(f"{s} {names.get(s, '')}".strip() for s in students)
                lines.append(f"未提交 {chapter}（{len(students)} 人）：{people}")
        return "\n".join(lines)

    def record(self) -> dict:
        """Everything the run found, as plain data (saved with the exports)."""
        return {
            "received": [{"学号": s, "章节": ch, "文件": p.label,
                          "提交时间": p.moment.isoformat() if p.moment else "",
                          "时间来源": p.source,
                          "文件时间": p.file_time.isoformat() if p.file_time else ""}
                         for (s, ch), p in sorted(self.placed.items())],
            "missing": self.missing, "problems": self.problems, "unmatched": self.unmatched,
            "duplicates": self.duplicates, "conflicts": self.conflicts, "late": self.late,
            "skipped": self.skipped,
        }


class _TooBig(Exception):
    """Reading would pass the intake's size limits."""


class _Budget:
    """Bytes intake may still read, over all files and nested archives together."""

    def __init__(self, total: int) -> None:
        self.left = total

    def read(self, stream, limit: int, spool: bool = False):
        """Read ``stream`` (at most ``limit`` bytes); a spooled file when ``spool``."""
        out = tempfile.SpooledTemporaryFile(max_size=16 * 2**20) if spool else io.BytesIO()
        got = 0
        while True:
            chunk = stream.read(2**20)
            if not chunk:
                break
            got += len(chunk)
            self.left -= len(chunk)
            if got > limit or self.left < 0:
                raise _TooBig
            out.write(chunk)
        out.seek(0)
        return out


@dataclass
class _Found:
    """One file under the source: where it is, when it was handed in, how to read it."""

    label: str  # as the teacher sees it, e.g. 第五章.zip/作业/2024001_张三_ch05.ipynb
    parts: tuple[str, ...]  # its path inside its folder or zip
    file_time: datetime  # the file's or the zip entry's own time (aware)
    stamp: datetime | None  # nbgrader's timestamp.txt beside it (exchange layout)
    read: Callable[[], bytes]
    #: Every folder and archive name above it, outermost first (nested zips included).
    containers: tuple[str, ...] = ()


@dataclass
class _Submission:
    found: _Found
    student: str
    chapter: str
    name: str | None  # from the file name; None for the exchange layout
    order: int


def collect(source: Path, chapters: list[str], out: Path,
            roster: Mapping[str, RosterEntry] | None = None,
            calendar: CourseCalendar | None = None,
            times: Mapping[tuple[str, str | None], datetime] | None = None,
            file_times: bool = False, only: set[str] | None = None,
            teacher_time: datetime | None = None) -> Intake:
    """Copy every submission of ``chapters`` found under ``source`` into ``out``.

    With a non-empty ``roster`` (``roster.load_saved_roster``), files of students
    not on it are listed in ``unmatched`` and not placed, and names come from it.
    Lateness is decided only by a time the student cannot forge: nbgrader's
    ``timestamp.txt`` (the exchange), ``times`` (学号, chapter or None → time, from an
    LMS export the teacher passes), ``teacher_time`` (one student, set by the
    teacher), or file and zip times when the teacher opts in with ``file_times``.
    ``only`` restricts the intake to some students (re-grading one).
    """
    due = calendar.due if calendar is not None else (lambda chapter: None)
    result = Intake()
    source = Path(source)
    if not source.exists():
        result.problems.append(f"找不到提交文件夹或压缩包：{safe_label(str(source))}")
        return result
    roster = roster or {}
    ids = {student.casefold(): student for student in roster}
    budget = _Budget(_MAX_TOTAL)
    with ExitStack() as stack:  # zips stay open until their files are placed
        try:
            found = list(_scan(source, stack, result, budget))
        except _TooBig:
            result.problems.append(f"提交的文件展开后超过 {_MAX_TOTAL // 2**20} MB，为安全起见"
                                   f"停止读取，后面的文件没有导入：{safe_label(source.name)}")
            found = []
        kept = _choose(found, chapters, ids, roster, result)
        for (student, chapter), sub in kept.items():
            if only is not None and student not in only:
                continue
            moment, origin = _decide_time(sub, student, chapter, times, file_times, teacher_time)
            try:
                data = sub.found.read()
            except _TooBig:
                result.problems.append(f"文件太大，没有导入：{sub.found.label}")
                continue
            except (OSError, zipfile.BadZipFile, RuntimeError, EOFError) as exc:
                result.problems.append(f"无法读取文件（{type(exc).__name__}），"
                                       f"压缩包或文件可能已损坏：{sub.found.label}")
                continue
            _place(data, student, chapter, out, moment)
            result.placed[(student, chapter)] = Placed(sub.found.label, moment, origin,
                                                       sub.found.file_time)
            if student in roster:
                result.names[student] = split_name(roster[student].name)
            elif sub.name:
                result.names[student] = split_name(sub.name)
            else:
                result.names.setdefault(student, ("", student))
            deadline = due(chapter)
            if calendar is not None:
                deadline = calendar.extended_due(chapter, student) or deadline
            _note_late(student, chapter, moment, deadline, result)
    for chapter in chapters:
        everyone = [s for s in roster if only is None or s in only]
        result.missing[chapter] = sorted(s for s in everyone if (s, chapter) not in result.placed)
    return result


def _decide_time(sub: _Submission, student: str, chapter: str,
                 times: Mapping[tuple[str, str | None], datetime] | None, file_times: bool,
                 teacher_time: datetime | None) -> tuple[datetime | None, str]:
    """The submission time that decides lateness, and where it came from."""
    if teacher_time is not None:
        return teacher_time, "teacher"
    if sub.found.stamp is not None:
        return sub.found.stamp, "exchange"
    if times:
        for key in ((student, chapter), (student, None)):
            if key in times:
                return times[key], "lms"
    if file_times:
        return sub.found.file_time, "file"
    return None, ""


def _choose(found: list[_Found], chapters: list[str], ids: dict[str, str],
            roster: Mapping[str, RosterEntry], result: Intake
            ) -> dict[tuple[str, str], _Submission]:
    """The newest file of each (学号, chapter); every other file is reported."""
    groups: dict[tuple[str, str], list[_Submission]] = {}
    other: dict[str, list[str]] = {}
    for order, item in enumerate(found):
        if not _NOTEBOOK.search(_normal(item.parts[-1])):
            suffix = Path(item.parts[-1]).suffix.lower()
            reason = ("压缩包格式无法直接读取，请解压后再导入（或改用 .zip）"
                      if suffix in _ARCHIVES else "不是 Jupyter 笔记本（.ipynb），已跳过")
            result.problems.append(f"{reason}：{item.label}")
            continue
        guess = _identify(item.parts, ids)
        if isinstance(guess, str):
            result.problems.append(f"文件名无法识别（{guess}；应为 学号_姓名_ch07.ipynb）："
                                   f"{item.label}")
            continue
        student, chapter, name = guess
        if chapter not in chapters:
            other.setdefault(chapter, []).append(item.label)
            continue
        owner = _container_owner(item, student, ids)
        if owner is not None:
            result.conflicts.append(
                f"「{item.label}」的文件名是 {student} 的 {chapter}，却在 {owner} 的文件夹或压缩包里："
                f"没有评分。核对后可单独批改：kefu grade {chapter} --student {student} "
                f"--submissions <这个文件>")
            continue
        if ids and student.casefold() not in ids:
            result.unmatched.append(f"{student}（{chapter}）不在花名册中，未导入："
                                    f"{item.label}{_name_hint(name, roster)}")
            continue
        student = ids.get(student.casefold(), student)
        groups.setdefault((student, chapter), []).append(
            _Submission(item, student, chapter, name, order))
    for chapter in sorted(other):
        files = other[chapter]
        result.skipped.append(f"{chapter} 不在本次评分的章节中，跳过 {len(files)} 个文件："
                              + "、".join(files))
    kept = {}
    for (student, chapter), subs in groups.items():
        # The student's own copies: the newest by exchange stamp, else by file time.
        subs.sort(key=lambda sub: (sub.found.stamp or sub.found.file_time, sub.order))
        newest = kept[(student, chapter)] = subs[-1]
        for older in subs[:-1]:
            result.duplicates.append(
                f"{student} {chapter} 有 {len(subs)} 份提交，保留较新的「{newest.found.label}」"
                f"（{shanghai_clock(newest.found.file_time)}），舍弃「{older.found.label}」"
                f"（{shanghai_clock(older.found.file_time)}）")
    return kept


def _container_owner(item: _Found, student: str, ids: dict[str, str]) -> str | None:
    """Another student whose folder or archive holds this file, or None.

    A container names a student when it holds a roster 学号 (or, without a roster,
    a 学号-like token as long as the file's own 学号, so that dates and years do
    not count).
    """
    if _exchange(item.parts):  # nbgrader's own layout: the folder is the student's
        return None
    for container in item.containers:
        _, text = _chapter(_normal(container))  # ch07 or 第七章 is not a 学号
        for match in _STUDENT.finditer(text):
            token = match.group()
            if token.casefold() == student.casefold():
                return None
            on_roster = token.casefold() in ids if ids else len(token) == len(student)
            if on_roster:
                return ids.get(token.casefold(), token)
    return None


def _note_late(student: str, chapter: str, stamp: datetime | None, due: datetime | None,
               result: Intake) -> None:
    if stamp is None or due is None or stamp <= due:
        return
    hours = (stamp - due).total_seconds() / 3600
    result.late.append(f"{student} {chapter}：迟交 {max(hours, 0.1):.1f} 小时"
                       f"（提交于 {shanghai_clock(stamp)}，截止 {shanghai_clock(due)}）")


def _place(data: bytes, student: str, chapter: str, out: Path, stamp: datetime | None) -> None:
    """Write one notebook; ``stamp`` (the submission time) is written only when known."""
    folder = out / student / chapter
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / f"{chapter}.ipynb").write_bytes(data)
    if stamp is not None:
        (folder / "timestamp.txt").write_text(nbgrader_timestamp(stamp), "utf-8")


# -- finding files -------------------------------------------------------------------------

def safe_label(text: str) -> str:
    """A file name as the teacher's terminal and sheets may show it: control characters
    (a BEL, an escape sequence) become visible ``\\x07`` codes."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: f"\\x{ord(m.group()):02x}", text)


def _scan(source: Path, stack: ExitStack, result: Intake, budget: _Budget) -> Iterator[_Found]:
    if source.is_dir():
        yield from _scan_folder(source, stack, result, budget)
    elif source.suffix.lower() == ".zip":
        archive = _open_zip(source, source.name, stack, result)
        if archive is not None:
            yield from _scan_zip(archive, safe_label(source.name), (source.name,), stack,
                                 result, budget, 1)
    else:
        yield _Found(safe_label(source.name), (source.name,), _file_time(source), None,
                     partial(_read_file, source, budget))


def _read_file(path: Path, budget: _Budget) -> bytes:
    with open(path, "rb") as handle:
        return budget.read(handle, _MAX_BYTES).read()


def _scan_folder(folder: Path, stack: ExitStack, result: Intake,
                 budget: _Budget) -> Iterator[_Found]:
    """Every file below ``folder``; links are reported, never followed."""
    for here, dirs, files in os.walk(folder, followlinks=False):
        base = Path(here)
        for name in sorted(dirs):
            if (base / name).is_symlink():
                label = safe_label("/".join((base / name).relative_to(folder).parts))
                result.problems.append(f"文件夹快捷方式（符号链接），出于安全没有打开：{label}")
        dirs[:] = sorted(d for d in dirs if not (base / d).is_symlink())
        for name in sorted(files):
            path = base / name
            parts = path.relative_to(folder).parts
            label = safe_label("/".join(parts))
            if path.is_symlink():
                result.problems.append(f"文件快捷方式（符号链接），出于安全没有读取：{label}")
                continue
            if not path.is_file() or _is_junk(parts):
                continue
            if path.suffix.lower() == ".zip":
                archive = _open_zip(path, label, stack, result)
                if archive is not None:
                    yield from _scan_zip(archive, label, parts, stack, result, budget, 1)
                continue
            stamp = None
            if _exchange(parts) and (path.parent / "timestamp.txt").is_file():
                stamp = _read_stamp((path.parent / "timestamp.txt").read_bytes())
            yield _Found(label, parts, _file_time(path), stamp,
                         partial(_read_file, path, budget), tuple(parts[:-1]))


def _is_link(info: zipfile.ZipInfo) -> bool:
    return (info.external_attr >> 16) & 0o170000 == 0o120000


def _scan_zip(archive: zipfile.ZipFile, label: str, outer: tuple[str, ...], stack: ExitStack,
              result: Intake, budget: _Budget, depth: int) -> Iterator[_Found]:
    entries = [(_entry_parts(info), info) for info in archive.infolist()]
    by_name = dict(entries)
    for parts, info in entries:
        if info.is_dir() or not parts or _is_junk(parts):
            continue
        where = safe_label(f"{label}/{'/'.join(parts)}")
        if _is_link(info):
            result.problems.append(f"压缩包中的快捷方式（符号链接），出于安全没有读取：{where}")
            continue
        if info.flag_bits & _ENCRYPTED_FLAG:
            result.problems.append(f"压缩包中的文件设有密码，无法读取：{where}")
            continue
        if info.file_size > _MAX_BYTES:
            result.problems.append(f"文件太大（{info.file_size // 2**20} MB），"
                                   f"不像是作业笔记本，已跳过：{where}")
            continue
        containers = (*outer, *parts[:-1])
        if parts[-1].lower().endswith(".zip"):
            if depth >= _MAX_ZIP_DEPTH:
                result.problems.append(f"压缩包嵌套太深，未打开：{where}")
                continue
            try:
                with archive.open(info) as stream:
                    spooled = stack.enter_context(budget.read(stream, _MAX_BYTES, spool=True))
            except _TooBig:
                result.problems.append(f"压缩包展开后太大，为安全起见没有打开：{where}")
                continue
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError):
                result.problems.append(f"压缩包已损坏或不是 zip 文件：{where}")
                continue
            inner = _open_zip(spooled, where, stack, result)
            if inner is not None:
                yield from _scan_zip(inner, where, (*containers, parts[-1]), stack, result,
                                     budget, depth + 1)
            continue
        stamp = None
        stamp_info = by_name.get((*parts[:-1], "timestamp.txt"))
        if _exchange(parts) and stamp_info is not None:
            stamp = _read_stamp(archive.read(stamp_info))
        yield _Found(where, parts, _entry_time(info), stamp,
                     partial(_read_entry, archive, info, budget), containers)


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    with archive.open(info) as stream:
        return budget.read(stream, _MAX_BYTES).read()


def _open_zip(file, label: str, stack: ExitStack, result: Intake) -> zipfile.ZipFile | None:
    try:
        return stack.enter_context(zipfile.ZipFile(file))
    except (zipfile.BadZipFile, OSError, EOFError):
        result.problems.append(f"压缩包已损坏或不是 zip 文件：{safe_label(label)}")
        return None


def _entry_time(info: zipfile.ZipInfo) -> datetime:
    """The entry's time, which zips store without a zone: read as Asia/Shanghai time."""
    try:
        return datetime(*info.date_time, tzinfo=SHANGHAI)
    except ValueError:  # a zeroed date written by some tools
        return datetime(1980, 1, 1, tzinfo=SHANGHAI)


def _entry_parts(info: zipfile.ZipInfo) -> tuple[str, ...]:
    return tuple(part for part in _entry_name(info).replace("\\", "/").split("/")
                 if part not in ("", "."))


def _entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's real name: without the UTF-8 flag zipfile decodes it as cp437.

    Windows' built-in zip and most Chinese tools write GBK names without the
    flag; macOS writes UTF-8 without it.
    """
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    raw = info.filename.encode("cp437")
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _is_junk(parts: tuple[str, ...]) -> bool:
    """Folders and files that operating systems and Jupyter leave behind."""
    name = parts[-1]
    return (any(part in _JUNK_FOLDERS for part in parts[:-1])
            or name.lower() in _JUNK_FILES or name.startswith(("._", "~$", ".~")))


def _file_time(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, SHANGHAI)


def _read_stamp(raw: bytes) -> datetime | None:
    from nbgrader.utils import parse_utc

    try:
        return parse_utc(raw.decode("utf-8").strip()).replace(tzinfo=UTC)
    except (ValueError, OverflowError, UnicodeDecodeError):
        return None


# -- reading names -------------------------------------------------------------------------

def _normal(text: str) -> str:
    """Half-width: ｃｈ０５ → ch05, ＿ → _, （１） → (1)."""
    return unicodedata.normalize("NFKC", text)


def _exchange(parts: tuple[str, ...]) -> tuple[str, str] | None:
    """(学号, chapter) of nbgrader's exchange layout ``<学号>/<chNN>/<chNN>.ipynb``."""
    if len(parts) < 3:
        return None
    student, chapter, name = (_normal(part) for part in parts[-3:])
    if (re.fullmatch(r"ch\d{2}", chapter) and name == f"{chapter}.ipynb"
            and re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z._-]*", student)):
        return student, chapter
    return None


def _identify(parts: tuple[str, ...], ids: dict[str, str]
              ) -> tuple[str, str, str | None] | str:
    """(学号, chapter, 姓名 or None) read from a file's path, or why it cannot be read.

    The file name comes first; the 学号 and chapter may also be in the two
    folders above it (学习通 downloads one folder per student).
    """
    exchange = _exchange(parts)
    if exchange:
        return (*exchange, None)
    stem = _NOTEBOOK.sub("", _normal(parts[-1]))
    texts = [_COPY_MARK.sub(" ", stem)] + [_normal(part) for part in reversed(parts[-3:-1])]
    chapter = student = None
    name = ""
    for index, text in enumerate(texts):
        found, rest = _chapter(text)
        chapter = chapter or found
        if student is None:
            student, rest = _student(rest, ids)
            # A folder's words are a name only in the folder that holds the 学号.
            if index == 0 or student is not None:
                name = name or _name(rest)
    if chapter is None:
        return "找不到章节，如 ch07"
    if student is None:
        return "找不到学号"
    return student, chapter, name or None


def _student(text: str, ids: dict[str, str]) -> tuple[str | None, str]:
    """The 学号 in ``text`` (the first one on the roster, else the first) and the rest."""
    candidates = list(_STUDENT.finditer(text))
    if not candidates:
        return None, text
    pick = next((m for m in candidates if m.group().casefold() in ids), candidates[0])
    return pick.group(), text[:pick.start()] + " " + text[pick.end():]


def _chapter(text: str) -> tuple[str | None, str]:
    """The chapter named in ``text`` (ch5, CH05, 第5章, 第五章) and the text without it."""
    for pattern in (_CHAPTER, _CHAPTER_ZH):
        match = pattern.search(text)
        if match:
            number = match.group(1)
            value = int(number) if number.isdigit() else _zh_number(number)
            if value:
                return f"ch{value:02d}", text[:match.start()] + " " + text[match.end():]
    return None, text


def _zh_number(text: str) -> int:
    if text == "十":
        return 10
    tens, _, ones = text.rpartition("十")
    if "十" not in text:
        return _ZH_DIGITS.get(text, 0) if len(text) == 1 else 0
    return 10 * (_ZH_DIGITS.get(tens, 0) if tens else 1) + _ZH_DIGITS.get(ones, 0)


def _name(text: str) -> str:
    """The first token with Chinese characters, without words such as 作业.

    Spaces between Chinese characters go first: "张　三" is one name padded to line up.
    """
    text = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", clean_name(text))
    for token in _SEPARATORS.split(text):
        for word in _NOT_NAMES:
            token = token.replace(word, "")
        if re.search(r"[\u4e00-\u9fff]", token):
            return token
    return ""


def _name_hint(name: str | None, roster: Mapping[str, RosterEntry]) -> str:
    matches = [entry.student_id for entry in roster.values() if name and entry.name == name]
    if len(matches) == 1:
        return f"（花名册中「{name}」的学号是 {matches[0]}，请核对文件名）"
    return ""


def notebook_problem(path: Path) -> str:
    """A Chinese reason when ``path`` is not a notebook nbgrader can grade, else ""."""
    import json

    if not path.is_file():
        return f"提交中没有找到本章的笔记本文件 {path.name}"
    raw = path.read_bytes()
    if not raw.strip():
        return "提交的文件是空的（0 字节）"
    try:
        notebook = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return "笔记本文件损坏，不是有效的 .ipynb（JSON）文件"
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        return "文件不是 Jupyter 笔记本（缺少 cells）"
    return ""
