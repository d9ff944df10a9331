"""The README's pictures (docs/images) and the workbook the LibreOffice tests look at: the
built workbook with a few realistic rows written in (through openpyxl, as the file port
writes), and a generated month reconciled through the command line. Rendering is the
package's (`gst_ims.workbook.render`); this holds only what to show.

    .venv/bin/python tests/support/pictures.py docs/images
"""

from __future__ import annotations

import struct
import sys
import tempfile
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl

from gst_ims.domain.documents import Category, Dialect
from gst_ims.domain.gstin import make_gstin
from gst_ims.workbook import layout as lay
from gst_ims.workbook.render import (
    HOME_AREA,
    SUMMARY_AREA,
    Picture,
    render_pictures,
    save_for_rendering,
)

# --- a few realistic rows -------------------------------------------------------------
_ACME = make_gstin("27", "AABCA1234F")
_BHARAT = make_gstin("29", "AAFCB5678K")
_CHENNAI = make_gstin("33", "AAGCC4321M")
_DELHI = make_gstin("07", "AACFD8765Q")
_EASTERN = make_gstin("19", "AAHCE2468P")


def _doc(day: int, month: int = 11) -> datetime:
    return datetime(2026, month, day)


def _row(**values: Any) -> dict[str, Any]:
    return values


MISMATCHED_ROWS: list[dict[str, Any]] = [
    _row(match_status="Amounts differ", category=Category.MISMATCHED.value, action="Pending",
         suggested_action="Pending",
         reason="Taxable value differs by ₹1,250.00 (IMS higher); tax differs by ₹225.00",
         remarks="Asked supplier for revised invoice", supplier_gstin=_ACME,
         supplier_name="Acme Industrial Supplies Pvt Ltd", doc_type="INV", section="b2b",
         ims_doc_no="ACM/2526/1187", ims_date=_doc(4), books_doc_no="ACM/2526/1187",
         books_date=_doc(4), ims_taxable=125000.0, books_taxable=123750.0, diff_taxable=1250.0,
         ims_igst=0.0, books_igst=0.0, diff_igst=0.0, ims_cgst=11250.0, books_cgst=11137.5,
         diff_cgst=112.5),
    _row(match_status="Suggested match (number differs)", category=Category.MISMATCHED.value,
         action="Accept", suggested_action="Accept",
         reason="Same supplier, amounts and date; invoice number 'INV-0042' booked as '42'",
         remarks="", supplier_gstin=_BHARAT, supplier_name="Bharat Logistics LLP",
         doc_type="INV", section="b2b", ims_doc_no="INV-0042", ims_date=_doc(7),
         books_doc_no="42", books_date=_doc(7), ims_taxable=48200.0, books_taxable=48200.0,
         diff_taxable=0.0, ims_igst=8676.0, books_igst=8676.0, diff_igst=0.0, ims_cgst=0.0,
         books_cgst=0.0, diff_cgst=0.0),
    _row(match_status="Date differs", category=Category.MISMATCHED.value, action="Accept",
         suggested_action="Accept", reason="Invoice date 12 days apart (IMS 02-11, books "
         "14-11); amounts agree", remarks="", supplier_gstin=_CHENNAI,
         supplier_name="Chennai Castings & Forgings", doc_type="INV", section="b2b",
         ims_doc_no="CCF-7781", ims_date=_doc(2), books_doc_no="CCF-7781",
         books_date=_doc(14), ims_taxable=1875400.0, books_taxable=1875400.0,
         diff_taxable=0.0, ims_igst=337572.0, books_igst=337572.0, diff_igst=0.0,
         ims_cgst=0.0, books_cgst=0.0, diff_cgst=0.0),
    _row(match_status="Amounts differ", category=Category.MISMATCHED.value, action="Reject",
         suggested_action="Pending", reason="Tax type differs: IMS has IGST, books has "
         "CGST + SGST", remarks="Wrong place of supply; supplier to amend",
         supplier_gstin=_DELHI, supplier_name="Delhi Office Furnishers", doc_type="INV",
         section="b2b", ims_doc_no="DOF/0915", ims_date=_doc(11), books_doc_no="DOF/0915",
         books_date=_doc(11), ims_taxable=86000.0, books_taxable=86000.0, diff_taxable=0.0,
         ims_igst=15480.0, books_igst=0.0, diff_igst=15480.0, ims_cgst=0.0,
         books_cgst=7740.0, diff_cgst=-7740.0, changed_since_decision=lay.FLAG_TRUE,
         warning="Supplier changed this document after your decision"),
    _row(match_status="Ambiguous: two books entries", category=Category.MISMATCHED.value,
         action="Pending", suggested_action="Pending", reason="Two register lines fit "
         "equally well (rows 118 and 342); pick one", remarks="",
         supplier_gstin=_EASTERN, supplier_name="Eastern Packaging Co", doc_type="CN",
         section="b2bcn", ims_doc_no="EPC-CN-311", ims_date=_doc(18), books_doc_no="",
         books_date=None, ims_taxable=12500.0, books_taxable=None, diff_taxable=None,
         ims_igst=0.0, books_igst=None, diff_igst=None, ims_cgst=1125.0, books_cgst=None,
         diff_cgst=None),
]

