"""Files: the size limit (just under / just over), schema validation as a loud bug guard,
atomic writing, names."""

from __future__ import annotations

import copy
import os
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from gst_ims.domain.documents import Dialect
from gst_ims.domain.problems import InputError
from gst_ims.ims.jsontext import dumps_exact
from gst_ims.upload.check import UploadSchemaError
from gst_ims.upload.writer import UploadOptions, UploadResult, build_upload, write_upload
from support.upload import RTIN, golden_decisions, ims_frame

NOW = datetime(2026, 1, 2, 3, 4, 5)


def _save(max_bytes: int = 4_000_000, dialect: str = "api") -> UploadResult:
    ims = ims_frame(f"download_{dialect}.json")
    decisions = [d for d in golden_decisions(ims) if d.action.value != "N"]
    return build_upload(ims, decisions, RTIN, options=UploadOptions(max_bytes=max_bytes))


def test_a_request_exactly_at_the_limit_stays_one_file(tmp_path: Path) -> None:
    whole = len(dumps_exact(_save().payloads[0]).encode("utf-8"))
    result = write_upload(_save(max_bytes=whole), tmp_path, RTIN, now=NOW)
    assert [f.bytes for f in result.files] == [whole]


def test_one_byte_over_the_limit_splits_into_numbered_files(tmp_path: Path) -> None:
    whole = len(dumps_exact(_save().payloads[0]).encode("utf-8"))
    result = write_upload(_save(max_bytes=whole - 1), tmp_path, RTIN, now=NOW)
    assert len(result.files) == 2
    assert [f.path.name for f in result.files] == [
        f"IMS_{RTIN}_SAVE_20260102-030405_part1of2.json",
        f"IMS_{RTIN}_SAVE_20260102-030405_part2of2.json",
    ]
    assert all(f.bytes <= whole - 1 for f in result.files)
    assert sum(f.records for f in result.files) == 10
    assert all(f.bytes == f.path.stat().st_size for f in result.files)


@pytest.mark.parametrize("max_bytes", [600, 900, 1500, 2500])
def test_every_file_respects_a_small_limit_and_keeps_every_record(
        max_bytes: int, tmp_path: Path) -> None:
    result = write_upload(_save(max_bytes=max_bytes), tmp_path, RTIN, now=NOW)
    assert all(f.bytes <= max_bytes for f in result.files)
    ids = [ims_id for chunk in result.ims_ids for ims_id in chunk]
    assert sorted(ids) == sorted(_save().ims_ids[0])
    assert len(result.files) == len(result.ims_ids) > 1


def test_a_record_larger_than_the_limit_is_an_input_error() -> None:
    with pytest.raises(InputError, match="more than the 300-byte file limit"):
        _save(max_bytes=300)


def _broken(change: Any) -> UploadResult:
    result = _save()
    payloads = copy.deepcopy(result.payloads)
    change(payloads[0]["invdata"]["b2b"][0])
    return UploadResult(payloads, [], result.counts, dialect=result.dialect)


@pytest.mark.parametrize("change", [
    lambda r: r.update(inum=1234567890123456),          # number where a string belongs
    lambda r: r.update(pos="27-Maharashtra"),             # a label, not a code
    lambda r: r.update(idt="2025-11-05"),                 # not dd-mm-yyyy
    lambda r: r.update(action="Accept"),                  # a label, not a code
    lambda r: r.pop("prev_status"),                       # required in the API dialect
    lambda r: r.update(hash="abc"),                       # download-only key
    lambda r: r.update(val=Decimal("118000.505")),        # 3 decimals
], ids=["number-inum", "label-pos", "iso-date", "label-action", "no-prev-status",
        "download-only-key", "three-decimals"])
def test_a_payload_failing_its_schema_raises_loudly_and_writes_nothing(
        change: Any, tmp_path: Path) -> None:
    with pytest.raises(UploadSchemaError):
        write_upload(_broken(change), tmp_path, RTIN, now=NOW)
    assert list(tmp_path.iterdir()) == []


def test_portal_schema_refuses_prev_status_on_save(tmp_path: Path) -> None:
    result = _save(dialect="portal")
    payloads = copy.deepcopy(result.payloads)
    payloads[0]["invdata"]["b2b"][0]["prev_status"] = "N"
    with pytest.raises(UploadSchemaError, match="prev_status"):
        write_upload(UploadResult(payloads, [], result.counts, dialect=result.dialect),
                     tmp_path, RTIN, now=NOW)


def test_a_failed_write_leaves_no_partial_or_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_upload(_save(), tmp_path, RTIN, now=NOW)
    assert list(tmp_path.iterdir()) == []


def test_existing_files_are_not_overwritten(tmp_path: Path) -> None:
    write_upload(_save(), tmp_path, RTIN, now=NOW)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(InputError, match="already exist"):
        write_upload(_save(), tmp_path, RTIN, now=NOW)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_writing_for_another_recipient_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="built for"):
        write_upload(_save(), tmp_path, "27AAACN5555N1Z0", now=NOW)


@pytest.mark.parametrize(("request_type", "dialect"), [("SAVE", Dialect.API),
                                                       ("SAVE", Dialect.PORTAL),
                                                       ("RESET", Dialect.API)])
def test_the_schemas_are_valid_json_schemas(request_type: str, dialect: Dialect) -> None:
    from jsonschema import Draft202012Validator

    from gst_ims.upload.check import load_schema

    Draft202012Validator.check_schema(load_schema(request_type, dialect))


def test_portal_reset_files_come_with_a_note() -> None:
    ims = ims_frame("download_portal.json")
    decisions = [d for d in golden_decisions(ims) if d.action.value == "N"]
    result = build_upload(ims, decisions, RTIN)
    assert [p["reqtyp"] for p in result.payloads] == ["RESET"]
    assert any("RESET" in note for note in result.notes)
    api = ims_frame("download_api.json")
    assert build_upload(api, [d for d in golden_decisions(api) if d.action.value == "N"],
                        RTIN).notes == []


def test_upload_files_get_the_usual_mode_not_a_private_one(tmp_path: Path) -> None:
    # A temporary file made by mkstemp is 0600; the renamed upload must not stay so.
    old_mask = os.umask(0o022)
    try:
        written = write_upload(_save(), tmp_path, RTIN, now=NOW)
    finally:
        os.umask(old_mask)
    for file in written.files:
        assert file.path.stat().st_mode & 0o777 == 0o644
