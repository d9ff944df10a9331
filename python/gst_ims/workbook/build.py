"""Build the macro workbook from `gst_ims/vba/`, the layout and the pinned xlwings.

XlsxWriter writes the sheets, tables, dropdowns, colour rules, buttons and names that
`layout` describes, one builder a sheet kind (`build_data_sheets`, `build_home`,
`build_summary`, `build_settings`, with the formats of `build_formats`); `vba_project.py`
makes the VBA project; `ribbon.py` adds the ribbon tab and rewrites the package with fixed
dates and sorted entries, so two builds are byte-identical. The build checks its own
result before writing it.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any, Final

import xlsxwriter

from gst_ims.workbook import layout as lay
from gst_ims.workbook.build_check import (
    WorkbookBuildError,
    check_workbook,
    code_names,
    defined_macros,
)
from gst_ims.workbook.build_data_sheets import data_sheet, dropdowns, log_colours, result_colours
from gst_ims.workbook.build_formats import Formats
from gst_ims.workbook.build_home import home_sheet
from gst_ims.workbook.build_settings import settings_sheet, xlwings_conf_sheet
from gst_ims.workbook.build_summary import summary_sheet
from gst_ims.workbook.ribbon import add_ribbon, read_package, write_package
from gst_ims.workbook.vba_project import (
    XLWINGS_VERSION,
    VbaModule,
    build_vba_project,
    read_module,
)

# Both are package data, so an installed wheel can make a workbook (`new-workbook` copies
# the built one) and a source checkout rebuilds it in place.
PACKAGE_DIR: Final = Path(__file__).resolve().parents[1]
VBA_DIR: Final = PACKAGE_DIR / "vba"
DEFAULT_OUT: Final = PACKAGE_DIR / "xlsx" / "GST_IMS_Reconciler.xlsm"
VBA_MODULE_FILES: Final[tuple[str, ...]] = ("Jobs.bas", "Launch.bas", "Ribbon.bas",
                                             "Dialogs.bas")
RIBBON_FILE: Final = "customUI14.xml"
# Fixed so that two builds are byte-identical (XlsxWriter stamps created/modified).
FIXED_CREATED: Final = datetime(2025, 1, 1, 0, 0, 0)
PROPERTIES: Final[dict[str, Any]] = {
    "title": lay.WORKBOOK_TITLE,
    "subject": "GST Invoice Management System reconciliation",
    "author": "gst-ims",
    "company": "",
    "category": "GST",
    "keywords": "GST, IMS, ITC, reconciliation",
    "comments": "Built by gst-ims build-workbook from gst_ims/vba/ and layout.py. Do not "
    "edit the VBA here: edit gst_ims/vba/ and rebuild.",
    "created": FIXED_CREATED,
}
__all__ = ["WorkbookBuildError", "build_workbook", "check_workbook", "code_names",
           "defined_macros", "vba_modules", "workbook_bytes"]


def _xlsx_bytes(vba_project: bytes) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties(PROPERTIES)
    book.set_size(1600, 1000)
    fmt = Formats(book)
    for name in lay.SHEET_ORDER:
        if name == lay.HOME:
            home_sheet(book, fmt)
        elif name in lay.DATA_SHEETS:
            spec = lay.DATA_SHEETS[name]
            sheet = data_sheet(book, spec, fmt)
            dropdowns(sheet, spec)
            if name in lay.RESULT_SHEETS:
                result_colours(sheet, spec, fmt)
            elif name == lay.LOG:
                log_colours(sheet, fmt)
        elif name == lay.SUMMARY:
            summary_sheet(book, fmt)
        elif name == lay.SETTINGS:
            settings_sheet(book, fmt)
        elif name == lay.XLWINGS_CONF:
            xlwings_conf_sheet(book)
        else:  # pragma: no cover - layout and builder out of step
            raise WorkbookBuildError(f"no builder for sheet {name!r}")
    for cell in lay.ALL_NAMED_CELLS:
        book.define_name(cell.name, cell.refers_to)
    book.define_name(lay.XLWINGS_VERSION_NAME, f'="{XLWINGS_VERSION}"')
    book.define_name(lay.LAYOUT_VERSION_NAME, f'="{lay.LAYOUT_VERSION}"')
    book.add_vba_project(io.BytesIO(vba_project), is_stream=True)
    book.close()
    return buffer.getvalue()


def vba_modules(vba_dir: Path = VBA_DIR) -> list[VbaModule]:
    """The modules of `vba/` that go into the workbook (beside xlwings' own)."""
    missing = [name for name in VBA_MODULE_FILES if not (vba_dir / name).is_file()]
    if missing:
        raise WorkbookBuildError(f"{vba_dir} lacks {', '.join(missing)}")
    return [read_module(vba_dir / name) for name in VBA_MODULE_FILES]


def workbook_bytes(vba_dir: Path = VBA_DIR) -> bytes:
    """The complete .xlsm as bytes, checked (see `check_workbook`)."""
    modules = vba_modules(vba_dir)
    project = build_vba_project(modules, sheet_count=len(lay.SHEET_ORDER))
    parts = read_package(_xlsx_bytes(project))
    add_ribbon(parts, (vba_dir / RIBBON_FILE).read_bytes())
    data = write_package(parts)
    check_workbook(data, modules)
    return data


def build_workbook(out: Path = DEFAULT_OUT) -> Path:
    """Build the macro workbook into `out` (written atomically) and return its path."""
    from gst_ims.upload.files import write_atomically

    data = workbook_bytes()
    out.parent.mkdir(parents=True, exist_ok=True)
    # A workbook is an ordinary document: the mode any new file gets, not a temporary
    # file's private 0600 (a colleague on a shared folder could not open it).
    write_atomically(out, data)
    return out
