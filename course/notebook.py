"""Set-up for the course notebooks: Chinese plots, pandas display and Chinese hints."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from course import plotting, variants
from course.stubs import BLANK


def name_error_message(evalue: object, namespace: dict | None = None) -> str:
    """The Chinese explanation of a NameError such as "name 'q1' is not defined"."""
    from course.errors import name_error, name_of

    name = name_of(evalue)
    if name is None:  # already explained (the engine shows what the notebook's hook made)
        return str(evalue) or "有一个名字还没有定义。"
    return name_error(name, namespace)


def free_the_blank(shell: Any) -> None:
    """Keep ``___`` (a blank for the learner to fill) undefined in the kernel.

    IPython keeps the third-last output in ``___`` (at first an empty string), so an
    unfilled blank would quietly be an old output instead of an error. Without the
    output cache the name stays undefined and an unfilled blank raises NameError,
    which :func:`name_error_message` explains in Chinese.
    """
    shell.displayhook.cache_size = 0
    shell.user_ns.pop(BLANK, None)


#: The errors the notebook explains in Chinese (course/errors.py).
EXPLAINED = (NameError, AttributeError, TypeError, ValueError, KeyError)


def _explain_hook(shell: Any, etype: type, evalue: BaseException, tb: Any,
                  tb_offset: int | None = None) -> None:
    """Show the traceback with a Chinese explanation first; the cell still fails.

    IPython runs this instead of showing the traceback (and ignores what it returns),
    so it shows the traceback itself. Errors it cannot explain are shown unchanged.
    """
    from course.errors import explained

    shell.showtraceback((etype, explained(evalue, shell.user_ns), tb), tb_offset=tb_offset)


def _explain_syntax(shell: Any) -> None:
    """After IPython shows a SyntaxError, add the Chinese explanation (blanks, 中文标点)."""
    if getattr(shell, "_kefu_explains_syntax", False):
        return
    original = shell.showsyntaxerror

    def showsyntaxerror(*args, **kwargs):
        import sys

        from course.errors import explain

        original(*args, **kwargs)
        error = sys.exc_info()[1] or getattr(sys, "last_value", None)
        note = explain(error) if isinstance(error, SyntaxError) else None
        if note:
            print(note, file=sys.stderr)

    shell.showsyntaxerror = showsyntaxerror
    shell._kefu_explains_syntax = True


def identity_note(variant: variants.Variant) -> str:
    """What the set-up cell says about whose data the notebook uses (Chinese Markdown)."""
    if not variant.public:
        return (f"本笔记本使用学号 **{variant.student}** 的专属数据和题目（数据版本 "
                f"`{variant.fingerprint}`）：题目里的数字、选项的顺序和店铺数据都是你自己的，"
                "和同学的不一样，照抄同学的答案拿不到分。")
    note = variant.source or "没有设置学号，使用公共数据。"
    if variants.class_edition() and variant.student is None:
        note += ("这是班级版课程：请在下面的框里输入你的学号并保存，然后点菜单「内核 → 重启内核并运行"
                 "所有单元格」。用公共数据做的作业，按你的学号评分时数据对不上。")
    else:
        note += "数据和题目与教材相同。"
    return note


def _identity_box(workspace: Path) -> Any:
    """A text box and a button that remember the learner's 学号 in the workspace."""
    import ipywidgets as widgets

    box = widgets.Text(description="学号", placeholder="例如 2024001")
    button = widgets.Button(description="保存学号", button_style="primary")
    result = widgets.HTML()

    def save(_):
        try:
            path = variants.save_student(box.value, workspace)
        except variants.IdentityError as exc:
            result.value = f"<span style='color:#b00'>{html.escape(str(exc))}</span>"
            return
        result.value = (f"已保存到 {html.escape(str(path))}。请点菜单「内核 → 重启内核并运行所有单元格」，"
                        "之后本课程的所有章节都会使用你的数据。")

    button.on_click(save)
    return widgets.VBox([widgets.HBox([box, button]), result])


def _workspace() -> Path:
    from course.places import workspace

    return workspace()


def announce_identity() -> None:
    """Say once whose variant this notebook uses, and record it in the notebook.

    The output carries ``kefu_identity`` metadata (student, variant fingerprint): the
    grader reads it from the handed-in notebook to tell the teacher when a notebook
    was last run under another 学号 or another class key.
    """
    try:
        from IPython.display import Markdown, display
    except ImportError:  # pragma: no cover - IPython always comes with Jupyter
        return
    variant = variants.current()
    display(Markdown(identity_note(variant)),
            metadata={"kefu_identity": {"student": variant.student,
                                        "variant": variant.fingerprint}})
    if variants.class_edition() and variant.student is None and not plotting.grading():
        display(_identity_box(_workspace()))


def setup(chapter: str | None = None) -> None:
    """Call once at the top of every chapter notebook (``setup("ch07")``: the chapter's
    exercise handles ``练习1``, ``练习2``… get check(), hint() and solution())."""
    plotting.setup()
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 160)
    pd.set_option("display.precision", 2)
    np.set_printoptions(legacy="1.25")  # print 12.5, not np.float64(12.5), inside tuples and lists
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython always comes with Jupyter
        return
    shell = get_ipython()
    if shell is not None:
        from course.checkpanel import remember_runs

        free_the_blank(shell)
        if plotting.grading():
            plotting.figures_as_text(shell)
        remember_runs(shell)  # the chapter's 检查本章 button checks the answers as run
        shell.set_custom_exc(EXPLAINED, _explain_hook)
        _explain_syntax(shell)
        if chapter:
            from course import coach

            coach.install(shell.user_ns, chapter)
        announce_identity()

