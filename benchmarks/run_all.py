"""Every benchmark that speaks to where a user waits, one after the other, each printing
its table with times as ratios to a baseline measured in the same run.

    make bench                                  # modest sizes, a few minutes
    .venv/bin/python -m benchmarks.run_all --big   # the sizes the README quotes (long)

Modest sizes: Excel round trips at 10^3 and 10^4 documents, ``gst-ims run`` at 10^4, the
engine at 10^3 and 10^4. ``--big``: round trips at 10^3 and 10^5, ``gst-ims run`` at
10^4 and 10^5, the engine at 10^4, 10^5 and 10^6 (the last needs about 2 GB and runs
once). The scale statement (the largest month reconciled end to end in under a minute)
is printed by ``bench_run`` from the sizes it measured. Each benchmark runs in a Python
process of its own, so its memory figures (the engine's peak) are its own.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MODEST: dict[str, list[int]] = {
    "excel calls": [1_000, 10_000],
    "run": [10_000],
    "engine": [1_000, 10_000],
}
BIG: dict[str, list[int]] = {
    "excel calls": [1_000, 100_000],
    "run": [10_000, 100_000],
    "engine": [10_000, 100_000, 1_000_000],
}


def _section(title: str, module: str, args: Sequence[object]) -> None:
    print(f"\n=== {title} ===", flush=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", f"benchmarks.{module}", *map(str, args)],
                   check=True, cwd=ROOT)
    print(f"({time.perf_counter() - start:.0f} s)", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks at the modest sizes (or the big ones with ``--big``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", action="store_true",
                        help="the large sizes (10^5 end to end, 10^6 for the engine)")
    parser.add_argument("--only", choices=sorted(MODEST), nargs="+",
                        help="run only these benchmarks")
    args = parser.parse_args(argv)
    sizes = BIG if args.big else MODEST
    wanted = set(args.only or sizes)
    if "excel calls" in wanted:
        _section("Excel round trips per job (recording fake of xlwings)",
                 "bench_excel_calls", sizes["excel calls"])
    if "run" in wanted:
        _section("gst-ims run on the workbook file", "bench_run", sizes["run"])
    if "engine" in wanted:
        _section("Reconciliation engine", "bench_engine", ["--sizes", *sizes["engine"]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
