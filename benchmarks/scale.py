"""The scale statement of the benchmarks: from measured (documents, seconds) points, the
largest month that stays under a time budget."""

from __future__ import annotations

from collections.abc import Sequence


def largest_under(points: Sequence[tuple[int, float]], budget: float) -> int:
    """The largest size whose time stays under `budget` seconds, on the straight line
    through the two largest measured (size, seconds) points (times grow about linearly
    with the documents; beyond the points this is an extrapolation)."""
    ordered = sorted(points)
    if len(ordered) == 1:
        size, seconds = ordered[0]
        return int(size * budget / seconds)
    (n1, t1), (n2, t2) = ordered[-2], ordered[-1]
    slope = (t2 - t1) / (n2 - n1) if n2 != n1 else t2 / n2
    if slope <= 0:
        return n2
    return max(0, int(n2 + (budget - t2) / slope))
