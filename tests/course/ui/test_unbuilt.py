"""While a notebook is graded, a widget is a stand-in until code uses it (course.ui.Unbuilt)."""

from __future__ import annotations

import ipywidgets as w
from IPython.lib.pretty import pretty

from course import ui


def test_while_graded_a_widget_shows_as_text_and_is_not_built(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    made = ui.RefundAssistant()
    assert isinstance(made, ui.Unbuilt)
    assert object.__getattribute__(made, "_kefu_widget") is None
    assert repr(made) == pretty(made) == ui.WIDGET_PLACEHOLDER
    # What IPython asks a displayed object for does not build it either.
    assert getattr(made, "_ipython_canary_method_should_not_exist_", None) is None
    assert getattr(made, "_repr_mimebundle_", None) is None
    assert object.__getattribute__(made, "_kefu_widget") is None


def test_code_that_uses_the_widget_gets_the_real_one_with_its_arguments(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    made = ui.RolePlayChat("ch04.occasion")
    assert isinstance(made.children, tuple) and made.children  # built on first use
    real = made._kefu_built()
    assert type(real).__name__ == "RolePlayChat" and isinstance(real, w.VBox)
    assert made._kefu_built() is real  # built once
    made.layout = w.Layout(width="50%")
    assert real.layout.width == "50%"


def test_outside_grading_the_widget_is_the_real_class(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert isinstance(ui.RefundAssistant(), w.VBox)
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")  # nbgrader validate: a person looks
    assert isinstance(ui.RefundAssistant(), w.VBox)


def test_a_stand_in_imports_nothing_of_its_widget_until_used():
    import os
    import subprocess
    import sys

    script = ("import sys\nfrom course.ui import KpiCalculator\nmade = KpiCalculator()\n"
              "print('course.ui.kpi_calculator' in sys.modules)\nmade.children\n"
              "print('course.ui.kpi_calculator' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={**os.environ, "NBGRADER_EXECUTION": "autograde"}, timeout=120,
                          check=False)
    assert done.stdout.split() == ["False", "True"], done.stderr
