"""The Chinese stubs that replace solutions in released notebooks (used by nbgrader_config.py),
and the marks of a scaffold. Kept free of imports: ``kefu check`` reads them before pandas loads."""

CODE_STUB = "# 在这里写你的答案，然后删除下面这一行\nraise NotImplementedError()"
TEXT_STUB = "请在这里写下你的答案。"

#: How a blank to fill in is written in the on-ramp and in scaffolded answers.
BLANK = "___"
#: The line above every scaffold in a released notebook.
SCAFFOLD_HEAD = "# 骨架：把每个 ___ 换成你的代码，运行本单元格（想从零开始写，可以把骨架整段删掉）"
