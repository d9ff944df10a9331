"""Entry points for the workbook's buttons and ribbon (VBA ``RunPython``).

Each function takes no argument: the workbook that called is ``xw.Book.caller()``, and a
file the user picked reaches Python through a named cell on Home (never inside the
``RunPython`` text, where ``%``, ``&`` and ``"`` in a Windows path would break it). An
expected error (`GstImsError`) is shown in a message box saying what to fix; anything
else is written with its traceback to ``gst_ims_errors.log`` next to the workbook and
shown briefly, so that the user can send the file.

The jobs do not save the workbook: in Excel the user saves, as after any edit. A job
that fails after it began writing says which sheets it had changed; closing the
workbook without saving returns to the last saved state.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Final

from gst_ims.domain.problems import GstImsError
from gst_ims.error_log import ERROR_LOG as ERROR_LOG  # the name the tests and docs use
from gst_ims.error_log import write_error_log
from gst_ims.workbook.port import ChangeTracking, WorkbookPort
from gst_ims.workflow import JobReport

_MAX_ALERT: Final = 1500  # characters; a message box longer than a screen helps nobody

Job = Callable[[WorkbookPort], JobReport]


def _short(text: str) -> str:
    return text if len(text) <= _MAX_ALERT else text[:_MAX_ALERT] + "\n… (see the Log sheet)"


def _log_unexpected(port: WorkbookPort, title: str) -> Path:
    return write_error_log(port.folder(), title)


def _what_changed(port: WorkbookPort, title: str) -> tuple[str, str]:
    """(title ending, sentence) for a failed job: nothing changed, or which sheets were
    already written and how to go back."""
    changed = port.changed_sheets() if isinstance(port, ChangeTracking) else []
    if not changed:
        return "nothing was changed", "Nothing was changed."
    return ("stopped part-way",
            f"These sheets were already changed: {', '.join(changed)}. To go back, close "
            "the workbook without saving (it returns to how you last saved it), or run "
            f"{title} again.")


def run_job(
    title: str,
    job: Job,
    port: WorkbookPort,
    running: Callable[[str], AbstractContextManager[object]] | None = None,
) -> JobReport | None:
    """Run `job` on `port` inside `running(title)` (Excel's screen updating etc. off) and
    tell the user how it went. Returns the report, or None when the job failed."""
    session = running or (lambda _title: contextlib.nullcontext())
    try:
        with session(title):
            report = job(port)
    except GstImsError as exc:
        ending, sentence = _what_changed(port, title)
        text = _short(str(exc)) if ending == "nothing was changed" else (
            f"{_short(str(exc))}\n\n{sentence}")
        port.alert(text, title=f"{title}: {ending}", error=True)
        return None
    except Exception as exc:
        where = _log_unexpected(port, title)
        _, sentence = _what_changed(port, title)
        port.alert(f"{title} stopped on an unexpected error ({type(exc).__name__}: "
                   f"{_short(str(exc))[:300]}). {sentence} Details are in {where}.",
                   title=f"{title}: unexpected error", error=True)
        return None
    if not report.cancelled:
        port.alert(_short(report.message), title=title)
    return report


@contextlib.contextmanager
def _caller() -> Iterator[tuple[WorkbookPort, Callable[[str], AbstractContextManager[object]]]]:
    from gst_ims.workbook.excel_port import ExcelPort

    port = ExcelPort.caller()
    yield port, port.running


def _from_button(title: str, job: Job) -> None:
    from gst_ims.workbook.version import check_layout_version

    def checked(port: WorkbookPort) -> JobReport:
        check_layout_version(port)
        return job(port)

    with _caller() as (port, running):
        run_job(title, checked, port, running)


def import_ims() -> None:
    """Button 1: import the IMS JSON file(s) picked on Home."""
    from gst_ims import workflow

    _from_button("Import IMS", lambda port: workflow.import_ims(port))


def import_books() -> None:
    """Import the register file picked on Home into the Books sheet."""
    from gst_ims import workflow

    _from_button("Import register", lambda port: workflow.import_books(port))


def reconcile() -> None:
    """Button 2: reconcile IMS with Books."""
    from gst_ims import workflow

    _from_button("Reconcile", workflow.reconcile)


def accept_matched() -> None:
    """Choose Accept on every matched document."""
    from gst_ims import workflow

    _from_button("Accept matched", workflow.accept_matched)


def confirm_suggestions() -> None:
    """Pair the suggestions left ticked on the Suggested sheet."""
    from gst_ims import workflow

    _from_button("Confirm suggestions", workflow.confirm_suggestions)


def export_upload() -> None:
    """Button 3: write the upload JSON into the output folder of Settings."""
    from gst_ims import workflow

    _from_button("Export upload JSON", lambda port: workflow.export_upload(port))


def supplier_letters() -> None:
    """Write the supplier letters (one .xlsx per supplier to follow up, letters.csv)
    into the output folder of Settings."""
    from gst_ims import workflow

    _from_button("Write supplier letters", lambda port: workflow.supplier_letters(port))


def import_errors() -> None:
    """Show the portal's answer to an upload (the error file(s) picked on Home) on the
    rows it refused."""
    from gst_ims import workflow

    _from_button("Import portal errors", lambda port: workflow.import_errors(port))


def setup_report(port: WorkbookPort) -> JobReport:
    """The set-up checks for the workbook open in Excel (`port` is an `ExcelPort`),
    as a report whose message lists each finding and what to do."""
    from gst_ims.install.doctor import WorkbookFacts, format_findings, run_doctor
    from gst_ims.workbook.excel_port import ExcelPort
    from gst_ims.workbook.layout import XLWINGS_VERSION_NAME

    if not isinstance(port, ExcelPort):
        raise TypeError("the set-up check reads the workbook open in Excel")
    facts = WorkbookFacts(port.location(), port.folder(), port.cloud_only(),
                          port.xlwings_settings(), port.defined_constant(XLWINGS_VERSION_NAME))
    findings = run_doctor(facts)
    return JobReport("check-setup", format_findings(findings),
                     {"to_do": sum(not finding.ok for finding in findings)})


def check_setup() -> None:
    """Ribbon / Home *Check set-up*: the set-up checks, seen from inside Excel."""
    with _caller() as (port, _):
        run_job("Check set-up", setup_report, port)
