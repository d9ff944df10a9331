"""The cells of a register file (.xlsx / .xlsm) whose value a spreadsheet reader cannot be
trusted with: error cells (read as empty) and formulas without a result (read as empty, or
as the 0 that a program which does not calculate writes as every formula's result).

Such a program says so in the file: it sets ``fullCalcOnLoad`` ("calculate every formula
when the file is opened") in the workbook part, as XlsxWriter and openpyxl do. A file
Excel or LibreOffice saved has calculated results and no such flag. So in a flagged file
every formula cell counts as having no saved value; elsewhere a formula without a ``<v>``
does. The sheet's XML is scanned only when it holds a formula or an error at all.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import Final
from xml.etree import ElementTree

from gst_ims.domain.unread_cells import CellError, FormulaWithoutValue, UnreadCell

_MAIN: Final = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL: Final = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL: Final = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Every formula with text ends in "f>" ("</f>", "</x:f>"; a shared formula's followers
# only exist beside its first cell); an error cell carries t="e". Plain byte searches:
# a regex over a 100 MB sheet takes seconds, these a tenth of one.
_SUSPECT_MARKS: Final = (b"f>", b't="e"', b"t='e'")

Position = tuple[int, int]  # 0-based (row, column), as the reader's grid holds cells


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> tuple[str | None, bool]:
    """The zip path of `sheet`'s XML, and whether the workbook asks for a full
    recalculation on load."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    calc = workbook.find(f"{_MAIN}calcPr")
    full_calc = calc is not None and calc.get("fullCalcOnLoad", "").lower() in ("1", "true")
    rel_id = next((item.get(_REL) for item in workbook.iter(f"{_MAIN}sheet")
                   if item.get("name") == sheet), None)
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next((rel.get("Target", "") for rel in rels.iter(f"{_PKG_REL}Relationship")
                   if rel.get("Id") == rel_id), None)
    if not target:
        return None, full_calc
    part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
        posixpath.join("xl", target))
    return part, full_calc


def _position(reference: str) -> Position:
    letters = "".join(ch for ch in reference if ch.isalpha()).upper()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(reference[len(letters):]) - 1, column - 1


def unread_cells(path: Path, sheet: str) -> dict[Position, UnreadCell]:
    """Error cells and formulas without a trustworthy result in `sheet` of the .xlsx /
    .xlsm file at `path`, by grid position; empty for any other file, or when the file
    cannot be scanned (the spreadsheet reader reports a damaged file itself)."""
    try:
        with zipfile.ZipFile(path) as archive:
            part, full_calc = _sheet_part(archive, sheet)
            if part is None:
                return {}
            data = archive.read(part)
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError):
        return {}
    if not any(mark in data for mark in _SUSPECT_MARKS):
        return {}
    try:
        return _scan(data, full_calc)
    except ElementTree.ParseError:
        return {}


def _scan(data: bytes, full_calc: bool) -> dict[Position, UnreadCell]:
    import io

    found: dict[Position, UnreadCell] = {}
    for _event, element in ElementTree.iterparse(io.BytesIO(data)):
        if element.tag != f"{_MAIN}c":
            continue
        reference = element.get("r", "")
        formula = element.find(f"{_MAIN}f")
        value = element.find(f"{_MAIN}v")
        saved = value.text if value is not None else None
        if reference and element.get("t") == "e" and saved:
            found[_position(reference)] = CellError(saved.strip(), reference)
        elif reference and formula is not None and (full_calc or not saved):
            text = "=" + formula.text if formula is not None and formula.text else (
                "(a shared formula)")
            found[_position(reference)] = FormulaWithoutValue(text, reference)
        element.clear()
    return found
