"""`ExcelPort` against a recording fake of the xlwings objects it uses, opened on the real
built workbook: a whole month through the Excel path, what it writes and how often, and
what happens when Excel fails part-way."""

from __future__ import annotations

from pathlib import Path

import pytest

from gst_ims import excel, workflow
from gst_ims.domain.documents import Dialect
from gst_ims.domain.problems import InputError
from gst_ims.workbook import layout as lay
from gst_ims.workbook.build import DEFAULT_OUT
from gst_ims.workbook.excel_port import ExcelPort
from support import SampleMonth
from support.xlwings_fake import FakeBook, FakeComError


@pytest.fixture(scope="module")
def month(sample_month: SampleMonth) -> dict[str, Path]:
    return sample_month(60, 5, Dialect.PORTAL)


def _open(tmp_path: Path) -> tuple[FakeBook, ExcelPort]:
    book = FakeBook.from_file(DEFAULT_OUT, fullname=str(tmp_path / "GST_IMS.xlsm"))
    return book, ExcelPort(book, com_api=True)


def _click(port: ExcelPort, title: str, job: excel.Job) -> workflow.JobReport | None:
    """What a button does: the job inside `running`, its result or error in a box."""
    return excel.run_job(title, job, port, port.running)


def _reconciled(tmp_path: Path, month: dict[str, Path]) -> tuple[FakeBook, ExcelPort]:
    book, port = _open(tmp_path)
    assert _click(port, "Import IMS", lambda p: workflow.import_ims(p, [month["ims"]]))
    assert _click(port, "Import register",
                  lambda p: workflow.import_books(p, month["register"]))
    assert _click(port, "Reconcile", workflow.reconcile)
    return book, port


