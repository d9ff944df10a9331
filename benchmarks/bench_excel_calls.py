"""Benchmark: what each job asks of Excel, counted on the recording fake of xlwings.

Excel's cost is round trips (each xlwings call is at least one COM call) and cells
moved, not Python time, so this counts both for every job of a month run through
`ExcelPort` on the fake (opened on the built workbook): calls, value writes, cells
written and cells read. The baseline, measured in the same run, is what the
whole-sheet rewrite that *Accept all matched* and the export's Upload Status used to do
costs: every cell of the result tables written again (their rows times their columns).

Run: ``.venv/bin/python -m benchmarks.bench_excel_calls [DOCS ...]`` (default 1000 100000).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "workbook"))

from xlwings_fake import FakeBook

from gst_ims import excel, workflow
from gst_ims.domain.documents import Dialect
from gst_ims.samples import write_sample_month
from gst_ims.workbook import layout as lay
from gst_ims.workbook.build import DEFAULT_OUT
from gst_ims.workbook.excel_port import ExcelPort

Counts = dict[str, int]


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
        if excel.run_job(name, job, port, port.running) is None:  # type: ignore[arg-type]
            raise RuntimeError(f"{name} failed: {book.app.alerts[-1][0]}")
        table[name] = {"calls": rec.total() - calls,
                       "value writes": rec.calls["Range.value.set"] - sets,
                       "cells written": rec.cells_written - written,
                       "cells read": rec.cells_read - read}
    cells = sum(len(port.read_table(sheet)) for sheet in lay.RESULT_SHEETS) * len(
        lay.RESULT_COLUMNS)
    table["baseline: result tables rewritten"] = {"calls": 0, "value writes": 4,
                                                   "cells written": cells, "cells read": 0}
    return table


def main(sizes: list[int]) -> None:
    for docs in sizes:
        with tempfile.TemporaryDirectory() as work:
            table = run_size(docs, Path(work))
        base = table["baseline: result tables rewritten"]["cells written"]
        print(f"\n{docs} IMS documents")
        print(f"{'job':<36}{'calls':>9}{'writes':>8}{'cells written':>15}{'read':>12}"
              f"{'written/base':>14}")
        for name, counts in table.items():
            print(f"{name:<36}{counts['calls']:>9}{counts['value writes']:>8}"
                  f"{counts['cells written']:>15}{counts['cells read']:>12}"
                  f"{counts['cells written'] / base:>14.3f}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1000, 100000])
