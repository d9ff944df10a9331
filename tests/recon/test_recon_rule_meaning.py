"""Every rule carries its whole meaning: reason text, status, category, suggested action,
remark where its action asks for one, and a colour on the workbook. A rule (or a status)
that lacks any of these fails here, instead of reaching the user with a generic reason or
an uncoloured row."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from gst_ims.domain.documents import Action, Category
from gst_ims.domain.match_status import IMS_STATUSES, MatchStatus
from gst_ims.domain.settings import ReconSettings
from gst_ims.recon import engine, reasons
from gst_ims.recon.outcome import SUGGESTED_ACTIONS
from gst_ims.recon.remarks import SUGGESTED_REMARKS
from gst_ims.recon.rules import (
    BY_YOU,
    CASCADE,
    AmountTest,
    DateTest,
    NumberTest,
    Rule,
    Source,
    SupplierTest,
    TypeTest,
)
from gst_ims.workbook import layout as lay
from support.recon import books_frame, ims_frame

RULES = (*CASCADE, *BY_YOU)
_PLACEHOLDER_RE = re.compile(r"\{[^}]*\}")
# The actions that go to the portal with a remark (the portal reads remarks on these).
_WITH_REMARK = (Action.PENDING, Action.REJECT)


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_rule_has_its_whole_meaning(rule: Rule) -> None:
    assert rule.reason.strip(), rule.id
    assert set(_PLACEHOLDER_RE.findall(rule.reason)) <= reasons.REASON_PLACEHOLDERS, rule.id
    assert isinstance(rule.status, MatchStatus), rule.id
    assert rule.category is rule.status.category
    assert isinstance(rule.category, Category), rule.id
    # A pair always concerns an IMS document, so an action is always suggested for it.
    assert rule.suggested_action is not None, rule.id
    assert rule.suggested_action is SUGGESTED_ACTIONS[rule.status], rule.id
    if rule.suggested_action in _WITH_REMARK:
        assert rule.suggested_remark, rule.id
        assert rule.suggested_remark == SUGGESTED_REMARKS[rule.status], rule.id
    # Colour: result rows are coloured by conditional formats keyed on the Category
    # column, one per category that has a result sheet.
    assert rule.category in lay.RESULT_SHEET_OF, rule.id
    assert rule.category in lay.CATEGORY_COLOURS, rule.id


@pytest.mark.parametrize("status", list(MatchStatus), ids=[s.key for s in MatchStatus])
def test_status_has_its_whole_meaning(status: MatchStatus) -> None:
    assert isinstance(status.category, Category)
    assert status.category in lay.CATEGORY_COLOURS  # Summary and Home labels at least
    assert (status.suggested_action is not None) is (status in IMS_STATUSES)
    if status.suggested_action is not None:
        # Rows with an IMS action are on a result sheet, coloured there.
        assert status.category in lay.RESULT_SHEET_OF
    if status.suggested_action in _WITH_REMARK:
        assert status.suggested_remark
    else:
        assert not status.suggested_remark


def test_a_rule_without_a_reason_is_refused() -> None:
    with pytest.raises(ValueError, match="no reason"):
        Rule("new", "A new rule", MatchStatus.EXACT, SupplierTest.SAME_GSTIN,
             NumberTest.AS_WRITTEN, AmountTest.EXACT, DateTest.WINDOW, reason=" ")


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_reason_builder_fills_every_placeholder(rule: Rule) -> None:
    other = rule.types is TypeTest.OTHER
    ims = ims_frame({"doc_type": "CN" if other else "INV", "doc_no": "TR-4521"})
    books = books_frame({"doc_type": "DN" if other else "INV", "doc_no": "TR-4512"})
    rows = pd.DataFrame({"ims_id": [0], "books_id": [0], "rule_id": [rule.id], "layer": [1]})
    head = reasons._heads(rows, ims, books)[0]
    assert head and "{" not in head and "}" not in head, (rule.id, head)


def _one_pair() -> pd.DataFrame:
    """A pair frame (rules.py module doc) of two rows: one agreeing, one not."""
    return pd.DataFrame({
        "layer": [0, 6], "number_score": [100.0, 10.0], "same_last_run": [True, False],
        "confusable_equal": [True, False], "near_number": [0, 0],
        "other_serial": [False, True], "date_gap": [0.0, np.nan], "same_fy": [True, True],
        "same_gstin": [True, False], "same_type": [True, False], "other_type": [False, True],
        "d_taxable": [0, 500_00], "d_igst": [0, 0], "d_cgst": [0, 90_00], "d_sgst": [0, 0],
        "d_cess": [0, 0]})


@pytest.mark.parametrize("kind", [*SupplierTest, *NumberTest, *AmountTest, *DateTest,
                                  *TypeTest], ids=lambda kind: f"{type(kind).__name__}.{kind.name}")
def test_every_comparison_kind_checks_pairs(kind: object) -> None:
    ok = kind.ok(_one_pair(), ReconSettings())  # type: ignore[attr-defined]
    assert ok.dtype == bool and ok.shape == (2,)


def test_every_candidate_source_has_a_producer() -> None:
    assert {rule.source for rule in RULES} <= set(Source)
    assert set(engine._SOURCES) == set(Source) - {Source.BY_NUMBER}
