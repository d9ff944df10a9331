"""Build the macro workbook from `gst_ims/vba/`, `layout.py` and the pinned xlwings.

XlsxWriter writes the sheets, tables, dropdowns, colour rules, buttons and names that
`layout.py` describes; `vba_project.py` makes the VBA project; `ribbon.py` adds the ribbon
tab and rewrites the package with fixed dates and sorted entries, so two builds are
byte-identical. The build checks its own result before writing it.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any, Final

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from gst_ims.domain import documents as d
from gst_ims.domain.documents import ACTION_LABELS, Category
from gst_ims.workbook import layout as lay
from gst_ims.workbook.build_check import (
    WorkbookBuildError,
    check_workbook,
    code_names,
    defined_macros,
)
from gst_ims.workbook.ribbon import add_ribbon, read_package, write_package
from gst_ims.workbook.vba_project import (
    XLWINGS_VERSION,
    VbaModule,
    build_vba_project,
    read_module,
)

# Both are package data, so an installed wheel can make a workbook (`new-workbook` copies
# the built one) and a source checkout rebuilds it in place.
PACKAGE_DIR: Final = Path(__file__).resolve().parents[1]
VBA_DIR: Final = PACKAGE_DIR / "vba"
DEFAULT_OUT: Final = PACKAGE_DIR / "xlsx" / "GST_IMS_Reconciler.xlsm"
VBA_MODULE_FILES: Final[tuple[str, ...]] = ("Jobs.bas", "Launch.bas", "Ribbon.bas",
                                             "Dialogs.bas")
RIBBON_FILE: Final = "customUI14.xml"
# Fixed so that two builds are byte-identical (XlsxWriter stamps created/modified).
FIXED_CREATED: Final = datetime(2025, 1, 1, 0, 0, 0)
PROPERTIES: Final[dict[str, Any]] = {
    "title": lay.WORKBOOK_TITLE,
    "subject": "GST Invoice Management System reconciliation",
    "author": "gst-ims",
    "company": "",
    "category": "GST",
    "keywords": "GST, IMS, ITC, reconciliation",
    "comments": "Built by gst-ims build-workbook from gst_ims/vba/ and layout.py. Do not "
    "edit the VBA here: edit gst_ims/vba/ and rebuild.",
    "created": FIXED_CREATED,
}
__all__ = ["WorkbookBuildError", "build_workbook", "check_workbook", "code_names",
           "defined_macros", "vba_modules", "workbook_bytes"]
FONT: Final = "Calibri"
NAVY: Final = "1F3864"
GREY_TEXT: Final = "595959"
LIGHT_BORDER: Final = "BFBFBF"


class _Formats:
    """The cell formats of the workbook, made once per build."""

    def __init__(self, book: Workbook) -> None:
        base: dict[str, Any] = {"font_name": FONT, "font_size": 10}
        self.book = book
        self.header = book.add_format({
            **base, "bold": True, "font_color": lay.HEADER_FONT, "bg_color": lay.HEADER_FILL,
            "text_wrap": True, "valign": "vcenter", "border": 1, "border_color": "FFFFFF",
        })
        self.title = book.add_format({**base, "bold": True, "font_size": 20, "font_color": NAVY})
        self.subtitle = book.add_format({**base, "italic": True, "font_color": GREY_TEXT})
        self.section = book.add_format({
            **base, "bold": True, "font_size": 12, "font_color": NAVY, "bottom": 2,
            "bottom_color": NAVY,
        })
        self.step = book.add_format({
            **base, "bold": True, "font_size": 22, "font_color": "FFFFFF", "bg_color": NAVY,
            "align": "center", "valign": "vcenter",
        })
        self.label = book.add_format({**base, "font_color": GREY_TEXT, "bottom": 1,
                                      "bottom_color": "D9D9D9"})
        self.note = book.add_format({**base, "font_color": GREY_TEXT})
        self.note_bold = book.add_format({**base, "bold": True, "font_color": NAVY})
        self.key = book.add_format({**base, "font_color": "808080", "font_size": 9,
                                    "num_format": lay.FORMAT_TEXT})
        self.plain = book.add_format({**base, "text_wrap": True, "valign": "top"})
        self._kinds: dict[tuple[str, bool, str, bool], Any] = {}
        self._category_labels: dict[Category, Any] = {}

    def kind(self, number_format: str, *, boxed: bool = False, fill: str = "",
             left: bool = False) -> Any:
        """A cell format for a number format; `boxed` adds a light border (status cells),
        `fill` a background (input cells), `left` aligns numbers left too."""
        key = (number_format, boxed, fill, left)
        if key not in self._kinds:
            spec: dict[str, Any] = {"font_name": FONT, "font_size": 10,
                                    "num_format": number_format, "valign": "vcenter"}
            if boxed:
                spec.update({"border": 1, "border_color": LIGHT_BORDER})
            if fill:
                spec["bg_color"] = fill
            if number_format == lay.FORMAT_TEXT or left:
                spec["align"] = "left"
            self._kinds[key] = self.book.add_format(spec)
        return self._kinds[key]

    def category_label(self, category: Category) -> Any:
        """Label cell in the category's colours (Home counts, Summary)."""
        if category not in self._category_labels:
            colour = lay.CATEGORY_COLOURS[category]
            self._category_labels[category] = self.book.add_format({
                "font_name": FONT, "font_size": 10, "bold": True, "bg_color": colour.fill,
                "font_color": colour.font, "border": 1, "border_color": LIGHT_BORDER,
            })
        return self._category_labels[category]

    def dxf(self, **spec: Any) -> Any:
        """A conditional-format (differential) format."""
        return self.book.add_format(spec)


