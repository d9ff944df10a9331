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
from typing import TYPE_CHECKING

import pandas as pd

from gst_ims import pairings
from gst_ims.domain import documents as d
from gst_ims.domain.documents import Action, Category
from gst_ims.domain.money import format_inr
from gst_ims.domain.problems import InputError, Problem, Severity
from gst_ims.export_checks import (
    removed_on_failure,
    stop_on_unreadable_decisions,
    without_result_row,
)
from gst_ims.job_report import JobReport
from gst_ims.recon.links import LinkKind, remove_exclusion
from gst_ims.sheets.books import (
    books_cells,
    books_from_sheet,
    downloaded_ims,
    ims_from_sheet,
    ims_record,
    links_from_sheet,
)
from gst_ims.sheets.home import append_history, errors_in, finish, problem_note
from gst_ims.sheets.previous import carry_decisions_over, decision_changes, previous_results
from gst_ims.sheets.settings import (
    books_period,
    column_mapping,
    decimal_comma,
    export_settings,
    letters_folder,
    picked_paths,
    recipient_of,
    recipient_setting,
    recon_settings,
    supplier_emails,
)
from gst_ims.sheets.summary import (
    deadline_cells,
    refresh_action_summary,
    write_summary,
    write_suppliers,
)
from gst_ims.sheets.tables import cell_text, read_fields, write_fields, write_sheet
from gst_ims.sheets.uploads import (
    check_fresh,
    confirm_unbooked,
    copy_history,
    failed_keys,
    failed_scope,
    mark_upload_status,
    overturned_count,
    result_row_of,
    rows_of_result_sheets,
)
from gst_ims.user_columns import row_keys
from gst_ims.workbook import layout as lay
from gst_ims.workbook.port import WorkbookPort
from gst_ims.workbook.sheet_values import to_cells
from gst_ims.workbook.staged import StagedWrites

if TYPE_CHECKING:
    pass


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


# --- sheets -------------------------------------------------------------------------------


# --- import IMS ---------------------------------------------------------------------------
def import_ims(port: WorkbookPort, files: Sequence[Path] | None = None) -> JobReport:
    """Read IMS JSON file(s) (`files`, or the ones picked on Home) into the IMS sheet;
    record the files, dialect, recipient GSTIN and counts on Home, problems on Log.
    `InputError` when nothing is readable or the files are for another GSTIN than the
    one in Settings (the workbook is then unchanged)."""
    from gst_ims.ims.reader import read_ims_files

    when = _now()
    paths = [Path(p).expanduser().resolve() for p in files] if files else picked_paths(
        port, lay.PICKED_IMS_FILES, "IMS JSON file")
    port.progress("Reading the IMS file(s)", 0.1)
    read = read_ims_files(paths)
    if read.frame.empty:
        raise InputError("No IMS document could be read from " + ", ".join(
            p.name for p in paths) + "; the IMS sheet was left as it was.",
            [p for p in read.problems if p.severity is not Severity.INFO][:20])
    recipient = recipient_of(port, {f.recipient_gstin for f in read.files})
    staged = StagedWrites()
    write_fields(staged, lay.IMS_SHEET, read.frame)
    in_file = sum(sum(info.in_file.values()) for info in read.files)
    skipped = sum(sum(info.skipped.values()) for info in read.files)
    dialects = ", ".join(sorted({info.dialect.value for info in read.files}))
    message = (f"Imported {len(read.frame)} IMS documents from {len(paths)} file(s)"
               + (f"; {skipped} of {in_file} records skipped" if skipped else "") + "."
               + problem_note(read.problems))
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
    return finish(port, report, names, when, staged)


# --- import books -------------------------------------------------------------------------


