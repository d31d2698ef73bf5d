"""One performance fix for nbgrader, installed in the grading processes only.

nbgrader's cell-metadata validator calls ``jsonschema.validate(instance,
schema)`` for every nbgrader cell, and that function re-checks the schema
itself against the JSON-Schema meta-schema on every call: about 90% of
``CheckCellMetadata``'s time, which runs twice per notebook. The replacement
checks each schema once and then validates exactly as before (same validator
class, same "best match" error), so every result and every error is unchanged.
"""

from __future__ import annotations

import jsonschema

_ORIGINAL = jsonschema.validate
_VALIDATORS: dict[int, tuple[object, object]] = {}


def _validate(instance, schema, cls=None, *args, **kwargs):
    if cls is not None or args or kwargs or not isinstance(schema, dict):
        return _ORIGINAL(instance, schema, cls, *args, **kwargs)
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
    jsonschema.validate = _validate
