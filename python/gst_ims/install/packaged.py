"""The built workbook that ships inside the package, and new workbooks copied from it.

`new-workbook` copies this file rather than building one, so an installed wheel needs
neither XlsxWriter nor the VBA tools, and every user starts from the exact workbook the
tests checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from gst_ims.domain.problems import InputError
from gst_ims.upload.files import write_atomically

PACKAGED_WORKBOOK: Final = Path(__file__).resolve().parents[1] / "xlsx" / "GST_IMS_Reconciler.xlsm"


def copy_packaged_workbook(out: Path, *, replace: bool = False) -> Path:
    """Copy the packaged workbook to `out` (a new .xlsm; an existing file only with
    `replace`), written atomically. Returns the path written. `InputError` for a wrong
    suffix, an existing file, or an install that lacks the workbook."""
    out = Path(out).expanduser()
    if out.suffix.lower() != ".xlsm":
        raise InputError(f"{out.name}: the workbook must be a macro workbook (.xlsm)")
    if out.exists() and not replace:
        raise InputError(f"{out} already exists (it may hold your register); choose another "
                         "name or add --force to replace it")
    if not PACKAGED_WORKBOOK.is_file():
        raise InputError(f"This installation of gst-ims lacks its workbook "
                         f"({PACKAGED_WORKBOOK}); reinstall gst-ims.")
    out.parent.mkdir(parents=True, exist_ok=True)
    # The mode any new document gets (not a temporary file's private 0600).
    write_atomically(out, PACKAGED_WORKBOOK.read_bytes())
    return out
