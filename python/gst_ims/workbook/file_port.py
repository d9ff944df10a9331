"""`FilePort`: the macro workbook as a file, read and written with openpyxl.

The file keeps its VBA project, form buttons, validation, conditional formats and named
cells (openpyxl ``keep_vba=True``), its ribbon and its charts as the builder made them
(`package_parts`). A sheet's cells are parsed only when a job reads or writes the sheet
(`lazy_load`); a table is written in place by `table_block`'s rules. A save goes to a
temporary file in the same folder that then replaces the workbook, so a failure mid-save
never leaves half a workbook behind.
"""

from __future__ import annotations

import contextlib
import math
import stat
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from copy import copy
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from gst_ims.domain.problems import InputError
from gst_ims.domain.safe_text import MAX_CELL_CHARS, XML_ILLEGAL, cell_text
from gst_ims.workbook.chart_parts import original_charts
from gst_ims.workbook.fast_sheets import FastExcelWriter
from gst_ims.workbook.job_lock import JobLock
from gst_ims.workbook.kept_results import results_kept, saved_formula_results
from gst_ims.workbook.lazy_load import cell_values, ensure_cells, will_change
from gst_ims.workbook.package_parts import RibbonKeepingZip, load_package
from gst_ims.workbook.port import (
    CellValue,
    cell_formats,
    check_block,
    frame_cells,
)
from gst_ims.workbook.saved_values import as_seen, formula_text, saved_results
from gst_ims.workbook.table_block import (
    Block,
    column_styles,
    header_column,
    last_header_column,
    show_all_rows,
)

ProgressCallback = Callable[[str, "float | None"], None]


def _lock_files(path: Path) -> list[Path]:
    """The owner files a spreadsheet program keeps next to a workbook it has open:
    Excel's ``~$name`` (``~$`` over the first two characters for long names) and
    LibreOffice's ``.~lock.name#``."""
    names = {f"~${path.name}", f"~${path.name[2:]}", f".~lock.{path.name}#"}
    return sorted(path.with_name(name) for name in names if path.with_name(name).exists())


def _check_writable(path: Path) -> None:
    """`InputError` when the workbook is open in a spreadsheet program or read-only:
    renaming a new file over it would succeed on Linux, macOS and many network shares,
    and the open copy would later be saved over the job's work (or a file the user made
    read-only, e.g. a month signed off, would be changed)."""
    locks = _lock_files(path)
    if locks:
        raise InputError(
            f"{path.name} is open in Excel or LibreOffice (found {locks[0].name}). Close "
            f"it there first. If no program has it open, delete {locks[0].name}.")
    if path.exists() and not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP
                                                     | stat.S_IWOTH):
        raise InputError(f"{path.name} is read-only; nothing was changed. Make it "
                         "writable (file properties) or work on a copy.")


def _check_macro_workbook(path: Path) -> None:
    """`InputError` unless `path` names an existing .xlsm file: Excel refuses a file whose
    name says .xlsx but whose content is a macro workbook, which is what saving the
    loaded VBA project under that name would make."""
    if path.suffix.lower() != ".xlsm":
        raise InputError(
            f"{path.name} is not a macro workbook (.xlsm); nothing was changed. Saving it "
            "as .xlsx dropped the buttons and macros: use the .xlsm copy, or make a new "
            "workbook (gst-ims new-workbook) and import your register and the IMS "
            "JSON into it.")
    if not path.is_file():
        raise InputError(f"Workbook not found: {path}")


