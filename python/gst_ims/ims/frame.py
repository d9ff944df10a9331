"""The IMS frame (`domain.documents.IMS_COLUMNS`) from the column lists the record reader
fills, and the frame-wide steps of a read: invalid-GSTIN warnings and dropping the earlier
copies of a document read twice."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import pandas as pd

from gst_ims.domain.documents import (
    AMOUNT_COLUMNS,
    CESS,
    CGST,
    DIALECT,
    DOC_DATE,
    DOC_NO,
    DOC_TYPE,
    DOC_VALUE,
    FILING_STATUS,
    HASH,
    IGST,
    IMS_COLUMNS,
    INV_TYPE,
    IS_AMENDMENT,
    ITC_RED_BLOCKED,
    ORIG_DOC_DATE,
    ORIG_DOC_NO,
    PENDING_BLOCKED,
    PORTAL_ACTION,
    POS,
    RAW,
    RECORD_KEY,
    REMARKS_BLOCKED,
    SECTION,
    SGST,
    SOURCE_FILE,
    SOURCE_INDEX,
    SRC_FORM,
    SRC_PERIOD,
    SUPPLIER_GSTIN,
    SUPPLIER_NAME,
    SUPPLIER_PAN,
    TAXABLE,
    Dialect,
    Section,
)
from gst_ims.domain.gstin import gstin_problems
from gst_ims.domain.problems import Problem, Severity

# The columns the record reader fills, one list each, a value per record read.
LIST_COLUMNS: Final = (
    SECTION, SUPPLIER_GSTIN, SUPPLIER_NAME, DOC_NO, DOC_DATE, ORIG_DOC_NO, ORIG_DOC_DATE,
    INV_TYPE, POS, DOC_VALUE, TAXABLE, IGST, CGST, SGST, CESS, SRC_FORM, SRC_PERIOD,
    FILING_STATUS, PORTAL_ACTION, PENDING_BLOCKED, ITC_RED_BLOCKED, REMARKS_BLOCKED,
    HASH, RECORD_KEY, RAW, SOURCE_INDEX,
)
_STRING_COLUMNS: Final = (
    SECTION, DOC_TYPE, SUPPLIER_GSTIN, SUPPLIER_PAN, SUPPLIER_NAME, DOC_NO, ORIG_DOC_NO,
    INV_TYPE, POS, SRC_FORM, SRC_PERIOD, FILING_STATUS, PORTAL_ACTION, HASH, RECORD_KEY,
    RAW, DIALECT, SOURCE_FILE,
)


@dataclass
class SectionCounts:
    """Records per section of one JSON document: in the file, read, skipped."""

    in_file: dict[str, int] = field(default_factory=dict)
    read: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)


def ims_frame(columns: dict[str, list[Any]], dialect: Dialect, source_file: str
              ) -> pd.DataFrame:
    """The column lists (`LIST_COLUMNS`) of one JSON document as a frame with the IMS
    dtypes (`IMS_COLUMNS`)."""
    cols = columns
    size = len(cols[SECTION])
    sections = pd.Series(cols[SECTION], dtype="string")
    section_info = {s.value: s for s in Section}
    doc_types = {key: section.doc_type.value for key, section in section_info.items()}
    amendment = {key: section.is_amendment for key, section in section_info.items()}
    gstins = pd.Series(cols[SUPPLIER_GSTIN], dtype="string")
    data: dict[str, Any] = {
        SECTION: sections,
        DOC_TYPE: sections.map(doc_types).astype("string"),
        IS_AMENDMENT: sections.map(amendment).astype(bool),
        SUPPLIER_GSTIN: gstins,
        SUPPLIER_PAN: _pans(cols[SUPPLIER_GSTIN]),
        DOC_DATE: _dates(cols[DOC_DATE]),
        ORIG_DOC_DATE: _dates(cols[ORIG_DOC_DATE]),
        DIALECT: pd.Series([dialect.value] * size, dtype="string"),
        SOURCE_FILE: pd.Series([source_file] * size, dtype="string"),
        SOURCE_INDEX: pd.Series(cols[SOURCE_INDEX], dtype="Int64"),
    }
    for column in AMOUNT_COLUMNS:
        data[column] = pd.Series(np.asarray(cols[column], dtype=np.int64), dtype="int64")
    for column in (PENDING_BLOCKED, ITC_RED_BLOCKED, REMARKS_BLOCKED):
        data[column] = pd.Series(np.asarray(cols[column], dtype=bool), dtype=bool)
    for column in _STRING_COLUMNS:
        if column not in data:
            data[column] = pd.Series(cols[column], dtype="string")
    return pd.DataFrame({column: data[column] for column in IMS_COLUMNS})


def _pans(gstins: list[str]) -> pd.Series:
    """Characters 3-12 of each GSTIN, cut once per distinct GSTIN so that the rows of one
    supplier share one text (a million documents come from far fewer suppliers)."""
    codes, distinct = pd.factorize(pd.Series(gstins, dtype=object))
    pans = np.array([str(gstin)[2:12] for gstin in distinct] + [""], dtype=object)
    return pd.Series(pans[codes], dtype="string")


def _dates(texts: list[str]) -> pd.Series:
    """dd-mm-yyyy texts (already validated; "" for none) -> datetime64[ns]."""
    parsed = pd.to_datetime(pd.Series(texts, dtype=object), format="%d-%m-%Y",
                            errors="coerce")
    return parsed.astype("datetime64[ns]")


def empty_ims_frame() -> pd.DataFrame:
    """An IMS frame with no rows and the right dtypes."""
    return ims_frame({column: [] for column in LIST_COLUMNS}, Dialect.API, "")


def gstin_warnings(frame: pd.DataFrame, name: str) -> list[Problem]:
    """One warning per section and invalid supplier GSTIN (records are kept: a portal
    download with a wrong supplier GSTIN is near impossible, and dropping it would lose
    the document)."""
    reasons = gstin_problems(frame[SUPPLIER_GSTIN])
    bad = reasons != ""
    if not bad.any():
        return []
    rows = frame.loc[bad, [SECTION, SUPPLIER_GSTIN, SOURCE_INDEX]].assign(reason=reasons[bad])
    problems = []
    for (section, _gstin, reason), group in rows.groupby(
        [SECTION, SUPPLIER_GSTIN, "reason"], sort=False
    ):
        count = len(group)
        first = int(group[SOURCE_INDEX].iloc[0])
        tail = "" if count == 1 else f" (in {count:,} records; the first is record {first})"
        problems.append(Problem(f"{reason}; record kept{tail}", Severity.WARNING,
                                file=name, section=str(section), row=first, field="stin"))
    return problems


def drop_duplicates(frame: pd.DataFrame, file_ids: np.ndarray,
                    counts: list[SectionCounts], problems: list[Problem]) -> pd.DataFrame:
    """Keep the copy of a document read last; count the others as skipped."""
    earlier = frame.duplicated(RECORD_KEY, keep="last").to_numpy()
    if not earlier.any():
        return frame
    keys = frame[RECORD_KEY].to_numpy(dtype=object)
    files = frame[SOURCE_FILE].to_numpy(dtype=object)
    sections = frame[SECTION].to_numpy(dtype=object)
    numbers = frame[DOC_NO].to_numpy(dtype=object)
    indexes = frame[SOURCE_INDEX].to_numpy(dtype=np.int64)
    repeated = frame[RECORD_KEY].isin(frame.loc[earlier, RECORD_KEY]).to_numpy()
    kept = {keys[row]: row for row in np.flatnonzero(repeated & ~earlier)}
    for row in np.flatnonzero(earlier):
        kept_row = kept[keys[row]]
        same_file = file_ids[kept_row] == file_ids[row]
        where = "later in the same file" if same_file else f"in {files[kept_row]}"
        section = str(sections[row])
        problems.append(Problem(
            f"document {numbers[row]} appears again {where} (record {indexes[kept_row]}); "
            "that copy is kept and this one skipped", Severity.WARNING, file=str(files[row]),
            section=section, row=int(indexes[row]), field=RECORD_KEY,
        ))
        file_counts = counts[int(file_ids[row])]
        file_counts.read[section] -= 1
        file_counts.skipped[section] += 1
    return frame.loc[~earlier].reset_index(drop=True)

