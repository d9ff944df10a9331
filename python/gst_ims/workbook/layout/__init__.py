"""THE contract of the workbook: sheets, columns, tables, named cells, colours, dropdowns.

The builder (`build.py`) makes the workbook from this package; the workflow and the ports
read and write the workbook through it. Nothing else spells a sheet name, a header, a
named cell or a number format.

Its modules, one part of the workbook each (callers use the names below, ``lay.X``):

* `columns`: number formats, `ColumnKind`, `Column`, `DataSheet`, `NamedCell`.
* `sheet_names`: the sheets in workbook order; which result sheet shows which category.
* `colours`: category, header, input and severity colours.
* `input_sheets`: Books and IMS.
* `result_sheets`: the columns shared by the result sheets, their tick column.
* `job_sheets`: Links, Log, Suppliers, History, and `DATA_SHEETS`.
* `home`: Home's status cells and fixed texts.
* `settings_sheet`: the Settings rows and the register column mapping.
* `summary`: Summary's blocks, charts and stamp.
* `jobs`: the jobs' macros and entry points, the xlwings.conf entries.
* `defined_names`: the version stamps and every named cell.

Conventions
-----------
* Rows and columns are 1-based, as Excel counts them. Every data sheet has its header
  on `header_row` and data from `first_data_row` down; the builder formats, colours and
  validates rows `first_data_row..last_data_row` ("the usable range").
* A `Column.field` says which value a column holds:

  - ``"<name>"`` on the IMS, Books and Log sheets: that column of the IMS frame
    (`IMS_COLUMNS`), the Books frame (`BOOKS_COLUMNS`) or the `Problem` (plus ``time``).
  - On the result sheets (`RESULT_COLUMNS`, one list shared by all four):

    + ``"<name>"`` — a column of the reconciliation frame (`RECON_COLUMNS`);
    + ``"ims.<name>"`` — the IMS frame's column at the row's ``ims_id`` (blank when the
      row has no IMS document);
    + ``"books.<name>"`` — the Books frame's column at the row's ``books_id`` (blank when
      the row has no books document);
    + ``"doc.<name>"`` — the IMS value when the row has an IMS document, else the books
      value (supplier, document type: the columns a user sorts and filters by);
    + a name in `SHEET_ONLY_FIELDS` — held only by the sheet (``upload_status``, written
      by the export).

* How a value is shown is the column's `ColumnKind`: money as rupees (paise / 100) with
  Indian digit grouping; dates as real dates shown ``dd-mm-yyyy``; GSTINs, document
  numbers and codes as text (``@``, so ``00123`` and ``1E5`` stay text); Action columns
  show the label (``Accept``), read back through `Action.parse`; flags as ``Yes`` / ``No``
  (a user may also type TRUE/FALSE, Y/N).
"""

from __future__ import annotations

