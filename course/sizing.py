"""Size recommendation from a size chart (chapter 2): 花卉知六's 花艺围裙 in S/M/L/XL."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

#: The shop's size chart: height (cm) and weight (kg) ranges per size, both inclusive.
SIZE_CHART = pd.DataFrame(
    {"size": ["S", "M", "L", "XL"],
     "height_min": [150, 160, 168, 176], "height_max": [160, 168, 176, 185],
     "weight_min": [40, 50, 60, 72], "weight_max": [50, 60, 72, 85]})
FITS = ("标准", "宽松")


@dataclass(frozen=True)
class Recommendation:
    size: str
    by_height: str
    by_weight: str
    reason: str

    def _repr_html_(self) -> str:
        return f"<p>推荐尺码：<b>{self.size}</b>。{self.reason}</p>"


def _size_for(value: float, low: str, high: str, chart: pd.DataFrame) -> str | None:
    """The size whose range holds ``value``; a value on a border takes the larger size."""
    rows = zip(chart["size"].tolist(), chart[low].tolist(), chart[high].tolist(), strict=True)
    for size, lowest, highest in reversed(list(rows)):
        if lowest <= value <= highest:
            return size
    return None


def recommend(height: float, weight: float, fit: str = "标准",
              chart: pd.DataFrame = SIZE_CHART) -> Recommendation:
    """Recommend a size: by height and by weight take the larger; 宽松 goes one size up.

    Raises ValueError (Chinese) for values outside the chart or a bad ``fit``.
    """
    for name, value in (("身高", height), ("体重", weight)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{name}应该是数字，收到的是 {value!r}。")
    if fit not in FITS:
        raise ValueError(f"版型偏好应该是 {'、'.join(FITS)} 之一。")
    sizes = list(chart["size"])
    by_height = _size_for(height, "height_min", "height_max", chart)
    by_weight = _size_for(weight, "weight_min", "weight_max", chart)
    if by_height is None or by_weight is None:
        raise ValueError(f"身高 {height} cm、体重 {weight} kg 超出了尺码表的范围"
                         f"（{chart['height_min'].min()}–{chart['height_max'].max()} cm，"
                         f"{chart['weight_min'].min()}–{chart['weight_max'].max()} kg），建议联系客服定制。")
    index = max(sizes.index(by_height), sizes.index(by_weight))
    reason = f"按身高是 {by_height}，按体重是 {by_weight}"
    reason += "，两者一致" if by_height == by_weight else "，取较大的一码"
    if fit == "宽松":
        if index + 1 < len(sizes):
            index += 1
            reason += "；喜欢宽松再大一码"
        else:
            reason += "；已经是最大码，无法再放大"
    return Recommendation(sizes[index], by_height, by_weight, reason + "。")
