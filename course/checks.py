"""Answer checks used by the exercises' test cells, with Chinese messages.

Every check raises :class:`AnswerError` (an ``AssertionError``, so nbgrader
marks the cell failed) with a hint that never reveals the expected value.
Values are converted to plain Python types before comparing, so an object
whose ``__eq__`` always answers True earns nothing.
"""

from __future__ import annotations

import math
import types
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from course.plaindata import StudentFunction, Unsupported, code_summary


class AnswerError(AssertionError):
    """The answer is missing, of the wrong shape, or wrong. The message is Chinese."""


def _fail(message: str) -> None:
    raise AnswerError(message)


def _type_name(value: Any) -> str:
    if isinstance(value, StudentFunction):
        return "function"
    return type(value).__name__


def expect_choice(name: str, value: Any, options: str = "ABCD") -> None:
    """``value`` must be one capital letter from ``options`` (e.g. ``q1 = "B"``)."""
    if type(value) is not str:
        _fail(f"{name} 应该是一个字符串，比如 \"{options[0]}\"，现在是 {_type_name(value)}。")
    if value.strip().upper() != value or value not in options or len(value) != 1:
        _fail(f"{name} 应该是 {'、'.join(options)} 中的一个大写字母。")


def expect_choices(name: str, value: Any, options: str) -> None:
    """``value`` must be a set (or list/tuple) of distinct capital letters from ``options``."""
    if type(value) not in (set, frozenset, list, tuple):
        _fail(f"{name} 应该是一个集合，比如 {{\"A\", \"C\"}}，现在是 {_type_name(value)}。")
    items = list(value)
    if not items:
        _fail(f"{name} 是空的：至少选一个选项。")
    if any(type(v) is not str or v not in options or len(v) != 1 for v in items):
        _fail(f"{name} 里的每个元素都应该是 {'、'.join(options)} 中的一个大写字母。")
    if len(set(items)) != len(items):
        _fail(f"{name} 里有重复的选项。")


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        _fail(f"{name} 应该是一个数字，现在是 {_type_name(value)}。")
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        _fail(f"{name} 不能是 NaN 或无穷大：检查一下是不是除以了 0。")
    return number


def expect_number(name: str, value: Any) -> None:
    """``value`` must be a real number (int, float or numpy number, not bool or NaN).

    Like every public check, it returns None: a value left as the last line of a
    test cell would count as partial credit in nbgrader.
    """
    _number(name, value)


def expect_close(name: str, value: Any, expected: float, tol: float = 0.01,
                 hint: str = "") -> None:
    """``value`` must be a number within ``tol`` of ``expected``."""
    number = _number(name, value)
    if not abs(number - float(expected)) <= tol:
        _fail(f"{name} 的数值不对。{hint}".rstrip())


def expect_equal_text(name: str, value: Any, expected: str, hint: str = "") -> None:
    """``value`` must be exactly the string ``expected``."""
    if type(value) is not str:
        _fail(f"{name} 应该是一个字符串，现在是 {_type_name(value)}。")
    if str.__eq__(value, expected) is not True:
        _fail(f"{name} 不对。{hint}".rstrip())


def expect_equal_set(name: str, value: Any, expected: Iterable[str], hint: str = "") -> None:
    """``value`` (set/list of strings) must contain exactly the ``expected`` strings."""
    expect_choices(name, value, "".join(sorted(set("".join(expected)) | set("ABCDEFGH"))))
    got = sorted(str(v) for v in value)
    if got != sorted(expected):
        _fail(f"{name} 选得不完全对。{hint}".rstrip())


#: The rule every multi-select question states (``score_choices`` applies it).
PARTIAL_RULE = ("多选题按选项计分：得分 = 满分 ×（选对的项数 − 2 × 选错的项数）÷ 正确选项数，"
                "最低 0 分；全部选对、没有多选才得满分。")