def _writes(book: FakeBook, sheet: str) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column) of each value write to `sheet`."""
    found = []
    for name, *detail in book.rec.log:
        if name == "Range.value.set" and detail[0].startswith(f"{sheet}!"):
            r1, c1, r2, c2 = (int(x) for x in
                              detail[0].split("!")[1].replace("R", " ").replace("C", " ")
                              .replace(":", " ").split())
            found.append((r1, c1, r2, c2))
    return found


def test_a_whole_month_runs_in_excel_and_the_workbook_is_never_saved(
    tmp_path: Path, month: dict[str, Path],
) -> None:
    book, port = _reconciled(tmp_path, month)
    assert _click(port, "Accept matched", workflow.accept_matched)
    report = _click(port, "Export", lambda p: workflow.export_upload(p, tmp_path / "upload"))
    assert report is not None and report.files
    assert book.saves == []  # the user saves
    state = book.app._state
    assert state["calculation"] == "automatic" and state["enable_events"] is True
    assert state["screen_updating"] is True and state["status_bar"] is False
    assert book.formulas() == {}  # no text from a file became a formula
    home = port.read_names([lay.RECONCILED_AT.name, lay.LAST_MESSAGE.name])
    assert home[lay.RECONCILED_AT.name] is not None
    assert [error for _, _, _, error in book.app.alerts if error == "critical"] == []


def test_calculation_is_manual_only_inside_a_job_even_when_it_fails(tmp_path: Path) -> None:
    book, port = _open(tmp_path)
    seen: list[str] = []

    def job(_: object) -> workflow.JobReport:
        seen.append(book.app._state["calculation"])
        raise KeyError("boom")

    assert _click(port, "Reconcile", job) is None
    assert seen == ["manual"]
    assert book.app._state["calculation"] == "automatic"
    assert book.saves == []


def test_each_table_is_one_write(tmp_path: Path, month: dict[str, Path]) -> None:
    book, _ = _reconciled(tmp_path, month)
    for sheet in lay.RESULT_SHEETS:
        assert len(_writes(book, sheet)) == 1, sheet
    assert len(_writes(book, lay.IMS)) == 1 and len(_writes(book, lay.BOOKS)) == 1
    # The blocks, the top-ten suppliers block (under its chart) and the stamp.
    assert len(_writes(book, lay.SUMMARY)) == len(lay.SUMMARY_BLOCKS) + 2
    # The builder's column styles carry the data sheets' formats: none is written again
    # (Summary's small blocks, whose cells lack some, get them once).
    formatted = {entry[1].split("!")[0] for entry in book.rec.log
                 if entry[0] == "Range.number_format.set"}
    assert formatted <= {lay.SUMMARY}


def test_accept_matched_writes_the_action_column_alone(tmp_path: Path,
                                                       month: dict[str, Path]) -> None:
    book, port = _reconciled(tmp_path, month)
    matched = book.sheet_named(lay.MATCHED)
    spec = lay.RESULT_SHEET_LAYOUTS[lay.MATCHED]
    rows = len(port.read_table(lay.MATCHED))
    beside = len(spec.columns) + 2
    matched.cells[(2, beside)] = "my note"
    formula_cell = (3, beside)
    from support.xlwings_fake import _Formula  # a formula the user typed beside the data

    matched.cells[formula_cell] = _Formula("=C3")
    book.rec.log.clear()
    assert _click(port, "Accept matched", workflow.accept_matched)
    action, remarks = spec.index("action"), spec.index("remarks")
    writes = _writes(book, lay.MATCHED)
    assert writes and all(c1 == c2 and c1 in (action, remarks) for _, c1, _, c2 in writes)
    assert len(writes) <= 16
    assert sum(r2 - r1 + 1 for r1, _, r2, _ in writes) <= 2 * rows
    assert matched.cells[(2, beside)] == "my note"
    assert matched.cells[formula_cell] == "=C3"
    assert set(port.read_table(lay.MATCHED)["Action"]) <= {"Accept", "Reject"}


def test_the_export_writes_only_the_upload_status_column(tmp_path: Path,
                                                         month: dict[str, Path]) -> None:
    book, port = _reconciled(tmp_path, month)
    book.rec.log.clear()
    assert _click(port, "Export", lambda p: workflow.export_upload(p, tmp_path / "up"))
    status = lay.RESULT_SHEET_LAYOUTS[lay.MATCHED].index(lay.UPLOAD_STATUS)
    for sheet in lay.RESULT_SHEETS:
        assert all(c1 == c2 == status for _, c1, _, c2 in _writes(book, sheet)), sheet
    written = port.read_table(lay.MATCHED)["Upload Status"]
    assert written.notna().any()


def test_a_failure_after_the_second_sheet_names_the_sheets_changed(
    tmp_path: Path, month: dict[str, Path],
) -> None:
    book, port = _open(tmp_path)
    _click(port, "Import IMS", lambda p: workflow.import_ims(p, [month["ims"]]))
    _click(port, "Import register", lambda p: workflow.import_books(p, month["register"]))
    before = port.read_names([lay.LAST_MESSAGE.name])
    third = lay.RESULT_SHEETS[2]
    book.rec.fail = lambda name, detail: (name == "Range.value.set"
                                          and str(detail[0]).startswith(f"{third}!"))
    assert _click(port, "Reconcile", workflow.reconcile) is None
    message, title, _, mode = book.app.alerts[-1]
    assert mode == "critical" and "unexpected error" in title
    assert f"{lay.RESULT_SHEETS[0]}, {lay.RESULT_SHEETS[1]}, {third}" in message
    assert "close the workbook without saving" in message
    assert port.read_names([lay.LAST_MESSAGE.name]) == before  # Home is written last
    assert book.saves == [] and book.app._state["calculation"] == "automatic"


def test_an_expected_error_before_any_write_says_nothing_changed(tmp_path: Path) -> None:
    book, port = _open(tmp_path)
    assert _click(port, "Reconcile", workflow.reconcile) is None  # empty Books sheet
    message, title, _, _ = book.app.alerts[-1]
    assert title == "Reconcile: nothing was changed"
    assert "Books" in message and "without saving" not in message
    assert port.changed_sheets() == []


def test_folder_never_raises(tmp_path: Path) -> None:
    book, port = _open(tmp_path)
    assert port.folder() == tmp_path
    book.set_fullname("https://contoso.sharepoint.com/sites/Finance/Shared Documents/GST.xlsm")
    assert port.folder() is None and port.cloud_only()
    book.set_fullname(RuntimeError("Couldn't find your local OneDrive file"))
    assert port.folder() is None and port.cloud_only()
    assert port.location() == "Book1.xlsm"
    book.set_fullname("Book1")  # never saved
    assert port.folder() is None and not port.cloud_only()


def test_a_cloud_workbook_still_runs_a_job_and_logs_to_the_temp_folder(
    tmp_path: Path, month: dict[str, Path],
) -> None:
    book, port = _open(tmp_path)
    book.set_fullname(RuntimeError("Couldn't find your local OneDrive file"))
    assert _click(port, "Import IMS", lambda p: workflow.import_ims(p, [month["ims"]]))
    _click(port, "Export", lambda p: workflow.export_upload(p))
    message, _, _, _ = book.app.alerts[-1]
    assert "output folder" in message


def test_a_filter_left_on_is_cleared_before_writing(tmp_path: Path,
                                                    month: dict[str, Path]) -> None:
    book, port = _reconciled(tmp_path, month)
    book.sheet_named(lay.MISMATCHED).hidden_rows = {3, 4}
    book.rec.log.clear()
    assert _click(port, "Reconcile", workflow.reconcile)
    assert book.sheet_named(lay.MISMATCHED).hidden_rows == set()
    assert ("Sheet.api.ShowAllData", lay.MISMATCHED) in book.rec.log


def test_text_that_excel_would_turn_into_something_else_stays_text(tmp_path: Path) -> None:
    book, port = _open(tmp_path)
    port.write_names({lay.LAST_MESSAGE.name: "00123", lay.UPLOAD_FILES.name: "=1+1"})
    values = port.read_names([lay.LAST_MESSAGE.name, lay.UPLOAD_FILES.name])
    assert values == {lay.LAST_MESSAGE.name: "00123", lay.UPLOAD_FILES.name: "=1+1"}
    long_text = "word " * 100
    port.write_names({lay.LAST_MESSAGE.name: long_text})
    assert port.read_names([lay.LAST_MESSAGE.name])[lay.LAST_MESSAGE.name] == long_text
    home = book.sheet_named(lay.HOME)
    assert home.format_of((lay.LAST_MESSAGE.row, lay.LAST_MESSAGE.column)) == "General"
    assert book.formulas() == {}


def test_an_unknown_column_is_an_input_error(tmp_path: Path) -> None:
    _, port = _open(tmp_path)
    with pytest.raises(InputError, match="Nope"):
        port.write_column(lay.MATCHED, "Nope", ["x"])


def test_the_recorder_counts_calls_and_cells(tmp_path: Path, month: dict[str, Path]) -> None:
    book, _ = _reconciled(tmp_path, month)
    assert book.rec.total() > 0 and book.rec.cells_written > 0 and book.rec.cells_read > 0
    with pytest.raises(FakeComError):
        book.rec.fail = lambda name, _: name == "Book.sheets"
        list(book.sheets)


def test_check_set_up_reads_the_workbook_in_excel(tmp_path: Path) -> None:
    book, port = _open(tmp_path)
    report = excel.run_job("Check set-up", excel.setup_report, port)
    assert report is not None
    assert "xlwings 0.37.8, the version of the workbook's VBA module" in report.message
    assert "The workbook's xlwings settings are as shipped." in report.message
    book.set_fullname(RuntimeError("Couldn't find your local OneDrive file"))
    report = excel.run_job("Check set-up", excel.setup_report, port)
    assert report is not None and "web address" in report.message
    assert book.saves == []