MISMATCHED_ROWS += [
    _row(match_status="Amounts differ", category=Category.MISMATCHED.value,
         action="Accept", suggested_action="Accept",
         reason="Taxable value differs by ₹0.80 (rounding); within your tolerance for tax",
         remarks="", supplier_gstin=_BHARAT, supplier_name="Bharat Logistics LLP",
         doc_type="INV", section="b2b", ims_doc_no="INV-0057", ims_date=_doc(19),
         books_doc_no="INV-0057", books_date=_doc(19), ims_taxable=30500.8,
         books_taxable=30500.0, diff_taxable=0.8, ims_igst=5490.14, books_igst=5490.0,
         diff_igst=0.14, ims_cgst=0.0, books_cgst=0.0, diff_cgst=0.0),
    _row(match_status="Amounts differ", category=Category.MISMATCHED.value,
         action="Pending", suggested_action="Pending",
         reason="Books taxable value higher by ₹2,40,000.00: second delivery booked on the "
         "same invoice?", remarks="Check GRN", supplier_gstin=_CHENNAI,
         supplier_name="Chennai Castings & Forgings", doc_type="INV", section="b2b",
         ims_doc_no="CCF-7802", ims_date=_doc(23), books_doc_no="CCF-7802",
         books_date=_doc(23), ims_taxable=960000.0, books_taxable=1200000.0,
         diff_taxable=-240000.0, ims_igst=172800.0, books_igst=216000.0, diff_igst=-43200.0,
         ims_cgst=0.0, books_cgst=0.0, diff_cgst=0.0),
    _row(match_status="Date differs", category=Category.MISMATCHED.value, action="Accept",
         suggested_action="Accept", reason="Credit note date 2 days apart (IMS 06-11, books "
         "08-11); amounts agree", remarks="", supplier_gstin=_EASTERN,
         supplier_name="Eastern Packaging Co", doc_type="CN", section="b2bcn",
         ims_doc_no="EPC-CN-298", ims_date=_doc(6), books_doc_no="EPC-CN-298",
         books_date=_doc(8), ims_taxable=8000.0,
         books_taxable=8000.0, diff_taxable=0.0, ims_igst=0.0, books_igst=0.0,
         diff_igst=0.0, ims_cgst=720.0, books_cgst=720.0, diff_cgst=0.0,
         upload_status=f"{lay.UPLOAD_PORTAL_ERROR} IMSSAV0054: Error! Please enter value "
         "for the column itcRedReq."),
]

NOT_IN_BOOKS_ROWS: list[dict[str, Any]] = [
    _row(match_status="Not in your books", category=Category.NOT_IN_BOOKS.value,
         action="Pending", suggested_action="Pending", reason="No register line for this "
         "supplier and number; check whether the goods were received", remarks="",
         supplier_gstin=_ACME, supplier_name="Acme Industrial Supplies Pvt Ltd",
         doc_type="INV", section="b2b", ims_doc_no="ACM/2526/1203", ims_date=_doc(21),
         ims_taxable=64000.0, ims_igst=0.0, ims_cgst=5760.0),
    _row(match_status="Not in your books", category=Category.NOT_IN_BOOKS.value,
         action="Reject", suggested_action="Pending", reason="No register line; "
         "supplier not in your register at all", remarks="Not our purchase",
         supplier_gstin=_EASTERN, supplier_name="Eastern Packaging Co", doc_type="INV",
         section="b2b", ims_doc_no="EPC-1990", ims_date=_doc(9), ims_taxable=215000.0,
         ims_igst=38700.0, ims_cgst=0.0),
]

