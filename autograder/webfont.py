"""A Chinese font inside the page: a subset of Noto Sans CJK SC with just the page's characters.

The item-analysis report is one self-contained HTML file; a teacher may open it on a
machine without any CJK font, where Chinese text would show as empty boxes. The
subset holds only the characters the page uses (tens of kilobytes), embedded as a
``data:`` font.
"""

from __future__ import annotations

import base64
import io
import re

FAMILY = "KefuCJK"
_TAGS = re.compile(r"<[^>]*>")


def font_face(page: str) -> str:
    """A CSS ``@font-face`` rule for the characters of ``page`` ("" when no font is at hand)."""
    from fontTools import subset

    from course.plotting import bundled_font_path

    path = bundled_font_path()
    if path is None:
        return ""
    text = "".join(sorted(set(_TAGS.sub("", page)) - set(" \n\t")))
    options = subset.Options()
    options.layout_features = ["*"]
    options.notdef_outline = True
    # Lazy loading reads only the tables the subset needs: the same bytes, in half the time.
    font = subset.load_font(str(path), options, lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (f"@font-face {{ font-family: '{FAMILY}'; "
            f"src: url(data:font/otf;base64,{data}) format('opentype'); }}")
