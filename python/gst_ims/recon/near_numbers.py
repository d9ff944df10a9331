"""Near-identical document numbers: one slip of the keyboard, never a match by itself.

Two kinds of slip are recognised, over whole columns of number pairs (pandas' regex
engine walks the pairs; no Python loop):

- one adjacent transposition in the number without separators and case
  (``TR-4521`` vs ``TR-4512``: "digits 2 and 1 swapped");
- one trailing suffix of one or two letters or digits after a separator, present on one
  side only (``456-1`` keyed as ``456``, ``INV-12/A`` as ``INV-12``).

Serial numbers of one series stay apart: ``…00040`` vs ``…00045`` (another digit),
``102`` vs ``104`` and ``1`` vs ``11`` (no separator before the extra digit) are no slip.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Final

import numpy as np
import pandas as pd

# Both numbers of a pair are joined by a tab (never part of a cleaned number) so one
# regex with back-references compares them.
_SWAP: Final = r"^(.*)(.)((?!\2).)(.*)\t\1\3\2\4$"
_SUFFIX: Final = r"^(.+?)([^0-9A-Z]+[0-9A-Z]{1,2})\t\1$"
_NOT_ALNUM: Final = r"[^0-9A-Z]+"


class NearKind(IntEnum):
    """How two numbers differ (0: not by one slip)."""

    NONE = 0
    SWAPPED = 1
    SUFFIX_MISSING_IN_BOOKS = 2
    SUFFIX_MISSING_IN_IMS = 3


def near_kind(ims_numbers: np.ndarray, books_numbers: np.ndarray) -> np.ndarray:
    """Object arrays of document numbers (str) -> int8 `NearKind` per pair."""
    return _near(ims_numbers, books_numbers)[0]


def near_words(ims_numbers: np.ndarray, books_numbers: np.ndarray) -> np.ndarray:
    """Object arrays of document numbers -> the slip in words per pair ("digits 2 and 1
    swapped", "suffix -1 missing in your books"; "" when there is none)."""
    return _near(ims_numbers, books_numbers)[1]


def _near(ims_numbers: np.ndarray, books_numbers: np.ndarray
          ) -> tuple[np.ndarray, np.ndarray]:
    kind = np.zeros(len(ims_numbers), dtype="int8")
    words = np.full(len(ims_numbers), "", dtype=object)
    if not len(kind):
        return kind, words
    n0_i = pd.Series(ims_numbers, dtype="string").fillna("").str.strip().str.upper()
    n0_b = pd.Series(books_numbers, dtype="string").fillna("").str.strip().str.upper()
    n1_i = n0_i.str.replace(_NOT_ALNUM, "", regex=True)
    n1_b = n0_b.str.replace(_NOT_ALNUM, "", regex=True)
    swap = (n1_i + "\t" + n1_b).str.extract(_SWAP)
    swapped = swap[1].notna().to_numpy()
    if swapped.any():
        first = swap.loc[swapped, 1].to_numpy(dtype=object)
        second = swap.loc[swapped, 2].to_numpy(dtype=object)
        digits = (pd.Series(first).str.isdigit() & pd.Series(second).str.isdigit()).to_numpy()
        noun = np.where(digits, "digits ", "characters ").astype(object)
        kind[swapped] = NearKind.SWAPPED
        words[swapped] = noun + first + " and " + second + " swapped"
    for longer, shorter, code, where in (
            (n0_i, n0_b, NearKind.SUFFIX_MISSING_IN_BOOKS, "in your books"),
            (n0_b, n0_i, NearKind.SUFFIX_MISSING_IN_IMS, "on the supplier's document")):
        found = (longer + "\t" + shorter).str.extract(_SUFFIX)[1]
        has = found.notna().to_numpy() & (kind == NearKind.NONE)
        if has.any():
            kind[has] = code
            words[has] = "suffix " + found[has].to_numpy(dtype=object) + " missing " + where
    return kind, words
