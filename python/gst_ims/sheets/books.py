"""The Books, IMS and Links sheets as domain frames, and register frames as Books
sheet cells.
"""

from __future__ import annotations

import pandas as pd

from gst_ims.domain import documents as d
from gst_ims.domain.gstin import normalise_gstin
from gst_ims.domain.problems import InputError, Problem
from gst_ims.recon.links import empty_links
from gst_ims.sheets import pairings
from gst_ims.sheets.home import errors_in
from gst_ims.sheets.settings import column_mapping, decimal_comma, picked_paths, recipient_setting
from gst_ims.sheets.tables import read_fields
from gst_ims.workbook import layout as lay
from gst_ims.workbook.port import WorkbookPort
from gst_ims.workbook.sheet_values import to_cells

# The file rows each imported document was read from (a line-wise register books one
# document on several rows), beside the register's own columns on the Books sheet.
SOURCE_ROWS_HEADER = "Source Rows"


def books_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Books frame -> the Books sheet: the layout's columns, the file rows each document
    was read from, then the register's own extra columns, carried through under their
    headers."""
    from gst_ims.books.aliases import POSTING_DATE, field_of

    cells = to_cells(frame, lay.BOOKS_SHEET.columns)
    cells[SOURCE_ROWS_HEADER] = frame[d.REGISTER_ROWS].astype("string").reset_index(drop=True)
    internal = set(d.BOOKS_COLUMNS)
    for name in frame.columns:
        if name in internal:
            continue
        header = str(name)
        if field_of(header) not in (None, POSTING_DATE):
            # A second header for a field the Books columns already hold (a register with
            # both "Invoice No." and "Supplier Invoice No.") must not be read as it again.
            header += " (register)"
        while header.casefold() in {str(c).casefold() for c in cells.columns}:
            header += " (register)"
        cells[header] = frame[name].reset_index(drop=True)
    return cells


def books_from_sheet(port: WorkbookPort) -> tuple[pd.DataFrame, list[Problem]]:
    """The Books sheet as a Books frame (the register's columns read under the mapping
    in Settings), and the problems found in its rows. `InputError` when it is empty."""
    from gst_ims.books.register import read_register

    table = port.read_table(lay.BOOKS, header_row=lay.BOOKS_SHEET.header_row)
    if table.empty:
        raise InputError("The Books sheet holds no document to reconcile: paste your "
                         "purchase register into it or import it from a file.")
    mapping = column_mapping(port, present=[str(c) for c in table.columns])
    read = read_register(table, sheet=lay.BOOKS, mapping=mapping,
                         header_row=lay.BOOKS_SHEET.header_row,
                         recipient_gstin=recipient_setting(port),
                         decimal_comma=decimal_comma(port))
    if read.frame.empty:
        raise InputError("The Books sheet holds no document to reconcile: paste your "
                         "purchase register into it or import it from a file.",
                         errors_in(read.problems)[:20])
    return read.frame, read.problems


def ims_from_sheet(port: WorkbookPort) -> pd.DataFrame:
    """The IMS sheet -> the IMS frame (`IMS_COLUMNS`; `raw` empty: it stays in the
    downloaded file). `InputError` when the sheet is empty or a cell cannot be read."""
    fields, problems = read_fields(port, lay.IMS_SHEET)
    if errors_in(problems):
        raise InputError("The IMS sheet has cells that cannot be read; import the IMS JSON "
                         "again rather than editing the sheet.", errors_in(problems))
    if fields.empty:
        raise InputError("The IMS sheet is empty: import the IMS JSON first.")
    for name in d.AMOUNT_COLUMNS:
        fields[name] = fields[name].fillna(0).astype("int64")
    for name in fields.columns:
        if fields[name].dtype == "string":
            fields[name] = fields[name].fillna("")
    fields[d.RAW] = pd.Series([""] * len(fields), dtype="string")
    return fields.reindex(columns=list(d.IMS_COLUMNS))


def links_from_sheet(port: WorkbookPort) -> pd.DataFrame:
    """The Links sheet as a links frame (none in a workbook made before it existed)."""
    try:
        rows, _ = read_fields(port, lay.LINKS_SHEET)
    except InputError:
        return empty_links()
    return pairings.links_from_sheet(rows)


def ims_record(ims: pd.DataFrame, doc_no: str, supplier: str | None) -> str:
    """The record key of the IMS document numbered `doc_no` (of `supplier`)."""
    numbers = ims[d.DOC_NO].astype("string").fillna("").str.strip().str.upper()
    found = ims[numbers == doc_no.strip().upper()]
    if supplier:
        found = found[found[d.SUPPLIER_GSTIN].astype("string").str.upper()
                      == supplier.strip().upper()]
    if found.empty:
        raise InputError(f"The IMS sheet has no document numbered {doc_no}"
                         + (f" from {supplier}." if supplier else "."))
    if len(found) > 1:
        raise InputError(f"{len(found)} IMS documents are numbered {doc_no}: name the "
                         "supplier GSTIN too.")
    return str(found[d.RECORD_KEY].iloc[0])


def downloaded_ims(port: WorkbookPort) -> tuple[pd.DataFrame, dict[str, str]]:
    """The IMS frame with each record's downloaded JSON (`raw`), re-read from the files
    named on Home, and source file -> recipient GSTIN. `InputError` when those files no
    longer hold the documents on the IMS sheet."""
    from gst_ims.ims.reader import read_ims_files

    paths = picked_paths(port, lay.PICKED_IMS_FILES, "IMS JSON file")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InputError("The IMS file(s) imported are not where they were: "
                         + ", ".join(missing) + ". The upload echoes the downloaded "
                         "records, so import the IMS JSON again and reconcile.")
    read = read_ims_files(paths)
    on_sheet = set(ims_from_sheet(port)[d.RECORD_KEY].astype(str))
    if set(read.frame[d.RECORD_KEY].astype(str)) != on_sheet:
        raise InputError("The IMS file(s) named on Home no longer hold the documents on the "
                         "IMS sheet. Import the IMS JSON again and reconcile.")
    # The frame names a file as the reader showed it (its name, or zip/member); the file
    # list by the path given: match them by the path's ending.
    downloaded_for: dict[str, str] = {}
    for source in read.frame[d.SOURCE_FILE].astype(str).unique():
        for info in read.files:
            path = info.path.replace("\\", "/")
            if info.recipient_gstin and (path == source or path.endswith("/" + source)):
                downloaded_for[source] = normalise_gstin(info.recipient_gstin)
                break
    return read.frame, downloaded_for



def register_key(books: pd.DataFrame, register_row: int) -> str:
    """The key of the register document on Books row `register_row` (`books`: the Books
    frame); `InputError` when there is none."""
    key = pairings.register_row_keys(books).get(register_row)
    if key is None:
        raise InputError(f"The Books sheet has no register document on row {register_row}.")
    return key
