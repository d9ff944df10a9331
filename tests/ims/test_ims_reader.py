"""The IMS reader on hand-written fixtures of both dialects, every bad-input case, zips,
and generated records (hypothesis)."""

from __future__ import annotations

import json
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gst_ims.domain.documents import IMS_COLUMNS, Dialect, FilingStatus, Section
from gst_ims.domain.gstin import make_gstin
from gst_ims.domain.money import decimal_to_paise
from gst_ims.domain.problems import InputError, Problem, Severity
from gst_ims.ims.jsontext import dumps_exact, loads_exact
from gst_ims.ims.rawtext import record_text
from gst_ims.ims.reader import ImsRead, read_ims_files, read_ims_payload
from gst_ims.ims.sources import ZipLimits

DATA = Path(__file__).resolve().parents[1] / "data" / "ims"
API = DATA / "api_all_sections.json"
PORTAL = DATA / "portal_all_sections.json"
GSTIN = "29AAECK1234M1ZD"


def _errors(result: ImsRead) -> list[Problem]:
    return [p for p in result.problems if p.severity is Severity.ERROR]


def _assert_counts_add_up(result: ImsRead) -> None:
    for info in result.files:
        for section, count in info.in_file.items():
            assert count == info.read[section] + info.skipped[section], (info.path, section)
    assert len(result.frame) == sum(sum(info.read.values()) for info in result.files)


def _record(**overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "stin": GSTIN, "inum": "INV-1", "idt": "01-11-2024", "inv_typ": "R", "pos": "27",
        "val": 1180, "txval": 1000, "iamt": 180, "camt": 0, "samt": 0, "cess": 0,
        "srcform": "R1", "rtnprd": "112024", "srcfilstatus": "Filed", "action": "N",
        "ispendactblocked": "N", "hash": "ab" * 32,
    }
    record.update(overrides)
    return {key: value for key, value in record.items() if value is not None}


