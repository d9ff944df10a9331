"""Open a workbook in LibreOffice headless, report what it sees as JSON on stdout, and
export sheets to PDF.

Run by `render.py` with a Python that has LibreOffice's `uno` module (on Linux the
system Python with python3-uno, not the project's venv), so it imports nothing of
gst_ims:

    python3 -I render_uno.py WORKBOOK --profile DIR [--pdf SHEET=OUT.pdf ...]
        [--area SHEET=ROWS:COLUMNS ...] [--show SHEET ...]

Reports per sheet: whether it is visible, the list validations on its second row, the
number of conditional formats, the form buttons with the macro each is bound to, the
number of charts; `--show` adds the displayed text of a sheet's cells. It also reports
the VBA modules (LibreOffice imports them into Basic libraries) and the workbook names.
`--pdf` exports a sheet as one page with its buttons and charts printed; `--area` limits
that page to the sheet's first ROWS rows and COLUMNS columns (0: all of them), grown to
take in every chart and button drawn on the sheet. Works on the file it is given:
callers hand it a temporary copy.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

uno: Any = importlib.import_module("uno")  # LibreOffice's bridge: not on PyPI, no stubs

CONNECT_SECONDS = 60


@dataclass
class Request:
    """What the command line asks for."""

    workbook: Path
    profile: Path
    exports: dict[str, Path] = field(default_factory=dict)
    areas: dict[str, tuple[int, int]] = field(default_factory=dict)
    shown: set[str] = field(default_factory=set)


def _props(**values: object) -> tuple[Any, ...]:
    result = []
    for name, value in values.items():
        prop = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
        prop.Name = name
        prop.Value = value
        result.append(prop)
    return tuple(result)


def _connect(pipe: str, deadline: float) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", context)
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _validations(sheet: Any, row: int, columns: int) -> dict[str, str]:
    """Header text -> list formula, for the cells of `row` (0-based) with a list."""
    found = {}
    for column in range(columns):
        validation = sheet.getCellByPosition(column, row).Validation
        if validation.Type.value == "LIST":
            header = sheet.getCellByPosition(column, row - 1).String
            found[header or str(column)] = validation.getFormula1()
    return found


def _used_end(sheet: Any) -> Any:
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    return cursor.RangeAddress


def _shown(sheet: Any) -> list[list[str]]:
    """The displayed text of every cell of the sheet's used area (row by row)."""
    end = _used_end(sheet)
    return [[sheet.getCellByPosition(c, r).String for c in range(end.EndColumn + 1)]
            for r in range(end.EndRow + 1)]


def _buttons(sheet: Any) -> list[dict[str, str]]:
    buttons = []
    page = sheet.DrawPage
    forms = page.Forms
    for index in range(page.Count):
        control = getattr(page.getByIndex(index), "Control", None)
        if control is None:
            continue
        macro = ""
        for form_index in range(forms.Count):
            form = forms.getByIndex(form_index)
            for element_index in range(form.Count):
                if form.getByIndex(element_index) == control:
                    for event in form.getScriptEvents(element_index):
                        macro = macro or event.ScriptCode
        buttons.append({"label": getattr(control, "Label", ""), "macro": macro})
    return buttons


def _last_index_before(sheet: Any, edge: int, *, columns: bool) -> int:
    """The 0-based column (or row) whose cell spans position `edge` (1/100 mm)."""
    index = 0
    while True:
        cell = sheet.getCellByPosition(index, 0) if columns else sheet.getCellByPosition(0, index)
        end = (cell.Position.X + cell.Size.Width) if columns else (cell.Position.Y
                                                                   + cell.Size.Height)
        if end >= edge or index > 16000:
            return index
        index += 1