# --- data sheets -----------------------------------------------------------------------


def _set_columns(sheet: Worksheet, columns: tuple[lay.Column, ...], first: int,
                 fmt: _Formats) -> None:
    for offset, column in enumerate(columns):
        index = first + offset
        options = {"hidden": True} if column.hidden else None
        sheet.set_column(index, index, column.width, fmt.kind(column.number_format), options)


def _header_row(sheet: Worksheet, spec: lay.DataSheet, fmt: _Formats) -> None:
    sheet.set_row(spec.header_row - 1, 30)
    for offset, header in enumerate(spec.headers):
        sheet.write_string(spec.header_row - 1, offset, header, fmt.header)


def _data_sheet(book: Workbook, spec: lay.DataSheet, fmt: _Formats) -> Worksheet:
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


def _dropdowns(sheet: Worksheet, spec: lay.DataSheet) -> None:
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
              fmt: _Formats) -> None:
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


def _result_colours(sheet: Worksheet, spec: lay.DataSheet, fmt: _Formats) -> None:
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


def _log_colours(sheet: Worksheet, fmt: _Formats) -> None:
    spec = lay.LOG_SHEET
    index = spec.index("severity") - 1
    for severity, colour in lay.SEVERITY_COLOURS.items():
        sheet.conditional_format(*_usable(spec, index, index), {
            "type": "cell", "criteria": "==", "value": f'"{severity}"',
            "format": fmt.dxf(bg_color=f"#{colour.fill}", font_color=f"#{colour.font}"),
        })


# --- Home ------------------------------------------------------------------------------
_HOME_STEP_COLUMN: Final = 1  # B: the big step number
_HOME_BUTTON_COLUMN: Final = 2  # C: the button
_HOME_BUTTON_WIDTH: Final = 300
_STEP_ROWS: Final = 3  # a numbered step is three rows high
_HOME_FIRST_BUTTON_ROW: Final = 6  # 1-based


def _home(book: Workbook, fmt: _Formats) -> Worksheet:
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


# --- Summary, Settings, xlwings.conf -----------------------------------------------------


def _summary(book: Workbook, fmt: _Formats) -> Worksheet:
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