# Sheet columns the sample rows fill, by result field.
_FIELD_OF_KEY = {
    "supplier_gstin": "doc.supplier_gstin", "supplier_name": "doc.supplier_name",
    "doc_type": "doc.doc_type", "section": "ims.section", "ims_doc_no": "ims.doc_no",
    "ims_date": "ims.doc_date", "books_doc_no": "books.doc_no", "books_date": "books.doc_date",
    "ims_taxable": "ims.taxable", "books_taxable": "books.taxable",
    "ims_igst": "ims.igst", "books_igst": "books.igst",
    "ims_cgst": "ims.cgst", "books_cgst": "books.cgst",
}
# Columns shown in the rendering (the rest are hidden on the copy so the page stays legible).
SHOWN_HEADERS = (
    "Status", "Category", "Action", "Suggested Action", "Reason", "Supplier GSTIN",
    "Supplier Name", "IMS Doc No", "IMS Date", "Books Doc No", "Books Date", "IMS Taxable",
    "Books Taxable", "Diff Taxable", "Diff IGST", "Diff CGST",
)


def _show_only(sheet: Any, spec: lay.DataSheet, headers: tuple[str, ...]) -> None:
    """Hide every column of `sheet` whose header is not in `headers`. openpyxl keeps runs
    of alike columns as one dimension, so the runs are split first."""
    widths = {column.header: column.width for column in spec.columns}
    for key in list(sheet.column_dimensions):
        del sheet.column_dimensions[key]
    for column in spec.columns:
        letter = lay.column_letter(spec.index(column.field))
        dimension = sheet.column_dimensions[letter]
        dimension.width = widths[column.header]
        dimension.hidden = column.header not in headers


def fill_sample_results(workbook: Path, out: Path, *, for_picture: bool = False) -> Path:
    """A copy of `workbook` with sample rows on Mismatched and Not in Books and a filled
    Home status, written through openpyxl (keep_vba) with the ribbon put back."""
    book = openpyxl.load_workbook(workbook, keep_vba=True)
    for sheet_name, rows in ((lay.MISMATCHED, MISMATCHED_ROWS),
                             (lay.NOT_IN_BOOKS, NOT_IN_BOOKS_ROWS)):
        spec = lay.RESULT_SHEET_LAYOUTS[sheet_name]
        sheet = book[sheet_name]
        for offset, row in enumerate(rows):
            for key, value in row.items():
                field = _FIELD_OF_KEY.get(key, key)
                column = spec.column(field)
                cell = sheet.cell(spec.first_data_row + offset, spec.index(field), value)
                cell.number_format = column.number_format
        if for_picture:
            _show_only(sheet, spec, SHOWN_HEADERS)
    home = book[lay.HOME]
    status: dict[lay.NamedCell, Any] = {
        lay.PICKED_IMS_FILES: r"C:\GST\IMS\27AABCZ9999Q1ZT_112026_IMS.json",
        lay.PICKED_REGISTER_FILE: r"C:\GST\Purchase register Nov-2026.xlsx",
        lay.IMS_IMPORTED_AT: datetime(2026, 12, 15, 10, 42),
        lay.IMS_DIALECT: "portal",
        lay.IMS_DOCUMENTS: 1184,
        lay.REGISTER_IMPORTED_AT: datetime(2026, 12, 15, 10, 44),
        lay.REGISTER_ROWS: 1212,
        lay.RECONCILED_AT: datetime(2026, 12, 15, 10, 45),
        lay.COUNT_CELLS[Category.MATCHED]: 1098,
        lay.COUNT_CELLS[Category.MISMATCHED]: 61,
        lay.COUNT_CELLS[Category.NOT_IN_BOOKS]: 25,
        lay.COUNT_CELLS[Category.NOT_IN_IMS]: 43,
        lay.COUNT_CELLS[Category.NOT_EXPECTED]: 12,
        lay.ITC_AT_STAKE: 1284562.5,
        lay.LAST_MESSAGE: "Reconciled 1,184 IMS documents against 1,212 register lines.",
    }
    for cell, value in status.items():
        home.cell(cell.row, cell.column, value)
    book[lay.SETTINGS].cell(lay.RECIPIENT_GSTIN.row, lay.RECIPIENT_GSTIN.column,
                            make_gstin("27", "AABCZ9999Q"))
    return save_for_rendering(book, out)


