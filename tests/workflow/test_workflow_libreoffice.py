"""After a whole month through ``gst-ims run``, a real spreadsheet program (LibreOffice
headless) still finds the VBA modules, the buttons bound to their macros, the dropdowns
and colour rules, and shows the written values as a user would see them."""

from __future__ import annotations

from typing import Any

import pytest

from gst_ims.cli import main as cli
from gst_ims.domain.documents import Category, Dialect
from gst_ims.samples import write_sample_month
from gst_ims.workbook import layout as lay
from gst_ims.workbook.render import libreoffice_missing, probe

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(bool(libreoffice_missing()), reason=libreoffice_missing() or "ok"),
]


@pytest.fixture(scope="module")
def seen(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("lo-run")
    inputs = write_sample_month(folder / "in", docs=120, seed=9, dialect=Dialect.PORTAL)
    workbook = folder / "GST.xlsm"
    assert cli(["new-workbook", str(workbook)]) == 0
    assert cli(["run", "--workbook", str(workbook), "--ims", str(inputs["ims"]),
                "--books", str(inputs["register"]), "--accept-matched",
                "--out", str(folder / "upload")]) == 0
    return probe(workbook, show=(lay.MATCHED, lay.HOME))


def test_modules_and_buttons_survive_the_jobs(seen: dict[str, Any]) -> None:
    modules = {name.split(".", 1)[1] for name in seen["modules"]}
    assert {"Jobs", "Ribbon", "Dialogs", "xlwings"} <= modules
    buttons = seen["sheets"][lay.HOME]["buttons"]
    for button, job in zip(buttons, lay.JOBS, strict=True):
        assert button["macro"].startswith(f"vnd.sun.star.script:VBAProject.{job.macro}?")


def test_dropdowns_and_colour_rules_survive_the_jobs(seen: dict[str, Any]) -> None:
    for name in lay.RESULT_SHEETS:
        sheet = seen["sheets"][name]
        assert "Action" in sheet["validations"], name
        assert sheet["conditional_formats"] >= 5, name


def test_written_values_show_as_a_user_sees_them(seen: dict[str, Any]) -> None:
    layout = lay.RESULT_SHEET_LAYOUTS[lay.MATCHED]
    rows = seen["sheets"][lay.MATCHED]["shown"]
    header = rows[layout.header_row - 1]
    assert header[: len(layout.headers)] == list(layout.headers)
    first = rows[layout.first_data_row - 1]
    assert first[layout.index("action") - 1] == "Accept"
    assert first[layout.index("category") - 1] == "Matched"
    date = first[layout.index("ims.doc_date") - 1]
    assert len(date) == 10 and date[2] == "-" and date[5] == "-"  # dd-mm-yyyy
    home = seen["sheets"][lay.HOME]["shown"]
    count = home[lay.COUNT_CELLS[Category.MATCHED].row - 1][lay.HOME_STATUS_VALUE_COLUMN - 1]
    assert int(count) == sum(1 for row in rows[layout.first_data_row - 1:] if any(row))
