"""Carry a user's data from a workbook of an older layout into a freshly built one.

Everything is copied by header text, never by column letter (the letters are what changed
between layouts): every table sheet of the layout (Books, IMS, the result sheets with the
Actions and Remarks chosen, the Log, and any hidden table sheet the old workbook has),
the Settings values and the register column mapping, and the Home status cells. A column
the new layout does not have is kept, to the right of the new columns, so nothing a user
typed is lost. The next Reconcile carries the decisions over as it does after any import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from gst_ims.domain.problems import InputError
from gst_ims.workbook import layout as lay
from gst_ims.workbook.port import CellValue, WorkbookPort

# How far down an old sheet its header row is looked for when it is not where the new
# layout puts it (every layout so far has it in the first rows).
_HEADER_SEARCH_ROWS = 12
# How far below the Settings table the old register column mapping is looked for.
_MAPPING_SEARCH_ROWS = 120


@dataclass
class UpgradeCounts:
    """What was carried: rows per sheet, settings and mapped columns, and the columns of
    the old workbook that the new layout does not have (kept at the right)."""

    rows: dict[str, int] = field(default_factory=dict)
    settings: int = 0
    mapped_columns: int = 0
    extra_columns: dict[str, list[str]] = field(default_factory=dict)
    missing_sheets: list[str] = field(default_factory=list)


def _overlap(frame: pd.DataFrame, headers: Sequence[str]) -> int:
    return len({str(column) for column in frame.columns} & set(headers))


def _old_table(old: WorkbookPort, sheet: lay.DataSheet) -> pd.DataFrame | None:
    """The sheet's table in the old workbook, read under the row that holds most of the
    layout's headers (the layout's own header row first); None when the sheet is absent."""
    try:
        table = old.read_table(sheet.name, header_row=sheet.header_row)
    except InputError:
        return None
    needed = min(2, len(sheet.headers))
    if _overlap(table, sheet.headers) >= needed:
        return table
    for row in range(1, _HEADER_SEARCH_ROWS + 1):
        if row == sheet.header_row:
            continue
        candidate = old.read_table(sheet.name, header_row=row)
        if _overlap(candidate, sheet.headers) >= needed:
            return candidate
    return table if table.empty else None


def _in_new_layout(table: pd.DataFrame, sheet: lay.DataSheet) -> tuple[pd.DataFrame, list[str]]:
    """The old table with the new layout's columns first (blank where the old had none),
    then the old columns the layout lacks."""
    columns = [str(column) for column in table.columns]
    table = table.set_axis(columns, axis=1)
    extra = [c for c in columns if c not in sheet.headers and c and not c.startswith("Unnamed")]
    ordered = pd.DataFrame(index=table.index)
    for header in (*sheet.headers, *extra):
        ordered[header] = table[header] if header in table.columns else None
    return ordered.astype(object).where(ordered.notna(), None), extra


def _as_text(value: CellValue) -> CellValue:
    """A number typed into a text column (a document number 1234) as the text a person
    saw, not Python's 1234.0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


def _copy_sheet(old: WorkbookPort, new: WorkbookPort, sheet: lay.DataSheet,
                counts: UpgradeCounts) -> None:
    table = _old_table(old, sheet)
    if table is None:
        counts.missing_sheets.append(sheet.name)
        return
    frame, extra = _in_new_layout(table, sheet)
    if extra:
        counts.extra_columns[sheet.name] = extra
    text = [h for h in sheet.text_headers() if h in frame.columns]
    for header in text:
        frame[header] = frame[header].map(_as_text)
    formats = {h: f for h, f in sheet.number_formats().items() if h in frame.columns}
    new.write_table(sheet.name, frame, header_row=sheet.header_row, text_columns=text,
                    number_formats=formats)
    counts.rows[sheet.name] = len(frame)


def _names_present(port: WorkbookPort, names: Sequence[str]) -> dict[str, CellValue]:
    """The values of those `names` the workbook has (an old one lacks newer names)."""
    try:
        return port.read_names(names)
    except InputError:
        values: dict[str, CellValue] = {}
        for name in names:
            try:
                values |= port.read_names([name])
            except InputError:
                continue
        return values


def _copy_settings(old: WorkbookPort, new: WorkbookPort, counts: UpgradeCounts) -> None:
    names = [lay.setting_cell(setting.key).name for setting in lay.SETTING_ROWS]
    values = {name: value for name, value in _names_present(old, names).items()
              if value not in (None, "")}
    new.write_names(values)
    counts.settings = len(values)
    status_names = [cell.name for cell in lay.HOME_STATUS_CELLS
                    if cell not in lay.FORMULA_CELLS]
    new.write_names(_names_present(old, status_names))


def _old_mapping(old: WorkbookPort) -> pd.DataFrame | None:
    headers = lay.MAPPING_HEADERS
    start = lay.SETTINGS_HEADER_ROW + 1
    for row in (lay.MAPPING_HEADER_ROW, *range(start, start + _MAPPING_SEARCH_ROWS)):
        table = old.read_table(lay.SETTINGS, header_row=row,
                               first_column=lay.MAPPING_FIELD_COLUMN,
                               max_rows=len(lay.MAPPED_FIELDS) + 10)
        if _overlap(table, headers) == len(headers):
            return table
    return None


def _copy_mapping(old: WorkbookPort, new: WorkbookPort, counts: UpgradeCounts) -> None:
    table = _old_mapping(old)
    if table is None:
        return
    field_header, _, value_header = lay.MAPPING_HEADERS
    chosen = {str(f): v for f, v in zip(table[field_header], table[value_header], strict=True)
              if f is not None and v not in (None, "")}
    mapping = pd.DataFrame({
        field_header: list(lay.MAPPED_FIELDS),
        lay.MAPPING_HEADERS[1]: [lay.BOOKS_SHEET.column(f).header for f in lay.MAPPED_FIELDS],
        value_header: [chosen.get(f) for f in lay.MAPPED_FIELDS],
    })
    new.write_table(lay.SETTINGS, mapping, header_row=lay.MAPPING_HEADER_ROW,
                    first_column=lay.MAPPING_FIELD_COLUMN, max_rows=len(lay.MAPPED_FIELDS),
                    text_columns=[value_header])
    counts.mapped_columns = sum(1 for f in lay.MAPPED_FIELDS if f in chosen)


def carry_over_contents(old: WorkbookPort, new: WorkbookPort) -> UpgradeCounts:
    """Copy every table sheet, the Settings values and column mapping and the Home status
    from `old` (any layout) into `new` (a freshly built workbook of today's layout). The
    caller saves `new`; `old` is only read."""
    counts = UpgradeCounts()
    for sheet in lay.DATA_SHEETS.values():
        _copy_sheet(old, new, sheet, counts)
    _copy_settings(old, new, counts)
    _copy_mapping(old, new, counts)
    return counts
