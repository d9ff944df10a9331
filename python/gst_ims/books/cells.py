"""Cell values of a register -> exact amounts, dates and text, a whole column at a time.

Cells arrive as a spreadsheet reader gives them: `float`/`int` numbers, `str` text (often
Indian-grouped: ``"1,23,456.00"``, ``"(1,200.00)"``, ``"₹ 5,000"``, ``"Rs. 5,000"``, ``"-"``),
`date`/`datetime` objects, Excel serial numbers, or blanks (``None``, NaN, ``""``).

Money never goes through float arithmetic: a float cell whose shortest repr has at most two
decimals is exactly ``round(x * 100)`` (the float error is far below half a paisa), and any
other float goes through ``Decimal(repr(x))`` rounded half up, once per distinct value.
Text is parsed digit by digit. Dates are parsed once per distinct value (a register has a
few hundred distinct dates however many rows it has), always day-first: Indian registers
write dd/mm, so ``03/05/2024`` is 3 May, never 5 March.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Final

import numpy as np
import pandas as pd

from gst_ims.domain.money import decimal_to_paise

# Amounts beyond 10^13 rupees are no invoice; refusing them also keeps paise inside int64.
_MAX_INTEGER_DIGITS: Final = 13
_MAX_RUPEES: Final = 10.0**_MAX_INTEGER_DIGITS

_BLANK_TEXTS: Final = frozenset({"", "-", "–", "—", "nil", "none", "nan", "n/a", "na"})
_CURRENCY = re.compile(r"(?i)₹|\binr|\brs\.?")
_SPACES_AND_COMMAS = re.compile(r"[\s,\u00a0]+")
_PLAIN_NUMBER = re.compile(r"^(?P<int>\d*)(?:\.(?P<frac>\d*))?$")
_SCIENTIFIC = re.compile(r"^(?:\d+\.?\d*|\.\d+)[eE][+-]?\d{1,3}$")


# numpy ufuncs over object arrays: one C-level pass instead of a Python loop per cell.
_types = np.frompyfunc(type, 1, 1)
_IS_SPACE = np.frompyfunc(str.isspace, 1, 1)


@dataclass(frozen=True)
class ParsedAmounts:
    """Outcome of `parse_amounts`, aligned with its input.

    `paise`: int64, 0 where blank or bad; `blank`: the cell held nothing (or ``-``);
    `bad`: the cell held something that is no amount.
    """

    paise: pd.Series
    blank: pd.Series
    bad: pd.Series


@dataclass(frozen=True)
class ParsedDates:
    """Outcome of `parse_dates`: `dates` datetime64[ns] (NaT where blank or bad), `blank`,
    `bad`, aligned with the input."""

    dates: pd.Series
    blank: pd.Series
    bad: pd.Series


def _text_mask(values: pd.Series) -> pd.Series:
    """True where the cell is a str (exact type: what spreadsheet readers give)."""
    kinds = _types(values.to_numpy())
    return pd.Series(kinds == str, index=values.index, dtype=bool)  # noqa: E721


def _as_object(values: pd.Series) -> pd.Series:
    """Cells as an object Series with every kind of missing (NaN, NaT, pd.NA) as None, so
    that comparisons never meet pd.NA's ambiguous truth value."""
    obj = values.astype(object)
    missing = obj.isna()
    if missing.any():
        obj = obj.where(~missing, None)
    return obj


def blank_cells(values: pd.Series) -> pd.Series:
    """True where a cell holds nothing: None, NaN, NaT, pd.NA or only white space."""
    cells = _as_object(values).to_numpy()
    blank = np.asarray(pd.isna(cells), dtype=bool) | (cells == "")
    texts = _types(cells) == str  # noqa: E721 - exact type test on a numpy array
    spaced = texts & ~blank
    if spaced.any():
        blank[spaced] = np.asarray(_IS_SPACE(cells[spaced]), dtype=bool)
    return pd.Series(blank, index=values.index, dtype=bool)


