"""Document-number normalisation in layers, over whole columns.

Each layer forgives one more kind of difference; a pair records the strictest layer at
which its numbers agree (`NumberLayer`). Layers (docs/formats.md: Matching):

0. as written   trim + upper case (the portal treats numbers case-insensitively)
1. separators   every character that is not a letter or digit dropped
2. leading zeros of every digit run dropped (``INV/0012`` = ``INV-12``)
3. fiscal year  tokens of the document's FY and the previous FY dropped, with and without
                separators (``INV/2024-25/12``, ``INV/2425/12`` -> ``INV12``)
4. digits only  letters dropped too (``VD-1001`` = ``1001``); only with same date + amounts
5. fuzzy        similar but not equal; the last digit run must be identical (suggest only)

Also: `last_run` (last digit run, zeros dropped; the fuzzy guard: ``BILL-23-00040`` and
``BILL-23-00045`` differ there), `confusable` (layer 3 with O->0, I/L->1; suggest only)
and `series` (layer 3 with the last digit run replaced by ``#``: ``SI-25-00895`` and
``SI-25-00900`` are two serials of the series ``SI25#``, so two different documents).
Every distinct (number, fiscal year) pair is normalised once.
"""

from __future__ import annotations

import re
from enum import IntEnum
from typing import Final

import numpy as np
import pandas as pd

_NOT_ALNUM: Final = r"[^0-9A-Z]+"
_LEADING_ZEROS: Final = r"(?<![0-9])0+(?=[0-9])"
_LAST_RUN: Final = r"([0-9]+)[^0-9]*$"
_CONFUSABLE: Final = str.maketrans({"O": "0", "I": "1", "L": "1"})
_NOT_ALNUM_RE: Final = re.compile(_NOT_ALNUM)
_LEADING_ZEROS_RE: Final = re.compile(_LEADING_ZEROS)
_LAST_RUN_RE: Final = re.compile(_LAST_RUN)
_DIGIT_RE: Final = re.compile(r"[0-9]")
_NOT_DIGIT_RE: Final = re.compile(r"[^0-9]+")

LAYER_COLUMNS: Final = ("n0", "n1", "n2", "n3", "digits", "last_run", "confusable", "series")


class NumberLayer(IntEnum):
    """How much normalisation a number match needed (lower is stricter)."""

    AS_WRITTEN = 0
    SEPARATORS = 1
    LEADING_ZEROS = 2
    FISCAL_YEAR = 3
    DIGITS_ONLY = 4
    FUZZY = 5
    IGNORED = 6

    @property
    def label(self) -> str:
        """Plain words for the `number_layer` column."""
        return _LAYER_LABELS[self]

    @property
    def explanation(self) -> str:
        """Sentence for a reason: what had to be forgiven for the numbers to agree."""
        return _LAYER_EXPLANATIONS[self]


_LAYER_LABELS: Final = {
    NumberLayer.AS_WRITTEN: "as written",
    NumberLayer.SEPARATORS: "separators ignored",
    NumberLayer.LEADING_ZEROS: "leading zeros ignored",
    NumberLayer.FISCAL_YEAR: "fiscal-year part ignored",
    NumberLayer.DIGITS_ONLY: "digits only",
    NumberLayer.FUZZY: "similar",
    NumberLayer.IGNORED: "not compared",
}
_LAYER_EXPLANATIONS: Final = {
    NumberLayer.AS_WRITTEN: "Document number matches as written",
    NumberLayer.SEPARATORS: "Document number matches after ignoring separators and case",
    NumberLayer.LEADING_ZEROS: "Document number matches after removing leading zeros",
    NumberLayer.FISCAL_YEAR: "Document number matches after removing the fiscal-year part",
    NumberLayer.DIGITS_ONLY: "The digits of the document number match (letters ignored)",
    NumberLayer.FUZZY: "Document number is similar, not equal",
    NumberLayer.IGNORED: "Document number was not compared",
}

# Columns holding each equality layer's key.
EQUALITY_KEYS: Final = {
    NumberLayer.AS_WRITTEN: "n0",
    NumberLayer.SEPARATORS: "n1",
    NumberLayer.LEADING_ZEROS: "n2",
    NumberLayer.FISCAL_YEAR: "n3",
    NumberLayer.DIGITS_ONLY: "digits",
}


def fy_token_pattern(start_year: int) -> str:
    """Regex (on text whose separators are single spaces) for the FY tokens of the fiscal
    year starting `start_year` and of the one before, bounded by non-digits."""
    alternatives: list[str] = []
    for year in (start_year, start_year - 1):
        y4, y2 = f"{year:04d}", f"{year % 100:02d}"
        n4, n2 = f"{year + 1:04d}", f"{(year + 1) % 100:02d}"
        alternatives += [f"{y4} ?{n4}", f"{y4} ?{n2}", f"{y2} ?{n2}"]
    return r"(?<![0-9])(?:" + "|".join(alternatives) + r")(?![0-9])"


