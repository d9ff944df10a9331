"""The data sheets of the workbook as the layout describes them: header band, column
formats, table or filter, dropdowns, and the colour rules of the result sheets and the
Log."""

from __future__ import annotations

from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from gst_ims.domain import documents as d
from gst_ims.domain.documents import Category
from gst_ims.workbook import layout as lay
from gst_ims.workbook.build_formats import LIGHT_BORDER, Formats


def _set_columns(sheet: Worksheet, columns: tuple[lay.Column, ...], first: int,
                 fmt: Formats) -> None:
    for offset, column in enumerate(columns):
        index = first + offset
        options = {"hidden": True} if column.hidden else None
        sheet.set_column(index, index, column.width, fmt.kind(column.number_format), options)


def _header_row(sheet: Worksheet, spec: lay.DataSheet, fmt: Formats) -> None:
    sheet.set_row(spec.header_row - 1, 30)
    for offset, header in enumerate(spec.headers):
        sheet.write_string(spec.header_row - 1, offset, header, fmt.header)


def data_sheet(book: Workbook, spec: lay.DataSheet, fmt: Formats) -> Worksheet:
    """A sheet with the header band, column formats, frozen header and filter (or an
    Excel Table when the layout names one)."""
    sheet = book.add_worksheet(spec.name)
    if spec.tab_colour:
        sheet.set_tab_color(f"#{spec.tab_colour}")
    _set_columns(sheet, spec.columns, 0, fmt)
    last_column = len(spec.columns) - 1
    header = spec.header_row - 1
    if spec.table_name:
        # An empty table: the header and one blank row, which Excel grows as rows are
        # pasted or typed under it (and the ports resize).
        sheet.add_table(header, 0, header + 1, last_column, {
            "name": spec.table_name,
            "style": "Table Style Medium 2",
            "columns": [{"header": h, "header_format": fmt.header} for h in spec.headers],
        })
        sheet.set_row(header, 30)
    else:
        _header_row(sheet, spec, fmt)
        sheet.autofilter(header, 0, spec.last_data_row - 1, last_column)
    sheet.freeze_panes(spec.first_data_row - 1, spec.freeze_columns)
    if spec.hidden:
        sheet.hide()
    return sheet


def _usable(spec: lay.DataSheet, first_column: int, last_column: int) -> tuple[int, int, int, int]:
    """0-based (first row, first column, last row, last column) of the usable range."""
    return spec.first_data_row - 1, first_column, spec.last_data_row - 1, last_column


def dropdowns(sheet: Worksheet, spec: lay.DataSheet) -> None:
    """A list validation over the usable rows of every column the layout gives a dropdown."""
    for index, column in enumerate(spec.columns):
        if not column.dropdown:
            continue
        first_row, _, last_row, _ = _usable(spec, index, index)
        sheet.data_validation(first_row, index, last_row, index, {
            "validate": "list",
            "source": list(column.dropdown),
            "input_title": column.header,
            "input_message": "Pick: " + ", ".join(column.dropdown),
            "error_title": column.header,
            "error_message": "Pick one of: " + ", ".join(column.dropdown),
        })


def _column_ranges(spec: lay.DataSheet, indexes: list[int]) -> list[str]:
    """A1 ranges over the usable rows of the 1-based columns `indexes` (runs merged)."""
    ranges: list[str] = []
    run: list[int] = []
    for index in [*sorted(indexes), -1]:
        if run and index != run[-1] + 1:
            first, last = lay.column_letter(run[0]), lay.column_letter(run[-1])
            ranges.append(f"{first}{spec.first_data_row}:{last}{spec.last_data_row}")
            run = []
        if index > 0:
            run.append(index)
    return ranges


def _rule_set(sheet: Worksheet, ranges: list[str], rules: list[tuple[str, dict[str, Any]]],
              fmt: Formats) -> None:
    """One ordered list of rules over `ranges`: the first rule that holds decides the cell.

    LibreOffice applies only the first conditional format that covers a cell, and Excel
    combines overlapping ones; ranges that never overlap, rules that each stop when they
    hold and a light border in every format make both show the same thing.
    """
    first = ranges[0]
    for criteria, spec in rules:
        options: dict[str, Any] = {
            "type": "formula", "criteria": criteria, "stop_if_true": True,
            "format": fmt.dxf(border=1, border_color=f"#{LIGHT_BORDER}", **spec),
        }
        if len(ranges) > 1:
            options["multi_range"] = " ".join(ranges)
        sheet.conditional_format(first, options)


