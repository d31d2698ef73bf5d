"""Set-up for the course notebooks: Chinese plots, pandas display and Chinese hints."""

from __future__ import annotations

import os
import re
from typing import Any

import pandas as pd

from course import plotting

_NAME = re.compile(r"name '([^']+)' is not defined")


def autograding() -> bool:
    """True while nbgrader grades the notebook (it sets ``NBGRADER_EXECUTION``).

    Nobody looks at a widget then, so widgets skip drawing their pictures.
    """
    return os.environ.get("NBGRADER_EXECUTION") == "autograde"


def name_error_message(evalue: object) -> str:
    """The Chinese explanation of a NameError such as "name 'q1' is not defined"."""
    match = _NAME.search(str(evalue))
    name = match.group(1) if match else "?"
    return (f"变量 {name} 还没有定义。请先完成上面对应的答题单元格并运行它"
            f"（或从头依次运行所有单元格），再运行本单元格。")


def _name_error_hint(shell: Any, etype: type, evalue: BaseException, tb: Any,
                     tb_offset: int | None = None) -> None:
    """Explain an undefined answer variable in Chinese; the cell still fails.

    IPython runs this instead of showing the traceback (and ignores what it returns),
    so it shows the traceback itself, with the Chinese message.
    """
    shell.showtraceback((etype, etype(name_error_message(evalue)), tb), tb_offset=tb_offset)


def setup() -> None:
    """Call once at the top of every chapter notebook."""
    plotting.setup()
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 160)
    pd.set_option("display.precision", 2)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython always comes with Jupyter
        return
    shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc((NameError,), _name_error_hint)
