"""`ExcelPort`: the workbook open in Excel, through xlwings (Windows and macOS).

The only module of the package that imports xlwings. Writes go straight into the open
workbook, one block per table or column (xlwings chunks large writes itself). A cell
that is not Text-formatted gets Excel's text-prefix apostrophe in front of text Excel
would otherwise read as something else (``=…`` a formula, ``00123`` a number, ``TRUE`` a
boolean); the apostrophe is not part of the value the cell then holds. Number formats
come from the column styles the builder set, and are written only where a column's
cells lack the one a write needs (ID columns get ``@`` before their values arrive). A
filter the user left on is cleared before writing (the new rows would otherwise be
hidden or shown by the old rows' positions).

A job runs inside `running()`: screen updating, calculation and events off, restored
afterwards even on error. Nothing here saves the workbook: the user saves it, as after
any edit in Excel, so Excel's manual calculation mode is never stored in the file and
closing without saving returns to the last saved state. The port remembers which
sheets a job has changed, for the message after a failure part-way.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

import pandas as pd
import xlwings as xw

from gst_ims.domain.problems import InputError
from gst_ims.workbook.port import (
    CellValue,
    cell_formats,
    cells_frame,
    check_block,
    column_blocks,
    error_texts_as_cells,
    frame_cells,
    is_formula_like,
)

_PLAIN_WORDS: Final = re.compile(r"[A-Za-z][^0-9]*")
_TEXT: Final = "@"


def _as_text(value: CellValue, *, text_cell: bool) -> CellValue:
    """The value to hand Excel so that text stays the same text: formula-like text
    always gets the apostrophe; in a cell that is not Text-formatted, so does any text
    but plain words (Excel turns ``00123``, ``1E5``, ``12%``, ``05-11-2024`` and
    ``TRUE`` into numbers, dates and booleans)."""
    if not isinstance(value, str) or not value:
        return value
    if is_formula_like(value) or value.startswith("'"):
        return f"'{value}"
    if text_cell:
        return value
    plain = _PLAIN_WORDS.fullmatch(value) and value.strip().upper() not in ("TRUE", "FALSE")
    return value if plain else f"'{value}"


class ExcelPort:
    """A workbook open in Excel as a `WorkbookPort`.

    `com_api` says whether ``.api`` reaches Excel's Windows COM object model (used for a
    sheet's filter, which xlwings has no call for); on macOS a filter is left as it is.
    """

    def __init__(self, book: xw.Book, *, com_api: bool = sys.platform == "win32") -> None:
        self.book = book
        self.com_api = com_api
        self._sheets: dict[str, xw.Sheet] | None = None
        self._changed: list[str] = []

    @classmethod
    def caller(cls) -> ExcelPort:
        """The workbook whose button called Python (`xw.Book.caller()`)."""
        return cls(xw.Book.caller())

    @contextmanager
    def running(self, title: str) -> Iterator[ExcelPort]:
        """Run a job with screen updating, calculation and events off; the status bar
        shows `title` and is handed back to Excel afterwards."""
        app = self.book.app
        self._changed = []
        with app.properties(screen_updating=False, calculation="manual",
                            enable_events=False):
            try:
                app.status_bar = title
                yield self
            finally:
                app.status_bar = False

    def changed_sheets(self) -> list[str]:
        """The sheets written since the job began, in the order of their first write."""
        return list(self._changed)

    def _mark(self, sheet: str) -> None:
        if sheet not in self._changed:
            self._changed.append(sheet)

    def folder(self) -> Path | None:
        """The folder of the saved workbook; None for a workbook never saved, or one
        opened from a web address (OneDrive, SharePoint, Teams) with no local copy that
        xlwings can find. Never raises."""
        try:
            full = str(self.book.fullname)
        except Exception:  # xlwings raises when a web address maps to no local file
            return None
        if "://" in full:
            return None
        path = Path(full)
        return path.parent if path.is_absolute() and path.parent.is_dir() else None

    def location(self) -> str:
        """The workbook's full name (a path, or a web address), its name when xlwings
        cannot map a web address to a local file."""
        try:
            return str(self.book.fullname)
        except Exception:  # the web address has no local copy: its name still helps
            return str(self.book.name)

    def cloud_only(self) -> bool:
        """True when the workbook was opened from a web address and has no local copy."""
        try:
            return "://" in str(self.book.fullname)
        except Exception:  # the mapping to a local file failed: there is none
            return True

    def _sheet(self, sheet: str) -> xw.Sheet:
        if self._sheets is None:
            self._sheets = {s.name: s for s in self.book.sheets}
        if sheet not in self._sheets:
            raise InputError(f"The workbook has no sheet '{sheet}'.")
        return self._sheets[sheet]

    def read_table(
        self, sheet: str, *, header_row: int = 1, first_column: int = 1,
        max_rows: int | None = None,
    ) -> pd.DataFrame:
        """The table under the headers on `header_row` (see `WorkbookPort.read_table`)."""
        worksheet = self._sheet(sheet)
        last = worksheet.used_range.last_cell
        last_row, last_column = last.row, last.column
        if last_row < header_row or last_column < first_column:
            return cells_frame([], [])
        header_range = worksheet.range((header_row, first_column), (header_row, last_column))
        header_cells: list[Any] = header_range.options(ndim=1).value or []
        while header_cells and header_cells[-1] in (None, ""):
            header_cells.pop()
        headers = [
            str(value).strip() if value not in (None, "") else f"Column {first_column + i}"
            for i, value in enumerate(header_cells)
        ]
        if not headers or last_row == header_row or max_rows == 0:
            return cells_frame(headers, [])
        bottom = last_row if max_rows is None else min(last_row, header_row + max_rows)
        body = worksheet.range((header_row + 1, first_column),
                               (bottom, first_column + len(headers) - 1))
        # err_to_str: an error cell comes as its code, never as an empty cell.
        rows: list[list[Any]] = body.options(ndim=2, err_to_str=True).value or []
        while rows and all(value in (None, "") for value in rows[-1]):
            rows.pop()
        error_texts_as_cells(rows, header_row + 1, first_column)
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
        """Replace the table under `header_row` (see `WorkbookPort.write_table`): one
        write for the headers and rows together."""
        worksheet = self._sheet(sheet)
        headers = check_block(frame, max_rows)
        formats = cell_formats(headers, text_columns, number_formats)
        last_column = first_column + len(headers) - 1
        self._mark(sheet)
        self._show_all_rows(worksheet)
        self._clear_old(worksheet, header_row, first_column, last_column, max_rows)
        last_row = header_row + max(len(frame), 1)
        texts = []
        for offset, header in enumerate(headers):
            column = first_column + offset
            wanted = formats.get(header)
            cells = worksheet.range((header_row + 1, column), (last_row, column))
            current = cells.number_format
            if wanted is not None and current != wanted:
                cells.number_format = wanted
            texts.append((wanted or current) == _TEXT)
        rows = [[_as_text(value, text_cell=text) for value, text in zip(row, texts, strict=True)]
                for row in frame_cells(frame)]
        worksheet.range((header_row, first_column)).value = [headers, *rows]
        for table in worksheet.tables:
            place = table.range
            if (place.row, place.column) == (header_row, first_column):
                table.resize(worksheet.range((header_row, first_column),
                                             (last_row, last_column)))

    def _clear_old(self, worksheet: xw.Sheet, header_row: int, first_column: int,
                   last_column: int, max_rows: int | None) -> None:
        """Clear the values the table's older rows (and wider headers) left."""
        if max_rows is not None:
            worksheet.range((header_row + 1, first_column),
                            (header_row + max_rows, last_column)).clear_contents()
            return
        last = worksheet.used_range.last_cell
        used_row, used_column = last.row, last.column
        if used_row > header_row and used_column >= first_column:
            worksheet.range((header_row + 1, first_column),
                            (used_row, used_column)).clear_contents()
        if used_column > last_column:
            worksheet.range((header_row, last_column + 1),
                            (header_row, used_column)).clear_contents()

    def write_column(
        self,
        sheet: str,
        header: str,
        values: Sequence[CellValue],
        *,
        header_row: int = 1,
        changed: Sequence[bool] | None = None,
    ) -> None:
        """Set the changed cells of the column headed `header` (see
        `WorkbookPort.write_column`): one write per block of changed rows, at most a few
        blocks whatever the number of rows."""
        worksheet = self._sheet(sheet)
        last_column = worksheet.used_range.last_cell.column
        header_cells: list[Any] = worksheet.range(
            (header_row, 1), (header_row, last_column)).options(ndim=1).value or []
        found = [i for i, value in enumerate(header_cells, start=1)
                 if isinstance(value, str) and value.strip() == header]
        if not found:
            raise InputError(f"The sheet '{sheet}' has no column '{header}' on row "
                             f"{header_row}.")
        column = found[0]
        blocks = column_blocks([True] * len(values) if changed is None else changed)
        if not blocks:
            return
        self._mark(sheet)
        self._show_all_rows(worksheet)
        first_row = header_row + 1
        text = worksheet.range((first_row, column),
                               (first_row + len(values) - 1, column)).number_format == _TEXT
        for start, stop in blocks:
            worksheet.range((first_row + start, column),
                            (first_row + stop - 1, column)).value = [
                [_as_text(value, text_cell=text)] for value in values[start:stop]]

    def _show_all_rows(self, worksheet: xw.Sheet) -> None:
        """Clear a filter left on the sheet or on one of its Excel Tables (Windows)."""
        if not self.com_api:
            return
        api = worksheet.api
        if api.FilterMode:
            api.ShowAllData()
        for table in worksheet.tables:
            auto_filter = table.api.AutoFilter
            if auto_filter is not None and auto_filter.FilterMode:
                auto_filter.ShowAllData()

    def read_names(self, names: Iterable[str]) -> dict[str, CellValue]:
        """Values of the named cells."""
        values: dict[str, CellValue] = {}
        for name in self._known_names(names):
            cell = self.book.names[name].refers_to_range[0, 0]
            row = [[cell.options(err_to_str=True).value]]
            error_texts_as_cells(row, cell.row, cell.column)
            values[name] = row[0][0]
        return values

    def _known_names(self, names: Iterable[str]) -> list[str]:
        wanted = list(names)
        defined = {name.name for name in self.book.names}
        missing = [name for name in wanted if name not in defined]
        if missing:
            raise InputError(f"The workbook has no named cell {', '.join(missing)}.")
        return wanted

    def write_names(self, values: Mapping[str, CellValue]) -> None:
        """Set named cells; all names are checked before any is set."""
        targets = {name: self.book.names[name].refers_to_range[0, 0]
                   for name in self._known_names(values)}
        for name, value in values.items():
            self._mark(targets[name].sheet.name)
            text = isinstance(value, str) and targets[name].number_format == _TEXT
            targets[name].value = _as_text(value, text_cell=text)

    def xlwings_settings(self) -> dict[str, CellValue]:
        """The keys and values of the hidden xlwings.conf sheet, read as xlwings reads
        them (from A1 down to the first blank key); empty when the sheet is absent."""
        try:
            worksheet = self._sheet("xlwings.conf")
        except InputError:
            return {}
        last_row = worksheet.used_range.last_cell.row
        rows: list[list[Any]] = worksheet.range((1, 1), (last_row, 2)).options(ndim=2).value
        settings: dict[str, CellValue] = {}
        for key, value in rows:
            if key in (None, ""):
                break
            settings[str(key)] = value
        return settings

    def defined_constant(self, name: str) -> str | None:
        """The text a workbook name holds as a constant (``="0.37.8"`` -> ``0.37.8``);
        None when the workbook lacks the name."""
        if name not in {defined.name for defined in self.book.names}:
            return None
        return str(self.book.names[name].refers_to).lstrip("=").strip('"')

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
        """The job's writes are complete. The workbook is not saved: the user saves it
        (the changes show at once, and closing without saving returns to the last saved
        state, as with any edit in Excel)."""
        self._changed = []
