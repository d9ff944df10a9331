"""THE contract of the workbook: sheets, columns, tables, named cells, colours, dropdowns.

The builder (`build.py`) makes the workbook from this module; the workflow and the ports
read and write the workbook through it. Nothing else spells a sheet name, a header, a
named cell or a number format.

Conventions
-----------
* Rows and columns are 1-based, as Excel counts them. Every data sheet has its header
  on `header_row` and data from `first_data_row` down; the builder formats, colours and
  validates rows `first_data_row..last_data_row` ("the usable range").
* A `Column.field` says which value a column holds:

  - ``"<name>"`` on the IMS, Books and Log sheets: that column of the IMS frame
    (`IMS_COLUMNS`), the Books frame (`BOOKS_COLUMNS`) or the `Problem` (plus ``time``).
  - On the result sheets (`RESULT_COLUMNS`, one list shared by all four):

    + ``"<name>"`` — a column of the reconciliation frame (`RECON_COLUMNS`);
    + ``"ims.<name>"`` — the IMS frame's column at the row's ``ims_id`` (blank when the
      row has no IMS document);
    + ``"books.<name>"`` — the Books frame's column at the row's ``books_id`` (blank when
      the row has no books document);
    + ``"doc.<name>"`` — the IMS value when the row has an IMS document, else the books
      value (supplier, document type: the columns a user sorts and filters by);
    + a name in `SHEET_ONLY_FIELDS` — held only by the sheet (``upload_status``, written
      by the export).

* How a value is shown is the column's `ColumnKind`: money as rupees (paise / 100) with
  Indian digit grouping; dates as real dates shown ``dd-mm-yyyy``; GSTINs, document
  numbers and codes as text (``@``, so ``00123`` and ``1E5`` stay text); Action columns
  show the label (``Accept``), read back through `Action.parse`; flags as ``Yes`` / ``No``
  (a user may also type TRUE/FALSE, Y/N).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from gst_ims.domain import documents as d
from gst_ims.domain.documents import ACTION_LABELS, Category
from gst_ims.domain.settings_table import DEFAULT_ACTION_PREFIX, NO, YES
from gst_ims.domain.settings_table import SETTINGS as SETTING_TABLE
from gst_ims.domain.settings_table import UPLOAD_KEY_STYLES as UPLOAD_KEY_STYLES
from gst_ims.domain.settings_table import Setting as Setting
from gst_ims.domain.settings_table import SettingKind as SettingKind

# --- number formats -------------------------------------------------------------------
# Indian digit grouping (1,23,45,678.00). Excel allows two conditions per format, so
# crores and lakhs get their own sections; negatives (differences) fall to the last one.
FORMAT_RUPEES: Final = (
    r"[>=10000000]##\,##\,##\,##0.00;[>=100000]##\,##\,##0.00;##,##0.00"
)
# Differences can be negative. In a format with conditions Excel adds the minus sign in
# the last section and LibreOffice does not, so negatives get a section of their own with
# the sign written out (Indian grouping for positive lakhs, plain grouping below zero).
FORMAT_RUPEES_SIGNED: Final = r"[>=100000]##\,##\,##0.00;[<0]-#,##0.00;#,##0.00"
FORMAT_DATE: Final = "dd-mm-yyyy"
FORMAT_DATETIME: Final = "dd-mm-yyyy hh:mm"
FORMAT_TEXT: Final = "@"
FORMAT_INTEGER: Final = "#,##0"
FORMAT_GENERAL: Final = "General"


class ColumnKind(StrEnum):
    """How a column's values are held in cells (and so converted by the workflow)."""

    TEXT = "text"  # free text, stored as text
    CODE = "code"  # a short code (INV, b2b, A, 27): text, never a label
    GSTIN = "gstin"  # 15-character GSTIN: text
    DOC_NO = "doc_no"  # document number: text, never a number
    MONEY = "money"  # rupees (paise / 100), Indian grouping
    DATE = "date"  # a date shown dd-mm-yyyy
    DATETIME = "datetime"  # a timestamp shown dd-mm-yyyy hh:mm
    INTEGER = "integer"  # a count or a row number
    FLAG = "flag"  # Yes / No
    ACTION = "action"  # an Action shown by its label (Accept / Reject / Pending / No action)
    YES_NO = "yes_no"  # Y / N code (ITC reduction required)
    # Free text that may pass 255 characters (a message, a reason, joined paths): General,
    # because Excel shows #### for such text in a Text-formatted cell.
    NOTE = "note"


_KIND_FORMATS: Final[dict[ColumnKind, str]] = {
    ColumnKind.TEXT: FORMAT_TEXT,
    ColumnKind.CODE: FORMAT_TEXT,
    ColumnKind.GSTIN: FORMAT_TEXT,
    ColumnKind.DOC_NO: FORMAT_TEXT,
    ColumnKind.MONEY: FORMAT_RUPEES,
    ColumnKind.DATE: FORMAT_DATE,
    ColumnKind.DATETIME: FORMAT_DATETIME,
    ColumnKind.INTEGER: FORMAT_GENERAL,
    ColumnKind.FLAG: FORMAT_TEXT,
    ColumnKind.ACTION: FORMAT_TEXT,
    ColumnKind.YES_NO: FORMAT_TEXT,
    ColumnKind.NOTE: FORMAT_GENERAL,
}

FLAG_TRUE: Final = YES
FLAG_FALSE: Final = NO
YES_NO_CODES: Final[tuple[str, ...]] = ("Y", "N")


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a sheet: its header text, the field it holds, how it looks."""

    header: str
    field: str
    kind: ColumnKind = ColumnKind.TEXT
    width: float = 14.0
    hidden: bool = False
    dropdown: tuple[str, ...] = ()  # a list validation over the usable range
    signed: bool = False  # money that can be negative (differences)

    @property
    def number_format(self) -> str:
        """Excel number format of the column's cells."""
        if self.signed and self.kind is ColumnKind.MONEY:
            return FORMAT_RUPEES_SIGNED
        return _KIND_FORMATS[self.kind]

    @property
    def is_text(self) -> bool:
        """True when the cells must be stored as text ('@')."""
        return self.number_format == FORMAT_TEXT


