"""The workbook's VBA project (`vbaProject.bin`), built from `vba/` and the pinned xlwings.

The project starts from the one inside the pinned xlwings wheel's
`quickstart_standalone.xlsm`: an Office-authored project in the MS-OVBA source-only form
(`_VBA_PROJECT` version 0xFFFF, no compiled cache), which Excel compiles from source when
the file opens. pyOpenVBA swaps its modules for ours and keeps that form. The project ID
GUID is the template's, and nothing in the container carries a clock, so two builds give
the same bytes.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import shutil
import tempfile
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from pyopenvba import ExcelFile, VBAModuleKind
from pyopenvba.cfb import CFB
from pyopenvba.vba import compress, decompress, normalize_class_source, split_attribute_header

from gst_ims.domain.problems import GstImsError
from gst_ims.workbook.vba_structure import tidy_workspace, without_trailing_bytes

# Only excel_port.py imports xlwings (it starts Excel machinery on Windows); the builder
# just needs the installed package's files and version, found without importing it.
_XLWINGS_SPEC: Final = importlib.util.find_spec("xlwings")
if _XLWINGS_SPEC is None or _XLWINGS_SPEC.origin is None:  # pragma: no cover - a dependency
    raise ImportError("xlwings is not installed; reinstall gst-ims (it pins xlwings)")
XLWINGS_DIR: Final = Path(_XLWINGS_SPEC.origin).parent
XLWINGS_VERSION: Final = importlib.metadata.version("xlwings")
TEMPLATE: Final = XLWINGS_DIR / "quickstart_standalone.xlsm"
XLWINGS_BAS: Final = XLWINGS_DIR / "xlwings.bas"
DICTIONARY_CLS: Final = XLWINGS_DIR / "addin" / "Dictionary.cls"

# Exactly what Office and xlwings write: Reserved1 0x61CC, Version 0xFFFF (source only),
# Reserved2 0x00, Reserved3 0x0001. pyOpenVBA zeroes the bytes after the fifth on save.
SOURCE_ONLY_VBA_PROJECT: Final = bytes.fromhex("cc61ffff000100")
WORKSHEET_BASE: Final = "0{00020820-0000-0000-C000-000000000046}"
TEMPLATE_MODULES_DROPPED: Final[tuple[str, ...]] = ("Module1",)
TEMPLATE_SHEET_MODULES: Final = 2  # the template has Sheet1 and Sheet2


class VbaBuildError(GstImsError):
    """The VBA project could not be built as intended (a broken source or template)."""


@dataclass(frozen=True, slots=True)
class VbaModule:
    """One standard module: its name and its source (CRLF line ends, header included)."""

    name: str
    source: str


def crlf(text: str) -> str:
    """Any line ends -> CRLF, as the VBA editor stores a module."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def read_module(path: Path) -> VbaModule:
    """A `.bas` file of `vba/` -> `VbaModule`; its `Attribute VB_Name` must match the file."""
    source = crlf(path.read_text(encoding="utf-8"))
    match = re.match(r'Attribute VB_Name = "([^"]+)"', source)
    if match is None or match.group(1) != path.stem:
        raise VbaBuildError(f"{path.name}: must start with Attribute VB_Name = \"{path.stem}\"")
    return VbaModule(path.stem, source)


def xlwings_bas_source() -> str:
    """The installed xlwings' standalone module, checked to be of the pinned version."""
    source = crlf(XLWINGS_BAS.read_text(encoding="utf-8"))
    match = re.search(r'XLWINGS_VERSION As String = "([^"]+)"', source)
    embedded = match.group(1) if match else None
    if embedded != XLWINGS_VERSION:
        raise VbaBuildError(
            f"xlwings.bas declares XLWINGS_VERSION {embedded!r} but xlwings "
            f"{XLWINGS_VERSION} is installed; reinstall the pinned xlwings"
        )
    return source


def document_module_source(code_name: str) -> str:
    """An empty worksheet document module, with the header Excel writes for one."""
    return (
        f'Attribute VB_Name = "{code_name}"\r\nAttribute VB_Base = "{WORKSHEET_BASE}"\r\n'
        "Attribute VB_GlobalNameSpace = False\r\nAttribute VB_Creatable = False\r\n"
        "Attribute VB_PredeclaredId = True\r\nAttribute VB_Exposed = True\r\n"
        "Attribute VB_TemplateDerived = False\r\nAttribute VB_Customizable = True\r\n"
    )


