"""The workbook-level defined names: the version stamps and every named cell."""

from __future__ import annotations

from typing import Final

from gst_ims.workbook.layout.columns import NamedCell
from gst_ims.workbook.layout.home import HOME_STATUS_CELLS
from gst_ims.workbook.layout.settings_sheet import SETTING_CELLS
from gst_ims.workbook.layout.summary import SUMMARY_STAMP

# A workbook-level name holding the xlwings version of the embedded VBA module, so the
# set-up check can compare it with the installed xlwings without decoding the VBA.
XLWINGS_VERSION_NAME: Final = "GstIms_Xlwings_Version"
# The version of this layout, stamped into every workbook built (a workbook-level name
# holding a constant, hidden from the sheets). Raise it whenever a sheet, column, table
# or named cell moves, so that a workbook built by an older release is upgraded
# (`gst-ims upgrade-workbook`) instead of written with today's column letters. Workbooks
# made before the stamp existed count as version 1.
LAYOUT_VERSION: Final = 2
LAYOUT_VERSION_NAME: Final = "GstIms_Layout_Version"

# Every defined name of the workbook (Home status, Settings values, Summary stamp).
ALL_NAMED_CELLS: Final[tuple[NamedCell, ...]] = (
    *HOME_STATUS_CELLS, *SETTING_CELLS, SUMMARY_STAMP,
)
