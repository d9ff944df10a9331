"""Arbitrary Unicode (lone surrogates, controls, direction overrides, formula text, very
long text) in every text field of both inputs, the IMS download and the register, run
through every job on a real workbook file: no job ends in anything but its result or a
clear refusal, the saved workbook always opens again (openpyxl; LibreOffice too where it
is installed) and the Books sheet is never changed by reconcile, accept or export."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from gst_ims import workflow
from gst_ims.domain.documents import Dialect
from gst_ims.domain.problems import InputError
from gst_ims.workbook import layout as lay
from gst_ims.workbook.file_port import FilePort
from gst_ims.workbook.render import convert
from support import NewWorkbook, SampleMonth

# Every code point, surrogate halves included (hypothesis leaves them out by default).
ANY_CHARACTER = st.characters(exclude_categories=())
NASTY = ("\ud800", "\udfff", "\x00", "\x07", "\x1b[31m", "\u202e", "\u200b", "\ufffe",
         "=1+1", "@A1", "#N/A", "1.234,56", "\r\n", '"', "\t")
TEXT = st.one_of(
    st.text(ANY_CHARACTER, max_size=24),
    st.lists(st.sampled_from(NASTY), min_size=1, max_size=4).map("".join),
    st.integers(min_value=17, max_value=40_000).map(lambda n: "Q" * n),
)
IMS_FIELDS = ("stin", "tradenm", "inum", "idt", "inv_typ", "pos", "rtnTyp", "sRtnPrd",
              "srcfilstatus", "action", "ispendactblocked", "isRemarksBlocked", "hash")
REGISTER_COLUMNS = ("Voucher Type", "Voucher No.", "Party Name", "GSTIN/UIN of Supplier",
                    "Supplier Invoice No.", "Place of Supply", "Reverse Charge",
                    "ITC Eligibility", "Supplier Invoice Date", "Taxable Value")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory, sample_month: SampleMonth,
           new_workbook: NewWorkbook) -> dict[str, Any]:
    paths = sample_month(10, 4, Dialect.PORTAL)
    return {
        "workbook": new_workbook(tmp_path_factory.mktemp("property_inputs")),
        "payload": json.loads(paths["ims"].read_text(encoding="utf-8")),
        "register": pd.read_excel(paths["register"], engine="calamine", dtype=object),
    }


def _ims_file(payload: dict[str, Any], texts: dict[str, str], recipient: str | None,
              path: Path) -> Path:
    records = [dict(record) for record in payload["imsDetails"]["b2b"]]
    for index, (key, text) in enumerate(texts.items()):
        records[index % 4][key] = text  # four records hostile, the rest intact
    envelope = {"gstin": payload["gstin"] if recipient is None else recipient,
                "imsDetails": {"b2b": records}}
    # ensure_ascii: a lone surrogate goes in as its escape, as a JSON writer may write it.
    path.write_text(json.dumps(envelope, ensure_ascii=True), encoding="ascii")
    return path


def _register_file(register: pd.DataFrame, texts: dict[str, str], header: str,
                   path: Path) -> Path:
    frame = register.copy()
    for index, (column, text) in enumerate(texts.items()):
        frame.loc[index % 3, column] = text
    frame[header or "Notes"] = [texts.get("Party Name", "")] * len(frame)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, sep="\t", quoting=csv.QUOTE_ALL)
    # Excel's "Unicode Text": UTF-16, which can carry a lone surrogate half.
    path.write_bytes(buffer.getvalue().encode("utf-16", "surrogatepass"))
    return path


def _books(path: Path) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(path, keep_vba=True)
    try:
        for name in book.sheetnames:  # every sheet parses
            list(book[name].iter_rows(values_only=True))
        return [tuple(row) for row in book[lay.BOOKS].iter_rows(values_only=True)]
    finally:
        book.close()


_DATA_SHEETS = (lay.BOOKS, lay.IMS, *lay.RESULT_SHEETS, lay.LOG)


def _filled_cells(path: Path) -> dict[str, int]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {name: sum(1 for row in book[name].iter_rows(values_only=True) for value in row
                          if value not in (None, "")) for name in _DATA_SHEETS}
    finally:
        book.close()


def _libreoffice_opens(path: Path) -> None:
    """LibreOffice reads the whole workbook: it opens a file with broken sheet XML too,
    but drops everything after the fault, so every data sheet's filled cells are
    counted against openpyxl's reading."""
    if shutil.which("soffice") is None:
        return
    with tempfile.TemporaryDirectory() as folder:
        converted = convert(path, "xlsx", Path(folder), timeout=180)
        assert converted.exists(), "LibreOffice could not open the saved workbook"
        assert _filled_cells(converted) == _filled_cells(path)


