"""The size recommender (chapter 2): height, weight and fit → a size from the chart."""

from __future__ import annotations

import ipywidgets as w

from course import sizing


class SizeRecommender(w.VBox):
    """Move the sliders; the recommended size and the reason follow."""

    def __init__(self) -> None:
        super().__init__()
        self._height = w.IntSlider(value=165, min=140, max=195, description="身高（cm）")
        self._weight = w.IntSlider(value=55, min=35, max=100, description="体重（kg）")
        self._fit = w.ToggleButtons(options=list(sizing.FITS), value="标准", description="版型偏好")
        self._chart = w.HTML(sizing.SIZE_CHART.rename(columns={
            "size": "尺码", "height_min": "身高下限", "height_max": "身高上限",
            "weight_min": "体重下限", "weight_max": "体重上限"}).to_html(index=False))
        self._result = w.HTML()
        self._code = w.Textarea(layout=w.Layout(width="520px", height="130px"))
        self.recommendation: sizing.Recommendation | None = None
        self.children = [w.HTML("<b>尺码推荐器</b>：花艺围裙尺码表如下，输入买家的身高、体重和偏好。"),
                         self._chart, self._height, self._weight, self._fit, self._result,
                         w.HTML("<b>复制为代码</b>（粘贴到答题单元格）："), self._code]
        for control in (self._height, self._weight, self._fit):
            control.observe(self._on_change, names="value")
        self.refresh()

    def _on_change(self, _change=None) -> None:
        self.refresh()

    def refresh(self) -> None:
        try:
            self.recommendation = sizing.recommend(self._height.value, self._weight.value,
                                                   self._fit.value)
        except ValueError as exc:
            self.recommendation = None
            self._result.value = f"<span style='color:#b00'>{exc}</span>"
            return
        self._result.value = self.recommendation._repr_html_()
        self._code.value = ("size_choice = {\n"
                            f"    \"height\": {self._height.value},\n"
                            f"    \"weight\": {self._weight.value},\n"
                            f"    \"fit\": \"{self._fit.value}\",\n"
                            f"    \"size\": \"{self.recommendation.size}\",\n"
                            "}")
