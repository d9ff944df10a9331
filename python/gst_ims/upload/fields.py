"""Which optional fields each decided row sends: the ITC-reduction declaration and the
remarks, vectorised over the upload's work frame (see upload_guards.py for its columns).

The rules, in plain words (the portal's own rules are partly unpublished; these follow
what two independent GSP/ERP code bases send and the portal's known error answers):

* An Accept of a section that carries the declaration (`ITC_REDUCTION_SECTIONS`) on a
  record that does not block it ALWAYS carries the flag: the portal refuses it without
  ("Please enter value for the column itcRedReq"). No choice made = "Y", full reduction.
* Full reduction is the flag alone (declared amounts left blank, or equal to the
  document's tax on every head): the portal reads missing amounts as the whole tax. A
  partial reduction sends the amounts of all four heads. Amounts that are all zero mean
  no reduction: sent as "N".
* Remarks are written with Reject and Pending, and with an Accept that declares a
  partial or no reduction (where commentators on the advisory expect them). Elsewhere
  (an ordinary Accept) the portal may not take them, and where the record blocks them it
  will not: they are left out with a note, never costing the row. They stay in the
  workbook either way.
* ITC-reduction fields on a Reject or Pending, on a record that blocks them (when they
  only restate the default, full reduction), and any field on a "back to No action"
  (RESET) are left out with a note.

What cannot be sent as the user meant is refused by a guard instead (a declaration on a
record that blocks it, amounts with flag N, amounts above the tax ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from gst_ims.domain.documents import (
    DECL_COLUMNS,
    ITC_RED_BLOCKED,
    ITC_REDUCTION_SECTIONS,
    REMARKS_BLOCKED,
    SECTION,
    TAX_HEADS,
)

# Columns `plan_fields` adds to the work frame.
ITC_APPLIES: Final = "itc_applies"  # bool: this row's upload must carry the flag
ITC_SEND: Final = "itc_send"  # "Y" / "N" / "": the flag written
DECL_SEND: Final = "decl_send"  # bool: the declared amounts are written (partial)
REMARKS_SEND: Final = "remarks_send"  # bool: the remarks are written
DECLARED: Final = "declared"  # bool: some declared amount was given
DECL_FULL: Final = "decl_full"  # bool: the amounts given equal the tax on every head
DECL_ZERO: Final = "decl_zero"  # bool: the amounts given are all zero
ITC_GIVEN: Final = "itc_given"  # bool: the user gave the flag or an amount

_SECTIONS: Final = [section.value for section in ITC_REDUCTION_SECTIONS]


def _saving(w: pd.DataFrame) -> pd.Series:
    return w["request"] == "SAVE"


def _accepting(w: pd.DataFrame) -> pd.Series:
    return _saving(w) & (w["new_action"] == "A")


def plan_fields(work: pd.DataFrame) -> None:
    """Add the `ITC_APPLIES` .. `ITC_GIVEN` columns to `work` (in place)."""
    flag = work["itc_red_req"].fillna("").astype("string")
    decl = work[list(DECL_COLUMNS)]
    declared = decl.notna().any(axis=1)
    amounts = decl.fillna(0).astype("int64").to_numpy()
    tax = work[list(TAX_HEADS)].to_numpy(dtype="int64")
    full = declared & pd.Series((amounts == tax).all(axis=1), index=work.index)
    zero = declared & pd.Series((amounts == 0).all(axis=1), index=work.index)
    applies = (_accepting(work) & work[SECTION].isin(_SECTIONS)
               & ~work[ITC_RED_BLOCKED].astype(bool))
    chosen = flag.where(flag != "", "Y")  # no choice made: full reduction
    partial = applies & (chosen == "Y") & declared & ~full & ~zero
    send = chosen.where(~(declared & zero & (chosen == "Y")), "N")
    work[ITC_APPLIES] = applies.astype(bool)
    work[ITC_SEND] = send.where(applies, "").astype("string")
    work[DECL_SEND] = partial.astype(bool)
    work[DECLARED] = declared.astype(bool)
    work[DECL_FULL] = full.astype(bool)
    work[DECL_ZERO] = zero.astype(bool)
    work[ITC_GIVEN] = ((flag != "") | declared).astype(bool)
    remarks = work["remarks"].fillna("").str.len() > 0
    reduced_less = applies & ((work[ITC_SEND] == "N") | partial)
    takes_remarks = _saving(work) & (work["new_action"].isin(["R", "P"]) | reduced_less)
    work[REMARKS_SEND] = (remarks & takes_remarks
                          & ~work[REMARKS_BLOCKED].astype(bool)).astype(bool)


Mask = Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True, slots=True)
class Omission:
    """A field a row has but the upload leaves out: `id` (stable), `applies` (bool mask
    over the planned work frame), `message` (plain words, the same for every row)."""

    id: str
    applies: Mask
    message: str


def _has_remarks(w: pd.DataFrame) -> pd.Series:
    return w["remarks"].fillna("").str.len() > 0


def restates_default(w: pd.DataFrame) -> pd.Series:
    """Per row of the planned work frame: the ITC fields given only say "full reduction"
    (Y or blank; amounts blank or the whole tax), so nothing is lost when they are left
    out."""
    flag = w["itc_red_req"].fillna("")
    return flag.isin(["", "Y"]) & (~w[DECLARED] | w[DECL_FULL])


OMISSIONS: Final[tuple[Omission, ...]] = (
    Omission(
        "remarks-blocked",
        lambda w: _saving(w) & _has_remarks(w) & w[REMARKS_BLOCKED].astype(bool),
        "remarks not sent: the portal takes no remarks on this document "
        "(isRemarksBlocked = Y)",
    ),
    Omission(
        "remarks-on-accept",
        lambda w: _accepting(w) & _has_remarks(w) & ~w[REMARKS_SEND]
        & ~w[REMARKS_BLOCKED].astype(bool),
        "remarks not sent: the portal takes them with Reject and Pending, and with an "
        "Accept that declares a partial or no ITC reduction",
    ),
    Omission(
        "itc-not-accept",
        lambda w: _saving(w) & (w["new_action"] != "A") & w[ITC_GIVEN],
        "ITC Reduction / Declared not sent: they go with Accept only",
    ),
    Omission(
        "itc-blocked-default",
        lambda w: _accepting(w) & w[SECTION].isin(_SECTIONS)
        & w[ITC_RED_BLOCKED].astype(bool) & w[ITC_GIVEN] & restates_default(w),
        "ITC Reduction not sent: the portal takes no declaration on this document "
        "(its own rule applies)",
    ),
    Omission(
        "declared-with-n",
        lambda w: w[ITC_APPLIES] & (w[ITC_SEND] == "N") & w[DECLARED]
        & (w["itc_red_req"].fillna("") == "N"),
        "Declared amounts not sent: ITC Reduction is N (no reduction)",
    ),
    Omission(
        "declared-zero",
        lambda w: w[ITC_APPLIES] & (w["itc_red_req"].fillna("") != "N") & w[DECL_ZERO],
        "ITC Reduction sent as N: the declared amounts are all zero",
    ),
    Omission(
        "fields-on-reset",
        lambda w: (w["request"] == "RESET") & (_has_remarks(w) | w[ITC_GIVEN]),
        "remarks / ITC fields not sent: going back to No action sends none",
    ),
)


def omissions(work: pd.DataFrame) -> pd.DataFrame:
    """One row per (row, omission) of the planned work frame: `position` (row position in
    `work`), `id`, `message`, in row then omission order."""
    found = []
    for order, omission in enumerate(OMISSIONS):
        mask = omission.applies(work).fillna(False).to_numpy(dtype=bool)
        if mask.any():
            positions = np.flatnonzero(mask)
            found.append(pd.DataFrame({"position": positions, "order": order,
                                       "id": omission.id, "message": omission.message}))
    if not found:
        return pd.DataFrame({"position": pd.Series([], dtype="int64"),
                             "id": pd.Series([], dtype="string"),
                             "message": pd.Series([], dtype="string")})
    table = pd.concat(found, ignore_index=True).sort_values(["position", "order"],
                                                            kind="stable")
    return table.drop(columns="order").reset_index(drop=True)


def field_notes(work: pd.DataFrame, written: np.ndarray) -> tuple[dict[int, list[str]],
                                                                  list[str]]:
    """What the user should know about the optional fields of the rows written
    (`written`: bool per work row). Returns position -> the fields of that row left out
    (for its Upload Status), and summary notes: fields left out per kind, declarations
    made by default, partial / no reductions sent without remarks."""
    left = omissions(work)
    left = left.loc[written[left["position"].to_numpy()]] if len(left) else left
    per_row: dict[int, list[str]] = {}
    for position, message in zip(left["position"], left["message"], strict=True):
        per_row.setdefault(int(position), []).append(str(message))
    notes = [f"{count} row(s): {message} (kept where you typed them)."
             for message, count in left["message"].value_counts(sort=False).items()]
    flagged = written & work[ITC_APPLIES].to_numpy(dtype=bool)
    unchosen = (work["itc_red_req"].fillna("") == "") & ~work[DECLARED]
    by_default = int((flagged & unchosen.to_numpy(dtype=bool)).sum())
    if by_default:
        notes.append(f"{by_default} accepted credit note(s) / amendment(s) had no ITC "
                     "Reduction chosen: written as Y, full reduction (the portal needs "
                     "the declaration on every such Accept).")
    reduced_less = (work[ITC_SEND] == "N") | work[DECL_SEND]
    silent = flagged & (reduced_less & ~work[REMARKS_SEND]
                        & ~work[REMARKS_BLOCKED].astype(bool)).to_numpy(dtype=bool)
    if silent.any():
        notes.append(f"{int(silent.sum())} Accept(s) declare a partial or no ITC reduction "
                     "without remarks; the portal may expect a remark saying why.")
    return per_row, notes
