"""Loading a workbook file with each worksheet's cells parsed only when a job reads them.

A job reads and writes a few sheets of a workbook that holds many: a month of 10^5
documents has hundreds of thousands of rows on the IMS, Books and result sheets, and
parsing all of them was most of the time any single job took. `load_lazily` loads the
workbook as openpyxl's `load_workbook(keep_vba=True)` does, with two differences that
change no byte of what a save writes:

- a worksheet's ``<sheetData>`` (its rows and cells) is kept as the text the file holds,
  and parsed into cells only when `ensure_cells` is called for the sheet (the file port
  does so before any read of it; `will_change` before a write); a save writes the kept
  text of a sheet whose cells did not change, where openpyxl would write its cells
  again. The rows are parsed by `fast_rows` when it can follow them, else by openpyxl.
  Everything else of the sheet (columns, validation, conditional formats, tables,
  drawings) is loaded as usual.
- the copy of the package openpyxl keeps for the VBA project leaves out the worksheets'
  XML, which nothing reads from it.

The kept text is what openpyxl itself would write only if the sheet's cells do not
depend on anything the save renumbers. So a sheet is parsed at once when its cells
refer to the shared-strings table (a file saved by Excel or LibreOffice: openpyxl
writes its text inline and empties that table), or when something outside the rows
makes cells (merged ranges, hyperlinks, comments), or when they use a cell format
(cellXfs) listed twice at an index openpyxl's save would change. A test runs a month
through every job both ways and compares every package part byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import IO, Any, Final
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.reader.excel import ExcelReader
from openpyxl.worksheet._reader import WorksheetReader
from openpyxl.worksheet.worksheet import Worksheet

from gst_ims.workbook.fast_rows import CellValues, ParsedRows, bind_rows, parse_rows

_WORKSHEET_PART: Final = re.compile(r"^xl/worksheets/[^/]+\.xml$")
_DIMENSION: Final = re.compile(rb'<dimension ref="([^"]*)"\s*/>')
_SHARED_STRING: Final = re.compile(rb'\st="s"')
# Elements outside the rows that make cells when openpyxl binds them.
_CELL_MAKERS: Final = (b"<mergeCell ", b"<mergeCell>", b"<hyperlink ")
_ROWS_ATTRIBUTE: Final = "_gst_ims_unparsed_rows"


@dataclass
class KeptRows:
    """The rows of a worksheet as its file holds them: the ``<sheetData>`` element's
    text, the sheet's ``<dimension>`` reference, and what parsing them needs (the XML
    before the rows, with the namespaces they use; the closing tag). `parsed`: the
    cells were parsed (for reading; the text is still what a save writes)."""

    text: str
    dimension: str
    head: bytes
    tail: bytes
    parsed: bool = False
    values: ParsedRows | None = None
    read: bool = False  # `values` were read (None: the rows need openpyxl)


def kept_rows(worksheet: Any) -> KeptRows | None:
    """The rows a save writes as the file held them: those of a worksheet whose cells
    were not parsed, or were parsed only to be read; None for a sheet whose cells may
    have changed (or that was loaded in full)."""
    rows: KeptRows | None = getattr(worksheet, _ROWS_ATTRIBUTE, None)
    return rows


def is_parsed(worksheet: Any) -> bool:
    """True when the cells of `worksheet` are loaded."""
    rows = kept_rows(worksheet)
    return rows is None or rows.parsed


def cell_values(worksheet: Worksheet) -> CellValues | None:
    """The cells of a worksheet whose cells are not loaded, read from its kept rows by
    `fast_rows` without making cells: (row, column) -> (value, openpyxl data type,
    style index); None for a sheet whose cells are loaded, or whose rows only openpyxl
    can parse (`ensure_cells` then)."""
    rows = kept_rows(worksheet)
    if rows is None or rows.parsed:
        return None
    if not rows.read:
        rows.values = parse_rows(worksheet.parent, rows.text)
        rows.read = True
    return rows.values.cells if rows.values is not None else None


def ensure_cells(worksheet: Worksheet) -> None:
    """Parse the kept rows of `worksheet` into its cells and row heights, as openpyxl's
    load would have (nothing happens for a sheet already parsed). The kept text stays
    what a save writes until `will_change`."""
    rows = kept_rows(worksheet)
    if rows is None or rows.parsed:
        return
    cell_values(worksheet)
    if rows.values is not None:
        bind_rows(worksheet, rows.values)
        rows.values = None
    else:
        source = BytesIO(rows.head + rows.text.encode("utf-8") + rows.tail)
        reader = WorksheetReader(worksheet, source, [], False, False)
        reader.bind_cells()
        reader.bind_row_dimensions()
    rows.parsed = True


def will_change(worksheet: Worksheet) -> None:
    """Parse the cells of `worksheet` (when not yet) and forget the kept text: its cells
    are about to change, and a save writes them."""
    ensure_cells(worksheet)
    if kept_rows(worksheet) is not None:
        delattr(worksheet, _ROWS_ATTRIBUTE)


def _split_rows(xml: bytes, renumbered: frozenset[bytes]) -> tuple[bytes, KeptRows] | None:
    """(`xml` with an empty ``<sheetData/>``, the rows kept) for a sheet whose rows can be
    kept as text; None for one that must be parsed now: no rows (nothing to gain), or
    rows not written as openpyxl writes them (a size without a range, cells without a
    type, shared strings, a cell format openpyxl's save would renumber: `renumbered`,
    as the ``s`` attributes of a cell), or cells made outside the rows."""
    start = xml.find(b"<sheetData")
    if start < 0 or xml.find(b"<sheetData", start + 1) >= 0:
        return None
    if xml.startswith(b"<sheetData>", start):
        close = xml.find(b"</sheetData>", start)
        if close < 0:
            return None
        end = close + len(b"</sheetData>")
    else:
        return None
    rest = xml[:start] + b"<sheetData/>" + xml[end:]
    dimension = _DIMENSION.search(xml, 0, start)
    closing = xml.rfind(b"</")
    if (dimension is None or b":" not in dimension.group(1) or closing < end
            or _SHARED_STRING.search(xml, start, end)
            or any(marker in rest for marker in _CELL_MAKERS)
            or xml.count(b"<c ", start, end) != xml.count(b' t="', start, end)
            or any(xml.find(style, start, end) >= 0 for style in renumbered)):
        return None
    try:
        text = xml[start:end].decode("utf-8")
    except UnicodeDecodeError:
        return None
    return rest, KeptRows(text, dimension.group(1).decode("ascii"), xml[:start],
                              xml[closing:])


class _RowKeepingArchive:
    """The package as `ExcelReader` sees it while it reads the worksheets: a worksheet
    opened for parsing comes without its rows when they can be kept as text."""

    def __init__(self, archive: ZipFile, kept: dict[str, KeptRows],
                 renumbered: frozenset[bytes]) -> None:
        self._archive = archive
        self._kept = kept
        self._renumbered = renumbered

    def __getattr__(self, name: str) -> Any:
        return getattr(self._archive, name)

    def open(self, name: str, *args: Any, **kwargs: Any) -> IO[bytes]:
        if _WORKSHEET_PART.match(name) and not self._has_comments(name):
            split = _split_rows(self._archive.read(name), self._renumbered)
            if split is not None:
                self._kept[name] = split[1]
                return BytesIO(split[0])
        return self._archive.open(name, *args, **kwargs)

    def _has_comments(self, name: str) -> bool:
        folder, _, file = name.rpartition("/")
        rels = f"{folder}/_rels/{file}.rels"
        return rels in self._archive.namelist() and b"/comments" in self._archive.read(rels)


class _NotLazyError(Exception):
    """The workbook must be loaded by openpyxl in full."""


class _LazyReader(ExcelReader):
    """openpyxl's reader keeping the rows of worksheets unparsed (see the module)."""

    archive: Any
    wb: Workbook

    def __init__(self, path: Path) -> None:
        super().__init__(path, read_only=False, keep_vba=True, data_only=False,
                         keep_links=True, rich_text=False)
        self.kept: dict[str, KeptRows] = {}

    def read_workbook(self) -> None:
        self.keep_vba = False
        try:
            super().read_workbook()
        finally:
            self.keep_vba = True
        # openpyxl's copy of every part, with the worksheets empty: on saving it takes
        # from it only the VBA parts, the root relationships and the content types (and
        # it goes through the names in an order that depends on all of them).
        self.wb.vba_archive = ZipFile(BytesIO(), "a", ZIP_DEFLATED)
        for name in self.valid_files:
            self.wb.vba_archive.writestr(
                name, b"" if _WORKSHEET_PART.match(name) else self.archive.read(name))

    def read_worksheets(self) -> None:
        # openpyxl's save writes a cell's format as the index its list of formats finds
        # for it: for a format listed twice, the last copy's. Rows using a format at
        # another index must be parsed to be written as the save writes them.
        book: Any = self.wb
        styles = book._cell_styles
        found = styles._dict
        renumbered = frozenset(f' s="{index}"'.encode() for index, style in enumerate(styles)
                               if found.get(style) != index)
        archive = self.archive
        self.archive = _RowKeepingArchive(archive, self.kept, renumbered)
        try:
            super().read_worksheets()
        finally:
            self.archive = archive
        for sheet, rel in self.parser.find_sheets():
            rows = self.kept.get(rel.target) if rel is not None else None
            if rows is None:
                continue
            worksheet = self.wb[sheet.name]
            if worksheet._cells or worksheet.row_dimensions:
                raise _NotLazyError(f"cells made outside the rows of {sheet.name}")
            setattr(worksheet, _ROWS_ATTRIBUTE, rows)


def load_lazily(path: Path) -> Workbook:
    """The workbook at `path` as ``load_workbook(path, keep_vba=True)`` loads it, with
    the rows of its worksheets parsed on `ensure_cells` (see the module); loaded by
    openpyxl in full when that could change what a save writes."""
    reader = _LazyReader(path)
    try:
        reader.read()
    except _NotLazyError:
        reader.archive.close()
        return load_workbook(path, keep_vba=True)
    book: Workbook = reader.wb
    return book
