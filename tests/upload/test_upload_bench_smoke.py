"""The upload benchmark runs (at a tiny size) and times every stage."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.bench_upload import run


def test_benchmark_runs_at_a_tiny_size() -> None:
    rows = run(60)
    assert rows[0][0].startswith("json.dumps")
    assert len(rows) == 4 and all(seconds > 0 for _, seconds in rows)
