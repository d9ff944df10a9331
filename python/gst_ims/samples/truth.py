"""The ground truth of a sample month: how a correct reconciliation pairs and
classifies every IMS document and every register line."""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from gst_ims.domain.documents import Category
from gst_ims.samples.cases import CASES, DECOY_LINE_CASE, REGISTER_ONLY_CASES
from gst_ims.samples.download import ddmmyyyy
from gst_ims.samples.parties import Parties
from gst_ims.samples.plan import Plan
from gst_ims.samples.register import Books

TRUTH_COLUMNS: Final[tuple[str, ...]] = (
    "section", "supplier_gstin", "doc_no", "doc_date", "register_row", "expected_category",
    "case", "must_not_pair_row",
)


def make_truth(plan: Plan, parties: Parties, numbers: np.ndarray, books: Books,
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
        "doc_date": ddmmyyyy(plan.date[:n]),
        "register_row": int64(row_of_plan[:n]),
        "expected_category": [categories[c] for c in plan.case[:n].tolist()],
        "case": plan.case[:n],
        "must_not_pair_row": int64(decoy_row[:n]),
    })
    extra_plan_rows = np.arange(n, len(plan.case))
    lonely_rows = np.concatenate([row_of_plan[extra_plan_rows], sheet_row[decoy_lines]])
    lonely_cases = np.concatenate([plan.case[extra_plan_rows],
                                   np.full(int(decoy_lines.sum()), DECOY_LINE_CASE,
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

