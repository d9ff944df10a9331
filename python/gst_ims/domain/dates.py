"""Dates and periods in the GST sense: dd-mm-yyyy text, Indian fiscal years (April–March),
return periods MMYYYY."""

from __future__ import annotations

import re
from datetime import date, datetime

import pandas as pd

_DDMMYYYY = re.compile(r"^(\d{2})-(\d{2})-(\d{4})$")


def parse_ddmmyyyy(text: str) -> date:
    """``"05-11-2024"`` -> ``date(2024, 11, 5)``; `ValueError` for any other shape or a
    date that does not exist."""
    match = _DDMMYYYY.match(text.strip())
    if not match:
        raise ValueError(f"date '{text}' is not dd-mm-yyyy")
    day, month, year = (int(part) for part in match.groups())
    return date(year, month, day)


def format_ddmmyyyy(value: date | datetime | pd.Timestamp) -> str:
    """A date -> ``dd-mm-yyyy`` text, the only date form the portal accepts."""
    return value.strftime("%d-%m-%Y")


def fiscal_year_start(value: date) -> int:
    """Calendar year in which the Indian fiscal year of `value` starts (Apr 2024 -> 2024,
    Mar 2025 -> 2024)."""
    return value.year if value.month >= 4 else value.year - 1


def fiscal_year_label(start_year: int) -> str:
    """``2024`` -> ``"2024-25"``."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def fiscal_year_starts(dates: pd.Series) -> pd.Series:
    """Vectorised `fiscal_year_start` for a datetime64 Series; missing dates give <NA>."""
    years: pd.Series = dates.dt.year.astype("Int64")
    shift: pd.Series = (dates.dt.month < 4).astype("Int64")
    return (years - shift).astype("Int64")


def parse_return_period(text: str) -> tuple[int, int]:
    """``"112024"`` (MMYYYY) -> ``(2024, 11)``; `ValueError` otherwise."""
    text = text.strip()
    if not re.fullmatch(r"(0[1-9]|1[0-2])(19|20)\d\d", text):
        raise ValueError(f"return period '{text}' is not MMYYYY")
    return int(text[2:]), int(text[:2])


def days_between(left: pd.Series, right: pd.Series) -> pd.Series:
    """Absolute whole days between two datetime64 Series (NaN where either is missing)."""
    delta: pd.Series = (left - right).dt.days
    return delta.abs()
