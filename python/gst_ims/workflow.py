"""The jobs, each written once against a `WorkbookPort`, whatever runs it (Excel buttons
through `excel.py`, the command line through `cli.py`, tests through `MemoryPort`).

Every job reads what it needs and does all its work in memory, staging its writes
(`StagedWrites`); only then are the sheets written, Home last, and the port saves (a file
port writes the file; in Excel the user saves). A job that fails while reading or
computing (an `InputError` naming what to fix) has written nothing.
The Books sheet is written only by `import_books`; reconcile and export only read it.

Jobs: `import_ims`, `import_books`, `reconcile`, `accept_matched`, `confirm_suggestions`,
`link`, `unlink`, `exclude`, `export_upload`, `import_errors`. Each returns a `JobReport`
(message, counts, problems, files) that the caller shows.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from gst_ims import pairings
from gst_ims.domain import documents as d
from gst_ims.domain.documents import Action, Category
from gst_ims.domain.gstin import check_gstin, normalise_gstin
from gst_ims.domain.money import format_inr
from gst_ims.domain.problems import InputError, Problem, Severity
from gst_ims.domain.settings import ReconSettings
from gst_ims.domain.settings_table import PORTAL_UPLOAD_BYTES, Reader, keys_read_by, setting
from gst_ims.export_checks import (
    removed_on_failure,
    stop_on_unreadable_decisions,
    without_result_row,
)
from gst_ims.job_report import JobReport
from gst_ims.recon.links import LinkKind, empty_links, remove_exclusion
from gst_ims.user_columns import UserColumns, read_user_columns, row_keys
from gst_ims.workbook import layout as lay
from gst_ims.workbook.port import CellValue, WorkbookPort
from gst_ims.workbook.sheet_values import from_cells, to_cells
from gst_ims.workbook.staged import StagedWrites

if TYPE_CHECKING:
    from gst_ims.books.register import ColumnMapping
    from gst_ims.upload.writer import UploadOptions

MAX_LOG_ROWS: Final = 50_000  # the Log keeps the newest problems of every job
_SHOWN_PROBLEMS: Final = 5


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _text(value: object) -> str:
    """A cell as trimmed text; empty for an empty cell (None, NaN, <NA>)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return ""
    return str(value).strip()


# --- sheets -------------------------------------------------------------------------------
def _write_sheet(port: WorkbookPort | StagedWrites, sheet: lay.DataSheet,
                 cells: pd.DataFrame) -> None:
    text = [h for h in sheet.text_headers() if h in cells.columns]
    formats = {h: f for h, f in sheet.number_formats().items() if h in cells.columns}
    port.write_table(sheet.name, cells, header_row=sheet.header_row, text_columns=text,
                     number_formats=formats)


def _write_fields(port: WorkbookPort | StagedWrites, sheet: lay.DataSheet,
                  frame: pd.DataFrame) -> None:
    _write_sheet(port, sheet, to_cells(frame, sheet.columns))


def _read_fields(port: WorkbookPort, sheet: lay.DataSheet) -> tuple[pd.DataFrame, list[Problem]]:
    return _fields_of(port.read_table(sheet.name, header_row=sheet.header_row), sheet)


def _fields_of(table: pd.DataFrame, sheet: lay.DataSheet) -> tuple[pd.DataFrame, list[Problem]]:
    if table.empty and not len(table.columns):
        return from_cells(pd.DataFrame(columns=list(sheet.headers)), sheet.columns,
                          sheet=sheet.name, first_row=sheet.first_data_row)
    return from_cells(table, sheet.columns, sheet=sheet.name, first_row=sheet.first_data_row)


def _log_frame(problems: Sequence[Problem], when: datetime) -> pd.DataFrame:
    rows = [{lay.LOG_TIME: when, **problem.as_dict()} for problem in problems]
    frame = pd.DataFrame(rows, columns=[c.field for c in lay.LOG_SHEET.columns])
    return to_cells(frame, lay.LOG_SHEET.columns)


def _append_log(port: WorkbookPort, staged: StagedWrites, problems: Sequence[Problem],
                when: datetime) -> None:
    """Stage `problems` under the Log's older rows (the newest `MAX_LOG_ROWS` are kept)."""
    if not problems:
        return
    older = port.read_table(lay.LOG, header_row=lay.LOG_SHEET.header_row)
    older = older.reindex(columns=list(lay.LOG_SHEET.headers))
    rows = pd.concat([older, _log_frame(problems, when)], ignore_index=True)
    _write_sheet(staged, lay.LOG_SHEET, rows.tail(MAX_LOG_ROWS).reset_index(drop=True))


def _append_history(port: WorkbookPort, staged: StagedWrites,
                    changes: Sequence[pd.DataFrame]) -> int:
    """Stage the History rows `changes` (`history.change_rows` frames) under the older
    ones (the newest `history.MAX_HISTORY_ROWS` are kept); returns how many were added.
    A workbook made before the sheet existed keeps no history."""
    from gst_ims.history import MAX_HISTORY_ROWS

    frames = [frame for frame in changes if not frame.empty]
    if not frames:
        return 0
    sheet = lay.HISTORY_SHEET
    try:
        older = port.read_table(sheet.name, header_row=sheet.header_row)
    except InputError:
        return 0
    older = older.reindex(columns=list(sheet.headers))
    added = to_cells(pd.concat(frames, ignore_index=True), sheet.columns)
    rows = pd.concat([older, added], ignore_index=True) if len(older) else added
    _write_sheet(staged, sheet, rows.tail(MAX_HISTORY_ROWS).reset_index(drop=True))
    return len(added)


def _name_values(values: dict[lay.NamedCell, object]) -> dict[str, CellValue]:
    """Named cells -> cell values (money as rupees, counts as int)."""
    out: dict[str, CellValue] = {}
    for cell, value in values.items():
        if cell.kind is lay.ColumnKind.MONEY and isinstance(value, int):
            out[cell.name] = value / 100
        else:
            out[cell.name] = value  # type: ignore[assignment]  # callers pass cell values
    return out


def _settings(port: WorkbookPort, keys: Sequence[str]) -> dict[str, CellValue]:
    cells = {key: lay.setting_cell(key) for key in keys}
    values = port.read_names([cell.name for cell in cells.values()])
    return {key: values[cell.name] for key, cell in cells.items()}


def _newer_setting(port: WorkbookPort, key: str) -> CellValue:
    """A setting added after workbooks were in use: None (its default) in a workbook made
    before it existed, which has no such named cell."""
    try:
        return _settings(port, [key])[key]
    except InputError:
        return None


def _newer_settings(port: WorkbookPort, keys: Sequence[str]) -> dict[str, CellValue]:
    """`_newer_setting` for several keys, in one read when the workbook has them all."""
    try:
        return _settings(port, keys)
    except InputError:
        return {key: _newer_setting(port, key) for key in keys}


def _yes(value: CellValue) -> bool:
    return _text(value).casefold() in ("yes", "y", "true", "1")


