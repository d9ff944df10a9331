"""Formula results kept through a save by the file port.

openpyxl writes every formula without its result (it does not calculate). Excel
recalculates when it opens such a file, but the next command-line job would find the
user's formulas on the Books sheet without a value and refuse those rows. So while the
port saves, each formula cell whose result the file on disk holds (the workbook as Excel
last saved it) is written with that result, exactly as Excel wrote it; the formula itself
is untouched. A formula the port cannot give a result for is written as openpyxl does.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl.worksheet._writer as sheet_writer
from openpyxl import Workbook
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import Element, SubElement

from gst_ims.domain.unread_cells import CellError, FormulaWithoutValue
from gst_ims.workbook.saved_values import saved_results

Results = dict[str, dict[tuple[int, int], Any]]  # sheet -> (row, column) -> result


def _formula_cells(worksheet: Worksheet) -> dict[tuple[int, int], str]:
    cells: dict[tuple[int, int], Any] = worksheet._cells
    return {key: cell._value for key, cell in cells.items()
            if cell.data_type == "f" and isinstance(cell._value, str)}


def saved_formula_results(book: Workbook, path: Path) -> Results:
    """The results the file at `path` holds for the plain formula cells of `book`."""
    found: Results = {}
    for worksheet in book.worksheets:
        formulas = _formula_cells(worksheet)
        if not formulas:
            continue
        results = {key: value for key, value in saved_results(path, worksheet.title,
                                                              formulas).items()
                   if not isinstance(value, FormulaWithoutValue)}
        if results:
            found[worksheet.title] = results
    return found


def _result_text(result: Any, epoch: datetime) -> tuple[str, str] | None:
    """(cell type, text of the <v> element) of a result; None for a kind not kept."""
    if isinstance(result, CellError):
        return "e", str(result)
    if isinstance(result, bool):
        return "b", "1" if result else "0"
    if isinstance(result, int | float):
        return "n", repr(result) if isinstance(result, float) else str(result)
    if isinstance(result, datetime | date | time):
        return "n", repr(float(to_excel(result, epoch)))  # type: ignore[no-untyped-call]
    if isinstance(result, str):
        return "str", result
    return None


@contextlib.contextmanager
def results_kept(book: Workbook, results: Results) -> Iterator[None]:
    """While the block runs (the port's save), formula cells with a result in `results`
    are written with it."""
    if not results:
        yield
        return
    # The writer looks the function up in its module on every cell: swapped for the save.
    namespace: dict[str, Any] = vars(sheet_writer)
    original = namespace["write_cell"]
    epoch = book.epoch

    def write_cell(xf: Any, worksheet: Worksheet, cell: Any, styled: bool | None = None) -> None:
        result = results.get(worksheet.title, {}).get((cell.row, cell.column))
        shown = _result_text(result, epoch) if result is not None else None
        if (shown is None or cell.data_type != "f" or not isinstance(cell._value, str)
                or cell.hyperlink is not None):
            original(xf, worksheet, cell, styled)
            return
        kind, text = shown
        attributes = {"r": cell.coordinate}
        if styled:
            attributes["s"] = f"{cell.style_id}"
        if kind != "n":
            attributes["t"] = kind
        element = Element("c", attributes)
        SubElement(element, "f").text = cell._value[1:]
        SubElement(element, "v").text = text
        xf.write(element)

    namespace["write_cell"] = write_cell
    try:
        yield
    finally:
        namespace["write_cell"] = original
