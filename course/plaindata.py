"""Plain data: the only values that cross from a learner's process to the process that tests them.

When a notebook is graded, the learner's cells run in one process and the test
cells in another, where no learner code ever ran. Answers cross between them
as *plain data*: :func:`encode` turns a value into JSON-compatible lists and
tagged objects, :func:`decode` builds it again. Decoding never runs code and
never unpickles: it only builds numbers, strings, containers, timestamps and
pandas objects from lists. A learner's function crosses as a
:class:`StudentFunction`: calling it asks the learner's process to run the
function and send back plain data. Any other value arrives as an
:class:`Unsupported` object whose type name says, in Chinese, that its type
cannot be graded.

Every JSON object in the encoding carries a ``"$"`` tag, so a learner's dict
can never pass for another kind of value.
"""

from __future__ import annotations

import datetime as dt
import math
import types
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

#: Deepest nesting accepted, and most values (numbers, strings, …) in one decoded answer.
MAX_DEPTH = 40
MAX_ITEMS = 2_000_000

#: pandas dtypes that are rebuilt as such; any other column becomes ``object``.
_DTYPES = {"int64", "int32", "float64", "float32", "bool", "object", "str", "string",
           "category", "Int64", "Float64", "boolean", "datetime64[ns]", "datetime64[us]",
           "datetime64[ms]", "datetime64[s]", "timedelta64[ns]", "timedelta64[us]",
           "timedelta64[ms]", "timedelta64[s]"}


class PlainDataError(ValueError):
    """Encoded data that is malformed or too large (a Chinese message)."""


class Unsupported:
    """Stands for a value whose type cannot cross; its type name says so in Chinese."""

    __slots__ = ("type_name",)

    def __init__(self, type_name: str) -> None:
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


def unsupported(type_name: str) -> Unsupported:
    """An :class:`Unsupported` whose class is named 类型不支持（<type>）."""
    name = f"类型不支持（{str(type_name)[:60]}）"
    return type(name, (Unsupported,), {"__slots__": ()})(type_name)


class StudentError(Exception):
    """An exception raised by a learner's function in the learner's process."""


class StudentFunction:
    """A learner's function; calling it runs it in the learner's process.

    ``names`` are the names its code uses (nested functions included) and ``refs``
    maps names of its globals and closure to what they are bound to
    (``"module:course.kpi"`` or a qualified name such as ``"course.kpi.agent_kpis"``);
    :func:`course.checks.uses_course_solution` reads them.
    """

    def __init__(self, function_id: int, name: str, argcount: int, names: list[str],
                 refs: dict[str, str], call: Callable | None) -> None:
        self.function_id = function_id
        self.__name__ = self.__qualname__ = name
        self.argcount = argcount
        self.names = frozenset(names)
        self.refs = dict(refs)
        self._call = call

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._call is None:
            raise StudentError(f"函数 {self.__name__} 只能在评分时调用。")
        return self._call(self.function_id, args, kwargs)

    def __repr__(self) -> str:
        return f"<函数 {self.__name__}>"


def code_summary(func: types.FunctionType) -> tuple[list[str], dict[str, str]]:
    """The names ``func``'s code uses and what its globals/closure bind them to."""
    code = func.__code__
    names: set[str] = set()
    pending = [code]
    while pending:
        current = pending.pop()
        names |= set(current.co_names) | set(current.co_freevars)
        pending.extend(c for c in current.co_consts if isinstance(c, types.CodeType))
    scope = dict(func.__globals__)
    for name, cell in zip(code.co_freevars, func.__closure__ or (), strict=False):
        try:
            scope[name] = cell.cell_contents
        except ValueError:  # an empty cell
            continue
    refs = {}
    for name in names:
        obj = scope.get(name)
        if obj is None:
            continue
        if isinstance(obj, types.ModuleType):
            refs[name] = f"module:{obj.__name__}"
        elif getattr(obj, "__module__", None) and getattr(obj, "__name__", None):
            refs[name] = f"{obj.__module__}.{obj.__name__}"
    return sorted(names), refs


# -- encoding (in the process that owns the value) ---------------------------------------------

def encode(value: Any, functions: dict[int, Callable] | None = None) -> Any:
    """``value`` as JSON-compatible plain data.

    Learner functions are registered in ``functions`` (id → function) and sent as
    references; without a registry they are unsupported.
    """
    return _Encoder(functions).encode(value, 0)


