"""The names of the register layouts the sample generator can write (sample_registers.py),
kept apart so that the command line can offer them without loading pandas."""

from __future__ import annotations

from typing import Final

REGISTER_STYLES: Final[tuple[str, ...]] = (
    "plain", "tally-columnar", "gstr2-template", "busy", "zoho", "sap", "hand-kept")
