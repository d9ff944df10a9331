"""Supplier follow-up: what each supplier must still fix, in rupees, ranked.

Works on result-row fields (`layout.RESULT_COLUMNS` fields: ``category``,
``doc.supplier_gstin``, ``ims.igst``, ``books.cgst`` …, amounts in paise), which is both
what reconcile computes (`results.joined`) and what the result sheets give back, so the
Suppliers sheet and the letters written later agree with the sheets.

ITC at stake of a supplier = the tax of its documents in the books that it has not
reported (Not in IMS invoices and debit notes) + the tax difference between its upload
and the books on each Mismatched document (IMS − books, taken per document without its
sign: a difference either way is to be settled) + the tax of the credit notes booked
from it that it has not reported (credit notes awaited).
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from gst_ims.domain import documents as d
from gst_ims.domain.documents import Category, DocType
from gst_ims.workbook import layout as lay

# What a follow-up row is about (`follow_up_rows`' ``kind``).
NOT_REPORTED: Final = "not_reported"  # a books invoice / debit note missing from IMS
CREDIT_NOTE_AWAITED: Final = "credit_note_awaited"  # a books credit note missing from IMS
DIFFERS: Final = "differs"  # on both sides, with differences (Mismatched)
GSTIN: Final = lay.DOC_PREFIX + d.SUPPLIER_GSTIN
NAME: Final = lay.DOC_PREFIX + d.SUPPLIER_NAME
DOC_TYPE: Final = lay.DOC_PREFIX + d.DOC_TYPE


def side_tax(fields: pd.DataFrame, prefix: str) -> pd.Series:
    """Total tax (paise, int64; 0 where the side is missing) of each row's IMS
    (``ims.``) or books (``books.``) document."""
    total = np.zeros(len(fields), dtype=np.int64)
    for head in d.TAX_HEADS:
        total += pd.to_numeric(fields[prefix + head]).fillna(0).to_numpy(dtype=np.int64)
    return pd.Series(total, index=fields.index)


def follow_up_rows(fields: pd.DataFrame) -> pd.DataFrame:
    """The rows a supplier must act on: Not in IMS (credit notes as awaited) and
    Mismatched, with their `kind`, ``ims_tax`` / ``books_tax`` (paise) and ``stake``
    (paise: the books tax, or the IMS − books difference without its sign). Keeps every
    column of `fields`; same index."""
    category = fields[d.CATEGORY].astype("string").fillna("")
    doc_type = fields[DOC_TYPE].astype("string").fillna("")
    missing = category == Category.NOT_IN_IMS.value
    differs = category == Category.MISMATCHED.value
    rows = fields.loc[missing | differs].copy()
    ims_tax, books_tax = side_tax(rows, lay.IMS_PREFIX), side_tax(rows, lay.BOOKS_PREFIX)
    is_credit = doc_type[rows.index] == DocType.CREDIT_NOTE.value
    rows["kind"] = np.where(differs[rows.index], DIFFERS,
                            np.where(is_credit, CREDIT_NOTE_AWAITED, NOT_REPORTED))
    rows["ims_tax"] = ims_tax
    rows["books_tax"] = books_tax
    rows["stake"] = np.where(rows["kind"] == DIFFERS, (ims_tax - books_tax).abs(), books_tax)
    return rows


def _names(fields: pd.DataFrame) -> pd.Series:
    """GSTIN -> the first non-blank supplier name seen for it."""
    names = fields[[GSTIN, NAME]].astype("string")
    names = names.loc[names[NAME].fillna("").str.strip() != ""]
    return names.groupby(GSTIN)[NAME].first()


def supplier_table(fields: pd.DataFrame,
                   statuses: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per supplier GSTIN (the fields of `layout.SUPPLIERS_SHEET`), ranked by
    ITC at stake, then by documents to follow up, then by GSTIN. `statuses` (GSTIN ->
    the Status the user set) are kept; a supplier without one gets ``to contact`` when
    it has something to follow up, else nothing."""
    gstin = fields[GSTIN].astype("string").fillna("")
    category = fields[d.CATEGORY].astype("string").fillna("")
    counts = pd.DataFrame({
        d.SUPPLIER_GSTIN: gstin,
        "matched": category == Category.MATCHED.value,
        "not_in_books": category == Category.NOT_IN_BOOKS.value,
        "ims_documents": fields[d.IMS_ID].notna(),
    }).loc[gstin != ""].groupby(d.SUPPLIER_GSTIN).sum().astype("int64")
    follow = follow_up_rows(fields)
    kinds = pd.DataFrame({
        d.SUPPLIER_GSTIN: follow[GSTIN].astype("string").fillna(""),
        "not_in_ims": follow["kind"] == NOT_REPORTED,
        "not_in_ims_tax": np.where(follow["kind"] == NOT_REPORTED, follow["stake"], 0),
        "mismatched": follow["kind"] == DIFFERS,
        "tax_difference": np.where(follow["kind"] == DIFFERS, follow["stake"], 0),
        "credit_notes_awaited": follow["kind"] == CREDIT_NOTE_AWAITED,
        "credit_note_tax": np.where(follow["kind"] == CREDIT_NOTE_AWAITED, follow["stake"], 0),
    })
    kinds = kinds.loc[kinds[d.SUPPLIER_GSTIN] != ""]
    sums = kinds.groupby(d.SUPPLIER_GSTIN).sum().astype("int64")
    table = counts.join(sums, how="outer").fillna(0).astype("int64")
    table["follow_ups"] = table["not_in_ims"] + table["mismatched"] + table[
        "credit_notes_awaited"]
    table["itc_at_stake"] = (table["not_in_ims_tax"] + table["tax_difference"]
                             + table["credit_note_tax"])
    table = table.rename_axis(d.SUPPLIER_GSTIN).reset_index()
    table = table.sort_values(["itc_at_stake", "follow_ups", d.SUPPLIER_GSTIN],
                              ascending=[False, False, True], kind="stable")
    table = table.reset_index(drop=True)
    table.insert(0, "rank", np.arange(1, len(table) + 1, dtype=np.int64))
    table[d.SUPPLIER_NAME] = table[d.SUPPLIER_GSTIN].map(_names(fields)).astype("string")
    kept = table[d.SUPPLIER_GSTIN].map(statuses or {}).astype("string")
    start = pd.Series(lay.SUPPLIER_STATUSES[0], index=table.index, dtype="string").where(
        table["follow_ups"] > 0)
    table[lay.SUPPLIER_STATUS] = kept.fillna(start)
    return table


def statuses_from_sheet(table: pd.DataFrame) -> dict[str, str]:
    """GSTIN -> Status from the Suppliers sheet as read (header texts, cell values);
    rows without a GSTIN or a Status are left out."""
    sheet = lay.SUPPLIERS_SHEET
    gstin = sheet.column(d.SUPPLIER_GSTIN).header
    status = sheet.column(lay.SUPPLIER_STATUS).header
    if table.empty or gstin not in table.columns or status not in table.columns:
        return {}
    pairs = zip(table[gstin].tolist(), table[status].tolist(), strict=True)
    return {str(g).strip(): str(s).strip() for g, s in pairs
            if g not in (None, "") and s not in (None, "") and str(s).strip()}


__all__ = ["CREDIT_NOTE_AWAITED", "DIFFERS", "NOT_REPORTED", "follow_up_rows", "side_tax",
           "statuses_from_sheet", "supplier_table"]
