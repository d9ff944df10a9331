"""A recording fake of the xlwings objects `ExcelPort` uses: App, Book, Sheet, Range,
Table, Name — and the few Windows COM members it reaches through ``.api`` (a sheet's
and a table's filter).

It stands in for Excel on Linux, where none exists, and behaves as Excel does where the
port relies on it: a value written into a cell that is not Text-formatted is read the
way Excel reads typed input (``00123`` becomes 123, ``=1+1`` a formula, ``+91`` a
number), an apostrophe in front keeps text a text and is not part of the value,
numbers come back as floats, an empty string empties the cell, a cell takes its
column's number format unless it has its own, and ``App.properties`` sets and restores
attributes exactly as xlwings' does.

Every call into it is counted in `Recorder.calls` (one xlwings call is at least one
round trip to Excel), with the cells each value read or write moves
(`Recorder.cells_read` / `cells_written`), so a benchmark can count the calls and
cells of a job at any size. `Recorder.fail` makes a chosen call raise, like a COM error.
A book is made from a real .xlsm (`FakeBook.from_file`) with its sheets, values, column
formats, Excel Tables, filters and defined names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import column_index_from_string, range_boundaries


class FakeComError(Exception):
    """What a failing call raises (pywintypes.com_error in real Excel)."""


@dataclass
class Recorder:
    """Counts of every call by name, the cells moved, and an optional failure."""

    calls: Counter[str] = field(default_factory=Counter)
    log: list[tuple[Any, ...]] = field(default_factory=list)
    cells_read: int = 0
    cells_written: int = 0
    fail: Callable[[str, tuple[Any, ...]], bool] | None = None

    def call(self, name: str, *detail: Any) -> None:
        self.calls[name] += 1
        self.log.append((name, *detail))
        if self.fail is not None and self.fail(name, detail):
            raise FakeComError(f"{name} failed (the fake was told to fail here)")

    def total(self) -> int:
        """Every call made so far."""
        return sum(self.calls.values())


class _Formula(str):
    """What a cell holds when Excel took the text written into it as a formula."""


def _typed(value: Any, text_format: bool) -> tuple[Any, bool]:
    """A value written through COM -> (what the cell holds, quote-prefixed)."""
    if value is None or value == "":
        return None, False
    if isinstance(value, bool):
        return value, False
    if isinstance(value, int | float):
        return float(value), False
    if isinstance(value, datetime):
        return value, False
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day), False
    text = str(value)
    if text.startswith("'"):
        return text[1:], True
    if text_format:
        return text, False
    if text.startswith(("=", "+", "-", "@")):
        return _Formula(text), False
    if text.strip().upper() in ("TRUE", "FALSE"):
        return text.strip().upper() == "TRUE", False
    try:
        return float(text.replace(",", "")), False
    except ValueError:
        return text, False


class FakeSheetApi:
    """The Windows COM members of a Worksheet that the port uses."""

    def __init__(self, sheet: FakeSheet) -> None:
        self._sheet = sheet

    @property
    def FilterMode(self) -> bool:  # noqa: N802 - COM's own name
        self._sheet.rec.call("Sheet.api.FilterMode", self._sheet.name)
        return bool(self._sheet.hidden_rows)

    def ShowAllData(self) -> None:  # noqa: N802 - COM's own name
        self._sheet.rec.call("Sheet.api.ShowAllData", self._sheet.name)
        self._sheet.hidden_rows.clear()


class FakeAutoFilter:
    def __init__(self, table: FakeTable) -> None:
        self._table = table

    @property
    def FilterMode(self) -> bool:  # noqa: N802 - COM's own name
        self._table.sheet.rec.call("Table.api.AutoFilter.FilterMode", self._table.name)
        return bool(self._table.sheet.hidden_rows)

    def ShowAllData(self) -> None:  # noqa: N802 - COM's own name
        self._table.sheet.rec.call("Table.api.AutoFilter.ShowAllData", self._table.name)
        self._table.sheet.hidden_rows.clear()


class FakeTableApi:
    def __init__(self, table: FakeTable) -> None:
        self.AutoFilter = FakeAutoFilter(table)


class FakeTable:
    """An Excel Table (ListObject) over `ref` of `sheet`."""

    def __init__(self, sheet: FakeSheet, name: str, ref: tuple[int, int, int, int]) -> None:
        self.sheet, self._name, self.ref = sheet, name, ref
        self.api = FakeTableApi(self)

    @property
    def name(self) -> str:
        return self._name

    @property
    def range(self) -> FakeRange:
        self.sheet.rec.call("Table.range", self._name)
        return FakeRange(self.sheet, *self.ref)

    def resize(self, target: FakeRange) -> None:
        self.sheet.rec.call("Table.resize", self._name, target.address)
        self.ref = (target.r1, target.c1, target.r2, target.c2)


class FakeSheet:
    """A worksheet: values, cell and column number formats, quote prefixes, tables."""

    def __init__(self, book: FakeBook, name: str) -> None:
        self.book, self._name = book, name
        self.cells: dict[tuple[int, int], Any] = {}
        self.cell_formats: dict[tuple[int, int], str] = {}
        self.column_formats: dict[int, str] = {}
        self.prefixed: set[tuple[int, int]] = set()
        self.hidden_rows: set[int] = set()
        self.table_list: list[FakeTable] = []
        self.api = FakeSheetApi(self)

    @property
    def rec(self) -> Recorder:
        return self.book.rec

    @property
    def name(self) -> str:
        self.rec.call("Sheet.name", self._name)
        return self._name

    @property
    def tables(self) -> list[FakeTable]:
        self.rec.call("Sheet.tables", self._name)
        return list(self.table_list)

    @property
    def used_range(self) -> FakeRange:
        self.rec.call("Sheet.used_range", self._name)
        used = set(self.cells) | set(self.cell_formats)
        rows = [r for r, _ in used] or [1]
        columns = [c for _, c in used] or [1]
        return FakeRange(self, min(rows), min(columns), max(rows), max(columns))

    def range(self, first: Any, last: Any = None) -> FakeRange:
        self.rec.call("Sheet.range", self._name)
        r1, c1 = _cell(first)
        r2, c2 = _cell(last) if last is not None else (r1, c1)
        return FakeRange(self, min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))

    def __getitem__(self, address: str) -> FakeRange:
        left, top, right, bottom = range_boundaries(address)
        return FakeRange(self, top, left, bottom or top, right or left)

    def format_of(self, key: tuple[int, int]) -> str:
        return self.cell_formats.get(key, self.column_formats.get(key[1], "General"))

    def formulas(self) -> dict[tuple[int, int], str]:
        """The cells Excel would now evaluate (text written where it became a formula)."""
        return {key: value for key, value in self.cells.items() if isinstance(value, _Formula)}


def _cell(where: Any) -> tuple[int, int]:
    if isinstance(where, tuple):
        return int(where[0]), int(where[1])
    match = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)", str(where))
    if match is None:
        raise ValueError(f"not a cell: {where!r}")
    return int(match.group(2)), column_index_from_string(match.group(1))


class FakeRange:
    """A rectangular range r1..r2 x c1..c2 (1-based, inclusive)."""

    def __init__(self, sheet: FakeSheet, r1: int, c1: int, r2: int, c2: int,
                 ndim: int | None = None) -> None:
        self.sheet, self.r1, self.c1, self.r2, self.c2, self._ndim = sheet, r1, c1, r2, c2, ndim

    @property
    def address(self) -> str:
        return f"{self.sheet._name}!R{self.r1}C{self.c1}:R{self.r2}C{self.c2}"

    @property
    def row(self) -> int:
        self.sheet.rec.call("Range.row")
        return self.r1

    @property
    def column(self) -> int:
        self.sheet.rec.call("Range.column")
        return self.c1

    @property
    def last_cell(self) -> FakeRange:
        self.sheet.rec.call("Range.last_cell")
        return FakeRange(self.sheet, self.r2, self.c2, self.r2, self.c2)

    @property
    def shape(self) -> tuple[int, int]:
        return self.r2 - self.r1 + 1, self.c2 - self.c1 + 1

    def __getitem__(self, index: tuple[int, int]) -> FakeRange:
        row, column = self.r1 + index[0], self.c1 + index[1]
        return FakeRange(self.sheet, row, column, row, column)

    def options(self, ndim: int | None = None, **_: Any) -> FakeRange:
        return FakeRange(self.sheet, self.r1, self.c1, self.r2, self.c2, ndim)

    def _keys(self) -> Iterator[tuple[int, int]]:
        for row in range(self.r1, self.r2 + 1):
            for column in range(self.c1, self.c2 + 1):
                yield row, column

    @property
    def value(self) -> Any:
        rows, columns = self.shape
        self.sheet.rec.call("Range.value.get", self.address, rows * columns)
        self.sheet.rec.cells_read += rows * columns
        grid = [[self._read((row, column)) for column in range(self.c1, self.c2 + 1)]
                for row in range(self.r1, self.r2 + 1)]
        if self._ndim == 2:
            return grid
        if rows == 1 and columns == 1 and self._ndim is None:
            return grid[0][0]
        if rows == 1 or columns == 1:
            return [value for line in grid for value in line]
        return grid

    def _read(self, key: tuple[int, int]) -> Any:
        value = self.sheet.cells.get(key)
        return str(value) if isinstance(value, _Formula) else value

    @value.setter
    def value(self, data: Any) -> None:
        grid = data if isinstance(data, list) and data and isinstance(data[0], list) else (
            [data] if isinstance(data, list) else [[data]])
        count = sum(len(line) for line in grid)
        self.sheet.rec.call("Range.value.set", self.address, count)
        self.sheet.rec.cells_written += count
        for offset_row, line in enumerate(grid):
            for offset_column, value in enumerate(line):
                key = (self.r1 + offset_row, self.c1 + offset_column)
                held, prefixed = _typed(value, self.sheet.format_of(key) == "@")
                self.sheet.prefixed.discard(key)
                if held is None:
                    self.sheet.cells.pop(key, None)
                    continue
                self.sheet.cells[key] = held
                if prefixed:
                    self.sheet.prefixed.add(key)

    def clear_contents(self) -> None:
        self.sheet.rec.call("Range.clear_contents", self.address)
        for key in [k for k in self.sheet.cells
                    if self.r1 <= k[0] <= self.r2 and self.c1 <= k[1] <= self.c2]:
            del self.sheet.cells[key]
            self.sheet.prefixed.discard(key)

    @property
    def number_format(self) -> str | None:
        self.sheet.rec.call("Range.number_format.get", self.address)
        formats = {self.sheet.format_of(key) for key in self._keys()}
        return formats.pop() if len(formats) == 1 else None

    @number_format.setter
    def number_format(self, value: str) -> None:
        self.sheet.rec.call("Range.number_format.set", self.address, value)
        for key in self._keys():
            self.sheet.cell_formats[key] = value


@dataclass
class FakeName:
    """A defined name: its formula text and, for a cell reference, the range."""

    book: FakeBook
    name: str
    refers_to: str

    @property
    def refers_to_range(self) -> FakeRange:
        self.book.rec.call("Name.refers_to_range", self.name)
        match = re.fullmatch(r"='?([^'!]+)'?!\$?([A-Z]+)\$?(\d+)", self.refers_to)
        if match is None:
            raise FakeComError(f"{self.name} refers to no range")
        sheet = self.book.sheet_named(match.group(1))
        row, column = int(match.group(3)), column_index_from_string(match.group(2))
        return FakeRange(sheet, row, column, row, column)


class FakeNames:
    def __init__(self, book: FakeBook) -> None:
        self._book = book
        self.items: dict[str, FakeName] = {}

    def __iter__(self) -> Iterator[FakeName]:
        self._book.rec.call("Book.names")
        return iter(list(self.items.values()))

    def __getitem__(self, name: str) -> FakeName:
        self._book.rec.call("Names.item", name)
        return self.items[name]


class FakeSheets:
    def __init__(self, book: FakeBook) -> None:
        self._book = book
        self.items: list[FakeSheet] = []

    def __iter__(self) -> Iterator[FakeSheet]:
        self._book.rec.call("Book.sheets")
        return iter(list(self.items))

    def __getitem__(self, name: str) -> FakeSheet:
        self._book.rec.call("Sheets.item", name)
        return self._book.sheet_named(name)


class FakeApp:
    """The application: the properties a job switches off, the status bar, alerts."""

    def __init__(self, rec: Recorder) -> None:
        self.rec = rec
        self._state: dict[str, Any] = {"screen_updating": True, "calculation": "automatic",
                                       "enable_events": True, "status_bar": False}
        self.answers: list[str] = []
        self.alerts: list[tuple[str, str, str, str | None]] = []

    def __getattr__(self, name: str) -> Any:
        state = self.__dict__.get("_state", {})
        if name in state:
            self.rec.call(f"App.{name}.get")
            return state[name]
        raise AttributeError(name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.__dict__.get("_state", {}):
            self.rec.call(f"App.{name}.set", value)
            self._state[name] = value
        else:
            super().__setattr__(name, value)

    @contextmanager
    def properties(self, **kwargs: Any) -> Iterator[FakeApp]:
        """xlwings' App.properties: set each attribute, restore it afterwards."""
        initial = {name: getattr(self, name, value) for name, value in kwargs.items()}
        for name, value in kwargs.items():
            setattr(self, name, value)
        try:
            yield self
        finally:
            for name, value in initial.items():
                setattr(self, name, value)

    def alert(self, prompt: str, title: str | None = None, buttons: str = "ok",
              mode: str | None = None, callback: str | None = None) -> str:
        self.rec.call("App.alert", title)
        self.alerts.append((prompt, title or "", buttons, mode))
        if self.answers:
            return self.answers.pop(0)
        return "yes" if buttons == "yes_no" else "ok"


