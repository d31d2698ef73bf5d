"""HTML tables of DataFrames for the widgets: formatted numbers, per-cell colours, a caption.

The few things the widgets used pandas' ``Styler`` for, without its cost: a Styler builds
a context for every cell and renders it through a template (tens of milliseconds for the
KPI table, on every change of a control); this writes the rows directly. Values format
as a Styler shows them (a format string per column, else floats with 6 decimals and
``nan`` for a missing one); every text is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

#: Decimals of a float without a format (pandas' ``styler.format.precision``).
PRECISION = 6


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or an array in a cell
        return False


def _shown(value: object, fmt: str | None, na_rep: str | None) -> str:
    if na_rep is not None and _missing(value):
        return na_rep
    if fmt is not None:
        return fmt.format(value)
    if isinstance(value, (float, np.floating)):
        return f"{value:.{PRECISION}f}"
    return str(value)


def render(frame: pd.DataFrame, formats: Mapping[str, str] | None = None,
           styles: Mapping[str, Sequence[str]] | None = None, caption: str | None = None,
           na_rep: str | None = None, index: bool = True) -> str:
    """``frame`` as an HTML table.

    Args:
        formats: column → format string such as ``"{:.1%}"`` (other columns as a Styler
            shows them).
        styles: column → the CSS of each of its cells, row by row ("" for none).
        caption: shown above the table.
        na_rep: text of a missing value in the formatted columns (a Styler's ``na_rep``).
        index: show the row labels (and the index name) as the first column.
    """
    formats = dict(formats or {})
    columns = list(frame.columns)
    head = ""
    if index:
        head += f"<th>{html.escape(str(frame.index.name or ''))}</th>"
    head += "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
    styles = dict(styles or {})
    css = [styles.get(c) for c in columns]
    shown = [(formats.get(c), na_rep if c in formats else None) for c in columns]
    rows = []
    for r, (label, row) in enumerate(zip(frame.index, frame.itertuples(index=False, name=None),
                                         strict=True)):
        cells = [f"<th>{html.escape(str(label))}</th>"] if index else []
        for c, value in enumerate(row):
            text = html.escape(_shown(value, *shown[c]))
            style = "" if css[c] is None else css[c][r]
            if style:
                cells.append(f"<td style=\"{html.escape(style)}\">{text}</td>")
            else:
                cells.append(f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    top = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (f"<table class=\"dataframe\">{top}<thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")
