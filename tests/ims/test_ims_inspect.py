"""`inspect-ims`: the report, its text, and the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gst_ims.cli import main
from gst_ims.domain.problems import InputError
from gst_ims.ims.download_report import TEXT_PROBLEM_LIMIT, format_ims_report, inspect_ims

DATA = Path(__file__).resolve().parents[1] / "data" / "ims"


def test_report_counts_and_totals() -> None:
    report = inspect_ims([DATA / "api_all_sections.json", DATA / "gsp_wrapped.json"])
    json.dumps(report)  # serialisable
    assert report["documents"] == 10
    assert report["by_section"]["b2b"] == 3
    assert report["by_action"] == {"A": 2, "R": 1, "P": 1, "N": 6}
    assert report["totals_paise"]["taxable"] == 10000050 + 100000 + 9000000 + 500000 + 400000 \
        + 1000000 + 500000 + 100000 + 95000 + 200000
    assert report["totals_rupees"]["cgst"] == 90 + 450 + 360 + 900 + 450 + 90 + 85.5
    assert report["filing_status"] == {"Filed": 8, "Not Filed": 2}
    assert report["pending_blocked"] == 2
    assert report["files"][1]["recipient_gstin"] == "27AAGCR4321L1Z8"
    assert report["problem_counts"] == {"error": 0, "warning": 0, "info": 0}


def test_text_report_uses_indian_grouping() -> None:
    text = format_ims_report(inspect_ims([DATA / "api_all_sections.json"]))
    assert "₹2,16,950.50" in text  # taxable total of the fixture
    assert "dialect api" in text and "Credit notes (amended)" in text


def test_text_report_lists_the_first_problems_and_counts_the_rest(tmp_path: Path) -> None:
    records = [{"stin": "29AAECK1234M1ZD", "inum": f"N{i}", "idt": "99-99-2024", "txval": 1}
               for i in range(TEXT_PROBLEM_LIMIT + 5)]
    records.append({"stin": "29AAECK1234M1ZD", "inum": "OK", "idt": "01-01-2025",
                    "txval": 1})
    path = tmp_path / "many.json"
    path.write_text(json.dumps({"b2b": records}), encoding="utf-8")
    report = inspect_ims([path])
    text = format_ims_report(report)
    assert len(report["problems"]) > TEXT_PROBLEM_LIMIT
    assert f"and {len(report['problems']) - TEXT_PROBLEM_LIMIT:,} more" in text


def test_nothing_readable_raises() -> None:
    with pytest.raises(InputError):
        inspect_ims([DATA / "empty.json"])


def test_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect-ims", str(DATA / "portal_all_sections.json"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and out["files"][0]["dialect"] == "portal"
    assert main(["inspect-ims", str(DATA / "not_json.json")]) == 1
    assert "not JSON" in capsys.readouterr().err


def test_sample_data_then_inspect(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sample-data", "--out", str(tmp_path), "--docs", "200", "--seed", "4",
                 "--dialect", "api"]) == 0
    assert main(["inspect-ims", str(tmp_path / "ims.json")]) == 0
    out = capsys.readouterr().out
    assert "Documents read: 200" in out and "0 errors, 0 warnings" in out
