"""The engine benchmark runs end to end at a tiny size and reports sane numbers."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.bench_engine import run_one, table


def test_engine_benchmark_smoke() -> None:
    row = run_one(300)
    assert row.precision >= 0.99 and row.recall >= 0.99
    assert row.must_not_pair_matched == 0
    assert row.nested_s is not None and row.big_engine_s is not None
    assert "precision" in table([row])
