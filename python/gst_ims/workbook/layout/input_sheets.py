"""The sheets of the month's input: Books (the purchase register) and IMS (the imported
documents)."""

from __future__ import annotations

from typing import Final

from gst_ims.domain import documents as d
from gst_ims.workbook.layout.columns import Column, ColumnKind, DataSheet
from gst_ims.workbook.layout.sheet_names import BOOKS, IMS

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
