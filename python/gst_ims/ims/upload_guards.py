"""Guard rails of the upload writer, as data: each rule is a vectorised test over the
decided rows and a message a clerk understands (issue 5 §2, ims-format §5.4-§5.6, §9.6).

The work frame the rules see has one row per decision, with the IMS columns of the
document plus: `new_action` (code chosen), `request` ("SAVE", "RESET" or "" when the
action is unchanged), `remarks`, `itc_red_req`, `decl_igst`..`decl_cess` (Int64 paise,
<NA> when not declared), `in_books`, `confirmed`, `expected_rtin` (recipient GSTIN the
document was downloaded for, "" when unknown) and `rtin` (the one we upload for).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd

from gst_ims.domain.documents import (
    DECL_COLUMNS,
    ITC_RED_BLOCKED,
    PENDING_BLOCKED,
    REMARKS_BLOCKED,
    SECTION,
    TAX_HEADS,
    Section,
)
from gst_ims.ims.dialects import ITC_REDUCTION_SECTIONS

REMARKS_MAX_CHARS: Final = 250  # offline utility v1.1 (ims-format §5.6, §12)

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


def _has_remarks(w: pd.DataFrame) -> pd.Series:
    return w["remarks"].str.len() > 0


def _has_decl(w: pd.DataFrame) -> pd.Series:
    return w[list(DECL_COLUMNS)].notna().any(axis=1)


def _has_itc(w: pd.DataFrame) -> pd.Series:
    return (w["itc_red_req"] != "") | _has_decl(w)


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
    return (_has_decl(w) & (cgst != sgst)).astype(bool)


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
        "remarks-on-accept",
        lambda w: _saving(w) & (w["new_action"] == "A") & _has_remarks(w),
        lambda r: "remarks go with Reject or Pending only; clear them or change the action",
    ),
    GuardRule(
        "remarks-blocked",
        lambda w: _saving(w) & _has_remarks(w) & w[REMARKS_BLOCKED],
        lambda r: "the portal does not take remarks on this document (isRemarksBlocked = Y)",
    ),
    GuardRule(
        "remarks-too-long",
        lambda w: _saving(w) & (w["remarks"].str.len() > REMARKS_MAX_CHARS),
        lambda r: f"remarks are {len(r['remarks'])} characters; the portal takes at most "
                  f"{REMARKS_MAX_CHARS}",
    ),
    GuardRule(
        "itc-reduction-not-accept",
        lambda w: _saving(w) & _has_itc(w) & (w["new_action"] != "A"),
        lambda r: "ITC-reduction fields go only with Accept",
    ),
    GuardRule(
        "itc-reduction-section",
        lambda w: _saving(w) & _has_itc(w)
        & ~w[SECTION].isin([s.value for s in ITC_REDUCTION_SECTIONS]),
        lambda r: "ITC reduction applies only to credit notes and downward amendments; "
                  f"this is from {_section_label(r)}",
    ),
    GuardRule(
        "itc-reduction-blocked",
        lambda w: _saving(w) & _has_itc(w) & w[ITC_RED_BLOCKED],
        lambda r: "the portal does not take an ITC-reduction declaration on this document "
                  "(isItcRedReqBlocked = Y)",
    ),
    GuardRule(
        "itc-reduction-flag",
        lambda w: _saving(w) & ~w["itc_red_req"].isin(["", "Y", "N"]),
        lambda r: f"'ITC reduction required' must be Y or N, not '{r['itc_red_req']}'",
    ),
    GuardRule(
        "declared-without-reduction",
        lambda w: _saving(w) & _has_decl(w) & (w["itc_red_req"] != "Y"),
        lambda r: "declared reduction amounts need 'ITC reduction required' = Y",
    ),
    GuardRule(
        "declared-over-tax",
        lambda w: _saving(w) & _decl_out_of_range(w),
        lambda r: "declared reduction must be between 0 and the document's tax per head: "
                  + _decl_heads_over(r),
    ),
    GuardRule(
        "declared-cgst-sgst",
        lambda w: _saving(w) & _cgst_ne_sgst(w),
        lambda r: "declared CGST and SGST reductions must be equal",
    ),
    GuardRule(
        "accept-not-in-books",
        _ims_only_accept,
        lambda r: "Accept on a document that is not in your books needs your confirmation",
    ),
    GuardRule(
        "fields-on-reset",
        lambda w: (w["request"] == "RESET") & (_has_remarks(w) | _has_itc(w)),
        lambda r: "going back to No action sends no remarks or ITC-reduction fields; "
                  "clear them",
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
