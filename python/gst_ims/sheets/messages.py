"""The status line a job leaves on Home (and the question the export asks first), in the
user's words, from the counts the job computed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from gst_ims.domain.documents import Action, Category
from gst_ims.domain.money import format_inr
from gst_ims.domain.problems import Problem, Severity
from gst_ims.job_report import JobReport
from gst_ims.sheets.home import problem_note
from gst_ims.workbook import layout as lay

if TYPE_CHECKING:
    from gst_ims.books.register import RegisterRead
    from gst_ims.upload.writer import UploadResult
    from gst_ims.workbook.upgrade import UpgradeCounts


def ims_import_message(documents: int, files: int, in_file: int, skipped: int,
                       problems: Sequence[Problem]) -> str:
    """Import IMS's status: the documents read from how many files, the records skipped
    (of `in_file`), the Log."""
    return (f"Imported {documents} IMS documents from {files} file(s)"
            + (f"; {skipped} of {in_file} records skipped" if skipped else "") + "."
            + problem_note(problems))


def books_import_message(read: RegisterRead, file_name: str) -> str:
    """Import books' status: the documents (and register lines) read from which sheet(s)
    of `file_name`, the rows skipped, the Log."""
    skipped = len(read.skipped_rows)
    lines = (f" ({read.lines} register lines)" if read.lines != len(read.frame) else "")
    sheet_word = "sheets" if len(read.sheets) > 1 else "sheet"
    return (f"Imported {len(read.frame)} register documents{lines} from {file_name} "
            f"({sheet_word} {read.sheet})" + (f"; {skipped} rows skipped" if skipped else "")
            + "." + problem_note(read.problems))


def reconcile_message(lead: str, counts: Mapping[Category, int], at_stake: int, changed: int,
                      problems: Sequence[Problem]) -> str:
    """Reconcile's status: `lead` (what the user just did, if anything), the count of each
    outcome, the ITC at stake (paise), the documents changed since decided, the Log."""
    return (lead + ", ".join(f"{counts[c]} {c.value}" for c in Category if counts[c]
                             or c in lay.RESULT_SHEET_OF)
            + f". ITC at stake {format_inr(at_stake)}."
            + (f" {changed} document(s) changed by the supplier since you decided."
               if changed else "") + problem_note(problems))


def accept_matched_message(accepted: int, with_ims: int, kept_rejected: int) -> str:
    """Accept matched's status: how many got Accept, already had it, or kept Reject."""
    message = (f"Accept chosen for {accepted} matched document(s); "
               f"{with_ims - accepted - kept_rejected} already had it.")
    if kept_rejected:
        message += (f" {kept_rejected} kept as Reject (rejected by you or on the portal): "
                    "change them one by one if you mean to accept them.")
    return message


def export_question(wanted: Mapping[str, int], counts: Mapping[str, int], overturned: int,
                    unlisted: int, folder: Path) -> str:
    """What the export asks before writing: the actions the upload sets (`wanted`: action
    label -> documents), what it leaves or refuses, the portal actions it undoes or
    changes, the IMS documents without a result row, and where it writes."""
    resets = counts.get(Action.NO_ACTION.value, 0)
    return ("The upload will set: " + ", ".join(f"{n} {label}" for label, n in
                                                wanted.items() if n)
            + f". Unchanged: {counts.get('unchanged', 0)}. Refused: "
            f"{counts.get('refused', 0)}."
            + (f"\n{resets} document(s) will be set back to No action, undoing the "
               "action already taken on the portal (No action is deemed accepted)."
               if resets else "")
            + (f"\n{overturned} document(s) already accepted, rejected or pending on "
               "the portal will get another action (see the Warning column)."
               if overturned else "")
            + (f"\n{unlisted} IMS document(s) have no row on the result sheets (a "
               "row deleted?): the upload leaves them as they are on the portal (No "
               "action is deemed accepted). Reconcile again to get their rows back."
               if unlisted else "")
            + f"\nWrite the upload file(s) to {folder}?")


def export_message(built: UploadResult, counts: Mapping[str, int], files: Sequence[str],
                   folder: Path, *, overturned: int, unlisted: int,
                   history_copy: Path | None) -> str:
    """The export's status: the files written and the actions in them (or why nothing was
    written), the portal actions changed, the writer's notes, the IMS documents left
    alone, and where the History went."""
    if not built.payloads:
        message = ("Nothing to upload: every action already matches the portal"
                   if not built.refusals else
                   f"Nothing written: {counts.get('refused', 0)} row(s) refused "
                   "(see Upload Status)")
    else:
        message = (f"Wrote {len(files)} upload file(s) to {folder}: "
                   + ", ".join(f"{counts.get(code, 0)} {Action(code).label}"
                               for code in "ARPN")
                   + f"; {counts.get('refused', 0)} refused.")
    if overturned and files:
        message += (f" {overturned} of them change an action already taken on the portal "
                    "(see the Warning column).")
    if built.notes and files:
        message += " Note: " + " ".join(built.notes)
    if unlisted:
        message += (f" {unlisted} IMS document(s) have no row on the result sheets "
                    "and were left as they are on the portal (see the Log).")
    if history_copy:
        message += f" The History of changes is copied to {history_copy.name}."
    return message


def upgrade_report(counts: UpgradeCounts) -> JobReport:
    """Upgrade workbook's report: the rows, settings and mapped columns carried over, and
    a note per sheet whose extra columns were kept or that the older workbook lacked."""
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


def letters_message(letters: int, with_email: int, csv_name: str, folder: Path) -> str:
    """Supplier letters' status: the letters and mail-merge file written, and how many
    have an e-mail address."""
    return (f"Wrote {letters} supplier letter(s) and {csv_name} to {folder}"
            + (f" ({with_email} with an e-mail address from the register)."
               if letters else ": no supplier has anything to follow up."))
