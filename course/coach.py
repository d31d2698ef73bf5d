"""Formative feedback per exercise, learntools-style: ``练习3.check()``, ``.hint()``, ``.solution()``.

Each chapter declares its exercises in ``course/exercises/chNN.py``::

    EXERCISES = {
        3: {"answer": "answer_silent_orders",      # the answer cell's grade_id
            "check": ["q3"],                        # what check() evaluates (the main case)
            "hints": ["…", "…"],                    # hint(1), hint(2), … in Chinese
            "scaffold": "q3 = ___"},                # data/function items: the released answer
        }

``check`` evaluates the expressions in the learner's namespace (``pd``, ``np`` and the
chapter's exercises module as ``ex`` are available too) and compares the result with the
**answer key** (:mod:`autograder.answerkey` builds it from the reference solutions, per
student variant). The key holds keyed hashes, never answers: a value is right when its
canonical form hashes to the stored digest. Known misconceptions (the samples every
hidden test is proven against) are stored the same way, their Chinese explanation
encrypted with the wrong value itself, so it can only be read by a learner whose answer
is that wrong value. Hidden tests still grade the edge cases; check() says whether the
main case is right.

Every check, hint and solution request is recorded in the workspace
(``.kefu-help.jsonl``; ``kefu progress`` shows it) and in the output's metadata, so the
teacher sees the tally in the submitted notebook.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import html
import importlib
import json
import math
import os
import re
import textwrap
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from course import plotting
from course.stubs import BLANK, CODE_STUB, SCAFFOLD_HEAD

#: Where the learner's requests are recorded (in the workspace).
HELP_LOG = ".kefu-help.jsonl"
#: The answer keys (``chNN.json``) of this edition; ``KEFU_ANSWER_KEYS`` names another
#: folder (a server that keeps the keys of its students outside the package).
KEY_DIR = Path(__file__).with_name("answerkey")
#: The metadata key of a check/hint/solution output in a notebook.
META = "kefu_help"
#: The reference notebooks (present in the self-learner's edition only).
SOURCE_DIR = Path(__file__).resolve().parents[1] / "source"
#: The name of the solutions file a teacher hands out after the due date.
SOLUTIONS_FILE = "答案_{chapter}.json"

_ITEM = re.compile(r"(ch\d\d)\.q(\d+)")


# -- the canonical form of an answer --------------------------------------------------
def _number(value: float) -> Any:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    rounded = round(value + 1e-9, 2)
    if rounded == 0:
        rounded = 0.0
    return int(rounded) if rounded == int(rounded) else rounded


def plain(value: Any) -> Any:
    """``value`` as JSON-able plain data: numbers to 2 decimals, containers sorted where
    their order means nothing, a Series as {label: value} without empty or zero entries."""
    if value is None or isinstance(value, str):
        return value.strip() if isinstance(value, str) else None
    if isinstance(value, (bool, np.bool_)):
        return {"bool": bool(value)}
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return _number(float(value))
    if isinstance(value, pd.Timestamp):
        return {"time": value.isoformat()}
    if isinstance(value, pd.Timedelta):
        return {"seconds": _number(value.total_seconds())}
    if isinstance(value, pd.Series):
        kept = {}
        for key, item in value.items():
            if pd.isna(item) or (isinstance(item, (int, float, np.number)) and item == 0):
                continue
            kept[str(key)] = plain(item)
        return {"series": sorted(kept.items())}
    if isinstance(value, pd.DataFrame):
        rows = sorted(json.dumps([plain(v) for v in row], ensure_ascii=False, sort_keys=True)
                      for row in value[sorted(map(str, value.columns))].itertuples(index=False))
        return {"table": [sorted(map(str, value.columns)), rows]}
    if isinstance(value, dict):
        return {"dict": sorted((str(k), plain(v)) for k, v in value.items())}
    if isinstance(value, (set, frozenset)):
        return {"set": sorted(json.dumps(plain(v), ensure_ascii=False, sort_keys=True)
                              for v in value)}
    if isinstance(value, (list, tuple, np.ndarray, pd.Index)):
        return [plain(v) for v in value]
    if value is Ellipsis:
        return {"ellipsis": True}
    return {"repr": type(value).__name__}


#: The kind of an answer (stored in the key, shown in Chinese when a learner's kind differs).
KIND_NAMES = {"number": "一个数", "text": "一段文字（字符串）", "bool": "True 或 False", "none": "None",
              "sequence": "一个列表 […] 或元组 (…)", "set": "一个集合 {…}", "dict": "一个字典 {键: 值}",
              "series": "一列数据（Series）", "table": "一张表（DataFrame）", "other": "其他类型"}


def kind(value: Any) -> str:
    """What kind of answer ``value`` is (list and tuple alike, int and float alike)."""
    if value is None:
        return "none"
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return "number"
    if isinstance(value, str):
        return "text"
    for types, name in (((list, tuple, np.ndarray, pd.Index), "sequence"), ((set, frozenset), "set"),
                        (dict, "dict"), (pd.Series, "series"), (pd.DataFrame, "table")):
        if isinstance(value, types):
            return name
    return "other"


def canonical(value: Any) -> str:
    return json.dumps(plain(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def variant_id(key: str | None) -> str:
    """The answer key's name for a variant (never the variant key itself)."""
    return hashlib.sha256(f"kefu-answerkey|{key or 'public'}".encode()).hexdigest()[:16]


