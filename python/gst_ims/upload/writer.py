"""Decisions + IMS frame -> the IMS upload requests (SAVE / RESET), checked and chunked.

`build_upload` decides what is sent (SAVE for a new Accept/Reject/Pending, RESET for a
document set back to No action, nothing for an unchanged one), refuses rows the portal
would reject (upload_guards.py), echoes each downloaded record from `raw` and adds the
action fields in the dialect's spelling (dialects.py). `write_upload` validates every
request against its JSON Schema and writes the numbered files atomically.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from gst_ims.domain.documents import (
    DIALECT,
    DOC_NO,
    ITC_RED_BLOCKED,
    PENDING_BLOCKED,
    PORTAL_ACTION,
    RAW,
    REMARKS_BLOCKED,
    SECTION,
    SOURCE_FILE,
    SUPPLIER_GSTIN,
    TAX_HEADS,
    Action,
    Dialect,
    Section,
)
from gst_ims.domain.gstin import check_gstin, normalise_gstin
from gst_ims.domain.problems import InputError, Problem
from gst_ims.domain.settings_table import PORTAL_UPLOAD_BYTES
from gst_ims.ims.rawtext import record_text
from gst_ims.upload.check import RESET, SAVE, check_payload, record_problem
from gst_ims.upload.dialects import DIALECTS, KeyStyle, spelling_for
from gst_ims.upload.echo import RecordEcho
from gst_ims.upload.error_file import ErrorImport, PortalError, read_error_file
from gst_ims.upload.fields import (
    DECL_SEND,
    ITC_SEND,
    REMARKS_SEND,
    field_notes,
    plan_fields,
)
from gst_ims.upload.files import (
    SizedRecord,
    assemble,
    chunk_records,
    file_names,
    write_atomically,
)
from gst_ims.upload.guards import apply_guards

# The error-file import is part of this module's public face.
__all__ = [
    "Decision", "ErrorImport", "KeyStyle", "PortalError", "Refusal", "UploadFile",
    "UploadOptions", "UploadResult", "build_upload", "read_error_file", "write_upload",
]

_SENT_ACTIONS = frozenset({"A", "R", "P"})
_DECL_HEADS = frozenset(TAX_HEADS)


@dataclass(frozen=True)
class Decision:
    """The user's choice for one IMS row.

    `ims_id`: 0-based position in the IMS frame. `action`: the action wanted.
    `remarks`: text (≤ 250 characters) written with Reject/Pending and with an Accept
    declaring a partial or no ITC reduction, left out elsewhere. `itc_red_req`:
    "Y"/"N"/"" (ITC-reduction declaration on an accepted credit note / amendment; ""
    = Y, full reduction). `decl`: declared reduction per head in paise, keys among
    igst/cgst/sgst/cess (heads left out count as 0; None, or the whole tax on every
    head = full reduction, sent as the flag alone). `confirmed_not_in_books`: the user
    confirmed Accept on an IMS-only document. `in_books`: False when the document is Not
    in Books.
    """

    ims_id: int
    action: Action
    remarks: str = ""
    itc_red_req: str = ""
    decl: Mapping[str, int] | None = None
    confirmed_not_in_books: bool = False
    in_books: bool = True


@dataclass(frozen=True)
class UploadOptions:
    """`max_bytes`: largest file (portal limit about 4 MB). `all_or_nothing`: write
    nothing when any row is refused. `require_confirmation_for_unbooked_accept`: refuse
    Accept on a Not-in-Books document unless the decision confirms it. `key_style`:
    spelling of the ITC-reduction keys in the portal dialect (dialects.KeyStyle)."""

    max_bytes: int = PORTAL_UPLOAD_BYTES
    all_or_nothing: bool = False
    require_confirmation_for_unbooked_accept: bool = True
    key_style: KeyStyle = KeyStyle.AS_DOWNLOADED


@dataclass(frozen=True)
class Refusal:
    """A row not written: `ims_id` (row in the IMS frame), the document (`section`,
    `doc_no`, `supplier_gstin`), the `rule` id it broke and a plain `message`."""

    ims_id: int
    section: str
    doc_no: str
    supplier_gstin: str
    rule: str
    message: str

    def __str__(self) -> str:
        return (f"row {self.ims_id}, {self.section} {self.doc_no} from "
                f"{self.supplier_gstin}: {self.message} [{self.rule}]")


@dataclass(frozen=True)
class UploadFile:
    """One written file: its `path`, `request_type` ("SAVE"/"RESET"), number of
    `records` and size in `bytes`."""

    path: Path
    request_type: str
    records: int
    bytes: int


@dataclass(frozen=True)
class UploadResult:
    """What `build_upload` decided and `write_upload` wrote.

    `payloads`: full request envelopes in file order (SAVE files first). `refusals`:
    every rule every refused row broke. `counts`: records written per action code
    (A/R/P, and N for RESET), "unchanged" (no request needed), "refused" (rows), and
    "withheld" (rows not written only because "all or nothing" was chosen). `files`:
    empty until written. `dialect`: spelling of the payloads. `notes`: things the user
    should know (keys not sent, fields left out, the ITC-reduction key spelling, the
    unverified RESET of the portal dialect). `left_out`: per written row (ims_id), the
    optional fields it has that the upload leaves out, in plain words.
    """

    payloads: list[dict[str, Any]]
    refusals: list[Refusal]
    counts: dict[str, int]
    files: list[UploadFile] = field(default_factory=list)
    dialect: Dialect = Dialect.API
    notes: list[str] = field(default_factory=list)
    # Record positions (ims_id) of each payload's records in payload order, so that
    # callers can tell which rows went into which file.
    ims_ids: list[list[int]] = field(default_factory=list)
    left_out: dict[int, list[str]] = field(default_factory=dict)


def _check_rtin(rtin: str) -> str:
    gstin = normalise_gstin(rtin)
    verdict = check_gstin(gstin)
    if not verdict.ok:
        raise InputError(f"recipient GSTIN is not valid: {verdict.reason}")
    if not verdict.regular:
        raise InputError(f"recipient GSTIN {gstin} is the GSTIN of a {verdict.kind}; IMS "
                         "upload files are made for a regular taxpayer's GSTIN")
    return gstin


def _decision_frame(ims: pd.DataFrame, decisions: Sequence[Decision]) -> pd.DataFrame:
    problems: list[Problem] = []
    seen: set[int] = set()
    for decision in decisions:
        where = f"decision for row {decision.ims_id}"
        if not 0 <= decision.ims_id < len(ims):
            problems.append(Problem(f"{where}: no such IMS row (the frame has {len(ims)})"))
        elif decision.ims_id in seen:
            problems.append(Problem(f"{where}: the row is decided more than once"))
        seen.add(decision.ims_id)
        if decision.decl is not None and not set(decision.decl) <= _DECL_HEADS:
            unknown = ", ".join(sorted(set(decision.decl) - _DECL_HEADS))
            problems.append(Problem(f"{where}: unknown tax head(s) in declaration: {unknown}"))
    if problems:
        raise InputError("some decisions cannot be used", problems)
    frame = pd.DataFrame({
        "ims_id": pd.array([d.ims_id for d in decisions], dtype="int64"),
        "new_action": pd.array([Action(d.action).value for d in decisions], dtype="string"),
        "remarks": pd.array([d.remarks or "" for d in decisions], dtype="string"),
        "itc_red_req": pd.array([(d.itc_red_req or "").strip().upper() for d in decisions],
                                dtype="string"),
        "confirmed": pd.array([d.confirmed_not_in_books for d in decisions], dtype="bool"),
        "in_books": pd.array([d.in_books for d in decisions], dtype="bool"),
    })
    for head in TAX_HEADS:
        frame[f"decl_{head}"] = pd.array(
            [None if d.decl is None else int(d.decl.get(head, 0)) for d in decisions],
            dtype="Int64",
        )
    return frame


def _work_frame(ims: pd.DataFrame, decisions: Sequence[Decision], rtin: str,
                downloaded_for: Mapping[str, str] | None) -> pd.DataFrame:
    chosen = _decision_frame(ims, decisions)
    columns = [SECTION, DOC_NO, SUPPLIER_GSTIN, PORTAL_ACTION, PENDING_BLOCKED,
               ITC_RED_BLOCKED, REMARKS_BLOCKED, *TAX_HEADS, RAW, DIALECT, SOURCE_FILE]
    docs = ims.iloc[chosen["ims_id"].to_numpy()][columns].reset_index(drop=True)
    work = pd.concat([chosen, docs], axis=1)
    for flag in (PENDING_BLOCKED, ITC_RED_BLOCKED, REMARKS_BLOCKED):
        work[flag] = work[flag].fillna(False).astype(bool)
    portal = work[PORTAL_ACTION].fillna("N").astype("string")
    work[PORTAL_ACTION] = portal  # what prev_status says; a missing action is N
    new = work["new_action"]
    save = new.isin(list(_SENT_ACTIONS)) & (new != portal)
    reset = (new == "N") & portal.isin(list(_SENT_ACTIONS))
    work["request"] = pd.Series("", index=work.index, dtype="string")
    work.loc[save, "request"] = SAVE
    work.loc[reset, "request"] = RESET
    work["rtin"] = rtin
    expected = {str(k): normalise_gstin(v) for k, v in (downloaded_for or {}).items()}
    work["expected_rtin"] = (work[SOURCE_FILE].astype("string").map(expected)
                             .astype("string").fillna(""))
    return work


def _choose_dialect(work: pd.DataFrame, dialect: Dialect | None) -> Dialect:
    if dialect is not None:
        return Dialect(dialect)
    sending = work.loc[work["request"] != "", DIALECT].dropna().astype(str).unique()
    if len(sending) > 1:
        raise InputError(
            "the decided documents come from downloads in different JSON dialects "
            f"({', '.join(sorted(sending))}); upload each download's decisions separately"
        )
    if len(sending) == 1:
        return Dialect(sending[0])
    present = work[DIALECT].dropna().astype(str).unique()
    return Dialect(present[0]) if len(present) else Dialect.API


def _refusal(row: Mapping[Hashable, Any], rule: str, message: str) -> Refusal:
    return Refusal(int(row["ims_id"]), str(row[SECTION]), str(row[DOC_NO]),
                   str(row[SUPPLIER_GSTIN]), rule, message)


_Built = tuple[str, str, int, dict[str, Any]]  # request, section, ims_id, record


def _build_records(work: pd.DataFrame, refused: set[int], dialect: Dialect,
                   echo: RecordEcho) -> tuple[list[_Built], list[Refusal]]:
    built: list[_Built] = []
    refusals: list[Refusal] = []
    columns = ["ims_id", SECTION, DOC_NO, SUPPLIER_GSTIN, RAW, PORTAL_ACTION, "request",
               "new_action", "remarks", REMARKS_SEND, ITC_SEND, DECL_SEND,
               *(f"decl_{h}" for h in TAX_HEADS)]
    sending = work.loc[(work["request"] != "") & ~work["ims_id"].isin(list(refused)),
                       columns]
    # Plain lists per column: `to_dict("records")` boxes every cell and is 3x slower.
    values = [sending[column].tolist() for column in columns]
    for cells in zip(*values, strict=True):
        row: dict[Hashable, Any] = dict(zip(columns, cells, strict=True))
        record, missing = echo.record(row, row["request"])
        problem = missing or record_problem(record, Section(row[SECTION]), row["request"],
                                            dialect)
        if problem:
            refusals.append(_refusal(row, "download-field",
                                     f"the downloaded record cannot be sent back: {problem}"))
            continue
        built.append((row["request"], str(row[SECTION]), int(row["ims_id"]), record))
    return built, refusals


def _payloads(built: list[_Built], rtin: str,
              max_bytes: int) -> tuple[list[dict[str, Any]], list[list[int]]]:
    rank = {section.value: position for position, section in enumerate(Section)}
    payloads: list[dict[str, Any]] = []
    ids: list[list[int]] = []
    for request in (SAVE, RESET):
        items = sorted((item for item in built if item[0] == request),
                       key=lambda item: (rank[item[1]], item[2]))
        sized = []
        for _request, section, _ims_id, record in items:
            text = record_text(record)
            sized.append(SizedRecord(section, text, len(text.encode("utf-8"))))
        for chunk in chunk_records(sized, rtin, request, max_bytes):
            invdata: dict[str, list[dict[str, Any]]] = {}
            for position in chunk:
                invdata.setdefault(items[position][1], []).append(items[position][3])
            payloads.append({"rtin": rtin, "reqtyp": request, "invdata": invdata})
            ids.append([items[position][2] for position in chunk])
    return payloads, ids


def _guard_refusals(work: pd.DataFrame, options: UploadOptions) -> list[Refusal]:
    hits = apply_guards(
        work, require_confirmation=options.require_confirmation_for_unbooked_accept
    )
    named = work[["ims_id", SECTION, DOC_NO, SUPPLIER_GSTIN]]
    rows = named.iloc[hits["position"].to_numpy()].to_dict("records")  # refused rows only
    return [_refusal(row, str(rule), str(message))
            for row, rule, message in zip(rows, hits["rule"], hits["message"], strict=True)]


def _counts(built: list[_Built], work: pd.DataFrame, refused_rows: int,
            withheld: int) -> dict[str, int]:
    counts = {code: 0 for code in ("A", "R", "P", "N")}
    for request, _section, _ims_id, record in built:
        counts["N" if request == RESET else record["action"]] += 1
    counts["unchanged"] = int((work["request"] == "").sum())
    counts["refused"] = refused_rows
    counts["withheld"] = withheld
    return counts


def build_upload(ims: pd.DataFrame, decisions: Sequence[Decision], rtin: str,
                 dialect: Dialect | None = None, options: UploadOptions | None = None, *,
                 downloaded_for: Mapping[str, str] | None = None) -> UploadResult:
    """Build the SAVE/RESET requests for `decisions` on the IMS frame `ims`.

    `ims`: the IMS frame (domain IMS_COLUMNS; uses section, doc_no, supplier_gstin,
    portal_action, the three *_blocked flags, igst/cgst/sgst/cess paise, raw, dialect,
    source_file). `rtin`: the recipient GSTIN uploaded for (InputError when invalid).
    `dialect`: spelling of the payloads; None = the dialect the decided rows were
    downloaded in (InputError when they mix). `downloaded_for`: source_file -> recipient
    GSTIN the file was downloaded for; rows from a file for another GSTIN are refused.
    Returns an `UploadResult` with no files yet.
    """
    options = options or UploadOptions()
    rtin = _check_rtin(rtin)
    work = _work_frame(ims, decisions, rtin, downloaded_for)
    plan_fields(work)
    chosen = _choose_dialect(work, dialect)
    refusals = _guard_refusals(work, options)
    saved_raws = work.loc[work["request"] == SAVE, RAW].astype(str).tolist()
    spelling, keys_note = spelling_for(chosen, options.key_style, saved_raws)
    echo = RecordEcho(spelling)
    built, record_refusals = _build_records(work, {r.ims_id for r in refusals}, chosen, echo)
    refusals = sorted([*refusals, *record_refusals], key=lambda r: r.ims_id)
    refused_rows = len({r.ims_id for r in refusals})
    withheld = 0
    if refusals and options.all_or_nothing:
        withheld, built = len(built), []
    payloads, ids = _payloads(built, rtin, options.max_bytes)
    written = work["ims_id"].isin([item[2] for item in built]).to_numpy()
    left_out, field_lines = field_notes(work, written)
    notes = [*echo.notes(), *field_lines]
    if any(spelling.itc_red_req in record for _request, _section, _id, record in built):
        notes.append(keys_note)
    if DIALECTS[chosen].reset_note and any(p["reqtyp"] == RESET for p in payloads):
        notes.append(DIALECTS[chosen].reset_note)
    ims_of = work["ims_id"].to_numpy()
    return UploadResult(payloads, refusals, _counts(built, work, refused_rows, withheld),
                        dialect=chosen, notes=notes, ims_ids=ids,
                        left_out={int(ims_of[p]): m for p, m in left_out.items()})


def _payload_text(payload: dict[str, Any]) -> str:
    """Compact text of a request, identical to ``dumps_exact(payload)`` (checked by the
    golden tests), written record by record with the fast flat-record writer."""
    records = [SizedRecord(section, record_text(record), 0)
               for section, section_records in payload["invdata"].items()
               for record in section_records]
    return assemble(records, payload["rtin"], payload["reqtyp"])


def write_upload(result: UploadResult, out_dir: Path, rtin: str, *,
                 now: datetime | None = None) -> UploadResult:
    """Validate every payload of `result` against its schema (UploadSchemaError, a bug
    guard, before anything is written), then write one file per payload into `out_dir`,
    each atomically. Returns `result` with `files` filled. InputError when a target file
    already exists or `rtin` differs from the payloads'."""
    rtin = _check_rtin(rtin)
    for payload in result.payloads:
        if payload["rtin"] != rtin:
            raise InputError(f"the upload was built for {payload['rtin']}, not {rtin}")
        check_payload(payload, result.dialect)
    now = now or datetime.now()
    out_dir.mkdir(parents=True, exist_ok=True)
    planned: list[tuple[Path, dict[str, Any]]] = []
    for request in (SAVE, RESET):
        mine = [p for p in result.payloads if p["reqtyp"] == request]
        names = file_names(rtin, request, len(mine), now)
        planned += [(out_dir / name, payload) for name, payload in zip(names, mine,
                                                                      strict=True)]
    clashes = [str(path) for path, _ in planned if path.exists()]
    if clashes:
        raise InputError("upload files already exist: " + ", ".join(clashes))
    files: list[UploadFile] = []
    try:
        for path, payload in planned:
            data = _payload_text(payload).encode("utf-8", "backslashreplace")
            write_atomically(path, data)
            records = sum(len(records) for records in payload["invdata"].values())
            files.append(UploadFile(path, payload["reqtyp"], records, len(data)))
    except BaseException:  # all files or none: a part missing would upload half a month
        for written in files:
            written.path.unlink(missing_ok=True)
        raise
    return replace(result, files=files)
