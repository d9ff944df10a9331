"""The user's decisions on the result sheets -> upload `Decision`s, and the upload's
outcome -> the Upload Status each row shows. Pure: frames in, values out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import numpy as np
import pandas as pd

from gst_ims.domain import documents as d
from gst_ims.domain.documents import Action, Category
from gst_ims.domain.problems import Problem, Severity
from gst_ims.upload.writer import Decision, UploadResult
from gst_ims.workbook import layout as lay

SHEET: Final = "_sheet"  # which result sheet a row was read from
ROW: Final = "_row"  # its sheet row
_DECL_HEADS: Final = dict(zip(d.DECL_COLUMNS, d.TAX_HEADS, strict=True))


def _decl(row: Mapping[Any, Any]) -> dict[str, int] | None:
    """Declared ITC reduction per head (paise), None when no amount was entered."""
    amounts = {head: int(row[column])
               for column, head in _DECL_HEADS.items() if not pd.isna(row[column])}
    return amounts or None


def _where(rows: pd.DataFrame, index: int, message: str, header: str) -> Problem:
    return Problem(message, Severity.ERROR, sheet=str(rows[SHEET].iloc[index]),
                   row=int(rows[ROW].iloc[index]), field=header)


def decisions_from_results(
    rows: pd.DataFrame, ims: pd.DataFrame, *, confirmed_unbooked: bool
) -> tuple[list[Decision], list[Problem]]:
    """Result-sheet rows (`RESULT_COLUMNS` fields plus `SHEET`, `ROW`) -> one `Decision`
    per IMS document, found in `ims` by record_key. A row whose document is not in `ims`
    (the IMS data changed since the reconcile) or whose Action could not be read is an
    error problem instead. `confirmed_unbooked`: the user confirmed Accept on documents
    not in the books."""
    # Rows of books-only documents (Not in IMS) carry no IMS Id and take no IMS action.
    with_ims = rows.loc[rows[d.IMS_ID].notna()].reset_index(drop=True)
    position = pd.Series(np.arange(len(ims)), index=ims[d.RECORD_KEY].astype(str))
    position = position[~position.index.duplicated(keep="last")]
    found = with_ims[d.RECORD_KEY].astype(str).map(position)
    problems: list[Problem] = []
    for index in np.flatnonzero(found.isna().to_numpy())[:50]:
        problems.append(_where(with_ims, int(index), "this document is not in the imported "
                               "IMS data any more; run Reconcile again", "Record Key"))
    missing_action = with_ims[d.ACTION].isna() & found.notna()
    for index in np.flatnonzero(missing_action.to_numpy())[:50]:
        problems.append(_where(with_ims, int(index),
                               "the Action is not one of the dropdown's choices", "Action"))
    keep = (found.notna() & ~missing_action).to_numpy()
    usable = with_ims.loc[keep]
    ids = found.loc[keep].astype("int64").tolist()
    decisions = [
        Decision(
            ims_id=ims_id,
            action=Action(str(row[d.ACTION])),
            remarks="" if pd.isna(row[d.REMARKS]) else str(row[d.REMARKS]),
            itc_red_req="" if pd.isna(row[d.ITC_RED_REQ]) else str(row[d.ITC_RED_REQ]).upper(),
            decl=_decl(row),
            confirmed_not_in_books=confirmed_unbooked,
            in_books=row[d.CATEGORY] != Category.NOT_IN_BOOKS.value,
        )
        for ims_id, row in zip(ids, usable.to_dict("records"), strict=True)
    ]
    return decisions, problems


def upload_statuses(result: UploadResult, ims: pd.DataFrame) -> dict[str, str]:
    """record_key -> what the export did with the document: ``Refused: <why>`` or
    ``Written: <file name>``, followed by the fields of the row that were not sent and
    why (documents needing no request are absent)."""
    keys = ims[d.RECORD_KEY].astype(str).to_numpy()
    status: dict[str, str] = {}
    names = [file.path.name for file in result.files]
    for payload_index, ids in enumerate(result.ims_ids):
        name = names[payload_index] if payload_index < len(names) else "not written"
        for ims_id in ids:
            left_out = result.left_out.get(ims_id)
            status[keys[ims_id]] = (f"{lay.UPLOAD_WRITTEN}: {name}"
                                    + (" — " + "; ".join(left_out) if left_out else ""))
    reasons: dict[int, list[str]] = {}
    for refusal in result.refusals:
        reasons.setdefault(refusal.ims_id, []).append(refusal.message)
    for ims_id, messages in reasons.items():
        status[keys[ims_id]] = f"{lay.UPLOAD_REFUSED}: " + "; ".join(messages)
    return status


def action_counts(decisions: list[Decision], ims: pd.DataFrame) -> dict[str, int]:
    """Chosen actions that differ from the portal's, per action label (what the upload
    would change), for the confirmation question."""
    portal = ims[d.PORTAL_ACTION].astype("string").fillna("N").to_numpy()
    counts = {action.label: 0 for action in Action}
    for decision in decisions:
        if decision.action.value != portal[decision.ims_id]:
            counts[decision.action.label] += 1
    return counts
