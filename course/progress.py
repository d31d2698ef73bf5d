"""A learner's progress over the nine chapters: stubs left and the last self-check score.

Both editions use it: ``kefu progress`` in the repository (self-learners) and in the
student edition that ``kefu bundle`` builds.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from course.chapters import CHAPTERS
from course.stubs import CODE_STUB, TEXT_STUB

PROGRESS_FILE = ".kefu-progress.json"
_DOC = re.compile(r'^\s*"""(.*?)"""', re.S)


def exercise_title(text: str, fallback: str) -> str:
    """A test cell's short name for a self-check table: its docstring's first line up to
    the colon ("练习 3"), at most 24 characters; ``fallback`` when there is none."""
    match = _DOC.match(text)
    first = (match.group(1) if match else text).strip().splitlines()[0] if text.strip() else ""
    return (first.split("：")[0] if "：" in first else first)[:24] or fallback


def save(workspace: Path, chapter: str, score: float, maximum: float) -> None:
    """Remember a chapter's last self-check score in the workspace."""
    workspace.mkdir(parents=True, exist_ok=True)
    path = workspace / PROGRESS_FILE
    try:
        data = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    except (OSError, ValueError):
        data = {}
    data[chapter] = {"score": score, "max": maximum}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")


def stubs_left(text: str) -> int:
    """How many answers of a notebook's text still hold the Chinese stub (or a scaffold
    with blanks ``___`` left to fill)."""
    from course.stubs import BLANK, SCAFFOLD_HEAD

    scaffolds = text.count(SCAFFOLD_HEAD) if BLANK in text else 0
    return text.count(CODE_STUB.splitlines()[0]) + text.count(TEXT_STUB) + scaffolds


def answers_left(notebook: dict) -> int:
    """How many answer cells of a notebook still hold the Chinese stub (explanations that
    quote the stub, as the orientation's do, are not answers)."""
    return sum(bool(stubs_left(_text(c))) for c in notebook["cells"]
               if c.get("metadata", {}).get("nbgrader", {}).get("solution"))


def rows(workspace: Path, available: list[str]) -> list[dict]:
    """Per chapter: status, stubs left and the last self-check score (Chinese keys)."""
    saved_path = workspace / PROGRESS_FILE
    try:
        saved = json.loads(saved_path.read_text("utf-8")) if saved_path.is_file() else {}
    except (OSError, ValueError):
        saved = {}
    from course.coach import HELP_LOG, history, tally

    helped = tally(history(workspace / HELP_LOG))
    out = []
    for chapter, name in CHAPTERS.items():
        notebook = workspace / chapter / f"{chapter}.ipynb"
        row = {"章节": chapter, "标题": name, "状态": "未开始", "未作答": "", "最近自查得分": "",
               "练习帮助": help_summary(helped, chapter)}
        if chapter not in available:
            row["状态"] = "尚未发布"
        elif notebook.is_file():
            try:
                left = answers_left(json.loads(notebook.read_text("utf-8")))
            except (OSError, UnicodeDecodeError, ValueError, TypeError, AttributeError):
                left = -1
            if left < 0:
                row["状态"] = "无法读取"
            else:
                row["状态"] = "已完成作答" if left == 0 else "进行中"
                row["未作答"] = str(left)
        entry = saved.get(chapter)
        if isinstance(entry, dict) and "score" in entry and "max" in entry:
            row["最近自查得分"] = f"{entry['score']:g} / {entry['max']:g}"
        out.append(row)
    return out


def help_summary(helped: dict[str, dict], chapter: str) -> str:
    """"检查 5 次（3 题已做对），提示 2 题，看答案 1 题" for a chapter, "" when none."""
    rows = {item: row for item, row in helped.items() if item.startswith(chapter + ".")}
    if not rows:
        return ""
    parts = [f"检查 {sum(r['checks'] for r in rows.values())} 次"
             f"（{sum(r['right'] > 0 for r in rows.values())} 题已做对）"]
    hinted = sum(r["hints"] > 0 for r in rows.values())
    if hinted:
        parts.append(f"看提示 {hinted} 题")
    shown = sum(r["solution"] for r in rows.values())
    if shown:
        parts.append(f"看答案 {shown} 题")
    return "，".join(parts)


