"""Line-wise registers -> one row per document, vectorised (sorting and `reduceat`, no
Python loop over lines).

The GSTN GSTR-1/2 Excel templates and Tally's GSTR-2 export put one row per invoice *and
tax rate*; Zoho's bill export one row per item; SAP one row per tax code. The rows of one
document share its identity: supplier GSTIN, document number, document date and type,
and, when the register has one, the company's own voucher number (two vouchers booking
the same supplier invoice are a double booking, not two lines of one document; the
reader's duplicate check reports them).

How a document's columns are made from its lines:

* amounts are summed, except a column that repeats the document's figure on every line
  (the templates' Invoice Value, Zoho's SubTotal and Total): such a column is counted
  once. The document value is counted once on a document whose lines all repeat it when
  that is nearer to taxable + taxes than the sum; the taxable value and the tax heads are
  counted once, for the whole register, when every multi-line document repeats them and
  counting them once leaves fewer documents whose value disagrees with taxable + taxes;
* reverse charge: any line; ITC eligible: any line (a document with one eligible line
  is in IMS); name, place of supply and the rest: the first line that has one;
* other register columns: the value all lines share, else their distinct values joined
  with ", " (a Rate column becomes "5, 18");
* `REGISTER_ROW` is the first line's sheet row and `REGISTER_ROWS` lists them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from gst_ims.books.cells import blank_cells, cell_texts
from gst_ims.domain.documents import (
    CESS,
    CGST,
    DOC_VALUE,
    IGST,
    ITC_ELIGIBLE,
    RCM,
    REGISTER_ROW,
    REGISTER_ROWS,
    SGST,
    TAXABLE,
)

_PARTS: Final = (TAXABLE, IGST, CGST, SGST, CESS)
_ANY_OF: Final = (RCM, ITC_ELIGIBLE)


@dataclass(frozen=True)
class Combined:
    """`frame`: one row per document (the lines' columns, plus `REGISTER_ROWS`) and
    ``value_given`` (bool: some line stated the document value); `documents_over_lines`:
    documents made of more than one line; `counted_once`: amount columns (field names)
    taken once per document; `shared`: per line, whether its document has other lines
    (only such lines can repeat one another cell for cell)."""

    frame: pd.DataFrame
    documents_over_lines: int
    counted_once: tuple[str, ...]
    shared: np.ndarray


def _reduce(ufunc: np.ufunc, values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    return np.asarray(ufunc.reduceat(values, starts)) if len(values) else values


def combine_lines(lines: pd.DataFrame, key: Sequence[str], value_given: np.ndarray,
                  tolerance: int, extras: Sequence[str]) -> Combined:
    """Lines (Books columns but `REGISTER_ROWS`, the `key` columns, the `extras` register
    columns) -> `Combined`. `value_given`: per line, the document value cell was filled;
    `tolerance`: paise by which taxable + taxes may differ from the value."""
    count = len(lines)
    codes = (lines.groupby(list(key), sort=False, dropna=False).ngroup().to_numpy()
             if count else np.array([], dtype=np.int64))
    groups = int(codes.max()) + 1 if count else 0
    if groups == count:
        frame = lines.reset_index(drop=True).copy()
        frame[REGISTER_ROWS] = frame[REGISTER_ROW].astype("string")
        frame["value_given"] = value_given
        return Combined(frame, 0, (), np.zeros(count, dtype=bool))
    order = np.argsort(codes, kind="stable")
    starts = np.r_[0, np.flatnonzero(np.diff(codes[order])) + 1]
    sizes = np.diff(np.r_[starts, count])
    firsts = order[starts]
    frame = lines.iloc[firsts].reset_index(drop=True).copy()
    multi = sizes > 1
    once = _amounts(frame, lines, order, starts, multi, value_given, tolerance)
    for name in (*_ANY_OF,):
        if name in lines:
            frame[name] = _reduce(np.logical_or, lines[name].to_numpy(dtype=bool)[order], starts)
    for name in lines.columns:
        if name in (*key, *_PARTS, DOC_VALUE, *_ANY_OF, REGISTER_ROW) or name in extras:
            continue
        if lines[name].dtype == "string":
            frame[name] = _first_filled(lines[name], order, starts)
    for name in extras:
        frame[name] = _joined_extra(lines[name], codes, order, starts, multi)
    rows = lines[REGISTER_ROW].to_numpy(dtype=np.int64)[order]
    frame[REGISTER_ROW] = rows[starts]
    frame[REGISTER_ROWS] = pd.Series(_join_texts(rows.astype(str).astype(object), starts),
                                     dtype="string")
    frame["value_given"] = _reduce(np.logical_or, value_given[order], starts)
    return Combined(frame, int(multi.sum()), once, multi[codes])


def _amounts(frame: pd.DataFrame, lines: pd.DataFrame, order: np.ndarray,
             starts: np.ndarray, multi: np.ndarray, value_given: np.ndarray,
             tolerance: int) -> tuple[str, ...]:
    """Sum each amount over the document's lines, or take it once (module doc); set the
    frame's amount columns; the names taken once."""
    total, first, same = {}, {}, {}
    for name in (*_PARTS, DOC_VALUE):
        values = lines[name].to_numpy(dtype=np.int64)[order]
        total[name] = _reduce(np.add, values, starts)
        first[name] = values[starts]
        same[name] = _reduce(np.maximum, values, starts) == _reduce(np.minimum, values, starts)
    given = _reduce(np.logical_or, value_given[order], starts)
    once = {name: False for name in (*_PARTS, DOC_VALUE)}

    def heads_sum() -> np.ndarray:
        parts = [first[n] if once[n] else total[n] for n in _PARTS]
        return np.asarray(np.sum(parts, axis=0), dtype=np.int64)

    def failures() -> int:
        heads = heads_sum()
        value = _document_value(first[DOC_VALUE], total[DOC_VALUE], same[DOC_VALUE], heads)
        return int((given & multi & (np.abs(value - heads) > tolerance)).sum())

    for name in _PARTS:
        repeated = multi.any() and bool(same[name][multi].all()) and bool(
            (first[name][multi] != 0).any())
        if not repeated:
            continue
        summed = failures()
        once[name] = True
        if failures() >= summed:
            once[name] = False
    heads = heads_sum()
    for name in _PARTS:
        frame[name] = first[name] if once[name] else total[name]
    value = _document_value(first[DOC_VALUE], total[DOC_VALUE], same[DOC_VALUE], heads)
    frame[DOC_VALUE] = value
    repeated_value = same[DOC_VALUE] & multi & (value == first[DOC_VALUE]) & (value != 0)
    once[DOC_VALUE] = bool(repeated_value.any())
    return tuple(name for name in (*_PARTS, DOC_VALUE) if once[name])


def _document_value(first: np.ndarray, total: np.ndarray, same: np.ndarray,
                    heads: np.ndarray) -> np.ndarray:
    """The value once where every line repeats it and that is nearer the heads' sum."""
    nearer = np.abs(first - heads) <= np.abs(total - heads)
    return np.where(same & nearer, first, total).astype(np.int64)


def _first_filled(values: pd.Series, order: np.ndarray, starts: np.ndarray) -> pd.Series:
    """Per document, the first non-blank text of its lines ("" when none)."""
    texts = values.fillna("").to_numpy(dtype=object)[order]
    filled = texts != ""
    position = np.where(filled, np.arange(len(texts)), len(texts))
    chosen = _reduce(np.minimum, position, starts)
    picked = np.append(texts, "")[chosen]
    return pd.Series(picked, dtype="string")


def _joined_extra(values: pd.Series, codes: np.ndarray, order: np.ndarray,
                  starts: np.ndarray, multi: np.ndarray) -> pd.Series:
    """Per document, the value its lines share (as read), else the distinct non-blank
    texts joined with ", "."""
    cells = values.to_numpy(dtype=object)
    blank = blank_cells(values).to_numpy()
    factor, _ = pd.factorize(pd.Series(cells, dtype=object).where(~blank, None))
    ordered = factor[order]
    filled = np.where(ordered >= 0, ordered, np.iinfo(np.int64).max)
    low = _reduce(np.minimum, filled, starts)
    high = _reduce(np.maximum, np.where(ordered >= 0, ordered, -1), starts)
    first_position = _reduce(np.minimum, np.where(ordered >= 0, np.arange(len(ordered)),
                                                  len(ordered)), starts)
    picked = np.append(cells[order], np.array([None], dtype=object))[first_position]
    out = pd.Series(picked, dtype=object)
    differing = multi & (high >= 0) & (low != high)
    if differing.any():
        in_differing = np.repeat(differing, np.diff(np.r_[starts, len(order)]))
        lines = order[in_differing & (ordered >= 0)]
        table = pd.DataFrame({"group": codes[lines],
                              "text": cell_texts(values.iloc[lines]).to_numpy(dtype=object)})
        table = table.drop_duplicates().sort_values("group", kind="stable")
        group = table["group"].to_numpy()
        text_starts = np.r_[0, np.flatnonzero(np.diff(group)) + 1]
        # Documents are numbered by their group code (first appearance order).
        out.iloc[group[text_starts]] = _join_texts(table["text"].to_numpy(dtype=object),
                                                   text_starts)
    return out


def _join_texts(texts: np.ndarray, starts: np.ndarray, sep: str = ", ") -> np.ndarray:
    """Texts sorted by group -> one joined text per group (`starts`: first position of
    each group), by numpy's object `add.reduceat`."""
    if not len(texts):
        return np.array([], dtype=object)
    glued = np.char.add(sep, texts.astype(str)).astype(object)
    glued[starts] = texts[starts]
    return np.asarray(np.add.reduceat(glued, starts), dtype=object)


def exact_duplicates(raw: pd.DataFrame, rows: np.ndarray,
                     ignore: Sequence[str] = ()) -> list[list[int]]:
    """Groups (sheet rows, in order) of lines whose every cell is equal, apart from the
    `ignore` columns (a serial-number column is unique by design)."""
    cells = raw.drop(columns=[c for c in ignore if c in raw.columns])
    if cells.empty or not len(cells.columns):
        return []
    repeated = cells.duplicated(keep=False).to_numpy()
    if not repeated.any():
        return []
    keyed = cells[repeated].astype(str).agg("\u0001".join, axis=1)
    codes, _ = pd.factorize(keyed)
    picked = rows[repeated]
    return sorted(sorted(int(r) for r in picked[codes == code]) for code in range(codes.max() + 1))
