"""autograder.speedups: faster, and every validation result unchanged."""

from __future__ import annotations

import subprocess
import sys

import jsonschema
import pytest
from nbgrader.nbgraderformat import MetadataValidator, ValidationError

from autograder import speedups
from tests.factories import grade_cell, notebook, solution_cell


def test_without_the_iri_grammars_nbformat_still_validates_notebooks():
    script = (
        "import sys\n"
        "from autograder import speedups\n"
        "speedups.skip_iri_grammars()\n"
        "import nbformat\n"
        "assert 'rfc3987_syntax' not in sys.modules or sys.modules['rfc3987_syntax'] is None\n"
        "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('x = 1')])\n"
        "nbformat.validate(nb)\n"
        "del nb['cells'][0]['source']\n"
        "try:\n"
        "    nbformat.validate(nb)\n"
        "except nbformat.ValidationError:\n"
        "    print('invalid')\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "invalid"


def test_the_cached_schema_check_gives_nbgraders_results(monkeypatch):
    good = notebook(solution_cell("answer_x", "x = 1"), grade_cell("test_x", "assert x", points=1))
    bad = notebook(solution_cell("same", "x = 1"), grade_cell("same", "assert x", points=1))
    monkeypatch.setattr(jsonschema, "validate", jsonschema.validate)  # undone afterwards
    speedups.install()
    speedups.install()  # idempotent: the original is kept, not the replacement
    assert jsonschema.validate is speedups._validate
    assert speedups._ORIGINAL[0] is not speedups._validate
    MetadataValidator().validate_nb(good)
    with pytest.raises(ValidationError):
        MetadataValidator().validate_nb(bad)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"a": 1}, {"type": "object", "properties": {"a": {"type": "string"}}})