def build_vba_project(modules: list[VbaModule], sheet_count: int) -> bytes:
    """Our standard `modules` + xlwings.bas + Dictionary.cls + one document module per
    sheet (ThisWorkbook, Sheet1..Sheet<sheet_count>) -> the bytes of `vbaProject.bin`."""
    if sheet_count < TEMPLATE_SHEET_MODULES:
        raise VbaBuildError(f"the workbook needs at least {TEMPLATE_SHEET_MODULES} sheets")
    with tempfile.TemporaryDirectory(prefix="gst-ims-vba-") as folder:
        source = Path(folder) / "template.xlsm"
        target = Path(folder) / "project.xlsm"
        shutil.copyfile(TEMPLATE, source)
        with ExcelFile(source) as book:
            project = book.vba_project()
            for name in TEMPLATE_MODULES_DROPPED:
                project.delete_module(name)
            book.set_module("xlwings", xlwings_bas_source())
            header, _ = split_attribute_header(project.get_module("Dictionary").source)
            dictionary = crlf(DICTIONARY_CLS.read_text(encoding="utf-8"))
            book.set_module("Dictionary", normalize_class_source(dictionary, prior_header=header))
            for module in modules:
                project.add_module(module.name, module.source)
            for number in range(TEMPLATE_SHEET_MODULES + 1, sheet_count + 1):
                code_name = f"Sheet{number}"
                project.add_module(
                    code_name, document_module_source(code_name), kind=VBAModuleKind.other
                )
            book.save(target)
        with zipfile.ZipFile(target) as package:
            raw = package.read("xl/vbaProject.bin")
    return _as_documents_source_only(raw, sheet_count)


def _as_documents_source_only(raw: bytes, sheet_count: int) -> bytes:
    """Declare the added sheet modules as documents (pyOpenVBA declares a module it adds
    to a project as a class), restore the source-only `_VBA_PROJECT` stream, and put
    back what Office writes where pyOpenVBA departs from it: the dir stream ends at its
    terminator (pyOpenVBA leaves four bytes after it) and the [Workspace] section of the
    PROJECT stream has no blank line among its records."""
    container = CFB.from_bytes(raw)
    text = container.get_stream("PROJECT").decode("cp1252")
    for number in range(TEMPLATE_SHEET_MODULES + 1, sheet_count + 1):
        declared = f"Class=Sheet{number}\r\n"
        if declared not in text:
            raise VbaBuildError(f"PROJECT stream lacks {declared.strip()}")
        text = text.replace(declared, f"Document=Sheet{number}/&H00000000\r\n")
    container.write_stream("PROJECT", tidy_workspace(text).encode("cp1252"))
    directory = decompress(bytes(container.get_stream_in_storage("VBA", "dir")))
    container.write_stream_in_storage("VBA", "dir", compress(without_trailing_bytes(directory)))
    container.write_stream_in_storage("VBA", "_VBA_PROJECT", SOURCE_ONLY_VBA_PROJECT)
    return bytes(container.to_bytes())


def project_stream_text(raw: bytes) -> str:
    """The PROJECT stream of a `vbaProject.bin` as text (for checks)."""
    return bytes(CFB.from_bytes(raw).get_stream("PROJECT")).decode("cp1252")


def vba_project_version(raw: bytes) -> bytes:
    """The `_VBA_PROJECT` stream of a `vbaProject.bin` (7 bytes in the source-only form)."""
    return bytes(CFB.from_bytes(raw).get_stream_in_storage("VBA", "_VBA_PROJECT"))


def decoded_modules(raw: bytes) -> dict[str, str]:
    """olevba's reading of every module of a `vbaProject.bin`: name -> source (CRLF)."""
    with warnings.catch_warnings():
        # oletools still calls pyparsing's pre-3.0 names, which warn on import.
        warnings.simplefilter("ignore", DeprecationWarning)
        from oletools.olevba import VBA_Parser

    parser = VBA_Parser("vbaProject.bin", data=raw)
    try:
        return {
            Path(filename).stem: crlf(code if isinstance(code, str) else code.decode("cp1252"))
            for _, _, filename, code in parser.extract_macros()
        }
    finally:
        parser.close()

