"""The class roster (花名册): 学号, 姓名 and 班级 from the teacher's CSV or Excel file.

A roster is read and checked as a whole before anything is written: one bad
row and nothing is imported, and the error lists every bad row by the row
number the teacher sees in Excel. An imported roster updates the students in
the gradebook and is kept in ``autograder/roster.csv`` (runtime data, like the
gradebook) for intake, which matches files to students, and for the grade
sheets, which show each student's 班级.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograder.coursedir import Course

COLUMNS = ("学号", "姓名", "班级")

#: Header spellings met in school rosters, compared after removing spaces, ``*`` and colons.
HEADERS: dict[str, tuple[str, ...]] = {
    "学号": ("学号", "学生学号", "学生号", "学生编号", "studentid", "student_id"),
    "姓名": ("姓名", "名字", "学生姓名", "学生名字", "name"),
    "班级": ("班级", "行政班", "行政班级", "班级名称", "所在班级", "教学班", "专业班级", "class"),
}
#: Rows searched for the header: rosters often open with a title row such as "2024级电商1班花名册".
HEADER_ROWS = 10

#: A 学号, or an nbgrader/JupyterHub user name such as zhang.san, stu-01 or s_01.
_STUDENT_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]*")
_SCIENTIFIC = re.compile(r"\d(?:\.\d+)?E\+?\d+", re.I)
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")


class RosterError(ValueError):
    """A roster that cannot be imported; the message lists every problem in Chinese."""

    def __init__(self, message: str, lines: list[str] | None = None):
        super().__init__(message)
        #: One Chinese line per bad row (empty for whole-file problems).
        self.lines = lines or []


@dataclass(frozen=True)
class RosterEntry:
    """One student of the roster."""

    student_id: str
    name: str
    class_name: str = ""


@dataclass
class RosterResult:
    """What ``import_roster`` did."""

    entries: list[RosterEntry]
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    path: Path | None = None
    #: One Chinese line per updated student: who, and what changed.
    changes: list[str] = field(default_factory=list)

    def report(self) -> str:
        """A one-line Chinese summary for the teacher."""
        text = (f"花名册导入完成：共 {len(self.entries)} 名学生，新增 {self.added} 名，"
                f"更新 {self.updated} 名，未变 {self.unchanged} 名。已保存到 {self.path}。")
        return "\n".join([text, *(f"  - {line}" for line in self.changes)])


def split_name(name: str) -> tuple[str, str]:
    """(姓, 名) as nbgrader stores them: the first character is the surname."""
    return (name[:1], name[1:]) if name else ("", "")


def normalise_id(text: str) -> str:
    """A 学号 as typed in a roster or a file name: half-width, no spaces or Excel quoting."""
    text = unicodedata.normalize("NFKC", text)
    quoted = re.fullmatch(r'\s*="(.*)"\s*', text)  # Excel's ="0012" trick in CSV files
    text = quoted.group(1) if quoted else text
    return "".join(text.split()).lstrip("'")


def clean_name(text: str) -> str:
    """A person's name as every page and sheet may show it: no control characters and
    none of < > & " ' (no real name has them; a page that forgets to escape would run them)."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f<>&\"']", "", text)


def _normalise_name(text: str) -> str:
    # "张　三" (padded to line up with three-character names) is 张三; "Li Lei" keeps its space.
    return _CJK_GAP.sub("", " ".join(clean_name(unicodedata.normalize("NFKC", text)).split()))


def normalise_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[\s*:：]", "", text)


# -- reading -------------------------------------------------------------------------------

@dataclass
class Table:
    """The rows of one sheet as text, with the row number Excel shows (1-based)."""

    rows: list[tuple[int, list[str]]]
    sheet: str = ""
    located: bool = False  # row labels name the sheet (workbooks with several rosters)

    def where(self, row: int) -> str:
        return f"工作表「{self.sheet}」第 {row} 行" if self.located else f"第 {row} 行"


