"""The jobs, each written once against a `WorkbookPort`, whatever runs it (Excel buttons
through `excel.py`, the command line through `cli.py`, tests through `MemoryPort`).

Every job reads what it needs and does all its work in memory, staging its writes
(`StagedWrites`); only then are the sheets written, Home last, and the port saves (a file
port writes the file; in Excel the user saves). A job that fails while reading or
computing (an `InputError` naming what to fix) has written nothing.
The Books sheet is written only by `import_books`; reconcile and export only read it.

Jobs, in the order a user takes the steps: `import_ims`, `import_books`, `reconcile`
(and `confirm_suggestions`, `link`, `unlink`, `exclude`, which reconcile again),
`accept_matched`, `export_upload`, `supplier_letters`, `import_errors`; and
`upgrade_workbook`. Each returns a `JobReport` (message, counts, problems, files) that the
caller shows. Reading sheets into frames and writing them back is `gst_ims.sheets`' work.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import pandas as pd

from gst_ims import sheets
from gst_ims.domain import documents as d
from gst_ims.domain.documents import Category
from gst_ims.domain.problems import InputError, Severity
from gst_ims.job_report import JobReport
from gst_ims.recon.links import LinkKind, remove_exclusion
from gst_ims.sheets import export_checks, pairings
from gst_ims.workbook import layout as lay
from gst_ims.workbook.port import WorkbookPort
from gst_ims.workbook.staged import StagedWrites


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


# --- import IMS ---------------------------------------------------------------------------
def import_ims(port: WorkbookPort, files: Sequence[Path] | None = None) -> JobReport:
    """Read IMS JSON file(s) (`files`, or the ones picked on Home) into the IMS sheet;
    record the files, dialect, recipient GSTIN and counts on Home, problems on Log.
    `InputError` when nothing is readable or the files are for another GSTIN than the
    one in Settings (the workbook is then unchanged)."""
    from gst_ims.ims.reader import read_ims_files

    when = _now()
    paths = sheets.chosen_paths(port, files, lay.PICKED_IMS_FILES, "IMS JSON file")
    port.progress("Reading the IMS file(s)", 0.1)
    read = read_ims_files(paths, with_raw=False)  # the IMS sheet keeps no JSON text
    if read.frame.empty:
        raise InputError("No IMS document could be read from " + ", ".join(
            p.name for p in paths) + "; the IMS sheet was left as it was.",
            [p for p in read.problems if p.severity is not Severity.INFO][:20])
    recipient = sheets.recipient_of(port, {f.recipient_gstin for f in read.files})
    staged = StagedWrites()
    sheets.write_fields(staged, lay.IMS_SHEET, read.frame)
    in_file = sum(sum(info.in_file.values()) for info in read.files)
    skipped = sum(sum(info.skipped.values()) for info in read.files)
    dialects = ", ".join(sorted({info.dialect.value for info in read.files}))
    message = sheets.ims_import_message(len(read.frame), len(paths), in_file, skipped,
                                        read.problems)
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
    return sheets.finish(port, report, names, when, staged)


# --- import books -------------------------------------------------------------------------
def import_books(port: WorkbookPort, file: Path | None = None, *,
                 sheet: str | None = None) -> JobReport:
    """Load a register file (`file`, or the one picked on Home) into the Books table,
    replacing it only when the register was read without a fatal problem; rows that could
    not be read are listed on Log."""
    from gst_ims.books.sheets import read_register_file

    when = _now()
    path = (Path(file).expanduser().resolve() if file
            else sheets.picked_paths(port, lay.PICKED_REGISTER_FILE, "register file")[0])
    port.progress(f"Reading {path.name}", 0.1)
    read = read_register_file(path, sheet, mapping=sheets.column_mapping(port),
                              recipient_gstin=sheets.recipient_setting(port),
                              decimal_comma=sheets.decimal_comma(port))
    if read.frame.empty:
        raise InputError(f"No document could be read from {path.name} (sheet "
                         f"{read.sheet}); the Books sheet was left as it was.",
                         sheets.errors_in(read.problems)[:20])
    staged = StagedWrites()
    sheets.write_sheet(staged, lay.BOOKS_SHEET, sheets.books_cells(read.frame))
    message = sheets.books_import_message(read, path.name)
    names: dict[lay.NamedCell, object] = {
        lay.PICKED_REGISTER_FILE: str(path), lay.REGISTER_IMPORTED_AT: when,
        lay.REGISTER_ROWS: len(read.frame),
    }
    report = JobReport("import-books", message,
                       {"documents": len(read.frame), "lines": read.lines,
                        "skipped_rows": len(read.skipped_rows)},
                       tuple(read.problems), (str(path),))
    return sheets.finish(port, report, names, when, staged)


# --- reconcile ----------------------------------------------------------------------------
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
    settings = sheets.recon_settings(port)
    books, book_problems = sheets.books_from_sheet(port)
    ims = sheets.ims_from_sheet(port)
    previous, user, by_sheet = sheets.previous_results(port)
    said, link_warnings = pairings.statements(by_sheet, books)
    stated = sheets.links_from_sheet(port)
    links = pairings.apply(stated, [*said, *extra])
    if edit is not None:
        links = edit(links)
    period = sheets.books_period(port, ims)
    port.progress(f"Matching {len(ims)} IMS documents with {len(books)} register documents",
                  0.25)
    matched = run_engine(ims, books, settings, links=links, books_period=period)
    recon = sheets.carry_decisions_over(previous, matched, ims)
    joined = results.joined(recon, ims, books)
    port.progress("Preparing the result sheets", 0.6)
    staged = StagedWrites()
    by_sheet_rows = results.result_rows(joined)
    left_over = sheets.write_result_sheets(staged, by_sheet_rows, user)
    sheets.write_fields(staged, lay.LINKS_SHEET, links)
    sheets.append_history(port, staged, [pairings.link_changes(stated, links, job, when),
                                         *sheets.decision_changes(previous, by_sheet_rows, when)])
    book_problems = [*book_problems, *left_over, *link_warnings,
                     *pairings.link_problems(links, recon)]
    sheets.write_summary(staged, results.summary_blocks(joined), when)
    sheets.write_suppliers(port, staged, joined)
    counts = results.category_counts(recon)
    at_stake = results.itc_at_stake(joined)
    changed = int(recon[d.CHANGED_SINCE_DECISION].fillna(False).astype(bool).sum())
    message = sheets.reconcile_message(lead, counts, at_stake, changed, book_problems)
    names: dict[lay.NamedCell, object] = {
        lay.RECONCILED_AT: when, lay.ITC_AT_STAKE: at_stake,
        **{lay.COUNT_CELLS[c]: counts[c] for c in Category},
        **sheets.deadline_cells(port, joined, ims, when),
    }
    report = JobReport(job, message,
                       {**{c.value: counts[c] for c in Category}, "changed": changed,
                        "itc_at_stake_paise": at_stake, "links": len(links)},
                       tuple(book_problems))
    return sheets.finish(port, report, names, when, staged)


# --- confirm suggestions, link, unlink, exclude ---------------------------------------------
def confirm_suggestions(port: WorkbookPort) -> JobReport:
    """Pair every suggestion left ticked (Confirm) on the Suggested sheet ("Matched by you"
    or "Mismatched by you"), then reconcile again; the pairs are kept on the Links sheet."""
    layout = lay.RESULT_SHEET_LAYOUTS[lay.SUGGESTED]
    rows, _ = sheets.read_fields(port, layout)
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
    ims = sheets.ims_from_sheet(port)
    books, _ = sheets.books_from_sheet(port)
    record = sheets.ims_record(ims, ims_doc_no, supplier)
    key = sheets.register_key(books, register_row)
    said = [pairings.Statement(LinkKind.LINK, record, key,
                               f"{ims_doc_no} linked with register row {register_row}")]
    return _reconcile(port, said, job="link",
                      lead=f"{ims_doc_no} linked with register row {register_row}. ")


def unlink(port: WorkbookPort, ims_doc_no: str, supplier: str | None = None) -> JobReport:
    """Undo the pairing of the IMS document numbered `ims_doc_no`: the pair is never made
    again; both documents go back to their sheets. Then reconcile again."""
    ims = sheets.ims_from_sheet(port)
    record = sheets.ims_record(ims, ims_doc_no, supplier)
    previous, _, _ = sheets.previous_results(port)
    key = sheets.paired_books_key(previous, record)
    if key is None:
        raise InputError(f"{ims_doc_no} is not paired with a register document now.")
    said = [pairings.Statement(LinkKind.UNLINK, record, key, f"{ims_doc_no} unlinked")]
    return _reconcile(port, said, job="unlink", lead=f"{ims_doc_no} unlinked. ")


def exclude(port: WorkbookPort, register_row: int, *, undo: bool = False) -> JobReport:
    """Take the register document on Books row `register_row` out of the reconciliation
    (with `undo`, put it back), then reconcile again."""
    books, _ = sheets.books_from_sheet(port)
    key = sheets.register_key(books, register_row)
    if undo:
        return _reconcile(port, job="exclude",
                          lead=f"Register row {register_row} is back in the reconciliation. ",
                          edit=lambda links: remove_exclusion(links, key))
    said = [pairings.Statement(LinkKind.EXCLUDE, "", key, f"row {register_row} excluded")]
    return _reconcile(port, said, job="exclude",
                      lead=f"Register row {register_row} excluded. ")


# --- accept matched -----------------------------------------------------------------------
def accept_matched(port: WorkbookPort, *, now: datetime | None = None) -> JobReport:
    """Set Action to Accept on every Matched row that has an IMS document (one click),
    except rows whose Action is Reject, clearing the changed rows' Remarks (a remark
    suggested for Pending; an ordinary Accept sends none); every other cell of the sheet
    stays as it is. Summary's per-action block and Home's deadline counts follow; each
    changed cell is added to History. `now`: the job's clock (default: the computer's)."""
    when = now or _now()
    staged = StagedWrites()
    done = sheets.accept_all_matched(port, staged, when)
    fields = sheets.refresh_action_summary(port, staged, {lay.MATCHED: done.table})
    deadline_names: dict[lay.NamedCell, object] = {}
    if not fields.empty:
        # The counts need each document's period from the IMS sheet; an IMS sheet that
        # cannot be read leaves them as the last Reconcile wrote them.
        with contextlib.suppress(InputError):
            deadline_names = sheets.deadline_cells(port, fields, sheets.ims_from_sheet(port),
                                                   when)
    message = sheets.accept_matched_message(done.accepted, done.with_ims, done.kept_rejected)
    report = JobReport("accept-matched", message,
                       {"accepted": done.accepted, "matched": done.with_ims,
                        "kept_rejected": done.kept_rejected})
    return sheets.finish(port, report, deadline_names, when, staged)


# --- export -------------------------------------------------------------------------------
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
    rtin, folder, options = sheets.export_settings(port, out_dir)
    sheets.check_fresh(port)
    port.progress("Reading the downloaded IMS records", 0.1)
    ims, downloaded_for = sheets.downloaded_ims(port)
    tables: dict[str, pd.DataFrame] = {}
    rows, cell_problems = sheets.rows_of_result_sheets(port, tables)
    export_checks.stop_on_unreadable_decisions(cell_problems)
    unlisted = export_checks.without_result_row(rows, ims)
    scope = sheets.failed_scope(port, rows, only_failed)
    rows = sheets.rows_in_scope(rows, scope)
    confirmed = sheets.confirm_unbooked(port, rows, options)
    decisions, problems = decisions_from_results(rows, ims, confirmed_unbooked=confirmed)
    if problems:
        raise InputError("Some rows cannot be exported; nothing was written.", problems)
    port.progress("Building the upload", 0.4)
    built = build_upload(ims, decisions, rtin, options=options, downloaded_for=downloaded_for)
    counts = {**built.counts, "without_result_row": len(unlisted)}
    question = sheets.export_question(action_counts(decisions, ims), counts,
                                      sheets.overturned_count(decisions, ims), len(unlisted),
                                      folder)
    if built.payloads and not port.confirm(question, title="Export upload JSON"):
        return JobReport("export", "Export cancelled; nothing was written.", counts,
                         cancelled=True)
    port.progress("Writing the upload file(s)", 0.7)
    written = write_upload(built, folder, rtin) if built.payloads else built
    # A job that fails after this point must not leave files that look ready to upload.
    history_copy = sheets.copy_history(port, folder, rtin, when) if written.files else None
    with export_checks.removed_on_failure([*(f.path for f in written.files),
                                           *([history_copy] if history_copy else [])]):
        staged = StagedWrites()
        sheets.mark_upload_status(port, staged, upload_statuses(written, ims), scope, tables)
        files = tuple(str(f.path) for f in written.files)
        refused = sheets.upload_problems(built, sheets.result_row_of(rows, ims))
        sent = {ims_id for ids in written.ims_ids for ims_id in ids}
        message = sheets.export_message(
            built, counts, files, folder, unlisted=len(unlisted), history_copy=history_copy,
            overturned=sheets.overturned_count([dec for dec in decisions if dec.ims_id in sent],
                                               ims))
        names: dict[lay.NamedCell, object] = {lay.EXPORTED_AT: when,
                                              lay.UPLOAD_FILES: lay.PATH_SEPARATOR.join(files)}
        report = JobReport("export", message, counts,
                           tuple([*cell_problems, *unlisted, *refused]), files,
                           copies=(str(history_copy),) if history_copy else ())
        return sheets.finish(port, report, names, when, staged)


# --- supplier letters ----------------------------------------------------------------------
def supplier_letters(port: WorkbookPort, out_dir: Path | None = None, *,
                     today: datetime | None = None) -> JobReport:
    """For each supplier with something to follow up (Not in IMS, credit notes awaited,
    Mismatched), write one .xlsx of its documents and a letters.csv for a mail merge
    into `out_dir` (default: the output folder of Settings, else the workbook's, in a
    "Supplier letters" folder), from the rows now on the result sheets. The workbook
    is not changed but for the Home status."""
    from gst_ims.letters import build_letters, write_letters

    when = today or _now()
    sheets.check_fresh(port)
    port.progress("Reading the result sheets", 0.1)
    rows, cell_problems = sheets.rows_of_result_sheets(port)
    sheets.stop_on_unreadable_amounts(cell_problems)
    folder = sheets.letters_folder(port, out_dir)
    recipient = sheets.recipient_setting(port)
    letters = build_letters(rows, sheets.supplier_emails(port), recipient,
                            sheets.gstr3b_due(port))
    port.progress(f"Writing {len(letters)} supplier letter(s)", 0.5)
    written = write_letters(letters, folder, recipient, when.date())
    with_email = sum(1 for letter in letters if letter.email)
    message = sheets.letters_message(len(letters), with_email, written[-1].name, folder)
    report = JobReport("supplier-letters", message,
                       {"letters": len(letters), "with_email": with_email,
                        "documents": sum(len(letter.rows) for letter in letters)},
                       tuple(cell_problems), tuple(str(p) for p in written))
    return sheets.finish(port, report, {}, when)


# --- the portal's answer ------------------------------------------------------------------
def import_errors(port: WorkbookPort, files: Sequence[Path] | None = None) -> JobReport:
    """Read the portal's answer to an upload (`files`, or the ones picked on Home): the
    offline error file or an API status response, in either dialect. Each refused
    document's row gets the code, the portal's words, what they mean and what to do in
    its Upload Status (red) and a Log line; Home counts them. Earlier portal errors on
    the result sheets are replaced; nothing else changes. `InputError` when a file is
    not an error answer."""
    from gst_ims.sheets.portal_errors import portal_answer
    from gst_ims.upload.error_file import read_error_file

    when = _now()
    paths = sheets.chosen_paths(port, files, lay.PICKED_ERROR_FILES, "portal error file")
    ims = sheets.ims_from_sheet(port)
    port.progress("Reading the portal's answer", 0.2)
    imports = [(path.name, read_error_file(path, ims)) for path in paths]
    tables: dict[str, pd.DataFrame] = {}
    rows, _ = sheets.rows_of_result_sheets(port, tables)
    answer = portal_answer(imports, ims, sheets.result_row_of(rows, ims))
    port.progress("Marking the refused rows", 0.6)
    staged = StagedWrites()
    changes = sheets.mark_upload_status(port, staged, answer.statuses,
                                        sheets.failed_keys(rows) | set(answer.statuses),
                                        tables, history=("import-errors", when))
    sheets.append_history(port, staged, changes)
    names: dict[lay.NamedCell, object] = {
        lay.PICKED_ERROR_FILES: lay.PATH_SEPARATOR.join(str(p) for p in paths),
        lay.ERRORS_IMPORTED_AT: when, lay.PORTAL_ERRORS: answer.refused,
    }
    counts = {"refused": answer.refused, "unmapped": answer.unmapped,
              **({"processed": answer.processed} if answer.processed is not None else {})}
    report = JobReport("import-errors", answer.message, counts, tuple(answer.problems),
                       tuple(str(p) for p in paths))
    return sheets.finish(port, report, names, when, staged)


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
    return sheets.upgrade_report(counts)


__all__ = [
    "JobReport", "accept_matched", "confirm_suggestions", "exclude", "export_upload",
    "import_books", "import_errors", "import_ims", "link", "reconcile", "supplier_letters",
    "unlink", "upgrade_workbook",
]
