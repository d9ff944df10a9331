"""The short plain labels of a reconciliation outcome (`match_status`), defined once.

The engine (recon/) gives every outcome row one of these; the settings sheet refers to
them by `key` (``default_action_value_mismatch = Pending``); the workbook shows the label.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from gst_ims.domain.documents import Category


class MatchStatus(StrEnum):
    """What the engine concluded about one row; the value is the label a clerk sees."""

    EXACT = "Exact match"
    LINKED_MATCH = "Matched by you"
    LINKED_MISMATCH = "Mismatched by you"
    NORMALISED = "Matched (number normalised)"
    WITHIN_TOLERANCE = "Matched within tolerance"
    DIGITS_ONLY = "Matched (digits of number)"
    OTHER_TYPE = "Matched (booked as another type)"
    VALUE_MISMATCH = "Value mismatch"
    DATE_DIFFERS = "Date differs"
    SUGGESTED = "Suggested match"
    NEAR_NUMBER = "Suggested match (number nearly equal)"
    AMOUNT_ONLY = "Suggested match (amounts and date)"
    GSTIN_DIFFERS = "GSTIN differs (same PAN)"
    AMBIGUOUS = "Ambiguous"
    NOT_IN_BOOKS = "Not in books"
    NOT_IN_IMS = "Not in IMS"
    NOT_EXPECTED = "Not expected in IMS"
    EXCLUDED = "Excluded by you"
    OUTSIDE_PERIOD = "Outside the books period"

    @property
    def key(self) -> str:
        """Settings-sheet spelling, e.g. ``value_mismatch``."""
        return self.name.lower()

    @property
    def category(self) -> Category:
        """The result sheet a row with this status goes to."""
        return _CATEGORY[self]


_CATEGORY: Final = {
    MatchStatus.EXACT: Category.MATCHED,
    MatchStatus.LINKED_MATCH: Category.MATCHED,
    MatchStatus.LINKED_MISMATCH: Category.MISMATCHED,
    MatchStatus.NORMALISED: Category.MATCHED,
    MatchStatus.WITHIN_TOLERANCE: Category.MATCHED,
    MatchStatus.DIGITS_ONLY: Category.MATCHED,
    MatchStatus.OTHER_TYPE: Category.MATCHED,
    MatchStatus.VALUE_MISMATCH: Category.MISMATCHED,
    MatchStatus.DATE_DIFFERS: Category.MISMATCHED,
    MatchStatus.SUGGESTED: Category.SUGGESTED,
    MatchStatus.NEAR_NUMBER: Category.SUGGESTED,
    MatchStatus.AMOUNT_ONLY: Category.SUGGESTED,
    MatchStatus.GSTIN_DIFFERS: Category.MISMATCHED,
    MatchStatus.AMBIGUOUS: Category.MISMATCHED,
    MatchStatus.NOT_IN_BOOKS: Category.NOT_IN_BOOKS,
    MatchStatus.NOT_IN_IMS: Category.NOT_IN_IMS,
    MatchStatus.NOT_EXPECTED: Category.NOT_EXPECTED,
    MatchStatus.EXCLUDED: Category.EXCLUDED,
    MatchStatus.OUTSIDE_PERIOD: Category.OUTSIDE_PERIOD,
}

# Statuses that concern an IMS document, so an IMS action can be suggested for them.
IMS_STATUSES: Final = frozenset(MatchStatus) - {
    MatchStatus.NOT_IN_IMS, MatchStatus.NOT_EXPECTED, MatchStatus.EXCLUDED,
    MatchStatus.OUTSIDE_PERIOD}
