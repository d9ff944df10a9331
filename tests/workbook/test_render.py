"""The one LibreOffice renderer: where LibreOffice is missing it says what is missing
instead of failing half-way; a copy it saves through openpyxl keeps its ribbon; the
demo's picture of Summary shows its three charts (a copy saved through openpyxl had lost
them)."""

from __future__ import annotations

import time
from pathlib import Path

import openpyxl
import pytest

from gst_ims.demo import render_sheets
from gst_ims.domain.documents import Category
from gst_ims.workbook import layout as lay
from gst_ims.workbook.build import DEFAULT_OUT
from gst_ims.workbook.build_formats import NAVY
from gst_ims.workbook.render import (
    LibreOfficeMissingError,
    Picture,
    RenderError,
    libreoffice_missing,
    probe,
    put_ribbon_back,
    render_pictures,
    save_for_rendering,
)
from gst_ims.workbook.ribbon import RIBBON_PART, ROOT_RELS, has_ribbon_relationship, read_package
from support.pictures import png_pixels, reconciled_month


def test_without_soffice_rendering_says_what_is_missing(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no soffice, no pdftoppm
    assert libreoffice_missing() == "soffice (LibreOffice) is not installed"
    with pytest.raises(LibreOfficeMissingError, match="soffice"):
        render_pictures(DEFAULT_OUT, tmp_path / "out", [Picture(lay.HOME, "home.png")])
    with pytest.raises(LibreOfficeMissingError, match="soffice"):
        render_sheets(DEFAULT_OUT, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_openpyxl_save_loses_the_ribbon_and_put_ribbon_back_restores_it(
        tmp_path: Path) -> None:
    built = DEFAULT_OUT
    copy = tmp_path / "saved.xlsm"
    loaded = openpyxl.load_workbook(built, keep_vba=True)
    loaded[lay.HOME]["H6"] = "x.json"
    loaded.save(copy)
    saved = read_package(copy.read_bytes())
    assert not has_ribbon_relationship(saved[ROOT_RELS])  # why put_ribbon_back exists
    ribbon = read_package(built.read_bytes())[RIBBON_PART]
    assert put_ribbon_back(copy, ribbon)
    restored = read_package(copy.read_bytes())
    assert has_ribbon_relationship(restored[ROOT_RELS])
    assert restored[RIBBON_PART] == ribbon
    assert restored["xl/vbaProject.bin"] == read_package(built.read_bytes())["xl/vbaProject.bin"]
    assert not put_ribbon_back(copy, ribbon)  # already intact


def test_a_copy_saved_for_rendering_keeps_its_ribbon(tmp_path: Path) -> None:
    loaded = openpyxl.load_workbook(DEFAULT_OUT, keep_vba=True)
    saved = read_package(save_for_rendering(loaded, tmp_path / "copy.xlsm").read_bytes())
    assert has_ribbon_relationship(saved[ROOT_RELS])
    assert saved[RIBBON_PART] == read_package(DEFAULT_OUT.read_bytes())[RIBBON_PART]


def _rgb(hex_colour: str) -> bytes:
    return bytes.fromhex(hex_colour)


def _count(rows: list[bytes], colour: bytes, left: int) -> int:
    """Pixels of `colour` in `rows` right of column `left`."""
    return sum(1 for row in rows for x in range(left * 3, len(row), 3)
               if row[x:x + 3] == colour)


@pytest.mark.libreoffice
@pytest.mark.skipif(bool(libreoffice_missing()), reason=libreoffice_missing() or "ok")
def test_the_demo_picture_of_summary_shows_its_three_charts(tmp_path: Path) -> None:
    workbook = reconciled_month(tmp_path)
    [png] = render_sheets(workbook, tmp_path / "images", (lay.SUMMARY,), dpi=30)
    width, height, rows = png_pixels(png)
    right = width * 2 // 3  # the charts stand right of the tables
    matched = _rgb(lay.CATEGORY_COLOURS[Category.MATCHED].font)
    # The charts stand one under the other: the Matched bar of "tax by category", the
    # Accept bar of "tax by chosen action", the navy bars of the top ten suppliers.
    assert _count(rows[height // 5: height // 2], matched, right) > 100
    assert _count(rows[height // 2: height * 4 // 5], matched, right) > 100
    assert _count(rows[height * 3 // 4:], _rgb(NAVY), right) > 50


@pytest.mark.libreoffice
@pytest.mark.skipif(bool(libreoffice_missing()), reason=libreoffice_missing() or "ok")
def test_a_render_that_overruns_its_time_stops_with_a_message() -> None:
    started = time.monotonic()
    with pytest.raises(RenderError, match="longer than 1 s"):
        probe(DEFAULT_OUT, timeout=1)
    assert time.monotonic() - started < 30  # LibreOffice was stopped, not waited for
