"""Quirks of real downloads the reader must take as they are: the legacy "pending
allowed" flag, a bare-month `rtnprd` next to `sRtnPrd`, source form R5 and the special
GSTINs of the registrations that file it, Centre Jurisdiction (state 99)."""

from __future__ import annotations

from typing import Any

import pytest

from gst_ims.domain.documents import Action
from gst_ims.domain.gstin import check_digit, make_gstin
from gst_ims.domain.problems import InputError, Problem, Severity
from gst_ims.ims.reader import ImsRead, read_ims_payload
from gst_ims.upload.writer import Decision, build_upload

GSTIN = make_gstin("29", "AAECK1234M")
RTIN = make_gstin("27", "AAACM4321L")
NON_RESIDENT = "0717USA00001NR" + check_digit("0717USA00001NR")


def _record(**overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "stin": GSTIN, "inum": "INV-1", "idt": "01-11-2025", "inv_typ": "R", "pos": "27",
        "val": 1180, "txval": 1000, "iamt": 180, "camt": 0, "samt": 0, "cess": 0,
        "srcform": "R1", "rtnprd": "112025", "srcfilstatus": "Filed", "action": "N",
        "ispendactblocked": "N", "hash": "ab" * 32,
    }
    record.update(overrides)
    return {key: value for key, value in record.items() if value is not None}


def _read(*records: dict[str, Any], portal: bool = False) -> ImsRead:
    sections = {"b2b": list(records)}
    return read_ims_payload({"imsDetails": sections} if portal else sections, "ims.json")


def _warnings(result: ImsRead) -> list[Problem]:
    return [p for p in result.problems if p.severity is not Severity.INFO]


@pytest.mark.parametrize(("allowed", "blocked"), [("Y", False), ("N", True),
                                                  ("y", False), (False, True)])
def test_the_legacy_pending_allowed_flag_means_allowed(allowed: object,
                                                       blocked: bool) -> None:
    result = _read(_record(ispendactblocked=None, ispendactnallwd=allowed))
    assert bool(result.frame.at[0, "pending_blocked"]) is blocked
    assert _warnings(result) == []  # not "ispendactblocked is missing"


def test_the_current_pending_flag_wins_over_the_legacy_one() -> None:
    result = _read(_record(ispendactblocked="Y", ispendactnallwd="Y"))
    assert bool(result.frame.at[0, "pending_blocked"]) is True


def test_the_legacy_flag_is_not_sent_back() -> None:
    read = _read(_record(ispendactblocked=None, ispendactnallwd="Y"))
    result = build_upload(read.frame, [Decision(0, Action.REJECT)], RTIN)
    (record,) = result.payloads[0]["invdata"]["b2b"]
    assert "ispendactnallwd" not in record
    assert not any("ispendactnallwd" in note for note in result.notes)


@pytest.mark.parametrize(("rtnprd", "s_rtnprd", "period"), [
    ("11", "112025", "112025"),  # a bare month gives way to the full period
    ("112025", "102025", "112025"),  # a full rtnprd is the period
    ("11", None, "11"),  # a bare month alone is kept as it is
    (None, "112025", "112025"),
    ("11", "10", "11"),  # two bare months: the first spelling
])
def test_a_bare_month_rtnprd_gives_way_to_srtnprd(rtnprd: str | None, s_rtnprd: str | None,
                                                  period: str) -> None:
    result = _read(_record(rtnprd=rtnprd, sRtnPrd=s_rtnprd), portal=True)
    assert result.frame.at[0, "src_period"] == period
    assert result.frame.at[0, "record_key"].endswith("|" + period)
    assert _warnings(result) == []


def test_source_form_r5_and_its_non_resident_supplier_read_without_a_warning() -> None:
    result = _read(_record(stin=NON_RESIDENT, srcform="R5"))
    assert result.frame.at[0, "src_form"] == "R5"
    assert _warnings(result) == []


def test_an_unknown_source_form_names_the_known_ones() -> None:
    result = _read(_record(srcform="R9"))
    (warning,) = _warnings(result)
    assert "R1, R1A, IFF or R5" in warning.message


def test_an_r5_document_of_a_non_resident_supplier_can_be_acted_on() -> None:
    read = _read(_record(stin=NON_RESIDENT, srcform="R5"))
    result = build_upload(read.frame, [Decision(0, Action.REJECT, remarks="not ours")], RTIN)
    assert result.refusals == []
    (record,) = result.payloads[0]["invdata"]["b2b"]
    assert (record["stin"], record["srcform"]) == (NON_RESIDENT, "R5")


def test_a_centre_jurisdiction_supplier_is_a_valid_gstin() -> None:
    result = _read(_record(stin=make_gstin("99", "AAECK1234M")))
    assert _warnings(result) == []


def test_a_special_gstin_with_a_wrong_check_character_says_whose_shape_it_has() -> None:
    wrong = NON_RESIDENT[:-1] + ("B" if NON_RESIDENT[-1] != "B" else "C")
    (warning,) = _warnings(_read(_record(stin=wrong)))
    assert "non-resident taxable person" in warning.message
    assert "not in GSTIN format" not in warning.message


def test_a_special_recipient_gstin_is_refused_for_the_upload() -> None:
    read = _read(_record())
    with pytest.raises(InputError, match=r"non-resident taxable person.*regular taxpayer"):
        build_upload(read.frame, [Decision(0, Action.REJECT)], NON_RESIDENT)
