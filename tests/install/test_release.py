"""The release as a user gets it: the zip is built the way `make release` builds the
Windows one, but for this machine (Windows wheels cannot be installed on Linux); its
wheelhouse installs into a fresh virtual environment with no index at all, and the
installed gst-ims makes a workbook and runs a whole month."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from gst_ims import __version__
from gst_ims.install.packaged import PACKAGED_WORKBOOK
from gst_ims.install.release import build_release, this_machine


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    built = build_release(tmp_path_factory.mktemp("dist"), this_machine())
    assert built.archive.name == f"GST_IMS_Reconciler-{__version__}-{this_machine().suffix}.zip"
    return built.archive


def _offline(env: dict[str, str]) -> dict[str, str]:
    """An environment in which pip can reach no package index or local wheel folder."""
    clean = {k: v for k, v in env.items() if not k.startswith("PIP_")}
    return {**clean, "PIP_NO_INDEX": "1", "PIP_CONFIG_FILE": os.devnull,
            "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def test_the_zip_holds_the_workbook_installer_and_wheelhouse(release: Path) -> None:
    with zipfile.ZipFile(release) as archive:
        names = archive.namelist()
        folder = names[0].split("/")[0]
        assert {n.split("/", 1)[0] for n in names} == {folder}
        workbook = archive.read(f"{folder}/GST_IMS_Reconciler.xlsm")
        install = archive.read(f"{folder}/install.cmd").decode("utf-8")
        readme = archive.read(f"{folder}/README.txt").decode("utf-8")
        assert f"{folder}/excel-checklist.md" in names
    assert workbook == PACKAGED_WORKBOOK.read_bytes()
    assert "\r\n" in install and "\n" not in install.replace("\r\n", "")
    assert "--no-index" in install and '--find-links "%HERE%wheelhouse"' in install
    assert "setup-excel --workbook" in install and "%LOCALAPPDATA%" in install
    assert __version__ in readme
    wheels = [n.rsplit("/", 1)[1] for n in names if n.endswith(".whl")]
    assert any(w.startswith(f"gst_ims-{__version__}-") for w in wheels)
    assert any(w.startswith("xlwings-0.37.8-") for w in wheels)


def test_the_wheelhouse_installs_offline_and_runs_a_month(release: Path,
                                                          tmp_path: Path) -> None:
    with zipfile.ZipFile(release) as archive:
        archive.extractall(tmp_path / "unzipped")
    (folder,) = (tmp_path / "unzipped").iterdir()
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    env = _offline(dict(os.environ))
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-index",
                    "--find-links", str(folder / "wheelhouse"), "gst-ims"],
                   check=True, env=env, timeout=600)
    gst_ims = str(env_dir / "bin" / "gst-ims")
    work = tmp_path / "month"

    def run(*arguments: str) -> str:
        done = subprocess.run([gst_ims, *arguments], capture_output=True, text=True,
                              env=env, cwd=tmp_path, timeout=600, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout

    # The installed package, not this checkout: XlsxWriter and the VBA tools are absent.
    probe = subprocess.run([str(python), "-c", "import gst_ims, importlib.util; "
                            "print(gst_ims.__file__, importlib.util.find_spec('xlsxwriter'))"],
                           capture_output=True, text=True, env=env, check=True, cwd=tmp_path)
    assert str(env_dir) in probe.stdout and probe.stdout.strip().endswith("None")
    run("new-workbook", str(work / "GST_IMS.xlsm"))
    run("sample-data", "--out", str(work / "input"), "--docs", "40", "--seed", "3")
    report = json.loads(run("run", "--json", "--workbook", str(work / "GST_IMS.xlsm"),
                            "--ims", str(work / "input" / "ims.json"),
                            "--books", str(work / "input" / "register.xlsx"),
                            "--accept-matched", "--out", str(work / "upload")))
    assert [job["job"] for job in report["jobs"]] == [
        "import-ims", "import-books", "reconcile", "accept-matched", "export"]
    assert list((work / "upload").glob("*.json"))
    doctor = subprocess.run([gst_ims, "doctor", "--workbook", str(work / "GST_IMS.xlsm")],
                            capture_output=True, text=True, env=env, check=False)
    assert "xlwings 0.37.8" in doctor.stdout
    if sys.platform not in ("win32", "darwin"):  # no Excel here: nothing to do
        assert doctor.returncode == 0, doctor.stdout
