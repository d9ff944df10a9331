"""Which columns are read as what: ledger patterns, the single tax column and its split,
the supplier's-number precedence, the aliases seen in real exports, and missing-column
messages by meaning."""

from __future__ import annotations

import pandas as pd
import pytest

from gst_ims.books.aliases import closest_alias, field_of, meaning_of
from gst_ims.books.ledgers import is_ledger_column, is_purchase_ledger, tax_ledger_head
from gst_ims.books.register import read_register
from gst_ims.books.tax_split import SPLIT_COLUMN
from gst_ims.domain.problems import InputError, Severity
from support.books import ACME, BETA


def _read(headers: list[str], rows: list[list[object]], **options: object) -> pd.DataFrame:
    return read_register(pd.DataFrame(rows, columns=headers, dtype=object),
                         **options)  # type: ignore[arg-type]


# --- ledger columns -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("header", "head"),
    [("Input CGST @ 9%", "cgst"), ("CGST Input 2.5%", "cgst"), ("Input IGST @ 18%", "igst"),
     ("Input SGST @9 %", "sgst"), ("Input UTGST @ 6%", "sgst"), ("IGST Input", "igst"),
     ("CGST @ 14%", "cgst"), ("Cess on GST Input", "cess"), ("Add. Cess on GST Input", "cess"),
     ("IGST 18% A/c", "igst"), ("Input Tax CGST 9%", "cgst")],
)
def test_tax_ledger_columns_are_recognised_by_pattern(header: str, head: str) -> None:
    assert tax_ledger_head(header) == head
    assert is_ledger_column(header)


@pytest.mark.parametrize(
    "header",
    ["CGST", "CGST Amount", "IGST Amt", "CGST Rate", "IGST rate", "RCM CGST",
     "CGST Input Available (RCM)", "Output CGST @ 9%", "Availed ITC Central Tax",
     "CGST/SGST @ 9%", "Integrated Tax Paid", "CGST 9% 2.5%"],
)
def test_totals_rates_and_other_tax_words_are_no_ledger_column(header: str) -> None:
    assert not is_ledger_column(header)


@pytest.mark.parametrize(
    ("header", "expected"),
    [("Purchase @ 18%", True), ("Purchase GST 12%", True), ("Interstate Purchase @ 5%", True),
     ("Purchase A/c", True), ("Local Purchase 28%", True), ("Purchase Return", False),
     ("Import Purchase", False), ("Purchase Exempt", False), ("Purchase Voucher No", False),
     ("Purchase (RCM) 18%", False), ("Purchase Date", False)],
)
def test_purchase_ledgers_are_recognised_by_pattern(header: str, expected: bool) -> None:
    assert is_purchase_ledger(header) is expected


def test_a_head_total_column_wins_over_its_ledgers_which_are_carried() -> None:
    headers = ["GSTIN", "Invoice No", "Invoice Date", "Taxable Value", "CGST", "SGST",
               "Input CGST @ 9%", "Input SGST @ 9%"]
    read = _read(headers, [[ACME, "1", "01-10-2025", 1000, 90, 90, 90, 90]])
    assert read.frame[["cgst", "sgst"]].iloc[0].tolist() == [9000, 9000]
    assert read.frame["Input CGST @ 9%"].tolist() == [90]
    assert read.sums == {}
    note = [p.message for p in read.problems if "not added to CGST" in p.message]
    assert note == ["'Input CGST @ 9%' not added to CGST: the register has its total in "
                    "'CGST' (carried through)"]


def test_a_ledger_named_like_an_alias_is_summed_with_its_siblings() -> None:
    headers = ["GSTIN", "Invoice No", "Invoice Date", "Taxable Value", "Input CGST",
               "Input CGST @ 2.5%", "Input SGST", "Input SGST @ 2.5%"]
    read = _read(headers, [[ACME, "1", "01-10-2025", 2000, 90, 25, 90, 25]])
    assert read.frame[["cgst", "sgst"]].iloc[0].tolist() == [11500, 11500]
    assert read.sums["cgst"] == ("Input CGST", "Input CGST @ 2.5%")