def read_roster(path: Path) -> list[RosterEntry]:
    """Read and check a roster (.csv or .xlsx) with the columns 学号, 姓名 and optionally 班级.

    Raises:
        RosterError: the file cannot be read, lacks the 学号 or 姓名 column, has no
            students, or has bad rows (all listed, with their Excel row numbers).
    """
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"找不到花名册文件：{path}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        tables = read_workbook(path)
    elif suffix in (".csv", ".txt"):
        tables = [Table(read_csv_rows(path))]
    elif suffix in (".xls", ".et"):
        raise RosterError(f"不支持旧版 Excel 文件（{path.name}）：请在 Excel 中「另存为」"
                          f".xlsx 或「CSV UTF-8」后再导入。")
    else:
        raise RosterError(f"花名册应为 .xlsx 或 .csv 文件：{path.name}")
    if not any(any(cell.strip() for cell in cells) for table in tables
               for _, cells in table.rows):
        raise RosterError(f"花名册是空的：{path.name}")
    headed = [(table, _find_header(table)) for table in tables]
    found = [(table, columns) for table, columns in headed if columns is not None]
    if not found:
        raise RosterError(_header_problem(path, tables))
    for table, _ in found:
        table.located = len(found) > 1
    entries, lines = _check_rows(found)
    if lines:
        raise RosterError(f"花名册 {path.name} 有 {len(lines)} 处问题，没有导入任何学生。"
                          f"请改正后重新导入：\n" + "\n".join(f"  {line}" for line in lines),
                          lines)
    if not entries:
        raise RosterError(f"花名册中没有学生（只有表头）：{path.name}")
    return entries


def read_csv_rows(path: Path, what: str = "花名册") -> list[tuple[int, list[str]]]:
    raw = path.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = raw.decode("utf-16")  # Excel's "Unicode 文本"
    else:
        for encoding in ("utf-8-sig", "gb18030"):  # gb18030 reads every GBK file
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise RosterError(f"无法识别{what}的文字编码：{path.name}。"
                              f"请在 Excel 中「另存为」.xlsx 或「CSV UTF-8」后再导入。")
    sample = [line for line in text.splitlines() if line.strip()][:HEADER_ROWS]
    delimiter = max(",\t;", key=lambda d: sum(line.count(d) for line in sample))
    # One record is one Excel row (a quoted cell may hold a line break).
    return [(number, cells) for number, cells in
            enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1)]


