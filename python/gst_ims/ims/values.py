"""Value normalisation of one IMS record's fields: each raw JSON value -> (value for the
frame, warning or None), behind a cache per field (a month has few distinct codes), plus
amounts to paise and document numbers to text."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from gst_ims.domain.documents import Action, FilingStatus
from gst_ims.domain.gstin import POS_CODES, normalise_gstin
from gst_ims.domain.money import decimal_to_paise, within_limit
from gst_ims.domain.safe_text import shown
from gst_ims.ims.fields import (
    ACTION_SPELLINGS,
    FILING_STATUS_SPELLINGS,
    FLAG_SPELLINGS,
    INV_TYPES,
    SRC_FORMS,
)

MAX_PAISE: Final = 10**17  # far above the portal's 9999999999999.99 and below int64
_PERIOD = re.compile(r"^(0[1-9]|1[0-2])((19|20)\d\d)?$")
_POS_PREFIX = re.compile(r"^(\d{1,2})(\s*-.*)?$")

Normalised = tuple[Any, str | None]  # (value for the frame, warning message or None)


def text_of(value: Any) -> str:
    return value.strip() if isinstance(value, str) else str(value)


def normalise_action(value: Any) -> Normalised:
    if value is None or (isinstance(value, str) and not value.strip()):
        return Action.NO_ACTION.value, "action is empty; taken as N (no action)"
    text = text_of(value)
    spelled = ACTION_SPELLINGS.get(text.upper())
    if spelled is not None:
        return spelled.value, None
    try:
        return Action.parse(text).value, None
    except ValueError:
        return None, f"unknown action '{text}'; expected A, R, P or N"


def normalise_filing(value: Any) -> Normalised:
    if isinstance(value, bool):
        return (FilingStatus.FILED if value else FilingStatus.NOT_FILED).value, None
    status = FILING_STATUS_SPELLINGS.get(text_of(value).upper())
    if status is None:
        return "", f"unknown filing status '{value}'; left blank"
    return status.value, None


def normalise_flag(value: Any) -> Normalised:
    if isinstance(value, bool):
        return value, None
    flag = FLAG_SPELLINGS.get(text_of(value).upper())
    if flag is None:
        return False, f"'{value}' is not Y or N; taken as N"
    return flag, None


def normalise_inverted_flag(value: Any) -> Normalised:
    flag, message = normalise_flag(value)
    return not flag, message


def normalise_pos(value: Any) -> Normalised:
    text = text_of(value)
    match = _POS_PREFIX.match(text)
    if match:
        code = match.group(1).zfill(2)
        if code in POS_CODES:
            note = None if code == text else f"place of supply '{text}' read as '{code}'"
            return code, note
    return text, f"unknown place-of-supply code '{text}'; kept as is"


def normalise_inv_type(value: Any) -> Normalised:
    text = text_of(value).upper()
    if text in INV_TYPES:
        return text, None
    return text, f"unknown invoice type '{value}'; expected R, DE, SEWP, SEWOP or CBW"


def normalise_src_form(value: Any) -> Normalised:
    text = text_of(value)
    if text.upper() in SRC_FORMS:
        return text, None
    return text, f"unknown source form '{text}'; expected R1, R1A, IFF or R5"


def normalise_period(value: Any) -> Normalised:
    text = text_of(value)
    # The portal dialect is reported to carry a bare MM on the upload side (formats.md:
    # Record fields): accepted.
    if _PERIOD.match(text):
        return text, None
    return text, f"return period '{text}' is not MMYYYY"


def normalise_gstin_text(value: Any) -> Normalised:
    return normalise_gstin(value), None


class Lookup:
    """A cached normaliser: raw JSON value -> (frame value, warning or None)."""

    def __init__(self, normalise: Callable[[Any], Normalised]) -> None:
        self._normalise = normalise
        self._cache: dict[Any, Normalised] = {}

    def __call__(self, value: Any) -> Normalised:
        try:
            return self._cache[value]
        except KeyError:
            result: Normalised = self._normalise(value)
            self._cache[value] = result
            return result
        except TypeError:  # a list or object where a scalar belongs
            return self._normalise(shown(value))


def paise_of(value: Any) -> int | None:
    """A JSON amount -> paise; None when it is no number. Numeric text is accepted."""
    kind = type(value)
    if kind is int:
        paise = value * 100
    elif kind is float:
        # A payload parsed without `loads_exact`: the shortest repr is the text the JSON
        # had for any amount with at most 2 decimals.
        if value != value or value in (float("inf"), float("-inf")):
            return None
        paise = decimal_to_paise(Decimal(repr(value)))
    elif kind is Decimal:
        if not within_limit(value):
            return None
        paise = decimal_to_paise(value)
    elif kind is str:
        try:
            number = Decimal(value.strip()[:64])
        except InvalidOperation:
            return None
        if not within_limit(number):
            return None
        paise = decimal_to_paise(number)
    else:
        return None
    return paise if abs(paise) < MAX_PAISE else None


def doc_number(value: Any) -> str | None:
    """A document number as text exactly as in the file; None when missing or blank."""
    if isinstance(value, str):
        return value if value.strip() else None
    if type(value) is int or type(value) is Decimal:
        return str(value)
    return None

