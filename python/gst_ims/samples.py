"""A realistic synthetic month: the IMS download, the books purchase register, and the
ground truth of how a correct reconciliation pairs and classifies them.

Used by the demo, the tests and the benchmarks. Deterministic for a seed (one numpy
Generator drives every draw) and vectorised: a million documents generate in seconds.

The month is October 2025 (return period ``102025``) for a recipient in Maharashtra (27).
Every planted situation is a row of `CASES` (rules as data): its share of the IMS
documents and the category a correct reconciliation gives it. Register-only lines
(`REGISTER_ONLY_CASES`) come on top of the IMS documents.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from gst_ims.domain.documents import Category, Dialect, DocType, Section
from gst_ims.domain.gstin import STATE_CODES, make_gstin

REGISTER_HEADERS: Final[tuple[str, ...]] = (
    "Voucher Date", "Voucher Type", "Voucher No.", "Party Name", "GSTIN/UIN of Supplier",
    "Supplier Invoice No.", "Supplier Invoice Date", "Place of Supply", "Taxable Value",
    "Integrated Tax", "Central Tax", "State/UT Tax", "Cess", "Invoice Value",
    "Reverse Charge", "ITC Eligibility",
)
REGISTER_SHEET: Final = "Purchase Register"
TRUTH_COLUMNS: Final[tuple[str, ...]] = (
    "section", "supplier_gstin", "doc_no", "doc_date", "register_row", "expected_category",
    "case", "must_not_pair_row",
)

RECIPIENT_STATE: Final = "27"
TAX_PERIOD: Final = "102025"
_MONTH_START: Final = np.datetime64("2025-10-01")
_FY_SHORT: Final = "25-26"
_FY_YY: Final = "25"


@dataclass(frozen=True)
class SampleCase:
    """A planted situation: its name (the truth's `case`), share of IMS documents and the
    category a correct reconciliation gives the IMS document."""

    name: str
    share: float
    category: Category
    note: str


CASES: Final[tuple[SampleCase, ...]] = (
    SampleCase("exact", 0.570, Category.MATCHED, "same number, date and amounts"),
    SampleCase("rounding", 0.050, Category.MATCHED,
               "taxable value or one tax head off by 1 paisa to ₹1"),
    SampleCase("number_case", 0.015, Category.MATCHED, "number in other letter case"),
    SampleCase("number_slash_dash", 0.015, Category.MATCHED, "'/' booked as '-'"),
    SampleCase("number_leading_zeros", 0.015, Category.MATCHED, "'000123' booked as '123'"),
    SampleCase("number_fy_token", 0.015, Category.MATCHED,
               "'INV/25-26/0012' booked as 'INV-12' or '12'"),
    SampleCase("number_prefix_dropped", 0.015, Category.MATCHED,
               "'VD-1001' booked as '1001'"),
    SampleCase("date_shift", 0.030, Category.MATCHED, "same number, date 1-5 days off"),
    SampleCase("fy_boundary", 0.010, Category.MATCHED,
               "dated 29-31 March, booked 3 days later in the next fiscal year"),
    SampleCase("number_swapped", 0.010, Category.SUGGESTED,
               "the last two digits swapped in the books ('4521' booked as '4512')"),
    SampleCase("number_suffix_dropped", 0.010, Category.SUGGESTED,
               "the supplier's '-1' or '/A' suffix left out in the books"),
    SampleCase("unfiled", 0.030, Category.MATCHED,
               "supplier saved but has not filed the return"),
    SampleCase("value_mismatch", 0.040, Category.MISMATCHED, "taxable 5-30% off"),
    SampleCase("igst_as_cgst_sgst", 0.020, Category.MISMATCHED,
               "inter-state IGST booked as CGST+SGST"),
    SampleCase("branch_gstin", 0.020, Category.MISMATCHED,
               "booked under another branch GSTIN of the same PAN"),
    SampleCase("ims_only", 0.040, Category.NOT_IN_BOOKS, "not booked at all"),
    SampleCase("decoy", 0.015, Category.NOT_IN_BOOKS,
               "not booked; the register has the same supplier's next bill, similar amount"),
)
# Lines only in the register, as a share of the IMS document count.
REGISTER_ONLY_CASES: Final[tuple[SampleCase, ...]] = (
    SampleCase("register_only", 0.030, Category.NOT_IN_IMS, "booked, supplier did not report"),
    SampleCase("rcm", 0.010, Category.NOT_EXPECTED, "reverse charge: never in IMS"),
    SampleCase("ineligible", 0.010, Category.NOT_EXPECTED, "ITC ineligible, no IMS document"),
)
_DECOY_LINE_CASE: Final = "decoy"
# Keyboard slips and the fiscal-year boundary, planted on original invoices and credit
# notes only (an amendment or an ECO document carries them no differently).
_SLIP_CASES: Final = ("number_swapped", "number_suffix_dropped", "fy_boundary")
_SLIP_SECTIONS: Final = (Section.B2B.value, Section.B2BCN.value)
_SUFFIXES: Final = ("-1", "/A")
_MAX_DOC_NO: Final = 16  # characters of a document number, as the portal allows

# Section mix of IMS documents, and of register-only lines.
_SECTION_SHARES: Final[dict[Section, float]] = {
    Section.B2B: 0.80, Section.B2BA: 0.03, Section.B2BDN: 0.03, Section.B2BDNA: 0.005,
    Section.B2BCN: 0.08, Section.B2BCNA: 0.01, Section.ECOM: 0.035, Section.ECOMA: 0.01,
}
_REGISTER_ONLY_SECTIONS: Final[dict[Section, float]] = {
    Section.B2B: 0.88, Section.B2BDN: 0.04, Section.B2BCN: 0.08,
}
# Cases an ECO document (few operators, no branches, number styles of their own) can be.
_ECO_CASES: Final = frozenset({"exact", "rounding", "date_shift", "unfiled", "ims_only",
                               "value_mismatch"})
# Vouchers as Tally books them: a supplier's credit note is a purchase return entered as a
# Debit Note voucher; a supplier's debit note is entered as a Purchase voucher (common
# practice; the engine compares such a purchase with the IMS debit note).
_VOUCHER_TYPES: Final = {DocType.INVOICE.value: "Purchase", DocType.DEBIT_NOTE.value:
                         "Purchase", DocType.CREDIT_NOTE.value: "Debit Note"}
# Cases a supplier's debit note booked as a purchase can be: the engine compares across
# the two types on the normalised number only (no digits-only or other-GSTIN pass).
_DN_CASES: Final = frozenset({c.name for c in CASES} - {"branch_gstin", "number_fy_token",
                                                        "number_prefix_dropped", *_SLIP_CASES})

_NAME_HEADS: Final = ("Shree", "Sai", "Om", "Ganesh", "Laxmi", "Balaji", "Krishna", "Mahalaxmi",
                      "Sri Venkateswara", "Jai Ambe", "National", "Indian", "Bharat", "Deccan",
                      "Sahyadri", "Kaveri", "Narmada", "Pune", "Western", "Eastern", "Royal",
                      "Apex", "Prime", "Galaxy", "Unique", "Modern", "Popular", "Global")
_NAME_TRADES: Final = ("Traders", "Enterprises", "Steel", "Polymers", "Chemicals", "Packaging",
                       "Logistics", "Electricals", "Hardware", "Agro", "Textiles",
                       "Pharma", "Auto Parts", "Plastics", "Engineering", "Paper Mills",
                       "Tools", "Fasteners", "Foods", "Infotech", "Services", "Castings")
_NAME_FORMS: Final = ("Pvt Ltd", "Private Limited", "LLP", "& Co", "Industries", "Ltd", "",
                      "Corporation", "Brothers")
_PREFIXES: Final = ("INV", "BILL", "SI", "TI", "GST", "VD", "S", "KA", "MH", "TAX", "SL", "RV")
_ECO_NAMES: Final = ("QuickEats Online Pvt Ltd", "CityRide Mobility Ltd",
                     "StayEasy Hospitality LLP", "CloudKitchen Connect Pvt Ltd")
_OTHER_STATES: Final = ("29", "24", "07", "33", "06", "09", "36", "19", "08", "32", "23", "03")
_DIGITS: Final = np.frombuffer(b"0123456789", dtype=np.uint8)
_LETTERS: Final = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", dtype=np.uint8)


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


# ----------------------------------------------------------------------------------------
# parties


@dataclass(frozen=True)
class _Parties:
    gstin: np.ndarray  # str objects
    pan_group: np.ndarray  # int: suppliers of the same PAN share it
    state: np.ndarray  # str objects
    name: np.ndarray  # str objects
    style: np.ndarray  # int number style
    prefix: np.ndarray  # str objects
    eco: np.ndarray  # bool: an e-commerce operator (ecom sections only)
    sibling: np.ndarray  # int: another GSTIN of the same PAN, -1 if none


def _random_pans(rng: np.random.Generator, count: int) -> list[str]:
    """Distinct PANs: 5 letters (the 4th says company/firm/person...), 4 digits, a letter."""
    pans: list[str] = []
    seen: set[str] = set()
    while len(pans) < count:
        size = count - len(pans) + 8
        codes = np.empty((size, 10), dtype=np.uint8)
        codes[:, :5] = _LETTERS[rng.integers(0, 26, (size, 5))]
        codes[:, 3] = np.frombuffer(b"CFPHT", dtype=np.uint8)[rng.integers(0, 5, size)]
        codes[:, 5:9] = _DIGITS[rng.integers(0, 10, (size, 4))]
        codes[:, 9] = _LETTERS[rng.integers(0, 26, size)]
        for pan in codes.view("S10").ravel():
            text = pan.decode()
            if text not in seen and len(pans) < count:
                seen.add(text)
                pans.append(text)
    return pans


def _make_parties(rng: np.random.Generator, docs: int) -> tuple[_Parties, str]:
    """Suppliers (some with 2-3 branch GSTINs of one PAN), ECO operators, recipient."""
    n_pans = int(np.clip(docs // 8, 300, 3000))
    n_eco = len(_ECO_NAMES)
    pans = _random_pans(rng, n_pans + n_eco + 1)
    recipient = make_gstin(RECIPIENT_STATE, pans[-1])
    home = rng.random(n_pans) < 0.45
    states = np.where(home, RECIPIENT_STATE,
                      np.asarray(_OTHER_STATES, dtype=object)[
                          rng.integers(0, len(_OTHER_STATES), n_pans)])
    names = [
        " ".join(part for part in (_NAME_HEADS[h], _NAME_TRADES[t], _NAME_FORMS[f]) if part)
        for h, t, f in zip(rng.integers(0, len(_NAME_HEADS), n_pans).tolist(),
                           rng.integers(0, len(_NAME_TRADES), n_pans).tolist(),
                           rng.integers(0, len(_NAME_FORMS), n_pans).tolist(), strict=True)
    ]
    styles = rng.choice(5, size=n_pans, p=[0.35, 0.15, 0.15, 0.2, 0.15])
    prefixes = np.asarray(_PREFIXES, dtype=object)[rng.integers(0, len(_PREFIXES), n_pans)]
    # Branches: a quarter of the PANs hold one or two more GSTINs, in other states.
    extra = np.where(rng.random(n_pans) < 0.25, rng.integers(1, 3, n_pans), 0)
    group = np.concatenate([np.arange(n_pans), np.repeat(np.arange(n_pans), extra)])
    n_branch = len(group) - n_pans
    # Branches sit in real states: not "Other Territory", not the old Andhra code 28, not
    # 99 (a Centre Jurisdiction registration is a government office, not a supplier branch).
    all_states = np.asarray([code for code in STATE_CODES if code not in ("97", "28", "99")],
                            dtype=object)
    branch_states = all_states[rng.integers(0, len(all_states), n_branch)]
    state = np.concatenate([states, branch_states])
    # Same state as the main GSTIN -> entity number 2 or 3, else 1.
    entity = np.ones(len(group), dtype=np.int64)
    same_state = np.zeros(len(group), dtype=bool)
    same_state[n_pans:] = branch_states == states[group[n_pans:]]
    entity[n_pans:] = np.where(same_state[n_pans:], 2 + (np.arange(n_branch) % 2), 1)
    # Two branches drawn in one same other state would clash: make them distinct.
    gstins: list[str] = []
    taken: set[str] = set()
    for index, (g, st, ent) in enumerate(zip(group.tolist(), state.tolist(), entity.tolist(),
                                             strict=True)):
        gstin = make_gstin(st, pans[g], str(ent))
        while gstin in taken:
            ent += 1
            gstin = make_gstin(st, pans[g], str(ent))
        entity[index] = ent
        taken.add(gstin)
        gstins.append(gstin)
    eco_states = np.asarray(["29", "07", "27", "06"], dtype=object)[:n_eco]
    eco_gstins = [make_gstin(st, pans[n_pans + i]) for i, st in enumerate(eco_states)]
    total = len(group) + n_eco
    sibling = np.full(total, -1, dtype=np.int64)
    members: dict[int, list[int]] = {}
    for index, g in enumerate(group.tolist()):
        members.setdefault(g, []).append(index)
    for indexes in members.values():
        if len(indexes) > 1:  # each GSTIN's sibling: the next one of the same PAN
            sibling[indexes] = np.roll(indexes, -1)
    parties = _Parties(
        gstin=np.asarray(gstins + eco_gstins, dtype=object),
        pan_group=np.concatenate([group, n_pans + np.arange(n_eco)]),
        state=np.concatenate([state, eco_states]),
        name=np.concatenate([np.asarray(names, dtype=object)[group],
                             np.asarray(_ECO_NAMES, dtype=object)]),
        style=np.concatenate([styles[group], np.full(n_eco, 1)]),
        prefix=np.concatenate([prefixes[group],
                               np.asarray(["ECO", "CR", "SE", "CK"], dtype=object)[:n_eco]]),
        eco=np.concatenate([np.zeros(len(group), dtype=bool), np.ones(n_eco, dtype=bool)]),
        sibling=sibling,
    )
    return parties, recipient


# ----------------------------------------------------------------------------------------
# documents


def _round_div(numerator: np.ndarray, denominator: int) -> np.ndarray:
    """Integer division rounding half up (amounts are never negative here)."""
    result: np.ndarray = (numerator * 2 + denominator) // (2 * denominator)
    return result


def _format_numbers(style: np.ndarray, prefix: np.ndarray, seq: np.ndarray) -> np.ndarray:
    """Document numbers in the supplier's style; all distinct for distinct `seq`."""
    out: list[str] = []
    append = out.append
    for st, pre, sq in zip(style.tolist(), prefix.tolist(), seq.tolist(), strict=True):
        if st == 0:
            append(f"{pre}/{_FY_SHORT}/{sq:04d}")
        elif st == 1:
            append(f"{pre}-{_FY_YY}-{sq:05d}")
        elif st == 2:
            append(str(sq))
        elif st == 3:
            append(f"{pre}-{sq}")
        else:
            append(f"{sq:07d}")
    return np.asarray(out, dtype=object)


def _book_numbers(case: np.ndarray, numbers: np.ndarray, prefix: np.ndarray,
                  seq: np.ndarray, coin: np.ndarray) -> np.ndarray:
    """How the register wrote each number: as issued, or one of the planted variants."""
    out = numbers.copy()
    for index in np.flatnonzero(np.char.startswith(case.astype(str), "number_")):
        name, number, sq = case[index], numbers[index], int(seq[index])
        if name == "number_case":
            out[index] = number.lower()
        elif name == "number_slash_dash":
            out[index] = number.replace("/", "-")
        elif name == "number_leading_zeros":
            out[index] = str(sq)
        elif name == "number_fy_token":
            out[index] = f"{prefix[index]}-{sq}" if coin[index] else str(sq)
        elif name == "number_prefix_dropped":
            out[index] = str(sq)
        elif name == "number_swapped":
            out[index] = number[:-2] + number[-1] + number[-2]
        elif name == "number_suffix_dropped":
            out[index] = next(number.removesuffix(x) for x in _SUFFIXES if number.endswith(x))
    return out


def _with_suffixes(case: np.ndarray, numbers: np.ndarray) -> np.ndarray:
    """The supplier's numbers, a suffix added where the register leaves it out."""
    out = numbers.copy()
    for index in np.flatnonzero(case == "number_suffix_dropped").tolist():
        out[index] = numbers[index] + _SUFFIXES[index % len(_SUFFIXES)]
    return out


def _taxes(taxable: np.ndarray, rate: np.ndarray, inter: np.ndarray,
           cess_rate: np.ndarray) -> dict[str, np.ndarray]:
    """Tax heads in paise: IGST when inter-state, else CGST + SGST halves."""
    total = _round_div(taxable * rate, 100)
    half = _round_div(taxable * rate, 200)
    igst = np.where(inter, total, 0)
    cgst = np.where(inter, 0, half)
    cess = _round_div(taxable * cess_rate, 100)
    return {"taxable": taxable, "igst": igst, "cgst": cgst, "sgst": cgst.copy(),
            "cess": cess}


def _sequence_numbers(rng: np.random.Generator, group: np.ndarray) -> np.ndarray:
    """Per PAN, numbers base + 10*k: distinct, and +2 / +5 never hit another document."""
    bases = rng.integers(1, 9000, int(group.max()) + 1 if len(group) else 1)
    order = np.argsort(group, kind="stable")
    sorted_group = group[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_group)) + 1]
    lengths = np.diff(np.r_[starts, len(order)])
    rank = np.arange(len(order)) - np.repeat(starts, lengths)
    seq = np.empty(len(group), dtype=np.int64)
    seq[order] = bases[sorted_group] + 10 * rank
    return seq


