"""Writers of small real register files for the books tests (xlsx through openpyxl, csv
through the csv module), so the tests read files exactly as a user's would be."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl

from gst_ims.domain.gstin import make_gstin

ACME = make_gstin("27", "AAACA1234F")  # Maharashtra
BETA = make_gstin("29", "AABCB5678K")  # Karnataka
GAMMA = make_gstin("07", "AAGCG4321M")  # Delhi


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    sheet: str = "Books",
    number_formats: Mapping[int, str] | None = None,
    text_columns: Sequence[int] = (),
    other_sheets: Sequence[str] = (),
) -> Path:
    """Rows (the first rows may be titles) -> an .xlsx file. `number_formats`: 0-based
    column -> Excel number format for non-text cells; `text_columns`: columns formatted
    as Text ("@"), as a user does for "00123"."""
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    for name in other_sheets:
        workbook.create_sheet(name)
    first.title = sheet
    for row in rows:
        first.append(list(row))
    for row_cells in first.iter_rows():
        for cell in row_cells:
            column = cell.column - 1
            if column in text_columns and isinstance(cell.value, str):
                cell.number_format = "@"
            elif number_formats and column in number_formats and not isinstance(
                cell.value, str
            ):
                cell.number_format = number_formats[column]
    if other_sheets:
        workbook.move_sheet(sheet, offset=len(other_sheets))
    workbook.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Sequence[object]], *, delimiter: str = ",",
              encoding: str = "utf-8") -> Path:
    """Rows -> a .csv file as a spreadsheet program saves one."""
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        for row in rows:
            writer.writerow(["" if cell is None else cell for cell in row])
    return path


def write_workbook(path: Path, sheets: Mapping[str, Sequence[Sequence[object]]], *,
                   merged: Mapping[str, Sequence[str]] | None = None,
                   date_format: str = "dd-mm-yyyy") -> Path:
    """Several sheets of rows -> an .xlsx file, sheets in the order given; `merged`: sheet
    -> ranges to merge ("A1:K1", a title across the table); date cells get
    `date_format`."""
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        for row_cells in sheet.iter_rows():
            for cell in row_cells:
                if cell.is_date:
                    cell.number_format = date_format
        for cells in (merged or {}).get(name, ()):
            sheet.merge_cells(cells)
    workbook.save(path)
    return path