def result_colours(sheet: Worksheet, spec: lay.DataSheet, fmt: Formats) -> None:
    """Colour rules of a result sheet, written once for the whole usable range: category
    colours on Status/Category, purple bold text on rows the supplier changed after the
    user decided, red non-zero differences and refused uploads, yellow cells the user
    fills in."""
    row = spec.first_data_row
    status, category = spec.letter(d.MATCH_STATUS), spec.letter(d.CATEGORY)
    changed_cell = f"${spec.letter(d.CHANGED_SINCE_DECISION)}{row}"
    filled = f'=${category}{row}<>""'
    changed = f'=OR({changed_cell}=TRUE,{changed_cell}="{lay.FLAG_TRUE}")'
    purple: dict[str, Any] = {"bold": True, "font_color": f"#{lay.CHANGED_FONT}"}
    plain: dict[str, Any] = {}
    input_fill: dict[str, Any] = {"bg_color": f"#{lay.INPUT_FILL}"}

    status_columns = [spec.index(d.MATCH_STATUS), spec.index(d.CATEGORY)]
    action_columns = [spec.index(d.ACTION)]
    input_columns = [spec.index(d.REMARKS), spec.index(lay.TICK), spec.index(lay.LINK_TO),
                     spec.index(d.ITC_RED_REQ),
                     *(spec.index(column) for column in d.DECL_COLUMNS)]
    diff_columns = [spec.index(c.field) for c in spec.columns if c.field.startswith("diff_")]
    upload_columns = [spec.index(lay.UPLOAD_STATUS)]
    taken = set(status_columns + action_columns + input_columns + diff_columns
                + upload_columns)
    other_columns = [i for i in range(1, len(spec.columns) + 1) if i not in taken]

    words = ",".join(f'ISNUMBER(SEARCH("{word}",${status}{row}))'
                     for word in lay.AMBER_STATUS_WORDS)
    amber = {"bg_color": f"#{lay.AMBER.fill}", "font_color": f"#{lay.AMBER.font}"}
    status_rules: list[tuple[str, dict[str, Any]]] = [
        (changed, {**purple, "bg_color": f"#{lay.CHANGED_FILL}"}),
        (f"=OR({words})", amber),
    ]
    for cat in lay.RESULT_SHEET_OF:
        colour = lay.CATEGORY_COLOURS[cat]
        status_rules.append((f'=${category}{row}="{cat.value}"',
                             {"bg_color": f"#{colour.fill}", "font_color": f"#{colour.font}"}))
    status_rules.append((filled, plain))
    _rule_set(sheet, _column_ranges(spec, status_columns), status_rules, fmt)

    action = f"${spec.letter(d.ACTION)}{row}"
    action_rules: list[tuple[str, dict[str, Any]]] = [
        (f'={action}="{label}"', {**input_fill, "bold": True, "font_color": f"#{colour.font}"})
        for label, colour in (
            ("Accept", lay.CATEGORY_COLOURS[Category.MATCHED]),
            ("Reject", lay.CATEGORY_COLOURS[Category.NOT_IN_BOOKS]),
            ("Pending", lay.AMBER),
        )
    ]
    action_rules.append((filled, input_fill))
    _rule_set(sheet, _column_ranges(spec, action_columns), action_rules, fmt)
    _rule_set(sheet, _column_ranges(spec, input_columns), [(filled, input_fill)], fmt)

    diff_ranges = _column_ranges(spec, diff_columns)
    top_left = diff_ranges[0].split(":")[0]
    _rule_set(sheet, diff_ranges, [
        (f"=AND(ISNUMBER({top_left}),{top_left}<>0)", {"bold": True, "font_color": "#C00000"}),
        (changed, purple),
        (filled, plain),
    ], fmt)
    _rule_set(sheet, _column_ranges(spec, upload_columns),
              [_upload_status_red(spec), (changed, purple), (filled, plain)], fmt)
    _rule_set(sheet, _column_ranges(spec, other_columns), [(changed, purple), (filled, plain)],
              fmt)


def _upload_status_red(spec: lay.DataSheet) -> tuple[str, dict[str, Any]]:
    """The rule showing red an Upload Status that says the row was refused by the export
    or by the portal (its error file), so the row is fixed and sent again."""
    cell = f"${spec.letter(lay.UPLOAD_STATUS)}{spec.first_data_row}"
    starts = ",".join(f'LEFT({cell},{len(prefix)})="{prefix}"'
                      for prefix in lay.UPLOAD_RED_PREFIXES)
    red = lay.CATEGORY_COLOURS[Category.NOT_IN_BOOKS]
    return f"=OR({starts})", {"bg_color": f"#{red.fill}", "font_color": f"#{red.font}"}


def log_colours(sheet: Worksheet, fmt: Formats) -> None:
    """The Log's severities in their colours (error red, warning amber, info blue)."""
    spec = lay.LOG_SHEET
    index = spec.index("severity") - 1
    for severity, colour in lay.SEVERITY_COLOURS.items():
        sheet.conditional_format(*_usable(spec, index, index), {
            "type": "cell", "criteria": "==", "value": f'"{severity}"',
            "format": fmt.dxf(bg_color=f"#{colour.fill}", font_color=f"#{colour.font}"),
        })
