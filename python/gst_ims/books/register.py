"""The books ITC register (purchase register) -> the Books frame.

`read_register` takes the register as a table (header texts as columns, cells as a
spreadsheet holds them) and `read_register_file` (sheets.py) reads one from
.xlsx/.xlsm/.xls/.csv, every sheet that holds register rows, finding the header row under
any title rows. Both return a `RegisterRead`: the Books frame, every problem found (with
sheet row and column header) and the reader's report on its choices, and which header was
read as which field.

Books frame: `BOOKS_COLUMNS` first, in that order, then every other register column carried
through (under its header text; the value all lines of a document share, else their values
joined). Text columns ``string``; amounts int64 paise, always positive (a credit note is
doc_type CN with positive amounts); doc_date datetime64[ns]; rcm and itc_eligible bool;
period ``MM-YYYY`` (voucher month when the register has a voucher/posting date, else the
document month); register_row int64, the sheet row a user sees (a document's first line),
register_rows the text of all its rows ("12, 13").

Row rules: blank, total/subtotal and repeated-header rows are skipped with an info problem;
rows without a GSTIN, number or date, or with an amount or date that cannot be read, are
skipped with an error; every other row is a line, flagged with warnings where something
looks wrong. Lines of one document (lines.py) become one document. Every data row is
either read or skipped: `data_rows == lines + len(skipped_rows)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import pandas as pd

from gst_ims.books.aliases import (
    POSTING_DATE,
    REQUIRED_FIELDS,
    VOUCHER_NO,
    VOUCHER_TYPE,
    header_key,
)
from gst_ims.books.amounts import read_amounts
from gst_ims.books.cell_guard import clean_text, guard_cells
from gst_ims.books.cells import blank_cells, cell_texts, parse_dates, parse_periods
from gst_ims.books.checks import (
    combined_note,
    duplicate_groups,
    duplicate_problems,
    exact_duplicate_problems,
    value_problems,
)
from gst_ims.books.doc_types import line_types, per_distinct
from gst_ims.books.headers import ColumnMapping, HeaderPlan, at, resolve_headers
from gst_ims.books.lines import combine_lines, exact_duplicates
from gst_ims.books.tax_split import SPLIT_COLUMN
from gst_ims.books.values import fold, itc_eligible_of, pos_code_of, sheet_type_of, yes_no
from gst_ims.domain.documents import (
    AMOUNT_COLUMNS,
    BOOKS_COLUMNS,
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
    REGISTER_ROWS,
    SUPPLIER_GSTIN,
    SUPPLIER_NAME,
    SUPPLIER_PAN,
    TAXABLE,
)
from gst_ims.domain.gstin import PAN_PATTERN, POS_CODES, gstin_problems
from gst_ims.domain.problems import Problem, Severity
from gst_ims.domain.safe_text import cell_text
from gst_ims.domain.shared_values import share_repeated

__all__ = [
    "REQUIRED_FIELDS",
    "VALUE_TOLERANCE_PAISE",
    "ColumnMapping",
    "RegisterRead",
    "duplicate_groups",
    "read_register",
]

# Tax heads may differ from the document value by rounding (Tally rounds the bill total to
# the rupee, up to 50 paise); beyond ₹1 the document is flagged but still read.
VALUE_TOLERANCE_PAISE: Final = 100

# Cells a register uses for "no GSTIN" (unregistered suppliers never appear in IMS).
_NO_GSTIN_WORDS: Final = frozenset({"", "urd", "urp", "unregistered", "na", "nil", "none",
                                    "notapplicable"})
_LINE_BREAKS = re.compile(r"[\r\n\t]")
_TOTAL_TEXT = re.compile(r"(?i)^\s*(grand\s*|sub\s*-?\s*)?totals?\b")
# Serial-number columns differ on every line by design; exact duplicates ignore them.
_SERIAL_KEYS: Final = frozenset({"sr", "srno", "sno", "sl", "slno", "serialno", "no",
                                 "lineno", "sn"})
_VOUCHER_KEY: Final = "__voucher"


@dataclass(frozen=True)
class RegisterRead:
    """What `read_register` found.

    `frame`: the Books frame (module docstring); `problems`: everything found wrong or
    skipped, and the reader's report (INFO); `header_map`: canonical field -> header read
    for it; `sheet`: sheet name(s). `header_row` is the sheet row of the headers,
    `data_rows` the rows below it up to the last non-blank one, `lines` the rows read
    (several lines may make one document), `skipped_rows` the sheet rows not read;
    `sums`: amount field -> the ledger columns summed into it; `sheets`: every sheet read.
    """

    frame: pd.DataFrame
    problems: list[Problem]
    header_map: dict[str, str]
    sheet: str
    file: str = ""
    header_row: int = 1
    data_rows: int = 0
    skipped_rows: tuple[int, ...] = field(default=())
    lines: int = 0
    sums: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sheets: tuple[str, ...] = ()


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
        # A header becomes a cell and an Excel Table column name: storable text on one
        # line, unique ignoring case (Excel's rule for table columns).
        name = _LINE_BREAKS.sub(" ", cell_text(str(text)))[:240] or f"Column {position}"
        candidate, count = name, 1
        while candidate.casefold() in seen:
            count += 1
            candidate = f"{name} ({count})"
        seen.add(candidate.casefold())
        names.append(candidate)
    return names


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
            self.problems.append(at(self.where, str(text), severity=severity,
                                    row=int(self.rows[position]), field=header))

    def summary(self, mask: np.ndarray, message: str, severity: Severity,
                header: str = "") -> None:
        """One problem for all True rows of `mask`, listing (some of) them."""
        rows = self.rows[np.asarray(mask, dtype=bool)]
        if len(rows):
            from gst_ims.books.checks import examples

            self.problems.append(at(self.where, f"{message} (rows {examples(rows)})",
                                    severity=severity, field=header))


def _recipient_state(gstin: str) -> str:
    state = gstin.strip()[:2]
    return state if state in POS_CODES else ""


def read_register(
    table: pd.DataFrame,
    *,
    sheet: str = "Books",
    file: str = "",
    mapping: ColumnMapping | None = None,
    header_row: int = 1,
    value_tolerance: int = VALUE_TOLERANCE_PAISE,
    recipient_gstin: str = "",
    decimal_comma: bool = False,
) -> RegisterRead:
    """The register as a table -> `RegisterRead` (Books frame + problems + header map).

    `table`: columns are the header texts, values the cells as read (str / float / int /
    datetime / None); row i is sheet row ``header_row + 1 + i``. `value_tolerance`: paise
    by which taxable + taxes may differ from the document value before a warning.
    `recipient_gstin`: the company's GSTIN, whose state splits a single tax column where a
    line has no place of supply. `decimal_comma`: the register writes amounts with a
    decimal comma (else such an amount is refused on its row). Error cells and formulas
    without a saved value are refused on their row, naming the cell (`books.cell_guard`).
    Raises `InputError` when a required column cannot be found (the message lists the
    required columns, the headers found and the close ones by meaning), or a single tax
    column cannot be split.
    """
    where = Problem("", file=file, sheet=sheet)
    headers = _unique_headers(table.columns)
    data = table.set_axis(headers, axis=1).reset_index(drop=True)
    recipient_state = _recipient_state(recipient_gstin)
    plan = resolve_headers(headers, mapping, where, recipient_state=recipient_state)

    blank_by_column = {h: blank_cells(data[h]).to_numpy() for h in headers}
    row_blank = (np.logical_and.reduce(list(blank_by_column.values()))
                 if headers else np.ones(len(data), dtype=bool))
    filled = np.flatnonzero(~row_blank)
    data_rows = int(filled[-1]) + 1 if len(filled) else 0
    # Rows after the last filled one are the sheet's empty tail, not data rows.
    data = data.iloc[:data_rows]
    blank_by_column = {h: blank[:data_rows] for h, blank in blank_by_column.items()}
    sheet_rows = np.arange(data_rows, dtype=np.int64) + header_row + 1
    out = _Collector(where, sheet_rows)
    out.problems.extend(plan.notes)
    # Cells that must not be read as they look (errors, unsaved formulas, decimal commas).
    amount_headers = [*(h for name in AMOUNT_COLUMNS for h in plan.sources(name)),
                      *([plan.tax_column] if plan.tax_column else [])]
    data, refused, guarded = guard_cells(
        data, set(plan.header_map.values()) | plan.used, amount_headers, sheet_rows, where,
        decimal_comma=decimal_comma)
    out.problems.extend(guarded)
    lines = _Lines(data, plan, out, blank_by_column, row_blank[:data_rows], recipient_state,
                   refused)
    documents = _documents(lines, value_tolerance)
    out.problems.sort(key=lambda p: (p.row if p.row is not None else 0))
    return RegisterRead(
        frame=documents,
        problems=out.problems,
        header_map=dict(plan.header_map),
        sheet=sheet,
        file=file,
        header_row=header_row,
        data_rows=data_rows,
        skipped_rows=tuple(int(r) for r in sheet_rows[~lines.keep]),
        lines=int(lines.keep.sum()),
        sums=dict(plan.sums),
        sheets=(sheet,),
    )


def _documents(lines: _Lines, value_tolerance: int) -> pd.DataFrame:
    """The kept lines combined into documents (lines.py), with the document checks
    (value, heads, double bookings, repeated lines) added to the problems."""
    out, keep, header_map = lines.out, lines.keep, lines.plan.header_map
    where = out.where
    frame = lines.frame()
    extras = [c for c in frame.columns if c not in BOOKS_COLUMNS and c != _VOUCHER_KEY]
    key = [SUPPLIER_GSTIN, DOC_NO, DOC_DATE, DOC_TYPE,
           *([_VOUCHER_KEY] if _VOUCHER_KEY in frame else [])]
    combined = combine_lines(frame, key, lines.amounts.value_given[keep], value_tolerance,
                             extras)
    documents = combined.frame
    value_given = documents.pop("value_given").to_numpy(dtype=bool)
    documents = documents.drop(columns=[_VOUCHER_KEY], errors="ignore")
    out.problems.extend(value_problems(documents, value_given, value_tolerance, where,
                                       header_map.get(DOC_VALUE, ""),
                                       header_map.get(IGST, "")))
    documents = _ordered(documents)
    documents, unstorable = clean_text(
        documents, {c: header_map.get(c, c) for c in BOOKS_COLUMNS}, where)
    out.problems.extend(unstorable)
    raw = lines.data.loc[keep].reset_index(drop=True)[combined.shared]
    serials = [h for h in raw.columns if header_key(h) in _SERIAL_KEYS]
    out.problems.extend(exact_duplicate_problems(
        exact_duplicates(raw, out.rows[keep][combined.shared], serials), where))
    out.problems.extend(duplicate_problems(documents, where, header_map.get(DOC_NO, "")))
    out.problems.extend(combined_note(int(keep.sum()), documents,
                                      combined.documents_over_lines, combined.counted_once,
                                      where))
    # Suppliers, periods and dates repeat down a register: one object per distinct value.
    return share_repeated(documents, [column for column in documents.columns
                                      if column not in (DOC_NO, REGISTER_ROWS)])


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """`BOOKS_COLUMNS` first with their dtypes, then the carried columns."""
    frame = frame.reset_index(drop=True)
    for name in AMOUNT_COLUMNS:
        frame[name] = frame[name].astype("int64")
    for name in (RCM, ITC_ELIGIBLE):
        frame[name] = frame[name].astype(bool)
    frame[REGISTER_ROW] = frame[REGISTER_ROW].astype("int64")
    frame[REGISTER_ROWS] = frame[REGISTER_ROWS].astype("string")
    frame[DOC_DATE] = frame[DOC_DATE].astype("datetime64[ns]")
    rest = [c for c in frame.columns if c not in BOOKS_COLUMNS]
    return frame[[*BOOKS_COLUMNS, *rest]]


class _Lines:
    """The row rules over one register table: which rows are lines, and their values."""

    def __init__(self, data: pd.DataFrame, plan: HeaderPlan, out: _Collector,
                 blank_by_column: dict[str, np.ndarray], row_blank: np.ndarray,
                 recipient_state: str, refused: np.ndarray) -> None:
        self.data, self.plan, self.out = data, plan, out
        self.blank_by_column = blank_by_column
        self.size = len(data)
        header_map = plan.header_map
        self.gstin_raw = cell_texts(data[header_map[SUPPLIER_GSTIN]])
        self.gstin = self.gstin_raw.str.replace(r"\s+", "", regex=True).str.upper()
        self.no_gstin = per_distinct(self.gstin, lambda g: fold(g) in _NO_GSTIN_WORDS
                                     ).astype(bool).to_numpy()
        self.doc_no = cell_texts(data[header_map[DOC_NO]])
        name_col = self.column(SUPPLIER_NAME)
        self.names = (cell_texts(name_col) if name_col is not None
                      else pd.Series("", index=data.index, dtype="string"))
        self.unknown_pos = np.zeros(self.size, dtype=bool)
        self.pos = self._pos()
        state = self.gstin.str.slice(0, 2)
        supplier_state = state.where(state.isin(list(POS_CODES)), "").fillna("")
        self.amounts = read_amounts(data, plan, supplier_state=supplier_state.to_numpy(
            dtype=object), pos=self.pos.to_numpy(dtype=object), recipient_state=recipient_state)
        self.dates = parse_dates(data[header_map[DOC_DATE]])
        # Rows with a refused cell (cell_guard) already have their error.
        self.candidate = self._candidates(row_blank) & ~refused
        self.keep = self.candidate & ~self._unusable(self.candidate)
        self.types = self._sign_and_type()

    def column(self, name: str) -> pd.Series | None:
        header_map = self.plan.header_map
        return self.data[header_map[name]] if name in header_map else None

    def head(self, name: str) -> str:
        return self.plan.header_map.get(name, "")

    def _pos(self) -> pd.Series:
        pos_col = self.column(POS)
        if pos_col is None:
            return pd.Series("", index=self.data.index, dtype="string")
        codes = per_distinct(pos_col, pos_code_of)
        self.unknown_pos = codes.isna().to_numpy()
        return codes.fillna("").astype("string")

    def _candidates(self, row_blank: np.ndarray) -> np.ndarray:
        """Rows that are neither blank, nor a repeated header, nor a total."""
        data, header_map, out = self.data, self.plan.header_map, self.out
        no_number = (self.doc_no == "").to_numpy()
        bad_date = self.dates.bad.to_numpy()
        # A repeated header row has the date header where a date should be, so only rows
        # whose date cell is no date are looked at: at least two recognised columns hold
        # their own header text.
        repeated_header = np.zeros(self.size, dtype=bool)
        suspects = np.flatnonzero(bad_date)
        if len(suspects):
            hits = np.zeros(len(suspects), dtype=np.int64)
            for header in header_map.values():
                keys = cell_texts(data[header].iloc[suspects]).map(header_key)
                hits += (keys == header_key(header)).to_numpy()
            repeated_header[suspects] = hits >= min(2, len(header_map))
        # Totals are only looked for on lines without a GSTIN or number.
        totals_text = np.zeros(self.size, dtype=bool)
        unlabelled = np.flatnonzero(self.no_gstin | no_number)
        if len(unlabelled):
            texts = [self.names.iloc[unlabelled], self.gstin_raw.iloc[unlabelled],
                     self.doc_no.iloc[unlabelled]]
            if len(data.columns):
                texts.append(cell_texts(data[data.columns[0]].iloc[unlabelled]))
            for text in texts:
                totals_text[unlabelled] |= text.str.match(_TOTAL_TEXT).fillna(False).to_numpy()
        total_row = (
            ~row_blank & ~repeated_header
            & ((totals_text & (self.no_gstin | no_number))
               | (self.no_gstin & no_number & self.amounts.any_amount))
        )
        out.each(row_blank, "blank row skipped", Severity.INFO)
        out.each(repeated_header, "repeated header row skipped", Severity.INFO)
        out.each(total_row, "total / subtotal row skipped (no supplier GSTIN or document "
                 "number)", Severity.INFO)
        return np.asarray(~(row_blank | repeated_header | total_row), dtype=bool)

    def _unusable(self, candidate: np.ndarray) -> np.ndarray:
        """Error on every candidate row that cannot be read; those rows."""
        out, head, amounts = self.out, self.head, self.amounts
        no_number = (self.doc_no == "").to_numpy()
        no_date = self.dates.blank.to_numpy()
        bad_date = self.dates.bad.to_numpy()
        out.each(candidate & self.no_gstin, "no supplier GSTIN: row skipped (a purchase from "
                 "an unregistered supplier never appears in IMS)", Severity.ERROR,
                 head(SUPPLIER_GSTIN))
        out.each(candidate & no_number, "no document number: row skipped", Severity.ERROR,
                 head(DOC_NO))
        out.each(candidate & no_date, "no document date: row skipped", Severity.ERROR,
                 head(DOC_DATE))
        out.quoted(candidate & bad_date, self.data[self.plan.header_map[DOC_DATE]],
                   "is not a date (write dd-mm-yyyy): row skipped", Severity.ERROR,
                   head(DOC_DATE))
        unusable = self.no_gstin | no_number | no_date | bad_date
        for header, bad in amounts.bad.items():
            out.quoted(candidate & bad, amounts.cells[header], "is not an amount: row "
                       "skipped", Severity.ERROR, header)
            unusable |= bad
        tax = self.plan.tax_column
        if tax:
            out.each(candidate & ~unusable & amounts.unsplittable,
                     f"the tax in '{tax}' cannot be split into IGST or CGST + SGST: no place "
                     "of supply on this row (and no recipient GSTIN on Settings): row skipped",
                     Severity.ERROR, tax)
            unusable |= amounts.unsplittable
        return np.asarray(unusable, dtype=bool)

    def _sign_and_type(self) -> np.ndarray:
        """Types per line; amounts made positive (the sign decided the type)."""
        out, keep, paise = self.out, self.keep, self.amounts.paise
        heads_sum = sum(paise[name] for name in AMOUNT_COLUMNS if name != DOC_VALUE)
        reference = np.where(self.amounts.value_given & (paise[DOC_VALUE] != 0),
                             paise[DOC_VALUE],
                             np.where(paise[TAXABLE] != 0, paise[TAXABLE], heads_sum))
        negative = reference < 0
        mixed = np.zeros(self.size, dtype=bool)
        for name in AMOUNT_COLUMNS:
            mixed |= (paise[name] != 0) & ((paise[name] < 0) != negative)
        out.each(keep & mixed, "amounts on this line have mixed signs; read as "
                 + pd.Series(np.where(negative, "a credit note (all amounts negative)",
                                      "positive amounts")).astype("string")
                 + ": check the line", Severity.WARNING)
        out.each(keep & self.amounts.side_conflict, "Dr and Cr on one line and neither on "
                 "the document value: read as a purchase (Cr side); check the line",
                 Severity.WARNING)
        for name in AMOUNT_COLUMNS:
            paise[name] = np.abs(paise[name])
        document, voucher = self.column(DOC_TYPE), self.column(VOUCHER_TYPE)
        types = line_types(
            negative, document=document, voucher=voucher,
            document_blank=self.blank_by_column.get(self.head(DOC_TYPE)),
            voucher_blank=self.blank_by_column.get(self.head(VOUCHER_TYPE)),
            sheet_type=sheet_type_of(self.out.where.sheet))
        inferred = pd.Series(np.where(negative, "CN", "INV")).astype("string")
        for name, unknown in ((DOC_TYPE, types.unknown_document),
                              (VOUCHER_TYPE, types.unknown_voucher)):
            cells = self.column(name)
            if cells is not None:
                out.quoted(keep & unknown, cells, "is no known document type; read as "
                           + inferred + " from the sign of the amounts", Severity.WARNING,
                           self.head(name))
        out.summary(keep & types.returns, "debit notes with negative amounts book purchase "
                    "returns: read as the supplier's credit notes", Severity.INFO,
                    self.head(DOC_TYPE) or self.head(VOUCHER_TYPE))
        out.each(keep & types.negative_other, "negative amounts on a document typed INV; "
                 "amounts read as positive and the type kept (check the type)",
                 Severity.WARNING, self.head(DOC_TYPE) or self.head(VOUCHER_TYPE))
        positive_dn = keep & (types.codes == "DN")
        out.summary(positive_dn, "debit notes with positive amounts: read as the supplier's "
                    "debit notes; if one books a purchase return, the reconciliation still "
                    "compares it with the supplier's credit notes", Severity.INFO,
                    self.head(DOC_TYPE) or self.head(VOUCHER_TYPE))
        return types.codes

    def frame(self) -> pd.DataFrame:
        """One row per kept line: Books columns (but `REGISTER_ROWS`), the voucher key,
        the carried register columns."""
        keep, out, head = self.keep, self.out, self.head
        reasons = gstin_problems(self.gstin)
        candidate_rows = ~self.no_gstin & (reasons != "").to_numpy()
        out.each(self.candidate & candidate_rows, "invalid GSTIN: " + reasons, Severity.WARNING,
                 head(SUPPLIER_GSTIN))
        pan = self.gstin.str.slice(2, 12)
        pan = pan.where(pan.str.fullmatch(PAN_PATTERN.pattern).fillna(False), "")
        if self.column(POS) is not None:
            out.quoted(keep & self.unknown_pos, self.data[head(POS)], "is no place of supply "
                       "(a state code such as 27 or a state name); left blank",
                       Severity.WARNING, head(POS))
        rcm = self._flag(RCM, yes_no, False, "is neither yes nor no for reverse charge; "
                         "read as no")
        eligible = self._flag(ITC_ELIGIBLE, itc_eligible_of, True, "is no known ITC "
                              "eligibility; read as eligible")
        out.each(keep & rcm, "reverse-charge document: kept and marked; it never appears in "
                 "IMS", Severity.INFO, head(RCM))
        out.each(keep & ~eligible, "ITC-ineligible document: kept and marked; it never "
                 "appears in IMS", Severity.INFO, head(ITC_ELIGIBLE))
        paise = self.amounts.paise
        frame = pd.DataFrame({
            SUPPLIER_GSTIN: self.gstin.astype("string"),
            SUPPLIER_PAN: pan.astype("string"),
            SUPPLIER_NAME: self.names.astype("string"),
            DOC_TYPE: pd.Series(self.types, dtype="string"),
            DOC_NO: self.doc_no.astype("string"),
            DOC_DATE: self.dates.dates.astype("datetime64[ns]"),
            POS: self.pos,
            **{name: pd.Series(paise[name], dtype="int64") for name in AMOUNT_COLUMNS},
            RCM: pd.Series(rcm, dtype=bool),
            ITC_ELIGIBLE: pd.Series(eligible, dtype=bool),
            PERIOD: self._period().astype("string"),
            REGISTER_ROW: pd.Series(self.out.rows, dtype="int64"),
        })
        voucher = self.column(VOUCHER_NO)
        if voucher is not None:
            frame[_VOUCHER_KEY] = cell_texts(voucher).to_numpy()
        self._carry(frame)
        kept: pd.DataFrame = frame.loc[keep].reset_index(drop=True)
        return kept

    def _carry(self, frame: pd.DataFrame) -> None:
        """Every register column not read into a Books column, under its header."""
        header_map = self.plan.header_map
        used = {header_map[n] for n in header_map if n in BOOKS_COLUMNS} | self.plan.used
        for header in self.data.columns:
            if header in used:
                continue
            # An extra column spelled like a Books column keeps its values under a marked
            # name.
            name = f"{header} (register)" if header in BOOKS_COLUMNS else header
            frame[name] = pd.Series(self.data[header].astype(object).where(
                ~self.blank_by_column[header][:self.size], None).to_numpy(), dtype=object)
        if self.amounts.split_marker is not None:
            frame[SPLIT_COLUMN] = pd.Series(self.amounts.split_marker, dtype=object)

    def _flag(self, name: str, decode: Callable[[object], bool | None], default: bool,
              complaint: str) -> np.ndarray:
        """A yes/no style column -> bool array; unknown words take `default` with a
        warning."""
        values = self.column(name)
        if values is None:
            return np.full(self.size, default, dtype=bool)
        decoded = per_distinct(values, decode)
        unknown = decoded.isna().to_numpy()
        self.out.quoted(self.keep & unknown, values, complaint, Severity.WARNING,
                        self.head(name))
        return decoded.where(~decoded.isna(), default).astype(bool).to_numpy()

    def _period(self) -> pd.Series:
        """The books period per line: a period column, else the posting month, else the
        document month."""
        posting = self.column(POSTING_DATE)
        period_dates = self.dates.dates
        if posting is not None:
            posted = parse_dates(posting)
            self.out.quoted(self.keep & posted.bad.to_numpy(), posting, "is not a date; "
                            "period taken from the document date", Severity.WARNING,
                            self.head(POSTING_DATE))
            period_dates = posted.dates.where(posted.dates.notna(), self.dates.dates)
        period = (period_dates.dt.month.astype("Int64").astype("string").str.zfill(2) + "-"
                  + period_dates.dt.year.astype("Int64").astype("string")).fillna("")
        stated = self.column(PERIOD)
        if stated is not None:
            # A period column (the workbook's own Books sheet, or a register that states
            # its ITC month) is what the user booked; the dates only fill its blanks.
            stated_period, bad_period = parse_periods(stated)
            self.out.quoted(self.keep & bad_period.to_numpy(), stated, "is not a period "
                            "(write it as MM-YYYY, e.g. 11-2024); period taken from the "
                            "dates", Severity.WARNING, self.head(PERIOD))
            period = stated_period.fillna(period)
        result: pd.Series = period
        return result

