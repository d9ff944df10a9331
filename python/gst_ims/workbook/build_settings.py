"""The Settings sheet (one row per setting, then the register column mapping) and the
hidden xlwings.conf sheet."""

from __future__ import annotations

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from gst_ims.workbook import layout as lay
from gst_ims.workbook.build_formats import Formats


def settings_sheet(book: Workbook, fmt: Formats) -> Worksheet:
    """Settings: one row per setting (key, label, value with its validation, explanation)
    in a table, then the register column mapping table."""
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


def xlwings_conf_sheet(book: Workbook) -> Worksheet:
    """The hidden xlwings.conf sheet: one key and value a row."""
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
