"""Which layout a workbook was built with, and the refusal to run a job on another one.

Jobs read and write sheets by today's layout (`layout/`): on a workbook of an older
layout they would put values under the wrong headers, on a newer one they would not know
its sheets. The version is a workbook-level name stamped at build time.
"""

from __future__ import annotations

from gst_ims.domain.problems import InputError
from gst_ims.workbook import layout as lay
from gst_ims.workbook.port import WorkbookPort

LAYOUT_VERSION = lay.LAYOUT_VERSION

# A workbook without the stamp was built before layout versions existed.
UNSTAMPED_VERSION = 1


def layout_version(port: WorkbookPort) -> int | None:
    """The layout version stamped in the workbook on `port`: 1 when it has no stamp (built
    before stamps existed), None when the stamp is not a whole number."""
    stamp = port.defined_constant(lay.LAYOUT_VERSION_NAME)
    if stamp is None:
        return UNSTAMPED_VERSION
    return int(stamp) if stamp.strip().isdigit() else None


def check_layout_version(port: WorkbookPort, workbook: str = "This workbook") -> None:
    """Raise `InputError` with what to do when the workbook's layout is not this release's.
    `workbook` names it in the message (a file name on the command line)."""
    version = layout_version(port)
    if version == lay.LAYOUT_VERSION:
        return
    if version is None or version > lay.LAYOUT_VERSION:
        raise InputError(
            f"{workbook} was made by a newer release of GST IMS Reconciler (layout "
            f"{port.defined_constant(lay.LAYOUT_VERSION_NAME)}; this release writes layout "
            f"{lay.LAYOUT_VERSION}). Nothing was changed. Install the newer release "
            "(gst-ims doctor shows the version installed), or use a workbook made by "
            "this one (gst-ims new-workbook).")
    raise InputError(
        f"{workbook} was made by an older release of GST IMS Reconciler (layout {version}; "
        f"this release writes layout {lay.LAYOUT_VERSION}), whose sheets and columns are "
        "not where this release writes them. Nothing was changed. Close it and run "
        "gst-ims upgrade-workbook --workbook <this file>: it makes a new workbook with "
        "your Books, IMS data, decisions and Settings carried over, and leaves this one "
        "as it is.")
