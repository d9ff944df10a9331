"""The demo's check: a month in an exported register layout, through the command line and
the workbook, agrees with the ground truth, and a disagreement fails the run."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gst_ims import demo


def test_demo_check_passes_for_a_columnar_register_and_fails_on_a_wrong_truth(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "demo"
    assert demo.main(["--register-style", "tally-columnar", "--docs", "120", "--no-render",
                      "--check", "--folder", str(folder)]) == 0
    workbook, truth = folder / "GST_IMS_Reconciler.xlsm", folder / "input" / "truth.csv"
    assert demo.disagreements(workbook, truth) == []
    wrong = pd.read_csv(truth, dtype=str, keep_default_na=False)
    wrong.loc[wrong["expected_category"] == "Matched", "expected_category"] = "Mismatched"
    wrong.to_csv(truth, index=False)
    found = demo.disagreements(workbook, truth)
    assert [line.split(":")[0] for line in found] == ["Matched", "Mismatched"]
