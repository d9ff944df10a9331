"""Columns a user added to the right of a result sheet's columns (notes, follow-up
dates…), kept across a reconcile: each value goes back on the row of the same document,
whichever sheet that row lands on. A column inserted *among* the tool's columns cannot be
kept (the dropdowns and colours sit on fixed columns), so the job refuses, naming it,
before anything is written. A value whose document has no row any more is put on the Log
with its text, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from gst_ims.domain import documents as d
from gst_ims.domain.problems import InputError, Problem, Severity
from gst_ims.domain.safe_text import shown
from gst_ims.workbook import layout as lay

_BOOKS_KEY_FIELDS = (lay.DOC_PREFIX + d.SUPPLIER_GSTIN, lay.BOOKS_PREFIX + d.DOC_NO,
                     lay.BOOKS_PREFIX + d.DOC_DATE)


def row_keys(fields: pd.DataFrame) -> pd.Series:
    """A result row's document identity: its record key (an IMS document), else the
    books document's supplier GSTIN, number and date (a Not in IMS row)."""
    record = fields[d.RECORD_KEY].astype("string").fillna("")
    books = pd.Series("books", index=fields.index, dtype="string")
    for name in _BOOKS_KEY_FIELDS:
        part = fields[name] if name in fields.columns else pd.Series(pd.NA, index=fields.index)
        if pd.api.types.is_datetime64_any_dtype(part):
            part = part.dt.strftime("%d-%m-%Y")
        books = books + "|" + part.astype("string").fillna("")
    return record.where(record != "", books).reset_index(drop=True)


@dataclass
class UserColumns:
    """The user's own columns of the result sheets: headers in the order first met, and
    header -> document key -> (value, sheet, row) for every non-empty cell."""

    headers: list[str] = field(default_factory=list)
    values: dict[str, dict[str, tuple[object, str, int]]] = field(default_factory=dict)

    def add_sheet(self, sheet: lay.DataSheet, table: pd.DataFrame, keys: pd.Series) -> None:
        """Take the user's columns of one sheet's table (as read), or refuse a column
        inserted among the tool's ones."""
        own = set(sheet.headers)
        headers = [str(h) for h in table.columns]
        last_own = max((i for i, h in enumerate(headers) if h in own), default=-1)
        inserted = [(i, h) for i, h in enumerate(headers[:last_own]) if h not in own]
        if inserted:
            where = ", ".join(f"'{shown(h, 40)}' (column {lay.column_letter(i + 1)})"
                              for i, h in inserted)
            raise InputError(
                f"The {sheet.name} sheet has column(s) inserted among the tool's columns: "
                f"{where}. Reconcile would overwrite them. Move them to the right of the "
                f"last column ({lay.column_letter(len(sheet.headers))}) or delete "
                "them, then run it again; nothing was changed.")
        for header in headers[last_own + 1:]:
            if header in own:
                continue  # a header without text reads as "Column X": kept under it
            if header not in self.values:
                self.headers.append(header)
                self.values[header] = {}
            cells = table[header].reset_index(drop=True)
            for position in cells.index[cells.notna() & (cells.astype(str).str.strip() != "")]:
                row = sheet.first_data_row + int(position)
                self.values[header][str(keys.iloc[position])] = (cells.iloc[position],
                                                                 sheet.name, row)

    def put_back(self, cells: pd.DataFrame, keys: pd.Series, taken: set[tuple[str, str]]) -> (
            pd.DataFrame):
        """`cells` (a sheet's new rows as cell values) with the user's columns appended,
        each row carrying the value kept for its document; marks what was used in
        `taken` (header, key)."""
        if not self.headers:
            return cells
        out = cells.copy()
        for header in self.headers:
            kept = self.values[header]
            column = [kept.get(str(key), (None, "", 0))[0] for key in keys]
            taken.update((header, str(key)) for key in keys if str(key) in kept)
            out[header] = pd.Series(column, index=out.index, dtype=object)
        return out

    def left_over(self, taken: set[tuple[str, str]]) -> list[Problem]:
        """A warning per value whose document has no row after the reconcile, with the
        value itself, so that it is not lost."""
        problems = []
        for header in self.headers:
            for key, (value, sheet, row) in self.values[header].items():
                if (header, key) not in taken:
                    problems.append(Problem(
                        f"your column '{shown(header, 40)}' held '{shown(value, 200)}' for a "
                        "document that has no row after this reconcile (the IMS data or the "
                        "register changed); the value is kept here only",
                        Severity.WARNING, sheet=sheet, row=row, field=header))
        return problems


def read_user_columns(tables: Mapping[str, tuple[pd.DataFrame, pd.DataFrame]]) -> UserColumns:
    """Result sheet name -> (its table as read, the same as fields) -> `UserColumns`."""
    found = UserColumns()
    for name, (table, fields) in tables.items():
        if len(table.columns):
            found.add_sheet(lay.RESULT_SHEET_LAYOUTS[name], table, row_keys(fields))
    return found
