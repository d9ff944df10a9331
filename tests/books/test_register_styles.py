"""Registers as finance teams export them (Tally, SAP, Busy, Zoho, a plain Excel sheet),
written as real files and read back through `read_register_file`."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from gst_ims.books.sheets import read_register_file
from gst_ims.domain.documents import BOOKS_COLUMNS
from gst_ims.domain.problems import Severity
from support.books import ACME, BETA, GAMMA, write_csv, write_xlsx


def _docs(frame: pd.DataFrame) -> list[tuple[object, ...]]:
    return list(frame[["supplier_gstin", "doc_type", "doc_no", "doc_date", "taxable", "igst",
                       "cgst", "sgst", "cess", "doc_value"]].itertuples(index=False, name=None))


def test_tally_export_with_title_rows_and_grand_total(tmp_path: Path) -> None:
    header = ["Date", "Particulars", "Voucher Type", "Voucher No.", "Supplier Invoice No.",
              "Supplier Invoice Date", "GSTIN/UIN", "Taxable Value", "Integrated Tax",
              "Central Tax", "State/UT Tax", "Cess", "Gross Total"]
    rows = [
        ["Acme Buyers Pvt Ltd"],
        ["Purchase Register"],
        ["1-Apr-2024 to 30-Apr-2024"],
        [],
        header,
        [datetime(2024, 4, 5), "Acme Traders", "Purchase", "1", "AT/24-25/0012",
         datetime(2024, 4, 2), ACME, 10000, None, 900, 900, None, 11800],
        [datetime(2024, 4, 9), "Beta Steel", "Purchase", "2", "00123", datetime(2024, 3, 30),
         BETA, 50000.5, 9000.09, None, None, 250, 59250.59],
        [datetime(2024, 4, 20), "Acme Traders", "Debit Note", "3", "CN-7",
         datetime(2024, 4, 18), ACME, 1000, None, 90, 90, None, 1180],
        [None, "Grand Total", None, None, None, None, None, 61000.5, 9000.09, 990, 990, 250,
         72230.59],
    ]
    path = write_xlsx(tmp_path / "tally.xlsx", rows, number_formats={0: "d-mmm-yy",
                                                                    5: "d-mmm-yy"},
                      text_columns=(4,))
    read = read_register_file(path)

    assert read.header_row == 5
    assert read.header_map["doc_no"] == "Supplier Invoice No."
    assert read.header_map["doc_date"] == "Supplier Invoice Date"
    assert list(read.frame.columns[: len(BOOKS_COLUMNS)]) == list(BOOKS_COLUMNS)
    assert _docs(read.frame) == [
        (ACME, "INV", "AT/24-25/0012", pd.Timestamp("2024-04-02"), 1000000, 0, 90000, 90000, 0,
         1180000),
        (BETA, "INV", "00123", pd.Timestamp("2024-03-30"), 5000050, 900009, 0, 0, 25000,
         5925059),
        # A Debit Note voucher books a purchase return: the supplier's credit note.
        (ACME, "CN", "CN-7", pd.Timestamp("2024-04-18"), 100000, 0, 9000, 9000, 0, 118000),
    ]
    assert read.frame["register_row"].tolist() == [6, 7, 8]
    # Tally's bare "Date" is the voucher date: it sets the period (Beta's March bill was
    # booked in April).
    assert read.header_map["posting_date"] == "Date"
    assert read.frame["period"].tolist() == ["04-2024"] * 3
    # Extra columns come through untouched, under their header text.
    assert read.frame["Voucher No."].tolist() == ["1", "2", "3"]
    assert read.frame["Date"].tolist()[0] == date(2024, 4, 5) or read.frame["Date"].tolist()[
        0] == datetime(2024, 4, 5)
    totals = [p for p in read.problems if "total" in p.message]
    assert [(p.row, p.severity) for p in totals] == [(9, Severity.INFO)]
    assert read.data_rows == 4 and read.skipped_rows == (9,) and read.lines == 3


def test_sap_like_csv_with_trailing_minus_and_year_first_dates(tmp_path: Path) -> None:
    rows = [
        ["Vendor", "Vendor Name", "Vendor GSTIN", "Doc Type", "Reference", "Document Date",
         "Posting Date", "Base Amount", "IGST Amount", "CGST Amount", "SGST Amount",
         "Gross Amount"],
        ["100045", "GAMMA LTD", GAMMA, "KR", "9100001234", "2024.05.03", "2024.06.02",
         "1,00,000.00", "18,000.00", "0.00", "0.00", "1,18,000.00"],
        ["100045", "GAMMA LTD", GAMMA, "KG", "9100001299", "2024.05.20", "2024.05.21",
         "1,000.00-", "180.00-", "0.00", "0.00", "1,180.00-"],
    ]
    path = write_csv(tmp_path / "sap.csv", rows, delimiter=";")
    read = read_register_file(path)

    assert read.sheet == "sap"
    assert _docs(read.frame) == [
        (GAMMA, "INV", "9100001234", pd.Timestamp("2024-05-03"), 10000000, 1800000, 0, 0, 0,
         11800000),
        (GAMMA, "CN", "9100001299", pd.Timestamp("2024-05-20"), 100000, 18000, 0, 0, 0, 118000),
    ]
    # The period is the posting month, not the document month.
    assert read.frame["period"].tolist() == ["06-2024", "05-2024"]
    assert read.frame["Vendor"].tolist() == ["100045", "100045"]
    assert [p for p in read.problems if p.severity is not Severity.INFO] == []


def test_busy_like_register_with_text_dates_and_purchase_returns(tmp_path: Path) -> None:
    rows = [
        ["M/s Buyer & Co."],
        ["Purchase Register (GST)  From 01-04-2024 To 30-04-2024"],
        ["Type", "Bill No", "Bill Date", "Party Name", "GSTIN", "Taxable Amt", "IGST", "CGST",
         "SGST", "Bill Amount", "Place of Supply"],
        ["Purchase", "B/101", "12-04-2024", "Beta Steel", BETA, "25,000.00", "4,500.00", "-",
         "-", "29,500.00", "29-Karnataka"],
        ["Purc. Return", "PR/9", "15-Apr-2024", "Beta Steel", BETA, "1,000.00", "180.00", "-",
         "-", "1,180.00", "Karnataka"],
        ["", "", "", "Sub Total", "", "24,000.00", "4,320.00", "", "", "28,320.00", ""],
    ]
    path = write_xlsx(tmp_path / "busy.xlsx", rows)
    read = read_register_file(path)

    assert read.header_row == 3
    assert read.frame["doc_type"].tolist() == ["INV", "CN"]
    assert read.frame["doc_date"].tolist() == [pd.Timestamp("2024-04-12"),
                                               pd.Timestamp("2024-04-15")]
    assert read.frame["igst"].tolist() == [450000, 18000]
    assert read.frame["pos"].tolist() == ["29", "29"]
    assert read.skipped_rows == (6,)


def test_zoho_like_register_with_iso_dates_and_state_codes(tmp_path: Path) -> None:
    rows = [
        ["Bill Date", "Bill Number", "Vendor Name", "GST Identification Number (GSTIN)",
         "Place of Supply", "Reverse Charge", "Sub Total", "IGST", "CGST", "SGST", "Total",
         "Transaction Type"],
        ["2024-05-03", "ZB-001", "Acme Traders", ACME, "MH", "false", 5000, 0, 450, 450, 5900,
         "bill"],
        ["2024-05-04", "ZB-002", "Acme Traders", ACME, "MH", "true", 2000, 0, 180, 180, 2360,
         "bill"],
        ["2024-05-05", "VC-1", "Acme Traders", ACME, "MH", "false", 100, 0, 9, 9, 118,
         "vendor credit"],
    ]
    path = write_xlsx(tmp_path / "zoho.xlsx", rows, sheet="Bills")
    read = read_register_file(path)

    assert read.sheet == "Bills"
    assert read.frame["doc_type"].tolist() == ["INV", "INV", "CN"]
    assert read.frame["rcm"].tolist() == [False, True, False]
    assert read.frame["pos"].tolist() == ["27", "27", "27"]
    assert read.frame["doc_value"].tolist() == [590000, 236000, 11800]
    rcm_notes = [p for p in read.problems if "reverse-charge" in p.message]
    assert [(p.row, p.severity) for p in rcm_notes] == [(3, Severity.INFO)]


def test_plain_excel_register_with_indian_text_and_negative_credit_notes(
    tmp_path: Path,
) -> None:
    rows = [
        ["Supplier Name", "GSTIN", "Invoice No.", "Invoice Date", "Taxable Amount", "IGST",
         "CGST", "SGST", "Invoice Value", "ITC Eligible"],
        ["Gamma Ltd", GAMMA, "G-1", "03/05/2024", "₹ 1,23,456.00", "22,222.08", "", "",
         "Rs. 1,45,678.08", "Yes"],
        ["Gamma Ltd", GAMMA, "G-CN-1", "07/05/24", "(1,200.00)", "(216.00)", "", "",
         "(1,416.00)", "Yes"],
        ["Gamma Ltd", GAMMA, "G-2", "08.05.2024", 500, 90, None, None, 590, "No"],
    ]
    path = write_xlsx(tmp_path / "plain.xlsx", rows)
    read = read_register_file(path)

    assert _docs(read.frame) == [
        (GAMMA, "INV", "G-1", pd.Timestamp("2024-05-03"), 12345600, 2222208, 0, 0, 0, 14567808),
        (GAMMA, "CN", "G-CN-1", pd.Timestamp("2024-05-07"), 120000, 21600, 0, 0, 0, 141600),
        (GAMMA, "INV", "G-2", pd.Timestamp("2024-05-08"), 50000, 9000, 0, 0, 0, 59000),
    ]
    assert read.frame["itc_eligible"].tolist() == [True, True, False]
    assert read.frame["supplier_pan"].tolist() == ["AAGCG4321M"] * 3
    assert read.frame["period"].tolist() == ["05-2024"] * 3
    assert str(read.frame["doc_date"].dtype) == "datetime64[ns]"
    for name in ("taxable", "igst", "doc_value", "register_row"):
        assert str(read.frame[name].dtype) == "int64"
    for name in ("supplier_gstin", "doc_no", "doc_type", "pos", "period"):
        assert str(read.frame[name].dtype) == "string"


def test_number_cells_read_as_typed_and_text_numbers_kept(tmp_path: Path) -> None:
    rows = [
        ["GSTIN", "Invoice No", "Invoice Date", "Taxable Value", "IGST"],
        [GAMMA, "00123", date(2024, 5, 3), 100, 18],
        [GAMMA, 123, date(2024, 5, 3), 100, 18],
        [GAMMA, 9876543210123, date(2024, 5, 3), 100, 18],
    ]
    path = write_xlsx(tmp_path / "numbers.xlsx", rows, text_columns=(1,),
                      number_formats={2: "dd-mm-yyyy"})
    read = read_register_file(path)
    assert read.frame["doc_no"].tolist() == ["00123", "123", "9876543210123"]


def test_default_sheet_is_books_else_the_first_and_a_named_sheet_can_be_chosen(
    tmp_path: Path,
) -> None:
    rows = [["GSTIN", "Invoice No", "Invoice Date", "Taxable Value", "IGST"],
            [GAMMA, "A1", "01-05-2024", 100, 18]]
    path = write_xlsx(tmp_path / "wb.xlsx", rows, sheet="Books", other_sheets=("Home",))
    assert read_register_file(path).sheet == "Books"
    assert read_register_file(path, "books").sheet == "Books"
    with pytest.raises(Exception, match="no sheet 'Nope'"):
        read_register_file(path, "Nope")


def test_csv_in_windows_encoding_is_read(tmp_path: Path) -> None:
    rows = [["Party Name", "GSTIN", "Bill No", "Bill Date", "Taxable Value", "CGST", "SGST"],
            ["Café Udupi", ACME, "7", "01-05-2024", "100", "9", "9"]]
    path = write_csv(tmp_path / "cp.csv", rows, encoding="cp1252")
    read = read_register_file(path)
    assert read.frame["supplier_name"].tolist() == ["Café Udupi"]
    assert read.frame["doc_value"].tolist() == [11800]


def test_dt_abbreviations_and_name_of_party_headers_are_recognised(tmp_path: Path) -> None:
    # "Bill Dt." / "Name of Party" are how Busy, Marg and hand-kept sheets head columns;
    # they were reported as a missing document date.
    header = ["Sl", "Party GSTIN", "Name of  Party", "Bill No.", "Bill Dt.", "Assessable Value",
              "IGST Amt", "CGST Amt", "SGST Amt"]
    rows = [header, [1, ACME, "Acme Traders", "AT-1", "10-10-2025", "1,23,456.00", 0,
                     "11,111.04", "11,111.04"]]
    read = read_register_file(write_xlsx(tmp_path / "busy.xlsx", rows))
    assert read.header_map["doc_date"] == "Bill Dt."
    assert read.header_map["supplier_name"] == "Name of  Party"
    assert read.frame["doc_date"].tolist() == [pd.Timestamp("2025-10-10")]
    assert read.frame["taxable"].tolist() == [12345600]
