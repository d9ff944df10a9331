"""The Settings sheet: one row per setting of the settings table (key, label, value,
explanation) and, below it, the register column mapping."""

from __future__ import annotations

from typing import Final

from gst_ims.domain.settings_table import DEFAULT_ACTION_PREFIX
from gst_ims.domain.settings_table import SETTINGS as SETTING_TABLE
from gst_ims.domain.settings_table import UPLOAD_KEY_STYLES as UPLOAD_KEY_STYLES
from gst_ims.domain.settings_table import Setting as Setting
from gst_ims.domain.settings_table import SettingKind as SettingKind
from gst_ims.workbook.layout.columns import FLAG_FALSE, FLAG_TRUE, NamedCell
from gst_ims.workbook.layout.input_sheets import BOOKS_SHEET
from gst_ims.workbook.layout.sheet_names import SETTINGS

# --- Settings: key / value / explanation ------------------------------------------------


SETTINGS_KEY_COLUMN: Final = 2  # B: key (small, grey; the code reads it)
SETTINGS_LABEL_COLUMN: Final = 3  # C: the setting in words
SETTINGS_VALUE_COLUMN: Final = 4  # D: value (yellow input cell)
SETTINGS_EXPLANATION_COLUMN: Final = 5  # E
SETTINGS_HEADER_ROW: Final = 3
SETTINGS_HEADERS: Final[tuple[str, ...]] = ("Key", "Setting", "Value", "What it does")
SETTINGS_TABLE: Final = "tblSettings"
YES_NO_LABELS: Final[tuple[str, ...]] = (FLAG_TRUE, FLAG_FALSE)

# The rows of the Settings sheet: the settings table, in its order.
SETTING_ROWS: Final[tuple[Setting, ...]] = SETTING_TABLE
# What ReconSettings reads: its fields' keys (every workbook has them) and the default
# actions (added after workbooks were in use: a workbook without them keeps the defaults).
RECON_SETTING_KEYS: Final[tuple[str, ...]] = tuple(
    row.key for row in SETTING_TABLE if row.attribute is not None)
OPTIONAL_RECON_SETTING_KEYS: Final[tuple[str, ...]] = tuple(
    row.key for row in SETTING_TABLE if row.key.startswith(DEFAULT_ACTION_PREFIX))
SETTINGS_FIRST_ROW: Final = SETTINGS_HEADER_ROW + 1


def setting_cell(key: str) -> NamedCell:
    """The named value cell of setting `key` (name ``Setting_<key>``)."""
    for offset, setting in enumerate(SETTING_ROWS):
        if setting.key == key:
            return NamedCell(
                f"Setting_{key}", SETTINGS, SETTINGS_FIRST_ROW + offset,
                SETTINGS_VALUE_COLUMN, setting.label,
            )
    raise KeyError(f"no setting {key!r}")


SETTING_CELLS: Final[tuple[NamedCell, ...]] = tuple(setting_cell(s.key) for s in SETTING_ROWS)
RECIPIENT_GSTIN: Final = setting_cell("recipient_gstin")
OUTPUT_FOLDER: Final = setting_cell("output_folder")

# Register column mapping: which header of the user's register holds each field. Blank =
# recognised automatically (the register reader's aliases).
MAPPING_TABLE: Final = "tblColumnMapping"
MAPPING_HEADERS: Final[tuple[str, ...]] = ("Field", "Meaning", "Your register's header")
MAPPING_HEADER_ROW: Final = SETTINGS_FIRST_ROW + len(SETTING_ROWS) + 3
MAPPING_FIRST_ROW: Final = MAPPING_HEADER_ROW + 1
MAPPING_FIELD_COLUMN: Final = SETTINGS_KEY_COLUMN  # B: canonical field
MAPPING_MEANING_COLUMN: Final = SETTINGS_LABEL_COLUMN  # C: what it is (the Books header)
MAPPING_VALUE_COLUMN: Final = SETTINGS_VALUE_COLUMN  # D: the user's header, blank = auto
MAPPED_FIELDS: Final[tuple[str, ...]] = BOOKS_SHEET.fields
