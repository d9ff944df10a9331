"""The one place an unexpected error goes: ``gst_ims_errors.log`` with its traceback, so
that the user sees one line and can send the file (used by the command line and by the
workbook's buttons)."""

from __future__ import annotations

import contextlib
import sys
import tempfile
import traceback
from datetime import datetime
from pathlib import Path
from typing import Final

from gst_ims import __version__

ERROR_LOG: Final = "gst_ims_errors.log"


def write_error_log(folder: Path | None, title: str) -> Path:
    """Append the exception being handled, with `title` and the time, to the error log
    in `folder` (the workbook's; the temporary folder when that cannot be written).
    Returns the log's path."""
    text = (f"--- {datetime.now():%d-%m-%Y %H:%M:%S} {title} (gst-ims {__version__}, "
            f"Python {sys.version.split()[0]}, {sys.platform})\n{traceback.format_exc()}")
    for place in (folder, Path(tempfile.gettempdir())):
        if place is None:
            continue
        path = place / ERROR_LOG
        with contextlib.suppress(OSError):
            with path.open("a", encoding="utf-8", errors="backslashreplace") as handle:
                handle.write(text)
            return path
    return Path(tempfile.gettempdir()) / ERROR_LOG
