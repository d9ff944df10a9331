"""One contract for every `WorkbookPort`: the file port (on a real .xlsm), the in-memory
port, the Excel port on a recording fake of xlwings (opened on the same .xlsm), and live
Excel where Excel exists."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from gst_ims.domain.problems import InputError
from gst_ims.workbook.file_port import FilePort
from gst_ims.workbook.memory_port import MemoryPort
from gst_ims.workbook.port import WorkbookPort
from support.workflow import make_small_xlsm
from support.xlwings_fake import FakeBook

Reopen = Callable[[], WorkbookPort]


def _memory(tmp_path: Path) -> tuple[WorkbookPort, Reopen]:
    port = MemoryPort(sheets=["Data", "Other"],
                      names={"RecipientGstin": None, "Picked_File": None},
                      location=tmp_path, constants={"Stamp_Version": "7"})
    return port, lambda: port


def _file(tmp_path: Path) -> tuple[WorkbookPort, Reopen]:
    path = make_small_xlsm(tmp_path / "small.xlsm")
    return FilePort(path), lambda: FilePort(path)


def _excel(tmp_path: Path) -> tuple[WorkbookPort, Reopen]:
    xw = pytest.importorskip("xlwings")
    if sys.platform not in ("win32", "darwin"):
        pytest.skip("live Excel needs Windows or macOS")
    from gst_ims.workbook.excel_port import ExcelPort

    path = make_small_xlsm(tmp_path / "small.xlsm")
    book = xw.Book(str(path))

    def reopen() -> WorkbookPort:
        return ExcelPort(book)

    return ExcelPort(book), reopen


def _excel_fake(tmp_path: Path) -> tuple[WorkbookPort, Reopen]:
    from gst_ims.workbook.excel_port import ExcelPort

    path = make_small_xlsm(tmp_path / "small.xlsm")
    port = ExcelPort(FakeBook.from_file(path), com_api=True)
    return port, lambda: port  # Excel keeps the workbook open: what was written is there


PORTS = {
    "memory": _memory,
    "file": _file,
    "excel-fake": _excel_fake,
    "excel": pytest.param(_excel, marks=pytest.mark.excel),
}


@pytest.fixture(params=list(PORTS.values()), ids=list(PORTS))
def port_pair(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[
    tuple[WorkbookPort, Reopen]
]:
    factory: Callable[[Path], tuple[WorkbookPort, Reopen]] = request.param
    yield factory(tmp_path)


def _sample() -> pd.DataFrame:
    return pd.DataFrame({
        "Doc No": pd.array(["INV/001", "00123", "=1+1", '=HYPERLINK("http://x","y")'],
                           dtype="string"),
        "Amount": [1180.5, 0.0, -12.25, 99.0],
        "Date": pd.to_datetime(["2024-11-05", None, "2025-03-31", "2024-04-01"]),
        "Action": ["Accept", None, "+91", "@x"],
    })


def test_a_table_written_reads_back_after_saving(port_pair: tuple[WorkbookPort, Reopen]) -> None:
    port, reopen = port_pair
    port.write_table("Data", _sample(), header_row=3, text_columns=["Doc No"],
                     number_formats={"Date": "dd-mm-yyyy"})
    port.save()
    table = reopen().read_table("Data", header_row=3)
    assert list(table.columns) == ["Doc No", "Amount", "Date", "Action"]
    assert table["Doc No"].tolist() == ["INV/001", "00123", "=1+1", '=HYPERLINK("http://x","y")']
    assert [float(v) for v in table["Amount"]] == [1180.5, 0.0, -12.25, 99.0]
    assert table["Date"].tolist() == [datetime(2024, 11, 5), None, datetime(2025, 3, 31),
                                      datetime(2024, 4, 1)]
    assert table["Action"].tolist() == ["Accept", None, "+91", "@x"]


def test_a_shorter_table_clears_the_older_rows(port_pair: tuple[WorkbookPort, Reopen]) -> None:
    port, reopen = port_pair
    port.write_table("Data", _sample(), header_row=3)
    port.write_table("Data", _sample().head(1), header_row=3)
    port.save()
    table = reopen().read_table("Data", header_row=3)
    assert len(table) == 1
    assert table.iloc[0]["Doc No"] == "INV/001"


def test_an_empty_table_keeps_its_headers(port_pair: tuple[WorkbookPort, Reopen]) -> None:
    port, reopen = port_pair
    port.write_table("Data", _sample().head(0), header_row=3)
    port.save()
    table = reopen().read_table("Data", header_row=3)
    assert list(table.columns) == ["Doc No", "Amount", "Date", "Action"]
    assert table.empty


def test_named_cells_round_trip_and_stay_text(port_pair: tuple[WorkbookPort, Reopen]) -> None:
    port, reopen = port_pair
    port.write_names({"RecipientGstin": "=27AAAAA0000A1Z5", "Picked_File": "C:\\a & b%.json"})
    port.save()
    assert reopen().read_names(["RecipientGstin", "Picked_File"]) == {
        "RecipientGstin": "=27AAAAA0000A1Z5", "Picked_File": "C:\\a & b%.json"}


def test_unknown_names_and_sheets_are_input_errors(
    port_pair: tuple[WorkbookPort, Reopen],
) -> None:
    port, _ = port_pair
    with pytest.raises(InputError, match="No_Such_Name"):
        port.read_names(["No_Such_Name"])
    with pytest.raises(InputError, match="No_Such_Name"):
        port.write_names({"RecipientGstin": "x", "No_Such_Name": "y"})
    with pytest.raises(InputError, match="Nowhere"):
        port.read_table("Nowhere")


def test_messages_and_questions_do_not_touch_the_workbook(
    port_pair: tuple[WorkbookPort, Reopen],
) -> None:
    port, _ = port_pair
    port.progress("Reading", 0.5)
    port.progress("Reading", None)
    if not isinstance(port, MemoryPort | FilePort):
        pytest.skip("a live alert needs a person to click")
    port.alert("Done")
    port.alert("Failed", error=True)
    assert port.confirm("Go?") is True


def test_a_constant_held_by_a_workbook_name_is_read(
        port_pair: tuple[WorkbookPort, Reopen]) -> None:
    port, _ = port_pair
    assert port.defined_constant("Stamp_Version") == "7"
    assert port.defined_constant("No_Such_Name") is None


def test_the_port_satisfies_the_protocol(port_pair: tuple[WorkbookPort, Reopen]) -> None:
    port, _ = port_pair
    assert isinstance(port, WorkbookPort)


def test_bounded_blocks_leave_their_neighbours_alone(
    port_pair: tuple[WorkbookPort, Reopen],
) -> None:
    port, reopen = port_pair
    top = pd.DataFrame({"Category": ["Matched", "Mismatched", "Total"], "Docs": [5, 2, 7]})
    below = pd.DataFrame({"Action": ["Accept"], "Docs": [5]})
    port.write_table("Other", top, header_row=4, first_column=2, max_rows=3)
    port.write_table("Other", below, header_row=9, first_column=2, max_rows=3)
    port.write_table("Other", top.head(1), header_row=4, first_column=2, max_rows=3)
    port.save()
    again = reopen()
    first = again.read_table("Other", header_row=4, first_column=2, max_rows=3)
    assert first["Category"].tolist() == ["Matched"]
    second = again.read_table("Other", header_row=9, first_column=2)
    assert second["Action"].tolist() == ["Accept"]
    with pytest.raises(ValueError, match="do not fit"):
        port.write_table("Other", top, header_row=4, first_column=2, max_rows=2)


def test_the_excel_port_imports_without_excel_and_has_every_port_method() -> None:
    from gst_ims.workbook import excel_port

    methods = {"folder", "read_table", "write_table", "write_column", "read_names",
               "write_names", "progress", "alert", "confirm", "save"}
    assert methods <= set(dir(excel_port.ExcelPort))
    assert excel_port.ExcelPort.__init__.__annotations__["book"] in ("xw.Book", excel_port.xw.Book)


def test_a_column_write_changes_that_column_alone(
    port_pair: tuple[WorkbookPort, Reopen],
) -> None:
    port, reopen = port_pair
    port.write_table("Data", _sample(), header_row=3, text_columns=["Doc No"],
                     number_formats={"Date": "dd-mm-yyyy"})
    port.write_column("Data", "Action", ["Reject", "=2+2", "00123", "not written"],
                      header_row=3, changed=[True, True, True, False])
    port.write_column("Data", "Doc No", ["0042"], header_row=3, changed=None)
    port.save()
    table = reopen().read_table("Data", header_row=3)
    assert table["Action"].tolist() == ["Reject", "=2+2", "00123", "@x"]
    assert table["Doc No"].tolist() == ["0042", "00123", "=1+1", '=HYPERLINK("http://x","y")']
    assert [float(v) for v in table["Amount"]] == [1180.5, 0.0, -12.25, 99.0]
    assert table["Date"].tolist()[0] == datetime(2024, 11, 5)


def test_a_column_write_needs_its_header(port_pair: tuple[WorkbookPort, Reopen]) -> None:
    port, _ = port_pair
    port.write_table("Data", _sample(), header_row=3)
    with pytest.raises(InputError, match="Remarks"):
        port.write_column("Data", "Remarks", ["x"], header_row=3)

