"""Accept matched on the Matched sheet: Accept chosen on every row with an IMS document
whose Action is not Reject, and only those cells written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from gst_ims.domain import documents as d
from gst_ims.domain.documents import Action
from gst_ims.domain.problems import InputError
from gst_ims.sheets.home import append_history
from gst_ims.sheets.tables import cell_text
from gst_ims.workbook import layout as lay
from gst_ims.workbook.port import WorkbookPort
from gst_ims.workbook.staged import StagedWrites


@dataclass(frozen=True)
class Accepted:
    """What `accept_all_matched` did: the Matched sheet's table as it now reads, and
    the rows given Accept, those kept as Reject, and those with an IMS document."""

    table: pd.DataFrame
    accepted: int
    kept_rejected: int
    with_ims: int


def accept_all_matched(port: WorkbookPort, staged: StagedWrites, when: datetime) -> Accepted:
    """Stage Accept in the Action of every Matched row that has an IMS document, except
    rows whose Action is Reject, clearing the changed rows' Remarks; record each changed
    cell in History at `when`. `InputError` when the sheet has no rows."""
    from gst_ims.sheets.history import change_rows, documents_of

    layout = lay.RESULT_SHEET_LAYOUTS[lay.MATCHED]
    table = port.read_table(lay.MATCHED, header_row=layout.header_row)
    action = layout.column(d.ACTION).header
    ims_id = layout.column(d.IMS_ID).header
    if table.empty or action not in table.columns or ims_id not in table.columns:
        raise InputError("The Matched sheet has no rows: reconcile first.")
    has_ims = table[ims_id].map(cell_text) != ""
    chosen = table[action].map(cell_text)
    # A rejection is deliberate (the user's, or one already taken on the portal, which
    # reconcile keeps as the Action): one bulk click must not turn it into an Accept.
    kept_rejected = has_ims & (chosen == Action.REJECT.label)
    changing = has_ims & (chosen != Action.ACCEPT.label) & ~kept_rejected
    before = table.copy()
    table.loc[changing, action] = Action.ACCEPT.label
    # The suggestion's remark ("awaiting filing") was written for Pending; on an Accept
    # the export would only leave it out with a note.
    remarks = layout.column(d.REMARKS).header
    # Only the Action column (and Remarks where one is cleared) is written: the rest of
    # the sheet, and anything the user added beside it, stays as it is.
    staged.write_column(lay.MATCHED, action, table[action].tolist(),
                        header_row=layout.header_row, changed=changing.tolist())
    if remarks in table.columns:
        cleared = changing & (table[remarks].map(cell_text) != "")
        table.loc[changing, remarks] = None
        if cleared.any():
            staged.write_column(lay.MATCHED, remarks, table[remarks].tolist(),
                                header_row=layout.header_row, changed=cleared.tolist())
    documents = documents_of(table, layout)
    append_history(port, staged, [
        change_rows("accept-matched", when, documents, header, before[header], table[header])
        for header in (action, remarks) if header in table.columns])
    return Accepted(table, int(changing.sum()), int(kept_rejected.sum()), int(has_ims.sum()))
