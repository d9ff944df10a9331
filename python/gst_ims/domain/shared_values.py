"""One object per distinct value in a frame's text and date columns.

A reader builds each cell's value anew, so a million rows from a few thousand suppliers
hold a million equal GSTIN strings (about 60 bytes each). Pointing every row at one object
per distinct value keeps the values and the dtypes exactly as they were and frees the
copies.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import numpy as np
import pandas as pd

# Below this share of distinct values a column is worth sharing (a column of document
# numbers, unique per row, is left alone).
_DISTINCT_SHARE = 0.5


def share_repeated(frame: pd.DataFrame, columns: Iterable[str] | None = None
                   ) -> pd.DataFrame:
    """`frame` with each object or text column (of `columns`, default all) whose values
    repeat rebuilt so that equal values are one object: only columns of str values, or of
    naive dates and times (`_one_kind`), whose equal values are the same value (unlike
    ``1`` and ``1.0``, or one instant in two time zones). Missing values stay as they were. Returns
    a new frame; the input is not changed."""
    out = frame.copy(deep=False)
    for column in frame.columns if columns is None else columns:
        series = frame[column]
        if not (series.dtype == object or isinstance(series.dtype, pd.StringDtype)):
            continue
        values = series.to_numpy(dtype=object)
        # The distinct values factorize finds are the first objects of each.
        codes, distinct = pd.factorize(values)
        present = codes >= 0
        if len(distinct) > _DISTINCT_SHARE * len(values) or not _one_kind(values[present]):
            continue
        shared = values.copy()
        shared[present] = np.asarray(distinct, dtype=object)[codes[present]]
        out[column] = pd.Series(shared, index=series.index, dtype=series.dtype,
                                name=column)
    return out


def _one_kind(values: np.ndarray) -> bool:
    """All str, all naive `datetime.datetime`, or all naive `pandas.Timestamp` of one
    unit."""
    kinds = {type(value) for value in values}
    if kinds == {str}:
        return True
    if kinds == {pd.Timestamp}:
        return (all(value.tzinfo is None for value in values)
                and len({value.unit for value in values}) <= 1)
    return kinds == {datetime} and all(value.tzinfo is None for value in values)
