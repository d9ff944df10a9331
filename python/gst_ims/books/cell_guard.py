"""Register cells that must not be read as they look, found before any cell is converted:

* a cell a person sees no value in: an error (``#N/A``, ``#REF!``; also its text in a
  CSV that Excel saved) or a formula saved without its result. Read as it looks, it would
  be 0, a blank or the formula's text: the row is refused, naming the cell;
* an amount written with a decimal comma (``100000,50``, ``1.234,56``): the Indian and
  Western groupings end on three digits, so a comma before one or two final digits is a
  decimal comma, and reading it as grouping makes the amount 100 times too large. Refused
  with a message, unless Settings says the register uses decimal commas: then a comma is
  read as the decimal point and dots and spaces as grouping.

And, once the Books frame is made, every text it hands to a cell goes through the one
text sanitiser (`clean_text`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Final

import numpy as np
import pandas as pd

from gst_ims.domain.documents import REGISTER_ROW
from gst_ims.domain.problems import Problem, Severity
from gst_ims.domain.safe_text import MARKER, cell_text, clean_column, shown
from gst_ims.domain.unread_cells import (
    EXCEL_ERROR_CODES,
    CellError,
    FormulaWithoutValue,
    UnreadCell,
)

# After currency marks, spaces and signs are set aside: digits with "." or "," between.
_CURRENCY = re.compile(r"(?i)₹|\binr\b|\brs\.?")
_DECIMAL_COMMA = re.compile(
    r"^[(+-]?[\d.,\s\u00a0]*\d,\d{1,2}[)-]?$|^[(+-]?\d[\d.]*\.\d{3},\d+[)-]?$")
_COMMA_NUMBER = re.compile(r"^[(+-]?[\d.\s\u00a0]*,?\d*[)-]?$")
_DOT_DECIMAL = re.compile(r"^[^,]*\.\d{1,2}[)-]?$")  # 12.50: a decimal point after all
_MAX_REPORTED: Final = 200  # per column; a register of such text needs one look, not all
DECIMAL_COMMA_HINT: Final = (
    "looks like a decimal comma (the Indian grouping ends on three digits): write the "
    "amount with a decimal point, or set Settings > 'Register amounts use a decimal "
    "comma' to Yes if the whole register is written that way; row skipped")


_types = np.frompyfunc(type, 1, 1)  # one C-level pass over an object column


def _unread(values: pd.Series) -> np.ndarray:
    """True where a cell is an `UnreadCell` or is exactly an error code's text."""
    cells = values.to_numpy(dtype=object)
    kinds = _types(cells) if len(cells) else np.zeros(0, dtype=object)
    unread = np.asarray((kinds == CellError) | (kinds == FormulaWithoutValue), dtype=bool)
    texts = np.flatnonzero(kinds == str)  # noqa: E721 - exact type test on a numpy array
    if len(texts):
        found = pd.Series(cells[texts], dtype=object).str.strip().isin(EXCEL_ERROR_CODES)
        unread[texts[found.to_numpy(dtype=bool)]] = True
    return unread


def _text_cells(values: pd.Series) -> pd.Series:
    """Amount cells that are text, with currency marks taken out (others: <NA>)."""
    cells = values.to_numpy(dtype=object)
    out = pd.Series(pd.NA, index=values.index, dtype="string")
    kinds = _types(cells) if len(cells) else np.zeros(0, dtype=object)
    texts = np.flatnonzero(kinds == str)  # noqa: E721 - exact type test on a numpy array
    if len(texts):
        text = pd.Series(cells[texts], dtype="string")
        out.iloc[texts] = text.str.replace(_CURRENCY, "", regex=True).str.strip().to_numpy()
    return out


def decimal_comma_cells(values: pd.Series) -> np.ndarray:
    """True where an amount cell is text written with a decimal comma."""
    texts = _text_cells(values)
    return texts.str.contains(_DECIMAL_COMMA, regex=True).fillna(False).to_numpy(dtype=bool)


