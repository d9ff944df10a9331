"""A realistic synthetic month: the IMS download, the books purchase register, and the
ground truth of how a correct reconciliation pairs and classifies them.

Used by the demo, the tests and the benchmarks. Deterministic for a seed (one numpy
Generator drives every draw) and vectorised: a million documents generate in seconds.

The month is October 2025 (return period ``102025``) for a recipient in Maharashtra (27).
Every planted situation is a row of `CASES` (rules as data): its share of the IMS
documents and the category a correct reconciliation gives it. Register-only lines
(`REGISTER_ONLY_CASES`) come on top of the IMS documents.

Its modules, in the order a month is made (callers use the names below):

* `cases`: the month, the recipient's state and every planted situation (rules as data).
* `parties`: suppliers, branch GSTINs, e-commerce operators, the recipient.
* `numbers`: document numbers as issued and as booked; tax heads in paise.
* `plan`: every document drawn once, before either side is written.
* `download`: the IMS side, spelled in the dialect asked for.
* `register`: the books side, as a Tally purchase register exports it.
* `truth`: how a correct reconciliation pairs and classifies each line.
* `month`: `generate_month`, the above in order.
* `files`: a month written to ``ims.json``, a register file and ``truth.csv``.
"""

from __future__ import annotations

from gst_ims.samples.cases import (
    CASES,
    RECIPIENT_STATE,
    REGISTER_ONLY_CASES,
    TAX_PERIOD,
    SampleCase,
)
from gst_ims.samples.files import write_register_xlsx, write_sample_month
from gst_ims.samples.month import SampleMonth, generate_month
from gst_ims.samples.register import REGISTER_HEADERS, REGISTER_SHEET
from gst_ims.samples.truth import TRUTH_COLUMNS

__all__ = [
    "CASES",
    "RECIPIENT_STATE",
    "REGISTER_HEADERS",
    "REGISTER_ONLY_CASES",
    "REGISTER_SHEET",
    "TAX_PERIOD",
    "TRUTH_COLUMNS",
    "SampleCase",
    "SampleMonth",
    "generate_month",
    "write_register_xlsx",
    "write_sample_month",
]
