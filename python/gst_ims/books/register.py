"""The books ITC register (purchase register) -> the Books frame.

`read_register` takes the register as a table (header texts as columns, cells as a
spreadsheet holds them) and `read_register_file` reads one from .xlsx/.xlsm/.xls/.csv,
finding the header row under any title rows. Both return a `RegisterRead`: the Books frame,
every problem found (with sheet row and column header), and which header was read as which
field.

Books frame: `BOOKS_COLUMNS` first, in that order, then every other register column carried
through untouched under its header text. Text columns ``string``; amounts int64 paise,
always positive (a credit note is doc_type CN with positive amounts); doc_date
datetime64[ns]; rcm and itc_eligible bool; period ``MM-YYYY`` (voucher month when the
register has a voucher/posting date, else the document month); register_row int64, the
sheet row a user sees.

Row rules: blank, total/subtotal and repeated-header rows are skipped with an info problem;
rows without a GSTIN, number or date, or with an amount or date that cannot be read, are
skipped with an error; everything else is kept, flagged with warnings where something looks
wrong. Every data row is either read or skipped: `data_rows == len(frame) +
len(skipped_rows)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from gst_ims.books.aliases import (
    FIELD_LABELS,
    HEADER_ALIASES,
    POSTING_DATE,
    REQUIRED_FIELDS,
    TAX_FIELDS_ONE_OF,
    closest_alias,
    field_of,
    header_key,
    match_headers,
)
from gst_ims.books.cells import (
    blank_cells,
    cell_texts,
    parse_amounts,
    parse_dates,
    parse_periods,
)
from gst_ims.books.values import doc_type_of, fold, itc_eligible_of, pos_code_of, yes_no
from gst_ims.domain.dates import fiscal_year_starts
from gst_ims.domain.documents import (
    AMOUNT_COLUMNS,
    BOOKS_COLUMNS,
    CGST,
    DOC_DATE,
    DOC_NO,
    DOC_TYPE,
    DOC_VALUE,
    IGST,
    ITC_ELIGIBLE,
    PERIOD,
    POS,
    RCM,
    REGISTER_ROW,
    SGST,
    SUPPLIER_GSTIN,
    SUPPLIER_NAME,
    SUPPLIER_PAN,
    TAX_HEADS,
    TAXABLE,
    DocType,
)
from gst_ims.domain.gstin import PAN_PATTERN, gstin_problems
from gst_ims.domain.money import format_inr
from gst_ims.domain.problems import InputError, Problem, Severity

__all__ = [
    "REQUIRED_FIELDS",
    "VALUE_TOLERANCE_PAISE",
    "ColumnMapping",
    "RegisterRead",
    "duplicate_groups",
    "read_register",
    "read_register_file",
]

# Tax heads may differ from the document value by rounding (Tally rounds the bill total to
# the rupee, up to 50 paise); beyond ₹1 the line is flagged but still read.
VALUE_TOLERANCE_PAISE: Final = 100

# Cells a register uses for "no GSTIN" (unregistered suppliers never appear in IMS).
_NO_GSTIN_WORDS: Final = frozenset({"", "urd", "urp", "unregistered", "na", "nil", "none",
                                    "notapplicable"})
_TOTAL_TEXT = re.compile(r"(?i)^\s*(grand\s*|sub\s*-?\s*)?totals?\b")


@dataclass(frozen=True)
class ColumnMapping:
    """Explicit user mapping; overrides alias recognition.

    `columns`: canonical field name (domain.documents, or ``posting_date``) -> header text
    in the file.
    """

    columns: Mapping[str, str]


@dataclass(frozen=True)
class RegisterRead:
    """What `read_register` found.

    `frame`: the Books frame (module docstring); `problems`: everything found wrong or
    skipped; `header_map`: canonical field -> header read for it; `sheet`: sheet name.
    `header_row` is the sheet row of the headers, `data_rows` the rows below it up to the
    last non-blank one, `skipped_rows` the sheet rows not read.
    """

    frame: pd.DataFrame
    problems: list[Problem]
    header_map: dict[str, str]
    sheet: str
    file: str = ""
    header_row: int = 1
    data_rows: int = 0
    skipped_rows: tuple[int, ...] = field(default=())


# --- headers -------------------------------------------------------------------------
def _unique_headers(columns: pd.Index) -> list[str]:
    """Header cells -> unique text names; a blank header becomes ``Column N`` and a repeated
    one gets `` (2)``, so that every column can be carried through."""
    names: list[str] = []
    seen: set[str] = set()
    for position, column in enumerate(columns, start=1):
        text = "" if column is None or (isinstance(column, float) and column != column) else (
            cell_texts(pd.Series([column], dtype=object)).iloc[0]
        )
        name = str(text) or f"Column {position}"
        candidate, count = name, 1
        while candidate in seen:
            count += 1
            candidate = f"{name} ({count})"
        seen.add(candidate)
        names.append(candidate)
    return names


def _resolve_headers(
    headers: list[str], mapping: ColumnMapping | None, where: Problem
) -> dict[str, str]:
    """Headers of the table -> {field: header}: aliases first, the explicit mapping on top.

    Raises `InputError` when the mapping names an unknown field or a header that is not
    there, or when a required field has no column.
    """
    problems: list[Problem] = []
    mapped: dict[str, str] = {}
    by_key = {header_key(header): header for header in reversed(headers)}
    for canonical, wanted in (mapping.columns if mapping else {}).items():
        if canonical not in HEADER_ALIASES:
            problems.append(_at(where, f"mapping names '{canonical}', which is no register "
                                f"field; fields are: {', '.join(HEADER_ALIASES)}"))
            continue
        found = wanted if wanted in headers else by_key.get(header_key(wanted))
        if found is None:
            problems.append(_at(where, f"mapping says {FIELD_LABELS[canonical]} is in column "
                                f"'{wanted}', but there is no such header", field=wanted))
            continue
        mapped[canonical] = found
    taken = set(mapped.values())
    header_map = match_headers(h for h in headers if h not in taken)
    header_map = {k: v for k, v in header_map.items() if k not in mapped} | mapped
    # Tally's bare "Date" is the voucher date: when the document date has its own, more
    # specific column, a bare "Date" column gives the posting date (the period).
    bare_date = by_key.get(header_key("Date"))
    if (POSTING_DATE not in header_map and bare_date is not None
            and header_map.get(DOC_DATE) not in (None, bare_date)
            and bare_date not in header_map.values()):
        header_map[POSTING_DATE] = bare_date

    missing = [name for name in REQUIRED_FIELDS if name not in header_map]
    no_tax = not any(name in header_map for name in TAX_FIELDS_ONE_OF)
    if missing or no_tax:
        problems.extend(_missing_column_problems(headers, header_map, missing, no_tax, where))
    if problems:
        raise InputError(_missing_message(headers, header_map, missing, no_tax), problems)
    return header_map


def _missing_column_problems(
    headers: list[str], header_map: Mapping[str, str], missing: list[str], no_tax: bool,
    where: Problem,
) -> list[Problem]:
    unused = [h for h in headers if h not in header_map.values()]
    wanted = [*missing, *(TAX_FIELDS_ONE_OF if no_tax else ())]
    problems: list[Problem] = []
    for name in wanted:
        candidates = [c for h in unused if (c := closest_alias(h)) and c.field == name]
        hint = (f"; closest header in the file: '{candidates[0].header}' (like "
                f"'{candidates[0].alias}')" if candidates else "")
        aliases = ", ".join(f"'{a}'" for a in HEADER_ALIASES[name][:6])
        problems.append(_at(where, f"no column for the {FIELD_LABELS[name]} ({name}); "
                            f"headers read as it include {aliases}{hint}"))
    return problems


def _missing_message(
    headers: list[str], header_map: Mapping[str, str], missing: list[str], no_tax: bool
) -> str:
    required = ", ".join(f"{FIELD_LABELS[n]} ({n})" for n in REQUIRED_FIELDS)
    lines = [
        f"the register lacks required columns. Required: {required}, and at least one of "
        "IGST / CGST / SGST.",
    ]
    if missing:
        lines.append("Missing: " + ", ".join(FIELD_LABELS[n] for n in missing) + ".")
    if no_tax:
        lines.append("Missing: every tax head (IGST, CGST, SGST).")
    lines.append("Headers found (and what each is read as, or the closest known header):")
    reverse = {header: name for name, header in header_map.items()}
    for header in headers:
        if header in reverse:
            lines.append(f"  '{header}' -> {reverse[header]}")
            continue
        near = closest_alias(header)
        lines.append(
            f"  '{header}' -> not recognised; closest: '{near.alias}' ({near.field})"
            if near else f"  '{header}' -> not recognised (carried through as is)"
        )
    lines.append("Rename the headers, or map them explicitly (Settings sheet / ColumnMapping).")
    return "\n".join(lines)


def _at(where: Problem, message: str, *, severity: Severity = Severity.ERROR,
        row: int | None = None, field: str = "") -> Problem:
    return Problem(message, severity, file=where.file, sheet=where.sheet, row=row, field=field)


# --- rows ----------------------------------------------------------------------------
class _Collector:
    """Problems and skipped rows of one read, in sheet order of discovery."""

    def __init__(self, where: Problem, rows: np.ndarray) -> None:
        self.where = where
        self.rows = rows  # sheet row per table position
        self.problems: list[Problem] = []

    def quoted(self, mask: pd.Series | np.ndarray, cells: pd.Series,
               message: str | pd.Series, severity: Severity, header: str = "") -> None:
        """One problem per True row of `mask`: the cell's text in quotes, then `message`
        (cell texts are made for the flagged rows only)."""
        flagged = np.asarray(mask, dtype=bool)
        if not flagged.any():
            return
        positions = np.flatnonzero(flagged)
        texts = cell_texts(cells.iloc[positions]).to_numpy()
        tails = (message.to_numpy()[positions] if isinstance(message, pd.Series)
                 else [message] * len(positions))
        full = np.full(len(flagged), "", dtype=object)
        full[positions] = [f"'{text}' {tail}" for text, tail in zip(texts, tails, strict=True)]
        self.each(flagged, pd.Series(full, dtype=object), severity, header)

    def each(self, mask: pd.Series | np.ndarray, message: str | pd.Series,
             severity: Severity, header: str = "") -> None:
        """One problem per True row of `mask`; `message` may be a per-row Series."""
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        if not len(positions):
            return
        texts = (message.to_numpy()[positions] if isinstance(message, pd.Series)
                 else [message] * len(positions))
        for position, text in zip(positions, texts, strict=True):
            self.problems.append(_at(self.where, str(text), severity=severity,
                                     row=int(self.rows[position]), field=header))


def _per_distinct(values: pd.Series, decode: Callable[[object], object]) -> pd.Series:
    """Apply a scalar decoder once per distinct cell (codes columns have few values)."""
    obj = values.astype(object)
    codes, uniques = pd.factorize(obj, use_na_sentinel=True)
    decoded = [decode(value) for value in uniques]
    decoded.append(decode(None))
    table = np.empty(len(decoded), dtype=object)
    table[:] = decoded
    return pd.Series(table[np.where(codes < 0, len(uniques), codes)], index=values.index,
                     dtype=object)


def _examples(rows: np.ndarray, limit: int = 10) -> str:
    shown = ", ".join(str(int(r)) for r in rows[:limit])
    return shown + (f" and {len(rows) - limit} more" if len(rows) > limit else "")


def read_register(
    table: pd.DataFrame,
    *,
    sheet: str = "Books",
    file: str = "",
    mapping: ColumnMapping | None = None,
    header_row: int = 1,
    value_tolerance: int = VALUE_TOLERANCE_PAISE,
) -> RegisterRead:
    """The register as a table -> `RegisterRead` (Books frame + problems + header map).

    `table`: columns are the header texts, values the cells as read (str / float / int /
    datetime / None); row i is sheet row ``header_row + 1 + i``. `value_tolerance`: paise
    by which taxable + taxes may differ from the document value before a warning.
    Raises `InputError` when a required column cannot be found (the message lists the
    required columns, the headers found and the closest alias of each).
    """
    where = Problem("", file=file, sheet=sheet)
    headers = _unique_headers(table.columns)
    data = table.set_axis(headers, axis=1).reset_index(drop=True)
    header_map = _resolve_headers(headers, mapping, where)

    blank_by_column = {h: blank_cells(data[h]).to_numpy() for h in headers}
    row_blank = (np.logical_and.reduce(list(blank_by_column.values()))
                 if headers else np.ones(len(data), dtype=bool))
    filled = np.flatnonzero(~row_blank)
    data_rows = int(filled[-1]) + 1 if len(filled) else 0
    # Rows after the last filled one are the sheet's empty tail, not data rows.
    data = data.iloc[:data_rows]
    row_blank = row_blank[:data_rows]
    sheet_rows = np.arange(data_rows, dtype=np.int64) + header_row + 1
    out = _Collector(where, sheet_rows)

    def column(name: str) -> pd.Series | None:
        return data[header_map[name]] if name in header_map else None

    def head(name: str) -> str:
        return header_map.get(name, "")

    gstin_raw = cell_texts(data[header_map[SUPPLIER_GSTIN]])
    gstin = gstin_raw.str.replace(r"\s+", "", regex=True).str.upper()
    no_gstin = _per_distinct(gstin, lambda g: fold(g) in _NO_GSTIN_WORDS).astype(bool).to_numpy()
    doc_no = cell_texts(data[header_map[DOC_NO]])
    no_number = (doc_no == "").to_numpy()
    name_col = column(SUPPLIER_NAME)
    names = cell_texts(name_col) if name_col is not None else pd.Series(
        "", index=data.index, dtype="string")

    amounts = {
        name: parse_amounts(data[header_map[name]])
        for name in AMOUNT_COLUMNS if name in header_map
    }
    any_amount = np.zeros(data_rows, dtype=bool)
    for parsed in amounts.values():
        any_amount |= ~parsed.blank.to_numpy()

    dates = parse_dates(data[header_map[DOC_DATE]])
    no_date = dates.blank.to_numpy()
    bad_date = dates.bad.to_numpy()

    # A repeated header row has the date header where a date should be, so only rows whose
    # date cell is no date are looked at: at least two recognised columns hold their own
    # header text.
    repeated_header = np.zeros(data_rows, dtype=bool)
    suspects = np.flatnonzero(bad_date)
    if len(suspects):
        hits = np.zeros(len(suspects), dtype=np.int64)
        for header in header_map.values():
            keys = cell_texts(data[header].iloc[suspects]).map(header_key)
            hits += (keys == header_key(header)).to_numpy()
        repeated_header[suspects] = hits >= min(2, len(header_map))

    # Totals are only looked for on lines without a GSTIN or number.
    totals_text = np.zeros(data_rows, dtype=bool)
    unlabelled = np.flatnonzero(no_gstin | no_number)
    if len(unlabelled):
        texts = [names.iloc[unlabelled], gstin_raw.iloc[unlabelled], doc_no.iloc[unlabelled]]
        if headers:
            texts.append(cell_texts(data[headers[0]].iloc[unlabelled]))
        for text in texts:
            totals_text[unlabelled] |= text.str.match(_TOTAL_TEXT).fillna(False).to_numpy()
    total_row = (
        ~row_blank & ~repeated_header
        & ((totals_text & (no_gstin | no_number)) | (no_gstin & no_number & any_amount))
    )

    out.each(row_blank, "blank row skipped", Severity.INFO)
    out.each(repeated_header, "repeated header row skipped", Severity.INFO)
    out.each(total_row, "total / subtotal row skipped (no supplier GSTIN or document number)",
             Severity.INFO)
    candidate = ~(row_blank | repeated_header | total_row)

    out.each(candidate & no_gstin, "no supplier GSTIN: row skipped (a purchase from an "
             "unregistered supplier never appears in IMS)", Severity.ERROR, head(SUPPLIER_GSTIN))
    out.each(candidate & no_number, "no document number: row skipped", Severity.ERROR,
             head(DOC_NO))
    out.each(candidate & no_date, "no document date: row skipped", Severity.ERROR, head(DOC_DATE))
    out.quoted(candidate & bad_date, data[header_map[DOC_DATE]],
               "is not a date (write dd-mm-yyyy): row skipped", Severity.ERROR, head(DOC_DATE))
    unusable = no_gstin | no_number | no_date | bad_date
    for name, parsed in amounts.items():
        bad = parsed.bad.to_numpy()
        out.quoted(candidate & bad, data[header_map[name]], "is not an amount: row skipped",
                   Severity.ERROR, head(name))
        unusable |= bad
    keep = candidate & ~unusable

    # --- amounts, sign and type ----------------------------------------------------
    paise = {name: amounts[name].paise.to_numpy() if name in amounts
             else np.zeros(data_rows, dtype=np.int64) for name in AMOUNT_COLUMNS}
    heads_sum = paise[TAXABLE] + sum(paise[h] for h in TAX_HEADS)
    value_given = (~amounts[DOC_VALUE].blank.to_numpy() if DOC_VALUE in amounts
                   else np.zeros(data_rows, dtype=bool))
    reference = np.where(value_given & (paise[DOC_VALUE] != 0), paise[DOC_VALUE],
                         np.where(paise[TAXABLE] != 0, paise[TAXABLE], heads_sum))
    negative = reference < 0
    mixed = np.zeros(data_rows, dtype=bool)
    for name in AMOUNT_COLUMNS:
        mixed |= (paise[name] != 0) & ((paise[name] < 0) != negative)
    out.each(keep & mixed, "amounts on this line have mixed signs; read as "
             + pd.Series(np.where(negative, "a credit note (all amounts negative)",
                                  "positive amounts")).astype("string")
             + ": check the line", Severity.WARNING)
    for name in AMOUNT_COLUMNS:
        paise[name] = np.abs(paise[name])
    heads_sum = paise[TAXABLE] + sum(paise[h] for h in TAX_HEADS)

    inferred = np.where(negative, DocType.CREDIT_NOTE.value, DocType.INVOICE.value)
    type_col = column(DOC_TYPE)
    if type_col is not None:
        types = _per_distinct(type_col, _doc_type_code)
        unknown_type = types.isna().to_numpy() & ~blank_by_column[header_map[DOC_TYPE]]
        out.quoted(keep & unknown_type, type_col, "is no known document type; read as "
                   + pd.Series(inferred).astype("string") + " from the sign of the amounts",
                   Severity.WARNING, head(DOC_TYPE))
        doc_types = np.where(types.isna().to_numpy(), inferred, types.to_numpy()).astype(object)
        noted_negative = negative & (doc_types != DocType.CREDIT_NOTE.value)
        out.each(keep & noted_negative, "negative amounts on a document typed "
                 + pd.Series(doc_types).astype("string") + "; amounts read as positive and "
                 "the type kept (a purchase return booked as a debit note is the "
                 "supplier's credit note: check the type)", Severity.WARNING, head(DOC_TYPE))
    else:
        doc_types = inferred.astype(object)

    value_missing = ~value_given
    if DOC_VALUE not in header_map:
        out.problems.append(_at(where, "no invoice value column: document value computed as "
                                "taxable + IGST + CGST + SGST + cess", severity=Severity.INFO))
    elif (keep & value_missing).any():
        rows = sheet_rows[keep & value_missing]
        out.problems.append(_at(where, f"{len(rows)} line(s) without an invoice value: "
                                f"computed as taxable + taxes (rows {_examples(rows)})",
                                severity=Severity.INFO, field=head(DOC_VALUE)))
    paise[DOC_VALUE] = np.where(value_missing, heads_sum, paise[DOC_VALUE])

    gap = paise[DOC_VALUE] - heads_sum
    off = keep & ~value_missing & (np.abs(gap) > value_tolerance)
    if off.any():
        message = pd.Series([
            f"taxable + taxes = {format_inr(int(s))} but the invoice value is "
            f"{format_inr(int(v))} (difference {format_inr(int(g))})"
            for s, v, g in zip(heads_sum[off], paise[DOC_VALUE][off], gap[off], strict=True)
        ], index=np.flatnonzero(off))
        out.each(off, message.reindex(range(data_rows), fill_value=""), Severity.WARNING,
                 head(DOC_VALUE))
    both_kinds = (paise[IGST] != 0) & ((paise[CGST] != 0) | (paise[SGST] != 0))
    out.each(keep & both_kinds, "IGST together with CGST/SGST on one line: a supply is either "
             "inter-state (IGST) or intra-state (CGST + SGST)", Severity.WARNING, head(IGST))

    # --- GSTIN, POS, flags ---------------------------------------------------------
    reasons = gstin_problems(gstin)
    bad_gstin = ~no_gstin & (reasons != "").to_numpy()
    out.each(candidate & bad_gstin, "invalid GSTIN: " + reasons, Severity.WARNING,
             head(SUPPLIER_GSTIN))
    pan = gstin.str.slice(2, 12)
    pan = pan.where(pan.str.fullmatch(PAN_PATTERN.pattern).fillna(False), "")

    pos_col = column(POS)
    if pos_col is not None:
        pos_codes = _per_distinct(pos_col, pos_code_of)
        unknown_pos = pos_codes.isna().to_numpy()
        out.quoted(keep & unknown_pos, pos_col, "is no place of supply (a state code such as "
                   "27 or a state name); left blank", Severity.WARNING, head(POS))
        pos = pos_codes.fillna("").astype("string")
    else:
        pos = pd.Series("", index=data.index, dtype="string")

    rcm = _flag(column(RCM), yes_no, False, keep, out, head(RCM),
                "is neither yes nor no for reverse charge; read as no")
    eligible = _flag(column(ITC_ELIGIBLE), itc_eligible_of, True, keep, out,
                     head(ITC_ELIGIBLE), "is no known ITC eligibility; read as eligible")
    out.each(keep & rcm, "reverse-charge document: kept and marked; it never appears in IMS",
             Severity.INFO, head(RCM))
    out.each(keep & ~eligible, "ITC-ineligible document: kept and marked; it never appears "
             "in IMS", Severity.INFO, head(ITC_ELIGIBLE))

    # --- period ----------------------------------------------------------------------
    posting = column(POSTING_DATE)
    period_dates = dates.dates
    if posting is not None:
        posted = parse_dates(posting)
        out.quoted(keep & posted.bad.to_numpy(), posting, "is not a date; period taken "
                   "from the document date", Severity.WARNING, head(POSTING_DATE))
        period_dates = posted.dates.where(posted.dates.notna(), dates.dates)
    period = (period_dates.dt.month.astype("Int64").astype("string").str.zfill(2) + "-"
              + period_dates.dt.year.astype("Int64").astype("string")).fillna("")
    stated = column(PERIOD)
    if stated is not None:
        # A period column (the workbook's own Books sheet, or a register that states its
        # ITC month) is what the user booked; the dates only fill its blanks.
        stated_period, bad_period = parse_periods(stated)
        out.quoted(keep & bad_period.to_numpy(), stated, "is not a period (write it as "
                   "MM-YYYY, e.g. 11-2024); period taken from the dates",
                   Severity.WARNING, head(PERIOD))
        period = stated_period.fillna(period)

    frame = pd.DataFrame({
        SUPPLIER_GSTIN: gstin.astype("string"),
        SUPPLIER_PAN: pan.astype("string"),
        SUPPLIER_NAME: names.astype("string"),
        DOC_TYPE: pd.Series(doc_types, dtype="string"),
        DOC_NO: doc_no.astype("string"),
        DOC_DATE: dates.dates.astype("datetime64[ns]"),
        POS: pos,
        **{name: pd.Series(paise[name], dtype="int64") for name in AMOUNT_COLUMNS},
        RCM: pd.Series(rcm, dtype=bool),
        ITC_ELIGIBLE: pd.Series(eligible, dtype=bool),
        PERIOD: period.astype("string"),
        REGISTER_ROW: pd.Series(sheet_rows, dtype="int64"),
    })[list(BOOKS_COLUMNS)]
    used = {header_map[name] for name in header_map if name in BOOKS_COLUMNS}
    for header in headers:
        if header in used:
            continue
        # An extra column spelled like a Books column keeps its values under a marked name.
        name = f"{header} (register)" if header in BOOKS_COLUMNS else header
        frame[name] = pd.Series(data[header].astype(object).where(
            ~blank_by_column[header][:data_rows], None).to_numpy(), dtype=object)
    frame = frame.loc[keep].reset_index(drop=True)

    out.problems.extend(_duplicate_problems(frame, where, head(DOC_NO)))
    out.problems.sort(key=lambda p: (p.row if p.row is not None else 0))
    return RegisterRead(
        frame=frame,
        problems=out.problems,
        header_map=dict(header_map),
        sheet=sheet,
        file=file,
        header_row=header_row,
        data_rows=data_rows,
        skipped_rows=tuple(int(r) for r in sheet_rows[~keep]),
    )


def _doc_type_code(value: object) -> str | None:
    found = doc_type_of(value)
    return found.value if found is not None else None


def _flag(values: pd.Series | None, decode: Callable[[object], bool | None], default: bool,
          keep: np.ndarray, out: _Collector, header: str, complaint: str) -> np.ndarray:
    """A yes/no style column -> bool array; unknown words take `default` with a warning."""
    if values is None:
        return np.full(len(keep), default, dtype=bool)
    decoded = _per_distinct(values, decode)
    unknown = decoded.isna().to_numpy()
    out.quoted(keep & unknown, values, complaint, Severity.WARNING, header)
    return decoded.where(~decoded.isna(), default).astype(bool).to_numpy()


def duplicate_groups(frame: pd.DataFrame) -> list[list[int]]:
    """Books frame -> groups of register rows booking the same document (same supplier
    GSTIN, type, number ignoring case, fiscal year), each group in sheet order."""
    if frame.empty:
        return []
    keys = pd.DataFrame({
        "gstin": frame[SUPPLIER_GSTIN],
        "type": frame[DOC_TYPE],
        "number": frame[DOC_NO].str.casefold(),
        "fy": fiscal_year_starts(frame[DOC_DATE]),
    })
    repeated = keys.duplicated(keep=False).to_numpy()
    if not repeated.any():
        return []
    rows = frame[REGISTER_ROW].to_numpy()[repeated]
    grouped = keys[repeated].groupby(list(keys.columns), sort=False, dropna=False).indices
    position_rows = pd.Series(rows, index=np.flatnonzero(repeated))
    groups = []
    for positions in grouped.values():
        groups.append(sorted(int(r) for r in position_rows.iloc[positions]))
    return sorted(groups)


def _duplicate_problems(frame: pd.DataFrame, where: Problem, header: str) -> list[Problem]:
    problems: list[Problem] = []
    for group in duplicate_groups(frame):
        for row in group:
            others = ", ".join(str(r) for r in group if r != row)
            problems.append(_at(
                where, f"same supplier, type, document number and fiscal year as row "
                f"{others}: booked twice, or one document split over several lines (e.g. per "
                "tax rate)? Both kept", severity=Severity.WARNING, row=row, field=header))
    return problems


# --- files ---------------------------------------------------------------------------
_EXCEL_SUFFIXES: Final = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
_HEADER_SCAN_ROWS: Final = 30


def read_register_file(
    path: Path, sheet: str | None = None, *, mapping: ColumnMapping | None = None
) -> RegisterRead:
    """A register file (.xlsx, .xlsm, .xls, .csv) -> `RegisterRead`.

    `sheet`: the sheet to read; by default a sheet named "Books" (any case) if there is
    one, else the first sheet. The header row is found among the first 30 rows as the row
    with the most recognised headers, so title rows above it (Tally, Busy) are fine.
    Raises `InputError` for an unreadable file, a missing sheet or missing columns.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"register file not found: {path}")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        grid, sheet_name = _read_csv(path), sheet or path.stem
    elif suffix in _EXCEL_SUFFIXES:
        grid, sheet_name = _read_excel(path, sheet)
    else:
        raise InputError(f"{path.name}: a register must be .xlsx, .xlsm, .xls or .csv")
    header_index = _find_header_row(grid, mapping)
    if header_index is None:
        raise InputError(f"{path.name}, sheet {sheet_name}: the sheet is empty")
    width = max((len(row) for row in grid), default=0)
    rows = grid if all(len(row) == width for row in grid) else [
        [*row, *([None] * (width - len(row)))] for row in grid]
    header_cells = pd.Index(list(rows[header_index]), dtype=object)
    table = pd.DataFrame(rows[header_index + 1:], columns=header_cells, dtype=object)
    # A column without header and without data is spreadsheet padding, not a column.
    heads = blank_cells(pd.Series(rows[header_index], dtype=object)).to_numpy()
    keep = [i for i in range(width)
            if not heads[i] or not blank_cells(table.iloc[:, i]).all()]
    table = table.iloc[:, keep]
    return read_register(table, sheet=sheet_name, file=path.name, mapping=mapping,
                         header_row=header_index + 1)


