"""Home: the status panel's named cells (written by the VBA and the jobs) and the fixed
texts of the title and the how-to."""

from __future__ import annotations

from typing import Final

from gst_ims.domain.documents import Category
from gst_ims.workbook.layout.columns import ColumnKind, NamedCell
from gst_ims.workbook.layout.sheet_names import HOME

# Home: a column of large buttons on the left, the status panel on the right.
HOME_TITLE_CELL: Final = (2, 2)  # row, column of the title (B2)
HOME_STATUS_LABEL_COLUMN: Final = 7  # G
HOME_STATUS_VALUE_COLUMN: Final = 8  # H
HOME_STATUS_FIRST_ROW: Final = 6
# Picked paths are joined with a line feed: no Windows or macOS path holds one.
PATH_SEPARATOR: Final = "\n"


def _home(name: str, offset: int, label: str, kind: ColumnKind = ColumnKind.TEXT) -> NamedCell:
    return NamedCell(
        name, HOME, HOME_STATUS_FIRST_ROW + offset, HOME_STATUS_VALUE_COLUMN, label, kind
    )


# Written by the VBA before it calls Python (the picked file paths).
PICKED_IMS_FILES: Final = _home("Picked_IMS_Files", 0, "IMS file(s)", ColumnKind.NOTE)
PICKED_REGISTER_FILE: Final = _home("Picked_Register_File", 1, "Register file",
                                     ColumnKind.NOTE)
# Written by the jobs: what happened last.
IMS_IMPORTED_AT: Final = _home("Status_IMS_Imported_At", 2, "IMS imported at", ColumnKind.DATETIME)
IMS_DIALECT: Final = _home("Status_IMS_Dialect", 3, "JSON dialect", ColumnKind.CODE)
IMS_DOCUMENTS: Final = _home("Status_IMS_Documents", 4, "IMS documents", ColumnKind.INTEGER)
REGISTER_IMPORTED_AT: Final = _home(
    "Status_Register_Imported_At", 5, "Register imported at", ColumnKind.DATETIME
)
REGISTER_ROWS: Final = _home("Status_Register_Rows", 6, "Register documents", ColumnKind.INTEGER)
RECIPIENT_GSTIN_SHOWN: Final = _home("Status_Recipient_GSTIN", 7, "Recipient GSTIN")
RECONCILED_AT: Final = _home("Status_Reconciled_At", 8, "Reconciled at", ColumnKind.DATETIME)
COUNT_CELLS: Final[dict[Category, NamedCell]] = {
    Category.MATCHED: _home("Count_Matched", 9, "Matched", ColumnKind.INTEGER),
    Category.MISMATCHED: _home("Count_Mismatched", 10, "Mismatched", ColumnKind.INTEGER),
    Category.NOT_IN_BOOKS: _home("Count_Not_In_Books", 11, "Not in Books", ColumnKind.INTEGER),
    Category.NOT_IN_IMS: _home("Count_Not_In_IMS", 12, "Not in IMS", ColumnKind.INTEGER),
    Category.NOT_EXPECTED: _home(
        "Count_Not_Expected", 13, "Not expected in IMS (RCM / ineligible)", ColumnKind.INTEGER
    ),
    # Added later, below the other cells, so that no earlier cell moves.
    Category.SUGGESTED: _home("Count_Suggested", 21, "Suggested (confirm them)",
                              ColumnKind.INTEGER),
    Category.EXCLUDED: _home("Count_Excluded", 22, "Excluded by you", ColumnKind.INTEGER),
    Category.OUTSIDE_PERIOD: _home("Count_Outside_Period", 23, "Outside the books period",
                                   ColumnKind.INTEGER),
}
# Tax (IGST + CGST + SGST + cess) of IMS documents not yet safely matched: Mismatched,
# Suggested and Not in Books. The workflow fills it.
ITC_AT_STAKE: Final = _home("Status_ITC_At_Stake", 14, "ITC at stake (₹)", ColumnKind.MONEY)
EXPORTED_AT: Final = _home("Status_Exported_At", 15, "Upload JSON written at", ColumnKind.DATETIME)
UPLOAD_FILES: Final = _home("Status_Upload_Files", 16, "Upload file(s)", ColumnKind.NOTE)
# The portal's answer to an upload: the error file(s) picked (written by the VBA), when
# they were imported and how many documents the portal refused.
PICKED_ERROR_FILES: Final = _home("Picked_Error_Files", 17, "Portal error file(s)",
                                   ColumnKind.NOTE)