@dataclass(frozen=True, slots=True)
class DataSheet:
    """A sheet holding one table: header row, data rows, optional Excel Table."""

    name: str
    columns: tuple[Column, ...]
    table_name: str | None = None
    header_row: int = 1
    first_data_row: int = 2
    last_data_row: int = 100_001
    tab_colour: str = ""
    freeze_columns: int = 0  # columns kept in view when scrolling right
    hidden: bool = False  # a sheet the jobs keep and the user seldom needs to see

    @property
    def headers(self) -> tuple[str, ...]:
        """Header texts, left to right."""
        return tuple(column.header for column in self.columns)

    @property
    def fields(self) -> tuple[str, ...]:
        """Fields, left to right."""
        return tuple(column.field for column in self.columns)

    def column(self, field_name: str) -> Column:
        """The column holding `field_name`; `KeyError` if none."""
        for column in self.columns:
            if column.field == field_name:
                return column
        raise KeyError(f"sheet {self.name!r} has no column for field {field_name!r}")

    def index(self, field_name: str) -> int:
        """1-based column number of `field_name`."""
        return self.fields.index(self.column(field_name).field) + 1

    def letter(self, field_name: str) -> str:
        """Column letter of `field_name` (``A``, ``AB``)."""
        return column_letter(self.index(field_name))

    def header_map(self) -> dict[str, str]:
        """field -> header text."""
        return {column.field: column.header for column in self.columns}

    def text_headers(self) -> tuple[str, ...]:
        """Headers of the columns stored as text (for `WorkbookPort.write_table`)."""
        return tuple(column.header for column in self.columns if column.is_text)

    def number_formats(self) -> dict[str, str]:
        """header -> number format of the non-text columns (for `write_table`)."""
        return {c.header: c.number_format for c in self.columns if not c.is_text}


def column_letter(index: int) -> str:
    """1-based column number -> Excel letters (1 -> A, 28 -> AB)."""
    if index < 1:
        raise ValueError(f"column numbers start at 1, got {index}")
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# --- sheet names, in workbook order -----------------------------------------------------
HOME: Final = "Home"
BOOKS: Final = "Books"
IMS: Final = "IMS"
MATCHED: Final = "Matched"
MISMATCHED: Final = "Mismatched"
SUGGESTED: Final = "Suggested"
NOT_IN_BOOKS: Final = "Not in Books"
NOT_IN_IMS: Final = "Not in IMS"
SUMMARY: Final = "Summary"
SUPPLIERS: Final = "Suppliers"
SETTINGS: Final = "Settings"
LOG: Final = "Log"
LINKS: Final = "Links"  # hidden; the pairings the user made, by stable keys
HISTORY: Final = "History"  # hidden: the audit trail of changes made by jobs
XLWINGS_CONF: Final = "xlwings.conf"  # hidden; xlwings reads its settings from it

SHEET_ORDER: Final[tuple[str, ...]] = (
    HOME, BOOKS, IMS, MATCHED, MISMATCHED, SUGGESTED, NOT_IN_BOOKS, NOT_IN_IMS, SUMMARY,
    SUPPLIERS, SETTINGS, LOG, LINKS, HISTORY, XLWINGS_CONF,
)

# Reverse-charge and ineligible lines (Category.NOT_EXPECTED), lines the user excluded and
# unpaired lines outside the books period have no sheet: Summary counts them.
RESULT_SHEET_OF: Final[dict[Category, str]] = {
    Category.MATCHED: MATCHED,
    Category.MISMATCHED: MISMATCHED,
    Category.SUGGESTED: SUGGESTED,
    Category.NOT_IN_BOOKS: NOT_IN_BOOKS,
    Category.NOT_IN_IMS: NOT_IN_IMS,
}
RESULT_SHEETS: Final[tuple[str, ...]] = tuple(RESULT_SHEET_OF.values())

# --- colours (RGB hex, no '#') --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Colour:
    """A fill and the font colour that reads well on it."""

    fill: str
    font: str


CATEGORY_COLOURS: Final[dict[Category, Colour]] = {
    Category.MATCHED: Colour(fill="C6EFCE", font="006100"),  # green
    Category.MISMATCHED: Colour(fill="FFEB9C", font="7F4F00"),  # amber
    Category.SUGGESTED: Colour(fill="FCE4D6", font="843C0C"),  # peach: confirm or leave
    Category.NOT_IN_BOOKS: Colour(fill="FFC7CE", font="9C0006"),  # red
    Category.NOT_IN_IMS: Colour(fill="DDEBF7", font="1F4E78"),  # blue
    Category.NOT_EXPECTED: Colour(fill="EDEDED", font="404040"),  # grey
    Category.EXCLUDED: Colour(fill="EDEDED", font="404040"),  # grey
    Category.OUTSIDE_PERIOD: Colour(fill="F2F2F2", font="595959"),  # light grey
}
# A Status containing one of these words is amber whatever its category: a pairing a
# person should choose ("Ambiguous ..."). Suggestions have their own sheet and colour.
AMBER_STATUS_WORDS: Final[tuple[str, ...]] = ("Ambiguous",)
AMBER: Final = CATEGORY_COLOURS[Category.MISMATCHED]
# Rows the supplier changed after the user decided: bold purple text over the whole row.
CHANGED_FONT: Final = "7030A0"
CHANGED_FILL: Final = "E4DFEC"  # lavender behind the Status of such a row
HEADER_FILL: Final = "1F3864"  # dark navy header band, white bold text
HEADER_FONT: Final = "FFFFFF"
INPUT_FILL: Final = "FFF2CC"  # light yellow: a cell the user fills in
SEVERITY_COLOURS: Final[dict[str, Colour]] = {
    "error": CATEGORY_COLOURS[Category.NOT_IN_BOOKS],
    "warning": AMBER,
    "info": CATEGORY_COLOURS[Category.NOT_IN_IMS],
}

