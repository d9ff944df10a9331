"""What only the file port must guarantee: the saved .xlsm keeps its VBA, button, ribbon,
validation and formats, holds data as values, and is replaced atomically."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from gst_ims.domain.problems import InputError
from gst_ims.workbook.file_port import FilePort
from support.workflow import RIBBON_TYPE, make_small_xlsm


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _written(tmp_path: Path, frame: pd.DataFrame, **options: object) -> Path:
    path = make_small_xlsm(tmp_path / "book.xlsm")
    port = FilePort(path)
    port.write_table("Data", frame, header_row=3, **options)  # type: ignore[arg-type]
    port.save()
    return path


def test_text_that_looks_like_a_formula_is_saved_as_text(tmp_path: Path) -> None:
    frame = pd.DataFrame({"Doc No": ["=1+1"], "Amount": [1],
                          "Date": ['=HYPERLINK("http://x","y")'], "Action": ["Accept"]})
    path = _written(tmp_path, frame)
    sheet_xml = _parts(path)["xl/worksheets/sheet1.xml"].decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    cells = dict(re.findall(r'<c r="([A-Z]+4)"[^>]*?t="(\w+)"', sheet_xml))
    assert cells["A4"] in ("s", "inlineStr", "str") and cells["C4"] in ("s", "inlineStr", "str")
    book = openpyxl.load_workbook(path)
    assert book["Data"]["A4"].data_type == "s"
    assert book["Data"]["C4"].value == '=HYPERLINK("http://x","y")'


def test_saving_keeps_vba_button_ribbon_validation_and_formats(tmp_path: Path) -> None:
    path = make_small_xlsm(tmp_path / "book.xlsm")
    before = _parts(path)
    port = FilePort(path)
    port.write_table("Data", pd.DataFrame({"Doc No": ["A1"], "Amount": [5], "Date": [None],
                                           "Action": ["Reject"]}), header_row=3)
    port.write_names({"RecipientGstin": "27AAAAA0000A1Z5"})
    port.save()
    after = _parts(path)
    assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
    assert after["customUI/customUI14.xml"] == before["customUI/customUI14.xml"]
    assert RIBBON_TYPE.encode() in after["_rels/.rels"]
    assert any(name.startswith("xl/drawings/vmlDrawing") for name in after)
    book = openpyxl.load_workbook(path)
    sheet = book["Data"]
    assert sheet.data_validations.dataValidation
    assert sheet.conditional_formatting
    assert set(book.defined_names) >= {"RecipientGstin", "Picked_File"}
    assert sheet["A1"].value == "Title above the table"
    assert after["[Content_Types].xml"].count(b"macroEnabled") >= 1


def test_the_table_is_resized_to_the_rows_written(tmp_path: Path) -> None:
    rows = 250
    frame = pd.DataFrame({"Doc No": [f"D{i}" for i in range(rows)], "Amount": range(rows),
                          "Date": [None] * rows, "Action": ["Pending"] * rows,
                          "Extra": ["x"] * rows})
    path = _written(tmp_path, frame)
    table = openpyxl.load_workbook(path)["Data"].tables["tblData"]
    assert table.ref == f"A3:E{3 + rows}"
    assert [column.name for column in table.tableColumns] == list(frame.columns)


def test_formats_go_on_the_rows_written(tmp_path: Path) -> None:
    frame = pd.DataFrame({"Doc No": [123], "Amount": [1.5], "Date": [pd.Timestamp("2024-11-05")],
                          "Action": ["Accept"]})
    path = _written(tmp_path, frame, text_columns=["Doc No"],
                    number_formats={"Amount": "#,##0.00", "Date": "dd-mm-yyyy"})
    sheet = openpyxl.load_workbook(path)["Data"]
    assert sheet["A4"].value == "123" and sheet["A4"].number_format == "@"
    assert sheet["B4"].number_format == "#,##0.00"
    assert sheet["C4"].number_format == "dd-mm-yyyy"


def test_nothing_reaches_the_file_before_save(tmp_path: Path) -> None:
    path = make_small_xlsm(tmp_path / "book.xlsm")
    before = path.read_bytes()
    port = FilePort(path)
    port.write_table("Data", pd.DataFrame({"Doc No": ["x"]}), header_row=3)
    port.write_names({"RecipientGstin": "y"})
    assert path.read_bytes() == before
    port.save()
    assert path.read_bytes() != before
    port.close()  # gives up the job lock
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsm"]  # no temp file left


def test_a_file_that_is_no_workbook_is_an_input_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.xlsm"
    bogus.write_text("not a zip")
    with pytest.raises(InputError, match="not an Excel workbook"):
        FilePort(bogus)
    with pytest.raises(InputError, match="not found"):
        FilePort(tmp_path / "missing.xlsm")


@pytest.mark.parametrize("lock", ["~$book.xlsm", ".~lock.book.xlsm#"])
def test_a_workbook_open_in_a_spreadsheet_program_is_refused_before_any_work(
        tmp_path: Path, lock: str) -> None:
    # Renaming over an open workbook succeeds on Linux and many shares; Excel's later
    # save would then throw the job's work away.
    path = make_small_xlsm(tmp_path / "book.xlsm")
    (tmp_path / lock).write_bytes(b"owner")
    with pytest.raises(InputError, match=f"open in Excel or LibreOffice.*{re.escape(lock)}"):
        FilePort(path)


def test_a_lock_appearing_during_a_job_stops_the_save(tmp_path: Path) -> None:
    path = make_small_xlsm(tmp_path / "book.xlsm")
    before = path.read_bytes()
    port = FilePort(path)
    port.write_table("Data", pd.DataFrame({"Doc No": ["X1"]}), header_row=3)
    (tmp_path / "~$book.xlsm").write_bytes(b"owner")
    with pytest.raises(InputError, match="Close it there first"):
        port.save()
    assert path.read_bytes() == before


def test_a_read_only_workbook_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = make_small_xlsm(tmp_path / "book.xlsm")
    path.chmod(0o444)
    before = path.read_bytes()
    with pytest.raises(InputError, match=r"book\.xlsm is read-only"):
        FilePort(path)
    assert path.read_bytes() == before and path.stat().st_mode & 0o777 == 0o444


def test_saving_keeps_the_workbooks_permissions(tmp_path: Path) -> None:
    path = make_small_xlsm(tmp_path / "book.xlsm")
    path.chmod(0o640)  # e.g. readable by the finance group only
    port = FilePort(path)
    port.write_table("Data", pd.DataFrame({"Doc No": ["X1"]}), header_row=3)
    port.save()
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_filter_left_on_is_cleared_before_writing(tmp_path: Path) -> None:
    from openpyxl.worksheet.filters import FilterColumn, Filters

    path = make_small_xlsm(tmp_path / "filtered.xlsm")
    port = FilePort(path)
    port.write_table("Data", pd.DataFrame({"Doc No": ["A", "B", "C"], "Amount": [1, 2, 3],
                                           "Date": [None] * 3, "Action": ["x"] * 3}),
                     header_row=3)
    port.save()
    book = openpyxl.load_workbook(path, keep_vba=True)
    table = book["Data"].tables["tblData"]
    table.autoFilter.filterColumn = [FilterColumn(colId=0, filters=Filters(filter=["A"]))]
    book["Data"].row_dimensions[5].hidden = True
    book["Data"].row_dimensions[1].hidden = True  # hidden by hand above the table: stays
    book.save(path)
    port = FilePort(path)
    port.write_column("Data", "Action", ["y", "y", "y"], header_row=3)
    port.save()
    again = openpyxl.load_workbook(path, keep_vba=True)["Data"]
    assert not again.tables["tblData"].autoFilter.filterColumn
    assert not again.row_dimensions[5].hidden and again.row_dimensions[1].hidden

