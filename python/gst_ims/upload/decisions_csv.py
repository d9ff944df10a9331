"""The decisions CSV of `gst-ims export-actions`: documents named the way a person would.

Columns (header case and spaces do not matter): `section, supplier_gstin, doc_no,
doc_date, action` and optionally `remarks, itc_red_req, decl_igst, decl_cgst,
decl_sgst, decl_cess` (the result sheets' headers "ITC Reduction", "Declared IGST" ...
are taken for them too). `action` is a code (A/R/P/N) or a label (Accept, No action...);
`doc_date` is dd-mm-yyyy (yyyy-mm-dd also taken, as spreadsheets often save it);
`decl_*` are rupees. Every row must name exactly one downloaded document. The optional
columns mean what the workbook's mean: on an Accept of a credit note or amendment,
blank ITC Reduction is Y (full reduction), and the amounts are only for a partial one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

import pandas as pd

from gst_ims.domain.dates import format_ddmmyyyy, parse_ddmmyyyy
from gst_ims.domain.documents import (
    DECL_COLUMNS,
    DOC_DATE,
    DOC_NO,
    ITC_RED_REQ,
    REMARKS,
    SECTION,
    SUPPLIER_GSTIN,
    TAX_HEADS,
    Action,
)
from gst_ims.domain.gstin import normalise_gstin
from gst_ims.domain.money import text_to_paise
from gst_ims.domain.problems import InputError, Problem
from gst_ims.domain.text_encoding import decode_text_file
from gst_ims.ims.fields import SECTION_ALIASES
from gst_ims.upload.writer import Decision

REQUIRED_COLUMNS: Final = (SECTION, SUPPLIER_GSTIN, DOC_NO, DOC_DATE, "action")
OPTIONAL_COLUMNS: Final = (REMARKS, ITC_RED_REQ, *DECL_COLUMNS)
# The result sheets' headers of the optional columns, as `_header` folds them.
HEADER_ALIASES: Final[dict[str, str]] = {
    "itc_reduction": ITC_RED_REQ,
    "itc_reduction_required": ITC_RED_REQ,
    **{f"declared_{column.removeprefix('decl_')}": column for column in DECL_COLUMNS},
}


@dataclass(frozen=True)
class CsvRow:
    """One parsed CSV row: its `line` in the file and the document it names."""

    line: int
    section: str
    supplier_gstin: str
    doc_no: str
    doc_date: str  # dd-mm-yyyy
    action: Action
    remarks: str
    itc_red_req: str
    decl: Mapping[str, int] | None  # paise per head given; None when no column is filled


def _header(name: str) -> str:
    folded = name.strip().lower().replace(" ", "_").replace("-", "_")
    return HEADER_ALIASES.get(folded, folded)


def _parse_date(text: str) -> date:
    try:
        return parse_ddmmyyyy(text)
    except ValueError:
        return date.fromisoformat(text.strip())  # ValueError again when neither


def _parse_row(line: int, cells: Mapping[str, str], file: str,
               problems: list[Problem]) -> CsvRow | None:
    def bad(column: str, message: str) -> None:
        problems.append(Problem(message, file=file, row=line, field=column))

    section = SECTION_ALIASES.get(cells[SECTION].strip().lower())
    if section is None:
        bad(SECTION, f"'{cells[SECTION]}' is not an IMS section (b2b, b2ba, b2bdn, ...)")
    try:
        doc_date = format_ddmmyyyy(_parse_date(cells[DOC_DATE]))
    except ValueError:
        bad(DOC_DATE, f"'{cells[DOC_DATE]}' is not a date in dd-mm-yyyy")
        doc_date = ""
    try:
        action = Action.parse(cells["action"])
    except ValueError as exc:
        bad("action", str(exc))
        action = Action.NO_ACTION
    decl: dict[str, int] = {}
    for head, column in zip(TAX_HEADS, DECL_COLUMNS, strict=True):
        text = cells.get(column, "").strip()
        if text:
            try:
                decl[head] = text_to_paise(text.replace(",", ""))
            except ValueError:
                bad(column, f"'{text}' is not an amount in rupees")
    if section is None or not doc_date:
        return None
    return CsvRow(line, section.value, normalise_gstin(cells[SUPPLIER_GSTIN]),
                  cells[DOC_NO].strip(), doc_date, action, cells.get(REMARKS, "").strip(),
                  cells.get(ITC_RED_REQ, "").strip().upper(), decl or None)


def parse_decisions_csv(path: Path) -> list[CsvRow]:
    """Read and check the CSV at `path`; `InputError` listing every problem (with its
    line number) when a column is missing or unknown or a value cannot be read."""
    decoded = decode_text_file(path.read_bytes(), path.name)
    first_line = decoded.text.split("\n", 1)[0]
    # Excel writes "CSV" with commas, "Unicode Text" with tabs; some locales use ";".
    delimiter = "," if "," in first_line else "\t" if "\t" in first_line else (
        ";" if ";" in first_line else ",")
    reader = csv.reader(io.StringIO(decoded.text, newline=""), delimiter=delimiter)
    try:
        return _parse_rows(reader, path)
    except csv.Error as exc:  # a field longer than the csv module takes, a stray NUL
        raise InputError(f"{path.name} (read as {decoded.label}), line {reader.line_num:,}: "
                         f"cannot be read as CSV ({exc}); check that line") from None


def _parse_rows(reader: Iterator[list[str]], path: Path) -> list[CsvRow]:
    header = [_header(name) for name in next(reader, [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c and c not in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)]
    if missing or unknown:
        problems = [Problem(f"required column '{c}' is missing", file=path.name, row=1)
                    for c in missing]
        problems += [Problem(f"column '{c}' is not a decisions column", file=path.name,
                             row=1) for c in unknown]
        raise InputError(f"{path.name}: the header is not a decisions header", problems)
    rows: list[CsvRow] = []
    problems = []
    for values in reader:
        if not any(value.strip() for value in values):
            continue
        cells = dict(zip(header, values, strict=False))
        cells = {c: cells.get(c, "") for c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)}
        row = _parse_row(getattr(reader, "line_num", 0), cells, path.name, problems)
        if row is not None:
            rows.append(row)
    if problems:
        raise InputError(f"{path.name}: some decisions cannot be read", problems)
    return rows


def _ims_keys(ims: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "ims_id": range(len(ims)),
        "section": ims[SECTION].astype("string").to_numpy(),
        "supplier_gstin": ims[SUPPLIER_GSTIN].astype("string").str.upper().to_numpy(),
        "doc_key": ims[DOC_NO].astype("string").str.strip().str.upper().to_numpy(),
        "doc_date": ims[DOC_DATE].dt.strftime("%d-%m-%Y").astype("string").to_numpy(),
    })


def match_decisions(rows: list[CsvRow], ims: pd.DataFrame, file: str) -> list[Decision]:
    """Each CSV row -> the Decision on the one IMS row it names (section, supplier GSTIN,
    document number ignoring case and outer spaces, date). `InputError` listing every row
    that names no downloaded document, more than one, or a document already decided."""
    wanted = pd.DataFrame({
        "position": range(len(rows)),
        "section": [r.section for r in rows],
        "supplier_gstin": [r.supplier_gstin for r in rows],
        "doc_key": [r.doc_no.upper() for r in rows],
        "doc_date": [r.doc_date for r in rows],
    }).astype({c: "string" for c in ("section", "supplier_gstin", "doc_key", "doc_date")})
    pairs = wanted.merge(_ims_keys(ims), on=["section", "supplier_gstin", "doc_key",
                                             "doc_date"])
    # Case is ignored to find a document, but decides between two that differ only by it.
    exact = pairs["ims_id"].map(dict(enumerate(ims[DOC_NO].astype("string").str.strip())))
    wanted_text = pairs["position"].map(dict(enumerate(r.doc_no for r in rows)))
    pairs["exact"] = (exact == wanted_text).fillna(False).astype(bool)
    has_exact = pairs.groupby("position")["exact"].transform("any").astype(bool)
    pairs = pairs.loc[~has_exact | pairs["exact"]]
    hits = pairs.groupby("position")["ims_id"].agg(list).to_dict()
    problems: list[Problem] = []
    decisions: list[Decision] = []
    first_line: dict[int, int] = {}
    for position, row in enumerate(rows):
        found = hits.get(position, [])
        name = f"{row.section} {row.doc_no} of {row.doc_date} from {row.supplier_gstin}"
        if len(found) != 1:
            what = "names no downloaded document" if not found else (
                f"matches {len(found)} downloaded documents")
            problems.append(Problem(f"{name} {what}", file=file, row=row.line))
            continue
        ims_id = int(found[0])
        if ims_id in first_line:
            problems.append(Problem(f"{name} is already decided on line "
                                    f"{first_line[ims_id]}", file=file, row=row.line))
            continue
        first_line[ims_id] = row.line
        decisions.append(Decision(ims_id, row.action, row.remarks, row.itc_red_req,
                                  row.decl))
    if problems:
        raise InputError(f"{file}: some decisions do not name one downloaded document",
                         problems)
    return decisions


def read_decisions_csv(path: Path, ims: pd.DataFrame) -> list[Decision]:
    """The decisions CSV at `path` as Decisions on the IMS frame `ims` (see module doc)."""
    return match_decisions(parse_decisions_csv(path), ims, path.name)
