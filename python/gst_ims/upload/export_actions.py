"""`gst-ims export-actions`: IMS downloads + a decisions CSV -> upload files, no workbook."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from gst_ims.domain.documents import DOC_NO, SECTION, SOURCE_FILE
from gst_ims.domain.gstin import normalise_gstin
from gst_ims.domain.problems import InputError, Problem, Severity
from gst_ims.domain.text_encoding import decode_text_file
from gst_ims.ims.reader import ImsFileInfo, read_ims_files
from gst_ims.upload.decisions_csv import match_decisions, parse_decisions_csv
from gst_ims.upload.dialects import KeyStyle
from gst_ims.upload.writer import Refusal, UploadOptions, build_upload, write_upload

_ACTION_WORDS = {"A": "Accept", "R": "Reject", "P": "Pending", "N": "No action (reset)"}


def _downloaded_for(files: Sequence[ImsFileInfo], source_files: Sequence[str]) -> dict[
        str, str]:
    # The frame names a file by its short name; the file info by the path as given.
    recipients: dict[str, str] = {}
    for info in files:
        if not info.recipient_gstin:
            continue
        for name in source_files:
            if info.path == name or info.path.endswith(f"/{name}") or Path(
                    info.path).name == name:
                recipients[name] = info.recipient_gstin
    return recipients


def _check_recipient(files: Sequence[ImsFileInfo], rtin: str) -> None:
    # A file downloaded for another GSTIN is a mistake about the whole run (the wrong
    # file or a typo in --rtin), not a problem of each of its rows: say so once.
    wanted = normalise_gstin(rtin)
    other = [(info.path, normalise_gstin(info.recipient_gstin)) for info in files
             if info.recipient_gstin and normalise_gstin(info.recipient_gstin) != wanted]
    if other:
        raise InputError(
            "The IMS file(s) were downloaded for another GSTIN than --rtin " + wanted + ": "
            + "; ".join(f"{Path(path).name} is for {gstin}" for path, gstin in other)
            + ". Check --rtin, or pick the files downloaded for " + wanted + ".")


def export_actions(ims_paths: Sequence[Path], decisions_csv: Path, *, rtin: str,
                   out_dir: Path, max_bytes: int, all_or_nothing: bool,
                   key_style: KeyStyle = KeyStyle.AS_DOWNLOADED) -> dict[str, Any]:
    """Read the IMS downloads and the decisions CSV, build and write the upload files.

    Returns the report: `files` (path, type, records, bytes), `counts` (per action code,
    unchanged, refused, withheld), `refusals` (row, document, rule, message), `left_out`
    (CSV line, document, the fields of that line not sent), `notes`, `dialect`,
    `ims_problems` (what the reader found, as dicts). Raises `InputError` when a CSV row
    names no downloaded document, and when "all or nothing" is chosen and any row is
    refused (nothing is then written). `key_style`: spelling of the ITC-reduction keys in
    the portal dialect.
    """
    read = read_ims_files(list(ims_paths))
    _check_recipient(read.files, rtin)
    rows = parse_decisions_csv(decisions_csv)
    decisions = match_decisions(rows, read.frame, decisions_csv.name)
    # A refusal names the CSV line the user wrote, not the row of the internal IMS frame.
    line_of = {decision.ims_id: row.line for decision, row in zip(decisions, rows,
                                                                  strict=True)}
    sources = read.frame[SOURCE_FILE].dropna().astype(str).unique().tolist()
    result = build_upload(
        read.frame, decisions, rtin,
        options=UploadOptions(max_bytes=max_bytes, all_or_nothing=all_or_nothing,
                              key_style=key_style),
        downloaded_for=_downloaded_for(read.files, sources),
    )
    if result.refusals and all_or_nothing:
        raise InputError(
            f"{result.counts['refused']} row(s) refused; nothing written (all or nothing)",
            [Problem(_refusal_text(refusal), file=decisions_csv.name,
                     row=line_of.get(refusal.ims_id), section=refusal.section)
             for refusal in result.refusals],
        )
    result = write_upload(result, out_dir, rtin)
    return {
        "dialect": result.dialect.value,
        "decisions_file": decisions_csv.name,
        "decisions_read_as": decode_text_file(decisions_csv.read_bytes(),
                                              decisions_csv.name).label,
        "files": [{"path": str(f.path), "type": f.request_type, "records": f.records,
                   "bytes": f.bytes} for f in result.files],
        "counts": result.counts,
        "refusals": [{**asdict(refusal), "line": line_of.get(refusal.ims_id)}
                     for refusal in result.refusals],
        "left_out": [{"line": line_of.get(ims_id), "section": str(read.frame.at[ims_id, SECTION]),
                      "doc_no": str(read.frame.at[ims_id, DOC_NO]), "fields": fields}
                     for ims_id, fields in sorted(result.left_out.items(),
                                                  key=lambda item: line_of.get(item[0], 0))],
        "notes": result.notes,
        "ims_problems": [p.as_dict() for p in read.problems
                         if p.severity is not Severity.INFO],
    }


def _refusal_text(refusal: Refusal) -> str:
    return (f"{refusal.section} {refusal.doc_no} from {refusal.supplier_gstin}: "
            f"{refusal.message} [{refusal.rule}]")


def _counts_lines(counts: Mapping[str, int]) -> list[str]:
    lines = [f"  {word:<18} {counts.get(code, 0):>7,}" for code, word in _ACTION_WORDS.items()]
    lines.append(f"  {'Unchanged':<18} {counts.get('unchanged', 0):>7,}")
    lines.append(f"  {'Refused':<18} {counts.get('refused', 0):>7,}")
    return lines


def format_export_report(report: dict[str, Any]) -> str:
    """The report of `export_actions` in plain words."""
    files = report["files"]
    lines = [f"Upload files written ({report['dialect']} dialect): {len(files)}"]
    if "decisions_read_as" in report:
        lines.insert(0, f"Decisions read from {report['decisions_file']} as "
                        f"{report['decisions_read_as']} text.")
    lines += [f"  {f['type']:<5} {f['records']:>7,} records {f['bytes']:>10,} bytes  "
              f"{f['path']}" for f in files]
    if not files:
        lines.append("  (none: no action differs from the portal's)")
    lines += ["Records:", *_counts_lines(report["counts"])]
    refusals = report["refusals"]
    if refusals:
        decisions = report.get("decisions_file", "decisions CSV")
        lines.append(f"Refused ({len(refusals)}), not written; fix and export again:")
        lines += [f"  {decisions} line {r['line']}: {r['section']} {r['doc_no']} from "
                  f"{r['supplier_gstin']}: {r['message']} [{r['rule']}]" for r in refusals]
    left_out = report.get("left_out", [])
    if left_out:
        decisions = report.get("decisions_file", "decisions CSV")
        lines.append(f"Written, with some fields not sent ({len(left_out)}):")
        lines += [f"  {decisions} line {r['line']}: {r['section']} {r['doc_no']}: "
                  + "; ".join(r["fields"]) for r in left_out]
    if report["notes"]:
        lines.append("Notes:")
        lines += [f"  {note}" for note in report["notes"]]
    problems = report["ims_problems"]
    if problems:
        lines.append(f"The IMS files had {len(problems)} problem(s); "
                     "run `gst-ims inspect-ims` to see them.")
    return "\n".join(lines)
