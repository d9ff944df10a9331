"""The Summary sheet: its blocks' headers and fixed rows, and the native charts over
them."""

from __future__ import annotations

from typing import Final

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from gst_ims.domain.documents import ACTION_LABELS, Category
from gst_ims.workbook import layout as lay
from gst_ims.workbook.build_formats import NAVY, Formats


def summary_sheet(book: Workbook, fmt: Formats) -> Worksheet:
    """Summary: the blocks' titles, headers and boxed rows, the fixed category and action
    rows, and the charts."""
    sheet = book.add_worksheet(lay.SUMMARY)
    sheet.hide_gridlines(2)
    sheet.set_tab_color("#7030A0")
    sheet.set_column(0, 0, 2)
    widths: dict[int, float] = {}
    blocks = (*lay.SUMMARY_BLOCKS, lay.SUMMARY_TOP_SUPPLIERS_BLOCK)
    for block in blocks:
        for offset, column in enumerate(block.columns):
            index = block.first_column - 1 + offset
            widths[index] = max(widths.get(index, 0), column.width)
    for index, width in sorted(widths.items()):
        sheet.set_column(index, index, width)
    title_row, title_column = lay.SUMMARY_TITLE_CELL
    sheet.set_row(title_row - 1, 28)
    sheet.write_string(title_row - 1, title_column - 1, "Summary", fmt.title)
    stamp = lay.SUMMARY_STAMP
    sheet.write_string(stamp.row - 1, stamp.column - 2, stamp.label, fmt.label)
    sheet.write_blank(stamp.row - 1, stamp.column - 1, None,
                      fmt.kind(lay.FORMAT_DATETIME, boxed=True))
    for block in blocks:
        first = block.first_column - 1
        sheet.write_string(block.header_row - 2, first, block.title, fmt.section)
        sheet.set_row(block.header_row - 1, 30)
        for offset, column in enumerate(block.columns):
            sheet.write_string(block.header_row - 1, first + offset, column.header, fmt.header)
        rows = block.max_rows or 0
        for row in range(block.first_data_row - 1, block.first_data_row - 1 + rows):
            for offset, column in enumerate(block.columns):
                sheet.write_blank(row, first + offset, None,
                                  fmt.kind(column.number_format, boxed=True))
    # The fixed rows are known: categories and actions, each with a total.
    category_block = lay.SUMMARY_CATEGORY_BLOCK
    for offset, category in enumerate(Category):
        sheet.write_string(category_block.first_data_row - 1 + offset,
                           category_block.first_column - 1, category.value,
                           fmt.category_label(category))
    action_block = lay.SUMMARY_ACTION_BLOCK
    for offset, label in enumerate(ACTION_LABELS):
        sheet.write_string(action_block.first_data_row - 1 + offset,
                           action_block.first_column - 1, label,
                           fmt.kind(lay.FORMAT_TEXT, boxed=True))
    _summary_charts(book, sheet)
    return sheet


# Bar colours of the category chart: each category's own (the darker, text, colour).
_CHART_COLOURS: Final[dict[str, str]] = {
    category.value: lay.CATEGORY_COLOURS[category].font for category in Category
}
_ACTION_CHART_COLOURS: Final[tuple[str, ...]] = (
    lay.CATEGORY_COLOURS[Category.MATCHED].font, lay.CATEGORY_COLOURS[Category.NOT_IN_BOOKS].font,
    lay.AMBER.font, lay.CATEGORY_COLOURS[Category.NOT_EXPECTED].font,
)


def _summary_charts(book: Workbook, sheet: Worksheet) -> None:
    """The native charts of Summary, over the blocks' cells: Excel (and LibreOffice)
    redraw them whenever a job writes new figures there."""
    for chart_spec in lay.SUMMARY_CHARTS:
        chart = book.add_chart({"type": chart_spec.kind})
        if chart_spec.block is lay.SUMMARY_CATEGORY_BLOCK:
            colours = [_CHART_COLOURS[c.value] for c in Category]
        elif chart_spec.block is lay.SUMMARY_ACTION_BLOCK:
            colours = list(_ACTION_CHART_COLOURS)
        else:
            colours = [NAVY] * chart_spec.rows
        chart.add_series({
            "name": chart_spec.title,
            "categories": chart_spec.labels,
            "values": chart_spec.values,
            "points": [{"fill": {"color": f"#{colour}"}} for colour in colours],
        })
        chart.set_title({"name": chart_spec.title, "name_font": {"size": 11, "bold": True}})
        chart.set_legend({"none": True})
        value_axis = {"num_format": "#,##0", "major_gridlines": {"visible": True,
                                                                 "line": {"color": "#D9D9D9"}}}
        if chart_spec.kind == "bar":
            # Rank 1 at the top: the category axis runs downwards.
            chart.set_x_axis(value_axis)
            chart.set_y_axis({"reverse": True})
        else:
            chart.set_y_axis(value_axis)
        chart.set_size({"width": 620, "height": 330})
        sheet.insert_chart(chart_spec.anchor, chart, {"object_position": 1})
