"""The portal's answer to an upload -> what the workbook shows: each refused document's
Upload Status (the code, the portal's words, what they mean and what to do, from the one
table in upload/error_codes.py), one Log line per error, a message and counts for Home.
Pure: error imports and frames in, values out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from gst_ims.domain import documents as d
from gst_ims.domain.problems import Problem, Severity
from gst_ims.upload.error_codes import explain
from gst_ims.upload.error_file import ErrorImport, PortalError
from gst_ims.workbook import layout as lay

# What an API status code says about the upload as a whole.
_STATUS_WORDS: Mapping[str, str] = {
    "P": "processed without errors",
    "PE": "processed with errors",
    "ER": "not processed at all",
    "IP": "still being processed",
}


@dataclass
class PortalAnswer:
    """What the error file(s) said, ready for the workbook.

    `statuses`: record_key -> Upload Status of each refused document. `problems`: the Log
    lines (an error per refused document, pointing at its result row; warnings for
    errors naming no downloaded document; request-level errors). `refused`: documents the
    portal refused. `unmapped`: errors naming no downloaded document. `processed`:
    records the portal says it processed (API status only). `message`: plain words.
    """

    statuses: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    refused: int = 0
    unmapped: int = 0
    processed: int | None = None
    message: str = ""


def _status_text(errors: list[PortalError]) -> str:
    parts = []
    for error in errors:
        text = explain(error.code, error.message)
        if text not in parts:
            parts.append(text)
    return f"{lay.UPLOAD_PORTAL_ERROR} " + " | ".join(parts)


def _document(error: PortalError) -> str:
    return f"{error.section} {error.doc_no} from {error.supplier_gstin}"


def _request_problems(name: str, answer: ErrorImport) -> list[Problem]:
    problems = []
    if answer.request_error:
        code, _, words = answer.request_error.partition(": ")
        problems.append(Problem("The portal refused the whole upload: "
                                + explain(code, words or code), Severity.ERROR, file=name))
    if answer.status == "IP":
        problems.append(Problem("The upload is still being processed on the portal: fetch "
                                "its status again later and import that.", Severity.WARNING,
                                file=name))
    return problems


def portal_answer(imports: Sequence[tuple[str, ErrorImport]], ims: pd.DataFrame,
                  where: Mapping[int, tuple[str, int]]) -> PortalAnswer:
    """Combine the error imports (file name, what it said) on the IMS frame `ims` (uses
    record_key). `where`: IMS frame position -> (result sheet, row) of the row deciding
    the document, so each Log line points at the row the user fixes."""
    keys = ims[d.RECORD_KEY].astype(str).to_numpy()
    answer = PortalAnswer()
    by_row: dict[int, list[PortalError]] = {}
    for name, result in imports:
        answer.problems += _request_problems(name, result)
        answer.problems += result.problems
        if result.processed is not None:
            answer.processed = (answer.processed or 0) + result.processed
        for error in result.errors:
            if not error.ims_ids:
                answer.unmapped += 1
            for ims_id in error.ims_ids:
                by_row.setdefault(ims_id, []).append(error)
                sheet, row = where.get(ims_id, ("", 0))
                answer.problems.append(Problem(
                    f"{_document(error)}: {explain(error.code, error.message)}",
                    Severity.ERROR, file=name, sheet=sheet, section=error.section,
                    row=row or None))
    answer.statuses = {keys[ims_id]: _status_text(errors) for ims_id, errors in by_row.items()}
    answer.refused = len(by_row)
    answer.message = _message(imports, answer)
    return answer


def _message(imports: Sequence[tuple[str, ErrorImport]], answer: PortalAnswer) -> str:
    states = sorted({_STATUS_WORDS.get(result.status, "") for _, result in imports} - {""})
    said = f"The portal says the upload was {' and '.join(states)}. " if states else ""
    if any(result.request_error for _, result in imports):
        return (said + "It refused the whole upload; the Log sheet says why. Nothing on the "
                "result sheets changed.")
    if not answer.refused:
        tail = (f" {answer.unmapped} error(s) name no document of the imported IMS data "
                "(see the Log sheet)." if answer.unmapped else "")
        return said + "No document of your upload was refused." + tail
    text = (said + f"The portal refused {answer.refused} document(s): their rows show why "
            "in Upload Status (red) and on the Log sheet. Fix them, then Export upload JSON "
            "and choose to send only the rows that failed.")
    if answer.unmapped:
        text += (f" {answer.unmapped} error(s) name no document of the imported IMS data "
                 "(see the Log sheet).")
    return text
