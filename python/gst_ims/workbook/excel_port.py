"""`ExcelPort`: the workbook open in Excel, through xlwings (Windows and macOS).

The only module of the package that imports xlwings. Writes go straight into the open
workbook, one block per table (xlwings chunks large writes itself); ID columns get the
``@`` text format *before* their values arrive, so ``00123`` and ``1E5`` stay text; text
a spreadsheet would evaluate (``=…``, ``+…``, ``-…``, ``@…``) goes in behind Excel's
text-prefix apostrophe. A job runs inside `running()`: screen updating, calculation and
events off, restored afterwards even on error; progress shows on the status bar.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import xlwings as xw

from gst_ims.domain.problems import InputError
from gst_ims.workbook.port import (
    CellValue,
    cell_formats,
    cells_frame,
    check_block,
    frame_cells,
    is_formula_like,
)


def _as_text(value: CellValue) -> CellValue:
    """Excel's apostrophe prefix keeps formula-like text a text (it is not part of the
    value the cell then holds)."""
    return f"'{value}" if is_formula_like(value) else value


class ExcelPort:
    """A workbook open in Excel as a `WorkbookPort`."""

    def __init__(self, book: xw.Book) -> None:
        self.book = book

    @classmethod
    def caller(cls) -> ExcelPort:
        """The workbook whose button called Python (`xw.Book.caller()`)."""
        return cls(xw.Book.caller())

    @contextmanager
    def running(self, title: str) -> Iterator[ExcelPort]:
        """Run a job with screen updating, calculation and events off; the status bar
        shows `title` and is handed back to Excel afterwards."""
        app = self.book.app
        with app.properties(screen_updating=False, calculation="manual",
                            enable_events=False):
            try:
                app.status_bar = title
                yield self
            finally:
                app.status_bar = False

    def folder(self) -> Path | None:
        """The folder of the saved workbook; None for a workbook never saved."""
        full = Path(self.book.fullname)
        return full.parent if full.is_absolute() else None

    def _sheet(self, sheet: str) -> xw.Sheet:
        if sheet not in [s.name for s in self.book.sheets]:
            raise InputError(f"The workbook has no sheet '{sheet}'.")
        return self.book.sheets[sheet]

    def read_table(
        self, sheet: str, *, header_row: int = 1, first_column: int = 1,
        max_rows: int | None = None,
    ) -> pd.DataFrame:
        """The table under the headers on `header_row` (see `WorkbookPort.read_table`)."""
        worksheet = self._sheet(sheet)
        last = worksheet.used_range.last_cell
        if last.row < header_row or last.column < first_column:
            return cells_frame([], [])
        header_range = worksheet.range((header_row, first_column), (header_row, last.column))
        header_cells: list[Any] = header_range.options(ndim=1).value or []
        while header_cells and header_cells[-1] in (None, ""):
            header_cells.pop()
        headers = [
            str(value).strip() if value not in (None, "") else f"Column {first_column + i}"
            for i, value in enumerate(header_cells)
        ]
        if not headers or last.row == header_row or max_rows == 0:
            return cells_frame(headers, [])
        last_row = last.row if max_rows is None else min(last.row, header_row + max_rows)
        body = worksheet.range((header_row + 1, first_column),
                               (last_row, first_column + len(headers) - 1))
        rows: list[list[Any]] = body.options(ndim=2).value or []
        while rows and all(value in (None, "") for value in rows[-1]):
            rows.pop()
        return cells_frame(headers, rows)

    def write_table(
        self,
        sheet: str,
        frame: pd.DataFrame,
        *,
        header_row: int = 1,
        first_column: int = 1,
        max_rows: int | None = None,
        text_columns: Collection[str] = (),
        number_formats: Mapping[str, str] | None = None,
    ) -> None:
        """Replace the table under `header_row` (see `WorkbookPort.write_table`)."""
        worksheet = self._sheet(sheet)
        headers = check_block(frame, max_rows)
        formats = cell_formats(headers, text_columns, number_formats)
        last_column = first_column + len(headers) - 1
        last = worksheet.used_range.last_cell
        if max_rows is not None:
            worksheet.range((header_row + 1, first_column),
                            (header_row + max_rows, last_column)).clear_contents()
        else:
            if last.row > header_row and last.column >= first_column:
                worksheet.range((header_row + 1, first_column),
                                (last.row, last.column)).clear_contents()
            if last.column > last_column:
                worksheet.range((header_row, last_column + 1),
                                (header_row, last.column)).clear_contents()
        last_row = header_row + max(len(frame), 1)
        for offset, header in enumerate(headers):
            if header in formats:
                column = first_column + offset
                worksheet.range((header_row + 1, column), (last_row, column)).number_format = (
                    formats[header]
                )
        rows = [[_as_text(value) for value in row] for row in frame_cells(frame)]
        worksheet.range((header_row, first_column)).value = [headers, *rows]
        for table in worksheet.tables:
            if (table.range.row, table.range.column) == (header_row, first_column):
                table.resize(worksheet.range((header_row, first_column),
                                             (last_row, last_column)))

    def read_names(self, names: Iterable[str]) -> dict[str, CellValue]:
        """Values of the named cells."""
        return {name: self._named(name).value for name in names}

    def _named(self, name: str) -> xw.Range:
        if name not in [defined.name for defined in self.book.names]:
            raise InputError(f"The workbook has no named cell '{name}'.")
        return self.book.names[name].refers_to_range[0, 0]

    def write_names(self, values: Mapping[str, CellValue]) -> None:
        """Set named cells; all names are checked before any is set."""
        targets = {name: self._named(name) for name in values}
        for name, value in values.items():
            targets[name].value = _as_text(value)

    def progress(self, message: str, fraction: float | None = None) -> None:
        """Show progress on Excel's status bar."""
        suffix = f" ({fraction:.0%})" if fraction is not None else ""
        self.book.app.status_bar = f"GST IMS: {message}{suffix}"

    def alert(self, message: str, *, title: str = "GST IMS", error: bool = False) -> None:
        """A message box the user closes."""
        self.book.app.alert(message, title=title, mode="critical" if error else "info")

    def confirm(self, message: str, *, title: str = "GST IMS") -> bool:
        """A Yes/No message box; True for Yes."""
        return self.book.app.alert(message, title=title, buttons="yes_no") == "yes"

    def save(self) -> None:
        """Save the workbook where it already lives (a new workbook is left for the user
        to save: Excel would otherwise pick a name and folder for them)."""
        if self.folder() is not None:
            self.book.save()
