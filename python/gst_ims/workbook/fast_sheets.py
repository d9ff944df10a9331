"""Faster serialisation of worksheet cells for `FilePort`, producing the same XML as
openpyxl.

Without lxml, openpyxl writes every cell by building an ElementTree element and
serialising it through et_xmlfile (several microseconds a cell); a month of 10^5
documents holds millions of cells, so the save of the workbook was the largest step of
``gst-ims run``. `FastExcelWriter` is openpyxl's own `ExcelWriter` in every respect but
the ``<sheetData>`` of each worksheet, whose rows and common cells (text, numbers,
booleans, dates; with their style) it writes as the very text openpyxl would produce.
Any other cell (a formula, an error, rich text, an empty string, a cell with a comment or
a hyperlink) is handed to openpyxl's own cell writer, so the output is byte-for-byte the
one ``ExcelWriter`` writes (a test holds the two to that).
"""

from __future__ import annotations

import itertools
import math
from datetime import date, datetime, time
from typing import Any
from xml.etree.ElementTree import _escape_attrib, _escape_cdata  # type: ignore[attr-defined]

import openpyxl.worksheet._writer as sheet_writer
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.writer.excel import ExcelWriter

from gst_ims.workbook.lazy_load import kept_rows

_NUMBER_TYPES = frozenset({int, float, bool})
_DATE_TYPES = frozenset({date, datetime, time})
_CELL: Any = Cell  # a MergedCell or anything else goes to openpyxl's writer


class _Styles:
    """Style ids of style arrays, each array's id looked up once (cells written by the
    port share a handful of styles, in one array object per cell)."""

    def __init__(self, workbook: Any) -> None:
        self._styles = workbook._cell_styles
        self._ids: dict[bytes, str] = {}

    def id_of(self, style: Any) -> str:
        key = style.tobytes()
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = str(self._styles.add(style))
        return found


def _plain(cell: Any, value: Any, iso_dates: bool) -> bool:
    """True for a cell this module writes itself: a plain `Cell` without comment or
    hyperlink holding text, a number, a boolean or a date openpyxl writes as a serial
    number. Anything else (a formula, an error, rich text, an empty string, a merged
    cell, an ISO or timezone date, a duration) is left to openpyxl's writer."""
    if type(cell) is not _CELL or cell._comment is not None or cell._hyperlink is not None:
        return False
    kind = cell.data_type
    kind_of_value = type(value)
    if kind == "s":
        return kind_of_value is str and value != ""
    if kind in ("n", "b"):
        return kind_of_value in _NUMBER_TYPES
    if kind == "d":
        if iso_dates or kind_of_value not in _DATE_TYPES:
            return False
        return kind_of_value is date or value.tzinfo is None
    return False


def _column_of(cell: Any) -> int:
    column: int = cell.column
    return column


def _number(value: Any) -> str:
    """openpyxl's `safe_string` for a number."""
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return ""
    return "%.16g" % value  # noqa: UP031 - openpyxl's own formatting, byte for byte


def _text(value: str) -> str:
    """The ``<is>`` of an inline string, with ``xml:space`` set as openpyxl's
    `whitespace` sets it (text with surrounding blanks, but not only blanks)."""
    stripped = value.strip()
    space = ' xml:space="preserve"' if stripped and value != stripped else ""
    return f"<is><t{space}>{_escape_cdata(value)}</t></is>"


