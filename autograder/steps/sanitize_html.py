"""Everything a student wrote becomes safe to show in the teacher's and the student's browser.

A submission reaches HTML pages in three ways: nbgrader's Formgrader (which builds
its exporter from the course's ``nbgrader_config.py``), the feedback pages and
any other nbconvert HTML export of the course. Student-controlled content in a
notebook includes outputs (``text/html``, SVG, JavaScript, Markdown, widget
views, image data and their metadata), Markdown and raw cells (nbconvert passes
their raw HTML through), notebook metadata (widget state) and the names the
page header shows. This step keeps only what the allow-list sanitizer nh3 (the
Python binding of the maintained Ammonia library) allows: no script, no event
handler, and no URL that makes the page fetch anything by itself (images must
be ``data:`` images; links may point to http(s) or mail addresses).
"""

from __future__ import annotations

import base64
import binascii
import html
import re
from functools import lru_cache

import nh3
from nbconvert.preprocessors import Preprocessor

#: Output types shown as they are (the page escapes or encodes them itself).
_PLAIN = {"text/plain"}
#: Base64 image types shown as ``data:`` images once checked to be base64.
_IMAGES = {"image/png", "image/jpeg", "image/gif"}
_BASE64 = re.compile(r"^[A-Za-z0-9+/=\s]*$")
_ATTACHMENT = re.compile(r"^attachment:(.+)$")
#: Extra attributes beyond nh3's defaults (tables from pandas, images with sizes).
_ATTRIBUTES = {"*": {"title", "align", "colspan", "rowspan", "style"},
               "img": {"src", "alt", "width", "height"}, "a": {"href"}}


def _classes() -> dict[str, set[str]]:
    """Classes kept: pandas tables and code highlighting (never e.g. "mermaid", which makes
    the page load a script)."""
    from pygments.token import STANDARD_TYPES

    tokens = {name for name in STANDARD_TYPES.values() if name}
    return {"table": {"dataframe"}, "div": {"highlight"}, "span": tokens}


_CLASSES = _classes()
_STYLES = {"text-align", "font-weight", "font-style", "color", "background-color",
           "white-space", "vertical-align"}
#: Names the Formgrader and feedback templates print without escaping.
NAME_KEYS = ("student", "first_name", "last_name")


def _url_filter(attachments: dict | None):
    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            match = _ATTACHMENT.match(value)
            if match:
                return _attachment(attachments or {}, match.group(1))
            return value if value.startswith("data:image/") and "," in value else None
        if attribute == "href":
            return value if value.startswith(("http://", "https://", "mailto:", "#")) else None
        return value

    return attribute_filter


def _attachment(attachments: dict, name: str) -> str | None:
    """A cell attachment as a ``data:`` image, if it is one."""
    bundle = attachments.get(name)
    if not isinstance(bundle, dict):
        return None
    for mime in _IMAGES:
        data = bundle.get(mime)
        if isinstance(data, str) and _is_base64(data):
            return f"data:{mime};base64,{''.join(data.split())}"
    return None


def _is_base64(data: str) -> bool:
    if not _BASE64.match(data):
        return False
    try:
        base64.b64decode("".join(data.split()), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def clean_html(text: str, attachments: dict | None = None) -> str:
    """Student HTML with everything that could run, fetch or restyle the page removed."""
    return nh3.clean(str(text), attributes=_ATTRIBUTES, attribute_filter=_url_filter(attachments),
                     url_schemes={"http", "https", "mailto", "data", "attachment"},
                     allowed_classes=_CLASSES, filter_style_properties=_STYLES,
                     link_rel="noopener noreferrer nofollow")


def _render_markdown(source: str, attachments: dict | None = None) -> str:
    """Markdown to HTML as nbconvert renders it (attachments become ``data:`` images)."""
    from nbconvert.filters.markdown_mistune import (
        InvalidNotebook,
        IPythonRenderer,
        MarkdownWithMath,
    )

    renderer = IPythonRenderer(escape=False, exclude_anchor_links=True,
                               attachments=dict(attachments or {}))
    try:
        return MarkdownWithMath(renderer=renderer).render(source)
    except InvalidNotebook:  # e.g. an image of a missing attachment: show the text
        return f"<p>{html.escape(source)}</p>"


def _markdown_html(source: str, attachments: dict | None) -> str:
    """A Markdown cell rendered to HTML as nbconvert would, then cleaned."""
    if attachments:
        return clean_html(_render_markdown(source, attachments), attachments)
    return _markdown_html_cached(source)


@lru_cache(maxsize=4096)
def _markdown_html_cached(source: str) -> str:
    """Lesson cells repeat in every copy of a chapter: render each one once per process."""
    return clean_html(_render_markdown(source))


def _svg_image(svg: str) -> str:
    """An SVG shown through ``<img>``: browsers never run scripts of an image."""
    encoded = base64.b64encode(str(svg).encode("utf-8")).decode("ascii")
    return f'<img src="data:image/svg+xml;base64,{encoded}" alt="SVG 图片">'


def _data(bundle: dict) -> dict:
    """A safe version of one output's mime bundle."""
    safe: dict = {}
    for mime, value in bundle.items():
        text = "".join(value) if isinstance(value, list) else value
        if not isinstance(text, str):
            continue
        if mime in _PLAIN:
            safe[mime] = text
        elif mime in _IMAGES:
            if _is_base64(text):
                safe[mime] = text
        elif mime == "text/html":
            safe["text/html"] = clean_html(text)
        elif mime == "text/markdown":
            safe["text/html"] = _markdown_html(text, None)
        elif mime == "image/svg+xml":
            safe.setdefault("text/html", _svg_image(text))
    if not safe:
        safe["text/plain"] = "（这个输出的类型不能在网页中显示）"
    return safe


class SanitizeStudentHtml(Preprocessor):
    """Make every student-controlled part of a notebook safe to render as HTML."""

    def preprocess(self, nb, resources):
        for key in ("widgets",):
            nb.metadata.pop(key, None)
        for key in NAME_KEYS:
            if isinstance(resources.get(key), str):
                resources[key] = html.escape(resources[key])
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown":
            cell.source = _markdown_html(cell.source, cell.get("attachments"))
            cell.pop("attachments", None)
        elif cell.cell_type == "raw":
            cell.source = html.escape(cell.source)
            cell.metadata.pop("format", None)
            cell.metadata.pop("raw_mimetype", None)
        elif cell.cell_type == "code":
            for output in cell.get("outputs", []):
                if "data" in output:
                    output["data"] = _data(output["data"])
                    output["metadata"] = {}
        return cell, resources
