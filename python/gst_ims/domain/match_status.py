"""The short plain labels of a reconciliation outcome (`match_status`), defined once,
each with its meaning: category (result sheet), suggested action and suggested remark.

The engine (recon/) gives every outcome row one of these; the settings sheet refers to
them by `key` (``default_action_value_mismatch = Pending``); the workbook shows the label.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from gst_ims.domain.documents import Action, Category


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
        return _MEANING[self].category

    @property
    def suggested_action(self) -> Action | None:
        """The IMS action suggested for a row with this status, before the settings'
        overrides and the per-document guards (None: a register line alone, no IMS
        document to act on)."""
        return _MEANING[self].action

    @property
    def suggested_remark(self) -> str:
        """The remark suggested with a Pending / Reject action ("" for none)."""
        return _MEANING[self].remark


@dataclass(frozen=True, slots=True)
class StatusMeaning:
    """What a status means to the user: its sheet, the action suggested for it and the
    remark that goes with that action."""

    category: Category
    action: Action | None = None
    remark: str = ""


_M, _C, _A = StatusMeaning, Category, Action
_DIFFERS: Final = "Values differ from our books"
_VERIFY: Final = "; under verification"
# One row per status. Pending is the safe answer whenever the books disagree: No action
# is deemed accepted when GSTR-2B is generated (docs/formats.md: Matching).
_MEANING: Final[dict[MatchStatus, StatusMeaning]] = {
    MatchStatus.EXACT: _M(_C.MATCHED, _A.ACCEPT),
    MatchStatus.LINKED_MATCH: _M(_C.MATCHED, _A.ACCEPT),
    MatchStatus.LINKED_MISMATCH: _M(_C.MISMATCHED, _A.PENDING, _DIFFERS),
    MatchStatus.NORMALISED: _M(_C.MATCHED, _A.ACCEPT),
    MatchStatus.WITHIN_TOLERANCE: _M(_C.MATCHED, _A.ACCEPT),
    MatchStatus.DIGITS_ONLY: _M(_C.MATCHED, _A.ACCEPT),
    MatchStatus.OTHER_TYPE: _M(_C.MATCHED, _A.ACCEPT),
    MatchStatus.VALUE_MISMATCH: _M(_C.MISMATCHED, _A.PENDING, _DIFFERS),
    MatchStatus.DATE_DIFFERS: _M(_C.MISMATCHED, _A.PENDING,
                                 "Document date differs from our books"),
    MatchStatus.SUGGESTED: _M(_C.SUGGESTED, _A.PENDING,
                              "Document number differs from our books" + _VERIFY),
    MatchStatus.NEAR_NUMBER: _M(_C.SUGGESTED, _A.PENDING,
                                "Document number differs slightly from our books" + _VERIFY),
    MatchStatus.AMOUNT_ONLY: _M(_C.SUGGESTED, _A.PENDING,
                                "Not found by number in our books" + _VERIFY),
    MatchStatus.GSTIN_DIFFERS: _M(_C.MISMATCHED, _A.PENDING,
                                  "Booked under another GSTIN of your PAN" + _VERIFY),
    MatchStatus.AMBIGUOUS: _M(_C.MISMATCHED, _A.PENDING,
                              "More than one entry in our books" + _VERIFY),
    MatchStatus.NOT_IN_BOOKS: _M(_C.NOT_IN_BOOKS, _A.PENDING,
                                 "Not found in our books" + _VERIFY),
    MatchStatus.NOT_IN_IMS: _M(_C.NOT_IN_IMS),
    MatchStatus.NOT_EXPECTED: _M(_C.NOT_EXPECTED),
    MatchStatus.EXCLUDED: _M(_C.EXCLUDED),
    MatchStatus.OUTSIDE_PERIOD: _M(_C.OUTSIDE_PERIOD),
}
assert set(_MEANING) == set(MatchStatus), "every status needs its meaning"

# Statuses that concern an IMS document, so an IMS action can be suggested for them.
IMS_STATUSES: Final = frozenset(s for s in MatchStatus if _MEANING[s].action is not None)