def digest(key: str | None, purpose: str, item: str, text: str) -> str:
    return hmac.new((key or "public").encode(), f"{purpose}\x1f{item}\x1f{text}".encode(),
                    hashlib.sha256).hexdigest()[:24]


def seal(key: str | None, item: str, value_text: str, message: str) -> str:
    """``message`` encrypted so that only the exact wrong value ``value_text`` opens it."""
    data = message.encode("utf-8")
    stream = hashlib.shake_256(digest(key, "seal", item, value_text).encode()).digest(len(data))
    return base64.b64encode(bytes(a ^ b for a, b in zip(data, stream, strict=True))).decode()


def unseal(key: str | None, item: str, value_text: str, sealed: str) -> str:
    data = base64.b64decode(sealed)
    stream = hashlib.shake_256(digest(key, "seal", item, value_text).encode()).digest(len(data))
    return bytes(a ^ b for a, b in zip(data, stream, strict=True)).decode("utf-8", "replace")


def joined(texts: list[str]) -> str:
    return "\x1e".join(texts)


# -- the chapter's declarations -------------------------------------------------------
def exercises(chapter: str) -> dict[int, dict]:
    """``EXERCISES`` of ``course/exercises/chNN.py`` (empty when the chapter has none)."""
    try:
        module = importlib.import_module(f"course.exercises.{chapter}")
    except ModuleNotFoundError:
        return {}
    return getattr(module, "EXERCISES", {})


def evaluate(expr: str, namespace: dict, chapter: str) -> Any:
    """``expr`` evaluated where the learner's answers live."""
    try:
        module = importlib.import_module(f"course.exercises.{chapter}")
    except ModuleNotFoundError:
        module = None
    scope = {"pd": pd, "np": np, "ex": module}
    return eval(expr, scope, namespace)  # noqa: S307 - the course's own expressions


def _namespace() -> dict:
    from course.practice import _namespace as learner_namespace

    return learner_namespace()


# -- recording ------------------------------------------------------------------------
_MEMORY: list[dict] = []


def _log_path() -> Path:
    from course.places import workspace

    return workspace() / HELP_LOG


def record(item: str, event: str, **extra: Any) -> None:
    """Remember a request in the workspace log (in this kernel's memory when the log
    cannot be written)."""
    entry = {"t": time.strftime("%Y-%m-%d %H:%M:%S"), "item": item, "event": event, **extra}
    try:
        path = _log_path()
        with path.open("a", encoding="utf-8") as log:
            log.write(json.dumps(entry, ensure_ascii=False) + "\n")
    except OSError:
        _MEMORY.append(entry)


def history(path: Path | None = None) -> list[dict]:
    """Every recorded request: of the log at ``path``, or of this learner's workspace log
    and what this kernel could not write."""
    own = path is None
    path = path or _log_path()
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError:
        lines = []
    out = []
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("item"), str):
            out.append(entry)
    return out + (list(_MEMORY) if own else [])


def tally(entries: list[dict], item: str | None = None) -> dict[str, dict]:
    """item → {"checks": n, "right": n, "hints": highest level, "solution": bool}."""
    out: dict[str, dict] = {}
    for entry in entries:
        if item is not None and entry["item"] != item:
            continue
        row = out.setdefault(entry["item"], {"checks": 0, "right": 0, "hints": 0, "solution": False})
        if entry.get("event") == "check":
            row["checks"] += 1
            row["right"] += entry.get("result") == "right"
        elif entry.get("event") == "hint":
            level = entry.get("level")
            row["hints"] = max(row["hints"], level if isinstance(level, int) else 1)
        elif entry.get("event") == "solution" and entry.get("shown"):
            row["solution"] = True
    return out


