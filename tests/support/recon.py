"""Literal IMS and Books rows for engine tests: defaults + per-row overrides."""

from __future__ import annotations

from typing import Any

import pandas as pd

from gst_ims.domain import documents as d

SUPPLIER = "27AAACA1234A1Z5"
OTHER_BRANCH = "29AAACA1234A1Z1"  # same PAN, another state
OTHER_SUPPLIER = "27AAACB9999B1Z2"

IMS_DEFAULTS: dict[str, Any] = {
    d.SECTION: "b2b", d.DOC_TYPE: "INV", d.IS_AMENDMENT: False,
    d.SUPPLIER_GSTIN: SUPPLIER, d.SUPPLIER_PAN: "", d.SUPPLIER_NAME: "Acme Traders",
    d.DOC_NO: "INV-1", d.DOC_DATE: "2024-11-05", d.ORIG_DOC_NO: "", d.ORIG_DOC_DATE: None,
    d.INV_TYPE: "R", d.POS: "27",
    d.DOC_VALUE: 11_800_00, d.TAXABLE: 10_000_00, d.IGST: 0, d.CGST: 900_00,
    d.SGST: 900_00, d.CESS: 0,
    d.SRC_FORM: "R1", d.SRC_PERIOD: "112024", d.FILING_STATUS: "Filed",
    d.PORTAL_ACTION: "N", d.PENDING_BLOCKED: False, d.ITC_RED_BLOCKED: False,
    d.REMARKS_BLOCKED: False, d.HASH: "h", d.RAW: "{}", d.DIALECT: "api",
    d.SOURCE_FILE: "ims.json", d.SOURCE_INDEX: 0,
}
BOOKS_DEFAULTS: dict[str, Any] = {
    d.SUPPLIER_GSTIN: SUPPLIER, d.SUPPLIER_PAN: "", d.SUPPLIER_NAME: "Acme Traders",
    d.DOC_TYPE: "INV", d.DOC_NO: "INV-1", d.DOC_DATE: "2024-11-05", d.POS: "27",
    d.DOC_VALUE: 11_800_00, d.TAXABLE: 10_000_00, d.IGST: 0, d.CGST: 900_00,
    d.SGST: 900_00, d.CESS: 0, d.RCM: False, d.ITC_ELIGIBLE: True, d.PERIOD: "112024",
}


def ims_frame(*rows: dict[str, Any]) -> pd.DataFrame:
    """IMS frame with `IMS_COLUMNS`; each row = defaults + overrides."""
    records = []
    for index, row in enumerate(rows):
        record = {**IMS_DEFAULTS, **row}
        record.setdefault(d.RECORD_KEY, "")
        if not record[d.RECORD_KEY]:
            record[d.RECORD_KEY] = f"b2b|{record[d.SUPPLIER_GSTIN]}|{record[d.DOC_NO]}|{index}"
        records.append(record)
    frame = pd.DataFrame(records, columns=list(d.IMS_COLUMNS))
    return _types(frame, (d.DOC_DATE, d.ORIG_DOC_DATE))


def books_frame(*rows: dict[str, Any]) -> pd.DataFrame:
    """Books frame with `BOOKS_COLUMNS`; register_row defaults to 2, 3, …"""
    records = [{**BOOKS_DEFAULTS, d.REGISTER_ROW: index + 2, **row}
               for index, row in enumerate(rows)]
    frame = pd.DataFrame(records, columns=list(d.BOOKS_COLUMNS))
    return _types(frame, (d.DOC_DATE,))


def _types(frame: pd.DataFrame, date_columns: tuple[str, ...]) -> pd.DataFrame:
    for column in date_columns:
        frame[column] = pd.to_datetime(frame[column])
    for column in d.AMOUNT_COLUMNS:
        frame[column] = frame[column].astype("int64")
    for column in (d.SUPPLIER_GSTIN, d.DOC_NO, d.DOC_TYPE):
        frame[column] = frame[column].astype("string")
    if d.REGISTER_ROW in frame:
        frame[d.REGISTER_ROW] = frame[d.REGISTER_ROW].astype("int64")
    return frame
