"""The books side of a sample month: the register lines with the planted differences
and decoys, and the register as a Tally export shows them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from gst_ims.domain.documents import DocType, Section
from gst_ims.domain.gstin import STATE_CODES
from gst_ims.samples.cases import FY_SHORT, RECIPIENT_STATE
from gst_ims.samples.numbers import book_numbers, format_numbers, taxes
from gst_ims.samples.parties import Parties
from gst_ims.samples.plan import Plan

REGISTER_HEADERS: Final[tuple[str, ...]] = (
    "Voucher Date", "Voucher Type", "Voucher No.", "Party Name", "GSTIN/UIN of Supplier",
    "Supplier Invoice No.", "Supplier Invoice Date", "Place of Supply", "Taxable Value",
    "Integrated Tax", "Central Tax", "State/UT Tax", "Cess", "Invoice Value",
    "Reverse Charge", "ITC Eligibility",
)
REGISTER_SHEET: Final = "Purchase Register"
# Vouchers as Tally books them: a supplier's credit note is a purchase return entered as a
# Debit Note voucher; a supplier's debit note is entered as a Purchase voucher (common
# practice; the engine compares such a purchase with the IMS debit note).
_VOUCHER_TYPES: Final = {DocType.INVOICE.value: "Purchase", DocType.DEBIT_NOTE.value:
                         "Purchase", DocType.CREDIT_NOTE.value: "Debit Note"}


@dataclass
class Books:
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


def register_lines(rng: np.random.Generator, plan: Plan, parties: Parties,
                   numbers: np.ndarray) -> Books:
    """Register lines: every planned document except IMS-only ones, with the planted
    differences, plus the decoys (the same supplier's next bill)."""
    total = len(plan.case)
    case = plan.case
    coin = rng.random(total) < 0.5
    book_no = book_numbers(case, numbers, parties.prefix[plan.party], plan.seq, coin)
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
    changed = taxes(np.round(plan.amounts["taxable"] * factor).astype(np.int64), plan.rate,
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
    decoy_numbers = format_numbers(plan.style[decoys], parties.prefix[plan.party[decoys]],
                                   plan.seq[decoys] + 5)
    decoy_taxable = np.round(plan.amounts["taxable"][decoys]
                             * (1 + rng.uniform(-0.03, 0.03, len(decoys)))).astype(np.int64)
    decoy_amounts = taxes(decoy_taxable, plan.rate[decoys], plan.inter[decoys],
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
    return Books(
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


def register_frame(rng: np.random.Generator, books: Books) -> tuple[pd.DataFrame,
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
    voucher_no = series_prefix + f"/{FY_SHORT}/" + serial.astype(str).str.zfill(5)
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

