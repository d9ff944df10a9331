"""From the cascade's pairs to the reconciliation frame: categories, field differences,
plain-English reasons, and the suggested action of each status (`MatchStatus.suggested_action`,
viewed as `SUGGESTED_ACTIONS`).
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from gst_ims.domain import documents as d
from gst_ims.domain.documents import Action, Category, DocType, FilingStatus
from gst_ims.domain.match_status import MatchStatus
from gst_ims.domain.settings import ReconSettings
from gst_ims.recon import links, reasons
from gst_ims.recon.carry_over import carry_over
from gst_ims.recon.cascade_result import CascadeResult
from gst_ims.recon.numbers import NumberLayer
from gst_ims.recon.remarks import NOT_FILED_REMARK, SUGGESTED_REMARKS
from gst_ims.recon.rules import RULES_BY_ID

__all__ = ["SUGGESTED_ACTIONS", "SUGGESTED_REMARKS", "build_outcome", "carry_over"]

# Status -> suggested IMS action, before the per-document guards below: a view of the
# statuses' own meaning (domain/match_status.py), where each status's action is defined.
SUGGESTED_ACTIONS: Final[dict[MatchStatus, Action]] = {
    status: status.suggested_action for status in MatchStatus
    if status.suggested_action is not None}
MAX_REMARK: Final = 250
EXCLUDED_REASON: Final = "Excluded by you from this reconciliation"
WARN_NOT_FILED: Final = ("Supplier has not filed the return yet; the document reaches "
                         "GSTR-2B only after filing")
WARN_NO_PENDING: Final = ("Pending is not allowed for this document; No action means it "
                          "is deemed accepted when GSTR-2B is generated")
WARN_KEEP_PORTAL: Final = ("The portal already holds an action for this document; it is "
                           "kept rather than reset to No action")
WARN_NOTE_DEEMED: Final = ("A credit note left at No action is deemed accepted and reduces "
                           "your ITC; Reject it if it is not yours")


def build_outcome(ims: pd.DataFrame, books: pd.DataFrame, result: CascadeResult,
                  settings: ReconSettings,
                  books_period: tuple[pd.Timestamp, pd.Timestamp] | None = None
                  ) -> pd.DataFrame:
    """IMS and Books frames + cascade result -> frame with `RECON_COLUMNS` (see
    `engine.reconcile` for `books_period`)."""
    ims_part = _ims_rows(ims, books, result, settings)
    books_part = _books_rows(ims, books, result, settings, books_period)
    frame = pd.concat([ims_part, books_part], ignore_index=True)
    keys = links.books_keys(books).to_numpy(dtype=object)
    has_books = frame["books_id"].notna().to_numpy()
    books_key = np.full(len(frame), "", dtype=object)
    if len(keys):
        books_key[has_books] = keys[frame.loc[has_books, "books_id"].astype("int64")]
    frame[d.BOOKS_KEY] = books_key
    frame = _suggest_actions(frame, ims, settings)
    return _finish(frame)


def _ims_rows(ims: pd.DataFrame, books: pd.DataFrame, result: CascadeResult,
              settings: ReconSettings) -> pd.DataFrame:
    rows = pd.DataFrame({"ims_id": np.arange(len(ims), dtype="int64")})
    rows = rows.merge(result.pairs, on="ims_id", how="left")
    status = rows["rule_id"].map({k: r.status.value for k, r in RULES_BY_ID.items()})
    tied = rows["ims_id"].isin(result.ties["ims_id"])
    status = status.where(~tied, MatchStatus.AMBIGUOUS.value)
    rows["status"] = status.fillna(MatchStatus.NOT_IN_BOOKS.value).astype(str)
    rows[d.RECORD_KEY] = ims[d.RECORD_KEY].astype("string").to_numpy()
    rows[d.REGISTER_ROW] = _register_rows(books, rows["books_id"])
    books_value = books[d.DOC_VALUE].to_numpy(dtype="int64")
    rows["books_doc_value"] = np.where(
        rows["books_id"].notna(), books_value[rows["books_id"].fillna(0).astype("int64")]
        if len(books) else 0, 0)
    rows[d.REASON] = reasons.ims_reasons(rows, ims, books, result.ties, result.nearest,
                                         settings)
    rows["mismatch_fields"] = reasons.mismatch_fields(rows, settings)
    return rows


def _books_rows(ims: pd.DataFrame, books: pd.DataFrame, result: CascadeResult,
                settings: ReconSettings,
                books_period: tuple[pd.Timestamp, pd.Timestamp] | None) -> pd.DataFrame:
    paired = result.pairs["books_id"].to_numpy(dtype="int64")
    unpaired = np.ones(len(books), dtype=bool)
    unpaired[paired] = False
    left = np.flatnonzero(unpaired).astype("int64")
    rows = pd.DataFrame({"books_id": left})
    tied = rows["books_id"].isin(result.ties["books_id"])
    not_expected = _not_expected(books).to_numpy()[left]
    status = np.full(len(rows), MatchStatus.NOT_IN_IMS.value, dtype=object)
    status[not_expected] = MatchStatus.NOT_EXPECTED.value
    if books_period is not None:
        dates = pd.to_datetime(books[d.DOC_DATE]).to_numpy()[left]
        start, end = (np.datetime64(x, "ns") for x in books_period)
        outside = ~pd.isna(dates) & ((dates < start) | (dates > end))
        status[outside & ~not_expected] = MatchStatus.OUTSIDE_PERIOD.value
    status[tied.to_numpy()] = MatchStatus.AMBIGUOUS.value
    if result.excluded is not None:
        status[result.excluded[left]] = MatchStatus.EXCLUDED.value
    rows["status"] = status
    register_row = books[d.REGISTER_ROW].astype("Int64").to_numpy()[left]
    rows[d.REGISTER_ROW] = pd.array(register_row, dtype="Int64")
    rows[d.RECORD_KEY] = ("BOOKS:" + rows[d.REGISTER_ROW].astype("string")).astype("string")
    rows[d.REASON] = reasons.books_reasons(rows, ims, books, result.ties, result.nearest,
                                           settings)
    excluded = (status == MatchStatus.EXCLUDED.value)
    rows.loc[excluded, d.REASON] = EXCLUDED_REASON
    outside = (status == MatchStatus.OUTSIDE_PERIOD.value)
    if books_period is not None and outside.any():
        first, last = (reasons.format_date(x) for x in books_period)
        rows.loc[outside, d.REASON] = (
            f"Dated outside the books period ({first} to {last}) and no IMS document pairs "
            "with it: not a follow-up for this period")
    return rows


def _not_expected(books: pd.DataFrame) -> pd.Series:
    """Reverse-charge and ITC-ineligible register lines: the portal never puts them in
    IMS, so an unpaired one is not "Not in IMS"."""
    rcm = books[d.RCM].fillna(False).astype(bool) if d.RCM in books else False
    eligible = (books[d.ITC_ELIGIBLE].fillna(True).astype(bool) if d.ITC_ELIGIBLE in books
                else True)
    return pd.Series(rcm | ~pd.Series(eligible, index=books.index), index=books.index)


def _register_rows(books: pd.DataFrame, books_id: pd.Series) -> pd.arrays.IntegerArray:
    ids = books_id.astype("Int64")
    values = books[d.REGISTER_ROW].astype("Int64").to_numpy()
    taken = np.where(ids.isna(), 0, ids.fillna(0).to_numpy(dtype="int64"))
    out = pd.array(values[taken] if len(values) else np.zeros(len(ids), "int64"), "Int64")
    out[ids.isna().to_numpy()] = pd.NA
    return out


def _suggest_actions(frame: pd.DataFrame, ims: pd.DataFrame,
                     settings: ReconSettings) -> pd.DataFrame:
    """Suggested action, remarks, warning and credit-note ITC-reduction defaults, from
    `SUGGESTED_ACTIONS` with the settings' overrides, then the per-document guards:
    matched but supplier not filed -> Pending; never Pending where pending is blocked;
    an action already on the portal stays the chosen Action."""
    is_ims = frame["ims_id"].notna().to_numpy()
    ims_id = frame["ims_id"].fillna(0).to_numpy(dtype="int64")
    status = frame["status"]
    table = {s.value: (settings.action_for(s) or a).value for s, a in SUGGESTED_ACTIONS.items()}
    action = status.map(table).fillna("").astype(str).to_numpy(dtype=object)
    # A register line alone has no IMS document to act on.
    action = np.where(is_ims, action, "")
    category = status.map({s.value: s.category.value for s in MatchStatus}).astype(str)
    not_filed = _ims_flag(ims, ims_id, d.FILING_STATUS, FilingStatus.NOT_FILED.value) & is_ims
    blocked = _ims_bool(ims, ims_id, d.PENDING_BLOCKED) & is_ims
    matched = (category == Category.MATCHED.value).to_numpy()
    waiting = matched & not_filed & (action == Action.ACCEPT.value)
    action = np.where(waiting, Action.PENDING.value, action)
    no_pending = blocked & (action == Action.PENDING.value)
    action = np.where(no_pending, Action.NO_ACTION.value, action)
    # Never suggest going back to No action on a document the portal already holds as
    # Accepted / Rejected / Pending: that would upload a RESET and undo a decision someone
    # took on the portal. The portal's action stays the suggestion; the user can still
    # choose No action on purpose.
    portal = _ims_text(ims, ims_id, d.PORTAL_ACTION)
    decided_on_portal = is_ims & np.isin(
        portal, [Action.ACCEPT.value, Action.REJECT.value, Action.PENDING.value])
    keep_portal = decided_on_portal & (action == Action.NO_ACTION.value)
    action = np.where(keep_portal, portal, action)
    overrides_portal = decided_on_portal & ~keep_portal & (action != portal)
    portal_word = {Action.ACCEPT.value: "accepted", Action.REJECT.value: "rejected",
                   Action.PENDING.value: "pending"}
    warn_override = np.full(len(frame), "", dtype=object)
    warn_override[overrides_portal] = [
        "On the portal this document is already " + portal_word.get(str(x), "")
        + "; the Action keeps that until you choose the suggested one"
        for x in portal[overrides_portal]]
    # A decision already taken on the portal (often a deliberate rejection, perhaps by a
    # colleague) is the chosen Action; the engine's view stays the suggestion, so nothing
    # is uploaded for the row unless a person picks it. (An Action that differs from its
    # suggestion is carried over as a decision on the next reconcile, as it should be.)
    chosen = np.where(overrides_portal, portal, action)
    credit = _ims_flag(ims, ims_id, d.DOC_TYPE, DocType.CREDIT_NOTE.value) & is_ims
    deemed_note = credit & (action == Action.NO_ACTION.value)
    # Object arrays sharing one sentence each: np.where on str would build fixed-width
    # unicode arrays of the longest sentence per row (hundreds of MB at 10^6 rows).
    warning = reasons.join_arrays([reasons.flag_text(not_filed, WARN_NOT_FILED),
                                   reasons.flag_text(no_pending, WARN_NO_PENDING),
                                   reasons.flag_text(keep_portal, WARN_KEEP_PORTAL),
                                   warn_override,
                                   reasons.flag_text(deemed_note, WARN_NOTE_DEEMED)], " ")
    # The reason itself says why No action was suggested where Pending was wanted.
    frame[d.REASON] = reasons.join_arrays([reasons.texts(frame[d.REASON]),
                                           reasons.flag_text(no_pending, WARN_NO_PENDING)])
    # The remarks are a handful of fixed sentences: each is cut to length once.
    short = {key: text[:MAX_REMARK] for key, text in SUGGESTED_REMARKS.items()}
    remarks = status.map(short).fillna("").astype(str).to_numpy(dtype=object)
    remarks[waiting] = NOT_FILED_REMARK[:MAX_REMARK]
    remarkable = np.isin(chosen, [Action.PENDING.value, Action.REJECT.value]) & (
        chosen == action)
    remarks_blocked = _ims_bool(ims, ims_id, d.REMARKS_BLOCKED) & is_ims
    remarks[~(remarkable & ~remarks_blocked)] = ""
    frame[d.SUGGESTED_ACTION] = action
    frame[d.ACTION] = chosen
    frame[d.REMARKS] = remarks
    frame[d.WARNING] = warning
    frame[d.CATEGORY] = category.to_numpy()
    _itc_reduction(frame, ims, ims_id, is_ims)
    return frame


def _itc_reduction(frame: pd.DataFrame, ims: pd.DataFrame, ims_id: np.ndarray,
                   is_ims: np.ndarray) -> None:
    """Accepted credit notes and amendments of the sections that carry the declaration:
    full reduction ("Y"), the portal's default, shown for a credit note as its whole tax
    per head (the user lowers it for a partial reduction). An amended invoice, debit note
    or e-commerce document leaves the amounts blank: its reduction is the difference to
    the original, which the download does not carry. Nothing where the portal blocks
    it."""
    sections = [section.value for section in d.ITC_REDUCTION_SECTIONS]
    takes = np.isin(_ims_text(ims, ims_id, d.SECTION), sections)
    credit = _ims_flag(ims, ims_id, d.DOC_TYPE, DocType.CREDIT_NOTE.value)
    red_blocked = _ims_bool(ims, ims_id, d.ITC_RED_BLOCKED)
    declare = is_ims & takes & ~red_blocked & (frame[d.ACTION].to_numpy() == Action.ACCEPT.value)
    frame[d.ITC_RED_REQ] = np.where(declare, "Y", "")
    for column, head in zip(d.DECL_COLUMNS, d.TAX_HEADS, strict=True):
        values = ims[head].to_numpy(dtype="int64")[ims_id] if len(ims) else np.zeros(
            len(frame), "int64")
        declared = pd.array(values, dtype="Int64")
        declared[~(declare & credit)] = pd.NA
        frame[column] = declared


def _ims_flag(ims: pd.DataFrame, ims_id: np.ndarray, column: str, value: str) -> np.ndarray:
    return np.asarray(_ims_text(ims, ims_id, column) == value, dtype=bool)


def _ims_text(ims: pd.DataFrame, ims_id: np.ndarray, column: str) -> np.ndarray:
    if column not in ims or not len(ims):
        return np.full(len(ims_id), "", dtype=object)
    return np.asarray(ims[column].astype("string").fillna("").to_numpy()[ims_id], dtype=object)


def _ims_bool(ims: pd.DataFrame, ims_id: np.ndarray, column: str) -> np.ndarray:
    if column not in ims or not len(ims):
        return np.zeros(len(ims_id), dtype=bool)
    return np.asarray(ims[column].fillna(False).astype(bool).to_numpy()[ims_id], dtype=bool)


def _finish(frame: pd.DataFrame) -> pd.DataFrame:
    """Typed columns in `RECON_COLUMNS` order."""
    out = pd.DataFrame(index=frame.index)
    out[d.IMS_ID] = frame["ims_id"].astype("Int64")
    out[d.BOOKS_ID] = frame["books_id"].astype("Int64")
    out[d.RECORD_KEY] = frame[d.RECORD_KEY].astype("string")
    out[d.BOOKS_KEY] = frame[d.BOOKS_KEY].astype("string")
    out[d.REGISTER_ROW] = frame[d.REGISTER_ROW].astype("Int64")
    out[d.CATEGORY] = frame[d.CATEGORY].astype("string")
    out[d.MATCH_STATUS] = frame["status"].astype("string")
    out[d.MATCH_RULE] = frame.get("rule_id", pd.Series(index=frame.index)).astype(
        "string").fillna("")
    layer = frame.get("layer", pd.Series(index=frame.index, dtype="float64"))
    labels = {float(x): x.label for x in NumberLayer}
    out[d.NUMBER_LAYER] = layer.astype("float64").map(labels).where(
        frame["books_id"].notna() & frame["ims_id"].notna(), "").fillna("").astype("string")
    out[d.SCORE] = frame.get("score", pd.Series(index=frame.index)).astype("Float64")
    for column in d.DIFF_COLUMNS:
        source = "d_" + column.removeprefix(d.DIFF_PREFIX)
        out[column] = frame[source].astype("Int64") if source in frame else pd.array(
            [pd.NA] * len(frame), "Int64")
    gap = frame.get("date_gap", pd.Series(index=frame.index, dtype="float64"))
    out[d.DATE_GAP_DAYS] = gap.astype("float64").round().astype("Int64")
    out[d.MISMATCH_FIELDS] = frame["mismatch_fields"].fillna("").astype("string") if (
        "mismatch_fields" in frame) else ""
    for column in (d.REASON, d.SUGGESTED_ACTION, d.ACTION, d.REMARKS, d.ITC_RED_REQ):
        out[column] = frame[column].fillna("").astype("string")
    for column in d.DECL_COLUMNS:
        out[column] = frame[column].astype("Int64")
    out[d.CHANGED_SINCE_DECISION] = False
    out[d.WARNING] = frame[d.WARNING].fillna("").astype("string")
    return out[list(d.RECON_COLUMNS)].reset_index(drop=True)