def _settings(book: Workbook, fmt: _Formats) -> Worksheet:
    sheet = book.add_worksheet(lay.SETTINGS)
    sheet.hide_gridlines(2)
    sheet.set_tab_color("#808080")
    sheet.set_column(0, 0, 2)
    sheet.set_column(lay.SETTINGS_KEY_COLUMN - 1, lay.SETTINGS_KEY_COLUMN - 1, 26, fmt.key)
    sheet.set_column(lay.SETTINGS_LABEL_COLUMN - 1, lay.SETTINGS_LABEL_COLUMN - 1, 40)
    sheet.set_column(lay.SETTINGS_VALUE_COLUMN - 1, lay.SETTINGS_VALUE_COLUMN - 1, 34)
    sheet.set_column(lay.SETTINGS_EXPLANATION_COLUMN - 1, lay.SETTINGS_EXPLANATION_COLUMN - 1,
                     90)
    sheet.set_row(0, 28)
    sheet.write_string(0, lay.SETTINGS_KEY_COLUMN - 1, "Settings", fmt.title)
    sheet.write_string(1, lay.SETTINGS_KEY_COLUMN - 1,
                       "Change the yellow cells. The grey keys are what the jobs read: leave "
                       "them as they are.", fmt.subtitle)
    first_column = lay.SETTINGS_KEY_COLUMN - 1
    last_row = lay.SETTINGS_FIRST_ROW - 1 + len(lay.SETTING_ROWS) - 1
    sheet.add_table(lay.SETTINGS_HEADER_ROW - 1, first_column, last_row,
                    lay.SETTINGS_EXPLANATION_COLUMN - 1, {
                        "name": lay.SETTINGS_TABLE, "style": "Table Style Light 1",
                        "autofilter": False,
                        "columns": [{"header": h, "header_format": fmt.header}
                                    for h in lay.SETTINGS_HEADERS],
                    })
    number_formats = {
        lay.SettingKind.RUPEES: lay.FORMAT_RUPEES, lay.SettingKind.INTEGER: "0",
        lay.SettingKind.YES_NO: lay.FORMAT_TEXT, lay.SettingKind.GSTIN: lay.FORMAT_TEXT,
        lay.SettingKind.PATH: lay.FORMAT_TEXT, lay.SettingKind.CHOICE: lay.FORMAT_TEXT,
        lay.SettingKind.MONTH: lay.FORMAT_TEXT,
        lay.SettingKind.PERIOD: lay.FORMAT_TEXT, lay.SettingKind.DATE: lay.FORMAT_DATE,
    }
    for offset, setting in enumerate(lay.SETTING_ROWS):
        row = lay.SETTINGS_FIRST_ROW - 1 + offset
        value_format = fmt.kind(number_formats[setting.kind], boxed=True, fill=lay.INPUT_FILL)
        sheet.write_string(row, lay.SETTINGS_KEY_COLUMN - 1, setting.key, fmt.key)
        sheet.write_string(row, lay.SETTINGS_LABEL_COLUMN - 1, setting.label, fmt.plain)
        value_column = lay.SETTINGS_VALUE_COLUMN - 1
        if isinstance(setting.default, str):
            if setting.default:
                sheet.write_string(row, value_column, setting.default, value_format)
            else:
                sheet.write_blank(row, value_column, None, value_format)
        else:
            sheet.write_number(row, value_column, setting.default, value_format)
        sheet.write_string(row, lay.SETTINGS_EXPLANATION_COLUMN - 1, setting.explanation,
                           fmt.plain)
        if setting.kind is lay.SettingKind.YES_NO:
            sheet.data_validation(row, value_column, row, value_column, {
                "validate": "list", "source": list(lay.YES_NO_LABELS),
            })
        elif setting.kind is lay.SettingKind.CHOICE:
            sheet.data_validation(row, value_column, row, value_column, {
                "validate": "list", "source": list(setting.choices),
                # Excel refuses a validation whose error title is over 32 characters.
                "error_title": setting.label if len(setting.label) <= 32
                else setting.label[:31] + "…",
                "error_message": "Pick one of: " + ", ".join(setting.choices),
            })
        elif setting.kind is lay.SettingKind.GSTIN:
            sheet.data_validation(row, value_column, row, value_column, {
                "validate": "length", "criteria": "==", "value": 15, "ignore_blank": True,
                "error_title": "GSTIN", "error_message": "A GSTIN has 15 characters.",
            })

    sheet.write_string(lay.MAPPING_HEADER_ROW - 3, first_column, "Register column mapping",
                       fmt.section)
    sheet.write_string(lay.MAPPING_HEADER_ROW - 2, first_column,
                       "Which header of your own register holds each field. Leave blank: "
                       "the usual spellings are recognised automatically.", fmt.subtitle)
    mapping_last = lay.MAPPING_FIRST_ROW - 1 + len(lay.MAPPED_FIELDS) - 1
    sheet.add_table(lay.MAPPING_HEADER_ROW - 1, first_column, mapping_last,
                    lay.MAPPING_VALUE_COLUMN - 1, {
                        "name": lay.MAPPING_TABLE, "style": "Table Style Light 1",
                        "autofilter": False,
                        "columns": [{"header": h, "header_format": fmt.header}
                                    for h in lay.MAPPING_HEADERS],
                    })
    headers = lay.BOOKS_SHEET.header_map()
    for offset, field in enumerate(lay.MAPPED_FIELDS):
        row = lay.MAPPING_FIRST_ROW - 1 + offset
        sheet.write_string(row, lay.MAPPING_FIELD_COLUMN - 1, field, fmt.key)
        sheet.write_string(row, lay.MAPPING_MEANING_COLUMN - 1, headers[field], fmt.plain)
        sheet.write_blank(row, lay.MAPPING_VALUE_COLUMN - 1, None,
                          fmt.kind(lay.FORMAT_TEXT, boxed=True, fill=lay.INPUT_FILL))
    return sheet


