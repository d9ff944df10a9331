"""The translation between the workbook's sheets and the domain frames, so that
`workflow.py` holds only the jobs.

* `tables`: a layout's sheet written from a frame of its fields, and read back.
* `settings`: the Settings sheet (and the files picked on Home) as the values jobs need.
* `home`: Home's named cells, the Log, History, and a job's last step (`finish`).
* `books`: the Books, IMS and Links sheets as frames; a register as Books cells.
* `previous`: the result sheets before a reconcile (decisions and the user's columns
  carried over) and the result sheets written after it.
* `results`: the reconciliation as result-sheet rows, Summary blocks, Home figures (pure).
* `actions`: the chosen actions as upload decisions, and the upload's outcome as each
  row's Upload Status (pure).
* `uploads`: the result sheets as the export and the portal's answer read and mark them.
* `summary`: Summary, Suppliers and Home's deadline cells.
* `matched`: Accept matched on the Matched sheet.
* `messages`: the status line each job leaves on Home.
* `history`: the hidden History sheet (every change a job makes to a decision cell).
* `pairings`: the user's links, unlinks and exclusions between the sheets and the engine.
* `user_columns`: columns a user added to a result sheet, kept across a reconcile.
* `portal_errors`: the portal's answer to an upload as each row's Upload Status.
* `export_checks`: what stops an export, and removing a failed export's files.

The names below are the ones the jobs use.
"""

from __future__ import annotations

from gst_ims.sheets.books import (
    SOURCE_ROWS_HEADER,
    books_cells,
    books_from_sheet,
    downloaded_ims,
    ims_from_sheet,
    ims_record,
    links_from_sheet,
    register_key,
)
from gst_ims.sheets.home import (
    MAX_LOG_ROWS,
    append_history,
    append_log,
    errors_in,
    finish,
    log_frame,
    name_values,
    problem_note,
)
from gst_ims.sheets.matched import Accepted, accept_all_matched
from gst_ims.sheets.messages import (
    accept_matched_message,
    books_import_message,
    export_message,
    export_question,
    ims_import_message,
    letters_message,
    reconcile_message,
    upgrade_report,
)
from gst_ims.sheets.previous import (
    carry_decisions_over,
    decision_changes,
    paired_books_key,
    previous_results,
    write_result_sheets,
)
from gst_ims.sheets.settings import (
    LETTERS_FOLDER,
    books_period,
    chosen_paths,
    column_mapping,
    decimal_comma,
    export_settings,
    is_yes,
    letters_folder,
    newer_setting,
    newer_settings,
    picked_paths,
    read_settings,
    recipient_of,
    recipient_setting,
    recon_settings,
    supplier_emails,
)
from gst_ims.sheets.summary import (
    deadline_cells,
    gstr3b_due,
    refresh_action_summary,
    write_summary,
    write_suppliers,
)
from gst_ims.sheets.tables import cell_text, fields_of, read_fields, write_fields, write_sheet
from gst_ims.sheets.uploads import (
    check_fresh,
    confirm_unbooked,
    copy_history,
    failed_keys,
    failed_scope,
    mark_upload_status,
    overturned_count,
    result_row_of,
    rows_in_scope,
    rows_of_result_sheets,
    stop_on_unreadable_amounts,
    upload_problems,
)

__all__ = [
    "LETTERS_FOLDER",
    "MAX_LOG_ROWS",
    "SOURCE_ROWS_HEADER",
    "Accepted",
    "accept_all_matched",
    "accept_matched_message",
    "append_history",
    "append_log",
    "books_cells",
    "books_from_sheet",
    "books_import_message",
    "books_period",
    "carry_decisions_over",
    "cell_text",
    "check_fresh",
    "chosen_paths",
    "column_mapping",
    "confirm_unbooked",
    "copy_history",
    "deadline_cells",
    "decimal_comma",
    "decision_changes",
    "downloaded_ims",
    "errors_in",
    "export_message",
    "export_question",
    "export_settings",
    "failed_keys",
    "failed_scope",
    "fields_of",
    "finish",
    "gstr3b_due",
    "ims_from_sheet",
    "ims_import_message",
    "ims_record",
    "is_yes",
    "letters_folder",
    "letters_message",
    "links_from_sheet",
    "log_frame",
    "mark_upload_status",
    "name_values",
    "newer_setting",
    "newer_settings",
    "overturned_count",
    "paired_books_key",
    "picked_paths",
    "previous_results",
    "problem_note",
    "read_fields",
    "read_settings",
    "recipient_of",
    "recipient_setting",
    "recon_settings",
    "reconcile_message",
    "refresh_action_summary",
    "register_key",
    "result_row_of",
    "rows_in_scope",
    "rows_of_result_sheets",
    "stop_on_unreadable_amounts",
    "supplier_emails",
    "upgrade_report",
    "upload_problems",
    "write_fields",
    "write_result_sheets",
    "write_sheet",
    "write_summary",
    "write_suppliers",
]