# --- Books: the purchase register, pasted by the user -----------------------------------
BOOKS_SHEET: Final = DataSheet(
    name=BOOKS,
    table_name="tblBooks",
    tab_colour="548235",
    freeze_columns=2,
    columns=(
        Column("Supplier GSTIN", d.SUPPLIER_GSTIN, ColumnKind.GSTIN, 18),
        Column("Supplier Name", d.SUPPLIER_NAME, ColumnKind.TEXT, 30),
        Column("Doc Type", d.DOC_TYPE, ColumnKind.CODE, 10),
        Column("Invoice No", d.DOC_NO, ColumnKind.DOC_NO, 18),
        Column("Invoice Date", d.DOC_DATE, ColumnKind.DATE, 13),
        Column("Place of Supply", d.POS, ColumnKind.CODE, 10),
        Column("Taxable Value", d.TAXABLE, ColumnKind.MONEY, 16),
        Column("IGST", d.IGST, ColumnKind.MONEY, 14),
        Column("CGST", d.CGST, ColumnKind.MONEY, 14),
        Column("SGST", d.SGST, ColumnKind.MONEY, 14),
        Column("Cess", d.CESS, ColumnKind.MONEY, 12),
        Column("Invoice Value", d.DOC_VALUE, ColumnKind.MONEY, 16),
        Column("Reverse Charge", d.RCM, ColumnKind.FLAG, 10),
        Column("ITC Eligible", d.ITC_ELIGIBLE, ColumnKind.FLAG, 10),
        Column("Period", d.PERIOD, ColumnKind.CODE, 10),
    ),
)

# --- IMS: the imported documents (the raw JSON record stays in the file) ----------------
IMS_SHEET: Final = DataSheet(
    name=IMS,
    table_name="tblIMS",
    tab_colour="2F5597",
    freeze_columns=4,
    columns=(
        Column("Section", d.SECTION, ColumnKind.CODE, 9),
        Column("Doc Type", d.DOC_TYPE, ColumnKind.CODE, 9),
        Column("Amendment", d.IS_AMENDMENT, ColumnKind.FLAG, 10),
        Column("Supplier GSTIN", d.SUPPLIER_GSTIN, ColumnKind.GSTIN, 18),
        Column("Supplier PAN", d.SUPPLIER_PAN, ColumnKind.CODE, 12),
        Column("Supplier Name", d.SUPPLIER_NAME, ColumnKind.TEXT, 28),
        Column("Doc No", d.DOC_NO, ColumnKind.DOC_NO, 18),
        Column("Doc Date", d.DOC_DATE, ColumnKind.DATE, 12),
        Column("Original Doc No", d.ORIG_DOC_NO, ColumnKind.DOC_NO, 18),
        Column("Original Doc Date", d.ORIG_DOC_DATE, ColumnKind.DATE, 12),
        Column("Invoice Type", d.INV_TYPE, ColumnKind.CODE, 10),
        Column("Place of Supply", d.POS, ColumnKind.CODE, 9),
        Column("Doc Value", d.DOC_VALUE, ColumnKind.MONEY, 16),
        Column("Taxable Value", d.TAXABLE, ColumnKind.MONEY, 16),
        Column("IGST", d.IGST, ColumnKind.MONEY, 14),
        Column("CGST", d.CGST, ColumnKind.MONEY, 14),
        Column("SGST", d.SGST, ColumnKind.MONEY, 14),
        Column("Cess", d.CESS, ColumnKind.MONEY, 12),
        Column("Source Form", d.SRC_FORM, ColumnKind.CODE, 9),
        Column("Source Period", d.SRC_PERIOD, ColumnKind.CODE, 9),
        Column("Filing Status", d.FILING_STATUS, ColumnKind.TEXT, 11),
        Column("Portal Action", d.PORTAL_ACTION, ColumnKind.CODE, 9),
        Column("Pending Blocked", d.PENDING_BLOCKED, ColumnKind.FLAG, 9),
        Column("ITC Reduction Blocked", d.ITC_RED_BLOCKED, ColumnKind.FLAG, 10),
        Column("Remarks Blocked", d.REMARKS_BLOCKED, ColumnKind.FLAG, 9),
        Column("Dialect", d.DIALECT, ColumnKind.CODE, 8),
        Column("Source File", d.SOURCE_FILE, ColumnKind.TEXT, 24),
        Column("Source Record", d.SOURCE_INDEX, ColumnKind.INTEGER, 8),
        Column("Record Key", d.RECORD_KEY, ColumnKind.TEXT, 30, hidden=True),
        Column("Hash", d.HASH, ColumnKind.TEXT, 20, hidden=True),
    ),
)

# --- result sheets: one column list shared by Matched, Mismatched, Not in Books, Not in IMS
UPLOAD_STATUS: Final = "upload_status"  # "Refused: <why>" / "Written: <file>" (export)
# The user's say on a pairing, one tick column whose header says what it does on each
# sheet (`TICK_HEADERS`), and the register row a Not-in-Books document belongs with.
TICK: Final = "tick"
LINK_TO: Final = "link_to"
SHEET_ONLY_FIELDS: Final[tuple[str, ...]] = (UPLOAD_STATUS, TICK, LINK_TO)
# How an Upload Status begins: the export writes the first two, Import portal errors the
# third. Statuses beginning with a red one are shown red; Export offers to send again
# only the rows whose status is a portal error.
UPLOAD_WRITTEN: Final = "Written"
UPLOAD_REFUSED: Final = "Refused"
UPLOAD_PORTAL_ERROR: Final = "Portal error"
UPLOAD_RED_PREFIXES: Final[tuple[str, ...]] = (UPLOAD_REFUSED, UPLOAD_PORTAL_ERROR)
IMS_PREFIX: Final = "ims."
BOOKS_PREFIX: Final = "books."
DOC_PREFIX: Final = "doc."
ITC_RED_DROPDOWN: Final = YES_NO_CODES


def _money_triple(label: str, name: str, *, diff: str) -> tuple[Column, ...]:
    return (
        Column(f"IMS {label}", IMS_PREFIX + name, ColumnKind.MONEY, 14),
        Column(f"Books {label}", BOOKS_PREFIX + name, ColumnKind.MONEY, 14),
        Column(f"Diff {label}", diff, ColumnKind.MONEY, 12, signed=True),
    )


