"""The ITC-reduction declaration on every Accept of the sections that carry it: golden
payloads in both dialects (full, partial and no reduction, blocked and not blocked), the
key spellings of Settings > Upload key style, and a property test that no written Accept
of those sections lacks the flag where the record does not block it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gst_ims.domain.documents import ITC_REDUCTION_SECTIONS, Action, Dialect
from gst_ims.ims.jsontext import dumps_exact, loads_exact
from gst_ims.upload.dialects import DIALECTS, KeyStyle
from gst_ims.upload.writer import Decision, UploadOptions, build_upload, write_upload
from support.upload import DATA, RTIN, decide, ims_frame

NOW = datetime(2026, 11, 27, 10, 15, 0)
PREFIX = {"b2ba": "KA/A", "b2bdna": "DNA", "b2bcn": "CN", "b2bcna": "CNA", "ecoma": "ECOA"}
HALF = {  # a partial reduction per section: half the tax of each head, CGST = SGST
    "b2ba": {"igst": 810000}, "b2bdna": {"cgst": 4500, "sgst": 4500},
    "b2bcn": {"cgst": 45000, "sgst": 45000}, "b2bcna": {"igst": 45000, "cess": 20000},
    "ecoma": {"cgst": 9000, "sgst": 9000},
}
PARTIAL_REMARK = "Only half of the original ITC had been availed"
NONE_REMARK = "ITC on the original was never availed"


def _decisions(ims: pd.DataFrame) -> list[Decision]:
    """Accept on every document: FULL with nothing chosen, PART with half the tax
    declared and a remark, NONE with N and a remark, BLOCK (the portal blocks the
    declaration) with nothing chosen."""
    decisions = []
    for section, prefix in PREFIX.items():
        decisions += [
            decide(ims, section, f"{prefix}-FULL", "A"),
            decide(ims, section, f"{prefix}-PART", "A", decl=HALF[section],
                   remarks=PARTIAL_REMARK),
            decide(ims, section, f"{prefix}-NONE", "A", itc_red_req="N", remarks=NONE_REMARK),
            decide(ims, section, f"{prefix}-BLOCK", "A"),
        ]
    return decisions


def _golden(dialect: str) -> str:
    path = DATA / f"expected_{dialect}_itc_save.json"
    return dumps_exact(loads_exact(path.read_text("utf-8")))


@pytest.mark.parametrize("dialect", ["api", "portal"])
def test_every_itc_section_matches_the_golden_payload(dialect: str, tmp_path: Path) -> None:
    ims = ims_frame(f"itc_download_{dialect}.json")
    result = build_upload(ims, _decisions(ims), RTIN)
    assert result.refusals == [] and result.counts["A"] == 20
    written = write_upload(result, tmp_path, RTIN, now=NOW)
    (file,) = written.files
    assert file.path.read_text("utf-8") == _golden(dialect)


def _by_number(payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {record.get("inum", record.get("nt_num")): record
            for records in payload["invdata"].values() for record in records}


@pytest.mark.parametrize("dialect", ["api", "portal"])
def test_the_golden_payloads_say_what_the_rules_say(dialect: str) -> None:
    records = _by_number(loads_exact(_golden(dialect)))
    keys = DIALECTS[Dialect(dialect)]
    flag, decl = keys.itc_red_req, list(keys.decl.values())
    for section, prefix in PREFIX.items():
        full, part = records[f"{prefix}-FULL"], records[f"{prefix}-PART"]
        none, blocked = records[f"{prefix}-NONE"], records[f"{prefix}-BLOCK"]
        assert full[flag] == "Y" and not set(decl) & set(full) and "remarks" not in full
        assert part[flag] == "Y" and part["remarks"] == PARTIAL_REMARK
        heads = dict(zip(keys.decl, decl, strict=True))
        sent = {head: part[key] for head, key in heads.items()}
        assert {h: v * 100 for h, v in sent.items() if v} == HALF[section], section
        assert none[flag] == "N" and none["remarks"] == NONE_REMARK
        assert not set(decl) & set(none)
        assert flag not in blocked and not set(decl) & set(blocked), section


def _portal_spelled(ims: pd.DataFrame, style: KeyStyle) -> dict[str, dict[str, Any]]:
    result = build_upload(ims, _decisions(ims), RTIN,
                          options=UploadOptions(key_style=style))
    return _by_number(result.payloads[0])


def test_upload_key_style_decides_the_portal_spelling_and_says_so() -> None:
    ims = ims_frame("itc_download_portal.json")
    camel = _portal_spelled(ims, KeyStyle.API)
    assert camel["CN-PART"]["itcRedReq"] == "Y" and camel["CN-PART"]["declCgst"] == 450
    assert "itc_red_req" not in camel["CN-PART"]
    assert "prev_status" not in camel["CN-PART"]  # still the portal dialect otherwise
    snake = _portal_spelled(ims, KeyStyle.PORTAL)
    assert snake["CN-PART"]["itc_red_req"] == "Y" and snake["CN-PART"]["decl_cgst"] == 450
    result = build_upload(ims, _decisions(ims), RTIN, options=UploadOptions(
        key_style=KeyStyle.API))
    assert any("itcRedReq" in note and "API camelCase" in note for note in result.notes)


def test_as_downloaded_follows_the_keys_the_download_carries() -> None:
    ims = ims_frame("itc_download_portal.json")
    plain = build_upload(ims, _decisions(ims), RTIN)
    assert any("itc_red_req" in note and "carries none" in note for note in plain.notes)
    acted = ims.copy()
    position = int(acted.index[acted["doc_no"] == "CN-FULL"][0])
    record = loads_exact(acted.at[position, "raw"])
    record["itcRedReq"] = "Y"  # a record acted on before shows the portal's spelling
    acted.loc[position, "raw"] = dumps_exact(record)
    follows = _portal_spelled(acted, KeyStyle.AS_DOWNLOADED)
    assert follows["CNA-FULL"]["itcRedReq"] == "Y"
    assert "itc_red_req" not in follows["CNA-FULL"]


def test_the_api_dialect_keeps_its_confirmed_spelling_whatever_the_style() -> None:
    ims = ims_frame("itc_download_api.json")
    records = _portal_spelled(ims, KeyStyle.PORTAL)
    assert records["CN-FULL"]["itcRedReq"] == "Y" and "itc_red_req" not in records["CN-FULL"]


# --- property: the flag is never missing ----------------------------------------------
ITC_VALUES = [section.value for section in ITC_REDUCTION_SECTIONS]
# Amounts near the fixture's taxes (half, whole, zero) as well as any.
amount = st.one_of(st.sampled_from([0, 4500, 9000, 18000, 45000, 90000, 810000, 1620000]),
                   st.integers(-100, 2_000_000))
choice = st.fixed_dictionaries({
    "action": st.sampled_from(["A", "A", "R", "P", "N"]),
    "flag": st.sampled_from(["", "", "Y", "N", "y", "maybe"]),
    "decl": st.one_of(st.none(), st.fixed_dictionaries(
        {}, optional={head: amount for head in ("igst", "cgst", "sgst", "cess")})),
    "remarks": st.sampled_from(["", "why", "x" * 251]),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["api", "portal"]), st.lists(choice, min_size=20, max_size=20),
       st.sampled_from(list(KeyStyle)))
def test_no_written_accept_of_an_itc_section_lacks_the_flag(
    dialect: str, choices: list[dict[str, Any]], style: KeyStyle,
) -> None:
    ims = ims_frame(f"itc_download_{dialect}.json")
    decisions = [Decision(position, Action(c["action"]), c["remarks"], c["flag"],
                          c["decl"] or None)
                 for position, c in enumerate(choices)]
    result = build_upload(ims, decisions, RTIN, options=UploadOptions(key_style=style))
    flags = {spelling.itc_red_req for spelling in DIALECTS.values()}
    for payload, ids in zip(result.payloads, result.ims_ids, strict=True):
        records = [r for section in payload["invdata"].values() for r in section]
        for ims_id, record in zip(ids, records, strict=True):
            row = ims.iloc[ims_id]
            sent = flags & set(record)
            if (record.get("action") == "A" and row["section"] in ITC_VALUES
                    and not row["itc_red_blocked"]):
                assert len(sent) == 1, (row["doc_no"], record)
                assert record[sent.pop()] in ("Y", "N")
            else:
                assert not sent, (row["doc_no"], record)
            assert len(record.get("remarks", "")) <= 250