from gst_ims.workbook.layout.colours import (
    AMBER,
    AMBER_STATUS_WORDS,
    CATEGORY_COLOURS,
    CHANGED_FILL,
    CHANGED_FONT,
    HEADER_FILL,
    HEADER_FONT,
    INPUT_FILL,
    SEVERITY_COLOURS,
    Colour,
)
from gst_ims.workbook.layout.columns import (
    FLAG_FALSE,
    FLAG_TRUE,
    FORMAT_DATE,
    FORMAT_DATETIME,
    FORMAT_GENERAL,
    FORMAT_INTEGER,
    FORMAT_RUPEES,
    FORMAT_RUPEES_SIGNED,
    FORMAT_TEXT,
    YES_NO_CODES,
    Column,
    ColumnKind,
    DataSheet,
    NamedCell,
    column_letter,
)
from gst_ims.workbook.layout.defined_names import (
    ALL_NAMED_CELLS,
    LAYOUT_VERSION,
    LAYOUT_VERSION_NAME,
    XLWINGS_VERSION_NAME,
)
from gst_ims.workbook.layout.home import (
    COUNT_CELLS,
    DEADLINE_CELLS,
    DEADLINE_NAMED_CELLS,
    ERRORS_IMPORTED_AT,
    EXPORTED_AT,
    FORMULA_CELLS,
    HOME_HOW_TO,
    HOME_STATUS_CELLS,
    HOME_STATUS_FIRST_ROW,
    HOME_STATUS_LABEL_COLUMN,
    HOME_STATUS_VALUE_COLUMN,
    HOME_SUBTITLE,
    HOME_TITLE_CELL,
    IMS_DIALECT,
    IMS_DOCUMENTS,
    IMS_IMPORTED_AT,
    ITC_AT_STAKE,
    LAST_MESSAGE,
    NO_ACTION_LEFT,
    PATH_SEPARATOR,
    PENDING_CN_DEEMED,
    PICKED_ERROR_FILES,
    PICKED_IMS_FILES,
    PICKED_REGISTER_FILE,
    PORTAL_ERRORS,
    RECIPIENT_GSTIN_SHOWN,
    RECONCILED_AT,
    REGISTER_IMPORTED_AT,
    REGISTER_ROWS,
    RETURN_PERIOD_SHOWN,
    UPLOAD_FILES,
    WORKBOOK_TITLE,
)
from gst_ims.workbook.layout.input_sheets import (
    BOOKS_SHEET,
    IMS_SHEET,
)
from gst_ims.workbook.layout.job_sheets import (
    DATA_SHEETS,
    HISTORY_SHEET,
    LINKS_SHEET,
    LOG_SHEET,
    LOG_TIME,
    SUPPLIER_STATUS,
    SUPPLIER_STATUSES,
    SUPPLIERS_SHEET,
)
from gst_ims.workbook.layout.jobs import (
    JOBS,
    PYTHON_MODULE,
    XLWINGS_CONF_ENTRIES,
    Job,
    run_python_command,
)
from gst_ims.workbook.layout.result_sheets import (
    BOOKS_PREFIX,
    DOC_PREFIX,
    IMS_PREFIX,
    ITC_RED_DROPDOWN,
    LINK_TO,
    RESULT_COLUMNS,
    RESULT_SHEET_LAYOUTS,
    SHEET_ONLY_FIELDS,
    TICK,
    TICK_HEADERS,
    UPLOAD_PORTAL_ERROR,
    UPLOAD_RED_PREFIXES,
    UPLOAD_REFUSED,
    UPLOAD_STATUS,
    UPLOAD_WRITTEN,
)
from gst_ims.workbook.layout.settings_sheet import (
    MAPPED_FIELDS,
    MAPPING_FIELD_COLUMN,
    MAPPING_FIRST_ROW,
    MAPPING_HEADER_ROW,
    MAPPING_HEADERS,
    MAPPING_MEANING_COLUMN,
    MAPPING_TABLE,
    MAPPING_VALUE_COLUMN,
    OPTIONAL_RECON_SETTING_KEYS,
    OUTPUT_FOLDER,
    RECIPIENT_GSTIN,
    RECON_SETTING_KEYS,
    SETTING_CELLS,
    SETTING_ROWS,
    SETTINGS_EXPLANATION_COLUMN,
    SETTINGS_FIRST_ROW,
    SETTINGS_HEADER_ROW,
    SETTINGS_HEADERS,
    SETTINGS_KEY_COLUMN,
    SETTINGS_LABEL_COLUMN,
    SETTINGS_TABLE,
    SETTINGS_VALUE_COLUMN,
    UPLOAD_KEY_STYLES,
    YES_NO_LABELS,
    Setting,
    SettingKind,
    setting_cell,
)
from gst_ims.workbook.layout.sheet_names import (
    BOOKS,
    HISTORY,
    HOME,
    IMS,
    LINKS,
    LOG,
    MATCHED,
    MISMATCHED,
    NOT_IN_BOOKS,
    NOT_IN_IMS,
    RESULT_SHEET_OF,
    RESULT_SHEETS,
    SETTINGS,
    SHEET_ORDER,
    SUGGESTED,
    SUMMARY,
    SUPPLIERS,
    XLWINGS_CONF,
)
from gst_ims.workbook.layout.summary import (
    SUMMARY_ACTION_BLOCK,
    SUMMARY_BLOCKS,
    SUMMARY_CATEGORY_BLOCK,
    SUMMARY_CHARTS,
    SUMMARY_STAMP,
    SUMMARY_SUPPLIER_BLOCK,
    SUMMARY_TITLE_CELL,
    SUMMARY_TOP_SUPPLIERS_BLOCK,
    SummaryBlock,
    SummaryChart,
)

