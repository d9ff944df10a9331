"""File formats: .xlsm and .xls read like .xlsx (python-calamine reads all three)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from gst_ims.books.sheets import read_register_file
from gst_ims.workbook.render import convert
from support.books import ACME, write_xlsx

ROWS: list[list[object]] = [
    ["Purchase Register"],
    ["Supplier Name", "GSTIN", "Bill No", "Bill Date", "Taxable Value", "CGST", "SGST",
     "Invoice Value"],
    ["Acme", ACME, "00042", "05-10-2025", 1234.56, 111.11, 111.11, 1456.78],
    ["Acme", ACME, "43", "06-10-2025", "(100.00)", "(9.00)", "(9.00)", "(118.00)"],
]


def _check(path: Path) -> None:
    read = read_register_file(path)
    assert read.header_row == 2
    assert read.frame["doc_no"].tolist() == ["00042", "43"]
    assert read.frame["doc_type"].tolist() == ["INV", "CN"]
    assert read.frame["taxable"].tolist() == [123456, 10000]
    assert read.frame["doc_value"].tolist() == [145678, 11800]
    assert read.frame["doc_date"].tolist() == [pd.Timestamp("2025-10-05"),
                                               pd.Timestamp("2025-10-06")]


def test_xlsm_register(tmp_path: Path) -> None:
    _check(write_xlsx(tmp_path / "register.xlsm", ROWS, text_columns=(2,)))


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice)")
def test_xls_register_converted_by_libreoffice(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "register.xlsx", ROWS, text_columns=(2,))
    _check(convert(source, "xls", tmp_path / "out", timeout=120))
