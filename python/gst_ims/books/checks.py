"""Checks on the documents a register was read into (after its lines are combined): the
document value against taxable + taxes, IGST beside CGST/SGST, and documents booked twice.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gst_ims.books.aliases import FIELD_LABELS
from gst_ims.books.headers import at
from gst_ims.domain.dates import fiscal_year_starts
from gst_ims.domain.documents import (
    CGST,
    DOC_DATE,
    DOC_NO,
    DOC_TYPE,
    DOC_VALUE,
    IGST,
    REGISTER_ROW,
    REGISTER_ROWS,
    SGST,
    SUPPLIER_GSTIN,
    TAX_HEADS,
    TAXABLE,
)
from gst_ims.domain.money import format_inr
from gst_ims.domain.problems import Problem, Severity


def examples(rows: np.ndarray | list[int], limit: int = 10) -> str:
    """'12, 13, 20 and 4 more'."""
    shown = ", ".join(str(int(r)) for r in rows[:limit])
    return shown + (f" and {len(rows) - limit} more" if len(rows) > limit else "")


def value_problems(frame: pd.DataFrame, value_given: np.ndarray, tolerance: int,
                   where: Problem, header: str, igst_header: str = "") -> list[Problem]:
    """Fill the document value where no line stated it (taxable + taxes), and report
    documents whose value and taxable + taxes differ by more than `tolerance` paise, or
    that carry IGST together with CGST/SGST. `header`: the value column ("" if none);
    `igst_header`: the IGST column, for naming it."""
    problems: list[Problem] = []
    heads = frame[TAXABLE].to_numpy() + sum(frame[h].to_numpy() for h in TAX_HEADS)
    missing = ~value_given
    if not header:
        problems.append(at(where, "no invoice value column: document value computed as "
                           "taxable + IGST + CGST + SGST + cess", severity=Severity.INFO))
    elif missing.any():
        rows = frame[REGISTER_ROW].to_numpy()[missing]
        problems.append(at(where, f"{len(rows)} document(s) without an invoice value: "
                           f"computed as taxable + taxes (rows {examples(rows)})",
                           severity=Severity.INFO, field=header))
    frame[DOC_VALUE] = np.where(missing, heads, frame[DOC_VALUE].to_numpy()).astype(np.int64)
    gap = frame[DOC_VALUE].to_numpy() - heads
    off = np.flatnonzero(~missing & (np.abs(gap) > tolerance))
    for position in off:
        problems.append(at(
            where, f"taxable + taxes = {format_inr(int(heads[position]))} but the invoice "
            f"value is {format_inr(int(frame[DOC_VALUE].iloc[position]))} (difference "
            f"{format_inr(int(gap[position]))})", severity=Severity.WARNING,
            row=int(frame[REGISTER_ROW].iloc[position]), field=header))
    both = np.flatnonzero((frame[IGST].to_numpy() != 0)
                          & ((frame[CGST].to_numpy() != 0) | (frame[SGST].to_numpy() != 0)))
    for position in both:
        problems.append(at(where, "IGST together with CGST/SGST on one document: a supply is "
                           "either inter-state (IGST) or intra-state (CGST + SGST)",
                           severity=Severity.WARNING,
                           row=int(frame[REGISTER_ROW].iloc[position]),
                           field=igst_header))
    return problems


def duplicate_groups(frame: pd.DataFrame) -> list[list[int]]:
    """Books frame -> groups of register rows booking the same document (same supplier
    GSTIN, type, number ignoring case, fiscal year), each group in sheet order. (Lines of
    one document, same date and voucher, are already one document.)"""
    if frame.empty:
        return []
    keys = pd.DataFrame({
        "gstin": frame[SUPPLIER_GSTIN],
        "type": frame[DOC_TYPE],
        "number": frame[DOC_NO].str.casefold(),
        "fy": fiscal_year_starts(frame[DOC_DATE]),
    })
    repeated = keys.duplicated(keep=False).to_numpy()
    if not repeated.any():
        return []
    rows = frame[REGISTER_ROW].to_numpy()[repeated]
    grouped = keys[repeated].groupby(list(keys.columns), sort=False, dropna=False).indices
    position_rows = pd.Series(rows, index=np.flatnonzero(repeated))
    return sorted(sorted(int(r) for r in position_rows.iloc[positions])
                  for positions in grouped.values())


def duplicate_problems(frame: pd.DataFrame, where: Problem, header: str) -> list[Problem]:
    """A warning on every document of a `duplicate_groups` group, naming the others."""
    problems: list[Problem] = []
    for group in duplicate_groups(frame):
        for row in group:
            others = ", ".join(str(r) for r in group if r != row)
            problems.append(at(
                where, f"same supplier, type, document number and fiscal year as row "
                f"{others}: booked twice? Both kept", severity=Severity.WARNING, row=row,
                field=header))
    return problems


def exact_duplicate_problems(groups: list[list[int]], where: Problem) -> list[Problem]:
    """A warning on every line of a group of lines whose cells are all equal."""
    problems: list[Problem] = []
    for group in groups:
        for row in group:
            others = ", ".join(str(r) for r in group if r != row)
            problems.append(at(
                where, f"every cell equal to row {others}: a line booked twice? Both lines "
                "are counted in the document", severity=Severity.WARNING, row=row))
    return problems


def combined_note(lines: int, frame: pd.DataFrame, spread: int, counted_once: tuple[str, ...],
                  where: Problem) -> list[Problem]:
    """The report line: how many lines became how many documents."""
    if not spread:
        return []
    several = frame[REGISTER_ROWS].astype("string").str.contains(",", regex=False)
    example = frame.loc[several, REGISTER_ROWS].iloc[0]
    once = (f"; counted once per document, as every line repeats it: "
            f"{', '.join(FIELD_LABELS[name] for name in counted_once)}" if counted_once else "")
    return [at(where, f"{lines} register lines read as {len(frame)} documents: {spread} "
               f"document(s) span several lines (e.g. rows {example}), their amounts summed"
               + once, severity=Severity.INFO)]
