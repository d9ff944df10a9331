"""The reader benchmark runs (at a tiny size; the real sizes are not run by pytest)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.bench_reader import format_table, run


def test_reader_benchmark_smoke() -> None:
    rows = run([200])
    assert rows[0]["records"] == 200 and rows[0]["ratio"] > 0
    assert "reader/json" in format_table(rows)
