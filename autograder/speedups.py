"""Three performance fixes for libraries the grading processes use.

1. nbgrader's cell-metadata validator calls ``jsonschema.validate(instance,
   schema)`` for every nbgrader cell, and that function re-checks the schema
   itself against the JSON-Schema meta-schema on every call: about 90% of
   ``CheckCellMetadata``'s time, which runs twice per notebook. The replacement
   checks each schema once and then validates exactly as before (same validator
   class, same "best match" error), so every result and every error is unchanged
   (:func:`install`, in the grading processes only).
2. Importing ``jsonschema`` (which ``nbformat`` does) imports ``rfc3987_syntax``
   when it is installed (``jupyter-events`` asks for jsonschema's format extras),
   and that compiles some forty Lark grammars: 0.5–0.9 s of every command that
   reads a notebook, for checking the ``iri`` string format, which no notebook or
   gradebook schema uses. :func:`skip_iri_grammars` makes that optional import fail
   as if the package were missing (``sys.modules`` entry ``None``), so jsonschema
   only leaves out the ``iri`` format checkers.
3. Every new nbgrader gradebook asks for the head revision of nbgrader's database
   migrations by starting the ``alembic heads`` command: a new Python process, about
   2.4 s, for a name that only changes with nbgrader's version (a new course, the
   throw-away gradebook of a first ``kefu check``, and most of the test suite's
   gradebooks). :func:`alembic_head_in_process` has nbgrader ask alembic's own
   ``ScriptDirectory`` in this process instead (about 0.07 s, once): the same scripts,
   the same answer; with more than one head it leaves nbgrader's command to decide.
"""

from __future__ import annotations

import functools
import importlib.abc
import importlib.machinery
import sys

_VALIDATORS: dict[int, tuple[object, object]] = {}
_ORIGINAL: list = []


def skip_iri_grammars() -> None:
    """Before jsonschema is first imported: do not load ``rfc3987_syntax`` (see above)."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def _validate(instance, schema, cls=None, *args, **kwargs):
    import jsonschema

    if cls is not None or args or kwargs or not isinstance(schema, dict):
        return _ORIGINAL[0](instance, schema, cls, *args, **kwargs)
    cached = _VALIDATORS.get(id(schema))
    if cached is None or cached[0] is not schema:
        validator_class = jsonschema.validators.validator_for(schema)
        validator_class.check_schema(schema)
        cached = _VALIDATORS[id(schema)] = (schema, validator_class(schema))
    error = jsonschema.exceptions.best_match(cached[1].iter_errors(instance))
    if error is not None:
        raise error


def install() -> None:
    """Idempotent; affects only the process that calls it."""
    import jsonschema

    if jsonschema.validate is not _validate:
        _ORIGINAL[:] = [jsonschema.validate]
        jsonschema.validate = _validate


# ------------------------------------------------------------------ 3. alembic heads
_NBGRADER_GET_HEAD: list = []


@functools.cache
def _alembic_head() -> str:
    """nbgrader's ``get_alembic_version``, answered by alembic in this process."""
    from pathlib import Path

    import nbgrader
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(nbgrader.__file__).parent / "alembic"))
    heads = ScriptDirectory.from_config(config).get_heads()
    if len(heads) == 1:
        return heads[0]
    return _NBGRADER_GET_HEAD[0]()  # nbgrader's own choice among several heads


def _patch(api) -> None:
    if api.get_alembic_version is not _alembic_head:
        _NBGRADER_GET_HEAD[:] = [api.get_alembic_version]
        api.get_alembic_version = _alembic_head


class _PatchedLoader(importlib.abc.Loader):
    def __init__(self, loader) -> None:
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module) -> None:
        self.loader.exec_module(module)
        _patch(module)


class _WhenImported(importlib.abc.MetaPathFinder):
    """Patches ``nbgrader.api`` as it is imported (nothing of nbgrader is imported before)."""

    def find_spec(self, name, path, target=None):
        if name != "nbgrader.api":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _PatchedLoader(spec.loader)
        return spec


def alembic_head_in_process() -> None:
    """New gradebooks learn the migrations' head from alembic in this process (see above).
    Idempotent; affects only the process that calls it."""
    if "nbgrader.api" in sys.modules:
        _patch(sys.modules["nbgrader.api"])
    elif not any(isinstance(finder, _WhenImported) for finder in sys.meta_path):
        sys.meta_path.insert(0, _WhenImported())
