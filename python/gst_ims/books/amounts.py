"""A register's amount cells -> signed paise per line and per Books amount column.

Every column an amount is read from (`HeaderPlan.sources`: the field's own column, or its
ledger columns, or the single tax column) is parsed once, Dr / Cr included
(`drcr.parse_marked_amounts`); the sign rule (`drcr.line_sides`) puts each line on the
invoice or the return side; ledger columns are summed into their head; a single tax
column is split into heads (`tax_split.split_tax`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gst_ims.books.drcr import MarkedAmounts, line_sides, parse_marked_amounts, signed
from gst_ims.books.headers import HeaderPlan
from gst_ims.books.tax_split import split_tax
from gst_ims.domain.documents import AMOUNT_COLUMNS, CGST, DOC_VALUE, IGST, SGST


@dataclass(frozen=True)
class LineAmounts:
    """Per line (aligned with the table's rows).

    `paise`: Books amount column -> signed int64 paise (0 where blank or bad);
    `value_given`: the document value cell holds an amount; `any_amount`: some amount
    cell is filled; `bad`: source header -> cells that are no amount, and `cells`: source
    header -> its column (for quoting them); `side_conflict`: Dr and Cr disagree with no
    Dr/Cr on the document value; `unsplittable`: the single tax column's tax could not be
    split; `split_marker`: the 'Tax Split' text per line (None when nothing is split).
    """

    paise: dict[str, np.ndarray]
    value_given: np.ndarray
    any_amount: np.ndarray
    bad: dict[str, np.ndarray]
    cells: dict[str, pd.Series]
    side_conflict: np.ndarray
    unsplittable: np.ndarray
    split_marker: np.ndarray | None


def read_amounts(data: pd.DataFrame, plan: HeaderPlan, *, supplier_state: np.ndarray,
                 pos: np.ndarray, recipient_state: str) -> LineAmounts:
    """The register table (header texts as columns) and its `HeaderPlan` -> `LineAmounts`.
    `supplier_state` / `pos`: per line state codes (``""`` unknown), for the tax split."""
    size = len(data)
    sources = {name: plan.sources(name) for name in AMOUNT_COLUMNS}
    headers = [h for name in AMOUNT_COLUMNS for h in sources[name]]
    if plan.tax_column:
        headers.append(plan.tax_column)
    parsed: dict[str, MarkedAmounts] = {h: parse_marked_amounts(data[h])
                                       for h in dict.fromkeys(headers)}
    value_headers = sources[DOC_VALUE]
    party = parsed[value_headers[0]].side if len(value_headers) == 1 else None
    others = [parsed[h].side for h in parsed if h not in value_headers]
    sides = line_sides(party, others)

    def column(header: str) -> np.ndarray:
        got = parsed[header]
        return signed(got.parsed.paise.to_numpy(), got.side, sides.sign)

    paise: dict[str, np.ndarray] = {}
    for name in AMOUNT_COLUMNS:
        total = np.zeros(size, dtype=np.int64)
        for header in sources[name]:
            total += column(header)
        paise[name] = total
    unsplittable = np.zeros(size, dtype=bool)
    marker = None
    if plan.tax_column:
        split = split_tax(column(plan.tax_column), supplier_state, pos, recipient_state,
                          plan.tax_column)
        paise[IGST], paise[CGST], paise[SGST] = split.igst, split.cgst, split.sgst
        unsplittable, marker = split.unsplittable, split.marker
    value_given = np.zeros(size, dtype=bool)
    for header in value_headers:
        value_given |= ~parsed[header].parsed.blank.to_numpy()
    any_amount = np.zeros(size, dtype=bool)
    for got in parsed.values():
        any_amount |= ~got.parsed.blank.to_numpy()
    return LineAmounts(
        paise=paise, value_given=value_given, any_amount=any_amount,
        bad={h: got.parsed.bad.to_numpy() for h, got in parsed.items()},
        cells={h: data[h] for h in parsed}, side_conflict=sides.conflict,
        unsplittable=unsplittable, split_marker=marker,
    )
