"""xlwings' settings as its VBA module reads them, without importing xlwings.

`RunPython` looks a key up on the workbook's ``xlwings.conf`` sheet first (a key that
is present wins even when its value is blank), then in ``xlwings.conf`` beside the
workbook, then in the per-user file, then takes its default. The files hold one
``"KEY","value"`` line per setting and keys are compared without regard to case. The
interpreter is ``INTERPRETER_WIN`` (``INTERPRETER_MAC`` on a Mac); when that comes out
blank, the older ``INTERPRETER`` key, and then plain ``python`` on the PATH.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from gst_ims.domain.problems import InputError

CONFIG_NAME: Final = "xlwings.conf"
DEFAULT_INTERPRETER: Final = "python"


@dataclass(frozen=True, slots=True)
class Setting:
    """A resolved setting: its value and where it came from (``sheet``, ``folder``,
    ``user`` or ``default``)."""

    key: str
    value: str
    source: str


def user_config_path(platform: str, home: Path) -> Path:
    """The per-user settings file xlwings' VBA reads on `platform` (``win32``,
    ``darwin``): ``%USERPROFILE%\\.xlwings\\xlwings.conf`` on Windows, Excel's sandbox
    folder on a Mac."""
    if platform == "darwin":
        return home / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / CONFIG_NAME
    return home / ".xlwings" / CONFIG_NAME


def interpreter_key(platform: str) -> str:
    """The key naming the Python interpreter on `platform`."""
    return "INTERPRETER_MAC" if platform == "darwin" else "INTERPRETER_WIN"


def read_config_file(path: Path | None) -> dict[str, str]:
    """KEY (upper case) -> value of a settings file; empty when there is none. Lines
    are read as VBA's ``Input #`` reads them: two comma-separated, quoted fields."""
    if path is None or not path.is_file():
        return {}
    settings: dict[str, str] = {}
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) >= 2 and row[0].strip():
                settings.setdefault(row[0].strip().upper(), row[1])
    return settings


def write_config_value(path: Path, key: str, value: str) -> None:
    """Set `key` in the settings file at `path` (created if missing), keeping its other
    lines; written atomically. `InputError` for a value holding a double quote (the
    file format cannot hold one)."""
    if '"' in value:
        raise InputError(f"{key}: a value with a double quote cannot be written to "
                         f"{path.name}: {value}")
    lines: list[str] = []
    if path.is_file():
        for line in path.read_text(encoding="utf-8-sig", errors="replace").splitlines():
            fields = next(csv.reader([line]), [])
            if line.strip() and not (fields and fields[0].strip().upper() == key.upper()):
                lines.append(line)
    lines.append(f'"{key}","{value}"')
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, suffix=".tmp", delete=False,
                                     encoding="utf-8", newline="\r\n") as handle:
        handle.write("\n".join(lines) + "\n")
    Path(handle.name).replace(path)


def resolve(key: str, sheet: Mapping[str, object], folder_file: Path | None,
            user_file: Path, default: str = "") -> Setting:
    """`key` looked up as xlwings' VBA does: the workbook's sheet, the file beside the
    workbook, the per-user file, then `default`."""
    on_sheet = {str(name).strip().upper(): value for name, value in sheet.items()}
    wanted = key.upper()
    if wanted in on_sheet:
        value = on_sheet[wanted]
        return Setting(key, "" if value is None else str(value), "sheet")
    for source, path in (("folder", folder_file), ("user", user_file)):
        found = read_config_file(path)
        if wanted in found:
            return Setting(key, found[wanted], source)
    return Setting(key, default, "default")


def interpreter(platform: str, sheet: Mapping[str, object], folder_file: Path | None,
                user_file: Path) -> Setting:
    """The interpreter `RunPython` will start on `platform`."""
    found = resolve(interpreter_key(platform), sheet, folder_file, user_file)
    if found.value == "":
        found = resolve("INTERPRETER", sheet, folder_file, user_file, DEFAULT_INTERPRETER)
    return found