class FakeBook:
    """A workbook open in the fake Excel."""

    def __init__(self, fullname: str = "Book1", rec: Recorder | None = None) -> None:
        self.rec = rec or Recorder()
        self.app = FakeApp(self.rec)
        self._fullname: str | Exception = fullname
        self.sheets = FakeSheets(self)
        self.names = FakeNames(self)
        self.saves: list[dict[str, Any]] = []

    @property
    def fullname(self) -> str:
        self.rec.call("Book.fullname")
        if isinstance(self._fullname, Exception):
            raise self._fullname
        return self._fullname

    @property
    def name(self) -> str:
        self.rec.call("Book.name")
        full = self._fullname if isinstance(self._fullname, str) else "Book1.xlsm"
        return full.replace("\\", "/").rsplit("/", 1)[-1]

    def set_fullname(self, fullname: str | Exception) -> None:
        """What `fullname` returns next (an exception is raised, as xlwings raises when
        it cannot map a OneDrive/SharePoint address to a local file)."""
        self._fullname = fullname

    def save(self, path: str | None = None) -> None:
        self.rec.call("Book.save", path)
        self.saves.append(dict(self.app._state))

    def sheet_named(self, name: str) -> FakeSheet:
        for sheet in self.sheets.items:
            if sheet._name == name:
                return sheet
        raise FakeComError(f"no sheet {name!r}")

    def add_sheet(self, name: str) -> FakeSheet:
        sheet = FakeSheet(self, name)
        self.sheets.items.append(sheet)
        return sheet

    def formulas(self) -> dict[str, dict[tuple[int, int], str]]:
        """Sheet -> the cells holding a formula, over the whole book."""
        found = {sheet._name: sheet.formulas() for sheet in self.sheets.items}
        return {name: cells for name, cells in found.items() if cells}

    @classmethod
    def from_file(cls, path: Path, fullname: str | None = None) -> FakeBook:
        """The workbook at `path` as Excel would open it: sheets, values, column number
        formats, Excel Tables, the autofilter's hidden rows and the defined names."""
        source = openpyxl.load_workbook(path, keep_vba=False)
        book = cls(fullname or str(Path(path).resolve()))
        for worksheet in source.worksheets:
            sheet = book.add_sheet(worksheet.title)
            for row in worksheet.iter_rows():
                for cell in row:
                    if cell.value is not None:
                        sheet.cells[(cell.row, cell.column)], _ = _typed(cell.value, True)
                    if cell.has_style and cell.number_format != "General":
                        sheet.cell_formats[(cell.row, cell.column)] = cell.number_format
            for dimension in worksheet.column_dimensions.values():
                if dimension.min and dimension.max and dimension.number_format != "General":
                    for index in range(dimension.min, dimension.max + 1):
                        sheet.column_formats[index] = dimension.number_format
            sheet.hidden_rows = {n for n, d in worksheet.row_dimensions.items() if d.hidden}
            for table in worksheet.tables.values():
                left, top, right, bottom = range_boundaries(table.ref)
                sheet.table_list.append(FakeTable(sheet, table.name, (top, left, bottom, right)))
        for name, defined in source.defined_names.items():
            book.names.items[name] = FakeName(book, name, "=" + defined.attr_text)
        return book