ERRORS_IMPORTED_AT: Final = _home(
    "Status_Errors_Imported_At", 18, "Portal errors imported at", ColumnKind.DATETIME
)
PORTAL_ERRORS: Final = _home("Count_Portal_Errors", 19, "Refused by the portal",
                             ColumnKind.INTEGER)
LAST_MESSAGE: Final = _home("Status_Last_Message", 20, "Last result", ColumnKind.NOTE)
# The deadline: the return period, each return date and the days left to it (the dates'
# rules are in `gst_ims.deadlines`, keyed as their Settings overrides), and what is
# still open. Written by Reconcile and Accept all matched, with the job's clock.
RETURN_PERIOD_SHOWN: Final = _home("Deadline_Return_Period", 24, "Return period (MMYYYY)",
                                   ColumnKind.CODE)
DEADLINE_CELLS: Final[dict[str, tuple[NamedCell, NamedCell]]] = {
    "gstr2b_date": (
        _home("Deadline_GSTR2B_Date", 25, "GSTR-2B draft on", ColumnKind.DATE),
        _home("Deadline_GSTR2B_Days", 26, "Days left to the GSTR-2B draft", ColumnKind.INTEGER),
    ),
    "gstr3b_due_date": (
        _home("Deadline_GSTR3B_Date", 27, "GSTR-3B due on", ColumnKind.DATE),
        _home("Deadline_GSTR3B_Days", 28, "Days left to the GSTR-3B due date",
              ColumnKind.INTEGER),
    ),
}
NO_ACTION_LEFT: Final = _home("Count_No_Action_Chosen", 29,
                              "IMS documents with no action chosen", ColumnKind.INTEGER)
PENDING_CN_DEEMED: Final = _home("Count_Pending_CN_Deemed", 30,
                                 "Credit notes at Pending, deemed accepted after this period",
                                 ColumnKind.INTEGER)
DEADLINE_NAMED_CELLS: Final[tuple[NamedCell, ...]] = (
    RETURN_PERIOD_SHOWN, *(cell for pair in DEADLINE_CELLS.values() for cell in pair),
    NO_ACTION_LEFT, PENDING_CN_DEEMED,
)

HOME_STATUS_CELLS: Final[tuple[NamedCell, ...]] = (
    PICKED_IMS_FILES, PICKED_REGISTER_FILE, IMS_IMPORTED_AT, IMS_DIALECT, IMS_DOCUMENTS,
    REGISTER_IMPORTED_AT, REGISTER_ROWS, RECIPIENT_GSTIN_SHOWN, RECONCILED_AT,
    *COUNT_CELLS.values(), ITC_AT_STAKE, EXPORTED_AT, UPLOAD_FILES,
    PICKED_ERROR_FILES, ERRORS_IMPORTED_AT, PORTAL_ERRORS, LAST_MESSAGE,
    *DEADLINE_NAMED_CELLS,
)
# Shown by a formula over the Settings cell, so Python never writes it.
FORMULA_CELLS: Final[tuple[NamedCell, ...]] = (RECIPIENT_GSTIN_SHOWN,)

# --- fixed texts -----------------------------------------------------------------------
WORKBOOK_TITLE: Final = "GST IMS Reconciler"
HOME_SUBTITLE: Final = (
    "Invoice Management System: match the portal's supplier documents with your purchase "
    "register, decide, and upload."
)
HOME_HOW_TO: Final[tuple[str, ...]] = (
    "How to use it each month (between the 14th and the 20th):",
    "1. Download the IMS JSON from the portal (IMS > Offline > Download JSON) and import it.",
    "2. Paste your purchase register into the Books sheet (or import it from a file), then "
    "Reconcile.",
    "3. Review Mismatched and Not in Books. Choose an Action in each row; add Remarks for "
    "Reject / Pending.",
    "4. Export the upload JSON and upload it on the portal (IMS > Offline > Upload JSON).",
    "5. If the portal gives back an error file, Import portal errors: the failed rows turn "
    "red with the reason; fix them and export only those.",
    "Colours: green matched, amber check, red not in books, blue not in IMS, purple text = "
    "changed by the supplier since you decided.",
    "The buttons do not save the workbook: save it yourself (Ctrl+S). If a job stops "
    "part-way, close without saving to go back to your last save.",
)
