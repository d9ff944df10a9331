"""The package parts a file-port save keeps that openpyxl would lose or change, and the
load of a workbook file as the port needs it.

openpyxl drops the ribbon's relationship from ``_rels/.rels`` when it saves
(reference/excel-build.md) and rewrites the charts from its own model (`chart_parts`):
`RibbonKeepingZip` puts both back as openpyxl writes them, in the same pass.
"""

from __future__ import annotations

import zipfile
from copy import copy
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from gst_ims.domain.problems import InputError
from gst_ims.workbook.chart_parts import CHART_PART, ChartKey, kept_chart
from gst_ims.workbook.lazy_load import load_lazily

ROOT_RELS = "_rels/.rels"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
# customUI.xml (Office 2007) and customUI14.xml (2010+) hang off these two types.
RIBBON_REL_TYPES = (
    "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility",
    "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility",
)


def ribbon_relationships(rels_xml: bytes) -> list[ElementTree.Element]:
    """The ribbon (customUI) relationships in a package's root ``.rels`` XML."""
    root = ElementTree.fromstring(rels_xml)
    return [rel for rel in root if rel.get("Type") in RIBBON_REL_TYPES]


def with_relationships(rels_xml: bytes, extra: list[ElementTree.Element]) -> bytes:
    """`rels_xml` with every relationship in `extra` added unless its target is there."""
    ElementTree.register_namespace("", _RELS_NS)
    root = ElementTree.fromstring(rels_xml)
    targets = {(rel.get("Type"), rel.get("Target")) for rel in root}
    ids = {rel.get("Id") for rel in root}
    for rel in extra:
        if (rel.get("Type"), rel.get("Target")) in targets:
            continue
        added = copy(rel)
        if added.get("Id") in ids:
            added.set("Id", f"rIdRibbon{len(ids) + 1}")
        ids.add(added.get("Id"))
        root.append(added)
    text: bytes = ElementTree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return text


class RibbonKeepingZip(zipfile.ZipFile):
    """A zip being written by openpyxl that adds the ribbon relationships to the root
    ``.rels`` as openpyxl writes it (one pass, nothing recompressed afterwards)."""

    def __init__(self, path: Path, ribbon: list[ElementTree.Element],
                 charts: dict[ChartKey, bytes] | None = None) -> None:
        super().__init__(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._ribbon = ribbon
        self._charts = charts or {}

    def writestr(  # type: ignore[override]
        self, zinfo_or_arcname: str | zipfile.ZipInfo, data: bytes | str, *args: Any,
        **kwargs: Any,
    ) -> None:
        name = getattr(zinfo_or_arcname, "filename", zinfo_or_arcname)
        if name == ROOT_RELS and self._ribbon:
            raw = data.encode("utf-8") if isinstance(data, str) else data
            data = with_relationships(raw, self._ribbon)
        elif self._charts and isinstance(name, str) and CHART_PART.match(name):
            raw = data.encode("utf-8") if isinstance(data, str) else data
            data = kept_chart(name, raw, self._charts)
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)


def load_package(path: Path, lazy: bool) -> tuple[Workbook, list[ElementTree.Element]]:
    """The workbook at `path` (`lazy`: its sheets' rows parsed when read, `lazy_load`)
    and the ribbon relationships of its root ``.rels``; `InputError` naming what is wrong
    with a file that cannot be loaded."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            rels = archive.read(ROOT_RELS) if ROOT_RELS in names else b""
        book = load_lazily(path) if lazy else load_workbook(path, keep_vba=True)
        _freeze_vba_archive(book)
        ribbon = ribbon_relationships(rels) if rels else []
    except OSError as exc:
        raise InputError(f"Cannot read {path.name}: {exc.strerror or exc}") from exc
    except MemoryError:
        raise
    except (zipfile.BadZipFile, InvalidFileException) as exc:
        raise InputError(f"{path.name} is not an Excel workbook ({exc}); nothing was "
                         "changed") from exc
    except Exception as exc:  # any part of the file that cannot be parsed
        raise InputError(
            f"{path.name} is damaged ({type(exc).__name__}: {str(exc)[:200]}); nothing was "
            "changed. Open it in Excel and save it (Excel offers to repair it), or "
            "restore a copy.") from exc
    return book, ribbon


def _freeze_vba_archive(book: Workbook) -> None:
    """openpyxl keeps the loaded parts in a zip open for appending over a BytesIO; when
    both are garbage-collected together the zip may try to finish itself on the closed
    buffer. Finish it now and keep a read-only view of the same bytes."""
    archive = book.vba_archive
    if archive is None:
        return
    buffer = archive.fp
    archive.close()
    book.vba_archive = zipfile.ZipFile(buffer) if buffer is not None else None
