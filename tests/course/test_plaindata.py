"""Plain data: what crosses from a learner's process to the tester, and nothing else."""

from __future__ import annotations

import datetime as dt
import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course import checks, plaindata
from course.plaindata import PlainDataError, StudentFunction, Unsupported, decode, encode


def _cross(value, functions=None, call=None):
    """Encode, go through JSON as the sockets do, decode."""
    return decode(json.loads(json.dumps(encode(value, functions), ensure_ascii=False)), call)


@pytest.mark.parametrize("value", [
    None, True, False, 0, -7, 2**70, 1.5, "", "小C", [1, "a", None], (1, (2, 3)), {1, 2},
    frozenset({"A"}), {"a": 1, 2: [3], (1, 2): {"x"}}, {"agents": ["A01"], "start": "2025-06-15"},
    pd.Timestamp("2025-06-01 10:00:00"), pd.Timedelta(seconds=65), pd.NaT,
    dt.datetime(2025, 6, 1, 8, 30), dt.date(2025, 6, 1), dt.timedelta(hours=3),
])
def test_plain_values_cross_unchanged(value):
    got = _cross(value)
    assert type(got) is type(value) or value is pd.NaT
    assert got == value or (value is pd.NaT and got is pd.NaT)


def test_nan_and_infinity_cross():
    got = _cross([math.nan, math.inf, -math.inf])
    assert math.isnan(got[0]) and got[1:] == [math.inf, -math.inf]


def test_series_cross_with_index_name_and_numeric_dtype():
    series = pd.Series([3.0, 1.5, math.nan], index=pd.Index(["A01", "A02", "A03"],
                                                              name="agent_id"), name="sales")
    got = _cross(series)
    pd.testing.assert_series_equal(got, series)
    counts = pd.Series([2, 5], index=["A01", "A03"])
    assert pd.api.types.is_integer_dtype(_cross(counts).dtype)
    checks.expect_series_close("q7", _cross(counts), counts, tol=0)


def test_series_with_a_multiindex_and_timestamps_cross():
    index = pd.MultiIndex.from_tuples([("A01", "2025-06-01"), ("A02", "2025-06-02")],
                                      names=["agent", "day"])
    series = pd.Series(pd.to_datetime(["2025-06-01 10:00", "2025-06-02 11:00"]), index=index)
    pd.testing.assert_series_equal(_cross(series), series)


def test_frames_cross_with_their_columns_and_types():
    frame = pd.DataFrame({"sender": ["buyer", "agent"], "n": [1, 2],
                          "sent_at": pd.to_datetime(["2025-06-01 10:00", "2025-06-01 10:01"])})
    pd.testing.assert_frame_equal(_cross(frame), frame)
    empty = pd.DataFrame({"a": pd.Series([], dtype="float64")})
    pd.testing.assert_frame_equal(_cross(empty), empty)


def test_numpy_scalars_and_subclasses_arrive_as_exact_plain_types():
    class Sneaky(float):
        def __eq__(self, other):
            return True

        __hash__ = float.__hash__

    class Yes(str):
        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

    got = _cross([np.int64(3), np.float64(2.5), np.bool_(True), Sneaky(1.0), Yes("Z")])
    assert [type(v) for v in got] == [int, float, bool, float, str]
    assert got[3] != 2.0 and got[4] != "B"


def test_other_objects_arrive_as_unsupported_with_a_chinese_type_name():
    class Widget:
        pass

    got = _cross({"w": Widget(), "gen": (x for x in [1])})
    assert isinstance(got["w"], Unsupported) and "类型不支持" in type(got["w"]).__name__
    assert "Widget" in type(got["w"]).__name__
    with pytest.raises(checks.AnswerError, match="类型不支持"):
        checks.expect_number("q3", got["gen"])


def test_a_function_crosses_as_a_proxy_that_calls_back():
    def band(rate):
        return "合格" if rate >= 0.4 else "差"

    functions: dict = {}
    calls = []

    def call(function_id, args, kwargs):
        calls.append((function_id, args))
        return functions[function_id](*args, **kwargs)

    proxy = _cross(band, functions, call)
    assert isinstance(proxy, StudentFunction) and proxy.__name__ == "band"
    assert proxy.argcount == 1 and proxy(0.45) == "合格" and calls == [(0, (0.45,))]
    checks.expect_function("band", proxy, 1)
    with pytest.raises(checks.AnswerError, match="2 个参数"):
        checks.expect_function("band", proxy, 2)


def test_a_proxy_that_calls_the_reference_solution_is_caught():
    from course import kpi
    from course.kpi import conversion_band as cb

    def lazy(rate):
        return cb(rate)

    def through_module(rate):
        return kpi.conversion_band(rate)

    def own(rate):
        return "差"

    forbidden = ["course.kpi.conversion_band"]
    for func, used in ((lazy, True), (through_module, True), (own, False)):
        proxy = _cross(func, {}, None)
        assert checks.uses_course_solution(proxy, forbidden) is used
        assert checks.uses_course_solution(func, forbidden) is used


def test_a_proxy_outside_grading_says_so_in_chinese():
    proxy = decode({"$": "function", "id": 0, "name": "f", "argcount": 0, "names": [],
                    "refs": {}})
    with pytest.raises(plaindata.StudentError, match="只能在评分时调用"):
        proxy()


@pytest.mark.parametrize("data", [
    {"$": "evil", "code": "import os"},
    {"not": "tagged"},
    {"$": "__class__"},
    {"$": "dict", "items": [[1]]},
    {"$": "float", "v": "1e400"},
    {"$": "series", "index": {"$": "range", "start": 0, "stop": 2, "step": 1},
     "values": [1], "dtype": "int64", "name": None},
    {"$": "range", "start": 0, "stop": 10**12, "step": 1, "name": None},
    {"$": "dict", "items": [[[1, 2], 3]]},
])
def test_malformed_or_oversized_data_is_refused_in_chinese(data):
    with pytest.raises(PlainDataError) as raised:
        decode(data)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(raised.value))


def test_deep_nesting_is_refused():
    data: object = 1
    for _ in range(200):
        data = [data]
    with pytest.raises(PlainDataError, match="嵌套太深"):
        decode(data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4)
    | st.tuples(inner, inner), max_leaves=20)


@given(json_values)
def test_any_plain_value_survives_the_round_trip(value):
    assert _cross(value) == value
