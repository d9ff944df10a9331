"""The built workbook in a real spreadsheet program: LibreOffice headless opens it (a
temporary copy), imports its VBA modules, and sees the dropdowns, the colour rules, the
buttons bound to their macros and the named cells; a filled copy renders with the
category colours and signed, Indian-grouped amounts."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from gst_ims.domain.documents import ACTION_LABELS, Category
from gst_ims.workbook import layout as lay
from gst_ims.workbook.render import libreoffice_missing, pdf_first_page_to_png, probe
from support.pictures import fill_sample_results

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(bool(libreoffice_missing()), reason=libreoffice_missing() or "ok"),
]


@pytest.fixture(scope="module")
def built(built_workbook: Path) -> Path:
    return built_workbook


@pytest.fixture(scope="module")
def seen(built: Path) -> dict[str, Any]:
    return probe(built, show=(lay.HOME,))


@pytest.fixture(scope="module")
def filled(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("filled")
    copy = fill_sample_results(built, folder / "filled.xlsm")
    pdfs = {lay.HOME: folder / "home.pdf", lay.MISMATCHED: folder / "mismatched.pdf"}
    report = probe(copy, pdfs, show=(lay.HOME, lay.MISMATCHED))
    report["pdfs"] = pdfs
    return report


def test_libreoffice_imports_every_vba_module(seen: dict[str, Any]) -> None:
    modules = {name.split(".", 1)[1] for name in seen["modules"]}
    expected = {"Jobs", "Ribbon", "Dialogs", "xlwings", "Dictionary", "ThisWorkbook"}
    expected |= {f"Sheet{n}" for n in range(1, len(lay.SHEET_ORDER) + 1)}
    assert expected <= modules


def test_home_buttons_are_bound_to_the_job_macros(seen: dict[str, Any]) -> None:
    buttons = seen["sheets"][lay.HOME]["buttons"]
    assert [b["label"] for b in buttons] == [job.button_label for job in lay.JOBS]
    for button, job in zip(buttons, lay.JOBS, strict=True):
        assert button["macro"].startswith(f"vnd.sun.star.script:VBAProject.{job.macro}?")


def test_result_sheets_have_dropdowns_and_colour_rules(seen: dict[str, Any]) -> None:
    action_list = ";".join(f'"{label}"' for label in ACTION_LABELS)
    for name in lay.RESULT_SHEETS:
        sheet = seen["sheets"][name]
        assert sheet["validations"]["Action"] == action_list
        assert sheet["validations"]["ITC Reduction"] == '"Y";"N"'
        assert sheet["conditional_formats"] >= 5
    assert seen["sheets"][lay.LOG]["conditional_formats"] >= 1
    assert seen["sheets"][lay.SETTINGS]["validations"] == {}  # only rows below row 2 there


def test_names_and_hidden_conf_sheet(seen: dict[str, Any]) -> None:
    assert {cell.name for cell in lay.ALL_NAMED_CELLS} <= set(seen["names"])
    assert seen["sheets"][lay.XLWINGS_CONF]["visible"] is False
    assert seen["sheets"][lay.HOME]["shown"][lay.RECIPIENT_GSTIN_SHOWN.row - 1][
        lay.RECIPIENT_GSTIN_SHOWN.column - 1] == "(not set: see Settings)"


def test_a_copy_saved_by_openpyxl_keeps_modules_and_buttons(filled: dict[str, Any]) -> None:
    assert any(name.endswith(".Jobs") for name in filled["modules"])
    assert len(filled["sheets"][lay.HOME]["buttons"]) == len(lay.JOBS)


def test_amounts_show_indian_grouping_and_the_sign(filled: dict[str, Any]) -> None:
    spec = lay.RESULT_SHEET_LAYOUTS[lay.MISMATCHED]
    rows = filled["sheets"][lay.MISMATCHED]["shown"]
    taxable = spec.index("ims.taxable") - 1
    diff_cgst = spec.index("diff_cgst") - 1
    diff_taxable = spec.index("diff_taxable") - 1
    assert rows[1][taxable] == "1,25,000.00"
    assert rows[3][taxable] == "18,75,400.00"
    assert rows[4][diff_cgst] == "-7,740.00"
    assert rows[7][diff_taxable].startswith("-") and "2" in rows[7][diff_taxable]
    home = filled["sheets"][lay.HOME]["shown"]
    assert home[lay.ITC_AT_STAKE.row - 1][lay.ITC_AT_STAKE.column - 1] == "12,84,562.50"
    gstin = home[lay.RECIPIENT_GSTIN_SHOWN.row - 1][lay.RECIPIENT_GSTIN_SHOWN.column - 1]
    assert gstin.startswith("27AABCZ9999Q")  # the formula over Settings was computed


def _ppm_colours(pdf: Path, folder: Path) -> set[tuple[int, int, int]]:
    stem = folder / pdf.stem
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(stem)], check=True, timeout=60)
    data = stem.with_suffix(".ppm").read_bytes()
    # P6 header: magic, width, height, maxval, each followed by whitespace.
    fields = data.split(maxsplit=4)
    pixels = fields[4]
    return {tuple(pixels[i:i + 3]) for i in range(0, len(pixels) - 2, 3)}  # type: ignore[misc]


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return (int(hex_colour[0:2], 16), int(hex_colour[2:4], 16), int(hex_colour[4:6], 16))


def test_rendering_shows_the_category_colours(filled: dict[str, Any], tmp_path: Path) -> None:
    colours = _ppm_colours(filled["pdfs"][lay.MISMATCHED], tmp_path)
    assert _rgb(lay.CATEGORY_COLOURS[Category.MISMATCHED].fill) in colours
    assert _rgb(lay.CHANGED_FILL) in colours
    assert _rgb(lay.INPUT_FILL) in colours
    # Only the row the portal refused is red on Mismatched (its Upload Status).
    assert _rgb(lay.CATEGORY_COLOURS[Category.NOT_IN_BOOKS].fill) in colours
    home = _ppm_colours(filled["pdfs"][lay.HOME], tmp_path)
    for category in lay.RESULT_SHEET_OF:
        assert _rgb(lay.CATEGORY_COLOURS[category].fill) in home


def test_rendering_to_png(filled: dict[str, Any], tmp_path: Path) -> None:
    png = pdf_first_page_to_png(filled["pdfs"][lay.HOME], tmp_path / "home.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000
