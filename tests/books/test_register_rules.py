"""Row rules of `read_register`: what is skipped, what is flagged, what is refused."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from gst_ims.books.register import (
    REQUIRED_FIELDS,
    ColumnMapping,
    duplicate_groups,
    read_register,
)
from gst_ims.books.sheets import read_register_file
from gst_ims.domain.problems import InputError, Problem, Severity
from support.books import ACME, BETA, GAMMA, write_xlsx

HEADERS = ["Party Name", "GSTIN of Supplier", "Invoice No.", "Invoice Date", "Taxable Value",
           "IGST", "CGST", "SGST", "Invoice Value"]


def _table(rows: list[list[object]], headers: list[str] = HEADERS) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=headers, dtype=object)


def _at(problems: list[Problem], text: str) -> list[tuple[int | None, Severity, str]]:
    return [(p.row, p.severity, p.field) for p in problems if text in p.message]


def test_blank_total_and_repeated_header_rows_are_skipped_with_info() -> None:
    rows: list[list[object]] = [
        ["Acme", ACME, "1", "01-05-2024", 100, 0, 9, 9, 118],
        [None] * 9,
        ["", "", "", "", 100, 0, 9, 9, 118],  # a subtotal without a label
        HEADERS,  # the header repeated at a page break
        ["Total", "", "", "", 100, 0, 9, 9, 118],
        ["Acme", ACME, "2", "02-05-2024", 200, 0, 18, 18, 236],
        [None] * 9,  # trailing empty rows are not data rows
        [None] * 9,
    ]
    read = read_register(_table(rows), header_row=1)
    assert read.frame["doc_no"].tolist() == ["1", "2"]
    assert read.frame["register_row"].tolist() == [2, 7]
    assert _at(read.problems, "blank row") == [(3, Severity.INFO, "")]
    assert _at(read.problems, "total") == [(4, Severity.INFO, ""), (6, Severity.INFO, "")]
    assert _at(read.problems, "repeated header") == [(5, Severity.INFO, "")]
    assert read.data_rows == 6
    assert len(read.frame) + len(read.skipped_rows) == read.data_rows


def test_a_supplier_called_total_is_not_a_total_row() -> None:
    rows: list[list[object]] = [["Total Solutions Pvt Ltd", ACME, "T-1", "01-05-2024", 100, 0,
                                 9, 9, 118]]
    assert len(read_register(_table(rows)).frame) == 1


def test_unusable_rows_are_skipped_with_an_error_naming_row_and_column() -> None:
    rows: list[list[object]] = [
        ["No gstin", "", "1", "01-05-2024", 100, 0, 9, 9, 118],
        ["URD", "URD", "2", "01-05-2024", 100, 0, 9, 9, 118],
        ["No number", ACME, "", "01-05-2024", 100, 0, 9, 9, 118],
        ["No date", ACME, "3", "", 100, 0, 9, 9, 118],
        ["Bad date", ACME, "4", "31-02-2024", 100, 0, 9, 9, 118],
        ["Bad amount", ACME, "5", "01-05-2024", "12,3x", 0, 9, 9, 118],
        ["Good", ACME, "6", "01-05-2024", 100, 0, 9, 9, 118],
    ]
    read = read_register(_table(rows), sheet="Books", file="books.xlsx")
    assert read.frame["doc_no"].tolist() == ["6"]
    errors = [(p.row, p.field) for p in read.problems if p.severity is Severity.ERROR]
    assert errors == [(2, "GSTIN of Supplier"), (3, "GSTIN of Supplier"), (4, "Invoice No."),
                      (5, "Invoice Date"), (6, "Invoice Date"), (7, "Taxable Value")]
    assert all(p.file == "books.xlsx" and p.sheet == "Books" for p in read.problems)
    assert "'31-02-2024' is not a date" in next(p.message for p in read.problems
                                                 if p.row == 6)
    assert read.skipped_rows == (2, 3, 4, 5, 6, 7)


def test_invalid_gstins_are_kept_with_the_reason() -> None:
    wrong_check = ACME[:-1] + ("A" if ACME[-1] != "A" else "B")
    rows: list[list[object]] = [
        ["Short", "27AAACA1234F", "1", "01-05-2024", 100, 0, 9, 9, 118],
        ["Check", wrong_check, "2", "01-05-2024", 100, 0, 9, 9, 118],
        ["State", "98" + ACME[2:], "3", "01-05-2024", 100, 0, 9, 9, 118],  # 99 is one
        ["Fine", " " + ACME.lower() + " ", "4", "01-05-2024", 100, 0, 9, 9, 118],
    ]
    read = read_register(_table(rows))
    assert read.frame["doc_no"].tolist() == ["1", "2", "3", "4"]
    assert read.frame["supplier_gstin"].tolist()[3] == ACME
    warnings = {p.row: p.message for p in read.problems if "invalid GSTIN" in p.message}
    assert sorted(warnings) == [2, 3, 4]
    assert "15 characters" in warnings[2]
    assert "check digit" in warnings[3]
    assert "state code" in warnings[4]


def test_negative_amounts_become_a_credit_note_with_positive_amounts() -> None:
    rows: list[list[object]] = [
        ["Acme", ACME, "CN-1", "01-05-2024", "-100.00", 0, "-9", "-9", "-118"],
        ["Acme", ACME, "INV-1", "01-05-2024", "100.00", 0, "9", "9", "118"],
    ]
    read = read_register(_table(rows))
    assert read.frame["doc_type"].tolist() == ["CN", "INV"]
    assert read.frame["taxable"].tolist() == [10000, 10000]
    assert read.frame["doc_value"].tolist() == [11800, 11800]
    assert not [p for p in read.problems if p.severity is not Severity.INFO]


_TYPED_ROWS: list[tuple[str, int]] = [
    ("Purchase", 1), ("Debit Note", 1), ("Credit Note", 1), ("Purchase Return", 1),
    ("CN", -1), ("Debit Note", -1), ("Stock Transfer", 1), ("", -1),
]


def _typed(header: str) -> pd.DataFrame:
    rows = [["A", ACME, str(i), "01-05-2024", 100 * s, 0, 9 * s, 9 * s, 118 * s, word]
            for i, (word, s) in enumerate(_TYPED_ROWS, start=1)]
    return _table(rows, [*HEADERS, header])


def test_voucher_types_are_the_buyers_vouchers() -> None:
    # A Debit Note voucher in a purchase register books a purchase return: the supplier's
    # credit note, whatever the sign.
    read = read_register(_typed("Voucher Type"))
    assert read.header_map["voucher_type"] == "Voucher Type"
    assert read.frame["doc_type"].tolist() == ["INV", "CN", "CN", "CN", "CN", "CN", "INV", "CN"]
    assert read.frame["taxable"].tolist() == [10000] * 8
    assert [p.row for p in read.problems if "no known document type" in p.message] == [8]


def test_document_types_are_the_suppliers_documents() -> None:
    # A document type column names the supplier's document: a positive debit note stays a
    # debit note (noted), a negative one is a purchase return read as a credit note.
    read = read_register(_typed("Document Type"))
    assert read.frame["doc_type"].tolist() == ["INV", "DN", "CN", "CN", "CN", "CN", "INV", "CN"]
    assert [p.row for p in read.problems if "no known document type" in p.message] == [8]
    notes = [p for p in read.problems if "debit notes with" in p.message]
    assert [(p.severity, "rows 3)" in p.message or "rows 7)" in p.message) for p in notes] == [
        (Severity.INFO, True), (Severity.INFO, True)]


def test_a_type_column_and_a_voucher_column_together() -> None:
    headers = [*HEADERS, "Document Type", "Voucher Type"]
    rows: list[list[object]] = [
        ["A", ACME, "1", "01-05-2024", 100, 0, 9, 9, 118, "D", "Purchase"],
        ["A", ACME, "2", "01-05-2024", 100, 0, 9, 9, 118, "", "Debit Note"],
        ["A", ACME, "3", "01-05-2024", -100, 0, -9, -9, -118, "Invoice", "Purchase"],
    ]
    read = read_register(_table(rows, headers))
    assert read.frame["doc_type"].tolist() == ["DN", "CN", "INV"]
    assert [p.row for p in read.problems if "negative amounts on a document" in p.message] == [4]


def test_document_value_is_computed_when_there_is_no_value_column() -> None:
    headers = HEADERS[:-1]
    rows: list[list[object]] = [["A", ACME, "1", "01-05-2024", "1,000.50", 0, "90.05", "90.05"]]
    read = read_register(_table(rows, headers))
    assert read.frame["doc_value"].tolist() == [118060]
    infos = [p for p in read.problems if "no invoice value column" in p.message]
    assert len(infos) == 1 and infos[0].severity is Severity.INFO


def test_heads_not_adding_up_and_igst_with_cgst_are_warnings_not_refusals() -> None:
    rows: list[list[object]] = [
        ["A", ACME, "1", "01-05-2024", 100, 0, 9, 9, 118.9],  # within ₹1 (round-off)
        ["A", ACME, "2", "01-05-2024", 100, 0, 9, 9, 125],
        ["A", ACME, "3", "01-05-2024", 100, 18, 9, 9, 136],
        ["A", ACME, "4", "01-05-2024", 100, 0, 9, 9, None],  # blank value: computed
    ]
    read = read_register(_table(rows))
    assert len(read.frame) == 4
    assert read.frame["doc_value"].tolist() == [11890, 12500, 13600, 11800]
    assert _at(read.problems, "but the invoice value is") == [
        (3, Severity.WARNING, "Invoice Value")]
    assert _at(read.problems, "IGST together with CGST/SGST") == [(4, Severity.WARNING, "IGST")]
    assert _at(read.problems, "without an invoice value") == [
        (None, Severity.INFO, "Invoice Value")]
    stricter = read_register(_table(rows), value_tolerance=50)
    assert [p.row for p in stricter.problems if "but the invoice value" in p.message] == [2, 3]


def test_duplicates_are_kept_and_each_names_the_other_rows() -> None:
    rows: list[list[object]] = [
        ["A", ACME, "inv-9", "01-05-2024", 100, 0, 9, 9, 118],
        ["A", ACME, "INV-9", "02-05-2024", 100, 0, 9, 9, 118],  # same FY, number case differs
        ["A", ACME, "INV-9", "01-05-2025", 100, 0, 9, 9, 118],  # next fiscal year: not a dup
        ["B", BETA, "INV-9", "01-05-2024", 100, 18, 0, 0, 118],  # other supplier
        ["A", ACME, "INV-9", "01-05-2024", -100, 0, -9, -9, -118],  # a credit note: other type
    ]
    read = read_register(_table(rows))
    assert len(read.frame) == 5
    assert duplicate_groups(read.frame) == [[2, 3]]
    dups = {p.row: p.message for p in read.problems if "same supplier, type" in p.message}
    assert sorted(dups) == [2, 3]
    assert "row 3" in dups[2] and "row 2" in dups[3]


def test_reverse_charge_and_ineligible_lines_are_kept_and_marked() -> None:
    headers = [*HEADERS, "Reverse Charge", "Eligibility For ITC"]
    rows: list[list[object]] = [
        ["A", ACME, "1", "01-05-2024", 100, 0, 9, 9, 118, "Y", "Inputs"],
        ["A", ACME, "2", "01-05-2024", 100, 0, 9, 9, 118, "N", "Ineligible"],
        ["A", ACME, "3", "01-05-2024", 100, 0, 9, 9, 118, "", ""],
        ["A", ACME, "4", "01-05-2024", 100, 0, 9, 9, 118, "maybe", "sometimes"],
    ]
    read = read_register(_table(rows, headers))
    assert read.frame["rcm"].tolist() == [True, False, False, False]
    assert read.frame["itc_eligible"].tolist() == [True, False, True, True]
    assert _at(read.problems, "reverse-charge document") == [
        (2, Severity.INFO, "Reverse Charge")]
    assert _at(read.problems, "ITC-ineligible document") == [
        (3, Severity.INFO, "Eligibility For ITC")]
    assert len(_at(read.problems, "'maybe' is neither yes nor no")) == 1
    assert len(_at(read.problems, "'sometimes' is no known ITC eligibility")) == 1


def test_place_of_supply_spellings() -> None:
    headers = [*HEADERS, "POS"]
    cells: list[object] = ["27", 27, 27.0, "27-Maharashtra", "Maharashtra", "maharashtra (27)",
                           "7", "Delhi", "Tamil Nadu", "", "Atlantis", "99"]
    rows = [["A", ACME, str(i), "01-05-2024", 100, 0, 9, 9, 118, c] for i, c in enumerate(cells)]
    read = read_register(_table(rows, headers))
    assert read.frame["pos"].tolist() == ["27"] * 6 + ["07", "07", "33", "", "", ""]
    assert [p.row for p in read.problems if "no place of supply" in p.message] == [12, 13]


def test_missing_required_column_lists_required_found_and_closest() -> None:
    headers = ["Vendor", "GSTIN", "Inv Number", "Dt of Invoice", "Taxable Val", "IGST"]
    table = _table([[None] * 6], headers)
    with pytest.raises(InputError) as caught:
        read_register(table)
    text = str(caught.value)
    for label in ("supplier GSTIN", "supplier's document number", "supplier's document date",
                  "taxable value"):
        assert label in text
    assert "Missing: supplier's document number, supplier's document date, taxable value" in text
    assert "'Inv Number' -> not recognised; closest: 'Invoice Number' (doc_no)" in text
    assert "'GSTIN' -> supplier_gstin" in text
    assert {p.severity for p in caught.value.problems} == {Severity.ERROR}
    assert len(caught.value.problems) == 3
    assert ("close headers in the file (by meaning): 'Taxable Val' (like 'Taxable Value')"
            in caught.value.problems[2].message)
    # The ways tax can come without head columns are named.
    assert "per-rate ledger columns" in text and "one tax column" in text


def test_register_without_any_tax_head_is_refused() -> None:
    table = _table([[None] * 4], ["GSTIN", "Invoice No", "Invoice Date", "Taxable Value"])
    with pytest.raises(InputError, match="every tax head"):
        read_register(table)


def test_explicit_mapping_overrides_aliases() -> None:
    headers = ["GSTIN", "Invoice No.", "Our Ref", "Invoice Date", "Book Date", "Taxable Value",
               "IGST"]
    rows: list[list[object]] = [[GAMMA, "VOUCHER-1", "SUP-77", "01-05-2024", "03-06-2024",
                                 100, 18]]
    mapping = ColumnMapping({"doc_no": "our ref", "posting_date": "Book Date"})
    read = read_register(_table(rows, headers), mapping=mapping)
    assert read.header_map["doc_no"] == "Our Ref"
    assert read.frame["doc_no"].tolist() == ["SUP-77"]
    assert read.frame["period"].tolist() == ["06-2024"]
    # The header the mapping displaced is carried through.
    assert read.frame["Invoice No."].tolist() == ["VOUCHER-1"]


def test_a_mapping_naming_a_missing_header_or_field_is_refused() -> None:
    table = _table([[GAMMA, "1", "01-05-2024", 100, 18]],
                   ["GSTIN", "Invoice No", "Invoice Date", "Taxable Value", "IGST"])
    with pytest.raises(InputError, match="no such header"):
        read_register(table, mapping=ColumnMapping({"doc_no": "Bill Ref"}))
    with pytest.raises(InputError, match="no register field"):
        read_register(table, mapping=ColumnMapping({"bill": "Invoice No"}))


def test_required_fields_are_the_documented_four() -> None:
    assert REQUIRED_FIELDS == ("supplier_gstin", "doc_no", "doc_date", "taxable")


def test_file_with_only_an_unrecognised_header_reports_missing_columns(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "odd.xlsx", [["Report"], ["Foo", "Bar"], [1, 2]])
    with pytest.raises(InputError, match="lacks required columns"):
        read_register_file(path)


def test_a_wrong_file_type_and_an_empty_sheet_are_input_errors(tmp_path: Path) -> None:
    text = tmp_path / "register.txt"
    text.write_text("hello")
    with pytest.raises(InputError, match=r"\.xlsx, \.xlsm, \.xls or \.csv"):
        read_register_file(text)
    empty = write_xlsx(tmp_path / "empty.xlsx", [])
    with pytest.raises(InputError, match="empty"):
        read_register_file(empty)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="cannot be read"):
        read_register_file(broken)


def test_typed_columns_from_a_workbook_table_are_read() -> None:
    # A workbook port may hand over typed columns: string with <NA>, float with NaN, dates.
    table = pd.DataFrame({
        "GSTIN": pd.Series([GAMMA, None, GAMMA], dtype="string"),
        "Invoice No": pd.Series(["1", "2", pd.NA], dtype="string"),
        "Invoice Date": pd.to_datetime(["2024-05-01", None, "2024-05-03"]),
        "Taxable Value": [100.0, float("nan"), 5.5],
        "IGST": [18.0, float("nan"), float("nan")],
        7: ["x", None, None],
    })
    read = read_register(table)
    assert read.frame["doc_no"].tolist() == ["1"]
    assert read.frame["doc_value"].tolist() == [11800]
    assert read.frame["7"].tolist() == ["x"]
    assert sorted((p.row, p.field) for p in read.problems if p.severity is Severity.ERROR) == [
        (3, "GSTIN"), (3, "Invoice Date"), (4, "Invoice No")]


def test_an_empty_register_gives_an_empty_typed_frame() -> None:
    read = read_register(_table([]))
    assert read.frame.empty and read.data_rows == 0
    assert str(read.frame["taxable"].dtype) == "int64"
    assert str(read.frame["doc_date"].dtype) == "datetime64[ns]"


def test_a_stated_period_wins_over_the_dates_and_a_bad_one_is_flagged() -> None:
    headers = [*HEADERS, "Period"]
    rows: list[list[object]] = [
        ["Acme", ACME, "1", "28-04-2024", 100, 0, 9, 9, 118, "05-2024"],
        ["Acme", ACME, "2", "29-04-2024", 100, 0, 9, 9, 118, ""],
        ["Acme", ACME, "3", "30-04-2024", 100, 0, 9, 9, 118, "someday"],
    ]
    read = read_register(_table(rows, headers))
    assert read.frame["period"].tolist() == ["05-2024", "04-2024", "04-2024"]
    assert _at(read.problems, "is not a period") == [(4, Severity.WARNING, "Period")]
