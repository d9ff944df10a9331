"""`gst-ims inspect-ims`: what IMS files hold and what is wrong with them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from gst_ims.domain.documents import (
    AMOUNT_COLUMNS,
    FILING_STATUS,
    PENDING_BLOCKED,
    PORTAL_ACTION,
    SECTION,
    Action,
    Section,
)
from gst_ims.domain.money import format_inr, paise_to_json_number
from gst_ims.domain.problems import count_by_severity
from gst_ims.ims.reader import read_ims_files

TEXT_PROBLEM_LIMIT: Final = 30
_TOTAL_LABELS: Final = {"doc_value": "Document value", "taxable": "Taxable value",
                        "igst": "IGST", "cgst": "CGST", "sgst": "SGST", "cess": "Cess"}


def inspect_ims(paths: Sequence[Path]) -> dict[str, Any]:
    """Read IMS files and summarise them as a JSON-serialisable dict: ``files`` (path,
    dialect, recipient GSTIN, per-section counts in file / read / skipped), ``documents``,
    ``by_section``, ``by_action`` (codes), ``totals_rupees`` and ``totals_paise`` (per
    amount column), ``filing_status``, ``pending_blocked``, ``problem_counts`` and every
    ``problem``.

    Raises `InputError` when nothing at all could be read.
    """
    result = read_ims_files(paths)
    frame = result.frame
    by_section = frame[SECTION].value_counts()
    by_action = frame[PORTAL_ACTION].value_counts()
    totals = {column: int(frame[column].sum()) for column in AMOUNT_COLUMNS}
    filing = frame[FILING_STATUS].replace("", "Unknown").value_counts()
    return {
        "files": [
            {"path": info.path, "dialect": info.dialect.value,
             "recipient_gstin": info.recipient_gstin, "in_file": info.in_file,
             "read": info.read, "skipped": info.skipped}
            for info in result.files
        ],
        "documents": len(frame),
        "by_section": {s.value: int(by_section.get(s.value, 0)) for s in Section
                       if s.value in by_section.index},
        "by_action": {a.value: int(by_action.get(a.value, 0)) for a in Action},
        "totals_rupees": {column: paise_to_json_number(total)
                          for column, total in totals.items()},
        "totals_paise": totals,
        "filing_status": {str(key): int(value) for key, value in filing.items()},
        "pending_blocked": int(frame[PENDING_BLOCKED].sum()),
        "problem_counts": count_by_severity(result.problems),
        "problems": [problem.as_dict() for problem in result.problems],
    }


def format_ims_report(report: dict[str, Any]) -> str:
    """The `inspect_ims` report as plain text for a terminal (Indian number grouping,
    the first `TEXT_PROBLEM_LIMIT` problems)."""
    lines: list[str] = []
    for info in report["files"]:
        recipient = info["recipient_gstin"] or "not stated in the file"
        in_file = sum(info["in_file"].values())
        read = sum(info["read"].values())
        skipped = sum(info["skipped"].values())
        lines.append(f"{info['path']}")
        lines.append(f"  dialect {info['dialect']}, recipient GSTIN {recipient}; "
                     f"{in_file:,} records, {read:,} read, {skipped:,} skipped")
    lines.append("")
    lines.append(f"Documents read: {report['documents']:,}")
    lines.append("By section:")
    for key, count in report["by_section"].items():
        lines.append(f"  {Section(key).label:<42} {key:<7} {count:>10,}")
    lines.append("By current portal action:")
    for key, count in report["by_action"].items():
        lines.append(f"  {Action(key).label:<42} {key:<7} {count:>10,}")
    lines.append("Totals:")
    for key, paise in report["totals_paise"].items():
        lines.append(f"  {_TOTAL_LABELS.get(key, key):<42} {format_inr(paise):>22}")
    lines.append("Supplier filing status:")
    for key, count in report["filing_status"].items():
        lines.append(f"  {key:<50} {count:>10,}")
    lines.append(f"Pending not allowed (ispendactblocked = Y): {report['pending_blocked']:,}")
    counts = report["problem_counts"]
    problems = report["problems"]
    lines.append("")
    lines.append(f"Problems: {counts.get('error', 0):,} errors, {counts.get('warning', 0):,} "
                 f"warnings, {counts.get('info', 0):,} notes")
    for problem in problems[:TEXT_PROBLEM_LIMIT]:
        where = ", ".join(
            part for part in (
                problem["file"],
                f"section {problem['section']}" if problem["section"] else "",
                f"record {problem['row']}" if problem["row"] is not None else "",
                f"field {problem['field']}" if problem["field"] else "",
            ) if part
        )
        lines.append(f"  {problem['severity']}: {where}: {problem['message']}")
    if len(problems) > TEXT_PROBLEM_LIMIT:
        lines.append(f"  … and {len(problems) - TEXT_PROBLEM_LIMIT:,} more (--json shows all)")
    return "\n".join(lines)