def _month(inputs: dict[str, Any], ims_texts: dict[str, str], register_texts: dict[str, str],
           header: str, recipient: str | None, folder: Path) -> Path:
    """Every job in turn on a copy of the workbook, as a user clicks them; the Books
    sheet as imported must come out of reconcile, accept and export unchanged."""
    workbook = folder / "GST.xlsm"
    shutil.copyfile(inputs["workbook"], workbook)
    ims = _ims_file(inputs["payload"], ims_texts, recipient, folder / "ims.json")
    register = _register_file(inputs["register"], register_texts, header, folder / "reg.csv")
    port = FilePort(workbook)
    jobs: list[Callable[[], object]] = [
        lambda: workflow.import_ims(port, [ims]),
        lambda: workflow.import_books(port, register),
        lambda: workflow.reconcile(port),
        lambda: workflow.accept_matched(port),
        lambda: workflow.export_upload(port, folder / "out"),
    ]
    books_imported: list[tuple[Any, ...]] | None = None
    try:
        for number, job in enumerate(jobs):
            with contextlib.suppress(InputError):  # a clear refusal is an answer;
                job()  # anything else fails the test
            if number == 1:
                books_imported = _books(workbook)
    finally:
        port.close()
    assert _books(workbook) == books_imported
    return workbook


def _hostile_inputs() -> st.SearchStrategy[tuple[Any, ...]]:
    return st.tuples(
        st.dictionaries(st.sampled_from(IMS_FIELDS), TEXT, min_size=1, max_size=6),
        st.dictionaries(st.sampled_from(REGISTER_COLUMNS), TEXT, min_size=1, max_size=5),
        TEXT, st.none() | TEXT)


_SETTINGS = {"deadline": None, "derandomize": True,
             "suppress_health_check": [HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large]}


# No shrinking in the everyday run: each example is a whole month of jobs, and a failure
# is reported as drawn (the slow run below shrinks).
@settings(max_examples=15, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          **_SETTINGS)  # type: ignore[arg-type]
@given(drawn=_hostile_inputs())
def test_any_text_in_either_input_leaves_a_workbook_that_opens(
        inputs: dict[str, Any], tmp_path: Path, drawn: tuple[Any, ...]) -> None:
    with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
        _month(inputs, *drawn, Path(folder))


def test_the_most_hostile_month_opens_in_libreoffice_too(
        inputs: dict[str, Any], tmp_path: Path) -> None:
    ims_texts = {field: NASTY[i % len(NASTY)] + "x" for i, field in enumerate(IMS_FIELDS)}
    ims_texts["tradenm"] = "\ud800\x07\u202e" * 3
    register_texts = {column: "\udfff\x00\x1b" + column for column in REGISTER_COLUMNS[:8]}
    workbook = _month(inputs, ims_texts, register_texts, "\ud800=SUM(A1)", None, tmp_path)
    sheets = openpyxl.load_workbook(workbook, read_only=True)
    texts = [v for row in sheets[lay.IMS].iter_rows(values_only=True) for v in row
             if isinstance(v, str)]
    assert any("\ufffd" in text for text in texts)  # the marker, where the damage was
    _libreoffice_opens(workbook)


@pytest.mark.slow
@settings(max_examples=60, **_SETTINGS)  # type: ignore[arg-type]
@given(drawn=_hostile_inputs())
def test_any_text_many_more_times_and_libreoffice_each_time(
        inputs: dict[str, Any], tmp_path: Path, drawn: tuple[Any, ...]) -> None:
    with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
        _libreoffice_opens(_month(inputs, *drawn, Path(folder)))
