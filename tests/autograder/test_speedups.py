"""autograder.speedups: faster, and every validation result unchanged."""

from __future__ import annotations

import subprocess
import sys

import jsonschema
import pytest
from nbgrader.nbgraderformat import MetadataValidator, ValidationError

from autograder import speedups
from tests.factories import grade_cell, notebook, solution_cell


def _fresh_process(script: str) -> str:
    """What ``script`` prints in a new Python process (it must exit cleanly): a speed-up
    is checked where nothing was imported before it."""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


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
    assert _fresh_process(script) == "invalid"


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


def test_a_new_gradebook_gets_the_migration_head_nbgraders_own_command_gives(tmp_path):
    """alembic_head_in_process: nbgrader.api is patched when it is imported (not before),
    and a new gradebook records the same head as nbgrader's `alembic heads` command."""
    script = (
        "import os, sqlite3, sys\n"
        "from autograder import speedups\n"
        "speedups.alembic_head_in_process()\n"
        "speedups.alembic_head_in_process()\n"
        "assert 'nbgrader' not in sys.modules\n"
        "import nbgrader.api as api\n"
        "assert api.get_alembic_version is speedups._alembic_head\n"
        "os.environ['PATH'] = os.path.dirname(sys.executable) + os.pathsep + os.environ['PATH']\n"
        "own = speedups._NBGRADER_GET_HEAD[0]()\n"
        f"path = {str(tmp_path / 'gb.db')!r}\n"
        "api.Gradebook('sqlite:///' + path).close()\n"
        "kept = sqlite3.connect(path).execute('select version_num from alembic_version').fetchall()\n"
        "print(own, kept)\n")
    own, kept = _fresh_process(script).split(" ", 1)
    assert len(own) >= 12 and kept == f"[('{own}',)]"
