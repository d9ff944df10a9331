"""A workbook file -> the `WorkbookFacts` the set-up checks need (read with openpyxl)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from gst_ims.domain.problems import InputError
from gst_ims.install.doctor import WorkbookFacts
from gst_ims.workbook import layout as lay


def facts_from_file(path: Path) -> WorkbookFacts:
    """Where the workbook file is, its xlwings.conf sheet (keys from A1 down to the first
    blank, as xlwings reads them) and the xlwings version stamped by the build.
    `InputError` when the file is missing or not a workbook."""
    text = str(path)
    if "://" in text:
        return WorkbookFacts(text, None, cloud_only=True)
    path = Path(path).expanduser().resolve()
    if not path.is_file():
        raise InputError(f"Workbook not found: {path}")
    try:
        book = load_workbook(path, read_only=True, keep_vba=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise InputError(f"{path.name} is not an Excel workbook: {exc}") from exc
    try:
        settings: dict[str, object] = {}
        if lay.XLWINGS_CONF in book.sheetnames:
            for key, value, *_ in book[lay.XLWINGS_CONF].iter_rows(max_col=2,
                                                                    values_only=True):
                if key in (None, ""):
                    break
                settings[str(key)] = value
        stamp = book.defined_names.get(lay.XLWINGS_VERSION_NAME)
        version = stamp.attr_text.strip('"') if stamp is not None else None
    finally:
        book.close()
    return WorkbookFacts(str(path), path.parent, False, settings, version)
