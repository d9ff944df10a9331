"""Per-rate ledger columns: recognising them by pattern and choosing which to sum.

A columnar purchase register (Tally's columnar register, Busy's) has a column per ledger
instead of one per tax head: ``Input CGST @ 9%``, ``Input SGST @ 9%``, ``Input IGST @
18%``, ``CGST Input 2.5%``, ``IGST Input``, ``Cess on GST Input``, ``Add. Cess on GST
Input``; and the taxable value in purchase ledgers: ``Purchase @ 18%``, ``Purchase GST
12%``, ``Interstate Purchase @ 5%``, ``Purchase A/c``.

A header is a tax ledger of a head when its words are the head (CGST, SGST, UTGST, IGST,
Cess; UTGST is summed into SGST) and nothing but ledger words (input, tax, on GST,
ledger, account, amount, additional / compensation for cess), a rate and ``@`` / ``%``.
Any other word keeps it out: ``CGST Rate`` is a rate, ``RCM CGST`` / ``CGST Input
Available (RCM)`` reverse-charge tax, ``Output CGST`` a sales ledger, ``Availed ITC
Central Tax`` a claim. A ledger column is one with a ledger marker (input, a rate,
``on GST``, additional / compensation); a bare ``CGST`` or ``CGST Amount`` holds the
head's total.

Which columns are summed (`plan_ledgers`): when a head has a total column, that column
alone is read and its ledger columns are carried through (reported, never added twice);
otherwise every ledger column of the head is summed into it. Purchase ledgers are summed
into the taxable value only when the register has no taxable-value column.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from gst_ims.domain.documents import CESS, CGST, IGST, SGST, TAXABLE

_TOKENS = re.compile(r"[a-z]+|\d+(?:\.\d+)?|%|@")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_HEADS: Final = {"cgst": CGST, "sgst": SGST, "utgst": SGST, "igst": IGST, "cess": CESS}
_TAX_LEDGER_WORDS: Final = frozenset({
    "input", "tax", "on", "gst", "ledger", "a", "c", "ac", "account", "amount", "amt",
    "add", "additional", "comp", "compensation", "itc", "credit", "%", "@",
})
_LEDGER_MARKERS: Final = frozenset({"input", "on", "add", "additional", "comp",
                                    "compensation", "itc", "credit"})
_PURCHASE_WORDS: Final = frozenset({"purchase", "purchases"})
_PURCHASE_LEDGER_WORDS: Final = frozenset({
    "local", "interstate", "inter", "intra", "state", "within", "outside", "gst", "igst",
    "taxable", "of", "goods", "services", "service", "a", "c", "ac", "account", "ledger",
    "at", "%", "@",
})
SUMMABLE: Final[tuple[str, ...]] = (TAXABLE, IGST, CGST, SGST, CESS)


def _tokens(header: str) -> list[str]:
    return _TOKENS.findall(header.casefold())


def tax_ledger_head(header: str) -> str | None:
    """The tax head (igst / cgst / sgst / cess) a header's words name, when the header is
    a tax ledger or a head's total column (module doc); None otherwise."""
    tokens = _tokens(header)
    heads = {_HEADS[t] for t in tokens if t in _HEADS}
    if len(heads) != 1:
        return None
    rest = [t for t in tokens if t not in _HEADS]
    if any(not _NUMBER.match(t) and t not in _TAX_LEDGER_WORDS for t in rest):
        return None
    if sum(bool(_NUMBER.match(t)) for t in rest) > 1:
        return None
    return heads.pop()


def is_ledger_column(header: str) -> bool:
    """True for a tax ledger column (a head with a ledger marker: input, a rate, on GST,
    additional); False for a head's total column and anything else."""
    if tax_ledger_head(header) is None:
        return False
    rest = [t for t in _tokens(header) if t not in _HEADS]
    return any(t in _LEDGER_MARKERS or _NUMBER.match(t) for t in rest)


def is_purchase_ledger(header: str) -> bool:
    """True for a purchase ledger column (``Purchase @ 18%``, ``Interstate Purchase 12%``,
    ``Purchase A/c``); returns, imports, exempt or reverse-charge purchases are not."""
    tokens = _tokens(header)
    if not tokens or not _PURCHASE_WORDS & set(tokens):
        return False
    rest = [t for t in tokens if t not in _PURCHASE_WORDS]
    return all(_NUMBER.match(t) or t in _PURCHASE_LEDGER_WORDS for t in rest) and sum(
        bool(_NUMBER.match(t)) for t in rest) <= 1


@dataclass(frozen=True)
class LedgerPlan:
    """Which ledger columns are summed into which amount field (`sums`: field -> headers
    in sheet order, only fields summed from ledgers), and which ledger columns are left
    out because the head has a total column (`unsummed`: field -> headers)."""

    sums: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    unsummed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def plan_ledgers(headers: Sequence[str], header_map: Mapping[str, str],
                 taken: frozenset[str] = frozenset()) -> LedgerPlan:
    """The register's headers and its single-column fields (`header_map`) -> `LedgerPlan`.

    `taken`: headers already read as some other field (never a ledger)."""
    sums: dict[str, tuple[str, ...]] = {}
    unsummed: dict[str, tuple[str, ...]] = {}
    for name in SUMMABLE:
        if name == TAXABLE:
            ledgers = [h for h in headers if h not in taken and is_purchase_ledger(h)]
            total = header_map.get(TAXABLE)
        else:
            ledgers = [h for h in headers if (h not in taken or h == header_map.get(name))
                       and tax_ledger_head(h) == name and is_ledger_column(h)]
            total = header_map.get(name)
            if total is not None and total in ledgers:
                total = None  # "Input CGST" is a ledger itself: summed with its siblings
        if not ledgers:
            continue
        if total is not None:
            unsummed[name] = tuple(h for h in ledgers if h != total)
        else:
            sums[name] = tuple(ledgers)
    return LedgerPlan(sums, {k: v for k, v in unsummed.items() if v})
