"""Benchmark: ``gst-ims run`` on the workbook file, at 10^4 and 10^5 IMS documents.

For each size: generate a month (not timed) and a fresh workbook, then time
``gst-ims run --workbook W --ims ims.json --books register.xlsx --accept-matched --out D``
(every job in order, the workbook opened once and saved once). The baseline, measured in
the same run on the finished workbook, is a bare openpyxl ``load_workbook(keep_vba=True)``
+ ``save`` of that same file: the floor for anything that edits the .xlsm with openpyxl.
``accept-matched alone`` is ``gst-ims accept-matched`` run on its own on a copy of the
finished workbook: the file is opened and saved by the one job, which parses only the
sheets it reads (the others are saved as the file held them).

A second, instrumented pass runs the same jobs on a fresh copy and times each one, the
opening of the workbook and its one save, to say where the time goes. Every time is
printed with its ratio to the baseline.

Run: ``.venv/bin/python -m benchmarks.bench_run [DOCS ...]`` (default 10000 100000).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl

from benchmarks.scale import largest_under
from gst_ims import workflow
from gst_ims.cli import main as cli
from gst_ims.domain.documents import Dialect
from gst_ims.samples import write_sample_month
from gst_ims.workbook.file_port import FilePort


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _baseline(workbook: Path, scratch: Path) -> float:
    def load_save() -> None:
        book = openpyxl.load_workbook(workbook, keep_vba=True)
        book.save(scratch)

    return _timed(load_save)


def _breakdown(workbook: Path, inputs: dict[str, Path], out: Path) -> dict[str, float]:
    """The jobs of `gst-ims run`, each timed, on one FilePort with one save."""
    times: dict[str, float] = {}
    start = time.perf_counter()
    port = FilePort(workbook)
    times["  open workbook"] = time.perf_counter() - start
    jobs: dict[str, Callable[[], object]] = {
        "  import IMS": lambda: workflow.import_ims(port, [inputs["ims"]]),
        "  import register": lambda: workflow.import_books(port, inputs["register"]),
        "  reconcile": lambda: workflow.reconcile(port),
        "  accept matched": lambda: workflow.accept_matched(port),
        "  export": lambda: workflow.export_upload(port, out),
    }
    with port.one_save():
        for name, job in jobs.items():
            times[name] = _timed(job)
        port._pending = False  # the save is timed on its own below
    times["  save workbook"] = _timed(port.save)
    return times


def run_size(docs: int, folder: Path) -> dict[str, float]:
    """Seconds for `gst-ims run` at `docs` documents, its breakdown, and the baseline."""
    inputs = write_sample_month(folder / "in", docs=docs, seed=1, dialect=Dialect.PORTAL)
    workbook, fresh = folder / "bench.xlsm", folder / "fresh.xlsm"
    if cli(["new-workbook", str(fresh)]) != 0:
        raise RuntimeError("new-workbook failed")
    shutil.copyfile(fresh, workbook)
    argv = ["run", "--workbook", str(workbook), "--ims", str(inputs["ims"]),
            "--books", str(inputs["register"]), "--accept-matched",
            "--out", str(folder / "upload"), "--json"]
    times = {"gst-ims run": _timed(lambda: _checked(argv))}
    times["baseline"] = _baseline(workbook, folder / "copy.xlsm")
    # One job on its own on the finished workbook: the file is opened and saved by it.
    single = folder / "single.xlsm"
    shutil.copyfile(workbook, single)
    times["accept-matched alone"] = _timed(lambda: _checked(
        ["accept-matched", "--workbook", str(single), "--json"]))
    again = folder / "again.xlsm"
    shutil.copyfile(fresh, again)
    times.update(_breakdown(again, inputs, folder / "upload2"))
    return times


def _checked(argv: list[str]) -> None:
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        code = cli(argv)
    if code != 0:
        raise RuntimeError(f"gst-ims {' '.join(argv)} exited {code}")


def main(argv: list[str] | None = None) -> int:
    """Print one table per size: seconds and ratio to the baseline."""
    sizes = [int(a) for a in (argv if argv is not None else sys.argv[1:])] or [10_000, 100_000]
    points: list[tuple[int, float]] = []
    for docs in sizes:
        with tempfile.TemporaryDirectory(prefix="bench-run-") as folder:
            times = run_size(docs, Path(folder))
        base = times["baseline"]
        print(f"\ngst-ims run, {docs:,} IMS documents "
              f"(baseline: openpyxl load+save of the finished workbook = {base:.2f} s)")
        print(f"{'step':<26}{'seconds':>10}{'x baseline':>12}")
        for name, seconds in times.items():
            print(f"{name:<26}{seconds:>10.2f}{seconds / base:>12.2f}")
        points.append((docs, times["gst-ims run"]))
    largest = largest_under(points, 60.0)
    print(f"\nLargest month reconciled end to end (gst-ims run: import IMS and register, "
          f"reconcile, accept matched, export, one save) in under a minute on this machine: "
          f"about {largest:,} IMS documents (from the line through the "
          f"{'two largest sizes' if len(points) > 1 else 'size'} measured)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
