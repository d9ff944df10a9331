"""The decisions CSV as Excel saves it (Windows-1252, Unicode Text) and as a hostile one
arrives: read with the one encoding detector, which the report names; every bad value a
message with its line, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gst_ims.cli import main
from gst_ims.domain.problems import InputError
from gst_ims.upload.decisions_csv import parse_decisions_csv, read_decisions_csv
from support.upload import DATA, RTIN, ims_frame

ROWS = [
    ["section", "supplier_gstin", "doc_no", "doc_date", "action", "remarks"],
    ["b2b", "29AAECK1234M1ZD", "KA/24-25/01873", "05-11-2025", "Accept", ""],
    ["b2b", "33AAGCT7777B1Z8", "TN0091", "11-11-2025", "Reject", "Café – wrong GSTIN"],
]


def _text(rows: list[list[str]], sep: str) -> str:
    return "\r\n".join(sep.join(row) for row in rows) + "\r\n"


@pytest.mark.parametrize(("encoding", "sep", "named"), [
    ("cp1252", ",", "Windows-1252"), ("utf-16", "\t", "UTF-16 little-endian"),
    ("utf-16-be", "\t", "UTF-16"), ("utf-8-sig", ";", "UTF-8 (with byte-order mark)"),
])
def test_excels_csv_flavours_are_read_and_named(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str, sep: str,
        named: str) -> None:
    path = tmp_path / "decisions.csv"
    path.write_bytes(_text(ROWS, sep).encode(encoding))
    decisions = read_decisions_csv(path, ims_frame("download_api.json"))
    assert [d.remarks for d in decisions] == ["", "Café – wrong GSTIN"]
    code = main(["export-actions", "--ims", str(DATA / "download_api.json"), "--decisions",
                 str(path), "--rtin", RTIN, "--out", str(tmp_path / "out"), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["decisions_read_as"].startswith(named)


def test_a_one_megabyte_field_is_refused_naming_the_line(tmp_path: Path) -> None:
    rows = [*ROWS, ["b2b", "29AAECK1234M1ZD", "X", "05-11-2025", "Reject", "r" * 1_000_000]]
    path = tmp_path / "decisions.csv"
    path.write_text(_text(rows, ","), encoding="utf-8")
    with pytest.raises(InputError, match=r"line 4"):
        parse_decisions_csv(path)


@pytest.mark.parametrize("declared", ["1E+300", "-1E+999", "1e400", "NaN"])
def test_a_declared_amount_beyond_sense_is_a_message_on_its_line(
        tmp_path: Path, declared: str) -> None:
    rows = [[*ROWS[0], "decl_igst"], [*ROWS[1], declared]]
    path = tmp_path / "decisions.csv"
    path.write_text(_text(rows, ","), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        parse_decisions_csv(path)
    (problem,) = caught.value.problems
    assert problem.row == 2 and problem.field == "decl_igst"


def test_binary_bytes_are_no_decisions(tmp_path: Path) -> None:
    path = tmp_path / "decisions.csv"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(InputError, match="not a text file"):
        parse_decisions_csv(path)