# -- what the learner sees ------------------------------------------------------------
class Feedback:
    """A check, hint or solution shown in Chinese; carries the item's tally as metadata."""

    COLOURS = {"right": "#1b7f3b", "wrong": "#b00020", "open": "#8a6d00", "info": "#1f4e79"}
    MARKS = {"right": "✔ 正确", "wrong": "✘ 不正确", "open": "… 未作答", "info": ""}

    def __init__(self, item: str, kind: str, message: str, code: str = "") -> None:
        self.item = item
        self.kind = kind
        self.message = message
        self.code = code

    @functools.cached_property
    def tally(self) -> dict:
        """The item's requests so far (read when shown, after this one was recorded)."""
        return tally(history(), self.item).get(self.item, {})

    @property
    def ok(self) -> bool | None:
        return {"right": True, "wrong": False}.get(self.kind)

    def __bool__(self) -> bool:
        return bool(self.ok)

    def _html(self) -> str:
        mark = self.MARKS[self.kind]
        head = f"<b>{mark}</b> " if mark else ""
        body = html.escape(self.message).replace("\n", "<br>")
        code = (f"<pre style='background:#f6f8fa;padding:6px'>{html.escape(self.code)}</pre>"
                if self.code else "")
        return f"<div style='color:{self.COLOURS[self.kind]}'>{head}{body}</div>{code}"

    def _repr_mimebundle_(self, include=None, exclude=None):
        return ({"text/html": self._html(), "text/plain": repr(self)},
                {META: {"item": self.item, "tally": self.tally}})

    def __repr__(self) -> str:
        mark = self.MARKS[self.kind]
        text = f"{mark}：{self.message}" if mark else self.message
        return text + (f"\n{self.code}" if self.code else "")


def _unanswered(exc: BaseException) -> str | None:
    """Why an exception means "not answered yet" (Chinese), or None."""
    if isinstance(exc, NotImplementedError):
        return "答题单元格里还是“在这里写你的答案”：写好答案，运行它，再运行本单元格。"
    from course.errors import is_blank, name_of

    if is_blank(exc):
        return f"答题单元格里还有 {BLANK} 没有填：把每个 {BLANK} 换成代码，运行它，再运行本单元格。"
    if isinstance(exc, NameError):
        name = name_of(exc) or "?"
        return (f"{name} 还没有定义：先运行上面的答题单元格；如果它报错，按报错信息改好"
                f"（比如把每个 {BLANK} 都填上）再运行，然后运行本单元格。")
    return None