def _float_paise(floats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Float cells -> (paise, bad). See the module docstring for why this is exact."""
    paise = np.zeros(len(floats), dtype=np.int64)
    bad = ~np.isfinite(floats) | (np.abs(np.nan_to_num(floats)) >= _MAX_RUPEES)
    ok = ~bad
    scaled = floats[ok] * 100.0
    nearest = np.round(scaled)
    exact = np.abs(scaled - nearest) < 1e-6
    values = nearest.astype(np.int64)
    ok_positions = np.flatnonzero(ok)
    inexact = ok_positions[~exact]
    if len(inexact):
        distinct = {float(x): decimal_to_paise(Decimal(repr(float(x)))) for x in
                    np.unique(floats[inexact])}
        values[~exact] = [distinct[float(x)] for x in floats[inexact]]
    paise[ok_positions] = values
    return paise, bad


def _text_paise(texts: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Text cells -> (paise, blank, bad), vectorised over the column."""
    cleaned = texts.astype("string").str.strip()
    blank = cleaned.str.casefold().isin(_BLANK_TEXTS).fillna(True)
    cleaned = cleaned.str.replace(_CURRENCY, "", regex=True)
    cleaned = cleaned.str.replace(_SPACES_AND_COMMAS, "", regex=True)
    # "(1,200.00)" and a trailing minus (some ledgers print "1,200.00-") are negatives.
    bracketed = cleaned.str.match(r"^\(.*\)$").fillna(False)
    cleaned = cleaned.mask(bracketed, cleaned.str.slice(1, -1))
    trailing_minus = cleaned.str.match(r"^[^-+].*-$").fillna(False)
    cleaned = cleaned.mask(trailing_minus, cleaned.str.slice(0, -1))
    signs = cleaned.str.slice(0, 1)
    minus = signs == "-"
    cleaned = cleaned.mask(signs.isin(["-", "+"]), cleaned.str.slice(1))
    # A second sign, brackets around a signed number, or both forms at once is no amount.
    conflicting = (bracketed.astype(int) + trailing_minus.astype(int) + minus.astype(int)) > 1
    negative = (bracketed | trailing_minus | minus).fillna(False)

    parts = cleaned.str.extract(_PLAIN_NUMBER)
    integer = parts["int"].fillna("")
    fraction = parts["frac"].fillna("")
    plain = (
        parts["int"].notna()
        & ((integer.str.len() > 0) | (fraction.str.len() > 0))
        & (integer.str.len() <= _MAX_INTEGER_DIGITS)
        & ~conflicting
    ).fillna(False) & ~blank

    paise = pd.Series(0, index=texts.index, dtype="int64")
    if plain.any():
        whole = integer[plain].replace("", "0").astype("int64")
        digits = fraction[plain].str.pad(3, side="right", fillchar="0")
        hundredths = digits.str.slice(0, 2).astype("int64")
        # Round half up at the paisa: the third decimal alone decides (5..9 rounds up).
        round_up = (digits.str.slice(2, 3) >= "5").astype("int64")
        paise[plain] = whole * 100 + hundredths + round_up

    # Scientific notation (1.2E+05, from a CSV saved by Excel) goes through Decimal, once
    # per distinct text; anything else left over is no amount.
    leftover = (~plain & ~blank & ~conflicting & cleaned.str.match(_SCIENTIFIC)).fillna(False)
    bad = pd.Series(False, index=texts.index)
    if leftover.any():
        distinct = pd.unique(cleaned[leftover].astype(str))
        decoded = {text: _decimal_text_paise(text) for text in distinct}
        values = cleaned[leftover].astype(str).map(decoded)
        bad[leftover] = values.isna()
        paise[leftover] = values.fillna(0).astype("int64")
    bad |= ~plain & ~blank & ~leftover
    paise = paise.where(~negative, -paise)
    paise[blank | bad] = 0
    return paise, blank.astype(bool), bad.astype(bool)


def _decimal_text_paise(text: str) -> int | None:
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if not amount.is_finite() or abs(amount) >= Decimal(10) ** _MAX_INTEGER_DIGITS:
        return None
    return decimal_to_paise(amount)


def parse_amounts(values: pd.Series) -> ParsedAmounts:
    """A column of amount cells -> exact integer paise (int64), signs kept.

    Blank cells (and ``-``, ``nil``) give 0 with `blank` set; cells that are no amount give 0
    with `bad` set, so the caller can name them.
    """
    obj = _as_object(values).reset_index(drop=True)
    kinds = obj.map(type)
    paise = np.zeros(len(obj), dtype=np.int64)
    blank = obj.isna().to_numpy(copy=True)
    bad = np.zeros(len(obj), dtype=bool)

    numeric = (kinds.isin([float, int, np.float64, np.int64]) & ~obj.isna()).to_numpy()
    if numeric.any():
        got, wrong = _float_paise(obj[numeric].astype("float64").to_numpy())
        paise[numeric] = got
        bad[numeric] = wrong

    texts = _text_mask(obj).to_numpy()
    if texts.any():
        got_text, blank_text, bad_text = _text_paise(obj[texts])
        paise[texts] = got_text.to_numpy()
        blank[texts] = blank_text.to_numpy()
        bad[texts] = bad_text.to_numpy()

    other = ~(numeric | texts | blank)
    bad[other] = True  # booleans, dates, times in an amount column
    index = values.index
    return ParsedAmounts(
        pd.Series(paise, index=index, dtype="int64"),
        pd.Series(blank, index=index, dtype=bool),
        pd.Series(bad, index=index, dtype=bool),
    )


def parse_amount(value: object) -> int:
    """One cell -> integer paise (blank -> 0). Raises `ValueError` when it is no amount."""
    parsed = parse_amounts(pd.Series([value], dtype=object))
    if bool(parsed.bad.iloc[0]):
        raise ValueError(f"{value!r} is not an amount")
    return int(parsed.paise.iloc[0])


# --- dates ---------------------------------------------------------------------------
_MONTHS: Final = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_TIME_SUFFIX = re.compile(
    r"(?i)(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:am|pm)?(?:Z|[+-]\d{2}:?\d{2})?)$"
)
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$")
_YEAR_FIRST = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DAY_MONTH_NAME = re.compile(
    r"^(\d{1,2})(?:st|nd|rd|th)?[-/. ]*([A-Za-z]{3,9})[-/., ]*(\d{4}|\d{2})$"
)
_MONTH_NAME_DAY = re.compile(r"^([A-Za-z]{3,9})[-/. ]*(\d{1,2})(?:st|nd|rd|th)?[-/., ]+(\d{4})$")
_EIGHT_DIGITS = re.compile(r"^\d{8}$")
_SERIAL_TEXT = re.compile(r"^\d{5}(?:\.0+)?$")

# Excel's 1900 date system counts 1900 as a leap year (a Lotus bug kept for compatibility):
# serial 60 is the non-existent 29-02-1900, and serials from 61 on are one day ahead.
_EXCEL_EPOCH: Final = date(1899, 12, 30)
_MAX_SERIAL: Final = 2958465  # 31-12-9999


def _year(text: str) -> int:
    # Two-digit years follow Excel's own window: 00-29 -> 20xx, 30-99 -> 19xx.
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 30 else 1900
    return year


def excel_serial_to_date(serial: float) -> date:
    """An Excel (1900 system) serial day number -> date; the time of day is dropped."""
    if not math.isfinite(serial) or serial < 1 or serial >= _MAX_SERIAL + 1:
        raise ValueError(f"{serial!r} is not an Excel date serial")
    days = math.floor(serial)
    if days == 60:
        raise ValueError("serial 60 is 29-02-1900, a day that never existed")
    if days < 60:
        days += 1
    return _EXCEL_EPOCH + timedelta(days=days)


def _from_number(number: float) -> date:
    # A yyyymmdd number (SAP exports write dates so) is far beyond any Excel serial.
    if 19000101 <= number <= 29991231 and number == int(number):
        text = str(int(number))
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    return excel_serial_to_date(number)


def _from_text(raw: str) -> date:
    text = _TIME_SUFFIX.sub("", raw.strip()).strip()
    if match := _DAY_FIRST.match(text):
        day, month, year = match.groups()
        return date(_year(year), int(month), int(day))
    if match := _YEAR_FIRST.match(text):
        year, month, day = match.groups()
        return date(int(year), int(month), int(day))
    if match := _DAY_MONTH_NAME.match(text):
        day, month_name, year = match.groups()
        return date(_year(year), _month_number(month_name), int(day))
    if match := _MONTH_NAME_DAY.match(text):
        month_name, day, year = match.groups()
        return date(int(year), _month_number(month_name), int(day))
    if _EIGHT_DIGITS.match(text):
        if text[:2] in ("19", "20", "21"):
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        return date(int(text[4:]), int(text[2:4]), int(text[:2]))
    if _SERIAL_TEXT.match(text):
        return excel_serial_to_date(float(text))
    raise ValueError(f"'{raw}' is not a date (write it as dd-mm-yyyy)")


def _month_number(name: str) -> int:
    try:
        return _MONTHS[name.casefold()]
    except KeyError:
        raise ValueError(f"'{name}' is not a month") from None


_EARLIEST: Final = date(1900, 1, 1)
_LATEST: Final = date(2199, 12, 31)


def parse_date(value: object) -> date | None:
    """One cell -> date, day-first; None for a blank cell. Raises `ValueError` (with a
    plain reason) for anything that is no date, including days that do not exist and
    years outside 1900-2199 (no GST document is dated there; it is a typing slip)."""
    got = _parse_date(value)
    if got is not None and not _EARLIEST <= got <= _LATEST:
        raise ValueError(f"{value!r} gives {got.isoformat()}, outside 1900-2199")
    return got


def _parse_date(value: object) -> date | None:
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a date")
    if isinstance(value, datetime):  # also pd.Timestamp
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float | np.integer | np.floating):
        if isinstance(value, float | np.floating) and math.isnan(value):
            return None
        return _from_number(float(value))
    if isinstance(value, str):
        if value.strip() == "":
            return None
        try:
            return _from_text(value)
        except ValueError as exc:
            if "is not a" in str(exc) or "never existed" in str(exc):
                raise
            raise ValueError(f"'{value.strip()}' is not a real date ({exc})") from None
    raise ValueError(f"{value!r} is not a date")


