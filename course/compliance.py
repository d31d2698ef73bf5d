"""极限词 and other banned wording in listings and chats (chapter 2)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

#: Banned word or pattern → a compliant alternative.
BANNED: dict[str, str] = {
    "全网最低": "性价比高",
    "最低价": "实惠价",
    "最好": "很好",
    "最佳": "优选",
    "最新鲜": "当天到店的新鲜花材",
    "最便宜": "价格实惠",
    "最优": "优质",
    "最高级": "高品质",
    "第一": "广受好评",
    "顶级": "精选",
    "极品": "精品",
    "国家级": "专业",
    "世界级": "专业",
    "100%": "尽力保证",
    "百分之百": "尽力保证",
    "绝对": "尽量",
    "永久": "长久",
    "万能": "用途广",
    "首选": "推荐",
    "独家": "本店特色",
    "史无前例": "少见的",
    "领导品牌": "知名品牌",
    "唯一": "特色",
    "买它就对了": "欢迎选购",
    "不会枯萎": "花期较长（注意养护）",
}
_PATTERN = re.compile("|".join(sorted(map(re.escape, BANNED), key=len, reverse=True)))


@dataclass(frozen=True)
class Finding:
    word: str
    start: int
    suggestion: str


def find_banned(text: str) -> list[Finding]:
    """Every banned word in ``text`` (longest match first), with a suggested replacement."""
    if not isinstance(text, str):
        raise TypeError(f"要检查的内容应该是字符串，现在是 {type(text).__name__}。")
    return [Finding(m.group(0), m.start(), BANNED[m.group(0)]) for m in _PATTERN.finditer(text)]


def check_listing(text: str) -> pd.DataFrame:
    """The findings as a table with Chinese labels (empty when the text is clean)."""
    return pd.DataFrame([{"违规词": f.word, "位置": f.start, "建议改为": f.suggestion}
                         for f in find_banned(text)], columns=["违规词", "位置", "建议改为"])