RESULT_COLUMNS: Final[tuple[Column, ...]] = (
    Column("Status", d.MATCH_STATUS, ColumnKind.TEXT, 30),
    Column("Category", d.CATEGORY, ColumnKind.TEXT, 13),
    Column("Action", d.ACTION, ColumnKind.ACTION, 11, dropdown=ACTION_LABELS),
    Column("Suggested Action", d.SUGGESTED_ACTION, ColumnKind.ACTION, 11),
    Column("Reason", d.REASON, ColumnKind.NOTE, 46),
    Column("Remarks", d.REMARKS, ColumnKind.TEXT, 26),
    Column("Tick", TICK, ColumnKind.FLAG, 9, dropdown=(FLAG_TRUE, FLAG_FALSE)),
    Column("Link To Register Row", LINK_TO, ColumnKind.INTEGER, 11),
    Column("Supplier GSTIN", DOC_PREFIX + d.SUPPLIER_GSTIN, ColumnKind.GSTIN, 18),
    Column("Supplier Name", DOC_PREFIX + d.SUPPLIER_NAME, ColumnKind.TEXT, 26),
    Column("Doc Type", DOC_PREFIX + d.DOC_TYPE, ColumnKind.CODE, 8),
    Column("Section", IMS_PREFIX + d.SECTION, ColumnKind.CODE, 8),
    Column("IMS Doc No", IMS_PREFIX + d.DOC_NO, ColumnKind.DOC_NO, 16),
    Column("IMS Date", IMS_PREFIX + d.DOC_DATE, ColumnKind.DATE, 11),
    Column("Books Doc No", BOOKS_PREFIX + d.DOC_NO, ColumnKind.DOC_NO, 16),
    Column("Books Date", BOOKS_PREFIX + d.DOC_DATE, ColumnKind.DATE, 11),
    *_money_triple("Taxable", d.TAXABLE, diff="diff_taxable"),
    *_money_triple("IGST", d.IGST, diff="diff_igst"),
    *_money_triple("CGST", d.CGST, diff="diff_cgst"),
    *_money_triple("SGST", d.SGST, diff="diff_sgst"),
    *_money_triple("Cess", d.CESS, diff="diff_cess"),
    *_money_triple("Value", d.DOC_VALUE, diff="diff_doc_value"),
    Column("Portal Action", IMS_PREFIX + d.PORTAL_ACTION, ColumnKind.CODE, 8),
    Column("Filing Status", IMS_PREFIX + d.FILING_STATUS, ColumnKind.TEXT, 11),
    Column("Pending Blocked", IMS_PREFIX + d.PENDING_BLOCKED, ColumnKind.FLAG, 9),
    Column("ITC Reduction", d.ITC_RED_REQ, ColumnKind.YES_NO, 9, dropdown=ITC_RED_DROPDOWN),
    Column("Declared IGST", "decl_igst", ColumnKind.MONEY, 13),
    Column("Declared CGST", "decl_cgst", ColumnKind.MONEY, 13),
    Column("Declared SGST", "decl_sgst", ColumnKind.MONEY, 13),
    Column("Declared Cess", "decl_cess", ColumnKind.MONEY, 13),
    Column("Match Rule", d.MATCH_RULE, ColumnKind.CODE, 12),
    Column("Warning", d.WARNING, ColumnKind.NOTE, 30),
    Column("Changed Since Decision", d.CHANGED_SINCE_DECISION, ColumnKind.FLAG, 10),
    # Every Books row of the document ("12, 13" when a pasted line-wise register books it
    # on several rows).
    Column("Register Row", BOOKS_PREFIX + d.REGISTER_ROWS, ColumnKind.TEXT, 9),
    Column("Upload Status", UPLOAD_STATUS, ColumnKind.NOTE, 30),
    Column("Record Key", d.RECORD_KEY, ColumnKind.TEXT, 30, hidden=True),
    Column("Books Key", d.BOOKS_KEY, ColumnKind.TEXT, 30, hidden=True),
    Column("Hash", IMS_PREFIX + d.HASH, ColumnKind.TEXT, 20, hidden=True),
    Column("IMS Id", d.IMS_ID, ColumnKind.INTEGER, 8, hidden=True),
    Column("Books Id", d.BOOKS_ID, ColumnKind.INTEGER, 8, hidden=True),
)

_RESULT_TABS: Final[dict[str, str]] = {
    MATCHED: "00B050",
    MISMATCHED: "FFC000",
    SUGGESTED: "ED7D31",
    NOT_IN_BOOKS: "C00000",
    NOT_IN_IMS: "2E75B6",
}
# What a ticked row asks for, per sheet (no tick column on Not in Books, whose documents
# are linked by typing the register row in Link To). Confirm is ticked for every
# suggestion: the user unticks the wrong ones, then runs Confirm suggestions.
TICK_HEADERS: Final[dict[str, str]] = {
    MATCHED: "Unlink", MISMATCHED: "Unlink", SUGGESTED: "Confirm", NOT_IN_IMS: "Exclude",
}


def _result_columns(sheet: str) -> tuple[Column, ...]:
    """`RESULT_COLUMNS` as `sheet` shows them: the tick column named for what it does
    there (hidden where it does nothing), Link To only on Not in Books."""
    columns: list[Column] = []
    for column in RESULT_COLUMNS:
        if column.field == TICK:
            header = TICK_HEADERS.get(sheet, column.header)
            column = Column(header, TICK, column.kind, column.width,
                            hidden=sheet not in TICK_HEADERS, dropdown=column.dropdown)
        elif column.field == LINK_TO:
            column = Column(column.header, LINK_TO, column.kind, column.width,
                            hidden=sheet != NOT_IN_BOOKS)
        columns.append(column)
    return tuple(columns)


RESULT_SHEET_LAYOUTS: Final[dict[str, DataSheet]] = {
    name: DataSheet(
        name=name,
        columns=_result_columns(name),
        tab_colour=_RESULT_TABS[name],
        freeze_columns=3,  # Status, Category and Action stay in view
    )
    for name in RESULT_SHEETS
}

# --- Links (hidden): the pairings the user made, by stable keys --------------------------
LINKS_SHEET: Final = DataSheet(
    name=LINKS,
    hidden=True,
    columns=(
        Column("Kind", "kind", ColumnKind.CODE, 10),
        Column("IMS Record Key", "ims_key", ColumnKind.TEXT, 40),
        Column("Books Key", "books_key", ColumnKind.TEXT, 40),
    ),
)

# --- Log: every problem found in the input ----------------------------------------------
LOG_TIME: Final = "time"
LOG_SHEET: Final = DataSheet(
    name=LOG,
    tab_colour="7F7F7F",
    columns=(
        Column("Time", LOG_TIME, ColumnKind.DATETIME, 17),
        Column("Severity", "severity", ColumnKind.CODE, 9),
        Column("File", "file", ColumnKind.TEXT, 28),
        Column("Sheet", "sheet", ColumnKind.TEXT, 12),
        Column("Section", "section", ColumnKind.CODE, 9),
        Column("Row", "row", ColumnKind.INTEGER, 8),
        Column("Field", "field", ColumnKind.TEXT, 16),
        Column("Message", "message", ColumnKind.NOTE, 90),
    ),
)

