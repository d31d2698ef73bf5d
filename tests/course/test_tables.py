"""The widgets' tables, written directly, show every cell as pandas' Styler showed it."""

from __future__ import annotations

import html
import re
from datetime import date

import pandas as pd
import pytest

from course import appraisal, chasing, crm, kpi, promotions, tables
from course.rules import RULES
from course.ui import chasing_prioritizer, rfm_segmenter

_CELL = re.compile(r"<(td|th)\b([^>]*)>(.*?)</\1>", re.S)


def _colour(css: str) -> str | None:
    found = re.search(r"background-color:\s*(#[0-9a-fA-F]{6})", css)
    return found.group(1).lower() if found else None


def _grid(markup: str) -> dict:
    """Column headers, and per body row its label (if any) and its cells as (text, colour)."""
    colours: dict[str, str] = {}
    for selectors, css in re.findall(r"((?:#T_\w+(?:, )?)+)\s*\{([^}]*)\}", markup):
        for selector in selectors.split(", "):
            if _colour(css):
                colours[selector.strip().lstrip("#")] = _colour(css)
    head, body = markup.split("<tbody>")
    heads = [(attrs, html.unescape(text).strip()) for _, attrs, text in _CELL.findall(head)]
    styler = any('class="' in attrs for attrs, _ in heads)
    rows = []
    for row in body.split("<tr>")[1:]:
        label, cells = None, []
        for tag, attrs, text in _CELL.findall(row):
            text = html.unescape(text).strip()
            if tag == "th":
                label = text
                continue
            ident = re.search(r'id="([^"]+)"', attrs)
            colour = colours.get(ident.group(1)) if ident else _colour(attrs)
            cells.append((text, colour))
        rows.append((label, cells))
    if styler:  # the index name sits in a row of its own under the column headings
        headers = [text for attrs, text in heads if "col_heading" in attrs]
        name = next((text for attrs, text in heads if "index_name" in attrs), "")
    else:  # the first heading is the index name when the rows are labelled
        labelled = any(label is not None for label, _ in rows)
        name = heads[0][1] if labelled else ""
        headers = [text for _, text in heads[1 if labelled else 0:]]
    return {"index": name, "headers": headers, "rows": rows}


def _same(ours: str, styler) -> None:
    assert _grid(ours) == _grid(styler.to_html())


def test_the_kpi_report_table_shows_the_styler_s_texts_and_colours():
    for agents, start, end in ((["A01", "A02", "A03", "A04"], "2025-06-01", "2025-06-30"),
                               (["A05", "A06"], "2025-06-30", "2025-06-30")):
        report = kpi.kpi_report(agents, start, end)
        _same(report.html(), report.styled())
        assert f"{start} 至 {end}" in report.html()  # the caption


def test_the_chasing_table_shows_the_styler_s_cells():
    ranked = chasing.prioritize("2025-06-30 20:00", weights=dict(RULES.chasing.weights))
    table = chasing.labelled(ranked)
    _same(tables.render(table, chasing_prioritizer.TABLE_FORMATS, index=False),
          table.style.format(chasing_prioritizer.TABLE_FORMATS).hide(axis="index"))


def test_the_rfm_and_level_tables_show_the_styler_s_cells():
    summary = crm.segment_summary(crm.rfm(date(2025, 6, 30)))
    _same(tables.render(summary, rfm_segmenter.SUMMARY_FORMATS),
          summary.style.format(rfm_segmenter.SUMMARY_FORMATS))
    plan = crm.level_plan("2025-06-30")
    _same(tables.render(plan, rfm_segmenter.PLAN_FORMATS),
          plan.style.format(rfm_segmenter.PLAN_FORMATS))


def test_the_scorecard_table_shows_the_styler_s_cells():
    kpis = kpi.agent_kpis("2025-06-01", "2025-06-30").loc[["A01", "A02", "A03", "A04"]]
    result = appraisal.appraise(kpis, appraisal.DEFAULT_SCORECARD, 0.02)
    shown = appraisal.labelled(result[["total", "grade", "coefficient", "sales", "commission"]])
    formats = {appraisal.RESULT_LABELS["total"]: "{:.1f}", appraisal.RESULT_LABELS["sales"]: "{:,.2f}"}
    _same(tables.render(shown, formats), shown.style.format(formats))


def test_the_promotion_lines_show_the_styler_s_cells():
    quote = promotions.quote([("HF002", 2), ("HF026", 1)], {"coupon": {"at": 200, "minus": 10}})
    lines = quote.lines_frame()
    floats = {c: "{:.2f}" for c in lines.columns if lines[c].dtype.kind == "f"}
    _same(tables.render(lines, floats, index=False),
          lines.style.format(precision=2).hide(axis="index"))


@pytest.mark.parametrize(("value", "fmt", "shown"), [
    (float("nan"), "{:.1%}", "—"), (float("nan"), None, "nan"), (0.5, None, "0.500000"),
    (3, None, "3"), ("<b>", None, "&lt;b&gt;")])
def test_a_cell_reads_as_in_a_styler_and_text_is_escaped(value, fmt, shown):
    frame = pd.DataFrame({"x": [value]})
    out = tables.render(frame, {"x": fmt} if fmt else {}, na_rep="—", index=False)
    assert f"<td>{shown}</td>" in out