def normalise_numbers(numbers: pd.Series, fiscal_years: pd.Series) -> pd.DataFrame:
    """Document numbers (text) and their documents' FY start years (Int64, <NA> when the
    date is unknown) -> frame on the same index with `LAYER_COLUMNS` (all str; ``""`` for
    a blank number)."""
    text = numbers.astype("string").fillna("").to_numpy(dtype=object)
    years = fiscal_years.astype("Int64").fillna(-1).to_numpy(dtype="int64")
    codes, layers = normalise_distinct(text, years)
    out = layers.take(codes)
    out.index = numbers.index
    return out


def normalise_distinct(numbers: np.ndarray, years: np.ndarray
                       ) -> tuple[np.ndarray, pd.DataFrame]:
    """Numbers (object array of str) and FY start years (int64, -1 when unknown) ->
    (code per row, frame of `LAYER_COLUMNS` per distinct (number, year) in order of first
    appearance): row i's layers are row ``codes[i]`` of the frame. Each distinct pair is
    normalised once."""
    # Distinct (number, year) pairs via one integer key: number code x year code.
    number_codes, number_values = pd.factorize(numbers)
    year_codes, year_values = pd.factorize(years)
    width = max(len(year_values), 1)
    codes, firsts = pd.factorize(number_codes.astype("int64") * width + year_codes)
    layers = _layers(pd.Series(number_values[firsts // width], dtype=object),
                     pd.Series(year_values[firsts % width], dtype="int64"))
    return codes, layers


def _layers(numbers: pd.Series, years: pd.Series) -> pd.DataFrame:
    """`normalise_numbers` on distinct values: one pass of plain string methods and
    compiled regexes per number (much faster than a chain of pandas ``.str`` calls, each
    of which walks every value again)."""
    fy_patterns: dict[int, re.Pattern[str]] = {}
    rows: list[tuple[str, ...]] = []
    for number, year in zip(numbers.tolist(), years.tolist(), strict=True):
        pattern = None
        if year != -1:
            pattern = fy_patterns.get(year)
            if pattern is None:
                pattern = fy_patterns[year] = re.compile(fy_token_pattern(int(year)))
        rows.append(_one_number(number, pattern))
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(LAYER_COLUMNS)
    return pd.DataFrame({name: pd.array(list(values), dtype=str)
                         for name, values in zip(LAYER_COLUMNS, columns, strict=True)})


def _one_number(number: str, fy_pattern: re.Pattern[str] | None) -> tuple[str, ...]:
    """The `LAYER_COLUMNS` of one number (`fy_pattern`: its FY tokens, None if no date)."""
    n0 = number.strip().upper()
    spaced = _NOT_ALNUM_RE.sub(" ", n0).strip()
    n2_spaced = _no_leading_zeros(spaced)
    n2 = _no_leading_zeros(n2_spaced.replace(" ", ""))
    without_fy = fy_pattern.sub(" ", spaced) if fy_pattern is not None else spaced
    if without_fy == spaced:
        # No FY token: layer 3 is layer 2 (n2_spaced is already stripped).
        n3_spaced, n3 = n2_spaced, n2
    else:
        n3_spaced = _no_leading_zeros(without_fy).strip()
        # A number that is nothing but a fiscal year ("2425") keeps its digits.
        if _DIGIT_RE.search(n3_spaced) is None:
            n3_spaced = n2_spaced
        # Stripping again after the spaces go keeps every layer idempotent ("0/0" -> "0").
        n3 = _no_leading_zeros(n3_spaced.replace(" ", ""))
    last = _LAST_RUN_RE.search(n3_spaced)
    last_run = last.group(1).lstrip("0") if last is not None else ""
    # The series: the number with its last digit run replaced by "#".
    series = ((n3_spaced[:last.start()] + "#" + n3_spaced[last.end(1):]).replace(" ", "")
              if last is not None and last_run != "" else "")
    folded = n3.translate(_CONFUSABLE)
    # n3 has no leading zeros left, so only a folded letter can bring new ones.
    confusable = _no_leading_zeros(folded) if folded != n3 else n3
    return (n0, spaced.replace(" ", ""), n2, n3, _NOT_DIGIT_RE.sub("", n3).lstrip("0"),
            last_run, confusable, series)


def _no_leading_zeros(text: str) -> str:
    """Leading zeros of every digit run dropped (the regex only where a zero is)."""
    return _LEADING_ZEROS_RE.sub("", text) if "0" in text else text


def normalise_number(number: str, fiscal_year: int | None = None) -> dict[str, str]:
    """One number's layers (for tests and for explaining a match to a user)."""
    frame = normalise_numbers(pd.Series([number]), pd.Series([fiscal_year], dtype="Int64"))
    return {column: str(frame.iloc[0][column]) for column in LAYER_COLUMNS}
