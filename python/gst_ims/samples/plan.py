"""The plan of a sample month: every document (case, section, supplier, number, date,
amounts) drawn once, before either side is written."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gst_ims.domain.documents import Section
from gst_ims.samples.cases import (
    CASES,
    DN_CASES,
    ECO_CASES,
    MONTH_START,
    RECIPIENT_STATE,
    REGISTER_ONLY_CASES,
    REGISTER_ONLY_SECTIONS,
    SECTION_SHARES,
    SLIP_CASES,
    SLIP_SECTIONS,
    TAX_PERIOD,
)
from gst_ims.samples.numbers import sequence_numbers, taxes
from gst_ims.samples.parties import Parties


@dataclass
class Plan:
    """Every document (IMS ones first, then register-only lines) as parallel arrays."""

    n_ims: int
    case: np.ndarray
    section: np.ndarray
    party: np.ndarray
    seq: np.ndarray
    orig_seq: np.ndarray
    style: np.ndarray
    date: np.ndarray  # datetime64[D]
    orig_date: np.ndarray
    period: np.ndarray
    amounts: dict[str, np.ndarray]
    rate: np.ndarray
    cess_rate: np.ndarray
    inter: np.ndarray


def make_plan(rng: np.random.Generator, parties: Parties, docs: int) -> Plan:
    """Draw every document of the month: its case, section, supplier, number, dates and
    amounts (IMS documents first, then the register-only lines)."""
    names = np.asarray([c.name for c in CASES], dtype=object)
    shares = np.asarray([c.share for c in CASES])
    extra_counts = [round(docs * c.share) for c in REGISTER_ONLY_CASES]
    n_extra = sum(extra_counts)
    total = docs + n_extra
    case = np.concatenate([
        rng.choice(names, size=docs, p=shares / shares.sum()),
        np.repeat(np.asarray([c.name for c in REGISTER_ONLY_CASES], dtype=object),
                  extra_counts),
    ])
    ims_sections = list(SECTION_SHARES)
    ims_p = np.asarray(list(SECTION_SHARES.values()))
    extra_sections = list(REGISTER_ONLY_SECTIONS)
    extra_p = np.asarray(list(REGISTER_ONLY_SECTIONS.values()))
    section = np.concatenate([
        np.asarray([s.value for s in ims_sections], dtype=object)[
            rng.choice(len(ims_sections), size=docs, p=ims_p / ims_p.sum())],
        np.asarray([s.value for s in extra_sections], dtype=object)[
            rng.choice(len(extra_sections), size=n_extra, p=extra_p / extra_p.sum())],
    ])
    section[case == "decoy"] = Section.B2B.value
    eco_section = np.isin(section, [Section.ECOM.value, Section.ECOMA.value])
    case[eco_section & ~np.isin(case, list(ECO_CASES))] = "exact"
    dn_section = np.isin(section, [Section.B2BDN.value, Section.B2BDNA.value])
    case[dn_section & ~np.isin(case, [*DN_CASES, *(c.name for c in REGISTER_ONLY_CASES)])] = (
        "exact")

    # Suppliers: a few big ones and a long tail; ECO documents from the operators.
    regular = np.flatnonzero(~parties.eco)
    weights = 1.0 / (1.0 + rng.permutation(len(regular))) ** 0.9
    party = rng.choice(regular, size=total, p=weights / weights.sum())
    eco_idx = np.flatnonzero(parties.eco)
    party[eco_section] = rng.choice(eco_idx, size=int(eco_section.sum()))
    inter_state = regular[parties.state[regular] != RECIPIENT_STATE]
    pick = case == "igst_as_cgst_sgst"
    party[pick] = rng.choice(inter_state, size=int(pick.sum()))
    branched = regular[parties.sibling[regular] >= 0]
    pick = case == "branch_gstin"
    party[pick] = rng.choice(branched, size=int(pick.sum()))

    style = parties.style[party].copy()
    overrides = {"number_case": None, "number_slash_dash": 0, "number_leading_zeros": 4,
                 "number_fy_token": 0, "number_prefix_dropped": 3, "decoy": 1}
    for name, forced in overrides.items():
        pick = case == name
        style[pick] = (rng.choice([0, 1, 3], size=int(pick.sum())) if forced is None
                       else forced)

    seq = sequence_numbers(rng, parties.pan_group[party])
    slips = np.isin(case, SLIP_CASES)
    case[slips & ~np.isin(section, SLIP_SECTIONS)] = "exact"
    # A swap needs two different last digits (every number of a PAN ends in one digit,
    # so the swapped number never names another of its documents).
    same_last_two = (seq // 10) % 10 == seq % 10
    case[(case == "number_swapped") & same_last_two] = "exact"
    amendment = np.isin(section, [s.value for s in Section if s.is_amendment])
    orig_seq = seq.copy()
    renumbered = amendment & (rng.random(total) < 0.25)
    seq[renumbered] += 2

    # Dates: the month; 5% of originals from last month; amendments fix older documents.
    offset = rng.integers(0, 31, total)
    last_month = (~amendment) & (np.arange(total) < docs) & (rng.random(total) < 0.05)
    offset[last_month] = rng.integers(-30, 0, int(last_month.sum()))
    offset[amendment] = rng.integers(-75, -15, int(amendment.sum()))
    date = MONTH_START + offset.astype("timedelta64[D]")
    boundary = np.flatnonzero(case == "fy_boundary")
    date[boundary] = np.datetime64("2025-03-29") + (boundary % 3).astype("timedelta64[D]")
    orig_date = date.copy()
    period = np.where(last_month, "092025", TAX_PERIOD).astype(object)

    rupees = np.exp(rng.normal(np.log(20000.0), 1.3, total)).clip(100, 5_000_000)
    notes = np.isin(section, [s.value for s in Section if s.is_note])
    rupees[notes] = (rupees[notes] * 0.15).clip(100, None)
    paisa = np.where(rng.random(total) < 0.2, rng.integers(0, 100, total), 0)
    taxable = np.floor(rupees).astype(np.int64) * 100 + paisa
    rate = rng.choice(np.asarray([5, 12, 18, 28]), size=total, p=[0.2, 0.2, 0.5, 0.1])
    cess_rate = np.where((rate == 28) & (rng.random(total) < 0.15), 12, 0)
    inter = parties.state[party] != RECIPIENT_STATE
    amounts = taxes(taxable, rate, inter, cess_rate)
    return Plan(docs, case, section, party, seq, orig_seq, style, date, orig_date, period,
                amounts, rate, cess_rate, inter)