def _decimal_comma(port: WorkbookPort) -> bool:
    """Settings > 'Register amounts use a decimal comma' (No in a workbook without it)."""
    try:
        return _yes(_settings(port, ["decimal_comma"])["decimal_comma"])
    except InputError:  # a workbook built before the setting existed
        return False


def _picked_paths(port: WorkbookPort, cell: lay.NamedCell, what: str) -> list[Path]:
    text = _text(port.read_names([cell.name])[cell.name])
    paths = [Path(part.strip()) for part in text.split(lay.PATH_SEPARATOR) if part.strip()]
    if not paths:
        raise InputError(f"No {what} was chosen. Pick the file first.")
    return paths


def _errors(problems: Sequence[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.severity is Severity.ERROR]


def _problem_note(problems: Sequence[Problem]) -> str:
    counts = {s: sum(p.severity is s for p in problems) for s in Severity}
    if not counts[Severity.ERROR] and not counts[Severity.WARNING]:
        return ""
    return (f" {counts[Severity.ERROR]} error(s) and {counts[Severity.WARNING]} warning(s) "
            "are listed on the Log sheet.")


def _finish(port: WorkbookPort, report: JobReport, names: dict[lay.NamedCell, object],
            when: datetime, staged: StagedWrites | None = None) -> JobReport:
    """The last step of every job: stage the Log and the Home status after the job's own
    writes, make them all, then save."""
    staged = staged or StagedWrites()
    _append_log(port, staged, report.problems, when)
    staged.write_names(_name_values({**names, lay.LAST_MESSAGE: report.message}))
    port.progress("Writing the workbook", 0.8)
    staged.apply(port)
    port.save()
    port.progress(report.message, 1.0)
    return report


# --- import IMS ---------------------------------------------------------------------------
def import_ims(port: WorkbookPort, files: Sequence[Path] | None = None) -> JobReport:
    """Read IMS JSON file(s) (`files`, or the ones picked on Home) into the IMS sheet;
    record the files, dialect, recipient GSTIN and counts on Home, problems on Log.
    `InputError` when nothing is readable or the files are for another GSTIN than the
    one in Settings (the workbook is then unchanged)."""
    from gst_ims.ims.reader import read_ims_files

    when = _now()
    paths = [Path(p).expanduser().resolve() for p in files] if files else _picked_paths(
        port, lay.PICKED_IMS_FILES, "IMS JSON file")
    port.progress("Reading the IMS file(s)", 0.1)
    read = read_ims_files(paths)
    if read.frame.empty:
        raise InputError("No IMS document could be read from " + ", ".join(
            p.name for p in paths) + "; the IMS sheet was left as it was.",
            [p for p in read.problems if p.severity is not Severity.INFO][:20])
    recipient = _recipient_of(port, {f.recipient_gstin for f in read.files})
    staged = StagedWrites()
    _write_fields(staged, lay.IMS_SHEET, read.frame)
    in_file = sum(sum(info.in_file.values()) for info in read.files)
    skipped = sum(sum(info.skipped.values()) for info in read.files)
    dialects = ", ".join(sorted({info.dialect.value for info in read.files}))
    message = (f"Imported {len(read.frame)} IMS documents from {len(paths)} file(s)"
               + (f"; {skipped} of {in_file} records skipped" if skipped else "") + "."
               + _problem_note(read.problems))
    names: dict[lay.NamedCell, object] = {
        lay.PICKED_IMS_FILES: lay.PATH_SEPARATOR.join(str(p) for p in paths),
        lay.IMS_IMPORTED_AT: when, lay.IMS_DIALECT: dialects,
        lay.IMS_DOCUMENTS: len(read.frame),
    }
    if recipient:
        names[lay.RECIPIENT_GSTIN] = recipient
    report = JobReport("import-ims", message,
                       {"documents": len(read.frame), "records": in_file, "skipped": skipped,
                        "files": len(read.files)},
                       tuple(read.problems), tuple(str(p) for p in paths))
    return _finish(port, report, names, when, staged)


def _recipient_of(port: WorkbookPort, in_files: set[str]) -> str:
    """The recipient GSTIN to record: the files' one, checked against Settings. Returns ""
    when Settings already holds it (nothing to write)."""
    found = sorted({normalise_gstin(g) for g in in_files if g})
    if len(found) > 1:
        raise InputError("The IMS files are for different GSTINs (" + ", ".join(found)
                         + "). Import the files of one GSTIN at a time.")
    setting = normalise_gstin(_settings(port, ["recipient_gstin"])["recipient_gstin"])
    if setting and found and found[0] != setting:
        raise InputError(f"The IMS file is for GSTIN {found[0]}, but Settings says your "
                         f"GSTIN is {setting}. Pick the file downloaded for {setting}, or "
                         "correct the Recipient GSTIN on the Settings sheet.")
    return "" if setting or not found else found[0]


# --- import books -------------------------------------------------------------------------
def _column_mapping(
    port: WorkbookPort, present: Sequence[str] | None = None
) -> ColumnMapping | None:
    """The register column mapping from Settings (field -> the user's header), limited to
    headers in `present` when given; None when nothing is mapped."""
    from gst_ims.books.aliases import HEADER_ALIASES, POSTING_DATE
    from gst_ims.books.register import ColumnMapping

    table = port.read_table(lay.SETTINGS, header_row=lay.MAPPING_HEADER_ROW,
                            first_column=lay.MAPPING_FIELD_COLUMN,
                            max_rows=len(lay.MAPPED_FIELDS))
    field_header, value_header = lay.MAPPING_HEADERS[0], lay.MAPPING_HEADERS[2]
    if field_header not in table.columns or value_header not in table.columns:
        return None
    wanted = {str(h).strip().casefold() for h in present} if present is not None else None
    known = {*HEADER_ALIASES, POSTING_DATE}
    pairs = zip(table[field_header].map(_text), table[value_header].map(_text), strict=True)
    columns = {
        name: header for name, header in pairs
        if name in known and header and (wanted is None or header.casefold() in wanted)
    }
    return ColumnMapping(columns) if columns else None


def _recipient_setting(port: WorkbookPort) -> str:
    """The recipient GSTIN on Settings, normalised ("" when blank)."""
    return normalise_gstin(_settings(port, ["recipient_gstin"])["recipient_gstin"])


# The file rows each imported document was read from (a line-wise register books one
# document on several rows), beside the register's own columns on the Books sheet.
SOURCE_ROWS_HEADER = "Source Rows"


def _books_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Books frame -> the Books sheet: the layout's columns, the file rows each document
    was read from, then the register's own extra columns, carried through under their
    headers."""
    from gst_ims.books.aliases import POSTING_DATE, field_of

    cells = to_cells(frame, lay.BOOKS_SHEET.columns)
    cells[SOURCE_ROWS_HEADER] = frame[d.REGISTER_ROWS].astype("string").reset_index(drop=True)
    internal = set(d.BOOKS_COLUMNS)
    for name in frame.columns:
        if name in internal:
            continue
        header = str(name)
        if field_of(header) not in (None, POSTING_DATE):
            # A second header for a field the Books columns already hold (a register with
            # both "Invoice No." and "Supplier Invoice No.") must not be read as it again.
            header += " (register)"
        while header.casefold() in {str(c).casefold() for c in cells.columns}:
            header += " (register)"
        cells[header] = frame[name].reset_index(drop=True)
    return cells


def import_books(port: WorkbookPort, file: Path | None = None, *,
                 sheet: str | None = None) -> JobReport:
    """Load a register file (`file`, or the one picked on Home) into the Books table,
    replacing it only when the register was read without a fatal problem; rows that could
    not be read are listed on Log."""
    from gst_ims.books.sheets import read_register_file

    when = _now()
    path = (Path(file).expanduser().resolve() if file
            else _picked_paths(port, lay.PICKED_REGISTER_FILE, "register file")[0])
    port.progress(f"Reading {path.name}", 0.1)
    read = read_register_file(path, sheet, mapping=_column_mapping(port),
                              recipient_gstin=_recipient_setting(port),
                              decimal_comma=_decimal_comma(port))
    if read.frame.empty:
        raise InputError(f"No document could be read from {path.name} (sheet "
                         f"{read.sheet}); the Books sheet was left as it was.",
                         _errors(read.problems)[:20])
    staged = StagedWrites()
    _write_sheet(staged, lay.BOOKS_SHEET, _books_cells(read.frame))
    skipped = len(read.skipped_rows)
    lines = (f" ({read.lines} register lines)" if read.lines != len(read.frame) else "")
    sheets = "sheets" if len(read.sheets) > 1 else "sheet"
    message = (f"Imported {len(read.frame)} register documents{lines} from {path.name} "
               f"({sheets} {read.sheet})" + (f"; {skipped} rows skipped" if skipped else "")
               + "." + _problem_note(read.problems))
    names: dict[lay.NamedCell, object] = {
        lay.PICKED_REGISTER_FILE: str(path), lay.REGISTER_IMPORTED_AT: when,
        lay.REGISTER_ROWS: len(read.frame),
    }
    report = JobReport("import-books", message,
                       {"documents": len(read.frame), "lines": read.lines,
                        "skipped_rows": skipped},
                       tuple(read.problems), (str(path),))
    return _finish(port, report, names, when, staged)


# --- reconcile ----------------------------------------------------------------------------
def _recon_settings(port: WorkbookPort) -> ReconSettings:
    values = _settings(port, lay.RECON_SETTING_KEYS)
    values |= _newer_settings(port, lay.OPTIONAL_RECON_SETTING_KEYS)
    # The sheet's cells are text, numbers or Yes/No; a date typed there is read as text.
    readable = {k: v if isinstance(v, str | int | float | bool) else _text(v)
                for k, v in values.items() if _text(v)}
    return ReconSettings.from_mapping(readable)


def _books_from_sheet(port: WorkbookPort) -> tuple[pd.DataFrame, list[Problem]]:
    from gst_ims.books.register import read_register

    table = port.read_table(lay.BOOKS, header_row=lay.BOOKS_SHEET.header_row)
    if table.empty:
        raise InputError("The Books sheet holds no document to reconcile: paste your "
                         "purchase register into it or import it from a file.")
    mapping = _column_mapping(port, present=[str(c) for c in table.columns])
    read = read_register(table, sheet=lay.BOOKS, mapping=mapping,
                         header_row=lay.BOOKS_SHEET.header_row,
                         recipient_gstin=_recipient_setting(port),
                         decimal_comma=_decimal_comma(port))
    if read.frame.empty:
        raise InputError("The Books sheet holds no document to reconcile: paste your "
                         "purchase register into it or import it from a file.",
                         _errors(read.problems)[:20])
    return read.frame, read.problems


def ims_from_sheet(port: WorkbookPort) -> pd.DataFrame:
    """The IMS sheet -> the IMS frame (`IMS_COLUMNS`; `raw` empty: it stays in the
    downloaded file). `InputError` when the sheet is empty or a cell cannot be read."""
    fields, problems = _read_fields(port, lay.IMS_SHEET)
    if _errors(problems):
        raise InputError("The IMS sheet has cells that cannot be read; import the IMS JSON "
                         "again rather than editing the sheet.", _errors(problems))
    if fields.empty:
        raise InputError("The IMS sheet is empty: import the IMS JSON first.")
    for name in d.AMOUNT_COLUMNS:
        fields[name] = fields[name].fillna(0).astype("int64")
    for name in fields.columns:
        if fields[name].dtype == "string":
            fields[name] = fields[name].fillna("")
    fields[d.RAW] = pd.Series([""] * len(fields), dtype="string")
    return fields.reindex(columns=list(d.IMS_COLUMNS))


def _previous_results(port: WorkbookPort
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
        fields, found = _fields_of(table, layout)
        tables[layout.name] = (table, fields)
        problems += found
        frames.append(fields)
    user = read_user_columns(tables)
    layout = lay.RESULT_SHEET_LAYOUTS[lay.MATCHED]
    decided = {layout.column(name).header for name in (d.ACTION, *d.DECL_COLUMNS)}
    blocking = [p for p in _errors(problems) if p.field in decided]
    if blocking:
        raise InputError("Some Action or Declared cells cannot be read; choose the action "
                         "from the dropdown and type amounts as numbers, then run the job "
                         "again.", blocking)
    previous = pd.concat(frames, ignore_index=True)
    by_sheet = {name: fields for name, (_, fields) in tables.items()}
    return (previous.loc[previous[d.RECORD_KEY].fillna("") != ""].reset_index(drop=True),
            user, by_sheet)


def _carry_over(previous: pd.DataFrame, recon: pd.DataFrame,
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


def reconcile(port: WorkbookPort, *, now: datetime | None = None) -> JobReport:
    """Reconcile the IMS sheet with the Books sheet under the Settings; keep the decisions
    already on the result sheets and the pairings the user made (Link To, Unlink and
    Exclude ticks, the Links sheet); write the result sheets, Links, Summary, Suppliers,
    Home counts and deadline, and Log. `now`: the job's clock (default: the computer's)."""
    return _reconcile(port, now=now)


def _reconcile(port: WorkbookPort, extra: Sequence[pairings.Statement] = (), *,
               job: str = "reconcile", lead: str = "",
               edit: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
               now: datetime | None = None) -> JobReport:
    """`reconcile`, with `extra` statements said after those on the sheets, and `edit`
    applied to the links last (removing an exclusion)."""
    from gst_ims.recon.engine import reconcile as run_engine
    from gst_ims.sheets import results

    when = now or _now()
    port.progress("Reading Settings, Books and IMS", 0.05)
    settings = _recon_settings(port)
    books, book_problems = _books_from_sheet(port)
    ims = ims_from_sheet(port)
    previous, user, by_sheet = _previous_results(port)
    said, link_warnings = pairings.statements(by_sheet, books)
    links = pairings.apply(_links(port), [*said, *extra])
    if edit is not None:
        links = edit(links)
    period = _books_period(port, ims)
    port.progress(f"Matching {len(ims)} IMS documents with {len(books)} register documents",
                  0.25)
    recon = _carry_over(previous, run_engine(ims, books, settings, links=links,
                                             books_period=period), ims)
    joined = results.joined(recon, ims, books)
    port.progress("Preparing the result sheets", 0.6)
    staged = StagedWrites()
    taken: set[tuple[str, str]] = set()
    sheets = results.result_rows(joined)
    for sheet, rows in sheets.items():
        layout = lay.RESULT_SHEET_LAYOUTS[sheet]
        if sheet == lay.SUGGESTED:
            # Every suggestion starts ticked: the user unticks the wrong ones.
            rows[lay.TICK] = True
        _write_sheet(staged, layout, user.put_back(to_cells(rows, layout.columns),
                                                   row_keys(rows), taken))
    _write_fields(staged, lay.LINKS_SHEET, links)
    _append_history(port, staged, _decision_changes(previous, sheets, when))
    book_problems = [*book_problems, *user.left_over(taken), *link_warnings,
                     *pairings.link_problems(links, recon)]
    _write_summary(staged, results.summary_blocks(joined), when)
    _write_suppliers(port, staged, joined)
    counts = results.category_counts(recon)
    at_stake = results.itc_at_stake(joined)
    changed = int(recon[d.CHANGED_SINCE_DECISION].fillna(False).astype(bool).sum())
    message = (lead + ", ".join(f"{counts[c]} {c.value}" for c in Category if counts[c]
                                or c in lay.RESULT_SHEET_OF)
               + f". ITC at stake {format_inr(at_stake)}."
               + (f" {changed} document(s) changed by the supplier since you decided."
                  if changed else "") + _problem_note(book_problems))
    names: dict[lay.NamedCell, object] = {
        lay.RECONCILED_AT: when, lay.ITC_AT_STAKE: at_stake,
        **{lay.COUNT_CELLS[c]: counts[c] for c in Category},
        **_deadline_names(port, joined, ims, when),
    }
    report = JobReport(job, message,
                       {**{c.value: counts[c] for c in Category}, "changed": changed,
                        "itc_at_stake_paise": at_stake, "links": len(links)},
                       tuple(book_problems))
    return _finish(port, report, names, when, staged)


def _links(port: WorkbookPort) -> pd.DataFrame:
    """The Links sheet as a links frame (none in a workbook made before it existed)."""
    try:
        rows, _ = _read_fields(port, lay.LINKS_SHEET)
    except InputError:
        return empty_links()
    return pairings.links_from_sheet(rows)


def _books_period(port: WorkbookPort, ims: pd.DataFrame
                  ) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """Settings' books period, blank ends taken from the IMS download's return periods."""
    keys = ("books_period_from", "books_period_to")
    values: dict[str, object] = {key: _newer_setting(port, key) for key in keys}
    try:
        return pairings.books_period(values, ims)
    except ValueError as exc:
        raise InputError("The books period on the Settings sheet cannot be read",
                         [Problem(str(exc), sheet=lay.SETTINGS, field=key) for key in keys
                          if _text(values[key])]) from exc


# --- confirm suggestions, link, unlink, exclude ---------------------------------------------
def confirm_suggestions(port: WorkbookPort) -> JobReport:
    """Pair every suggestion left ticked (Confirm) on the Suggested sheet ("Matched by you"
    or "Mismatched by you"), then reconcile again; the pairs are kept on the Links sheet."""
    layout = lay.RESULT_SHEET_LAYOUTS[lay.SUGGESTED]
    rows, _ = _read_fields(port, layout)
    if rows.empty:
        raise InputError("The Suggested sheet has no rows: reconcile first.")
    said, _ = pairings.statements({lay.SUGGESTED: rows}, None, confirm=True)
    lead = f"{len(said)} suggestion(s) confirmed as pairs. "
    return _reconcile(port, said, job="confirm-suggestions", lead=lead)


def link(port: WorkbookPort, ims_doc_no: str, register_row: int,
         supplier: str | None = None) -> JobReport:
    """Pair the IMS document numbered `ims_doc_no` (of `supplier`, when several suppliers
    use the number) with the register document on Books row `register_row`, then
    reconcile again."""
    ims = ims_from_sheet(port)
    books, _ = _books_from_sheet(port)
    record = _ims_record(ims, ims_doc_no, supplier)
    key = pairings.register_row_keys(books).get(register_row)
    if key is None:
        raise InputError(f"The Books sheet has no register document on row {register_row}.")
    said = [pairings.Statement(LinkKind.LINK, record, key,
                               f"{ims_doc_no} linked with register row {register_row}")]
    return _reconcile(port, said, job="link",
                      lead=f"{ims_doc_no} linked with register row {register_row}. ")


def unlink(port: WorkbookPort, ims_doc_no: str, supplier: str | None = None) -> JobReport:
    """Undo the pairing of the IMS document numbered `ims_doc_no`: the pair is never made
    again; both documents go back to their sheets. Then reconcile again."""
    ims = ims_from_sheet(port)
    record = _ims_record(ims, ims_doc_no, supplier)
    previous, _, _ = _previous_results(port)
    mine = previous[(previous[d.RECORD_KEY].astype("string") == record)
                    & (previous[d.BOOKS_KEY].astype("string").fillna("") != "")]
    if mine.empty:
        raise InputError(f"{ims_doc_no} is not paired with a register document now.")
    key = str(mine[d.BOOKS_KEY].iloc[0])
    said = [pairings.Statement(LinkKind.UNLINK, record, key, f"{ims_doc_no} unlinked")]
    return _reconcile(port, said, job="unlink", lead=f"{ims_doc_no} unlinked. ")


def exclude(port: WorkbookPort, register_row: int, *, undo: bool = False) -> JobReport:
    """Take the register document on Books row `register_row` out of the reconciliation
    (with `undo`, put it back), then reconcile again."""
    books, _ = _books_from_sheet(port)
    key = pairings.register_row_keys(books).get(register_row)
    if key is None:
        raise InputError(f"The Books sheet has no register document on row {register_row}.")
    if undo:
        return _reconcile(port, job="exclude",
                          lead=f"Register row {register_row} is back in the reconciliation. ",
                          edit=lambda links: remove_exclusion(links, key))
    said = [pairings.Statement(LinkKind.EXCLUDE, "", key, f"row {register_row} excluded")]
    return _reconcile(port, said, job="exclude",
                      lead=f"Register row {register_row} excluded. ")


def _ims_record(ims: pd.DataFrame, doc_no: str, supplier: str | None) -> str:
    """The record key of the IMS document numbered `doc_no` (of `supplier`)."""
    numbers = ims[d.DOC_NO].astype("string").fillna("").str.strip().str.upper()
    found = ims[numbers == doc_no.strip().upper()]
    if supplier:
        found = found[found[d.SUPPLIER_GSTIN].astype("string").str.upper()
                      == supplier.strip().upper()]
    if found.empty:
        raise InputError(f"The IMS sheet has no document numbered {doc_no}"
                         + (f" from {supplier}." if supplier else "."))
    if len(found) > 1:
        raise InputError(f"{len(found)} IMS documents are numbered {doc_no}: name the "
                         "supplier GSTIN too.")
    return str(found[d.RECORD_KEY].iloc[0])


def _decision_changes(previous: pd.DataFrame, sheets: dict[str, pd.DataFrame],
                      when: datetime) -> list[pd.DataFrame]:
    """History rows for the decisions (Action, Remarks) that reconcile gives a document
    other than the ones its row showed before: a carried-over decision that the supplier's
    change reset, a portal action taken since, a row that moved sheets."""
    from gst_ims.history import change_rows

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


def _write_summary(port: StagedWrites, blocks: dict[str, pd.DataFrame],
                   when: datetime) -> None:
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


def _deadline_names(port: WorkbookPort, rows: pd.DataFrame, ims: pd.DataFrame,
                    when: datetime) -> dict[lay.NamedCell, object]:
    """Home's deadline cells from result-row `rows` and the IMS frame their ``ims_id``
    points into, on the job's clock (`when`); nothing in a workbook made before Home
    had them."""
    from gst_ims.deadlines import RETURN_DATES, deadline, override_date

    try:
        port.read_names([cell.name for cell in lay.DEADLINE_NAMED_CELLS])
    except InputError:
        return {}
    values = {key: _newer_setting(port, key)
              for key in ("return_period", *(rule.key for rule in RETURN_DATES))}
    overrides = {rule.key: override_date(values[rule.key], lay.setting_cell(rule.key).label)
                 for rule in RETURN_DATES}
    ids = pd.to_numeric(rows[d.IMS_ID], errors="coerce")
    known = ids.notna() & (ids >= 0) & (ids < len(ims))
    periods = ims[d.SRC_PERIOD].astype("string").fillna("").to_numpy()
    src_period = pd.Series([""] * len(rows), index=rows.index, dtype="string")
    src_period[known] = periods[ids[known].astype("int64").to_numpy()]
    found = deadline(rows, src_period, when.date(),
                     period_setting=_text(values["return_period"]), overrides=overrides)
    names: dict[lay.NamedCell, object] = {
        lay.RETURN_PERIOD_SHOWN: found.period or None, lay.NO_ACTION_LEFT: found.no_action,
        lay.PENDING_CN_DEEMED: found.pending_credit_notes_deemed,
    }
    for key, (date_cell, days_cell) in lay.DEADLINE_CELLS.items():
        names[date_cell] = found.dates.get(key)
        names[days_cell] = found.days_left.get(key)
    return names


def _write_suppliers(port: WorkbookPort, staged: StagedWrites, fields: pd.DataFrame) -> None:
    """Stage the Suppliers sheet from result-row `fields`, keeping the Status the user
    set on each GSTIN (a workbook made before the sheet existed simply has none)."""
    from gst_ims.suppliers import statuses_from_sheet, supplier_table

    sheet = lay.SUPPLIERS_SHEET
    try:
        older = port.read_table(sheet.name, header_row=sheet.header_row)
    except InputError:
        return
    table = supplier_table(fields, statuses_from_sheet(older))
    _write_fields(staged, sheet, table)
    top = lay.SUMMARY_TOP_SUPPLIERS_BLOCK
    ranked = table.loc[table["itc_at_stake"] > 0].head(top.max_rows or len(table)).copy()
    names = ranked[d.SUPPLIER_NAME].astype("string").fillna("")
    ranked["label"] = names.where(names.str.strip() != "", ranked[d.SUPPLIER_GSTIN])
    staged.write_table(lay.SUMMARY, to_cells(ranked, top.columns), header_row=top.header_row,
                       first_column=top.first_column, max_rows=top.max_rows,
                       text_columns=[c.header for c in top.columns if c.is_text],
                       number_formats={c.header: c.number_format for c in top.columns
                                       if not c.is_text})


def _refresh_action_summary(port: WorkbookPort, staged: StagedWrites,
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


# --- accept matched -----------------------------------------------------------------------
def accept_matched(port: WorkbookPort, *, now: datetime | None = None) -> JobReport:
    """Set Action to Accept on every Matched row that has an IMS document (one click),
    except rows whose Action is Reject, clearing the changed rows' Remarks (a remark
    suggested for Pending; an ordinary Accept sends none); every other cell of the sheet
    stays as it is. Summary's per-action block and Home's deadline counts follow; each
    changed cell is added to History. `now`: the job's clock (default: the computer's)."""
    from gst_ims.history import change_rows, documents_of

    when = now or _now()
    layout = lay.RESULT_SHEET_LAYOUTS[lay.MATCHED]
    table = port.read_table(lay.MATCHED, header_row=layout.header_row)
    action = layout.column(d.ACTION).header
    ims_id = layout.column(d.IMS_ID).header
    if table.empty or action not in table.columns or ims_id not in table.columns:
        raise InputError("The Matched sheet has no rows: reconcile first.")
    has_ims = table[ims_id].map(_text) != ""
    chosen = table[action].map(_text)
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
    staged = StagedWrites()
    staged.write_column(lay.MATCHED, action, table[action].tolist(),
                        header_row=layout.header_row, changed=changing.tolist())
    if remarks in table.columns:
        cleared = changing & (table[remarks].map(_text) != "")
        table.loc[changing, remarks] = None
        if cleared.any():
            staged.write_column(lay.MATCHED, remarks, table[remarks].tolist(),
                                header_row=layout.header_row, changed=cleared.tolist())
    documents = documents_of(table, layout)
    _append_history(port, staged, [
        change_rows("accept-matched", when, documents, header, before[header], table[header])
        for header in (action, remarks) if header in table.columns])
    fields = _refresh_action_summary(port, staged, {lay.MATCHED: table})
    deadline_names: dict[lay.NamedCell, object] = {}
    if not fields.empty:
        # The counts need each document's period from the IMS sheet; an IMS sheet that
        # cannot be read leaves them as the last Reconcile wrote them.
        with contextlib.suppress(InputError):
            deadline_names = _deadline_names(port, fields, ims_from_sheet(port), when)
    accepted, rejected = int(changing.sum()), int(kept_rejected.sum())
    message = (f"Accept chosen for {accepted} matched document(s); "
               f"{int(has_ims.sum()) - accepted - rejected} already had it.")
    if rejected:
        message += (f" {rejected} kept as Reject (rejected by you or on the portal): change "
                    "them one by one if you mean to accept them.")
    report = JobReport("accept-matched", message,
                       {"accepted": accepted, "matched": int(has_ims.sum()),
                        "kept_rejected": rejected})
    return _finish(port, report, deadline_names, when, staged)


# --- export -------------------------------------------------------------------------------
def _check_fresh(port: WorkbookPort) -> None:
    """The result sheets must come from the IMS data now imported."""
    stamps = port.read_names([lay.IMS_IMPORTED_AT.name, lay.RECONCILED_AT.name])
    imported, reconciled = stamps[lay.IMS_IMPORTED_AT.name], stamps[lay.RECONCILED_AT.name]
    if not isinstance(reconciled, datetime):
        raise InputError("Nothing has been reconciled yet: run Reconcile first.")
    if isinstance(imported, datetime) and imported > reconciled:
        raise InputError("IMS data was imported after the last Reconcile: run Reconcile "
                         "again, check the actions, then export.")


def _downloaded_ims(port: WorkbookPort) -> tuple[pd.DataFrame, dict[str, str]]:
    """The IMS frame with each record's downloaded JSON (`raw`), re-read from the files
    named on Home, and source file -> recipient GSTIN. `InputError` when those files no
    longer hold the documents on the IMS sheet."""
    from gst_ims.ims.reader import read_ims_files

    paths = _picked_paths(port, lay.PICKED_IMS_FILES, "IMS JSON file")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InputError("The IMS file(s) imported are not where they were: "
                         + ", ".join(missing) + ". The upload echoes the downloaded "
                         "records, so import the IMS JSON again and reconcile.")
    read = read_ims_files(paths)
    on_sheet = set(ims_from_sheet(port)[d.RECORD_KEY].astype(str))
    if set(read.frame[d.RECORD_KEY].astype(str)) != on_sheet:
        raise InputError("The IMS file(s) named on Home no longer hold the documents on the "
                         "IMS sheet. Import the IMS JSON again and reconcile.")
    # The frame names a file as the reader showed it (its name, or zip/member); the file
    # list by the path given: match them by the path's ending.
    downloaded_for: dict[str, str] = {}
    for source in read.frame[d.SOURCE_FILE].astype(str).unique():
        for info in read.files:
            path = info.path.replace("\\", "/")
            if info.recipient_gstin and (path == source or path.endswith("/" + source)):
                downloaded_for[source] = normalise_gstin(info.recipient_gstin)
                break
    return read.frame, downloaded_for


def _result_rows(port: WorkbookPort, tables: dict[str, pd.DataFrame] | None = None
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
        fields, found = _fields_of(table, layout)
        problems += found
        fields[SHEET] = name
        fields[ROW] = range(layout.first_data_row, layout.first_data_row + len(fields))
        frames.append(fields)
    return pd.concat(frames, ignore_index=True), problems


def _export_settings(
    port: WorkbookPort, out_dir: Path | None
) -> tuple[str, Path, UploadOptions]:
    from gst_ims.upload.dialects import KeyStyle
    from gst_ims.upload.writer import UploadOptions

    values = _settings(port, keys_read_by(Reader.EXPORT, optional=False))
    rtin = normalise_gstin(values["recipient_gstin"])
    verdict = check_gstin(rtin)
    if not verdict.ok:
        raise InputError(f"Settings > Recipient GSTIN: {verdict.reason}. Enter your GSTIN "
                         "there (importing a portal download fills it in; a download "
                         "through the API does not state it; on the command line, add "
                         "--rtin).")
    folder = out_dir or (Path(_text(values["output_folder"])) if _text(
        values["output_folder"]) else port.folder())
    if folder is None:
        raise InputError("Choose an output folder on the Settings sheet (or save the "
                         "workbook first: its folder is used).")
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise InputError(f"The output folder {folder} is a file, not a folder.")
    size = values["max_upload_bytes"]
    largest = setting("max_upload_bytes").maximum or PORTAL_UPLOAD_BYTES
    try:
        key_style = KeyStyle.parse(_text(_newer_setting(port, "upload_key_style")))
    except ValueError as exc:
        raise InputError(f"Settings > Upload key style: {exc}") from exc
    if isinstance(size, int | float) and not 0 < size <= largest:
        raise InputError(f"Settings > Largest upload file (bytes): {size:g} is not a file "
                         f"size; the portal takes about {PORTAL_UPLOAD_BYTES} (4 MB). Nothing "
                         "was written.")
    options = UploadOptions(
        max_bytes=int(size) if isinstance(size, int | float) else PORTAL_UPLOAD_BYTES,
        all_or_nothing=_yes(values["all_or_nothing_export"]),
        require_confirmation_for_unbooked_accept=_yes(values["confirm_accept_not_in_books"]),
        key_style=key_style,
    )
    return rtin, folder, options


def _confirm_unbooked(port: WorkbookPort, rows: pd.DataFrame,
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


def export_upload(port: WorkbookPort, out_dir: Path | None = None, *,
                  only_failed: bool | None = None) -> JobReport:
    """Read the chosen actions, show the counts and ask to go ahead, write the upload
    JSON file(s) into `out_dir` (default: Settings' output folder, else the workbook's),
    mark refused rows' Upload Status with the reason, record paths and counts on Home.
    `only_failed`: send only the rows whose Upload Status is a portal error (from Import
    portal errors); None = ask when there are such rows (Excel), False = every row."""
    from gst_ims.sheets.actions import action_counts, decisions_from_results, upload_statuses
    from gst_ims.upload.writer import build_upload, write_upload

    when = _now()
    rtin, folder, options = _export_settings(port, out_dir)
    _check_fresh(port)
    port.progress("Reading the downloaded IMS records", 0.1)
    ims, downloaded_for = _downloaded_ims(port)
    tables: dict[str, pd.DataFrame] = {}
    rows, cell_problems = _result_rows(port, tables)
    stop_on_unreadable_decisions(cell_problems)
    unlisted = without_result_row(rows, ims)
    scope = _failed_scope(port, rows, only_failed)
    if scope is not None:
        rows = rows.loc[rows[d.RECORD_KEY].astype("string").isin(scope)].reset_index(
            drop=True)
    confirmed = _confirm_unbooked(port, rows, options)
    decisions, problems = decisions_from_results(rows, ims, confirmed_unbooked=confirmed)
    if problems:
        raise InputError("Some rows cannot be exported; nothing was written.", problems)
    port.progress("Building the upload", 0.4)
    built = build_upload(ims, decisions, rtin, options=options, downloaded_for=downloaded_for)
    wanted = action_counts(decisions, ims)
    counts = {**built.counts, "without_result_row": len(unlisted)}
    resets = counts.get(Action.NO_ACTION.value, 0)
    overturned = _overturned(decisions, ims)
    question = ("The upload will set: " + ", ".join(f"{n} {label}" for label, n in
                                                    wanted.items() if n)
                + f". Unchanged: {counts.get('unchanged', 0)}. Refused: "
                f"{counts.get('refused', 0)}."
                + (f"\n{resets} document(s) will be set back to No action, undoing the "
                   "action already taken on the portal (No action is deemed accepted)."
                   if resets else "")
                + (f"\n{overturned} document(s) already accepted, rejected or pending on "
                   "the portal will get another action (see the Warning column)."
                   if overturned else "")
                + (f"\n{len(unlisted)} IMS document(s) have no row on the result sheets (a "
                   "row deleted?): the upload leaves them as they are on the portal (No "
                   "action is deemed accepted). Reconcile again to get their rows back."
                   if unlisted else "")
                + f"\nWrite the upload file(s) to {folder}?")
    if not built.payloads:
        message = ("Nothing to upload: every action already matches the portal"
                   if not built.refusals else
                   f"Nothing written: {counts.get('refused', 0)} row(s) refused "
                   "(see Upload Status)")
    elif not port.confirm(question, title="Export upload JSON"):
        return JobReport("export", "Export cancelled; nothing was written.", counts,
                         cancelled=True)
    else:
        message = ""
    port.progress("Writing the upload file(s)", 0.7)
    written = write_upload(built, folder, rtin) if built.payloads else built
    # A job that fails after this point must not leave files that look ready to upload.
    history_copy = _history_copy(port, folder, rtin, when) if written.files else None
    with removed_on_failure([*(f.path for f in written.files),
                             *([history_copy] if history_copy else [])]):
        staged = StagedWrites()
        _mark_upload_status(port, staged, upload_statuses(written, ims), scope, tables)
        files = tuple(str(f.path) for f in written.files)
        message = message or (f"Wrote {len(files)} upload file(s) to {folder}: "
                              + ", ".join(f"{counts.get(code, 0)} {Action(code).label}"
                                          for code in "ARPN")
                              + f"; {counts.get('refused', 0)} refused.")
        where = _result_row_of(rows, ims)
        refusal_problems = [
            Problem(f"{r.section} {r.doc_no} from {r.supplier_gstin}: {r.message} [{r.rule}]",
                    Severity.WARNING, sheet=where.get(r.ims_id, ("", 0))[0],
                    section=r.section, row=where.get(r.ims_id, ("", 0))[1] or None)
            for r in built.refusals]
        notes = [Problem(note, Severity.INFO) for note in built.notes]
        sent = {ims_id for ids in written.ims_ids for ims_id in ids}
        overturned = _overturned([dec for dec in decisions if dec.ims_id in sent], ims)
        if overturned and files:
            message += (f" {overturned} of them change an action already taken on the portal "
                         "(see the Warning column).")
        if built.notes and files:
            message += " Note: " + " ".join(built.notes)
        names: dict[lay.NamedCell, object] = {lay.EXPORTED_AT: when,
                                              lay.UPLOAD_FILES: lay.PATH_SEPARATOR.join(files)}
        if unlisted:
            message += (f" {len(unlisted)} IMS document(s) have no row on the result sheets "
                        "and were left as they are on the portal (see the Log).")
        if history_copy:
            message += f" The History of changes is copied to {history_copy.name}."
        report = JobReport("export", message, counts,
                           tuple([*cell_problems, *unlisted, *refusal_problems, *notes]),
                           files)
        return _finish(port, report, names, when, staged)


def _history_copy(port: WorkbookPort, folder: Path, rtin: str, when: datetime) -> Path | None:
    """Write the History sheet as a CSV beside the upload files (what an auditor asks
    for with them), atomically; None when no job has changed anything yet (or the
    workbook has no such sheet)."""
    from gst_ims.history import history_csv
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


def _result_row_of(rows: pd.DataFrame, ims: pd.DataFrame) -> dict[int, tuple[str, int]]:
    """IMS frame position -> (result sheet, sheet row) of the row that decided it, so a
    refusal on the Log points at the row the user changes (not the IMS frame's row)."""
    from gst_ims.sheets.actions import ROW, SHEET

    position = dict(zip(ims[d.RECORD_KEY].astype(str), range(len(ims)), strict=True))
    keyed = rows.loc[rows[d.IMS_ID].notna()]
    return {position[key]: (str(sheet), int(row))
            for key, sheet, row in zip(keyed[d.RECORD_KEY].astype(str), keyed[SHEET],
                                       keyed[ROW], strict=True) if key in position}


def _overturned(decisions: Sequence[Any], ims: pd.DataFrame) -> int:
    """Documents the portal holds as A/R/P whose chosen action is another of A/R/P: an
    earlier decision (perhaps a colleague's, on the portal) that the upload overturns."""
    portal = ims[d.PORTAL_ACTION].astype("string").fillna("N").to_numpy()
    return sum(1 for decision in decisions
               if portal[decision.ims_id] != Action.NO_ACTION.value
               and decision.action is not Action.NO_ACTION
               and decision.action.value != portal[decision.ims_id])


def _mark_upload_status(port: WorkbookPort, staged: StagedWrites, statuses: dict[str, str],
                        scope: set[str] | None = None,
                        tables: dict[str, pd.DataFrame] | None = None, *,
                        history: tuple[str, datetime] | None = None) -> list[pd.DataFrame]:
    """Stage each result row's Upload Status (blank when the job did nothing with it):
    that column alone, and only where it changes; with `scope` (record keys), only the
    rows in it are rewritten. `tables`: the result sheets' tables already read by this
    job (nothing has been written since), else they are read. With `history` (the job's
    name and time), returns the History rows of the changes."""
    from gst_ims.history import change_rows, documents_of

    changes: list[pd.DataFrame] = []
    for name, layout in lay.RESULT_SHEET_LAYOUTS.items():
        table = tables[name] if tables is not None and name in tables else port.read_table(
            layout.name, header_row=layout.header_row)
        key = layout.column(d.RECORD_KEY).header
        status = layout.column(lay.UPLOAD_STATUS).header
        if table.empty or key not in table.columns or status not in table.columns:
            continue
        new = table[key].map(lambda k: statuses.get(_text(k)) or None)
        if scope is not None:
            new = new.where(table[key].map(_text).isin(scope), table[status])
        changed = new.map(_text) != table[status].map(_text)
        if changed.any():
            staged.write_column(layout.name, status, new.tolist(),
                                header_row=layout.header_row, changed=changed.tolist())
            if history:
                changes.append(change_rows(*history, documents_of(table, layout), status,
                                           table[status], new))
    return changes


def _failed_keys(rows: pd.DataFrame) -> set[str]:
    """Record keys of the result rows whose Upload Status is a portal error."""
    status = rows[lay.UPLOAD_STATUS].astype("string").fillna("")
    failed = status.str.startswith(lay.UPLOAD_PORTAL_ERROR)
    return set(rows.loc[failed, d.RECORD_KEY].astype(str))


def _failed_scope(port: WorkbookPort, rows: pd.DataFrame,
                  only_failed: bool | None) -> set[str] | None:
    """The record keys an export is limited to (the rows the portal refused), or None for
    every row; asks the user when `only_failed` is None and some rows failed."""
    failed = _failed_keys(rows)
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


# --- supplier letters ----------------------------------------------------------------------
def _supplier_emails(port: WorkbookPort) -> dict[str, str]:
    """Supplier GSTIN -> the first e-mail address the register gives for it (a column
    of the register carried onto the Books sheet, headed E-mail, Email ID ...)."""
    from gst_ims.letters import email_header

    table = port.read_table(lay.BOOKS, header_row=lay.BOOKS_SHEET.header_row)
    header = email_header([str(c) for c in table.columns])
    gstin = lay.BOOKS_SHEET.column(d.SUPPLIER_GSTIN).header
    if header is None or gstin not in table.columns or table.empty:
        return {}
    pairs = pd.DataFrame({"gstin": table[gstin].map(normalise_gstin),
                          "email": table[header].map(_text)})
    pairs = pairs.loc[(pairs["gstin"] != "") & pairs["email"].str.contains("@", regex=False)]
    return {str(k): str(v) for k, v in pairs.groupby("gstin")["email"].first().items()}


def _letters_folder(port: WorkbookPort, out_dir: Path | None) -> Path:
    if out_dir is not None:
        return Path(out_dir).expanduser()
    folder = _text(_settings(port, ["output_folder"])["output_folder"])
    base = Path(folder).expanduser() if folder else port.folder()
    if base is None:
        raise InputError("Choose an output folder on the Settings sheet (or save the "
                         "workbook first: its folder is used).")
    return base / LETTERS_FOLDER


LETTERS_FOLDER: Final = "Supplier letters"


def supplier_letters(port: WorkbookPort, out_dir: Path | None = None, *,
                     today: datetime | None = None) -> JobReport:
    """For each supplier with something to follow up (Not in IMS, credit notes awaited,
    Mismatched), write one .xlsx of its documents and a letters.csv for a mail merge
    into `out_dir` (default: the output folder of Settings, else the workbook's, in a
    "Supplier letters" folder), from the rows now on the result sheets. The workbook
    is not changed but for the Home status."""
    from gst_ims.letters import build_letters, write_letters

    when = today or _now()
    _check_fresh(port)
    port.progress("Reading the result sheets", 0.1)
    rows, cell_problems = _result_rows(port)
    amounts = {lay.RESULT_SHEET_LAYOUTS[lay.MATCHED].column(c.field).header
               for c in lay.RESULT_COLUMNS if c.kind is lay.ColumnKind.MONEY}
    unreadable = [p for p in _errors(cell_problems) if p.field in amounts]
    if unreadable:
        raise InputError("Some amounts on the result sheets cannot be read; reconcile "
                         "again (or correct the cells), then write the letters.", unreadable)
    folder = _letters_folder(port, out_dir)
    recipient = _recipient_setting(port)
    letters = build_letters(rows, _supplier_emails(port), recipient)
    port.progress(f"Writing {len(letters)} supplier letter(s)", 0.5)
    written = write_letters(letters, folder, recipient, when.date())
    with_email = sum(1 for letter in letters if letter.email)
    message = (f"Wrote {len(letters)} supplier letter(s) and {written[-1].name} to {folder}"
               + (f" ({with_email} with an e-mail address from the register)."
                  if letters else ": no supplier has anything to follow up."))
    report = JobReport("supplier-letters", message,
                       {"letters": len(letters), "with_email": with_email,
                        "documents": sum(len(letter.rows) for letter in letters)},
                       tuple(cell_problems), tuple(str(p) for p in written))
    return _finish(port, report, {}, when)


# --- the portal's answer ------------------------------------------------------------------
def import_errors(port: WorkbookPort, files: Sequence[Path] | None = None) -> JobReport:
    """Read the portal's answer to an upload (`files`, or the ones picked on Home): the
    offline error file or an API status response, in either dialect. Each refused
    document's row gets the code, the portal's words, what they mean and what to do in
    its Upload Status (red) and a Log line; Home counts them. Earlier portal errors on
    the result sheets are replaced; nothing else changes. `InputError` when a file is
    not an error answer."""
    from gst_ims.portal_errors import portal_answer
    from gst_ims.upload.error_file import read_error_file

    when = _now()
    paths = [Path(p).expanduser().resolve() for p in files] if files else _picked_paths(
        port, lay.PICKED_ERROR_FILES, "portal error file")
    ims = ims_from_sheet(port)
    port.progress("Reading the portal's answer", 0.2)
    imports = [(path.name, read_error_file(path, ims)) for path in paths]
    tables: dict[str, pd.DataFrame] = {}
    rows, _ = _result_rows(port, tables)
    answer = portal_answer(imports, ims, _result_row_of(rows, ims))
    port.progress("Marking the refused rows", 0.6)
    staged = StagedWrites()
    changes = _mark_upload_status(port, staged, answer.statuses,
                                  _failed_keys(rows) | set(answer.statuses), tables,
                                  history=("import-errors", when))
    _append_history(port, staged, changes)
    names: dict[lay.NamedCell, object] = {
        lay.PICKED_ERROR_FILES: lay.PATH_SEPARATOR.join(str(p) for p in paths),
        lay.ERRORS_IMPORTED_AT: when, lay.PORTAL_ERRORS: answer.refused,
    }
    counts = {"refused": answer.refused, "unmapped": answer.unmapped,
              **({"processed": answer.processed} if answer.processed is not None else {})}
    report = JobReport("import-errors", answer.message, counts, tuple(answer.problems),
                       tuple(str(p) for p in paths))
    return _finish(port, report, names, when, staged)


# --- upgrade ------------------------------------------------------------------------------
def upgrade_workbook(old: WorkbookPort, new: WorkbookPort) -> JobReport:
    """Carry the contents of `old` (a workbook of an older layout, only read) into `new`
    (a freshly built workbook of this layout) and save `new`: Books, IMS data, the result
    sheets with the decisions taken, the Log, Settings and the column mapping."""
    from gst_ims.workbook.upgrade import carry_over_contents

    old.progress("Reading the older workbook", 0.1)
    counts = carry_over_contents(old, new)
    new.progress("Saving the new workbook", 0.8)
    new.save()
    problems = [Problem(f"'{sheet}' had columns this layout does not have; they are kept at "
                        f"the right of the sheet: {', '.join(columns)}", Severity.INFO,
                        sheet=sheet)
                for sheet, columns in counts.extra_columns.items()]
    problems += [Problem(f"The older workbook has no sheet '{sheet}'; it starts empty",
                         Severity.INFO, sheet=sheet) for sheet in counts.missing_sheets]
    carried = ", ".join(f"{sheet} {rows:,}" for sheet, rows in counts.rows.items() if rows)
    message = (f"New workbook made with layout {lay.LAYOUT_VERSION}. Rows carried over: "
               f"{carried or 'none'}; {counts.settings} settings and "
               f"{counts.mapped_columns} mapped register columns. Open it, click Reconcile "
               "(your Actions and Remarks are carried over as after any import), and "
               "keep the older workbook until you have checked the new one.")
    return JobReport("upgrade-workbook", message,
                     {**{f"rows_{sheet}": rows for sheet, rows in counts.rows.items()},
                      "settings": counts.settings, "mapped_columns": counts.mapped_columns},
                     tuple(problems))


__all__ = [
    "JobReport",
    "accept_matched",
    "confirm_suggestions",
    "exclude",
    "export_upload",
    "import_books",
    "import_errors",
    "import_ims",
    "ims_from_sheet",
    "link",
    "reconcile",
    "supplier_letters",
    "unlink",
    "upgrade_workbook",
]