def _xlwings_conf(book: Workbook) -> Worksheet:
    # xlwings reads keys from A1 down to the first blank: no title row.
    sheet = book.add_worksheet(lay.XLWINGS_CONF)
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 60)
    for row, (key, value) in enumerate(lay.XLWINGS_CONF_ENTRIES):
        sheet.write_string(row, 0, key)
        if isinstance(value, bool):
            sheet.write_boolean(row, 1, value)
        elif value:
            sheet.write_string(row, 1, value)
    sheet.hide()
    return sheet


# --- the whole workbook ----------------------------------------------------------------


def _xlsx_bytes(vba_project: bytes) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties(PROPERTIES)
    book.set_size(1600, 1000)
    fmt = _Formats(book)
    for name in lay.SHEET_ORDER:
        if name == lay.HOME:
            _home(book, fmt)
        elif name in lay.DATA_SHEETS:
            spec = lay.DATA_SHEETS[name]
            sheet = _data_sheet(book, spec, fmt)
            _dropdowns(sheet, spec)
            if name in lay.RESULT_SHEETS:
                _result_colours(sheet, spec, fmt)
            elif name == lay.LOG:
                _log_colours(sheet, fmt)
        elif name == lay.SUMMARY:
            _summary(book, fmt)
        elif name == lay.SETTINGS:
            _settings(book, fmt)
        elif name == lay.XLWINGS_CONF:
            _xlwings_conf(book)
        else:  # pragma: no cover - layout and builder out of step
            raise WorkbookBuildError(f"no builder for sheet {name!r}")
    for cell in lay.ALL_NAMED_CELLS:
        book.define_name(cell.name, cell.refers_to)
    book.define_name(lay.XLWINGS_VERSION_NAME, f'="{XLWINGS_VERSION}"')
    book.define_name(lay.LAYOUT_VERSION_NAME, f'="{lay.LAYOUT_VERSION}"')
    book.add_vba_project(io.BytesIO(vba_project), is_stream=True)
    book.close()
    return buffer.getvalue()


def vba_modules(vba_dir: Path = VBA_DIR) -> list[VbaModule]:
    """The modules of `vba/` that go into the workbook (beside xlwings' own)."""
    missing = [name for name in VBA_MODULE_FILES if not (vba_dir / name).is_file()]
    if missing:
        raise WorkbookBuildError(f"{vba_dir} lacks {', '.join(missing)}")
    return [read_module(vba_dir / name) for name in VBA_MODULE_FILES]


def workbook_bytes(vba_dir: Path = VBA_DIR) -> bytes:
    """The complete .xlsm as bytes, checked (see `check_workbook`)."""
    modules = vba_modules(vba_dir)
    project = build_vba_project(modules, sheet_count=len(lay.SHEET_ORDER))
    parts = read_package(_xlsx_bytes(project))
    add_ribbon(parts, (vba_dir / RIBBON_FILE).read_bytes())
    data = write_package(parts)
    check_workbook(data, modules)
    return data


def build_workbook(out: Path = DEFAULT_OUT) -> Path:
    """Build the macro workbook into `out` (written atomically) and return its path."""
    from gst_ims.upload.files import write_atomically

    data = workbook_bytes()
    out.parent.mkdir(parents=True, exist_ok=True)
    # A workbook is an ordinary document: the mode any new file gets, not a temporary
    # file's private 0600 (a colleague on a shared folder could not open it).
    write_atomically(out, data)
    return out
