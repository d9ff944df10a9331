"""Decisions survive a re-import: a user's action and remarks are carried to the new
reconciliation by `record_key`, and flagged when the supplier changed the document since.

`previous` (the result sheets read back) needs ``record_key``, ``suggested_action`` and
``action`` (codes or labels); it may hold ``remarks``, ``itc_red_req``, ``decl_*`` and
``hash`` (the IMS hash the decision was made on; the workbook keeps it hidden next to
record_key). A row is a *decision* when its action differs from the suggestion it was
given, or when its remarks (other than a remark the engine suggests) or ITC-reduction
values differ from what is suggested now.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from gst_ims.domain import documents as d
from gst_ims.domain.documents import Action
from gst_ims.domain.problems import InputError, Problem
from gst_ims.recon.reasons import FIELD_LABELS, inr, join
from gst_ims.recon.remarks import SUGGESTED_REMARK_TEXTS

CHANGED_PREFIX: Final = "Changed by the supplier since your decision"
WARN_PENDING_GONE: Final = ("Your Pending could not be kept: the portal no longer allows "
                            "Pending for this document")
_COMPARED: Final = (d.DOC_NO, d.DOC_DATE, *d.AMOUNT_COLUMNS)


def carry_over(previous: pd.DataFrame, current: pd.DataFrame, ims: pd.DataFrame,
               previous_ims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Reconciliation frame `current` (for `ims`) with the decisions of `previous` applied:
    action, remarks, itc_red_req and decl_* kept for the same record_key; rows whose IMS
    document changed since (hash differs, or values differ from `previous_ims`) get
    changed_since_decision and a reason saying what changed. Returns a new frame."""
    _require(previous)
    prev = _previous_view(previous)
    out = current.copy()
    is_ims = out[d.IMS_ID].notna().to_numpy()
    merged = out[[d.RECORD_KEY]].merge(prev, on=d.RECORD_KEY, how="left")
    known = merged["p_action"].notna().to_numpy() & is_ims
    decided = known & _is_decision(merged, out)
    ims_id = out[d.IMS_ID].fillna(0).astype("int64").to_numpy()
    _apply(out, merged, decided, ims, ims_id)
    what = _what_changed(out, merged, ims, ims_id, previous_ims)
    changed = decided & (what != "").to_numpy()
    out[d.CHANGED_SINCE_DECISION] = changed
    prefix = (CHANGED_PREFIX + ": " + what + ". ").where(changed, "")
    out[d.REASON] = (prefix + out[d.REASON].astype(str)).astype("string")
    return out


def _require(previous: pd.DataFrame) -> None:
    missing = [c for c in (d.RECORD_KEY, d.SUGGESTED_ACTION, d.ACTION) if c not in previous]
    if missing:
        raise InputError("The earlier reconciliation cannot be read back",
                         [Problem(f"column '{name}' is missing", field=name)
                          for name in missing])


def _previous_view(previous: pd.DataFrame) -> pd.DataFrame:
    """Previous rows keyed by record_key (first occurrence wins), actions as codes."""
    problems: list[Problem] = []
    codes: dict[str, str] = {}
    for column in (d.ACTION, d.SUGGESTED_ACTION):
        for value in pd.unique(previous[column].astype("string").fillna("")):
            try:
                codes[str(value)] = Action.parse(value).value
            except ValueError as exc:
                problems.append(Problem(str(exc), field=column))
    if problems:
        raise InputError("The earlier reconciliation has actions that cannot be read",
                         problems)
    view = pd.DataFrame({d.RECORD_KEY: previous[d.RECORD_KEY].astype("string")})
    view["p_action"] = previous[d.ACTION].astype("string").fillna("").map(codes)
    view["p_suggested"] = previous[d.SUGGESTED_ACTION].astype("string").fillna("").map(codes)
    for column in (d.REMARKS, d.ITC_RED_REQ, d.HASH):
        view[f"p_{column}"] = (previous[column].astype("string").fillna("")
                               if column in previous else pd.NA)
    for column in d.DECL_COLUMNS:
        view[f"p_{column}"] = (previous[column].astype("Int64") if column in previous
                               else pd.array([pd.NA] * len(previous), "Int64"))
    view = view[view[d.RECORD_KEY].notna() & (view[d.RECORD_KEY] != "")]
    return view.drop_duplicates(d.RECORD_KEY, keep="first")


def _is_decision(merged: pd.DataFrame, current: pd.DataFrame) -> np.ndarray:
    chose = merged["p_action"] != merged["p_suggested"]
    old_remarks = merged[f"p_{d.REMARKS}"].astype("string").fillna("")
    typed = _differs(old_remarks, current[d.REMARKS]) & ~old_remarks.isin(
        SUGGESTED_REMARK_TEXTS).to_numpy()
    declared = _differs(merged[f"p_{d.ITC_RED_REQ}"], current[d.ITC_RED_REQ])
    for column in d.DECL_COLUMNS:
        old = merged[f"p_{column}"].astype("Int64")
        new = current[column].astype("Int64").reset_index(drop=True)
        declared |= (old.notna() & (new.isna() | (old != new))).fillna(False).to_numpy()
    return np.asarray(chose.fillna(False).to_numpy(dtype=bool) | typed | declared, dtype=bool)


