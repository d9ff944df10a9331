"""The portal's answer to an upload on the in-memory workbook: Import portal errors marks
the refused rows (Upload Status, Log, Home), Export offers only those rows, the ITC
Reduction and Declared cells survive a reconcile and reach the upload, and Settings >
Upload key style decides the portal spelling of the ITC keys (the Log says which)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from gst_ims import workflow
from gst_ims.domain.documents import Dialect
from gst_ims.domain.problems import InputError, Severity
from gst_ims.workbook import layout as lay
from gst_ims.workbook.memory_port import MemoryPort
from support import SampleMonth
from support.workflow import layout_memory_port

ITC_0054 = "Error! Please enter value for the column itcRedReq."
PREV_0010 = "Either previous action is incorrect/ invoice might have edited by supplier"


@pytest.fixture(scope="module")
def inputs(sample_month: SampleMonth) -> dict[str, Path]:
    return sample_month(120, 8, Dialect.PORTAL)


def _exported(inputs: dict[str, Path], folder: Path) -> tuple[MemoryPort, list[Any]]:
    """Import, reconcile, accept matched, export: the port and the SAVE records written."""
    port = layout_memory_port(folder)
    workflow.import_ims(port, [inputs["ims"]])
    workflow.import_books(port, inputs["register"])
    workflow.reconcile(port)
    workflow.accept_matched(port)
    report = workflow.export_upload(port, folder / "out")
    records = []
    for file in report.files:
        payload = json.loads(Path(file).read_text(encoding="utf-8"))
        if payload["reqtyp"] == "SAVE":
            records += [(section, record) for section, items in payload["invdata"].items()
                        for record in items]
    return port, records


def _results(port: MemoryPort) -> pd.DataFrame:
    frames = []
    for sheet in lay.RESULT_SHEETS:
        table = port.read_table(sheet)
        table["sheet"] = sheet
        frames.append(table)
    return pd.concat(frames, ignore_index=True)


def _number(record: dict[str, Any]) -> str:
    return str(record.get("inum", record.get("nt_num")))


def _error_file(folder: Path, failed: list[tuple[str, dict[str, Any], str]]) -> Path:
    sections: dict[str, list[dict[str, Any]]] = {}
    for section, record, message in failed:
        sections.setdefault(section, []).append({**record, "error_msg": message})
    path = folder / "error_report.json"
    path.write_text(json.dumps({"imsDetailsErr": sections}), encoding="utf-8")
    return path


def _two_failures(records: list[Any]) -> list[tuple[str, dict[str, Any], str]]:
    itc = next((s, r) for s, r in records if "itc_red_req" in r)
    other = next((s, r) for s, r in records if _number(r) != _number(itc[1]))
    return [(*itc, ITC_0054), (*other, PREV_0010)]


def test_import_errors_marks_the_refused_rows(inputs: dict[str, Path], tmp_path: Path) -> None:
    port, records = _exported(inputs, tmp_path)
    failed = _two_failures(records)
    report = workflow.import_errors(port, [_error_file(tmp_path, failed)])
    assert report.counts["refused"] == 2 and "refused 2 document(s)" in report.message
    results = _results(port)
    status = results.set_index("IMS Doc No")["Upload Status"]
    first, second = (_number(record) for _, record, _ in failed)
    assert status[first].startswith("Portal error IMSSAV0054: Error! Please enter value")
    assert "ITC Reduction" in status[first]  # what to do, from the table
    assert status[second].startswith("Portal error IMSSAV0010")
    written = status.dropna()
    assert written.str.startswith("Written").sum() == len(records) - 2
    logged = [p for p in report.problems if p.severity is Severity.ERROR]
    assert {p.sheet for p in logged} <= set(lay.RESULT_SHEETS) and len(logged) == 2
    sheet = results.loc[results["IMS Doc No"] == first, "sheet"].iloc[0]
    sheet_rows = results.loc[results["sheet"] == sheet].reset_index(drop=True)
    position = int(sheet_rows.index[sheet_rows["IMS Doc No"] == first][0])
    [pointing] = [p for p in logged if first in p.message]
    assert (pointing.sheet, pointing.row) == (
        sheet, lay.RESULT_SHEET_LAYOUTS[sheet].first_data_row + position)
    assert port.saved_names[lay.PORTAL_ERRORS.name] == 2
    assert port.saved_names[lay.PICKED_ERROR_FILES.name].endswith("error_report.json")


def test_a_second_error_file_replaces_the_earlier_portal_errors(
        inputs: dict[str, Path], tmp_path: Path) -> None:
    port, records = _exported(inputs, tmp_path)
    failed = _two_failures(records)
    workflow.import_errors(port, [_error_file(tmp_path, failed)])
    again = tmp_path / "again"
    again.mkdir()
    workflow.import_errors(port, [_error_file(again, failed[1:])])
    status = _results(port).set_index("IMS Doc No")["Upload Status"]
    assert status.dropna().str.startswith("Portal error").sum() == 1
    assert pd.isna(status[_number(failed[0][1])])  # no longer an error; the rest unchanged
    assert status.dropna().str.startswith("Written").sum() == len(records) - 2


def test_export_offers_only_the_rows_that_failed(inputs: dict[str, Path],
                                                 tmp_path: Path) -> None:
    port, records = _exported(inputs, tmp_path)
    failed = _two_failures(records)
    workflow.import_errors(port, [_error_file(tmp_path, failed)])
    port.events.clear()
    report = workflow.export_upload(port, tmp_path / "retry")
    questions = [str(e[1]) for e in port.events if e[0] == "confirm"]
    assert "2 document(s) were refused by the portal" in questions[0]
    sent = [_number(r) for file in report.files
            for items in json.loads(Path(file).read_text())["invdata"].values() for r in items]
    assert sorted(sent) == sorted(_number(record) for _, record, _ in failed)
    status = _results(port).set_index("IMS Doc No")["Upload Status"].dropna()
    assert status.str.startswith("Written").sum() == len(records)  # the others kept theirs


def test_answering_no_exports_every_row_and_none_failed_is_an_error(
        inputs: dict[str, Path], tmp_path: Path) -> None:
    port, records = _exported(inputs, tmp_path)
    with pytest.raises(InputError, match="No row shows a portal error"):
        workflow.export_upload(port, tmp_path / "x", only_failed=True)
    workflow.import_errors(port, [_error_file(tmp_path, _two_failures(records))])
    port.confirm_answer = False  # "No" to "only those" ... and then to writing the files
    report = workflow.export_upload(port, tmp_path / "all")
    assert report.cancelled and report.counts["A"] + report.counts["R"] > 2


def test_a_request_level_error_changes_no_row(inputs: dict[str, Path], tmp_path: Path) -> None:
    port, _records = _exported(inputs, tmp_path)
    path = tmp_path / "status.json"
    path.write_text(json.dumps({"status_cd": "ER", "err_cd": "IMSSAV005",
                                "err_msg": "Schema validation failure"}))
    report = workflow.import_errors(port, [path])
    assert "refused the whole upload" in report.message
    [problem] = [p for p in report.problems if p.severity is Severity.ERROR]
    assert "IMSSAV005" in problem.message and "Upload key style" in problem.message
    status = _results(port)["Upload Status"].dropna()
    assert not status.str.startswith("Portal error").any()


def test_a_file_that_is_no_error_answer_changes_nothing(inputs: dict[str, Path],
                                                        tmp_path: Path) -> None:
    port, _records = _exported(inputs, tmp_path)
    port.events.clear()
    with pytest.raises(InputError, match="not an IMS upload error file"):
        workflow.import_errors(port, [inputs["ims"]])
    assert port.writes() == []
    with pytest.raises(InputError, match="portal error file"):
        workflow.import_errors(port)  # nothing picked on Home


DECLARED = ["Declared IGST", "Declared CGST", "Declared SGST", "Declared Cess"]


def _declaring_rows(port: MemoryPort) -> tuple[str, pd.DataFrame, int, int]:
    """A result sheet with two rows to upload that declare full ITC reduction: a credit
    note (its amounts shown) and another one."""
    for sheet in lay.RESULT_SHEETS:
        table = port.read_table(sheet)
        if table.empty:
            continue
        declaring = (table["ITC Reduction"] == "Y") & (table["Portal Action"] == "N")
        noted = declaring & table["Declared CGST"].notna()
        if noted.any() and declaring.sum() >= 2:
            partial = int(table.index[noted][0])
            other = int(table.index[declaring & (table.index != partial)][0])
            return sheet, table, partial, other
    raise AssertionError("the sample month has no two rows declaring ITC reduction")


def test_itc_reduction_edits_survive_a_reconcile_and_reach_the_upload(
        inputs: dict[str, Path], tmp_path: Path) -> None:
    port = layout_memory_port(tmp_path)
    workflow.import_ims(port, [inputs["ims"]])
    workflow.import_books(port, inputs["register"])
    workflow.reconcile(port)
    sheet, table, partial, none = _declaring_rows(port)
    full = {head: float(table.at[partial, head]) for head in DECLARED}
    half = {head: value / 2 for head, value in full.items()}
    for head, value in half.items():
        table.loc[partial, head] = value
    table.loc[partial, "Remarks"] = "Half availed"
    table.loc[none, "ITC Reduction"] = "N"
    table.loc[none, DECLARED] = None
    port.write_table(sheet, table)
    workflow.reconcile(port)
    kept = port.read_table(sheet).set_index("IMS Doc No")
    partial_no, none_no = table.at[partial, "IMS Doc No"], table.at[none, "IMS Doc No"]
    assert {head: kept.at[partial_no, head] for head in DECLARED} == half
    assert kept.at[partial_no, "Remarks"] == "Half availed"
    assert kept.at[none_no, "ITC Reduction"] == "N"
    report = workflow.export_upload(port, tmp_path / "out")
    sent = {_number(r): r for file in report.files
            for items in json.loads(Path(file).read_text())["invdata"].values() for r in items}
    keys = {"Declared IGST": "decl_igst", "Declared CGST": "decl_cgst",
            "Declared SGST": "decl_sgst", "Declared Cess": "decl_cess"}
    assert sent[partial_no]["itc_red_req"] == "Y"
    assert {head: sent[partial_no][key] for head, key in keys.items()} == half
    assert sent[partial_no]["remarks"] == "Half availed"
    assert sent[none_no]["itc_red_req"] == "N" and "decl_cgst" not in sent[none_no]
    notes = [p.message for p in report.problems if p.severity is Severity.INFO]
    assert any("itc_red_req" in note and "as downloaded" in note for note in notes)


def test_upload_key_style_setting_spells_the_keys_and_is_checked(
        inputs: dict[str, Path], tmp_path: Path) -> None:
    port = layout_memory_port(tmp_path)
    workflow.import_ims(port, [inputs["ims"]])
    workflow.import_books(port, inputs["register"])
    workflow.reconcile(port)
    cell = lay.setting_cell("upload_key_style").name
    port.names[cell] = "camel case please"
    with pytest.raises(InputError, match="Upload key style"):
        workflow.export_upload(port, tmp_path / "bad")
    port.names[cell] = "API camelCase"
    report = workflow.export_upload(port, tmp_path / "out")
    text = "".join(Path(file).read_text() for file in report.files)
    assert '"itcRedReq"' in text and '"itc_red_req"' not in text
    assert any("API camelCase" in p.message for p in report.problems
               if p.severity is Severity.INFO)


def test_a_workbook_made_before_the_key_style_setting_still_exports(
        inputs: dict[str, Path], tmp_path: Path) -> None:
    port = layout_memory_port(tmp_path)
    del port.names[lay.setting_cell("upload_key_style").name]
    workflow.import_ims(port, [inputs["ims"]])
    workflow.import_books(port, inputs["register"])
    workflow.reconcile(port)
    report = workflow.export_upload(port, tmp_path / "out")
    assert report.files
