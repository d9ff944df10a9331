"""Metamorphic properties of the engine (hypothesis): one-to-one, every input row exactly
once, and the result does not depend on the order of the input rows."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from gst_ims.recon.engine import reconcile
from gst_ims.recon.links import LinkKind, add, books_keys, empty_links
from support.recon import OTHER_BRANCH, OTHER_SUPPLIER, SUPPLIER, books_frame, ims_frame

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


@settings(max_examples=20, deadline=None)
@given(st.lists(doc, min_size=1, max_size=6), st.lists(doc, min_size=1, max_size=6),
       st.lists(st.tuples(st.sampled_from(list(LinkKind)), st.integers(0, 5),
                          st.integers(0, 5)), max_size=4),
       st.randoms())
def test_links_and_exclusions_keep_one_to_one_and_order_independence(
        ims_rows: list[dict[str, Any]], books_rows: list[dict[str, Any]],
        said: list[tuple[LinkKind, int, int]], random: Any) -> None:
    ims, books = frames(ims_rows, books_rows)
    keys = books_keys(books)
    links = empty_links()
    for kind, i, b in said:
        ims_key = "" if kind is LinkKind.EXCLUDE else str(ims["record_key"].iloc[i % len(ims)])
        links = add(links, kind, ims_key, str(keys.iloc[b % len(books)]))
    out = reconcile(ims, books, links=links)
    assert sorted(out["ims_id"].dropna().astype(int)) == list(range(len(ims)))
    assert sorted(out["books_id"].dropna().astype(int)) == list(range(len(books)))
    paired = out.dropna(subset=["ims_id", "books_id"])
    assert paired["books_id"].is_unique
    # A pair the person unlinked is never made again; an excluded line is never paired.
    pairs = set(zip(paired["record_key"], paired["books_key"], strict=True))
    final = links.drop_duplicates(["kind", "ims_key", "books_key"], keep="last")
    for kind, ims_key, books_key in final.itertuples(index=False):
        if kind == LinkKind.UNLINK:
            assert (ims_key, books_key) not in pairs
    ims_order = np.array(random.sample(range(len(ims)), len(ims)), dtype=int)
    books_order = np.array(random.sample(range(len(books)), len(books)), dtype=int)
    ims2 = ims.iloc[ims_order].reset_index(drop=True)
    books2 = books.iloc[books_order].reset_index(drop=True)
    pd.testing.assert_frame_equal(by_identity(reconcile(ims2, books2, links=links), ims2, books2),
                                  by_identity(out, ims, books))
