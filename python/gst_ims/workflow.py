"""The jobs, each written once against a `WorkbookPort`, whatever runs it (Excel buttons
through `excel.py`, the command line through `cli.py`, tests through `MemoryPort`).

Every job reads what it needs and does all its work in memory, staging its writes
(`StagedWrites`); only then are the sheets written, Home last, and the port saves (a file
port writes the file; in Excel the user saves). A job that fails while reading or
computing (an `InputError` naming what to fix) has written nothing.
The Books sheet is written only by `import_books`; reconcile and export only read it.

Jobs: `import_ims`, `import_books`, `reconcile`, `accept_matched`, `export_upload`,
`import_errors`. Each returns a `JobReport` (message, counts, problems, files) that the
caller shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from gst_ims.domain import documents as d
from gst_ims.domain.documents import Action, Category
from gst_ims.domain.gstin import check_gstin, normalise_gstin
from gst_ims.domain.money import format_inr
from gst_ims.domain.problems import InputError, Problem, Severity
from gst_ims.domain.settings import ReconSettings
from gst_ims.export_checks import (
    removed_on_failure,
    stop_on_unreadable_decisions,
    without_result_row,
)
from gst_ims.user_columns import UserColumns, read_user_columns, row_keys
from gst_ims.workbook import layout as lay
from gst_ims.workbook.port import CellValue, WorkbookPort
from gst_ims.workbook.sheet_values import from_cells, to_cells
from gst_ims.workbook.staged import StagedWrites

if TYPE_CHECKING:
    from gst_ims.books.register import ColumnMapping
    from gst_ims.ims.upload import UploadOptions

MAX_LOG_ROWS: Final = 50_000  # the Log keeps the newest problems of every job
_MAX_UPLOAD_SETTING: Final = 10**9  # bytes; the portal takes about 4 MB
_SHOWN_PROBLEMS: Final = 5


@dataclass(frozen=True)
class JobReport:
    """What a job did, for the user: a plain `message`, `counts` (documents read, per
    category, per action…), the `problems` found in the input, the `files` written, and
    `cancelled` when the user said no."""

    job: str
    message: str
    counts: dict[str, int] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    files: tuple[str, ...] = ()
    cancelled: bool = False

    def as_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {
            "job": self.job, "message": self.message, "counts": dict(self.counts),
            "problems": [problem.as_dict() for problem in self.problems],
            "files": list(self.files), "cancelled": self.cancelled,
        }


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
    from gst_ims.books.register import read_register_file

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


def _previous_results(port: WorkbookPort) -> tuple[pd.DataFrame, UserColumns]:
    """Every row now on the result sheets (their `RESULT_COLUMNS` fields), for carrying
    decisions over, and the columns the user added to them. An Action or ITC cell that
    cannot be read stops the job: it is the user's decision and must not be lost
    silently; so does a column inserted among the tool's ones."""
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
    return previous.loc[previous[d.RECORD_KEY].fillna("") != ""].reset_index(drop=True), user


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


def reconcile(port: WorkbookPort) -> JobReport:
    """Reconcile the IMS sheet with the Books sheet under the Settings; keep the decisions
    already on the result sheets; write the result sheets, Summary, Home counts and Log."""
    from gst_ims import results
    from gst_ims.recon.engine import reconcile as run_engine

    when = _now()
    port.progress("Reading Settings, Books and IMS", 0.05)
    settings = _recon_settings(port)
    books, book_problems = _books_from_sheet(port)
    ims = ims_from_sheet(port)
    previous, user = _previous_results(port)
    port.progress(f"Matching {len(ims)} IMS documents with {len(books)} register documents",
                  0.25)
    recon = _carry_over(previous, run_engine(ims, books, settings), ims)
    joined = results.joined(recon, ims, books)
    port.progress("Preparing the result sheets", 0.6)
    staged = StagedWrites()
    taken: set[tuple[str, str]] = set()
    for sheet, rows in results.result_rows(joined).items():
        layout = lay.RESULT_SHEET_LAYOUTS[sheet]
        _write_sheet(staged, layout, user.put_back(to_cells(rows, layout.columns),
                                                   row_keys(rows), taken))
    book_problems = [*book_problems, *user.left_over(taken)]
    _write_summary(staged, results.summary_blocks(joined), when)
    counts = results.category_counts(recon)
    at_stake = results.itc_at_stake(joined)
    changed = int(recon[d.CHANGED_SINCE_DECISION].fillna(False).astype(bool).sum())
    message = (", ".join(f"{counts[c]} {c.value}" for c in Category)
               + f". ITC at stake {format_inr(at_stake)}."
               + (f" {changed} document(s) changed by the supplier since you decided."
                  if changed else "") + _problem_note(book_problems))
    names: dict[lay.NamedCell, object] = {
        lay.RECONCILED_AT: when, lay.ITC_AT_STAKE: at_stake,
        **{lay.COUNT_CELLS[c]: counts[c] for c in Category},
    }
    report = JobReport("reconcile", message,
                       {**{c.value: counts[c] for c in Category}, "changed": changed,
                        "itc_at_stake_paise": at_stake},
                       tuple(book_problems))
    return _finish(port, report, names, when, staged)


def _write_summary(port: StagedWrites, blocks: dict[str, pd.DataFrame],
                   when: datetime) -> None:
    for block in lay.SUMMARY_BLOCKS:
        cells = to_cells(blocks[block.title], block.columns)
        text = [c.header for c in block.columns if c.is_text]
        formats = {c.header: c.number_format for c in block.columns if not c.is_text}
        port.write_table(lay.SUMMARY, cells, header_row=block.header_row,
                         first_column=block.first_column, max_rows=block.max_rows,
                         text_columns=text, number_formats=formats)
    port.write_names({lay.SUMMARY_STAMP.name: when})