def _read_excel(path: Path, sheet: str | None) -> tuple[Sequence[Sequence[object]], str]:
    # python-calamine (Rust) reads xlsx/xlsm/xls alike and is many times faster than
    # openpyxl on large sheets (benchmarks/bench_register.py). It gives numbers as float,
    # date-formatted cells as date/datetime, text-formatted numbers ("00123") as str and
    # empty cells as "".
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise InputError(f"{path.name}: cannot be read as a spreadsheet ({exc})") from exc
    names: list[str] = list(workbook.sheet_names)
    if sheet is None:
        chosen = next((n for n in names if n.casefold() == "books"), names[0] if names else None)
    else:
        chosen = next((n for n in names if n == sheet), None) or next(
            (n for n in names if n.casefold() == sheet.casefold()), None)
    if chosen is None:
        raise InputError(f"{path.name}: no sheet '{sheet}'; sheets are: {', '.join(names)}")
    # skip_empty_area=False keeps the rows above the first used cell, so that row numbers
    # are the ones the user sees.
    grid = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    return grid, chosen


def _read_csv(path: Path) -> Sequence[Sequence[object]]:
    import csv
    import io

    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly every byte
        raise InputError(f"{path.name}: not UTF-8 or Windows-1252 text")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t|")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]


def _find_header_row(grid: Sequence[Sequence[object]], mapping: ColumnMapping | None) -> int | None:
    """Index of the row with the most recognised headers among the first rows (ties: the
    first); with no recognised header at all, the first non-empty row."""
    wanted = {header_key(h) for h in (mapping.columns.values() if mapping else ())}
    best, best_hits, first_filled = None, 0, None
    for index, row in enumerate(grid[:_HEADER_SCAN_ROWS]):
        keys = [header_key(cell) for cell in row if isinstance(cell, str) and cell.strip()]
        if first_filled is None and any(
            not (cell is None or (isinstance(cell, str) and not cell.strip())) for cell in row
        ):
            first_filled = index
        fields = {f for k in keys if (f := field_of(k))}
        hits = len(fields) + sum(k in wanted for k in keys)
        if hits > best_hits:
            best, best_hits = index, hits
    if best is not None and best_hits >= 2:
        return best
    return first_filled

