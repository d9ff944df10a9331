"""The audit trail: every change a job makes to a cell the user decides with (Action,
Remarks, a portal error on Upload Status; links and exclusions alike), one row per
changed cell, for the hidden History sheet (`layout.HISTORY_SHEET`).

`change_rows` is the one way to describe changes, whatever the job and the field: give
it the documents (where they are and who they are), the field's name and the values
before and after, and it keeps the rows where the shown text differs. `history_csv`
makes the copy Export writes next to the upload files.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime
from typing import Final

import pandas as pd

from gst_ims.domain import documents as d
from gst_ims.workbook import layout as lay
from gst_ims.workbook.port import FORMULA_STARTS

# Where a changed document is and who it is (`change_rows`' `documents`).
DOCUMENT_FIELDS: Final[tuple[str, ...]] = ("sheet", "row", d.RECORD_KEY, d.SUPPLIER_GSTIN,
                                           d.DOC_NO)
MAX_HISTORY_ROWS: Final = 100_000  # the newest are kept (the sheet's usable rows)


def _shown(values: pd.Series) -> pd.Series:
    """Values as the text a person saw ("" for an empty cell)."""
    def text(value: object) -> str:
        if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
            return ""
        if isinstance(value, datetime):
            return value.strftime("%d-%m-%Y %H:%M")
        if isinstance(value, date):
            return value.strftime("%d-%m-%Y")
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    return values.map(text).astype("string")


def change_rows(job: str, when: datetime, documents: pd.DataFrame, field: str,
                old: Sequence[object] | pd.Series, new: Sequence[object] | pd.Series
                ) -> pd.DataFrame:
    """History rows (`layout.HISTORY_SHEET` fields) for the documents whose `field`
    changed from `old` to `new` (compared as the text shown; same length and order as
    `documents`, which holds `DOCUMENT_FIELDS`, missing ones left blank)."""
    before = _shown(pd.Series(list(old), dtype=object))
    after = _shown(pd.Series(list(new), dtype=object))
    changed = (before != after).to_numpy()
    out = documents.reset_index(drop=True).reindex(columns=list(DOCUMENT_FIELDS)).loc[changed]
    out = out.reset_index(drop=True)
    out.insert(0, "job", job)
    out.insert(0, "time", pd.Timestamp(when))
    out["field"] = field
    out["old"] = before[changed].reset_index(drop=True).replace("", pd.NA)
    out["new"] = after[changed].reset_index(drop=True).replace("", pd.NA)
    return out


def documents_of(table: pd.DataFrame, sheet: lay.DataSheet) -> pd.DataFrame:
    """`DOCUMENT_FIELDS` of the rows of a result sheet as read (headers, cell values)."""
    def column(field_name: str) -> pd.Series:
        header = sheet.column(field_name).header
        if header in table.columns:
            return _shown(table[header]).reset_index(drop=True)
        return pd.Series([""] * len(table), dtype="string")

    return pd.DataFrame({
        "sheet": sheet.name,
        "row": range(sheet.first_data_row, sheet.first_data_row + len(table)),
        d.RECORD_KEY: column(d.RECORD_KEY),
        d.SUPPLIER_GSTIN: column(lay.DOC_PREFIX + d.SUPPLIER_GSTIN),
        d.DOC_NO: _doc_numbers(table, sheet),
    })


def _doc_numbers(table: pd.DataFrame, sheet: lay.DataSheet) -> pd.Series:
    """The IMS number of each row, else the books one."""
    numbers = []
    for prefix in (lay.IMS_PREFIX, lay.BOOKS_PREFIX):
        header = sheet.column(prefix + d.DOC_NO).header
        numbers.append(_shown(table[header]).reset_index(drop=True) if header in table.columns
                       else pd.Series([""] * len(table), dtype="string"))
    return numbers[0].where(numbers[0] != "", numbers[1])


def _csv_text(value: str) -> str:
    return "'" + value if value.startswith((*FORMULA_STARTS, "\t", "\r")) else value


def history_csv(table: pd.DataFrame) -> bytes:
    """The History sheet as read (headers, cell values) -> CSV bytes (UTF-8 with a byte
    order mark, so Excel reads it as such; a text that would start a formula gets a
    leading apostrophe)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    headers = list(lay.HISTORY_SHEET.headers)
    writer.writerow(headers)
    frame = table.reindex(columns=headers)
    shown = {header: _shown(frame[header]).tolist() for header in headers}
    for index in range(len(frame)):
        writer.writerow([_csv_text(shown[header][index]) for header in headers])
    return out.getvalue().encode("utf-8-sig")


__all__ = ["DOCUMENT_FIELDS", "MAX_HISTORY_ROWS", "change_rows", "documents_of",
           "history_csv"]
