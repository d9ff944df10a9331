"""Remarks the engine suggests with Pending / Reject, per status (shared by the outcome
and by carry-over, which must tell a suggested remark from one the user typed)."""

from __future__ import annotations

from typing import Final

from gst_ims.domain.match_status import MatchStatus

# Remark suggested with Pending / Reject, per status.
SUGGESTED_REMARKS: Final[dict[MatchStatus, str]] = {
    MatchStatus.VALUE_MISMATCH: "Values differ from our books",
    MatchStatus.LINKED_MISMATCH: "Values differ from our books",
    MatchStatus.DATE_DIFFERS: "Document date differs from our books",
    MatchStatus.SUGGESTED: "Document number differs from our books; under verification",
    MatchStatus.NEAR_NUMBER: "Document number differs slightly from our books; under "
                             "verification",
    MatchStatus.AMOUNT_ONLY: "Not found by number in our books; under verification",
    MatchStatus.GSTIN_DIFFERS: "Booked under another GSTIN of your PAN; under verification",
    MatchStatus.AMBIGUOUS: "More than one entry in our books; under verification",
    MatchStatus.NOT_IN_BOOKS: "Not found in our books; under verification",
}
NOT_FILED_REMARK: Final = "Awaiting the filing of your return"


SUGGESTED_REMARK_TEXTS: Final = frozenset({*SUGGESTED_REMARKS.values(), NOT_FILED_REMARK})
