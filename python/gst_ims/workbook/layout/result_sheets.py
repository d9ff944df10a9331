"""The result sheets (Matched, Mismatched, Suggested, Not in Books, Not in IMS): one
column list shared by all, the fields only the sheet holds, each sheet's tick column."""

from __future__ import annotations

from typing import Final

from gst_ims.domain import documents as d
from gst_ims.domain.documents import ACTION_LABELS
from gst_ims.workbook.layout.columns import (
    FLAG_FALSE,
    FLAG_TRUE,
    YES_NO_CODES,
    Column,
    ColumnKind,
    DataSheet,
)
from gst_ims.workbook.layout.sheet_names import (
    MATCHED,
    MISMATCHED,
    NOT_IN_BOOKS,
    NOT_IN_IMS,
    RESULT_SHEETS,
    SUGGESTED,
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
