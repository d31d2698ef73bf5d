"""The course's chapters: ids and Chinese titles, the orientation notebook first."""

from __future__ import annotations

import re

#: Orientation notebooks: handed out with the chapters, never graded in a batch.
ORIENTATION: dict[str, str] = {"ch00": "导学：如何使用本课程"}

#: Graded chapters, in the book's order.
CHAPTERS: dict[str, str] = {
    "ch01": "初识网店客服",
    "ch02": "客服岗前知识准备",
    "ch03": "使用客服沟通工具及后台操作",
    "ch04": "客服售前服务",
    "ch05": "客服售中服务",
    "ch06": "客服售后服务",
    "ch07": "客服数据监控与统计分析",
    "ch08": "客户关系管理",
    "ch09": "客服考核与绩效管理",
}

_ID = re.compile(r"(?:ch)?0?(\d)")


def title(chapter: str) -> str:
    """The chapter's Chinese title (the id itself for an unknown chapter)."""
    return CHAPTERS.get(chapter) or ORIENTATION.get(chapter) or chapter


def chapter_id(text: str) -> str:
    """Normalise "7", "07", "ch7" or "ch07" to "ch07"; a Chinese ValueError otherwise."""
    match = _ID.fullmatch(str(text).strip().lower())
    if not match:
        raise ValueError(f"无法识别的章节：{text!r}，请写成 ch07 或 7 这样的形式。")
    return f"ch0{match.group(1)}"
