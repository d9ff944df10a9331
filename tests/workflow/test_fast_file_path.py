"""The fast file path (cells built directly, sheets serialised as text) makes the very
workbook the plain openpyxl path made: every part of the package byte for byte (cells,
styles, validation, conditional formats, tables, VBA, ribbon), for a whole month run
through every job and for a table of awkward values.

The reference is the plain path as it was: each cell made by openpyxl's constructor
with its column's style and its value set through the port's `_set`, and the workbook
serialised by openpyxl's own `ExcelWriter`."""

from __future__ import annotations

import math
import re
import shutil
import zipfile
from copy import copy
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl.cell.cell import Cell
from openpyxl.writer.excel import ExcelWriter

from gst_ims import workflow
from gst_ims.cli import main as cli
from gst_ims.domain.documents import Dialect
from gst_ims.samples import write_sample_month
from gst_ims.workbook import file_port
from gst_ims.workbook.file_port import FilePort
from support.workflow import make_small_xlsm


class PlainPort(FilePort):
    """The workbook loaded in full by openpyxl and written by its own writer."""

    writer = ExcelWriter
    lazy = False


def plain_put_rows(worksheet: Any, top: int, left: int, rows: list[list[Any]],
                   styles: list[Any], texts: list[bool]) -> None:
    """The cell writer the fast one replaced, verbatim."""
    cells = worksheet._cells
    for row_number, row in enumerate(rows, start=top):
        for offset, value in enumerate(row):
            if value is None:
                continue
            style = styles[offset]
            cell = Cell(worksheet, row=row_number, column=left + offset,
                        style_array=copy(style) if style is not None else None)
            file_port._set(cell, value, text=texts[offset])
            cells[(row_number, left + offset)] = cell


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        # The package's modified time is the time of the save, and an upload file's
        # name holds the second it was written.
        return {name: re.sub(rb"_\d{8}-\d{6}_", b"_(time)_", archive.read(name))
                for name in archive.namelist() if name != "docProps/core.xml"}


def _assert_same(fast: Path, plain: Path) -> None:
    got, want = _parts(fast), _parts(plain)
    assert list(got) == list(want)
    different = [name for name in want if got[name] != want[name]]
    assert not different, different


def _month(port: FilePort, inputs: dict[str, Path], out: Path) -> None:
    with port.one_save():
        workflow.import_ims(port, [inputs["ims"]])
        workflow.import_books(port, inputs["register"])
        workflow.reconcile(port)
        workflow.accept_matched(port)
        workflow.export_upload(port, out)


def test_a_month_through_every_job_makes_the_same_workbook(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One clock for both runs: Home and the Log record when each job ran.
    monkeypatch.setattr(workflow, "_now", lambda: datetime(2026, 11, 5, 10, 30))
    inputs = write_sample_month(tmp_path / "in", docs=400, seed=3, dialect=Dialect.PORTAL)
    fresh = tmp_path / "fresh.xlsm"
    assert cli(["new-workbook", str(fresh)]) == 0
    fast, plain = tmp_path / "fast.xlsm", tmp_path / "plain.xlsm"
    shutil.copyfile(fresh, fast)
    shutil.copyfile(fresh, plain)
    with FilePort(fast) as port:
        _month(port, inputs, tmp_path / "upload")
    shutil.rmtree(tmp_path / "upload")  # the same folder: Home names the files written
    with monkeypatch.context() as patch:
        patch.setattr(file_port, "_put_rows", plain_put_rows)
        with PlainPort(plain) as port:
            _month(port, inputs, tmp_path / "upload")
    _assert_same(fast, plain)


def test_awkward_values_are_written_as_the_plain_path_writes_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    frame = pd.DataFrame({
        "Doc No": ["=1+1", " padded ", "   ", "bad\x01char", "x" * 40_000, None, "00123"],
        "Amount": [1, 2.5, math.inf, math.nan, -0.0, 10**15 + 1, True],
        "Date": [datetime(2024, 11, 5), date(2024, 3, 1), None, "05-11-2024",
                 pd.Timestamp("2024-01-02 03:04:05"), 7, False],
        "Action": [12, 3.25, None, "Accept", "<&>", "'quoted", "Reject"],
    })
    paths = []
    for name, port_type, put_rows in (("fast", FilePort, file_port._put_rows),
                                      ("plain", PlainPort, plain_put_rows)):
        (tmp_path / name).mkdir()
        path = make_small_xlsm(tmp_path / name / "book.xlsm")
        with monkeypatch.context() as patch:
            patch.setattr(file_port, "_put_rows", put_rows)
            port = port_type(path)
            port.write_table("Data", frame, header_row=3, text_columns=["Action"],
                             number_formats={"Amount": "0.00"})
            port.save()
            port.close()
        paths.append(path)
    _assert_same(*paths)
