"""The Home sheet: the title, a button per job (the monthly steps numbered), the status
panel's labelled cells and the how-to."""

from __future__ import annotations

from typing import Final

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from gst_ims.workbook import layout as lay
from gst_ims.workbook.build_formats import NAVY, Formats

_HOME_STEP_COLUMN: Final = 1  # B: the big step number
_HOME_BUTTON_COLUMN: Final = 2  # C: the button
_HOME_BUTTON_WIDTH: Final = 300
_STEP_ROWS: Final = 3  # a numbered step is three rows high
_HOME_FIRST_BUTTON_ROW: Final = 6  # 1-based


def home_sheet(book: Workbook, fmt: Formats) -> Worksheet:
    """Home: title, one button per job (the monthly steps numbered), the status panel's
    labels and boxed cells, and the how-to below them."""
    sheet = book.add_worksheet(lay.HOME)
    sheet.hide_gridlines(2)
    sheet.set_tab_color(f"#{NAVY}")
    sheet.set_column(0, 0, 2)
    sheet.set_column(_HOME_STEP_COLUMN, _HOME_STEP_COLUMN, 6)
    sheet.set_column(_HOME_BUTTON_COLUMN, _HOME_BUTTON_COLUMN, 44)
    sheet.set_column(3, lay.HOME_STATUS_LABEL_COLUMN - 2, 3)
    sheet.set_column(lay.HOME_STATUS_LABEL_COLUMN - 1, lay.HOME_STATUS_LABEL_COLUMN - 1, 46)
    sheet.set_column(lay.HOME_STATUS_VALUE_COLUMN - 1, lay.HOME_STATUS_VALUE_COLUMN - 1, 52)
    title_row, title_column = lay.HOME_TITLE_CELL
    sheet.set_row(title_row - 1, 32)
    sheet.write_string(title_row - 1, title_column - 1, lay.WORKBOOK_TITLE, fmt.title)
    sheet.write_string(title_row, title_column - 1, lay.HOME_SUBTITLE, fmt.subtitle)
    header_row = _HOME_FIRST_BUTTON_ROW - 2
    sheet.write_string(header_row, _HOME_STEP_COLUMN, "Monthly steps", fmt.section)
    sheet.write_blank(header_row, _HOME_BUTTON_COLUMN, None, fmt.section)
    sheet.write_string(header_row, lay.HOME_STATUS_LABEL_COLUMN - 1, "Status", fmt.section)
    sheet.write_blank(header_row, lay.HOME_STATUS_VALUE_COLUMN - 1, None, fmt.section)

    row = _HOME_FIRST_BUTTON_ROW - 1  # 0-based
    for job in lay.JOBS:
        if job.step is not None:
            sheet.merge_range(row, _HOME_STEP_COLUMN, row + _STEP_ROWS - 1, _HOME_STEP_COLUMN,
                              job.step, fmt.step)
            sheet.insert_button(row, _HOME_BUTTON_COLUMN, {
                "macro": job.macro, "caption": job.button_label,
                "width": _HOME_BUTTON_WIDTH, "height": 58, "x_offset": 6, "y_offset": 1,
            })
            row += _STEP_ROWS
    row += 1
    sheet.write_string(row, _HOME_STEP_COLUMN, "More", fmt.section)
    sheet.write_blank(row, _HOME_BUTTON_COLUMN, None, fmt.section)
    row += 1
    for job in lay.JOBS:
        if job.step is None:
            sheet.insert_button(row, _HOME_BUTTON_COLUMN, {
                "macro": job.macro, "caption": job.button_label,
                "width": _HOME_BUTTON_WIDTH, "height": 30, "x_offset": 6, "y_offset": 4,
            })
            row += 2

    for cell in lay.HOME_STATUS_CELLS:
        label_format = fmt.label
        for category, count_cell in lay.COUNT_CELLS.items():
            if count_cell is cell:
                label_format = fmt.category_label(category)
        sheet.write_string(cell.row - 1, lay.HOME_STATUS_LABEL_COLUMN - 1, cell.label,
                           label_format)
        number_format = lay.Column("", "", cell.kind).number_format
        if cell.kind is lay.ColumnKind.INTEGER:
            number_format = lay.FORMAT_INTEGER
        value_format = fmt.kind(number_format, boxed=True, left=True)
        if cell in lay.FORMULA_CELLS:
            setting = lay.RECIPIENT_GSTIN.name
            sheet.write_formula(
                cell.row - 1, cell.column - 1,
                f'=IF({setting}="","(not set: see Settings)",{setting})',
                value_format, "(not set: see Settings)",
            )
        else:
            sheet.write_blank(cell.row - 1, cell.column - 1, None, value_format)

    how_to_row = max(row, *(cell.row for cell in lay.HOME_STATUS_CELLS)) + 1
    for offset, line in enumerate(lay.HOME_HOW_TO):
        sheet.write_string(how_to_row + offset, _HOME_STEP_COLUMN, line,
                           fmt.note_bold if offset == 0 else fmt.note)
    sheet.activate()
    return sheet
