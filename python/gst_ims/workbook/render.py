"""The workbook as LibreOffice headless shows it: what it sees (modules, buttons, dropdowns,
colour rules, charts, displayed texts) and pictures of sheets (PDF, then PNG).

One renderer for the demo's pictures, the README's and the tests' (and `convert`, for
tests that need a file as LibreOffice writes it). LibreOffice's `uno` bridge lives in
its own Python (on Linux the system one, with python3-uno), so `render_uno.py` runs
there as a separate process, on a temporary copy of the workbook and a LibreOffice user
profile of its own (a LibreOffice the user has open is never touched, nor one another
run started); the whole process group is killed when it overruns its time.
`libreoffice_missing` says why rendering cannot run on this machine; the functions here
raise `LibreOfficeMissingError` with that reason rather than fail half-way.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from openpyxl.workbook.workbook import Workbook

from gst_ims.workbook import layout as lay
from gst_ims.workbook.ribbon import (
    RIBBON_PART,
    ROOT_RELS,
    add_ribbon,
    has_ribbon_relationship,
    read_package,
    write_package,
)

RENDER_SCRIPT: Final = Path(__file__).with_name("render_uno.py")
# The Python that has `uno`; GST_IMS_UNO_PYTHON names another (LibreOffice's own on
# Windows, program/python.exe).
UNO_PYTHON: Final = Path(os.environ.get("GST_IMS_UNO_PYTHON", "/usr/bin/python3"))
# A large month's workbook can take minutes to open on a loaded machine; past this,
# LibreOffice is taken to be stuck.
TIMEOUT_SECONDS: Final = 600
PNG_DPI: Final = 110
# Home's status texts (file paths, the last message) overflow far to the right: a picture
# of Home keeps the columns of its buttons and status block (all its rows), or it shrinks
# to a blur.
HOME_AREA: Final = (0, lay.LAST_MESSAGE.column)
# Summary: its category and action blocks and the top of the supplier block (which runs on
# for every supplier), grown to take in the charts beside them.
SUMMARY_AREA: Final = (30, 9)


class LibreOfficeMissingError(RuntimeError):
    """LibreOffice (or pdftoppm, or the `uno` bridge) is not installed here."""


class RenderError(RuntimeError):
    """LibreOffice ran but did not give what was asked (it failed, or took too long)."""


@dataclass(frozen=True)
class Picture:
    """One sheet as a PNG: `rows` x `columns` of its top-left cells (0: every used one),
    grown to take in every chart and button drawn on it; `crop` keeps only the top-left
    (width, height) pixels of the page."""

    sheet: str
    png_name: str
    rows: int = 0
    columns: int = 0
    crop: tuple[int, int] | None = None


def libreoffice_missing() -> str:
    """Why LibreOffice rendering cannot run here ("" when it can)."""
    if shutil.which("soffice") is None:
        return "soffice (LibreOffice) is not installed"
    if shutil.which("pdftoppm") is None:
        return "pdftoppm (poppler-utils) is not installed"
    if not UNO_PYTHON.exists():
        return f"{UNO_PYTHON} (the Python with LibreOffice's uno bridge) is missing"
    found = subprocess.run([str(UNO_PYTHON), "-I", "-c", "import uno"], capture_output=True,
                           check=False, timeout=60)
    if found.returncode != 0:
        return f"LibreOffice's uno bridge (python3-uno) is not installed for {UNO_PYTHON}"
    return ""


def _need_libreoffice() -> None:
    missing = libreoffice_missing()
    if missing:
        raise LibreOfficeMissingError(missing)


def _run(command: list[str], timeout: float) -> str:
    """Run `command` in a process group of its own (LibreOffice joins it), so a timeout
    ends LibreOffice too; -> its stdout."""
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          start_new_session=True) as process:
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            if sys.platform == "win32":
                process.kill()
            else:
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise RenderError(f"LibreOffice took longer than {timeout:.0f} s") from None
    if process.returncode != 0:
        raise RenderError(f"LibreOffice failed: {(err or out).strip()[-2000:]}")
    return out


def _run_script(arguments: list[str], timeout: float) -> str:
    return _run([str(UNO_PYTHON), "-I", str(RENDER_SCRIPT), *arguments], timeout)


def probe(workbook: Path, exports: Mapping[str, Path] | None = None,
          show: Sequence[str] = (), areas: Mapping[str, tuple[int, int]] | None = None,
          timeout: float = TIMEOUT_SECONDS) -> dict[str, Any]:
    """What LibreOffice sees in a copy of `workbook` (keys: modules, sheets, names,
    exported; per sheet: visible, validations, conditional_formats, buttons, charts,
    shown). `exports`: sheet -> PDF written, one page; `areas`: sheet -> (rows, columns)
    the page shows; `show`: sheets whose displayed cell texts are reported."""
    _need_libreoffice()
    with tempfile.TemporaryDirectory(prefix="gst-ims-lo-") as folder:
        copy = Path(folder) / workbook.name
        shutil.copyfile(workbook, copy)
        arguments = [str(copy), "--profile", str(Path(folder) / "profile")]
        for sheet, out in (exports or {}).items():
            arguments += ["--pdf", f"{sheet}={Path(out).resolve()}"]
        for sheet, (rows, columns) in (areas or {}).items():
            arguments += ["--area", f"{sheet}={rows}:{columns}"]
        for sheet in show:
            arguments += ["--show", sheet]
        report: dict[str, Any] = json.loads(_run_script(arguments, timeout))
    return report


def pdf_first_page_to_png(pdf: Path, png: Path, dpi: int = PNG_DPI,
                          crop: tuple[int, int] | None = None) -> Path:
    """Page 1 of `pdf` -> `png` (pdftoppm); `crop` keeps only the top-left (width,
    height) pixels."""
    area = ["-x", "0", "-y", "0", "-W", str(crop[0]), "-H", str(crop[1])] if crop else []
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", *area,
                    "-singlefile", str(pdf), str(png.with_suffix(""))],
                   check=True, capture_output=True, timeout=120)
    return png


def render_pictures(workbook: Path, out_dir: Path, pictures: Sequence[Picture],
                    dpi: int = PNG_DPI, timeout: float = TIMEOUT_SECONDS) -> list[Path]:
    """A PNG per picture of `workbook` -> `out_dir` (LibreOffice opens the workbook once);
    the paths written. Raises `LibreOfficeMissingError` when LibreOffice cannot run here."""
    _need_libreoffice()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gst-ims-render-") as folder:
        pdfs = {picture.sheet: Path(folder) / f"{Path(picture.png_name).stem}.pdf"
                for picture in pictures}
        areas = {picture.sheet: (picture.rows, picture.columns) for picture in pictures
                 if picture.rows or picture.columns}
        probe(workbook, pdfs, areas=areas, timeout=timeout)
        return [pdf_first_page_to_png(pdfs[picture.sheet], out_dir / picture.png_name, dpi,
                                      picture.crop) for picture in pictures]


def put_ribbon_back(path: Path, ribbon_xml: bytes | None = None) -> bool:
    """Restore the ribbon of a workbook that openpyxl saved: the package relationship
    (always dropped by openpyxl) and, when `ribbon_xml` is given, the customUI14 part if it
    went too. Rewrites `path` in place; returns True when something had to be restored."""
    parts = read_package(path.read_bytes())
    if RIBBON_PART in parts:
        if has_ribbon_relationship(parts[ROOT_RELS]):
            return False
        ribbon_xml = parts[RIBBON_PART]
    elif ribbon_xml is None:
        return False
    add_ribbon(parts, ribbon_xml)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
        handle.write(write_package(parts))
    Path(handle.name).replace(path)
    return True


def save_for_rendering(book: Workbook, out: Path) -> Path:
    """Save a workbook changed through openpyxl (sample rows, hidden columns for a
    picture) with its ribbon put back: openpyxl drops the ribbon's relationship, and the
    copy should be the package a user's Excel would open."""
    book.save(out)
    put_ribbon_back(out)
    return out


def convert(source: Path, to_format: str, out_dir: Path,
            timeout: float = TIMEOUT_SECONDS) -> Path:
    """`source` converted by LibreOffice headless to `to_format` (a file extension such as
    xls or xlsx, LibreOffice's default filter for it) in `out_dir`; -> the file written.
    Raises `RenderError` when LibreOffice writes nothing (it could not open `source`)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise LibreOfficeMissingError("soffice (LibreOffice) is not installed")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gst-ims-lo-profile-") as profile:
        _run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
              "--norestore", "--convert-to", to_format, "--outdir", str(out_dir),
              str(source)], timeout)
    converted = out_dir / f"{source.stem}.{to_format}"
    if not converted.exists():
        raise RenderError(f"LibreOffice could not convert {source.name} to {to_format}")
    return converted
