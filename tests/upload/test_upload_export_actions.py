"""`gst-ims export-actions`: decisions CSV + downloads -> upload files, via the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from gst_ims.cli import main
from gst_ims.domain.problems import InputError
from gst_ims.ims.jsontext import dumps_exact, loads_exact
from gst_ims.upload.decisions_csv import read_decisions_csv
from support.upload import DATA, RTIN, ims_frame, row_of

HEADER = ("section,supplier_gstin,doc_no,doc_date,action,remarks,itc_red_req,"
          "decl_igst,decl_cgst,decl_sgst,decl_cess\n")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    code = main(["export-actions", *args, "--json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("dialect", ["api", "portal"])
def test_cli_writes_the_golden_files(dialect: str, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, report = _run(capsys, "--ims", str(DATA / f"download_{dialect}.json"),
                        "--decisions", str(DATA / "decisions.csv"), "--rtin", RTIN,
                        "--out", str(tmp_path))
    assert code == 0 and report["ok"] is True
    assert report["counts"] == {"A": 6, "R": 3, "P": 1, "N": 1, "unchanged": 1,
                                "refused": 0, "withheld": 0}
    files = report["files"]
    assert isinstance(files, list) and [f["type"] for f in files] == ["SAVE", "RESET"]
    for file in files:
        golden = DATA / f"expected_{dialect}_{file['type'].lower()}.json"
        expected = dumps_exact(loads_exact(golden.read_text()))
        assert Path(file["path"]).read_text("utf-8") == expected


def test_rows_naming_no_document_are_listed_with_their_lines(tmp_path: Path) -> None:
    csv = tmp_path / "d.csv"
    csv.write_text(HEADER
                   + "b2b,33AAGCT7777B1Z8,TN0091,11-11-2025,R,,,,,,\n"
                   + "b2b,33AAGCT7777B1Z8,TN0092,11-11-2025,R,,,,,,\n"
                   + "b2ba,33AAGCT7777B1Z8,TN0091,11-11-2025,R,,,,,,\n"
                   + "b2b,33AAGCT7777B1Z8,TN0091,12-11-2025,R,,,,,,\n")
    with pytest.raises(InputError) as error:
        read_decisions_csv(csv, ims_frame("download_api.json"))
    assert [(p.row, "names no downloaded document" in p.message)
            for p in error.value.problems] == [(3, True), (4, True), (5, True)]


def test_cli_reports_an_unknown_document_as_exit_1(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "d.csv"
    csv.write_text(HEADER + "b2b,33AAGCT7777B1Z8,NOPE,11-11-2025,R,,,,,,\n")
    code, report = _run(capsys, "--ims", str(DATA / "download_api.json"), "--decisions",
                        str(csv), "--rtin", RTIN, "--out", str(tmp_path / "out"))
    assert code == 1 and "name one downloaded document" in str(report["error"])
    assert [(p["row"], "NOPE" in p["message"]) for p in report["problems"]] == [(2, True)]
    assert not (tmp_path / "out").exists()


def test_labels_iso_dates_case_and_rupees_are_understood(tmp_path: Path) -> None:
    ims = ims_frame("download_api.json")
    csv = tmp_path / "d.csv"
    csv.write_text(" Section , Supplier GSTIN ,Doc No,Doc Date,Action,itc_red_req,decl_cgst,"
                   "decl_sgst\n"
                   "B2BCN,27aaacp9876r1za,cn/25-26/0193,2025-10-22,accept,y,4.5,4.50\n"
                   "b2b,33AAGCT7777B1Z8, TN0091 ,11-11-2025,No action,,,\n")
    decisions = read_decisions_csv(csv, ims)
    assert [(d.ims_id, d.action.value, d.itc_red_req, d.decl) for d in decisions] == [
        (row_of(ims, "b2bcn", "CN/25-26/0193"), "A", "Y", {"cgst": 450, "sgst": 450}),
        (row_of(ims, "b2b", "TN0091"), "N", "", None),
    ]


def test_bad_header_and_values_are_listed(tmp_path: Path) -> None:
    ims = ims_frame("download_api.json")
    csv = tmp_path / "d.csv"
    csv.write_text("section,supplier_gstin,doc_no,action,remark\n")
    with pytest.raises(InputError) as error:
        read_decisions_csv(csv, ims)
    assert [p.message for p in error.value.problems] == [
        "required column 'doc_date' is missing", "column 'remark' is not a decisions column"]
    csv.write_text(HEADER + "b2x,33AAGCT7777B1Z8,TN0091,31-02-2025,Maybe,,,,1.x,,\n")
    with pytest.raises(InputError) as error:
        read_decisions_csv(csv, ims)
    assert [p.field for p in error.value.problems] == [
        "section", "doc_date", "action", "decl_cgst"]


def test_a_document_decided_twice_is_an_error(tmp_path: Path) -> None:
    csv = tmp_path / "d.csv"
    row = "b2b,33AAGCT7777B1Z8,TN0091,11-11-2025,R,,,,,,\n"
    csv.write_text(HEADER + row + row)
    with pytest.raises(InputError, match="already decided on line 2"):
        read_decisions_csv(csv, ims_frame("download_api.json"))


def test_all_or_nothing_with_a_refusal_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "d.csv"
    csv.write_text(HEADER
                   + "b2b,33AAGCT7777B1Z8,TN0091,11-11-2025,R," + "x" * 251 + ",,,,,\n"
                   + "b2b,29AAECK1234M1ZD,KA/24-25/01873,05-11-2025,A,,,,,,\n")
    args = ["--ims", str(DATA / "download_api.json"), "--decisions", str(csv),
            "--rtin", RTIN]
    code, report = _run(capsys, *args, "--out", str(tmp_path / "strict"), "--all-or-nothing")
    assert code == 1 and "nothing written" in str(report["error"])
    assert ["remarks-too-long" in p["message"] for p in report["problems"]] == [True]
    assert not (tmp_path / "strict").exists()
    code, report = _run(capsys, *args, "--out", str(tmp_path / "partial"))
    assert code == 0
    assert [r["rule"] for r in report["refusals"]] == ["remarks-too-long"]
    assert len(list((tmp_path / "partial").iterdir())) == 1


def test_text_report_names_files_counts_and_refusals(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "d.csv"
    csv.write_text(HEADER + "b2b,33AAGCT7777B1Z8,TN0091,11-11-2025,A,thanks,,,,,\n"
                   + "b2b,29AAECK1234M1ZD,KA/24-25/01873,05-11-2025,A,,,,,,\n")
    code = main(["export-actions", "--ims", str(DATA / "download_portal.json"),
                 "--decisions", str(csv), "--rtin", RTIN, "--out", str(tmp_path / "o")])
    text = capsys.readouterr().out
    assert code == 0
    assert "SAVE" in text and "Accept" in text and "TN0091" in text
    assert "d.csv line 2: b2b TN0091: remarks not sent" in text
    assert "Refused (" not in text  # a remark never costs the row


def test_case_decides_between_numbers_differing_only_by_case(tmp_path: Path) -> None:
    ims = ims_frame("download_api.json")
    twin = ims.loc[[row_of(ims, "b2b", "TN0091")]].assign(doc_no="tn0091")
    both = pd.concat([ims, twin], ignore_index=True)
    csv = tmp_path / "d.csv"
    csv.write_text(HEADER + "b2b,33AAGCT7777B1Z8,tn0091,11-11-2025,R,,,,,,\n"
                   + "b2b,33AAGCT7777B1Z8,Tn0091,11-11-2025,R,,,,,,\n")
    with pytest.raises(InputError) as error:
        read_decisions_csv(csv, both)
    assert [(p.row, "matches 2" in p.message) for p in error.value.problems] == [(3, True)]
    csv.write_text(HEADER + "b2b,33AAGCT7777B1Z8,tn0091,11-11-2025,R,,,,,,\n")
    assert [d.ims_id for d in read_decisions_csv(csv, both)] == [len(ims)]


def test_refusals_name_the_decisions_csv_line(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    # The user fixes the CSV, so a refusal must point at its line, not an internal row.
    csv = tmp_path / "my decisions.csv"
    csv.write_text(HEADER
                   + "b2b,29AAECK1234M1ZD,KA/24-25/01873,05-11-2025,A,,,,,,\n"
                   + "b2bcna,27AAACP9876R1ZA,CN/25-26/0150,01-10-2025,P,,,,,,\n"
                   + "b2b,33AAGCT7777B1Z8,TN0091,11-11-2025,R," + "x" * 251 + ",,,,,\n")
    args = ["--ims", str(DATA / "download_api.json"), "--decisions", str(csv),
            "--rtin", RTIN]
    code, report = _run(capsys, *args, "--out", str(tmp_path / "o"))
    assert code == 0
    refusals = report["refusals"]
    assert isinstance(refusals, list)
    assert sorted((r["line"], r["rule"]) for r in refusals) == [(3, "pending-blocked"),
                                                          (4, "remarks-too-long")]
    code = main(["export-actions", *args, "--out", str(tmp_path / "t")])
    text = capsys.readouterr().out
    assert "my decisions.csv line 3: b2bcna CN/25-26/0150" in text
    assert "my decisions.csv line 4: b2b TN0091" in text
    code, report = _run(capsys, *args, "--out", str(tmp_path / "s"), "--all-or-nothing")
    problems = report["problems"]
    assert code == 1 and isinstance(problems, list)
    assert sorted((p["file"], p["row"]) for p in problems) == [("my decisions.csv", 3),
                                                              ("my decisions.csv", 4)]


def test_a_download_for_another_gstin_stops_the_export_with_exit_1(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Every row refused with exit 0 and no file hid a wrong --rtin (or a wrong file).
    from gst_ims.domain.documents import Dialect
    from gst_ims.samples import write_sample_month

    paths = write_sample_month(tmp_path / "in", docs=10, seed=3, dialect=Dialect.PORTAL)
    downloaded_for = json.loads(paths["ims"].read_text())["gstin"]
    assert downloaded_for != RTIN
    record = json.loads(paths["ims"].read_text())["imsDetails"]["b2b"][0]
    csv = tmp_path / "d.csv"
    csv.write_text(HEADER + f"b2b,{record['stin']},{record['inum']},{record['idt']},A,,,,,,\n")
    code, report = _run(capsys, "--ims", str(paths["ims"]), "--decisions", str(csv),
                        "--rtin", RTIN, "--out", str(tmp_path / "o"))
    assert code == 1
    assert f"ims.json is for {downloaded_for}" in str(report["error"])
    assert not (tmp_path / "o").exists()
    code, report = _run(capsys, "--ims", str(paths["ims"]), "--decisions", str(csv),
                        "--rtin", downloaded_for, "--out", str(tmp_path / "o"))
    assert code == 0 and len(report["files"]) == 1  # type: ignore[arg-type]


def test_an_accept_of_a_credit_note_without_itc_columns_declares_full_reduction(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Only the required columns: the same default as the workbook's blank cells.
    csv = tmp_path / "d.csv"
    csv.write_text("section,supplier_gstin,doc_no,doc_date,action\n"
                   "b2bcn,27AAACP9876R1ZA,CN/25-26/0193,22-10-2025,A\n"
                   "ecoma,07AAFCE1111A1ZL,ECO9-000700,01-10-2025,A\n")
    code, report = _run(capsys, "--ims", str(DATA / "download_api.json"), "--decisions",
                        str(csv), "--rtin", RTIN, "--out", str(tmp_path / "o"))
    assert code == 0
    files = report["files"]
    assert isinstance(files, list)
    records = [r for items in loads_exact(Path(files[0]["path"]).read_text())[
        "invdata"].values() for r in items]
    assert [(r.get("nt_num", r.get("inum")), r["itcRedReq"]) for r in records] == [
        ("CN/25-26/0193", "Y"), ("ECO9-000700", "Y")]
    assert not any(key.startswith("decl") for r in records for key in r)


def test_the_result_sheet_headers_name_the_itc_columns(tmp_path: Path) -> None:
    csv = tmp_path / "d.csv"
    csv.write_text("Section,Supplier GSTIN,Doc No,Doc Date,Action,ITC Reduction,"
                   "Declared CGST,Declared SGST\n"
                   "b2bcn,27AAACP9876R1ZA,CN/25-26/0193,22-10-2025,Accept,Y,4.50,4.50\n")
    [decision] = read_decisions_csv(csv, ims_frame("download_api.json"))
    assert (decision.itc_red_req, decision.decl) == ("Y", {"cgst": 450, "sgst": 450})


@pytest.mark.parametrize(("style", "key"), [("api", "itcRedReq"), ("snake", "itc_red_req"),
                                            ("as-downloaded", "itc_red_req")])
def test_key_style_option_spells_the_portal_keys(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], style: str, key: str) -> None:
    code, report = _run(capsys, "--ims", str(DATA / "download_portal.json"), "--decisions",
                        str(DATA / "decisions.csv"), "--rtin", RTIN, "--out",
                        str(tmp_path / "o"), "--key-style", style)
    assert code == 0
    files = report["files"]
    assert isinstance(files, list)
    text = Path(files[0]["path"]).read_text()
    assert f'"{key}":"Y"' in text
    notes = report["notes"]
    assert isinstance(notes, list) and any(key in note for note in notes)


def test_an_unknown_key_style_is_exit_1(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, report = _run(capsys, "--ims", str(DATA / "download_portal.json"), "--decisions",
                        str(DATA / "decisions.csv"), "--rtin", RTIN, "--out",
                        str(tmp_path / "o"), "--key-style", "kebab")
    assert code == 1 and "--key-style" in str(report["error"])
