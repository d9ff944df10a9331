"""GSTIN validation with the real check-digit algorithm, state codes, and PAN from GSTIN.

A regular GSTIN is 15 characters: state code (2 digits), the holder's PAN (10), an entity
number (1), ``Z`` by default (1) and a check character (1) computed mod 36 over the first
14. Some registrations have GSTINs of other shapes that carry the same check character:
government departments registered on their TAN, UN bodies and embassies (UIN),
non-resident taxable persons and providers of online services from abroad (OIDAR, state
code 99). Their shapes are those the GST software of the ERP/GSP world checks (see
`SPECIAL_FORMATS`); a GSTIN of such a shape is valid and says which kind it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

import pandas as pd

GSTIN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_VALUE = {char: index for index, char in enumerate(GSTIN_ALPHABET)}

# The portal's pattern for a normal taxpayer's GSTIN (docs/formats.md: GSTIN), upper-cased.
GSTIN_PATTERN = re.compile(r"^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z][Z1-9A-J][0-9A-Z]$")
PAN_PATTERN = re.compile(r"^[A-Z]{5}[0-9]{4}[A-Z]$")

STATE_CODES: dict[str, str] = {
    "01": "Jammu and Kashmir", "02": "Himachal Pradesh", "03": "Punjab", "04": "Chandigarh",
    "05": "Uttarakhand", "06": "Haryana", "07": "Delhi", "08": "Rajasthan",
    "09": "Uttar Pradesh", "10": "Bihar", "11": "Sikkim", "12": "Arunachal Pradesh",
    "13": "Nagaland", "14": "Manipur", "15": "Mizoram", "16": "Tripura", "17": "Meghalaya",
    "18": "Assam", "19": "West Bengal", "20": "Jharkhand", "21": "Odisha",
    "22": "Chhattisgarh", "23": "Madhya Pradesh", "24": "Gujarat",
    "25": "Daman and Diu", "26": "Dadra and Nagar Haveli and Daman and Diu",
    "27": "Maharashtra", "28": "Andhra Pradesh (before 2014)", "29": "Karnataka", "30": "Goa",
    "31": "Lakshadweep", "32": "Kerala", "33": "Tamil Nadu", "34": "Puducherry",
    "35": "Andaman and Nicobar Islands", "36": "Telangana", "37": "Andhra Pradesh",
    "38": "Ladakh", "97": "Other Territory", "99": "Centre Jurisdiction",
}
# Place-of-supply codes add 96 (other country) to the state codes; 99 is a registration
# code (Centre Jurisdiction), never a place of supply.
POS_CODES: dict[str, str] = {
    **{code: name for code, name in STATE_CODES.items() if code != "99"},
    "96": "Other Country",
}

REGULAR: Final = "regular taxpayer"
# Shapes of the GSTINs that are not PAN-based regular ones, with what they belong to. A
# tax deductor's GSTIN with a PAN, and an e-commerce operator's (TCS) one, fit the
# regular pattern and are taken as regular.
SPECIAL_FORMATS: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    ("government department (TAN-based)",
     re.compile(r"^[0-9]{2}[A-Z]{4}[0-9]{5}[A-Z][0-9]Z[0-9A-Z]$")),
    ("tax deductor (TAN-based)",
     re.compile(r"^[0-9]{2}[A-Z]{4}[A-Z0-9][0-9]{4}[A-Z][1-9A-Z]D[0-9A-Z]$")),
    ("UN body or embassy (UIN)", re.compile(r"^[0-9]{4}[A-Z]{3}[0-9]{5}[UO]N[0-9A-Z]$")),
    ("non-resident taxable person", re.compile(r"^[0-9]{4}[A-Z]{3}[0-9]{5}NR[0-9A-Z]$")),
    ("online services provider from abroad (OIDAR)",
     re.compile(r"^99[0-9]{2}[A-Z]{3}[0-9]{5}OS[0-9A-Z]$")),
)


@dataclass(frozen=True, slots=True)
class GstinCheck:
    """Outcome of `check_gstin`: `ok`, or the first reason it fails in plain words;
    `kind` says whose GSTIN a valid one is (`REGULAR` or a `SPECIAL_FORMATS` name)."""

    ok: bool
    reason: str = ""
    kind: str = ""

    @property
    def regular(self) -> bool:
        """A valid, PAN-based GSTIN of a regular taxpayer (the only kind IMS serves)."""
        return self.ok and self.kind == REGULAR


def check_digit(first14: str) -> str:
    """The 15th character of a GSTIN whose first 14 characters are given (upper case)."""
    total = 0
    for position, char in enumerate(first14):
        product = _VALUE[char] * (1 if position % 2 == 0 else 2)
        total += product // 36 + product % 36
    return GSTIN_ALPHABET[(36 - total % 36) % 36]


def normalise_gstin(value: object) -> str:
    """Cell or JSON value -> upper-case GSTIN text with all white space removed."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return re.sub(r"\s+", "", str(value)).upper()


def check_gstin(value: object) -> GstinCheck:
    """Validate a GSTIN; the reason names what is wrong (length, format, state code,
    check digit) so that a user knows what to fix."""
    gstin = normalise_gstin(value)
    if not gstin:
        return GstinCheck(False, "GSTIN is empty")
    if len(gstin) != 15:
        return GstinCheck(False, f"GSTIN must be 15 characters, '{gstin}' has {len(gstin)}")
    kind = _kind_of(gstin)
    if not kind:
        return GstinCheck(
            False,
            f"'{gstin}' is not in GSTIN format (2-digit state code, 10-character PAN, "
            "entity number, Z, check character)",
        )
    if gstin[:2] not in STATE_CODES:
        return GstinCheck(False, f"'{gstin}' starts with '{gstin[:2]}', which is no state code")
    expected = check_digit(gstin[:14])
    if gstin[14] != expected:
        what = "" if kind == REGULAR else f" (shaped like the GSTIN of a {kind})"
        return GstinCheck(
            False, f"'{gstin}' fails the check digit{what} (last character should be "
            f"'{expected}')"
        )
    return GstinCheck(True, kind=kind)


def _kind_of(gstin: str) -> str:
    """`REGULAR`, a `SPECIAL_FORMATS` name, or "" when the text has no GSTIN shape."""
    if GSTIN_PATTERN.match(gstin):
        return REGULAR
    for kind, pattern in SPECIAL_FORMATS:
        if pattern.match(gstin):
            return kind
    return ""


def is_valid_gstin(value: object) -> bool:
    """True when `check_gstin` finds nothing wrong."""
    return check_gstin(value).ok


def pan_of(gstin: str) -> str:
    """The PAN inside a GSTIN (characters 3–12), or ``""`` when it is too short."""
    gstin = normalise_gstin(gstin)
    return gstin[2:12] if len(gstin) >= 12 else ""


def state_code_of(gstin: str) -> str:
    """The 2-digit state code a GSTIN starts with."""
    return normalise_gstin(gstin)[:2]


def make_gstin(state_code: str, pan: str, entity: str = "1") -> str:
    """A valid GSTIN for a state, PAN and entity number (used by the sample generator)."""
    first14 = f"{state_code}{pan}{entity}Z".upper()
    return first14 + check_digit(first14)


def gstin_problems(gstins: pd.Series) -> pd.Series:
    """For a Series of GSTIN text: the failure reason per row, ``""`` where valid.

    Checks each distinct value once, so a million rows from a few thousand suppliers
    cost a few thousand checks.
    """
    distinct = pd.unique(gstins.astype("string").fillna(""))
    reasons = {value: check_gstin(value).reason for value in distinct}
    return gstins.astype("string").fillna("").map(reasons).astype("string")
