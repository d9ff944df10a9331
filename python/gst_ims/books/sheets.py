"""Register files: .xlsx / .xlsm / .xls / .xlsb / .ods through python-calamine, .csv through
the csv module; the header row found under any title rows; every sheet that holds
register rows read when the user names none.

The GSTN returns templates (and Tally's GSTR-2 export of them) keep invoices and notes on
separate sheets (b2b, b2ba, cdnr, cdnra) beside help and master sheets; a Zoho user may
put bills and vendor credits on two sheets. Without a sheet named, a workbook with a sheet
called "Books" (the reconciler's own) gives that sheet; otherwise every sheet whose
header row holds register columns is read, and the others are named as not read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pandas as pd

from gst_ims.books.aliases import field_of, header_key
from gst_ims.books.cells import blank_cells
from gst_ims.books.formula_cells import unread_cells
from gst_ims.books.headers import ColumnMapping, at
from gst_ims.books.register import RegisterRead, read_register
from gst_ims.domain.documents import REGISTER_ROWS
from gst_ims.domain.problems import InputError, Problem, Severity
from gst_ims.domain.text_encoding import decode_text_file

_EXCEL_SUFFIXES: Final = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
_HEADER_SCAN_ROWS: Final = 30
Grid = Sequence[Sequence[object]]


def read_register_file(
    path: Path, sheet: str | None = None, *, mapping: ColumnMapping | None = None,
    recipient_gstin: str = "", decimal_comma: bool = False,
) -> RegisterRead:
    """A register file (.xlsx, .xlsm, .xls, .csv) -> `RegisterRead`.

    `sheet`: the sheet to read; by default a sheet named "Books" (any case) if there is
    one, else every sheet holding register rows (module doc). The header row is found
    among the first 30 rows as the row with the most recognised headers, so title rows
    above it (Tally, Busy, the GSTN templates) are fine. `recipient_gstin` splits a single
    tax column where a line has no place of supply; `decimal_comma`: amounts are written
    with a decimal comma. A CSV is decoded by `domain.text_encoding` and the report names
    the encoding read.
    Raises `InputError` for an unreadable file, a missing sheet or missing columns.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"register file not found: {path}")
    suffix = path.suffix.lower()
    options = _Options(mapping, recipient_gstin, decimal_comma)
    if suffix == ".csv":
        grid, encoding = _read_csv(path)
        name = sheet or path.stem
        read_as = Problem(f"read as {encoding} text", Severity.INFO, file=path.name,
                          sheet=name)
        try:
            read = _read_grid(path, name, grid, options)
        except InputError as exc:  # garbled headers show first as missing columns
            exc.problems.insert(0, read_as)
            raise
        read.problems.insert(0, read_as)
        return read
    if suffix not in _EXCEL_SUFFIXES:
        raise InputError(f"{path.name}: a register must be .xlsx, .xlsm, .xls or .csv")
    grids = _read_excel(path, sheet)
    if len(grids) == 1:
        name, grid = grids[0]
        return _read_grid(path, name, grid, options)
    return _read_sheets(path, grids, options)


@dataclass(frozen=True)
class _Options:
    """What every sheet of one file is read with (`read_register`'s keywords)."""

    mapping: ColumnMapping | None
    recipient_gstin: str
    decimal_comma: bool


def _read_table(path: Path, name: str, grid: Grid, header_index: int,
                options: _Options) -> RegisterRead:
    return read_register(_table(grid, header_index), sheet=name, file=path.name,
                         mapping=options.mapping, header_row=header_index + 1,
                         recipient_gstin=options.recipient_gstin,
                         decimal_comma=options.decimal_comma)


def _read_grid(path: Path, name: str, grid: Grid, options: _Options) -> RegisterRead:
    header_index = _find_header_row(grid, options.mapping)[0]
    if header_index is None:
        raise InputError(f"{path.name}, sheet {name}: the sheet is empty")
    return _read_table(path, name, grid, header_index, options)


def _read_sheets(path: Path, grids: list[tuple[str, Grid]], options: _Options
                 ) -> RegisterRead:
    """Every sheet with a register header row; a refusal only when none can be read."""
    reads: list[RegisterRead] = []
    passed: list[str] = []
    refusals: list[tuple[int, InputError]] = []
    for name, grid in grids:
        header_index, hits = _find_header_row(grid, options.mapping)
        if header_index is None or hits < 2:
            passed.append(f"{name} (no register headers)")
            continue
        try:
            reads.append(_read_table(path, name, grid, header_index, options))
        except InputError as refused:
            refusals.append((hits, refused))
            passed.append(f"{name} ({_first_reason(refused)})")
    if not reads:
        if refusals:
            raise max(refusals, key=lambda item: item[0])[1]
        raise InputError(f"{path.name}: no sheet holds a register (a header row with the "
                         "supplier GSTIN, document number and date, taxable value and tax); "
                         "sheets: " + ", ".join(name for name, _ in grids))
    return _merged(path, reads, passed)


def _first_reason(error: InputError) -> str:
    text = error.problems[0].message if error.problems else str(error)
    return text.split(";")[0]


