"""The custom ribbon tab inside the .xlsm package, and a deterministic package writer.

XlsxWriter cannot write a ribbon, and openpyxl drops the ribbon's relationship from
`_rels/.rels` when it saves a workbook, so the tab silently disappears. `add_ribbon`
injects `customUI/customUI14.xml` and its relationship (`render.put_ribbon_back` uses it
to mend a workbook openpyxl saved).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from typing import Final
from xml.etree import ElementTree

RIBBON_PART: Final = "customUI/customUI14.xml"
RIBBON_REL_TYPE: Final = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
RIBBON_NAMESPACE: Final = "http://schemas.microsoft.com/office/2009/07/customui"
ROOT_RELS: Final = "_rels/.rels"
RIBBON_REL_ID: Final = "rIdGstImsRibbon"
# Zip entries carry a date; a fixed one makes two builds byte-identical.
FIXED_ZIP_TIME: Final = (2025, 1, 1, 0, 0, 0)


def read_package(data: bytes) -> dict[str, bytes]:
    """The parts of an OOXML package: zip entry name -> bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def write_package(parts: Mapping[str, bytes]) -> bytes:
    """Parts -> zip bytes: entries sorted by name (`[Content_Types].xml` sorts first),
    deflated, every entry dated `FIXED_ZIP_TIME`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name in sorted(parts):
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            package.writestr(info, parts[name])
    return buffer.getvalue()


def ribbon_actions(ribbon_xml: bytes) -> dict[str, str]:
    """Control id -> its `onAction` callback, for every control of a customUI document."""
    root = ElementTree.fromstring(ribbon_xml)
    if root.tag != f"{{{RIBBON_NAMESPACE}}}customUI":
        raise ValueError(f"not a customUI14 document (root {root.tag})")
    return {
        element.attrib["id"]: element.attrib["onAction"]
        for element in root.iter()
        if "onAction" in element.attrib
    }


def has_ribbon_relationship(rels_xml: bytes) -> bool:
    """True when the package relationships point at the customUI14 part."""
    text = rels_xml.decode("utf-8")
    return RIBBON_REL_TYPE in text and RIBBON_PART in text


def _with_ribbon_relationship(rels_xml: bytes) -> bytes:
    if has_ribbon_relationship(rels_xml):
        return rels_xml
    text = rels_xml.decode("utf-8")
    relationship = (
        f'<Relationship Id="{RIBBON_REL_ID}" Type="{RIBBON_REL_TYPE}" Target="{RIBBON_PART}"/>'
    )
    text, count = re.subn(r"</Relationships>\s*$", relationship + "</Relationships>", text)
    if count != 1:
        raise ValueError("_rels/.rels has no closing </Relationships>")
    return text.encode("utf-8")


def add_ribbon(parts: dict[str, bytes], ribbon_xml: bytes) -> None:
    """Put the customUI14 part and its package relationship into `parts` (in place)."""
    ribbon_actions(ribbon_xml)  # refuse a malformed ribbon here, not in Excel
    parts[RIBBON_PART] = ribbon_xml
    parts[ROOT_RELS] = _with_ribbon_relationship(parts[ROOT_RELS])
