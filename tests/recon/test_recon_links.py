"""Pairings a person made (link, unlink, exclude) and the books period, on literal rows."""

from __future__ import annotations

import pandas as pd

from gst_ims.domain.match_status import MatchStatus
from gst_ims.recon.engine import reconcile
from gst_ims.recon.links import LinkKind, add, books_keys, empty_links, resolve
from support.recon import books_frame, ims_frame


def test_books_key_is_gstin_type_number_and_date() -> None:
    books = books_frame({"doc_no": " inv-7 "})
    assert books_keys(books).tolist() == ["27AAACA1234A1Z5|INV|INV-7|2024-11-05"]


def test_a_linked_transposed_pair_is_matched_by_you() -> None:
    ims = ims_frame({"doc_no": "TR-4521", "record_key": "k1"})
    books = books_frame({"doc_no": "TR-4512", "doc_date": "2024-11-20"})
    links = add(empty_links(), LinkKind.LINK, "k1", books_keys(books).iloc[0])
    out = reconcile(ims, books, links=links)
    assert len(out) == 1
    row = out.iloc[0]
    assert row["match_status"] == MatchStatus.LINKED_MATCH.value
    assert row["category"] == "Matched" and row["suggested_action"] == "A"
    assert "Paired by you (IMS TR-4521, books TR-4512)" in row["reason"]
    assert "dates are 15 days apart" in row["reason"]


def test_a_linked_pair_whose_values_differ_is_mismatched_by_you() -> None:
    ims = ims_frame({"doc_no": "A-1", "record_key": "k1", "taxable": 12_000_00})
    books = books_frame({"doc_no": "Z-9"})
    links = add(empty_links(), LinkKind.LINK, "k1", books_keys(books).iloc[0])
    row = reconcile(ims, books, links=links).iloc[0]
    assert row["match_status"] == MatchStatus.LINKED_MISMATCH.value
    assert "taxable value" in row["mismatch_fields"]
    assert "taxable value differs by ₹2,000.00 (IMS higher)" in row["reason"]


def test_an_unlinked_pair_is_never_made_again_and_both_halves_come_back() -> None:
    ims = ims_frame({"record_key": "k1"})
    books = books_frame({})
    assert reconcile(ims, books).iloc[0]["match_status"] == MatchStatus.EXACT.value
    links = add(empty_links(), LinkKind.UNLINK, "k1", books_keys(books).iloc[0])
    out = reconcile(ims, books, links=links)
    assert out["match_status"].tolist() == [MatchStatus.NOT_IN_BOOKS.value,
                                            MatchStatus.NOT_IN_IMS.value]


def test_an_unlink_holds_for_a_document_booked_twice() -> None:
    # Two register lines with one key (the same bill entered twice): after "not this
    # one", the IMS document must not pair through the twin either.
    ims = ims_frame({"doc_no": "INV-1", "record_key": "k1"})
    books = books_frame({"doc_no": "INV-1"}, {"doc_no": "INV-1", "taxable": 9_000_00})
    assert books_keys(books).nunique() == 1
    paired = reconcile(ims, books).dropna(subset=["ims_id", "books_id"])
    assert len(paired) == 1
    links = add(empty_links(), LinkKind.UNLINK, "k1", books_keys(books).iloc[0])
    out = reconcile(ims, books, links=links)
    assert out.dropna(subset=["ims_id", "books_id"]).empty
    assert sorted(out["books_id"].dropna().astype(int)) == [0, 1]


def test_an_excluded_register_line_is_never_paired_and_is_no_follow_up() -> None:
    ims = ims_frame({"record_key": "k1"})
    books = books_frame({}, {"doc_no": "OLD-1", "doc_date": "2024-06-01"})
    links = add(empty_links(), LinkKind.EXCLUDE, "", books_keys(books).iloc[0])
    out = reconcile(ims, books, links=links)
    assert out.iloc[0]["match_status"] == MatchStatus.NOT_IN_BOOKS.value
    excluded = out[out["match_status"] == MatchStatus.EXCLUDED.value]
    assert excluded["register_row"].tolist() == [2]
    assert excluded["category"].tolist() == ["Excluded by you"]


def test_later_statements_replace_earlier_ones() -> None:
    links = add(empty_links(), LinkKind.LINK, "k1", "B1")
    links = add(links, LinkKind.LINK, "k1", "B2")
    assert links[["ims_key", "books_key"]].values.tolist() == [["k1", "B2"]]
    links = add(links, LinkKind.UNLINK, "k1", "B2")
    assert links["kind"].tolist() == ["unlink"]
    links = add(links, LinkKind.EXCLUDE, "", "B3")
    links = add(links, LinkKind.LINK, "k2", "B3")
    assert links["kind"].tolist() == ["unlink", "link"]


def test_links_to_documents_not_present_are_unresolved() -> None:
    ims = ims_frame({"record_key": "k1"})
    books = books_frame({})
    links = add(empty_links(), LinkKind.LINK, "gone", books_keys(books).iloc[0])
    manual = resolve(links, ims, books)
    assert manual.forced.empty and len(manual.unresolved) == 1


def test_unpaired_register_lines_outside_the_books_period_are_not_follow_ups() -> None:
    ims = ims_frame({"record_key": "k1", "doc_no": "LATE-9", "doc_date": "2024-09-12"})
    books = books_frame({"doc_no": "LATE-9", "doc_date": "2024-09-12"},
                        {"doc_no": "OLD-1", "doc_date": "2024-08-02"},
                        {"doc_no": "NEW-1", "doc_date": "2024-11-08"})
    period = (pd.Timestamp("2024-11-01"), pd.Timestamp("2024-11-30"))
    out = reconcile(ims, books, books_period=period)
    # The late filer's September invoice still pairs with the September register line.
    assert out.iloc[0]["match_status"] == MatchStatus.EXACT.value
    alone = out[out["ims_id"].isna()].set_index("register_row")
    assert alone.loc[3, "match_status"] == MatchStatus.OUTSIDE_PERIOD.value
    assert "outside the books period (01-11-2024 to 30-11-2024)" in alone.loc[3, "reason"]
    assert alone.loc[4, "match_status"] == MatchStatus.NOT_IN_IMS.value
