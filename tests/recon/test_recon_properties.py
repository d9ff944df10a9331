"""Metamorphic properties of the engine (hypothesis): one-to-one, every input row exactly
once, and the result does not depend on the order of the input rows."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from recon_frames import OTHER_BRANCH, OTHER_SUPPLIER, SUPPLIER, books_frame, ims_frame

from gst_ims.recon.engine import reconcile

# Small pools so that collisions, near misses and ties are common.
doc = st.fixed_dictionaries({
    "supplier_gstin": st.sampled_from([SUPPLIER, SUPPLIER, OTHER_BRANCH, OTHER_SUPPLIER]),
    "doc_type": st.sampled_from(["INV", "INV", "CN"]),
    "doc_no": st.sampled_from(["INV-1", "inv/0001", "INV/24-25/1", "1", "A12", "A1",
                               "BILL-23-00040", "BILL-23-00045", "X9", "VD-1001"]),
    "doc_date": st.sampled_from(["2024-11-01", "2024-11-05", "2024-11-20", "2025-04-02"]),
    "taxable": st.sampled_from([10_000_00, 10_000_50, 10_003_00, 9_000_00]),
    "cgst": st.sampled_from([900_00, 900_09, 0]),
})


def frames(ims_rows: list[dict[str, Any]], books_rows: list[dict[str, Any]]
           ) -> tuple[pd.DataFrame, pd.DataFrame]:
    ims = ims_frame(*[{**row, "record_key": f"k{i}"} for i, row in enumerate(ims_rows)])
    books = books_frame(*books_rows)
    return ims, books


def by_identity(out: pd.DataFrame, ims: pd.DataFrame, books: pd.DataFrame) -> pd.DataFrame:
    """The outcome keyed by stable identities instead of positions."""
    view = out.drop(columns=["ims_id", "books_id"]).copy()
    view["ims_key"] = ims["record_key"].reindex(out["ims_id"].fillna(-1).astype(int)).to_numpy()
    view["books_row"] = books["register_row"].reindex(
        out["books_id"].fillna(-1).astype(int)).to_numpy()
    return view.sort_values(["record_key"]).reset_index(drop=True).astype(str)


@settings(max_examples=25, deadline=None)
@given(st.lists(doc, max_size=7), st.lists(doc, max_size=7))
def test_one_to_one_and_every_row_once(ims_rows: list[dict[str, Any]],
                                       books_rows: list[dict[str, Any]]) -> None:
    ims, books = frames(ims_rows, books_rows)
    out = reconcile(ims, books)
    ims_ids = out["ims_id"].dropna().astype(int).tolist()
    assert sorted(ims_ids) == list(range(len(ims)))
    books_ids = out["books_id"].dropna().astype(int).tolist()
    assert sorted(books_ids) == list(range(len(books)))  # each once: paired or alone
    paired = out.dropna(subset=["ims_id", "books_id"])
    assert paired["books_id"].is_unique
    same_type = ims["doc_type"].to_numpy()[paired["ims_id"].astype(int)] == books[
        "doc_type"].to_numpy()[paired["books_id"].astype(int)]
    assert same_type.all()
    assert set(out.loc[out["category"] == "Matched", "ims_id"].notna()) <= {True}


@settings(max_examples=15, deadline=None)
@given(st.lists(doc, max_size=7), st.lists(doc, max_size=7), st.randoms())
def test_shuffling_rows_does_not_change_the_result(ims_rows: list[dict[str, Any]],
                                                   books_rows: list[dict[str, Any]],
                                                   random: Any) -> None:
    ims, books = frames(ims_rows, books_rows)
    expected = by_identity(reconcile(ims, books), ims, books)
    ims_order = np.array(random.sample(range(len(ims)), len(ims)), dtype=int)
    books_order = np.array(random.sample(range(len(books)), len(books)), dtype=int)
    ims2 = ims.iloc[ims_order].reset_index(drop=True)
    books2 = books.iloc[books_order].reset_index(drop=True)
    actual = by_identity(reconcile(ims2, books2), ims2, books2)
    pd.testing.assert_frame_equal(actual, expected)