def with_decimal_point(values: pd.Series) -> pd.Series:
    """Amount cells of a register written with decimal commas: every text cell shaped
    like such a number gets dots and spaces (grouping) removed and its comma made the
    decimal point (``1.23.456,50`` -> ``123456.50``); other cells are left as they are."""
    texts = _text_cells(values)
    shaped = (texts.str.contains(_COMMA_NUMBER, regex=True)
              & texts.str.contains(r"\d", regex=True)
              & ~texts.str.contains(_DOT_DECIMAL, regex=True)).fillna(False).astype(bool)
    if not shaped.any():
        return values
    converted = (texts[shaped].str.replace(r"[.\s\u00a0]", "", regex=True)
                 .str.replace(",", ".", regex=False))
    out = values.astype(object).copy()
    out[shaped] = converted.astype(object)
    return out


def guard_cells(
    data: pd.DataFrame, used: Collection[str], amounts: Collection[str],
    sheet_rows: np.ndarray, where: Problem, *, decimal_comma: bool,
) -> tuple[pd.DataFrame, np.ndarray, list[Problem]]:
    """The register table before reading -> (the table, with decimal-comma amounts
    converted when `decimal_comma`; rows refused; one error per refused cell). `used`:
    headers the reader reads; `amounts`: the amount headers among them; `sheet_rows`: the
    sheet row of each table row."""
    refused = np.zeros(len(data), dtype=bool)
    problems: list[Problem] = []

    def refuse(mask: np.ndarray, header: str, messages: list[str]) -> None:
        for position, message in zip(np.flatnonzero(mask), messages, strict=True):
            problems.append(Problem(message, Severity.ERROR, file=where.file, sheet=where.sheet,
                                    row=int(sheet_rows[position]), field=header))
        refused[mask] = True

    for header in used:
        cells = data[header]
        unread = _unread(cells)
        if unread.any():
            found = cells.to_numpy(dtype=object)[unread]
            refuse(unread, header, [_unread_problem(cell) for cell in found])
    for header in amounts:
        if decimal_comma:
            data = data.assign(**{header: with_decimal_point(data[header])})
            continue
        comma = decimal_comma_cells(data[header]) & ~refused
        if comma.any():
            found = data[header].to_numpy(dtype=object)[comma]
            refuse(comma, header, [f"'{shown(cell)}' {DECIMAL_COMMA_HINT}" for cell in found])
    problems.sort(key=lambda p: p.row or 0)
    return data, refused, problems


def _unread_problem(cell: object) -> str:
    if not isinstance(cell, UnreadCell):
        cell = CellError(str(cell).strip())
    assert isinstance(cell, UnreadCell)
    return cell.problem() + "; row skipped"


def clean_text(frame: pd.DataFrame, header_of: Mapping[str, str], where: Problem,
               ) -> tuple[pd.DataFrame, list[Problem]]:
    """The Books frame with every text a cell will receive made storable (the one text
    sanitiser, `safe_text.cell_text`), and one warning per changed cell naming its row
    and column. `header_of`: frame column -> the register header it came from."""
    problems: list[Problem] = []
    rows = frame[REGISTER_ROW].to_numpy()
    for column in frame.columns:
        if column == REGISTER_ROW or frame[column].dtype.kind in "biufcmM":
            continue
        cleaned, changed = clean_column(frame[column])
        if not changed.any():
            continue
        frame = frame.assign(**{column: cleaned})
        for position in np.flatnonzero(changed.to_numpy())[:_MAX_REPORTED]:
            problems.append(Problem(
                f"the text holds characters a workbook cannot store (control characters or "
                f"broken UTF-16) or is longer than a cell holds; shown with {MARKER}",
                Severity.WARNING, file=where.file, sheet=where.sheet, row=int(rows[position]),
                field=cell_text(header_of.get(str(column), str(column)))))
    return frame, problems