# --- Suppliers: one line per supplier GSTIN, the ones with most ITC at stake first -------
# The Status is the user's (a dropdown); reconcile keeps it per GSTIN when it rewrites
# the sheet. A supplier with something to follow up starts as the first status.
SUPPLIER_STATUSES: Final[tuple[str, ...]] = ("to contact", "contacted", "resolved")
SUPPLIER_STATUS: Final = "supplier_status"
SUPPLIERS_SHEET: Final = DataSheet(
    name=SUPPLIERS,
    tab_colour="C55A11",
    freeze_columns=3,
    columns=(
        Column("Rank", "rank", ColumnKind.INTEGER, 6),
        Column("Supplier GSTIN", d.SUPPLIER_GSTIN, ColumnKind.GSTIN, 18),
        Column("Supplier Name", d.SUPPLIER_NAME, ColumnKind.TEXT, 30),
        Column("Status", SUPPLIER_STATUS, ColumnKind.TEXT, 12, dropdown=SUPPLIER_STATUSES),
        Column("ITC at Stake", "itc_at_stake", ColumnKind.MONEY, 16),
        Column("To Follow Up", "follow_ups", ColumnKind.INTEGER, 10),
        Column("Not in IMS", "not_in_ims", ColumnKind.INTEGER, 10),
        Column("Not in IMS Tax", "not_in_ims_tax", ColumnKind.MONEY, 15),
        Column("Mismatched", "mismatched", ColumnKind.INTEGER, 11),
        Column("Tax Difference", "tax_difference", ColumnKind.MONEY, 15),
        Column("Credit Notes Awaited", "credit_notes_awaited", ColumnKind.INTEGER, 11),
        Column("Credit Note Tax Awaited", "credit_note_tax", ColumnKind.MONEY, 15),
        Column("Not in Books", "not_in_books", ColumnKind.INTEGER, 11),
        Column("Matched", "matched", ColumnKind.INTEGER, 10),
        Column("IMS Docs", "ims_documents", ColumnKind.INTEGER, 10),
    ),
)

# --- History (hidden): every change a job made to a user's cell, oldest first ----------
# One row per changed cell: when, which job, where (sheet, row), which document (record
# key, supplier, number), which column, the value before and after, as the sheet showed
# them. Export copies it next to the upload files.
HISTORY_SHEET: Final = DataSheet(
    name=HISTORY,
    tab_colour="7F7F7F",
    hidden=True,
    columns=(
        Column("Time", "time", ColumnKind.DATETIME, 17),
        Column("Job", "job", ColumnKind.CODE, 16),
        Column("Sheet", "sheet", ColumnKind.TEXT, 13),
        Column("Row", "row", ColumnKind.INTEGER, 8),
        Column("Record Key", d.RECORD_KEY, ColumnKind.TEXT, 40),
        Column("Supplier GSTIN", d.SUPPLIER_GSTIN, ColumnKind.GSTIN, 18),
        Column("Doc No", d.DOC_NO, ColumnKind.DOC_NO, 18),
        Column("Field", "field", ColumnKind.TEXT, 16),
        Column("Old", "old", ColumnKind.TEXT, 30),
        Column("New", "new", ColumnKind.TEXT, 30),
    ),
)

DATA_SHEETS: Final[dict[str, DataSheet]] = {
    BOOKS: BOOKS_SHEET,
    IMS: IMS_SHEET,
    **RESULT_SHEET_LAYOUTS,
    SUPPLIERS: SUPPLIERS_SHEET,
    LOG: LOG_SHEET,
    LINKS: LINKS_SHEET,
    HISTORY: HISTORY_SHEET,
}

# --- named cells ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NamedCell:
    """A workbook-level defined name for one cell, with the label shown next to it."""

    name: str
    sheet: str
    row: int
    column: int
    label: str
    kind: ColumnKind = ColumnKind.TEXT

    @property
    def address(self) -> str:
        """Absolute A1 reference within the sheet, e.g. ``$E$6``."""
        return f"${column_letter(self.column)}${self.row}"

    @property
    def refers_to(self) -> str:
        """The defined name's formula, e.g. ``='Home'!$E$6``."""
        return f"='{self.sheet}'!{self.address}"


# Home: a column of large buttons on the left, the status panel on the right.
HOME_TITLE_CELL: Final = (2, 2)  # row, column of the title (B2)
HOME_STATUS_LABEL_COLUMN: Final = 7  # G
HOME_STATUS_VALUE_COLUMN: Final = 8  # H
HOME_STATUS_FIRST_ROW: Final = 6
# Picked paths are joined with a line feed: no Windows or macOS path holds one.
PATH_SEPARATOR: Final = "\n"


def _home(name: str, offset: int, label: str, kind: ColumnKind = ColumnKind.TEXT) -> NamedCell:
    return NamedCell(
        name, HOME, HOME_STATUS_FIRST_ROW + offset, HOME_STATUS_VALUE_COLUMN, label, kind
    )


# Written by the VBA before it calls Python (the picked file paths).
PICKED_IMS_FILES: Final = _home("Picked_IMS_Files", 0, "IMS file(s)", ColumnKind.NOTE)
PICKED_REGISTER_FILE: Final = _home("Picked_Register_File", 1, "Register file",
                                     ColumnKind.NOTE)
