"""The `WorkbookPort`: everything a job needs from a workbook, whatever holds it.

`workflow.py` talks to a workbook only through this protocol, so the same job runs on
live Excel (`excel_port.ExcelPort`), on the .xlsm file (`file_port.FilePort`) and in
memory (`memory_port.MemoryPort`, for tests). A port exchanges *cell values* (text,
numbers, booleans, datetimes, None for an empty cell): every conversion between cells and
the domain's typed frames happens in the workflow, once.

A sheet's table is a header row followed by data rows, with no blank column in the
header. Ports write values only: colours, dropdowns and number formats of the data area
are baked into the workbook by its builder (except the text / number formats given to
`write_table`, which a port applies where the cells do not already have them). A job
that changes one column (an Action, an Upload Status) writes that column alone
(`write_column`), so the rest of the sheet, formulas a user added included, stays.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Protocol, TypeAlias, runtime_checkable

import numpy as np
import pandas as pd

from gst_ims.domain.unread_cells import EXCEL_ERROR_CODES, CellError, cell_address

CellValue: TypeAlias = str | int | float | bool | datetime | date | None

# Text from a file that starts with one of these becomes a formula (or a number) when
# typed into a cell; a port stores such text as text, never evaluated.
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@")


@runtime_checkable
class WorkbookPort(Protocol):
    """What a job may do with a workbook. Writes become permanent on `save`."""

    def folder(self) -> Path | None:
        """The folder holding the workbook (for default output paths), None if unsaved."""
        ...

    def read_table(
        self, sheet: str, *, header_row: int = 1, first_column: int = 1,
        max_rows: int | None = None,
    ) -> pd.DataFrame:
        """The table of `sheet` whose headers are on the 1-based `header_row` from the
        1-based `first_column` rightwards: one column per header text, one row per data
        row down to the last non-empty one (at most `max_rows`), object dtype holding
        cell values (None for empty) as a person sees them: a formula cell by its
        result, an error cell as a `CellError`, a formula whose result is not there as
        a `FormulaWithoutValue`. `InputError` if the sheet is absent."""
        ...

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
        """Replace the table of `sheet`: the frame's column names as headers on
        `header_row` from `first_column`, its rows below, every older row cleared; the
        Excel Table anchored there (if any) resized to the rows written. `max_rows` bounds
        a block with something below it: only its own rows and columns are cleared, and
        a longer frame is a `ValueError`. `text_columns` are stored as text ('@'
        format), `number_formats` maps a column to its cell number format."""
        ...

    def write_column(
        self,
        sheet: str,
        header: str,
        values: Sequence[CellValue],
        *,
        header_row: int = 1,
        changed: Sequence[bool] | None = None,
    ) -> None:
        """Set the data cells of the column headed `header` on `header_row`: `values[i]`
        goes into the i-th row below the header. Only the rows where `changed` is True
        must be written (all rows when None); every other cell of the sheet (other
        columns, the rows below `values`, formulas, formats) stays as it is. Text is stored
        as text, never as a formula. `InputError` when no cell of `header_row` holds
        `header`."""
        ...

    def read_names(self, names: Iterable[str]) -> dict[str, CellValue]:
        """Values of the named single cells, as `read_table` gives cells; a name the
        workbook lacks is an `InputError`."""
        ...

    def write_names(self, values: Mapping[str, CellValue]) -> None:
        """Set named single cells (text stored as text, never as a formula)."""
        ...

    def defined_constant(self, name: str) -> str | None:
        """The text a workbook-level name holds as a constant (``="2"`` -> ``2``), such as
        the layout version the workbook was built with; None when there is no such name."""
        ...

    def progress(self, message: str, fraction: float | None = None) -> None:
        """Tell the user what is happening; `fraction` 0..1 when known."""
        ...

    def alert(self, message: str, *, title: str = "GST IMS", error: bool = False) -> None:
        """Show a message the user must read (a result or an error)."""
        ...

    def confirm(self, message: str, *, title: str = "GST IMS") -> bool:
        """Ask a yes/no question; True to go ahead."""
        ...

    def save(self) -> None:
        """The job's writes are complete: a file port writes the workbook file now; live
        Excel leaves saving to the user, as after any edit made in Excel."""
        ...


@runtime_checkable
class ChangeTracking(Protocol):
    """A port whose writes show in the workbook at once (live Excel, the memory port): it
    can say which sheets a job has changed so far, for the message after a failure."""

    def changed_sheets(self) -> list[str]:
        """The sheets written since the job began (or since the last `save`), in the
        order of their first write."""
        ...


def column_blocks(changed: Sequence[bool], max_blocks: int = 8) -> list[tuple[int, int]]:
    """Row ranges ``(start, stop)`` (0-based, stop excluded) covering every True of
    `changed`, at most `max_blocks` of them: runs of changed rows, with the smallest gaps
    between runs filled in (rewriting those rows' own values) until few enough remain.
    One block is one call into Excel, so a scattered change costs a bounded number of
    calls."""
    flags = np.asarray(changed, dtype=bool)
    if not flags.any():
        return []
    edges = np.flatnonzero(np.diff(np.concatenate(([0], flags.view(np.int8), [0]))))
    starts, stops = edges[0::2], edges[1::2]
    if len(starts) > max_blocks:
        gaps = starts[1:] - stops[:-1]
        # Keep the largest gaps as the splits between blocks (stable for equal gaps).
        keep = np.sort(np.argsort(-gaps, kind="stable")[:max_blocks - 1])
        starts = np.concatenate(([starts[0]], starts[keep + 1]))
        stops = np.concatenate((stops[keep], [stops[-1]]))
    return [(int(start), int(stop)) for start, stop in zip(starts, stops, strict=True)]


def is_formula_like(value: object) -> bool:
    """True for text a spreadsheet would evaluate when typed (``=1+1``, ``+91``, ``@x``)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _column_cells(column: pd.Series) -> list[CellValue]:
    """One frame column -> plain Python cell values (None for every kind of missing)."""
    if isinstance(column.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(
        column.dtype
    ):
        stamps = column.dt.tz_localize(None) if isinstance(
            column.dtype, pd.DatetimeTZDtype
        ) else column
        missing = stamps.isna().to_numpy()
        values: list[CellValue] = list(stamps.dt.to_pydatetime())
        return [None if gone else value for value, gone in zip(values, missing, strict=True)]
    missing = column.isna().to_numpy()
    if isinstance(column.dtype, np.dtype) and column.dtype.kind in "biuf":
        # Plain numpy numbers convert in one C call; only floats can be missing (NaN).
        numbers: list[CellValue] = column.to_numpy().tolist()
        if missing.any():
            return [None if gone else value for value, gone in zip(numbers, missing, strict=True)]
        return numbers
    raw: list[object] = column.astype(object).tolist()
    cells: list[CellValue] = []
    for value, gone in zip(raw, missing, strict=True):
        if gone:
            cells.append(None)
        elif isinstance(value, np.generic):
            cells.append(value.item())
        elif isinstance(value, pd.Timestamp):
            cells.append(value.to_pydatetime())
        else:
            cells.append(value)  # type: ignore[arg-type]  # a frame holds cell-like values
    return cells


def frame_cells(frame: pd.DataFrame) -> list[list[CellValue]]:
    """A frame -> its rows as lists of plain cell values (ints, floats, str, bool,
    datetime, None). NaN, NaT and <NA> become None; numpy scalars become Python ones."""
    columns = [_column_cells(frame.iloc[:, index]) for index in range(frame.shape[1])]
    return [list(row) for row in zip(*columns, strict=True)] if columns else [
        [] for _ in range(len(frame))
    ]


def cells_frame(headers: list[str], rows: list[list[CellValue]]) -> pd.DataFrame:
    """Rows of cell values under `headers` -> an object-dtype frame (the shape every
    port's `read_table` returns)."""
    data = {header: [row[index] for row in rows] for index, header in enumerate(headers)}
    frame = pd.DataFrame(data, columns=headers, dtype=object)
    return frame.reset_index(drop=True)


def cell_formats(headers: Collection[str], text_columns: Collection[str],
                 number_formats: Mapping[str, str] | None) -> dict[str, str]:
    """Header -> number format for a write: ``@`` (text) for `text_columns`, then the
    explicit `number_formats`; a format for a column that is not written is a bug."""
    formats = {name: "@" for name in text_columns} | dict(number_formats or {})
    unknown = set(formats) - set(headers)
    if unknown:
        raise ValueError(f"formats given for columns not written: {sorted(unknown)}")
    return formats


def check_block(frame: pd.DataFrame, max_rows: int | None) -> list[str]:
    """The header texts of a frame about to be written, checked against `max_rows`."""
    if max_rows is not None and len(frame) > max_rows:
        raise ValueError(f"{len(frame)} rows do not fit a block of {max_rows}")
    return header_texts(frame)


def header_texts(frame: pd.DataFrame) -> list[str]:
    """The frame's column names as header texts; a blank or duplicate header is a bug in
    the caller, so it raises `ValueError`."""
    headers = [str(name) for name in frame.columns]
    if any(not header.strip() for header in headers):
        raise ValueError(f"blank column header in {headers}")
    if len(set(headers)) != len(headers):
        raise ValueError(f"duplicate column headers in {headers}")
    return headers


def error_texts_as_cells(rows: list[list[CellValue]], top: int, left: int) -> None:
    """Replace, in place, every text that is exactly an error code by a `CellError` at
    its address (`top`, `left`: the sheet row and column of ``rows[0][0]``): what a
    spreadsheet program hands over for an error cell when asked for text."""
    for offset, row in enumerate(rows):
        for index, value in enumerate(row):
            if isinstance(value, str) and value in EXCEL_ERROR_CODES:
                row[index] = CellError(value, cell_address(top + offset, left + index))
