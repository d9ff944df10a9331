"""Summary, Suppliers and Home's deadline cells, written from the joined results.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from gst_ims.domain import documents as d
from gst_ims.domain.problems import InputError
from gst_ims.sheets.settings import newer_setting
from gst_ims.sheets.tables import cell_text, write_fields
from gst_ims.workbook import layout as lay
from gst_ims.workbook.port import WorkbookPort
from gst_ims.workbook.sheet_values import from_cells, to_cells
from gst_ims.workbook.staged import StagedWrites


def write_summary(port: StagedWrites, blocks: dict[str, pd.DataFrame],
                  when: datetime) -> None:
    """Stage the Summary sheet's blocks (`blocks`: block title -> its rows) stamped `when`."""
    for block in lay.SUMMARY_BLOCKS:
        if block.title not in blocks:
            continue
        cells = to_cells(blocks[block.title], block.columns)
        text = [c.header for c in block.columns if c.is_text]
        formats = {c.header: c.number_format for c in block.columns if not c.is_text}
        port.write_table(lay.SUMMARY, cells, header_row=block.header_row,
                         first_column=block.first_column, max_rows=block.max_rows,
                         text_columns=text, number_formats=formats)
    port.write_names({lay.SUMMARY_STAMP.name: when})


def deadline_cells(port: WorkbookPort, rows: pd.DataFrame, ims: pd.DataFrame,
                   when: datetime) -> dict[lay.NamedCell, object]:
    """Home's deadline cells from result-row `rows` and the IMS frame their ``ims_id``
    points into, on the job's clock (`when`); nothing in a workbook made before Home
    had them."""
    from gst_ims.deadlines import RETURN_DATES, deadline, override_date

    try:
        port.read_names([cell.name for cell in lay.DEADLINE_NAMED_CELLS])
    except InputError:
        return {}
    values = {key: newer_setting(port, key)
              for key in ("return_period", *(rule.key for rule in RETURN_DATES))}
    overrides = {rule.key: override_date(values[rule.key], lay.setting_cell(rule.key).label)
                 for rule in RETURN_DATES}
    ids = pd.to_numeric(rows[d.IMS_ID], errors="coerce")
    known = ids.notna() & (ids >= 0) & (ids < len(ims))
    periods = ims[d.SRC_PERIOD].astype("string").fillna("").to_numpy()
    src_period = pd.Series([""] * len(rows), index=rows.index, dtype="string")
    src_period[known] = periods[ids[known].astype("int64").to_numpy()]
    found = deadline(rows, src_period, when.date(),
                     period_setting=cell_text(values["return_period"]), overrides=overrides)
    names: dict[lay.NamedCell, object] = {
        lay.RETURN_PERIOD_SHOWN: found.period or None, lay.NO_ACTION_LEFT: found.no_action,
        lay.PENDING_CN_DEEMED: found.pending_credit_notes_deemed,
    }
    for key, (date_cell, days_cell) in lay.DEADLINE_CELLS.items():
        names[date_cell] = found.dates.get(key)
        names[days_cell] = found.days_left.get(key)
    return names


def write_suppliers(port: WorkbookPort, staged: StagedWrites, fields: pd.DataFrame) -> None:
    """Stage the Suppliers sheet from result-row `fields`, keeping the Status the user
    set on each GSTIN (a workbook made before the sheet existed simply has none)."""
    from gst_ims.suppliers import statuses_from_sheet, supplier_table

    sheet = lay.SUPPLIERS_SHEET
    try:
        older = port.read_table(sheet.name, header_row=sheet.header_row)
    except InputError:
        return
    table = supplier_table(fields, statuses_from_sheet(older))
    write_fields(staged, sheet, table)
    top = lay.SUMMARY_TOP_SUPPLIERS_BLOCK
    ranked = table.loc[table["itc_at_stake"] > 0].head(top.max_rows or len(table)).copy()
    names = ranked[d.SUPPLIER_NAME].astype("string").fillna("")
    ranked["label"] = names.where(names.str.strip() != "", ranked[d.SUPPLIER_GSTIN])
    staged.write_table(lay.SUMMARY, to_cells(ranked, top.columns), header_row=top.header_row,
                       first_column=top.first_column, max_rows=top.max_rows,
                       text_columns=[c.header for c in top.columns if c.is_text],
                       number_formats={c.header: c.number_format for c in top.columns
                                       if not c.is_text})


def refresh_action_summary(port: WorkbookPort, staged: StagedWrites,
                           changed: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Stage Summary's per-action block recounted from the result sheets (`changed`
    holds the tables about to be written in place of what the sheets hold now); returns
    the result-row fields it counted (empty when the sheets have no rows)."""
    from gst_ims.sheets import results

    frames = []
    for name, layout in lay.RESULT_SHEET_LAYOUTS.items():
        table = changed.get(name)
        if table is None:
            table = port.read_table(name, header_row=layout.header_row)
        if table.empty:
            continue
        fields, _ = from_cells(table, layout.columns, sheet=name,
                               first_row=layout.first_data_row)
        frames.append(fields)
    if not frames:
        return pd.DataFrame()
    fields = pd.concat(frames, ignore_index=True)
    block = lay.SUMMARY_ACTION_BLOCK
    rows = results.summary_blocks(fields)[block.title]
    staged.write_table(lay.SUMMARY, to_cells(rows, block.columns),
                       header_row=block.header_row, first_column=block.first_column,
                       max_rows=block.max_rows,
                       text_columns=[c.header for c in block.columns if c.is_text],
                       number_formats={c.header: c.number_format for c in block.columns
                                       if not c.is_text})
    return fields


def gstr3b_due(port: WorkbookPort) -> date | None:
    """The GSTR-3B due date Home shows (written by the last Reconcile or Accept all
    matched: Settings' date, else the 20th after the return period). None when Home has
    no such cell or it is empty."""
    cell = lay.DEADLINE_CELLS["gstr3b_due_date"][0]
    try:
        due = port.read_names([cell.name]).get(cell.name)
    except InputError:
        return None
    if isinstance(due, datetime):
        return due.date()
    return due if isinstance(due, date) else None
