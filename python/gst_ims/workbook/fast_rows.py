"""Parsing a worksheet's rows, as openpyxl writes them, into cells several times faster
than openpyxl's reader, with the same result.

openpyxl parses every cell through ElementTree and, for text, through its rich-text
object model (some tens of microseconds a cell); the rows of a month of 10^5 documents
hold millions of cells, so a job that reads a few big sheets spent most of its time
there. The rows openpyxl (and `fast_sheets`) write are regular: each cell a reference,
a style, a type and a number, a boolean or one inline text. `parse_rows` reads those
with one regular expression; a cell of any other kind (a formula, an error, a date, a
text with character references or carriage returns) is handed to openpyxl's own cell
parser, and rows it cannot follow exactly (row attributes, cells without a reference,
anything unexpected between them) make it give up (None), so the caller parses the
sheet with openpyxl. A test compares the cells of whole workbooks parsed both ways.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final
from xml.etree.ElementTree import ParseError, fromstring
from xml.sax.saxutils import unescape

from openpyxl.cell.cell import Cell
from openpyxl.utils.cell import column_index_from_string
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.xml.constants import SHEET_MAIN_NS

_TOKEN: Final = re.compile(
    # a plain cell: number or boolean, or inline text without markup
    r'<c r="([A-Z]{1,3})([0-9]+)"(?: s="([0-9]+)")? t="(n|b|inlineStr)">'
    r'(?:<v>([^<]*)</v>|<is><t(?: xml:space="preserve")?>([^<]+)</t></is>)</c>'
    # any other cell, for openpyxl's parser
    r'|(<c r="[A-Z]{1,3}[0-9]+"[^>]*?(?:/>|>.*?</c>))'
    # the rows around them
    r'|<row r="([0-9]+)"((?: [A-Za-z]+="[^"&<]*")*)(/?)>|(</row>)',
    re.S,
)
_ATTRIBUTE: Final = re.compile(r' ([A-Za-z]+)="([^"]*)"')
_UNSAFE_TEXT: Final = re.compile(r"&#|\r")
_ENTITIES: Final = {"&quot;": '"', "&apos;": "'"}


def _number(text: str) -> int | float:
    """openpyxl's reading of a number."""
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


CellValues = dict[tuple[int, int], tuple[Any, str, int]]  # (row, column) -> value, type, style


@dataclass(frozen=True)
class ParsedRows:
    """The rows of a sheet as openpyxl's reader makes them: each cell's value, openpyxl
    data type and style index; the attributes of rows openpyxl keeps as row dimensions
    (row number -> attributes as the file gives them)."""

    cells: CellValues
    heights: dict[str, dict[str, str]]


def parse_rows(book: Any, sheet_data: str) -> ParsedRows | None:
    """The cells and row attributes of `sheet_data` (a ``<sheetData>`` element's text)
    of a sheet of `book`, as openpyxl's reader gives them; None when the rows are not
    in the form this parser follows."""
    inner = sheet_data.removeprefix("<sheetData>").removesuffix("</sheetData>")
    if len(inner) + len("<sheetData></sheetData>") != len(sheet_data):
        return None
    dates = book._date_formats
    columns: dict[str, int] = {}
    found: dict[tuple[int, int], tuple[Any, str, int]] = {}
    heights: dict[str, dict[str, Any]] = {}
    parser: WorkSheetParser | None = None
    position = 0
    in_row = 0
    for match in _TOKEN.finditer(inner):
        if match.start() != position:
            return None
        position = match.end()
        letters, row_text, style_text, kind, number, text, other = match.group(1, 2, 3, 4, 5,
                                                                               6, 7)
        if letters is not None:
            row = int(row_text)
            style = int(style_text) if style_text is not None else 0
            if row != in_row:
                return None
            column = columns.get(letters)
            if column is None:
                column = columns[letters] = column_index_from_string(letters)
            if kind == "inlineStr":
                if "&" in text:
                    if _UNSAFE_TEXT.search(text):
                        return None
                    text = unescape(text, _ENTITIES)
                elif "\r" in text:
                    return None
                found[(row, column)] = (text, "s", style)
            elif not number:
                found[(row, column)] = (None, kind, style)
            elif kind == "b":
                found[(row, column)] = (bool(int(number)), "b", style)
            elif style in dates:
                other = match.group(0)
            else:
                found[(row, column)] = (_number(number), "n", style)
            if other is None:
                continue
        if other is not None:
            if in_row == 0:
                return None
            if parser is None:
                parser = WorkSheetParser(None, [], False, book.epoch, dates,  # type: ignore[arg-type]
                                         book._timedelta_formats, False)
            parser.row_counter = in_row
            try:
                parsed = parser.parse_cell(fromstring(
                    other.replace("<c ", f'<c xmlns="{SHEET_MAIN_NS}" ', 1)))
            except ParseError:
                return None
            if parsed["row"] != in_row:
                return None
            found[(parsed["row"], parsed["column"])] = (
                parsed["value"], parsed["data_type"], parsed["style_id"])
        elif match.group(8) is not None:
            if in_row:
                return None
            row = int(match.group(8))
            if match.group(9):
                attributes = dict(_ATTRIBUTE.findall(match.group(9)))
                if attributes.keys() - {"spans"}:  # what openpyxl keeps of a row
                    heights[str(row)] = {"r": match.group(8), **attributes}
            in_row = 0 if match.group(10) else row
        elif not in_row:
            return None
        else:
            in_row = 0
    if position != len(inner) or in_row:
        return None
    return ParsedRows(found, heights)


def bind_rows(worksheet: Any, rows: ParsedRows) -> None:
    """Make the cells and row dimensions of `rows` in `worksheet`, as openpyxl's reader
    binds what it parsed."""
    styles = worksheet.parent._cell_styles
    cells = worksheet._cells
    for (row, column), (value, kind, style) in rows.cells.items():
        cell: Any = Cell(worksheet, row=row, column=column, style_array=styles[style])
        cell._value = value
        cell.data_type = kind
        cells[(row, column)] = cell
    if cells:
        worksheet._current_row = worksheet.max_row
    for row_text, kept in rows.heights.items():
        attributes: dict[str, Any] = dict(kept)
        if "s" in attributes:
            attributes["s"] = styles[int(attributes["s"])]
        worksheet.row_dimensions[int(row_text)] = RowDimension(worksheet, **attributes)
