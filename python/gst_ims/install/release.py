"""`gst-ims release` / `make release`: the zip a finance user installs by double-click.

``GST_IMS_Reconciler-<version>-win64.zip`` holds one folder with the built workbook,
``install.cmd``, a short README, the Excel checklist, and ``wheelhouse/``: this
package's wheel and a wheel of every dependency for 64-bit Windows and each supported
Python, fetched with ``pip download --only-binary=:all: --platform win_amd64``, so the
install needs no network. pip judges a dependency's environment markers by the machine
it runs on, not the target (on Linux it skips xlwings' ``pywin32; platform_system ==
"Windows"``), so the wheelhouse is then checked against the target's own markers and
whatever is missing is fetched too. A developer tool: it needs a source checkout and
the package index.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from gst_ims import __version__
from gst_ims.domain.problems import InputError
from gst_ims.install.packaged import PACKAGED_WORKBOOK

PACKAGE_DIR: Final = Path(__file__).resolve().parents[1]
FIXED_ZIP_TIME: Final = (2025, 1, 1, 0, 0, 0)
_ROUNDS: Final = 5  # dependency closure passes; each adds a layer the markers hid


@dataclass(frozen=True)
class Target:
    """Where the wheelhouse will be installed: pip's platform tag (None: this machine),
    the Python versions, the archive's suffix and the marker environment."""

    platform: str | None
    pythons: tuple[str, ...]
    suffix: str
    markers: dict[str, str] = field(default_factory=dict)


WINDOWS: Final = Target(
    "win_amd64", ("3.11", "3.12", "3.13"), "win64",
    {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt",
     "platform_machine": "AMD64"})


def this_machine() -> Target:
    """A target for this machine and its Python (to install the wheelhouse here)."""
    import platform

    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return Target(None, (version,), f"{sys.platform}-{platform.machine()}")


@dataclass(frozen=True)
class Release:
    """The archive written, the wheels it holds, for which Pythons and platform."""

    archive: Path
    wheels: list[str]
    pythons: tuple[str, ...]
    platform: str


def source_root() -> Path:
    """The checkout this package was installed from (editable); `InputError` otherwise."""
    root = PACKAGE_DIR.parents[1]
    if not (root / "pyproject.toml").is_file():
        raise InputError("gst-ims release builds from a source checkout (pip install -e .); "
                         "this installation has none.")
    return root


def _pip(*arguments: str) -> None:
    done = subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check",
                           *arguments], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-5:])
        raise InputError(f"pip {arguments[0]} failed:\n{tail}")


def build_wheel(root: Path, folder: Path) -> Path:
    """This package's wheel (with the workbook and vba/ inside) built into `folder`."""
    _pip("wheel", "--no-deps", "--quiet", "--wheel-dir", str(folder), str(root))
    wheels = sorted(folder.glob("gst_ims-*.whl"))
    if not wheels:
        raise InputError(f"pip wheel left no gst_ims wheel in {folder}")
    return wheels[-1]


def _download(requirements: list[str], target: Target, python: str, dest: Path) -> None:
    options = ["download", "--quiet", "--only-binary=:all:", "--dest", str(dest)]
    if target.platform is not None:
        options += ["--platform", target.platform, "--python-version", python,
                    "--implementation", "cp"]
    _pip(*options, *requirements)


def fill_wheelhouse(wheel: Path, target: Target, dest: Path) -> None:
    """Download `wheel`'s dependencies for every Python of `target` into `dest`, then
    each requirement the target's markers need and pip left out."""
    from gst_ims.install.wheelhouse import missing_requirements

    for python in target.pythons:
        _download([str(wheel)], target, python, dest)
        for _ in range(_ROUNDS):
            missing = missing_requirements(dest, target.platform, python, target.markers)
            if not missing:
                break
            _download(missing, target, python, dest)
        else:
            raise InputError(f"the wheelhouse for Python {python} still lacks: {missing}")


def _zip(out: Path, folder: str, files: dict[str, Path | bytes]) -> None:
    temp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            source = files[name]
            archive.writestr(info, source if isinstance(source, bytes) else source.read_bytes())
    temp.replace(out)


def _crlf(text: str) -> bytes:
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def build_release(out: Path, target: Target = WINDOWS) -> Release:
    """Build ``GST_IMS_Reconciler-<version>-<suffix>.zip`` in `out` for `target`."""
    root = source_root()
    out.mkdir(parents=True, exist_ok=True)
    folder = f"GST_IMS_Reconciler-{__version__}-{target.suffix}"
    with tempfile.TemporaryDirectory(prefix="gst-ims-release-") as work:
        house = Path(work) / "wheelhouse"
        house.mkdir()
        wheel = build_wheel(root, Path(work))
        fill_wheelhouse(wheel, target, house)
        wheels = sorted(path.name for path in house.glob("*.whl"))
        here = Path(__file__).resolve().parent
        files: dict[str, Path | bytes] = {
            PACKAGED_WORKBOOK.name: PACKAGED_WORKBOOK,
            "install.cmd": _crlf((here / "install.cmd").read_text(encoding="utf-8")),
            "README.txt": _crlf((here / "README.txt").read_text(encoding="utf-8")
                                .replace("{version}", __version__)),
            "excel-checklist.md": root / "docs" / "excel-checklist.md",
            **{f"wheelhouse/{name}": house / name for name in wheels},
        }
        archive = out / f"{folder}.zip"
        _zip(archive, folder, files)
    return Release(archive, wheels, target.pythons, target.platform or "this machine")
