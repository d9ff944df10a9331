"""Line-wise registers become documents: lines of one document combined, every source row
kept, double bookings still reported."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gst_ims.books.register import duplicate_groups, read_register
from gst_ims.domain.problems import Severity
from support.books import ACME, BETA

HEADERS = ["GSTIN of Supplier", "Invoice Number", "Invoice date", "Invoice Value", "Rate",
           "Taxable Value", "Integrated Tax Paid", "Central Tax Paid", "State/UT Tax Paid"]


def _table(rows: list[list[object]], headers: list[str] = HEADERS) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=headers, dtype=object)


def test_rate_lines_of_one_invoice_become_one_document_with_all_its_rows() -> None:
    rows: list[list[object]] = [
        [ACME, "A-1", "01-10-2025", 3410, 18, 2000, 0, 180, 180],
        [BETA, "B-1", "02-10-2025", 118, 18, 100, 18, 0, 0],
        [ACME, "A-1", "01-10-2025", 3410, 5, 1000, 0, 25, 25],
        [ACME, "A-1", "01-10-2025", 3410, 0, 0, 0, 0, 0],
    ]
    read = read_register(_table(rows), header_row=11)
    assert read.frame["doc_no"].tolist() == ["A-1", "B-1"]
    assert read.frame["register_row"].tolist() == [12, 13]
    assert read.frame["register_rows"].tolist() == ["12, 14, 15", "13"]
    assert read.frame[["taxable", "cgst", "sgst", "doc_value"]].values.tolist() == [
        [300000, 20500, 20500, 341000], [10000, 0, 0, 11800]]
    assert read.frame["Rate"].tolist() == ["18, 5, 0", 18]
    assert read.lines == 4 and read.data_rows == 4
    assert [p.severity for p in read.problems if "duplicate" in p.message.casefold()
            or "booked twice" in p.message] == []
    note = next(p.message for p in read.problems if "register lines read as" in p.message)
    assert note.startswith("4 register lines read as 2 documents: 1 document(s) span several "
                           "lines (e.g. rows 12, 14, 15)")


def test_a_value_on_the_first_line_only_is_the_documents_value() -> None:
    rows: list[list[object]] = [[ACME, "A-1", "01-10-2025", 3410, 18, 2000, 0, 180, 180],
                                [ACME, "A-1", "01-10-2025", None, 5, 1000, 0, 25, 25]]
    read = read_register(_table(rows))
    assert read.frame["doc_value"].tolist() == [341000]
    assert not [p for p in read.problems if p.severity is not Severity.INFO]


def test_equal_taxable_lines_at_two_rates_are_summed_not_taken_once() -> None:
    rows: list[list[object]] = [[ACME, "A-1", "01-10-2025", 2230, 18, 1000, 0, 90, 90],
                                [ACME, "A-1", "01-10-2025", 2230, 5, 1000, 0, 25, 25]]
    read = read_register(_table(rows))
    assert read.frame[["taxable", "doc_value"]].values.tolist() == [[200000, 223000]]


def test_exact_duplicate_lines_are_reported_and_both_counted() -> None:
    headers = ["Sr. No.", *HEADERS]
    rows: list[list[object]] = [[1, ACME, "A-1", "01-10-2025", 1180, 18, 1000, 0, 90, 90],
                                [2, ACME, "A-1", "01-10-2025", 1180, 18, 1000, 0, 90, 90]]
    read = read_register(_table(rows, headers))
    assert read.frame["taxable"].tolist() == [200000]
    flagged = [(p.row, p.severity) for p in read.problems if "every cell equal" in p.message]
    assert flagged == [(2, Severity.WARNING), (3, Severity.WARNING)]


def test_two_vouchers_booking_one_invoice_stay_two_documents_flagged_as_duplicates() -> None:
    headers = ["Voucher No.", *HEADERS]
    rows: list[list[object]] = [["P-1", ACME, "A-1", "01-10-2025", 1180, 18, 1000, 0, 90, 90],
                                ["P-7", ACME, "A-1", "01-10-2025", 1180, 18, 1000, 0, 90, 90]]
    read = read_register(_table(rows, headers))
    assert read.frame["register_rows"].tolist() == ["2", "3"]
    assert duplicate_groups(read.frame) == [[2, 3]]
    assert [p.row for p in read.problems if "booked twice? Both kept" in p.message] == [2, 3]


def test_other_dates_or_types_are_other_documents() -> None:
    headers = [*HEADERS, "Document Type"]
    rows: list[list[object]] = [
        [ACME, "A-1", "01-10-2025", 118, 18, 100, 0, 9, 9, "Invoice"],
        [ACME, "A-1", "02-10-2025", 118, 18, 100, 0, 9, 9, "Invoice"],
        [ACME, "A-1", "01-10-2025", 118, 18, 100, 0, 9, 9, "Credit Note"],
    ]
    read = read_register(_table(rows, headers))
    assert read.frame["doc_type"].tolist() == ["INV", "INV", "CN"]


def test_combining_a_hundred_thousand_lines_is_exact() -> None:
    # 50,000 two-line documents, shuffled: every document's sum exact to the paisa.
    rng = np.random.default_rng(3)
    documents = 50_000
    taxable = rng.integers(100, 10_000_000, size=(documents, 2))
    cgst = taxable * 9 // 100
    numbers = np.repeat(np.arange(documents), 2)
    order = rng.permutation(documents * 2)
    table = pd.DataFrame({
        "GSTIN of Supplier": ACME, "Invoice Number": pd.Series(
            ["N" + str(n) for n in numbers[order]], dtype=object),
        "Invoice date": "01-10-2025",
        "Taxable Value": (taxable.reshape(-1)[order] / 100).astype(object),
        "Central Tax Paid": (cgst.reshape(-1)[order] / 100).astype(object),
        "State/UT Tax Paid": (cgst.reshape(-1)[order] / 100).astype(object),
    })
    read = read_register(table)
    assert len(read.frame) == documents and read.lines == documents * 2
    by_number = read.frame.set_index("doc_no")
    expected = pd.Series(taxable.sum(axis=1), index=[f"N{n}" for n in range(documents)])
    assert (by_number.loc[expected.index, "taxable"] == expected).all()
    assert (by_number.loc[expected.index, "cgst"]
            == pd.Series(cgst.sum(axis=1), index=expected.index)).all()