def import_books(port: WorkbookPort, file: Path | None = None, *,
                 sheet: str | None = None) -> JobReport:
    """Load a register file (`file`, or the one picked on Home) into the Books table,
    replacing it only when the register was read without a fatal problem; rows that could
    not be read are listed on Log."""
    from gst_ims.books.sheets import read_register_file

    when = _now()
    path = (Path(file).expanduser().resolve() if file
            else picked_paths(port, lay.PICKED_REGISTER_FILE, "register file")[0])
    port.progress(f"Reading {path.name}", 0.1)
    read = read_register_file(path, sheet, mapping=column_mapping(port),
                              recipient_gstin=recipient_setting(port),
                              decimal_comma=decimal_comma(port))
    if read.frame.empty:
        raise InputError(f"No document could be read from {path.name} (sheet "
                         f"{read.sheet}); the Books sheet was left as it was.",
                         errors_in(read.problems)[:20])
    staged = StagedWrites()
    write_sheet(staged, lay.BOOKS_SHEET, books_cells(read.frame))
    skipped = len(read.skipped_rows)
    lines = (f" ({read.lines} register lines)" if read.lines != len(read.frame) else "")
    sheets = "sheets" if len(read.sheets) > 1 else "sheet"
    message = (f"Imported {len(read.frame)} register documents{lines} from {path.name} "
               f"({sheets} {read.sheet})" + (f"; {skipped} rows skipped" if skipped else "")
               + "." + problem_note(read.problems))
    names: dict[lay.NamedCell, object] = {
        lay.PICKED_REGISTER_FILE: str(path), lay.REGISTER_IMPORTED_AT: when,
        lay.REGISTER_ROWS: len(read.frame),
    }
    report = JobReport("import-books", message,
                       {"documents": len(read.frame), "lines": read.lines,
                        "skipped_rows": skipped},
                       tuple(read.problems), (str(path),))
    return finish(port, report, names, when, staged)


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
    settings = recon_settings(port)
    books, book_problems = books_from_sheet(port)
    ims = ims_from_sheet(port)
    previous, user, by_sheet = previous_results(port)
    said, link_warnings = pairings.statements(by_sheet, books)
    links = pairings.apply(links_from_sheet(port), [*said, *extra])
    if edit is not None:
        links = edit(links)
    period = books_period(port, ims)
    port.progress(f"Matching {len(ims)} IMS documents with {len(books)} register documents",
                  0.25)
    recon = carry_decisions_over(previous, run_engine(ims, books, settings, links=links,
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
        write_sheet(staged, layout, user.put_back(to_cells(rows, layout.columns),
                                                  row_keys(rows), taken))
    write_fields(staged, lay.LINKS_SHEET, links)
    append_history(port, staged, decision_changes(previous, sheets, when))
    book_problems = [*book_problems, *user.left_over(taken), *link_warnings,
                     *pairings.link_problems(links, recon)]
    write_summary(staged, results.summary_blocks(joined), when)
    write_suppliers(port, staged, joined)
    counts = results.category_counts(recon)
    at_stake = results.itc_at_stake(joined)
    changed = int(recon[d.CHANGED_SINCE_DECISION].fillna(False).astype(bool).sum())
    message = (lead + ", ".join(f"{counts[c]} {c.value}" for c in Category if counts[c]
                                or c in lay.RESULT_SHEET_OF)
               + f". ITC at stake {format_inr(at_stake)}."
               + (f" {changed} document(s) changed by the supplier since you decided."
                  if changed else "") + problem_note(book_problems))
    names: dict[lay.NamedCell, object] = {
        lay.RECONCILED_AT: when, lay.ITC_AT_STAKE: at_stake,
        **{lay.COUNT_CELLS[c]: counts[c] for c in Category},
        **deadline_cells(port, joined, ims, when),
    }
    report = JobReport(job, message,
                       {**{c.value: counts[c] for c in Category}, "changed": changed,
                        "itc_at_stake_paise": at_stake, "links": len(links)},
                       tuple(book_problems))
    return finish(port, report, names, when, staged)


# --- confirm suggestions, link, unlink, exclude ---------------------------------------------
def confirm_suggestions(port: WorkbookPort) -> JobReport:
    """Pair every suggestion left ticked (Confirm) on the Suggested sheet ("Matched by you"
    or "Mismatched by you"), then reconcile again; the pairs are kept on the Links sheet."""
    layout = lay.RESULT_SHEET_LAYOUTS[lay.SUGGESTED]
    rows, _ = read_fields(port, layout)
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
    books, _ = books_from_sheet(port)
    record = ims_record(ims, ims_doc_no, supplier)
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
    record = ims_record(ims, ims_doc_no, supplier)
    previous, _, _ = previous_results(port)
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
    books, _ = books_from_sheet(port)
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
    has_ims = table[ims_id].map(cell_text) != ""
    chosen = table[action].map(cell_text)
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
        cleared = changing & (table[remarks].map(cell_text) != "")
        table.loc[changing, remarks] = None
        if cleared.any():
            staged.write_column(lay.MATCHED, remarks, table[remarks].tolist(),
                                header_row=layout.header_row, changed=cleared.tolist())
    documents = documents_of(table, layout)
    append_history(port, staged, [
        change_rows("accept-matched", when, documents, header, before[header], table[header])
        for header in (action, remarks) if header in table.columns])
    fields = refresh_action_summary(port, staged, {lay.MATCHED: table})
    deadline_names: dict[lay.NamedCell, object] = {}
    if not fields.empty:
        # The counts need each document's period from the IMS sheet; an IMS sheet that
        # cannot be read leaves them as the last Reconcile wrote them.
        with contextlib.suppress(InputError):
            deadline_names = deadline_cells(port, fields, ims_from_sheet(port), when)
    accepted, rejected = int(changing.sum()), int(kept_rejected.sum())
    message = (f"Accept chosen for {accepted} matched document(s); "
               f"{int(has_ims.sum()) - accepted - rejected} already had it.")
    if rejected:
        message += (f" {rejected} kept as Reject (rejected by you or on the portal): change "
                    "them one by one if you mean to accept them.")
    report = JobReport("accept-matched", message,
                       {"accepted": accepted, "matched": int(has_ims.sum()),
                        "kept_rejected": rejected})
    return finish(port, report, deadline_names, when, staged)


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
    rtin, folder, options = export_settings(port, out_dir)
    check_fresh(port)
    port.progress("Reading the downloaded IMS records", 0.1)
    ims, downloaded_for = downloaded_ims(port)
    tables: dict[str, pd.DataFrame] = {}
    rows, cell_problems = rows_of_result_sheets(port, tables)
    stop_on_unreadable_decisions(cell_problems)
    unlisted = without_result_row(rows, ims)
    scope = failed_scope(port, rows, only_failed)
    if scope is not None:
        rows = rows.loc[rows[d.RECORD_KEY].astype("string").isin(scope)].reset_index(
            drop=True)
    confirmed = confirm_unbooked(port, rows, options)
    decisions, problems = decisions_from_results(rows, ims, confirmed_unbooked=confirmed)
    if problems:
        raise InputError("Some rows cannot be exported; nothing was written.", problems)
    port.progress("Building the upload", 0.4)
    built = build_upload(ims, decisions, rtin, options=options, downloaded_for=downloaded_for)
    wanted = action_counts(decisions, ims)
    counts = {**built.counts, "without_result_row": len(unlisted)}
    resets = counts.get(Action.NO_ACTION.value, 0)
    overturned = overturned_count(decisions, ims)
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
    history_copy = copy_history(port, folder, rtin, when) if written.files else None
    with removed_on_failure([*(f.path for f in written.files),
                             *([history_copy] if history_copy else [])]):
        staged = StagedWrites()
        mark_upload_status(port, staged, upload_statuses(written, ims), scope, tables)
        files = tuple(str(f.path) for f in written.files)
        message = message or (f"Wrote {len(files)} upload file(s) to {folder}: "
                              + ", ".join(f"{counts.get(code, 0)} {Action(code).label}"
                                          for code in "ARPN")
                              + f"; {counts.get('refused', 0)} refused.")
        where = result_row_of(rows, ims)
        refusal_problems = [
            Problem(f"{r.section} {r.doc_no} from {r.supplier_gstin}: {r.message} [{r.rule}]",
                    Severity.WARNING, sheet=where.get(r.ims_id, ("", 0))[0],
                    section=r.section, row=where.get(r.ims_id, ("", 0))[1] or None)
            for r in built.refusals]
        notes = [Problem(note, Severity.INFO) for note in built.notes]
        sent = {ims_id for ids in written.ims_ids for ims_id in ids}
        overturned = overturned_count([dec for dec in decisions if dec.ims_id in sent], ims)
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
        return finish(port, report, names, when, staged)


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
    check_fresh(port)
    port.progress("Reading the result sheets", 0.1)
    rows, cell_problems = rows_of_result_sheets(port)
    amounts = {lay.RESULT_SHEET_LAYOUTS[lay.MATCHED].column(c.field).header
               for c in lay.RESULT_COLUMNS if c.kind is lay.ColumnKind.MONEY}
    unreadable = [p for p in errors_in(cell_problems) if p.field in amounts]
    if unreadable:
        raise InputError("Some amounts on the result sheets cannot be read; reconcile "
                         "again (or correct the cells), then write the letters.", unreadable)
    folder = letters_folder(port, out_dir)
    recipient = recipient_setting(port)
    letters = build_letters(rows, supplier_emails(port), recipient)
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
    return finish(port, report, {}, when)


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
    paths = [Path(p).expanduser().resolve() for p in files] if files else picked_paths(
        port, lay.PICKED_ERROR_FILES, "portal error file")
    ims = ims_from_sheet(port)
    port.progress("Reading the portal's answer", 0.2)
    imports = [(path.name, read_error_file(path, ims)) for path in paths]
    tables: dict[str, pd.DataFrame] = {}
    rows, _ = rows_of_result_sheets(port, tables)
    answer = portal_answer(imports, ims, result_row_of(rows, ims))
    port.progress("Marking the refused rows", 0.6)
    staged = StagedWrites()
    changes = mark_upload_status(port, staged, answer.statuses,
                                 failed_keys(rows) | set(answer.statuses), tables,
                                 history=("import-errors", when))
    append_history(port, staged, changes)
    names: dict[lay.NamedCell, object] = {
        lay.PICKED_ERROR_FILES: lay.PATH_SEPARATOR.join(str(p) for p in paths),
        lay.ERRORS_IMPORTED_AT: when, lay.PORTAL_ERRORS: answer.refused,
    }
    counts = {"refused": answer.refused, "unmapped": answer.unmapped,
              **({"processed": answer.processed} if answer.processed is not None else {})}
    report = JobReport("import-errors", answer.message, counts, tuple(answer.problems),
                       tuple(str(p) for p in paths))
    return finish(port, report, names, when, staged)


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