@dataclass
class _Plan:
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


def _plan(rng: np.random.Generator, parties: _Parties, docs: int) -> _Plan:
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
    ims_sections = list(_SECTION_SHARES)
    ims_p = np.asarray(list(_SECTION_SHARES.values()))
    extra_sections = list(_REGISTER_ONLY_SECTIONS)
    extra_p = np.asarray(list(_REGISTER_ONLY_SECTIONS.values()))
    section = np.concatenate([
        np.asarray([s.value for s in ims_sections], dtype=object)[
            rng.choice(len(ims_sections), size=docs, p=ims_p / ims_p.sum())],
        np.asarray([s.value for s in extra_sections], dtype=object)[
            rng.choice(len(extra_sections), size=n_extra, p=extra_p / extra_p.sum())],
    ])
    section[case == "decoy"] = Section.B2B.value
    eco_section = np.isin(section, [Section.ECOM.value, Section.ECOMA.value])
    case[eco_section & ~np.isin(case, list(_ECO_CASES))] = "exact"
    dn_section = np.isin(section, [Section.B2BDN.value, Section.B2BDNA.value])
    case[dn_section & ~np.isin(case, [*_DN_CASES, *(c.name for c in REGISTER_ONLY_CASES)])] = (
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

    seq = _sequence_numbers(rng, parties.pan_group[party])
    slips = np.isin(case, _SLIP_CASES)
    case[slips & ~np.isin(section, _SLIP_SECTIONS)] = "exact"
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
    date = _MONTH_START + offset.astype("timedelta64[D]")
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
    amounts = _taxes(taxable, rate, inter, cess_rate)
    return _Plan(docs, case, section, party, seq, orig_seq, style, date, orig_date, period,
                 amounts, rate, cess_rate, inter)


# ----------------------------------------------------------------------------------------
# the two sides


def _json_amounts(paise: np.ndarray) -> list[int | float]:
    """Paise -> JSON numbers as the portal writes them: whole rupees as int, else a float
    whose repr has at most 2 decimals (integer / 100 rounds to the nearest double)."""
    whole = (paise % 100 == 0).tolist()
    ints = (paise // 100).tolist()
    floats = (paise / 100).tolist()
    return [i if w else f for w, i, f in zip(whole, ints, floats, strict=True)]


def _ddmmyyyy(dates: np.ndarray) -> list[str]:
    """datetime64[D] -> dd-mm-yyyy texts."""
    iso = np.datetime_as_string(dates, unit="D").tolist()
    return [f"{d[8:10]}-{d[5:7]}-{d[0:4]}" for d in iso]


def _ims_payload(rng: np.random.Generator, plan: _Plan, parties: _Parties,
                 numbers: np.ndarray, orig_numbers: np.ndarray, dialect: Dialect,
                 recipient: str) -> dict[str, Any]:
    """The download: one record per IMS document, spelled in `dialect` (docs/formats.md:
    Two dialects)."""
    n = plan.n_ims
    section = plan.section[:n]
    cn = np.isin(section, [Section.B2BCN.value, Section.B2BCNA.value])
    specified = cn | np.isin(section, [s.value for s in Section if s.is_amendment])
    pending_blocked = np.where(cn, rng.random(n) < 0.8, rng.random(n) < 0.02)
    action = rng.choice(np.asarray(["N", "A", "P", "R"], dtype=object), size=n,
                        p=[0.85, 0.09, 0.04, 0.02])
    action[pending_blocked & (action == "P")] = "N"
    unfiled = plan.case[:n] == "unfiled"
    portal = dialect is Dialect.PORTAL
    filing = np.where(unfiled, "SAVED" if portal else "Not Filed",
                      "FILED" if portal else "Filed").tolist()
    src_form = np.asarray(["R1", "IFF", "R1A"], dtype=object)[
        rng.choice(3, size=n, p=[0.9, 0.07, 0.03])].tolist()
    inv_type = np.asarray(["R", "DE", "SEWP"], dtype=object)[
        rng.choice(3, size=n, p=[0.98, 0.01, 0.01])].tolist()
    itc_blocked = np.where(rng.random(n) < 0.5, "Y", "N").tolist()
    remarks_blocked = np.where(rng.random(n) < 0.05, "Y", "N").tolist()
    hex_text = rng.bytes(32 * n).hex()
    hashes = [hex_text[i * 64:(i + 1) * 64] for i in range(n)]
    party = plan.party[:n]
    gstin = parties.gstin[party].tolist()
    name = parties.name[party].tolist()
    dates = _ddmmyyyy(plan.date[:n])
    orig_dates = _ddmmyyyy(plan.orig_date[:n])
    amounts = {key: _json_amounts(plan.amounts[key][:n])
               for key in ("taxable", "igst", "cgst", "sgst", "cess")}
    totals = np.zeros(n, dtype=np.int64)
    for key in ("taxable", "igst", "cgst", "sgst", "cess"):
        totals += plan.amounts[key][:n]
    values = _json_amounts(totals)
    keys = {
        "form": "rtnTyp" if portal else "srcform",
        "period": "sRtnPrd" if portal else "rtnprd",
        "itc": "itcRedReqBlocked" if portal else "isItcRedReqBlocked",
    }
    sections: dict[str, list[dict[str, Any]]] = {s.value: [] for s in Section}
    section_list = section.tolist()
    pending = np.where(pending_blocked, "Y", "N").tolist()
    actions = action.tolist()
    periods = plan.period[:n].tolist()
    specified_list = specified.tolist()
    for i in range(n):
        sec = Section(section_list[i])
        record: dict[str, Any] = {"stin": gstin[i]}
        if portal:
            record["tradenm"] = name[i]
        if sec.is_amendment:
            record[sec.orig_number_key or ""] = orig_numbers[i]
            record[sec.orig_date_key or ""] = orig_dates[i]
        record[sec.number_key] = numbers[i]
        record[sec.date_key] = dates[i]
        if sec.has_inv_type:
            record["inv_typ"] = inv_type[i]
        record["pos"] = RECIPIENT_STATE
        record["val"] = values[i]
        record["txval"] = amounts["taxable"][i]
        record["iamt"] = amounts["igst"][i]
        record["camt"] = amounts["cgst"][i]
        record["samt"] = amounts["sgst"][i]
        record["cess"] = amounts["cess"][i]
        record[keys["form"]] = src_form[i]
        record[keys["period"]] = periods[i]
        record["srcfilstatus"] = filing[i]
        record["action"] = actions[i]
        record["ispendactblocked"] = pending[i]
        if specified_list[i]:
            record[keys["itc"]] = itc_blocked[i]
        record["isRemarksBlocked"] = remarks_blocked[i]
        record["hash"] = hashes[i]
        sections[sec.value].append(record)
    if portal:
        # The recipient GSTIN next to the envelope is our assumption (no public source lists
        # it); the reader takes it when present and does without it otherwise.
        return {"gstin": recipient, "imsDetails": sections}
    return dict(sections)


@dataclass
class _Books:
    """Register lines before sorting: the plan row each came from (-1 for none)."""

    plan_row: np.ndarray
    decoy_of: np.ndarray  # plan row of the IMS decoy it imitates, -1 otherwise
    gstin: np.ndarray
    name: np.ndarray
    number: np.ndarray
    date: np.ndarray
    doc_type: np.ndarray
    amounts: dict[str, np.ndarray]
    rcm: np.ndarray
    eligibility: np.ndarray


def _books(rng: np.random.Generator, plan: _Plan, parties: _Parties,
           numbers: np.ndarray) -> _Books:
    """Register lines: every planned document except IMS-only ones, with the planted
    differences, plus the decoys (the same supplier's next bill)."""
    total = len(plan.case)
    case = plan.case
    coin = rng.random(total) < 0.5
    book_no = _book_numbers(case, numbers, parties.prefix[plan.party], plan.seq, coin)
    gstin = parties.gstin[plan.party].copy()
    branch = case == "branch_gstin"
    gstin[branch] = parties.gstin[parties.sibling[plan.party[branch]]]
    date = plan.date.copy()
    date[case == "fy_boundary"] += np.timedelta64(3, "D")
    shift = case == "date_shift"
    date[shift] += (rng.integers(1, 6, int(shift.sum()))
                    * rng.choice([-1, 1], int(shift.sum()))).astype("timedelta64[D]")
    amounts = {key: value.copy() for key, value in plan.amounts.items()}

    mismatch = case == "value_mismatch"
    factor = 1 + rng.choice([-1, 1], total) * rng.uniform(0.05, 0.30, total)
    changed = _taxes(np.round(plan.amounts["taxable"] * factor).astype(np.int64), plan.rate,
                     plan.inter, plan.cess_rate)
    for key in amounts:
        amounts[key][mismatch] = changed[key][mismatch]

    cross = case == "igst_as_cgst_sgst"
    igst = plan.amounts["igst"]
    amounts["cgst"][cross] = igst[cross] // 2
    amounts["sgst"][cross] = igst[cross] - igst[cross] // 2
    amounts["igst"][cross] = 0

    rounding = np.flatnonzero(case == "rounding")
    delta = rng.integers(1, 101, len(rounding)) * rng.choice([-1, 1], len(rounding))
    on_tax = rng.random(len(rounding)) < 0.5
    head = np.where(plan.inter[rounding], "igst", "cgst")
    for row, step, tax, head_name in zip(rounding.tolist(), delta.tolist(),
                                         on_tax.tolist(), head.tolist(), strict=True):
        key = head_name if tax else "taxable"
        amounts[key][row] = abs(amounts[key][row] + step)

    booked = ~np.isin(case, ["ims_only", "decoy"])
    decoys = np.flatnonzero(case == "decoy")
    decoy_numbers = _format_numbers(plan.style[decoys], parties.prefix[plan.party[decoys]],
                                    plan.seq[decoys] + 5)
    decoy_taxable = np.round(plan.amounts["taxable"][decoys]
                             * (1 + rng.uniform(-0.03, 0.03, len(decoys)))).astype(np.int64)
    decoy_amounts = _taxes(decoy_taxable, plan.rate[decoys], plan.inter[decoys],
                           plan.cess_rate[decoys])
    decoy_dates = plan.date[decoys] + rng.integers(0, 4, len(decoys)).astype("timedelta64[D]")

    rows = np.flatnonzero(booked)
    doc_types = np.asarray([Section(s).doc_type.value for s in plan.section.tolist()],
                           dtype=object) if total else np.asarray([], dtype=object)
    rcm = np.concatenate([case[rows] == "rcm", np.zeros(len(decoys), dtype=bool)])
    eligibility = np.asarray(["Inputs", "Input Services", "Capital Goods"], dtype=object)[
        rng.choice(3, size=len(rows) + len(decoys), p=[0.7, 0.22, 0.08])]
    eligibility[:len(rows)][case[rows] == "ineligible"] = "Ineligible"
    eligibility[:len(rows)][case[rows] == "rcm"] = "Input Services"
    return _Books(
        plan_row=np.concatenate([rows, np.full(len(decoys), -1)]),
        decoy_of=np.concatenate([np.full(len(rows), -1), decoys]),
        gstin=np.concatenate([gstin[rows], parties.gstin[plan.party[decoys]]]),
        name=np.concatenate([parties.name[plan.party[rows]],
                             parties.name[plan.party[decoys]]]),
        number=np.concatenate([book_no[rows], decoy_numbers]),
        date=np.concatenate([date[rows], decoy_dates]),
        doc_type=np.concatenate([doc_types[rows], doc_types[decoys]]),
        amounts={key: np.concatenate([amounts[key][rows], decoy_amounts[key]])
                 for key in amounts},
        rcm=rcm,
        eligibility=eligibility,
    )


def _register_frame(rng: np.random.Generator, books: _Books) -> tuple[pd.DataFrame,
                                                                       np.ndarray]:
    """The register as exported, sorted by voucher date; and each line's sheet row."""
    count = len(books.plan_row)
    voucher_date = books.date + rng.integers(0, 5, count).astype("timedelta64[D]")
    order = np.lexsort((rng.random(count), voucher_date))
    sheet_row = np.empty(count, dtype=np.int64)
    sheet_row[order] = np.arange(count) + 2
    doc_type = books.doc_type[order]
    voucher_kind = pd.Series(doc_type).map(_VOUCHER_TYPES)
    serial = voucher_kind.groupby(voucher_kind, sort=False).cumcount() + 1
    series_prefix = voucher_kind.map({"Purchase": "PUR", "Debit Note": "DN"})
    voucher_no = series_prefix + f"/{_FY_SHORT}/" + serial.astype(str).str.zfill(5)
    amounts = {key: value[order] for key, value in books.amounts.items()}
    invoice_value = sum(amounts.values())

    def rupees(paise: np.ndarray) -> np.ndarray:
        return np.round(paise / 100, 2)

    register = pd.DataFrame({
        "Voucher Date": pd.to_datetime(voucher_date[order]).astype("datetime64[ns]"),
        "Voucher Type": voucher_kind.astype(object),
        "Voucher No.": voucher_no.astype(object),
        "Party Name": books.name[order],
        "GSTIN/UIN of Supplier": books.gstin[order],
        "Supplier Invoice No.": books.number[order],
        "Supplier Invoice Date": pd.to_datetime(books.date[order]).astype("datetime64[ns]"),
        "Place of Supply": f"{RECIPIENT_STATE}-{STATE_CODES[RECIPIENT_STATE]}",
        "Taxable Value": rupees(amounts["taxable"]),
        "Integrated Tax": rupees(amounts["igst"]),
        "Central Tax": rupees(amounts["cgst"]),
        "State/UT Tax": rupees(amounts["sgst"]),
        "Cess": rupees(amounts["cess"]),
        "Invoice Value": rupees(np.asarray(invoice_value)),
        "Reverse Charge": np.where(books.rcm[order], "Yes", "No").astype(object),
        "ITC Eligibility": books.eligibility[order],
    }, columns=list(REGISTER_HEADERS))
    return register, sheet_row


def _truth(plan: _Plan, parties: _Parties, numbers: np.ndarray, books: _Books,
           sheet_row: np.ndarray) -> pd.DataFrame:
    """One row per IMS document, then one per register line with no IMS counterpart."""
    n = plan.n_ims
    categories = {c.name: c.category.value for c in (*CASES, *REGISTER_ONLY_CASES)}
    row_of_plan = np.full(len(plan.case), -1, dtype=np.int64)
    paired = books.plan_row >= 0
    row_of_plan[books.plan_row[paired]] = sheet_row[paired]
    decoy_row = np.full(len(plan.case), -1, dtype=np.int64)
    decoy_lines = books.decoy_of >= 0
    decoy_row[books.decoy_of[decoy_lines]] = sheet_row[decoy_lines]

    def int64(values: np.ndarray) -> pd.Series:
        return pd.Series(values, dtype="Int64").mask(pd.Series(values) < 0)

    ims_part = pd.DataFrame({
        "section": plan.section[:n],
        "supplier_gstin": parties.gstin[plan.party[:n]],
        "doc_no": numbers[:n],
        "doc_date": _ddmmyyyy(plan.date[:n]),
        "register_row": int64(row_of_plan[:n]),
        "expected_category": [categories[c] for c in plan.case[:n].tolist()],
        "case": plan.case[:n],
        "must_not_pair_row": int64(decoy_row[:n]),
    })
    extra_plan_rows = np.arange(n, len(plan.case))
    lonely_rows = np.concatenate([row_of_plan[extra_plan_rows], sheet_row[decoy_lines]])
    lonely_cases = np.concatenate([plan.case[extra_plan_rows],
                                   np.full(int(decoy_lines.sum()), _DECOY_LINE_CASE,
                                           dtype=object)])
    lonely_categories = [categories[c] for c in lonely_cases[:len(extra_plan_rows)].tolist()]
    lonely_categories += [Category.NOT_IN_IMS.value] * int(decoy_lines.sum())
    # A register line dated outside the months of the download's return periods (the
    # default books period) is no follow-up: Summary counts it apart.
    date_of_plan = np.full(len(plan.case), np.datetime64("NaT"), dtype="datetime64[D]")
    date_of_plan[books.plan_row[paired]] = books.date[paired].astype("datetime64[D]")
    lonely_dates = np.concatenate([date_of_plan[extra_plan_rows],
                                   books.date[decoy_lines].astype("datetime64[D]")])
    first, last = _books_period(plan.period[:n])
    outside = (lonely_dates < first) | (lonely_dates > last)
    lonely_categories = [Category.OUTSIDE_PERIOD.value
                         if far and category == Category.NOT_IN_IMS.value else category
                         for far, category in zip(outside.tolist(), lonely_categories,
                                                  strict=True)]
    size = len(lonely_rows)
    books_part = pd.DataFrame({
        "section": [""] * size, "supplier_gstin": [""] * size, "doc_no": [""] * size,
        "doc_date": [""] * size,
        "register_row": pd.Series(lonely_rows, dtype="Int64"),
        "expected_category": lonely_categories,
        "case": lonely_cases,
        "must_not_pair_row": pd.Series([pd.NA] * size, dtype="Int64"),
    })
    truth = pd.concat([ims_part, books_part], ignore_index=True)
    for column in ("section", "supplier_gstin", "doc_no", "doc_date", "expected_category",
                   "case"):
        truth[column] = truth[column].astype("string")
    return truth[list(TRUTH_COLUMNS)]


def _books_period(periods: np.ndarray) -> tuple[np.datetime64, np.datetime64]:
    """First and last day of the months of the return periods (MMYYYY) given."""
    months = sorted({(int(p[2:]), int(p[:2])) for p in periods.tolist()}) or [(2025, 10)]
    first = np.datetime64(f"{months[0][0]:04d}-{months[0][1]:02d}-01", "D")
    year, month = months[-1]
    after = np.datetime64(f"{year + month // 12:04d}-{month % 12 + 1:02d}-01", "D")
    return first, after - np.timedelta64(1, "D")


def generate_month(*, docs: int, seed: int, dialect: Dialect = Dialect.PORTAL) -> SampleMonth:
    """A month of `docs` IMS documents (plus ~5% register-only lines), deterministic for
    `seed`, with the IMS download spelled in `dialect`."""
    if docs < 0:
        raise ValueError(f"docs must be 0 or more, not {docs}")
    rng = np.random.default_rng(seed)
    parties, recipient = _make_parties(rng, docs)
    plan = _plan(rng, parties, docs)
    prefixes = parties.prefix[plan.party]
    numbers = _format_numbers(plan.style, prefixes, plan.seq)
    # A document number has at most 16 characters: no suffix where it would not fit.
    too_long = (plan.case == "number_suffix_dropped") & (
        np.char.str_len(numbers.astype(str)) + 2 > _MAX_DOC_NO)
    plan.case[too_long] = "exact"
    numbers = _with_suffixes(plan.case, numbers)
    orig_numbers = _format_numbers(plan.style, prefixes, plan.orig_seq)
    payload = _ims_payload(rng, plan, parties, numbers, orig_numbers, dialect, recipient)
    books = _books(rng, plan, parties, numbers)
    register, sheet_row = _register_frame(rng, books)
    truth = _truth(plan, parties, numbers, books, sheet_row)
    return SampleMonth(payload, register, truth, recipient)


# ----------------------------------------------------------------------------------------
# files


def write_register_xlsx(register: pd.DataFrame, path: Path) -> None:
    """The register as an .xlsx: sheet `REGISTER_SHEET`, header row 1, numbers as text
    cells, dates as real dates shown dd-mm-yyyy, amounts as numbers.

    XlsxWriter (fast, streaming) when installed, else openpyxl's write-only mode.
    """
    headers = list(register.columns)
    kinds = ["date" if "Date" in h else "money" if register[h].dtype.kind == "f"
             else "text" for h in headers]
    columns = [register[h].dt.to_pydatetime().tolist() if kind == "date"
               else register[h].tolist() for h, kind in zip(headers, kinds, strict=True)]
    try:
        import xlsxwriter  # in the dev extra; the runtime install may lack it
    except ImportError:
        _write_register_openpyxl(headers, kinds, columns, path)
        return
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    try:
        sheet = workbook.add_worksheet(REGISTER_SHEET)
        bold = workbook.add_format({"bold": True})
        date_format = workbook.add_format({"num_format": "dd-mm-yyyy"})
        money = workbook.add_format({"num_format": "#,##0.00"})
        for col, header in enumerate(headers):
            sheet.write_string(0, col, header, bold)
        write_string, write_number = sheet.write_string, sheet.write_number
        write_datetime = sheet.write_datetime
        for row, values in enumerate(zip(*columns, strict=True), start=1):
            for col, (kind, value) in enumerate(zip(kinds, values, strict=True)):
                if kind == "money":
                    write_number(row, col, value, money)
                elif kind == "date":
                    write_datetime(row, col, value, date_format)
                else:
                    write_string(row, col, str(value))
        sheet.set_column(0, len(headers) - 1, 16)
    finally:
        workbook.close()


def _write_register_openpyxl(headers: list[str], kinds: list[str],
                             columns: list[list[Any]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(REGISTER_SHEET)
    sheet.append(headers)
    formats = {"date": "dd-mm-yyyy", "money": "#,##0.00", "text": "@"}
    for values in zip(*columns, strict=True):
        row = []
        for kind, value in zip(kinds, values, strict=True):
            cell = WriteOnlyCell(sheet, value=str(value) if kind == "text" else value)
            cell.number_format = formats[kind]
            row.append(cell)
        sheet.append(row)
    workbook.save(path)


def write_sample_month(out_dir: Path, *, docs: int, seed: int, dialect: Dialect,
                       register_style: str = "plain") -> dict[str, Path]:
    """Generate a month and write ``ims.json``, the register (``register.xlsx``, or
    ``register.csv`` for the tab-separated SAP style) and ``truth.csv`` into `out_dir`
    (created if needed); returns their paths by kind.

    `register_style`: one of `sample_registers.REGISTER_STYLES`; every style holds the
    same documents. The truth's ``register_row`` / ``must_not_pair_row`` are the sheet rows
    where the document starts in the file written (on the sheet of its kind)."""
    from gst_ims.sample_registers import restyled_truth, style_register, write_styled_register

    month = generate_month(docs=docs, seed=seed, dialect=dialect)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob("register.*"):
        stale.unlink()
    truth = month.truth
    if register_style == "plain":
        register = out_dir / "register.xlsx"
        write_register_xlsx(month.register, register)
    else:
        styled = style_register(month.register, register_style, seed=seed)
        register = out_dir / f"register{styled.suffix}"
        write_styled_register(styled, register)
        truth = restyled_truth(truth, styled.first_rows)
    paths = {"ims": out_dir / "ims.json", "register": register,
             "truth": out_dir / "truth.csv"}
    with paths["ims"].open("w", encoding="utf-8") as handle:
        json.dump(month.ims_payload, handle, ensure_ascii=False, separators=(",", ":"))
    truth.to_csv(paths["truth"], index=False)
    return paths

