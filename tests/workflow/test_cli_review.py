"""The command line as a user meets it: an API download (no recipient GSTIN in the file)
run end to end, and the messages for what a user gets wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gst_ims.cli import main as cli
from gst_ims.domain.documents import Dialect
from gst_ims.samples import generate_month
from support import NewWorkbook, SampleMonth

RECIPIENT = generate_month(docs=40, seed=5, dialect=Dialect.API).recipient_gstin


@pytest.fixture(scope="module")
def api_month(tmp_path_factory: pytest.TempPathFactory, sample_month: SampleMonth,
              new_workbook: NewWorkbook) -> dict[str, Path]:
    paths = sample_month(40, 5, Dialect.API)
    paths["workbook"] = new_workbook(tmp_path_factory.mktemp("api"), "empty.xlsm")
    return paths


def _fresh(api_month: dict[str, Path], tmp_path: Path) -> Path:
    copy = tmp_path / "GST.xlsm"
    copy.write_bytes(api_month["workbook"].read_bytes())
    return copy


def _run(api_month: dict[str, Path], workbook: Path, out: Path, *extra: str) -> list[str]:
    return ["run", "--workbook", str(workbook), "--ims", str(api_month["ims"]),
            "--books", str(api_month["register"]), "--out", str(out), *extra]


def test_an_api_download_runs_with_rtin(api_month: dict[str, Path], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    # The API response does not name the recipient: without --rtin the run stops and says
    # how to give it; with it, the upload is written for that GSTIN.
    assert RECIPIENT not in api_month["ims"].read_text()
    workbook = _fresh(api_month, tmp_path)
    assert cli(_run(api_month, workbook, tmp_path / "out")) == 1
    assert "--rtin" in capsys.readouterr().err
    assert cli([*_run(api_month, workbook, tmp_path / "out", "--rtin", RECIPIENT.lower()),
                "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    files = report["jobs"][-1]["files"]
    assert files and all(RECIPIENT in Path(f).name for f in files)
    assert json.loads(Path(files[0]).read_text())["rtin"] == RECIPIENT


def test_a_wrong_rtin_is_refused_with_the_reason(api_month: dict[str, Path], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    workbook = _fresh(api_month, tmp_path)
    before = workbook.read_bytes()
    wrong = RECIPIENT[:-1] + ("0" if RECIPIENT[-1] != "0" else "1")
    assert cli(_run(api_month, workbook, tmp_path / "out", "--rtin", wrong)) == 1
    assert "check digit" in capsys.readouterr().err
    assert workbook.read_bytes() == before and not (tmp_path / "out").exists()


def test_rtin_never_overrides_another_gstin_in_settings(
        api_month: dict[str, Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    workbook = _fresh(api_month, tmp_path)
    assert cli(_run(api_month, workbook, tmp_path / "out", "--rtin", RECIPIENT)) == 0
    capsys.readouterr()
    other = generate_month(docs=5, seed=77, dialect=Dialect.API).recipient_gstin
    assert other != RECIPIENT
    assert cli(["export", "--workbook", str(workbook), "--out", str(tmp_path / "o2"),
                "--rtin", other]) == 1
    assert f"differs from the Recipient GSTIN on the Settings sheet ({RECIPIENT})" in (
        capsys.readouterr().err)
