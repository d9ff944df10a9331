"""`gst-ims inspect-register`: the report, its text, and the command line around it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gst_ims.books.register_report import format_register_report, inspect_register
from gst_ims.cli import main
from support.books import ACME, BETA, write_xlsx

HEADER = ["Party Name", "GSTIN", "Invoice No", "Invoice Date", "Taxable Value", "IGST", "CGST",
          "SGST", "Reverse Charge", "ITC Eligibility", "Remarks"]


def _register(tmp_path: Path, extra_rows: int = 0) -> Path:
    rows: list[list[object]] = [
        ["Purchase Register"],
        [],
        HEADER,
        ["Acme", ACME, "1", "01-05-2024", "1,00,000.00", 0, "9,000", "9,000", "N", "", "ok"],
        ["Acme", ACME, "1", "02-05-2024", 100, 0, 9, 9, "Y", "", ""],
        ["Beta", BETA, "B-1", "03-05-2024", "(500)", "(90)", 0, 0, "", "Ineligible", ""],
        ["Beta", "29XX", "B-2", "x", 100, 18, 0, 0, "", "", ""],
        *[["Beta", BETA, f"E-{i}", "31-02-2024", 1, 0, 0, 0, "", "", ""]
          for i in range(extra_rows)],
        ["Total", "", "", "", 100600, 72, 9009, 9009, "", "", ""],
    ]
    return write_xlsx(tmp_path / "register.xlsx", rows)


def test_report_counts_totals_duplicates_and_problems(tmp_path: Path) -> None:
    report = inspect_register(_register(tmp_path))
    assert report["sheet"] == "Books" and report["header_row"] == 3
    assert report["header_map"]["doc_no"] == "Invoice No"
    assert report["extra_columns"] == ["Remarks"]
    assert report["rows"] == {"data": 5, "lines": 3, "read": 3, "skipped": 2}
    assert report["doc_types"] == {"INV": 2, "DN": 0, "CN": 1}
    assert report["totals"]["taxable"] == 10000000 + 10000 + 50000
    assert report["totals_text"]["taxable"] == "₹1,00,600.00"
    assert report["rcm"] == 1 and report["ineligible"] == 1
    assert report["duplicates"] == [[4, 5]]
    assert report["problem_counts"]["error"] == 1
    assert {p["row"] for p in report["problems"] if p["severity"] == "error"} == {7}
    json.dumps(report)  # plain data all the way down


def test_text_report_shows_errors_first_and_at_most_thirty(tmp_path: Path) -> None:
    report = inspect_register(_register(tmp_path, extra_rows=40))
    text = format_register_report(report)
    assert "Rows: 45 data rows, 3 lines read as 3 documents, 42 skipped" in text
    assert "taxable value" in text and "₹1,00,640.00" not in text
    problem_lines = [line for line in text.splitlines() if line.startswith("  error")
                     or line.startswith("  warning") or line.startswith("  info")]
    assert len(problem_lines) == 30
    assert problem_lines[0].startswith("  error")
    assert "more (use --json for all)" in text
    assert "Possible duplicates (1): rows 4, 5" in text


def test_cli_prints_text_and_json_and_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _register(tmp_path)
    assert main(["inspect-register", str(path)]) == 0
    assert "Rows: 5 data rows, 3 lines read as 3 documents, 2 skipped" in capsys.readouterr().out

    assert main(["inspect-register", str(path), "--sheet", "Books", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and data["rows"]["read"] == 3

    bad = write_xlsx(tmp_path / "bad.xlsx", [["Name", "Amount"], ["x", 1]])
    assert main(["inspect-register", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "lacks required columns" in err and "Traceback" not in err
