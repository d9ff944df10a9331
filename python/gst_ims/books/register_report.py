"""`gst-ims inspect-register`: what a register file holds and what is wrong with it."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from gst_ims.books.aliases import FIELD_LABELS
from gst_ims.books.register import duplicate_groups
from gst_ims.books.sheets import read_register_file
from gst_ims.domain.documents import (
    AMOUNT_COLUMNS,
    BOOKS_COLUMNS,
    DOC_TYPE,
    ITC_ELIGIBLE,
    RCM,
    DocType,
)
from gst_ims.domain.money import format_inr
from gst_ims.domain.problems import Severity, count_by_severity

_TEXT_PROBLEMS: Final = 30
_SEVERITY_ORDER: Final = {Severity.ERROR.value: 0, Severity.WARNING.value: 1,
                          Severity.INFO.value: 2}


def inspect_register(path: Path, sheet: str | None = None, *,
                     recipient_gstin: str = "", decimal_comma: bool = False
                     ) -> dict[str, Any]:
    """Read a register file and report on it as plain JSON-able data.

    Keys: file, sheet, sheets, header_row, header_map (field -> header), sums (field ->
    ledger columns summed into it), extra_columns, rows (data / lines / documents /
    skipped), doc_types (count per code), totals (paise per amount column) and
    totals_text (the same as ₹ text, Indian grouping), rcm, ineligible, duplicates (lists
    of sheet rows), notes (the reader's report on its choices), problem_counts, problems
    (dicts). Raises `InputError` when the file cannot be read as a register.
    """
    read = read_register_file(Path(path), sheet, recipient_gstin=recipient_gstin,
                              decimal_comma=decimal_comma)
    frame = read.frame
    counts = frame[DOC_TYPE].value_counts()
    totals = {name: int(frame[name].sum()) for name in AMOUNT_COLUMNS}
    return {
        "file": str(path),
        "sheet": read.sheet,
        "sheets": list(read.sheets),
        "header_row": read.header_row,
        "header_map": dict(read.header_map),
        "sums": {name: list(columns) for name, columns in read.sums.items()},
        "extra_columns": [c for c in frame.columns if c not in BOOKS_COLUMNS],
        "rows": {
            "data": read.data_rows,
            "lines": read.lines,
            "read": len(frame),
            "skipped": len(read.skipped_rows),
        },
        "doc_types": {t.value: int(counts.get(t.value, 0)) for t in DocType},
        "totals": totals,
        "totals_text": {name: format_inr(paise) for name, paise in totals.items()},
        "rcm": int(frame[RCM].sum()),
        "ineligible": int((~frame[ITC_ELIGIBLE]).sum()),
        "duplicates": duplicate_groups(frame),
        "notes": [(f"{p.sheet}: " if len(read.sheets) > 1 and p.sheet in read.sheets
                   else "") + p.message
                  for p in read.problems if p.row is None and p.severity is Severity.INFO],
        "problem_counts": count_by_severity(read.problems),
        "problems": [problem.as_dict() for problem in read.problems],
    }


def format_register_report(report: dict[str, Any]) -> str:
    """The report of `inspect_register` as text for a terminal (first 30 problems, errors
    first)."""
    rows = report["rows"]
    lines = [
        f"Register: {report['file']}, sheet {report['sheet']} (headers on row "
        f"{report['header_row']})",
        f"Rows: {rows['data']} data rows, {rows['lines']} lines read as {rows['read']} "
        f"documents, {rows['skipped']} skipped",
        "Columns read:",
    ]
    for name, header in report["header_map"].items():
        lines.append(f"  {FIELD_LABELS.get(name, name):<28} <- {header}")
    for name, columns in report["sums"].items():
        lines.append(f"  {FIELD_LABELS.get(name, name):<28} <- " + " + ".join(columns))
    if report["extra_columns"]:
        lines.append("Carried through: " + ", ".join(report["extra_columns"]))
    lines.append("Documents: " + ", ".join(
        f"{DocType(code).label.lower()}s {count}" for code, count in report["doc_types"].items()
    ))
    lines.append("Totals:")
    for name, paise in report["totals"].items():
        lines.append(f"  {FIELD_LABELS.get(name, name):<28} {format_inr(paise):>20}")
    lines.append(f"Reverse charge: {report['rcm']}   ITC-ineligible: {report['ineligible']}"
                 "   (kept, marked: they never appear in IMS)")
    duplicates = report["duplicates"]
    if duplicates:
        shown = "; ".join(", ".join(str(r) for r in group) for group in duplicates[:10])
        more = f" and {len(duplicates) - 10} more" if len(duplicates) > 10 else ""
        lines.append(f"Possible duplicates ({len(duplicates)}): rows {shown}{more}")
    if report["notes"]:
        lines.append("How the register was read:")
        lines.extend(f"  {note}" for note in report["notes"])
    counts = report["problem_counts"]
    lines.append(f"Problems: {counts['error']} errors, {counts['warning']} warnings, "
                 f"{counts['info']} notes")
    problems = sorted(report["problems"],
                      key=lambda p: (_SEVERITY_ORDER[p["severity"]], p["row"] or 0))
    for problem in problems[:_TEXT_PROBLEMS]:
        sheet = f"{problem['sheet']} " if len(report["sheets"]) > 1 else ""
        where = (f"{sheet}row {problem['row']}" if problem["row"] is not None
                 else (sheet.strip() or "sheet"))
        field = f" [{problem['field']}]" if problem["field"] else ""
        lines.append(f"  {problem['severity']:<7} {where}{field}: {problem['message']}")
    if len(problems) > _TEXT_PROBLEMS:
        lines.append(f"  … and {len(problems) - _TEXT_PROBLEMS} more (use --json for all)")
    return "\n".join(lines)
