"""The IMS reader's side of the text sanitiser (`domain.safe_text`): document numbers the
portal cannot have issued are refused per record, and every text the IMS frame hands on
to a cell or a record key is made storable, with the records named on the Log."""

from __future__ import annotations

import re
from typing import Final

import numpy as np
import pandas as pd

from gst_ims.domain.documents import (
    DOC_NO,
    HASH,
    INV_TYPE,
    ORIG_DOC_NO,
    POS,
    RECORD_KEY,
    SECTION,
    SOURCE_INDEX,
    SRC_FORM,
    SRC_PERIOD,
    SUPPLIER_GSTIN,
    SUPPLIER_NAME,
    SUPPLIER_PAN,
)
from gst_ims.domain.problems import Problem, Severity
from gst_ims.domain.safe_text import MARKER, clean_column, portal_number_problem
from gst_ims.ims.fields import READ_ALIASES

# Printable ASCII of portal length: the numbers of every real download, checked in C.
_PLAIN_NUMBER: Final = re.compile(r"[\x20-\x7e]{1,16}")

# Frame column -> the JSON key a user finds it under (for the Log).
_TEXT_FIELDS: Final[dict[str, str]] = {
    **{column: "/".join(READ_ALIASES[column])
       for column in (SUPPLIER_NAME, SUPPLIER_GSTIN, INV_TYPE, POS, SRC_FORM, SRC_PERIOD,
                      HASH)},
    DOC_NO: "document number",
    ORIG_DOC_NO: "original document number",
}
_CLEANED_TOO: Final = (SUPPLIER_PAN, RECORD_KEY)  # derived from the fields above


def number_refusal(number: str) -> str | None:
    """Why a downloaded document number cannot be acted on (None when it can)."""
    if _PLAIN_NUMBER.fullmatch(number.strip()):
        return None
    reason = portal_number_problem(number)
    if reason is None:
        return None
    return (f"the document number {reason}; this document is skipped (the rest of the file "
            "is read). Ask the supplier to correct it, or act on it on the portal")


def clean_text_columns(frame: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """The IMS frame with every text a cell or record key receives made storable
    (`safe_text.cell_text`), and one warning per section and field naming the first
    record and how many were changed. Other values are untouched."""
    problems: list[Problem] = []
    changed_any = np.zeros(len(frame), dtype=bool)
    for column, key in _TEXT_FIELDS.items():
        cleaned, changed = clean_column(frame[column])
        if not changed.any():
            continue
        frame = frame.assign(**{column: cleaned})
        changed_any |= changed.to_numpy()
        problems += _per_section(frame, changed.to_numpy(), file, key)
    if changed_any.any():
        for column in _CLEANED_TOO:
            frame = frame.assign(**{column: clean_column(frame[column])[0]})
    return frame, problems


def _per_section(frame: pd.DataFrame, changed: np.ndarray, file: str,
                 key: str) -> list[Problem]:
    rows = frame.loc[changed, [SECTION, SOURCE_INDEX]]
    problems = []
    for section, group in rows.groupby(SECTION, sort=False):
        first = int(group[SOURCE_INDEX].iloc[0])
        count = len(group)
        tail = "" if count == 1 else f" (in {count:,} records; the first is record {first})"
        problems.append(Problem(
            "the text holds characters a workbook cannot store (control characters or "
            f"broken UTF-16); they are shown as {MARKER} and the record is kept{tail}",
            Severity.WARNING, file=file, section=str(section), row=first, field=key))
    return problems
