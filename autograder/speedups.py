"""Two performance fixes for libraries the grading processes use.

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
"""

from __future__ import annotations

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
