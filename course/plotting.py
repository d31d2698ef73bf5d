"""One place that makes matplotlib draw Chinese with real glyphs.

A system CJK font is preferred when the machine has one; otherwise the
OFL-licensed Noto Sans CJK SC shipped by the ``mplfonts`` package is
registered with matplotlib (no root, no network, no font-cache rebuild).
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

import matplotlib
from matplotlib import font_manager

#: System fonts that cover Simplified Chinese, best first.
SYSTEM_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "Noto Sans CJK JP",
)
BUNDLED_FONT = "NotoSansCJKsc-Regular.otf"


def bundled_font_path() -> Path | None:
    """Path of the Noto Sans CJK SC file shipped by ``mplfonts``, if installed."""
    try:
        path = Path(str(resources.files("mplfonts") / "fonts" / BUNDLED_FONT))
    except ModuleNotFoundError:
        return None
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def _font_family() -> str:
    """Find (or register the bundled) CJK font once per process; return its family name."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    family = next((name for name in SYSTEM_CJK_FAMILIES if name in installed), None)
    if family is None:
        path = bundled_font_path()
        if path is None:
            raise RuntimeError(
                "找不到中文字体：请安装依赖包 mplfonts（pip install mplfonts），"
                "或安装系统字体 fonts-noto-cjk。"
            )
        font_manager.fontManager.addfont(str(path))
        family = font_manager.FontProperties(fname=str(path)).get_name()
    return family


def chinese_font() -> str:
    """Configure matplotlib for Chinese and return the family name it uses.

    Safe to call many times, and it sets the font again after ``rcParams`` were
    reset (e.g. by ``plt.rcdefaults()``). Raises RuntimeError (in Chinese) when
    no CJK font can be found at all.
    """
    family = _font_family()
    others = [name for name in matplotlib.rcParams["font.sans-serif"] if name != family]
    matplotlib.rcParams["font.sans-serif"] = [family, *others]
    matplotlib.rcParams["font.family"] = "sans-serif"
    # The minus sign U+2212 is missing from some CJK fonts: draw an ASCII hyphen.
    matplotlib.rcParams["axes.unicode_minus"] = False
    return family


def setup() -> str:
    """Set up plots for the course (Chinese font, readable defaults); returns the font family."""
    family = chinese_font()
    matplotlib.rcParams["figure.dpi"] = 100
    matplotlib.rcParams["axes.spines.top"] = False
    matplotlib.rcParams["axes.spines.right"] = False
    return family


def grading() -> bool:
    """True while nbgrader (or the course's grading engine) runs the notebook: it sets
    ``NBGRADER_EXECUTION``. Nobody looks at a picture then, so none is drawn."""
    return os.environ.get("NBGRADER_EXECUTION") == "autograde"


#: What a graded notebook (and so its feedback page) shows where a lesson figure was.
FIGURE_PLACEHOLDER = "〔这里是课程里的一张图。评分时不画图；在你自己的笔记本里运行这一格就能看到。〕"


def figures_as_text(shell) -> None:
    """Show every matplotlib figure in ``shell`` as :data:`FIGURE_PLACEHOLDER`, undrawn.

    For grading: laying out and rasterising a figure with Chinese text costs 0.1–0.3 s,
    the largest part of some notebooks' run time, and no grade depends on a picture (the
    course's figures are lesson figures; answers are values). The figure objects are
    still made, so code that uses them runs as it does for the student.
    """
    from matplotlib.figure import Figure

    formatters = shell.display_formatter.formatters
    for mime, formatter in formatters.items():
        if mime != "text/plain":
            formatter.pop(Figure, None)
    formatters["text/plain"].for_type(
        Figure, lambda figure, printer, cycle: printer.text(FIGURE_PLACEHOLDER))
