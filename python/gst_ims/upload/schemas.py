"""The upload JSON Schemas, generated from the key map (`ims/key_map.py`).

One schema per request type and dialect: SAVE in the API dialect (records carry
`prev_status`; ITC-reduction keys in camelCase), SAVE in the portal's offline dialect (no
`prev_status`; the ITC-reduction keys in snake_case or camelCase, never both in one
record, because the portal's spelling is unconfirmed and Settings can switch it), and
RESET (both dialects: records carry `prev_status` and no action). A record's properties
are the key map's echoed keys of its section, then the decision keys; nothing else is
allowed. Value types are `TYPES` (formats.md: Record fields, Upload records).
"""

from __future__ import annotations

from functools import cache
from typing import Any, Final

from gst_ims.domain.documents import Dialect, Section
from gst_ims.ims import key_map

SAVE: Final = "SAVE"
RESET: Final = "RESET"
_DRAFT: Final = "https://json-schema.org/draft/2020-12/schema"
_GSTIN: Final = ("^[0-9]{2}[a-zA-Z]{5}[0-9]{4}[a-zA-Z][1-9A-Za-z][Zz1-9A-Ja-j]"
                 "[0-9a-zA-Z]$")
_SPECIAL_GSTIN: Final = (
    "^([0-9]{2}[A-Z]{4}[0-9]{5}[A-Z][0-9]Z[0-9A-Z]|[0-9]{2}[A-Z]{4}[A-Z0-9][0-9]{4}[A-Z]"
    "[1-9A-Z]D[0-9A-Z]|[0-9]{4}[A-Z]{3}[0-9]{5}([UO]N|NR)[0-9A-Z]|99[0-9]{2}[A-Z]{3}[0-9]{5}"
    "OS[0-9A-Z])$")

# The value types a record's keys are checked against (`RecordField.schema_type`).
TYPES: Final[dict[str, dict[str, Any]]] = {
    "gstin": {"type": "string", "pattern": _GSTIN},
    "supplierGstin": {
        "description": "A supplier GSTIN as downloaded: the regular shape, or one of the "
        "special registrations (TAN-based government department or tax deductor, UN body "
        "/ embassy, non-resident taxable person, OIDAR) that carry the same check "
        "character.",
        "anyOf": [{"$ref": "#/$defs/gstin"}, {"type": "string", "pattern": _SPECIAL_GSTIN}],
    },
    "docNumber": {
        "description": "Always a JSON string, never a number (a 16-digit number written as "
        "a JSON number loses digits).",
        "type": "string", "minLength": 1, "maxLength": 16,
    },
    "date": {"type": "string",
             "pattern": "^(0[1-9]|[12][0-9]|3[01])-(0[1-9]|1[0-2])-(19|20)[0-9]{2}$"},
    "invType": {"enum": ["R", "DE", "SEWP", "SEWOP", "CBW"]},
    "pos": {"type": "string", "pattern": "^(0[1-9]|[12][0-9]|3[0-8]|9[67])$"},
    "docValue": {"type": "number", "minimum": 0, "maximum": 9999999999999.99},
    "amount": {"type": "number", "minimum": 0, "maximum": 99999999999.99},
    "srcForm": {
        "description": "Echoed as downloaded: R1, R1A, IFF (API) or R5 (offline utility); "
        "other spellings reported, so only the shape is checked.",
        "type": "string", "pattern": "^[A-Z0-9]{1,6}$",
    },
    "returnPeriod": {
        "description": "MMYYYY; the offline utility reportedly writes a 2-digit month "
        "(unverified).",
        "type": "string", "pattern": "^(0[1-9]|1[0-2])((19|20)[0-9]{2})?$",
    },
    "action": {"enum": ["A", "R", "P"]},
    "prevStatus": {"enum": ["A", "R", "P", "N"]},
    "remarks": {"type": "string", "minLength": 1, "maxLength": 250},
    "yn": {"enum": ["Y", "N"]},
}

