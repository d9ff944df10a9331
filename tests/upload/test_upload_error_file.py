"""Importing the portal's error answer and mapping each error back to its IMS row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gst_ims.domain.problems import InputError
from gst_ims.upload.error_file import read_error_file
from support.upload import DATA, ims_frame, row_of


def test_portal_error_file_maps_each_record_to_its_row() -> None:
    ims = ims_frame("download_portal.json")
    result = read_error_file(DATA / "error_portal.json", ims)
    assert result.kind == "portal"
    mapped = {ims_id: [e.message for e in errors]
              for ims_id, errors in result.by_ims_id().items()}
    assert mapped == {
        row_of(ims, "b2b", "KA/24-25/01873"):
            ["Either previous action is incorrect/ invoice might have edited by supplier"],
        row_of(ims, "b2b", "1234567890123456"): ["Invoice not found"],  # number in the file
        row_of(ims, "b2bcn", "CN/25-26/0193"):
            ["Declared ITC reduction cannot exceed the tax of the record"],
    }


def test_an_error_naming_no_downloaded_document_is_kept_and_reported() -> None:
    ims = ims_frame("download_portal.json")
    result = read_error_file(DATA / "error_portal.json", ims)
    assert [(e.section, e.doc_no) for e in result.unmapped] == [("ecom", "ECO9-999999")]
    assert len(result.problems) == 1 and "ECO9-999999" in str(result.problems[0])


def test_api_status_with_short_and_long_section_keys() -> None:
    ims = ims_frame("download_api.json")
    result = read_error_file(DATA / "error_api_status.json", ims)  # GSP-wrapped
    assert (result.kind, result.status, result.processed, result.errored) == (
        "api", "PE", 10, 4)
    assert {(e.section, e.doc_no, e.code, e.ims_ids) for e in result.errors} == {
        ("b2b", "KA/24-25/01873", "IMSSAV0010", (row_of(ims, "b2b", "KA/24-25/01873"),)),
        ("b2bdn", "DN-0042", "IMSSAV0010", (row_of(ims, "b2bdn", "DN-0042"),)),  # "dn"
        ("b2bcna", "CN/25-26/0150", "IMSSAV0010", (row_of(ims, "b2bcna", "CN/25-26/0150"),)),
        # named under b2b but it is an amendment (b2ba): not mapped, reported
        ("b2b", "KA/24-25/01800", "IMSSAV0010", ()),
    }
    assert len(result.problems) == 1


def test_a_period_that_disagrees_does_not_map(tmp_path: Path) -> None:
    ims = ims_frame("download_api.json")
    report = {"status_cd": "PE", "error_report": {"b2b": [
        {"stin": "33AAGCT7777B1Z8", "error_cd": "X", "error_msg": "m",
         "inv": [{"inum": "TN0091", "rtnprd": "122025"}, {"inum": "TN0091"}]}]}}
    path = tmp_path / "status.json"
    path.write_text(json.dumps(report))
    result = read_error_file(path, ims)
    assert [e.ims_ids for e in result.errors] == [(), (row_of(ims, "b2b", "TN0091"),)]


def test_request_level_error() -> None:
    result = read_error_file(DATA / "error_api_rejected.json", ims_frame("download_api.json"))
    assert (result.status, result.request_error, result.errors) == (
        "ER", "IMSSAV005: Schema validation failure", [])


def test_a_file_of_another_kind_is_an_input_error(tmp_path: Path) -> None:
    ims = ims_frame("download_api.json")
    with pytest.raises(InputError, match="not an IMS upload error file"):
        read_error_file(DATA / "download_api.json", ims)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(InputError, match="not JSON"):
        read_error_file(broken, ims)


def _status(tmp_path: Path, report: dict[str, object]) -> Path:
    path = tmp_path / "status.json"
    path.write_text(json.dumps({"status_cd": "PE", "error_report": report}))
    return path


def test_ecommerce_error_keys_of_one_gsp_map_to_ecom_and_ecoma(tmp_path: Path) -> None:
    ims = ims_frame("download_api.json")
    entry = {"stin": "07AAFCE1111A1ZL", "error_cd": "IMSSAV0010", "error_msg": "m"}
    report = {"e_b2b": [{**entry, "inv": [{"inum": "ECO9-000781"}]}],
              "e_c2ba": [{**entry, "inv": [{"inum": "ECO9-000700"}]}]}
    result = read_error_file(_status(tmp_path, report), ims)
    assert [(e.section, e.ims_ids) for e in result.errors] == [
        ("ecom", (row_of(ims, "ecom", "ECO9-000781"),)),
        ("ecoma", (row_of(ims, "ecoma", "ECO9-000700"),))]
    assert result.problems == []


def test_the_portal_file_gets_the_code_of_a_known_message(tmp_path: Path) -> None:
    ims = ims_frame("download_portal.json")
    record = {"stin": "27AAACP9876R1ZA", "nt_num": "CN/25-26/0193", "nt_dt": "22-10-2025",
              "rtnprd": "10", "action": "A",
              "error_msg": "Error! Please enter value for the column itcRedReq."}
    coded = {**record, "error_cd": "IMSSAV0099", "error_msg": "something new"}
    path = tmp_path / "errors.json"
    path.write_text(json.dumps({"imsDetailsErr": {"b2bcn": [record, coded]}}))
    result = read_error_file(path, ims)
    row = row_of(ims, "b2bcn", "CN/25-26/0193")
    # A bare-month rtnprd agrees with the document's MMYYYY.
    assert [(e.code, e.ims_ids) for e in result.errors] == [
        ("IMSSAV0054", (row,)), ("IMSSAV0099", (row,))]


def test_known_codes_are_explained_from_one_table() -> None:
    from gst_ims.upload.error_codes import KNOWN_ERRORS, explain, known_error

    assert {e.code for e in KNOWN_ERRORS} >= {"IMSSAV0054", "IMSSAV0010", "IMSSAV005"}
    assert known_error("", "Error! Please enter value for the column itcRedReq.")[0] == (
        "IMSSAV0054")
    assert known_error("", "IMSSAV0015: Previous Save or Reset request is already under "
                       "progress")[0] == "IMSSAV0015"
    assert known_error("imssav0010", "x")[1] is not None
    assert known_error("", "Invoice not found") == ("", None)
    text = explain("IMSSAV0010", "Either previous action is incorrect")
    assert text.startswith("IMSSAV0010: Either previous action is incorrect.")
    assert "Download the IMS JSON again" in text
    unknown = explain("", "Invoice not found")
    assert unknown.startswith("Invoice not found.") and "only the rows that failed" in unknown
