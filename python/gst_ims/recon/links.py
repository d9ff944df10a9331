"""Pairings a person made: link an IMS document with a register document, unlink a pair
the engine made, exclude a register document from the reconciliation.

Kept by stable keys, so they survive a re-import of the IMS data and a re-read of the
register: the IMS document's ``record_key`` and the register document's `books_keys`
(supplier GSTIN | type | number | date). The links frame has the columns of
`LINK_COLUMNS`: ``kind`` (`LinkKind` value), ``ims_key`` (blank for an exclusion),
``books_key``; later rows win over earlier ones (`add`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

import numpy as np
import pandas as pd

from gst_ims.domain import documents as d


class LinkKind(StrEnum):
    """What the person said about the documents."""

    LINK = "link"
    UNLINK = "unlink"
    EXCLUDE = "exclude"


LINK_COLUMNS: Final = ("kind", "ims_key", "books_key")


def empty_links() -> pd.DataFrame:
    """A links frame with no row."""
    return pd.DataFrame({name: pd.Series([], dtype=object) for name in LINK_COLUMNS})


def books_keys(books: pd.DataFrame) -> pd.Series:
    """Books frame -> the stable key of each register document: GSTIN | type | number
    (trimmed, upper case) | date (yyyy-mm-dd, blank when unknown). Each distinct value
    is cleaned once."""
    if not len(books):
        return pd.Series([], dtype=object)

    def text(column: str) -> np.ndarray:
        codes, distinct = pd.factorize(books[column].astype("string").fillna("").to_numpy(
            dtype=object))
        cleaned = np.array([str(x).strip().upper() for x in distinct] + [""], dtype=object)
        return np.asarray(cleaned[codes], dtype=object)

    codes, days = pd.factorize(pd.to_datetime(books[d.DOC_DATE]))
    dates = np.array([*pd.DatetimeIndex(days).strftime("%Y-%m-%d"), ""], dtype=object)[codes]
    # One join per row (numpy's object "+" would build every partial string).
    parts = (text(d.SUPPLIER_GSTIN).tolist(), text(d.DOC_TYPE).tolist(),
             text(d.DOC_NO).tolist(), dates.tolist())
    keys = np.array(["|".join(row) for row in zip(*parts, strict=True)], dtype=object)
    return pd.Series(keys, index=books.index, dtype=object)


def add(links: pd.DataFrame, kind: LinkKind, ims_key: str, books_key: str) -> pd.DataFrame:
    """`links` with one more statement; earlier statements about the same documents that
    it replaces are dropped (a link replaces the documents' earlier links, unlinks of the
    same pair and an exclusion of the register document; an unlink drops the link of the
    pair; an exclusion drops the register document's links)."""
    kinds = links["kind"].astype(str)
    same_ims = links["ims_key"].astype(str) == ims_key
    same_books = links["books_key"].astype(str) == books_key
    if kind is LinkKind.LINK:
        drop = ((kinds == LinkKind.LINK) & (same_ims | same_books)) | (
            (kinds == LinkKind.UNLINK) & same_ims & same_books) | (
            (kinds == LinkKind.EXCLUDE) & same_books)
    elif kind is LinkKind.UNLINK:
        drop = (kinds.isin([LinkKind.LINK, LinkKind.UNLINK])) & same_ims & same_books
    else:
        drop = same_books & kinds.isin([LinkKind.LINK, LinkKind.EXCLUDE])
    row = pd.DataFrame({"kind": [kind.value], "ims_key": [ims_key], "books_key": [books_key]})
    kept = links.loc[~drop.to_numpy(), list(LINK_COLUMNS)]
    return pd.concat([kept, row], ignore_index=True)


def remove_exclusion(links: pd.DataFrame, books_key: str) -> pd.DataFrame:
    """`links` without the exclusion of `books_key`."""
    gone = (links["kind"].astype(str) == LinkKind.EXCLUDE) & (
        links["books_key"].astype(str) == books_key)
    return links.loc[~gone.to_numpy()].reset_index(drop=True)


@dataclass(frozen=True, slots=True)
class Manual:
    """The links resolved to rows of this reconciliation.

    `forced`: ims_id, books_id (int64) pairs to make before the cascade (one-to-one);
    `forbidden`: ims_id, books_id pairs the cascade must not make; `excluded`: bool per
    books row; `unresolved`: the links rows whose documents are not both present now.
    """

    forced: pd.DataFrame
    forbidden: pd.DataFrame
    excluded: np.ndarray
    unresolved: pd.DataFrame


def resolve(links: pd.DataFrame | None, ims: pd.DataFrame, books: pd.DataFrame) -> Manual:
    """Links frame (`LINK_COLUMNS`) -> `Manual` for these IMS and Books frames."""
    links = empty_links() if links is None else links
    ims_ids = pd.Series(np.arange(len(ims), dtype="int64"),
                        index=ims[d.RECORD_KEY].astype("string").fillna("").to_numpy())
    ims_ids = ims_ids[~ims_ids.index.duplicated(keep="first")]
    # Two register documents with one key (a document booked twice): the one on the
    # earliest register row is meant, whatever the order of the frame.
    order = (np.argsort(books[d.REGISTER_ROW].to_numpy(dtype="int64"), kind="stable")
             if len(books) else np.array([], dtype="int64"))
    keys = books_keys(books).to_numpy(dtype=object)
    books_ids = pd.Series(order.astype("int64"), index=keys[order])
    books_ids = books_ids[~books_ids.index.duplicated(keep="first")]
    work = links.reset_index(drop=True).assign(
        ims_id=links["ims_key"].astype(str).map(ims_ids).to_numpy(),
        books_id=links["books_key"].astype(str).map(books_ids).to_numpy())
    kind = work["kind"].astype(str)
    has_b = work["books_id"].notna()
    both = work["ims_id"].notna() & has_b
    # Later statements win: keep the last link of each IMS and each register document.
    forced = work[(kind == LinkKind.LINK) & both]
    forced = forced.drop_duplicates("ims_id", keep="last").drop_duplicates("books_id",
                                                                           keep="last")
    # An unlink says "not this document" of every register line carrying the key: a
    # document booked twice must not pair through its twin after the person said no.
    every_line = pd.DataFrame({"books_key": keys, "twin_id": np.arange(len(books),
                                                                       dtype="int64")})
    forbidden = (work.loc[(kind == LinkKind.UNLINK) & both, ["ims_id", "books_key"]]
                 .astype({"books_key": str})
                 .merge(every_line, on="books_key")
                 .drop(columns="books_key").rename(columns={"twin_id": "books_id"}))
    excluded = np.zeros(len(books), dtype=bool)
    excluded_ids = work.loc[(kind == LinkKind.EXCLUDE) & has_b, "books_id"].astype("int64")
    excluded[excluded_ids.to_numpy()] = True
    excluded[forced["books_id"].astype("int64").to_numpy()] = False
    needs_ims = kind != LinkKind.EXCLUDE
    unresolved = work[~has_b | (needs_ims & work["ims_id"].isna())][list(LINK_COLUMNS)]

    def ids(frame: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame({"ims_id": frame["ims_id"].astype("int64").to_numpy(),
                             "books_id": frame["books_id"].astype("int64").to_numpy()})

    return Manual(ids(forced), ids(forbidden), excluded, unresolved.reset_index(drop=True))
