"""Test helper: put cells into a sheet of a workbook file as another program would have
saved them (a formula with or without its result, an error value), by rewriting the
sheet's XML in the zip. openpyxl cannot write a formula's result, so this is how a test
gets a workbook as Excel saved it."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def sheet_part(archive: zipfile.ZipFile, sheet: str) -> str:
    """The zip path of `sheet`'s XML."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rel_id = next(s.get(_REL) for s in book.iter(f"{_MAIN}sheet") if s.get("name") == sheet)
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(r.get("Target") for r in rels if r.get("Id") == rel_id)
    assert target is not None
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def sheet_xml(path: Path, sheet: str) -> str:
    """The XML text of `sheet` in the workbook at `path`."""
    with zipfile.ZipFile(path) as archive:
        return archive.read(sheet_part(archive, sheet)).decode("utf-8")


def plant_cells(path: Path, sheet: str, cells: dict[str, str]) -> None:
    """Replace cells of `sheet` (address -> the inner XML of the ``<c>`` element and its
    type, e.g. ``'<f>I5*2</f><v>200</v>'`` or ``'t="e"|<f>1/0</f><v>#DIV/0!</v>'``);
    the cell must exist in the sheet (hold a value) already."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
        part = sheet_part(archive, sheet)
    text = parts[part].decode("utf-8")
    for address, inner in cells.items():
        kind, _, body = inner.rpartition("|")
        pattern = re.compile(rf'<c r="{address}"( s="\d+")?[^>]*?(/>|>.*?</c>)', re.S)
        found = pattern.search(text)
        assert found, f"no cell {address} in {sheet}"
        style = found.group(1) or ""
        text = text[:found.start()] + f'<c r="{address}"{style} {kind}>{body}</c>' + (
            text[found.end():])
    parts[part] = text.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
