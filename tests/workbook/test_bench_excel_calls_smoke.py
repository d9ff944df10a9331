"""The Excel call-count benchmark works at a tiny size (it is not run by pytest at full
size), and its counts show the one-column writes."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.bench_excel_calls import run_size


def test_the_call_count_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    table = run_size(60, tmp_path)
    base = table["baseline: result tables rewritten"]["cells written"]
    assert base > 0
    assert table["accept matched"]["cells written"] < base / 10
    assert table["export"]["cells written"] < base / 10
    assert table["reconcile"]["value writes"] >= len(table) - 2
