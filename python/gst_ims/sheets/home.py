"""What every job leaves on Home, Log and History: named cells, the log of problems,
the changed cells, and the last step of a job (`finish`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Final

import pandas as pd

from gst_ims.domain.problems import InputError, Problem, Severity
from gst_ims.job_report import JobReport
from gst_ims.sheets.tables import write_sheet
from gst_ims.workbook import layout as lay
from gst_ims.workbook.port import CellValue, WorkbookPort
from gst_ims.workbook.sheet_values import to_cells
from gst_ims.workbook.staged import StagedWrites

MAX_LOG_ROWS: Final = 50_000  # the Log keeps the newest problems of every job


_SHOWN_PROBLEMS: Final = 5


def log_frame(problems: Sequence[Problem], when: datetime) -> pd.DataFrame:
    """`problems` as Log sheet rows stamped `when`."""
    rows = [{lay.LOG_TIME: when, **problem.as_dict()} for problem in problems]
    frame = pd.DataFrame(rows, columns=[c.field for c in lay.LOG_SHEET.columns])
    return to_cells(frame, lay.LOG_SHEET.columns)


def append_log(port: WorkbookPort, staged: StagedWrites, problems: Sequence[Problem],
               when: datetime) -> None:
    """Stage `problems` under the Log's older rows (the newest `MAX_LOG_ROWS` are kept)."""
    if not problems:
        return
    older = port.read_table(lay.LOG, header_row=lay.LOG_SHEET.header_row)
    older = older.reindex(columns=list(lay.LOG_SHEET.headers))
    rows = pd.concat([older, log_frame(problems, when)], ignore_index=True)
    write_sheet(staged, lay.LOG_SHEET, rows.tail(MAX_LOG_ROWS).reset_index(drop=True))


def append_history(port: WorkbookPort, staged: StagedWrites,
                   changes: Sequence[pd.DataFrame]) -> int:
    """Stage the History rows `changes` (`history.change_rows` frames) under the older
    ones (the newest `history.MAX_HISTORY_ROWS` are kept); returns how many were added.
    A workbook made before the sheet existed keeps no history."""
    from gst_ims.sheets.history import MAX_HISTORY_ROWS

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
    write_sheet(staged, sheet, rows.tail(MAX_HISTORY_ROWS).reset_index(drop=True))
    return len(added)


def name_values(values: dict[lay.NamedCell, object]) -> dict[str, CellValue]:
    """Named cells -> cell values (money as rupees, counts as int)."""
    out: dict[str, CellValue] = {}
    for cell, value in values.items():
        if cell.kind is lay.ColumnKind.MONEY and isinstance(value, int):
            out[cell.name] = value / 100
        else:
            out[cell.name] = value  # type: ignore[assignment]  # callers pass cell values
    return out


def errors_in(problems: Sequence[Problem]) -> list[Problem]:
    """Only the errors among `problems`."""
    return [problem for problem in problems if problem.severity is Severity.ERROR]


def problem_note(problems: Sequence[Problem]) -> str:
    """A sentence for a job's message that counts the errors and warnings on the Log;
    empty when there are none."""
    counts = {s: sum(p.severity is s for p in problems) for s in Severity}
    if not counts[Severity.ERROR] and not counts[Severity.WARNING]:
        return ""
    return (f" {counts[Severity.ERROR]} error(s) and {counts[Severity.WARNING]} warning(s) "
            "are listed on the Log sheet.")


def finish(port: WorkbookPort, report: JobReport, names: dict[lay.NamedCell, object],
           when: datetime, staged: StagedWrites | None = None) -> JobReport:
    """The last step of every job: stage the Log and the Home status after the job's own
    writes, make them all, then save."""
    staged = staged or StagedWrites()
    append_log(port, staged, report.problems, when)
    staged.write_names(name_values({**names, lay.LAST_MESSAGE: report.message}))
    port.progress("Writing the workbook", 0.8)
    staged.apply(port)
    port.save()
    port.progress(report.message, 1.0)
    return report

