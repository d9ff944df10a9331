"""`MemoryPort`: a workbook held in memory, a full `WorkbookPort` for tests and batch use.

It behaves like live Excel: a write is visible at once, and `save` takes a snapshot
(`saved_tables`, `saved_names`) the way saving a file would. Every call is recorded in
`events` as plain data, so a test can assert what a job did, and in which order, without
a spreadsheet program.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from gst_ims.domain.problems import InputError
from gst_ims.workbook.port import CellValue, cells_frame, check_block, frame_cells

# sheet -> (header row, first column) -> (headers, rows of cell values)
Tables = dict[str, dict[tuple[int, int], tuple[list[str], list[list[CellValue]]]]]


@dataclass
class MemoryPort:
    """A workbook of `sheets` (names only; tables appear when written) and named cells.

    `confirm_answer` is what every `confirm` returns. `events` records
    ``("write_table", sheet, rows)``, ``("write_column", sheet, header, rows changed)``,
    ``("write_names", names)``, ``("save",)``,
    ``("alert", message, error)``, ``("confirm", message)`` and
    ``("progress", message, fraction)`` in call order.
    """

    sheets: list[str]
    names: dict[str, CellValue]
    confirm_answer: bool = True
    location: Path | None = None
    tables: Tables = field(default_factory=dict)
    formats: dict[str, dict[str, str]] = field(default_factory=dict)
    events: list[tuple[object, ...]] = field(default_factory=list)
    saved_tables: Tables = field(default_factory=dict)
    saved_names: dict[str, CellValue] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)
    name_sheets: dict[str, str] = field(default_factory=dict)  # named cell -> its sheet
    constants: dict[str, str] = field(default_factory=dict)  # workbook name -> constant

    def folder(self) -> Path | None:
        """The folder given as `location`."""
        return self.location

    def _sheet(
        self, sheet: str
    ) -> dict[tuple[int, int], tuple[list[str], list[list[CellValue]]]]:
        if sheet not in self.sheets:
            raise InputError(f"The workbook has no sheet '{sheet}'.")
        return self.tables.setdefault(sheet, {})

    def read_table(
        self, sheet: str, *, header_row: int = 1, first_column: int = 1,
        max_rows: int | None = None,
    ) -> pd.DataFrame:
        """The table last written at `header_row`/`first_column` of `sheet` (empty when
        none)."""
        headers, rows = self._sheet(sheet).get((header_row, first_column), ([], []))
        return cells_frame(list(headers), copy.deepcopy(rows[:max_rows]))

    def write_table(
        self,
        sheet: str,
        frame: pd.DataFrame,
        *,
        header_row: int = 1,
        first_column: int = 1,
        max_rows: int | None = None,
        text_columns: Collection[str] = (),
        number_formats: Mapping[str, str] | None = None,
    ) -> None:
        """Replace the table at `header_row`/`first_column` of `sheet` by `frame`'s cell
        values."""
        headers = check_block(frame, max_rows)
        unknown = (set(text_columns) | set(number_formats or {})) - set(headers)
        if unknown:
            raise ValueError(f"formats given for columns not written: {sorted(unknown)}")
        self._sheet(sheet)[(header_row, first_column)] = (headers, frame_cells(frame))
        formats = self.formats.setdefault(sheet, {})
        formats.update({name: "@" for name in text_columns})
        formats.update(number_formats or {})
        self._mark(sheet)
        self.events.append(("write_table", sheet, len(frame)))

    def write_column(
        self,
        sheet: str,
        header: str,
        values: Sequence[CellValue],
        *,
        header_row: int = 1,
        changed: Sequence[bool] | None = None,
    ) -> None:
        """Set the changed cells of one column of the table on `header_row`."""
        tables = self._sheet(sheet)
        found = [(key, table) for key, table in tables.items()
                 if key[0] == header_row and header in table[0]]
        if not found:
            raise InputError(f"The sheet '{sheet}' has no column '{header}'.")
        (_, (headers, rows)), = found
        index = headers.index(header)
        flags = [True] * len(values) if changed is None else list(changed)
        while len(rows) < len(values):
            rows.append([None] * len(headers))
        for row, value, flag in zip(rows, values, flags, strict=False):
            if flag:
                row[index] = value
        self._mark(sheet)
        self.events.append(("write_column", sheet, header, sum(flags)))

    def changed_sheets(self) -> list[str]:
        """Sheets written since the last `save`, in the order of their first write."""
        return list(self.changed)

    def _mark(self, sheet: str) -> None:
        if sheet not in self.changed:
            self.changed.append(sheet)

    def read_names(self, names: Iterable[str]) -> dict[str, CellValue]:
        """Values of named cells; unknown names raise `InputError`."""
        wanted = list(names)
        missing = [name for name in wanted if name not in self.names]
        if missing:
            raise InputError(f"The workbook has no named cell {', '.join(missing)}.")
        return {name: self.names[name] for name in wanted}

    def defined_constant(self, name: str) -> str | None:
        """The constant held by workbook name `name` (`constants`), None without it."""
        return self.constants.get(name)

    def write_names(self, values: Mapping[str, CellValue]) -> None:
        """Set named cells; unknown names raise `InputError` (before anything is set)."""
        self.read_names(values)
        self.names.update(values)
        for name in values:
            self._mark(self.name_sheets.get(name, "(named cells)"))
        self.events.append(("write_names", tuple(values)))

    def progress(self, message: str, fraction: float | None = None) -> None:
        """Record the progress message."""
        self.events.append(("progress", message, fraction))

    def alert(self, message: str, *, title: str = "GST IMS", error: bool = False) -> None:
        """Record the alert."""
        self.events.append(("alert", message, error))

    def confirm(self, message: str, *, title: str = "GST IMS") -> bool:
        """Record the question; answer `confirm_answer`."""
        self.events.append(("confirm", message))
        return self.confirm_answer

    def save(self) -> None:
        """Snapshot the tables and names as the saved state."""
        self.saved_tables = copy.deepcopy(self.tables)
        self.saved_names = dict(self.names)
        self.changed.clear()
        self.events.append(("save",))

    def writes(self) -> list[tuple[object, ...]]:
        """The events that changed the workbook (table and name writes, saves)."""
        return [event for event in self.events
                if event[0] in ("write_table", "write_column", "write_names", "save")]