def _merged(path: Path, reads: list[RegisterRead], passed: list[str]) -> RegisterRead:
    """Reads of several sheets -> one; each document's rows named with its sheet."""
    names = tuple(read.sheet for read in reads)
    frames = []
    for read in reads:
        frame = read.frame
        if len(reads) > 1:
            frame = frame.assign(**{REGISTER_ROWS: (read.sheet + ": "
                                                    + frame[REGISTER_ROWS].astype("string"))})
        frames.append(frame)
    frame = pd.concat(frames, ignore_index=True) if frames else reads[0].frame
    header_map: dict[str, str] = {}
    sums: dict[str, tuple[str, ...]] = {}
    for read in reads:
        for name, header in read.header_map.items():
            shown = header_map.get(name)
            if shown is None:
                header_map[name] = header
            elif header not in shown.split(" / "):
                header_map[name] = f"{shown} / {header}"
        for name, columns in read.sums.items():
            sums[name] = tuple(dict.fromkeys((*sums.get(name, ()), *columns)))
    where = Problem("", file=path.name, sheet=", ".join(names))
    note = (f"sheets read: {', '.join(names)}"
            + (f"; not read: {'; '.join(passed)}" if passed else ""))
    problems = [at(where, note, severity=Severity.INFO)]
    for read in reads:
        problems.extend(read.problems)
    return RegisterRead(
        frame=frame, problems=problems, header_map=header_map, sheet=", ".join(names),
        file=path.name, header_row=reads[0].header_row,
        data_rows=sum(read.data_rows for read in reads),
        skipped_rows=tuple(row for read in reads for row in read.skipped_rows),
        lines=sum(read.lines for read in reads), sums=sums, sheets=names,
    )


def _table(grid: Grid, header_index: int) -> pd.DataFrame:
    """The rows under the header row as a table named by the header cells; columns with
    neither header nor data (spreadsheet padding) dropped."""
    width = max((len(row) for row in grid), default=0)
    rows = grid if all(len(row) == width for row in grid) else [
        [*row, *([None] * (width - len(row)))] for row in grid]
    header_cells = pd.Index(list(rows[header_index]), dtype=object)
    table = pd.DataFrame(rows[header_index + 1:], columns=header_cells, dtype=object)
    heads = blank_cells(pd.Series(rows[header_index], dtype=object)).to_numpy()
    keep = [i for i in range(width)
            if not heads[i] or not blank_cells(table.iloc[:, i]).all()]
    return table.iloc[:, keep]


def _read_excel(path: Path, sheet: str | None) -> list[tuple[str, Grid]]:
    # python-calamine (Rust) reads xlsx/xlsm/xls alike and is many times faster than
    # openpyxl on large sheets (benchmarks/bench_register.py). It gives numbers as float,
    # date-formatted cells as date/datetime, text-formatted numbers ("00123") as str and
    # empty cells as "".
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise InputError(f"{path.name}: cannot be read as a spreadsheet ({exc})") from exc
    names: list[str] = list(workbook.sheet_names)
    if sheet is None:
        books = next((n for n in names if n.casefold() == "books"), None)
        chosen = [books] if books is not None else names
    else:
        found = next((n for n in names if n == sheet), None) or next(
            (n for n in names if n.casefold() == sheet.casefold()), None)
        if found is None:
            raise InputError(f"{path.name}: no sheet '{sheet}'; sheets are: {', '.join(names)}")
        chosen = [found]
    if not chosen:
        raise InputError(f"{path.name}, sheet ?: the sheet is empty")
    return [(name, _sheet_grid(path, workbook, name)) for name in chosen]


def _sheet_grid(path: Path, workbook: object, name: str) -> Grid:
    """One sheet's cells, error cells and formulas without a saved value marked."""
    from python_calamine import CalamineError

    # skip_empty_area=False keeps the rows above the first used cell, so that row numbers
    # are the ones the user sees.
    try:
        grid: Grid = workbook.get_sheet_by_name(name).to_python(  # type: ignore[attr-defined]
            skip_empty_area=False)
    except (CalamineError, OSError, ValueError) as exc:
        raise InputError(f"{path.name}, sheet {name}: cannot be read; the file is damaged "
                         f"({exc}). Open it in Excel and save it again") from exc
    # The reader gives error cells and formulas without a result as "" or 0: mark them.
    unread = unread_cells(path, name) if path.suffix.lower() in (".xlsx", ".xlsm") else {}
    if unread:
        rows = [list(row) for row in grid]
        for (row, column), cell in unread.items():
            if row < len(rows) and column < len(rows[row]):
                rows[row][column] = cell
        return rows
    return grid


def _read_csv(path: Path) -> tuple[Grid, str]:
    """The rows of a CSV register and the encoding they were read as, in words."""
    import csv
    import io

    decoded = decode_text_file(path.read_bytes(), path.name)
    text = decoded.text
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        return [list(row) for row in reader], decoded.label
    except csv.Error as exc:  # a field longer than the csv module takes, a stray NUL
        raise InputError(f"{path.name} (read as {decoded.label}), line {reader.line_num:,}: "
                         f"cannot be read as CSV ({exc}); check that line") from None


def _find_header_row(grid: Grid, mapping: ColumnMapping | None) -> tuple[int | None, int]:
    """(Index of the row with the most recognised headers among the first rows (ties: the
    first), its count of recognised fields); with fewer than two recognised, the first
    non-empty row."""
    wanted = {header_key(h) for h in (mapping.columns.values() if mapping else ())}
    best, best_hits, first_filled = None, 0, None
    for index, row in enumerate(grid[:_HEADER_SCAN_ROWS]):
        keys = [header_key(cell) for cell in row if isinstance(cell, str) and cell.strip()]
        if first_filled is None and any(
            not (cell is None or (isinstance(cell, str) and not cell.strip())) for cell in row
        ):
            first_filled = index
        fields = {f for k in keys if (f := field_of(k))}
        hits = len(fields) + sum(k in wanted for k in keys)
        if hits > best_hits:
            best, best_hits = index, hits
    if best is not None and best_hits >= 2:
        return best, best_hits
    return first_filled, best_hits
