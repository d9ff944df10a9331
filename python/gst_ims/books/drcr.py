"""Dr / Cr on amount cells, and the one rule that turns them into a document's sign.

Busy, hand-kept and some Tally registers write the side of the entry next to an amount:
``"1,18,000.00 Cr"``, ``"5,000.00 Dr"``, ``"5,000.00Dr."``, ``"Dr. 5,000"``, ``"CR 1,180"``.
`parse_marked_amounts` reads such a column: the amount without its marker (exact paise,
through `cells.parse_amounts`) and the side, +1 for Cr, -1 for Dr, 0 for none. A cell with
a marker and a sign of its own (``"-5,000 Dr"``, ``"(5,000) Cr"``) or with two markers is
no amount.

THE SIGN RULE of a purchase register (written here and nowhere else):

1. The document value is the party's (the supplier's) column. Cr on it is the normal side
   of a purchase: the supplier is credited, the line is an invoice. Dr on it means the
   supplier is debited: a purchase return, i.e. the supplier's credit note.
2. Without Dr/Cr on the document value, a line whose every marked amount is Cr is an
   invoice and a line whose every marked amount is Dr is a return. (So a double-entry
   layout, party Cr beside purchase and tax ledgers Dr, reads as an invoice by rule 1.)
3. Dr and Cr together on a line whose document value carries neither is read as an
   invoice, and the reader warns.

The line's side is then every amount's side: a marked amount takes it as it is, an
unmarked amount is multiplied by it (a minus written on such an amount sets it against
the line, which the reader reports as mixed signs). A line without any marker keeps the
signs as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from gst_ims.books.cells import ParsedAmounts, parse_amounts

CR: Final = 1
DR: Final = -1
_HAS_MARKER = re.compile(r"(?i)\b(?:dr|cr)\b|\d(?:dr|cr)\.?\s*$")
_MARKED = re.compile(
    r"(?i)^\s*(?:(?P<pre>dr|cr)\b\.?\s*)?(?P<body>.*?)\s*(?:(?<![a-z])(?P<post>dr|cr)\.?)?\s*$")
_SIGNED_BODY = re.compile(r"^\s*[-+(]|[-)]\s*$")
_types = np.frompyfunc(type, 1, 1)
# A text no amount parser accepts: what a conflicting marked cell becomes.
_NOT_AN_AMOUNT: Final = "\u0000not an amount"


@dataclass(frozen=True)
class MarkedAmounts:
    """A column of amount cells read with their Dr / Cr markers.

    `parsed`: paise as `parse_amounts` gives them, the marker removed (so a marked cell's
    paise are its positive size); `side`: int8 per cell, `CR`, `DR` or 0.
    """

    parsed: ParsedAmounts
    side: np.ndarray


def parse_marked_amounts(values: pd.Series) -> MarkedAmounts:
    """Amount cells, some perhaps written with Dr / Cr -> `MarkedAmounts` (module doc).

    Text cells are parsed once per distinct text (a column of amounts repeats many of
    them); number cells go straight to `cells.parse_amounts`."""
    obj = values.astype(object)
    cells = obj.to_numpy()
    texts = np.asarray(_types(cells) == str, dtype=bool)  # noqa: E721
    if not texts.any():
        return MarkedAmounts(parse_amounts(values), np.zeros(len(values), dtype=np.int8))
    # Spreadsheet readers give empty cells as "": blank, and not worth the text parser.
    others = parse_amounts(obj.where(~texts, None))
    codes, distinct = pd.factorize(cells[texts])
    parsed, sides = _parse_texts(pd.Series(distinct, dtype=object))
    paise, blank, bad = (others.paise.to_numpy().copy(), others.blank.to_numpy().copy(),
                         others.bad.to_numpy().copy())
    paise[texts] = parsed.paise.to_numpy()[codes]
    blank[texts] = parsed.blank.to_numpy()[codes]
    bad[texts] = parsed.bad.to_numpy()[codes]
    side = np.zeros(len(values), dtype=np.int8)
    side[texts] = sides[codes]
    index = values.index
    return MarkedAmounts(ParsedAmounts(pd.Series(paise, index=index, dtype="int64"),
                                       pd.Series(blank, index=index, dtype=bool),
                                       pd.Series(bad, index=index, dtype=bool)), side)


def _parse_texts(texts: pd.Series) -> tuple[ParsedAmounts, np.ndarray]:
    """Distinct text cells -> their amounts without markers, and their sides."""
    side = np.zeros(len(texts), dtype=np.int8)
    text = texts.astype("string")
    marked = text.str.contains(_HAS_MARKER, regex=True).fillna(False).to_numpy(dtype=bool)
    if not marked.any():
        return parse_amounts(texts), side
    parts = text[marked].str.extract(_MARKED)
    pre = parts["pre"].str.casefold()
    post = parts["post"].str.casefold()
    word = pre.fillna(post)
    body = parts["body"].fillna("")
    conflict = (pre.notna() & post.notna()) | body.str.contains(_SIGNED_BODY, regex=True)
    conflict |= body.str.strip() == ""
    cleaned = body.where(~conflict.fillna(True), _NOT_AN_AMOUNT)
    unmarked = texts.copy()
    unmarked.iloc[np.flatnonzero(marked)] = cleaned.astype(object).to_numpy()
    side[marked] = np.where(word.to_numpy(dtype=object) == "cr", CR, DR)
    return parse_amounts(unmarked), side


@dataclass(frozen=True)
class LineSides:
    """What the sign rule decided per line: `sign` int8 (+1 invoice side, -1 return side,
    0 no marker on the line); `conflict`: Dr and Cr on a line whose document value has
    neither (rule 3)."""

    sign: np.ndarray
    conflict: np.ndarray


def line_sides(party: np.ndarray | None, others: list[np.ndarray]) -> LineSides:
    """Per line: the side of the document value column (`party`, None when the register
    has none) and of every other amount column -> `LineSides` by the sign rule."""
    size = len(party) if party is not None else (len(others[0]) if others else 0)
    any_cr = np.zeros(size, dtype=bool)
    any_dr = np.zeros(size, dtype=bool)
    for side in ([party] if party is not None else []) + others:
        any_cr |= side == CR
        any_dr |= side == DR
    sign = np.where(any_dr & ~any_cr, DR, np.where(any_cr | any_dr, CR, 0)).astype(np.int8)
    conflict = any_cr & any_dr
    if party is not None:
        by_party = party != 0
        sign = np.where(by_party, party, sign).astype(np.int8)
        conflict &= ~by_party
    return LineSides(sign, conflict)


def signed(paise: np.ndarray, side: np.ndarray, sign: np.ndarray) -> np.ndarray:
    """A column's paise on each line's side: marked cells (side != 0) are sizes taken on
    the line's side; unmarked cells are multiplied by it; lines without a marker (sign 0)
    keep the paise as written."""
    size = np.where(side != 0, np.abs(paise), paise)
    return np.where(sign != 0, size * sign, paise).astype(np.int64)
