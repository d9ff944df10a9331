"""Find the section arrays inside whatever envelope an IMS JSON file came in.

Envelopes met (docs/formats.md: Two dialects, Envelopes):

* API: ``{"b2b": [...], ...}``;
* GSP-wrapped API: ``{"data": {"data": {"b2b": [...]}, "status_cd": "1"}}`` or
  ``{"data": {"b2b": [...]}}``;
* portal offline download: ``{"imsDetails": {"b2b": [...], ...}}``;
* an upload (SAVE/RESET) file: ``{"rtin": ..., "reqtyp": "SAVE", "invdata": {...}}``,
  read so that a written upload can be checked against the download it came from.

A recipient GSTIN is taken from a ``gstin`` or ``rtin`` key at any envelope level.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gst_ims.domain.documents import Dialect
from gst_ims.domain.safe_text import shown
from gst_ims.ims.fields import NOT_ACTIONABLE_SECTIONS, PORTAL_ONLY_KEYS, SECTION_ALIASES

_MAX_DEPTH = 4
_EXPECTED = (
    "'imsDetails' (portal download), section keys such as 'b2b' (API download), "
    "'data' wrapping them (GSP), or 'invdata' (upload file)"
)


class EnvelopeError(ValueError):
    """The file is JSON but not an IMS download; the message says why in plain words."""


@dataclass(frozen=True)
class Envelope:
    """The sections object of a file and what the envelope said about it."""

    sections: Mapping[str, Any]
    dialect: Dialect
    recipient_gstin: str
    # "SAVE"/"RESET" for an upload file, "" for a download.
    upload_type: str = ""


def _is_section_key(key: str) -> bool:
    lowered = key.lower()
    return lowered in SECTION_ALIASES or lowered in NOT_ACTIONABLE_SECTIONS


def _upload_dialect(sections: Mapping[str, Any]) -> Dialect:
    """An upload file has the same envelope in both dialects; its records' key spellings
    tell them apart (portal-only keys such as ``itc_red_req``)."""
    for records in sections.values():
        if isinstance(records, list):
            for record in records[:50]:
                if isinstance(record, dict) and PORTAL_ONLY_KEYS.intersection(record):
                    return Dialect.PORTAL
    return Dialect.API


def _gsp_failure(level: Mapping[str, Any]) -> str:
    """The words of a GSP answer whose ``status_cd`` is not 1 (the request failed): its
    own message and code, from ``error: {message, error_cd}`` or flat keys."""
    error = level.get("error")
    found: dict[str, Any] = dict(error) if isinstance(error, dict) else {}
    if isinstance(error, str):
        found["message"] = error
    for key in ("message", "error_msg", "err_msg", "error_cd", "err_cd"):
        if key in level and key not in found:
            found[key] = level[key]
    message = next((str(found[k]) for k in ("message", "error_msg", "err_msg")
                    if found.get(k)), "no message given")
    code = next((str(found[k]) for k in ("error_cd", "err_cd") if found.get(k)), "")
    status = shown(level.get("status_cd"), 20)
    return (f"the GSP answered with status_cd {status} (the request failed): "
            f"'{shown(message, 300)}'" + (f" (code {shown(code, 40)})" if code else "")
            + "; nothing in this file is imported. Download the data again")


def unwrap(payload: Any) -> Envelope:
    """Parsed JSON of one file -> its `Envelope`; `EnvelopeError` naming the keys found and
    the ones expected when it is no IMS download."""
    if not isinstance(payload, dict):
        kind = "a list" if isinstance(payload, list) else type(payload).__name__
        raise EnvelopeError(f"the file holds {kind}, not a JSON object; expected {_EXPECTED}")
    level: dict[str, Any] = payload
    recipient = ""
    for _ in range(_MAX_DEPTH):
        for key in ("gstin", "rtin"):
            value = level.get(key)
            if isinstance(value, str) and value.strip() and not recipient:
                recipient = value.strip().upper()
        if "status_cd" in level and str(level["status_cd"]).strip() != "1":
            raise EnvelopeError(_gsp_failure(level))
        if "imsDetailsErr" in level:
            raise EnvelopeError(
                "this is the portal's error file ('imsDetailsErr') returned after an "
                "upload, not an IMS download; read it as upload errors "
                "(gst_ims.upload.error_file.read_error_file)"
            )
        details = level.get("imsDetails")
        if isinstance(details, dict):
            return Envelope(details, Dialect.PORTAL, recipient)
        invdata = level.get("invdata")
        if isinstance(invdata, dict):
            upload_type = str(level.get("reqtyp", "SAVE")).upper() or "SAVE"
            return Envelope(invdata, _upload_dialect(invdata), recipient, upload_type)
        if any(_is_section_key(key) for key in level):
            return Envelope(level, Dialect.API, recipient)
        inner = level.get("data")
        if not isinstance(inner, dict):
            break
        level = inner
    found = ", ".join(f"'{shown(key, 40)}'" for key in list(level)[:12]) or (
        "none (an empty object)")
    raise EnvelopeError(f"unknown envelope: keys found {found}; expected {_EXPECTED}")