__all__ = [
    "ALL_NAMED_CELLS",
    "AMBER",
    "AMBER_STATUS_WORDS",
    "BOOKS",
    "BOOKS_PREFIX",
    "BOOKS_SHEET",
    "CATEGORY_COLOURS",
    "CHANGED_FILL",
    "CHANGED_FONT",
    "COUNT_CELLS",
    "DATA_SHEETS",
    "DEADLINE_CELLS",
    "DEADLINE_NAMED_CELLS",
    "DOC_PREFIX",
    "ERRORS_IMPORTED_AT",
    "EXPORTED_AT",
    "FLAG_FALSE",
    "FLAG_TRUE",
    "FORMAT_DATE",
    "FORMAT_DATETIME",
    "FORMAT_GENERAL",
    "FORMAT_INTEGER",
    "FORMAT_RUPEES",
    "FORMAT_RUPEES_SIGNED",
    "FORMAT_TEXT",
    "FORMULA_CELLS",
    "HEADER_FILL",
    "HEADER_FONT",
    "HISTORY",
    "HISTORY_SHEET",
    "HOME",
    "HOME_HOW_TO",
    "HOME_STATUS_CELLS",
    "HOME_STATUS_FIRST_ROW",
    "HOME_STATUS_LABEL_COLUMN",
    "HOME_STATUS_VALUE_COLUMN",
    "HOME_SUBTITLE",
    "HOME_TITLE_CELL",
    "IMS",
    "IMS_DIALECT",
    "IMS_DOCUMENTS",
    "IMS_IMPORTED_AT",
    "IMS_PREFIX",
    "IMS_SHEET",
    "INPUT_FILL",
    "ITC_AT_STAKE",
    "ITC_RED_DROPDOWN",
    "JOBS",
    "LAST_MESSAGE",
    "LAYOUT_VERSION",
    "LAYOUT_VERSION_NAME",
    "LINKS",
    "LINKS_SHEET",
    "LINK_TO",
    "LOG",
    "LOG_SHEET",
    "LOG_TIME",
    "MAPPED_FIELDS",
    "MAPPING_FIELD_COLUMN",
    "MAPPING_FIRST_ROW",
    "MAPPING_HEADERS",
    "MAPPING_HEADER_ROW",
    "MAPPING_MEANING_COLUMN",
    "MAPPING_TABLE",
    "MAPPING_VALUE_COLUMN",
    "MATCHED",
    "MISMATCHED",
    "NOT_IN_BOOKS",
    "NOT_IN_IMS",
    "NO_ACTION_LEFT",
    "OPTIONAL_RECON_SETTING_KEYS",
    "OUTPUT_FOLDER",
    "PATH_SEPARATOR",
    "PENDING_CN_DEEMED",
    "PICKED_ERROR_FILES",
    "PICKED_IMS_FILES",
    "PICKED_REGISTER_FILE",
    "PORTAL_ERRORS",
    "PYTHON_MODULE",
    "RECIPIENT_GSTIN",
    "RECIPIENT_GSTIN_SHOWN",
    "RECONCILED_AT",
    "RECON_SETTING_KEYS",
    "REGISTER_IMPORTED_AT",
    "REGISTER_ROWS",
    "RESULT_COLUMNS",
    "RESULT_SHEETS",
    "RESULT_SHEET_LAYOUTS",
    "RESULT_SHEET_OF",
    "RETURN_PERIOD_SHOWN",
    "SETTINGS",
    "SETTINGS_EXPLANATION_COLUMN",
    "SETTINGS_FIRST_ROW",
    "SETTINGS_HEADERS",
    "SETTINGS_HEADER_ROW",
    "SETTINGS_KEY_COLUMN",
    "SETTINGS_LABEL_COLUMN",
    "SETTINGS_TABLE",
    "SETTINGS_VALUE_COLUMN",
    "SETTING_CELLS",
    "SETTING_ROWS",
    "SEVERITY_COLOURS",
    "SHEET_ONLY_FIELDS",
    "SHEET_ORDER",
    "SUGGESTED",
    "SUMMARY",
    "SUMMARY_ACTION_BLOCK",
    "SUMMARY_BLOCKS",
    "SUMMARY_CATEGORY_BLOCK",
    "SUMMARY_CHARTS",
    "SUMMARY_STAMP",
    "SUMMARY_SUPPLIER_BLOCK",
    "SUMMARY_TITLE_CELL",
    "SUMMARY_TOP_SUPPLIERS_BLOCK",
    "SUPPLIERS",
    "SUPPLIERS_SHEET",
    "SUPPLIER_STATUS",
    "SUPPLIER_STATUSES",
    "TICK",
    "TICK_HEADERS",
    "UPLOAD_FILES",
    "UPLOAD_KEY_STYLES",
    "UPLOAD_PORTAL_ERROR",
    "UPLOAD_RED_PREFIXES",
    "UPLOAD_REFUSED",
    "UPLOAD_STATUS",
    "UPLOAD_WRITTEN",
    "WORKBOOK_TITLE",
    "XLWINGS_CONF",
    "XLWINGS_CONF_ENTRIES",
    "XLWINGS_VERSION_NAME",
    "YES_NO_CODES",
    "YES_NO_LABELS",
    "Colour",
    "Column",
    "ColumnKind",
    "DataSheet",
    "Job",
    "NamedCell",
    "Setting",
    "SettingKind",
    "SummaryBlock",
    "SummaryChart",
    "column_letter",
    "run_python_command",
    "setting_cell",
]