# Written by the jobs: what happened last.
IMS_IMPORTED_AT: Final = _home("Status_IMS_Imported_At", 2, "IMS imported at", ColumnKind.DATETIME)
IMS_DIALECT: Final = _home("Status_IMS_Dialect", 3, "JSON dialect", ColumnKind.CODE)
IMS_DOCUMENTS: Final = _home("Status_IMS_Documents", 4, "IMS documents", ColumnKind.INTEGER)
REGISTER_IMPORTED_AT: Final = _home(
    "Status_Register_Imported_At", 5, "Register imported at", ColumnKind.DATETIME
)
REGISTER_ROWS: Final = _home("Status_Register_Rows", 6, "Register documents", ColumnKind.INTEGER)
RECIPIENT_GSTIN_SHOWN: Final = _home("Status_Recipient_GSTIN", 7, "Recipient GSTIN")
RECONCILED_AT: Final = _home("Status_Reconciled_At", 8, "Reconciled at", ColumnKind.DATETIME)
COUNT_CELLS: Final[dict[Category, NamedCell]] = {
    Category.MATCHED: _home("Count_Matched", 9, "Matched", ColumnKind.INTEGER),
    Category.MISMATCHED: _home("Count_Mismatched", 10, "Mismatched", ColumnKind.INTEGER),
    Category.NOT_IN_BOOKS: _home("Count_Not_In_Books", 11, "Not in Books", ColumnKind.INTEGER),
    Category.NOT_IN_IMS: _home("Count_Not_In_IMS", 12, "Not in IMS", ColumnKind.INTEGER),
    Category.NOT_EXPECTED: _home(
        "Count_Not_Expected", 13, "Not expected in IMS (RCM / ineligible)", ColumnKind.INTEGER
    ),
    # Added later, below the other cells, so that no earlier cell moves.
    Category.SUGGESTED: _home("Count_Suggested", 21, "Suggested (confirm them)",
                              ColumnKind.INTEGER),
    Category.EXCLUDED: _home("Count_Excluded", 22, "Excluded by you", ColumnKind.INTEGER),
    Category.OUTSIDE_PERIOD: _home("Count_Outside_Period", 23, "Outside the books period",
                                   ColumnKind.INTEGER),
}
# Tax (IGST + CGST + SGST + cess) of IMS documents not yet safely matched: Mismatched,
# Suggested and Not in Books. The workflow fills it.
ITC_AT_STAKE: Final = _home("Status_ITC_At_Stake", 14, "ITC at stake (₹)", ColumnKind.MONEY)
EXPORTED_AT: Final = _home("Status_Exported_At", 15, "Upload JSON written at", ColumnKind.DATETIME)
UPLOAD_FILES: Final = _home("Status_Upload_Files", 16, "Upload file(s)", ColumnKind.NOTE)
# The portal's answer to an upload: the error file(s) picked (written by the VBA), when
# they were imported and how many documents the portal refused.
PICKED_ERROR_FILES: Final = _home("Picked_Error_Files", 17, "Portal error file(s)",
                                   ColumnKind.NOTE)
ERRORS_IMPORTED_AT: Final = _home(
    "Status_Errors_Imported_At", 18, "Portal errors imported at", ColumnKind.DATETIME
)
PORTAL_ERRORS: Final = _home("Count_Portal_Errors", 19, "Refused by the portal",
                             ColumnKind.INTEGER)
LAST_MESSAGE: Final = _home("Status_Last_Message", 20, "Last result", ColumnKind.NOTE)
# The deadline: the return period, each return date and the days left to it (the dates'
# rules are in `gst_ims.deadlines`, keyed as their Settings overrides), and what is
# still open. Written by Reconcile and Accept all matched, with the job's clock.
RETURN_PERIOD_SHOWN: Final = _home("Deadline_Return_Period", 24, "Return period (MMYYYY)",
                                   ColumnKind.CODE)
DEADLINE_CELLS: Final[dict[str, tuple[NamedCell, NamedCell]]] = {
    "gstr2b_date": (
        _home("Deadline_GSTR2B_Date", 25, "GSTR-2B draft on", ColumnKind.DATE),
        _home("Deadline_GSTR2B_Days", 26, "Days left to the GSTR-2B draft", ColumnKind.INTEGER),
    ),
    "gstr3b_due_date": (
        _home("Deadline_GSTR3B_Date", 27, "GSTR-3B due on", ColumnKind.DATE),
        _home("Deadline_GSTR3B_Days", 28, "Days left to the GSTR-3B due date",
              ColumnKind.INTEGER),
    ),
}
NO_ACTION_LEFT: Final = _home("Count_No_Action_Chosen", 29,
                              "IMS documents with no action chosen", ColumnKind.INTEGER)
PENDING_CN_DEEMED: Final = _home("Count_Pending_CN_Deemed", 30,
                                 "Credit notes at Pending, deemed accepted after this period",
                                 ColumnKind.INTEGER)
DEADLINE_NAMED_CELLS: Final[tuple[NamedCell, ...]] = (
    RETURN_PERIOD_SHOWN, *(cell for pair in DEADLINE_CELLS.values() for cell in pair),
    NO_ACTION_LEFT, PENDING_CN_DEEMED,
)

HOME_STATUS_CELLS: Final[tuple[NamedCell, ...]] = (
    PICKED_IMS_FILES, PICKED_REGISTER_FILE, IMS_IMPORTED_AT, IMS_DIALECT, IMS_DOCUMENTS,
    REGISTER_IMPORTED_AT, REGISTER_ROWS, RECIPIENT_GSTIN_SHOWN, RECONCILED_AT,
    *COUNT_CELLS.values(), ITC_AT_STAKE, EXPORTED_AT, UPLOAD_FILES,
    PICKED_ERROR_FILES, ERRORS_IMPORTED_AT, PORTAL_ERRORS, LAST_MESSAGE,
    *DEADLINE_NAMED_CELLS,
)
# Shown by a formula over the Settings cell, so Python never writes it.
FORMULA_CELLS: Final[tuple[NamedCell, ...]] = (RECIPIENT_GSTIN_SHOWN,)

# --- Settings: key / value / explanation ------------------------------------------------


SETTINGS_KEY_COLUMN: Final = 2  # B: key (small, grey; the code reads it)
SETTINGS_LABEL_COLUMN: Final = 3  # C: the setting in words
SETTINGS_VALUE_COLUMN: Final = 4  # D: value (yellow input cell)
SETTINGS_EXPLANATION_COLUMN: Final = 5  # E
SETTINGS_HEADER_ROW: Final = 3
SETTINGS_HEADERS: Final[tuple[str, ...]] = ("Key", "Setting", "Value", "What it does")
SETTINGS_TABLE: Final = "tblSettings"
YES_NO_LABELS: Final[tuple[str, ...]] = (FLAG_TRUE, FLAG_FALSE)

# The rows of the Settings sheet: the settings table, in its order.
SETTING_ROWS: Final[tuple[Setting, ...]] = SETTING_TABLE
# What ReconSettings reads: its fields' keys (every workbook has them) and the default
# actions (added after workbooks were in use: a workbook without them keeps the defaults).
RECON_SETTING_KEYS: Final[tuple[str, ...]] = tuple(
    row.key for row in SETTING_TABLE if row.attribute is not None)
