"""Feedback that shows the visible tests and every result, never the hidden tests' code.

Stock nbgrader puts the whole autograded notebook into the feedback HTML,
hidden tests included, and a failing hidden test's traceback quotes the very
line that holds the expected value. This preprocessor removes the hidden
region from every test cell and shortens error outputs of such cells to the
error's own (Chinese) message.
"""

from __future__ import annotations

import re
from pathlib import Path

from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor

NOTE = "# （隐藏测试的代码不在反馈中显示）"


class HideHiddenTests(ClearHiddenTests):
    """Drop hidden-test code and the tracebacks that would quote it."""

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type != "code" or self.begin_test_delimeter not in cell.source:
            return cell, resources
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        cell.source = cell.source.rstrip() + "\n" + NOTE
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                output["traceback"] = [f"{output.get('ename', '错误')}: {output.get('evalue', '')}"]
        return cell, resources


class HideRubricSuggestions(NbGraderPreprocessor):
    """Keep the teacher-only rubric suggestion (the automatic comment of a written
    answer) out of the students' feedback; a teacher's own comment is shown."""

    def preprocess_cell(self, cell, resources, cell_index):
        from autograder.engine.comments import PREFIX

        meta = cell.get("metadata", {}).get("nbgrader", {})
        if str(meta.get("comment") or "").startswith(PREFIX):
            meta["comment"] = None
        return cell, resources


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