class Exercise:
    """The handle of one exercise (``练习3``) in a chapter notebook."""

    def __init__(self, chapter: str, number: int) -> None:
        self.chapter = chapter
        self.number = number
        self.item = f"{chapter}.q{number}"

    @classmethod
    def of(cls, item: str) -> Exercise:
        match = _ITEM.fullmatch(item)
        if not match:
            raise KeyError(item)
        return cls(match.group(1), int(match.group(2)))

    @property
    def spec(self) -> dict:
        return exercises(self.chapter).get(self.number, {})

    def __repr__(self) -> str:
        return (f"练习 {self.number}：运行 练习{self.number}.check() 检查答案，"
                f"练习{self.number}.hint() 看提示。")

    # -- check ------------------------------------------------------------------------
    def check(self) -> Feedback:
        """正确 / 不正确 / 未作答 for the main case, with a known misconception's message."""
        if plotting.grading():
            # The grader has no answer keys of the student's variant (and needs none): the
            # feedback page's verdict is the hidden tests' score, not this self-check.
            return Feedback(self.item, "info", "评分时不重复自我检查：本题以评分结果（得分和隐藏测试的说明）为准。")
        feedback = self._check()
        record(self.item, "check", result=feedback.kind)
        return feedback

    def _check(self) -> Feedback:
        exprs = self.spec.get("check")
        if not exprs:
            return Feedback(self.item, "info", "这道题没有自动检查，请对照题目要求自己检查。")
        namespace = _namespace()
        texts, kinds = [], []
        for expr in exprs:
            try:
                value = evaluate(expr, namespace, self.chapter)
            except Exception as exc:  # noqa: BLE001 - the learner's code may raise anything
                reason = _unanswered(exc)
                if reason:
                    return Feedback(self.item, "open", reason)
                return Feedback(self.item, "wrong",
                                f"运行 {expr} 时出错：{type(exc).__name__}：{str(exc)[:200]}")
            if value is Ellipsis:
                return Feedback(self.item, "open", f"{expr} 还是 ...：把它换成你的答案。")
            texts.append(canonical(value))
            kinds.append(kind(value))
        from course import variants

        key = variants.current().key
        entry = load_key(self.chapter).get(variant_id(key), {}).get(str(self.number))
        if entry is None:
            return Feedback(self.item, "info",
                            "本机没有你这一版题目的答案检查表（老师生成学生版之后才加入的学号？），"
                            "只能确认答案可以运行。请按题目要求自己检查，或请老师重新生成学生版。")
        if digest(key, "ok", self.item, joined(texts)) == entry["ok"]:
            return Feedback(self.item, "right", "主要情况的结果正确。提交后，隐藏测试还会检查特殊情况。")
        for lookup, sealed in entry.get("mis", {}).items():
            if digest(key, "mis", self.item, joined(texts)) == lookup:
                belief = unseal(key, self.item, joined(texts), sealed)
                return Feedback(self.item, "wrong",
                                f"你的结果和一种常见的错误想法一致：{belief}。再读一遍题目条件，"
                                f"想一想哪里不一样。")
        for expr, got, want in zip(exprs, kinds, entry.get("kinds", []), strict=False):
            if got != want:
                return Feedback(self.item, "wrong",
                                f"{expr} 的类型不对：要的是{KIND_NAMES.get(want, want)}，"
                                f"你的是{KIND_NAMES.get(got, got)}。先按题目要求的形式写答案。")
        wrong = [expr for expr, text, want in zip(exprs, texts, entry.get("parts", []), strict=False)
                 if digest(key, "part", self.item, expr + "\x1f" + text) != want]
        where = f"（{'、'.join(wrong)} 的结果不对）" if wrong and len(exprs) > 1 else ""
        return Feedback(self.item, "wrong",
                        f"结果不对{where}。需要提示可以运行 练习{self.number}.hint()。")

    # -- hint -------------------------------------------------------------------------
    def hint(self, level: int = 1) -> Feedback:
        """The ``level``-th hint (1 is the gentlest)."""
        hints = self.spec.get("hints") or []
        if not hints:
            record(self.item, "hint", level=0)
            return Feedback(self.item, "info", "这道题没有准备提示，请重读上面的讲解。")
        try:
            level = int(level)
        except (TypeError, ValueError):
            level = 1
        level = min(max(level, 1), len(hints))
        record(self.item, "hint", level=level)
        more = (f"\n还需要更多帮助？运行 练习{self.number}.hint({level + 1})。"
                if level < len(hints) else "")
        return Feedback(self.item, "info", f"提示 {level}/{len(hints)}：{hints[level - 1]}{more}")

    # -- scaffold ---------------------------------------------------------------------
    def scaffold(self) -> Feedback:
        """The partly written answer this exercise starts from (to copy back after deleting it)."""
        text = self.spec.get("scaffold")
        if not text:
            return Feedback(self.item, "info", "这道题没有骨架：按题目要求直接写答案。")
        return Feedback(self.item, "info", f"练习 {self.number} 的骨架，复制到答题单元格，把每个 {BLANK} 换成代码：",
                        text.strip("\n"))

    # -- solution ---------------------------------------------------------------------
    def solution(self) -> Feedback:
        """The reference solution: the self-learner's edition has it; in a class, after the
        teacher hands out the chapter's solutions file."""
        code, where = solution_code(self.chapter, self.spec.get("answer", ""))
        record(self.item, "solution", shown=code is not None)
        if code is None:
            return Feedback(self.item, "info", where)
        return Feedback(self.item, "info",
                        f"参考答案（{where}）。看懂之后，试着不看答案自己再写一遍：", code)


