"""The engine end to end on literal frames: named regression cases, cascade order,
ties, categories, reasons and suggested actions."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from gst_ims.domain.documents import RECON_COLUMNS, Action
from gst_ims.domain.match_status import MatchStatus
from gst_ims.domain.problems import InputError
from gst_ims.domain.settings import ReconSettings
from gst_ims.recon.engine import reconcile
from support.recon import OTHER_BRANCH, OTHER_SUPPLIER, books_frame, ims_frame


def one(ims_row: dict[str, Any], books_row: dict[str, Any],
        settings: ReconSettings | None = None) -> pd.Series:
    """Outcome row of a single IMS document against a single register line."""
    out = reconcile(ims_frame(ims_row), books_frame(books_row), settings)
    return out.iloc[0]


@pytest.mark.parametrize(
    ("ims_no", "books_no", "status"),
    [
        ("INV/2024-25/12", "INV-12", MatchStatus.NORMALISED),
        ("000123", "123", MatchStatus.NORMALISED),
        ("abc-101", "ABC/101", MatchStatus.EXACT),
        ("INV/24-25/0012", "12", MatchStatus.DIGITS_ONLY),
        ("VD-1001", "1001", MatchStatus.DIGITS_ONLY),
    ],
)
def test_named_equal_numbers_are_matched(ims_no: str, books_no: str,
                                         status: MatchStatus) -> None:
    row = one({"doc_no": ims_no}, {"doc_no": books_no})
    assert row["category"] == "Matched"
    assert row["match_status"] == status.value
    assert row["suggested_action"] == "A"


@pytest.mark.parametrize(("ims_no", "books_no"), [("INV/24-25/0012", "12"),
                                                  ("VD-1001", "1001")])
def test_digits_only_pairs_with_an_amount_outside_tolerance_are_mismatched(
        ims_no: str, books_no: str) -> None:
    row = one({"doc_no": ims_no, "igst": 5_00, "cgst": 900_00}, {"doc_no": books_no})
    assert row["category"] == "Mismatched"
    assert row["match_status"] == MatchStatus.VALUE_MISMATCH.value
    assert "IGST" in row["mismatch_fields"]


@pytest.mark.parametrize(("ims_no", "books_no"), [("BILL-23-00040", "BILL-23-00045"),
                                                  ("A12", "A1"),
                                                  ("QKI/055190", "QKI/053612"),
                                                  ("102", "104"), ("1", "11")])
@pytest.mark.parametrize("taxable", [10_000_00, 10_003_00])
def test_must_not_pair_numbers_are_never_matched(ims_no: str, books_no: str,
                                                 taxable: int) -> None:
    out = reconcile(ims_frame({"doc_no": ims_no, "taxable": taxable}),
                    books_frame({"doc_no": books_no}))
    assert "Matched" not in set(out["category"])


def test_half_rupee_taxable_and_nine_paise_tax_are_matched_within_tolerance() -> None:
    row = one({"taxable": 10_000_50, "cgst": 900_09, "sgst": 900_09}, {})
    assert row["match_status"] == MatchStatus.WITHIN_TOLERANCE.value
    assert row["diff_taxable"] == 50 and row["diff_cgst"] == 9
    assert "taxable value differs by ₹0.50 (IMS higher)" in row["reason"]


def test_value_mismatch_reason_names_layer_and_amount() -> None:
    row = one({"doc_no": "INV/2024-25/12", "taxable": 10_000_00}, {"doc_no": "INV-12",
              "taxable": 8_800_00})
    assert row["match_status"] == MatchStatus.VALUE_MISMATCH.value
    assert row["reason"].startswith(
        "Invoice number matches after removing the fiscal-year part, but values differ")
    assert "taxable value differs by ₹1,200.00 (IMS higher)" in row["reason"]
    assert row["suggested_action"] == "P"
    assert row["remarks"] == "Values differ from our books"


def test_same_number_far_apart_beats_an_amount_only_neighbour() -> None:
    # india-compliance PR #4433: the genuine same-number pair must win.
    ims = ims_frame({"doc_no": "QKI/055190", "doc_date": "2024-11-01"})
    books = books_frame({"doc_no": "QKI/053612", "doc_date": "2024-11-02"},
                        {"doc_no": "QKI/055190", "doc_date": "2024-11-25"})
    out = reconcile(ims, books)
    first = out.iloc[0]
    assert first["books_id"] == 1
    assert first["match_status"] == MatchStatus.DATE_DIFFERS.value
    assert first["date_gap_days"] == 24
    assert out.iloc[1]["category"] == "Not in IMS"


def test_best_candidate_wins_and_runner_up_is_named() -> None:
    ims = ims_frame({"doc_no": "INV-7", "doc_date": "2024-11-10"})
    books = books_frame({"doc_no": "INV-7", "doc_date": "2024-11-03"},
                        {"doc_no": "INV/7", "doc_date": "2024-11-10"})
    out = reconcile(ims, books)
    assert out.iloc[0]["books_id"] == 1
    assert "next best candidate: register row 2 (INV-7, 03-11-2024)" in out.iloc[0]["reason"]


def test_exact_tie_is_ambiguous_and_names_both_candidates() -> None:
    ims = ims_frame({"doc_no": "D1"})
    books = books_frame({"doc_no": "D1"}, {"doc_no": "D1"})
    out = reconcile(ims, books)
    assert list(out["match_status"]) == [MatchStatus.AMBIGUOUS.value] * 3
    assert set(out["category"]) == {"Mismatched"}
    assert "register row 2 (D1, 05-11-2024); register row 3 (D1, 05-11-2024)" in out.iloc[0][
        "reason"]
    assert out.iloc[0]["suggested_action"] == "P"
    assert out.iloc[1]["suggested_action"] == ""  # a register line takes no IMS action


def test_tie_is_resolved_when_one_candidate_has_a_better_partner() -> None:
    ims = ims_frame({"doc_no": "INV-5"}, {"doc_no": "INV-5", "doc_date": "2024-11-07"})
    books = books_frame({"doc_no": "INV-5"}, {"doc_no": "INV-5", "doc_date": "2024-11-07"})
    out = reconcile(ims, books)
    assert list(out["books_id"][:2]) == [0, 1]
    assert set(out["category"]) == {"Matched"}


def test_never_across_document_types() -> None:
    out = reconcile(ims_frame({"doc_type": "CN", "section": "b2bcn"}), books_frame({}))
    assert list(out["category"]) == ["Not in Books", "Not in IMS"]
    # Nor an IMS invoice with a debit note of the books.
    out = reconcile(ims_frame({}), books_frame({"doc_type": "DN"}))
    assert list(out["category"]) == ["Not in Books", "Not in IMS"]


def test_a_credit_note_booked_as_a_purchase_return_is_matched_with_its_own_reason() -> None:
    row = one({"doc_type": "CN", "section": "b2bcn", "doc_no": "CN/24-25/7"},
              {"doc_type": "DN", "doc_no": "CN-7"})
    assert row["match_status"] == MatchStatus.OTHER_TYPE.value
    assert row["category"] == "Matched" and row["match_rule"] == "other_type"
    assert row["suggested_action"] == Action.ACCEPT.value
    assert "booked as a purchase return (debit note) in your books" in row["reason"]
    assert row["reason"].startswith("Credit note number matches")


def test_a_debit_note_booked_as_a_purchase_is_matched_or_flagged() -> None:
    row = one({"doc_type": "DN", "section": "b2bdn"}, {"doc_type": "INV"})
    assert row["match_status"] == MatchStatus.OTHER_TYPE.value
    assert "booked as a purchase in your books" in row["reason"]
    row = one({"doc_type": "DN", "section": "b2bdn", "taxable": 12_000_00},
              {"doc_type": "INV"})
    assert row["match_status"] == MatchStatus.VALUE_MISMATCH.value
    assert row["match_rule"] == "other_type_value_mismatch"
    assert "values differ; booked as a purchase in your books" in row["reason"]


def test_a_document_of_the_same_type_wins_over_one_booked_as_another_type() -> None:
    # The supplier's invoice 12 and its debit note 12: the register's two purchases 12
    # pair each with its own document, the invoice by the same-type rule first.
    ims = ims_frame({"doc_no": "12"}, {"doc_no": "12", "doc_type": "DN", "section": "b2bdn",
                                       "taxable": 500_00, "cgst": 45_00, "sgst": 45_00})
    books = books_frame({"doc_no": "12", "taxable": 500_00, "cgst": 45_00, "sgst": 45_00},
                        {"doc_no": "12"})
    out = reconcile(ims, books)
    assert list(out["books_id"][:2]) == [1, 0]
    assert list(out["match_rule"][:2]) == ["exact", "other_type"]


def test_amendment_is_matched_as_the_current_version() -> None:
    row = one({"section": "b2ba", "is_amendment": True, "doc_no": "INV-9R",
               "orig_doc_no": "INV-9", "taxable": 9_000_00, "cgst": 810_00, "sgst": 810_00},
              {"doc_no": "INV-9R", "taxable": 9_000_00, "cgst": 810_00, "sgst": 810_00})
    assert row["match_status"] == MatchStatus.EXACT.value


def test_reverse_charge_and_ineligible_lines_are_not_expected_in_ims() -> None:
    out = reconcile(ims_frame({"doc_no": "A-7", "doc_date": "2024-11-20"}),
                    books_frame({"doc_no": "R-1", "rcm": True},
                                {"doc_no": "E-1", "itc_eligible": False}, {"doc_no": "N-1"}))
    assert list(out["category"][1:]) == ["Not expected in IMS", "Not expected in IMS",
                                         "Not in IMS"]
    assert "Reverse-charge" in out.iloc[1]["reason"]


def test_pan_pass_pairs_another_branch_and_compares_total_tax() -> None:
    row = one({"supplier_gstin": OTHER_BRANCH, "igst": 1_800_00, "cgst": 0, "sgst": 0}, {})
    assert row["match_status"] == MatchStatus.GSTIN_DIFFERS.value
    assert "supplier GSTIN" in row["mismatch_fields"]
    off = one({"supplier_gstin": OTHER_BRANCH}, {}, ReconSettings(pan_pass=False))
    assert off["match_status"] == MatchStatus.NOT_IN_BOOKS.value


def test_not_in_books_reason_names_the_nearest_candidate_and_what_failed() -> None:
    out = reconcile(ims_frame({"doc_no": "BILL-23-00040"}),
                    books_frame({"doc_no": "BILL-23-00045", "taxable": 12_000_00},
                                {"doc_no": "Z-1", "supplier_gstin": OTHER_SUPPLIER}))
    reason = out.iloc[0]["reason"]
    assert "closest: register row 2 (BILL-23-00045, 05-11-2024)" in reason
    assert "two serials of one series" in reason
    assert "taxable value differs by ₹2,000.00" in reason
    alone = reconcile(ims_frame({"supplier_gstin": OTHER_BRANCH}),
                      books_frame({"supplier_gstin": OTHER_SUPPLIER}),
                      ReconSettings(pan_pass=False))
    assert "no document from this supplier" in alone.iloc[0]["reason"]


def test_across_the_fiscal_year_end_within_the_window_documents_pair() -> None:
    # Equal numbers are matched; a number that differs is only suggested.
    exact = one({"doc_no": "INV-3", "doc_date": "2025-04-01"},
                {"doc_no": "INV-3", "doc_date": "2025-03-31"})
    assert exact["match_status"] == MatchStatus.EXACT.value
    with_fy = one({"doc_no": "INV/2024-25/3", "doc_date": "2025-03-31"},
                  {"doc_no": "INV-3", "doc_date": "2025-04-02"})
    assert with_fy["category"] == "Matched"
    swapped = one({"doc_no": "TR-4521", "doc_date": "2025-03-31"},
                  {"doc_no": "TR-4512", "doc_date": "2025-04-01"})
    assert swapped["match_status"] == MatchStatus.NEAR_NUMBER.value


def test_the_fiscal_year_wall_is_named_in_the_reason_and_cross_fy_lifts_it() -> None:
    # Numbering restarts on 1 April: INV-3 of March and INV-3 of late April are two
    # documents, although the number would pair them ignoring the date.
    ims_row = {"doc_no": "INV-3", "doc_date": "2025-04-20", "taxable": 12_000_00}
    books_row = {"doc_no": "INV-3", "doc_date": "2025-03-31"}
    out = reconcile(ims_frame(ims_row), books_frame(books_row))
    assert out.iloc[0]["category"] == "Not in Books"
    assert ("not paired because dates 20-04-2025 and 31-03-2025 fall in different fiscal "
            "years") in out.iloc[0]["reason"]
    assert ("not paired because dates 31-03-2025 and 20-04-2025 fall in different fiscal "
            "years") in out.iloc[1]["reason"]
    assert one(ims_row, books_row, ReconSettings(cross_fy=True))["match_status"] == (
        MatchStatus.DATE_DIFFERS.value)


@pytest.mark.parametrize(("ims_row", "books_row", "words"), [
    ({"doc_no": "BILL-23-00045"}, {"doc_no": "BILL-23-00040"},
     "the numbers are two serials of one series"),
    ({"doc_no": "VD-1001"}, {"doc_no": "1001", "doc_date": "2024-11-07",
                             "taxable": 10_500_00},
     "only the digits of the numbers agree, which needs the same date"),
    ({"doc_no": "INV-9", "doc_date": "2024-12-20"}, {"doc_no": "X-55", "taxable": 10_500_00},
     "number differs (similarity"),
])
def test_every_not_paired_reason_names_the_first_failed_condition(
        ims_row: dict[str, Any], books_row: dict[str, Any], words: str) -> None:
    reason = reconcile(ims_frame(ims_row), books_frame(books_row)).iloc[0]["reason"]
    assert "not paired because " + words in reason
    assert "another rule's condition" not in reason


def test_numbers_that_differ_with_amounts_that_fit_two_lines_say_so() -> None:
    out = reconcile(ims_frame({"doc_no": "XYZ"}),
                    books_frame({"doc_no": "77"}, {"doc_no": "88"}))
    assert "another document fits the amounts and date as well" in out.iloc[0]["reason"]


def test_outcome_columns_and_types() -> None:
    out = reconcile(ims_frame({}), books_frame({}, {"doc_no": "X"}))
    assert tuple(out.columns) == RECON_COLUMNS
    assert str(out["ims_id"].dtype) == "Int64" and str(out["diff_taxable"].dtype) == "Int64"
    assert out.iloc[1]["record_key"] == "BOOKS:3"
    assert out.iloc[0]["number_layer"] == "as written"


def test_empty_inputs() -> None:
    out = reconcile(ims_frame(), books_frame())
    assert out.empty and tuple(out.columns) == RECON_COLUMNS
    only_books = reconcile(ims_frame(), books_frame({}))
    assert list(only_books["category"]) == ["Not in IMS"]


def test_missing_columns_raise_input_error() -> None:
    with pytest.raises(InputError, match="lacks columns") as info:
        reconcile(ims_frame({}).drop(columns=["doc_no"]), books_frame({}))
    assert info.value.problems[0].field == "doc_no"


class TestSuggestedActions:
    def test_matched_but_not_filed_is_pending_with_a_warning(self) -> None:
        row = one({"filing_status": "Not Filed"}, {})
        assert row["suggested_action"] == "P" and row["action"] == "P"
        assert "not filed" in row["warning"]

    def test_never_pending_where_blocked(self) -> None:
        row = one({"filing_status": "Not Filed", "pending_blocked": True}, {})
        assert row["suggested_action"] == "N"
        assert "deemed accepted" in row["warning"]
        lone = one({"doc_no": "NEW-1", "pending_blocked": True}, {"doc_no": "OLD-9",
                   "taxable": 1_00})
        assert lone["category"] == "Not in Books" and lone["suggested_action"] == "N"
        assert lone["reason"].endswith("deemed accepted when GSTR-2B is generated")
        note = one({"doc_type": "CN", "doc_no": "CN-4", "pending_blocked": True},
                   {"doc_type": "CN", "doc_no": "CN-9", "taxable": 1_00})
        assert note["suggested_action"] == "N" and "reduces your ITC" in note["warning"]

    def test_an_action_already_on_the_portal_is_never_suggested_back_to_no_action(
        self,
    ) -> None:
        # Pending blocked would give No action; the portal holds Reject: a No action
        # suggestion would upload a RESET and silently undo that rejection.
        row = one({"taxable": 9_000_00, "pending_blocked": True, "portal_action": "R"}, {})
        assert row["suggested_action"] == "R" and row["action"] == "R"
        assert "kept rather than reset" in row["warning"]
        fresh = one({"taxable": 9_000_00, "pending_blocked": True, "portal_action": "N"}, {})
        assert fresh["suggested_action"] == "N"

    def test_an_action_taken_on_the_portal_stays_the_chosen_action(self) -> None:
        row = one({"portal_action": "R"}, {})
        assert row["suggested_action"] == "A" and row["action"] == "R"
        assert "already rejected" in row["warning"]
        mismatch = one({"portal_action": "A", "taxable": 9_000_00}, {})
        assert mismatch["suggested_action"] == "P" and mismatch["action"] == "A"
        assert mismatch["remarks"] == ""  # no remark rides on the portal's Accept
        same = one({"portal_action": "A"}, {})
        assert same["suggested_action"] == "A" and same["warning"] == ""

    def test_accepted_credit_note_declares_full_itc_reduction(self) -> None:
        row = one({"doc_type": "CN", "section": "b2bcn"}, {"doc_type": "CN"})
        assert row["suggested_action"] == "A" and row["itc_red_req"] == "Y"
        assert (row["decl_igst"], row["decl_cgst"], row["decl_sgst"], row["decl_cess"]) == (
            0, 900_00, 900_00, 0)
        blocked = one({"doc_type": "CN", "section": "b2bcn", "itc_red_blocked": True},
                      {"doc_type": "CN"})
        assert blocked["itc_red_req"] == "" and pd.isna(blocked["decl_cgst"])

    def test_accepted_amendments_declare_full_reduction_without_amounts(self) -> None:
        for section in ("b2ba", "ecoma"):
            row = one({"section": section, "is_amendment": True}, {})
            assert row["suggested_action"] == "A" and row["itc_red_req"] == "Y", section
            assert pd.isna(row["decl_cgst"]) and pd.isna(row["decl_igst"])
        amended_note = one({"section": "b2bcna", "doc_type": "CN"}, {"doc_type": "CN"})
        assert amended_note["itc_red_req"] == "Y" and amended_note["decl_cgst"] == 900_00
        invoice = one({}, {})
        assert invoice["itc_red_req"] == "" and pd.isna(invoice["decl_cgst"])

    def test_settings_override_the_table(self) -> None:
        settings = ReconSettings(default_actions={MatchStatus.VALUE_MISMATCH: Action.REJECT})
        row = one({"taxable": 9_000_00}, {}, settings)
        assert row["suggested_action"] == "R" and row["remarks"] == "Values differ from our books"

    def test_remarks_blocked_leaves_remarks_empty(self) -> None:
        row = one({"taxable": 9_000_00, "remarks_blocked": True}, {})
        assert row["suggested_action"] == "P" and row["remarks"] == ""


def test_an_amount_only_guess_counts_candidates_before_the_serial_guard() -> None:
    # The near-serial BILL-23-00040 is no pair for BILL-23-00045, but it has the same
    # amounts, so BILLXYZ-23-00021 is not the only register line that fits: no guess.
    out = reconcile(
        ims_frame({"doc_no": "BILL-23-00045"},
                  {"supplier_gstin": OTHER_SUPPLIER, "doc_no": "Q-7"}),
        books_frame({"doc_no": "BILL-23-00040"},
                    {"doc_no": "BILLXYZ-23-00021", "doc_date": "2024-11-06"},
                    {"supplier_gstin": OTHER_SUPPLIER, "doc_no": "Q-7"}))
    first = out.iloc[0]
    assert first["match_status"] == MatchStatus.NOT_IN_BOOKS.value
    assert pd.isna(first["books_id"])
    assert out.iloc[1]["match_status"] == MatchStatus.EXACT.value
    assert sorted(out.loc[out["ims_id"].isna(), "register_row"].tolist()) == [2, 3]
    # Without the near-serial, the unrelated line is the one candidate and is suggested.
    alone = reconcile(ims_frame({"doc_no": "BILL-23-00045"}),
                      books_frame({"doc_no": "BILLXYZ-23-00021"}))
    assert alone.iloc[0]["match_status"] == MatchStatus.AMOUNT_ONLY.value


@pytest.mark.parametrize(("ims_no", "books_no", "words"), [
    ("TR-4521", "TR-4512", "digits 2 and 1 swapped"),
    ("CC-9981", "CC-9918", "digits 8 and 1 swapped"),
    ("456-1", "456", "suffix -1 missing in your books"),
    ("INV-77/A", "INV-77", "suffix /A missing in your books"),
    ("456", "456-1", "suffix -1 missing on the supplier's document"),
])
def test_one_slip_in_the_number_is_suggested_never_matched(ims_no: str, books_no: str,
                                                           words: str) -> None:
    row = one({"doc_no": ims_no}, {"doc_no": books_no, "doc_date": "2024-11-06"})
    assert row["match_status"] == MatchStatus.NEAR_NUMBER.value
    assert row["category"] != "Matched"
    assert words in row["reason"] and f"(IMS {ims_no}, books {books_no})" in row["reason"]
    assert row["suggested_action"] == "P"
    far = one({"doc_no": ims_no}, {"doc_no": books_no, "doc_date": "2024-11-06",
                                   "taxable": 10_050_00})
    assert far["match_status"] == MatchStatus.NOT_IN_BOOKS.value


def test_nearest_search_in_batches_of_blocks_gives_the_same_outcome(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from gst_ims.books.register import read_register
    from gst_ims.ims.reader import read_ims_payload
    from gst_ims.recon import engine
    from gst_ims.samples import REGISTER_SHEET, generate_month

    month = generate_month(docs=600, seed=3)
    ims = read_ims_payload(month.ims_payload, "ims.json", with_raw=False).frame
    books = read_register(month.register, sheet=REGISTER_SHEET).frame
    at_once = reconcile(ims, books)
    # A batch smaller than any block: every block's leftovers on their own.
    monkeypatch.setattr(engine, "NEAREST_BATCH", 1)
    in_batches = reconcile(ims, books)
    pd.testing.assert_frame_equal(in_batches, at_once)
    assert at_once["reason"].str.contains("closest:").sum() > 20
