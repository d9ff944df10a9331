"""Remarks the engine suggests with Pending / Reject, per status (shared by the outcome
and by carry-over, which must tell a suggested remark from one the user typed)."""

from __future__ import annotations

from typing import Final

from gst_ims.domain.match_status import MatchStatus

# Remark suggested with Pending / Reject, per status: a view of the statuses' own meaning
# (domain/match_status.py).
SUGGESTED_REMARKS: Final[dict[MatchStatus, str]] = {
    status: status.suggested_remark for status in MatchStatus if status.suggested_remark}
NOT_FILED_REMARK: Final = "Awaiting the filing of your return"


SUGGESTED_REMARK_TEXTS: Final = frozenset({*SUGGESTED_REMARKS.values(), NOT_FILED_REMARK})