# --- one tax column -------------------------------------------------------------------
TAX_HEADERS = ["Vendor GSTIN", "Bill Number", "Bill Date", "Place of Supply", "Sub Total",
               "Tax Amount", "Total"]


def test_one_tax_column_is_split_by_the_place_of_supply() -> None:
    rows: list[list[object]] = [
        [BETA, "K-1", "01-10-2025", "27-Maharashtra", 1000, 180, 1180],  # KA -> MH: IGST
        [ACME, "M-1", "01-10-2025", "Maharashtra", 1000, "180.03", "1,180.03"],  # in MH
        [BETA, "K-2", "01-10-2025", "29", 100, 18, 118],  # KA -> KA: CGST + SGST
    ]
    read = _read(TAX_HEADERS, rows)
    assert read.frame[["igst", "cgst", "sgst"]].values.tolist() == [
        [18000, 0, 0], [0, 9001, 9002], [0, 900, 900]]
    assert read.frame[SPLIT_COLUMN].tolist()[0].startswith("IGST derived from 'Tax Amount'")


def test_without_a_place_of_supply_the_recipients_state_decides() -> None:
    headers = [h for h in TAX_HEADERS if h != "Place of Supply"]
    rows: list[list[object]] = [[BETA, "K-1", "01-10-2025", 1000, 180, 1180],
                                [ACME, "M-1", "01-10-2025", 1000, 180, 1180]]
    read = _read(headers, rows, recipient_gstin=ACME)
    assert read.frame[["igst", "cgst", "sgst"]].values.tolist() == [
        [18000, 0, 0], [0, 9000, 9000]]
    assert read.frame[SPLIT_COLUMN].tolist()[1] == (
        "CGST + SGST derived from 'Tax Amount': your state (no place of supply) 27 is the "
        "supplier's state 27")


def test_a_tax_column_that_cannot_be_split_is_refused_exactly() -> None:
    headers = [h for h in TAX_HEADERS if h != "Place of Supply"]
    with pytest.raises(InputError) as caught:
        _read(headers, [[BETA, "K-1", "01-10-2025", 1000, 180, 1180]])
    assert str(caught.value).startswith(
        "The register has one tax column ('Tax Amount') and no place-of-supply column, so "
        "its tax cannot be split into IGST or CGST + SGST. Add a 'Place of Supply' column "
        "(state code or name), or set the Recipient GSTIN on the Settings sheet so that each "
        "supplier's state can be compared with yours.")


def test_a_line_without_a_place_of_supply_is_skipped_when_nothing_else_tells() -> None:
    rows: list[list[object]] = [[BETA, "K-1", "01-10-2025", "", 1000, 180, 1180],
                                [BETA, "K-2", "01-10-2025", "", 1000, 0, 1000]]
    read = _read(TAX_HEADERS, rows)
    assert read.frame["doc_no"].tolist() == ["K-2"]  # no tax, nothing to split
    errors = [(p.row, p.field) for p in read.problems if p.severity is Severity.ERROR]
    assert errors == [(2, "Tax Amount")]


def test_tax_heads_win_over_a_tax_total_column() -> None:
    headers = ["GSTIN", "Invoice No", "Invoice Date", "Taxable Value", "IGST", "Tax Amount"]
    read = _read(headers, [[BETA, "1", "01-10-2025", 1000, 180, 180]])
    assert read.frame["igst"].tolist() == [18000]
    assert SPLIT_COLUMN not in read.frame and read.frame["Tax Amount"].tolist() == [180]


