"""The register benchmark runs end to end at a tiny size (the real sizes are not for CI)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.bench_register import READERS, STYLE_READERS, STYLES, run, run_styles


def test_benchmark_runs_every_reader_on_a_small_register(tmp_path: Path) -> None:
    results = run([60], tmp_path)
    rows = results[0][0]
    assert [name for _, name, _, _ in results] == [name for name, _ in READERS]
    assert rows >= 60
    assert all(got == rows and seconds > 0 and ratio > 0 for got, _, seconds, ratio in results)
    assert results[0][3] == 1.0  # the baseline against itself


def test_benchmark_runs_every_exported_layout(tmp_path: Path) -> None:
    results = run_styles([40], tmp_path)
    assert [style for _, style, _, _, _ in results] == [
        style for style in STYLES for _ in STYLE_READERS]
    assert all(seconds > 0 and ratio > 0 for _, _, _, seconds, ratio in results)
    assert all(ratio == 1.0 for _, _, name, _, ratio in results if "baseline" in name)
