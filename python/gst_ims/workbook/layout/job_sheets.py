"""The sheets the jobs keep besides the results: Links, Log, Suppliers, History; and
every data sheet by name (`DATA_SHEETS`)."""

from __future__ import annotations

from typing import Final

from gst_ims.domain import documents as d
from gst_ims.workbook.layout.columns import Column, ColumnKind, DataSheet
from gst_ims.workbook.layout.input_sheets import BOOKS_SHEET, IMS_SHEET
from gst_ims.workbook.layout.result_sheets import RESULT_SHEET_LAYOUTS
from gst_ims.workbook.layout.sheet_names import BOOKS, HISTORY, IMS, LINKS, LOG, SUPPLIERS

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
