"""SanitizeStudentHtml: nothing a student wrote can run, fetch or forge in an HTML page."""

from __future__ import annotations

import base64

import pytest
from nbconvert.exporters import HTMLExporter
from nbformat import v4

from autograder.steps.sanitize_html import SanitizeStudentHtml, clean_html

#: What must never appear in a page made from a hostile notebook (none of these is in the
#: page template itself; escaped text such as "&lt;script&gt;" is harmless and allowed).
DANGEROUS = ("<script>kefu_pwned", "onerror", "onload", "onmouseover", "onfocus", "javascript:",
             "127.0.0.1", "<iframe", "<form", "<svg")


def _page(*cells, metadata=None, resources=None) -> str:
    nb = v4.new_notebook(cells=list(cells))
    nb.metadata.update(metadata or {})
    exporter = HTMLExporter()
    exporter.register_preprocessor(SanitizeStudentHtml(), enabled=True)
    body, _ = exporter.from_notebook_node(nb, resources=resources or {})
    return body


def _output(**data):
    return v4.new_code_cell("x", outputs=[v4.new_output("display_data", data=data)])


def _found(page: str) -> list[str]:
    return [bad for bad in DANGEROUS if bad in page]


@pytest.mark.parametrize("html", [
    "<script>kefu_pwned(1)</script>",
    "<img src=x onerror=kefu_pwned(1)>",
    "<b onmouseover='kefu_pwned(1)'>hi</b>",
    "<svg onload=kefu_pwned(1)></svg>",
    "<img src='http://127.0.0.1:9/leak'>",
    "<a href='javascript:kefu_pwned(1)'>点我</a>",
    "<iframe src='http://127.0.0.1:9/frame'></iframe>",
    "<p style='background:url(http://127.0.0.1:9/css)'>x</p>",
    "<form action='http://127.0.0.1:9/f'><input autofocus onfocus=kefu_pwned(1)></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=kefu_pwned(1)>",
])
def test_html_outputs_lose_everything_that_runs_or_fetches(html):
    assert _found(_page(_output(**{"text/html": html, "text/plain": "x"}))) == []


def test_safe_html_and_pandas_tables_keep_their_content():
    table = ('<table border="1" class="dataframe"><thead><tr><th>客服</th></tr></thead>'
             '<tbody><tr><td style="text-align: right;">小C</td></tr></tbody></table>')
    cleaned = clean_html(table + "<b>加粗</b><a href='https://example.com'>链接</a>")
    assert "小C" in cleaned and "<b>加粗</b>" in cleaned and "class=\"dataframe\"" in cleaned
    assert 'href="https://example.com"' in cleaned and "text-align" in cleaned


def test_svg_is_shown_as_an_image_so_its_scripts_never_run():
    svg = ("<svg xmlns='http://www.w3.org/2000/svg' onload='kefu_pwned(1)'>"
           "<script>kefu_pwned(2)</script><circle r='5'/></svg>")
    page = _page(_output(**{"image/svg+xml": svg}))
    assert _found(page) == [] and "data:image/svg+xml;base64," in page


def test_javascript_widget_and_markdown_outputs_are_dropped_or_cleaned():
    page = _page(_output(**{"application/javascript": "kefu_pwned(1)",
                            "application/vnd.jupyter.widget-view+json": {"model_id": "x"},
                            "text/markdown": "<script>kefu_pwned(1)</script>\n\n**粗体**"}),
                 metadata={"widgets": {"application/vnd.jupyter.widget-state+json": {}}})
    assert _found(page) == [] and "<strong>粗体</strong>" in page
    assert "widget-state" not in page


def test_image_data_that_is_not_base64_cannot_break_out_of_its_attribute():
    png = base64.b64encode(b"\x89PNG fake").decode()
    page = _page(_output(**{"image/png": 'AAAA" onerror="kefu_pwned(1)'}),
                 _output(**{"image/png": png}))
    assert _found(page) == [] and png in page


def test_markdown_answers_lose_raw_html_remote_images_and_script_links():
    cell = v4.new_markdown_cell("## 我的回答\n\n<script>kefu_pwned(1)</script><img src=x onerror=kefu_pwned(1)>"
                                "\n\n![跟踪](http://127.0.0.1:9/leak) [点我](javascript:kefu_pwned(1)) "
                                "[课本](https://example.com) 还有 **加粗** 和 $x^2$")
    page = _page(cell)
    assert _found(page) == []
    assert "<strong>加粗</strong>" in page and "https://example.com" in page and "$x^2$" in page


def test_pasted_images_in_a_written_answer_stay_visible():
    png = base64.b64encode(b"\x89PNG fake").decode()
    cell = v4.new_markdown_cell("截图：![图](attachment:shot.png)")
    cell.attachments = {"shot.png": {"image/png": png}}
    page = _page(cell)
    assert f"data:image/png;base64,{png}" in page


def test_markdown_cannot_make_the_page_load_a_diagram_script():
    page = _page(v4.new_markdown_cell("```mermaid\ngraph TD; A-->B\n```"))
    assert 'class="mermaid"' not in page and 'class="jp-Mermaid"' not in page


def test_raw_cells_are_shown_as_text():
    cell = v4.new_raw_cell("<script>kefu_pwned(1)</script>", metadata={"format": "text/html"})
    assert _found(_page(cell)) == []


def test_names_a_page_header_prints_are_escaped():
    resources = {"first_name": "<img src=x onerror=kefu_pwned(1)>", "last_name": "张",
                 "student": "2024001"}
    SanitizeStudentHtml().preprocess(v4.new_notebook(), resources)
    assert resources["first_name"] == "&lt;img src=x onerror=kefu_pwned(1)&gt;"
    assert resources["last_name"] == "张"


def test_the_course_config_runs_it_in_every_html_export(course):
    assert list(course.config.HTMLExporter.preprocessors) == [
        "autograder.steps.sanitize_html.SanitizeStudentHtml"]
