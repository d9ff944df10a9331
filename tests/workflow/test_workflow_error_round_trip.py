"""The error file round trip end to end, through the command line on the built workbook:
export a month, feed back the portal's answer naming two of the uploaded documents
(IMSSAV0054 and IMSSAV0010) in either of its shapes, see both rows marked (and nothing
else), and `export --only-failed` writes exactly those two documents again."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from gst_ims.cli import main as cli
from gst_ims.domain.documents import Dialect
from gst_ims.samples import write_sample_month
from gst_ims.workbook import layout as lay
from gst_ims.workbook.file_port import FilePort

ITC_0054 = "Error! Please enter value for the column itcRedReq."
PREV_0010 = "Either previous action is incorrect/ invoice might have edited by supplier"


def _number(record: dict[str, Any]) -> str:
    return str(record.get("inum", record.get("nt_num")))


def _saved(folder: Path) -> list[tuple[str, dict[str, Any]]]:
    records = []
    for path in sorted(folder.glob("*SAVE*.json")):
        payload = json.loads(path.read_text(encoding="utf-8"))
        records += [(section, record) for section, items in payload["invdata"].items()
                    for record in items]
    return records


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Any]]:
    folder = tmp_path_factory.mktemp("round")
    paths = write_sample_month(folder / "in", docs=200, seed=21, dialect=Dialect.PORTAL)
    workbook = folder / "GST.xlsm"
    assert cli(["new-workbook", str(workbook)]) == 0
    assert cli(["import-ims", "--workbook", str(workbook), str(paths["ims"])]) == 0
    assert cli(["import-books", "--workbook", str(workbook), str(paths["register"])]) == 0
    assert cli(["reconcile", "--workbook", str(workbook)]) == 0
    assert cli(["accept-matched", "--workbook", str(workbook)]) == 0
    assert cli(["export", "--workbook", str(workbook), "--out", str(folder / "up")]) == 0
    return folder, workbook, _saved(folder / "up")


def _portal_file(path: Path, failed: list[tuple[str, dict[str, Any], str, str]]) -> None:
    sections: dict[str, list[dict[str, Any]]] = {}
    for section, record, _code, message in failed:
        sections.setdefault(section, []).append({**record, "error_msg": message})
    path.write_text(json.dumps({"imsDetailsErr": sections}), encoding="utf-8")


def _api_status(path: Path, failed: list[tuple[str, dict[str, Any], str, str]]) -> None:
    short = {"b2bcn": "cn", "b2bcna": "cna", "b2bdn": "dn", "b2bdna": "dna"}
    report: dict[str, list[dict[str, Any]]] = {}
    for section, record, code, message in failed:
        report.setdefault(short.get(section, section), []).append({
            "stin": record["stin"], "error_cd": code, "error_msg": message,
            "inv": [{"inum": _number(record), "rtnprd": record["rtnprd"]}]})
    status = {"status_cd": "PE", "proc_cnt": "40", "err_cnt": str(len(failed)),
              "error_report": report}
    path.write_text(json.dumps({"data": status, "status_cd": "1"}), encoding="utf-8")


def _results(workbook: Path) -> pd.DataFrame:
    port = FilePort(workbook)
    return pd.concat([port.read_table(sheet) for sheet in lay.RESULT_SHEETS],
                     ignore_index=True)


@pytest.mark.parametrize("shape", ["portal", "api"])
def test_the_portal_s_errors_come_back_to_their_rows_and_only_they_are_sent_again(
        exported: tuple[Path, Path, list[Any]], tmp_path: Path, shape: str) -> None:
    _folder, original, records = exported
    workbook = tmp_path / "GST.xlsm"
    workbook.write_bytes(original.read_bytes())
    itc = next((s, r) for s, r in records if "itc_red_req" in r)
    other = next((s, r) for s, r in records if s == "b2b" and _number(r) != _number(itc[1]))
    failed = [(*itc, "IMSSAV0054", ITC_0054), (*other, "IMSSAV0010", PREV_0010)]
    errors = tmp_path / "errors.json"
    (_portal_file if shape == "portal" else _api_status)(errors, failed)

    assert cli(["import-errors", "--workbook", str(workbook), str(errors)]) == 0
    status = _results(workbook).set_index("IMS Doc No")["Upload Status"]
    assert status[_number(itc[1])].startswith("Portal error IMSSAV0054")
    assert status[_number(other[1])].startswith("Portal error IMSSAV0010")
    assert status.dropna().str.startswith("Portal error").sum() == 2
    home = FilePort(workbook).read_names([lay.PORTAL_ERRORS.name, lay.LAST_MESSAGE.name])
    assert home[lay.PORTAL_ERRORS.name] == 2
    assert "refused 2 document(s)" in str(home[lay.LAST_MESSAGE.name])
    log = FilePort(workbook).read_table(lay.LOG)
    assert log["Message"].str.contains("IMSSAV0054").sum() == 1

    retry = tmp_path / "retry"
    assert cli(["export", "--workbook", str(workbook), "--out", str(retry),
                "--only-failed"]) == 0
    sent = _saved(retry)
    assert sorted(_number(r) for _, r in sent) == sorted(
        _number(record) for _, record, _, _ in failed)
    by_number = {_number(r): r for _, r in sent}
    assert by_number[_number(itc[1])] == itc[1]  # the same record, declaration and all
    assert not list(retry.glob("*RESET*"))