# --- the supplier's number ------------------------------------------------------------
@pytest.mark.parametrize(
    ("own", "supplier"),
    [("Voucher No.", "Supplier Invoice No."), ("Vch/Bill No", "Party Bill No."),
     ("Document Number", "Reference"), ("Document No", "Bill No"),
     ("Vch No", "Supplier Inv No"), ("Bill ID", "Bill Number")],
)
def test_the_suppliers_number_wins_over_our_own_voucher_number(own: str,
                                                               supplier: str) -> None:
    headers = ["GSTIN", own, supplier, "Invoice Date", "Taxable Value", "IGST"]
    read = _read(headers, [[BETA, "OURS-1", "THEIRS-1", "01-10-2025", 100, 18]])
    assert read.frame["doc_no"].tolist() == ["THEIRS-1"]
    assert read.header_map["doc_no"] == supplier
    assert (f"supplier's document number read from '{supplier}' (not from '{own}', your own "
            "voucher number)") in [p.message for p in read.problems]


def test_only_our_own_voucher_number_is_used_with_a_warning() -> None:
    headers = ["GSTIN", "Voucher No.", "Invoice Date", "Taxable Value", "IGST"]
    read = _read(headers, [[BETA, "PUR/25-26/00012", "01-10-2025", 100, 18]])
    assert read.frame["doc_no"].tolist() == ["PUR/25-26/00012"]
    warnings = [p for p in read.problems if p.severity is Severity.WARNING]
    assert len(warnings) == 1 and "looks like your own voucher number" in warnings[0].message
    assert warnings[0].field == "Voucher No."


@pytest.mark.parametrize(
    ("header", "field"),
    [("Party Bill No.", "doc_no"), ("Supplier Inv No", "doc_no"),
     ("Note/Refund Voucher Number", "doc_no"), ("Note/Refund Voucher date", "doc_date"),
     ("Bill Date", "doc_date"), ("Vendor GSTIN", "supplier_gstin"),
     ("GSTIN of Supplier", "supplier_gstin"), ("Invoice Value", "doc_value"),
     ("Rate", "rate"), ("Vch/Bill No", "voucher_no"), ("Destination of Supply", "pos"),
     ("Tax Number 3", "supplier_gstin"), ("Voucher Type", "voucher_type"),
     ("Tax Amount", "tax_total"), ("Total Amt", "doc_value")],
)
def test_headers_seen_in_real_exports_are_recognised(header: str, field: str) -> None:
    assert field_of(header) == field


# --- messages by meaning ----------------------------------------------------------------
def test_a_rate_column_is_never_offered_for_a_date() -> None:
    headers = ["GSTIN of Supplier", "Note/Refund No", "Rate", "Taxable Value", "IGST"]
    with pytest.raises(InputError) as caught:
        _read(headers, [[BETA, "CN-1", 18, 100, 18]])
    text = str(caught.value) + " ".join(p.message for p in caught.value.problems)
    assert "'Rate' -> rate" in text
    assert "(like 'Date')" not in text and "closest: 'Date'" not in text
    date_problem = next(p for p in caught.value.problems if "(doc_date)" in p.message)
    assert "close headers" not in date_problem.message


def test_close_headers_are_offered_by_meaning() -> None:
    headers = ["GSTIN", "Vch/Bill No", "Dt of Bill", "GST Treatment", "Taxable Value", "IGST"]
    with pytest.raises(InputError) as caught:
        _read(headers, [[BETA, "1", "01-10-2025", "x", 100, 18]])
    date_problem = next(p for p in caught.value.problems if "(doc_date)" in p.message)
    assert "close headers in the file (by meaning): 'Dt of Bill'" in date_problem.message
    assert "GST Treatment" not in str(caught.value).split("Headers found")[0]
    assert "'GST Treatment' -> not recognised (carried through as is)" in str(caught.value)


@pytest.mark.parametrize(
    ("header", "kind"),
    [("Supplier Invoice Date", "date"), ("Party Bill No.", "number"), ("Tax Rate %", "rate"),
     ("GST No.", "gstin"), ("Net Amount", "amount"), ("Place", "place"), ("Remarks", "")],
)
def test_meaning_of_a_header(header: str, kind: str) -> None:
    assert meaning_of(header) == kind


def test_closest_alias_stays_within_the_meaning() -> None:
    near = closest_alias("Inv Dte")
    assert near is None or near.field in ("doc_date", "posting_date")
    assert closest_alias("Rate") is not None and closest_alias("Rate").field == "rate"  # type: ignore[union-attr]
