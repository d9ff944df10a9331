"""Sharing equal values of a frame's columns keeps every value and dtype as it was."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pandas as pd

from gst_ims.domain.shared_values import share_repeated


def _ids(series: pd.Series) -> int:
    return len({id(value) for value in series.to_numpy(dtype=object) if value is not pd.NA})


def test_repeated_texts_and_dates_become_one_object_each_with_values_and_dtypes_kept() -> None:
    texts = ["".join(["27AAACA", str(i % 3), "Z5"]) for i in range(30)]  # 30 new objects
    stamps = [pd.Timestamp(2024, 4, 1 + i % 2) for i in range(30)]
    frame = pd.DataFrame({
        "gstin": pd.Series([*texts[:-1], None], dtype="string"),
        "plain": pd.Series(texts, dtype=object),
        "stamp": pd.Series(stamps, dtype=object),
        "amount": range(30),
    })
    shared = share_repeated(frame)
    pd.testing.assert_frame_equal(shared, frame)
    assert shared["gstin"].isna().tolist() == frame["gstin"].isna().tolist()
    assert _ids(frame["gstin"]) == 29 and _ids(shared["gstin"]) == 3
    assert _ids(shared["plain"]) == 3 and _ids(shared["stamp"]) == 2
    assert _ids(frame["plain"]) == 30  # the input is not changed


def test_columns_whose_equal_values_differ_are_left_alone() -> None:
    east = timezone(timedelta(hours=5, minutes=30))
    moment = datetime(2024, 4, 1, 5, 30, tzinfo=east)
    frame = pd.DataFrame({
        "mixed": pd.Series([1, 1.0, True] * 4, dtype=object),
        "zones": pd.Series([moment, moment.astimezone(UTC)] * 6, dtype=object),
        "unique": pd.Series([f"INV-{i}" for i in range(12)], dtype=object),
    })
    shared = share_repeated(frame)
    for column in frame.columns:
        assert [type(v) for v in shared[column]] == [type(v) for v in frame[column]]
        assert [repr(v) for v in shared[column]] == [repr(v) for v in frame[column]]