class _Encoder:
    def __init__(self, functions: dict[int, Callable] | None) -> None:
        self.functions = functions

    def encode(self, value: Any, depth: int) -> Any:
        if depth > MAX_DEPTH:
            return {"$": "unsupported", "type": "嵌套太深的数据"}
        if value is None or type(value) in (bool, int, str):
            return value
        if isinstance(value, (bool, np.bool_)):
            return bool(value)
        if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
            return int(value)
        if isinstance(value, (float, np.floating)):
            number = float(value)
            return number if math.isfinite(number) else {"$": "float", "v": repr(number)}
        if isinstance(value, str):
            return str.__str__(value)
        return self._other(value, depth)

    def _other(self, value: Any, depth: int) -> Any:
        nested = depth + 1
        if isinstance(value, list):
            return [self.encode(v, nested) for v in value]
        if isinstance(value, tuple):
            return {"$": "tuple", "items": [self.encode(v, nested) for v in value]}
        if isinstance(value, (set, frozenset)):
            kind = "frozenset" if isinstance(value, frozenset) else "set"
            return {"$": kind, "items": [self.encode(v, nested) for v in value]}
        if isinstance(value, dict):
            return {"$": "dict", "items": [[self.encode(k, nested), self.encode(v, nested)]
                                           for k, v in value.items()]}
        if value is pd.NaT:
            return {"$": "nat"}
        if isinstance(value, pd.Timestamp):
            return {"$": "timestamp", "v": value.isoformat()}
        if isinstance(value, pd.Timedelta):
            return {"$": "timedelta", "ns": int(value.value)}
        if isinstance(value, dt.datetime):
            return {"$": "datetime", "v": value.isoformat()}
        if isinstance(value, dt.date):
            return {"$": "date", "v": value.isoformat()}
        if isinstance(value, dt.timedelta):
            return {"$": "pytimedelta", "us": value // dt.timedelta(microseconds=1)}
        if isinstance(value, pd.Series):
            return {"$": "series", "index": self._index(value.index, nested),
                    "values": [self.encode(v, nested) for v in value.tolist()],
                    "dtype": str(value.dtype), "name": self.encode(value.name, nested)}
        if isinstance(value, pd.DataFrame):
            return {"$": "frame", "index": self._index(value.index, nested),
                    "columns": self._index(value.columns, nested),
                    "data": [[self.encode(v, nested) for v in value.iloc[:, i].tolist()]
                             for i in range(value.shape[1])],
                    "dtypes": [str(t) for t in value.dtypes]}
        if isinstance(value, pd.Index):
            return self._index(value, nested)
        if isinstance(value, types.FunctionType) and self.functions is not None:
            function_id = len(self.functions)
            self.functions[function_id] = value
            names, refs = code_summary(value)
            return {"$": "function", "id": function_id, "name": value.__name__,
                    "argcount": value.__code__.co_argcount, "names": names, "refs": refs}
        return {"$": "unsupported", "type": type(value).__name__}

    def _index(self, index: pd.Index, depth: int) -> dict:
        if isinstance(index, pd.RangeIndex):
            return {"$": "range", "start": index.start, "stop": index.stop, "step": index.step,
                    "name": self.encode(index.name, depth)}
        if isinstance(index, pd.MultiIndex):
            return {"$": "multiindex", "tuples": [self.encode(t, depth) for t in index.tolist()],
                    "names": [self.encode(n, depth) for n in index.names]}
        return {"$": "index", "values": [self.encode(v, depth) for v in index.tolist()],
                "dtype": str(index.dtype), "name": self.encode(index.name, depth)}


# -- decoding (in the process that receives it) -------------------------------------------------

def decode(data: Any, call: Callable | None = None) -> Any:
    """Build the value that :func:`encode` described. Raises :class:`PlainDataError`."""
    try:
        return _Decoder(call).decode(data, 0)
    except PlainDataError:
        raise
    except (TypeError, ValueError, KeyError, OverflowError, RecursionError) as exc:
        raise PlainDataError(f"答案数据无法读取（{type(exc).__name__}）。") from exc


class _Decoder:
    def __init__(self, call: Callable | None) -> None:
        self.call = call
        self.items = 0

    def _count(self, n: int = 1) -> None:
        self.items += n
        if self.items > MAX_ITEMS:
            raise PlainDataError(f"答案数据太大（超过 {MAX_ITEMS:,} 个值）。")

    def decode(self, data: Any, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise PlainDataError("答案数据嵌套太深。")
        self._count()
        if data is None or type(data) in (bool, int, float, str):
            return data
        if type(data) is list:
            return [self.decode(v, depth + 1) for v in data]
        if type(data) is not dict:
            raise PlainDataError(f"答案数据中有无法识别的内容（{type(data).__name__}）。")
        tag = data.get("$")
        handler = getattr(self, f"_{tag}", None) if isinstance(tag, str) and tag.isalpha() else None
        if handler is None:
            raise PlainDataError("答案数据中有无法识别的标记。")
        return handler(data, depth + 1)

    def _list(self, items: Any, depth: int) -> list:
        if type(items) is not list:
            raise PlainDataError("答案数据的结构不对。")
        return [self.decode(v, depth) for v in items]

    def _tuple(self, data: dict, depth: int) -> tuple:
        return tuple(self._list(data["items"], depth))

    def _set(self, data: dict, depth: int) -> set:
        return set(self._list(data["items"], depth))

    def _frozenset(self, data: dict, depth: int) -> frozenset:
        return frozenset(self._list(data["items"], depth))

    def _dict(self, data: dict, depth: int) -> dict:
        pairs = self._list(data["items"], depth)
        if any(type(p) is not list or len(p) != 2 for p in pairs):
            raise PlainDataError("答案数据的结构不对。")
        return {k: v for k, v in pairs}

    def _float(self, data: dict, depth: int) -> float:
        text = data["v"]
        if text not in ("nan", "inf", "-inf"):
            raise PlainDataError("答案数据中的数字不对。")
        return float(text)

    def _nat(self, data: dict, depth: int):
        return pd.NaT

    def _timestamp(self, data: dict, depth: int) -> pd.Timestamp:
        return pd.Timestamp(str(data["v"]))

    def _timedelta(self, data: dict, depth: int) -> pd.Timedelta:
        return pd.Timedelta(int(data["ns"]), unit="ns")

    def _datetime(self, data: dict, depth: int) -> dt.datetime:
        return dt.datetime.fromisoformat(str(data["v"]))

    def _date(self, data: dict, depth: int) -> dt.date:
        return dt.date.fromisoformat(str(data["v"]))

    def _pytimedelta(self, data: dict, depth: int) -> dt.timedelta:
        return dt.timedelta(microseconds=int(data["us"]))

    def _dtype(self, name: Any) -> str:
        return name if isinstance(name, str) and name in _DTYPES else "object"

    def _range(self, data: dict, depth: int) -> pd.RangeIndex:
        start, stop, step = (int(data[k]) for k in ("start", "stop", "step"))
        if step == 0 or abs(stop - start) // abs(step) > MAX_ITEMS:
            raise PlainDataError("答案数据太大。")
        self._count(max(0, (stop - start) // step))
        return pd.RangeIndex(start, stop, step, name=self._label(data.get("name"), depth))

    def _label(self, data: Any, depth: int) -> Any:
        label = self.decode(data, depth)
        try:
            hash(label)
        except TypeError as exc:
            raise PlainDataError("答案数据中的标签不对。") from exc
        return label

    def _index(self, data: dict, depth: int) -> pd.Index:
        values = self._list(data["values"], depth)
        name = self._label(data.get("name"), depth)
        try:
            return pd.Index(values, dtype=self._dtype(data.get("dtype")), name=name)
        except (TypeError, ValueError):
            return pd.Index(values, dtype="object", name=name)

    def _multiindex(self, data: dict, depth: int) -> pd.MultiIndex:
        tuples = self._list(data["tuples"], depth)
        names = [self._label(n, depth) for n in self._raw_list(data["names"])]
        if any(type(t) is not tuple for t in tuples):
            raise PlainDataError("答案数据的结构不对。")
        if not tuples:
            return pd.MultiIndex.from_arrays([[] for _ in names] or [[]], names=names or None)
        return pd.MultiIndex.from_tuples(tuples, names=names)

    def _raw_list(self, items: Any) -> list:
        if type(items) is not list:
            raise PlainDataError("答案数据的结构不对。")
        return items

    def _axis(self, data: Any, depth: int) -> pd.Index:
        index = self.decode(data, depth)
        if not isinstance(index, pd.Index):
            raise PlainDataError("答案数据的结构不对。")
        return index

    def _series(self, data: dict, depth: int) -> pd.Series:
        index = self._axis(data["index"], depth)
        values = self._list(data["values"], depth)
        if len(values) != len(index):
            raise PlainDataError("答案数据的结构不对。")
        name = self._label(data.get("name"), depth)
        try:
            return pd.Series(values, index=index, name=name, dtype=self._dtype(data.get("dtype")))
        except (TypeError, ValueError):
            return pd.Series(values, index=index, name=name, dtype="object")

    def _frame(self, data: dict, depth: int) -> pd.DataFrame:
        index = self._axis(data["index"], depth)
        columns = self._axis(data["columns"], depth)
        raw = self._raw_list(data["data"])
        dtypes = self._raw_list(data.get("dtypes", []))
        if len(raw) != len(columns) or len(dtypes) not in (0, len(columns)):
            raise PlainDataError("答案数据的结构不对。")
        series = []
        for i, column in enumerate(raw):
            values = self._list(column, depth)
            if len(values) != len(index):
                raise PlainDataError("答案数据的结构不对。")
            dtype = self._dtype(dtypes[i]) if dtypes else "object"
            try:
                series.append(pd.Series(values, index=index, dtype=dtype))
            except (TypeError, ValueError):
                series.append(pd.Series(values, index=index, dtype="object"))
        frame = pd.concat(series, axis=1) if series else pd.DataFrame(index=index)
        frame.columns = columns
        return frame

    def _function(self, data: dict, depth: int) -> StudentFunction:
        names = [str(n) for n in self._raw_list(data.get("names", []))]
        refs = data.get("refs", {})
        if type(refs) is not dict:
            raise PlainDataError("答案数据的结构不对。")
        return StudentFunction(int(data["id"]), str(data.get("name", "函数"))[:80],
                               int(data.get("argcount", 0)), names,
                               {str(k): str(v) for k, v in refs.items()}, self.call)

    def _unsupported(self, data: dict, depth: int) -> Unsupported:
        return unsupported(str(data.get("type", "未知")))