def parse_dates(values: pd.Series) -> ParsedDates:
    """A column of date cells -> datetime64[ns] at midnight, parsing each distinct cell once."""
    obj = _as_object(values)
    codes, uniques = pd.factorize(obj, use_na_sentinel=True)
    parsed: list[date | None] = []
    failed: list[bool] = []
    empty: list[bool] = []
    for value in uniques:
        try:
            got = parse_date(value)
        except (ValueError, OverflowError):
            parsed.append(None)
            failed.append(True)
            empty.append(False)
            continue
        parsed.append(got)
        failed.append(False)
        empty.append(got is None)
    lookup = pd.to_datetime(pd.Series(parsed, dtype=object)).astype("datetime64[ns]")
    lookup_dates = np.append(lookup.to_numpy(), np.datetime64("NaT", "ns"))
    take = np.where(codes < 0, len(uniques), codes)
    dates = pd.Series(lookup_dates[take], index=values.index).astype("datetime64[ns]")
    bad = pd.Series(np.append(np.array(failed, dtype=bool), False)[take], index=values.index)
    blank = pd.Series(np.append(np.array(empty, dtype=bool), True)[take], index=values.index)
    return ParsedDates(dates, blank, bad)


# --- periods -------------------------------------------------------------------------
_PERIOD_MONTHS: Final = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_PERIOD_NUMERIC = re.compile(r"^(\d{1,2})[-/. ]?((?:19|20)\d\d)$")
_PERIOD_NAMED = re.compile(r"^([a-z]{3})[a-z]*[-/. ,']*(\d{2}|\d{4})$")