@dataclass(frozen=True)
class NotebookNote:
    """What a self-check has to tell the learner before (or instead of) grading."""

    message: str
    #: The exit code when ``fatal``: 2 for a file the check cannot use.
    code: int = 0
    #: True: nothing is graded; False: the check goes on and prints this note first.
    fatal: bool = False


def _grade_ids(notebook: dict) -> list[str]:
    ids = []
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {}) if isinstance(cell, dict) else {}
        if isinstance(meta, dict) and meta.get("grade_id"):
            ids.append(str(meta["grade_id"]))
    return ids


def _text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _read_notebook(path: Path) -> tuple[dict | None, NotebookNote | None]:
    if not path.exists():
        return None, NotebookNote(
            f"找不到笔记本 {path}。请检查文件名和位置；还没有作业的话，先运行 kefu lab，"
            "它会把各章作业复制到工作区 workspace/。", 2, True)
    if path.is_dir():
        return None, NotebookNote(f"{path} 是一个文件夹，不是笔记本。请给出 .ipynb 文件，"
                                  f"例如 {path / (path.name + '.ipynb')}。", 2, True)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, NotebookNote(f"无法读取 {path}（{exc.strerror or type(exc).__name__}）。"
                                  "请确认文件没有被其他程序占用，并且你有读取权限。", 2, True)
    if not raw.strip():
        return None, NotebookNote(f"{path.name} 是空文件（0 字节），可能保存时出了问题。"
                                  "请在 JupyterLab 里重新保存笔记本再检查。", 2, True)
    try:
        notebook = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None, NotebookNote(f"{path.name} 不是有效的 Jupyter 笔记本（.ipynb）文件，"
                                  "可能已经损坏或者被改过扩展名。", 2, True)
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        return None, NotebookNote(f"{path.name} 不是 Jupyter 笔记本（里面没有单元格）。", 2, True)
    return notebook, None


def learner_note(path: Path, chapter: str, releases: dict[str, Path]) -> NotebookNote | None:
    """Check a learner's notebook before a self-check: the right file, the right chapter,
    this release of the course, something answered. ``releases`` maps each chapter to its
    student notebook (the release), whose grade ids identify the chapter."""
    notebook, problem = _read_notebook(path)
    if problem is not None:
        return problem
    ids = set(_grade_ids(notebook))
    released: dict[str, set[str]] = {}
    for name, release in releases.items():
        try:
            released[name] = set(_grade_ids(json.loads(release.read_text("utf-8"))))
        except (OSError, ValueError):
            continue
    # Ids every notebook has (the set-up cell's) say nothing about which chapter it is.
    common = set.intersection(*released.values()) if len(released) > 1 else set()
    released = {name: found - common for name, found in released.items()}
    own = released.get(chapter, set())
    ids -= common
    if not ids:
        return NotebookNote(f"{path.name} 里没有任何作业题，可能是自己新建的笔记本。"
                            f"请检查 {chapter} 的作业笔记本（kefu lab 复制到工作区的那一份）。",
                            2, True)
    if not ids & own:
        other = max(released, key=lambda c: len(ids & released[c]), default=None)
        if other and ids & released[other]:
            return NotebookNote(f"{path.name} 是 {other} 的作业，不是 {chapter} 的。"
                                f"请运行 kefu check {other}，或者换成 {chapter} 的笔记本。",
                                2, True)
        return NotebookNote(f"{path.name} 里的题目和 {chapter} 对不上，可能来自别的课程。", 2, True)
    changed = len(own - ids) + len(ids - own)
    answers = [c for c in notebook["cells"] if isinstance(c, dict)
               and c.get("metadata", {}).get("nbgrader", {}).get("solution")]
    if answers and answers_left(notebook) == len(answers):
        return NotebookNote(f"{chapter} 的 {len(answers)} 道题都还是占位代码，还没有开始作答。"
                            "先在答题单元格里写好答案、保存（Ctrl + S），再来检查。", 0, True)
    if changed:
        return NotebookNote(f"这个笔记本来自旧版课程：有 {changed} 处题目和当前版本不同，"
                            "这些题按当前版本评分（可能得 0 分）。建议重新取一份当前版本的作业"
                            "（把旧笔记本改名保存，再运行 kefu lab），把答案复制过去。")
    return None
