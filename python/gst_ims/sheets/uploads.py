"""The result sheets as the export and the portal's answer need them: their rows as
one frame, where each IMS document's row is, and its Upload Status written back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from gst_ims.domain import documents as d
from gst_ims.domain.documents import Action, Category
from gst_ims.domain.problems import InputError, Problem, Severity
from gst_ims.sheets.home import errors_in
from gst_ims.sheets.tables import cell_text, fields_of
from gst_ims.workbook import layout as lay
from gst_ims.workbook.port import WorkbookPort
from gst_ims.workbook.staged import StagedWrites

if TYPE_CHECKING:
    from gst_ims.upload.writer import UploadOptions, UploadResult



def check_fresh(port: WorkbookPort) -> None:
    """The result sheets must come from the IMS data now imported."""
    stamps = port.read_names([lay.IMS_IMPORTED_AT.name, lay.RECONCILED_AT.name])
    imported, reconciled = stamps[lay.IMS_IMPORTED_AT.name], stamps[lay.RECONCILED_AT.name]
    if not isinstance(reconciled, datetime):
        raise InputError("Nothing has been reconciled yet: run Reconcile first.")
    if isinstance(imported, datetime) and imported > reconciled:
        raise InputError("IMS data was imported after the last Reconcile: run Reconcile "
                         "again, check the actions, then export.")


def rows_of_result_sheets(port: WorkbookPort, tables: dict[str, pd.DataFrame] | None = None
                 ) -> tuple[pd.DataFrame, list[Problem]]:
    """Every result row's fields, with its sheet and row; the sheets' tables as read go
    into `tables` when given (so a job that marks Upload Status reads each sheet once:
    in Excel a read is a round trip and its cells)."""
    from gst_ims.sheets.actions import ROW, SHEET

    frames: list[pd.DataFrame] = []
    problems: list[Problem] = []
    for name, layout in lay.RESULT_SHEET_LAYOUTS.items():
        table = port.read_table(layout.name, header_row=layout.header_row)
        if tables is not None:
            tables[name] = table
        fields, found = fields_of(table, layout)
        problems += found
        fields[SHEET] = name
        fields[ROW] = range(layout.first_data_row, layout.first_data_row + len(fields))
        frames.append(fields)
    return pd.concat(frames, ignore_index=True), problems


def confirm_unbooked(port: WorkbookPort, rows: pd.DataFrame,
                     options: UploadOptions) -> bool:
    """Ask before accepting documents missing from the books, when Settings says so."""
    if not options.require_confirmation_for_unbooked_accept:
        return False
    unbooked = ((rows[d.CATEGORY] == Category.NOT_IN_BOOKS.value)
                & (rows[d.ACTION] == Action.ACCEPT.value)).sum()
    if not unbooked:
        return False
    return port.confirm(f"{unbooked} document(s) not in your books are set to Accept. "
                        "Accepting them claims their credit. Accept them anyway?")


def copy_history(port: WorkbookPort, folder: Path, rtin: str, when: datetime) -> Path | None:
    """Write the History sheet as a CSV beside the upload files (what an auditor asks
    for with them), atomically; None when no job has changed anything yet (or the
    workbook has no such sheet)."""
    from gst_ims.sheets.history import history_csv
    from gst_ims.upload.files import write_atomically

    sheet = lay.HISTORY_SHEET
    try:
        table = port.read_table(sheet.name, header_row=sheet.header_row)
    except InputError:
        return None
    if table.empty:
        return None
    path = folder / f"IMS_{rtin}_HISTORY_{when.strftime('%Y%m%d-%H%M%S')}.csv"
    write_atomically(path, history_csv(table))
    return path


def result_row_of(rows: pd.DataFrame, ims: pd.DataFrame) -> dict[int, tuple[str, int]]:
    """IMS frame position -> (result sheet, sheet row) of the row that decided it, so a
    refusal on the Log points at the row the user changes (not the IMS frame's row)."""
    from gst_ims.sheets.actions import ROW, SHEET

    position = dict(zip(ims[d.RECORD_KEY].astype(str), range(len(ims)), strict=True))
    keyed = rows.loc[rows[d.IMS_ID].notna()]
    return {position[key]: (str(sheet), int(row))
            for key, sheet, row in zip(keyed[d.RECORD_KEY].astype(str), keyed[SHEET],
                                       keyed[ROW], strict=True) if key in position}


def overturned_count(decisions: Sequence[Any], ims: pd.DataFrame) -> int:
    """Documents the portal holds as A/R/P whose chosen action is another of A/R/P: an
    earlier decision (perhaps a colleague's, on the portal) that the upload overturns."""
    portal = ims[d.PORTAL_ACTION].astype("string").fillna("N").to_numpy()
    return sum(1 for decision in decisions
               if portal[decision.ims_id] != Action.NO_ACTION.value
               and decision.action is not Action.NO_ACTION
               and decision.action.value != portal[decision.ims_id])


def mark_upload_status(port: WorkbookPort, staged: StagedWrites, statuses: dict[str, str],
                       scope: set[str] | None = None,
                       tables: dict[str, pd.DataFrame] | None = None, *,
                       history: tuple[str, datetime] | None = None) -> list[pd.DataFrame]:
    """Stage each result row's Upload Status (blank when the job did nothing with it):
    that column alone, and only where it changes; with `scope` (record keys), only the
    rows in it are rewritten. `tables`: the result sheets' tables already read by this
    job (nothing has been written since), else they are read. With `history` (the job's
    name and time), returns the History rows of the changes."""
    from gst_ims.sheets.history import change_rows, documents_of

    changes: list[pd.DataFrame] = []
    for name, layout in lay.RESULT_SHEET_LAYOUTS.items():
        table = tables[name] if tables is not None and name in tables else port.read_table(
            layout.name, header_row=layout.header_row)
        key = layout.column(d.RECORD_KEY).header
        status = layout.column(lay.UPLOAD_STATUS).header
        if table.empty or key not in table.columns or status not in table.columns:
            continue
        new = table[key].map(lambda k: statuses.get(cell_text(k)) or None)
        if scope is not None:
            new = new.where(table[key].map(cell_text).isin(scope), table[status])
        changed = new.map(cell_text) != table[status].map(cell_text)
        if changed.any():
            staged.write_column(layout.name, status, new.tolist(),
                                header_row=layout.header_row, changed=changed.tolist())
            if history:
                changes.append(change_rows(*history, documents_of(table, layout), status,
                                           table[status], new))
    return changes


def failed_keys(rows: pd.DataFrame) -> set[str]:
    """Record keys of the result rows whose Upload Status is a portal error."""
    status = rows[lay.UPLOAD_STATUS].astype("string").fillna("")
    failed = status.str.startswith(lay.UPLOAD_PORTAL_ERROR)
    return set(rows.loc[failed, d.RECORD_KEY].astype(str))


def failed_scope(port: WorkbookPort, rows: pd.DataFrame,
                 only_failed: bool | None) -> set[str] | None:
    """The record keys an export is limited to (the rows the portal refused), or None for
    every row; asks the user when `only_failed` is None and some rows failed."""
    failed = failed_keys(rows)
    if only_failed is None and failed:
        only_failed = port.confirm(
            f"{len(failed)} document(s) were refused by the portal at the last upload (red "
            "Upload Status). Export only those?\n\nYes: only the rows that failed; the "
            "others are on the portal already.\nNo: every row whose action differs from "
            "the imported IMS data (right only after a new IMS download, otherwise the "
            "portal refuses the rows it already took).",
            title="Export upload JSON")
    if not only_failed:
        return None
    if not failed:
        raise InputError("No row shows a portal error: import the portal's error file "
                         "first (Import portal errors), or export every row.")
    return failed



def upload_problems(built: UploadResult, where: dict[int, tuple[str, int]]
                    ) -> list[Problem]:
    """For the Log: each refused document as a warning pointing at its result row
    (`where`, from `result_row_of`), then the upload writer's notes."""
    refused = [
        Problem(f"{r.section} {r.doc_no} from {r.supplier_gstin}: {r.message} [{r.rule}]",
                Severity.WARNING, sheet=where.get(r.ims_id, ("", 0))[0],
                section=r.section, row=where.get(r.ims_id, ("", 0))[1] or None)
        for r in built.refusals]
    return [*refused, *(Problem(note, Severity.INFO) for note in built.notes)]


def rows_in_scope(rows: pd.DataFrame, scope: set[str] | None) -> pd.DataFrame:
    """The result rows whose record key is in `scope` (all of them when None)."""
    if scope is None:
        return rows
    return rows.loc[rows[d.RECORD_KEY].astype("string").isin(scope)].reset_index(drop=True)


def stop_on_unreadable_amounts(problems: Sequence[Problem]) -> None:
    """`InputError` when an amount on the result sheets (among the cell `problems` read)
    cannot be read: the supplier letters would show it wrong."""
    amounts = {lay.RESULT_SHEET_LAYOUTS[lay.MATCHED].column(c.field).header
               for c in lay.RESULT_COLUMNS if c.kind is lay.ColumnKind.MONEY}
    unreadable = [p for p in errors_in(problems) if p.field in amounts]
    if unreadable:
        raise InputError("Some amounts on the result sheets cannot be read; reconcile "
                         "again (or correct the cells), then write the letters.", unreadable)
