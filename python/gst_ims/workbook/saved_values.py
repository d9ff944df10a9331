"""What a person sees in the formula and error cells of a workbook file: the result each
formula had when the file was last saved by a program that calculates.

openpyxl loads a workbook either with its formulas (to keep them when saving) or with the
saved results, never both; the file port loads formulas, and asks here for the results of
the few formula cells a table holds, from a second, read-only pass over the same file.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from gst_ims.domain.unread_cells import CellError, FormulaWithoutValue, UnreadCell, cell_address

Position = tuple[int, int]  # 1-based (row, column)


def formula_text(value: Any) -> str:
    """An openpyxl formula value (text, or an array / data-table formula) as text."""
    text = getattr(value, "text", value)
    return str(text) if text is not None else "="


def saved_results(path: Path, sheet: str,
                  formulas: dict[Position, str]) -> dict[Position, Any]:
    """Each formula cell of `sheet` in `path` (position -> formula text) -> its saved
    result as a cell value, a `CellError` when the result is an error, or a
    `FormulaWithoutValue` when the file holds none."""
    if not formulas:
        return {}
    found: dict[Position, Any] = {}
    book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        if sheet in book.sheetnames:
            found = _results(book[sheet], formulas.keys())
    finally:
        book.close()
    out: dict[Position, Any] = {}
    for (row, column), formula in formulas.items():
        address = cell_address(row, column)
        kind, value = found.get((row, column), ("n", None))
        if value is None or value == "":
            out[(row, column)] = FormulaWithoutValue(formula, address)
        elif kind == "e":
            out[(row, column)] = CellError(str(value), address)
        else:
            out[(row, column)] = value
    return out


def _results(worksheet: Any, wanted: Collection[Position]) -> dict[Position, tuple[str, Any]]:
    rows = sorted({row for row, _ in wanted})
    columns = {column for _, column in wanted}
    wanted_set = set(wanted)
    found: dict[Position, tuple[str, Any]] = {}
    for row_number, row in enumerate(
        worksheet.iter_rows(min_row=rows[0], max_row=rows[-1], max_col=max(columns)),
        start=rows[0],
    ):
        for column, cell in enumerate(row, start=1):
            if (row_number, column) in wanted_set:
                found[(row_number, column)] = (getattr(cell, "data_type", "n"), cell.value)
    return found


def as_seen(value: Any, data_type: str, row: int, column: int) -> Any:
    """A cell of the formula-keeping load as a person sees it, when that needs no second
    pass: an error cell becomes a `CellError`; anything else is returned as is (formula
    cells are resolved by `saved_results`)."""
    if data_type == "e":
        return CellError(str(value), cell_address(row, column))
    return value


__all__ = ["UnreadCell", "as_seen", "formula_text", "saved_results"]
