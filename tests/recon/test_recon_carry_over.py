"""Decisions survive a re-import; changes by the supplier are flagged."""

from __future__ import annotations

import pandas as pd
import pytest

from gst_ims.domain.problems import InputError
from gst_ims.recon.engine import reconcile
from gst_ims.recon.outcome import carry_over
from support.recon import books_frame, ims_frame

IMS = ims_frame({"doc_no": "INV-1", "hash": "h1", "record_key": "k1"},
                {"doc_no": "INV-2", "hash": "h2", "record_key": "k2", "taxable": 9_000_00})
BOOKS = books_frame({"doc_no": "INV-1"}, {"doc_no": "INV-2"})


def previous_from(recon: pd.DataFrame, ims: pd.DataFrame) -> pd.DataFrame:
    """The result sheets as read back: the reconciliation plus the hidden hash."""
    previous = recon.copy()
    previous["hash"] = ims["hash"].reindex(recon["ims_id"].fillna(-1).astype(int)).to_numpy()
    return previous


def test_user_decision_is_kept_and_suggestion_refreshed() -> None:
    first = reconcile(IMS, BOOKS)
    previous = previous_from(first, IMS)
    previous.loc[1, "action"] = "Reject"  # labels are read back too
    previous.loc[1, "remarks"] = "Rate wrong, ask for a credit note"
    again = carry_over(previous, reconcile(IMS, BOOKS), IMS)
    assert again.loc[1, "action"] == "R" and again.loc[1, "suggested_action"] == "P"
    assert again.loc[1, "remarks"] == "Rate wrong, ask for a credit note"
    assert not again["changed_since_decision"].any()
    assert again.loc[0, "action"] == "A"


def test_untouched_rows_take_the_new_suggestion() -> None:
    first = reconcile(IMS, BOOKS)
    changed_books = books_frame({"doc_no": "INV-1"}, {"doc_no": "INV-2", "taxable": 9_000_00})
    again = carry_over(previous_from(first, IMS), reconcile(IMS, changed_books), IMS)
    assert again.loc[1, "action"] == "A"  # the books were fixed; no decision was made


def test_supplier_change_is_flagged_and_explained() -> None:
    first = reconcile(IMS, BOOKS)
    previous = previous_from(first, IMS)
    previous.loc[0, "action"] = "P"
    amended = IMS.copy()
    amended.loc[0, "hash"] = "h1-new"
    amended.loc[0, "taxable"] = 10_500_00
    again = carry_over(previous, reconcile(amended, BOOKS), amended, previous_ims=IMS)
    assert again.loc[0, "action"] == "P"
    assert bool(again.loc[0, "changed_since_decision"])
    assert again.loc[0, "reason"].startswith(
        "Changed by the supplier since your decision: taxable value changed from "
        "₹10,000.00 to ₹10,500.00")
    assert not bool(again.loc[1, "changed_since_decision"])


def test_pending_that_became_blocked_falls_back_to_no_action() -> None:
    previous = previous_from(reconcile(IMS, BOOKS), IMS)
    previous.loc[0, "action"] = "P"
    blocked = IMS.copy()
    blocked.loc[0, "pending_blocked"] = True
    again = carry_over(previous, reconcile(blocked, BOOKS), blocked)
    assert again.loc[0, "action"] == "N"
    assert "could not be kept" in again.loc[0, "warning"]


def test_declared_itc_reduction_is_a_decision() -> None:
    ims = ims_frame({"doc_type": "CN", "section": "b2bcn", "record_key": "c1"})
    books = books_frame({"doc_type": "CN"})
    previous = reconcile(ims, books)
    previous["decl_cgst"] = pd.array([450_00], dtype="Int64")
    again = carry_over(previous, reconcile(ims, books), ims)
    assert again.loc[0, "decl_cgst"] == 450_00 and again.loc[0, "decl_sgst"] == 900_00


def test_unreadable_previous_action_is_an_input_error() -> None:
    previous = reconcile(IMS, BOOKS)
    previous.loc[0, "action"] = "maybe"
    with pytest.raises(InputError, match="cannot be read"):
        carry_over(previous, reconcile(IMS, BOOKS), IMS)
    with pytest.raises(InputError, match="cannot be read back"):
        carry_over(previous.drop(columns=["action"]), reconcile(IMS, BOOKS), IMS)


def test_unchanged_values_with_a_gap_elsewhere_are_not_flagged() -> None:
    # An Int64 column with <NA> turns into floats as text; values must compare as numbers.
    previous = previous_from(reconcile(IMS, BOOKS), IMS)
    previous.loc[0, "action"] = "P"
    previous_ims = IMS.copy()
    previous_ims["taxable"] = pd.array([10_000_00, pd.NA], dtype="Int64")
    previous_ims["doc_date"] = IMS["doc_date"].dt.strftime("%d-%m-%Y")  # as the sheet gives
    again = carry_over(previous, reconcile(IMS, BOOKS), IMS, previous_ims=previous_ims)
    assert not again["changed_since_decision"].any()
