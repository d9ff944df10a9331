"""The sample-month generator: determinism, ground-truth consistency, the planted cases
are what they say, and the IMS it writes reads back clean."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from gst_ims.domain.documents import Category, Dialect
from gst_ims.domain.gstin import is_valid_gstin, pan_of
from gst_ims.domain.problems import Severity
from gst_ims.ims.reader import read_ims_files, read_ims_payload
from gst_ims.samples import (
    CASES,
    REGISTER_HEADERS,
    REGISTER_ONLY_CASES,
    REGISTER_SHEET,
    TRUTH_COLUMNS,
    SampleMonth,
    generate_month,
    write_register_xlsx,
    write_sample_month,
)

DOCS = 3000


@pytest.fixture(scope="module")
def month() -> SampleMonth:
    return generate_month(docs=DOCS, seed=11, dialect=Dialect.API)


def _joined(month: SampleMonth) -> pd.DataFrame:
    """Truth rows of IMS documents with their register line and IMS record side by side."""
    result = read_ims_payload(month.ims_payload, "ims.json")
    ims = result.frame.assign(doc_date_text=result.frame["doc_date"].dt.strftime("%d-%m-%Y"))
    truth = month.truth[month.truth["section"] != ""]
    joined = truth.merge(
        ims, left_on=["section", "supplier_gstin", "doc_no", "doc_date"],
        right_on=["section", "supplier_gstin", "doc_no", "doc_date_text"], how="left",
        validate="one_to_one", suffixes=("", "_ims"),
    )
    assert joined["record_key"].notna().all()  # every truth row names a real IMS record
    register = month.register.assign(register_row=range(2, len(month.register) + 2))
    return joined.merge(register, on="register_row", how="left")


def test_same_seed_same_month_and_another_seed_differs() -> None:
    first = generate_month(docs=400, seed=5)
    again = generate_month(docs=400, seed=5)
    other = generate_month(docs=400, seed=6)
    assert json.dumps(first.ims_payload) == json.dumps(again.ims_payload)
    pd.testing.assert_frame_equal(first.register, again.register)
    pd.testing.assert_frame_equal(first.truth, again.truth)
    assert json.dumps(first.ims_payload) != json.dumps(other.ims_payload)


def test_truth_is_consistent_with_the_register(month: SampleMonth) -> None:
    truth, register = month.truth, month.register
    assert tuple(truth.columns) == TRUTH_COLUMNS
    assert tuple(register.columns) == REGISTER_HEADERS
    valid = {c.value for c in Category}
    assert set(truth["expected_category"]) <= valid
    rows = truth["register_row"].dropna().astype(int)
    assert rows.between(2, len(register) + 1).all()
    assert rows.is_unique and len(rows) == len(register)  # every line accounted for once
    assert (truth["section"] != "").sum() == DOCS
    decoy_rows = truth["must_not_pair_row"].dropna().astype(int)
    assert len(decoy_rows) > 0 and decoy_rows.between(2, len(register) + 1).all()
    decoy_lines = truth[truth["register_row"].isin(decoy_rows)]
    # A decoy dated past the download's months is no follow-up (the books period).
    assert decoy_lines["expected_category"].isin(
        [Category.NOT_IN_IMS.value, Category.OUTSIDE_PERIOD.value]).all()
    assert (decoy_lines["section"] == "").all()
    cases = {c.name for c in (*CASES, *REGISTER_ONLY_CASES)}
    assert set(truth["case"]) <= cases


def test_all_cases_are_planted_in_realistic_proportions(month: SampleMonth) -> None:
    counts = month.truth["case"].value_counts()
    for case in (*CASES, *REGISTER_ONLY_CASES):
        assert counts.get(case.name, 0) > 0, case.name
    ims = month.truth[month.truth["section"] != ""]
    matched = (ims["expected_category"] == Category.MATCHED.value).mean()
    assert 0.75 < matched < 0.9
    sections = set(ims["section"])
    assert sections == {"b2b", "b2ba", "b2bdn", "b2bdna", "b2bcn", "b2bcna", "ecom", "ecoma"}


def test_planted_cases_look_like_their_names(month: SampleMonth) -> None:
    rows = _joined(month)
    reg_paise = {head: (rows[col] * 100).round().astype("Int64") for head, col in (
        ("taxable", "Taxable Value"), ("igst", "Integrated Tax"), ("cgst", "Central Tax"),
        ("sgst", "State/UT Tax"))}
    by_case = {name: rows["case"] == name for name in rows["case"].unique()}
    exact = by_case["exact"] | by_case["unfiled"]
    for head in reg_paise:
        assert (reg_paise[head][exact] == rows.loc[exact, head]).all(), head
    assert (rows.loc[exact, "Supplier Invoice No."] == rows.loc[exact, "doc_no"]).all()
    rounding = by_case["rounding"]
    gap = sum((reg_paise[h][rounding] - rows.loc[rounding, h]).abs() for h in reg_paise)
    assert gap.between(1, 100).all()
    zeros = by_case["number_leading_zeros"]
    assert (rows.loc[zeros, "doc_no"].str.lstrip("0")
            == rows.loc[zeros, "Supplier Invoice No."]).all()
    case = by_case["number_case"]
    assert (rows.loc[case, "doc_no"].str.lower() == rows.loc[case, "Supplier Invoice No."]).all()
    assert (rows.loc[case, "doc_no"] != rows.loc[case, "Supplier Invoice No."]).all()
    fy = by_case["number_fy_token"]
    assert rows.loc[fy, "doc_no"].str.contains("/25-26/").all()
    cross = by_case["igst_as_cgst_sgst"]
    assert (rows.loc[cross, "igst"] > 0).all() and (reg_paise["igst"][cross] == 0).all()
    assert ((reg_paise["cgst"] + reg_paise["sgst"])[cross] == rows.loc[cross, "igst"]).all()
    branch = by_case["branch_gstin"]
    booked_gstin = rows.loc[branch, "GSTIN/UIN of Supplier"]
    assert (booked_gstin != rows.loc[branch, "supplier_gstin"]).all()
    assert (booked_gstin.map(pan_of) == rows.loc[branch, "supplier_gstin"].map(pan_of)).all()
    shift = by_case["date_shift"]
    ims_date = pd.to_datetime(rows.loc[shift, "doc_date"], format="%d-%m-%Y")
    days = (rows.loc[shift, "Supplier Invoice Date"] - ims_date).dt.days
    assert days.abs().between(1, 5).all()
    mismatch = by_case["value_mismatch"]
    ratio = reg_paise["taxable"][mismatch] / rows.loc[mismatch, "taxable"]
    assert ((ratio - 1).abs() >= 0.04).all()
    unfiled = by_case["unfiled"]
    assert (rows.loc[unfiled, "filing_status"] == "Not Filed").all()
    assert (rows.loc[~unfiled, "filing_status"] == "Filed").all()
    alone = by_case["ims_only"] | by_case["decoy"]
    assert rows.loc[alone, "register_row"].isna().all()
    swapped = by_case["number_swapped"]
    issued, booked = rows.loc[swapped, "doc_no"], rows.loc[swapped, "Supplier Invoice No."]
    assert (issued.str[:-2] == booked.str[:-2]).all()
    assert (issued.str[-2:] == booked.str[-1] + booked.str[-2]).all()
    assert (issued != booked).all()
    dropped = by_case["number_suffix_dropped"]
    issued, booked = rows.loc[dropped, "doc_no"], rows.loc[dropped, "Supplier Invoice No."]
    assert ((issued == booked + "-1") | (issued == booked + "/A")).all()
    assert (issued.str.len() <= 16).all()
    boundary = by_case["fy_boundary"]
    ims_date = pd.to_datetime(rows.loc[boundary, "doc_date"], format="%d-%m-%Y")
    assert (ims_date.dt.month == 3).all()
    assert ((rows.loc[boundary, "Supplier Invoice Date"] - ims_date).dt.days == 3).all()
    assert (rows.loc[boundary, "Supplier Invoice Date"].dt.month == 4).all()


def test_decoys_are_the_next_bill_of_the_same_supplier(month: SampleMonth) -> None:
    truth, register = month.truth, month.register
    decoys = truth[truth["case"] == "decoy"].dropna(subset=["must_not_pair_row"])
    for row in decoys.itertuples(index=False):
        line = register.iloc[int(row.must_not_pair_row) - 2]
        assert line["GSTIN/UIN of Supplier"] == row.supplier_gstin
        ims_tail = int(str(row.doc_no).rsplit("-", 1)[1])
        line_tail = int(str(line["Supplier Invoice No."]).rsplit("-", 1)[1])
        assert line_tail - ims_tail == 5


def test_taxes_follow_the_place_of_supply(month: SampleMonth) -> None:
    frame = read_ims_payload(month.ims_payload, "ims.json").frame
    inter = frame["supplier_gstin"].str.slice(0, 2) != frame["pos"]
    assert (frame.loc[inter, ["cgst", "sgst"]] == 0).all().all()
    assert (frame.loc[~inter, "igst"] == 0).all()
    assert (frame["pos"] == "27").all()
    assert frame["supplier_gstin"].map(is_valid_gstin).all()
    assert is_valid_gstin(month.recipient_gstin)
    assert frame["hash"].str.fullmatch(r"[0-9a-f]{64}").all()
    assert frame["doc_no"].str.len().max() <= 16
    cn = frame[frame["doc_type"] == "CN"]
    assert cn["pending_blocked"].mean() > 0.5
    assert not (frame["pending_blocked"] & (frame["portal_action"] == "P")).any()
    assert (frame[["taxable", "igst", "cgst", "sgst", "cess"]] >= 0).all().all()


def test_register_types_and_values(month: SampleMonth) -> None:
    register = month.register
    # As Tally books them: credit notes as Debit Note vouchers (purchase returns), debit
    # notes as purchases.
    assert set(register["Voucher Type"]) == {"Purchase", "Debit Note"}
    assert set(register["Reverse Charge"]) == {"Yes", "No"}
    assert "Ineligible" in set(register["ITC Eligibility"])
    assert (register["Place of Supply"] == "27-Maharashtra").all()
    assert register["Supplier Invoice No."].map(type).eq(str).all()
    assert register["Taxable Value"].dtype == float
    assert (register["Taxable Value"] >= 0).all()
    truth = month.truth.set_index("register_row")
    rcm = truth.loc[truth["case"] == "rcm"].index.astype(int) - 2
    assert (register.iloc[rcm]["Reverse Charge"] == "Yes").all()
    assert (truth.loc[truth["case"] == "rcm", "expected_category"]
            == Category.NOT_EXPECTED.value).all()


@pytest.mark.parametrize("dialect", list(Dialect))
def test_generated_ims_reads_back_clean(dialect: Dialect) -> None:
    month = generate_month(docs=800, seed=3, dialect=dialect)
    result = read_ims_payload(json.loads(json.dumps(month.ims_payload)), "ims.json")
    assert [p for p in result.problems if p.severity is not Severity.INFO] == []
    assert len(result.frame) == 800
    assert (result.frame["dialect"] == dialect.value).all()
    if dialect is Dialect.PORTAL:
        assert "imsDetails" in month.ims_payload
        assert (result.frame["supplier_name"] != "").all()
        assert result.files[0].recipient_gstin == month.recipient_gstin
    else:
        assert "b2b" in month.ims_payload


def test_zero_documents() -> None:
    month = generate_month(docs=0, seed=1)
    assert month.register.empty and month.truth.empty


def test_write_sample_month(tmp_path: Path) -> None:
    paths = write_sample_month(tmp_path / "out", docs=300, seed=2, dialect=Dialect.PORTAL)
    assert set(paths) == {"ims", "register", "truth"}
    read = read_ims_files([paths["ims"]])
    assert len(read.frame) == 300
    book = openpyxl.load_workbook(paths["register"], read_only=True)
    sheet = book[REGISTER_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == REGISTER_HEADERS
    month = generate_month(docs=300, seed=2, dialect=Dialect.PORTAL)
    assert len(rows) - 1 == len(month.register)
    first = dict(zip(REGISTER_HEADERS, rows[1], strict=True))
    assert isinstance(first["Supplier Invoice No."], str)
    assert isinstance(first["Supplier Invoice Date"], datetime)
    assert isinstance(first["Taxable Value"], float | int)
    assert first["Taxable Value"] == month.register.iloc[0]["Taxable Value"]
    book.close()
    styled = openpyxl.load_workbook(paths["register"])[REGISTER_SHEET]
    assert styled["G2"].number_format == "dd-mm-yyyy"
    truth = pd.read_csv(paths["truth"], dtype={"doc_no": str})
    assert list(truth.columns) == list(TRUTH_COLUMNS)
    assert len(truth) == len(month.truth)


def test_register_writes_without_xlsxwriter(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    month = generate_month(docs=60, seed=9)
    write_register_xlsx(month.register, tmp_path / "fast.xlsx")
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)  # import now fails
    write_register_xlsx(month.register, tmp_path / "plain.xlsx")
    fast, plain = (
        list(openpyxl.load_workbook(tmp_path / name, read_only=True)[REGISTER_SHEET]
             .iter_rows(values_only=True))
        for name in ("fast.xlsx", "plain.xlsx")
    )
    assert fast == plain and len(plain) == len(month.register) + 1
