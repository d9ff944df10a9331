"""Golden payloads: every section in both dialects, byte for byte."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from gst_ims.domain.documents import Dialect, Section
from gst_ims.ims.jsontext import dumps_exact, loads_exact
from gst_ims.upload.writer import build_upload, write_upload
from support.upload import DATA, RTIN, golden_decisions, ims_frame

NOW = datetime(2026, 11, 27, 10, 15, 0)


def _golden(dialect: str, request: str) -> str:
    # The golden files are laid out one record per line; compact them for comparison
    # (dumps_exact keeps every number's text and every key's order).
    return dumps_exact(loads_exact((DATA / f"expected_{dialect}_{request}.json").read_text()))


@pytest.mark.parametrize("dialect", ["api", "portal"])
def test_written_files_match_the_golden_payloads(dialect: str, tmp_path: Path) -> None:
    ims = ims_frame(f"download_{dialect}.json")
    result = build_upload(ims, golden_decisions(ims), RTIN)
    assert result.dialect == Dialect(dialect)
    assert result.refusals == []
    assert result.counts == {"A": 6, "R": 3, "P": 1, "N": 1, "unchanged": 1,
                             "refused": 0, "withheld": 0}
    written = write_upload(result, tmp_path, RTIN, now=NOW)
    assert [f.path.name for f in written.files] == [
        f"IMS_{RTIN}_SAVE_20261127-101500_part1of1.json",
        f"IMS_{RTIN}_RESET_20261127-101500_part1of1.json",
    ]
    assert [(f.request_type, f.records) for f in written.files] == [("SAVE", 10), ("RESET", 1)]
    for file in written.files:
        text = file.path.read_text("utf-8")
        assert text == _golden(dialect, file.request_type.lower())
        assert file.bytes == len(text.encode("utf-8"))


@pytest.mark.parametrize("dialect", ["api", "portal"])
def test_golden_save_covers_every_section(dialect: str) -> None:
    payload = loads_exact(_golden(dialect, "save"))
    assert list(payload["invdata"]) == [section.value for section in Section]


def test_dialects_differ_only_in_the_table_spellings() -> None:
    api = loads_exact(_golden("api", "save"))["invdata"]
    portal = loads_exact(_golden("portal", "save"))["invdata"]
    renamed = {"itcRedReq": "itc_red_req", "declIgst": "decl_igst", "declCgst": "decl_cgst",
               "declSgst": "decl_sgst", "declCess": "decl_cess"}
    for section, records in api.items():
        for api_record, portal_record in zip(records, portal[section], strict=True):
            expected = {renamed.get(key, key): value for key, value in api_record.items()
                        if key != "prev_status"}
            assert portal_record == expected


def test_values_are_echoed_byte_identical_and_numbers_become_strings() -> None:
    api_text = _golden("api", "save")
    assert '"val":118000.50,"txval":100000.50' in api_text  # not 118000.5
    assert '"inum":"1234567890123456"' in api_text  # downloaded as a JSON number
    download = (DATA / "download_api.json").read_text()
    assert '"inum": 1234567890123456' in download
    for key in ("hash", "srcfilstatus", "ispendactblocked", "isRemarksBlocked",
                "isItcRedReqBlocked", "tradenm", "rtnTyp", "sRtnPrd"):
        assert f'"{key}"' not in api_text
        assert f'"{key}"' not in _golden("portal", "save")


def test_portal_fallback_keys_fill_srcform_and_rtnprd() -> None:
    # TN0091's portal download spells them rtnTyp / sRtnPrd (docs/formats.md: Two dialects).
    record = loads_exact(_golden("portal", "save"))["invdata"]["b2b"][1]
    assert record["inum"] == "TN0091"
    assert (record["srcform"], record["rtnprd"]) == ("R1", "112025")
