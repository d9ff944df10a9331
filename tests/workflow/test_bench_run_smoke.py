"""The run benchmark works at a tiny size (it is not run by pytest at full size)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.bench_run import run_size


def test_the_run_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    times = run_size(60, tmp_path)
    assert times["gst-ims run"] > 0 and times["baseline"] > 0
    assert {"  import IMS", "  reconcile", "  export", "  save workbook"} <= set(times)
    assert sorted(p.name for p in (tmp_path / "upload").glob("*.json"))
