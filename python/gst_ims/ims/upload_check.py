"""Checks of upload payloads against the JSON Schemas in `ims/schemas/`.

Two uses: `record_problem` asks whether one echoed record would pass (the writer refuses
the row with the answer, since downloaded values are the user's data), and
`check_payload` is the last gate before a file is written: a failure there is a bug in
this package, so it raises `UploadSchemaError` loudly instead of reporting a problem.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any, Final

from jsonschema import Draft202012Validator

from gst_ims.domain.documents import Dialect, Section

SAVE: Final = "SAVE"
RESET: Final = "RESET"
REQUEST_TYPES: Final[tuple[str, ...]] = (SAVE, RESET)

# One schema per request type and dialect; RESET records are the same in both dialects.
_SCHEMA_FILES: Final[dict[tuple[str, Dialect], str]] = {
    (SAVE, Dialect.API): "upload_save_api.schema.json",
    (SAVE, Dialect.PORTAL): "upload_save_portal.schema.json",
    (RESET, Dialect.API): "upload_reset.schema.json",
    (RESET, Dialect.PORTAL): "upload_reset.schema.json",
}


class UploadSchemaError(RuntimeError):
    """A payload this package built does not match its own schema: a bug, never the
    user's input (deliberately not a `GstImsError`, so it is not shown as an input
    problem)."""


@cache
def load_schema(request_type: str, dialect: Dialect) -> dict[str, Any]:
    """The JSON Schema (as a dict) of a whole SAVE or RESET request of a dialect."""
    name = _SCHEMA_FILES[(request_type, dialect)]
    text = resources.files("gst_ims.ims").joinpath("schemas", name).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _payload_validator(request_type: str, dialect: Dialect) -> Draft202012Validator:
    return Draft202012Validator(load_schema(request_type, dialect))


@cache
def _record_validator(request_type: str, dialect: Dialect, section: Section) -> (
    Draft202012Validator
):
    schema = load_schema(request_type, dialect)
    sub = {"$defs": schema["$defs"], "$ref": f"#/$defs/{section.value}Record"}
    return Draft202012Validator(sub)


def _too_precise(value: Any) -> bool:
    # JSON Schema's multipleOf does not mix with Decimal, so precision is checked here.
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        return isinstance(exponent, int) and exponent < -2
    if isinstance(value, float):
        return Decimal(repr(value)).as_tuple().exponent < -2  # type: ignore[operator]
    return False


def precision_problem(record: dict[str, Any]) -> str:
    """``""`` when every number in the record has at most 2 decimals, else which key."""
    for key, value in record.items():
        if _too_precise(value):
            return f"'{key}' = {value} has more than 2 decimals"
    return ""


def record_problem(record: dict[str, Any], section: Section, request_type: str,
                   dialect: Dialect) -> str:
    """``""`` when the record passes its section's schema and the 2-decimal rule, else
    the first reason in plain words (naming the key)."""
    validator = _record_validator(request_type, dialect, section)
    if validator.is_valid(record):
        return precision_problem(record)
    error = next(iter(validator.iter_errors(record)))
    where = "/".join(str(part) for part in error.absolute_path)
    return f"{where + ': ' if where else ''}{error.message}"


def check_payload(payload: dict[str, Any], dialect: Dialect) -> None:
    """Validate a full request envelope; raise `UploadSchemaError` on any failure."""
    request_type = payload.get("reqtyp")
    if request_type not in REQUEST_TYPES:
        raise UploadSchemaError(f"upload payload has reqtyp {request_type!r}")
    validator = _payload_validator(str(request_type), dialect)
    if not validator.is_valid(payload):
        error = next(iter(validator.iter_errors(payload)))
        where = "/".join(str(part) for part in error.absolute_path)
        raise UploadSchemaError(
            f"{request_type} payload ({dialect.value} dialect) fails its schema at "
            f"'{where}': {error.message}"
        )
    for section, records in payload["invdata"].items():
        for index, record in enumerate(records):
            problem = precision_problem(record)
            if problem:
                raise UploadSchemaError(f"{section}[{index}]: {problem}")
