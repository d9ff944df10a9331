"""ReconSettings: defaults, validation, parsing the Settings sheet."""

from __future__ import annotations

import pytest

from gst_ims.domain.documents import Action
from gst_ims.domain.match_status import MatchStatus
from gst_ims.domain.problems import InputError
from gst_ims.domain.settings import ReconSettings


def test_defaults_follow_the_issue() -> None:
    settings = ReconSettings()
    assert (settings.tolerance_taxable, settings.tolerance_tax, settings.exact_threshold) == (
        100, 100, 1)
    assert settings.date_window_days == 10 and not settings.cross_fy
    assert settings.pan_pass and settings.amount_only_pass
    assert settings.validate() == []


def test_from_mapping_parses_sheet_values() -> None:
    settings = ReconSettings.from_mapping({
        "amount_tolerance_taxable": "2.50", "amount_tolerance_tax": 1, "exact_threshold": "",
        "date_window_days": 15.0, "cross_fy": "Yes", "fuzzy_threshold": "92",
        "PAN_PASS": "no", "amount_only_pass": True,
        "default_action_value_mismatch": "Reject", "default_action_exact": "",
    })
    assert settings.tolerance_taxable == 250 and settings.tolerance_tax == 100
    assert settings.exact_threshold == 1  # blank keeps the default
    assert settings.date_window_days == 15 and settings.cross_fy and not settings.pan_pass
    assert settings.fuzzy_threshold == 92.0
    assert settings.action_for(MatchStatus.VALUE_MISMATCH) is Action.REJECT
    assert settings.action_for(MatchStatus.EXACT) is None


def test_round_trip_through_the_sheet_text() -> None:
    settings = ReconSettings(tolerance_taxable=250, cross_fy=True,
                             default_actions={MatchStatus.SUGGESTED: Action.NO_ACTION})
    assert ReconSettings.from_mapping(settings.as_mapping()) == settings


def test_every_bad_value_is_reported_at_once() -> None:
    with pytest.raises(InputError) as info:
        ReconSettings.from_mapping({
            "amount_tolerance_tax": "one rupee", "cross_fy": "maybe", "date_window_days": 2.5,
            "colour": "red", "default_action_nonsense": "Accept",
            "default_action_exact": "Perhaps",
        })
    fields = [p.field for p in info.value.problems]
    assert fields == ["amount_tolerance_tax", "cross_fy", "date_window_days", "colour",
                      "default_action_nonsense", "default_action_exact"]
    assert "'amount_tolerance_tax' = 'one rupee' is not a number" in str(info.value)


def test_inconsistent_values_are_problems() -> None:
    problems = ReconSettings(tolerance_tax=-5, date_window_days=400, fuzzy_threshold=20,
                             default_actions={MatchStatus.NOT_IN_BOOKS: Action.ACCEPT,
                                              MatchStatus.NOT_IN_IMS: Action.PENDING}
                             ).validate()
    assert {p.field for p in problems} == {
        "amount_tolerance_tax", "exact_threshold", "date_window_days", "fuzzy_threshold",
        "default_action_not_in_books", "default_action_not_in_ims"}
    with pytest.raises(InputError, match="not usable"):
        ReconSettings(fuzzy_threshold=10).check()