OPTIONAL_RECON_SETTING_KEYS: Final[tuple[str, ...]] = tuple(
    row.key for row in SETTING_TABLE if row.key.startswith(DEFAULT_ACTION_PREFIX))
SETTINGS_FIRST_ROW: Final = SETTINGS_HEADER_ROW + 1


def setting_cell(key: str) -> NamedCell:
    """The named value cell of setting `key` (name ``Setting_<key>``)."""
    for offset, setting in enumerate(SETTING_ROWS):
        if setting.key == key:
            return NamedCell(
                f"Setting_{key}", SETTINGS, SETTINGS_FIRST_ROW + offset,
                SETTINGS_VALUE_COLUMN, setting.label,
            )
    raise KeyError(f"no setting {key!r}")


SETTING_CELLS: Final[tuple[NamedCell, ...]] = tuple(setting_cell(s.key) for s in SETTING_ROWS)
RECIPIENT_GSTIN: Final = setting_cell("recipient_gstin")
OUTPUT_FOLDER: Final = setting_cell("output_folder")

# Register column mapping: which header of the user's register holds each field. Blank =
# recognised automatically (the register reader's aliases).
MAPPING_TABLE: Final = "tblColumnMapping"
MAPPING_HEADERS: Final[tuple[str, ...]] = ("Field", "Meaning", "Your register's header")
MAPPING_HEADER_ROW: Final = SETTINGS_FIRST_ROW + len(SETTING_ROWS) + 3
MAPPING_FIRST_ROW: Final = MAPPING_HEADER_ROW + 1
MAPPING_FIELD_COLUMN: Final = SETTINGS_KEY_COLUMN  # B: canonical field
MAPPING_MEANING_COLUMN: Final = SETTINGS_LABEL_COLUMN  # C: what it is (the Books header)
MAPPING_VALUE_COLUMN: Final = SETTINGS_VALUE_COLUMN  # D: the user's header, blank = auto
MAPPED_FIELDS: Final[tuple[str, ...]] = BOOKS_SHEET.fields

# --- Summary ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SummaryBlock:
    """A table on Summary: a title above, headers on `header_row`, rows below."""

    title: str
    header_row: int
    first_column: int
    columns: tuple[Column, ...]
    max_rows: int | None  # None: grows downwards (nothing is placed below it)

    @property
    def first_data_row(self) -> int:
        """First row under the headers."""
        return self.header_row + 1

    @property
    def headers(self) -> tuple[str, ...]:
        """Header texts, left to right."""
        return tuple(column.header for column in self.columns)


# Summary amounts are ITC effects: credit notes count negative (they reduce ITC).
_TAX_COLUMNS: Final[tuple[Column, ...]] = (
    Column("Taxable Value", d.TAXABLE, ColumnKind.MONEY, 16, signed=True),
    Column("IGST", d.IGST, ColumnKind.MONEY, 14, signed=True),
    Column("CGST", d.CGST, ColumnKind.MONEY, 14, signed=True),
    Column("SGST", d.SGST, ColumnKind.MONEY, 14, signed=True),
    Column("Cess", d.CESS, ColumnKind.MONEY, 12, signed=True),
    Column("Total Tax", "total_tax", ColumnKind.MONEY, 16, signed=True),
)
SUMMARY_CATEGORY_BLOCK: Final = SummaryBlock(
    title="By category (credit notes subtract)",
    header_row=4,
    first_column=2,
    columns=(
        Column("Category", d.CATEGORY, ColumnKind.TEXT, 30),
        Column("Documents", "documents", ColumnKind.INTEGER, 12),
        *_TAX_COLUMNS,
    ),
    max_rows=len(Category) + 1,  # one per category and a Total row
)
SUMMARY_ACTION_BLOCK: Final = SummaryBlock(
    title="By chosen action (IMS documents)",
    header_row=SUMMARY_CATEGORY_BLOCK.first_data_row + len(Category) + 3,
    first_column=2,
    columns=(
        Column("Action", d.ACTION, ColumnKind.ACTION, 30),
        Column("Documents", "documents", ColumnKind.INTEGER, 12),
        *_TAX_COLUMNS,
    ),
    max_rows=len(ACTION_LABELS) + 1,
)
SUMMARY_SUPPLIER_BLOCK: Final = SummaryBlock(
    title="By supplier",
    header_row=SUMMARY_ACTION_BLOCK.first_data_row + len(ACTION_LABELS) + 3,
    first_column=2,
    columns=(
        Column("Supplier GSTIN", d.SUPPLIER_GSTIN, ColumnKind.GSTIN, 30),
        Column("Supplier Name", d.SUPPLIER_NAME, ColumnKind.TEXT, 28),
        Column("IMS Docs", "ims_documents", ColumnKind.INTEGER, 10),
        Column("Matched", "matched", ColumnKind.INTEGER, 10),
        Column("Mismatched", "mismatched", ColumnKind.INTEGER, 11),
        Column("Not in Books", "not_in_books", ColumnKind.INTEGER, 11),
        Column("Not in IMS", "not_in_ims", ColumnKind.INTEGER, 11),
        Column("IMS Tax", "ims_tax", ColumnKind.MONEY, 16, signed=True),
        Column("Books Tax", "books_tax", ColumnKind.MONEY, 16, signed=True),
        Column("Diff Tax", "diff_tax", ColumnKind.MONEY, 14, signed=True),
    ),
    max_rows=None,
)
SUMMARY_BLOCKS: Final[tuple[SummaryBlock, ...]] = (
    SUMMARY_CATEGORY_BLOCK, SUMMARY_ACTION_BLOCK, SUMMARY_SUPPLIER_BLOCK,
)
# Beside the blocks above (right of the supplier block, which grows downwards): the ten
# suppliers with the most ITC at stake, from the Suppliers sheet, for the chart.
SUMMARY_TOP_SUPPLIERS_BLOCK: Final = SummaryBlock(
    title="Top ten suppliers by ITC at stake",
    header_row=SUMMARY_CATEGORY_BLOCK.header_row,
    first_column=14,  # N
    columns=(
        Column("Supplier", "label", ColumnKind.TEXT, 30),
        Column("Supplier GSTIN", d.SUPPLIER_GSTIN, ColumnKind.GSTIN, 18),
        Column("ITC at Stake", "itc_at_stake", ColumnKind.MONEY, 16),
    ),
    max_rows=10,
)


