"""Registers as exported, through the jobs: a line-wise register imports as documents with
the file rows they came from, and a document pasted on several Books rows shows all of
them in the result sheets' Register Row."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gst_ims import workflow
from gst_ims.domain.documents import Dialect
from gst_ims.samples import write_sample_month
from gst_ims.sheets.books import SOURCE_ROWS_HEADER
from gst_ims.sheets.tables import write_sheet
from gst_ims.workbook import layout as lay
from support.workflow import layout_memory_port

MONEY = ["Taxable Value", "IGST", "CGST", "SGST", "Cess", "Invoice Value"]


def test_a_line_wise_register_imports_as_documents_with_their_file_rows(tmp_path: Path) -> None:
    paths = write_sample_month(tmp_path / "in", docs=60, seed=4, dialect=Dialect.API,
                               register_style="gstr2-template")
    port = layout_memory_port()
    report = workflow.import_books(port, paths["register"])
    assert " register lines) from register.xlsx (sheets b2b, cdnr)" in report.message
    books = port.read_table(lay.BOOKS)
    rows = books[SOURCE_ROWS_HEADER].astype(str)
    assert rows.str.startswith(("b2b: ", "cdnr: ")).all()
    assert rows.str.contains(", ").any()  # a document from two rate lines
    assert len(books) == report.counts["documents"]


def _split_first_document(books: pd.DataFrame) -> pd.DataFrame:
    """The Books sheet with its first document pasted as two lines of half the amounts
    each (the invoice value repeated on both, as the GSTN template writes it)."""
    first = books.iloc[[0]].copy()
    second = first.copy()
    for column in MONEY[:-1]:
        paise = round(float(first[column].iloc[0] or 0) * 100)
        first[column] = (paise // 2) / 100
        second[column] = (paise - paise // 2) / 100
    return pd.concat([first, second, books.iloc[1:]], ignore_index=True)


def test_a_document_on_several_books_rows_shows_every_row(tmp_path: Path) -> None:
    paths = write_sample_month(tmp_path / "in", docs=60, seed=4, dialect=Dialect.API)
    port = layout_memory_port()
    workflow.import_ims(port, [paths["ims"]])
    workflow.import_books(port, paths["register"])
    books = port.read_table(lay.BOOKS)
    first_number = books.loc[0, "Invoice No"]
    write_sheet(port, lay.BOOKS_SHEET, _split_first_document(books))
    report = workflow.reconcile(port)
    rows = pd.concat([port.read_table(sheet) for sheet in lay.RESULT_SHEETS],
                     ignore_index=True)
    first_row = lay.BOOKS_SHEET.first_data_row
    mine = rows[rows["Books Doc No"] == first_number]
    assert mine["Register Row"].tolist() == [f"{first_row}, {first_row + 1}"]
    assert (rows["Register Row"].dropna().astype(str) == f"{first_row + 2}").sum() == 1
    assert report.counts["Matched"] > 0
