"""What the workbook shows after a reconciliation, computed from frames (no workbook here).

* `result_rows`: the reconciliation frame joined with the IMS and Books values each row
  refers to, as the fields of `layout.RESULT_COLUMNS` (``ims.taxable``, ``books.doc_no``,
  ``doc.supplier_gstin`` …), split per result sheet.
* `summary_blocks`: the three Summary tables (per category, per chosen action, per
  supplier with the ones to follow up first); credit notes count negative, as they
  reduce ITC.
* `itc_at_stake`, `category_counts`: the Home status figures.

Amounts stay integer paise; the sheet conversion (`workbook.sheet_values`) makes rupees.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from gst_ims.domain import documents as d
from gst_ims.domain.documents import Action, Category, DocType
from gst_ims.workbook import layout as lay

TOTAL_LABEL: Final = "Total"
_AMOUNTS: Final = (d.TAXABLE, *d.TAX_HEADS)


def _side(frame: pd.DataFrame, ids: pd.Series, names: list[str]) -> pd.DataFrame:
    """`frame`'s columns `names` at positions `ids` (Int64, <NA> = no row): one row per
    id, missing where the id is missing."""
    valid = ids.notna().to_numpy()
    out: dict[str, pd.Series] = {}
    if len(frame) == 0 or not valid.any():
        return pd.DataFrame({name: pd.Series([pd.NA] * len(ids), dtype=object)
                             for name in names})
    positions = ids.fillna(0).astype("int64").to_numpy()
    taken = frame.iloc[positions].reset_index(drop=True)
    for name in names:
        if name not in taken.columns:
            out[name] = pd.Series([pd.NA] * len(ids), dtype=object)
            continue
        column = taken[name]
        if column.dtype == "int64":
            column = column.astype("Int64")
        elif column.dtype == bool:
            column = column.astype("boolean")
        out[name] = column.where(valid)
    return pd.DataFrame(out)


def joined(recon: pd.DataFrame, ims: pd.DataFrame, books: pd.DataFrame) -> pd.DataFrame:
    """The reconciliation frame with, for every field a result sheet shows, its value:
    recon columns as they are, ``ims.<name>`` / ``books.<name>`` from the row's IMS and
    Books documents, ``doc.<name>`` the IMS value or else the books one."""
    recon = recon.reset_index(drop=True)
    fields = [column.field for column in lay.RESULT_COLUMNS]
    wanted_ims = sorted({f.removeprefix(lay.IMS_PREFIX) for f in fields
                         if f.startswith((lay.IMS_PREFIX, lay.DOC_PREFIX))}
                        | {f.removeprefix(lay.DOC_PREFIX) for f in fields
                           if f.startswith(lay.DOC_PREFIX)})
    wanted_books = sorted({f.removeprefix(lay.BOOKS_PREFIX).removeprefix(lay.DOC_PREFIX)
                           for f in fields if f.startswith((lay.BOOKS_PREFIX, lay.DOC_PREFIX))})
    ims_side = _side(ims, recon[d.IMS_ID], wanted_ims)
    books_side = _side(books, recon[d.BOOKS_ID], wanted_books)
    has_ims = recon[d.IMS_ID].notna().to_numpy()
    out = recon.copy()
    for field in fields:
        if field.startswith(lay.IMS_PREFIX):
            out[field] = ims_side[field.removeprefix(lay.IMS_PREFIX)].to_numpy()
        elif field.startswith(lay.BOOKS_PREFIX):
            out[field] = books_side[field.removeprefix(lay.BOOKS_PREFIX)].to_numpy()
        elif field.startswith(lay.DOC_PREFIX):
            name = field.removeprefix(lay.DOC_PREFIX)
            out[field] = np.where(has_ims, ims_side[name].to_numpy(dtype=object),
                                  books_side[name].to_numpy(dtype=object))
        elif field not in out.columns:
            out[field] = pd.Series([pd.NA] * len(out), dtype=object)
    return out


def result_rows(joined_frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The joined frame split per result sheet (layout.RESULT_SHEET_OF), in frame order.
    Rows of a category without a sheet (Not expected in IMS) are left out: Summary
    counts them."""
    return {
        sheet: joined_frame.loc[joined_frame[d.CATEGORY] == category.value].reset_index(
            drop=True)
        for category, sheet in lay.RESULT_SHEET_OF.items()
    }


def _itc_sign(joined_frame: pd.DataFrame) -> np.ndarray:
    """-1 for credit notes, +1 otherwise: a credit note reduces ITC, so Summary totals
    net it off (the documents carry positive amounts, as the portal writes them)."""
    doc_type = joined_frame[lay.DOC_PREFIX + d.DOC_TYPE].astype("string").fillna("")
    return np.where(doc_type.to_numpy() == DocType.CREDIT_NOTE.value, -1, 1)


def _doc_amounts(joined_frame: pd.DataFrame) -> pd.DataFrame:
    """Per row, the ITC effect of its document (paise): IMS amounts when it has one, else
    books; credit notes negative."""
    has_ims = joined_frame[d.IMS_ID].notna().to_numpy()
    sign = _itc_sign(joined_frame)
    out = {}
    for name in _AMOUNTS:
        ims_values = pd.to_numeric(joined_frame[lay.IMS_PREFIX + name]).fillna(0)
        books_values = pd.to_numeric(joined_frame[lay.BOOKS_PREFIX + name]).fillna(0)
        out[name] = np.where(has_ims, ims_values, books_values).astype(np.int64) * sign
    frame = pd.DataFrame(out)
    frame["total_tax"] = frame[list(d.TAX_HEADS)].sum(axis=1)
    return frame


