"""Reader throughput: `read_ims_files` against plain `json.load` of the same file, measured
in the same run (the ratio is what to compare across machines).

    .venv/bin/python -m benchmarks.bench_reader [--sizes 10000 100000 1000000]
"""

from __future__ import annotations

import argparse
import gc
import json
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from gst_ims.domain.documents import Dialect
from gst_ims.ims.reader import read_ims_files
from gst_ims.ims.sources import SizeLimits
from gst_ims.samples import generate_month

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)


def _timed(action: Callable[[], None]) -> float:
    gc.collect()
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def run(sizes: Sequence[int], dialect: Dialect = Dialect.API) -> list[dict[str, float]]:
    """For each size: write a generated month's IMS JSON, then time `json.load` and the
    reader on it (best of 3 up to 10^5 records, one run above). One row per size."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"ims_{size}.json"
            payload = generate_month(docs=size, seed=1, dialect=dialect).ims_payload
            with path.open("w", encoding="utf-8") as handle:
                json.dump(payload, handle, separators=(",", ":"))
            del payload

            def plain(path: Path = path) -> None:
                with path.open("rb") as handle:
                    json.load(handle)

            def reader(path: Path = path, size: int = size) -> None:
                # Beyond the import's document guard on purpose: this measures the reader.
                limits = SizeLimits(max_total_bytes=1 << 32, max_documents=size)
                result = read_ims_files([path], zip_limits=limits)
                assert len(result.frame) == size

            # Interleaved, best of a few: the machine may be shared, and the ratio of two
            # minimums is steadier than one of two single runs.
            repeats = 3 if size <= 100_000 else 1
            baseline, ours = float("inf"), float("inf")
            for _ in range(repeats):
                baseline = min(baseline, _timed(plain))
                ours = min(ours, _timed(reader))
            rows.append({"records": size, "mb": path.stat().st_size / 1e6,
                         "json_load_s": baseline, "reader_s": ours,
                         "reader_rps": size / ours, "json_rps": size / baseline,
                         "ratio": ours / baseline})
            path.unlink()
    return rows


def format_table(rows: Sequence[dict[str, float]]) -> str:
    """The rows as a plain table."""
    head = (f"{'records':>10} {'file MB':>8} {'json.load s':>12} {'reader s':>9} "
            f"{'json rec/s':>12} {'reader rec/s':>13} {'reader/json':>12}")
    lines = [head, "-" * len(head)]
    for row in rows:
        lines.append(
            f"{int(row['records']):>10,} {row['mb']:>8.1f} {row['json_load_s']:>12.2f} "
            f"{row['reader_s']:>9.2f} {row['json_rps']:>12,.0f} {row['reader_rps']:>13,.0f} "
            f"{row['ratio']:>11.1f}x"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--dialect", choices=[d.value for d in Dialect], default="api")
    args = parser.parse_args(argv)
    print(format_table(run(args.sizes, Dialect(args.dialect))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