def _refresh_action_summary(port: WorkbookPort, staged: StagedWrites,
                            changed: dict[str, pd.DataFrame]) -> None:
    """Stage Summary's per-action block recounted from the result sheets (`changed`
    holds the tables about to be written in place of what the sheets hold now)."""
    from gst_ims import results

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
        return
    block = lay.SUMMARY_ACTION_BLOCK
    rows = results.summary_blocks(pd.concat(frames, ignore_index=True))[block.title]
    staged.write_table(lay.SUMMARY, to_cells(rows, block.columns),
                       header_row=block.header_row, first_column=block.first_column,
                       max_rows=block.max_rows,
                       text_columns=[c.header for c in block.columns if c.is_text],
                       number_formats={c.header: c.number_format for c in block.columns
                                       if not c.is_text})


# --- accept matched -----------------------------------------------------------------------
def accept_matched(port: WorkbookPort) -> JobReport:
    """Set Action to Accept on every Matched row that has an IMS document (one click),
    except rows whose Action is Reject, clearing the changed rows' Remarks (a remark
    suggested for Pending; an ordinary Accept sends none); every other cell of the sheet
    stays as it is."""
    when = _now()
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
    _refresh_action_summary(port, staged, {lay.MATCHED: table})
    accepted, rejected = int(changing.sum()), int(kept_rejected.sum())
    message = (f"Accept chosen for {accepted} matched document(s); "
               f"{int(has_ims.sum()) - accepted - rejected} already had it.")
    if rejected:
        message += (f" {rejected} kept as Reject (rejected by you or on the portal): change "
                    "them one by one if you mean to accept them.")
    report = JobReport("accept-matched", message,
                       {"accepted": accepted, "matched": int(has_ims.sum()),
                        "kept_rejected": rejected})
    return _finish(port, report, {}, when, staged)


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
    from gst_ims.decisions import ROW, SHEET

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
    from gst_ims.ims.dialects import KeyStyle
    from gst_ims.ims.upload import UploadOptions

    values = _settings(port, ["recipient_gstin", "output_folder", "all_or_nothing_export",
                              "confirm_accept_not_in_books", "max_upload_bytes"])
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
    try:
        key_style = KeyStyle.parse(_text(_newer_setting(port, "upload_key_style")))
    except ValueError as exc:
        raise InputError(f"Settings > Upload key style: {exc}") from exc
    if isinstance(size, int | float) and not 0 < size <= _MAX_UPLOAD_SETTING:
        raise InputError(f"Settings > Largest upload file (bytes): {size:g} is not a file "
                         "size; the portal takes about 4000000 (4 MB). Nothing was written.")
    options = UploadOptions(
        max_bytes=int(size) if isinstance(size, int | float) else 4_000_000,
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
    from gst_ims.decisions import action_counts, decisions_from_results, upload_statuses
    from gst_ims.ims.upload import build_upload, write_upload

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
    with removed_on_failure(f.path for f in written.files):
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
        report = JobReport("export", message, counts,
                           tuple([*cell_problems, *unlisted, *refusal_problems, *notes]),
                           files)
        return _finish(port, report, names, when, staged)


def _result_row_of(rows: pd.DataFrame, ims: pd.DataFrame) -> dict[int, tuple[str, int]]:
    """IMS frame position -> (result sheet, sheet row) of the row that decided it, so a
    refusal on the Log points at the row the user changes (not the IMS frame's row)."""
    from gst_ims.decisions import ROW, SHEET

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
                        tables: dict[str, pd.DataFrame] | None = None) -> None:
    """Stage each result row's Upload Status (blank when the job did nothing with it):
    that column alone, and only where it changes; with `scope` (record keys), only the
    rows in it are rewritten. `tables`: the result sheets' tables already read by this
    job (nothing has been written since), else they are read."""
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


# --- the portal's answer ------------------------------------------------------------------
def import_errors(port: WorkbookPort, files: Sequence[Path] | None = None) -> JobReport:
    """Read the portal's answer to an upload (`files`, or the ones picked on Home): the
    offline error file or an API status response, in either dialect. Each refused
    document's row gets the code, the portal's words, what they mean and what to do in
    its Upload Status (red) and a Log line; Home counts them. Earlier portal errors on
    the result sheets are replaced; nothing else changes. `InputError` when a file is
    not an error answer."""
    from gst_ims.ims.error_file import read_error_file
    from gst_ims.portal_errors import portal_answer

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
    _mark_upload_status(port, staged, answer.statuses,
                        _failed_keys(rows) | set(answer.statuses), tables)
    names: dict[lay.NamedCell, object] = {
        lay.PICKED_ERROR_FILES: lay.PATH_SEPARATOR.join(str(p) for p in paths),
        lay.ERRORS_IMPORTED_AT: when, lay.PORTAL_ERRORS: answer.refused,
    }
    counts = {"refused": answer.refused, "unmapped": answer.unmapped,
              **({"processed": answer.processed} if answer.processed is not None else {})}
    report = JobReport("import-errors", answer.message, counts, tuple(answer.problems),
                       tuple(str(p) for p in paths))
    return _finish(port, report, names, when, staged)


__all__ = [
    "JobReport",
    "accept_matched",
    "export_upload",
    "import_books",
    "import_errors",
    "import_ims",
    "ims_from_sheet",
    "reconcile",
]
