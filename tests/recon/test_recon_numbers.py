"""Document-number layers: the named pairs, the must-not-pair pairs, idempotence."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gst_ims.recon.numbers import (
    EQUALITY_KEYS,
    NumberLayer,
    fy_token_pattern,
    normalise_number,
    normalise_numbers,
)


def agreeing_layer(a: str, b: str, fy: int = 2024) -> NumberLayer | None:
    """Strictest equality layer at which the two numbers agree, None if none."""
    left, right = normalise_number(a, fy), normalise_number(b, fy)
    for layer, key in EQUALITY_KEYS.items():
        if left[key] and left[key] == right[key]:
            return layer
    return None


@pytest.mark.parametrize(
    ("a", "b", "layer"),
    [
        ("INV-1", " inv-1 ", NumberLayer.AS_WRITTEN),
        ("abc-101", "ABC/101", NumberLayer.SEPARATORS),
        ("000123", "123", NumberLayer.LEADING_ZEROS),
        ("INV/0012", "INV-12", NumberLayer.LEADING_ZEROS),
        ("INV/2024-25/12", "INV-12", NumberLayer.FISCAL_YEAR),
        ("INV/2425/77", "INV/77", NumberLayer.FISCAL_YEAR),
        ("INV/23-24/5", "INV/5", NumberLayer.FISCAL_YEAR),  # previous FY token too
        ("INV/24-25/0012", "12", NumberLayer.DIGITS_ONLY),
        ("VD-1001", "1001", NumberLayer.DIGITS_ONLY),
    ],
)
def test_named_pairs_agree_at_their_layer(a: str, b: str, layer: NumberLayer) -> None:
    assert agreeing_layer(a, b) == layer


@pytest.mark.parametrize(
    ("a", "b"),
    [("BILL-23-00040", "BILL-23-00045"), ("A12", "A1"), ("QKI/055190", "QKI/053612")],
)
def test_must_not_pair_numbers_never_agree_and_differ_in_last_run(a: str, b: str) -> None:
    assert agreeing_layer(a, b) is None
    assert normalise_number(a, 2024)["last_run"] != normalise_number(b, 2024)["last_run"]


def test_a_number_that_is_only_a_fiscal_year_keeps_its_digits() -> None:
    assert normalise_number("2425", 2024)["n3"] == "2425"
    assert normalise_number("24-25", 2024)["digits"] == "2425"


def test_fiscal_year_tokens_are_only_whole_digit_runs() -> None:
    assert normalise_number("INV/124-25/3", 2024)["n3"] == "INV124253"
    assert normalise_number("TRI/18-19/2186", 2024)["n3"] == "TRI18192186"  # other FY kept


def test_fy_pattern_covers_spellings() -> None:
    import re

    pattern = re.compile(fy_token_pattern(2024))
    for token in ("2024 25", "2024 2025", "24 25", "2425", "202425", "2023 24", "23 24"):
        assert pattern.fullmatch(token), token
    assert not pattern.fullmatch("2022 23")


def test_unknown_fiscal_year_skips_the_fy_layer() -> None:
    frame = normalise_numbers(pd.Series(["INV/24-25/1"]), pd.Series([pd.NA], dtype="Int64"))
    assert frame.loc[0, "n3"] == "INV24251"


def test_confusable_letters_fold() -> None:
    assert normalise_number("INV-1O", 2024)["confusable"] == normalise_number("INV-10", 2024)[
        "confusable"]


numbers = st.text(alphabet="AB0123456789-/ Ool.", min_size=0, max_size=14)


@settings(max_examples=80, deadline=None)
@given(numbers, st.sampled_from([2023, 2024]))
def test_each_layer_is_idempotent(number: str, fy: int) -> None:
    once = normalise_number(number, fy)
    for key in ("n0", "n1", "n2", "digits"):
        assert normalise_number(once[key], fy)[key] == once[key], key
    # Layer 3 of a layer-3 key never changes it further.
    assert normalise_number(once["n3"], fy)["n3"] in (once["n3"], normalise_number(
        once["n3"], fy)["n2"])


@settings(max_examples=50, deadline=None)
@given(st.lists(numbers, min_size=1, max_size=8))
def test_column_normalisation_equals_one_by_one(values: list[str]) -> None:
    frame = normalise_numbers(pd.Series(values), pd.Series([2024] * len(values), dtype="Int64"))
    for index, value in enumerate(values):
        assert frame.iloc[index].to_dict() == normalise_number(value, 2024)