def read_workbook(path: Path, what: str = "花名册") -> list[Table]:
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise RosterError(f"无法读取 Excel 文件 {path.name}：它可能已损坏或不是 .xlsx 格式。"
                          ) from exc
    tables = []
    for sheet in book.worksheets:
        grid = [[cell_text(cell) for cell in row] for row in sheet.iter_rows()]
        # A merged cell (a 班级 spanning its students' rows) holds its value in its first cell.
        for merged in sheet.merged_cells.ranges:
            value = grid[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
                for c in range(merged.min_col - 1, min(merged.max_col, len(grid[r]))):
                    grid[r][c] = value
        tables.append(Table(list(enumerate(grid, 1)), sheet.title))
    return tables


def cell_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
        # A number shown with leading zeros by a format such as "00000000".
        if re.fullmatch(r"0+", cell.number_format or ""):
            text = text.zfill(len(cell.number_format))
        return text
    return str(value)


def _find_header(table: Table) -> dict[str, int] | None:
    """Column index of each known column in the first row naming 学号 and 姓名."""
    for number, cells in table.rows[:HEADER_ROWS]:
        columns: dict[str, int] = {}
        for index, cell in enumerate(cells):
            for column, spellings in HEADERS.items():
                if normalise_header(cell) in spellings:
                    columns.setdefault(column, index)
        if "学号" in columns and "姓名" in columns:
            columns["_row"] = number
            return columns
    return None


def _header_problem(path: Path, tables: list[Table]) -> str:
    for table in tables:
        for _, cells in table.rows[:HEADER_ROWS]:
            seen = {column for cell in cells for column, spellings in HEADERS.items()
                    if normalise_header(cell) in spellings}
            if seen & {"学号", "姓名"}:
                missing = "、".join(f"「{c}」" for c in ("学号", "姓名") if c not in seen)
                return f"花名册 {path.name} 缺少{missing}列。表头应为：学号、姓名、班级。"
    return (f"花名册 {path.name} 中没有找到「学号」和「姓名」列："
            f"第一行应为表头，例如：学号、姓名、班级。")


def _check_rows(found: list[tuple[Table, dict[str, int]]]
                ) -> tuple[list[RosterEntry], list[str]]:
    """Entries of every good row and one Chinese line per bad row, in sheet and row order."""
    entries: list[RosterEntry] = []
    problems: list[tuple[int, int, str]] = []  # (sheet position, row, line) for sorting
    # casefolded 学号 → (学号, places, names)
    seen: dict[str, tuple[str, list[tuple[int, int]], list[str]]] = {}
    for position, (table, columns) in enumerate(found):
        for number, cells in table.rows[columns["_row"]:]:
            raw_id = _pick(cells, columns, "学号").strip()
            student_id = normalise_id(raw_id)
            name = _normalise_name(_pick(cells, columns, "姓名"))
            class_name = _normalise_name(_pick(cells, columns, "班级"))
            if not (student_id or name or class_name):
                continue
            where = table.where(number)
            if not student_id and not name:
                problems.append((position, number, f"{where}：缺少学号和姓名"))
            elif not student_id:
                problems.append((position, number, f"{where}：缺少学号（姓名：{name}）"))
            elif not _STUDENT_ID.fullmatch(student_id):
                hint = ("（看起来被 Excel 改成了科学计数法，请把学号列设为「文本」后重新填写）"
                        if _SCIENTIFIC.fullmatch(student_id) else "")
                problems.append((position, number,
                                 f"{where}：学号「{raw_id}」只能包含字母、数字和 . _ -（以字母或数字开头）{hint}"))
            elif not name:
                problems.append((position, number, f"{where}：缺少姓名（学号：{student_id}）"))
            else:
                entries.append(RosterEntry(student_id, name, class_name))
            if student_id:
                seen.setdefault(student_id.casefold(), (student_id, [], []))
                seen[student_id.casefold()][1].append((position, number))
                seen[student_id.casefold()][2].append(name or "（无姓名）")
    for student_id, places, names in seen.values():
        if len(places) > 1:
            problems.append((*places[0], f"{_rows(found, places)}：学号「{student_id}」重复"
                                         f"（{'、'.join(names)}）"))
    problems.sort(key=lambda problem: problem[:2])
    return entries, [line for _, _, line in problems]


def _pick(cells: list[str], columns: dict[str, int], column: str) -> str:
    index = columns.get(column)
    return cells[index] if index is not None and index < len(cells) else ""


def _rows(found: list[tuple[Table, dict[str, int]]], places: list[tuple[int, int]]) -> str:
    """"第 3、5 行" (or with sheet names when the rows are on several sheets)."""
    if len({position for position, _ in places}) > 1:
        return "、".join(found[position][0].where(row) for position, row in places)
    table = found[places[0][0]][0]
    rows = "、".join(str(row) for _, row in places)
    return f"工作表「{table.sheet}」第 {rows} 行" if table.located else f"第 {rows} 行"


# -- the saved roster and the gradebook ----------------------------------------------------

def load_saved_roster(course: Course) -> dict[str, RosterEntry]:
    """The course's imported roster, 学号 → entry; empty when no roster was imported."""
    path = course.roster_path
    if not path.is_file():
        return {}
    return {entry.student_id: entry for entry in read_roster(path)}


def import_roster(course: Course, path: Path, *, replace: bool = False) -> RosterResult:
    """Check a roster file, then write its students into the gradebook and the saved roster.

    Students are keyed by 学号: importing again updates names and classes, never
    duplicates a student. The saved roster keeps students of earlier imports (another
    class of the same course) unless ``replace`` is true. The gradebook changes in one
    transaction, so a failure leaves it as it was.

    Raises:
        RosterError: the roster has problems (see ``read_roster``); nothing was written.
    """
    from nbgrader.api import Student

    entries = read_roster(path)
    saved = load_saved_roster(course)
    merged = {} if replace else dict(saved)
    merged.update({entry.student_id: entry for entry in entries})
    target = course.roster_path
    result = RosterResult(entries, path=target)
    scratch = _write_scratch(list(merged.values()), target)
    try:
        with course.gradebook() as gradebook:
            known = {student.id: student for student in gradebook.students}
            try:
                for entry in entries:
                    last, first = split_name(entry.name)
                    student = known.get(entry.student_id)
                    if student is None:
                        gradebook.db.add(Student(id=entry.student_id, last_name=last or None,
                                                 first_name=first or None))
                        result.added += 1
                    elif ((student.last_name or "", student.first_name or "") != (last, first)
                          or saved.get(entry.student_id) != entry):
                        before = saved.get(entry.student_id)
                        old_name = f"{student.last_name or ''}{student.first_name or ''}"
                        old_class = before.class_name if before else ""
                        change = [f"姓名 {old_name} → {entry.name}"] if old_name != entry.name else []
                        if old_class != entry.class_name:
                            change.append(f"班级 {old_class or '（空）'} → "
                                          f"{entry.class_name or '（空）'}")
                        result.changes.append(f"{entry.student_id}：{'，'.join(change)}")
                        student.last_name, student.first_name = last or None, first or None
                        result.updated += 1
                    else:
                        result.unchanged += 1
                gradebook.db.commit()
            except Exception:
                gradebook.db.rollback()
                raise
        os.replace(scratch, target)
    finally:
        scratch.unlink(missing_ok=True)
    return result


def _write_scratch(entries: list[RosterEntry], target: Path) -> Path:
    """The roster written next to ``target``, ready to be moved over it atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=".roster-", suffix=".csv", dir=target.parent)
    # utf-8-sig: Excel on Windows opens the CSV with the right encoding.
    with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerows((e.student_id, e.name, e.class_name) for e in entries)
    return Path(name)

