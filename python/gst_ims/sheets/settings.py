"""Reading the Settings sheet (and the Home cells a job takes its files from) into
the values the jobs need: recon settings, export options, the recipient, the column
mapping, folders.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

import pandas as pd

from gst_ims.domain import documents as d
from gst_ims.domain.gstin import check_gstin, normalise_gstin
from gst_ims.domain.problems import InputError, Problem
from gst_ims.domain.settings import ReconSettings
from gst_ims.domain.settings_table import PORTAL_UPLOAD_BYTES, Reader, keys_read_by, setting
from gst_ims.sheets import pairings
from gst_ims.sheets.tables import cell_text
from gst_ims.workbook import layout as lay
from gst_ims.workbook.port import CellValue, WorkbookPort

if TYPE_CHECKING:
    from gst_ims.books.register import ColumnMapping
    from gst_ims.upload.writer import UploadOptions



def read_settings(port: WorkbookPort, keys: Sequence[str]) -> dict[str, CellValue]:
    """The Settings cells of `keys` (setting key -> its cell's value)."""
    cells = {key: lay.setting_cell(key) for key in keys}
    values = port.read_names([cell.name for cell in cells.values()])
    return {key: values[cell.name] for key, cell in cells.items()}


def newer_setting(port: WorkbookPort, key: str) -> CellValue:
    """A setting added after workbooks were in use: None (its default) in a workbook made
    before it existed, which has no such named cell."""
    try:
        return read_settings(port, [key])[key]
    except InputError:
        return None


def newer_settings(port: WorkbookPort, keys: Sequence[str]) -> dict[str, CellValue]:
    """`newer_setting` for several keys, in one read when the workbook has them all."""
    try:
        return read_settings(port, keys)
    except InputError:
        return {key: newer_setting(port, key) for key in keys}


def is_yes(value: CellValue) -> bool:
    """Whether a Yes/No cell says yes (Yes, Y, True, 1, in any case)."""
    return cell_text(value).casefold() in ("yes", "y", "true", "1")


def decimal_comma(port: WorkbookPort) -> bool:
    """Settings > 'Register amounts use a decimal comma' (No in a workbook without it)."""
    try:
        return is_yes(read_settings(port, ["decimal_comma"])["decimal_comma"])
    except InputError:  # a workbook built before the setting existed
        return False


def picked_paths(port: WorkbookPort, cell: lay.NamedCell, what: str) -> list[Path]:
    """The file path(s) picked on Home into the named `cell`; `InputError` naming `what`
    when none was picked."""
    text = cell_text(port.read_names([cell.name])[cell.name])
    paths = [Path(part.strip()) for part in text.split(lay.PATH_SEPARATOR) if part.strip()]
    if not paths:
        raise InputError(f"No {what} was chosen. Pick the file first.")
    return paths


def recipient_of(port: WorkbookPort, in_files: set[str]) -> str:
    """The recipient GSTIN to record: the files' one, checked against Settings. Returns ""
    when Settings already holds it (nothing to write)."""
    found = sorted({normalise_gstin(g) for g in in_files if g})
    if len(found) > 1:
        raise InputError("The IMS files are for different GSTINs (" + ", ".join(found)
                         + "). Import the files of one GSTIN at a time.")
    setting = normalise_gstin(read_settings(port, ["recipient_gstin"])["recipient_gstin"])
    if setting and found and found[0] != setting:
        raise InputError(f"The IMS file is for GSTIN {found[0]}, but Settings says your "
                         f"GSTIN is {setting}. Pick the file downloaded for {setting}, or "
                         "correct the Recipient GSTIN on the Settings sheet.")
    return "" if setting or not found else found[0]


def column_mapping(
    port: WorkbookPort, present: Sequence[str] | None = None
) -> ColumnMapping | None:
    """The register column mapping from Settings (field -> the user's header), limited to
    headers in `present` when given; None when nothing is mapped."""
    from gst_ims.books.aliases import HEADER_ALIASES, POSTING_DATE
    from gst_ims.books.register import ColumnMapping

    table = port.read_table(lay.SETTINGS, header_row=lay.MAPPING_HEADER_ROW,
                            first_column=lay.MAPPING_FIELD_COLUMN,
                            max_rows=len(lay.MAPPED_FIELDS))
    field_header, value_header = lay.MAPPING_HEADERS[0], lay.MAPPING_HEADERS[2]
    if field_header not in table.columns or value_header not in table.columns:
        return None
    wanted = {str(h).strip().casefold() for h in present} if present is not None else None
    known = {*HEADER_ALIASES, POSTING_DATE}
    pairs = zip(table[field_header].map(cell_text), table[value_header].map(cell_text), strict=True)
    columns = {
        name: header for name, header in pairs
        if name in known and header and (wanted is None or header.casefold() in wanted)
    }
    return ColumnMapping(columns) if columns else None


def recipient_setting(port: WorkbookPort) -> str:
    """The recipient GSTIN on Settings, normalised ("" when blank)."""
    return normalise_gstin(read_settings(port, ["recipient_gstin"])["recipient_gstin"])


def recon_settings(port: WorkbookPort) -> ReconSettings:
    """The Settings sheet's matching settings, validated into `ReconSettings`."""
    values = read_settings(port, lay.RECON_SETTING_KEYS)
    values |= newer_settings(port, lay.OPTIONAL_RECON_SETTING_KEYS)
    # The sheet's cells are text, numbers or Yes/No; a date typed there is read as text.
    readable = {k: v if isinstance(v, str | int | float | bool) else cell_text(v)
                for k, v in values.items() if cell_text(v)}
    return ReconSettings.from_mapping(readable)


def books_period(port: WorkbookPort, ims: pd.DataFrame
                  ) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """Settings' books period, blank ends taken from the IMS download's return periods."""
    keys = ("books_period_from", "books_period_to")
    values: dict[str, object] = {key: newer_setting(port, key) for key in keys}
    try:
        return pairings.books_period(values, ims)
    except ValueError as exc:
        raise InputError("The books period on the Settings sheet cannot be read",
                         [Problem(str(exc), sheet=lay.SETTINGS, field=key) for key in keys
                          if cell_text(values[key])]) from exc


def export_settings(
    port: WorkbookPort, out_dir: Path | None
) -> tuple[str, Path, UploadOptions]:
    """What the export needs from Settings: the recipient GSTIN, the folder to write to
    (`out_dir`, else Settings' output folder, else the workbook's) and the upload options."""
    from gst_ims.upload.dialects import KeyStyle
    from gst_ims.upload.writer import UploadOptions

    values = read_settings(port, keys_read_by(Reader.EXPORT, optional=False))
    rtin = normalise_gstin(values["recipient_gstin"])
    verdict = check_gstin(rtin)
    if not verdict.ok:
        raise InputError(f"Settings > Recipient GSTIN: {verdict.reason}. Enter your GSTIN "
                         "there (importing a portal download fills it in; a download "
                         "through the API does not state it; on the command line, add "
                         "--rtin).")
    folder = out_dir or (Path(cell_text(values["output_folder"])) if cell_text(
        values["output_folder"]) else port.folder())
    if folder is None:
        raise InputError("Choose an output folder on the Settings sheet (or save the "
                         "workbook first: its folder is used).")
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise InputError(f"The output folder {folder} is a file, not a folder.")
    size = values["max_upload_bytes"]
    largest = setting("max_upload_bytes").maximum or PORTAL_UPLOAD_BYTES
    try:
        key_style = KeyStyle.parse(cell_text(newer_setting(port, "upload_key_style")))
    except ValueError as exc:
        raise InputError(f"Settings > Upload key style: {exc}") from exc
    if isinstance(size, int | float) and not 0 < size <= largest:
        raise InputError(f"Settings > Largest upload file (bytes): {size:g} is not a file "
                         f"size; the portal takes about {PORTAL_UPLOAD_BYTES} (4 MB). Nothing "
                         "was written.")
    options = UploadOptions(
        max_bytes=int(size) if isinstance(size, int | float) else PORTAL_UPLOAD_BYTES,
        all_or_nothing=is_yes(values["all_or_nothing_export"]),
        require_confirmation_for_unbooked_accept=is_yes(values["confirm_accept_not_in_books"]),
        key_style=key_style,
    )
    return rtin, folder, options


def supplier_emails(port: WorkbookPort) -> dict[str, str]:
    """Supplier GSTIN -> the first e-mail address the register gives for it (a column
    of the register carried onto the Books sheet, headed E-mail, Email ID ...)."""
    from gst_ims.letters import email_header

    table = port.read_table(lay.BOOKS, header_row=lay.BOOKS_SHEET.header_row)
    header = email_header([str(c) for c in table.columns])
    gstin = lay.BOOKS_SHEET.column(d.SUPPLIER_GSTIN).header
    if header is None or gstin not in table.columns or table.empty:
        return {}
    pairs = pd.DataFrame({"gstin": table[gstin].map(normalise_gstin),
                          "email": table[header].map(cell_text)})
    pairs = pairs.loc[(pairs["gstin"] != "") & pairs["email"].str.contains("@", regex=False)]
    return {str(k): str(v) for k, v in pairs.groupby("gstin")["email"].first().items()}


def letters_folder(port: WorkbookPort, out_dir: Path | None) -> Path:
    """Where the supplier letters go: `out_dir`, else a folder under Settings' output
    folder (else the workbook's)."""
    if out_dir is not None:
        return Path(out_dir).expanduser()
    folder = cell_text(read_settings(port, ["output_folder"])["output_folder"])
    base = Path(folder).expanduser() if folder else port.folder()
    if base is None:
        raise InputError("Choose an output folder on the Settings sheet (or save the "
                         "workbook first: its folder is used).")
    return base / LETTERS_FOLDER


LETTERS_FOLDER: Final = "Supplier letters"



def chosen_paths(port: WorkbookPort, files: Sequence[Path] | None, cell: lay.NamedCell,
                 what: str) -> list[Path]:
    """`files` as absolute paths when given (the command line), else the ones picked on
    Home into `cell` (`picked_paths`)."""
    if files:
        return [Path(p).expanduser().resolve() for p in files]
    return picked_paths(port, cell, what)
