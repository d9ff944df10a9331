"""Checks around the export job, so that what is uploaded is what the user chose and a
failed export leaves nothing behind: decisions that cannot be read stop it, documents
whose result row was deleted are counted, and upload files of a job that then fails are
removed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from gst_ims.domain import documents as d
from gst_ims.domain.problems import InputError, Problem, Severity
from gst_ims.workbook import layout as lay

if TYPE_CHECKING:
    from gst_ims.job_report import JobReport


def without_result_row(rows: pd.DataFrame, ims: pd.DataFrame) -> list[Problem]:
    """One warning per imported IMS document that no result-sheet row decides (the user
    deleted the row): the upload cannot act on it."""
    listed = set(rows.loc[rows[d.IMS_ID].notna(), d.RECORD_KEY].astype(str))
    missing = ims.loc[~ims[d.RECORD_KEY].astype(str).isin(listed)]
    return [Problem(f"{section} {number} of {gstin} has no row on the result sheets: the "
                    "upload leaves it as it is on the portal; reconcile again to get its row "
                    "back", Severity.WARNING, section=str(section), field="Record Key")
            for section, number, gstin in zip(missing[d.SECTION], missing[d.DOC_NO],
                                              missing[d.SUPPLIER_GSTIN], strict=True)]


def stop_on_unreadable_decisions(problems: Sequence[Problem]) -> None:
    """A user's decision that cannot be read (an error cell, a formula without a value,
    text in Declared) must stop the export: sending the row without it would upload
    something the user did not choose."""
    layout = lay.RESULT_SHEET_LAYOUTS[lay.MATCHED]
    decided = {layout.column(name).header
               for name in (d.ACTION, d.REMARKS, d.ITC_RED_REQ, *d.DECL_COLUMNS)}
    blocking = [p for p in problems if p.severity is Severity.ERROR and p.field in decided]
    if blocking:
        raise InputError("Some Action, Remarks, ITC Reduction or Declared cells cannot be "
                         "read; nothing was written. Correct them and export again.",
                         blocking)


@contextmanager
def removed_on_failure(paths: Iterable[Path]) -> Iterator[None]:
    """Remove `paths` (upload files just written) when the block fails in any way,
    Ctrl-C included, so that a failed job leaves no file that looks valid to upload."""
    written = list(paths)
    try:
        yield
    except BaseException:
        for path in written:
            with suppress(OSError):
                path.unlink()
        raise


def discard_uploads(reports: Sequence[JobReport]) -> None:
    """Remove the upload files (and the History copy beside them) the export reports
    among `reports` wrote (a run whose final save failed); other reports' `files` are
    the user's inputs and stay."""
    for report in reports:
        if report.job == "export":
            for name in (*report.files, *report.copies):
                with suppress(OSError):
                    Path(name).unlink()
