"""The names of the sheets, in workbook order, and which result sheet shows which
category."""

from __future__ import annotations

from typing import Final

from gst_ims.domain.documents import Category

# --- sheet names, in workbook order -----------------------------------------------------
HOME: Final = "Home"
BOOKS: Final = "Books"
IMS: Final = "IMS"
MATCHED: Final = "Matched"
MISMATCHED: Final = "Mismatched"
SUGGESTED: Final = "Suggested"
NOT_IN_BOOKS: Final = "Not in Books"
NOT_IN_IMS: Final = "Not in IMS"
SUMMARY: Final = "Summary"
SUPPLIERS: Final = "Suppliers"
SETTINGS: Final = "Settings"
LOG: Final = "Log"
LINKS: Final = "Links"  # hidden; the pairings the user made, by stable keys
HISTORY: Final = "History"  # hidden: the audit trail of changes made by jobs
XLWINGS_CONF: Final = "xlwings.conf"  # hidden; xlwings reads its settings from it

SHEET_ORDER: Final[tuple[str, ...]] = (
    HOME, BOOKS, IMS, MATCHED, MISMATCHED, SUGGESTED, NOT_IN_BOOKS, NOT_IN_IMS, SUMMARY,
    SUPPLIERS, SETTINGS, LOG, LINKS, HISTORY, XLWINGS_CONF,
)

# Reverse-charge and ineligible lines (Category.NOT_EXPECTED), lines the user excluded and
# unpaired lines outside the books period have no sheet: Summary counts them.
RESULT_SHEET_OF: Final[dict[Category, str]] = {
    Category.MATCHED: MATCHED,
    Category.MISMATCHED: MISMATCHED,
    Category.SUGGESTED: SUGGESTED,
    Category.NOT_IN_BOOKS: NOT_IN_BOOKS,
    Category.NOT_IN_IMS: NOT_IN_IMS,
}
RESULT_SHEETS: Final[tuple[str, ...]] = tuple(RESULT_SHEET_OF.values())
