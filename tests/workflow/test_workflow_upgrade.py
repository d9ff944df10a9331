"""The layout version: stamped into every workbook built; a job on a workbook of another
layout stops with what to do and changes nothing; `gst-ims upgrade-workbook` carries an
older workbook's Books, IMS data, decisions, Settings and column mapping into a new one,
by header, leaving the old one as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName

from gst_ims.cli import main as cli
from gst_ims.domain.documents import Dialect
from gst_ims.workbook import layout as lay
from gst_ims.workbook.build import build_workbook
from gst_ims.workbook.file_port import FilePort
from gst_ims.workbook.version import check_layout_version
from support import NewWorkbook, SampleMonth
from support.workflow import layout_memory_port

NOTE = "My note"


def _rows(path: Path, sheet: str, header_row: int) -> list[dict[str, Any]]:
    book = openpyxl.load_workbook(path)
    rows = list(book[sheet].iter_rows(min_row=header_row, values_only=True))
    book.close()
    headers = [str(h) for h in rows[0]]
    return [dict(zip(headers, row, strict=True)) for row in rows[1:]
            if any(v not in (None, "") for v in row)]


def _stamp(path: Path, value: str | None) -> None:
    """Make the workbook look as if another release built it."""
    book = openpyxl.load_workbook(path, keep_vba=True)
    del book.defined_names[lay.LAYOUT_VERSION_NAME]
    if value is not None:
        book.defined_names[lay.LAYOUT_VERSION_NAME] = DefinedName(
            lay.LAYOUT_VERSION_NAME, attr_text=f'"{value}"')
    book.save(path)


def _older_layout(path: Path) -> dict[str, str]:
    """An older release's workbook after a month's work: no stamp; on Mismatched the
    user's decisions, and a column of notes at the left (every layout column moved one
    letter right); a tolerance and a register header mapped on Settings, the mapping
    table a few rows lower than today. Returns record key -> the action chosen."""
    book = openpyxl.load_workbook(path, keep_vba=True)
    sheet = book[lay.MISMATCHED]
    header_row = lay.RESULT_SHEET_LAYOUTS[lay.MISMATCHED].header_row
    headers = [c.value for c in sheet[header_row]]
    action_col = headers.index("Action") + 1
    key_col = headers.index("Record Key") + 1
    chosen: dict[str, str] = {}
    for row in range(header_row + 1, sheet.max_row + 1):
        key = sheet.cell(row, key_col).value
        if key and len(chosen) < 3:
            sheet.cell(row, action_col, "Reject")
            chosen[str(key)] = "Reject"
    sheet.insert_cols(1)
    sheet.cell(header_row, 1, NOTE)
    sheet.cell(header_row + 1, 1, "call the supplier")
    settings = book[lay.SETTINGS]
    tolerance = lay.setting_cell("amount_tolerance_taxable")
    settings.cell(tolerance.row, tolerance.column, 5)
    first = lay.MAPPING_HEADER_ROW - 2
    last = lay.MAPPING_FIRST_ROW + len(lay.MAPPED_FIELDS)
    settings.move_range(f"B{first}:D{last}", rows=4)
    doc_no_row = lay.MAPPING_FIRST_ROW + 4 + list(lay.MAPPED_FIELDS).index(
        lay.MAPPED_FIELDS[1])
    settings.cell(doc_no_row, lay.MAPPING_VALUE_COLUMN, "Supplier Invoice No")
    del book.defined_names[lay.LAYOUT_VERSION_NAME]
    book.save(path)
    return chosen


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory, sample_month: SampleMonth,
          new_workbook: NewWorkbook) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("month")
    inputs = sample_month(60, 21, Dialect.PORTAL)
    workbook = new_workbook(folder)
    code = cli(["run", "--workbook", str(workbook), "--ims", str(inputs["ims"]),
                "--books", str(inputs["register"]), "--out", str(folder / "out")])
    assert code == 0
    return {"workbook": workbook, **inputs}


def test_a_built_workbook_carries_this_layout_version(tmp_path: Path) -> None:
    workbook = build_workbook(tmp_path / "GST.xlsm")
    with FilePort(workbook) as port:
        assert port.defined_constant(lay.LAYOUT_VERSION_NAME) == str(lay.LAYOUT_VERSION)
        check_layout_version(port)
    check_layout_version(layout_memory_port())


@pytest.mark.parametrize(("stamp", "words"), [(None, "older release"),
                                              ("1", "older release"),
                                              ("99", "newer release")])
def test_a_job_on_another_layout_changes_nothing_and_says_what_to_do(
        tmp_path: Path, stamp: str | None, words: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    workbook = build_workbook(tmp_path / "GST.xlsm")
    _stamp(workbook, stamp)
    before = workbook.read_bytes()
    assert cli(["reconcile", "--workbook", str(workbook)]) == 1
    said = capsys.readouterr()
    assert words in said.out + said.err
    if words == "older release":
        assert "gst-ims upgrade-workbook" in said.out + said.err
    assert workbook.read_bytes() == before


def test_upgrade_carries_books_decisions_settings_and_mapping(
        month: dict[str, Path], tmp_path: Path) -> None:
    old = tmp_path / "old.xlsm"
    old.write_bytes(month["workbook"].read_bytes())
    chosen = _older_layout(old)
    before = old.read_bytes()
    new = tmp_path / "new.xlsm"

    assert cli(["upgrade-workbook", "--workbook", str(old), "--out", str(new)]) == 0
    assert old.read_bytes() == before  # the old workbook is only read
    with FilePort(new) as port:
        check_layout_version(port)
        settings = port.read_names([lay.setting_cell("amount_tolerance_taxable").name])
    assert list(settings.values()) == [5]
    books_row = lay.BOOKS_SHEET.header_row
    assert _rows(new, lay.BOOKS, books_row) == _rows(old, lay.BOOKS, books_row)

    mapping = _rows(new, lay.SETTINGS, lay.MAPPING_HEADER_ROW)[: len(lay.MAPPED_FIELDS)]
    mapped = {row[lay.MAPPING_HEADERS[0]]: row[lay.MAPPING_HEADERS[2]] for row in mapping}
    assert mapped[lay.MAPPED_FIELDS[1]] == "Supplier Invoice No"

    # The next Reconcile keeps the decisions and the user's own column.
    assert cli(["reconcile", "--workbook", str(new)]) == 0
    header_row = lay.RESULT_SHEET_LAYOUTS[lay.MISMATCHED].header_row
    rows = _rows(new, lay.MISMATCHED, header_row)
    actions = {row["Record Key"]: row["Action"] for row in rows}
    assert {key: actions[key] for key in chosen} == chosen
    assert any(row.get(NOTE) == "call the supplier" for row in rows)


def test_upgrade_never_writes_over_a_file_nor_upgrades_a_current_workbook(
        month: dict[str, Path], tmp_path: Path) -> None:
    current = tmp_path / "current.xlsm"
    current.write_bytes(month["workbook"].read_bytes())
    taken = tmp_path / "taken.xlsm"
    taken.write_bytes(b"someone's file")
    assert cli(["upgrade-workbook", "--workbook", str(current), "--out", str(taken)]) == 1
    assert taken.read_bytes() == b"someone's file"
    assert cli(["upgrade-workbook", "--workbook", str(current)]) == 1
    assert not list(tmp_path.glob("current (layout*"))
