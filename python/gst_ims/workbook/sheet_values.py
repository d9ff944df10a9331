"""Typed frames <-> the cell values of a layout sheet, column by column, per `ColumnKind`.

Going out, money is paise -> rupees, flags -> Yes/No, actions -> their labels, dates ->
datetimes; coming back, the same in reverse, accepting what a person (or Excel) may have
put in a cell instead: numbers typed as text with Indian grouping, ``Y``/``TRUE`` flags,
action codes, whole numbers that Excel hands back as floats. A cell that cannot be read is
a `Problem` naming its sheet, row and header; the value becomes missing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

import numpy as np
import pandas as pd

from gst_ims.domain.documents import Action
from gst_ims.domain.problems import Problem, Severity
from gst_ims.domain.safe_text import shown
from gst_ims.domain.unread_cells import UnreadCell
from gst_ims.workbook.layout import FLAG_FALSE, FLAG_TRUE, Column, ColumnKind

_LABEL_OF_CODE = {action.value: action.label for action in Action}
_MAX_RUPEES = 9 * 10**13  # far above the portal's largest; below it a float holds exact paise
_FIRST_YEAR, _LAST_YEAR = 1900, 2100  # no GST document is dated outside
_TRUE_WORDS = frozenset({"yes", "y", "true", "1"})
_FALSE_WORDS = frozenset({"no", "n", "false", "0", ""})


# --- out: frame -> cells ----------------------------------------------------------------
def _money_out(values: pd.Series) -> pd.Series:
    paise = pd.to_numeric(values, errors="coerce").astype("Float64")
    return (paise / 100).astype(object).where(paise.notna(), None)


def _flag_out(values: pd.Series) -> pd.Series:
    known = values.notna()
    words = np.where(values.fillna(False).astype(bool), FLAG_TRUE, FLAG_FALSE)
    return pd.Series(words, index=values.index, dtype=object).where(known, None)


def _action_out(values: pd.Series) -> pd.Series:
    codes = values.astype("string").fillna("")
    return codes.map(lambda code: _LABEL_OF_CODE.get(code, code or None)).astype(object)


def _text_out(values: pd.Series) -> pd.Series:
    text = values.astype("string")
    return text.astype(object).where(text.notna() & (text != ""), None)


def _date_out(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, errors="coerce")


def _integer_out(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").astype("Int64")


_OUT: dict[ColumnKind, Callable[[pd.Series], pd.Series]] = {
    ColumnKind.TEXT: _text_out,
    ColumnKind.CODE: _text_out,
    ColumnKind.GSTIN: _text_out,
    ColumnKind.DOC_NO: _text_out,
    ColumnKind.YES_NO: _text_out,
    ColumnKind.NOTE: _text_out,
    ColumnKind.MONEY: _money_out,
    ColumnKind.DATE: _date_out,
    ColumnKind.DATETIME: _date_out,
    ColumnKind.INTEGER: _integer_out,
    ColumnKind.FLAG: _flag_out,
    ColumnKind.ACTION: _action_out,
}


def to_cells(frame: pd.DataFrame, columns: Sequence[Column]) -> pd.DataFrame:
    """A frame holding each column's `field` (typed: paise, bool, codes, datetimes) ->
    a frame with the columns' header texts and cell values, in layout order. A field the
    frame lacks gives an empty column."""
    out: dict[str, pd.Series] = {}
    for column in columns:
        if column.field in frame.columns:
            out[column.header] = _OUT[column.kind](frame[column.field])
        else:
            out[column.header] = pd.Series([None] * len(frame), index=frame.index,
                                           dtype=object)
    return pd.DataFrame(out, index=frame.index).reset_index(drop=True)


# --- in: cells -> frame -----------------------------------------------------------------
def _blank(values: pd.Series) -> np.ndarray:
    text = values.map(lambda v: "" if v is None else str(v).strip())
    return (values.isna() | (text == "")).to_numpy()


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel hands back 123 as 123.0
    if isinstance(value, datetime | date):
        return value.strftime("%d-%m-%Y")
    return str(value).strip()


def _text_in(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    texts = values.map(_cell_text).astype("string")
    return texts, np.zeros(len(values), dtype=bool)


def _money_in(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    text = values.map(lambda v: v if isinstance(v, int | float) else
                      _cell_text(v).replace(",", "").replace("₹", "").strip())
    numbers = pd.to_numeric(text.replace("", np.nan), errors="coerce").astype("Float64")
    # Range before conversion: 1E+300 rupees would wrap around int64 paise.
    numbers = numbers.where(numbers.abs() < _MAX_RUPEES)
    bad = numbers.isna().to_numpy() & ~_blank(values)
    paise = (numbers * 100).round().astype("Int64")
    return paise, bad


def _date_in(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    def one(value: object) -> object:
        if isinstance(value, datetime | date):
            return pd.Timestamp(value) if _FIRST_YEAR <= value.year <= _LAST_YEAR else pd.NaT
        text = _cell_text(value)
        if not text:
            return pd.NaT
        found = pd.to_datetime(text, format="%d-%m-%Y", errors="coerce")
        return found if pd.notna(found) and _FIRST_YEAR <= found.year <= _LAST_YEAR else (
            pd.NaT)

    dates = pd.Series([one(v) for v in values], index=values.index,
                      dtype="datetime64[ns]").dt.normalize()
    bad = dates.isna().to_numpy() & ~_blank(values)
    return dates, bad


def _integer_in(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    numbers = pd.to_numeric(values.map(lambda v: v if isinstance(v, int | float) else
                                       _cell_text(v) or np.nan), errors="coerce")
    numbers = numbers.where(numbers.abs() < 2**53)  # beyond: no count, and no Int64
    whole = numbers.isna() | (numbers == np.floor(numbers))
    bad = (numbers.isna().to_numpy() & ~_blank(values)) | ~whole.to_numpy()
    return numbers.where(whole).astype("Int64"), bad


def _flag_in(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    words = values.map(lambda v: str(v).casefold() if isinstance(v, bool) else
                       _cell_text(v).casefold())
    flags = words.isin(_TRUE_WORDS)
    bad = (~words.isin(_TRUE_WORDS | _FALSE_WORDS)).to_numpy()
    return flags.astype(bool), bad


def _action_in(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    texts = values.map(_cell_text)
    codes: dict[str, str | None] = {}
    for text in pd.unique(texts):
        try:
            codes[text] = Action.parse(text).value
        except ValueError:
            codes[text] = None
    parsed = texts.map(codes)
    return parsed.astype("string"), parsed.isna().to_numpy()


_IN: dict[ColumnKind, Callable[[pd.Series], tuple[pd.Series, np.ndarray]]] = {
    ColumnKind.TEXT: _text_in,
    ColumnKind.CODE: _text_in,
    ColumnKind.GSTIN: _text_in,
    ColumnKind.DOC_NO: _text_in,
    ColumnKind.YES_NO: _text_in,
    ColumnKind.NOTE: _text_in,
    ColumnKind.MONEY: _money_in,
    ColumnKind.DATE: _date_in,
    ColumnKind.DATETIME: _date_in,
    ColumnKind.INTEGER: _integer_in,
    ColumnKind.FLAG: _flag_in,
    ColumnKind.ACTION: _action_in,
}
_WHAT: dict[ColumnKind, str] = {
    ColumnKind.MONEY: "an amount in rupees",
    ColumnKind.DATE: "a date (dd-mm-yyyy)",
    ColumnKind.DATETIME: "a date and time",
    ColumnKind.INTEGER: "a whole number",
    ColumnKind.FLAG: "Yes or No",
    ColumnKind.ACTION: "one of " + ", ".join(action.label for action in Action),
}


def from_cells(
    table: pd.DataFrame, columns: Sequence[Column], *, sheet: str, first_row: int
) -> tuple[pd.DataFrame, list[Problem]]:
    """A table read from a sheet (headers as columns, cell values) -> a typed frame with
    one column per layout `field` (text ``string``, money Int64 paise, dates datetime64,
    integers Int64, flags bool, actions as codes), and one `Problem` per cell that could
    not be read (`first_row` is the sheet row of the table's first row). A header the
    table lacks is an error problem and its field comes back empty."""
    problems: list[Problem] = []
    out: dict[str, pd.Series] = {}
    rows = np.arange(len(table)) + first_row
    for column in columns:
        if column.header not in table.columns:
            problems.append(Problem(f"the column '{column.header}' is missing",
                                    Severity.ERROR, sheet=sheet, field=column.header))
            cells = pd.Series([None] * len(table), dtype=object)
        else:
            cells = table[column.header].reset_index(drop=True)
        unread = np.fromiter((isinstance(v, UnreadCell) for v in cells), dtype=bool,
                             count=len(cells))
        values, bad = _IN[column.kind](cells.where(~unread, None))
        bad = bad | unread
        out[column.field] = values.where(~unread).reset_index(drop=True)
        for row in rows[bad][:20]:
            value = cells.iloc[int(row) - first_row]
            problems.append(Problem(
                value.problem() if isinstance(value, UnreadCell) else
                f"'{shown(value)}' is not {_WHAT.get(column.kind, 'readable')}",
                Severity.ERROR, sheet=sheet, row=int(row), field=column.header))
        if bad.sum() > 20:
            problems.append(Problem(f"… and {int(bad.sum()) - 20} more such cells",
                                    Severity.ERROR, sheet=sheet, field=column.header))
    return pd.DataFrame(out, index=pd.RangeIndex(len(table))), problems