def score_choices(name: str, value: Any, expected: Iterable[str], hint: str = "", *,
                  points: float) -> float:
    """Partial credit for a multi-select answer (:data:`PARTIAL_RULE`).

    Returns the points earned; as the last line of a test cell it becomes the cell's
    result, which nbgrader reads as the cell's score (partial credit), the same in
    stock nbgrader and the course's engine. A malformed answer fails (0 points).
    """
    want = {str(v) for v in expected}
    if not want:
        raise ValueError("expected must name at least one option")
    expect_choices(name, value, "".join(sorted(want | set("ABCDEFGH"))))
    got = {str(v) for v in value}
    right, wrong = len(got & want), len(got - want)
    # A wrong pick costs two right ones: ticking extra options (or a classmate's
    # letters, which are in another order) is not worth it.
    earned = round(max(0.0, (right - 2 * wrong) / len(want)) * float(points), 2)
    if earned < points:
        print(f"{name} 选对 {right} 项、选错 {wrong} 项，正确选项共 {len(want)} 项："
              f"得 {earned:g} / {float(points):g} 分。{hint}".rstrip())
    return earned


#: The rule every ordering question states (``score_order`` applies it).
ORDER_RULE = ("排序题按最长的正确顺序计分：从你的答案里去掉最少的几项，剩下的先后顺序都对，"
              "这样能留下的项数叫作「最长正确顺序」；得分 = 满分 ×（最长正确顺序 − 一半的项数）"
              "÷（另一半的项数），最低 0 分。全部排对得满分；只错放一项还能得大部分分数。")


def _longest_right_order(got: list[str], want: list[str]) -> int:
    """The most items of ``got`` that are in ``want``'s order (longest increasing run)."""
    rank = {item: i for i, item in enumerate(want)}
    tails: list[int] = []
    for item in got:
        r = rank.get(item)
        if r is None:
            continue
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if tails[mid] < r:
                lo = mid + 1
            else:
                hi = mid
        tails[lo:lo + 1] = [r]
    return len(tails)


def score_order(name: str, value: Any, expected: Iterable[str], hint: str = "", *,
                points: float) -> float:
    """Partial credit for an ordering answer (:data:`ORDER_RULE`); the test cell's result.

    Half the items are a baseline: a shuffled list (or a classmate's letters, which are
    in another order) keeps about that many in order by chance and earns nothing.
    """
    want = [str(v) for v in expected]
    if type(value) is not list or sorted(str(v) for v in value) != sorted(want):
        _fail(f"{name} 应该是把 {'、'.join(sorted(want))} 每个字母各用一次排好的列表。")
    got = [str(v) for v in value]
    run = _longest_right_order(got, want)
    base = len(want) // 2
    earned = round(max(0.0, (run - base) / (len(want) - base)) * float(points), 2)
    if earned < points:
        print(f"{name} 最长正确顺序 {run} 项（共 {len(want)} 项）：得 {earned:g} / "
              f"{float(points):g} 分。{hint}".rstrip())
    return earned



#: The rule every question with several answers in one list states (``score_each`` applies it).
EACH_RULE = "每一项单独计分：答对一项得 满分 ÷ 项数，各项得分相加。"


def _same(got: Any, want: Any) -> bool:
    """One answer equals the expected one: numbers within 1e-9, text exactly."""
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        if isinstance(got, bool) or not isinstance(got, (int, float, np.integer, np.floating)):
            return False
        return abs(float(got) - float(want)) <= 1e-9
    return type(got) is str and str.__eq__(got, str(want)) is True


def score_each(name: str, value: Any, expected: Iterable[Any], hint: str = "", *,
               points: float) -> float:
    """Partial credit for a list of separate answers (:data:`EACH_RULE`): the i-th answer
    earns ``points / len(expected)`` when it equals the i-th expected one. Returns the
    points earned (the test cell's result, as :func:`score_choices`); a list of the wrong
    length fails (0 points)."""
    want = list(expected)
    if type(value) not in (list, tuple) or len(value) != len(want):
        _fail(f"{name} 应该是含 {len(want)} 项的列表或元组。")
    right = sum(1 for got, w in zip(value, want, strict=True) if _same(got, w))
    earned = round(right / len(want) * float(points), 2)
    if earned < points:
        print(f"{name} 答对 {right} 项（共 {len(want)} 项）：得 {earned:g} / {float(points):g} 分。"
              f"{hint}".rstrip())
    return earned

def _series(name: str, value: Any, numeric: bool = True) -> pd.Series:
    if not isinstance(value, pd.Series):
        _fail(f"{name} 应该是 pandas 的 Series（比如 groupby 之后的结果），"
              f"现在是 {_type_name(value)}。")
    if numeric and not pd.api.types.is_numeric_dtype(value.dtype):
        _fail(f"{name} 的值应该是数字，现在的类型是 {value.dtype}。")
    return value


