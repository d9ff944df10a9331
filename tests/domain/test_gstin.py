"""GSTIN check digit, format and state codes; PAN from GSTIN."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gst_ims.domain.gstin import (
    GSTIN_ALPHABET,
    STATE_CODES,
    check_digit,
    check_gstin,
    gstin_problems,
    make_gstin,
    pan_of,
)

# Published GSTINs of well-known companies (public registrations).
REAL_GSTINS = ["27AAPFU0939F1ZV", "29AAGCB7383J1Z4", "33AAACH7409R1Z8", "24AAACC1206D1ZM"]


@pytest.mark.parametrize("gstin", REAL_GSTINS)
def test_real_gstins_pass(gstin: str) -> None:
    assert check_gstin(gstin).ok


@pytest.mark.parametrize(
    ("value", "reason_part"),
    [
        ("", "empty"),
        ("27AAPFU0939F1Z", "15 characters"),
        ("27AAPFU0939F1ZVX", "15 characters"),
        ("2AAAPFU0939F1ZV", "format"),
        ("99AAPFU0939F1ZV", "no state code"),
        ("27AAPFU0939F1ZW", "check digit"),
    ],
)
def test_invalid_gstins_say_why(value: str, reason_part: str) -> None:
    result = check_gstin(value)
    assert not result.ok
    assert reason_part in result.reason


def test_lower_case_and_spaces_are_normalised() -> None:
    assert check_gstin(" 27aapfu0939f1zv ").ok


pans = st.from_regex(r"[A-Z]{5}[0-9]{4}[A-Z]", fullmatch=True)
states = st.sampled_from(sorted(STATE_CODES))


@given(states, pans, st.sampled_from("123456789ABC"))
def test_made_gstins_are_valid_and_carry_their_pan(state: str, pan: str, entity: str) -> None:
    gstin = make_gstin(state, pan, entity)
    assert check_gstin(gstin).ok
    assert pan_of(gstin) == pan


@given(states, pans, st.integers(0, 14), st.sampled_from(GSTIN_ALPHABET))
def test_any_single_character_change_fails(
    state: str, pan: str, position: int, replacement: str
) -> None:
    gstin = make_gstin(state, pan)
    if gstin[position] == replacement:
        return
    changed = gstin[:position] + replacement + gstin[position + 1 :]
    assert not check_gstin(changed).ok


def test_check_digit_of_known_gstin() -> None:
    assert check_digit("27AAPFU0939F1Z") == "V"


def test_gstin_problems_vectorised() -> None:
    series = pd.Series(["27AAPFU0939F1ZV", "27AAPFU0939F1ZW", None])
    reasons = gstin_problems(series)
    assert reasons.iloc[0] == ""
    assert "check digit" in reasons.iloc[1]
    assert "empty" in reasons.iloc[2]