@dataclass(frozen=True, slots=True)
class SummaryChart:
    """A native chart the builder places on Summary over a block's rows (so it follows
    the data): the block, the field of the bar labels and of the values, how many data
    rows it covers (a Total row below is left out), the cell of its top-left corner."""

    title: str
    block: SummaryBlock
    label_field: str
    value_field: str
    rows: int
    anchor: str
    kind: str = "column"  # XlsxWriter chart type: column (upright) or bar (across)

    def _range(self, field_name: str) -> str:
        fields = [column.field for column in self.block.columns]
        letter = column_letter(self.block.first_column + fields.index(field_name))
        first, last = self.block.first_data_row, self.block.first_data_row + self.rows - 1
        return f"='{SUMMARY}'!${letter}${first}:${letter}${last}"

    @property
    def labels(self) -> str:
        """The formula of the bar labels' cells."""
        return self._range(self.label_field)

    @property
    def values(self) -> str:
        """The formula of the values' cells."""
        return self._range(self.value_field)


SUMMARY_CHARTS: Final[tuple[SummaryChart, ...]] = (
    SummaryChart("Tax by category (₹, credit notes subtract)", SUMMARY_CATEGORY_BLOCK,
                 d.CATEGORY, "total_tax", len(Category), "N17"),
    SummaryChart("Tax by chosen action (₹, IMS documents)", SUMMARY_ACTION_BLOCK, d.ACTION,
                 "total_tax", len(ACTION_LABELS), "N35"),
    SummaryChart("Top ten suppliers by ITC at stake (₹)", SUMMARY_TOP_SUPPLIERS_BLOCK,
                 "label", "itc_at_stake", 10, "N53", kind="bar"),
)
SUMMARY_TITLE_CELL: Final = (2, 2)  # B2
SUMMARY_STAMP: Final = NamedCell(
    "Summary_Made_At", SUMMARY, 2, 5, "Made at", ColumnKind.DATETIME
)

# --- jobs: Home buttons, ribbon controls and the Python entry points ---------------------


@dataclass(frozen=True, slots=True)
class Job:
    """One user job: the VBA macro a button runs and the `gst_ims.excel` function it calls.

    `macro` is ``Module.Sub`` in `vba/`; `python_function` is the name in `gst_ims.excel`
    (the VBA calls ``RunPython "import gst_ims.excel as x; x.<python_function>()"``).
    """

    macro: str
    python_function: str
    button_label: str
    step: int | None  # 1, 2, 3 for the numbered monthly steps; None for helpers


JOBS: Final[tuple[Job, ...]] = (
    Job("Jobs.ImportIMS", "import_ims", "Import IMS JSON", 1),
    Job("Jobs.Reconcile", "reconcile", "Reconcile", 2),
    Job("Jobs.ExportUpload", "export_upload", "Export upload JSON", 3),
    Job("Jobs.ImportRegister", "import_books", "Import register from file…", None),
    Job("Jobs.AcceptMatched", "accept_matched", "Accept all matched", None),
    Job("Jobs.ConfirmSuggestions", "confirm_suggestions", "Confirm ticked suggestions", None),
    Job("Jobs.ImportErrors", "import_errors", "Import portal errors…", None),
    Job("Jobs.SupplierLetters", "supplier_letters", "Write supplier letters", None),
    Job("Jobs.CheckSetup", "check_setup", "Check set-up", None),
)
PYTHON_MODULE: Final = "gst_ims.excel"


def run_python_command(job: Job) -> str:
    """The exact Python text the job's macro hands to xlwings' RunPython."""
    return f"import {PYTHON_MODULE} as x; x.{job.python_function}()"


# --- xlwings.conf (hidden): column A key, column B value ------------------------------
# xlwings takes a key present on this sheet even when its value is blank, over the
# per-user settings file that `gst-ims setup-excel` writes (the interpreter path): so
# only keys with a value are here. The workbook's folder is kept off Python's import
# path (a file there could shadow a module, and a OneDrive/SharePoint web address makes
# xlwings fail before any job runs); the UDF server stays off, whatever an installed
# xlwings add-in says.
XLWINGS_CONF_ENTRIES: Final[tuple[tuple[str, str | bool], ...]] = (
    ("ADD_WORKBOOK_TO_PYTHONPATH", False),
    ("USE UDF SERVER", False),
)
# A workbook-level name holding the xlwings version of the embedded VBA module, so the
# set-up check can compare it with the installed xlwings without decoding the VBA.
XLWINGS_VERSION_NAME: Final = "GstIms_Xlwings_Version"
# The version of this layout, stamped into every workbook built (a workbook-level name
# holding a constant, hidden from the sheets). Raise it whenever a sheet, column, table
# or named cell moves, so that a workbook built by an older release is upgraded
# (`gst-ims upgrade-workbook`) instead of written with today's column letters. Workbooks
# made before the stamp existed count as version 1.
LAYOUT_VERSION: Final = 2
LAYOUT_VERSION_NAME: Final = "GstIms_Layout_Version"

# --- fixed texts -----------------------------------------------------------------------
WORKBOOK_TITLE: Final = "GST IMS Reconciler"
HOME_SUBTITLE: Final = (
    "Invoice Management System: match the portal's supplier documents with your purchase "
    "register, decide, and upload."
)
HOME_HOW_TO: Final[tuple[str, ...]] = (
    "How to use it each month (between the 14th and the 20th):",
    "1. Download the IMS JSON from the portal (IMS > Offline > Download JSON) and import it.",
    "2. Paste your purchase register into the Books sheet (or import it from a file), then "
    "Reconcile.",
    "3. Review Mismatched and Not in Books. Choose an Action in each row; add Remarks for "
    "Reject / Pending.",
    "4. Export the upload JSON and upload it on the portal (IMS > Offline > Upload JSON).",
    "5. If the portal gives back an error file, Import portal errors: the failed rows turn "
    "red with the reason; fix them and export only those.",
    "Colours: green matched, amber check, red not in books, blue not in IMS, purple text = "
    "changed by the supplier since you decided.",
    "The buttons do not save the workbook: save it yourself (Ctrl+S). If a job stops "
    "part-way, close without saving to go back to your last save.",
)


# Every defined name of the workbook (Home status, Settings values, Summary stamp).
ALL_NAMED_CELLS: Final[tuple[NamedCell, ...]] = (
    *HOME_STATUS_CELLS, *SETTING_CELLS, SUMMARY_STAMP,
)
