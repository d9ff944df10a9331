"""The document type of each register line, from its columns and its sign.

Precedence: a document type column (the supplier's document: invoice, C / D, Credit Note)
wins; else a voucher type column (the buyer's voucher: a Debit Note voucher is a
purchase return, the supplier's credit note); else a sheet named for credit notes or
returns; else the sign (negative amounts: a credit note). A line typed debit note whose
amounts are negative is a purchase return booked as a debit note: it is read as the
supplier's credit note.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gst_ims.books.values import doc_type_of, voucher_type_of
from gst_ims.domain.documents import DocType


@dataclass(frozen=True)
class LineTypes:
    """Per line: `codes` (object array of DocType values); `unknown_document` /
    `unknown_voucher`: a filled type cell naming no known type; `returns`: typed debit
    note with negative amounts, read as a credit note; `negative_other`: negative amounts
    on a line typed invoice (kept an invoice)."""

    codes: np.ndarray
    unknown_document: np.ndarray
    unknown_voucher: np.ndarray
    returns: np.ndarray
    negative_other: np.ndarray


def per_distinct(values: pd.Series, decode: Callable[[object], object]) -> pd.Series:
    """Apply a scalar decoder once per distinct cell (code columns have few values)."""
    obj = values.astype(object)
    codes, uniques = pd.factorize(obj, use_na_sentinel=True)
    decoded = [decode(value) for value in uniques]
    decoded.append(decode(None))
    table = np.empty(len(decoded), dtype=object)
    table[:] = decoded
    return pd.Series(table[np.where(codes < 0, len(uniques), codes)], index=values.index,
                     dtype=object)


def _decoded(column: pd.Series | None, blank: np.ndarray | None,
             decode: Callable[[object], DocType | None], size: int
             ) -> tuple[np.ndarray, np.ndarray]:
    """(codes with None where unknown or blank, unknown-and-filled mask)."""
    if column is None or blank is None:
        return np.full(size, None, dtype=object), np.zeros(size, dtype=bool)
    found = per_distinct(column, lambda v: (t.value if (t := decode(v)) else None))
    codes = found.to_numpy(dtype=object)
    return codes, np.asarray(pd.isna(codes), dtype=bool) & ~blank


def line_types(negative: np.ndarray, *, document: pd.Series | None,
               document_blank: np.ndarray | None, voucher: pd.Series | None,
               voucher_blank: np.ndarray | None, sheet_type: DocType | None) -> LineTypes:
    """Per line: amounts negative?, the document / voucher type columns (None when the
    register has none) with their blank masks, the type a sheet's name gives -> types."""
    size = len(negative)
    by_document, unknown_document = _decoded(document, document_blank, doc_type_of, size)
    by_voucher, unknown_voucher = _decoded(voucher, voucher_blank, voucher_type_of, size)
    fallback = np.where(negative, DocType.CREDIT_NOTE.value,
                        sheet_type.value if sheet_type else DocType.INVOICE.value)
    stated = np.where(pd.isna(by_document), by_voucher, by_document)
    codes = np.where(pd.isna(stated), fallback, stated).astype(object)
    returns = negative & (codes == DocType.DEBIT_NOTE.value)
    codes[returns] = DocType.CREDIT_NOTE.value
    negative_other = negative & (codes == DocType.INVOICE.value)
    return LineTypes(codes, unknown_document, unknown_voucher, returns, negative_other)