def parse_period(value: object) -> str | None:
    """One period cell -> ``"MM-YYYY"``; None when blank. Takes ``11-2024``, ``112024``,
    ``11/2024``, ``Nov-2024``, ``November 2024``, ``Nov-24`` and dates (their month).
    Raises `ValueError` for anything else."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, datetime | date | pd.Timestamp):
        return f"{value.month:02d}-{value.year}"
    text = str(value).strip().lower()
    if not text:
        return None
    numeric = _PERIOD_NUMERIC.match(text)
    if numeric and 1 <= int(numeric.group(1)) <= 12:
        return f"{int(numeric.group(1)):02d}-{numeric.group(2)}"
    named = _PERIOD_NAMED.match(text)
    if named and named.group(1) in _PERIOD_MONTHS:
        year = int(named.group(2))
        year = year + 2000 if year < 100 else year
        return f"{_PERIOD_MONTHS[named.group(1)]:02d}-{year}"
    as_date = parse_date(value)
    if as_date is None:
        return None
    return f"{as_date.month:02d}-{as_date.year}"


def parse_periods(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A column of period cells -> (``MM-YYYY`` string Series with <NA> where blank or bad,
    bool Series: the cell is not a period). Each distinct cell is parsed once."""
    obj = _as_object(values)
    codes, uniques = pd.factorize(obj, use_na_sentinel=True)
    parsed: list[str | None] = []
    failed: list[bool] = []
    for value in uniques:
        try:
            parsed.append(parse_period(value))
            failed.append(False)
        except (ValueError, OverflowError):
            parsed.append(None)
            failed.append(True)
    take = np.where(codes < 0, len(uniques), codes)
    lookup = np.array([*parsed, None], dtype=object)
    periods = pd.Series(lookup[take], index=values.index, dtype="string")
    bad = pd.Series(np.append(np.array(failed, dtype=bool), False)[take], index=values.index)
    return periods, bad


