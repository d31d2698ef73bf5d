"""Chinese explanations of the errors a beginner meets most (the notebook's error hook).

The walkthrough of a beginner (docs/beginner-walkthrough.md) found the English messages
that stop learners: a column name written without quotes, a blank ``___`` left in the
code, Chinese punctuation in code, a date compared with text written the way the
question shows it, ``int()`` of a word. :func:`explain` turns such an exception into one
Chinese sentence (the original message is kept after it); anything else is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from course.stubs import BLANK

_NAME = re.compile(r"name '([^']+)' is not defined")
_FULLWIDTH = re.compile(r"invalid character '(.)' \(U\+([0-9A-F]{4})\)")
_DATE_TEXT = re.compile(r"Invalid comparison between dtype=datetime64|not supported between instances of "
                        r"'(Timestamp|datetime\.datetime)' and 'str'|Cannot compare .*Timestamp.* str")
_INT = re.compile(r"invalid literal for int\(\) with base 10: (.+)")
_FLOAT = re.compile(r"could not convert string to float: (.+)")


def name_of(error: object) -> str | None:
    """The undefined name of a NameError (or of its message), None when there is none."""
    match = _NAME.search(str(error))
    return getattr(error, "name", None) or (match.group(1) if match else None)


def is_blank(error: BaseException) -> bool:
    """Whether ``error`` comes from an unfilled blank ``___`` (a name or a method name)."""
    if isinstance(error, NameError):
        name = name_of(error)
        return name is not None and name.strip("_") == ""
    return isinstance(error, AttributeError) and f"'{BLANK}'" in str(error)


def _columns(namespace: Mapping[str, Any] | None, name: str) -> list[str]:
    """Names of the tables in the namespace that have a column ``name``."""
    import pandas as pd

    found = []
    for key, value in (namespace or {}).items():
        if isinstance(value, pd.DataFrame) and not key.startswith("_") and name in value.columns:
            found.append(key)
    return found


def name_error(name: str | None, namespace: Mapping[str, Any] | None = None) -> str:
    if name is None:
        return "有一个名字还没有定义。"
    if name.strip("_") == "":
        return f"这里的 {BLANK} 是留给你填写的空白：把每个 {BLANK} 换成你自己的代码，再运行本单元格。"
    tables = _columns(namespace, name)
    if tables:
        return (f"{name} 是表格 {tables[0]} 的列名：列名要加引号，写成 {tables[0]}[\"{name}\"]，"
                "不能直接写 " + name + "。")
    return (f"变量 {name} 还没有定义。如果它是表格的列名或字典（包括题目 练习N）的键，要加引号，"
            f"例如 orders[\"{name}\"] 或 练习2[\"{name}\"]；"
            "如果是答案或上面算出的变量，请先运行定义它的单元格（或从头依次运行所有单元格），再运行本单元格。")


def explain(error: BaseException, namespace: Mapping[str, Any] | None = None) -> str | None:
    """One Chinese sentence for a beginner's error, or None when there is nothing to add."""
    text = str(error)
    if isinstance(error, NameError):
        name = name_of(error)
        return None if name is None else name_error(name, namespace)
    if isinstance(error, AttributeError) and is_blank(error):
        return f"这里的 {BLANK} 是留给你填写的空白（一个方法名）：把每个 {BLANK} 换成你自己的代码，再运行本单元格。"
    if isinstance(error, SyntaxError):
        match = _FULLWIDTH.search(text)
        if match:
            return (f"代码里用了中文标点「{match.group(1)}」：写代码时请切换到英文输入法，用英文的逗号、"
                    "括号和引号（引号里面的中文文字没有问题）。")
        line = getattr(error, "text", None) or ""
        if BLANK in line:
            return f"这一行还有 {BLANK} 没有填：把每个 {BLANK} 换成代码后再运行。"
        return None
    if isinstance(error, TypeError) and _DATE_TEXT.search(text):
        return ("日期时间列只能和写成 \"2025-06-05 19:59\" 这种格式（年-月-日 时:分）的文字比较，"
                "不能写成“6 月 5 日”；也可以用 pd.Timestamp(\"2025-06-05 19:59\")。")
    if isinstance(error, ValueError):
        match = _INT.search(text) or _FLOAT.search(text)
        if match:
            return (f"只有像 \"12\"、\"3.5\" 这样的数字文字才能变成数，{match.group(1)} 不是数字："
                    "检查是不是取错了列，或者数字里混进了文字、单位或空格。")
    if isinstance(error, KeyError) and "___" not in text:
        key = error.args[0] if error.args else ""
        if isinstance(key, str) and key:
            return (f"找不到「{key}」：如果它是列名，检查拼写（列名是英文的，区分大小写，"
                    "可以先运行 表.columns 看看有哪些列）；如果是字典的键，检查有没有这个键。")
    return None


def explained(error: BaseException, namespace: Mapping[str, Any] | None = None) -> BaseException:
    """``error`` with the Chinese explanation first and the original message after it."""
    note = explain(error, namespace)
    if note is None:
        return error
    if isinstance(error, NameError):
        return NameError(note, name=getattr(error, "name", None))
    if isinstance(error, AttributeError):
        return AttributeError(note)
    original = str(error)
    try:
        return type(error)(f"{note}（原始信息：{original}）")
    except Exception:  # noqa: BLE001 - an exception type that takes other arguments
        return error
