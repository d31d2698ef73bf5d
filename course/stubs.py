"""The Chinese stubs that replace solutions in released notebooks (used by nbgrader_config.py)."""

CODE_STUB = "# 在这里写你的答案，然后删除下面这一行\nraise NotImplementedError()"
TEXT_STUB = "请在这里写下你的答案。"
