"""Checks of upload payloads against the upload JSON Schemas (`upload/schemas.py`).

Two uses: `record_problem` asks whether one echoed record would pass (the writer refuses
the row with the answer, since downloaded values are the user's data), and
`check_payload` is the last gate before a file is written: a failure there is a bug in
this package, so it raises `UploadSchemaError` loudly instead of reporting a problem.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any, Final

import jsonschema_rs

from gst_ims.domain.documents import Dialect, Section
from gst_ims.upload.schemas import RESET, SAVE, upload_schema

__all__ = [
    "REQUEST_TYPES",
    "RESET",
    "SAVE",
    "UploadSchemaError",
    "check_payload",
    "load_schema",
    "record_problem",
]

REQUEST_TYPES: Final[tuple[str, ...]] = (SAVE, RESET)


class UploadSchemaError(RuntimeError):
    """A payload this package built does not match its own schema: a bug, never the
    user's input (deliberately not a `GstImsError`, so it is not shown as an input
    problem)."""


def load_schema(request_type: str, dialect: Dialect) -> dict[str, Any]:
    """The JSON Schema (as a dict) of a whole SAVE or RESET request of a dialect, generated
    from the key map (RESET is the same in both dialects)."""
    return upload_schema(request_type, dialect)


# jsonschema-rs (draft 2020-12, Decimal taken as a number): the Python `jsonschema` needs
# ~0.2 ms a record, too slow for 10^5 records validated twice.
@cache
def _payload_validator(request_type: str, dialect: Dialect) -> Any:
    return jsonschema_rs.validator_for(load_schema(request_type, dialect))


@cache
def _record_validator(request_type: str, dialect: Dialect, section: Section) -> Any:
    schema = load_schema(request_type, dialect)
    sub = {"$schema": schema["$schema"], "$defs": schema["$defs"],
           "$ref": f"#/$defs/{section.value}Record"}
    return jsonschema_rs.validator_for(sub)


def _first_error(validator: Any, instance: Any) -> tuple[str, str]:
    error = next(iter(validator.iter_errors(instance)))
    where = "/".join(str(part) for part in error.instance_path)
    return where, str(error.message)


def precision_problem(record: dict[str, Any]) -> str:
    """``""`` when every number in the record has at most 2 decimals, else which key.

    JSON Schema's multipleOf does not mix with Decimal, so precision is checked here.
    """
    for key, value in record.items():
        kind = type(value)
        if kind is Decimal:
            exponent = value.as_tuple().exponent
            too_precise = isinstance(exponent, int) and exponent < -2
        elif kind is float:
            too_precise = len(repr(value).partition(".")[2]) > 2 or "e" in repr(value)
        else:
            continue
        if too_precise:
            return f"'{key}' = {value} has more than 2 decimals"
    return ""


def record_problem(record: dict[str, Any], section: Section, request_type: str,
                   dialect: Dialect) -> str:
    """``""`` when the record passes its section's schema and the 2-decimal rule, else
    the first reason in plain words (naming the key)."""
    validator = _record_validator(request_type, dialect, section)
    try:
        valid = validator.is_valid(record)
    except UnicodeEncodeError:  # broken UTF-16 (a lone surrogate) in an echoed value
        return ("the downloaded record holds a character that cannot be written as text "
                "(broken UTF-16); act on this document on the portal")
    if valid:
        return precision_problem(record)
    where, message = _first_error(validator, record)
    return f"{where + ': ' if where else ''}{message}"


def check_payload(payload: dict[str, Any], dialect: Dialect) -> None:
    """Validate a full request envelope; raise `UploadSchemaError` on any failure."""
    request_type = payload.get("reqtyp")
    if request_type not in REQUEST_TYPES:
        raise UploadSchemaError(f"upload payload has reqtyp {request_type!r}")
    validator = _payload_validator(str(request_type), dialect)
    if not validator.is_valid(payload):
        where, message = _first_error(validator, payload)
        raise UploadSchemaError(
            f"{request_type} payload ({dialect.value} dialect) fails its schema at "
            f"'{where}': {message}"
        )
    for section, records in payload["invdata"].items():
        for index, record in enumerate(records):
            problem = precision_problem(record)
            if problem:
                raise UploadSchemaError(f"{section}[{index}]: {problem}")
