"""Cell parsers: exact paise from every amount spelling, day-first dates from every style."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gst_ims.books.cells import (
    cell_texts,
    excel_serial_to_date,
    parse_amount,
    parse_amounts,
    parse_date,
    parse_dates,
    parse_period,
    parse_periods,
)
from gst_ims.domain.money import group_indian

# --- amounts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "paise"),
    [
        ("1,23,456.00", 12345600),
        ("(1,200.00)", -120000),
        ("₹ 5,000", 500000),
        ("₹5,000.50", 500050),
        ("Rs. 5,000", 500000),
        ("Rs 5,000", 500000),
        ("INR 12", 1200),
        ("-", 0),
        ("", 0),
        ("   ", 0),
        (None, 0),
        (float("nan"), 0),
        ("1,200.00-", -120000),
        ("-₹12.345", -1235),  # half up at the paisa
        ("12.344", 1234),
        (".5", 50),
        ("1.2E+05", 12000000),
        (1234.5, 123450),
        (1.005, 101),  # a float whose repr is 1.005 rounds half up, not down to 100
        (0.1 + 0.2, 30),
        (7, 700),
        (-118.0, -11800),
    ],
)
def test_amount_spellings_parse_to_exact_paise(cell: object, paise: int) -> None:
    assert parse_amount(cell) == paise


@pytest.mark.parametrize("cell", ["abc", "--5", "-(5)", "1.2.3", "12 34x", True, date(2024, 1, 1),
                                  "1" * 16])
def test_cells_that_are_no_amount_are_refused(cell: object) -> None:
    with pytest.raises(ValueError, match="not an amount"):
        parse_amount(cell)


def test_amount_column_reports_blank_and_bad_separately() -> None:
    parsed = parse_amounts(pd.Series(["1,000", "", "x", None, 5.0], dtype=object))
    assert parsed.paise.tolist() == [100000, 0, 0, 0, 500]
    assert parsed.blank.tolist() == [False, True, False, True, False]
    assert parsed.bad.tolist() == [False, False, True, False, False]


def _indian_text(paise: int, style: int, decimals: bool) -> str:
    rupees, rest = divmod(abs(paise), 100)
    body = group_indian(str(rupees)) + (f".{rest:02d}" if decimals or rest else "")
    prefix = ["", "₹", "₹ ", "Rs. ", "Rs", "INR "][style % 6]
    if paise >= 0:
        return prefix + body
    negative = [f"-{prefix}{body}", f"({prefix}{body})", f"{prefix}({body})", f"{body}-"]
    return negative[style % 4]


@given(
    paise=st.integers(min_value=-(10**14), max_value=10**14),
    style=st.integers(min_value=0, max_value=23),
    decimals=st.booleans(),
)
def test_indian_formatted_amounts_round_trip(paise: int, style: int, decimals: bool) -> None:
    text = _indian_text(paise, style, decimals)
    assert parse_amount(text) == paise, text


@given(paise=st.integers(min_value=-(10**14), max_value=10**14))
def test_float_cells_round_trip_to_the_paisa(paise: int) -> None:
    # What a spreadsheet holds for a typed amount: the float nearest to the decimal.
    assert parse_amount(paise / 100) == paise


@given(st.lists(st.integers(min_value=-(10**12), max_value=10**12), min_size=1, max_size=40))
def test_column_parse_equals_cell_by_cell(values: list[int]) -> None:
    cells = pd.Series([_indian_text(v, v % 24, v % 2 == 0) for v in values], dtype=object)
    assert parse_amounts(cells).paise.tolist() == values


# --- dates ---------------------------------------------------------------------------
_STYLES = [
    lambda d: d.strftime("%d-%m-%Y"),
    lambda d: d.strftime("%d/%m/%Y"),
    lambda d: d.strftime("%d.%m.%Y"),
    lambda d: d.strftime("%Y-%m-%d"),
    lambda d: d.strftime("%Y.%m.%d"),
    lambda d: d.strftime("%d-%b-%Y"),
    lambda d: d.strftime("%d-%B-%Y"),
    lambda d: d.strftime("%d %b %Y").upper(),
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: d.strftime("%b %d, %Y"),
    lambda d: d.strftime("%Y%m%d"),
    lambda d: d.strftime("%d-%m-%Y") + " 00:00:00",
    lambda d: d.strftime("%Y-%m-%d") + " 00:00:00",
    lambda d: d,
    lambda d: datetime(d.year, d.month, d.day, 14, 30),
    lambda d: pd.Timestamp(d),
    lambda d: float((d - date(1899, 12, 30)).days),
    lambda d: (d - date(1899, 12, 30)).days,
]
_TWO_DIGIT_STYLES = [
    lambda d: d.strftime("%d/%m/%y"),
    lambda d: d.strftime("%d-%m-%y"),
    lambda d: d.strftime("%d-%b-%y"),
]


@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31)),
       style=st.integers(min_value=0, max_value=len(_STYLES) - 1))
def test_every_date_style_round_trips(day: date, style: int) -> None:
    cell = _STYLES[style](day)
    assert parse_date(cell) == day, cell


@given(day=st.dates(min_value=date(1930, 1, 1), max_value=date(2029, 12, 31)),
       style=st.integers(min_value=0, max_value=len(_TWO_DIGIT_STYLES) - 1))
def test_two_digit_years_follow_excels_window(day: date, style: int) -> None:
    cell = _TWO_DIGIT_STYLES[style](day)
    assert parse_date(cell) == day, cell


def test_dates_are_always_day_first() -> None:
    assert parse_date("03/05/2024") == date(2024, 5, 3)
    assert parse_date("3/5/24") == date(2024, 5, 3)
    with pytest.raises(ValueError):
        parse_date("05/13/2024")  # a US date: month 13 does not exist


@pytest.mark.parametrize("cell", ["31-02-2024", "xyz", "2024-13-01", "32/01/2024", True, 60,
                                  "12-Foo-2024", 3e7])
def test_cells_that_are_no_date_are_refused(cell: object) -> None:
    with pytest.raises(ValueError):
        parse_date(cell)


def test_excel_serials_use_the_1900_system_with_its_leap_year_bug() -> None:
    assert excel_serial_to_date(1) == date(1900, 1, 1)
    assert excel_serial_to_date(59) == date(1900, 2, 28)
    assert excel_serial_to_date(61) == date(1900, 3, 1)
    assert excel_serial_to_date(45415.75) == date(2024, 5, 3)


def test_date_column_parses_each_distinct_value_and_flags_blank_and_bad() -> None:
    cells = pd.Series(["03-05-2024", None, "bad", 45415.0, "", date(2024, 5, 3)], dtype=object)
    parsed = parse_dates(cells)
    assert parsed.dates.dtype == "datetime64[ns]"
    expected = pd.Timestamp("2024-05-03")
    assert parsed.dates.tolist()[0] == expected and parsed.dates.tolist()[3] == expected
    assert parsed.blank.tolist() == [False, True, False, False, True, False]
    assert parsed.bad.tolist() == [False, False, True, False, False, False]


def test_dates_years_apart_are_not_confused() -> None:
    start = date(2017, 7, 1)
    days = [start + timedelta(days=n * 37) for n in range(60)]
    parsed = parse_dates(pd.Series([d.strftime("%d/%m/%Y") for d in days], dtype=object))
    assert [t.date() for t in parsed.dates] == days


# --- text ----------------------------------------------------------------------------
def test_document_numbers_keep_text_and_lose_the_float_tail() -> None:
    cells = pd.Series(["00123", 123.0, 12.5, None, " A/1 ", 1234567890123.0, 7], dtype=object)
    assert cell_texts(cells).tolist() == ["00123", "123", "12.5", "", "A/1", "1234567890123",
                                          "7"]
    assert str(cell_texts(cells).dtype) == "string"


@pytest.mark.parametrize(
    ("cell", "period"),
    [("11-2024", "11-2024"), ("112024", "11-2024"), ("3/2025", "03-2025"),
     ("Nov-2024", "11-2024"), ("November 2024", "11-2024"), ("nov-24", "11-2024"),
     (datetime(2025, 4, 30, 10, 5), "04-2025"), ("15-06-2025", "06-2025"), ("", None),
     (None, None)],
)
def test_period_spellings(cell: object, period: str | None) -> None:
    assert parse_period(cell) == period


def test_period_column_flags_what_is_no_period() -> None:
    periods, bad = parse_periods(pd.Series(["11-2024", "13-2024", None, "soon"], dtype=object))
    assert periods.tolist() == ["11-2024", pd.NA, pd.NA, pd.NA]
    assert bad.tolist() == [False, True, False, True]
