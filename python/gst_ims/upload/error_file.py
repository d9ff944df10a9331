"""The portal's answer to an upload, mapped back to the IMS rows it is about.

Two shapes (docs/formats.md: The portal's error answer):

* portal offline error file: ``{"imsDetailsErr": {"b2b": [record + "error_msg"], ...}}``;
  each record is the uploaded one, so it names its document fully;
* API request status: ``{"status_cd": "PE"|"ER"|"P", "err_cd", "err_msg", "proc_cnt",
  "err_cnt", "error_report": {"b2b"|"dn"|...: [{"stin", "error_cd", "error_msg",
  "inv": [{"inum", "rtnprd"}]}]}}``, possibly wrapped in ``data`` by a GSP; `inv` items
  carry `inum` even for notes.

An error that names no row of the IMS frame is kept (with no `ims_ids`) and reported as a
warning, never dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from gst_ims.domain.documents import (
    DOC_DATE,
    DOC_NO,
    SECTION,
    SRC_PERIOD,
    SUPPLIER_GSTIN,
    Section,
)
from gst_ims.domain.gstin import normalise_gstin
from gst_ims.domain.problems import InputError, Problem, Severity
from gst_ims.ims.fields import ERROR_REPORT_SECTION_ALIASES
from gst_ims.ims.jsontext import loads_exact
from gst_ims.ims.key_map import record_value
from gst_ims.upload.error_codes import known_error

PORTAL_ERRORS_KEY = "imsDetailsErr"


@dataclass(frozen=True)
class PortalError:
    """One error the portal reported for one document.

    `section` (canonical key), `supplier_gstin`, `doc_no`, `doc_date` (dd-mm-yyyy, "" when
    the report does not say), `return_period` (MMYYYY, "" when not said), `code`
    (e.g. IMSSAV0010; in the portal file, the record's own code if it has one, else the
    code of a known message, else ""), `message` (the portal's words), and `ims_ids`:
    the IMS rows it names (empty when none does).
    """

    section: str
    supplier_gstin: str
    doc_no: str
    doc_date: str
    return_period: str
    code: str
    message: str
    ims_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ErrorImport:
    """What an error file said.

    `kind`: "portal" (imsDetailsErr) or "api" (status response). `status`: the API
    `status_cd` (P processed, PE processed with errors, ER nothing processed, IP still
    running), "" for the portal file. `processed` / `errored`: the API counts when given.
    `request_error`: a request-level error (``IMSSAV005: Schema validation failure``),
    "" when none. `errors`: one per document named. `problems`: unreadable entries and
    unmapped errors, as warnings.
    """

    kind: str
    status: str
    processed: int | None
    errored: int | None
    request_error: str
    errors: list[PortalError] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def unmapped(self) -> list[PortalError]:
        """Errors naming no IMS row."""
        return [error for error in self.errors if not error.ims_ids]

    def by_ims_id(self) -> dict[int, list[PortalError]]:
        """IMS row -> the errors about it."""
        mapped: dict[int, list[PortalError]] = {}
        for error in self.errors:
            for ims_id in error.ims_ids:
                mapped.setdefault(ims_id, []).append(error)
        return mapped


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _count(value: Any) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def _section(key: str, where: str, problems: list[Problem]) -> Section | None:
    section = ERROR_REPORT_SECTION_ALIASES.get(key.strip().lower())
    if section is None:
        problems.append(Problem(f"section '{key}' is not an IMS section; its errors are "
                                "listed without a document", Severity.WARNING, file=where))
    return section


def _portal_errors(sections: Mapping[str, Any], where: str,
                   problems: list[Problem]) -> list[PortalError]:
    errors: list[PortalError] = []
    for key, records in sections.items():
        section = _section(key, where, problems)
        for index, record in enumerate(records if isinstance(records, list) else []):
            if not isinstance(record, dict):
                problems.append(Problem("not a record", Severity.WARNING, file=where,
                                        section=key, row=index))
                continue
            message = _text(record.get("error_msg")) or "(the portal gave no message)"
            code, _known = known_error(_text(record.get("error_cd")), message)
            errors.append(PortalError(
                section.value if section else key,
                normalise_gstin(record_value(record, SUPPLIER_GSTIN)),
                _text(record_value(record, DOC_NO, section)),
                _text(record_value(record, DOC_DATE, section)),
                _text(record_value(record, SRC_PERIOD)), code, message,
            ))
    return errors


def _api_errors(report: Mapping[str, Any], where: str,
                problems: list[Problem]) -> list[PortalError]:
    errors: list[PortalError] = []
    for key, entries in report.items():
        section = _section(key, where, problems)
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            items = entry.get("inv") if isinstance(entry, dict) else None
            if not isinstance(items, list) or not items:
                problems.append(Problem("error entry names no document (no 'inv')",
                                        Severity.WARNING, file=where, section=key, row=index))
                continue
            for item in items:
                document = item if isinstance(item, dict) else {}
                errors.append(PortalError(
                    section.value if section else key,
                    normalise_gstin(record_value(entry, SUPPLIER_GSTIN)),
                    # The API names every document by its invoice number key, notes too.
                    _text(record_value(document, DOC_NO)), "",
                    _text(record_value(document, SRC_PERIOD)),
                    _text(entry.get("error_cd")), _text(entry.get("error_msg")),
                ))
    return errors


def _unwrap(payload: Any) -> Mapping[str, Any] | None:
    # GSPs wrap the status in "data" (once or twice); go down until the status shows.
    for _ in range(3):
        if not isinstance(payload, dict):
            return None
        # status_cd "1" is the GSP's own success flag around the real status.
        is_status = "status_cd" in payload and (
            "error_report" in payload or payload.get("status_cd") != "1")
        if PORTAL_ERRORS_KEY in payload or is_status:
            return payload
        payload = payload.get("data")
    return None


def _ims_keys(ims: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "ims_id": range(len(ims)),
        "section": ims[SECTION].astype("string").to_numpy(),
        "supplier_gstin": ims[SUPPLIER_GSTIN].astype("string").str.upper().to_numpy(),
        "doc_no": ims[DOC_NO].astype("string").str.strip().to_numpy(),
        "doc_date": ims[DOC_DATE].dt.strftime("%d-%m-%Y").astype("string").to_numpy(),
        "return_period": ims[SRC_PERIOD].astype("string").to_numpy(),
    })


def _map(errors: list[PortalError], ims: pd.DataFrame) -> list[PortalError]:
    if not errors:
        return errors
    found = pd.DataFrame({
        "error": range(len(errors)),
        "section": [e.section for e in errors],
        "supplier_gstin": [e.supplier_gstin for e in errors],
        "doc_no": [e.doc_no for e in errors],
        "want_date": [e.doc_date for e in errors],
        "want_period": [e.return_period for e in errors],
    }).astype({"section": "string", "supplier_gstin": "string", "doc_no": "string"})
    pairs = found.merge(_ims_keys(ims), on=["section", "supplier_gstin", "doc_no"])
    # A date or period the report gives must agree; one it leaves out does not narrow. A
    # bare month (the portal file's `rtnprd` is reported to be one) agrees with its MMYYYY.
    want, have = pairs["want_period"].astype("string"), pairs["return_period"]
    same_month = (want.str.len() == 2) & (have.str.slice(0, 2) == want)
    keep = ((pairs["want_date"] == "") | (pairs["want_date"] == pairs["doc_date"])) & (
        (want == "") | (want == have) | same_month)
    ids = pairs.loc[keep.fillna(False).astype(bool)].groupby("error")["ims_id"].agg(tuple)
    return [replace(error, ims_ids=tuple(int(i) for i in ids.get(n, ())))
            for n, error in enumerate(errors)]


def read_error_file(path: Path, ims: pd.DataFrame) -> ErrorImport:
    """Read a portal error file or API status response at `path` and map each error to
    the rows of the IMS frame `ims` (uses section, supplier_gstin, doc_no, doc_date,
    src_period). Raises `InputError` when the file is neither shape."""
    where = path.name
    try:
        payload = _unwrap(loads_exact(path.read_bytes()))
    except ValueError as exc:
        raise InputError(f"{where} is not JSON: {exc}") from exc
    if payload is None:
        raise InputError(f"{where} is not an IMS upload error file: expected "
                         f"'{PORTAL_ERRORS_KEY}' or a status response with 'status_cd'")
    problems: list[Problem] = []
    if PORTAL_ERRORS_KEY in payload:
        sections = payload[PORTAL_ERRORS_KEY]
        errors = _portal_errors(sections if isinstance(sections, dict) else {}, where,
                                problems)
        result = ErrorImport("portal", "", None, len(errors), "", errors, problems)
    else:
        report = payload.get("error_report") or {}
        errors = _api_errors(report if isinstance(report, dict) else {}, where, problems)
        request_error = ": ".join(part for part in (_text(payload.get("err_cd")),
                                                    _text(payload.get("err_msg"))) if part)
        result = ErrorImport("api", _text(payload.get("status_cd")),
                             _count(payload.get("proc_cnt")), _count(payload.get("err_cnt")),
                             request_error, errors, problems)
    mapped = _map(result.errors, ims)
    problems += [Problem(f"{e.message} — names {e.doc_no or 'no document'} from "
                         f"{e.supplier_gstin or 'an unknown supplier'}, which is not in the "
                         "IMS data", Severity.WARNING, file=where, section=e.section)
                 for e in mapped if not e.ims_ids]
    return ErrorImport(result.kind, result.status, result.processed, result.errored,
                       result.request_error, mapped, problems)

