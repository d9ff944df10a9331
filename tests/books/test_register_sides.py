"""Dr / Cr amounts and the sign rule, tested both ways: on cells, on lines, and through the
reader (which side makes an invoice, which a return)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gst_ims.books.drcr import CR, DR, line_sides, parse_marked_amounts, signed
from gst_ims.books.register import read_register
from gst_ims.domain.problems import Severity
from support.books import ACME


@pytest.mark.parametrize(
    ("cell", "paise", "side"),
    [
        ("1,18,000.00 Cr", 11800000, CR),
        ("5,000.00 Dr", 500000, DR),
        ("5,000.00Dr", 500000, DR),
        ("5,000.00 Dr.", 500000, DR),
        ("Dr. 5,000", 500000, DR),
        ("CR 1,180", 118000, CR),
        ("cr ₹ 1,180.50", 118050, CR),
        ("Rs. 2,360.00 Cr", 236000, CR),
        ("1,180.00", 118000, 0),
        ("1,180.00-", -118000, 0),
        (1180.5, 118050, 0),
        ("", 0, 0),
    ],
)
def test_marked_cells_give_their_size_and_side(cell: object, paise: int, side: int) -> None:
    got = parse_marked_amounts(pd.Series([cell], dtype=object))
    assert int(got.parsed.paise.iloc[0]) == paise
    assert int(got.side[0]) == side
    assert not bool(got.parsed.bad.iloc[0])


@pytest.mark.parametrize("cell", ["Dr 5,000 Cr", "-5,000.00 Dr", "(5,000) Cr", "Dr", "Cr.",
                                  "5,000-Dr", "Credit"])
def test_a_marker_with_a_sign_of_its_own_or_alone_is_no_amount(cell: str) -> None:
    got = parse_marked_amounts(pd.Series([cell], dtype=object))
    assert bool(got.parsed.bad.iloc[0]), cell


def test_the_sign_rule_on_lines() -> None:
    party = np.array([CR, DR, 0, 0, 0, CR, DR, 0], dtype=np.int8)
    taxable = np.array([DR, CR, CR, DR, CR, 0, 0, 0], dtype=np.int8)
    tax = np.array([DR, CR, CR, DR, DR, 0, 0, 0], dtype=np.int8)
    sides = line_sides(party, [taxable, tax])
    # party Cr: invoice; party Dr: return; all Cr: invoice; all Dr: return; disagreeing
    # with no party marker: invoice (and a conflict); party only; nothing marked.
    assert sides.sign.tolist() == [1, -1, 1, -1, 1, 1, -1, 0]
    assert sides.conflict.tolist() == [False, False, False, False, True, False, False, False]
    assert line_sides(None, [taxable]).sign.tolist() == [-1, 1, 1, -1, 1, 0, 0, 0]


def test_marked_and_unmarked_amounts_take_the_lines_side() -> None:
    paise = np.array([500, 500, -500, 500])
    side = np.array([DR, 0, 0, CR], dtype=np.int8)
    sign = np.array([-1, -1, 1, 0], dtype=np.int8)
    assert signed(paise, side, sign).tolist() == [-500, -500, -500, 500]


HEADERS = ["Party Name", "GSTIN", "Bill No", "Bill Date", "Taxable Value", "CGST", "SGST",
           "Bill Amount"]


def _read(rows: list[list[object]]) -> pd.DataFrame:
    read = read_register(pd.DataFrame(rows, columns=HEADERS, dtype=object))
    assert not [p for p in read.problems if p.severity is Severity.ERROR]
    return read.frame


@pytest.mark.parametrize(
    ("amounts", "doc_type"),
    [
        (["1,000.00 Dr", "90.00 Dr", "90.00 Dr", "1,180.00 Cr"], "INV"),  # double entry
        (["1,000.00 Cr", "90.00 Cr", "90.00 Cr", "1,180.00 Dr"], "CN"),  # its reversal
        (["1,000.00 Cr", "90.00 Cr", "90.00 Cr", "1,180.00 Cr"], "INV"),  # every amount Cr
        (["1,000.00 Dr", "90.00 Dr", "90.00 Dr", "1,180.00 Dr"], "CN"),  # every amount Dr
        (["1,000.00", "90.00", "90.00", "1,180.00 Cr"], "INV"),  # only the party marked
        (["1,000.00", "90.00", "90.00", "1,180.00 Dr"], "CN"),
        (["1,000.00 Dr", "90.00 Dr", "90.00 Dr", ""], "CN"),  # no party column value
    ],
)
def test_the_reader_applies_the_sign_rule_both_ways(amounts: list[str], doc_type: str) -> None:
    frame = _read([["Acme", ACME, "B-1", "01-10-2025", *amounts]])
    assert frame["doc_type"].tolist() == [doc_type]
    assert frame[["taxable", "cgst", "sgst", "doc_value"]].iloc[0].tolist() == [
        100000, 9000, 9000, 118000]


def test_dr_and_cr_disagreeing_without_a_party_marker_are_flagged() -> None:
    read = read_register(pd.DataFrame(
        [["Acme", ACME, "B-1", "01-10-2025", "1,000.00 Dr", "90.00 Cr", "90.00 Cr", ""]],
        columns=HEADERS, dtype=object))
    assert read.frame["doc_type"].tolist() == ["INV"]
    warnings = [p for p in read.problems if "Dr and Cr on one line" in p.message]
    assert [(p.row, p.severity) for p in warnings] == [(2, Severity.WARNING)]
