"""Widget bench: build every widget of the course as its notebook does and change every control.

A *control* is any child widget something listens to (a ``value`` observer, or a button
with a click handler), found by walking the widget; each is changed five times to values
the learner could pick (another option, the next date, one more character typed …) and
the median time of the synchronous update is kept. Widgets load their tables the way the
notebooks do (``course.data.load``), from ``$KEFU_DATA_DIR`` pointed at the data of the
scale being measured.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

#: How many times a widget is built and each control changed (the median is kept).
REPEAT = 5
#: The clock: wall time (what a learner waits); ``--cpu`` switches to this process's CPU
#: time, steadier on a machine other jobs keep busy.
CLOCK = {"wall": time.perf_counter, "cpu": time.process_time}


def _roleplay(key: str) -> Callable:
    def build():
        from course.ui import RolePlayChat

        return RolePlayChat(key)
    return build


@lru_cache(maxsize=4)
def _coupon_case(folder: str) -> dict:
    """练习 7's brief (its own notebook cell, before the form's; not part of the build)."""
    from course import variants
    from course.exercises.ch04 import coupon_case

    return coupon_case(variants.params("ch04.q7"))


def _coupon_form():
    from course.ui import CouponForm

    case = _coupon_case(os.environ.get("KEFU_DATA_DIR", ""))
    return CouponForm(cart=case["cart"], base=case["base"], name="q7")


def _phrase_editor():
    from course import variants
    from course.ui import QuickPhraseEditor

    plan = variants.params("ch03.q11")["plan"]
    return QuickPhraseEditor(top=plan["k"], most=plan["most"])


def _default(name: str) -> Callable:
    def build():
        import course.ui

        return getattr(course.ui, name)()
    return build


#: Every widget of the notebooks, built as its notebook builds it: (chapter, name, build).
WIDGETS: list[tuple[str, str, Callable]] = [
    ("ch00/ch04", "PromotionSimulator", _default("PromotionSimulator")),
    ("ch01", "WorkflowExplorer", _default("WorkflowExplorer")),
    ("ch01", "TypingTest", _default("TypingTest")),
    ("ch02", "OrderTimeline", _default("OrderTimeline")),
    ("ch02", "SizeRecommender", _default("SizeRecommender")),
    ("ch03", "AutoReplySimulator", _default("AutoReplySimulator")),
    ("ch03", "OrderSearchPanel", _default("OrderSearchPanel")),
    ("ch03", "QuickPhraseEditor", _phrase_editor),
    ("ch04", "PromotionForms", _default("PromotionForms")),
    ("ch04", "CouponForm", _coupon_form),
    ("ch04", "RolePlayChat(ch04.bargain)", _roleplay("ch04.bargain")),
    ("ch04", "RolePlayChat(ch04.occasion)", _roleplay("ch04.occasion")),
    ("ch05", "ChasingPrioritizer", _default("ChasingPrioritizer")),
    ("ch05", "RolePlayChat(ch05.unpaid)", _roleplay("ch05.unpaid")),
    ("ch05", "RolePlayChat(ch05.stalled)", _roleplay("ch05.stalled")),
    ("ch06", "RefundAssistant", _default("RefundAssistant")),
    ("ch06", "RolePlayChat(ch06.wilted)", _roleplay("ch06.wilted")),
    ("ch06", "RolePlayChat(ch06.review)", _roleplay("ch06.review")),
    ("ch07", "KpiCalculator", _default("KpiCalculator")),
    ("ch08", "RfmSegmenter", _default("RfmSegmenter")),
    ("ch08", "MemberLevelPlanner", _default("MemberLevelPlanner")),
    ("ch09", "ScorecardCalculator", _default("ScorecardCalculator")),
]

#: Typed text the bench uses where a generic keystroke would only give an error: the
#: control's path → values typed one after another (each a whole, valid entry).
TYPED = {
    "OrderTimeline": {
        "_created": [f"2025-06-18 0{h}:00" for h in range(8, 3, -1)],
        "_paid": [f"2025-06-18 09:{m}" for m in (21, 25, 30, 35, 40)],
        "_shipped": [f"2025-06-{d} 15:00" for d in (20, 21, 22, 23, 24)],
        "_confirmed": [f"2025-06-{d} 10:00" for d in (25, 26, 27, 28, 29)],
        "_buyer_extend": [f"2025-06-{d} 10:00" for d in (24, 25, 26, 27, 28)],
        "_moment": [f"2025-06-{d} 12:00" for d in (20, 21, 22, 23, 24)],
    },
    "RefundAssistant": {"_since": [f"2025-06-2{d} 10:00" for d in (1, 2, 3, 4, 5)]},
    "CouponForm": {"_start": [f"2026-05-1{d}" for d in (4, 5, 6, 7, 8)],
                   "_end": [f"2026-05-2{d}" for d in (0, 1, 2, 3, 4)]},
    "PromotionForms": {"coupon._start": [f"2026-05-1{d}" for d in (4, 5, 6, 7, 8)],
                       "coupon._end": [f"2026-05-2{d}" for d in (0, 1, 2, 3, 4)]},
}
#: One more character typed into a text box (a keystroke of the learner).
KEYSTROKES = "0123456789"


@dataclass
class Control:
    """One control of a widget: where it sits (``_agents``, ``_trial.rows[0][0]``) and its label."""

    path: str
    widget: object

    @property
    def label(self) -> str:
        description = getattr(self.widget, "description", "") or ""
        return f"{self.path}（{description}）" if description else self.path


@dataclass
class WidgetTiming:
    chapter: str
    name: str
    first_build: float
    build: float
    controls: dict[str, float] = field(default_factory=dict)

    @property
    def slowest(self) -> tuple[str, float]:
        if not self.controls:
            return ("—", 0.0)
        return max(self.controls.items(), key=lambda item: item[1])


def _listened(widget) -> bool:
    from ipywidgets import Button

    if isinstance(widget, Button):
        return bool(widget._click_handlers.callbacks)
    notifiers = getattr(widget, "_trait_notifiers", {}).get("value", {})
    return bool(notifiers.get("change")) or bool(notifiers.get("all"))


def controls(root) -> list[Control]:
    """Every control of ``root`` something listens to, by its attribute path (first path wins)."""
    from ipywidgets import Widget

    found: list[Control] = []
    seen: set[int] = set()

    def ours(obj) -> bool:
        return type(obj).__module__.startswith("course.")

    def walk(obj, path: str) -> None:
        if id(obj) in seen:
            return
        if isinstance(obj, Widget):
            seen.add(id(obj))
            if _listened(obj) and not ours(obj):
                found.append(Control(path, obj))
            if not ours(obj):
                return
        elif isinstance(obj, (list, tuple)):
            for i, item in enumerate(obj):
                walk(item, f"{path}[{i}]")
            return
        elif isinstance(obj, dict):
            for key, item in obj.items():
                if isinstance(key, (str, int)):
                    walk(item, f"{path}[{key}]")
            return
        elif not ours(obj):
            return
        else:
            seen.add(id(obj))
        for name, value in vars(obj).items():
            if name.startswith("__") or name in ("_trait_values", "_trait_notifiers",
                                                 "_trait_validators", "_cross_validation_lock"):
                continue
            walk(value, f"{path}.{name}" if path else name)

    for name, value in vars(root).items():
        if not name.startswith("__") and name not in ("_trait_values", "_trait_notifiers",
                                                      "_trait_validators"):
            walk(value, name)
    # A widget's children that no attribute names (rare) come last, by position.
    for i, child in enumerate(getattr(root, "children", ())):
        walk(child, f"children[{i}]")
    return found


def changes(control: Control, typed: dict[str, list]) -> list[Callable[[], None]]:
    """``REPEAT`` changes of ``control``, each to a value other than the one before."""
    from ipywidgets import Button

    widget = control.widget
    if isinstance(widget, Button):
        return [widget.click] * REPEAT
    value = widget.value
    if control.path in typed:
        values = list(typed[control.path])
    elif isinstance(value, bool):
        values = [not value if i % 2 == 0 else value for i in range(REPEAT)]
    elif hasattr(widget, "options") and isinstance(value, tuple):  # SelectMultiple
        options = list(widget._options_values)
        size = max(1, len(value))
        values = [tuple(options[(k + j) % len(options)] for j in range(size))
                  for k in range(1, REPEAT + 1)]
        values = [tuple(dict.fromkeys(v)) for v in values]
    elif hasattr(widget, "options"):  # Dropdown, ToggleButtons, SelectionSlider …
        options = list(widget._options_values)
        now = options.index(value)
        values = [options[(now - k) % len(options)] for k in range(1, REPEAT + 1)]
    elif isinstance(value, dt.date):
        values = [value - dt.timedelta(days=k) for k in range(1, REPEAT + 1)]
    elif isinstance(value, tuple):  # a range slider: bring the top down a step at a time
        low, high = value
        step = getattr(widget, "step", 1) or 1
        values = [(low, high - k * step) for k in range(1, REPEAT + 1)]
    elif isinstance(value, (int, float)):
        step = getattr(widget, "step", None)
        if step is None:
            step = 1 if isinstance(value, int) else max(round(abs(value) * 0.01, 4), 0.01)
        top = getattr(widget, "max", None)
        sign = -1 if top is not None and value + REPEAT * step > top else 1
        values = [value + sign * k * step for k in range(1, REPEAT + 1)]
    elif isinstance(value, str):
        values = [value + KEYSTROKES[:k] for k in range(1, REPEAT + 1)]
    else:
        return []
    return [lambda v=v: setattr(widget, "value", v) for v in values]


def _restore(control: Control, value) -> None:
    from ipywidgets import Button

    if value is not None and not isinstance(control.widget, Button):
        try:
            control.widget.value = value
        except Exception:  # noqa: BLE001 - a bench must not stop on one widget's validation
            pass


def measure(chapter: str, name: str, build: Callable, typed: dict | None = None,
            profile: Callable | None = None, clock: str = "wall") -> WidgetTiming:
    """Build the widget ``REPEAT`` + 1 times and change each of its controls ``REPEAT`` times."""
    now = CLOCK[clock]
    started = now()
    built = build()
    first = now() - started
    builds = []
    for _ in range(REPEAT):
        started = now()
        built = build()
        builds.append(now() - started)
    timing = WidgetTiming(chapter, name, first, statistics.median(builds))
    typed = TYPED.get(name.split("(")[0], {}) if typed is None else typed
    for control in controls(built):
        actions = changes(control, typed)
        if name.startswith("RolePlayChat") and control.path == "_send_button":
            actions = [_send(built, i) for i in range(REPEAT)]
        if not actions:
            continue
        before = getattr(control.widget, "value", None)
        times = []
        for action in actions:
            started = now()
            action() if profile is None else profile(action)
            times.append(now() - started)
        timing.controls[control.label] = statistics.median(times)
        if before is not None:
            _restore(control, before)
    return timing


def _send(chat, i: int) -> Callable[[], None]:
    """RolePlayChat: type a reply and press 发送 (restart when the chat has ended)."""
    replies = ["亲，您好，我是客服小六，很高兴为您服务～", "亲，这款是今天早上到的新鲜花材哦",
               "亲，我帮您看一下，稍等哦", "好的亲，有问题随时找我～", "亲，感谢您的耐心"]

    def send() -> None:
        if chat.ended:
            chat.restart()
        chat._input.value = replies[i % len(replies)]
        chat._send_button.click()
    return send


@contextmanager
def data_at(folder: Path) -> Iterator[None]:
    """``course.data.load`` reads the tables of ``folder`` inside the block."""
    old = os.environ.get("KEFU_DATA_DIR")
    os.environ["KEFU_DATA_DIR"] = str(folder)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("KEFU_DATA_DIR", None)
        else:
            os.environ["KEFU_DATA_DIR"] = old


def run(folder: Path, only: list[str] | None = None, profile: Callable | None = None,
        clock: str = "wall") -> tuple[float, list[WidgetTiming]]:
    """Time every widget on the data in ``folder``; returns (table load seconds, timings)."""
    import tempfile

    from course import data, plotting

    with data_at(Path(folder).resolve()), tempfile.TemporaryDirectory() as tmp:
        cwd = os.getcwd()
        os.chdir(tmp)  # the KPI calculator's 导出 Excel writes into the working folder
        try:
            started = time.perf_counter()
            data.load_all()
            plotting.setup()
            loaded = time.perf_counter() - started
            if not only or any(o in "CouponForm" for o in only):
                _coupon_case(os.environ.get("KEFU_DATA_DIR", ""))  # the brief is its own cell
            results = [measure(chapter, name, build, profile=profile, clock=clock)
                       for chapter, name, build in WIDGETS
                       if not only or any(o in name for o in only)]
        finally:
            os.chdir(cwd)
    return loaded, results


def report(by_scale: dict[str, tuple[float, list[WidgetTiming]]], clock: str = "wall"
           ) -> list[str]:
    """Markdown: per widget, build times and the slowest control at each scale."""
    scales = list(by_scale)
    head = ["组件", "章节"]
    for scale in scales:
        head += [f"首次构建 {scale}", f"构建 {scale}", f"最慢的控件 {scale}", f"更新 {scale}"]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    first = by_scale[scales[0]][1]
    for i, timing in enumerate(first):
        cells = [timing.name, timing.chapter]
        for scale in scales:
            t = by_scale[scale][1][i]
            label, seconds = t.slowest
            cells += [f"{t.first_build * 1000:.0f}", f"{t.build * 1000:.0f}", f"`{label}`",
                      f"{seconds * 1000:.0f}"]
        rows.append("| " + " | ".join(cells) + " |")
    unit = "毫秒" if clock == "wall" else "毫秒（本进程的 CPU 时间，不是等待时间）"
    rows += ["", f"单位：{unit}。每个组件按笔记本里的写法构建（数据由 course.data.load 读取）；"
             "「首次构建」是本进程第一次构建（数据表已读入），「构建」是之后 5 次的中位数。"
             "每个控件（有监听者的每个输入框、选择框、滑块、按钮）各改 5 次，取中位数；"
             "表中是每个组件最慢的那个控件。",
             "读入全部数据表：" + "，".join(f"{scale} {seconds:.2f} 秒"
                                         for scale, (seconds, _) in by_scale.items()) + "。"]
    return rows


def detail(by_scale: dict[str, tuple[float, list[WidgetTiming]]]) -> list[str]:
    """Every control of every widget (for the report printed on the terminal)."""
    lines = []
    scales = list(by_scale)
    for i, timing in enumerate(by_scale[scales[0]][1]):
        lines.append(f"{timing.name}:")
        for label in timing.controls:
            values = " ".join(f"{scale}={by_scale[scale][1][i].controls.get(label, 0) * 1000:.0f}ms"
                              for scale in scales)
            lines.append(f"    {label}: {values}")
    return lines
