"""Where a table sits on a worksheet loaded by openpyxl, and what writing it in place
needs: the old cells cleared, the Excel Table and filter fitted to the new rows, each
column's cell style, a filter left on the sheet cleared."""

from __future__ import annotations

from collections.abc import Mapping
from copy import copy
from dataclasses import dataclass
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.table import TableColumn
from openpyxl.worksheet.worksheet import Worksheet

from gst_ims.domain.safe_text import cell_text


def show_all_rows(worksheet: Worksheet, header_row: int) -> None:
    """Clear a filter left on the sheet or one of its tables, as Excel's *Clear filter*
    does: its criteria go and the rows it hid below `header_row` show again (the rows
    written next would otherwise be hidden or shown by the old rows' positions). Rows a
    user hid without a filter stay hidden."""
    filters = [worksheet.auto_filter, *[table.autoFilter for table in worksheet.tables.values()
                                        if table.autoFilter is not None]]
    if not any(flt.filterColumn for flt in filters):
        return
    for flt in filters:
        flt.filterColumn = []
    for index, dimension in worksheet.row_dimensions.items():
        if index > header_row and dimension.hidden:
            dimension.hidden = False


def header_column(worksheet: Worksheet, header_row: int, header: str) -> int | None:
    """The column number of the cell of `header_row` holding `header`, None if none."""
    cells: dict[tuple[int, int], Any] = worksheet._cells
    for (row, column), cell in cells.items():
        if row == header_row and isinstance(cell.value, str) and cell.value.strip() == header:
            return column
    return None


@dataclass(frozen=True)
class Block:
    """Where a table sits: header row, first column, width, and the most data rows it may
    hold (None: it owns everything below its header, to the right of its first column)."""

    header_row: int
    first_column: int
    width: int
    max_rows: int | None
    # The last column the old table had a header in: cells further right without a
    # header are the user's (notes typed beside the table) and are never cleared.
    old_last_column: int = 0

    @property
    def last_column(self) -> int:
        return self.first_column + self.width - 1

    def owns(self, row: int, column: int) -> bool:
        """True for a cell the table's old contents may occupy (headers excepted)."""
        if column < self.first_column:
            return False
        if self.max_rows is None:
            if column > max(self.last_column, self.old_last_column):
                return False
            return row > self.header_row or (row == self.header_row
                                             and column > self.last_column)
        return (self.header_row < row <= self.header_row + self.max_rows
                and column <= self.last_column)

    def clear(self, worksheet: Worksheet) -> None:
        """Remove the old cells (values and cell styles; header cells keep their style,
        and the column styles, validation and conditional formats of the sheet stay)."""
        cells: dict[tuple[int, int], Any] = worksheet._cells
        for key in [key for key in cells if self.owns(*key)]:
            del cells[key]

    def resize_tables(self, worksheet: Worksheet, headers: list[str], row_count: int) -> None:
        """Fit the Excel Table (and autofilter) anchored on the block's top-left cell to
        the rows written. A table keeps at least one (empty) data row, as Excel
        requires."""
        last_row = self.header_row + max(row_count, 1)
        ref = (f"{get_column_letter(self.first_column)}{self.header_row}:"
               f"{get_column_letter(self.last_column)}{last_row}")
        for table in worksheet.tables.values():
            left, top, _, _ = range_boundaries(table.ref)
            if (top, left) != (self.header_row, self.first_column):
                continue
            table.ref = ref
            if table.autoFilter is not None:
                table.autoFilter.ref = ref
            if [column.name for column in table.tableColumns] != headers:
                table.tableColumns = [
                    TableColumn(id=index, name=cell_text(header))
                    for index, header in enumerate(headers, 1)
                ]
        if worksheet.auto_filter.ref:
            left, top, _, _ = range_boundaries(worksheet.auto_filter.ref)
            if (top, left) == (self.header_row, self.first_column):
                worksheet.auto_filter.ref = ref


def last_header_column(worksheet: Worksheet, header_row: int, first_column: int) -> int:
    """The last column holding a header on `header_row` (0 when none)."""
    cells: dict[tuple[int, int], Any] = worksheet._cells
    return max((column for (row, column), cell in cells.items()
                if row == header_row and column >= first_column
                and cell.value not in (None, "")), default=0)


def column_styles(
    worksheet: Worksheet, block: Block, headers: list[str], formats: Mapping[str, str]
) -> list[Any]:
    """Per column, the cell style new data cells get: the column's own style from the
    workbook (set by the builder) with the requested number format on top."""
    by_index: dict[int, Any] = {}
    dimension: Any
    for dimension in worksheet.column_dimensions.values():
        if dimension.min is None or dimension.max is None:
            continue
        for index in range(dimension.min, dimension.max + 1):
            by_index[index] = dimension
    styles: list[Any] = []
    scratch: Any = Cell(worksheet, row=1, column=1)
    for index, header in enumerate(headers, start=block.first_column):
        dimension = by_index.get(index)
        base = dimension._style if dimension is not None and dimension.has_style else None
        if header not in formats:
            styles.append(base)
            continue
        scratch._style = copy(base) if base is not None else copy(scratch._style)
        scratch.number_format = formats[header]
        styles.append(copy(scratch._style))
    return styles
