"""The lazy file path (a worksheet's cells parsed only when a job reads or writes the
sheet, every other sheet saved as its file held it) makes the very workbook the full
path makes: each job of a month run on its own (the workbook loaded and saved by every
job, as the command line does), and every package part compared byte for byte after
each job. Workbooks the lazy path must not keep rows of (a user's own sheet with merged
cells, a hyperlink, formulas and shared strings; a file saved by LibreOffice) give the
same bytes too."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from test_fast_file_path import PlainPort, _assert_same

from gst_ims import workflow
from gst_ims.cli import main as cli
from gst_ims.domain.documents import Dialect
from gst_ims.samples import write_sample_month
from gst_ims.workbook import layout as lay
from gst_ims.workbook.fast_rows import parse_rows
from gst_ims.workbook.file_port import FilePort
from gst_ims.workbook.lazy_load import ensure_cells, is_parsed, kept_rows
from gst_ims.workbook.package_parts import load_package

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "workbook"))

from gst_ims.workbook.render import libreoffice_missing

Job = Callable[[FilePort, Path], object]


class FullPort(FilePort):
    """The fast writer on a workbook loaded in full."""

    lazy = False


def _error_file(folder: Path) -> Path:
    """A portal error answer refusing the first record of the upload in `folder`."""
    for path in sorted(folder.glob("*.json")):
        payload = json.loads(path.read_text(encoding="utf-8"))
        for section, records in payload.get("invdata", {}).items():
            if records:
                answer = folder.parent / "error_report.json"
                answer.write_text(json.dumps({"imsDetailsErr": {section: [
                    {**records[0], "error_msg": "Error! Please enter value for the "
                     "column itcRedReq."}]}}), encoding="utf-8")
                return answer
    raise AssertionError("the export wrote no record")


def _month_jobs(inputs: dict[str, Path], truth: pd.DataFrame) -> list[tuple[str, Job]]:
    swapped = truth[truth["case"] == "number_swapped"].iloc[0]
    number, register_row = str(swapped["doc_no"]), int(swapped["register_row"])
    return [
        ("import IMS", lambda port, _: workflow.import_ims(port, [inputs["ims"]])),
        ("import register", lambda port, _: workflow.import_books(port, inputs["register"])),
        ("reconcile", lambda port, _: workflow.reconcile(port)),
        ("link", lambda port, _: workflow.link(port, number, register_row)),
        ("unlink", lambda port, _: workflow.unlink(port, number)),
        ("exclude", lambda port, _: workflow.exclude(port, register_row)),
        ("exclude undone", lambda port, _: workflow.exclude(port, register_row, undo=True)),
        ("confirm suggestions", lambda port, _: workflow.confirm_suggestions(port)),
        ("accept matched", lambda port, _: workflow.accept_matched(port)),
        ("export", lambda port, out: workflow.export_upload(port, out / "upload")),
        ("import portal errors",
         lambda port, out: workflow.import_errors(port, [_error_file(out / "upload")])),
        ("supplier letters", lambda port, out: workflow.supplier_letters(
            port, out / "letters", today=datetime(2026, 11, 5))),
    ]


def _run_both(jobs: list[tuple[str, Job]], lazy: Path, full: Path, out: Path) -> None:
    """Each job on `lazy` (lazy path) and on `full` (full path), one port per job, the
    two workbooks compared after each."""
    for name, job in jobs:
        for port_type, path in ((FilePort, lazy), (PlainPort, full)):
            with port_type(path) as port:
                job(port, out)
            if name not in ("export",):  # the portal's answer reads the upload next
                shutil.rmtree(out / "letters", ignore_errors=True)
        try:
            _assert_same(lazy, full)
        except AssertionError as exc:
            raise AssertionError(f"after {name}: {exc}") from exc


@pytest.fixture()
def month(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    # One clock for both paths: Home and the Log record when each job ran.
    monkeypatch.setattr(workflow, "_now", lambda: datetime(2026, 11, 5, 10, 30))
    inputs = write_sample_month(tmp_path / "in", docs=300, seed=5, dialect=Dialect.PORTAL)
    truth = pd.read_csv(inputs["truth"], dtype=str, keep_default_na=False)
    fresh = tmp_path / "fresh.xlsm"
    assert cli(["new-workbook", str(fresh)]) == 0
    return {"inputs": inputs, "truth": truth, "fresh": fresh}


def _copies(fresh: Path, folder: Path) -> tuple[Path, Path]:
    lazy, full = folder / "lazy.xlsm", folder / "full.xlsm"
    shutil.copyfile(fresh, lazy)
    shutil.copyfile(fresh, full)
    return lazy, full


def test_every_job_on_its_own_makes_the_same_workbook(
        month: dict[str, Any], tmp_path: Path) -> None:
    lazy, full = _copies(month["fresh"], tmp_path)
    _run_both(_month_jobs(month["inputs"], month["truth"]), lazy, full, tmp_path / "out")


def test_a_job_parses_only_the_sheets_it_reads(month: dict[str, Any], tmp_path: Path) -> None:
    lazy, full = _copies(month["fresh"], tmp_path)
    _run_both(_month_jobs(month["inputs"], month["truth"])[:3], lazy, full, tmp_path / "out")
    book = load_package(lazy, True)[0]
    kept = {sheet.title for sheet in book.worksheets if not is_parsed(sheet)}
    assert {lay.BOOKS_SHEET.name, lay.IMS_SHEET.name, *lay.RESULT_SHEETS} <= kept
    with FilePort(lazy) as port:
        workflow.accept_matched(port)
        sheets = port._book.worksheets
        parsed = {sheet.title for sheet in sheets if is_parsed(sheet)}
        changed = {sheet.title for sheet in sheets if kept_rows(sheet) is None}
        read = {sheet.title for sheet in sheets
                if (rows := kept_rows(sheet)) is not None and rows.read}
    assert lay.MATCHED in changed
    assert lay.BOOKS_SHEET.name not in parsed | read
    # Read without making cells, not changed: saved as the file held them.
    assert {lay.IMS_SHEET.name, lay.MISMATCHED} <= read - parsed - changed


def _add_user_sheet(path: Path) -> None:
    """A sheet of the user's own, saved by openpyxl: merged cells, a hyperlink, a
    formula, a date, a comment-free note beside it."""
    book = openpyxl.load_workbook(path, keep_vba=True)
    sheet = book.create_sheet("My notes")
    sheet["A1"] = "Notes for the month"
    sheet.merge_cells("A1:C1")
    sheet["A2"] = "portal"
    sheet["A2"].hyperlink = "https://www.gst.gov.in"
    sheet["B3"] = 12.5
    sheet["C3"] = "=B3*2"
    sheet["D3"] = datetime(2026, 11, 5)
    plain = book.create_sheet("Plain numbers")
    for row in range(1, 50):
        plain.append([row, row * 1.5, f"text {row}", row % 2 == 0])
    book.save(path)


def test_a_workbook_with_sheets_of_the_users_own(
        month: dict[str, Any], tmp_path: Path) -> None:
    _add_user_sheet(month["fresh"])
    lazy, full = _copies(month["fresh"], tmp_path)
    jobs = _month_jobs(month["inputs"], month["truth"])
    _run_both([*jobs[:3], jobs[8]], lazy, full, tmp_path / "out")
    book = load_package(lazy, True)[0]
    assert kept_rows(book["My notes"]) is None  # merged cells and a hyperlink
    assert kept_rows(book["Plain numbers"]) is not None


def _foreign_sheet(path: Path) -> None:
    """A workbook part written by another program: shared strings, cells without a
    type (xlsxwriter writes as Excel does)."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, ["Name", "Amount"])
    sheet.write_row(1, 0, ["first", 12])
    sheet.write_row(2, 0, ["second", 3.5])
    book.close()


