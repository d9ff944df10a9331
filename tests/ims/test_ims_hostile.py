"""Hostile IMS downloads: each bad value costs its own record at most, never the file or the
month, and never a traceback; what a cell receives is always storable."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from gst_ims.domain.problems import InputError, Problem, Severity
from gst_ims.domain.safe_text import MARKER, XML_ILLEGAL
from gst_ims.ims.reader import ImsRead, read_ims_files
from gst_ims.ims.sources import SizeLimits

GSTIN = "29AAECK1234M1ZD"


def _record(**overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "stin": GSTIN, "inum": "INV-1", "idt": "01-11-2024", "inv_typ": "R", "pos": "27",
        "val": 1180, "txval": 1000, "iamt": 180, "camt": 0, "samt": 0, "cess": 0,
        "srcform": "R1", "rtnprd": "112024", "srcfilstatus": "Filed", "action": "N",
        "ispendactblocked": "N", "hash": "ab" * 32, "tradenm": "Kaveri Traders",
    }
    record.update(overrides)
    return record


def _write_text(tmp_path: Path, text: str, name: str = "ims.json") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _read(tmp_path: Path, *records: dict[str, Any]) -> ImsRead:
    good = _record(inum="GOOD-1")
    # ensure_ascii: a lone surrogate goes into the file as the escape "\ud800", legal JSON.
    text = json.dumps({"imsDetails": {"b2b": [*records, good]}, "gstin": GSTIN},
                      ensure_ascii=True)
    return read_ims_files([_write_text(tmp_path, text)])


def _errors(result: ImsRead) -> list[Problem]:
    return [p for p in result.problems if p.severity is Severity.ERROR]


def _storable(result: ImsRead) -> bool:
    texts = result.frame.select_dtypes(include=["string", "object"]).drop(columns=["raw"])
    return not any(XML_ILLEGAL.search(str(v)) for col in texts for v in texts[col].dropna())


@pytest.mark.parametrize("name", ["A\ud800B Traders", "Tab\x07Bell", "\udfff", "x\uffffy",
                                  "NUL\x00name"])
def test_text_a_workbook_cannot_hold_is_marked_and_reported(tmp_path: Path,
                                                            name: str) -> None:
    result = _read(tmp_path, _record(tradenm=name, pos="2\ud8007"))
    assert len(result.frame) == 2
    assert _storable(result)
    assert MARKER in result.frame["supplier_name"].iloc[0]
    warned = {p.field for p in result.problems if MARKER in p.message}
    assert warned == {"tradenm/trdnm", "pos"}
    problem = next(p for p in result.problems if p.field == "pos")
    assert (problem.file, problem.section, problem.row) == ("ims.json", "b2b", 0)


@pytest.mark.parametrize("number", ["INV\x07-1", "INV\x00", "AB\u202eCD", "A\u200bB",
                                    "INV-\ud800", "X" * 17, "9" * 40_000])
def test_a_number_the_portal_cannot_have_issued_skips_that_document_only(
        tmp_path: Path, number: str) -> None:
    result = _read(tmp_path, _record(inum=number))
    assert list(result.frame["doc_no"]) == ["GOOD-1"]
    (error,) = _errors(result)
    assert (error.section, error.row, error.field) == ("b2b", 0, "inum")
    assert "skipped" in error.message and len(error.message) < 400
    assert result.files[0].skipped == {"b2b": 1}


def test_an_amendment_with_a_bad_original_number_is_skipped(tmp_path: Path) -> None:
    record = _record(oinum="OLD\x1b[31m", oidt="01-10-2024")
    text = json.dumps({"imsDetails": {"b2ba": [record]}})
    result = read_ims_files([_write_text(tmp_path, text)])
    assert result.frame.empty and "original" in _errors(result)[0].message


@pytest.mark.parametrize("amount", ["1e400", "-1E+999", "1E+300", "99999999999999999",
                                    '"1E+999999999"', '"NaN"', "[[[[1]]]]"])
def test_an_amount_beyond_the_portal_maximum_is_an_error_on_that_record(
        tmp_path: Path, amount: str) -> None:
    good = json.dumps(_record(inum="GOOD-1"))
    bad = json.dumps(_record()).replace('"txval": 1000', f'"txval": {amount}')
    path = _write_text(tmp_path, f'{{"imsDetails": {{"b2b": [{bad}, {good}]}}}}')
    result = read_ims_files([path])
    assert list(result.frame["doc_no"]) == ["GOOD-1"]
    (error,) = _errors(result)
    assert error.field == "txval" and "not an amount" in error.message


@pytest.mark.parametrize("when", ["31-12-9999", "01-01-0001", "31-12-2101", "31-12-1899"])
def test_a_date_outside_1900_to_2100_is_an_error_on_that_record(tmp_path: Path,
                                                                 when: str) -> None:
    result = _read(tmp_path, _record(idt=when))
    assert list(result.frame["doc_no"]) == ["GOOD-1"]
    assert "1900 to 2100" in _errors(result)[0].message


def test_deep_nesting_is_refused_for_that_file_only(tmp_path: Path) -> None:
    deep = _write_text(tmp_path, "[" * 100_000 + "]" * 100_000, "deep.json")
    inside = _write_text(tmp_path, '{"b2b": [{"stin": ' + "[" * 100_000 + "]" * 100_000
                         + "}]}", "inside.json")
    good = _write_text(tmp_path, json.dumps({"b2b": [_record()]}), "good.json")
    result = read_ims_files([deep, inside, good])
    assert len(result.frame) == 1
    assert {p.file for p in _errors(result)} == {"deep.json", "inside.json"}
    assert all("levels deep" in p.message for p in _errors(result))


def test_a_nested_value_in_a_field_is_named_not_printed(tmp_path: Path) -> None:
    nested: Any = "x"
    for _ in range(500):
        nested = [nested]
    result = _read(tmp_path, _record(idt=nested, pos={"a": nested}))
    error = _errors(result)[0]
    assert "a list of 1 item(s)" in error.message


@pytest.mark.parametrize("payload", [
    {"status_cd": "0", "error": {"message": "No document found", "error_cd": "RET13509"}},
    {"status_cd": 0, "error": {"message": "No document found", "error_cd": "RET13509"},
     "data": {"b2b": [_record()]}},
    {"data": {"status_cd": "0", "error_msg": "No document found", "error_cd": "RET13509",
              "b2b": [_record()]}},
])
def test_a_gsp_failure_shows_the_gsp_message_and_imports_nothing(
        tmp_path: Path, payload: dict[str, Any]) -> None:
    path = _write_text(tmp_path, json.dumps(payload), "gsp.json")
    with pytest.raises(InputError) as caught:
        read_ims_files([path])
    (problem,) = caught.value.problems
    assert "No document found" in problem.message and "RET13509" in problem.message
    assert problem.file == "gsp.json" and "unknown envelope" not in problem.message


def test_an_empty_download_is_named(tmp_path: Path) -> None:
    result = read_ims_files([_write_text(tmp_path, '{"imsDetails": {}}', "empty.json")])
    assert result.frame.empty
    (warning,) = result.problems
    assert warning.file == "empty.json" and "no IMS records" in warning.message


def test_a_zip_expanding_far_beyond_a_download_is_refused_with_the_numbers(
        tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("ims.json", '{"b2b": []}' + " " * (40 << 20))
    with pytest.raises(InputError) as caught:
        read_ims_files([archive])
    message = caught.value.problems[0].message
    assert "41,943,051 bytes" in message and "to 1" in message and "refused" in message


def test_more_documents_than_one_import_takes_is_refused_before_parsing(
        tmp_path: Path) -> None:
    records = [_record(inum=f"INV-{index}") for index in range(30)]
    path = _write_text(tmp_path, json.dumps({"b2b": records}))
    with pytest.raises(InputError) as caught:
        read_ims_files([path], zip_limits=SizeLimits(max_documents=20))
    assert "about 30 documents" in caught.value.problems[0].message
    utf16 = tmp_path / "utf16.json"
    utf16.write_bytes(json.dumps({"b2b": records}).encode("utf-16"))
    with pytest.raises(InputError):
        read_ims_files([utf16], zip_limits=SizeLimits(max_documents=20))
    assert len(read_ims_files([path]).frame) == 30


def test_a_json_file_larger_than_an_import_reads_is_refused(tmp_path: Path) -> None:
    path = _write_text(tmp_path, json.dumps({"b2b": [_record()]}) + " " * 2000)
    with pytest.raises(InputError) as caught:
        read_ims_files([path], zip_limits=SizeLimits(max_total_bytes=1000))
    assert "bytes, more than the 1,000" in caught.value.problems[0].message