class FilePort:
    """A workbook file as a `WorkbookPort`. Nothing reaches the file before `save`.

    `on_progress` receives progress messages (the CLI draws a bar from them); `alerts`
    collects the alerts a job raised, `confirm_answer` answers every `confirm` (the CLI
    prints the question and the counts instead of asking).

    `writer` serialises the workbook: openpyxl's `ExcelWriter` with the cells of each
    sheet written as text (`FastExcelWriter`, the same bytes several times faster).
    `lazy`: each worksheet's cells are parsed only when a job reads or writes the sheet,
    and a sheet left alone is saved as its file held it (`lazy_load`; the same bytes).
    """

    writer: type[ExcelWriter] = FastExcelWriter
    lazy: bool = True

    def __init__(
        self,
        path: Path,
        *,
        on_progress: ProgressCallback | None = None,
        confirm_answer: bool = True,
    ) -> None:
        self.path = Path(path)
        _check_macro_workbook(self.path)
        _check_writable(self.path)  # before loading: a job's result must be savable
        self._lock = JobLock(self.path).acquire()
        try:
            self._book, self._ribbon = load_package(self.path, self.lazy)
            self._charts = original_charts(self.path)
        except BaseException:
            self._lock.release()
            raise
        self.on_progress = on_progress
        self.confirm_answer = confirm_answer
        self.alerts: list[tuple[str, bool]] = []
        self.questions: list[str] = []
        self._deferring = False
        self._pending = False

    def close(self) -> None:
        """Give up the job lock on the workbook (the port is not used afterwards)."""
        self._lock.release()

    def __enter__(self) -> FilePort:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def one_save(self) -> Iterator[FilePort]:
        """Run several jobs with one save at the end: each job's `save` only marks the
        workbook as changed, and the file is written once when the block ends without an
        error (so a failing job leaves the file as it was before the first one)."""
        self._deferring, self._pending = True, False
        try:
            yield self
        finally:
            self._deferring = False
        if self._pending:
            self.save()

    def folder(self) -> Path | None:
        """The folder holding the workbook file."""
        return self.path.resolve().parent

    @property
    def book(self) -> Workbook:
        """The loaded workbook, every sheet's cells parsed, for code that reads or changes
        it directly (a save then writes every sheet from its cells)."""
        for worksheet in self._book.worksheets:
            will_change(worksheet)
        return self._book

    def _sheet(self, sheet: str, *, change: bool = False, cells: bool = True) -> Worksheet:
        """The worksheet named `sheet`, its cells parsed (`cells`); `change`: a job is
        about to change them."""
        if sheet not in self._book.sheetnames:
            raise InputError(f"{self.path.name} has no sheet '{sheet}'.")
        worksheet = self._book[sheet]
        if not isinstance(worksheet, Worksheet):
            raise InputError(f"'{sheet}' in {self.path.name} is not a worksheet.")
        if change:
            will_change(worksheet)
        elif cells:
            ensure_cells(worksheet)
        return worksheet

    def read_table(
        self, sheet: str, *, header_row: int = 1, first_column: int = 1,
        max_rows: int | None = None,
    ) -> pd.DataFrame:
        """The table under the headers on `header_row` (see `WorkbookPort.read_table`)."""
        worksheet = self._sheet(sheet, cells=False)
        last_row = header_row + max_rows if max_rows is not None else None
        values = cell_values(worksheet)
        if values is None:  # the cells are loaded (or only openpyxl can parse them)
            ensure_cells(worksheet)
            loaded: dict[tuple[int, int], Any] = worksheet._cells
            items: Iterable[tuple[tuple[int, int], Any, str]] = (
                (key, cell._value, cell.data_type) for key, cell in loaded.items())
        else:  # read without making cells: nothing changes them
            items = ((key, value, kind) for key, (value, kind, _) in values.items())
        header_cells, columns, formulas = _grid(items, header_row, first_column, last_row)
        for (row, column), value in saved_results(self.path, sheet, formulas).items():
            if row == header_row:
                header_cells[column] = value
            else:
                columns.setdefault(column, {})[row] = value
        width = max(
            (c for c, v in header_cells.items() if v not in (None, "")), default=first_column - 1
        ) - first_column + 1
        headers = [
            str(header_cells[column]).strip()
            if header_cells.get(column) not in (None, "")
            else f"Column {get_column_letter(column)}"
            for column in range(first_column, first_column + width)
        ]
        within = [columns.get(column, {}) for column in range(first_column,
                                                              first_column + width)]
        bottom = max((max((r for r, v in cells.items() if v not in (None, "")),
                          default=header_row) for cells in within), default=header_row)
        rows = range(header_row + 1, bottom + 1)
        data = {header: [cells.get(row) for row in rows] if cells else [None] * len(rows)
                for header, cells in zip(headers, within, strict=True)}
        frame = pd.DataFrame(data, columns=headers, dtype=object)
        return frame.reset_index(drop=True)

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
        worksheet = self._sheet(sheet, change=True)
        headers = check_block(frame, max_rows)
        formats = cell_formats(headers, text_columns, number_formats)
        rows = frame_cells(frame)
        block = Block(header_row, first_column, len(headers), max_rows,
                       last_header_column(worksheet, header_row, first_column))
        show_all_rows(worksheet, header_row)
        block.clear(worksheet)
        styles = column_styles(worksheet, block, headers, formats)
        texts = [name in text_columns for name in headers]
        for column, header in enumerate(headers, start=first_column):
            header_cell: Any = worksheet.cell(row=header_row, column=column)
            _set(header_cell, header, text=True)
        _put_rows(worksheet, header_row + 1, first_column, rows, styles, texts)
        block.resize_tables(worksheet, headers, len(rows))

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
        `WorkbookPort.write_column`); a cell keeps its style, a new one gets its
        column's."""
        worksheet = self._sheet(sheet, change=True)
        column = header_column(worksheet, header_row, header)
        if column is None:
            raise InputError(f"{self.path.name}: the sheet '{sheet}' has no column "
                             f"'{header}' on row {header_row}.")
        block = Block(header_row, column, 1, None)
        show_all_rows(worksheet, header_row)
        style = column_styles(worksheet, block, [header], {})[0]
        cells: dict[tuple[int, int], Any] = worksheet._cells
        flags = [True] * len(values) if changed is None else list(changed)
        for offset, (value, flag) in enumerate(zip(values, flags, strict=False)):
            if not flag:
                continue
            key = (header_row + 1 + offset, column)
            cell = cells.get(key)
            if cell is None:
                if value is None:
                    continue
                cell = Cell(worksheet, row=key[0], column=column,
                            style_array=copy(style) if style is not None else None)
                cells[key] = cell
            _set(cell, value, text=cell.number_format == "@")

    def _destinations(self, name: str, *, change: bool = False) -> tuple[Worksheet, str]:
        defined = self._book.defined_names.get(name)
        if defined is None:
            for worksheet in self._book.worksheets:
                defined = worksheet.defined_names.get(name)
                if defined is not None:
                    break
        if defined is None:
            raise InputError(f"{self.path.name} has no named cell '{name}'.")
        for title, coordinate in defined.destinations:
            return (self._sheet(title, change=change),
                    coordinate.replace("$", "").split(":")[0])
        raise InputError(f"The name '{name}' in {self.path.name} points at no cell.")

    def read_names(self, names: Iterable[str]) -> dict[str, CellValue]:
        """Values of the named cells (the top-left cell of a named range)."""
        values: dict[str, CellValue] = {}
        for name in names:
            worksheet, coordinate = self._destinations(name)
            cell = worksheet[coordinate]
            if cell.data_type == "f":
                position = (cell.row, cell.column)
                values[name] = saved_results(self.path, worksheet.title, {
                    position: formula_text(cell.value)})[position]
            else:
                values[name] = as_seen(cell.value, cell.data_type, cell.row, cell.column)
        return values

    def defined_constant(self, name: str) -> str | None:
        """The text of a workbook-level name that holds a constant; None without it."""
        defined = self._book.defined_names.get(name)
        if defined is None or defined.attr_text is None:
            return None
        return str(defined.attr_text).lstrip("=").strip('"')

    def write_names(self, values: Mapping[str, CellValue]) -> None:
        """Set named cells; all names are checked before any is set."""
        targets = {name: self._destinations(name, change=True) for name in values}
        for name, value in values.items():
            worksheet, coordinate = targets[name]
            cell = worksheet[coordinate]
            if not isinstance(cell, Cell):
                raise InputError(f"The named cell '{name}' is inside a merged range.")
            _set(cell, value, text=False)

    def progress(self, message: str, fraction: float | None = None) -> None:
        """Pass the progress to `on_progress`, if any."""
        if self.on_progress is not None:
            self.on_progress(message, fraction)

    def alert(self, message: str, *, title: str = "GST IMS", error: bool = False) -> None:
        """Collect the alert for the caller to show."""
        self.alerts.append((message, error))

    def confirm(self, message: str, *, title: str = "GST IMS") -> bool:
        """Collect the question; answer `confirm_answer`."""
        self.questions.append(message)
        return self.confirm_answer

    def save(self) -> None:
        """Write the workbook atomically, with the ribbon relationship put back (inside
        `one_save`, only remember that it must be written)."""
        if self._deferring:
            self._pending = True
            return
        _check_writable(self.path)
        temp = self.path.with_name(f".~{self.path.stem}.{uuid.uuid4().hex[:8]}.tmp")
        if not issubclass(self.writer, FastExcelWriter):  # only it writes kept rows
            for worksheet in self._book.worksheets:
                ensure_cells(worksheet)
        results = saved_formula_results(self._book, self.path)
        try:
            with RibbonKeepingZip(temp, self._ribbon, self._charts) as archive, \
                    results_kept(self._book, results):
                self.writer(self._book, archive).save()
            if self.path.exists():  # the replacement keeps the workbook's permissions
                temp.chmod(stat.S_IMODE(self.path.stat().st_mode))
            temp.replace(self.path)
        except PermissionError as exc:
            raise InputError(
                f"Cannot write {self.path.name}: it is open in another program (close it "
                "in Excel first) or the folder is read-only."
            ) from exc
        finally:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()