def test_rows_written_by_another_program_are_parsed(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    _foreign_sheet(path)
    book = load_package(path, True)[0]
    assert kept_rows(book["Data"]) is None
    assert book["Data"]["A2"].value == "first"


@pytest.mark.libreoffice
@pytest.mark.skipif(bool(libreoffice_missing()), reason=libreoffice_missing() or "ok")
def test_a_workbook_saved_by_libreoffice(month: dict[str, Any], tmp_path: Path) -> None:
    jobs = _month_jobs(month["inputs"], month["truth"])
    with FilePort(month["fresh"]) as port, port.one_save():
        for _, job in jobs[:3]:
            job(port, tmp_path / "first")
    saved = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", "--convert-to", "xlsm", "--outdir", str(saved),
                    str(month["fresh"])], check=True, capture_output=True, timeout=300)
    converted = saved / month["fresh"].name
    with zipfile.ZipFile(converted) as archive:
        assert "xl/sharedStrings.xml" in archive.namelist()
    lazy, full = _copies(converted, tmp_path)
    _run_both([jobs[2], jobs[8]], lazy, full, tmp_path / "out")
    with FilePort(lazy) as port:
        assert len(port.read_table(lay.MATCHED)) > 0


def _cells(worksheet: Any) -> dict[tuple[int, int], tuple[Any, str, bytes]]:
    return {key: (cell._value, cell.data_type, cell._style.tobytes())
            for key, cell in worksheet._cells.items()}


def _heights(worksheet: Any) -> dict[int, tuple[Any, ...]]:
    return {index: (row.ht, row.customHeight, row.hidden, row.s)
            for index, row in worksheet.row_dimensions.items()}


def test_the_fast_row_parser_reads_what_openpyxl_reads(
        month: dict[str, Any], tmp_path: Path) -> None:
    lazy, _ = _copies(month["fresh"], tmp_path)
    _add_user_sheet(lazy)
    jobs = _month_jobs(month["inputs"], month["truth"])
    with FilePort(lazy) as port, port.one_save():
        for _, job in [*jobs[:3], jobs[8]]:
            job(port, tmp_path / "out")
        port.write_table("Plain numbers", pd.DataFrame({
            "text": ["a < b & c", "  spaced  ", "tab\there", "x" * 5000, "\u20b9 12"],
            "number": [1e-9, -0.0, 10**15 + 1, 2.5e300, 7],
            "flag": [True, False, None, True, None],
            "when": [datetime(2026, 11, 5), None, datetime(1999, 1, 1, 12, 30), None, None],
        }))
    book = load_package(lazy, True)[0]
    reference = openpyxl.load_workbook(lazy, keep_vba=True)
    fast = 0
    for sheet in book.worksheets:
        rows = kept_rows(sheet)
        if rows is None:
            continue
        fast += parse_rows(book, rows.text) is not None
        ensure_cells(sheet)
        assert _cells(sheet) == _cells(reference[sheet.title]), sheet.title
        assert _heights(sheet) == _heights(reference[sheet.title]), sheet.title
    assert fast >= 10
