"""The wheelhouse check: requirements followed from gst-ims' wheel with the target's own
environment markers (pip, run on Linux, leaves out xlwings' Windows-only pywin32)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from gst_ims.install.release import WINDOWS
from gst_ims.install.wheelhouse import missing_requirements


def _wheel(folder: Path, filename: str, *requires: str) -> None:
    name, version = filename.split("-")[:2]
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n" + "".join(
        f"Requires-Dist: {requirement}\n" for requirement in requires)
    with zipfile.ZipFile(folder / filename, "w") as archive:
        archive.writestr(f"{name}-{version}.dist-info/METADATA", metadata)


def test_a_windows_only_dependency_is_found_missing(tmp_path: Path) -> None:
    _wheel(tmp_path, "gst_ims-0.1.0-py3-none-any.whl", "xlwings==0.37.8",
           'pytest>=8; extra == "dev"')
    _wheel(tmp_path, "xlwings-0.37.8-cp312-cp312-win_amd64.whl",
           'pywin32>=224; platform_system == "Windows"',
           'appscript>=1.0.1; platform_system == "Darwin"')
    assert missing_requirements(tmp_path, "win_amd64", "3.12", WINDOWS.markers) == [
        "pywin32>=224"]
    # For Python 3.11 the cp312 wheel does not fit: xlwings itself is missing.
    assert missing_requirements(tmp_path, "win_amd64", "3.11", WINDOWS.markers) == [
        "xlwings==0.37.8"]
    _wheel(tmp_path, "pywin32-312-cp312-cp312-win_amd64.whl")
    assert missing_requirements(tmp_path, "win_amd64", "3.12", WINDOWS.markers) == []


def test_a_version_outside_the_pin_does_not_count(tmp_path: Path) -> None:
    _wheel(tmp_path, "gst_ims-0.1.0-py3-none-any.whl", "xlwings==0.37.8")
    _wheel(tmp_path, "xlwings-0.38.0-cp312-cp312-win_amd64.whl")
    assert missing_requirements(tmp_path, "win_amd64", "3.12", WINDOWS.markers) == [
        "xlwings==0.37.8"]
