"""ITC at stake counts every IMS document not safely matched, suggestions included."""

from __future__ import annotations

import pandas as pd

from gst_ims.domain import documents as d
from gst_ims.sheets import results
from gst_ims.workbook import layout as lay


def test_suggested_documents_are_at_stake_until_confirmed() -> None:
    categories = ["Matched", "Mismatched", "Suggested", "Not in Books", "Not in IMS"]
    frame = pd.DataFrame({d.CATEGORY: categories})
    for head in d.TAX_HEADS:
        frame[lay.IMS_PREFIX + head] = [100, 200, 400, 800, 0] if head == d.IGST else 0
    assert results.itc_at_stake(frame) == 200 + 400 + 800
