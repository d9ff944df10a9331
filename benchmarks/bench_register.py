"""Benchmark: reading a books register .xlsx of about 10^4 and 10^5 rows (the sample
generator's register for 10^4 and 10^5 IMS documents, plus its ~5% register-only lines).

Compares, on the same file in the same run:

* ``openpyxl`` read-only load iterating every cell value (the baseline: the least any
  openpyxl-based reader must do),
* ``pandas.read_excel`` (its default openpyxl engine),
* python-calamine alone turning the sheet into Python values (the floor of our reader),
* `gst_ims.books.register.read_register_file` (python-calamine + the vectorised parsing
  into the Books frame, with every problem check).

Prints rows/s and each reader's speed as a ratio of the baseline's. Run:
``.venv/bin/python -m benchmarks.bench_register [DOCS ...]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def write_register(path: Path, docs: int, seed: int = 1) -> tuple[Path, int]:
    """The sample generator's register for a month of `docs` IMS documents (about 5% more
    register lines), written as its .xlsx -> (path, register lines)."""
    from gst_ims.domain.documents import Dialect
    from gst_ims.samples import generate_month, write_register_xlsx

    register = generate_month(docs=docs, seed=seed, dialect=Dialect.PORTAL).register
    write_register_xlsx(register, path)
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
    from gst_ims.books.register import read_register_file

    read = read_register_file(path)
    assert len(read.frame) == read.data_rows, read.problems[:3]
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


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [10_000, 100_000]  # IMS documents of the month
    with tempfile.TemporaryDirectory() as folder:
        results = run(sizes, Path(folder))
    print(f"{'rows':>8}  {'reader':<32} {'seconds':>8} {'rows/s':>10} {'x baseline':>10}")
    for rows, name, seconds, ratio in results:
        print(f"{rows:>8}  {name:<32} {seconds:>8.2f} {rows / seconds:>10,.0f} {ratio:>10.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
