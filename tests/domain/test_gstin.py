"""GSTIN check digit, format and state codes; PAN from GSTIN."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gst_ims.domain.gstin import (
    GSTIN_ALPHABET,
    POS_CODES,
    REGULAR,
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
        ("98AAPFU0939F1ZV", "no state code"),
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


def test_centre_jurisdiction_is_a_state_code_but_no_place_of_supply() -> None:
    assert STATE_CODES["99"] == "Centre Jurisdiction"
    assert check_gstin(make_gstin("99", "AAPFU0939F")).ok
    assert "99" not in POS_CODES


# Registrations whose GSTIN is not PAN-based: the shape, then what it belongs to. The
# check character is the same mod-36 one (a published UN body GSTIN, 0717UNO00157UNO,
# carries it).
SPECIAL = [
    ("07DELD01234A1Z", "government department"),
    ("07DELA12345B1D", "tax deductor"),
    ("0717UNO00157UN", "UN body"),
    ("0717USA00001NR", "non-resident taxable person"),
    ("9917SGP29001OS", "OIDAR"),
]


@pytest.mark.parametrize(("first14", "kind"), SPECIAL)
def test_special_registrations_are_valid_and_say_whose_they_are(first14: str,
                                                                kind: str) -> None:
    gstin = first14 + check_digit(first14)
    verdict = check_gstin(gstin)
    assert verdict.ok and kind in verdict.kind and not verdict.regular
    assert gstin_problems(pd.Series([gstin])).iloc[0] == ""


@pytest.mark.parametrize(("first14", "kind"), SPECIAL)
def test_a_special_shape_with_a_wrong_check_character_names_the_shape(first14: str,
                                                                       kind: str) -> None:
    good = check_digit(first14)
    wrong = next(c for c in GSTIN_ALPHABET if c != good)
    verdict = check_gstin(first14 + wrong)
    assert not verdict.ok
    assert "check digit" in verdict.reason and kind in verdict.reason
    assert "not in GSTIN format" not in verdict.reason


def test_the_published_un_body_gstin_passes() -> None:
    assert check_gstin("0717UNO00157UNO").ok


def test_regular_gstins_say_so() -> None:
    verdict = check_gstin(REAL_GSTINS[0])
    assert verdict.regular and verdict.kind == REGULAR
