"""Feedback shows the visible tests and every result, never the hidden tests' code.

Stock nbgrader puts the whole autograded notebook into the feedback HTML,
hidden tests included, and a failing hidden test's traceback quotes the very
line that holds the expected value. This step removes the hidden region from
every test cell and shortens error outputs of such cells to the error's own
(Chinese) message.
"""

from __future__ import annotations

from nbgrader.preprocessors import ClearHiddenTests

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