def _with_total(frame: pd.DataFrame, label_field: str) -> pd.DataFrame:
    total = frame.drop(columns=[label_field]).sum(numeric_only=True)
    row = pd.DataFrame([{label_field: TOTAL_LABEL, **total.to_dict()}])
    return pd.concat([frame, row], ignore_index=True)


def summary_blocks(joined_frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Title of each `layout.SUMMARY_BLOCKS` block -> its rows (the block's fields):
    documents and amounts per category (all categories, then Total), per chosen action of
    the IMS documents (then Total), and per supplier (follow-up first: most documents not
    matched, then the largest tax difference)."""
    amounts = _doc_amounts(joined_frame)
    amount_fields = [*_AMOUNTS, "total_tax"]
    work = pd.concat([joined_frame[[d.CATEGORY, d.ACTION, d.IMS_ID]].reset_index(drop=True),
                      amounts], axis=1)
    work["documents"] = 1

    by_category = work.groupby(d.CATEGORY)[["documents", *amount_fields]].sum()
    categories = by_category.reindex([c.value for c in Category], fill_value=0)
    category_block = _with_total(categories.rename_axis(d.CATEGORY).reset_index(), d.CATEGORY)

    ims_rows = work.loc[work[d.IMS_ID].notna()]
    by_action = ims_rows.groupby(d.ACTION)[["documents", *amount_fields]].sum()
    actions = by_action.reindex([a.value for a in Action], fill_value=0)
    action_block = _with_total(actions.rename_axis(d.ACTION).reset_index(), d.ACTION)

    return {
        lay.SUMMARY_CATEGORY_BLOCK.title: category_block,
        lay.SUMMARY_ACTION_BLOCK.title: action_block,
        lay.SUMMARY_SUPPLIER_BLOCK.title: _supplier_block(joined_frame),
    }


def _supplier_block(joined_frame: pd.DataFrame) -> pd.DataFrame:
    sign = _itc_sign(joined_frame)
    ims_tax = sign * sum(pd.to_numeric(joined_frame[lay.IMS_PREFIX + h]).fillna(0)
                         for h in d.TAX_HEADS)
    books_tax = sign * sum(pd.to_numeric(joined_frame[lay.BOOKS_PREFIX + h]).fillna(0)
                           for h in d.TAX_HEADS)
    category = joined_frame[d.CATEGORY].astype("string")
    work = pd.DataFrame({
        d.SUPPLIER_GSTIN: joined_frame[lay.DOC_PREFIX + d.SUPPLIER_GSTIN].astype("string"),
        d.SUPPLIER_NAME: joined_frame[lay.DOC_PREFIX + d.SUPPLIER_NAME].astype("string"),
        "ims_documents": joined_frame[d.IMS_ID].notna().astype(int),
        "matched": (category == Category.MATCHED.value).astype(int),
        "mismatched": (category == Category.MISMATCHED.value).astype(int),
        "not_in_books": (category == Category.NOT_IN_BOOKS.value).astype(int),
        "not_in_ims": (category == Category.NOT_IN_IMS.value).astype(int),
        "ims_tax": np.asarray(ims_tax, dtype=np.int64),
        "books_tax": np.asarray(books_tax, dtype=np.int64),
    })
    names = (work.dropna(subset=[d.SUPPLIER_NAME])
             .loc[lambda f: f[d.SUPPLIER_NAME] != ""]
             .groupby(d.SUPPLIER_GSTIN)[d.SUPPLIER_NAME].first())
    sums = work.drop(columns=[d.SUPPLIER_NAME]).groupby(d.SUPPLIER_GSTIN).sum()
    sums.insert(0, d.SUPPLIER_NAME, names.reindex(sums.index))
    sums["diff_tax"] = sums["ims_tax"] - sums["books_tax"]
    follow_up = sums["mismatched"] + sums["not_in_books"] + sums["not_in_ims"]
    order = pd.DataFrame({"follow": follow_up, "gap": sums["diff_tax"].abs()})
    ranked = order.sort_values(["follow", "gap"], ascending=False, kind="stable").index
    return sums.loc[ranked].reset_index()


def category_counts(recon: pd.DataFrame) -> dict[Category, int]:
    """Rows per category (every category present)."""
    counts = recon[d.CATEGORY].astype("string").value_counts()
    return {category: int(counts.get(category.value, 0)) for category in Category}


def itc_at_stake(joined_frame: pd.DataFrame) -> int:
    """Tax (paise) of IMS documents not safely matched: Mismatched, Suggested (until
    confirmed) and Not in Books."""
    risky = joined_frame[d.CATEGORY].isin(
        [Category.MISMATCHED.value, Category.SUGGESTED.value, Category.NOT_IN_BOOKS.value])
    tax = sum(pd.to_numeric(joined_frame.loc[risky, lay.IMS_PREFIX + h]).fillna(0)
              for h in d.TAX_HEADS)
    return int(np.asarray(tax).sum()) if risky.any() else 0
