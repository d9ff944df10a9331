"""Benchmark: reading a books register of about 10^4 and 10^5 documents (the sample
generator's register for 10^4 and 10^5 IMS documents, plus its ~5% register-only lines),
in the plain layout and in each exported layout the reader now handles.

Plain layout, on the same file in the same run:

* ``openpyxl`` read-only load iterating every cell value (the baseline: the least any
  openpyxl-based reader must do),
* ``pandas.read_excel`` (its default openpyxl engine),
* python-calamine alone turning the sheet into Python values (the floor of our reader),
* `gst_ims.books.sheets.read_register_file` (python-calamine + the vectorised parsing
  into the Books frame, with every problem check).

Each other layout (``--styles``; the new paths: per-rate ledger columns, rate lines
combined into documents over several sheets, Dr / Cr, one tax column split, subtotals)
against the same baseline measured on its own file: openpyxl read-only iterating every
cell of every sheet (for the tab-separated SAP journal, the csv module reading every
row), python-calamine alone, and our reader.

Prints rows/s and each reader's speed as a ratio of the baseline's. Run:
``.venv/bin/python -m benchmarks.bench_register [DOCS ...]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

STYLES: tuple[str, ...] = ("tally-columnar", "gstr2-template", "busy", "zoho", "sap",
                           "hand-kept")


def write_register(path: Path, docs: int, seed: int = 1) -> tuple[Path, int]:
    """The sample generator's register for a month of `docs` IMS documents (about 5% more
    register lines), written as its .xlsx -> (path, register lines)."""
    from gst_ims.domain.documents import Dialect
    from gst_ims.samples import generate_month, write_register_xlsx

    register = generate_month(docs=docs, seed=seed, dialect=Dialect.PORTAL).register
    write_register_xlsx(register, path)
    return path, len(register)


def write_styled(folder: Path, docs: int, style: str, seed: int = 1) -> tuple[Path, int]:
    """The month's register in `style` -> (path, documents it holds)."""
    from gst_ims.domain.documents import Dialect
    from gst_ims.sample_registers import style_register, write_styled_register
    from gst_ims.samples import generate_month

    register = generate_month(docs=docs, seed=seed, dialect=Dialect.PORTAL).register
    styled = style_register(register, style, seed=seed)
    path = folder / f"register_{docs}_{style}{styled.suffix}"
    write_styled_register(styled, path)
    return path, len(register)


def _openpyxl_baseline(path: Path) -> int:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = 0
    for _ in workbook.worksheets[0].iter_rows(values_only=True):
        count += 1
    workbook.close()
    return count - 1


def _calamine_only(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    rows = workbook.get_sheet_by_name(workbook.sheet_names[0]).to_python()
    return len(rows) - 1


def _pandas_read_excel(path: Path) -> int:
    import pandas as pd

    return len(pd.read_excel(path, engine="openpyxl"))


def _gst_ims_reader(path: Path) -> int:
    from gst_ims.books.sheets import read_register_file

    read = read_register_file(path)
    assert read.lines == read.data_rows, read.problems[:3]
    return len(read.frame)


READERS: tuple[tuple[str, Callable[[Path], int]], ...] = (
    ("openpyxl read-only (baseline)", _openpyxl_baseline),
    ("pandas.read_excel (openpyxl)", _pandas_read_excel),
    ("python-calamine cells only", _calamine_only),
    ("gst_ims read_register_file", _gst_ims_reader),
)


def run(sizes: list[int], folder: Path) -> list[tuple[int, str, float, float]]:
    """Time every reader on a register of each size -> (rows, reader, seconds, ratio)."""
    results: list[tuple[int, str, float, float]] = []
    for docs in sizes:
        path, rows = write_register(folder / f"register_{docs}.xlsx", docs)
        baseline = 0.0
        for name, reader in READERS:
            started = time.perf_counter()
            got = reader(path)
            seconds = time.perf_counter() - started
            assert got == rows, (name, got, rows)
            baseline = baseline or seconds
            results.append((rows, name, seconds, baseline / seconds))
    return results


# --- the exported layouts ---------------------------------------------------------------
def _every_cell_baseline(path: Path) -> int:
    """Every sheet row as Python values: openpyxl read-only, or csv for a text file."""
    if path.suffix == ".csv":
        import csv

        with path.open(encoding="utf-8", newline="") as handle:
            return sum(1 for _ in csv.reader(handle, delimiter="\t"))
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for sheet in workbook.worksheets for _ in sheet.iter_rows(values_only=True))
    workbook.close()
    return count


def _every_sheet_calamine(path: Path) -> int:
    if path.suffix == ".csv":
        return _every_cell_baseline(path)
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    return sum(len(workbook.get_sheet_by_name(name).to_python())
               for name in workbook.sheet_names)


def _styled_reader(path: Path) -> int:
    from gst_ims.books.sheets import read_register_file
    from gst_ims.domain.problems import Severity

    read = read_register_file(path)
    assert not [p for p in read.problems if p.severity is Severity.ERROR], read.problems[:3]
    return len(read.frame)


STYLE_READERS: tuple[tuple[str, Callable[[Path], int]], ...] = (
    ("every cell (baseline)", _every_cell_baseline),
    ("python-calamine cells only", _every_sheet_calamine),
    ("gst_ims read_register_file", _styled_reader),
)


def run_styles(sizes: list[int], folder: Path, styles: tuple[str, ...] = STYLES
               ) -> list[tuple[int, str, str, float, float]]:
    """Time the readers on each layout of each size -> (documents, style, reader,
    seconds, ratio to that file's baseline). Our reader must give every document."""
    results: list[tuple[int, str, str, float, float]] = []
    for docs in sizes:
        for style in styles:
            path, documents = write_styled(folder, docs, style)
            baseline = 0.0
            for name, reader in STYLE_READERS:
                started = time.perf_counter()
                got = reader(path)
                seconds = time.perf_counter() - started
                if name.startswith("gst_ims"):
                    assert got == documents, (style, got, documents)
                baseline = baseline or seconds
                results.append((documents, style, name, seconds, baseline / seconds))
            path.unlink()
    return results


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [10_000, 100_000]  # IMS documents of the month
    with tempfile.TemporaryDirectory() as folder:
        results = run(sizes, Path(folder))
        styled = run_styles(sizes, Path(folder))
    print(f"{'rows':>8}  {'reader':<32} {'seconds':>8} {'rows/s':>10} {'x baseline':>10}")
    for rows, name, seconds, ratio in results:
        print(f"{rows:>8}  {name:<32} {seconds:>8.2f} {rows / seconds:>10,.0f} {ratio:>10.2f}")
    print(f"\n{'docs':>8}  {'layout':<16} {'reader':<28} {'seconds':>8} {'docs/s':>10} "
          f"{'x baseline':>10}")
    for documents, style, name, seconds, ratio in styled:
        print(f"{documents:>8}  {style:<16} {name:<28} {seconds:>8.2f} "
              f"{documents / seconds:>10,.0f} {ratio:>10.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
