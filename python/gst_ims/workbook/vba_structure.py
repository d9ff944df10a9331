"""The structure of a `vbaProject.bin`, read the way MS-OVBA lays it out, for checks.

A VBA project names its modules in five places that must agree: the records of the
(compressed) ``dir`` stream, the module lines of the ``PROJECT`` stream and of its
``[Workspace]`` section, the ``PROJECTwm`` name map, and one stream per module in the
``VBA`` storage. The ``dir`` stream ends with its terminator record (id 0x0010, a
reserved zero dword) and nothing after it. Excel tolerates small departures from this,
but it is the form Office itself writes, and a project built from source has no
reason to differ.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field
from typing import Final

from pyopenvba.cfb import CFB
from pyopenvba.vba import decompress, parse_projectwm

_VERSION_RECORD: Final = 0x0009  # its size field holds 4, yet 6 bytes of data follow it
_MODULES_RECORD: Final = 0x000F
_MODULE_NAME: Final = 0x0019
_MODULE_STREAM_NAME: Final = 0x001A
_TERMINATOR: Final = 0x0010
_CODE_PAGE: Final = 0x0003
_MODULE_LINE: Final = re.compile(r"^(Module|Document|Class|BaseClass)=([^/\r\n]+)")


@dataclass
class DirStream:
    """What the decompressed ``dir`` stream says: code page, the module count it
    declares, each module's name and stream name, and the bytes left after the
    terminator record (none when the stream is on spec)."""

    code_page: int = 1252
    declared_modules: int = 0
    module_names: list[str] = field(default_factory=list)
    stream_names: list[str] = field(default_factory=list)
    trailing: bytes = b""
    terminated: bool = False


def read_dir_stream(data: bytes) -> DirStream:
    """A decompressed ``dir`` stream -> `DirStream`. Records are id (2 bytes), size (4
    bytes), data; the version record is the one record whose size field undercounts."""
    found = DirStream()
    position = 0
    while position + 6 <= len(data):
        record, size = struct.unpack_from("<HI", data, position)
        position += 6
        body = data[position:position + size]
        position += 6 if record == _VERSION_RECORD else size
        if record == _CODE_PAGE:
            found.code_page = struct.unpack("<H", body)[0]
        elif record == _MODULES_RECORD:
            found.declared_modules = struct.unpack("<H", body)[0]
        elif record == _MODULE_NAME:
            found.module_names.append(body.decode(_codec(found.code_page)))
        elif record == _MODULE_STREAM_NAME:
            found.stream_names.append(body.decode(_codec(found.code_page)))
        elif record == _TERMINATOR:
            found.terminated = True
            break
    found.trailing = data[position:]
    return found


def _codec(code_page: int) -> str:
    return "utf-8" if code_page == 65001 else f"cp{code_page}"


def without_trailing_bytes(data: bytes) -> bytes:
    """A decompressed ``dir`` stream cut right after its terminator record."""
    found = read_dir_stream(data)
    return data[:len(data) - len(found.trailing)] if found.terminated else data


def project_module_lines(text: str) -> list[tuple[str, str]]:
    """(kind, name) of every ``Module=``/``Document=``/``Class=`` line of a PROJECT stream."""
    return [(m.group(1), m.group(2)) for line in text.splitlines()
            if (m := _MODULE_LINE.match(line))]


def workspace_lines(text: str) -> list[str]:
    """The lines of the PROJECT stream's ``[Workspace]`` section (blank ones included,
    except the one line ending the stream that Office writes)."""
    lines = text.split("\r\n")
    if "[Workspace]" not in lines:
        return []
    section = lines[lines.index("[Workspace]") + 1:]
    while section and section[-1] == "":
        section.pop()
    return section


def tidy_workspace(text: str) -> str:
    """The PROJECT stream with the blank lines inside ``[Workspace]`` removed."""
    head, marker, _ = text.partition("[Workspace]\r\n")
    if not marker:
        return text
    records = [line for line in workspace_lines(text) if line]
    return head + marker + "".join(f"{line}\r\n" for line in records) + "\r\n"


def check_vba_project(raw: bytes, code_names: set[str]) -> list[str]:
    """Problems with the structure of a `vbaProject.bin` (empty when none): the ``dir``
    stream's end, the five module lists, blank lines in ``[Workspace]``, and a
    ``Document=`` module without a sheet (or workbook) of that code name in
    `code_names`."""
    container = CFB.from_bytes(raw)
    directory = read_dir_stream(decompress(container.get_stream_in_storage("VBA", "dir")))
    project = bytes(container.get_stream("PROJECT")).decode(_codec(directory.code_page))
    problems: list[str] = []
    if not directory.terminated:
        problems.append("the dir stream has no terminator record")
    elif directory.trailing:
        problems.append(f"the dir stream has {len(directory.trailing)} byte(s) after its "
                        "terminator")
    if directory.declared_modules != len(directory.module_names):
        problems.append(f"the dir stream declares {directory.declared_modules} modules and "
                        f"holds {len(directory.module_names)}")
    lines = project_module_lines(project)
    workspace = workspace_lines(project)
    if "" in workspace:
        problems.append("the PROJECT stream has a blank line inside [Workspace]")
    wm = parse_projectwm(bytes(container.get_stream("PROJECTwm")),
                         code_page=directory.code_page)
    streams = {name for name in container.list_streams_in_storage("VBA")
               if name not in ("_VBA_PROJECT", "dir") and not name.startswith("__SRP_")}
    lists = {
        "dir stream": sorted(directory.module_names),
        "PROJECT stream": sorted(name for _, name in lines),
        "[Workspace]": sorted(line.split("=", 1)[0] for line in workspace if line),
        "PROJECTwm": sorted(name for name, _ in wm),
        "VBA storage": sorted(streams),
    }
    reference = lists["dir stream"]
    problems += [f"the module list of the {where} differs from the dir stream's: {names}"
                 for where, names in lists.items() if names != reference]
    if sorted(directory.stream_names) != sorted(streams):
        problems.append("the dir stream's module stream names differ from the VBA storage")
    problems += [f"Document={name} has no sheet of that code name"
                 for kind, name in lines if kind == "Document" and name not in code_names]
    return problems
