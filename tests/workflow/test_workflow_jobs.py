"""Each job on the in-memory workbook: what it writes, and that a failing job writes
nothing at all."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from gst_ims import workflow
from gst_ims.domain.documents import Category, Dialect
from gst_ims.domain.problems import InputError
from gst_ims.samples import generate_month, write_sample_month
from gst_ims.sheets.books import books_from_sheet
from gst_ims.workbook import layout as lay
from gst_ims.workbook.memory_port import MemoryPort
from support import SampleMonth
from support.workflow import layout_memory_port

RECIPIENT = generate_month(docs=80, seed=4, dialect=Dialect.API).recipient_gstin


@pytest.fixture(scope="module")
def inputs(sample_month: SampleMonth) -> dict[str, Path]:
    return sample_month(80, 4, Dialect.API)


def _reconciled(inputs: dict[str, Path], folder: Path) -> MemoryPort:
    port = layout_memory_port(folder)
    port.names[lay.RECIPIENT_GSTIN.name] = RECIPIENT
    workflow.import_ims(port, [inputs["ims"]])
    workflow.import_books(port, inputs["register"])
    workflow.reconcile(port)
    return port


def test_import_ims_fills_the_sheet_and_home(inputs: dict[str, Path]) -> None:
    port = layout_memory_port()
    report = workflow.import_ims(port, [inputs["ims"]])
    ims = port.read_table(lay.IMS)
    assert len(ims) == report.counts["documents"] == 80
    assert list(ims.columns) == list(lay.IMS_SHEET.headers)
    payload = json.loads(inputs["ims"].read_text())
    if RECIPIENT in inputs["ims"].read_text():  # the API response may not name it
        assert port.saved_names[lay.RECIPIENT_GSTIN.name] == RECIPIENT, payload.keys()
    assert port.saved_names[lay.IMS_DOCUMENTS.name] == 80
    assert port.saved_names[lay.IMS_DIALECT.name] == "api"
    assert port.formats[lay.IMS]["Doc No"] == "@"
    assert port.writes()[-1] == ("save",)


def test_an_ims_file_for_another_gstin_changes_nothing(tmp_path: Path) -> None:
    portal = write_sample_month(tmp_path, docs=5, seed=2, dialect=Dialect.PORTAL)
    port = layout_memory_port()
    port.names[lay.RECIPIENT_GSTIN.name] = "29AAGCB7383J1Z4"
    with pytest.raises(InputError, match="Settings says your GSTIN is 29AAGCB7383J1Z4"):
        workflow.import_ims(port, [portal["ims"]])
    assert port.writes() == []


def test_a_register_without_the_needed_columns_changes_nothing(tmp_path: Path) -> None:
    port = layout_memory_port()
    bad = tmp_path / "register.csv"
    bad.write_text("Party,Amount\nA,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="lacks required columns"):
        workflow.import_books(port, bad)
    assert port.writes() == []


def test_reconcile_needs_both_sides_and_then_writes_every_result_sheet(
    inputs: dict[str, Path], tmp_path: Path,
) -> None:
    port = layout_memory_port()
    with pytest.raises(InputError, match="Books sheet holds no document"):
        workflow.reconcile(port)
    assert port.writes() == []
    port = _reconciled(inputs, tmp_path)
    written = [event[1] for event in port.events if event[0] == "write_table"]
    assert set(lay.RESULT_SHEETS) <= set(written)
    reconcile_writes = written[written.index(lay.IMS) + 1:]
    assert lay.BOOKS not in reconcile_writes[reconcile_writes.index(lay.BOOKS) + 1:]
    counts = {c: port.saved_names[lay.COUNT_CELLS[c].name] for c in Category}
    for category, sheet in lay.RESULT_SHEET_OF.items():
        assert len(port.read_table(sheet)) == counts[category]
    summary = port.read_table(lay.SUMMARY, header_row=lay.SUMMARY_CATEGORY_BLOCK.header_row,
                              first_column=2, max_rows=lay.SUMMARY_CATEGORY_BLOCK.max_rows)
    assert summary["Documents"].tolist()[-1] == sum(counts.values())
    assert summary["Category"].tolist() == [c.value for c in Category] + ["Total"]


def test_a_second_reconcile_does_not_touch_books(inputs: dict[str, Path],
                                                 tmp_path: Path) -> None:
    port = _reconciled(inputs, tmp_path)
    port.events.clear()
    workflow.reconcile(port)
    assert lay.BOOKS not in [e[1] for e in port.events if e[0] == "write_table"]


def test_accept_matched_accepts_and_clears_remarks(inputs: dict[str, Path],
                                                   tmp_path: Path) -> None:
    port = _reconciled(inputs, tmp_path)
    before = port.read_table(lay.MATCHED)
    before.loc[0, "Action"] = "Reject"  # a deliberate rejection survives the bulk click
    port.write_table(lay.MATCHED, before)
    rejected = before["Action"] == "Reject"  # this one, and any rejected on the portal
    report = workflow.accept_matched(port)
    matched = port.read_table(lay.MATCHED)
    assert (matched.loc[rejected, "Action"] == "Reject").all()
    assert set(matched.loc[~rejected, "Action"]) == {"Accept"}
    assert matched.loc[~rejected, "Remarks"].isna().all()
    assert report.counts["matched"] == len(matched)
    kept = int(rejected.sum())
    assert report.counts["kept_rejected"] == kept and f"{kept} kept as Reject" in report.message
    block = lay.SUMMARY_ACTION_BLOCK
    actions = port.read_table(lay.SUMMARY, header_row=block.header_row,
                              first_column=block.first_column, max_rows=block.max_rows)
    accepted = actions.set_index("Action")["Documents"]
    others = pd.concat([port.read_table(s) for s in lay.RESULT_SHEETS[1:]])
    assert accepted["Accept"] == (~rejected).sum() + (others["Action"] == "Accept").sum()


def test_an_unreadable_action_stops_the_export(inputs: dict[str, Path],
                                               tmp_path: Path) -> None:
    port = _reconciled(inputs, tmp_path)
    table = port.read_table(lay.MISMATCHED)
    table.loc[0, "Action"] = "Acept"
    port.write_table(lay.MISMATCHED, table)
    port.events.clear()
    with pytest.raises(InputError) as caught:
        workflow.export_upload(port, tmp_path / "out")
    assert any(p.sheet == lay.MISMATCHED and p.row == 2 and p.field == "Action"
               for p in caught.value.problems)
    assert port.writes() == [] and not (tmp_path / "out").exists()


def test_saying_no_writes_nothing(inputs: dict[str, Path], tmp_path: Path) -> None:
    port = _reconciled(inputs, tmp_path)
    port.confirm_answer = False
    port.events.clear()
    report = workflow.export_upload(port, tmp_path / "out")
    assert report.cancelled
    assert port.writes() == [] and not (tmp_path / "out").exists()
    assert any(event[0] == "confirm" and "Write the upload" in str(event[1])
               for event in port.events)


def test_export_marks_rows_and_records_files(inputs: dict[str, Path], tmp_path: Path) -> None:
    port = _reconciled(inputs, tmp_path)
    not_in_books = port.read_table(lay.NOT_IN_BOOKS)
    # The remarks suggested with Pending ride along: left out of the Accepts, not refused.
    not_in_books.loc[:, "Action"] = "Accept"
    not_in_books.loc[0, "Action"] = "Reject"
    not_in_books.loc[0, "Remarks"] = "x" * 251  # too long for the portal: refused
    port.write_table(lay.NOT_IN_BOOKS, not_in_books)
    report = workflow.export_upload(port, tmp_path / "out")
    files = sorted((tmp_path / "out").glob("*.json"))
    assert [Path(f) for f in report.files] == files
    assert port.saved_names[lay.UPLOAD_FILES.name].split("\n") == [str(f) for f in files]
    status = pd.concat([port.read_table(s) for s in lay.RESULT_SHEETS])["Upload Status"]
    refused = status.dropna().str.startswith("Refused").sum()
    assert refused == report.counts["refused"] == 1
    assert status.dropna().str.startswith("Written").sum() > 0
    unbooked = port.read_table(lay.NOT_IN_BOOKS)
    with_remarks = unbooked.loc[unbooked["Remarks"].notna() & (unbooked["Action"] == "Accept")]
    assert len(with_remarks) and with_remarks["Upload Status"].str.contains(
        "remarks not sent").all()


def test_a_second_number_column_of_the_register_is_carried_but_not_reread(
    tmp_path: Path,
) -> None:
    register = tmp_path / "register.csv"
    register.write_text(
        "Supplier GSTIN,Supplier Invoice No.,Invoice No.,Invoice Date,Taxable Value,IGST\n"
        "27AAACR5055K1Z7,INV-9,OUR-1,05-11-2024,1000,180\n", encoding="utf-8")
    port = layout_memory_port()
    workflow.import_books(port, register)
    books = port.read_table(lay.BOOKS)
    assert books.loc[0, "Invoice No"] == "INV-9"
    assert books.loc[0, "Invoice No. (register)"] == "OUR-1"
    frame, _ = books_from_sheet(port)
    assert frame["doc_no"].tolist() == ["INV-9"]


def test_rows_downloaded_for_another_gstin_are_refused(tmp_path: Path) -> None:
    portal = write_sample_month(tmp_path / "in", docs=30, seed=6, dialect=Dialect.PORTAL)
    port = layout_memory_port(tmp_path)
    workflow.import_ims(port, [portal["ims"]])
    workflow.import_books(port, portal["register"])
    workflow.reconcile(port)
    port.names[lay.RECIPIENT_GSTIN.name] = "29AAGCB7383J1Z4"  # changed after the import
    report = workflow.export_upload(port, tmp_path / "out")
    assert report.counts["refused"] > 0
    assert sum(report.counts[code] for code in "ARPN") == 0
    assert not list((tmp_path / "out").glob("*.json"))


def test_a_refused_row_is_logged_with_its_result_sheet_and_row(
        inputs: dict[str, Path], tmp_path: Path) -> None:
    # The user fixes a refusal on the result sheet, so the Log must point at that row.
    port = _reconciled(inputs, tmp_path)
    layout = lay.RESULT_SHEET_LAYOUTS[lay.MATCHED]
    table = port.read_table(lay.MATCHED, header_row=layout.header_row)
    accepted = table.index[table["Action"] == "Accept"]
    index = int(accepted[3])
    table.loc[index, "Action"] = "Reject"
    table.loc[index, "Remarks"] = "x" * 300
    port.write_table(lay.MATCHED, table, header_row=layout.header_row)
    report = workflow.export_upload(port, tmp_path / "out")
    assert report.counts["refused"] == 1
    [refusal] = [p for p in report.problems if "remarks-too-long" in p.message]
    assert (refusal.sheet, refusal.row) == (lay.MATCHED, layout.first_data_row + index)
    assert str(table.loc[index, "IMS Doc No"]) in refusal.message
    assert not refusal.message.startswith("row ")


def test_an_action_taken_on_the_portal_is_kept_until_the_user_overturns_it(
        inputs: dict[str, Path], tmp_path: Path) -> None:
    # Reconcile keeps the portal's A/R/P as the chosen Action (the engine's view is the
    # suggestion), so an export uploads nothing for those rows. When the user picks the
    # suggestion instead, the question and the result say how many earlier portal
    # decisions the upload overturns.
    port = _reconciled(inputs, tmp_path)
    codes = {"Accept": "A", "Reject": "R", "Pending": "P", "No action": "N"}
    overturned = 0
    for name, layout in lay.RESULT_SHEET_LAYOUTS.items():
        table = port.read_table(name, header_row=layout.header_row)
        if table.empty:
            continue
        decided = table["Portal Action"].isin(["A", "R", "P"])
        chosen = table["Action"].map(codes)
        assert (chosen[decided] == table.loc[decided, "Portal Action"]).all(), name
        differs = decided & (table["Suggested Action"] != table["Action"]) & (
            table["Suggested Action"] != "No action")
        table.loc[differs, "Action"] = table.loc[differs, "Suggested Action"]
        overturned += int(differs.sum())
        port.write_table(name, table, header_row=layout.header_row)
    assert overturned > 0
    report = workflow.export_upload(port, tmp_path / "out")
    assert f"{overturned} of them change an action already taken on the portal" in (
        report.message)
    [question] = [event[1] for event in port.events if event[0] == "confirm"]
    assert f"{overturned} document(s) already accepted, rejected or pending on the portal" in (
        question)
