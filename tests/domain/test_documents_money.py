"""Code enums and paise arithmetic."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gst_ims.domain.dates import fiscal_year_start, parse_ddmmyyyy
from gst_ims.domain.documents import Action, DocType, Section
from gst_ims.domain.money import (
    decimal_to_paise,
    format_inr,
    group_indian,
    paise_to_decimal,
    paise_to_json_number,
)


def test_sections_know_their_keys() -> None:
    assert Section.B2BCNA.doc_type is DocType.CREDIT_NOTE
    assert Section.B2BCNA.is_amendment
    assert Section.B2BCNA.number_key == "nt_num"
    assert Section.B2BCNA.orig_number_key == "ont_num"
    assert Section.ECOMA.orig_date_key == "oidt"
    assert not Section.ECOM.has_inv_type
    assert Section.B2BDNA.original is Section.B2BDN
    assert Section.B2B.orig_number_key is None


@pytest.mark.parametrize(
    ("text", "action"),
    [("A", Action.ACCEPT), ("accept", Action.ACCEPT), ("No action", Action.NO_ACTION),
     ("", Action.NO_ACTION), ("p", Action.PENDING), ("REJECT", Action.REJECT)],
)
def test_action_parse(text: str, action: Action) -> None:
    assert Action.parse(text) is action


def test_action_parse_rejects_unknown() -> None:
    with pytest.raises(ValueError, match="Accept"):
        Action.parse("maybe")


def test_indian_grouping() -> None:
    assert group_indian("123") == "123"
    assert group_indian("123456") == "1,23,456"
    assert group_indian("1234567890") == "1,23,45,67,890"
    assert format_inr(12345678) == "₹1,23,456.78"
    assert format_inr(-120000) == "-₹1,200.00"


@given(st.integers(-(10**15), 10**15))
def test_paise_round_trip(paise: int) -> None:
    assert decimal_to_paise(paise_to_decimal(paise)) == paise
    assert decimal_to_paise(Decimal(str(paise_to_json_number(paise)))) == paise


def test_half_paisa_rounds_away_from_zero() -> None:
    assert decimal_to_paise(Decimal("0.005")) == 1
    assert decimal_to_paise(Decimal("-0.005")) == -1


def test_dates_and_fiscal_years() -> None:
    assert fiscal_year_start(parse_ddmmyyyy("31-03-2025")) == 2024
    assert fiscal_year_start(parse_ddmmyyyy("01-04-2025")) == 2025
    with pytest.raises(ValueError):
        parse_ddmmyyyy("31-02-2025")
    with pytest.raises(ValueError):
        parse_ddmmyyyy("2025-02-01")