_TITLES: Final[dict[tuple[str, Dialect | None], str]] = {
    (SAVE, Dialect.API): "IMS SAVE request, GSP/API dialect",
    (SAVE, Dialect.PORTAL): "IMS SAVE request, portal offline dialect (no prev_status; the "
    "ITC-reduction keys in snake_case or camelCase, never mixed in one record)",
    (RESET, None): "IMS RESET request, both dialects (records carry prev_status, no action)",
}
_FILE_NAMES: Final[dict[tuple[str, Dialect | None], str]] = {
    (SAVE, Dialect.API): "upload_save_api.schema.json",
    (SAVE, Dialect.PORTAL): "upload_save_portal.schema.json",
    (RESET, None): "upload_reset.schema.json",
}


def _ref(schema_type: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{schema_type}"}


def _field(column: str) -> key_map.RecordField:
    return next(f for f in key_map.RECORD_FIELDS if f.column == column)


def _itc_fields() -> list[key_map.RecordField]:
    return [_field(column) for column in key_map.ITC_COLUMNS]


def _itc_spellings(dialect: Dialect) -> list[list[tuple[str, str]]]:
    """Per accepted spelling of the ITC-reduction keys: [(key, schema type)], flag first.
    The portal dialect takes its own and the API's (Settings > Upload key style)."""
    dialects = [Dialect.API] if dialect is Dialect.API else [Dialect.PORTAL, Dialect.API]
    return [[(str(f.upload_key(each)), str(f.schema_type)) for f in _itc_fields()]
            for each in dialects]


def _record(section: Section, request: str, dialect: Dialect) -> dict[str, Any]:
    echoed = [(key, str(f.schema_type)) for f, key in key_map.echo_fields(section)]
    properties = {key: _ref(kind) for key, kind in echoed}
    required = [key for key, _ in echoed]
    if request == RESET:
        properties["prev_status"] = _ref("prevStatus")
        required.append("prev_status")
        return {"type": "object", "additionalProperties": False, "required": required,
                "properties": properties}
    properties["action"] = _ref("action")
    required.append("action")
    if dialect is Dialect.API:
        properties["prev_status"] = _ref("prevStatus")
        required.append("prev_status")
    properties["remarks"] = _ref("remarks")
    record: dict[str, Any] = {"type": "object", "additionalProperties": False,
                              "required": required, "properties": properties}
    if not _field(key_map.ITC_COLUMNS[0]).sections(section):
        return record
    spellings = _itc_spellings(dialect)
    dependent: dict[str, Any] = {}
    for spelling in spellings:
        (flag, flag_type), *amounts = spelling
        properties[flag] = _ref(flag_type)
        for key, kind in amounts:
            properties[key] = _ref(kind)
        for key, _ in amounts:
            dependent[key] = {"required": [flag], "properties": {flag: {"const": "Y"}}}
    record["dependentSchemas"] = dependent
    if len(spellings) > 1:
        record["not"] = {"allOf": [{"anyOf": [{"required": [key]} for key, _ in spelling]}
                                   for spelling in spellings]}
    return record


@cache
def upload_schema(request: str, dialect: Dialect) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an upload file: `request` SAVE or RESET, in
    `dialect` (RESET is the same in both)."""
    which = (request, None if request == RESET else dialect)
    defs = dict(TYPES)
    for section in Section:
        defs[f"{section.value}Record"] = _record(section, request, dialect)
    return {
        "$schema": _DRAFT,
        "$id": f"https://gst-ims.invalid/schemas/{_FILE_NAMES[which]}",
        "title": _TITLES[which],
        "type": "object",
        "additionalProperties": False,
        "required": ["rtin", "reqtyp", "invdata"],
        "properties": {
            "rtin": _ref("gstin"),
            "reqtyp": {"const": request},
            "invdata": {
                "type": "object", "additionalProperties": False, "minProperties": 1,
                "properties": {section.value: {"type": "array", "minItems": 1,
                                               "items": _ref(f"{section.value}Record")}
                               for section in Section},
            },
        },
        "$defs": defs,
    }


def schema_file_names() -> dict[tuple[str, Dialect | None], str]:
    """(request, dialect or None for both) -> the file name `gst-ims` would give the
    schema (for writing them out beside the docs)."""
    return dict(_FILE_NAMES)