def render_images(workbook: Path, out_dir: Path) -> list[Path]:
    """PNGs of Home and of the filled Mismatched and Not in Books sheets -> `out_dir`."""
    pictures = [Picture(lay.HOME, "home.png", *HOME_AREA),
                Picture(lay.MISMATCHED, "mismatched.png"),
                Picture(lay.NOT_IN_BOOKS, "not-in-books.png")]
    with tempfile.TemporaryDirectory(prefix="gst-ims-pictures-") as folder:
        filled = fill_sample_results(workbook, Path(folder) / "filled.xlsm", for_picture=True)
        return render_pictures(filled, out_dir, pictures)


def reconciled_month(folder: Path, docs: int = 120, seed: int = 11) -> Path:
    """A new workbook with a generated month imported (command line) and reconciled on
    a clock inside the month's filing window (9 November 2025), as a user sees it."""
    from gst_ims import workflow
    from gst_ims.cli import main as cli
    from gst_ims.samples import write_sample_month
    from gst_ims.workbook.file_port import FilePort

    paths = write_sample_month(folder / "in", docs=docs, seed=seed,
                               dialect=Dialect.PORTAL)
    workbook = folder / "month.xlsm"
    for argv in (["new-workbook", str(workbook)],
                 ["import-ims", "--workbook", str(workbook), str(paths["ims"])],
                 ["import-books", "--workbook", str(workbook), str(paths["register"])]):
        if cli(argv) != 0:
            raise RuntimeError(f"gst-ims {argv[0]} failed")
    with FilePort(workbook) as port:
        workflow.reconcile(port, now=datetime(2025, 11, 9, 11, 0))
    return workbook


def render_month_images(out_dir: Path) -> list[Path]:
    """PNGs of Summary (with its charts), Suppliers, Home and Suggested after a generated
    month is reconciled -> `out_dir`. 300 documents: a few suggested pairs among them."""
    pictures = [Picture(lay.SUMMARY, "summary.png", *SUMMARY_AREA),
                Picture(lay.SUPPLIERS, "suppliers.png", rows=18),
                Picture(lay.HOME, "home-month.png", *HOME_AREA),
                Picture(lay.SUGGESTED, "suggested.png", rows=12, columns=13)]
    with tempfile.TemporaryDirectory(prefix="gst-ims-pictures-") as folder:
        return render_pictures(reconciled_month(Path(folder), docs=300), out_dir, pictures)


def png_pixels(png: Path) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB bytes) of an 8-bit RGB, non-interlaced PNG (what
    pdftoppm writes), so a test can look at a picture without an imaging library."""
    data = png.read_bytes()
    width, height, depth, colour_type, _, _, interlace = struct.unpack(
        ">IIBBBBB", data[16:29])
    if (depth, colour_type, interlace) != (8, 2, 0):
        raise ValueError(f"{png.name}: not an 8-bit RGB non-interlaced PNG")
    chunks, position = [], 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        if kind == b"IDAT":
            chunks.append(data[position + 8:position + 8 + length])
        position += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    stride, rows, previous = width * 3, [], bytes(width * 3)
    for index in range(height):
        start = index * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - 3] if i >= 3 else 0
            up, corner = previous[i], previous[i - 3] if i >= 3 else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                near = min((abs(guess - left), 0, left), (abs(guess - up), 1, up),
                           (abs(guess - corner), 2, corner))[2]
                line[i] = (line[i] + near) & 0xFF
        rows.append(bytes(line))
        previous = rows[-1]
    return width, height, rows


if __name__ == "__main__":
    from gst_ims.workbook.build import DEFAULT_OUT

    out_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images")
    for path in [*render_images(DEFAULT_OUT, out_dir), *render_month_images(out_dir)]:
        print(path)
