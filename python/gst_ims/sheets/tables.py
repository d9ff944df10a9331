"""A layout's sheet written from a frame of its fields, and read back into one.
"""

from __future__ import annotations

import pandas as pd

from gst_ims.domain.problems import Problem
from gst_ims.workbook import layout as lay
from gst_ims.workbook.port import WorkbookPort
from gst_ims.workbook.sheet_values import from_cells, to_cells
from gst_ims.workbook.staged import StagedWrites


def cell_text(value: object) -> str:
    """A cell as trimmed text; empty for an empty cell (None, NaN, <NA>)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return ""
    return str(value).strip()


def write_sheet(port: WorkbookPort | StagedWrites, sheet: lay.DataSheet,
                cells: pd.DataFrame) -> None:
    """Write `cells` (columns under the layout's headers) to `sheet`, its text columns as
    text and its numbers in their formats."""
    text = [h for h in sheet.text_headers() if h in cells.columns]
    formats = {h: f for h, f in sheet.number_formats().items() if h in cells.columns}
    port.write_table(sheet.name, cells, header_row=sheet.header_row, text_columns=text,
                     number_formats=formats)


def write_fields(port: WorkbookPort | StagedWrites, sheet: lay.DataSheet,
                 frame: pd.DataFrame) -> None:
    """Write a frame of `sheet`'s fields (its columns' field names) to `sheet`."""
    write_sheet(port, sheet, to_cells(frame, sheet.columns))


def read_fields(port: WorkbookPort, sheet: lay.DataSheet) -> tuple[pd.DataFrame, list[Problem]]:
    """`sheet` read back into a frame of its fields, with the cells that cannot be read."""
    return fields_of(port.read_table(sheet.name, header_row=sheet.header_row), sheet)


def fields_of(table: pd.DataFrame, sheet: lay.DataSheet) -> tuple[pd.DataFrame, list[Problem]]:
    """A table read from `sheet` as a frame of its fields, with the cells that cannot be
    read."""
    if table.empty and not len(table.columns):
        return from_cells(pd.DataFrame(columns=list(sheet.headers)), sheet.columns,
                          sheet=sheet.name, first_row=sheet.first_data_row)
    return from_cells(table, sheet.columns, sheet=sheet.name, first_row=sheet.first_data_row)

