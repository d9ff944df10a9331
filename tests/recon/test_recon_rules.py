"""Every rule of the cascade on literal row pairs: one pair that fires, one near miss
(splink-style literal tests; a rule that can never fire is a bug)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pytest

from gst_ims.domain.settings import ReconSettings
from gst_ims.recon import candidates as c
from gst_ims.recon.rules import CASCADE, RULES_BY_ID, Rule
from support.recon import OTHER_BRANCH, books_frame, ims_frame

SETTINGS = ReconSettings()


def pair_frame(ims_row: dict[str, Any], books_row: dict[str, Any]) -> pd.DataFrame:
    """The one-row pair frame a rule reads, for one IMS and one register row."""
    sides = c.prepare(ims_frame(ims_row), books_frame(books_row))
    sides = c.deepen(sides, np.ones(1, dtype=bool), np.ones(1, dtype=bool))
    pairs = pd.DataFrame({"ims_id": [0], "books_id": [0]})
    return c.features(pairs, sides.left, sides.right, score_numbers=True)


def rule_fires(rule: Rule, ims_row: dict[str, Any], books_row: dict[str, Any]) -> bool:
    return bool(rule.accepts(pair_frame(ims_row, books_row), SETTINGS)[0])


@dataclass(frozen=True)
class Case:
    description: str
    rule: str
    ims: dict[str, Any]
    books: dict[str, Any]
    expected: bool
    fails_on: str = ""  # first failing field, for near misses
    extra: dict[str, Any] = field(default_factory=dict)


CASES = [
    Case("same number, amounts, date", "exact", {}, {}, True),
    Case("separators and case only", "exact", {"doc_no": "abc-101"}, {"doc_no": "ABC/101"},
         True),
    Case("one paisa off is still exact", "exact", {"taxable": 10_000_01}, {}, True),
    Case("two paise off is not exact", "exact", {"taxable": 10_000_02}, {}, False, "amounts"),
    Case("leading zeros are not 'as written'", "exact", {"doc_no": "000123"},
         {"doc_no": "123"}, False, "number"),
    Case("dates 11 days apart", "exact", {"doc_date": "2024-11-16"}, {}, False, "date"),
    Case("other supplier", "exact", {"supplier_gstin": OTHER_BRANCH}, {}, False, "supplier"),
    Case("leading zeros", "normalised", {"doc_no": "000123"}, {"doc_no": "123"}, True),
    Case("fiscal-year part", "normalised", {"doc_no": "INV/2024-25/12"}, {"doc_no": "INV-12"},
         True),
    Case("fiscal-year part, tax off by 5 paise", "normalised", {"doc_no": "INV/2024-25/12",
         "cgst": 900_05}, {"doc_no": "INV-12"}, False, "amounts"),
    Case("₹0.50 taxable and ₹0.09 tax", "within_tolerance",
         {"taxable": 10_000_50, "cgst": 900_09}, {}, True),
    Case("₹1.01 taxable", "within_tolerance", {"taxable": 10_001_01}, {}, False, "amounts"),
    Case("digits only, same date and amounts", "digits_only", {"doc_no": "INV/24-25/0012"},
         {"doc_no": "12"}, True),
    Case("VD-1001 = 1001", "digits_only", {"doc_no": "VD-1001"}, {"doc_no": "1001"}, True),
    Case("digits only, a day apart", "digits_only", {"doc_no": "VD-1001",
         "doc_date": "2024-11-06"}, {"doc_no": "1001"}, False, "date"),
    Case("digits only, amount outside tolerance", "digits_only", {"doc_no": "VD-1001",
         "taxable": 10_005_00}, {"doc_no": "1001"}, False, "amounts"),
    Case("a dropped letter suffix is no digits-only match", "digits_only",
         {"doc_no": "7894/A"}, {"doc_no": "7894"}, False, "number"),
    Case("A12 is not A1", "digits_only", {"doc_no": "A12"}, {"doc_no": "A1"}, False,
         "number"),
    Case("same number, taxable ₹1,200 off", "value_mismatch", {"taxable": 10_012_00}, {},
         True),
    Case("same number, values agree", "value_mismatch", {}, {}, False, "amounts"),
    Case("digits and date, values differ", "digits_value_mismatch",
         {"doc_no": "VD-1001", "taxable": 10_500_00}, {"doc_no": "1001"}, True),
    Case("digits, values differ, other date", "digits_value_mismatch",
         {"doc_no": "VD-1001", "taxable": 10_500_00, "doc_date": "2024-11-07"},
         {"doc_no": "1001"}, False, "date"),
    Case("similar number, same last digits", "fuzzy", {"doc_no": "INV-12A/X"},
         {"doc_no": "INV12X"}, True),
    Case("confusable O for 0", "fuzzy", {"doc_no": "INV-1O"}, {"doc_no": "INV-10"}, True),
    Case("BILL-23-00040 vs BILL-23-00045", "fuzzy", {"doc_no": "BILL-23-00040"},
         {"doc_no": "BILL-23-00045"}, False, "number"),
    Case("QKI/055190 vs QKI/053612", "fuzzy", {"doc_no": "QKI/055190"},
         {"doc_no": "QKI/053612"}, False, "number"),
    Case("same number 40 days apart, amounts differ", "number_date_ignored",
         {"doc_date": "2024-12-15", "taxable": 9_000_00}, {}, True),
    Case("different numbers", "number_date_ignored", {"doc_no": "INV-2"}, {}, False,
         "number"),
    Case("supplier's credit note booked as a debit note (purchase return)", "other_type",
         {"doc_type": "CN", "doc_no": "CN/24-25/7"}, {"doc_type": "DN", "doc_no": "CN-7"},
         True),
    Case("supplier's debit note booked as a purchase", "other_type", {"doc_type": "DN"},
         {"doc_type": "INV"}, True),
    Case("an invoice is never a credit note", "other_type", {"doc_type": "CN"},
         {"doc_type": "INV"}, False, "type"),
    Case("an invoice is never a debit note of the books", "other_type", {"doc_type": "INV"},
         {"doc_type": "DN"}, False, "type"),
    Case("same type is not another type", "other_type", {}, {}, False, "type"),
    Case("booked as another type, taxable ₹5 off", "other_type",
         {"doc_type": "DN", "taxable": 10_005_00}, {"doc_type": "INV"}, False, "amounts"),
    Case("booked as another type, values differ", "other_type_value_mismatch",
         {"doc_type": "CN", "taxable": 12_000_00}, {"doc_type": "DN"}, True),
    Case("booked as another type, other number", "other_type_value_mismatch",
         {"doc_type": "CN", "doc_no": "CN-8", "taxable": 12_000_00}, {"doc_type": "DN"},
         False, "number"),
    Case("amounts and date only", "amount_only", {"doc_no": "XYZ"}, {"doc_no": "77"}, True),
    Case("another serial of the same series", "amount_only", {"doc_no": "SI-25-00895"},
         {"doc_no": "SI-25-00900"}, False, "number"),
    Case("amounts only, 20 days apart", "amount_only", {"doc_no": "XYZ",
         "doc_date": "2024-11-25"}, {"doc_no": "77"}, False, "date"),
    Case("same PAN, other GSTIN, IGST vs CGST+SGST", "pan",
         {"supplier_gstin": OTHER_BRANCH, "igst": 1_800_00, "cgst": 0, "sgst": 0}, {}, True),
    Case("same PAN, total tax off", "pan",
         {"supplier_gstin": OTHER_BRANCH, "igst": 1_900_00, "cgst": 0, "sgst": 0}, {}, False,
         "amounts"),
    Case("same GSTIN is not a PAN pair", "pan", {}, {}, False, "supplier"),
    Case("same-type rules never cross types", "exact", {"doc_type": "DN"},
         {"doc_type": "INV"}, False, "type"),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule}: {c.description}" for c in CASES])
def test_rule_on_literal_rows(case: Case) -> None:
    rule = RULES_BY_ID[case.rule]
    pair = pair_frame(case.ims, case.books)
    assert bool(rule.accepts(pair, SETTINGS)[0]) is case.expected, case.description
    if not case.expected:
        assert rule.failure(pair, SETTINGS) == case.fails_on, case.description


def test_every_rule_has_a_firing_case_and_a_near_miss() -> None:
    for rule in CASCADE:
        outcomes = {case.expected for case in (*CASES, *NEAR_CASES) if case.rule == rule.id}
        assert outcomes == {True, False}, rule.id


def test_rules_are_frozen_and_ids_unique() -> None:
    with pytest.raises(AttributeError):
        CASCADE[0].id = "other"  # type: ignore[misc]
    assert len({rule.id for rule in CASCADE}) == len(CASCADE)


def test_switches_turn_rules_off() -> None:
    off = ReconSettings(pan_pass=False, amount_only_pass=False)
    assert not RULES_BY_ID["pan"].enabled(off)
    assert not RULES_BY_ID["amount_only"].enabled(off)
    assert RULES_BY_ID["exact"].enabled(off)


def test_tolerance_comes_from_settings() -> None:
    pair = pair_frame({"taxable": 10_004_00}, {})
    rule = RULES_BY_ID["within_tolerance"]
    assert not rule.accepts(pair, SETTINGS)[0]
    assert rule.accepts(pair, ReconSettings(tolerance_taxable=500))[0]


NEAR_CASES = [
    Case("adjacent digits swapped", "near_number", {"doc_no": "TR-4521"},
         {"doc_no": "TR-4512", "doc_date": "2024-11-06"}, True),
    Case("adjacent digits swapped at the end", "near_number", {"doc_no": "CC-9981"},
         {"doc_no": "CC-9918"}, True),
    Case("suffix dropped in the books", "near_number", {"doc_no": "456-1"},
         {"doc_no": "456"}, True),
    Case("letter suffix dropped in the books", "near_number", {"doc_no": "INV-12/A"},
         {"doc_no": "INV-12"}, True),
    Case("another serial: 00040 vs 00045", "near_number", {"doc_no": "BILL-23-00040"},
         {"doc_no": "BILL-23-00045"}, False, "number"),
    Case("another serial: 102 vs 104", "near_number", {"doc_no": "102"},
         {"doc_no": "104"}, False, "number"),
    Case("1 is not 11", "near_number", {"doc_no": "1"}, {"doc_no": "11"}, False, "number"),
    Case("swapped, but taxable ₹5 off", "near_number", {"doc_no": "TR-4521",
         "taxable": 10_005_00}, {"doc_no": "TR-4512"}, False, "amounts"),
    Case("swapped, 20 days apart", "near_number", {"doc_no": "TR-4521",
         "doc_date": "2024-11-25"}, {"doc_no": "TR-4512"}, False, "date"),
    Case("swapped, other supplier", "near_number",
         {"doc_no": "TR-4521", "supplier_gstin": OTHER_BRANCH}, {"doc_no": "TR-4512"},
         False, "supplier"),
]


@pytest.mark.parametrize("case", NEAR_CASES, ids=[c.description for c in NEAR_CASES])
def test_near_number_rule_by_itself(case: Case) -> None:
    test_rule_on_literal_rows(case)