def _grid(cells: Iterable[tuple[tuple[int, int], Any, str]], top: int, left: int,
          bottom: int | None) -> tuple[
        dict[int, Any], dict[int, dict[int, Any]], dict[tuple[int, int], str]]:
    """The values of the cells in rows top..bottom, columns from left, read straight
    from the sheet's cells ((row, column), value, openpyxl data type) in one pass
    (openpyxl's iter_rows would create a cell for every empty position it passes): the
    header row's (column -> value), the rows below by column (column -> row -> value);
    error cells as `CellError`. Also the formula cells among them, (row, column) ->
    formula, whose values `saved_results` gives."""
    header: dict[int, Any] = {}
    columns: dict[int, dict[int, Any]] = {}
    formulas: dict[tuple[int, int], str] = {}
    last = bottom if bottom is not None else float("inf")
    for (row, column), value, kind in cells:
        if row < top or column < left or row > last or value is None:
            continue
        if kind == "f":
            formulas[(row, column)] = formula_text(value)
        elif kind == "e":
            value = as_seen(value, kind, row, column)
        if row == top:
            header[column] = value
            continue
        line = columns.get(column)
        if line is None:
            columns[column] = {row: value}
        else:
            line[row] = value
    return header, columns, formulas


def _set(cell: Any, value: CellValue, *, text: bool) -> None:
    """Put a value in a cell as a value: text is always text, never a formula (``=``) or
    an error code (``#N/A``), and only characters a workbook can store (the one text
    sanitiser); a number that is not finite is no cell value."""
    if text and value is not None and not isinstance(value, str):
        value = str(value)
    if isinstance(value, str):
        cell._value = cell_text(value)
        cell.data_type = "s"
    elif isinstance(value, float) and not math.isfinite(value):
        cell.value = None
    else:
        cell.value = value


