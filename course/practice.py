"""Instant self-checks for practice items that carry no points (the Python on-ramp).

A practice item is a code cell the learner completes (often with blanks ``___`` to fill)
and a cell that calls :func:`check`, which shows 正确 / 不正确 / 还没填完 in Chinese at
once. The expected value is computed in the visible cell from the shop data: practice
is for learning, so seeing how the answer is computed is allowed here.
"""

from __future__ import annotations

import html
import math
from typing import Any

import numpy as np
import pandas as pd

from course.stubs import BLANK


def _plain(value: Any) -> Any:
    """Numbers, strings, lists, sets, dicts, Series and tables as comparable plain values."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, pd.Timedelta):
        return value.total_seconds()
    if isinstance(value, pd.Series):
        return {"__series__": [(str(k), _plain(v)) for k, v in value.items()]}
    if isinstance(value, pd.DataFrame):
        return {"__table__": [list(map(str, value.columns))]
                + [[_plain(v) for v in row] for row in value.itertuples(index=False)]}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return {"__set__": sorted(map(repr, (_plain(v) for v in value)))}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _same(got: Any, want: Any, tol: float) -> bool:
    if isinstance(want, float) or isinstance(got, float):
        try:
            return math.isclose(float(got), float(want), abs_tol=tol)
        except (TypeError, ValueError):
            return False
    if isinstance(want, dict) and isinstance(got, dict):
        return got.keys() == want.keys() and all(_same(got[k], want[k], tol) for k in want)
    if isinstance(want, (list, tuple)) and isinstance(got, (list, tuple)):  # a Series' (key, value)
        return len(got) == len(want) and all(_same(g, w, tol) for g, w in zip(got, want, strict=True))
    return got == want


def _short(value: Any) -> str:
    if isinstance(value, pd.DataFrame):
        return f"一张 {len(value)} 行 × {value.shape[1]} 列的表"
    if isinstance(value, pd.Series):
        return f"一列共 {len(value)} 个值"
    if isinstance(value, np.generic):  # np.float64(3.5) reads as 3.5
        value = value.item()
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


class Result:
    """What :func:`check` found; shows itself in Chinese in the notebook."""

    def __init__(self, ok: bool | None, message: str) -> None:
        self.ok = ok
        self.message = message

    def _repr_html_(self) -> str:
        colour = {True: "#1b7f3b", False: "#b00020", None: "#8a6d00"}[self.ok]
        mark = {True: "✔ 正确", False: "✘ 不正确", None: "… 还没有完成"}[self.ok]
        return (f"<div style='color:{colour}'><b>{mark}</b> "
                f"{html.escape(self.message)}</div>")

    def __repr__(self) -> str:
        mark = {True: "正确", False: "不正确", None: "还没有完成"}[self.ok]
        return f"{mark}：{self.message}" if self.message else mark

    def __bool__(self) -> bool:
        return bool(self.ok)


def _namespace() -> dict:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of the course
        get_ipython = None
    shell = get_ipython() if get_ipython else None
    if shell is not None:
        return shell.user_ns
    import __main__

    return vars(__main__)


def check(name: str, expected: Any, hint: str = "", tol: float = 0.01) -> Result:
    """Say in Chinese whether the learner's variable ``name`` holds ``expected``.

    The variable is looked up by name, so a practice cell that still has blanks (and so
    stopped with an error) gives 还没有完成 here instead of a second error.
    """
    namespace = _namespace()
    if name not in namespace:
        return Result(None, f"变量 {name} 还没有定义：把上面单元格里的 {BLANK} 换成你的代码，"
                            "运行它，再运行本单元格。")
    return compare(namespace[name], expected, hint, tol)


def compare(answer: Any, expected: Any, hint: str = "", tol: float = 0.01) -> Result:
    """Compare a practice answer with the expected value (``...`` means not answered yet)."""
    if answer is ... or answer is None:
        return Result(None, f"把上面单元格里的 {BLANK} 换成你的代码，运行它，再运行本单元格。")
    if _same(_plain(answer), _plain(expected), tol):
        return Result(True, "")
    message = f"你的结果是 {_short(answer)}。"
    if type(_plain(answer)) is not type(_plain(expected)) and not (
            isinstance(_plain(answer), (int, float)) and isinstance(_plain(expected), (int, float))):
        message += f"要的是 {_short_kind(expected)}。"
    return Result(False, message + (f"提示：{hint}" if hint else ""))


def _short_kind(value: Any) -> str:
    if isinstance(value, pd.DataFrame):
        return "一张表"
    if isinstance(value, pd.Series):
        return "一列（Series）"
    kinds = {bool: "True 或 False", int: "一个整数", float: "一个数", str: "一段文字",
             list: "一个列表 […]", tuple: "一个元组 (…)", dict: "一个字典 {键: 值}",
             set: "一个集合 {…}"}
    for kind, name in kinds.items():
        if isinstance(value, kind):
            return name
    return type(value).__name__
