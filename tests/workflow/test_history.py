"""The audit trail on the in-memory workbook: every change a job makes to an Action, a
Remarks or an Upload Status is a History row (when, job, where, which document, old ->
new), and Export copies the History next to the upload files."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from gst_ims import workflow
from gst_ims.domain.documents import Dialect
from gst_ims.sheets.history import change_rows
from gst_ims.workbook import layout as lay
from gst_ims.workbook.memory_port import MemoryPort
from support import SampleMonth
from support.workflow import layout_memory_port

NOW = datetime(2025, 11, 9, 10, 0)
LATER = datetime(2025, 11, 10, 16, 45)


@pytest.fixture(scope="module")
def inputs(sample_month: SampleMonth) -> dict[str, Path]:
    return sample_month(120, 8, Dialect.PORTAL)


def _reconciled(inputs: dict[str, Path], folder: Path | None = None,
                now: datetime | None = NOW) -> MemoryPort:
    port = layout_memory_port(folder)
    workflow.import_ims(port, [inputs["ims"]])
    workflow.import_books(port, inputs["register"])
    workflow.reconcile(port, now=now)
    return port


def _history(port: MemoryPort) -> pd.DataFrame:
    return port.read_table(lay.HISTORY)


def test_accept_all_matched_adds_one_row_per_cell_it_changed(inputs: dict[str, Path]) -> None:
    port = _reconciled(inputs)
    assert _history(port).empty  # a first reconcile changes no decision
    before = port.read_table(lay.MATCHED)
    report = workflow.accept_matched(port, now=LATER)
    after = port.read_table(lay.MATCHED)
    history = _history(port)
    actions = history.loc[history["Field"] == "Action"]
    assert len(actions) == report.counts["accepted"] > 0
    assert set(actions["Job"]) == {"accept-matched"} and set(actions["New"]) == {"Accept"}
    assert (actions["Old"] != "Accept").all()
    assert set(actions["Time"]) == {LATER}
    changed = before["Action"] != after["Action"]
    assert list(actions["Record Key"]) == list(after.loc[changed, "Record Key"])
    assert list(actions["Row"]) == [i + 2 for i in after.index[changed]]
    assert set(actions["Sheet"]) == {lay.MATCHED}
    cleared = before["Remarks"].notna() & after["Remarks"].isna()
    remarks = history.loc[history["Field"] == "Remarks"]
    assert len(remarks) == int(cleared.sum())
    assert remarks["New"].isna().all()
    # Run again: nothing left to change, nothing added.
    workflow.accept_matched(port, now=LATER)
    assert len(_history(port)) == len(history)


def test_reconcile_records_a_decision_it_changes(inputs: dict[str, Path]) -> None:
    port = _reconciled(inputs)
    matched = port.read_table(lay.MATCHED)
    target = matched.loc[matched["Action"] == "Accept"].iloc[0]
    books = port.read_table(lay.BOOKS)
    gone = (books["Invoice No"].astype(str) == str(target["Books Doc No"])) & (
        books["Supplier GSTIN"] == target["Supplier GSTIN"])
    assert gone.sum() == 1
    port.write_table(lay.BOOKS, books.loc[~gone].reset_index(drop=True))
    workflow.reconcile(port, now=LATER)
    history = _history(port)
    mine = history.loc[history["Record Key"] == target["Record Key"]]
    assert len(mine) >= 1 and set(mine["Job"]) == {"reconcile"}
    action = mine.loc[mine["Field"] == "Action"].iloc[0]
    moved = port.read_table(action["Sheet"])
    row = moved.iloc[int(action["Row"]) - 2]
    assert row["Record Key"] == target["Record Key"]
    assert (action["Old"], action["New"]) == ("Accept", row["Action"])
    # Every History row says what the sheet now shows.
    for entry in history.to_dict("records"):
        shown = port.read_table(entry["Sheet"]).iloc[int(entry["Row"]) - 2]
        assert shown[entry["Field"]] == entry["New"] or (
            pd.isna(shown[entry["Field"]]) and pd.isna(entry["New"]))


def _saved_records(files: tuple[str, ...]) -> list[tuple[str, dict[str, Any]]]:
    records = []
    for file in files:
        payload = json.loads(Path(file).read_text(encoding="utf-8"))
        if payload["reqtyp"] == "SAVE":
            records += [(s, r) for s, items in payload["invdata"].items() for r in items]
    return records


def test_portal_errors_and_the_copy_beside_the_upload(inputs: dict[str, Path],
                                                      tmp_path: Path) -> None:
    # The export checks the reconcile is newer than the import: the computer's clock.
    port = _reconciled(inputs, tmp_path, now=None)
    workflow.accept_matched(port)
    report = workflow.export_upload(port, tmp_path / "out")
    [copy] = list((tmp_path / "out").glob("*HISTORY*.csv"))
    assert copy.name in report.message
    with copy.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == len(_history(port)) > 0
    assert {row["Job"] for row in rows} == {"accept-matched"}
    section, record = _saved_records(report.files)[0]
    error = tmp_path / "errors.json"
    error.write_text(json.dumps({"imsDetailsErr": {section: [
        {**record, "error_msg": "Error! Please enter value for the column itcRedReq."}]}}),
        encoding="utf-8")
    workflow.import_errors(port, [error])
    history = _history(port)
    portal = history.loc[history["Job"] == "import-errors"]
    assert len(portal) == 1
    assert portal.iloc[0]["Field"] == "Upload Status"
    assert str(portal.iloc[0]["New"]).startswith(lay.UPLOAD_PORTAL_ERROR)


def test_change_rows_keeps_only_what_changed_and_is_generic() -> None:
    documents = pd.DataFrame({"sheet": ["Links", "Links"], "row": [2, 3],
                              "record_key": ["k1", "k2"], "supplier_gstin": ["g", "g"],
                              "doc_no": ["1", "2"]})
    rows = change_rows("link", NOW, documents, "Linked To", ["", "INV-9"], ["INV-7", "INV-9"])
    assert rows.to_dict("records") == [{
        "time": pd.Timestamp(NOW), "job": "link", "sheet": "Links", "row": 2,
        "record_key": "k1", "supplier_gstin": "g", "doc_no": "1", "field": "Linked To",
        "old": None, "new": "INV-7"}]


def test_no_copy_while_the_history_is_empty(inputs: dict[str, Path], tmp_path: Path) -> None:
    port = _reconciled(inputs, tmp_path, now=None)
    workflow.export_upload(port, tmp_path / "out")
    assert _history(port).empty
    assert not list((tmp_path / "out").glob("*HISTORY*"))
