"""The built workbook against the specifications Excel reads it by: the VBA project's
structure (MS-OVBA), every module's syntax on 64-bit and 32-bit Windows and on the Mac,
the ribbon XML against Microsoft's customUI 2009/07 schema with Excel's own image names,
and the xlwings version stamp."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import xlwings
import xmlschema
from pyopenvba.cfb import CFB
from pyopenvba.interpreter._lex import tokenize
from pyopenvba.interpreter._parse import Parser
from pyopenvba.interpreter._preprocess import strip_directives
from pyopenvba.vba import compress, decompress

from gst_ims.workbook import layout as lay
from gst_ims.workbook.build import DEFAULT_OUT, VBA_DIR, code_names
from gst_ims.workbook.ribbon import RIBBON_PART, read_package
from gst_ims.workbook.vba_project import decoded_modules, project_stream_text
from gst_ims.workbook.vba_structure import check_vba_project

RIBBON_DATA = Path(__file__).resolve().parents[1] / "data" / "ribbon"
# The constants each host defines for conditional compilation (#If Win64 / Mac ...).
PLATFORMS = {
    "Win64": {"VBA7": True, "Win64": True, "Win32": True, "Mac": False},
    "Win32": {"VBA7": True, "Win64": False, "Win32": True, "Mac": False},
    "Mac": {"VBA7": True, "Win64": False, "Win32": False, "Mac": True, "MacOffice16": True},
}


@pytest.fixture(scope="module")
def parts() -> dict[str, bytes]:
    """The committed workbook (a test elsewhere proves it equals a fresh build)."""
    return read_package(DEFAULT_OUT.read_bytes())


def test_the_vba_project_is_on_spec(parts: dict[str, bytes]) -> None:
    assert check_vba_project(parts["xl/vbaProject.bin"], code_names(parts)) == []


def test_the_structure_check_finds_bytes_after_the_terminator_and_blank_lines(
    parts: dict[str, bytes],
) -> None:
    container = CFB.from_bytes(parts["xl/vbaProject.bin"])
    directory = decompress(bytes(container.get_stream_in_storage("VBA", "dir")))
    container.write_stream_in_storage("VBA", "dir", compress(directory + b"\0\0\0\0"))
    text = bytes(container.get_stream("PROJECT")).decode("cp1252")
    container.write_stream("PROJECT", text.replace("Jobs=", "\r\nJobs=").encode("cp1252"))
    problems = check_vba_project(bytes(container.to_bytes()), code_names(parts))
    assert "the dir stream has 4 byte(s) after its terminator" in problems
    assert "the PROJECT stream has a blank line inside [Workspace]" in problems


def test_every_document_module_needs_a_sheet(parts: dict[str, bytes]) -> None:
    names = code_names(parts) - {"Sheet11"}
    assert check_vba_project(parts["xl/vbaProject.bin"], names) == [
        "Document=Sheet11 has no sheet of that code name"]


def test_the_module_lists_agree_with_the_sheets(parts: dict[str, bytes]) -> None:
    text = project_stream_text(parts["xl/vbaProject.bin"])
    documents = re.findall(r"^Document=(\w+)/", text, flags=re.MULTILINE)
    assert sorted(documents) == sorted(code_names(parts))
    assert len(documents) == len(lay.SHEET_ORDER) + 1


def _without_directive_comments(source: str) -> str:
    """VBA allows a comment after a directive (``#Const App = "Excel" 'note``, as
    xlwings.bas has); pyOpenVBA's preprocessor does not, so such comments are dropped
    first. Nothing else of the source changes."""
    def tidy(line: str) -> str:
        if not line.lstrip().startswith("#"):
            return line
        outside = line.split('"')
        for index in range(0, len(outside), 2):  # the parts outside string literals
            if "'" in outside[index]:
                return '"'.join([*outside[:index], outside[index].split("'", 1)[0]])
        return line

    return "\r\n".join(tidy(line) for line in source.split("\r\n"))


def _kind(name: str, source: str) -> str:
    if re.search(r'^Attribute VB_Base = "0\{00020', source, flags=re.MULTILINE):
        return "document"
    return "class" if "VB_PredeclaredId" in source else "standard"


@pytest.mark.parametrize("platform", list(PLATFORMS))
def test_every_built_module_parses_on_each_platform(parts: dict[str, bytes],
                                                    platform: str) -> None:
    modules = decoded_modules(parts["xl/vbaProject.bin"])
    assert {"Jobs", "Launch", "Ribbon", "Dialogs", "xlwings", "Dictionary",
            "ThisWorkbook"} <= set(modules)
    for name, source in modules.items():
        prepared = strip_directives(_without_directive_comments(source), module=name,
                                    constants=PLATFORMS[platform])
        Parser(tokenize(prepared, module=name), module=name,
               kind=_kind(name, source)).parse_module(source)


def test_the_parse_check_can_fail() -> None:
    broken = 'Attribute VB_Name = "Broken"\r\nPublic Sub X(\r\nEnd Sub\r\n'
    with pytest.raises(Exception, match=r"(?i)expected|unexpected"):
        Parser(tokenize(strip_directives(broken, module="Broken"), module="Broken"),
               module="Broken").parse_module(broken)


def _schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(RIBBON_DATA / "customui14.xsd"))


def test_the_ribbon_validates_against_the_customui_schema(parts: dict[str, bytes]) -> None:
    schema = _schema()
    ribbon = parts[RIBBON_PART].decode("utf-8")
    schema.validate(ribbon)
    assert parts[RIBBON_PART] == (VBA_DIR / "customUI14.xml").read_bytes()
    assert not schema.is_valid(ribbon.replace('size="large"', 'size="huge"', 1))
    assert not schema.is_valid(ribbon.replace("<button ", "<buton ", 1))


def _excel_image_names() -> set[str]:
    lines = (RIBBON_DATA / "excel_control_names.txt").read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def test_every_ribbon_image_is_one_of_excels(parts: dict[str, bytes]) -> None:
    names = _excel_image_names()
    assert len(names) > 2000 and "FileOpen" in names
    used = re.findall(r'imageMso="([^"]+)"', parts[RIBBON_PART].decode())
    assert used and not [name for name in used if name not in names]
    # Names of Word, Outlook and Access that the ribbon once used are not Excel's.
    assert not {"ReviewCompareTwoVersions", "AcceptInvitation", "ImportExcel"} & names


def test_the_workbook_names_the_xlwings_version_of_its_vba(parts: dict[str, bytes]) -> None:
    workbook_xml = parts["xl/workbook.xml"].decode()
    stamp = re.search(rf'<definedName name="{lay.XLWINGS_VERSION_NAME}">"([^"]+)"'
                      r"</definedName>", workbook_xml.replace("&quot;", '"'))
    assert stamp is not None
    vba = decoded_modules(parts["xl/vbaProject.bin"])["xlwings"]
    assert f'XLWINGS_VERSION As String = "{stamp.group(1)}"' in vba
    assert stamp.group(1) == xlwings.__version__
