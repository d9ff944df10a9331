"""`gst-ims setup-excel`: tell xlwings, for this user, which Python runs the workbook's
buttons, then say what else a person must do before the first click."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from gst_ims.domain.problems import InputError
from gst_ims.install import xlwings_config as conf
from gst_ims.install.doctor import (
    EXCEL_PLATFORMS,
    all_well,
    finding_dict,
    format_findings,
    run_doctor,
)
from gst_ims.install.facts import facts_from_file


def next_steps(workbook: Path | None) -> list[str]:
    """What a user does after the set-up, in order."""
    name = workbook.name if workbook else "GST_IMS_Reconciler.xlsm"
    return [
        f"Copy {name} to a folder of your own (not Downloads and not inside the zip); use "
        "a synced OneDrive/SharePoint folder only through its local path in File Explorer.",
        "Unblock it: right-click the file > Properties > tick Unblock > OK (a file that "
        "came from e-mail, Teams or the web has its macros blocked). Or ask IT for a "
        "Trusted Location and keep it there.",
        "Open it and click Enable Content if Excel asks. On the Settings sheet enter your "
        "Recipient GSTIN.",
        "Click Check set-up (GST IMS tab, More group) once: it runs these checks from "
        "inside Excel.",
    ]


def setup_excel(*, workbook: Path | None = None, platform: str = sys.platform,
                home: Path | None = None,
                interpreter: str = sys.executable) -> tuple[dict[str, Any], str]:
    """Write `interpreter` as this user's xlwings interpreter (the per-user settings
    file; other settings in it are kept), then run the set-up checks. Returns the report
    and its text. `InputError` on a platform without Excel."""
    if platform not in EXCEL_PLATFORMS:
        raise InputError(f"Excel runs on Windows and macOS; there is nothing to set up on "
                         f"{platform}. The gst-ims command line works here as it is.")
    user_file = conf.user_config_path(platform, home or Path.home())
    key = conf.interpreter_key(platform)
    conf.write_config_value(user_file, key, interpreter)
    facts = facts_from_file(workbook) if workbook else None
    findings = run_doctor(facts, platform=platform, home=home)
    steps = next_steps(workbook)
    text = "\n".join([
        f"Excel will start {interpreter} for the workbook's buttons ({key} in {user_file}).",
        "", "What else to do:", *[f"  {n}. {step}" for n, step in enumerate(steps, 1)],
        "", "Set-up check:", format_findings(findings),
    ])
    report = {"config_file": str(user_file), key: interpreter, "next_steps": steps,
              "findings": [finding_dict(finding) for finding in findings],
              "all_well": all_well(findings)}
    return report, text
