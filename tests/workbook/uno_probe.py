"""Open a workbook in LibreOffice headless and report what it sees, as JSON on stdout.

Run with the system Python that has `uno` (python3-uno), not the project's venv:

    /usr/bin/python3 uno_probe.py WORKBOOK.xlsm [--pdf SHEET=OUT.pdf ...] [--show SHEET ...]

Reports per sheet: its VBA modules (LibreOffice imports them into the VBAProject Basic
library), the list validations it finds on the first data row, the number of conditional
formats, and the form buttons with the macro each is bound to; `--show` adds the displayed
text of a sheet's cells. `--pdf` exports a sheet,
fitted on one page with its buttons printed, to a PDF (for the PNGs in docs/images).
Works on the file it is given: callers hand it a temporary copy.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _props(**values: object) -> tuple[PropertyValue, ...]:
    result = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name = name
        prop.Value = value
        result.append(prop)
    return tuple(result)


def _connect(pipe: str, deadline: float) -> object:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    while True:
        try:
            context = resolver.resolve(
                f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
            )
            return context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", context
            )
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _validations(sheet: object, row: int, columns: int) -> dict[str, str]:
    found = {}
    for column in range(columns):
        cell = sheet.getCellByPosition(column, row)
        validation = cell.Validation
        # ValidationType LIST == 6
        if int(validation.Type.value == "LIST") or validation.Type.value == "LIST":
            header = sheet.getCellByPosition(column, row - 1).String
            found[header or str(column)] = validation.getFormula1()
    return found


def _shown(sheet: object) -> list[list[str]]:
    """The displayed text of every cell of the sheet's used area (row by row)."""
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.RangeAddress
    return [[sheet.getCellByPosition(c, r).String for c in range(end.EndColumn + 1)]
            for r in range(end.EndRow + 1)]


def _buttons(document: object, sheet: object) -> list[dict[str, str]]:
    buttons = []
    page = sheet.DrawPage
    forms = page.Forms
    for index in range(page.Count):
        shape = page.getByIndex(index)
        control = getattr(shape, "Control", None)
        if control is None:
            continue
        label = getattr(control, "Label", "")
        macro = ""
        for form_index in range(forms.Count):
            form = forms.getByIndex(form_index)
            for element_index in range(form.Count):
                if form.getByIndex(element_index) == control:
                    for event in form.getScriptEvents(element_index):
                        macro = macro or event.ScriptCode
        buttons.append({"label": label, "macro": macro})
    return buttons


def _export_sheet(document: object, sheet_name: str, out: Path) -> None:
    sheets = document.Sheets
    target = sheets.getByName(sheet_name)
    page = target.DrawPage
    for index in range(page.Count):
        shape = page.getByIndex(index)
        shape.Printable = True
        control = getattr(shape, "Control", None)
        if control is not None and hasattr(control, "Printable"):
            control.Printable = True
    # With one page per sheet, page 1 is the first sheet: move the wanted one there.
    sheets.moveByName(sheet_name, 0)
    document.CurrentController.setActiveSheet(sheets.getByName(sheet_name))
    filter_data = uno.Any(
        "[]com.sun.star.beans.PropertyValue",
        _props(SinglePageSheets=True, ExportFormFields=False, PageRange="1"),
    )
    document.storeToURL(
        uno.systemPathToFileUrl(str(out)),
        _props(FilterName="calc_pdf_Export", FilterData=filter_data),
    )


def main(argv: list[str]) -> int:
    workbook = Path(argv[0]).resolve()
    exports = {}
    shown_sheets = set()
    options = iter(argv[1:])
    for option in options:
        if option == "--pdf":
            name, _, out = next(options).partition("=")
            exports[name] = Path(out).resolve()
        elif option == "--show":
            shown_sheets.add(next(options))
    pipe = f"gstims{os.getpid()}"
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--nologo", "--norestore",
         "--nodefault", f"-env:UserInstallation=file://{profile}",
         f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    report: dict[str, object] = {}
    desktop = None
    try:
        desktop = _connect(pipe, time.monotonic() + 60)
        document = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(str(workbook)), "_blank", 0,
            _props(Hidden=True, MacroExecutionMode=4),
        )
        if document is None:
            print(json.dumps({"error": "LibreOffice returned no document"}))
            return 1
        libraries = document.BasicLibraries
        modules: list[str] = []
        for library_name in libraries.getElementNames():
            library = libraries.getByName(library_name)
            modules.extend(f"{library_name}.{name}" for name in library.getElementNames())
        sheets = {}
        for name in document.Sheets.getElementNames():
            sheet = document.Sheets.getByName(name)
            conditional = sheet.ConditionalFormats
            sheets[name] = {
                "visible": bool(sheet.IsVisible),
                "validations": _validations(sheet, 1, 60),
                "conditional_formats": conditional.Length if conditional else 0,
                "buttons": _buttons(document, sheet),
                "charts": sheet.Charts.getCount(),
                "shown": _shown(sheet) if name in shown_sheets else [],
            }
        report = {"modules": sorted(modules), "sheets": sheets,
                  "names": sorted(document.NamedRanges.getElementNames())}
        for name, out in exports.items():
            _export_sheet(document, name, out)
        report["exported"] = {name: str(out) for name, out in exports.items()}
        document.close(True)
    finally:
        if desktop is not None:
            with contextlib.suppress(Exception):
                desktop.terminate()
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()
    print(json.dumps(report, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
