"""The sample generator's register reads back to exactly what the generator wrote."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gst_ims.books.register import read_register
from gst_ims.books.sheets import read_register_file
from gst_ims.domain.documents import BOOKS_COLUMNS, Dialect
from gst_ims.domain.problems import Severity

samples = pytest.importorskip("gst_ims.samples")

# A Debit Note voucher books a purchase return: the supplier's credit note.
_TYPES = {"Purchase": "INV", "Debit Note": "CN"}


def _expected(register: pd.DataFrame) -> pd.DataFrame:
    """What the Books frame must hold, computed from the generator's own frame."""
    def paise(header: str) -> list[int]:
        return np.round(register[header].to_numpy() * 100).astype(np.int64).tolist()

    voucher = pd.to_datetime(register["Voucher Date"])
    return pd.DataFrame({
        "supplier_gstin": register["GSTIN/UIN of Supplier"].tolist(),
        "supplier_name": register["Party Name"].tolist(),
        "doc_type": register["Voucher Type"].map(_TYPES).tolist(),
        "doc_no": register["Supplier Invoice No."].tolist(),
        "doc_date": pd.to_datetime(register["Supplier Invoice Date"]).tolist(),
        "pos": ["27"] * len(register),
        "taxable": paise("Taxable Value"),
        "igst": paise("Integrated Tax"),
        "cgst": paise("Central Tax"),
        "sgst": paise("State/UT Tax"),
        "cess": paise("Cess"),
        "doc_value": paise("Invoice Value"),
        "rcm": (register["Reverse Charge"] == "Yes").tolist(),
        "itc_eligible": (register["ITC Eligibility"] != "Ineligible").tolist(),
        "period": [f"{d.month:02d}-{d.year}" for d in voucher],
        "register_row": list(range(2, len(register) + 2)),
        "register_rows": [str(row) for row in range(2, len(register) + 2)],
        "Voucher No.": register["Voucher No."].tolist(),
    })


def _compare(frame: pd.DataFrame, register: pd.DataFrame) -> None:
    expected = _expected(register)
    assert list(frame.columns[: len(BOOKS_COLUMNS)]) == list(BOOKS_COLUMNS)
    assert len(frame) == len(register)
    for column in expected.columns:
        assert frame[column].tolist() == expected[column].tolist(), column


def test_generated_register_xlsx_reads_back_exactly(tmp_path: Path) -> None:
    paths = samples.write_sample_month(tmp_path, docs=400, seed=11, dialect=Dialect.PORTAL)
    month = samples.generate_month(docs=400, seed=11, dialect=Dialect.PORTAL)
    read = read_register_file(paths["register"])

    assert read.sheet == samples.REGISTER_SHEET
    assert read.header_map["doc_no"] == "Supplier Invoice No."
    assert read.header_map["posting_date"] == "Voucher Date"
    assert read.skipped_rows == ()
    assert read.data_rows == len(month.register)
    assert [p for p in read.problems if p.severity is Severity.ERROR] == []
    _compare(read.frame, month.register)


def test_generated_register_frame_reads_as_the_workbook_table() -> None:
    # The workbook hands read_register the Books sheet as a table: same result as the file.
    month = samples.generate_month(docs=150, seed=3, dialect=Dialect.API)
    read = read_register(month.register, sheet="Books", header_row=1)
    _compare(read.frame, month.register)


def test_truth_register_rows_point_at_the_lines_read() -> None:
    month = samples.generate_month(docs=200, seed=5, dialect=Dialect.PORTAL)
    read = read_register(month.register)
    truth = month.truth.dropna(subset=["register_row"])
    booked = truth[truth["doc_no"] != ""]
    by_row = read.frame.set_index("register_row")
    rows = booked["register_row"].astype(int).tolist()
    assert set(rows) <= set(by_row.index)
    gstins = by_row.loc[rows, "supplier_gstin"].tolist()
    # Planted branch-GSTIN cases book another GSTIN of the same PAN; all others agree.
    same_pan = [a[2:12] == b[2:12] for a, b in zip(gstins, booked["supplier_gstin"],
                                                     strict=True)]
    assert all(same_pan)