def _keep_area(sheet: Any, rows: int, columns: int) -> None:
    """Hide every row and column past the first `rows` x `columns` (0: keep all used),
    grown to take in every shape (chart, button). A one-page export ignores print areas
    but leaves hidden rows and columns out; the copy is thrown away afterwards."""
    end = _used_end(sheet)
    last_row = rows - 1 if rows else end.EndRow
    last_column = columns - 1 if columns else end.EndColumn
    page = sheet.DrawPage
    for index in range(page.Count):
        shape = page.getByIndex(index)
        right = shape.Position.X + shape.Size.Width
        bottom = shape.Position.Y + shape.Size.Height
        last_column = max(last_column, _last_index_before(sheet, right, columns=True))
        last_row = max(last_row, _last_index_before(sheet, bottom, columns=False))
    if last_row < end.EndRow:
        sheet.getCellRangeByPosition(0, last_row + 1, 0, end.EndRow).Rows.IsVisible = False
    if last_column < end.EndColumn:
        sheet.getCellRangeByPosition(last_column + 1, 0, end.EndColumn, 0).Columns.IsVisible = (
            False)


def _export_sheet(document: Any, sheet_name: str, out: Path,
                  area: tuple[int, int] | None) -> None:
    sheets = document.Sheets
    target = sheets.getByName(sheet_name)
    page = target.DrawPage
    for index in range(page.Count):
        shape = page.getByIndex(index)
        shape.Printable = True
        control = getattr(shape, "Control", None)
        if control is not None and hasattr(control, "Printable"):
            control.Printable = True
    if area is not None:
        _keep_area(target, *area)
    # With one page per sheet, page 1 is the first sheet: move the wanted one there.
    sheets.moveByName(sheet_name, 0)
    document.CurrentController.setActiveSheet(sheets.getByName(sheet_name))
    filter_data = uno.Any("[]com.sun.star.beans.PropertyValue",
                          _props(SinglePageSheets=True, ExportFormFields=False, PageRange="1"))
    document.storeToURL(uno.systemPathToFileUrl(str(out)),
                        _props(FilterName="calc_pdf_Export", FilterData=filter_data))


def _report(document: Any, shown: set[str]) -> dict[str, Any]:
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
            "buttons": _buttons(sheet),
            "charts": sheet.Charts.getCount(),
            "shown": _shown(sheet) if name in shown else [],
        }
    return {"modules": sorted(modules), "sheets": sheets,
            "names": sorted(document.NamedRanges.getElementNames())}


def _run(request: Request, desktop: Any) -> dict[str, Any]:
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(str(request.workbook)), "_blank", 0,
        _props(Hidden=True, MacroExecutionMode=4))
    if document is None:
        raise RuntimeError(f"LibreOffice could not open {request.workbook}")
    try:
        report = _report(document, request.shown)
        for name, out in request.exports.items():
            _export_sheet(document, name, out, request.areas.get(name))
        report["exported"] = {name: str(out) for name, out in request.exports.items()}
    finally:
        document.close(True)
    return report


def parse(argv: list[str]) -> Request:
    """The command line -> a `Request`."""
    request = Request(Path(argv[0]).resolve(), Path())
    options = iter(argv[1:])
    for option in options:
        value = next(options)
        if option == "--profile":
            request.profile = Path(value).resolve()
        elif option == "--pdf":
            name, _, out = value.partition("=")
            request.exports[name] = Path(out).resolve()
        elif option == "--area":
            name, _, size = value.partition("=")
            rows, _, columns = size.partition(":")
            request.areas[name] = (int(rows), int(columns or 0))
        elif option == "--show":
            request.shown.add(value)
        else:
            raise SystemExit(f"unknown option {option}")
    if request.profile == Path():
        raise SystemExit("--profile DIR is required (LibreOffice's own user profile)")
    return request


def main(argv: list[str]) -> int:
    """Start LibreOffice on its own profile and pipe, do the request, stop LibreOffice."""
    request = parse(argv)
    pipe = f"gstims{request.profile.name}{time.monotonic_ns()}"
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
         f"-env:UserInstallation={request.profile.as_uri()}",
         f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop = None
    try:
        desktop = _connect(pipe, time.monotonic() + CONNECT_SECONDS)
        report = _run(request, desktop)
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
