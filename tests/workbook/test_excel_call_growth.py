"""In Excel a job's cost is its round trips: the number of xlwings calls each job makes
must not grow with the number of documents (bulk reads and writes per table or column
block, formats and colours from the workbook, never a call per row)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.bench_excel_calls import JOBS, run_size
from benchmarks.scale import largest_under


def test_every_job_makes_as_many_calls_at_four_times_the_documents(tmp_path: Path) -> None:
    # A column write goes in at most 8 blocks of changed rows (`port.column_blocks`); a
    # small sheet (Suggested) of a small month has fewer runs than that, so the sizes are
    # chosen where every result sheet has reached the bound.
    small = run_size(4_000, tmp_path / "small")
    large = run_size(16_000, tmp_path / "large")
    calls = {job: (small[job]["calls"], large[job]["calls"]) for job in JOBS}
    assert all(a == b for a, b in calls.values()), calls
    # The cells moved do grow with the documents: the counts above are of real work.
    assert large["reconcile"]["cells written"] > 3 * small["reconcile"]["cells written"]


def test_the_largest_size_under_a_budget_follows_the_measured_line() -> None:
    assert largest_under([(1_000, 2.0), (10_000, 11.0)], 60.0) == 59_000
    assert largest_under([(10_000, 30.0)], 60.0) == 20_000
