"""One tax column split into IGST or CGST + SGST.

Some registers (Zoho Books' bill export, many hand-kept sheets) hold all the GST of a line
in one column (``Tax Amount``). IMS states the heads, so the reader splits it: a supply is
inter-state, all IGST, when the place of supply lies in another state than the supplier's
(the first two digits of its GSTIN); intra-state, half CGST and half SGST/UTGST, when they
are the same state. Without a place of supply on the line, the recipient's own state (from
its GSTIN) stands in for it, as it does for goods delivered to the recipient. With neither,
the line cannot be split and is not read.

An odd paisa goes to SGST (CGST is the lower half). Every split is marked on the row
(`SPLIT_COLUMN`), never silent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

SPLIT_COLUMN: Final = "Tax Split"


@dataclass(frozen=True)
class SplitTax:
    """Heads in paise (int64, the total's sign kept), `unsplittable` lines (bool) and the
    per-line marker text for `SPLIT_COLUMN` ("" where nothing was split)."""

    igst: np.ndarray
    cgst: np.ndarray
    sgst: np.ndarray
    unsplittable: np.ndarray
    marker: np.ndarray


def split_tax(total: np.ndarray, supplier_state: np.ndarray, pos: np.ndarray,
              recipient_state: str, column: str) -> SplitTax:
    """Per line: tax paise `total`, the supplier's state code (``""`` unknown), the place
    of supply code (``""`` unknown), the recipient's state code (``""`` unknown) and the
    header of the tax column -> `SplitTax`."""
    supplier = np.asarray(supplier_state, dtype=object)
    place = np.asarray(pos, dtype=object)
    by_pos = place != ""
    basis = np.where(by_pos, place, recipient_state).astype(object)
    known = (basis != "") & (supplier != "")
    inter = known & (basis != supplier)
    size = np.abs(total)
    lower = size // 2
    sign = np.where(total < 0, -1, 1)
    igst = np.where(inter, total, 0).astype(np.int64)
    cgst = np.where(known & ~inter, lower * sign, 0).astype(np.int64)
    sgst = np.where(known & ~inter, (size - lower) * sign, 0).astype(np.int64)
    return SplitTax(igst, cgst, sgst, ~known & (total != 0),
                    _markers(column, inter, known, by_pos, supplier, basis))


def _markers(column: str, inter: np.ndarray, known: np.ndarray, by_pos: np.ndarray,
             supplier: np.ndarray, basis: np.ndarray) -> np.ndarray:
    """One sentence per distinct (head, basis, states), shared by the lines that have it."""
    keys = pd.DataFrame({"inter": inter, "pos": by_pos, "supplier": supplier, "basis": basis})
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(keys))
    texts: list[str] = []
    for is_inter, is_pos, state, other in uniques:
        heads = "IGST" if is_inter else "CGST + SGST"
        where = "place of supply" if is_pos else "your state (no place of supply)"
        relation = "differs from" if is_inter else "is"
        texts.append(f"{heads} derived from '{column}': {where} {other} {relation} the "
                     f"supplier's state {state}")
    table = np.array([*texts, ""], dtype=object)
    out = table[np.where(codes < 0, len(texts), codes)] if len(codes) else np.array([], object)
    return np.where(known, out, "").astype(object)
