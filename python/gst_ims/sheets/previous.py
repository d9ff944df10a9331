"""What the result sheets held before a reconcile: the decisions to carry over and
the changes to record in History.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from gst_ims.domain import documents as d
from gst_ims.domain.problems import InputError, Problem
from gst_ims.sheets.home import errors_in
from gst_ims.sheets.tables import fields_of, write_sheet
from gst_ims.sheets.user_columns import UserColumns, read_user_columns, row_keys
from gst_ims.workbook import layout as lay
from gst_ims.workbook.port import WorkbookPort
from gst_ims.workbook.sheet_values import to_cells
from gst_ims.workbook.staged import StagedWrites


def previous_results(port: WorkbookPort
                      ) -> tuple[pd.DataFrame, UserColumns, dict[str, pd.DataFrame]]:
    """Every row now on the result sheets (their `RESULT_COLUMNS` fields), for carrying
    decisions over, and the columns the user added to them. An Action or ITC cell that
    cannot be read stops the job: it is the user's decision and must not be lost
    silently; so does a column inserted among the tool's ones. Also each sheet's rows
    (their fields), for the ticks and links the user typed there."""
    frames: list[pd.DataFrame] = []
    problems: list[Problem] = []
    tables: dict[str, tuple[pd.DataFrame, pd.DataFrame]] = {}
    for layout in lay.RESULT_SHEET_LAYOUTS.values():
        table = port.read_table(layout.name, header_row=layout.header_row)
        fields, found = fields_of(table, layout)
        tables[layout.name] = (table, fields)
        problems += found
        frames.append(fields)
    user = read_user_columns(tables)
    layout = lay.RESULT_SHEET_LAYOUTS[lay.MATCHED]
    decided = {layout.column(name).header for name in (d.ACTION, *d.DECL_COLUMNS)}
    blocking = [p for p in errors_in(problems) if p.field in decided]
    if blocking:
        raise InputError("Some Action or Declared cells cannot be read; choose the action "
                         "from the dropdown and type amounts as numbers, then run the job "
                         "again.", blocking)
    previous = pd.concat(frames, ignore_index=True)
    by_sheet = {name: fields for name, (_, fields) in tables.items()}
    return (previous.loc[previous[d.RECORD_KEY].fillna("") != ""].reset_index(drop=True),
            user, by_sheet)


def carry_decisions_over(previous: pd.DataFrame, recon: pd.DataFrame,
                ims: pd.DataFrame) -> pd.DataFrame:
    """Hand the decisions on the result sheets to the engine's carry-over: the previous
    rows (record_key, hash, actions, remarks, ITC fields) and the IMS values they showed
    as `previous_ims`, so a changed document is flagged."""
    if previous.empty:
        return recon
    from gst_ims.recon.carry_over import carry_over

    previous_ims = pd.DataFrame({
        name.removeprefix(lay.IMS_PREFIX): previous[name]
        for name in previous.columns if name.startswith(lay.IMS_PREFIX)
    })
    previous_ims[d.RECORD_KEY] = previous[d.RECORD_KEY]
    earlier = previous[[c for c in previous.columns
                        if not c.startswith((lay.IMS_PREFIX, lay.BOOKS_PREFIX,
                                             lay.DOC_PREFIX))]].copy()
    earlier[d.HASH] = previous[lay.IMS_PREFIX + d.HASH]
    return carry_over(earlier, recon, ims, previous_ims)


def decision_changes(previous: pd.DataFrame, sheets: dict[str, pd.DataFrame],
                     when: datetime) -> list[pd.DataFrame]:
    """History rows for the decisions (Action, Remarks) that reconcile gives a document
    other than the ones its row showed before: a carried-over decision that the supplier's
    change reset, a portal action taken since, a row that moved sheets."""
    from gst_ims.sheets.history import change_rows

    if previous.empty:
        return []
    before = previous.drop_duplicates(d.RECORD_KEY).set_index(d.RECORD_KEY)
    changes = []
    for sheet, rows in sheets.items():
        layout = lay.RESULT_SHEET_LAYOUTS[sheet]
        keys = rows[d.RECORD_KEY].astype("string").fillna("")
        known = keys.isin(before.index).to_numpy()
        if not known.any():
            continue
        mine = rows.loc[known].reset_index(drop=True)
        earlier = before.loc[keys[known].tolist()].reset_index()
        numbers = mine[lay.IMS_PREFIX + d.DOC_NO].astype("string").fillna("")
        documents = pd.DataFrame({
            "sheet": sheet,
            "row": layout.first_data_row + pd.Series(range(len(rows)))[known].to_numpy(),
            d.RECORD_KEY: mine[d.RECORD_KEY],
            d.SUPPLIER_GSTIN: mine[lay.DOC_PREFIX + d.SUPPLIER_GSTIN],
            d.DOC_NO: numbers.where(numbers != "", mine[lay.BOOKS_PREFIX + d.DOC_NO]),
        })
        for name in (d.ACTION, d.REMARKS):
            column = layout.column(name)
            old = to_cells(earlier, (column,))[column.header]
            new = to_cells(mine, (column,))[column.header]
            changes.append(change_rows("reconcile", when, documents, column.header, old, new))
    return changes



def write_result_sheets(staged: StagedWrites, rows_by_sheet: dict[str, pd.DataFrame],
                        user: UserColumns) -> list[Problem]:
    """Stage each result sheet's rows (`rows_by_sheet`: sheet -> its `RESULT_COLUMNS`
    fields), with the columns the user added put back beside the rows they belong to;
    every suggestion starts ticked. The problems: the user's cells left without a row."""
    taken: set[tuple[str, str]] = set()
    for sheet, rows in rows_by_sheet.items():
        layout = lay.RESULT_SHEET_LAYOUTS[sheet]
        if sheet == lay.SUGGESTED:
            # Every suggestion starts ticked: the user unticks the wrong ones.
            rows[lay.TICK] = True
        write_sheet(staged, layout, user.put_back(to_cells(rows, layout.columns),
                                                  row_keys(rows), taken))
    return user.left_over(taken)


def paired_books_key(previous: pd.DataFrame, record: str) -> str | None:
    """The books key of the register document the IMS document `record` is paired with
    on the result sheets (`previous`, from `previous_results`); None when unpaired."""
    mine = previous[(previous[d.RECORD_KEY].astype("string") == record)
                    & (previous[d.BOOKS_KEY].astype("string").fillna("") != "")]
    return None if mine.empty else str(mine[d.BOOKS_KEY].iloc[0])
