"""Feedback pages: nbgrader's feedback template, the course's feedback steps, fast rendering.

The steps (``autograder.steps.FEEDBACK``, set as ``GenerateFeedback.preprocessors``
in ``nbgrader_config.py``) hide the hidden tests and the teacher-only rubric
suggestions; this module renders the page and the short page of a submission
that could not be graded.
"""

from __future__ import annotations

import html
import re
from pathlib import Path


def feedback_exporter(config):
    """An HTML exporter set up like ``nbgrader generate_feedback`` (template, preprocessors).

    nbconvert's HTMLExporter re-parses the whole page with BeautifulSoup to add
    image ``alt`` text (and ``tabindex`` to lab-template cells, which the classic
    feedback template does not have); that was most of a page's time. This
    exporter adds the ``alt`` text with a regular expression instead, and renders
    each distinct Markdown cell and highlights each distinct code cell once per
    process (every student's copy of a chapter has the same lesson text).
    """
    import nbgrader
    from traitlets.config import Config

    base = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
    extra = Config()
    extra.HTMLExporter.template_name = "feedback"
    extra.HTMLExporter.extra_template_basedirs = [str(base / "templates")]
    extra.HTMLExporter.extra_template_paths = [
        str(base / "static" / "node_modules" / "bootstrap" / "dist" / "css")]
    merged = Config(config)
    merged.merge(extra)
    exporter = _fast_exporter_class()(config=merged)
    for pre in config.GenerateFeedback.get("preprocessors", []):
        exporter.register_preprocessor(pre)
    return exporter


_IMG_NO_ALT = re.compile(r"<img(?![^>]*\balt=)")


def _memoized(highlight):
    """Highlight each distinct piece of code once (lesson cells repeat in every copy)."""
    cache: dict = {}

    def highlight_code(source, language="python", metadata=None):
        key = (source, language)
        if key not in cache:
            if len(cache) > 8192:
                cache.clear()
            cache[key] = highlight(source, language, metadata)
        return cache[key]

    return highlight_code


def _fast_exporter_class():
    from jinja2 import pass_context
    from nbconvert.exporters import HTMLExporter, TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class _Fast(HTMLExporter):
        _markdown_cache: dict = {}
        _highlighters: dict = {}

        @pass_context
        def markdown2html(self, context, source):
            if context.get("cell", {}).get("attachments"):
                return super().markdown2html(context, source)
            cached = self._markdown_cache.get(source)
            if cached is None:
                if len(self._markdown_cache) > 4096:
                    self._markdown_cache.clear()
                cached = self._markdown_cache[source] = super().markdown2html(context, source)
            return cached

        def _preprocess(self, nb, resources):
            """nbconvert's steps, without its second deep copy of the notebook and the
            resources: from_notebook_node made this page's own copy already, and the
            resources are made for each page. Validated once, after the steps."""
            from nbformat import validator

            if hasattr(validator, "normalize"):
                _, nb = validator.normalize(nb)
            for preprocessor in self._preprocessors:
                nb, resources = preprocessor(nb, resources)
            self._validate_preprocessor(nb, "all")
            return nb, resources

        def from_notebook_node(self, nb, resources=None, **kw):
            info = nb.metadata.get("language_info", {})
            lexer = info.get("pygments_lexer", info.get("name", None))
            if "highlight_code" not in self._highlighters:
                self._highlighters["highlight_code"] = _memoized(self.filters.get(
                    "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            self.register_filter("highlight_code", self._highlighters["highlight_code"])
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            body, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return _IMG_NO_ALT.sub('<img alt="图表（没有文字说明）"', body), resources

    return _Fast


_EXPORTERS: dict = {}


def render_feedback(autograded: Path, resources: dict, config,
                    labels: dict[str, str] | None = None) -> str:
    """The feedback page of one autograded notebook, in Chinese (the exporter is built once
    per config). ``labels`` maps grade ids to 练习 labels for the table of contents."""
    import nbformat

    exporter = _EXPORTERS.get(id(config))
    if exporter is None:
        exporter = _EXPORTERS[id(config)] = feedback_exporter(config)
    # Read without nbformat's validation: the exporter validates once after its steps.
    nb = nbformat.v4.reads(autograded.read_text(encoding="utf-8"))
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return chinese_page(body, labels or {})


#: nbgrader's feedback template speaks English; these are its fixed phrases (nbgrader 0.9.6).
_PHRASES = [
    (re.compile(r"\(Score: -([\d.]+)\)"), r"（扣 \1 分）"),
    (re.compile(r"\(Score: ([\d.]+) / ([\d.]+)\)"), r"（得分：\1 / \2）"),
    (re.compile(r"Score: ([\d.]+) / ([\d.]+)"), r"得分：\1 / \2"),
    (re.compile(r"Late submission penalty"), "迟交扣分"),
    (re.compile(r"\(Top\)"), "（回到顶部）"),
    (re.compile(r">Coding free-response</a>"), ">编程作答</a>"),
    (re.compile(r">Written response</a>"), ">书面作答</a>"),
    (re.compile(r">Task</a>"), ">任务</a>"),
    (re.compile(r">Comment</a>"), ">评语</a>"),
    (re.compile(r"Student's answer"), "你的答案"),
    (re.compile(r"Student's task"), "你的任务"),
    (re.compile(r"Grade cell: "), "测试单元格："),
    (re.compile(r"<b>Comments:</b>"), "<b>评语：</b>"),
    (re.compile(r"<html>"), '<html lang="zh-CN">'),
]
_TEST_LINK = re.compile(r'<a href="#([^"]+)">Test cell</a>')
#: Where any of the phrases may start: one scan of the page finds them all (a page is a
#: quarter of a megabyte, most of it style sheets; fourteen scans were a tenth of its time).
_ANY_PHRASE = re.compile(r"\(Score: |Score: |Late submission penalty|\(Top\)|>Coding free|"
                         r">Written response|>Task</a>|>Comment</a>|Student's |Grade cell: |"
                         r"<b>Comments:</b>|<html>|<a href=\"#[^\"]+\">Test cell</a>")


def chinese_page(body: str, labels: dict[str, str]) -> str:
    """nbgrader's feedback page with its headings in Chinese; tests named 练习 N."""
    def test_link(match: re.Match) -> str:
        return f'<a href="#{match.group(1)}">{html.escape(labels.get(match.group(1), "测试"))}</a>'

    out, done, candidate = [], 0, _ANY_PHRASE.search(body)
    while candidate:
        start, after = candidate.start(), candidate.start() + 1
        for pattern, chinese in [(_TEST_LINK, test_link), *_PHRASES]:
            found = pattern.match(body, start)
            if found:
                out += [body[done:start], found.expand(chinese) if isinstance(chinese, str)
                        else chinese(found)]
                done = after = found.end()
                break
        candidate = _ANY_PHRASE.search(body, after)
    out.append(body[done:])
    return "".join(out)


def broken_feedback(student_id: str, chapter: str, reason: str) -> str:
    """A short Chinese feedback page for a submission that could not be run."""
    return (f"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(chapter)} 反馈</title></head><body>"
            f"<h1>{html.escape(chapter)} 评分反馈</h1>"
            f"<p>学号：{html.escape(student_id)}</p>"
            f"<p><strong>本次提交无法评分，自动评分项记 0 分。</strong></p>"
            f"<p>原因：{html.escape(reason)}</p>"
            f"<p>请检查文件后重新提交，或联系任课教师。</p></body></html>")
