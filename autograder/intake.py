"""Bringing submissions into nbgrader's layout ``autograder/submitted/<学号>/<chNN>/<chNN>.ipynb``.

Accepted: a folder already in that layout, or a folder or ``.zip`` of files
named like ``学号_姓名_chNN.ipynb`` (as teachers collect them from 学习通 or
QQ groups). Every file that cannot be placed is reported in Chinese.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from autograder.settings import nbgrader_timestamp

_FLAT = re.compile(r"^(?P<sid>[0-9A-Za-z]+)[_\-\s]+(?P<name>[^_\-\s]+?)[_\-\s]+"
                   r"(?P<ch>ch\d{2})(?:\s*\(\d+\))?\.ipynb$", re.I)


@dataclass
class Intake:
    """Students found (学号 → (姓, 名)) and the files that could not be placed."""

    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _split_name(name: str) -> tuple[str, str]:
    return (name[:1], name[1:]) if name else ("", "")


def _place(src: Path, student: str, chapter: str, out: Path,
           stamp: datetime | None) -> None:
    """Copy one notebook in; ``stamp`` (the submission time) is written only when known."""
    folder = out / student / chapter
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copyfile(src, folder / f"{chapter}.ipynb")
    if stamp is not None:
        (folder / "timestamp.txt").write_text(nbgrader_timestamp(stamp), "utf-8")


def collect(source: Path, chapters: list[str], out: Path) -> Intake:
    """Copy every submission of ``chapters`` found under ``source`` into ``out``."""
    result = Intake()
    if not source.exists():
        result.problems.append(f"找不到提交文件夹或压缩包：{source}")
        return result
    if source.is_file() and source.suffix.lower() == ".zip":
        with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(source) as archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                name = Path(info.filename).name
                target = Path(tmp) / name
                target.write_bytes(archive.read(info))
                _flat_file(target, chapters, out, result)
        return result
    for path in sorted(source.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        rel = path.relative_to(source).parts
        if len(rel) == 3 and rel[1] in chapters:
            student, chapter = rel[0], rel[1]
            stamp_file = path.parent / "timestamp.txt"
            stamp = _read_stamp(stamp_file) if stamp_file.is_file() else None
            _place(path, student, chapter, out, stamp)
            result.names.setdefault(student, ("", student))
        else:
            _flat_file(path, chapters, out, result)
    return result


def _flat_file(path: Path, chapters: list[str], out: Path, result: Intake) -> None:
    """Place a file named 学号_姓名_chNN.ipynb.

    File and zip-entry times say when a file was copied, not when it was
    handed in, so no submission time is recorded and nobody is marked late.
    """
    match = _FLAT.match(path.name)
    if not match:
        result.problems.append(f"文件名无法识别（应为 学号_姓名_ch07.ipynb）：{path.name}")
        return
    chapter = match.group("ch").lower()
    if chapter not in chapters:
        return
    student = match.group("sid")
    _place(path, student, chapter, out, None)
    result.names[student] = _split_name(match.group("name"))


def _read_stamp(path: Path) -> datetime | None:
    text = path.read_text("utf-8").strip()
    from nbgrader.utils import parse_utc

    try:
        return parse_utc(text).replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        return None
