"""Benchmark: what each job asks of Excel, counted on the recording fake of xlwings.

Excel's cost is round trips (each xlwings call is at least one COM call) and cells
moved, not Python time, so this counts both for every job of a month run through
`ExcelPort` on the fake (opened on the built workbook): calls, value writes, cells
written and cells read, and the seconds the job took on the fake (the Python side,
with the fake's own bookkeeping: an upper bound of Python's share in Excel). The
baseline, measured in the same run, is what the whole-sheet rewrite that *Accept all
matched* and the export's Upload Status used to do costs: every cell of the result
tables written again (their rows times their columns).

The number of calls of a job does not grow with the rows: reads and writes are one
block per table or column (a column's changed rows in at most 8 blocks), and number
formats, dropdowns and colours come from the workbook's column styles, validation and
conditional formats, never a call per row. The table shows the calls of each size next
to the smallest size's.

An estimate of the time in Excel: calls × `PER_CALL_S` + cells written ×
`PER_CELL_WRITTEN_S` + cells read × `PER_CELL_READ_S` + the Python seconds. The per-call
and per-cell costs are stated assumptions for out-of-process COM from the xlwings
``RunPython`` process with screen updating and calculation off (no Excel here to measure
them); they are deliberately on the slow side.

Run: ``.venv/bin/python -m benchmarks.bench_excel_calls [DOCS ...]`` (default 1000 100000).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from benchmarks.scale import largest_under
from gst_ims import excel, workflow
from gst_ims.domain.documents import Dialect
from gst_ims.samples import write_sample_month
from gst_ims.workbook import layout as lay
from gst_ims.workbook.build import DEFAULT_OUT
from gst_ims.workbook.excel_port import ExcelPort
from support.xlwings_fake import FakeBook

Counts = dict[str, float]
BASELINE = "baseline: result tables rewritten"
PER_CALL_S = 0.005  # one COM round trip, pessimistic (typically 0.2-2 ms)
PER_CELL_WRITTEN_S = 10e-6  # a cell of a bulk Range.value write
PER_CELL_READ_S = 3e-6  # a cell of a bulk Range.value read
JOBS = ("import IMS", "import register", "reconcile", "accept matched", "export")


def excel_seconds(counts: Counts) -> float:
    """The estimated seconds of a job in Excel, from its counts (see the module doc)."""
    return (counts["calls"] * PER_CALL_S + counts["cells written"] * PER_CELL_WRITTEN_S
            + counts["cells read"] * PER_CELL_READ_S + counts["python s"])


def run_size(docs: int, folder: Path) -> dict[str, Counts]:
    """Counts per job for a month of `docs` IMS documents, and the baseline row."""
    inputs = write_sample_month(folder / "in", docs=docs, seed=7, dialect=Dialect.PORTAL)
    book = FakeBook.from_file(DEFAULT_OUT, fullname=str(folder / "GST_IMS.xlsm"))
    port = ExcelPort(book, com_api=True)
    jobs: dict[str, Callable[[ExcelPort], object]] = {
        "import IMS": lambda p: workflow.import_ims(p, [inputs["ims"]]),
        "import register": lambda p: workflow.import_books(p, inputs["register"]),
        "reconcile": workflow.reconcile,
        "accept matched": workflow.accept_matched,
        "export": lambda p: workflow.export_upload(p, folder / "upload"),
    }
    table: dict[str, Counts] = {}
    for name, job in jobs.items():
        rec = book.rec
        calls, written, read = rec.total(), rec.cells_written, rec.cells_read
        sets = rec.calls["Range.value.set"]
        start = time.perf_counter()
        if excel.run_job(name, job, port, port.running) is None:  # type: ignore[arg-type]
            raise RuntimeError(f"{name} failed: {book.app.alerts[-1][0]}")
        table[name] = {"calls": rec.total() - calls,
                       "value writes": rec.calls["Range.value.set"] - sets,
                       "cells written": rec.cells_written - written,
                       "cells read": rec.cells_read - read,
                       "python s": time.perf_counter() - start}
    cells = sum(len(port.read_table(sheet)) for sheet in lay.RESULT_SHEETS) * len(
        lay.RESULT_COLUMNS)
    table[BASELINE] = {"calls": 0, "value writes": 4, "cells written": cells,
                       "cells read": 0, "python s": 0.0}
    return table


def print_table(docs: int, table: dict[str, Counts], first: dict[str, Counts]) -> None:
    """One size's counts, with the calls of the first (smallest) size beside them."""
    base = table[BASELINE]["cells written"]
    print(f"\n{docs:,} IMS documents")
    print(f"{'job':<36}{'calls':>7}{'(smallest)':>11}{'writes':>8}{'cells written':>15}"
          f"{'read':>11}{'written/base':>14}{'python s':>10}{'Excel s*':>10}")
    for name, counts in table.items():
        estimate = f"{excel_seconds(counts):>10.1f}" if name != BASELINE else f"{'':>10}"
        print(f"{name:<36}{counts['calls']:>7.0f}{first[name]['calls']:>11.0f}"
              f"{counts['value writes']:>8.0f}{counts['cells written']:>15.0f}"
              f"{counts['cells read']:>11.0f}{counts['cells written'] / base:>14.3f}"
              f"{counts['python s']:>10.2f}{estimate}")


def main(sizes: list[int]) -> None:
    """Print the table of every size, then the estimate of the largest month Excel
    reconciles end to end in a minute."""
    tables: dict[int, dict[str, Counts]] = {}
    for docs in sorted(sizes):
        with tempfile.TemporaryDirectory() as work:
            tables[docs] = run_size(docs, Path(work))
    first = tables[min(tables)]
    for docs, table in tables.items():
        print_table(docs, table, first)
    print(f"\n* Excel s: estimate = calls x {PER_CALL_S * 1000:g} ms + cells written x "
          f"{PER_CELL_WRITTEN_S * 1e6:g} us + cells read x {PER_CELL_READ_S * 1e6:g} us + "
          "python s (stated costs, not measured: no Excel here).")
    totals = [(docs, sum(excel_seconds(t[job]) for job in JOBS))
              for docs, t in tables.items()]
    for docs, seconds in totals:
        print(f"every job in Excel, {docs:,} documents: about {seconds:.0f} s")
    if len(totals) > 1:
        print("largest month reconciled end to end (every job) in under a minute in Excel, "
              f"estimated: about {largest_under(totals, 60.0):,} IMS documents")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1000, 100000])