# --- text ----------------------------------------------------------------------------
def cell_texts(values: pd.Series) -> pd.Series:
    """A column of cells -> ``string`` text as the user sees it: strings stripped, a whole
    number cell without its ``.0`` (``123.0`` -> ``"123"``, so a number typed into a
    General cell reads back as typed), blanks as ``""``. Text such as ``"00123"`` is kept
    exactly."""
    obj = _as_object(values)
    kinds = obj.map(type)
    out = pd.Series("", index=obj.index, dtype="string")
    texts = _text_mask(obj)
    if texts.any():
        out[texts] = obj[texts].astype("string").str.strip()
    numbers = kinds.isin([float, int, np.float64, np.int64]) & ~obj.isna()
    if numbers.any():
        floats = obj[numbers].astype("float64")
        whole = pd.Series(
            np.isfinite(floats) & (floats == np.floor(floats)) & (floats.abs() < 2**53),
            index=floats.index, dtype=bool,
        ).reindex(obj.index, fill_value=False)
        out[numbers & whole] = floats[whole[numbers]].astype("int64").astype("string")
        fractional = numbers & ~whole
        if fractional.any():
            out[fractional] = obj[fractional].map(repr).astype("string")
    others = ~texts & ~numbers & ~obj.isna()
    if others.any():
        out[others] = obj[others].map(_other_text).astype("string")
    return out


def _other_text(value: object) -> str:
    if isinstance(value, datetime) and (value.hour, value.minute, value.second) == (0, 0, 0):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.strftime("%d-%m-%Y")
    return str(value)
