"""Money as integer paise: exact, fast and free of float drift.

Frames hold every amount as int64 paise. Conversion happens only at the edges: JSON
numbers are parsed as `Decimal` from their text, cells are read through `parse_amount`
(books/), and amounts go out through `paise_to_decimal` / `format_inr`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PAISE_PER_RUPEE = 100
_ONE_PAISA = Decimal("0.01")
# Amounts from 10^15 rupees on are no document's: far above the portal's largest
# (9,99,99,99,99,999.99), and their paise still fit int64. Checked before any arithmetic.
AMOUNT_LIMIT_RUPEES = 10**15
_LIMIT = Decimal(AMOUNT_LIMIT_RUPEES)


def within_limit(amount: Decimal) -> bool:
    """True for a finite amount below `AMOUNT_LIMIT_RUPEES` in size."""
    return amount.is_finite() and -_LIMIT < amount < _LIMIT


def decimal_to_paise(amount: Decimal) -> int:
    """Rupees as a Decimal -> integer paise, rounding half away from zero at the paisa.

    Raises `ValueError` for NaN or infinity.
    """
    if not amount.is_finite():
        raise ValueError(f"not a finite amount: {amount}")
    return int((amount * PAISE_PER_RUPEE).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def text_to_paise(text: str) -> int:
    """Plain decimal text such as ``"1180.5"`` -> 118050. Raises `ValueError` otherwise,
    also for an amount beyond `AMOUNT_LIMIT_RUPEES`."""
    try:
        amount = Decimal(text.strip()[:64])
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {text[:64]!r}") from exc
    if not within_limit(amount):
        raise ValueError(f"not an amount: {text[:64]!r}")
    return decimal_to_paise(amount)


def paise_to_decimal(paise: int) -> Decimal:
    """Integer paise -> rupees as a 2-place Decimal (``118050`` -> ``Decimal('1180.50')``)."""
    return (Decimal(int(paise)) / PAISE_PER_RUPEE).quantize(_ONE_PAISA)


def paise_to_json_number(paise: int) -> int | float:
    """Integer paise -> the JSON number the portal writes: whole rupees as an int,
    otherwise a float that prints with at most 2 decimals (``118050`` -> ``1180.5``)."""
    rupees, rest = divmod(int(paise), PAISE_PER_RUPEE)
    if rest == 0:
        return rupees
    return float(paise_to_decimal(paise))


def group_indian(digits: str) -> str:
    """Group a string of digits the Indian way: ``"12345678"`` -> ``"1,23,45,678"``."""
    if len(digits) <= 3:
        return digits
    head, last3 = digits[:-3], digits[-3:]
    pairs: list[str] = []
    while len(head) > 2:
        pairs.insert(0, head[-2:])
        head = head[:-2]
    if head:
        pairs.insert(0, head)
    return ",".join([*pairs, last3])


def format_inr(paise: int, *, symbol: bool = True) -> str:
    """Integer paise -> ``₹1,23,456.78`` (Indian grouping; ``-₹12.00`` when negative)."""
    sign = "-" if paise < 0 else ""
    rupees, rest = divmod(abs(int(paise)), PAISE_PER_RUPEE)
    text = f"{group_indian(str(rupees))}.{rest:02d}"
    return f"{sign}{'₹' if symbol else ''}{text}"
