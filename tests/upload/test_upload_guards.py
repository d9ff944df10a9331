"""Every guard rail refuses the row it should (naming row, document and rule), and only it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pytest

from gst_ims.domain.documents import Dialect
from gst_ims.domain.problems import InputError
from gst_ims.ims.jsontext import dumps_exact, loads_exact
from gst_ims.upload.guards import guard_rule_ids
from gst_ims.upload.writer import Decision, UploadOptions, build_upload
from support.upload import OTHER_RTIN, RTIN, decide, ims_frame, row_of

CN = ("b2bcn", "CN/25-26/0193")  # tax: CGST 900, SGST 900; nothing blocked
LONG = "x" * 250


@dataclass(frozen=True)
class Case:
    """A decision on one document; `rule` the refusal expected ("" = written), `note` a
    part of what its Upload Status says was left out ("" = nothing)."""

    description: str
    doc: tuple[str, str]
    action: str
    fields: dict[str, Any] = field(default_factory=dict)
    rule: str = ""
    note: str = ""


BLOCKED = ("b2bdna", "DN-0040A")  # isItcRedReqBlocked = Y
CASES = (
    Case("pending where the portal blocks it", ("b2bcna", "CN/25-26/0150"), "P",
         rule="pending-blocked"),
    Case("pending where allowed", ("b2bdn", "DN-0042"), "P"),
    Case("remarks with an ordinary accept are left out", ("b2b", "TN0091"), "A",
         {"remarks": "ok"}, note="remarks not sent"),
    Case("remarks with reject", ("b2b", "TN0091"), "R", {"remarks": "not ours"}),
    Case("remarks of 251 characters", ("b2b", "TN0091"), "R", {"remarks": LONG + "y"},
         rule="remarks-too-long"),
    Case("remarks of 250 characters", ("b2b", "TN0091"), "R", {"remarks": LONG}),
    Case("long remarks that are not sent cost nothing", ("b2b", "TN0091"), "A",
         {"remarks": LONG + "y"}, note="remarks not sent"),
    Case("remarks with an accept declaring no reduction", CN, "A",
         {"itc_red_req": "N", "remarks": "ITC never availed"}),
    Case("ITC reduction with reject is left out", CN, "R", {"itc_red_req": "Y"},
         note="go with Accept only"),
    Case("ITC reduction on an original invoice", ("b2b", "TN0091"), "A",
         {"itc_red_req": "N"}, rule="itc-reduction-section"),
    Case("ITC reduction on an accepted credit note", CN, "A", {"itc_red_req": "N"}),
    Case("no reduction where blocked", BLOCKED, "A", {"itc_red_req": "N"},
         rule="itc-reduction-blocked"),
    Case("partial reduction where blocked", BLOCKED, "A",
         {"itc_red_req": "Y", "decl": {"cgst": 10, "sgst": 10}}, rule="itc-reduction-blocked"),
    Case("full reduction where blocked is left out", BLOCKED, "A", {"itc_red_req": "Y"},
         note="takes no declaration"),
    Case("ITC reduction flag not Y/N", CN, "A", {"itc_red_req": "maybe"},
         rule="itc-reduction-flag"),
    Case("declared amounts with flag N", CN, "A",
         {"itc_red_req": "N", "decl": {"cgst": 100, "sgst": 100}},
         rule="declared-without-reduction"),
    Case("the whole tax left declared with flag N", CN, "A",
         {"itc_red_req": "N", "decl": {"cgst": 90000, "sgst": 90000}},
         note="Declared amounts not sent"),
    Case("declared amounts all zero", CN, "A",
         {"itc_red_req": "Y", "decl": {"cgst": 0, "sgst": 0}}, note="sent as N"),
    Case("declared above the tax", CN, "A",
         {"itc_red_req": "Y", "decl": {"cgst": 90001, "sgst": 90001}},
         rule="declared-over-tax"),
    Case("declared negative", CN, "A",
         {"itc_red_req": "Y", "decl": {"cgst": -1, "sgst": -1}}, rule="declared-over-tax"),
    Case("declared equal to the tax", CN, "A",
         {"itc_red_req": "Y", "decl": {"cgst": 90000, "sgst": 90000}}),
    Case("declared CGST differs from SGST", CN, "A",
         {"itc_red_req": "Y", "decl": {"cgst": 45000, "sgst": 40000}},
         rule="declared-cgst-sgst"),
    Case("accept on an IMS-only document, unconfirmed", ("b2b", "TN0091"), "A",
         {"in_books": False}, rule="accept-not-in-books"),
    Case("accept on an IMS-only document, confirmed", ("b2b", "TN0091"), "A",
         {"in_books": False, "confirmed_not_in_books": True}),
    Case("reject on an IMS-only document", ("b2b", "TN0091"), "R", {"in_books": False}),
    Case("reset with remarks leaves them out", ("b2b", "9876543210987654"), "N",
         {"remarks": "undo"}, note="going back to No action sends none"),
    Case("reset without extra fields", ("b2b", "9876543210987654"), "N"),
)


@pytest.mark.parametrize("case", CASES, ids=[case.description for case in CASES])
def test_guard_rule(case: Case) -> None:
    ims = ims_frame("download_api.json")
    decision = decide(ims, *case.doc, case.action, **case.fields)
    result = build_upload(ims, [decision], RTIN)
    rules = [refusal.rule for refusal in result.refusals]
    assert rules == ([case.rule] if case.rule else []), case.description
    written = sum(result.counts[code] for code in "ARPN")
    assert written == (0 if case.rule else 1), case.description
    notes = result.left_out.get(decision.ims_id, [])
    assert (case.note in " ".join(notes)) and bool(notes) == bool(case.note), notes
    if case.rule:
        refusal = result.refusals[0]
        assert (refusal.ims_id, refusal.section, refusal.doc_no) == (
            decision.ims_id, *case.doc)
        assert refusal.supplier_gstin == ims.at[decision.ims_id, "supplier_gstin"]
        assert refusal.message and case.doc[1] in str(refusal)


def test_every_guard_rule_has_a_case() -> None:
    covered = {case.rule for case in CASES} | {"recipient-mismatch"}
    assert set(guard_rule_ids()) <= covered


def _sent(result: Any) -> dict[str, Any]:
    (records,) = result.payloads[0]["invdata"].values()
    (record,) = records
    return dict(record)


def test_remarks_where_blocked_are_left_out_and_the_row_written() -> None:
    ims = ims_frame("download_api.json")
    ims.loc[row_of(ims, "b2b", "TN0091"), "remarks_blocked"] = True
    result = build_upload(ims, [decide(ims, "b2b", "TN0091", "R", remarks="x")], RTIN)
    assert result.refusals == [] and result.counts["R"] == 1
    assert "remarks" not in _sent(result)
    assert "isRemarksBlocked" in result.left_out[row_of(ims, "b2b", "TN0091")][0]
    assert any(note.startswith("1 row(s): remarks not sent") for note in result.notes)


def test_remarks_are_written_with_reject_pending_and_a_reduced_accept() -> None:
    ims = ims_frame("download_api.json")
    for doc, action, fields in [(("b2b", "TN0091"), "R", {}), (("b2bdn", "DN-0042"), "P", {}),
                                (CN, "A", {"itc_red_req": "N"}),
                                (CN, "A", {"decl": {"cgst": 100, "sgst": 100}})]:
        result = build_upload(ims, [decide(ims, *doc, action, remarks="why", **fields)], RTIN)
        assert _sent(result)["remarks"] == "why", (doc, fields)
    full = build_upload(ims, [decide(ims, *CN, "A", remarks="why")], RTIN)
    assert "remarks" not in _sent(full) and _sent(full)["itcRedReq"] == "Y"


def test_an_accept_declaring_less_without_remarks_gets_a_note() -> None:
    ims = ims_frame("download_api.json")
    result = build_upload(ims, [decide(ims, *CN, "A", itc_red_req="N")], RTIN)
    assert any("without remarks" in note for note in result.notes)


def test_recipient_differs_from_the_download() -> None:
    ims = ims_frame("download_api.json")
    decisions = [decide(ims, "b2b", "TN0091", "R")]
    source = {"download_api.json": OTHER_RTIN}
    refused = build_upload(ims, decisions, RTIN, downloaded_for=source)
    assert [r.rule for r in refused.refusals] == ["recipient-mismatch"]
    assert OTHER_RTIN in refused.refusals[0].message
    same = build_upload(ims, decisions, RTIN, downloaded_for={"download_api.json": RTIN})
    assert same.refusals == []


def test_invalid_recipient_gstin_is_an_input_error() -> None:
    ims = ims_frame("download_api.json")
    with pytest.raises(InputError, match="check digit"):
        build_upload(ims, [decide(ims, "b2b", "TN0091", "R")], RTIN[:-1] + "A")


def test_unconfirmed_accept_allowed_when_the_setting_is_off() -> None:
    ims = ims_frame("download_api.json")
    decision = decide(ims, "b2b", "TN0091", "A", in_books=False)
    options = UploadOptions(require_confirmation_for_unbooked_accept=False)
    assert build_upload(ims, [decision], RTIN, options=options).refusals == []


def test_one_row_breaking_two_rules_lists_both() -> None:
    ims = ims_frame("download_api.json")
    decision = decide(ims, "b2bcna", "CN/25-26/0150", "P", remarks=LONG + "y")
    result = build_upload(ims, [decision], RTIN)
    assert [r.rule for r in result.refusals] == ["pending-blocked", "remarks-too-long"]
    assert result.counts["refused"] == 1


def test_refused_rows_do_not_stop_the_others_unless_all_or_nothing() -> None:
    ims = ims_frame("download_api.json")
    decisions = [decide(ims, "b2b", "TN0091", "R", remarks=LONG + "y"),
                 decide(ims, "b2b", "KA/24-25/01873", "A")]
    partial = build_upload(ims, decisions, RTIN)
    assert partial.counts["A"] == 1 and partial.counts["refused"] == 1
    assert len(partial.payloads) == 1
    strict = build_upload(ims, decisions, RTIN, options=UploadOptions(all_or_nothing=True))
    assert strict.payloads == [] and strict.counts["withheld"] == 1
    assert [r.rule for r in strict.refusals] == ["remarks-too-long"]


def test_unchanged_actions_send_nothing() -> None:
    ims = ims_frame("download_api.json")
    decisions = [decide(ims, "b2b", "MH/778", "P"), decide(ims, "b2b", "TN0091", "N")]
    result = build_upload(ims, decisions, RTIN)
    assert result.payloads == [] and result.counts["unchanged"] == 2


def _edit_raw(ims: pd.DataFrame, position: int, **changes: Any) -> None:
    record = loads_exact(ims.at[position, "raw"])
    for key, value in changes.items():
        if value is None:
            record.pop(key)
        else:
            record[key] = value
    ims.loc[position, "raw"] = dumps_exact(record)


def test_a_downloaded_record_that_cannot_be_echoed_is_refused() -> None:
    ims = ims_frame("download_api.json")
    _edit_raw(ims, row_of(ims, "b2b", "TN0091"), pos=None)
    _edit_raw(ims, row_of(ims, "ecom", "ECO9-000781"), idt="2025-11-03")
    decisions = [decide(ims, "b2b", "TN0091", "R"), decide(ims, "ecom", "ECO9-000781", "A")]
    result = build_upload(ims, decisions, RTIN)
    assert [(r.doc_no, r.rule) for r in result.refusals] == [
        ("TN0091", "download-field"), ("ECO9-000781", "download-field")]
    assert "'pos'" in result.refusals[0].message
    assert "idt" in result.refusals[1].message


def test_a_key_the_writer_does_not_know_is_dropped_with_a_note() -> None:
    ims = ims_frame("download_api.json")
    _edit_raw(ims, row_of(ims, "b2b", "TN0091"), newkey="x")
    result = build_upload(ims, [decide(ims, "b2b", "TN0091", "R")], RTIN)
    assert result.refusals == []
    assert '"newkey"' not in dumps_exact(result.payloads[0])
    assert any("'newkey'" in note for note in result.notes)


def test_bad_decisions_are_input_errors() -> None:
    ims = ims_frame("download_api.json")
    first = decide(ims, "b2b", "TN0091", "R")
    with pytest.raises(InputError) as error:
        build_upload(ims, [first, first, Decision(999, first.action),
                           Decision(0, first.action, decl={"vat": 1})], RTIN)
    text = str(error.value)
    assert "more than once" in text and "no such IMS row" in text and "vat" in text


def test_mixed_dialects_are_refused_unless_one_is_chosen() -> None:
    api = ims_frame("download_api.json")
    portal = ims_frame("download_portal.json")
    both = pd.concat([api.iloc[:2], portal.iloc[:2]], ignore_index=True)
    decisions = [Decision(position, decide(api, "b2b", "TN0091", "R").action)
                 for position in range(4)]
    with pytest.raises(InputError, match="different JSON dialects"):
        build_upload(both, decisions, RTIN)
    chosen = build_upload(both, decisions, RTIN, Dialect.API)
    assert chosen.dialect is Dialect.API and chosen.counts["R"] == 4


def test_a_missing_portal_action_counts_as_no_action() -> None:
    ims = ims_frame("download_api.json")
    position = row_of(ims, "b2b", "TN0091")
    ims["portal_action"] = ims["portal_action"].astype("string")
    ims.loc[position, "portal_action"] = pd.NA
    result = build_upload(ims, [decide(ims, "b2b", "TN0091", "A")], RTIN)
    assert result.payloads[0]["invdata"]["b2b"][0]["prev_status"] == "N"
