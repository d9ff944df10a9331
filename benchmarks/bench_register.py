"""Benchmark: reading a books register .xlsx of 10^4 and 10^5 rows.

Compares, on the same file in the same run:

* ``openpyxl`` read-only load iterating every cell value (the baseline: the least any
  openpyxl-based reader must do),
* ``pandas.read_excel`` (its default openpyxl engine),
* `gst_ims.books.register.read_register_file` (python-calamine + the vectorised parsing
  into the Books frame, with every problem check).

Prints rows/s and each reader's speed as a ratio of the baseline's. Run:
``.venv/bin/python -m benchmarks.bench_register [ROWS ...]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

# The sample generator's register headers (gst_ims.samples.REGISTER_HEADERS).
HEADERS = (
    "Voucher Date", "Voucher Type", "Voucher No.", "Party Name", "GSTIN/UIN of Supplier",
    "Supplier Invoice No.", "Supplier Invoice Date", "Place of Supply", "Taxable Value",
    "Integrated Tax", "Central Tax", "State/UT Tax", "Cess", "Invoice Value",
    "Reverse Charge", "ITC Eligibility",
)


def write_register(path: Path, rows: int, seed: int = 1) -> Path:
    """A register of `rows` lines in the generator's layout: real dates, number amounts,
    text document numbers, a few hundred suppliers."""
    import xlsxwriter

    from gst_ims.domain.gstin import make_gstin

    rng = np.random.default_rng(seed)
    suppliers = [make_gstin(("27", "29", "07", "24")[i % 4],
                            f"AA{chr(65 + i % 26)}PK{1000 + i:04d}{chr(65 + i % 26)}")
                 for i in range(500)]
    who = rng.integers(0, len(suppliers), rows)
    taxable = rng.integers(100_00, 10_00_000_00, rows) / 100
    inter = who % 4 != 0
    tax = np.round(taxable * 0.18, 2)
    half = np.round(taxable * 0.09, 2)
    start = datetime(2025, 10, 1)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Purchase Register")
    date_format = workbook.add_format({"num_format": "dd-mm-yyyy"})
    money = workbook.add_format({"num_format": "#,##0.00"})
    sheet.write_row(0, 0, HEADERS)
    for i in range(rows):
        day = start + timedelta(days=int(i % 31))
        igst, cgst = (tax[i], 0.0) if inter[i] else (0.0, half[i])
        value = round(taxable[i] + igst + 2 * cgst, 2)
        r = i + 1
        sheet.write_datetime(r, 0, day, date_format)
        sheet.write_string(r, 1, "Purchase")
        sheet.write_string(r, 2, f"PV/{i + 1:06d}")
        sheet.write_string(r, 3, f"Supplier {who[i]}")
        sheet.write_string(r, 4, suppliers[who[i]])
        sheet.write_string(r, 5, f"INV/25-26/{i:05d}")
        sheet.write_datetime(r, 6, day - timedelta(days=2), date_format)
        sheet.write_string(r, 7, suppliers[who[i]][:2])
        for column, amount in enumerate((taxable[i], igst, cgst, cgst, 0.0, value), start=8):
            sheet.write_number(r, column, amount, money)
        sheet.write_string(r, 14, "No")
        sheet.write_string(r, 15, "Inputs")
    workbook.close()
    return path


def _openpyxl_baseline(path: Path) -> int:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = 0
    for _ in workbook.worksheets[0].iter_rows(values_only=True):
        count += 1
    workbook.close()
    return count - 1


def _pandas_read_excel(path: Path) -> int:
    import pandas as pd

    return len(pd.read_excel(path, engine="openpyxl"))


def _gst_ims_reader(path: Path) -> int:
    from gst_ims.books.register import read_register_file

    read = read_register_file(path)
    assert len(read.frame) == read.data_rows, read.problems[:3]
    return len(read.frame)


READERS: tuple[tuple[str, Callable[[Path], int]], ...] = (
    ("openpyxl read-only (baseline)", _openpyxl_baseline),
    ("pandas.read_excel (openpyxl)", _pandas_read_excel),
    ("gst_ims read_register_file", _gst_ims_reader),
)


def run(sizes: list[int], folder: Path) -> list[tuple[int, str, float, float]]:
    """Time every reader on a register of each size -> (rows, reader, seconds, ratio)."""
    results: list[tuple[int, str, float, float]] = []
    for rows in sizes:
        path = write_register(folder / f"register_{rows}.xlsx", rows)
        baseline = 0.0
        for name, reader in READERS:
            started = time.perf_counter()
            got = reader(path)
            seconds = time.perf_counter() - started
            assert got == rows, (name, got, rows)
            baseline = baseline or seconds
            results.append((rows, name, seconds, baseline / seconds))
    return results


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [10_000, 100_000]
    with tempfile.TemporaryDirectory() as folder:
        results = run(sizes, Path(folder))
    print(f"{'rows':>8}  {'reader':<32} {'seconds':>8} {'rows/s':>10} {'x baseline':>10}")
    for rows, name, seconds, ratio in results:
        print(f"{rows:>8}  {name:<32} {seconds:>8.2f} {rows / seconds:>10,.0f} {ratio:>10.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