def _differs(old: pd.Series, new: pd.Series) -> np.ndarray:
    """Where an earlier value was kept (not blank) and differs from the new suggestion."""
    old_text = old.astype("string").fillna("").to_numpy()
    new_text = new.astype("string").fillna("").to_numpy()
    return np.asarray((old_text != "") & (old_text != new_text), dtype=bool)


def _apply(out: pd.DataFrame, merged: pd.DataFrame, decided: np.ndarray,
           ims: pd.DataFrame, ims_id: np.ndarray) -> None:
    """Copy the kept decision, within what the portal now allows."""
    action = np.where(decided, merged["p_action"].fillna("").to_numpy(),
                      out[d.ACTION].astype(str).to_numpy())
    blocked = _flag(ims, d.PENDING_BLOCKED, ims_id)
    lost = decided & blocked & (action == Action.PENDING.value)
    action = np.where(lost, Action.NO_ACTION.value, action)
    out[d.ACTION] = pd.array(action, dtype="string")
    remarks = np.where(decided, merged[f"p_{d.REMARKS}"].fillna("").to_numpy(),
                       out[d.REMARKS].astype(str).to_numpy())
    remarks = np.where(_flag(ims, d.REMARKS_BLOCKED, ims_id), "", remarks)
    out[d.REMARKS] = pd.array(remarks, dtype="string")
    keep_itc = decided & merged[f"p_{d.ITC_RED_REQ}"].notna().to_numpy()
    keep_itc &= ~_flag(ims, d.ITC_RED_BLOCKED, ims_id) & (action == Action.ACCEPT.value)
    itc = np.where(keep_itc, merged[f"p_{d.ITC_RED_REQ}"].fillna("").to_numpy(),
                   out[d.ITC_RED_REQ].astype(str).to_numpy())
    out[d.ITC_RED_REQ] = pd.array(itc, dtype="string")
    for column in d.DECL_COLUMNS:
        kept = merged[f"p_{column}"].astype("Int64").to_numpy()
        values = out[column].astype("Int64").to_numpy().copy()
        values[keep_itc] = kept[keep_itc]
        out[column] = pd.array(values, dtype="Int64")
    warning = pd.Series(np.where(lost, WARN_PENDING_GONE, ""), index=out.index)
    out[d.WARNING] = join([out[d.WARNING].astype(str), warning], " ").astype("string")


def _flag(ims: pd.DataFrame, column: str, ims_id: np.ndarray) -> np.ndarray:
    if column not in ims or not len(ims):
        return np.zeros(len(ims_id), dtype=bool)
    return np.asarray(ims[column].fillna(False).astype(bool).to_numpy()[ims_id], dtype=bool)


def _comparable(values: pd.Series, column: str) -> pd.Series:
    """Values in one form whatever the sheet gave back (paise as Int64, dates as
    timestamps, numbers as trimmed upper-case text)."""
    if column in d.AMOUNT_COLUMNS:
        return pd.to_numeric(values, errors="coerce").round().astype("Int64")
    if column == d.DOC_DATE:
        return pd.to_datetime(values, errors="coerce", dayfirst=True)
    return values.astype("string").str.strip().str.upper()


def _what_changed(out: pd.DataFrame, merged: pd.DataFrame, ims: pd.DataFrame,
                  ims_id: np.ndarray, previous_ims: pd.DataFrame | None) -> pd.Series:
    """Plain words for what changed in the IMS document since the decision ("" if
    nothing known changed)."""
    empty = pd.Series("", index=out.index, dtype=object)
    if not len(ims):
        return empty
    parts: list[pd.Series] = []
    if previous_ims is not None:
        old = previous_ims.drop_duplicates(d.RECORD_KEY).set_index(d.RECORD_KEY)
        old = old.reindex(out[d.RECORD_KEY].astype("string").to_numpy())
        for column in _COMPARED:
            if column not in old or column not in ims:
                continue
            new_values = _comparable(ims[column], column).take(ims_id).reset_index(drop=True)
            old_values = _comparable(old[column], column).reset_index(drop=True)
            # Compared in their own dtype (Int64, datetime, string), never as text: an
            # Int64 column with a gap turns into floats as text ("2206261.0").
            differs = (old_values.notna() & new_values.notna()
                       & (old_values != new_values)).fillna(False).to_numpy(dtype=bool)
            label = FIELD_LABELS.get(column, {d.DOC_NO: "document number",
                                              d.DOC_DATE: "document date"}.get(column, column))
            if column in d.AMOUNT_COLUMNS:
                detail = (" from " + inr(old_values) + " to " + inr(new_values)).to_numpy()
            else:
                detail = np.full(len(out), "", dtype=object)
            text = pd.Series(np.where(differs, f"{label} changed" + detail, ""),
                             index=out.index)
            parts.append(text)
    if d.HASH in ims:
        old_hash = merged[f"p_{d.HASH}"].astype("string").fillna("").to_numpy()
        new_hash = ims[d.HASH].astype("string").fillna("").to_numpy()[ims_id]
        moved = (old_hash != "") & (old_hash != new_hash)
        parts.append(pd.Series(np.where(moved, "the portal's record changed (hash)", ""),
                               index=out.index))
    return join(parts, ", ") if parts else empty