def expect_series(name: str, value: Any, *, numeric: bool = True) -> None:
    """``value`` must be a pandas Series (of numbers when ``numeric``)."""
    _series(name, value, numeric)


def _plain(series: pd.Series) -> dict[str, float]:
    return {str(k): float(v) for k, v in zip(series.index.tolist(), series.tolist(), strict=True)}


def expect_series_close(name: str, value: Any, expected: pd.Series, tol: float = 0.01,
                        hint: str = "") -> None:
    """Same index labels (order ignored) and values within ``tol``; zeros may be omitted."""
    series = _series(name, value)
    got = {k: v for k, v in _plain(series).items() if v != 0}
    want = {k: v for k, v in _plain(expected).items() if v != 0}
    if sorted(got) != sorted(want):
        _fail(f"{name} 的索引（包含哪些项）不对。{hint}".rstrip())
    for key, number in want.items():
        if math.isnan(got[key]) or abs(got[key] - number) > tol:
            _fail(f"{name} 中「{key}」的数值不对。{hint}".rstrip())


def _argcount(value: Any) -> int:
    if isinstance(value, StudentFunction):
        return value.argcount
    return value.__code__.co_argcount


def expect_function(name: str, value: Any, n_args: int | None = None) -> None:
    """``value`` must be a plain Python function (``def``) taking ``n_args`` arguments.

    When a notebook is graded, a learner's function arrives as a
    :class:`~course.plaindata.StudentFunction` that runs in the learner's process.
    """
    if not isinstance(value, (types.FunctionType, StudentFunction)):
        _fail(f"{name} 应该是一个用 def 定义的函数，现在是 {_type_name(value)}。")
    if n_args is not None and _argcount(value) != n_args:
        _fail(f"函数 {name} 应该接收 {n_args} 个参数，现在是 {_argcount(value)} 个。")


def uses_course_solution(func: Callable, forbidden: Iterable[str]) -> bool:
    """True when ``func`` calls one of the course's own reference functions.

    ``forbidden`` holds qualified names such as ``"course.kpi.conversion_band"``.
    Names are resolved through the function's globals and closure (aliases
    included); ``module.attribute`` uses of a course module are caught too.
    """
    forbidden = set(forbidden)
    if isinstance(func, StudentFunction):
        names, refs = func.names, func.refs
    elif isinstance(func, types.FunctionType):
        listed, refs = code_summary(func)
        names = frozenset(listed)
    else:
        return False
    for name in names:
        ref = refs.get(name)
        if ref is None:
            continue
        if ref.startswith("module:"):
            module = ref.removeprefix("module:")
            if any(f"{module}.{attr}" in forbidden for attr in names):
                return True
        elif ref in forbidden:
            return True
    return False


def expect_own_code(name: str, func: Callable, forbidden: Iterable[str]) -> None:
    """Fail when ``func`` just calls the course's reference implementation."""
    if uses_course_solution(func, forbidden):
        _fail(f"函数 {name} 直接调用了课程包里现成的参考实现：请用自己的代码实现。")


def call_safely(name: str, func: Callable, *args: Any, **kwargs: Any) -> Any:
    """Call a learner's function; an exception becomes a Chinese message naming the input."""
    try:
        return func(*args, **kwargs)
    except AnswerError:
        raise
    except Exception as exc:  # noqa: BLE001 - any learner error is explained, not hidden
        from course.errors import explain

        shown = ", ".join([_short(a) for a in args] + [f"{k}={_short(v)}" for k, v in
                                                          kwargs.items()])
        note = explain(exc)
        detail = f"{note}（{type(exc).__name__}: {exc}）" if note else f"{type(exc).__name__}: {exc}"
        _fail(f"调用 {name}({shown}) 时出错：{detail}")


def _short(value: Any) -> str:
    if isinstance(value, pd.DataFrame):
        return f"<{len(value)} 行的 DataFrame>"
    if isinstance(value, Unsupported):
        return f"<{type(value).__name__}>"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def expect_keys(name: str, value: Any, keys: Iterable[str]) -> None:
    """``value`` must be a dict holding at least ``keys``."""
    if type(value) is not dict:
        _fail(f"{name} 应该是一个字典（dict），现在是 {_type_name(value)}。")
    missing = [k for k in keys if k not in value]
    if missing:
        _fail(f"{name} 缺少键「{'」「'.join(missing)}」："
              "请把计算器「复制为代码」的内容原样粘贴过来。")