def _write(tmp_path: Path, name: str, payload: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


# --- both dialects, every section ------------------------------------------------------


@pytest.mark.parametrize("path", [API, PORTAL], ids=["api", "portal"])
def test_every_section_of_both_dialects_is_read(path: Path) -> None:
    result = read_ims_files([path])
    frame = result.frame
    assert tuple(frame.columns) == IMS_COLUMNS
    assert set(frame["section"]) == {s.value for s in Section}
    assert _errors(result) == []
    assert [p for p in result.problems if p.severity is Severity.WARNING] == []
    _assert_counts_add_up(result)
    for section in Section:
        rows = frame[frame["section"] == section.value]
        assert (rows["doc_type"] == section.doc_type.value).all()
        assert (rows["is_amendment"] == section.is_amendment).all()
        if section.is_amendment:
            assert (rows["orig_doc_no"] != "").all() and rows["orig_doc_date"].notna().all()
        else:
            assert (rows["orig_doc_no"] == "").all() and rows["orig_doc_date"].isna().all()
        if not section.has_inv_type:
            assert (rows["inv_type"] == "").all()


def test_dtypes_follow_the_contract() -> None:
    frame = read_ims_files([API]).frame
    for column in ("doc_value", "taxable", "igst", "cgst", "sgst", "cess"):
        assert frame[column].dtype == "int64"
    for column in ("is_amendment", "pending_blocked", "itc_red_blocked", "remarks_blocked"):
        assert frame[column].dtype == bool
    assert frame["doc_date"].dtype == "datetime64[ns]"
    assert frame["source_index"].dtype == "Int64"
    for column in ("section", "doc_no", "raw", "record_key", "pos", "hash"):
        assert isinstance(frame[column].dtype, pd.StringDtype)


def test_api_values_are_exact_and_numbers_stay_text() -> None:
    frame = read_ims_files([API]).frame
    first = frame.iloc[0]
    assert first["doc_no"] == "KA/24-25/01873"
    assert first["taxable"] == 10000050 and first["doc_value"] == 11800050
    assert first["doc_date"] == pd.Timestamp(2024, 11, 5)
    assert first["filing_status"] == FilingStatus.NOT_FILED.value
    assert first["dialect"] == Dialect.API.value
    assert first["source_file"] == "api_all_sections.json"
    numeric = frame.iloc[1]
    assert numeric["doc_no"] == "1234567890123456"
    assert numeric["portal_action"] == "A" and numeric["inv_type"] == "SEWP"
    assert numeric["record_key"] == "b2b|27AAGCR4321L1Z8|1234567890123456|30-11-2024|112024"
    ecoma = frame[frame["section"] == "ecoma"].iloc[0]
    assert ecoma["cgst"] == 8550 and ecoma["portal_action"] == "R"
    cn = frame[frame["section"] == "b2bcn"].iloc[0]
    assert bool(cn["pending_blocked"]) and not bool(cn["itc_red_blocked"])
    amended = frame[frame["section"] == "b2bdna"].iloc[0]
    assert amended["record_key"] == (
        "b2bdna|24AABFM5678Q1ZM|DN-0042A|20-10-2025|102025|DN-0042|18-10-2025"
    )


def test_raw_is_the_record_as_downloaded() -> None:
    text = API.read_text(encoding="utf-8")
    payload = loads_exact(text)
    frame = read_ims_files([API]).frame
    for section, index, raw in zip(frame["section"], frame["source_index"], frame["raw"],
                                   strict=True):
        assert loads_exact(raw) == payload[section][index]
        assert raw == dumps_exact(payload[section][index])
    assert '"val":118000.50' in frame.iloc[0]["raw"]  # the number's own text
    assert '"inum":1234567890123456' in frame.iloc[1]["raw"]


@pytest.mark.parametrize("path", [API, PORTAL], ids=["api", "portal"])
def test_without_raw_only_the_raw_text_is_left_out(path: Path) -> None:
    full = read_ims_files([path])
    slim = read_ims_files([path], with_raw=False)
    assert (slim.frame["raw"] == "").all() and (full.frame["raw"] != "").all()
    pd.testing.assert_frame_equal(slim.frame.drop(columns="raw"),
                                  full.frame.drop(columns="raw"))
    assert slim.frame["raw"].dtype == full.frame["raw"].dtype
    assert slim.problems == full.problems and slim.files == full.files


def test_portal_spellings() -> None:
    result = read_ims_files([PORTAL])
    frame = result.frame
    assert result.files[0].dialect is Dialect.PORTAL
    b2b = frame.iloc[0]
    assert b2b["supplier_name"] == "Kaveri Agro Pvt Ltd"
    assert b2b["doc_no"] == "000123"  # leading zeros kept
    assert b2b["src_form"] == "R1" and b2b["src_period"] == "112024"
    assert b2b["filing_status"] == FilingStatus.NOT_FILED.value  # SAVED
    assert b2b["hash"] == ""
    by_section = frame.set_index("section")
    assert bool(by_section.loc["b2bdna", "itc_red_blocked"])  # itcRedReqBlocked
    assert by_section.loc["b2ba", "filing_status"] == FilingStatus.FILED.value
    assert by_section.loc["b2bcn", "taxable"] == 1000075
    assert (frame["dialect"] == "portal").all()


def test_gsp_wrapped_envelope_gives_the_recipient() -> None:
    result = read_ims_files([DATA / "gsp_wrapped.json"])
    assert result.files[0].recipient_gstin == "27AAGCR4321L1Z8"
    assert result.files[0].dialect is Dialect.API
    assert len(result.frame) == 1


def test_single_data_wrapper_and_upper_case_sections(tmp_path: Path) -> None:
    path = _write(tmp_path, "wrapped.json", {"data": {"rtin": "27aagcr4321l1z8",
                                                      "B2B": [_record()]}})
    result = read_ims_files([path])
    assert result.files[0].recipient_gstin == "27AAGCR4321L1Z8"
    assert list(result.frame["section"]) == ["b2b"]


def test_flags_and_statuses_in_other_spellings(tmp_path: Path) -> None:
    records = [
        _record(inum="1", srcfilstatus="F", ispendactblocked=True, action="Accepted"),
        _record(inum="2", srcfilstatus=False, ispendactblocked="n", isItcRedReqBlocked="Y"),
        _record(inum="3", pos=27, inv_typ="r"),
    ]
    result = read_ims_payload({"b2b": records}, "x.json")
    frame = result.frame
    assert list(frame["filing_status"]) == ["Filed", "Not Filed", "Filed"]
    assert list(frame["pending_blocked"]) == [True, False, False]
    assert list(frame["portal_action"]) == ["A", "N", "N"]
    assert list(frame["itc_red_blocked"]) == [False, True, False]
    assert frame.iloc[2]["pos"] == "27" and frame.iloc[2]["inv_type"] == "R"
    assert _errors(result) == []


def test_plain_json_load_payload_gives_the_same_paise() -> None:
    exact = read_ims_files([API]).frame
    plain = read_ims_payload(json.loads(API.read_text(encoding="utf-8")), "api.json").frame
    for column in ("doc_value", "taxable", "igst", "cgst", "sgst", "cess"):
        assert list(plain[column]) == list(exact[column])


# --- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("not_json.json", "not JSON"),
        ("empty.json", "empty"),
        ("unknown_envelope.json", "keys found 'invoices', 'period'"),
        ("error_file.json", "imsDetailsErr"),
    ],
)
def test_a_file_that_cannot_be_read_alone_raises(name: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        read_ims_files([DATA / name])
    assert len(caught.value.problems) == 1
    assert words in caught.value.problems[0].message
    assert caught.value.problems[0].file == name


def test_a_fatal_file_among_others_is_a_problem(tmp_path: Path) -> None:
    result = read_ims_files([DATA / "not_json.json", API, tmp_path / "missing.json"])
    assert len(result.frame) == 9
    fatal = _errors(result)
    assert [p.file for p in fatal] == ["not_json.json", "missing.json"]
    assert "not found" in fatal[1].message


def test_no_files_at_all_raises() -> None:
    with pytest.raises(InputError):
        read_ims_files([])


def test_record_problems_skip_or_flag_and_counts_add_up() -> None:
    result = read_ims_files([DATA / "bad_records.json"])
    _assert_counts_add_up(result)
    info = result.files[0]
    assert info.in_file == {"b2b": 9} and info.read == {"b2b": 4}
    assert list(result.frame["doc_no"]) == ["OK-1", "BADGSTIN-1", "NEG-1", "NOCESS-1"]
    errors = {(p.row, p.field) for p in _errors(result)}
    assert errors == {(1, "inum"), (2, "idt"), (5, "action"), (6, ""), (7, "txval")}
    warnings = {(p.row, p.field) for p in result.problems if p.severity is Severity.WARNING}
    assert {(3, "stin"), (4, "val"), (4, "txval"), (8, "cess")} <= warnings
    assert any(p.section == "impg" for p in result.problems)  # not read, but said so
    negative = result.frame.set_index("doc_no").loc["NEG-1"]
    assert negative["taxable"] == -100000
    invalid_date = next(p for p in result.problems if p.field == "idt")
    assert "31-02-2024" in invalid_date.message


def test_repeated_warnings_are_reported_once_with_a_count(tmp_path: Path) -> None:
    records = [_record(inum=f"N{i}", cess=None, hash=None) for i in range(5)]
    result = read_ims_payload({"b2b": records}, "x.json")
    cess = [p for p in result.problems if p.field == "cess"]
    assert len(cess) == 1 and "5 records" in cess[0].message and cess[0].row == 0
    assert len(result.frame) == 5 and (result.frame["cess"] == 0).all()


def test_same_document_twice_across_files_keeps_the_later_copy() -> None:
    result = read_ims_files([DATA / "dup_first.json", DATA / "dup_second.json"])
    frame = result.frame
    assert len(frame) == 2
    kept = frame[frame["source_file"] == "dup_second.json"].iloc[0]
    assert kept["portal_action"] == "A" and kept["doc_no"] == "ka/24-25/01873 "
    first, second = result.files
    assert first.read == {"b2b": 1} and first.skipped == {"b2b": 1}
    assert second.read == {"b2b": 1} and second.skipped == {"b2b": 0}
    duplicate = [p for p in result.problems if p.field == "record_key"]
    assert len(duplicate) == 1 and duplicate[0].file == "dup_first.json"
    assert "dup_second.json" in duplicate[0].message
    _assert_counts_add_up(result)


def test_same_document_twice_in_one_file() -> None:
    result = read_ims_payload({"b2b": [_record(action="N"), _record(action="R")]}, "x.json")
    assert list(result.frame["portal_action"]) == ["R"]
    assert result.files[0].skipped == {"b2b": 1}


def test_section_that_is_not_a_list(tmp_path: Path) -> None:
    result = read_ims_payload({"b2b": {"stin": GSTIN}, "b2bcn": []}, "x.json")
    assert _errors(result)[0].section == "b2b"
    assert result.files[0].in_file == {"b2b": 0, "b2bcn": 0}


def test_upload_shaped_file_is_read_with_a_note() -> None:
    payload = {"rtin": "27AAGCR4321L1Z8", "reqtyp": "SAVE", "invdata": {"b2b": [
        _record(action="A", hash=None, srcfilstatus=None, ispendactblocked=None,
                prev_status="N")]}}
    result = read_ims_payload(payload, "upload.json")
    assert list(result.frame["portal_action"]) == ["A"]
    assert [p.severity for p in result.problems] == [Severity.INFO]
    assert result.files[0].recipient_gstin == "27AAGCR4321L1Z8"


# --- zip -------------------------------------------------------------------------------


def test_zip_of_json_files(tmp_path: Path) -> None:
    archive = tmp_path / "month.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.write(API, "api.json")
        handle.write(PORTAL, "sub/portal.json")
        handle.writestr("readme.txt", "not json")
    result = read_ims_files([archive])
    # The two fixtures share a few documents: the portal copy (read later) is kept.
    duplicates = [p for p in result.problems if p.field == "record_key"]
    assert len(duplicates) == 3 and len(result.frame) == 17 - 3
    assert set(result.frame["source_file"]) == {"month.zip/api.json",
                                                "month.zip/sub/portal.json"}
    assert [f.dialect for f in result.files] == [Dialect.API, Dialect.PORTAL]
    assert any(p.severity is Severity.INFO and "readme" in p.file for p in result.problems)


def test_zip_bomb_guard_refuses_a_large_expansion(tmp_path: Path) -> None:
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("ims.json", '{"b2b": []}' + " " * 200_000)
    with pytest.raises(InputError) as caught:
        read_ims_files([archive], zip_limits=ZipLimits(max_total_bytes=100_000))
    assert "expand" in caught.value.problems[0].message
    assert len(read_ims_files([archive]).frame) == 0  # within the default limit


def test_zip_bomb_guard_refuses_too_many_members(tmp_path: Path) -> None:
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for index in range(1001):
            handle.writestr(f"f{index}.json", "{}")
    with pytest.raises(InputError) as caught:
        read_ims_files([archive])
    assert "1,001 files" in caught.value.problems[0].message


def test_broken_zip(tmp_path: Path) -> None:
    archive = tmp_path / "broken.zip"
    archive.write_bytes(b"PK\x03\x04 this is not a zip")
    with pytest.raises(InputError) as caught:
        read_ims_files([archive])
    assert "zip" in caught.value.problems[0].message


# --- generated records -----------------------------------------------------------------

_amounts = st.decimals(min_value=0, max_value=Decimal("99999999999.99"), places=2,
                       allow_nan=False, allow_infinity=False)
_numbers = st.one_of(
    st.from_regex(r"[A-Za-z0-9/\-]{0,14}[A-Za-z1-9]", fullmatch=True),
    st.integers(min_value=1, max_value=9999999999999999),
)


@st.composite
def _records(draw: st.DrawFn) -> dict[str, Any]:
    gstin = make_gstin(draw(st.sampled_from(["27", "29", "07"])), "AAECK1234M")
    day = draw(st.dates(min_value=pd.Timestamp(2024, 1, 1).date(),
                        max_value=pd.Timestamp(2026, 12, 31).date()))
    return _record(
        stin=gstin, inum=draw(_numbers), idt=day.strftime("%d-%m-%Y"),
        val=draw(_amounts), txval=draw(_amounts), iamt=draw(_amounts),
        camt=draw(_amounts), samt=draw(_amounts), cess=draw(_amounts),
        action=draw(st.sampled_from("ARPN")),
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(_records(), min_size=1, max_size=6))
def test_generated_records_round_trip(records: list[dict[str, Any]]) -> None:
    payload = loads_exact(dumps_exact({"b2b": records}))
    result = read_ims_payload(payload, "gen.json")
    _assert_counts_add_up(result)
    frame = result.frame
    keys = {_key(record) for record in records}
    assert len(frame) == len(keys)  # duplicates (same key) keep one copy
    for row in frame.itertuples(index=False):
        original = payload["b2b"][row.source_index]
        assert loads_exact(row.raw) == original
        assert row.doc_no == str(original["inum"])  # numbers stay (their) text
        assert isinstance(row.doc_no, str)
        assert row.taxable == decimal_to_paise(Decimal(str(original["txval"])))
        assert row.igst == decimal_to_paise(Decimal(str(original["iamt"])))


def _key(record: dict[str, Any]) -> str:
    return f"{record['stin']}|{str(record['inum']).strip().upper()}|{record['idt']}"


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(
    st.text(max_size=8),
    st.one_of(st.text(), st.integers(), st.booleans(), st.none(), _amounts,
              st.floats(allow_nan=False, allow_infinity=False),
              st.lists(st.integers(), max_size=3)),
    max_size=8,
))
def test_record_text_is_dumps_exact(record: dict[str, Any]) -> None:
    assert record_text(record) == dumps_exact(record)
