"""Guard rails of the upload writer, as data: each rule is a vectorised test over the
decided rows and a message a clerk understands. A row is refused only when what the user
chose cannot be sent as meant; a field the portal may not take is left out with a note
instead (upload_fields.py).

The work frame the rules see has one row per decision, with the IMS columns of the
document plus: `new_action` (code chosen), `request` ("SAVE", "RESET" or "" when the
action is unchanged), `remarks`, `itc_red_req`, `decl_igst`..`decl_cess` (Int64 paise,
<NA> when not declared), `in_books`, `confirmed`, `expected_rtin` (recipient GSTIN the
document was downloaded for, "" when unknown), `rtin` (the one we upload for) and the
columns `upload_fields.plan_fields` adds (what is sent).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd

from gst_ims.domain.documents import (
    DECL_COLUMNS,
    ITC_RED_BLOCKED,
    ITC_REDUCTION_SECTIONS,
    PENDING_BLOCKED,
    SECTION,
    TAX_HEADS,
    Section,
)
from gst_ims.upload.fields import (
    DECL_FULL,
    DECL_SEND,
    DECL_ZERO,
    DECLARED,
    ITC_APPLIES,
    ITC_GIVEN,
    REMARKS_SEND,
    restates_default,
)

REMARKS_MAX_CHARS: Final = 250  # the portal's offline utility caps remarks at 250
_ITC_SECTIONS: Final = [section.value for section in ITC_REDUCTION_SECTIONS]

Mask = Callable[[pd.DataFrame], pd.Series]
Message = Callable[[Mapping[Hashable, Any]], str]


@dataclass(frozen=True, slots=True)
class GuardRule:
    """One reason to refuse a row: `rule` id (stable, shown to the user), `refuses`
    (bool mask over the work frame) and `message` (plain words for one refused row)."""

    rule: str
    refuses: Mask
    message: Message


def _saving(w: pd.DataFrame) -> pd.Series:
    return w["request"] == "SAVE"


def _sending(w: pd.DataFrame) -> pd.Series:
    return w["request"] != ""


def _decl_out_of_range(w: pd.DataFrame) -> pd.Series:
    bad = pd.Series(False, index=w.index)
    for head, decl in zip(TAX_HEADS, DECL_COLUMNS, strict=True):
        declared = w[decl]
        bad |= ((declared < 0) | (declared > w[head])).fillna(False).astype(bool)
    return bad


def _decl_heads_over(row: Mapping[Hashable, Any]) -> str:
    parts = []
    for head, decl in zip(TAX_HEADS, DECL_COLUMNS, strict=True):
        declared = row[decl]
        if not pd.isna(declared) and (declared < 0 or declared > row[head]):
            parts.append(f"{head.upper()} declared {declared / 100:.2f}, "
                         f"document has {row[head] / 100:.2f}")
    return "; ".join(parts)


def _cgst_ne_sgst(w: pd.DataFrame) -> pd.Series:
    cgst = w["decl_cgst"].fillna(0)
    sgst = w["decl_sgst"].fillna(0)
    return (cgst != sgst).astype(bool)


def _section_label(row: Mapping[Hashable, Any]) -> str:
    return Section(row[SECTION]).label


def _ims_only_accept(w: pd.DataFrame) -> pd.Series:
    return _saving(w) & (w["new_action"] == "A") & ~w["in_books"] & ~w["confirmed"]


GUARD_RULES: Final[tuple[GuardRule, ...]] = (
    GuardRule(
        "pending-blocked",
        lambda w: _saving(w) & (w["new_action"] == "P") & w[PENDING_BLOCKED],
        lambda r: "the portal does not allow Pending for this document "
                  "(ispendactblocked = Y); choose Accept or Reject",
    ),
    GuardRule(
        "remarks-too-long",
        lambda w: w[REMARKS_SEND] & (w["remarks"].str.len() > REMARKS_MAX_CHARS),
        lambda r: f"remarks are {len(r['remarks'])} characters; the portal takes at most "
                  f"{REMARKS_MAX_CHARS}: shorten them",
    ),
    GuardRule(
        "itc-reduction-section",
        lambda w: _saving(w) & (w["new_action"] == "A") & w[ITC_GIVEN]
        & ~w[SECTION].isin(_ITC_SECTIONS),
        lambda r: "ITC reduction applies only to credit notes and amended documents; "
                  f"this is from {_section_label(r)}: clear ITC Reduction and Declared",
    ),
    GuardRule(
        "itc-reduction-blocked",
        lambda w: _saving(w) & (w["new_action"] == "A") & w[SECTION].isin(_ITC_SECTIONS)
        & w[ITC_RED_BLOCKED] & w[ITC_GIVEN] & ~restates_default(w),
        lambda r: "the portal takes no ITC-reduction declaration on this document "
                  "(isItcRedReqBlocked = Y), so a partial or no reduction cannot be sent: "
                  "clear ITC Reduction and Declared to accept it as the portal decides, "
                  "or choose Reject or Pending",
    ),
    GuardRule(
        "itc-reduction-flag",
        lambda w: w[ITC_APPLIES] & ~w["itc_red_req"].isin(["", "Y", "N"]),
        lambda r: f"'ITC reduction required' must be Y or N, not '{r['itc_red_req']}'",
    ),
    GuardRule(
        "declared-without-reduction",
        lambda w: w[ITC_APPLIES] & (w["itc_red_req"] == "N") & w[DECLARED]
        & ~w[DECL_FULL] & ~w[DECL_ZERO],
        lambda r: "declared reduction amounts need 'ITC reduction required' = Y: choose Y "
                  "for a partial reduction, or clear the Declared amounts",
    ),
    GuardRule(
        "declared-over-tax",
        lambda w: w[ITC_APPLIES] & (w["itc_red_req"] != "N") & _decl_out_of_range(w),
        lambda r: "declared reduction must be between 0 and the document's tax per head: "
                  + _decl_heads_over(r),
    ),
    GuardRule(
        "declared-cgst-sgst",
        lambda w: w[DECL_SEND] & _cgst_ne_sgst(w),
        lambda r: "declared CGST and SGST reductions must be equal",
    ),
    GuardRule(
        "accept-not-in-books",
        _ims_only_accept,
        lambda r: "Accept on a document that is not in your books needs your confirmation",
    ),
    GuardRule(
        "recipient-mismatch",
        lambda w: _sending(w) & (w["expected_rtin"] != "") & (w["expected_rtin"] != w["rtin"]),
        lambda r: f"the document was downloaded for recipient {r['expected_rtin']}, "
                  f"not {r['rtin']}",
    ),
)


def guard_rule_ids() -> tuple[str, ...]:
    """Ids of every guard rule, in the order they are checked."""
    return tuple(rule.rule for rule in GUARD_RULES)


def apply_guards(work: pd.DataFrame, *, require_confirmation: bool) -> pd.DataFrame:
    """Run every rule over the work frame; returns one row per (refused row, rule) with
    columns `position` (row position in `work`), `rule`, `message`, in row then rule
    order. `require_confirmation` False switches off `accept-not-in-books`."""
    found: list[pd.DataFrame] = []
    for order, rule in enumerate(GUARD_RULES):
        if rule.rule == "accept-not-in-books" and not require_confirmation:
            continue
        mask = rule.refuses(work).fillna(False).to_numpy(dtype=bool)
        if not mask.any():
            continue
        hits = work.loc[mask]
        messages = [rule.message(row) for row in hits.to_dict("records")]
        found.append(pd.DataFrame({
            "position": mask.nonzero()[0], "order": order, "rule": rule.rule,
            "message": messages,
        }))
    if not found:
        return pd.DataFrame({"position": pd.Series([], dtype="int64"),
                             "rule": pd.Series([], dtype="string"),
                             "message": pd.Series([], dtype="string")})
    result = pd.concat(found, ignore_index=True).sort_values(["position", "order"],
                                                             kind="stable")
    return result.drop(columns="order").reset_index(drop=True)
