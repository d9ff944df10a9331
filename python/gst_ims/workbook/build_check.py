"""The built workbook's self-check: what `build.py` verifies before it writes a workbook.

olevba decodes every module back to its source; the VBA project is on spec (see
`vba_structure.py`); every button and ribbon control runs a macro that exists; the ribbon
is related; the hidden xlwings.conf sheet holds no key without a value; openpyxl reloads
the names, dropdowns and colour rules.
"""

from __future__ import annotations

import io
import re

from gst_ims.workbook import layout as lay
from gst_ims.workbook.ribbon import (
    RIBBON_PART,
    ROOT_RELS,
    has_ribbon_relationship,
    read_package,
    ribbon_actions,
)
from gst_ims.workbook.vba_project import VbaBuildError, VbaModule, decoded_modules
from gst_ims.workbook.vba_structure import check_vba_project


class WorkbookBuildError(VbaBuildError):
    """The built workbook failed its own check."""


def check_workbook(data: bytes, modules: list[VbaModule]) -> None:
    """The build's self-check: olevba decodes every module back to its source, every button
    and ribbon control runs a macro that exists, the ribbon is related, and openpyxl
    reloads the names, dropdowns and colour rules. `WorkbookBuildError` otherwise."""
    import openpyxl

    parts = read_package(data)
    problems: list[str] = []
    if RIBBON_PART not in parts or not has_ribbon_relationship(parts[ROOT_RELS]):
        problems.append("the ribbon part or its relationship is missing")
    decoded = decoded_modules(parts["xl/vbaProject.bin"])
    for module in modules:
        if decoded.get(module.name) != module.source:
            problems.append(f"olevba does not decode module {module.name} to its source")
    if "xlwings" not in decoded or "Dictionary" not in decoded:
        problems.append("xlwings.bas or Dictionary.cls is missing from the VBA project")
    problems += check_vba_project(parts["xl/vbaProject.bin"], code_names(parts))
    defined = defined_macros(decoded)
    for job in lay.JOBS:
        if job.macro not in defined:
            problems.append(f"button macro {job.macro} is not defined in the VBA")
    for control, callback in ribbon_actions(parts[RIBBON_PART]).items():
        if not any(macro.endswith(f".{callback}") for macro in defined):
            problems.append(f"ribbon control {control} calls {callback}, not defined in the VBA")
    book = openpyxl.load_workbook(io.BytesIO(data), keep_vba=True)
    missing_names = [c.name for c in lay.ALL_NAMED_CELLS if c.name not in book.defined_names]
    if missing_names:
        problems.append(f"defined names missing: {missing_names}")
    if book.sheetnames != list(lay.SHEET_ORDER):
        problems.append(f"sheets {book.sheetnames} are not in layout order")
    conf = book[lay.XLWINGS_CONF]
    blank = [row[0] for row in conf.iter_rows(max_col=2, values_only=True)
             if row[0] not in (None, "") and row[1] in (None, "")]
    if blank:
        problems.append(f"xlwings.conf holds keys without a value: {blank}")
    for name in lay.RESULT_SHEETS:
        sheet = book[name]
        if not sheet.data_validations.dataValidation:
            problems.append(f"{name}: no dropdowns")
        if not list(sheet.conditional_formatting):
            problems.append(f"{name}: no colour rules")
    if problems:
        raise WorkbookBuildError("the built workbook failed its check:\n  - "
                                 + "\n  - ".join(problems))


def code_names(parts: dict[str, bytes]) -> set[str]:
    """The code names of the workbook and its sheets in a package (``ThisWorkbook``,
    ``Sheet1``…): the document modules of the VBA project must be these."""
    pattern = re.compile(rb'<(?:workbookPr|sheetPr)\b[^>]*\bcodeName="([^"]+)"')
    return {match.decode() for name, data in parts.items()
            if name == "xl/workbook.xml" or name.startswith("xl/worksheets/sheet")
            for match in pattern.findall(data)}


def defined_macros(decoded: dict[str, str]) -> set[str]:
    """``Module.Sub`` for every public Sub of every decoded module."""
    pattern = re.compile(r"^\s*(?:Public\s+)?Sub\s+(\w+)\s*\(", re.IGNORECASE | re.MULTILINE)
    return {f"{module}.{name}" for module, source in decoded.items()
            for name in pattern.findall(source)}