class _FastWorksheetWriter(WorksheetWriter):
    """openpyxl's worksheet writer with the rows written as text."""

    def rows(self) -> list[tuple[int, list[Any]]]:
        """openpyxl's `rows` (the cells by row, in column order, with the rows that only
        have a row style), grouped first and sorted per row: the cells of a sheet the
        port wrote are already in order, so most rows need no more than a check."""
        grouped: dict[int, list[Any]] = {}
        worksheet: Any = self.ws
        for (row, _), cell in worksheet._cells.items():
            line = grouped.get(row)
            if line is None:
                grouped[row] = [cell]
            else:
                line.append(cell)
        for line in grouped.values():
            if len(line) > 1 and any(
                    a.column > b.column for a, b in itertools.pairwise(line)):
                line.sort(key=_column_of)
        for row in worksheet.row_dimensions.keys() - grouped.keys():
            grouped[row] = []
        return sorted(grouped.items())

    def write_dimensions(self) -> None:
        """The sheet's size: as its file gave it for rows not changed (the size openpyxl
        would compute from the same cells)."""
        rows = kept_rows(self.ws)
        if rows is None:
            super().write_dimensions()
            return
        stream: Any = self.xf
        stream.send(SheetDimension(rows.dimension).to_tree())

    def write_rows(self) -> None:
        stream: Any = self.xf
        xf = stream.send(True)
        rows = kept_rows(self.ws)
        if rows is not None:  # cells not changed: the very text the file held
            xf._file(rows.text)
            stream.send(None)
            return
        with xf.element("sheetData"):
            write = xf._file
            worksheet: Any = self.ws
            styles = _Styles(worksheet.parent)
            epoch = worksheet.parent.epoch
            iso_dates = worksheet.parent.iso_dates
            dims = worksheet.row_dimensions
            letters: dict[int, str] = {}
            for row_idx, row in self.rows():
                attrs = {"r": f"{row_idx}"}
                attrs.update(dims.get(row_idx, {}))
                write("<row" + "".join(f' {k}="{_escape_attrib(v)}"' for k, v in attrs.items())
                      + ">")
                parts: list[str] = []
                cell: Any
                for cell in row:
                    value = cell._value
                    style = cell._style
                    styled = style is not None and any(style)
                    if not _plain(cell, value, iso_dates):
                        if parts:
                            write("".join(parts))
                            parts = []
                        self._slow_cell(xf, cell)
                        continue
                    column = cell.column
                    letter = letters.get(column)
                    if letter is None:
                        letter = letters[column] = get_column_letter(column)
                    head = (f'<c r="{letter}{row_idx}" s="{styles.id_of(style)}"' if styled
                            else f'<c r="{letter}{row_idx}"')
                    kind = cell.data_type
                    if kind == "s":
                        parts.append(f'{head} t="inlineStr">{_text(value)}</c>')
                    elif kind == "d":
                        if isinstance(value, date | datetime | time):
                            value = to_excel(value, epoch)  # type: ignore[no-untyped-call]
                        parts.append(f'{head} t="n"><v>{_number(value)}</v></c>')
                    else:
                        parts.append(f'{head} t="{kind}"><v>{_number(value)}</v></c>')
                if parts:
                    write("".join(parts))
                write("</row>")
        stream.send(None)

    def _slow_cell(self, xf: Any, cell: Any) -> None:
        """A cell as openpyxl's own row writer treats it (its comment recorded, a blank
        unstyled cell skipped)."""
        from openpyxl.comments.comment_sheet import CommentRecord

        worksheet: Any = self.ws
        if cell.comment is not None:
            worksheet._comments.append(CommentRecord.from_cell(cell))
        if cell._value is None and not cell.has_style and not cell.comment:
            return
        # Looked up at each call: `results_kept` puts its own cell writer there while a
        # save keeps the results of formula cells.
        write_cell: Any = vars(sheet_writer)["write_cell"]
        write_cell(xf, self.ws, cell, cell.has_style)


class FastExcelWriter(ExcelWriter):
    """openpyxl's `ExcelWriter` whose worksheets' cells are written by
    `_FastWorksheetWriter`."""

    _archive: Any

    def write_worksheet(self, ws: Any) -> None:
        if self.workbook.write_only:
            super().write_worksheet(ws)
            return
        from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing

        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer: Any = _FastWorksheetWriter(ws)
        writer.write()
        ws._rels = writer._rels
        self._archive.write(writer.out, ws.path[1:])
        self.manifest.append(ws)
        writer.cleanup()
