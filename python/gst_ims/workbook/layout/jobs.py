"""The jobs: the Home buttons and ribbon controls, the macros they run, the Python entry
points those call, and the xlwings settings the workbook carries for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# --- jobs: Home buttons, ribbon controls and the Python entry points ---------------------


@dataclass(frozen=True, slots=True)
class Job:
    """One user job: the VBA macro a button runs and the `gst_ims.excel` function it calls.

    `macro` is ``Module.Sub`` in `vba/`; `python_function` is the name in `gst_ims.excel`
    (the VBA calls ``RunPython "import gst_ims.excel as x; x.<python_function>()"``).
    """

    macro: str
    python_function: str
    button_label: str
    step: int | None  # 1, 2, 3 for the numbered monthly steps; None for helpers


JOBS: Final[tuple[Job, ...]] = (
    Job("Jobs.ImportIMS", "import_ims", "Import IMS JSON", 1),
    Job("Jobs.Reconcile", "reconcile", "Reconcile", 2),
    Job("Jobs.ExportUpload", "export_upload", "Export upload JSON", 3),
    Job("Jobs.ImportRegister", "import_books", "Import register from file…", None),
    Job("Jobs.AcceptMatched", "accept_matched", "Accept all matched", None),
    Job("Jobs.ConfirmSuggestions", "confirm_suggestions", "Confirm ticked suggestions", None),
    Job("Jobs.ImportErrors", "import_errors", "Import portal errors…", None),
    Job("Jobs.SupplierLetters", "supplier_letters", "Write supplier letters", None),
    Job("Jobs.CheckSetup", "check_setup", "Check set-up", None),
)
PYTHON_MODULE: Final = "gst_ims.excel"


def run_python_command(job: Job) -> str:
    """The exact Python text the job's macro hands to xlwings' RunPython."""
    return f"import {PYTHON_MODULE} as x; x.{job.python_function}()"


# --- xlwings.conf (hidden): column A key, column B value ------------------------------
# xlwings takes a key present on this sheet even when its value is blank, over the
# per-user settings file that `gst-ims setup-excel` writes (the interpreter path): so
# only keys with a value are here. The workbook's folder is kept off Python's import
# path (a file there could shadow a module, and a OneDrive/SharePoint web address makes
# xlwings fail before any job runs); the UDF server stays off, whatever an installed
# xlwings add-in says.
XLWINGS_CONF_ENTRIES: Final[tuple[tuple[str, str | bool], ...]] = (
    ("ADD_WORKBOOK_TO_PYTHONPATH", False),
    ("USE UDF SERVER", False),
)
