"""One sample month generated: the plan drawn, then the download, the register and the
truth written from it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from gst_ims.domain.documents import Dialect
from gst_ims.samples.cases import MAX_DOC_NO
from gst_ims.samples.download import ims_payload
from gst_ims.samples.numbers import format_numbers, with_suffixes
from gst_ims.samples.parties import make_parties
from gst_ims.samples.plan import make_plan
from gst_ims.samples.register import register_frame, register_lines
from gst_ims.samples.truth import make_truth


@dataclass(frozen=True)
class SampleMonth:
    """One generated month.

    `ims_payload`: the downloaded JSON (dialect as asked), ready for `json.dump`;
    `register`: the purchase register as exported (columns `REGISTER_HEADERS`, row i is
    sheet row i+2; amounts float rupees with 2 decimals, dates Timestamps, numbers text);
    `truth`: `TRUTH_COLUMNS`, one row per IMS document plus one per register line without
    an IMS counterpart; `recipient_gstin`: the company's GSTIN.
    """

    ims_payload: dict[str, Any]
    register: pd.DataFrame
    truth: pd.DataFrame
    recipient_gstin: str


def generate_month(*, docs: int, seed: int, dialect: Dialect = Dialect.PORTAL) -> SampleMonth:
    """A month of `docs` IMS documents (plus ~5% register-only lines), deterministic for
    `seed`, with the IMS download spelled in `dialect`."""
    if docs < 0:
        raise ValueError(f"docs must be 0 or more, not {docs}")
    rng = np.random.default_rng(seed)
    parties, recipient = make_parties(rng, docs)
    plan = make_plan(rng, parties, docs)
    prefixes = parties.prefix[plan.party]
    numbers = format_numbers(plan.style, prefixes, plan.seq)
    # A document number has at most 16 characters: no suffix where it would not fit.
    too_long = (plan.case == "number_suffix_dropped") & (
        np.char.str_len(numbers.astype(str)) + 2 > MAX_DOC_NO)
    plan.case[too_long] = "exact"
    numbers = with_suffixes(plan.case, numbers)
    orig_numbers = format_numbers(plan.style, prefixes, plan.orig_seq)
    payload = ims_payload(rng, plan, parties, numbers, orig_numbers, dialect, recipient)
    books = register_lines(rng, plan, parties, numbers)
    register, sheet_row = register_frame(rng, books)
    truth = make_truth(plan, parties, numbers, books, sheet_row)
    return SampleMonth(payload, register, truth, recipient)

