"""The default action per outcome is a Settings row a user can set: typed into the built
workbook as a user would (openpyxl, macros kept), it pre-fills the Action of every row of
that outcome when the command line reconciles; blank keeps the tool's own suggestion."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

from gst_ims import workflow
from gst_ims.cli import main as cli
from gst_ims.domain.documents import Dialect
from gst_ims.domain.match_status import IMS_STATUSES, MatchStatus
from gst_ims.samples import write_sample_month
from gst_ims.workbook import layout as lay
from gst_ims.workbook.build import build_workbook
from support.workflow import layout_memory_port


def _set_setting(workbook: Path, key: str, value: str) -> None:
    cell = lay.setting_cell(key)
    book = openpyxl.load_workbook(workbook, keep_vba=True)
    book[cell.sheet].cell(cell.row, cell.column, value)
    book.save(workbook)


def _mismatched(workbook: Path) -> pd.DataFrame:
    sheet = lay.RESULT_SHEET_LAYOUTS[lay.MISMATCHED]
    frame = pd.read_excel(workbook, sheet_name=lay.MISMATCHED, header=sheet.header_row - 1,
                          engine="openpyxl",
                          dtype=str)
    return frame.dropna(how="all")


def _month(folder: Path, default: str) -> pd.DataFrame:
    inputs = write_sample_month(folder / "in", docs=120, seed=11, dialect=Dialect.PORTAL)
    workbook = build_workbook(folder / "GST.xlsm")
    if default:
        _set_setting(workbook, "default_action_value_mismatch", default)
    code = cli(["run", "--workbook", str(workbook), "--ims", str(inputs["ims"]),
                "--books", str(inputs["register"]), "--out", str(folder / "out")])
    assert code == 0
    return _mismatched(workbook)


def test_every_ims_outcome_has_a_settings_row() -> None:
    keys = {setting.key for setting in lay.SETTING_ROWS}
    assert {"default_action_" + status.key for status in IMS_STATUSES} <= keys
    not_in_books = lay.setting_cell("default_action_not_in_books")
    row = next(s for s in lay.SETTING_ROWS if s.key == "default_action_not_in_books")
    assert "Accept" not in row.choices and not_in_books.sheet == lay.SETTINGS


def test_a_default_action_typed_on_settings_prefills_its_outcome(tmp_path: Path) -> None:
    own = _month(tmp_path / "own", "")
    chosen = _month(tmp_path / "reject", "Reject")
    status, action = "Status", "Action"
    mismatch = chosen[chosen[status] == MatchStatus.VALUE_MISMATCH.value]
    # An action already taken on the portal stays the chosen one; the rest take the default.
    undecided = mismatch["Portal Action"] == "N"
    assert undecided.sum() > 0
    assert set(mismatch[undecided][action]) == {"Reject"}
    assert list(mismatch[~undecided][action]) == [
        {"A": "Accept", "R": "Reject", "P": "Pending"}[code]
        for code in mismatch[~undecided]["Portal Action"]]
    # Rows of other outcomes keep the tool's suggestion, as with a blank setting.
    others = chosen[chosen[status] != MatchStatus.VALUE_MISMATCH.value]
    own_others = own[own[status] != MatchStatus.VALUE_MISMATCH.value]
    assert list(others[action]) == list(own_others[action])
    assert set(own[own[status] == MatchStatus.VALUE_MISMATCH.value][action]) != {"Reject"}


def test_a_workbook_made_before_the_rows_existed_still_reconciles(tmp_path: Path) -> None:
    inputs = write_sample_month(tmp_path, docs=40, seed=3, dialect=Dialect.PORTAL)
    port = layout_memory_port(tmp_path)
    for key in lay.OPTIONAL_RECON_SETTING_KEYS:
        del port.names[lay.setting_cell(key).name]
    workflow.import_ims(port, [inputs["ims"]])
    workflow.import_books(port, inputs["register"])
    report = workflow.reconcile(port)
    assert sum(report.counts.values()) > 0, report.message