def solution_code(chapter: str, grade_id: str) -> tuple[str | None, str]:
    """(code, where it came from) or (None, why there is none), Chinese."""
    source = SOURCE_DIR / chapter / f"{chapter}.ipynb"
    if source.is_file():
        try:
            code = solution_of(json.loads(source.read_text("utf-8")), grade_id)
        except (OSError, ValueError):
            code = None
        if code is not None:
            return code, "自学版"
    from course.places import workspace

    name = SOLUTIONS_FILE.format(chapter=chapter)
    for folder in (workspace() / chapter, workspace()):
        path = folder / name
        if path.is_file():
            try:
                handed = json.loads(path.read_text("utf-8"))
                code = handed["solutions"][grade_id]
            except (OSError, ValueError, KeyError, TypeError):
                return None, f"{name} 读不出来或不完整，请向老师重新要一份。"
            if handed.get("chapter") != chapter or not isinstance(code, str):
                return None, f"{name} 不是 {chapter} 的答案文件。"
            return code, "老师发布的答案"
    return None, (f"班级版的参考答案在本章截止之后由老师发布：把老师发的「{name}」放进 {chapter} "
                  "文件夹，再运行本单元格。在那之前，可以用 hint() 看提示。")


# -- the answer key -------------------------------------------------------------------
_KEYS: dict[str, tuple[float, dict]] = {}


def load_key(chapter: str, folder: Path | None = None) -> dict:
    """The chapter's answer key: variant id → exercise number → digests."""
    path = (folder or Path(os.environ.get("KEFU_ANSWER_KEYS") or KEY_DIR)) / f"{chapter}.json"
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return {}
    cached = _KEYS.get(str(path))
    if cached and cached[0] == stamp:
        return cached[1]
    try:
        key = json.loads(path.read_text("utf-8")).get("variants", {})
    except (OSError, ValueError, AttributeError):
        key = {}
    _KEYS[str(path)] = (stamp, key)
    return key


#: The reference notebooks' solution markers (spelt in two parts: the student edition's
#: leak check refuses any file that holds the markers themselves).
_BEGIN, _END = "### BEGIN " + "SOLUTION", "### END " + "SOLUTION"
_SOLUTION_REGION = re.compile(rf"^[ \t]*{_BEGIN}[^\n]*\n(.*?)^[ \t]*{_END}", re.M | re.S)


def solutions(notebook: dict) -> dict[str, str]:
    """grade_id → the dedented code (or text) between the solution markers of each
    solution cell of a reference notebook."""
    out = {}
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        match = _SOLUTION_REGION.search(source)
        if meta.get("solution") and match:
            out[meta["grade_id"]] = textwrap.dedent(match.group(1)).rstrip("\n")
    return out


def solution_of(notebook: dict, grade_id: str) -> str | None:
    """The dedented code between the solution markers of the cell ``grade_id``."""
    return solutions(notebook).get(grade_id)


def _register() -> None:
    """Give question cells (``练习N = Question(...)``) the exercise's check/hint/solution:
    variants.Question looks the coach up here, so variants never imports this module."""
    from course import variants

    variants.Question.coach = Exercise


def install(namespace: dict, chapter: str) -> None:
    """Put a handle ``练习N`` for every exercise of ``chapter`` into the notebook's namespace
    (a question cell's ``练习N = Question(...)`` has the same methods)."""
    for number in exercises(chapter):
        name = f"练习{number}"
        if getattr(namespace.get(name), "item", None) != f"{chapter}.q{number}":
            namespace[name] = Exercise(chapter, number)


# -- scaffolds ------------------------------------------------------------------------


def scaffolds(chapter: str) -> dict[str, str]:
    """grade_id → the scaffold text as released (head line included)."""
    return {spec["answer"]: SCAFFOLD_HEAD + "\n" + spec["scaffold"].strip("\n")
            for spec in exercises(chapter).values() if spec.get("scaffold")}


def plain_stubs(notebook: dict, chapter: str) -> int:
    """Turn a released notebook's scaffolds back into the plain stub (for advanced
    learners); returns how many cells changed."""
    known = scaffolds(chapter)
    changed = 0
    for cell in notebook.get("cells", []):
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        if grade_id not in known:
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        lines = source.split("\n")
        head = next((i for i, line in enumerate(lines) if line.strip() == SCAFFOLD_HEAD), None)
        if head is None:
            continue
        indent = lines[head][: len(lines[head]) - len(lines[head].lstrip())]
        body = [indent + line if line else line for line in known[grade_id].split("\n")]
        if lines[head: head + len(body)] != body:
            continue  # the learner already changed the scaffold: keep their work
        stub = [indent + line for line in CODE_STUB.split("\n")]
        cell["source"] = "\n".join(lines[:head] + stub + lines[head + len(body):])
        changed += 1
    return changed


_register()