def _put_rows(worksheet: Worksheet, top: int, left: int, rows: list[list[CellValue]],
              styles: list[Any], texts: list[bool]) -> None:
    """Write rows of values from (`top`, `left`); empty values make no cell. The cells
    are what `_set` makes of each value in a cell with its column's style, built
    directly (openpyxl's constructor and value setter cost several look-ups a cell, and
    a month holds millions): text, whole and decimal numbers and booleans are stored as
    openpyxl stores them; any other value (a date, a number that is not finite) goes
    through `_set`. Text is checked for characters a workbook cannot hold in one scan of
    all of it; only when some are found does every text pass through `cell_text`."""
    cells: dict[tuple[int, int], Any] = worksheet._cells
    every_text = [value for row in rows for value in row if type(value) is str]
    clean = not XML_ILLEGAL.search("\n".join(every_text)) and all(
        len(value) <= MAX_CELL_CHARS for value in every_text)
    del every_text
    new = Cell.__new__
    arrays = [StyleArray(style) if style is not None else None for style in styles]
    plan = list(enumerate(zip(arrays, texts, strict=True), start=left))
    for row_number, row in enumerate(rows, start=top):
        value: Any
        for (column, (style, text)), value in zip(plan, row, strict=False):
            if value is None:
                continue
            cell: Any = new(Cell)
            cell.parent = worksheet
            cell._style = StyleArray(style) if style is not None else None
            cell.row = row_number
            cell.column = column
            cell._hyperlink = None
            cell._comment = None
            kind = type(value)
            if kind is str:
                cell._value = value if clean else cell_text(value)
                cell.data_type = "s"
            elif text:
                cell._value = cell_text(str(value))
                cell.data_type = "s"
            elif kind is int or (kind is float and math.isfinite(value)):
                cell._value = value
                cell.data_type = "n"
            elif kind is bool:
                cell._value = value
                cell.data_type = "b"
            else:
                cell._value = None
                cell.data_type = "n"
                _set(cell, value, text=False)
            cells[(row_number, column)] = cell
